// The one mixer behind every seed a run derives: the campaign's item seeds, the emulator
// target's per-scenario seed and the differential fuzzer's seed of its input bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace scopecheck::plan {

// SplitMix64's step and finalizer: consecutive or similar inputs give unrelated outputs.
constexpr uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A seed of a run of bytes: every byte and the length count.
constexpr uint64_t seed_of_bytes(const uint8_t* data, size_t size) {
  uint64_t h = splitmix(size);
  uint64_t word = 0;
  for (size_t i = 0; i < size; ++i) {
    word = (word << 8) | data[i];
    if (i % 8 == 7) {
      h = splitmix(h ^ word);
      word = 0;
    }
  }
  return splitmix(h ^ word);
}

}  // namespace scopecheck::plan
