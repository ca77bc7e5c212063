// Where a generator's choices come from. The scenario generators (generators.h) are written
// once against this interface and driven by two sources: RapidCheck (each choice is one
// `*rc::gen::inRange`, so RapidCheck records, varies and shrinks it) for the runner, certify and
// the property tests, and a fuzzer's input bytes (libFuzzer mutates the choices themselves) for
// the differential fuzzer. One generator stack, two drivers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace scopecheck::scenario {

class Choices {
 public:
  virtual ~Choices() = default;
  // A number in [lo, hi); lo when hi <= lo + 1. Shrinks (RapidCheck) toward lo. Under
  // RapidCheck the range is scaled by the size (rc::gen::inRange): small sizes pick small values.
  virtual int64_t in_range(int64_t lo, int64_t hi) = 0;
  // An index in [0, n) drawn uniformly whatever the size (rc::gen::element); shrinks toward 0.
  virtual size_t uniform(size_t n) = 0;

  size_t index(size_t n) { return static_cast<size_t>(in_range(0, static_cast<int64_t>(n))); }
  // An index drawn with the given weights (zero weights never chosen), whatever the size
  // (rc::gen::weightedOneOf); shrinks toward index 0.
  size_t weighted(std::initializer_list<int> weights);
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[index(v.size())];
  }
};

// Each choice is `*rc::gen::inRange(lo, hi)`: only valid inside rc::gen::exec (or a property).
class RapidCheckChoices final : public Choices {
 public:
  int64_t in_range(int64_t lo, int64_t hi) override;
  size_t uniform(size_t n) override;
};

// Choices read from bytes, as a FuzzedDataProvider reads integers: ran out of bytes → lo.
class ByteChoices final : public Choices {
 public:
  ByteChoices(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  int64_t in_range(int64_t lo, int64_t hi) override;
  size_t uniform(size_t n) override { return static_cast<size_t>(in_range(0, static_cast<int64_t>(n))); }

 private:
  const uint8_t* data_;
  size_t size_;
};

}  // namespace scopecheck::scenario
