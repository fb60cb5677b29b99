/*
 * Stat64: a 64-bit counter that any thread may update and read
 * without a lock (QEMU's qemu/stats64.h API).
 */
#ifndef QEMU_STATS64_H
#define QEMU_STATS64_H

typedef struct Stat64 {
    uint64_t value;
} Stat64;

/* stat64_init: set @s to @value (no other thread may use it yet). */
static inline void stat64_init(Stat64 *s, uint64_t value)
{
    s->value = value;
}

/* stat64_get: the current value. */
static inline uint64_t stat64_get(const Stat64 *s)
{
    return __atomic_load_n(&s->value, __ATOMIC_RELAXED);
}

/* stat64_set: replace the value. */
static inline void stat64_set(Stat64 *s, uint64_t value)
{
    __atomic_store_n(&s->value, value, __ATOMIC_RELAXED);
}

/* stat64_add: add @value. */
static inline void stat64_add(Stat64 *s, uint64_t value)
{
    __atomic_fetch_add(&s->value, value, __ATOMIC_RELAXED);
}

/* stat64_min: lower the value to @value if that is smaller. */
static inline void stat64_min(Stat64 *s, uint64_t value)
{
    uint64_t old = stat64_get(s);

    while (value < old &&
           !__atomic_compare_exchange_n(&s->value, &old, value, true,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
        /* old was reloaded: try again */
    }
}

/* stat64_max: raise the value to @value if that is larger. */
static inline void stat64_max(Stat64 *s, uint64_t value)
{
    uint64_t old = stat64_get(s);

    while (value > old &&
           !__atomic_compare_exchange_n(&s->value, &old, value, true,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
        /* old was reloaded: try again */
    }
}

#endif
