/*
 * Compiler helpers shared by the whole tree.
 */
#ifndef QEMU_COMPILER_H
#define QEMU_COMPILER_H

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#ifndef container_of
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define ROUND_UP(n, d) ((((n) + (d) - 1) / (d)) * (d))
#define QEMU_ALIGN_DOWN(n, m) ((n) / (m) * (m))
#define QEMU_ALIGN_UP(n, m) ROUND_UP(n, m)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))

#define QEMU_BUILD_BUG_ON(x) _Static_assert(!(x), "not expecting: " #x)

#define QEMU_PACKED __attribute__((packed))
#define QEMU_UNUSED __attribute__((unused))
#define QEMU_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

#define stringify(s) tostring(s)
#define tostring(s) #s

#endif
