/*
 * calc-dirty-rate: the rate at which the guest dirties its memory.
 *
 * A measurement runs in a thread of its own, which sleeps through the
 * period, so the monitor never waits for it.  Two modes:
 *
 *  - page-sampling: at the start, hash randomly chosen pages of each
 *    RAM block (sample-pages per GiB); at the end, hash them again.
 *    The share of changed samples, times the RAM size, over the
 *    period, is the rate.  A page written twice counts once, so the
 *    rate saturates as the period grows, as in QEMU.
 *  - dirty-bitmap: turn dirty tracking on (GLOBAL_DIRTY_DIRTY_RATE)
 *    and count the pages whose migration dirty bit goes from clean to
 *    dirty over the period (system/physmem.c counts them).  The bits
 *    are cleared at the start unless a migration runs: they are the
 *    migration's, and clearing them under it would lose pages to send.
 *
 * dirty-ring needs KVM's dirty rings, which this build does not have.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-migration.h"
#include "qemu/atomic.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "qobject/qdict.h"
#include "monitor/hmp.h"
#include "exec/memory.h"
#include "system/cpus.h"
#include "system/ramblock.h"
#include "migration/dirtyrate.h"
#include "migration/migration.h"

/* The granule of the dirty bitmaps: the RISC-V page */
#define TARGET_PAGE_SIZE RAM_DIRTY_PAGE_SIZE

/* The last measurement; @lock guards all but @status (atomic) */
static struct {
    GMutex lock;
    int status;                 /* DirtyRateStatus */
    DirtyRateMeasureMode mode;
    int64_t dirty_rate;         /* MB/s, once measured */
    int64_t start_time;         /* s, host clock */
    int64_t calc_time_ms;       /* asked for, then as measured */
    uint64_t sample_pages;      /* per GiB */
} dirty_stat;

typedef struct DirtyRateJob {
    int64_t calc_time_ms;
    uint64_t sample_pages;
    DirtyRateMeasureMode mode;
} DirtyRateJob;

/* The pages sampled in one RAM block */
typedef struct SampledBlock {
    char *idstr;
    uint8_t *host;              /* to recognise the same block at the end */
    uint64_t length;
    uint32_t count;
    uint64_t *page;             /* page numbers */
    uint64_t *hash;             /* their hashes at the start */
} SampledBlock;

typedef struct Sampling {
    GArray *blocks;             /* of SampledBlock */
    uint64_t per_gib;
    GRand *rand;
} Sampling;

/* Sleep until @ms after @start; return the time that really passed */
static int64_t dirtyrate_wait(int64_t ms, int64_t start)
{
    int64_t now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);

    if (now - start < ms) {
        g_usleep((start + ms - now) * 1000);
        now = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);
    }
    return MAX(now - start, 1);
}

/* A 64-bit hash of one target page (multiply-rotate over its words) */
static uint64_t page_hash(const uint8_t *p)
{
    const uint64_t *w = (const uint64_t *)p;
    uint64_t h = 0x6a09e667f3bcc908ULL;

    for (size_t i = 0; i < TARGET_PAGE_SIZE / sizeof(uint64_t); i++) {
        uint64_t v = qatomic_read(&w[i]);

        h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
        h = (h << 31) | (h >> 33);
    }
    return h ^ (h >> 29);
}

static void sample_block(RAMBlock *rb, void *opaque)
{
    Sampling *s = opaque;
    SampledBlock b = { 0 };
    gint32 pages = MIN(rb->used_length / TARGET_PAGE_SIZE, G_MAXINT32);

    if (rb->used_length < DIRTYRATE_MIN_RAMBLOCK_KIB * KiB) {
        return;
    }
    b.idstr = g_strdup(rb->idstr);
    b.host = rb->host;
    b.length = rb->used_length;
    b.count = (rb->used_length * s->per_gib) >> 30;
    b.page = g_new(uint64_t, b.count);
    b.hash = g_new(uint64_t, b.count);
    for (uint32_t i = 0; i < b.count; i++) {
        b.page[i] = g_rand_int_range(s->rand, 0, pages);
        b.hash[i] = page_hash(rb->host + b.page[i] * TARGET_PAGE_SIZE);
    }
    g_array_append_val(s->blocks, b);
}

