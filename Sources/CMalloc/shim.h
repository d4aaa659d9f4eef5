#ifndef URNA_CMALLOC_SHIM_H
#define URNA_CMALLOC_SHIM_H
/* glibc's malloc tuning, which Swift's Glibc module does not import. */
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
/* Maps every allocation of at least `bytes` on its own and unmaps it when freed. glibc's default
   raises its threshold as large buffers are freed (up to 32 MiB), and buffers under it then come
   from the heap, where their freed copies stay resident. Returns 1 on success. */
static inline int urna_map_large_allocations(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
#else
static inline int urna_map_large_allocations(int bytes) { (void)bytes; return 0; }
#endif
#endif
