/*
 * RAM migration: save a set of RAM blocks into an in-memory channel,
 * with pages dirtied between iterations, and load it into a fresh set
 * of blocks of the same names; xbzrle encoding and its page cache;
 * the rate limit; and streams that are corrupt or cut short, which
 * must fail with an error naming the problem.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "exec/ram_addr.h"
#include "system/ramblock.h"
#include "system/cpu-throttle.h"
#include "io/channel-buffer.h"
#include "migration/misc.h"
#include "migration/register.h"
#include "migration/migration.h"
#include "migration/migration-stats.h"
#include "migration/qemu-file.h"
#include "migration/ram.h"
#include "migration/xbzrle.h"
#include "migration/page_cache.h"
#include "ram-test-blocks.h"

/* A guest write: change bytes and mark the page dirty. */
static void guest_write(RAMBlock *rb, uint64_t offset, const void *buf,
                        size_t len)
{
    memcpy(rb->host + offset, buf, len);
    cpu_physical_memory_set_dirty_range(rb->offset + offset, len,
                                        DIRTY_CLIENTS_ALL);
}

static void guest_poke(RAMBlock *rb, uint64_t offset, uint8_t val)
{
    guest_write(rb, offset, &val, 1);
}

static MigrationState *mig(void)
{
    return migrate_get_current();
}

static void options_reset(void)
{
    MigrationState *s = mig();

    memset(s->capabilities, 0, sizeof(s->capabilities));
    s->parameters.zero_page_detection = ZERO_PAGE_DETECTION_LEGACY;
    s->parameters.xbzrle_cache_size = 1024 * 1024;
    migration_reset_stats();
    migration_rate_set(0);
}

/* ---- a saved stream ---------------------------------------------------- */

typedef struct Saved {
    QIOChannelBuffer *bioc;
    QEMUFile *out;              /* kept open: closing empties the buffer */
    int sections;
    uint8_t *expect[NBLOCKS];
} Saved;

static QEMUFile *buffer_output(QIOChannelBuffer **bioc)
{
    *bioc = qio_channel_buffer_new(64 * 1024);
    return qemu_file_new_output(QIO_CHANNEL(*bioc));
}

static QEMUFile *buffer_input(QIOChannelBuffer *bioc)
{
    bioc->offset = 0;
    return qemu_file_new_input(QIO_CHANNEL(bioc));
}

/* A stream from the bytes @data. */
static QEMUFile *bytes_input(QIOChannelBuffer **bioc, const void *data,
                             size_t len)
{
    *bioc = qio_channel_buffer_new(len ? len : 1);
    memcpy((*bioc)->data, data, len);
    (*bioc)->usage = len;
    return buffer_input(*bioc);
}

static void iterate_until_done(const SaveVMHandlers *h, QEMUFile *f,
                               Saved *sv)
{
    int ret;

    do {
        ret = h->save_live_iterate(f, NULL);
        sv->sections++;
        g_assert_cmpint(ret, >=, 0);
    } while (!ret);
}

/* Load every section of @sv into the current blocks; the result. */
static int load_saved(Saved *sv, Error **errp)
{
    const SaveVMHandlers *h = ram_savevm_handlers();
    QEMUFile *f = buffer_input(sv->bioc);
    int ret = h->load_setup(f, NULL, &error_abort);

    for (int i = 0; !ret && i < sv->sections; i++) {
        ret = h->load_state(f, NULL, RAM_SECTION_VERSION);
    }
    if (ret < 0) {
        qemu_file_get_error_obj(f, errp);
    }
    h->load_cleanup(NULL);
    qemu_fclose(f);
    return ret;
}

static void saved_free(Saved *sv)
{
    if (sv->out) {
        qemu_fclose(sv->out);
    }
    object_unref(OBJECT(sv->bioc));
    for (size_t i = 0; i < NBLOCKS; i++) {
        g_clear_pointer(&sv->expect[i], g_free);
    }
}

/*
 * Save the blocks: a first pass, a round of guest writes and a second
 * pass, more writes and the completion.  Remember what the blocks
 * held at the end.
 */
