/*
 * RAM migration.
 *
 * Source: setup starts dirty tracking and gives every page a bit in a
 * per-block migration bitmap (all set: everything must go once).  Each
 * iteration scans that bitmap a word at a time from where the last one
 * stopped and sends runs of dirty pages until the rate limit or a time
 * budget is reached.  When it runs dry, the dirty bits the guest set
 * meanwhile are pulled in (a "sync", one MIGRATION_PASS).  The last
 * sync and pass run with the guest stopped.
 *
 * A sync clears the guest's bits first, then asks every vCPU to drop
 * the cached write fast paths into RAM and waits until each running
 * vCPU has done so.  A store that slipped in between lands before any
 * page of the pass is read, so it is sent anyway; every later store
 * goes through the slow path and sets its bit again.
 *
 * Destination: load_state checks every block name, length, offset and
 * flag and writes the pages straight into the block's mapping.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "qapi/error.h"
#include "qapi/qapi-events.h"
#include "qemu/atomic.h"
#include "qemu/timer.h"
#include "exec/memory.h"
#include "exec/ram_addr.h"
#include "system/ramblock.h"
#include "system/runstate.h"
#include "system/cpus.h"
#include "system/cpu-throttle.h"
#include "migration/register.h"
#include "migration-stats.h"
#include "options.h"
#include "qemu-file.h"
#include "ram.h"
#include "multifd.h"
#include "xbzrle.h"
#include "mapped-ram.h"
#include "page_cache.h"
#include "postcopy-ram.h"
#include "ignore-shared.h"

#define TARGET_PAGE_BITS RAM_DIRTY_PAGE_BITS
#define TARGET_PAGE_SIZE RAM_DIRTY_PAGE_SIZE
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))

#define BITS_PER_LONG (sizeof(unsigned long) * 8)

/* Most pages sent back to back from one bitmap run (1 MiB) */
#define MAX_RUN_PAGES 256
/* An iteration returns after this long even below the rate limit */
#define MAX_WAIT_MS 50
/* Rates and throttling are reconsidered after this long */
#define SYNC_PERIOD_MS 1000

/* What the migration does with one block */
typedef struct RAMBlockMig {
    RAMBlock *rb;
    unsigned long *bmap;        /* pages still to send */
    uint64_t pages;
    size_t words;
    bool ignored;               /* x-ignore-shared: never sent */
} RAMBlockMig;

typedef struct RAMState {
    RAMBlockMig *blocks;
    size_t nr_blocks;
    uint64_t total_pages;

    /* Where the scan resumes */
    size_t cur_block;
    uint64_t cur_page;
    /* Block of the last page header written in this section */
    RAMBlock *last_sent_block;
    /* The first full pass is over: pages may now go as xbzrle */
    bool xbzrle_started;
    /* The guest is stopped: nothing changes under us any more */
    bool last_stage;
    /* Postcopy: whole pages only, the destination's requests first */
    bool postcopy;

    /* Dirty pages left to send (atomic: query-migrate reads it) */
    uint64_t migration_dirty_pages;

    /* Figures of the current SYNC_PERIOD_MS period */
    int64_t time_last_bitmap_sync;
    uint64_t bytes_xfer_prev;
    uint64_t num_dirty_pages_period;
    uint64_t pages_prev;
    int dirty_rate_high_cnt;
    uint64_t xbzrle_pages_prev;
    uint64_t xbzrle_bytes_prev;
    uint64_t xbzrle_cache_miss_prev;
    uint64_t target_page_count;
    uint64_t target_page_count_prev;

    uint64_t pages_per_second;
} RAMState;

static RAMState *ram_state;

XBZRLECacheStats xbzrle_counters;

/* xbzrle buffers; the lock keeps a resize off a cache in use */
static struct {
    GMutex lock;
    PageCache *cache;
    uint8_t *encoded_buf;
    uint8_t *current_buf;
    uint8_t *zero_target_page;
    uint8_t *decoded_buf;
} XBZRLE;

/* Destination: state of one load, from load_setup to load_cleanup */
static struct {
    RAMBlock *last_block;
} ram_load_state;

/* ---- bitmaps ---------------------------------------------------------- */

/* First set bit of @map at or after @start, or @size. */
static uint64_t find_next_bit(const unsigned long *map, uint64_t size,
                              uint64_t start)
{
    uint64_t w;
    unsigned long bits;

    if (start >= size) {
        return size;
    }
    w = start / BITS_PER_LONG;
    bits = map[w] & (~0UL << (start % BITS_PER_LONG));
    while (!bits) {
        if (++w * BITS_PER_LONG >= size) {
            return size;
        }
        bits = map[w];
    }
    return MIN(w * BITS_PER_LONG + __builtin_ctzl(bits), size);
}

/* First clear bit of @map at or after @start, or @size. */
static uint64_t find_next_zero_bit(const unsigned long *map, uint64_t size,
                                   uint64_t start)
{
    uint64_t w;
    unsigned long bits;

    if (start >= size) {
        return size;
    }
    w = start / BITS_PER_LONG;
    bits = ~map[w] & (~0UL << (start % BITS_PER_LONG));
    while (!bits) {
        if (++w * BITS_PER_LONG >= size) {
            return size;
        }
        bits = ~map[w];
    }
    return MIN(w * BITS_PER_LONG + __builtin_ctzl(bits), size);
}

/* Clear bits [@start, @end) of @map. */
static void bitmap_clear_range(unsigned long *map, uint64_t start,
                               uint64_t end)
{
    while (start < end) {
        uint64_t w = start / BITS_PER_LONG;
        unsigned first = start % BITS_PER_LONG;
        unsigned n = MIN(end - start, BITS_PER_LONG - first);
        unsigned long mask = n == BITS_PER_LONG ? ~0UL
                             : ((1UL << n) - 1) << first;

        map[w] &= ~mask;
        start += n;
    }
}

/* Valid bits of the last word of a bitmap of @pages bits. */
static unsigned long last_word_mask(uint64_t pages)
{
    unsigned rem = pages % BITS_PER_LONG;

    return rem ? (1UL << rem) - 1 : ~0UL;
}

/* ---- zero pages ------------------------------------------------------- */

/*
 * Whether the page at @p is all zeros.  Most pages that are not fail
 * on one of the first words; the rest is an OR over 128-byte chunks
 * in vector registers (GCC vector extension, SSE2/NEON width).
 */
typedef uint64_t ZeroVec __attribute__((vector_size(16), aligned(16)));