static void sampled_block_clear(gpointer p)
{
    SampledBlock *b = p;

    g_free(b->idstr);
    g_free(b->page);
    g_free(b->hash);
}

static int64_t measure_page_sampling(DirtyRateJob *job, int64_t *ms)
{
    Sampling s = { .per_gib = job->sample_pages };
    uint64_t dirty = 0, samples = 0, mib = 0;
    int64_t start;

    s.blocks = g_array_new(false, true, sizeof(SampledBlock));
    g_array_set_clear_func(s.blocks, sampled_block_clear);
    s.rand = g_rand_new();
    /* RAM blocks come and go under the BQL only */
    bql_lock();
    qemu_ram_foreach_block(sample_block, &s);
    bql_unlock();
    start = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);

    *ms = dirtyrate_wait(job->calc_time_ms, start);

    bql_lock();
    for (guint i = 0; i < s.blocks->len; i++) {
        SampledBlock *b = &g_array_index(s.blocks, SampledBlock, i);
        RAMBlock *rb = qemu_ram_block_by_name(b->idstr);

        if (!rb || rb->host != b->host || rb->used_length != b->length) {
            continue;           /* gone or replaced meanwhile */
        }
        for (uint32_t j = 0; j < b->count; j++) {
            if (page_hash(rb->host + b->page[j] * TARGET_PAGE_SIZE) !=
                b->hash[j]) {
                dirty++;
            }
        }
        samples += b->count;
        mib += b->length / MiB;
    }
    bql_unlock();
    g_rand_free(s.rand);
    g_array_free(s.blocks, true);
    if (!samples) {
        return 0;
    }
    return dirty * mib * 1000 / (samples * *ms);
}

static void clear_migration_bits(RAMBlock *rb, void *opaque)
{
    cpu_physical_memory_test_and_clear_dirty(rb->offset, rb->used_length,
                                             DIRTY_MEMORY_MIGRATION);
}

static int64_t measure_dirty_bitmap(DirtyRateJob *job, int64_t *ms)
{
    Error *err = NULL;
    uint64_t first, pages;
    int64_t start;

    bql_lock();
    if (!memory_global_dirty_log_start(GLOBAL_DIRTY_DIRTY_RATE, &err)) {
        bql_unlock();
        error_report_err(err);
        *ms = job->calc_time_ms;
        return 0;
    }
    if (!migration_is_running()) {
        /* Pages dirty from before (all, at first) would not count */
        qemu_ram_foreach_block(clear_migration_bits, NULL);
        /* ... and vCPUs must stop writing them through fast paths */
        cpus_sync_block_boundary();
    }
    first = cpu_physical_memory_dirty_rate_pages();
    bql_unlock();
    start = qemu_clock_get_ms(QEMU_CLOCK_REALTIME);

    *ms = dirtyrate_wait(job->calc_time_ms, start);

    bql_lock();
    pages = cpu_physical_memory_dirty_rate_pages() - first;
    memory_global_dirty_log_stop(GLOBAL_DIRTY_DIRTY_RATE);
    bql_unlock();
    return pages * TARGET_PAGE_SIZE * 1000 / MiB / *ms;
}

static gpointer dirtyrate_thread(gpointer opaque)
{
    DirtyRateJob *job = opaque;
    int64_t ms, rate;

    if (job->mode == DIRTY_RATE_MEASURE_MODE_DIRTY_BITMAP) {
        rate = measure_dirty_bitmap(job, &ms);
    } else {
        rate = measure_page_sampling(job, &ms);
    }
    g_mutex_lock(&dirty_stat.lock);
    dirty_stat.dirty_rate = rate;
    dirty_stat.calc_time_ms = ms;
    qatomic_set(&dirty_stat.status, DIRTY_RATE_STATUS_MEASURED);
    g_mutex_unlock(&dirty_stat.lock);
    g_free(job);
    return NULL;
}

