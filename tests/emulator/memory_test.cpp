// release_free_memory() (emulator/memory.h) after large bodies: safe when several I/O threads
// make the first call at once, under the allocator the `scopecheck` binary runs on (tcmalloc).
// glibc's malloc_trim in a tcmalloc process crashed about one process in a hundred that way.
#include "emulator/memory.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace scopecheck::emulator {
namespace {

constexpr const char* kChildVariable = "SCOPECHECK_MEMORY_RELEASE_CHILD";

// Eight threads released at once, each making its first call: what the server's I/O threads do
// when the first large parts of a multipart upload finish together.
void first_calls_at_once() {
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&go] {
      while (!go.load()) {
      }
      release_free_memory();
    });
  go = true;
  for (auto& t : threads) t.join();
}

// The first call races only once per process, so the check needs many fresh processes: forks of
// one process on tcmalloc that never made the call (glibc's heap untouched in each), each making
// its first call from eight threads at once.
constexpr int kForks = 400;
constexpr int kExitWrongAllocator = 42;
constexpr int kExitCrashed = 43;

// Run alone it is an ordinary test; as the child of the test below it runs in a fresh process on
// tcmalloc, checks which allocator it releases to, and forks the racing processes.
TEST(MemoryReleaseChild, EightThreadsMakeTheFirstCallAtOnce) {
  if (std::getenv(kChildVariable) == nullptr) {
    first_calls_at_once();
    return;
  }
  const bool want_tcmalloc = std::string(std::getenv(kChildVariable)) == "tcmalloc";
  if (want_tcmalloc && std::string(free_memory_releaser()) != "tcmalloc") std::_Exit(kExitWrongAllocator);
  int crashed = 0;
  for (int i = 0; i < kForks; ++i) {
    const pid_t pid = ::fork();
    if (pid < 0) std::_Exit(1);
    if (pid == 0) {
      first_calls_at_once();
      std::_Exit(0);
    }
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid) std::_Exit(1);
    if (WIFSIGNALED(status)) ++crashed;
  }
  std::fprintf(stderr, "%d of %d processes crashed\n", crashed, kForks);
  std::_Exit(crashed > 0 ? kExitCrashed : 0);
}

// The test binary is preloaded with tcmalloc, as the scopecheck binary links it (not in
// sanitizer builds: ASan must be the first allocator; those children run on ASan's).
TEST(MemoryRelease, FirstCallsFromManyThreadsAtOnceNeverCrashAProcessOnTcmalloc) {
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  ASSERT_GT(n, 0);
  self[n] = '\0';
#if defined(__SANITIZE_ADDRESS__)
  const bool preload = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  const bool preload = false;
#else
  const bool preload = true;
#endif
#else
  const bool preload = true;
#endif
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setenv(kChildVariable, preload ? "tcmalloc" : "any", 1);
    if (preload) ::setenv("LD_PRELOAD", "libtcmalloc_minimal.so.4", 1);
    ::execl(self, self, "--gtest_filter=MemoryReleaseChild.*", "--gtest_brief=1", static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child itself was killed by signal " << WTERMSIG(status);
  EXPECT_NE(WEXITSTATUS(status), kExitCrashed) << "processes crashed making their first call from several threads";
  EXPECT_NE(WEXITSTATUS(status), kExitWrongAllocator) << "a process on tcmalloc did not release through tcmalloc";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace scopecheck::emulator