static bool page_is_zero(const uint8_t *p)
{
    const uint64_t *w = (const uint64_t *)p;
    const ZeroVec *v = (const ZeroVec *)p;

    if (w[0] | w[1] | w[TARGET_PAGE_SIZE / 16] |
        w[TARGET_PAGE_SIZE / 8 - 1]) {
        return false;
    }
    for (size_t i = 0; i < TARGET_PAGE_SIZE / sizeof(ZeroVec); i += 8) {
        ZeroVec a = (v[i] | v[i + 1]) | (v[i + 2] | v[i + 3]);
        ZeroVec b = (v[i + 4] | v[i + 5]) | (v[i + 6] | v[i + 7]);

        a |= b;
        if (a[0] | a[1]) {
            return false;
        }
    }
    return true;
}

/*
 * Whether this thread looks for zero pages: with zero-page-detection
 * "multifd" the multifd sender threads do when multifd is on.
 */
static bool ram_main_detects_zero(void)
{
    ZeroPageDetection z = migrate_zero_page_detection();

    return z == ZERO_PAGE_DETECTION_LEGACY ||
           (z == ZERO_PAGE_DETECTION_MULTIFD && !multifd_send_active());
}

/* ---- accounting ------------------------------------------------------- */

static void ram_transferred_add(RAMState *rs, uint64_t bytes)
{
    if (rs->postcopy) {
        stat64_add(&mig_stats.postcopy_bytes, bytes);
    } else if (!rs->last_stage && runstate_is_running()) {
        stat64_add(&mig_stats.precopy_bytes, bytes);
    } else {
        stat64_add(&mig_stats.downtime_bytes, bytes);
    }
    stat64_add(&mig_stats.transferred, bytes);
}

uint64_t ram_bytes_total(void)
{
    RAMState *rs = ram_state;
    uint64_t total = 0;

    if (rs) {
        for (size_t i = 0; i < rs->nr_blocks; i++) {
            if (!rs->blocks[i].ignored) {
                total += rs->blocks[i].rb->used_length;
            }
        }
    }
    return total;
}

uint64_t ram_bytes_remaining(void)
{
    RAMState *rs = ram_state;

    return rs ? qatomic_read(&rs->migration_dirty_pages) * TARGET_PAGE_SIZE
              : 0;
}

static uint64_t total_bytes_last;   /* ram_bytes_total of the last run */

void ram_fill_stats(MigrationStats *info)
{
    uint64_t normal = stat64_get(&mig_stats.normal_pages);

    info->transferred = migration_transferred_bytes();
    info->total = ram_state ? ram_bytes_total() : total_bytes_last;
    info->remaining = ram_bytes_remaining();
    info->duplicate = stat64_get(&mig_stats.zero_pages);
    info->normal = normal;
    info->normal_bytes = normal * TARGET_PAGE_SIZE;
    info->dirty_pages_rate = stat64_get(&mig_stats.dirty_pages_rate);
    info->dirty_sync_count = stat64_get(&mig_stats.dirty_sync_count);
    info->dirty_sync_missed_zero_copy =
        stat64_get(&mig_stats.dirty_sync_missed_zero_copy);
    info->postcopy_requests = stat64_get(&mig_stats.postcopy_requests);
    info->page_size = TARGET_PAGE_SIZE;
    info->multifd_bytes = stat64_get(&mig_stats.multifd_bytes);
    info->pages_per_second = ram_state ? ram_state->pages_per_second : 0;
    info->precopy_bytes = stat64_get(&mig_stats.precopy_bytes);
    info->downtime_bytes = stat64_get(&mig_stats.downtime_bytes);
    info->postcopy_bytes = stat64_get(&mig_stats.postcopy_bytes);
}

void ram_fill_xbzrle_stats(XBZRLECacheStats *info)
{
    *info = xbzrle_counters;
    info->cache_size = migrate_xbzrle_cache_size();
}

/* ---- auto-converge ---------------------------------------------------- */

void mig_throttle_counter_reset(void)
{
    RAMState *rs = ram_state;

    if (rs) {
        rs->time_last_bitmap_sync = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
        rs->num_dirty_pages_period = 0;
        rs->bytes_xfer_prev = migration_transferred_bytes();
    }
}

/*
 * Slow the guest down one step: the initial percentage first, then by
 * the increment (or, with tailslow, only as much as the dirty rate
 * exceeds what the link carries), never above max-cpu-throttle.
 */
static void mig_throttle_guest_down(uint64_t bytes_dirty_period,
                                    uint64_t bytes_dirty_threshold)
{
    uint64_t pct_initial = migrate_cpu_throttle_initial();
    uint64_t pct_increment = migrate_cpu_throttle_increment();
    uint64_t pct_max = migrate_max_cpu_throttle();
    uint64_t now = cpu_throttle_get_percentage();
    uint64_t inc = pct_increment;

    if (!cpu_throttle_active()) {
        cpu_throttle_set(MIN(pct_initial, pct_max));
        return;
    }
    if (migrate_cpu_throttle_tailslow()) {
        uint64_t cpu_now = 100 - now;
        uint64_t cpu_ideal = cpu_now * ((double)bytes_dirty_threshold /
                                        bytes_dirty_period);

        inc = MIN(cpu_now - cpu_ideal, pct_increment);
    }
    cpu_throttle_set(MIN(now + inc, pct_max));
}

/*
 * Over the last period the guest dirtied more than
 * throttle-trigger-threshold percent of what we sent: twice in a row
 * means we are not converging.
 */
static void migration_trigger_throttle(RAMState *rs)
{
    uint64_t threshold = migrate_throttle_trigger_threshold();
    uint64_t bytes_xfer_period =
        migration_transferred_bytes() - rs->bytes_xfer_prev;
    uint64_t bytes_dirty_period =
        rs->num_dirty_pages_period * TARGET_PAGE_SIZE;
    uint64_t bytes_dirty_threshold = bytes_xfer_period * threshold / 100;

    if (!migrate_auto_converge() || rs->last_stage) {
        return;
    }
    if (bytes_dirty_period > bytes_dirty_threshold) {
        if (++rs->dirty_rate_high_cnt >= 2) {
            rs->dirty_rate_high_cnt = 0;
            mig_throttle_guest_down(bytes_dirty_period,
                                    bytes_dirty_threshold);
        }
    }
}

