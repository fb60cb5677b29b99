/*
 * Guest physical addresses.  Same names as QEMU's exec/hwaddr.h.
 */
#ifndef EXEC_HWADDR_H
#define EXEC_HWADDR_H

typedef uint64_t hwaddr;

#define HWADDR_MAX UINT64_MAX
#define HWADDR_BITS 64
#define HWADDR_FMT_plx "%016" PRIx64
#define HWADDR_PRId PRId64
#define HWADDR_PRIi PRIi64
#define HWADDR_PRIo PRIo64
#define HWADDR_PRIu PRIu64
#define HWADDR_PRIx PRIx64
#define HWADDR_PRIX PRIX64

#endif
