/*
 * Integer and memory benchmark for the virt board: CRC-32 over a buffer,
 * word copies with a rolling transform, a quicksort of pseudo-random keys
 * and an FNV-1a hash over the sorted result.  Each phase prints a
 * checksum, so two emulators can be checked to compute the same thing;
 * the run ends through the finisher with status 0.
 *
 * The work is fixed (no timing inside the guest decides anything): the
 * host measures wall time from outside.
 */
#include "guest.h"

#define BUF_BYTES   (1u << 20)          /* 1 MiB */
#define BUF_WORDS   (BUF_BYTES / 8)
#define SORT_KEYS   (1u << 16)

#define CRC_ROUNDS  48
#define COPY_ROUNDS 96
#define SORT_ROUNDS 12

const char *guest_prog_name = "intmem";

static uint64_t buf_a[BUF_WORDS];
static uint64_t buf_b[BUF_WORDS];
static uint32_t keys[SORT_KEYS];
static uint32_t crc_table[256];

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t xorshift64(void)
{
    uint64_t x = rng_state;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x;
}

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;

        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[i] = c;
    }
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    }
    return ~crc;
}

/* Word copy a -> b with a per-round transform, then back b -> a. */
static uint64_t copy_phase(void)
{
    uint64_t sum = 0;

    for (int r = 0; r < COPY_ROUNDS; r++) {
        uint64_t k = 0x0101010101010101ull * (uint64_t)(r + 1);
        uint64_t *src = (r & 1) ? buf_b : buf_a;
        uint64_t *dst = (r & 1) ? buf_a : buf_b;

        for (size_t i = 0; i < BUF_WORDS; i++) {
            uint64_t v = src[i];

            dst[i] = (v << 1 | v >> 63) ^ k;
        }
        sum += dst[r * 977 % BUF_WORDS];
    }
    return sum;
}

static void quicksort(uint32_t *v, long lo, long hi)
{
    while (lo < hi) {
        uint32_t pivot = v[lo + (hi - lo) / 2];
        long i = lo, j = hi;

        while (i <= j) {
            while (v[i] < pivot) {
                i++;
            }
            while (v[j] > pivot) {
                j--;
            }
            if (i <= j) {
                uint32_t t = v[i];

                v[i++] = v[j];
                v[j--] = t;
            }
        }
        /* recurse into the smaller side: bounded stack depth */
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;

    while (n--) {
        h ^= *p++;
        h *= 0x100000001b3ull;
    }
    return h;
}

static uint64_t sort_phase(bool *sorted)
{
    uint64_t h = 0;

    *sorted = true;
    for (int r = 0; r < SORT_ROUNDS; r++) {
        for (size_t i = 0; i < SORT_KEYS; i++) {
            keys[i] = (uint32_t)xorshift64();
        }
        quicksort(keys, 0, SORT_KEYS - 1);
        for (size_t i = 1; i < SORT_KEYS; i++) {
            if (keys[i - 1] > keys[i]) {
                *sorted = false;
            }
        }
        h ^= fnv1a((const uint8_t *)keys, sizeof(keys)) + (uint64_t)r;
    }
    return h;
}

static unsigned long ms_since(uint64_t *t)
{
    uint64_t now = mtime_read();
    unsigned long ms = (now - *t) / (TIMEBASE_FREQ / 1000);

    *t = now;
    return ms;
}

int main(void)
{
    uint64_t t0 = mtime_read(), t = t0;
    uint32_t crc = 0;
    uint64_t copy_sum, sort_hash, total;
    bool sorted;

    /* checksum lines first; guest-time lines ("time ...") vary per run */
    printf("BENCH intmem start\n");
    for (size_t i = 0; i < BUF_WORDS; i++) {
        buf_a[i] = xorshift64();
    }
    crc_init();
    for (int r = 0; r < CRC_ROUNDS; r++) {
        ((uint8_t *)buf_a)[r] ^= (uint8_t)r;
        crc = crc32(crc, (const uint8_t *)buf_a, BUF_BYTES);
    }
    printf("crc32   %08x\n", crc);
    printf("time crc32 %lu ms\n", ms_since(&t));
    copy_sum = copy_phase();
    printf("copy    %016llx\n", (unsigned long long)copy_sum);
    printf("time copy %lu ms\n", ms_since(&t));
    sort_hash = sort_phase(&sorted);
    printf("sort    %016llx %s\n", (unsigned long long)sort_hash,
           sorted ? "sorted" : "NOT SORTED");
    printf("time sort %lu ms\n", ms_since(&t));
    total = crc ^ copy_sum ^ sort_hash;
    printf("CHECKSUM %016llx\n", (unsigned long long)total);
    t = t0;
    printf("time total %lu ms\n", ms_since(&t));
    guest_exit(sorted ? 0 : 1);
}