static void migration_update_rates(RAMState *rs, int64_t end_time)
{
    int64_t period = MAX(end_time - rs->time_last_bitmap_sync, 1);
    uint64_t pages = stat64_get(&mig_stats.normal_pages) +
                     stat64_get(&mig_stats.zero_pages);
    uint64_t page_count = rs->target_page_count -
                          rs->target_page_count_prev;

    stat64_set(&mig_stats.dirty_pages_rate,
               rs->num_dirty_pages_period * 1000 / period);
    rs->pages_per_second = (pages - rs->pages_prev) * 1000 / period;
    rs->pages_prev = pages;

    if (migrate_xbzrle()) {
        uint64_t encoded = xbzrle_counters.bytes - rs->xbzrle_bytes_prev;
        uint64_t xpages = xbzrle_counters.pages - rs->xbzrle_pages_prev;
        uint64_t misses = xbzrle_counters.cache_miss -
                          rs->xbzrle_cache_miss_prev;

        xbzrle_counters.cache_miss_rate =
            page_count ? (double)misses / page_count : 0;
        /* Bytes a plain transfer would have needed, per byte sent */
        xbzrle_counters.encoding_rate =
            encoded ? (double)xpages * TARGET_PAGE_SIZE / encoded : 0;
        rs->xbzrle_pages_prev = xbzrle_counters.pages;
        rs->xbzrle_bytes_prev = xbzrle_counters.bytes;
        rs->xbzrle_cache_miss_prev = xbzrle_counters.cache_miss;
    }
    rs->target_page_count_prev = rs->target_page_count;
}

/* ---- dirty bitmap sync ------------------------------------------------ */

/*
 * Move the guest's dirty bits of every block into the migration
 * bitmaps, clearing them, and make sure no vCPU keeps writing through
 * a fast path that would not set them again.
 */
static void migration_bitmap_sync(RAMState *rs)
{
    uint64_t new_dirty = 0;
    bool cleared = false;
    int64_t end_time;

    for (size_t i = 0; i < rs->nr_blocks; i++) {
        RAMBlockMig *b = &rs->blocks[i];
        unsigned long *src = ram_block_dirty_bitmap(b->rb,
                                                    DIRTY_MEMORY_MIGRATION);

        for (size_t w = 0; !b->ignored && w < b->words; w++) {
            unsigned long v, fresh;

            if (!qatomic_read(&src[w])) {
                continue;
            }
            v = qatomic_xchg(&src[w], 0);
            if (w == b->words - 1) {
                v &= last_word_mask(b->pages);
            }
            fresh = v & ~b->bmap[w];
            b->bmap[w] |= v;
            new_dirty += __builtin_popcountl(fresh);
            cleared = true;
        }
    }
    if (cleared) {
        ram_block_notify_dirty_reset_all();
        cpus_sync_block_boundary();
    }
    qatomic_set(&rs->migration_dirty_pages,
                rs->migration_dirty_pages + new_dirty);
    rs->num_dirty_pages_period += new_dirty;
    stat64_set(&mig_stats.dirty_bytes_last_sync,
               rs->migration_dirty_pages * TARGET_PAGE_SIZE);
    stat64_add(&mig_stats.dirty_sync_count, 1);

    end_time = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    if (end_time > rs->time_last_bitmap_sync + SYNC_PERIOD_MS) {
        migration_trigger_throttle(rs);
        migration_update_rates(rs, end_time);
        rs->time_last_bitmap_sync = end_time;
        rs->num_dirty_pages_period = 0;
        rs->bytes_xfer_prev = migration_transferred_bytes();
    }
    if (migrate_events()) {
        qapi_event_send_migration_pass(
            stat64_get(&mig_stats.dirty_sync_count));
    }
}

/* ---- sending pages ---------------------------------------------------- */

/* The be64 offset+flags and, unless CONTINUE, the block name. */
static size_t save_page_header(RAMState *rs, QEMUFile *f, RAMBlock *block,
                               uint64_t offset)
{
    size_t len;

    if (block == rs->last_sent_block) {
        qemu_put_be64(f, offset | RAM_SAVE_FLAG_CONTINUE);
        return 8;
    }
    qemu_put_be64(f, offset);
    len = strlen(block->idstr);
    qemu_put_byte(f, len);
    qemu_put_buffer(f, (const uint8_t *)block->idstr, len);
    rs->last_sent_block = block;
    return 9 + len;
}

/* A zero page went out: the xbzrle copy of it is now zeros too. */
static void xbzrle_cache_zero_page(RAMState *rs, ram_addr_t addr)
{
    uint64_t age = stat64_get(&mig_stats.dirty_sync_count);

    if (rs->last_stage || !XBZRLE.cache ||
        !cache_is_cached(XBZRLE.cache, addr, age)) {
        return;
    }
    cache_insert(XBZRLE.cache, addr, XBZRLE.zero_target_page, age);
}

/*
 * Send the page at @offset of @b as a delta to its cached copy.
 * Returns the bytes written (0: unchanged, nothing sent), or -1 when
 * it must go whole: then *@data is what to send (the cached copy, so
 * that cache and destination agree even if the guest writes on).
 * Called with XBZRLE.lock held.
 */
static int save_xbzrle_page(RAMState *rs, QEMUFile *f, RAMBlock *rb,
                            uint64_t offset, uint8_t **data)
{
    ram_addr_t addr = rb->offset + offset;
    uint64_t age = stat64_get(&mig_stats.dirty_sync_count);
    uint8_t *prev;
    int len;
    size_t hdr;

    if (!cache_is_cached(XBZRLE.cache, addr, age)) {
        xbzrle_counters.cache_miss++;
        if (!rs->last_stage &&
            cache_insert(XBZRLE.cache, addr, *data, age) == 0) {
            *data = get_cached_data(XBZRLE.cache, addr);
        }
        return -1;
    }
    prev = get_cached_data(XBZRLE.cache, addr);
    /* The guest may write while we encode: work on a snapshot. */
    memcpy(XBZRLE.current_buf, *data, TARGET_PAGE_SIZE);
    len = xbzrle_encode_buffer(prev, XBZRLE.current_buf, TARGET_PAGE_SIZE,
                               XBZRLE.encoded_buf, TARGET_PAGE_SIZE);
    if (len == 0) {
        xbzrle_counters.pages++;
        return 0;
    }
    if (!rs->last_stage) {
        memcpy(prev, XBZRLE.current_buf, TARGET_PAGE_SIZE);
    }
    if (len < 0) {
        xbzrle_counters.overflow++;
        xbzrle_counters.bytes += TARGET_PAGE_SIZE;
        if (!rs->last_stage) {
            *data = prev;
        }
        return -1;
    }
    hdr = save_page_header(rs, f, rb, offset | RAM_SAVE_FLAG_XBZRLE);
    qemu_put_byte(f, ENCODING_FLAG_XBZRLE);
    qemu_put_be16(f, len);
    qemu_put_buffer(f, XBZRLE.encoded_buf, len);
    xbzrle_counters.pages++;
    xbzrle_counters.bytes += hdr + 3 + len;
    return hdr + 3 + len;
}

