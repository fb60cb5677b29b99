/*
 * A guest to migrate: it keeps a known pattern over an amount of RAM,
 * checks it, and prints a heartbeat, so that a test can tell that the
 * guest runs on after a migration and that its memory arrived intact.
 *
 * Options come from the kernel command line (-append), space separated:
 *   mib=N      size of the pattern area in MiB (default 16)
 *   mode=dirty rewrite every page on each pass, checking it first
 *   mode=idle  write the area once, then only check it (no dirtying);
 *              the hart sleeps in wfi between passes
 *   rate=N     in dirty mode, rewrite at most N MiB per second (default:
 *              as fast as it can)
 *   passes=N   stop after N heartbeats with status 0 (default: never)
 *
 * Output: "pattern: ..." at start, then "heartbeat N pass P ok" about
 * every half second; a wrong word prints "MISMATCH ..." and exits with 1.
 */
#include "guest.h"

#define PAGE_SIZE       4096UL
#define WORDS_PER_PAGE  (PAGE_SIZE / sizeof(uint64_t))
#define HEARTBEAT_TICKS (TIMEBASE_FREQ / 2)

const char *guest_prog_name = "pattern";

extern char _end[];
extern unsigned long boot_dtb;

struct options {
    unsigned long mib;
    bool idle;
    unsigned long rate;
    unsigned long passes;
};

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;

    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
           ((uint32_t)b[2] << 8) | b[3];
}

static size_t str_len(const char *s)
{
    size_t n = 0;

    while (s[n]) {
        n++;
    }
    return n;
}

static bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* /chosen/bootargs of the flattened device tree, or NULL. */
static const char *fdt_bootargs(const uint8_t *fdt)
{
    const uint8_t *p, *strings;
    int depth = 0;
    bool in_chosen = false;

    if (!fdt || be32(fdt) != 0xd00dfeed) {
        return NULL;
    }
    p = fdt + be32(fdt + 8);
    strings = fdt + be32(fdt + 12);
    for (;;) {
        uint32_t token = be32(p);

        p += 4;
        switch (token) {
        case 1: {               /* FDT_BEGIN_NODE */
            const char *name = (const char *)p;

            depth++;
            if (depth == 2 && str_eq(name, "chosen")) {
                in_chosen = true;
            }
            p += (str_len(name) + 4) & ~3UL;
            break;
        }
        case 2:                 /* FDT_END_NODE */
            if (depth == 2) {
                in_chosen = false;
            }
            depth--;
            break;
        case 3: {               /* FDT_PROP */
            uint32_t len = be32(p), nameoff = be32(p + 4);

            if (in_chosen &&
                str_eq((const char *)strings + nameoff, "bootargs")) {
                return (const char *)p + 8;
            }
            p += 8 + ((len + 3) & ~3UL);
            break;
        }
        case 4:                 /* FDT_NOP */
            break;
        default:                /* FDT_END or garbage */
            return NULL;
        }
    }
}

static bool parse_number(const char *s, unsigned long *val)
{
    unsigned long v = 0;

    if (*s < '0' || *s > '9') {
        return false;
    }
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (unsigned long)(*s++ - '0');
    }
    *val = v;
    return *s == ' ' || *s == 0;
}

static bool starts_with(const char *s, const char *prefix)
{
    while (*prefix) {
        if (*s++ != *prefix++) {
            return false;
        }
    }
    return true;
}

static void parse_options(const char *args, struct options *o)
{
    while (args && *args) {
        if (starts_with(args, "mib=")) {
            if (!parse_number(args + 4, &o->mib) || !o->mib) {
                printf("pattern: bad mib= value, expected MiB > 0\n");
                guest_exit(2);
            }
        } else if (starts_with(args, "passes=")) {
            if (!parse_number(args + 7, &o->passes)) {
                printf("pattern: bad passes= value, expected a number\n");
                guest_exit(2);
            }
        } else if (starts_with(args, "rate=")) {
            if (!parse_number(args + 5, &o->rate)) {
                printf("pattern: bad rate= value, expected MiB/s\n");
                guest_exit(2);
            }
        } else if (starts_with(args, "mode=idle")) {
            o->idle = true;
        } else if (starts_with(args, "mode=dirty")) {
            o->idle = false;
        }
        while (*args && *args != ' ') {
            args++;
        }
        while (*args == ' ') {
            args++;
        }
    }
}