/* @value in @unit as milliseconds, or -1 when out of any sane range */
static int64_t calc_time_to_ms(int64_t value, TimeUnit unit)
{
    if (unit == TIME_UNIT_MILLISECOND) {
        return value;
    }
    if (value < 0 || value > INT64_MAX / 1000) {
        return -1;
    }
    return value * 1000;
}

void qmp_calc_dirty_rate(int64_t calc_time,
                         bool has_calc_time_unit, TimeUnit calc_time_unit,
                         bool has_sample_pages, int64_t sample_pages,
                         bool has_mode, DirtyRateMeasureMode mode,
                         Error **errp)
{
    DirtyRateJob *job;
    GThread *thread;
    int64_t ms;

    if (qatomic_read(&dirty_stat.status) == DIRTY_RATE_STATUS_MEASURING) {
        error_setg(errp, "the dirty rate is already being measured.");
        return;
    }
    ms = calc_time_to_ms(calc_time, has_calc_time_unit ? calc_time_unit
                                                       : TIME_UNIT_SECOND);
    if (ms < DIRTYRATE_MIN_CALC_TIME_MS || ms > DIRTYRATE_MAX_CALC_TIME_MS) {
        error_setg(errp, "Calculation time is out of range [%dms, %dms].",
                   DIRTYRATE_MIN_CALC_TIME_MS, DIRTYRATE_MAX_CALC_TIME_MS);
        return;
    }
    if (!has_mode) {
        mode = DIRTY_RATE_MEASURE_MODE_PAGE_SAMPLING;
    }
    if (has_sample_pages && mode != DIRTY_RATE_MEASURE_MODE_PAGE_SAMPLING) {
        error_setg(errp, "sample-pages is used only in page-sampling mode");
        return;
    }
    if (!has_sample_pages) {
        sample_pages = DIRTYRATE_DEFAULT_SAMPLE_PAGES;
    } else if (sample_pages < DIRTYRATE_MIN_SAMPLE_PAGES ||
               sample_pages > DIRTYRATE_MAX_SAMPLE_PAGES) {
        error_setg(errp, "sample-pages is out of range[%d, %d].",
                   DIRTYRATE_MIN_SAMPLE_PAGES, DIRTYRATE_MAX_SAMPLE_PAGES);
        return;
    }
    if (mode == DIRTY_RATE_MEASURE_MODE_DIRTY_RING) {
        /* KVM's dirty ring only; this build has no KVM */
        error_setg(errp, "mode %s is not enabled, use other method instead.",
                   DirtyRateMeasureMode_str(mode));
        return;
    }

    job = g_new0(DirtyRateJob, 1);
    job->calc_time_ms = ms;
    job->sample_pages = sample_pages;
    job->mode = mode;

    g_mutex_lock(&dirty_stat.lock);
    dirty_stat.mode = mode;
    dirty_stat.dirty_rate = -1;
    dirty_stat.start_time = qemu_clock_get_ms(QEMU_CLOCK_HOST) / 1000;
    dirty_stat.calc_time_ms = ms;
    dirty_stat.sample_pages = sample_pages;
    qatomic_set(&dirty_stat.status, DIRTY_RATE_STATUS_MEASURING);
    g_mutex_unlock(&dirty_stat.lock);

    thread = g_thread_try_new("dirtyrate-calc", dirtyrate_thread, job, NULL);
    if (!thread) {
        qatomic_set(&dirty_stat.status, DIRTY_RATE_STATUS_UNSTARTED);
        g_free(job);
        error_setg(errp, "cannot start the dirty rate measurement thread");
        return;
    }
    g_thread_unref(thread);     /* it ends by itself */
}