static void save_with_dirtying(Saved *sv, bool xbzrle_writes)
{
    const SaveVMHandlers *h = ram_savevm_handlers();
    QEMUFile *f = buffer_output(&sv->bioc);
    uint64_t must = 0, can = 0;
    uint8_t buf[PAGE];

    g_assert_cmpint(h->save_setup(f, NULL, &error_abort), ==, 0);
    sv->sections++;
    h->state_pending_estimate(NULL, &must, &can);
    g_assert_cmpuint(must, ==, specs[0].size + specs[1].size);
    iterate_until_done(h, f, sv);
    must = 0;
    h->state_pending_estimate(NULL, &must, &can);
    g_assert_cmpuint(must, ==, 0);

    /* Writes while the migration runs: a few bytes and whole pages. */
    guest_poke(blocks[0], 5 * PAGE + 17, 0xaa);
    guest_poke(blocks[0], 3 * PAGE, 0x55);          /* was a zero page */
    memset(buf, 0x77, sizeof(buf));
    guest_write(blocks[1], 64 * PAGE, buf, PAGE);     /* the last page */
    if (xbzrle_writes) {
        for (int i = 0; i < 40; i++) {
            guest_poke(blocks[0], (100 + i) * PAGE + i * 7, i + 1);
        }
    }
    must = 0;
    h->state_pending_exact(NULL, &must, &can);
    g_assert_cmpuint(must, ==, (xbzrle_writes ? 43 : 3) * PAGE);
    iterate_until_done(h, f, sv);

    /* More writes; the last pass happens with the guest "stopped". */
    guest_poke(blocks[0], 5 * PAGE + 18, 0xbb);
    memset(buf, 0, sizeof(buf));
    guest_write(blocks[1], 2 * PAGE, buf, PAGE);      /* now zero */
    if (xbzrle_writes) {
        for (int i = 0; i < 40; i++) {
            guest_poke(blocks[0], (100 + i) * PAGE + i * 7 + 1, i + 2);
        }
    }
    g_assert_cmpint(h->save_live_complete_precopy(f, NULL), ==, 0);
    sv->sections++;
    h->save_cleanup(NULL);
    g_assert_cmpint(qemu_fflush(f), ==, 0);
    sv->out = f;

    for (size_t i = 0; i < NBLOCKS; i++) {
        sv->expect[i] = g_memdup2(blocks[i]->host, blocks[i]->used_length);
    }
}

/* Replace the blocks by fresh ones full of junk and load @sv. */
static void reload_and_check(Saved *sv)
{
    Error *err = NULL;

    blocks_free();
    blocks_alloc();
    for (size_t i = 0; i < NBLOCKS; i++) {
        memset(blocks[i]->host, 0x5a, blocks[i]->used_length);
    }
    if (load_saved(sv, &err) < 0) {
        g_printerr("load failed: %s\n",
                   err ? error_get_pretty(err) : "(no error)");
        g_assert_not_reached();
    }
    for (size_t i = 0; i < NBLOCKS; i++) {
        g_assert(memcmp(blocks[i]->host, sv->expect[i],
                        blocks[i]->used_length) == 0);
    }
}

static void test_precopy_roundtrip(void)
{
    Saved sv = { 0 };
    MigrationStats st = { 0 };
    uint64_t pages = (specs[0].size + specs[1].size) / PAGE;
    uint64_t zero_first = 0;

    options_reset();
    blocks_alloc();
    fill_pattern(blocks[0], 1);
    fill_pattern(blocks[1], 2);
    for (size_t i = 0; i < NBLOCKS; i++) {
        zero_first += DIV_ROUND_UP(blocks[i]->used_length / PAGE, 3);
    }

    save_with_dirtying(&sv, false);

    ram_fill_stats(&st);
    g_assert_cmpuint(st.total, ==, specs[0].size + specs[1].size);
    g_assert_cmpuint(st.remaining, ==, 0);
    g_assert_cmpuint(st.page_size, ==, PAGE);
    /* first pass + 3 pages + 2 pages; one of the last is zero */
    g_assert_cmpuint(st.duplicate, ==, zero_first + 1);
    g_assert_cmpuint(st.normal + st.duplicate, ==, pages + 3 + 2);
    g_assert_cmpuint(st.normal_bytes, ==, st.normal * PAGE);
    /* setup, each pending_exact and completion synced */
    g_assert_cmpuint(st.dirty_sync_count, ==, 3);
    g_assert_cmpuint(st.precopy_bytes + st.downtime_bytes, >,
                     st.normal * PAGE);

    reload_and_check(&sv);
    saved_free(&sv);
    blocks_free();
}