/* The word @w of page @page in generation @gen: unique and not zero. */
static inline uint64_t pattern(uint64_t gen, unsigned long page,
                               unsigned long w)
{
    return (gen * 0x9e3779b97f4a7c15ULL) ^ (page * WORDS_PER_PAGE + w) ^
           0x5a5a000000000000ULL;
}

static void check_page(const uint64_t *p, uint64_t gen, unsigned long page,
                       unsigned long step)
{
    for (unsigned long w = 0; w < WORDS_PER_PAGE; w += step) {
        uint64_t want = pattern(gen, page, w);

        if (p[w] != want) {
            printf("MISMATCH page %lu word %lu: got 0x%llx expected "
                   "0x%llx\n", page, w, (unsigned long long)p[w],
                   (unsigned long long)want);
            guest_exit(1);
        }
    }
}

static void fill_page(uint64_t *p, uint64_t gen, unsigned long page)
{
    for (unsigned long w = 0; w < WORDS_PER_PAGE; w++) {
        p[w] = pattern(gen, page, w);
    }
}

/* Sleep in wfi until mtime reaches @deadline (the timer wakes us). */
static void sleep_until(uint64_t deadline)
{
    csr_set(mie, MIP_MTIP);
    mtimecmp_write(0, deadline);
    while (mtime_read() < deadline) {
        asm volatile("wfi");
    }
    mtimecmp_write(0, ~0ULL);
    csr_clear(mie, MIP_MTIP);
}

int main(void)
{
    struct options o = { .mib = 16 };
    uint64_t *area;
    unsigned long pages, beats = 0;
    uint64_t gen = 1, next_beat, written = 0, rate_start;

    parse_options(fdt_bootargs((const uint8_t *)boot_dtb), &o);
    area = (uint64_t *)(((unsigned long)_end + PAGE_SIZE - 1) &
                        ~(PAGE_SIZE - 1));
    pages = o.mib * (1024 * 1024 / PAGE_SIZE);
    printf("pattern: %lu MiB at 0x%lx, mode %s\n", o.mib,
           (unsigned long)area, o.idle ? "idle" : "dirty");

    for (unsigned long i = 0; i < pages; i++) {
        fill_page(area + i * WORDS_PER_PAGE, gen, i);
    }
    printf("pattern: filled\n");

    next_beat = mtime_read() + HEARTBEAT_TICKS;
    rate_start = mtime_read();
    for (uint64_t pass = 1;; pass++) {
        for (unsigned long i = 0; i < pages; i++) {
            uint64_t *p = area + i * WORDS_PER_PAGE;

            if (o.idle) {
                /* Read-only: words at a stride, all pages in turn. */
                check_page(p, gen, i, 61);
            } else {
                check_page(p, gen, i, 1);
                fill_page(p, gen + 1, i);
            }
            if ((i & 255) != 255 && i != pages - 1) {
                continue;
            }
            if (!o.idle && o.rate) {
                /* Each MiB may only be written once its time has come. */
                written++;
                sleep_until(rate_start + written * TIMEBASE_FREQ / o.rate);
            }
            if (mtime_read() >= next_beat) {
                beats++;
                printf("heartbeat %lu pass %llu ok\n", beats,
                       (unsigned long long)pass);
                next_beat = mtime_read() + HEARTBEAT_TICKS;
                if (o.passes && beats >= o.passes) {
                    printf("PASS pattern/%lu-heartbeats\n", beats);
                    printf("DONE pattern: 1 passed, 0 failed\n");
                    return 0;
                }
            }
        }
        if (o.idle) {
            sleep_until(next_beat);
        } else {
            gen++;
        }
    }
}