/* Send page @page of @b; returns the bytes written. */
static size_t ram_save_target_page(RAMState *rs, QEMUFile *f,
                                   RAMBlockMig *b, uint64_t page,
                                   bool detect_zero)
{
    RAMBlock *rb = b->rb;
    uint64_t offset = page << TARGET_PAGE_BITS;
    uint8_t *data = rb->host + offset;
    size_t bytes;

    /* release-ram: in postcopy the source guest never runs again. */
    bool release = rs->postcopy && migrate_release_ram();

    rs->target_page_count++;
    if (detect_zero && page_is_zero(data)) {
        bytes = save_page_header(rs, f, rb, offset | RAM_SAVE_FLAG_ZERO);
        qemu_put_byte(f, 0);
        stat64_add(&mig_stats.zero_pages, 1);
        if (release && getpagesize() == TARGET_PAGE_SIZE) {
            /* Nothing queued refers to it. */
            madvise(data, TARGET_PAGE_SIZE, MADV_DONTNEED);
        }
        if (rs->xbzrle_started) {
            g_mutex_lock(&XBZRLE.lock);
            xbzrle_cache_zero_page(rs, rb->offset + offset);
            g_mutex_unlock(&XBZRLE.lock);
        }
        return bytes + 1;
    }
    if (multifd_send_active()) {
        /* The sender threads count what they send. */
        multifd_queue_page(f, rb, offset);
        return 0;
    }
    if (rs->xbzrle_started) {
        int r;

        g_mutex_lock(&XBZRLE.lock);
        if (XBZRLE.cache) {
            r = save_xbzrle_page(rs, f, rb, offset, &data);
            if (r >= 0) {
                g_mutex_unlock(&XBZRLE.lock);
                return r;
            }
        }
        bytes = save_page_header(rs, f, rb, offset | RAM_SAVE_FLAG_PAGE);
        qemu_put_buffer(f, data, TARGET_PAGE_SIZE);
        g_mutex_unlock(&XBZRLE.lock);
    } else {
        /*
         * Straight from guest memory, no copy.  A store that lands
         * before the write goes out also set the page's dirty bit, so
         * the page is sent again anyway.
         */
        bytes = save_page_header(rs, f, rb, offset | RAM_SAVE_FLAG_PAGE);
        /* With @release the file drops it once it was written. */
        qemu_put_buffer_async(f, data, TARGET_PAGE_SIZE, release);
    }
    stat64_add(&mig_stats.normal_pages, 1);
    return bytes + TARGET_PAGE_SIZE;
}

/*
 * mapped-ram: pages [@start, @end) of @b go to their places in the
 * file, zero pages leave it.  Returns the bytes written.
 */
static size_t ram_save_mapped_run(RAMState *rs, QEMUFile *f, RAMBlockMig *b,
                                  uint64_t start, uint64_t end,
                                  bool detect_zero)
{
    ram_addr_t data[MAX_RUN_PAGES], zero[MAX_RUN_PAGES];
    size_t n_data = 0, n_zero = 0;

    for (uint64_t p = start; p < end; p++) {
        ram_addr_t offset = p << TARGET_PAGE_BITS;

        if (detect_zero && page_is_zero(b->rb->host + offset)) {
            zero[n_zero++] = offset;
        } else {
            data[n_data++] = offset;
        }
    }
    rs->target_page_count += end - start;
    if (n_zero) {
        mapped_ram_clear_pages(b->rb, zero, n_zero);
    }
    stat64_add(&mig_stats.zero_pages, n_zero);
    if (multifd_send_active()) {
        /* The sender threads write (and count) the pages. */
        for (size_t i = 0; i < n_data; i++) {
            if (multifd_queue_page(f, b->rb, data[i]) < 0) {
                break;
            }
        }
        return 0;
    }
    stat64_add(&mig_stats.normal_pages, n_data);
    return n_data ? mapped_ram_save_pages(f, b->rb, data, n_data) : 0;
}

/*
 * Find the next run of dirty pages from the scan position and send it
 * (at most MAX_RUN_PAGES).  Returns the pages handled; 0 when nothing
 * is dirty any more.
 */
static uint64_t ram_save_next_run(RAMState *rs, QEMUFile *f,
                                  bool detect_zero, uint64_t max_run)
{
    size_t scanned;

    if (!qatomic_read(&rs->migration_dirty_pages)) {
        return 0;
    }
    for (scanned = 0; scanned <= rs->nr_blocks; scanned++) {
        RAMBlockMig *b = &rs->blocks[rs->cur_block];
        uint64_t start = find_next_bit(b->bmap, b->pages, rs->cur_page);

        if (start < b->pages) {
            uint64_t limit = MIN(b->pages, start + max_run);
            uint64_t end = find_next_zero_bit(b->bmap, limit, start);
            size_t bytes = 0;

            bitmap_clear_range(b->bmap, start, end);
            qatomic_set(&rs->migration_dirty_pages,
                        rs->migration_dirty_pages - (end - start));
            if (migrate_mapped_ram()) {
                bytes = ram_save_mapped_run(rs, f, b, start, end,
                                            detect_zero);
            } else {
                for (uint64_t p = start; p < end; p++) {
                    bytes += ram_save_target_page(rs, f, b, p, detect_zero);
                }
            }
            ram_transferred_add(rs, bytes);
            rs->cur_page = end;
            return end - start;
        }
        rs->cur_page = 0;
        if (++rs->cur_block == rs->nr_blocks) {
            /* A whole pass is over; from now on deltas pay off. */
            rs->cur_block = 0;
            multifd_ram_flush_and_sync(f, MULTIFD_SYNC_PASS_END);
            if (migrate_xbzrle() && XBZRLE.cache && !rs->postcopy) {
                rs->xbzrle_started = true;
            }
        }
    }
    return 0;
}

/* ---- xbzrle setup ----------------------------------------------------- */

static void xbzrle_cleanup(void)
{
    g_mutex_lock(&XBZRLE.lock);
    cache_fini(XBZRLE.cache);
    XBZRLE.cache = NULL;
    g_clear_pointer(&XBZRLE.encoded_buf, g_free);
    g_clear_pointer(&XBZRLE.current_buf, g_free);
    g_clear_pointer(&XBZRLE.zero_target_page, g_free);
    g_mutex_unlock(&XBZRLE.lock);
}