DirtyRateInfo *qmp_query_dirty_rate(bool has_calc_time_unit,
                                    TimeUnit calc_time_unit, Error **errp)
{
    DirtyRateInfo *info = g_new0(DirtyRateInfo, 1);
    TimeUnit unit = has_calc_time_unit ? calc_time_unit : TIME_UNIT_SECOND;

    g_mutex_lock(&dirty_stat.lock);
    info->status = qatomic_read(&dirty_stat.status);
    info->start_time = dirty_stat.start_time;
    info->calc_time = unit == TIME_UNIT_SECOND ?
                      dirty_stat.calc_time_ms / 1000 :
                      dirty_stat.calc_time_ms;
    info->calc_time_unit = unit;
    info->sample_pages = dirty_stat.sample_pages;
    info->mode = dirty_stat.mode;
    if (info->status == DIRTY_RATE_STATUS_MEASURED) {
        info->has_dirty_rate = true;
        info->dirty_rate = dirty_stat.dirty_rate;
        if (info->mode != DIRTY_RATE_MEASURE_MODE_PAGE_SAMPLING) {
            info->sample_pages = 0;
        }
    }
    g_mutex_unlock(&dirty_stat.lock);
    return info;
}

void hmp_calc_dirty_rate(Monitor *mon, const QDict *qdict)
{
    int64_t sec = qdict_get_try_int(qdict, "second", 0);
    bool has_sample_pages = qdict_haskey(qdict, "sample_pages_per_GB");
    int64_t sample_pages = qdict_get_try_int(qdict, "sample_pages_per_GB",
                                             0);
    bool dirty_ring = qdict_get_try_bool(qdict, "dirty_ring", false);
    bool dirty_bitmap = qdict_get_try_bool(qdict, "dirty_bitmap", false);
    DirtyRateMeasureMode mode = DIRTY_RATE_MEASURE_MODE_PAGE_SAMPLING;
    Error *err = NULL;

    if (!sec) {
        monitor_printf(mon, "Incorrect period length specified!\n");
        return;
    }
    if (dirty_ring && dirty_bitmap) {
        monitor_printf(mon, "Either dirty ring or dirty bitmap "
                       "can be specified!\n");
        return;
    }
    if (dirty_bitmap) {
        mode = DIRTY_RATE_MEASURE_MODE_DIRTY_BITMAP;
    } else if (dirty_ring) {
        mode = DIRTY_RATE_MEASURE_MODE_DIRTY_RING;
    }
    qmp_calc_dirty_rate(sec, false, TIME_UNIT_SECOND, has_sample_pages,
                        sample_pages, true, mode, &err);
    if (hmp_handle_error(mon, err)) {
        return;
    }
    monitor_printf(mon, "Starting dirty rate measurement with period %"
                   PRIi64 " seconds\n", sec);
    monitor_printf(mon, "[Please use 'info dirty_rate' to check results]\n");
}

void hmp_info_dirty_rate(Monitor *mon, const QDict *qdict)
{
    DirtyRateInfo *info = qmp_query_dirty_rate(false, TIME_UNIT_SECOND,
                                               NULL);

    monitor_printf(mon, "Status: %s\n", DirtyRateStatus_str(info->status));
    monitor_printf(mon, "Start Time: %" PRIi64 " (s)\n", info->start_time);
    if (info->mode == DIRTY_RATE_MEASURE_MODE_PAGE_SAMPLING) {
        monitor_printf(mon, "Sample Pages: %" PRIu64 " (per GB)\n",
                       info->sample_pages);
    }
    monitor_printf(mon, "Period: %" PRIi64 " (sec)\n", info->calc_time);
    monitor_printf(mon, "Mode: %s\n", DirtyRateMeasureMode_str(info->mode));
    monitor_printf(mon, "Dirty rate: ");
    if (info->has_dirty_rate) {
        monitor_printf(mon, "%" PRIi64 " (MB/s)\n", info->dirty_rate);
    } else {
        monitor_printf(mon, "(not ready)\n");
    }
    qapi_free_DirtyRateInfo(info);
}
