/*
 * MemOp: size, sign and byte order of one memory access.  Same names
 * and values as QEMU's exec/memop.h (the subset the memory API uses).
 */
#ifndef EXEC_MEMOP_H
#define EXEC_MEMOP_H

#ifndef HOST_BIG_ENDIAN
#define HOST_BIG_ENDIAN (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
#endif

typedef enum MemOp {
    MO_8     = 0,
    MO_16    = 1,
    MO_32    = 2,
    MO_64    = 3,
    MO_128   = 4,
    MO_SIZE  = 7,

    MO_SIGN  = 8,
    /* MO_BSWAP set: the value is in the opposite order of the host's. */
    MO_BSWAP = 16,
#if HOST_BIG_ENDIAN
    MO_LE    = MO_BSWAP,
    MO_BE    = 0,
#else
    MO_LE    = 0,
    MO_BE    = MO_BSWAP,
#endif
    /* RISC-V is little-endian. */
    MO_TE    = MO_LE,

    MO_UB    = MO_8,
    MO_UW    = MO_16,
    MO_UL    = MO_32,
    MO_UQ    = MO_64,
    MO_SB    = MO_SIGN | MO_8,
    MO_SW    = MO_SIGN | MO_16,
    MO_SL    = MO_SIGN | MO_32,
    MO_LEUW  = MO_LE | MO_UW,
    MO_LEUL  = MO_LE | MO_UL,
    MO_LEUQ  = MO_LE | MO_UQ,
    MO_BEUW  = MO_BE | MO_UW,
    MO_BEUL  = MO_BE | MO_UL,
    MO_BEUQ  = MO_BE | MO_UQ,
    MO_TEUW  = MO_TE | MO_UW,
    MO_TEUL  = MO_TE | MO_UL,
    MO_TEUQ  = MO_TE | MO_UQ,
} MemOp;

/* memop_size: the access size in bytes. */
static inline unsigned memop_size(MemOp op)
{
    return 1u << (op & MO_SIZE);
}

/* size_memop: the MemOp of a @size byte access (1, 2, 4, 8 or 16). */
static inline MemOp size_memop(unsigned size)
{
    return (MemOp)__builtin_ctz(size);
}

#endif