static void test_zero_page_detection_none(void)
{
    Saved sv = { 0 };
    MigrationStats st = { 0 };

    options_reset();
    mig()->parameters.zero_page_detection = ZERO_PAGE_DETECTION_NONE;
    blocks_alloc();
    fill_pattern(blocks[0], 3);
    fill_pattern(blocks[1], 4);
    save_with_dirtying(&sv, false);
    ram_fill_stats(&st);
    g_assert_cmpuint(st.duplicate, ==, 0);
    reload_and_check(&sv);
    saved_free(&sv);
    blocks_free();
}

static void test_xbzrle_roundtrip(void)
{
    Saved sv = { 0 };
    XBZRLECacheStats xs = { 0 };

    options_reset();
    mig()->capabilities[MIGRATION_CAPABILITY_XBZRLE] = true;
    blocks_alloc();
    fill_pattern(blocks[0], 5);
    fill_pattern(blocks[1], 6);
    save_with_dirtying(&sv, true);

    ram_fill_xbzrle_stats(&xs);
    g_assert_cmpuint(xs.cache_size, ==, 1024 * 1024);
    /*
     * The first pass fills no cache; the second misses and caches the
     * 40 poked pages (+ 3); the last sends them as deltas.
     */
    g_assert_cmpint(xs.cache_miss, >=, 43);
    g_assert_cmpint(xs.pages, >=, 40);
    g_assert_cmpint(xs.bytes, <, xs.pages * 64);
    g_assert_cmpint(xs.overflow, ==, 0);
    reload_and_check(&sv);
    saved_free(&sv);
    blocks_free();
    mig()->capabilities[MIGRATION_CAPABILITY_XBZRLE] = false;
}

/* A bad cache size fails the setup with an error. */
static void test_xbzrle_bad_cache(void)
{
    const SaveVMHandlers *h = ram_savevm_handlers();
    QIOChannelBuffer *bioc;
    QEMUFile *f = buffer_output(&bioc);
    Error *err = NULL;

    options_reset();
    mig()->capabilities[MIGRATION_CAPABILITY_XBZRLE] = true;
    mig()->parameters.xbzrle_cache_size = 100;
    blocks_alloc();
    g_assert_cmpint(h->save_setup(f, NULL, &err), <, 0);
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "100"));
    error_free(err);
    err = NULL;
    h->save_cleanup(NULL);
    g_assert_cmpint(xbzrle_cache_resize(3000, &err), ==, -1);
    g_assert_nonnull(strstr(error_get_pretty(err), "3000"));
    error_free(err);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
    blocks_free();
    options_reset();
}

/*
 * Auto-converge: when the guest dirties more than the threshold share
 * of what was sent in two periods in a row, the vCPUs are throttled:
 * the initial percentage first, then by the increment up to the max.
 */
static void test_auto_converge(void)
{
    const SaveVMHandlers *h = ram_savevm_handlers();
    QIOChannelBuffer *bioc;
    QEMUFile *f = buffer_output(&bioc);
    MigrationParameters *p = &mig()->parameters;
    int expect[] = { 0, 20, 20, 25 };

    options_reset();
    mig()->capabilities[MIGRATION_CAPABILITY_AUTO_CONVERGE] = true;
    p->throttle_trigger_threshold = 50;
    p->cpu_throttle_initial = 20;
    p->cpu_throttle_increment = 10;
    p->max_cpu_throttle = 25;
    p->cpu_throttle_tailslow = false;
    blocks_alloc();
    fill_pattern(blocks[0], 10);
    g_assert_cmpint(h->save_setup(f, NULL, &error_abort), ==, 0);
    while (!h->save_live_iterate(f, NULL)) {
    }
    qemu_fflush(f);
    mig_throttle_counter_reset();
    for (int round = 0; round < 4; round++) {
        uint64_t must = 0, can = 0;

        /*
         * The guest dirties 256 pages per period and we send just those:
         * dirtying is 100% of the transfer, above the 50% threshold.
         */
        for (int i = 0; i < 256; i++) {
            guest_poke(blocks[0], i * PAGE, round + 1);
        }
        g_usleep(1050 * 1000);
        h->state_pending_exact(NULL, &must, &can);
        g_assert_cmpuint(must, ==, 256 * PAGE);
        g_assert_cmpint(cpu_throttle_get_percentage(), ==, expect[round]);
        while (!h->save_live_iterate(f, NULL)) {
        }
        qemu_fflush(f);
    }
    g_assert_true(cpu_throttle_active());
    cpu_throttle_stop();
    h->save_cleanup(NULL);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
    blocks_free();
    options_reset();
}

