#include "emulator/memory.h"

#include <cstdlib>  // defines __GLIBC__ on glibc
#include <mutex>

#ifdef __GLIBC__
#include <malloc.h>
#endif

// Defined by tcmalloc (gperftools' C interface) when the process runs on it; null otherwise.
extern "C" void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));

namespace scopecheck::emulator {

const char* free_memory_releaser() {
  if (MallocExtension_ReleaseFreeMemory != nullptr) return "tcmalloc";
#ifdef __GLIBC__
  return "glibc";
#else
  return "none";
#endif
}

void release_free_memory() {
  static std::mutex mu;
  std::lock_guard lock(mu);
  if (MallocExtension_ReleaseFreeMemory != nullptr) {
    MallocExtension_ReleaseFreeMemory();
    return;
  }
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

}  // namespace scopecheck::emulator
