/*
 * 128-bit integers for address arithmetic that must reach 2^64 (the
 * size of a whole address space).  Same API as QEMU's qemu/int128.h,
 * built on the compiler's __int128.
 */
#ifndef QEMU_INT128_H
#define QEMU_INT128_H

typedef __int128_t Int128;

static inline Int128 int128_make64(uint64_t a)
{
    return a;
}

static inline uint64_t int128_get64(Int128 a)
{
    return (uint64_t)a;
}

static inline Int128 int128_zero(void)
{
    return 0;
}

static inline Int128 int128_one(void)
{
    return 1;
}

/* 2^64: the size of a full 64-bit address space. */
static inline Int128 int128_2_64(void)
{
    return (Int128)1 << 64;
}

static inline Int128 int128_add(Int128 a, Int128 b)
{
    return a + b;
}

static inline Int128 int128_sub(Int128 a, Int128 b)
{
    return a - b;
}

static inline void int128_addto(Int128 *a, Int128 b)
{
    *a += b;
}

static inline void int128_subfrom(Int128 *a, Int128 b)
{
    *a -= b;
}

static inline bool int128_nz(Int128 a)
{
    return a != 0;
}

static inline bool int128_eq(Int128 a, Int128 b)
{
    return a == b;
}

static inline bool int128_lt(Int128 a, Int128 b)
{
    return a < b;
}

static inline bool int128_le(Int128 a, Int128 b)
{
    return a <= b;
}

static inline bool int128_ge(Int128 a, Int128 b)
{
    return a >= b;
}

static inline bool int128_gt(Int128 a, Int128 b)
{
    return a > b;
}

static inline Int128 int128_min(Int128 a, Int128 b)
{
    return a < b ? a : b;
}

static inline Int128 int128_max(Int128 a, Int128 b)
{
    return a > b ? a : b;
}

#endif