/* ---- the rate limit ------------------------------------------------------ */

static void test_rate_limit(void)
{
    QIOChannelBuffer *bioc;
    QEMUFile *f = buffer_output(&bioc);

    migration_reset_stats();
    migration_rate_set(0);
    g_assert_false(migration_rate_exceeded(f));
    migration_rate_set(1000 * 1000);            /* per second */
    g_assert_cmpuint(migration_rate_get(), ==, 1000 * 1000 / 10);
    migration_rate_reset();
    stat64_add(&mig_stats.qemu_file_transferred, 100 * 1000);
    g_assert_false(migration_rate_exceeded(f));
    stat64_add(&mig_stats.qemu_file_transferred, 1);
    g_assert_true(migration_rate_exceeded(f));
    g_assert_cmpuint(migration_transferred_bytes(), ==, 100 * 1000 + 1);
    migration_rate_reset();
    g_assert_false(migration_rate_exceeded(f));
    migration_rate_set(5);                      /* tiny, still a limit */
    g_assert_cmpuint(migration_rate_get(), ==, 1);
    migration_rate_set(0);
    migration_reset_stats();
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
}

/* With a limit, an iteration stops early and says it is not done. */
static void test_rate_limited_iteration(void)
{
    const SaveVMHandlers *h = ram_savevm_handlers();
    QIOChannelBuffer *bioc;
    QEMUFile *f = buffer_output(&bioc);
    uint64_t before = 0, after = 0, can = 0;

    options_reset();
    blocks_alloc();
    fill_pattern(blocks[0], 7);
    fill_pattern(blocks[1], 8);
    g_assert_cmpint(h->save_setup(f, NULL, &error_abort), ==, 0);
    migration_rate_set(10 * PAGE * 10);         /* 10 pages per window */
    migration_rate_reset();
    h->state_pending_estimate(NULL, &before, &can);
    g_assert_cmpint(h->save_live_iterate(f, NULL), ==, 0);
    h->state_pending_estimate(NULL, &after, &can);
    g_assert_cmpuint(after, <, before);
    g_assert_cmpuint(after, >, 0);
    migration_rate_set(0);
    h->save_cleanup(NULL);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
    blocks_free();
}

/* ---- corrupt and truncated streams ------------------------------------- */

typedef struct Rec {
    GByteArray *a;
} Rec;

static void put64(GByteArray *a, uint64_t v)
{
    uint8_t b[8];

    for (int i = 0; i < 8; i++) {
        b[i] = v >> (56 - 8 * i);
    }
    g_byte_array_append(a, b, 8);
}

static void put8(GByteArray *a, uint8_t v)
{
    g_byte_array_append(a, &v, 1);
}

static void put_id(GByteArray *a, const char *id)
{
    put8(a, strlen(id));
    g_byte_array_append(a, (const uint8_t *)id, strlen(id));
}

/* Load @a as one RAM section; expect failure mentioning @needle. */
static void expect_load_error(GByteArray *a, const char *needle)
{
    const SaveVMHandlers *h = ram_savevm_handlers();
    QIOChannelBuffer *bioc;
    QEMUFile *f = bytes_input(&bioc, a->data, a->len);
    Error *err = NULL;
    int ret;

    h->load_setup(f, NULL, &error_abort);
    ret = h->load_state(f, NULL, RAM_SECTION_VERSION);
    g_assert_cmpint(ret, <, 0);
    if (needle) {
        qemu_file_get_error_obj(f, &err);
        g_assert_nonnull(err);
        if (!strstr(error_get_pretty(err), needle)) {
            g_printerr("error '%s' lacks '%s'\n", error_get_pretty(err),
                       needle);
            g_assert_not_reached();
        }
        error_free(err);
    }
    h->load_cleanup(NULL);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
    g_byte_array_free(a, true);
}