static bool xbzrle_init(Error **errp)
{
    PageCache *cache;

    if (!migrate_xbzrle()) {
        return true;
    }
    cache = cache_init(migrate_xbzrle_cache_size(), TARGET_PAGE_SIZE, errp);
    if (!cache) {
        return false;
    }
    g_mutex_lock(&XBZRLE.lock);
    XBZRLE.cache = cache;
    XBZRLE.encoded_buf = g_malloc(TARGET_PAGE_SIZE);
    XBZRLE.current_buf = g_malloc(TARGET_PAGE_SIZE);
    XBZRLE.zero_target_page = g_malloc0(TARGET_PAGE_SIZE);
    memset(&xbzrle_counters, 0, sizeof(xbzrle_counters));
    g_mutex_unlock(&XBZRLE.lock);
    return true;
}

int xbzrle_cache_resize(uint64_t new_size, Error **errp)
{
    PageCache *cache, *old;

    if (new_size < TARGET_PAGE_SIZE || (new_size & (new_size - 1))) {
        error_setg(errp, "xbzrle cache size %" PRIu64 " must be a power "
                   "of 2 of at least %llu bytes", new_size,
                   (unsigned long long)TARGET_PAGE_SIZE);
        return -1;
    }
    g_mutex_lock(&XBZRLE.lock);
    if (XBZRLE.cache) {
        cache = cache_init(new_size, TARGET_PAGE_SIZE, errp);
        if (!cache) {
            g_mutex_unlock(&XBZRLE.lock);
            return -1;
        }
        old = XBZRLE.cache;
        XBZRLE.cache = cache;
        cache_fini(old);
    }
    g_mutex_unlock(&XBZRLE.lock);
    return 0;
}

/* ---- SaveVMHandlers: source ------------------------------------------- */

static void collect_block(RAMBlock *rb, void *opaque)
{
    GArray *arr = opaque;
    RAMBlockMig b = { .rb = rb };

    b.pages = DIV_ROUND_UP(rb->used_length, TARGET_PAGE_SIZE);
    b.words = DIV_ROUND_UP(b.pages, BITS_PER_LONG);
    g_array_append_val(arr, b);
}

static void ram_state_free(RAMState *rs)
{
    if (!rs) {
        return;
    }
    for (size_t i = 0; i < rs->nr_blocks; i++) {
        g_free(rs->blocks[i].bmap);
        mapped_ram_block_cleanup(rs->blocks[i].rb);
    }
    mapped_ram_save_cleanup();
    g_free(rs->blocks);
    g_free(rs);
}

static RAMState *ram_state_new(Error **errp)
{
    GArray *arr = g_array_new(false, true, sizeof(RAMBlockMig));
    RAMState *rs = g_new0(RAMState, 1);

    qemu_ram_foreach_block(collect_block, arr);
    rs->nr_blocks = arr->len;
    rs->blocks = (RAMBlockMig *)g_array_free(arr, false);
    for (size_t i = 0; i < rs->nr_blocks; i++) {
        RAMBlockMig *b = &rs->blocks[i];

        if (strlen(b->rb->idstr) > 255) {
            error_setg(errp, "RAM block '%s' cannot be migrated: its id is "
                       "longer than 255 bytes", b->rb->idstr);
            ram_state_free(rs);
            return NULL;
        }
        /* Everything goes once, but what the destination maps too. */
        b->ignored = migrate_ram_is_ignored(b->rb);
        b->bmap = g_new0(unsigned long, b->words);
        if (!b->ignored) {
            memset(b->bmap, 0xff, b->words * sizeof(unsigned long));
            b->bmap[b->words - 1] &= last_word_mask(b->pages);
            rs->migration_dirty_pages += b->pages;
        }
        rs->total_pages += b->pages;
    }
    rs->time_last_bitmap_sync = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    rs->bytes_xfer_prev = migration_transferred_bytes();
    return rs;
}

static void ram_save_cleanup(void *opaque)
{
    RAMState *rs = ram_state;

    if (!rs) {
        return;
    }
    memory_global_dirty_log_stop(GLOBAL_DIRTY_MIGRATION);
    total_bytes_last = ram_bytes_total();
    ram_state = NULL;
    ram_state_free(rs);
    xbzrle_cleanup();
}

static int ram_save_setup(QEMUFile *f, void *opaque, Error **errp)
{
    RAMState *rs;

    if (ram_state) {
        ram_save_cleanup(opaque);
    }
    rs = ram_state_new(errp);
    if (!rs) {
        return -EINVAL;
    }
    if (migrate_mapped_ram() && !mapped_ram_save_setup(f, errp)) {
        ram_state_free(rs);
        return -EINVAL;
    }
    if (!xbzrle_init(errp)) {
        ram_state_free(rs);
        return -EINVAL;
    }
    if (!memory_global_dirty_log_start(GLOBAL_DIRTY_MIGRATION, errp)) {
        xbzrle_cleanup();
        ram_state_free(rs);
        return -EINVAL;
    }
    ram_state = rs;
    total_bytes_last = 0;
    /* Drops what was dirty before; the bitmap says "all" anyway. */
    migration_bitmap_sync(rs);

    /* Whole pages, so that the total leaves the flag bits alone. */
    qemu_put_be64(f, (rs->total_pages << TARGET_PAGE_BITS) |
                     RAM_SAVE_FLAG_MEM_SIZE);
    for (size_t i = 0; i < rs->nr_blocks; i++) {
        RAMBlock *rb = rs->blocks[i].rb;
        size_t len = strlen(rb->idstr);

        qemu_put_byte(f, len);
        qemu_put_buffer(f, (const uint8_t *)rb->idstr, len);
        qemu_put_be64(f, rb->used_length);
        if (migrate_ignore_shared()) {
            ignore_shared_save_block(f, rb);
        }
        if (migrate_mapped_ram()) {
            mapped_ram_setup_block(f, rb);
        }
    }
    multifd_ram_flush_and_sync(f, MULTIFD_SYNC_SECTION_END);
    qemu_put_be64(f, RAM_SAVE_FLAG_EOS);
    qemu_fflush(f);
    /* Why writing failed (a full disk, say) is the setup's error. */
    return qemu_file_get_error_obj(f, errp);
}

/* ---- postcopy: source ---------------------------------------------------- */

static bool ram_has_postcopy(void *opaque)
{
    return migrate_postcopy_ram();
}

/*
 * Send the pages the destination asked for (postcopy), if still dirty;
 * the background scan goes on after the last one, where the guest is
 * likely to fault next.
 */
