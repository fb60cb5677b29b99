/*
 * Big-endian loads and stores at unaligned addresses (QEMU's names),
 * for wire formats built in byte buffers.
 */
#ifndef QEMU_BSWAP_H
#define QEMU_BSWAP_H

#include <glib.h>
#include <stdint.h>
#include <string.h>

/** stl_be_p: store @v big-endian at @p. */
static inline void stl_be_p(void *p, uint32_t v)
{
    v = GUINT32_TO_BE(v);
    memcpy(p, &v, sizeof(v));
}

/** stq_be_p: store @v big-endian at @p. */
static inline void stq_be_p(void *p, uint64_t v)
{
    v = GUINT64_TO_BE(v);
    memcpy(p, &v, sizeof(v));
}

/** ldl_be_p: the big-endian 32-bit value at @p. */
static inline uint32_t ldl_be_p(const void *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return GUINT32_FROM_BE(v);
}

/** ldq_be_p: the big-endian 64-bit value at @p. */
static inline uint64_t ldq_be_p(const void *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
    return GUINT64_FROM_BE(v);
}

#endif