static void test_load_bad_streams(void)
{
    GByteArray *a;
    uint8_t page[PAGE] = { 0 };

    blocks_alloc();

    /* unknown block in the block list */
    a = g_byte_array_new();
    put64(a, PAGE | RAM_SAVE_FLAG_MEM_SIZE);
    put_id(a, "nosuch");
    put64(a, PAGE);
    expect_load_error(a, "nosuch");

    /* size mismatch */
    a = g_byte_array_new();
    put64(a, specs[0].size * 2 | RAM_SAVE_FLAG_MEM_SIZE);
    put_id(a, "test.ram0");
    put64(a, specs[0].size * 2);
    expect_load_error(a, "size mismatch");

    /* page beyond the block */
    a = g_byte_array_new();
    put64(a, (specs[1].size + PAGE) | RAM_SAVE_FLAG_PAGE);
    put_id(a, "test.ram1");
    g_byte_array_append(a, page, PAGE);
    expect_load_error(a, "beyond");

    /* page of an unknown block */
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_ZERO);
    put_id(a, "ghost");
    put8(a, 0);
    expect_load_error(a, "ghost");

    /* obsolete and unknown flags */
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_COMPRESS_PAGE);
    expect_load_error(a, "flags");
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_FULL);
    expect_load_error(a, "flags");
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_ZERO | RAM_SAVE_FLAG_PAGE);
    put_id(a, "test.ram0");
    expect_load_error(a, "flags");

    /* CONTINUE with no block before */
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_ZERO | RAM_SAVE_FLAG_CONTINUE);
    put8(a, 0);
    expect_load_error(a, "no block");

    /* zero page with a fill byte */
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_ZERO);
    put_id(a, "test.ram0");
    put8(a, 7);
    expect_load_error(a, "fill byte");

    /* xbzrle: wrong encoding, too long, garbage */
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_XBZRLE);
    put_id(a, "test.ram0");
    put8(a, 2);
    put8(a, 0);
    put8(a, 1);
    put8(a, 0);
    expect_load_error(a, "encoding");
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_XBZRLE);
    put_id(a, "test.ram0");
    put8(a, ENCODING_FLAG_XBZRLE);
    put8(a, 0x20);
    put8(a, 0x01);
    expect_load_error(a, "more than a page");
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_XBZRLE);
    put_id(a, "test.ram0");
    put8(a, ENCODING_FLAG_XBZRLE);
    put8(a, 0);
    put8(a, 3);
    put8(a, 0x7f);          /* zero run of 127 */
    put8(a, 0);             /* empty data run: invalid */
    put8(a, 0);
    expect_load_error(a, "decode");

    /* truncated: no EOS */
    a = g_byte_array_new();
    put64(a, RAM_SAVE_FLAG_ZERO);
    put_id(a, "test.ram0");
    put8(a, 0);
    expect_load_error(a, NULL);

    /* a version we do not know */
    {
        const SaveVMHandlers *h = ram_savevm_handlers();
        QIOChannelBuffer *bioc;
        QEMUFile *f = bytes_input(&bioc, "", 0);

        g_assert_cmpint(h->load_state(f, NULL, 5), <, 0);
        qemu_fclose(f);
        object_unref(OBJECT(bioc));
    }
    blocks_free();
}

