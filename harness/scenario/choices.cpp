#include "harness/scenario/choices.h"

#include <rapidcheck.h>

namespace scopecheck::scenario {

size_t Choices::weighted(std::initializer_list<int> weights) {
  int64_t total = 0;
  for (int w : weights) total += w > 0 ? w : 0;
  int64_t x = static_cast<int64_t>(uniform(static_cast<size_t>(total)));
  size_t i = 0;
  for (int w : weights) {
    if (w > 0) {
      if (x < w) return i;
      x -= w;
    }
    ++i;
  }
  return 0;
}

int64_t RapidCheckChoices::in_range(int64_t lo, int64_t hi) {
  if (hi <= lo + 1) return lo;
  return *rc::gen::inRange<int64_t>(lo, hi);
}

size_t RapidCheckChoices::uniform(size_t n) {
  if (n <= 1) return 0;
  std::vector<size_t> indices(n);
  for (size_t i = 0; i < n; ++i) indices[i] = i;
  return *rc::gen::elementOf(indices);
}

int64_t ByteChoices::in_range(int64_t lo, int64_t hi) {
  if (hi <= lo + 1) return lo;
  const uint64_t span = static_cast<uint64_t>(hi - lo);
  // As many bytes as the span needs, from the end of the input (FuzzedDataProvider's habit: the
  // front stays free for whatever else the input carries).
  uint64_t value = 0;
  for (uint64_t covered = 1; covered < span && size_ > 0; covered <<= 8) {
    value = (value << 8) | data_[size_ - 1];
    --size_;
  }
  return lo + static_cast<int64_t>(value % span);
}

}  // namespace scopecheck::scenario
