// Giving freed heap memory back to the operating system after a large body, whichever allocator
// the process runs on.
#pragma once

namespace scopecheck::emulator {

// After a request or answer body of a megabyte or more: the allocator keeps freed large blocks
// (glibc in its arenas, its mmap threshold growing with each freed block; tcmalloc in its page
// heap), so without it one big upload would keep the process at its peak size.
//
// In a process whose malloc is tcmalloc (the `scopecheck` binary), glibc's malloc_trim must not
// be called at all: glibc's own heap was never initialised there, and two threads making the
// first call at once race inside its lazy initialisation and crash (SIGSEGV in mtrim walking bins
// not yet set up: `scopecheck emulate` died during `aws s3 cp` of a multipart upload, whose parts
// arrive on both I/O threads at once). tcmalloc's own release is used instead. Calls are
// serialised either way. Thread-safe.
void release_free_memory();

// Which allocator release_free_memory() uses in this process: "tcmalloc" or "glibc" ("none"
// elsewhere). For tests.
const char* free_memory_releaser();

}  // namespace scopecheck::emulator