/* Every prefix of a valid stream, and random damage, fail cleanly. */
static void test_load_truncated_and_fuzzed(void)
{
    Saved sv = { 0 };
    GByteArray *stream;
    GRand *rand = g_rand_new_with_seed(4242);

    options_reset();
    blocks_alloc();
    fill_pattern(blocks[1], 9);
    /* One small block only: keep the stream short. */
    qemu_ram_free(blocks[0]);
    blocks[0] = NULL;
    {
        const SaveVMHandlers *h = ram_savevm_handlers();
        QEMUFile *f = buffer_output(&sv.bioc);

        g_assert_cmpint(h->save_setup(f, NULL, &error_abort), ==, 0);
        g_assert_cmpint(h->save_live_complete_precopy(f, NULL), ==, 0);
        h->save_cleanup(NULL);
        sv.out = f;
    }
    stream = g_byte_array_new();
    g_byte_array_append(stream, sv.bioc->data, sv.bioc->usage);

    for (guint cut = 0; cut < stream->len; cut += 1 + cut / 16) {
        const SaveVMHandlers *h = ram_savevm_handlers();
        QIOChannelBuffer *bioc;
        QEMUFile *f = bytes_input(&bioc, stream->data, cut);
        int ret;

        h->load_setup(f, NULL, &error_abort);
        ret = h->load_state(f, NULL, RAM_SECTION_VERSION);
        if (ret == 0) {
            ret = h->load_state(f, NULL, RAM_SECTION_VERSION);
        }
        g_assert_cmpint(ret, <, 0);
        h->load_cleanup(NULL);
        qemu_fclose(f);
        object_unref(OBJECT(bioc));
    }

    for (int round = 0; round < 300; round++) {
        const SaveVMHandlers *h = ram_savevm_handlers();
        g_autofree uint8_t *copy = g_memdup2(stream->data, stream->len);
        QIOChannelBuffer *bioc;
        QEMUFile *f;

        for (int k = 0; k < 1 + round % 8; k++) {
            /* Damage mostly the headers, where the decisions are. */
            guint pos = round % 2 ? g_rand_int_range(rand, 0, 64)
                                  : g_rand_int_range(rand, 0, stream->len);
            copy[pos % stream->len] = g_rand_int_range(rand, 0, 256);
        }
        f = bytes_input(&bioc, copy, stream->len);
        h->load_setup(f, NULL, &error_abort);
        for (int i = 0; i < 2; i++) {
            if (h->load_state(f, NULL, RAM_SECTION_VERSION) < 0) {
                break;
            }
        }
        h->load_cleanup(NULL);
        qemu_fclose(f);
        object_unref(OBJECT(bioc));
    }
    g_rand_free(rand);
    g_byte_array_free(stream, true);
    saved_free(&sv);
    qemu_ram_free(blocks[1]);
    blocks[1] = NULL;
}

/* ---- xbzrle and the page cache -------------------------------------- */

static void test_xbzrle_codec(void)
{
    GRand *rand = g_rand_new_with_seed(77);
    uint8_t old[PAGE], new[PAGE], out[PAGE], enc[PAGE];
    int len;

    for (int round = 0; round < 500; round++) {
        int changes = g_rand_int_range(rand, 0, round < 400 ? 40 : 3000);

        for (size_t i = 0; i < PAGE; i++) {
            old[i] = g_rand_int_range(rand, 0, 256);
        }
        memcpy(new, old, PAGE);
        for (int c = 0; c < changes; c++) {
            new[g_rand_int_range(rand, 0, PAGE)] ^=
                g_rand_int_range(rand, 1, 256);
        }
        len = xbzrle_encode_buffer(old, new, PAGE, enc, PAGE);
        if (!memcmp(old, new, PAGE)) {
            g_assert_cmpint(len, ==, 0);
            continue;
        }
        if (len < 0) {
            g_assert_cmpint(changes, >, 100);   /* overflow: many changes */
            continue;
        }
        g_assert_cmpint(len, >, 0);
        memcpy(out, old, PAGE);
        g_assert_cmpint(xbzrle_decode_buffer(enc, len, out, PAGE), >, 0);
        g_assert(memcmp(out, new, PAGE) == 0);
    }

    /* Everything changed: does not fit in a page. */
    memset(old, 0, PAGE);
    memset(new, 1, PAGE);
    g_assert_cmpint(xbzrle_encode_buffer(old, new, PAGE, enc, PAGE), ==, -1);
    /* Only the last byte changed. */
    memset(new, 0, PAGE);
    new[PAGE - 1] = 9;
    len = xbzrle_encode_buffer(old, new, PAGE, enc, PAGE);
    g_assert_cmpint(len, ==, 2 + 1 + 1);
    memset(out, 0, PAGE);
    g_assert_cmpint(xbzrle_decode_buffer(enc, len, out, PAGE), ==, PAGE);
    g_assert_cmpint(out[PAGE - 1], ==, 9);

    /* Malformed encodings */
    {
        uint8_t beyond[] = { 0xff, 0x7f, 0x01, 0x00 }; /* skip past end */
        uint8_t empty_nz[] = { 0x01, 0x00 };
        uint8_t short_data[] = { 0x00, 0x05, 0x01 };
        uint8_t bad_uleb[] = { 0x80, 0x80, 0x01, 0x01, 0x00 };
        uint8_t zero_mid[] = { 0x00, 0x01, 0xaa, 0x00, 0x01, 0xbb };

        g_assert_cmpint(xbzrle_decode_buffer(beyond, 4, out, PAGE), ==, -1);
        g_assert_cmpint(xbzrle_decode_buffer(empty_nz, 2, out, PAGE), ==,
                        -1);
        g_assert_cmpint(xbzrle_decode_buffer(short_data, 3, out, PAGE), ==,
                        -1);
        g_assert_cmpint(xbzrle_decode_buffer(bad_uleb, 5, out, PAGE), ==,
                        -1);
        g_assert_cmpint(xbzrle_decode_buffer(zero_mid, 6, out, PAGE), ==,
                        -1);
    }
    g_rand_free(rand);
}