static void ram_save_queued_pages(RAMState *rs, QEMUFile *f,
                                  bool detect_zero)
{
    RAMBlock *rb;
    uint64_t start, len;

    while (postcopy_source_pop_request(&rb, &start, &len)) {
        size_t bytes = 0;
        size_t i;

        for (i = 0; i < rs->nr_blocks && rs->blocks[i].rb != rb; i++) {
            /* find the block */
        }
        if (i == rs->nr_blocks) {
            continue;
        }
        for (uint64_t p = start >> TARGET_PAGE_BITS;
             p < (start + len) >> TARGET_PAGE_BITS; p++) {
            RAMBlockMig *b = &rs->blocks[i];
            unsigned long mask = 1UL << (p % BITS_PER_LONG);

            if (!(b->bmap[p / BITS_PER_LONG] & mask)) {
                continue;       /* sent already, on its way */
            }
            b->bmap[p / BITS_PER_LONG] &= ~mask;
            qatomic_set(&rs->migration_dirty_pages,
                        rs->migration_dirty_pages - 1);
            bytes += ram_save_target_page(rs, f, b, p, detect_zero);
            rs->cur_block = i;
            rs->cur_page = p + 1;
        }
        if (bytes) {
            ram_transferred_add(rs, bytes);
            qemu_fflush(f);
        }
    }
}

void ram_postcopy_reload_bitmap(RAMBlock *rb, const uint8_t *received,
                                uint64_t pages)
{
    RAMState *rs = ram_state;
    uint64_t dirty = 0;

    if (!rs) {
        return;
    }
    for (size_t i = 0; i < rs->nr_blocks; i++) {
        RAMBlockMig *b = &rs->blocks[i];

        /* x-ignore-shared: the destination never receives these */
        if (b->rb == rb && !b->ignored) {
            for (uint64_t p = 0; p < MIN(pages, b->pages); p++) {
                unsigned long mask = 1UL << (p % BITS_PER_LONG);

                if (received[p / 8] & (1 << (p % 8))) {
                    b->bmap[p / BITS_PER_LONG] &= ~mask;
                } else {
                    b->bmap[p / BITS_PER_LONG] |= mask;
                }
            }
        }
        for (size_t w = 0; w < b->words; w++) {
            dirty += __builtin_popcountl(b->bmap[w]);
        }
    }
    qatomic_set(&rs->migration_dirty_pages, dirty);
    rs->cur_block = 0;
    rs->cur_page = 0;
}

void ram_postcopy_send_discard_bitmap(QEMUFile *f)
{
    RAMState *rs = ram_state;

    if (!rs) {
        return;
    }
    migration_bitmap_sync(rs);
    rs->postcopy = true;
    rs->xbzrle_started = false;
    for (size_t i = 0; i < rs->nr_blocks; i++) {
        RAMBlockMig *b = &rs->blocks[i];
        uint64_t start = find_next_bit(b->bmap, b->pages, 0);

        while (start < b->pages) {
            uint64_t end = find_next_zero_bit(b->bmap, b->pages, start);

            postcopy_discard_send_range(f, b->rb, start << TARGET_PAGE_BITS,
                                        (end - start) << TARGET_PAGE_BITS);
            start = find_next_bit(b->bmap, b->pages, end);
        }
        postcopy_discard_send_finish(f);
    }
}

void ram_postcopy_release_sent(void)
{
    RAMState *rs = ram_state;
    uintptr_t hps = getpagesize();

    if (!rs) {
        return;
    }
    for (size_t i = 0; i < rs->nr_blocks; i++) {
        RAMBlockMig *b = &rs->blocks[i];
        uint64_t start = find_next_zero_bit(b->bmap, b->pages, 0);

        while (start < b->pages) {
            uint64_t end = find_next_bit(b->bmap, b->pages, start);
            /* Whole host pages only: a partial one may hold dirty data. */
            uintptr_t from = ROUND_UP((uintptr_t)b->rb->host +
                                      (start << TARGET_PAGE_BITS), hps);
            uintptr_t to = ((uintptr_t)b->rb->host +
                            (end << TARGET_PAGE_BITS)) & ~(hps - 1);

            if (to > from) {
                madvise((void *)from, to - from, MADV_DONTNEED);
            }
            start = find_next_zero_bit(b->bmap, b->pages, end);
        }
    }
}

static int ram_save_iterate(QEMUFile *f, void *opaque)
{
    RAMState *rs = ram_state;
    bool detect_zero = ram_main_detects_zero();
    int64_t t0 = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    int done = 0;
    int ret;
    uint64_t window = migration_rate_get();
    uint64_t max_run = MAX_RUN_PAGES;

    if (!rs) {
        return -EINVAL;
    }
    /*
     * Under a rate limit, send in slices of a quarter window and flush
     * each, so that the bytes counted against the window are those
     * that really left.  Without one, the file batches large writes.
     */
    if (window != RATE_LIMIT_DISABLED) {
        max_run = MAX(MIN(window / 4 / TARGET_PAGE_SIZE, MAX_RUN_PAGES), 1);
    }
    rs->last_sent_block = NULL;
    ram_save_queued_pages(rs, f, detect_zero);
    for (unsigned i = 0; !migration_rate_exceeded(f); i++) {
        ram_save_queued_pages(rs, f, detect_zero);
        if (!ram_save_next_run(rs, f, detect_zero, max_run)) {
            done = 1;
            break;
        }
        if (window != RATE_LIMIT_DISABLED) {
            qemu_fflush(f);
        }
        /* Reading the clock is not free: look every few runs. */
        if ((i & 15) == 15 &&
            qemu_clock_get_ms(QEMU_CLOCK_REALTIME) - t0 > MAX_WAIT_MS) {
            break;
        }
    }
    multifd_ram_flush_and_sync(f, MULTIFD_SYNC_SECTION_END);
    qemu_put_be64(f, RAM_SAVE_FLAG_EOS);
    ram_transferred_add(rs, 8);
    ret = qemu_file_get_error(f);
    return ret < 0 ? ret : done;
}

static int ram_save_complete(QEMUFile *f, void *opaque)
{
    RAMState *rs = ram_state;
    bool detect_zero = ram_main_detects_zero();

    if (!rs) {
        return -EINVAL;
    }
    rs->last_stage = true;
    rs->last_sent_block = NULL;
    migration_bitmap_sync(rs);
    while (ram_save_next_run(rs, f, detect_zero, MAX_RUN_PAGES)) {
        if (qemu_file_get_error(f)) {
            break;
        }
    }
    multifd_ram_flush_and_sync(f, MULTIFD_SYNC_COMPLETE);
    /* mapped-ram: every page is in place; say which ones. */
    for (size_t i = 0; migrate_mapped_ram() && i < rs->nr_blocks; i++) {
        ram_transferred_add(rs, mapped_ram_save_bitmap(f, rs->blocks[i].rb));
    }
    qemu_put_be64(f, RAM_SAVE_FLAG_EOS);
    ram_transferred_add(rs, 8);
    qemu_fflush(f);
    return qemu_file_get_error(f);
}