static void test_page_cache(void)
{
    Error *err = NULL;
    PageCache *c;
    uint8_t a[PAGE], b[PAGE];

    g_assert_null(cache_init(PAGE - 1, PAGE, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;

    c = cache_init(5 * PAGE, PAGE, &error_abort);
    g_assert_cmpint(cache_size(c), ==, 4);      /* rounded down to 2^n */
    memset(a, 1, PAGE);
    memset(b, 2, PAGE);
    g_assert_false(cache_is_cached(c, 0, 1));
    g_assert_cmpint(cache_insert(c, 0, a, 1), ==, 0);
    g_assert_true(cache_is_cached(c, 0, 1));
    g_assert_cmpint(get_cached_data(c, 0)[0], ==, 1);
    /* same slot, another page, while the first is fresh: refused */
    g_assert_cmpint(cache_insert(c, 4 * PAGE, b, 2), ==, -1);
    g_assert_true(cache_is_cached(c, 0, 2));
    /* once it aged, it is replaced */
    g_assert_cmpint(cache_insert(c, 4 * PAGE, b, 5), ==, 0);
    g_assert_false(cache_is_cached(c, 0, 5));
    g_assert_true(cache_is_cached(c, 4 * PAGE, 5));
    g_assert_cmpint(get_cached_data(c, 4 * PAGE)[0], ==, 2);
    cache_fini(c);
}

/* ---- throttle ----------------------------------------------------------- */

static void test_throttle(void)
{
    uint64_t gen = 0;

    g_assert_false(cpu_throttle_active());
    g_assert_cmpint(cpu_throttle_vcpu_sleep_ns(&gen), ==, 0);
    cpu_throttle_set(150);
    g_assert_true(cpu_throttle_active());
    g_assert_cmpint(cpu_throttle_get_percentage(), ==, 99);
    cpu_throttle_set(0);
    g_assert_cmpint(cpu_throttle_get_percentage(), ==, 1);
    cpu_throttle_set(50);
    g_assert_cmpint(cpu_throttle_get_percentage(), ==, 50);
    cpu_throttle_stop();
    g_assert_false(cpu_throttle_active());
    g_assert_cmpint(cpu_throttle_get_percentage(), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    migration_object_init(&error_abort);

    g_test_add_func("/ram/xbzrle/codec", test_xbzrle_codec);
    g_test_add_func("/ram/page-cache", test_page_cache);
    g_test_add_func("/ram/rate-limit", test_rate_limit);
    g_test_add_func("/ram/throttle", test_throttle);
    g_test_add_func("/ram/precopy", test_precopy_roundtrip);
    g_test_add_func("/ram/zero-page-detection-none",
                    test_zero_page_detection_none);
    g_test_add_func("/ram/xbzrle/roundtrip", test_xbzrle_roundtrip);
    g_test_add_func("/ram/xbzrle/bad-cache", test_xbzrle_bad_cache);
    g_test_add_func("/ram/auto-converge", test_auto_converge);
    g_test_add_func("/ram/rate-limited-iteration",
                    test_rate_limited_iteration);
    g_test_add_func("/ram/load/bad", test_load_bad_streams);
    g_test_add_func("/ram/load/truncated-fuzzed",
                    test_load_truncated_and_fuzzed);
    return g_test_run();
}