static void ram_state_pending_estimate(void *opaque, uint64_t *must_precopy,
                                       uint64_t *can_postcopy)
{
    *must_precopy += ram_bytes_remaining();
}

static void ram_state_pending_exact(void *opaque, uint64_t *must_precopy,
                                    uint64_t *can_postcopy)
{
    RAMState *rs = ram_state;

    if (rs) {
        migration_bitmap_sync(rs);
    }
    *must_precopy += ram_bytes_remaining();
}

static bool ram_is_active(void *opaque)
{
    return true;
}

/* ---- SaveVMHandlers: destination ---------------------------------------- */

static int ram_load_setup(QEMUFile *f, void *opaque, Error **errp)
{
    ram_load_state.last_block = NULL;
    g_free(XBZRLE.decoded_buf);
    XBZRLE.decoded_buf = g_malloc(TARGET_PAGE_SIZE);
    return 0;
}

static int ram_load_cleanup(void *opaque)
{
    ram_load_state.last_block = NULL;
    g_clear_pointer(&XBZRLE.decoded_buf, g_free);
    return 0;
}

/* Fail the load: the reason goes to the stream's error. */
static int G_GNUC_PRINTF(2, 3) ram_load_error(QEMUFile *f,
                                              const char *fmt, ...)
{
    Error *err = NULL;
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&err, "RAM: %s", msg);
    qemu_file_set_error_obj(f, -EINVAL, err);
    return -EINVAL;
}

/* Read a block name (length byte, bytes) into @id (256 bytes). */
static bool ram_load_idstr(QEMUFile *f, char *id)
{
    size_t len = qemu_get_byte(f);

    if (qemu_get_buffer(f, (uint8_t *)id, len) != len) {
        return false;
    }
    id[len] = '\0';
    return !qemu_file_get_error(f);
}

/* The block list of a MEM_SIZE record of @total bytes. */
static int ram_load_block_list(QEMUFile *f, uint64_t total)
{
    char id[256];

    while (total) {
        RAMBlock *rb;
        uint64_t length;

        if (!ram_load_idstr(f, id)) {
            return ram_load_error(f, "truncated block list");
        }
        length = qemu_get_be64(f);
        if (qemu_file_get_error(f)) {
            return ram_load_error(f, "truncated block list");
        }
        rb = qemu_ram_block_by_name(id);
        if (!rb) {
            return ram_load_error(f, "unknown RAM block '%s', cannot "
                                  "accept migration", id);
        }
        if (length != rb->used_length) {
            return ram_load_error(f, "RAM block '%s' size mismatch: "
                                  "0x%" PRIx64 " in the stream, 0x%" PRIx64
                                  " here", id, length, rb->used_length);
        }
        /* The total counts whole pages (all of QEMU's blocks are). */
        length = ROUND_UP(length, TARGET_PAGE_SIZE);
        if (length > total) {
            return ram_load_error(f, "RAM block '%s' of 0x%" PRIx64
                                  " bytes exceeds the announced total "
                                  "(0x%" PRIx64 " left)", id, length,
                                  total);
        }
        total -= length;
        if (migrate_ignore_shared()) {
            Error *err = NULL;

            if (!ignore_shared_load_block(f, rb, &err)) {
                ram_load_error(f, "%s", error_get_pretty(err));
                error_free(err);
                return -EINVAL;
            }
        }
        if (migrate_mapped_ram()) {
            Error *err = NULL;

            if (!mapped_ram_load_block(f, rb, length, &err)) {
                ram_load_error(f, "%s", error_get_pretty(err));
                error_free(err);
                return -EINVAL;
            }
        } else if (mapped_ram_header_follows(f)) {
            return ram_load_error(f, "RAM block '%s' is followed by a "
                                  "mapped-ram header: the stream was saved "
                                  "with capability mapped-ram, which is off "
                                  "here", id);
        }
    }
    return 0;
}

/* The block a page record names (or continues with). */
static RAMBlock *ram_load_block(QEMUFile *f, int flags, int *ret)
{
    char id[256];
    RAMBlock *rb;

    if (flags & RAM_SAVE_FLAG_CONTINUE) {
        if (!ram_load_state.last_block) {
            *ret = ram_load_error(f, "page continues a block, but no block "
                                  "was named before");
        }
        return ram_load_state.last_block;
    }
    if (!ram_load_idstr(f, id)) {
        *ret = ram_load_error(f, "truncated block name");
        return NULL;
    }
    rb = qemu_ram_block_by_name(id);
    if (!rb) {
        *ret = ram_load_error(f, "page of unknown RAM block '%s'", id);
        return NULL;
    }
    if (migrate_ram_is_ignored(rb)) {
        *ret = ram_load_error(f, "page of RAM block '%s', which is shared "
                              "and must not be migrated (x-ignore-shared)",
                              id);
        return NULL;
    }
    ram_load_state.last_block = rb;
    return rb;
}

/* Write page @src to @host of read-only @rb: only if it matches. */
static int ram_load_readonly_page(QEMUFile *f, RAMBlock *rb, uint64_t addr,
                                  const uint8_t *host, const uint8_t *src)
{
    if (memcmp(host, src, TARGET_PAGE_SIZE)) {
        return ram_load_error(f, "page 0x%" PRIx64 " of read-only RAM "
                              "block '%s' differs from the source", addr,
                              rb->idstr);
    }
    return 0;
}

static int ram_load_xbzrle(QEMUFile *f, RAMBlock *rb, uint64_t addr,
                           uint8_t *host)
{
    int flags = qemu_get_byte(f);
    int len = qemu_get_be16(f);
    uint8_t *dst = host;
    g_autofree uint8_t *copy = NULL;

    if (qemu_file_get_error(f)) {
        return ram_load_error(f, "truncated xbzrle page");
    }
    if (flags != ENCODING_FLAG_XBZRLE) {
        return ram_load_error(f, "xbzrle page 0x%" PRIx64 " of block "
                              "'%s' has encoding 0x%x, expected 0x%x",
                              addr, rb->idstr, flags, ENCODING_FLAG_XBZRLE);
    }
    if (len > TARGET_PAGE_SIZE) {
        return ram_load_error(f, "xbzrle page 0x%" PRIx64 " of block "
                              "'%s' is %d bytes long, more than a page",
                              addr, rb->idstr, len);
    }
    if (!XBZRLE.decoded_buf) {
        XBZRLE.decoded_buf = g_malloc(TARGET_PAGE_SIZE);
    }
    if (qemu_get_buffer(f, XBZRLE.decoded_buf, len) != (size_t)len) {
        return ram_load_error(f, "truncated xbzrle page");
    }
    if (rb->readonly) {
        copy = g_memdup2(host, TARGET_PAGE_SIZE);
        dst = copy;
    }
    if (xbzrle_decode_buffer(XBZRLE.decoded_buf, len, dst,
                             TARGET_PAGE_SIZE) < 0) {
        return ram_load_error(f, "xbzrle page 0x%" PRIx64 " of block "
                              "'%s' does not decode", addr, rb->idstr);
    }
    return copy ? ram_load_readonly_page(f, rb, addr, host, copy) : 0;
}

static int ram_load_page(QEMUFile *f, RAMBlock *rb, uint64_t addr,
                         uint8_t *host)
{
    g_autofree uint8_t *buf = NULL;

    if (!rb->readonly) {
        if (qemu_get_buffer(f, host, TARGET_PAGE_SIZE) != TARGET_PAGE_SIZE) {
            return ram_load_error(f, "truncated page");
        }
        return 0;
    }
    buf = g_malloc(TARGET_PAGE_SIZE);
    if (qemu_get_buffer(f, buf, TARGET_PAGE_SIZE) != TARGET_PAGE_SIZE) {
        return ram_load_error(f, "truncated page");
    }
    return ram_load_readonly_page(f, rb, addr, host, buf);
}

static int ram_load_zero(QEMUFile *f, RAMBlock *rb, uint64_t addr,
                         uint8_t *host)
{
    int ch = qemu_get_byte(f);

    if (qemu_file_get_error(f)) {
        return ram_load_error(f, "truncated zero page");
    }
    if (ch != 0) {
        return ram_load_error(f, "zero page 0x%" PRIx64 " of block '%s' "
                              "has fill byte 0x%x, expected 0", addr,
                              rb->idstr, ch);
    }
    /* Untouched memory stays untouched (and unallocated). */
    if (!page_is_zero(host)) {
        if (rb->readonly) {
            return ram_load_error(f, "page 0x%" PRIx64 " of read-only RAM "
                                  "block '%s' differs from the source",
                                  addr, rb->idstr);
        }
        memset(host, 0, TARGET_PAGE_SIZE);
    }
    return 0;
}

static int ram_load(QEMUFile *f, void *opaque, int version_id)
{
    const int known = RAM_SAVE_FLAG_ZERO | RAM_SAVE_FLAG_MEM_SIZE |
                      RAM_SAVE_FLAG_PAGE | RAM_SAVE_FLAG_EOS |
                      RAM_SAVE_FLAG_CONTINUE | RAM_SAVE_FLAG_XBZRLE |
                      RAM_SAVE_FLAG_MULTIFD_FLUSH;
    int ret = 0;

    if (version_id != RAM_SECTION_VERSION) {
        return ram_load_error(f, "section version %d is not supported, "
                              "expected %d", version_id,
                              RAM_SECTION_VERSION);
    }
    while (!ret) {
        uint64_t addr = qemu_get_be64(f);
        int flags = addr & ~TARGET_PAGE_MASK;
        int kind;
        RAMBlock *rb = NULL;
        uint8_t *host = NULL;

        if (qemu_file_get_error(f)) {
            return ram_load_error(f, "stream ended inside the RAM section");
        }
        addr &= TARGET_PAGE_MASK;
        if (flags & ~known) {
            return ram_load_error(f, "unsupported flags 0x%x in record "
                                  "0x%x", flags & ~known, flags);
        }
        kind = flags & ~RAM_SAVE_FLAG_CONTINUE;
        if (kind & (RAM_SAVE_FLAG_ZERO | RAM_SAVE_FLAG_PAGE |
                    RAM_SAVE_FLAG_XBZRLE)) {
            rb = ram_load_block(f, flags, &ret);
            if (!rb) {
                return ret ? ret : -EINVAL;
            }
            if (addr >= rb->used_length) {
                return ram_load_error(f, "page 0x%" PRIx64 " is beyond "
                                      "RAM block '%s' of 0x%" PRIx64
                                      " bytes", addr, rb->idstr,
                                      rb->used_length);
            }
            host = rb->host + addr;
        } else if (flags & RAM_SAVE_FLAG_CONTINUE) {
            return ram_load_error(f, "record 0x%x has no page but "
                                  "continues a block", flags);
        }
        if (host && postcopy_incoming_placing()) {
            /* The guest may run: pages land whole, never written. */
            ret = postcopy_load_page(f, rb, addr, flags);
            continue;
        }

        switch (kind) {
        case RAM_SAVE_FLAG_MEM_SIZE:
            ret = ram_load_block_list(f, addr);
            break;
        case RAM_SAVE_FLAG_ZERO:
            ret = ram_load_zero(f, rb, addr, host);
            break;
        case RAM_SAVE_FLAG_PAGE:
            ret = ram_load_page(f, rb, addr, host);
            break;
        case RAM_SAVE_FLAG_XBZRLE:
            ret = ram_load_xbzrle(f, rb, addr, host);
            break;
        case RAM_SAVE_FLAG_MULTIFD_FLUSH:
            ret = multifd_ram_recv_sync(f, false) < 0 ? -EIO : 0;
            break;
        case RAM_SAVE_FLAG_EOS:
            multifd_ram_recv_sync(f, true);
            return qemu_file_get_error(f);
        default:
            return ram_load_error(f, "unknown combination of flags 0x%x",
                                  flags);
        }
        if (!ret && host) {
            /* What a postcopy recovery need not send again. */
            postcopy_note_received(rb, addr);
        }
        if (!ret && qemu_file_get_error(f)) {
            ret = ram_load_error(f, "stream ended inside the RAM section");
        }
    }
    return ret;
}

static const SaveVMHandlers savevm_ram_handlers = {
    .save_setup = ram_save_setup,
    .save_live_iterate = ram_save_iterate,
    .save_live_complete_precopy = ram_save_complete,
    .save_live_complete_postcopy = ram_save_complete,
    .has_postcopy = ram_has_postcopy,
    .state_pending_estimate = ram_state_pending_estimate,
    .state_pending_exact = ram_state_pending_exact,
    .save_cleanup = ram_save_cleanup,
    .is_active = ram_is_active,
    .load_setup = ram_load_setup,
    .load_state = ram_load,
    .load_cleanup = ram_load_cleanup,
};

const SaveVMHandlers *ram_savevm_handlers(void)
{
    return &savevm_ram_handlers;
}

void ram_mig_init(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    g_mutex_init(&XBZRLE.lock);
    register_savevm_live("ram", 0, RAM_SECTION_VERSION,
                         &savevm_ram_handlers, NULL);
    ignore_shared_register();
}
