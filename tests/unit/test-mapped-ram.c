/*
 * mapped-ram: the RAM section saved into a seekable in-memory channel
 * with pages at fixed offsets, pages dirtied between passes, and loaded
 * into fresh blocks; the layout of the file; page writes as the multifd
 * threads will do them; and headers that are wrong or point outside
 * the file, which must fail with an error naming the problem.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "exec/ram_addr.h"
#include "system/ramblock.h"
#include "io/channel-buffer.h"
#include "migration/misc.h"
#include "migration/register.h"
#include "migration/migration.h"
#include "migration/migration-stats.h"
#include "migration/qemu-file.h"
#include "migration/ram.h"
#include "migration/mapped-ram.h"
#include "ram-test-blocks.h"

#define MIB (1024 * 1024)

static void guest_write(RAMBlock *rb, uint64_t offset, uint8_t val,
                        size_t len)
{
    memset(rb->host + offset, val, len);
    cpu_physical_memory_set_dirty_range(rb->offset + offset, len,
                                        DIRTY_CLIENTS_ALL);
}

static void options_reset(bool mapped_ram)
{
    MigrationState *s = migrate_get_current();

    memset(s->capabilities, 0, sizeof(s->capabilities));
    s->capabilities[MIGRATION_CAPABILITY_MAPPED_RAM] = mapped_ram;
    s->parameters.zero_page_detection = ZERO_PAGE_DETECTION_LEGACY;
    migration_reset_stats();
    migration_rate_set(0);
}

/* Where the block list names @rb: its mapped-ram header follows. */
static size_t header_pos(QIOChannelBuffer *bioc, RAMBlock *rb)
{
    size_t len = strlen(rb->idstr);

    for (size_t i = 0; i + len + 9 < bioc->usage; i++) {
        if (bioc->data[i] == len &&
            !memcmp(bioc->data + i + 1, rb->idstr, len)) {
            return i + 1 + len + 8;
        }
    }
    g_assert_not_reached();
}

static bool file_bit(QIOChannelBuffer *bioc, RAMBlock *rb, uint64_t page)
{
    const uint8_t *h = bioc->data + header_pos(bioc, rb);

    return bioc->data[ldq_be_p(h + 12) + page / 8] & (1 << (page % 8));
}

/* ---- a saved file ------------------------------------------------------ */

typedef struct Saved {
    QIOChannelBuffer *bioc;
    QEMUFile *out;
    int sections;
    size_t size_first_pass;
    uint8_t *expect[NBLOCKS];
} Saved;

static void iterate_until_done(const SaveVMHandlers *h, Saved *sv)
{
    int ret;

    do {
        ret = h->save_live_iterate(sv->out, NULL);
        sv->sections++;
        g_assert_cmpint(ret, >=, 0);
    } while (!ret);
}

/* A first pass, guest writes, a second pass, writes, the completion. */
static void save_with_dirtying(Saved *sv)
{
    const SaveVMHandlers *h = ram_savevm_handlers();
    uint64_t must = 0, can = 0;

    sv->bioc = qio_channel_buffer_new(64 * 1024);
    sv->out = qemu_file_new_output(QIO_CHANNEL(sv->bioc));
    g_assert_cmpint(h->save_setup(sv->out, NULL, &error_abort), ==, 0);
    sv->sections++;
    iterate_until_done(h, sv);
    g_assert_cmpint(qemu_fflush(sv->out), ==, 0);
    sv->size_first_pass = sv->bioc->usage;

    guest_write(blocks[0], 5 * PAGE + 17, 0xaa, 1);
    guest_write(blocks[0], 3 * PAGE, 0x55, 1);           /* was zero */
    guest_write(blocks[1], 64 * PAGE, 0x77, PAGE);       /* last page */
    h->state_pending_exact(NULL, &must, &can);
    g_assert_cmpuint(must, ==, 3 * PAGE);
    iterate_until_done(h, sv);

    guest_write(blocks[0], 5 * PAGE + 18, 0xbb, 1);
    guest_write(blocks[1], 2 * PAGE, 0, PAGE);           /* now zero */
    g_assert_cmpint(h->save_live_complete_precopy(sv->out, NULL), ==, 0);
    sv->sections++;
    h->save_cleanup(NULL);
    g_assert_cmpint(qemu_fflush(sv->out), ==, 0);
    for (size_t i = 0; i < NBLOCKS; i++) {
        sv->expect[i] = g_memdup2(blocks[i]->host, blocks[i]->used_length);
    }
}

static void saved_free(Saved *sv)
{
    qemu_fclose(sv->out);
    object_unref(OBJECT(sv->bioc));
    for (size_t i = 0; i < NBLOCKS; i++) {
        g_free(sv->expect[i]);
    }
}

/* Load @sections sections of the file @data into the current blocks. */
static int load(const uint8_t *data, size_t len, int sections, Error **errp)
{
    const SaveVMHandlers *h = ram_savevm_handlers();
    QIOChannelBuffer *bioc = qio_channel_buffer_new(MAX(len, 1));
    QEMUFile *f;
    int ret;

    /* A copy: closing the file empties its channel. */
    memcpy(bioc->data, data, len);
    bioc->usage = len;
    f = qemu_file_new_input(QIO_CHANNEL(bioc));
    ret = h->load_setup(f, NULL, &error_abort);
    for (int i = 0; !ret && i < sections; i++) {
        ret = h->load_state(f, NULL, RAM_SECTION_VERSION);
    }
    if (ret < 0) {
        qemu_file_get_error_obj(f, errp);
    }
    h->load_cleanup(NULL);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
    return ret;
}

static void junk_blocks(void)
{
    blocks_free();
    blocks_alloc();
    for (size_t i = 0; i < NBLOCKS; i++) {
        memset(blocks[i]->host, 0x5a, blocks[i]->used_length);
    }
}

static void test_roundtrip_and_layout(void)
{
    Saved sv = { 0 };
    MigrationStats st = { 0 };
    size_t pos[NBLOCKS];

    options_reset(true);
    blocks_alloc();
    fill_pattern(blocks[0], 1);
    fill_pattern(blocks[1], 2);
    save_with_dirtying(&sv);

    for (size_t i = 0; i < NBLOCKS; i++) {
        const uint8_t *h;
        uint64_t pages = specs[i].size / PAGE;

        pos[i] = header_pos(sv.bioc, blocks[i]);
        h = sv.bioc->data + pos[i];
        g_assert_cmpuint(ldl_be_p(h), ==, MAPPED_RAM_HDR_VERSION);
        g_assert_cmpuint(ldq_be_p(h + 4), ==, PAGE);
        g_assert_cmpuint(ldq_be_p(h + 12), ==, pos[i] + MAPPED_RAM_HDR_SIZE);
        g_assert_cmpuint(ldq_be_p(h + 20) % MAPPED_RAM_FILE_OFFSET_ALIGNMENT,
                         ==, 0);
        /* the next block's name follows this block's pages */
        if (i) {
            g_assert_cmpuint(pos[i], >,
                             ldq_be_p(sv.bioc->data + pos[i - 1] + 20) +
                             specs[i - 1].size);
        }
        /* a page at its place, zero pages left out */
        g_assert(memcmp(sv.bioc->data + ldq_be_p(h + 20) + PAGE,
                        sv.expect[i] + PAGE, PAGE) == 0);
        g_assert_false(file_bit(sv.bioc, blocks[i], 0));
        g_assert_true(file_bit(sv.bioc, blocks[i], 1));
        g_assert_true(file_bit(sv.bioc, blocks[i], pages - 1));
    }
    g_assert_true(file_bit(sv.bioc, blocks[0], 3));     /* written later */
    g_assert_false(file_bit(sv.bioc, blocks[1], 2));    /* zeroed later */
    /* rewritten pages went where they were: only stream bytes grew */
    g_assert_cmpuint(sv.bioc->usage, <, sv.size_first_pass + 256);

    ram_fill_stats(&st);
    g_assert_cmpuint(st.normal + st.duplicate, ==,
                     (specs[0].size + specs[1].size) / PAGE + 3 + 2);

    junk_blocks();
    g_assert_cmpint(load(sv.bioc->data, sv.bioc->usage, sv.sections,
                         &error_abort), ==, 0);
    for (size_t i = 0; i < NBLOCKS; i++) {
        g_assert(memcmp(blocks[i]->host, sv.expect[i],
                        blocks[i]->used_length) == 0);
    }
    saved_free(&sv);
    blocks_free();
}

/* The path multifd threads take: their own channel, any pages. */
static void test_write_pages(void)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(0);
    QEMUFile *f;
    RAMBlock *rb;
    ram_addr_t offsets[] = { 0, PAGE, 2 * PAGE, 7 * PAGE, 9 * PAGE };
    ram_addr_t zero[] = { PAGE };
    Error *err = NULL;
    uint64_t pages_at;

    options_reset(true);
    blocks_alloc();
    rb = blocks[1];
    fill_pattern(rb, 9);
    f = qemu_file_new_output(QIO_CHANNEL(bioc));
    mapped_ram_setup_block(f, rb);
    g_assert_cmpint(qemu_fflush(f), ==, 0);
    pages_at = rb->pages_offset;
    g_assert_cmpuint(pages_at, ==, MAPPED_RAM_FILE_OFFSET_ALIGNMENT);
    g_assert_cmpuint(bioc->offset, ==, pages_at + rb->used_length);

    g_assert_cmpint(mapped_ram_write_pages(QIO_CHANNEL(bioc), rb, offsets,
                                           G_N_ELEMENTS(offsets), &err),
                    ==, G_N_ELEMENTS(offsets) * PAGE);
    mapped_ram_clear_pages(rb, zero, 1);
    g_assert_cmphex(rb->file_bmap[0], ==, 1 | 4 | 1 << 7 | 1 << 9);
    for (size_t i = 0; i < G_N_ELEMENTS(offsets); i++) {
        g_assert(memcmp(bioc->data + pages_at + offsets[i],
                        rb->host + offsets[i], PAGE) == 0);
    }
    g_assert_cmpuint(mapped_ram_save_bitmap(f, rb), ==, 16);
    g_assert_cmphex(bioc->data[rb->bitmap_offset], ==, 0x85);
    g_assert_cmphex(bioc->data[rb->bitmap_offset + 1], ==, 0x02);
    mapped_ram_block_cleanup(rb);
    g_assert_null(rb->file_bmap);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
    blocks_free();
}

/* ---- damaged files and mismatched streams ------------------------------ */

static void expect_error(Saved *sv, const uint8_t *data, size_t len,
                         const char *needle)
{
    Error *err = NULL;

    junk_blocks();
    g_assert_cmpint(load(data, len, sv->sections, &err), <, 0);
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), needle)) {
        g_printerr("error '%s' lacks '%s'\n", error_get_pretty(err), needle);
        g_assert_not_reached();
    }
    error_free(err);
}

static void put_be(uint8_t *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8) {
        p[i] = v;
    }
}

static void test_bad_files(void)
{
    Saved sv = { 0 };
    g_autofree uint8_t *bad = NULL;
    size_t len, pos;
    uint8_t *h;
    uint64_t pages_at;

    options_reset(true);
    blocks_alloc();
    fill_pattern(blocks[0], 3);
    fill_pattern(blocks[1], 4);
    save_with_dirtying(&sv);
    len = sv.bioc->usage;
    pos = header_pos(sv.bioc, blocks[0]);
    bad = g_malloc(len);
    h = bad + pos;
#define DAMAGE(field, size, value, needle) do {                 \
        memcpy(bad, sv.bioc->data, len);                        \
        put_be(h + (field), (value), (size));                   \
        expect_error(&sv, bad, len, (needle));                  \
    } while (0)

    /* a destination without the capability */
    options_reset(false);
    expect_error(&sv, sv.bioc->data, len,
                 "saved with capability mapped-ram, which is off");
    options_reset(true);

    pages_at = ldq_be_p(sv.bioc->data + pos + 20);
    DAMAGE(0, 4, 2, "version not supported (expected <= 1, got 2)");
    DAMAGE(0, 4, 0, "saved without capability mapped-ram");
    DAMAGE(4, 8, 65536, "pages of 65536 bytes, expected 4096");
    DAMAGE(20, 8, pages_at + 8, "bad alignment");
    DAMAGE(12, 8, 3, "bad mapped-ram layout");
    DAMAGE(20, 8, 1ULL << 40, "beyond the end of the file");
    DAMAGE(20, 8, UINT64_MAX & ~(uint64_t)(PAGE - 1),
           "bad mapped-ram layout");
#undef DAMAGE

    /* cut inside the pages of the first block, inside a header */
    expect_error(&sv, sv.bioc->data, pages_at + 10 * PAGE,
                 "beyond the end of the file");
    expect_error(&sv, sv.bioc->data, pos + 10, "end");

    /* a plain stream, with the capability on */
    saved_free(&sv);
    memset(&sv, 0, sizeof(sv));
    options_reset(false);
    save_with_dirtying(&sv);
    options_reset(true);
    expect_error(&sv, sv.bioc->data, sv.bioc->usage,
                 "saved without capability mapped-ram");
    options_reset(false);
    junk_blocks();
    g_assert_cmpint(load(sv.bioc->data, sv.bioc->usage, sv.sections,
                         &error_abort), ==, 0);
    saved_free(&sv);
    blocks_free();
}

/* Every cut of a file, and random damage to it, fail cleanly. */
static void test_truncated_and_fuzzed(void)
{
    Saved sv = { 0 };
    GRand *rand = g_rand_new_with_seed(8128);
    size_t len, hdr[NBLOCKS];
    g_autofree uint8_t *copy = NULL;

    options_reset(true);
    blocks_alloc();
    fill_pattern(blocks[0], 5);
    fill_pattern(blocks[1], 6);
    save_with_dirtying(&sv);
    len = sv.bioc->usage;
    for (size_t i = 0; i < NBLOCKS; i++) {
        hdr[i] = header_pos(sv.bioc, blocks[i]);
    }
    copy = g_malloc(len);

    for (size_t cut = 0; cut < len; cut += 1 + cut / 8) {
        junk_blocks();
        g_assert_cmpint(load(sv.bioc->data, cut, sv.sections, NULL), <, 0);
    }
    for (int round = 0; round < 200; round++) {
        memcpy(copy, sv.bioc->data, len);
        for (int k = 0; k < 1 + round % 4; k++) {
            /* Mostly the headers and bitmaps, where the decisions are. */
            size_t at = hdr[round % NBLOCKS] +
                        g_rand_int_range(rand, -16, MAPPED_RAM_HDR_SIZE + 64);

            if (round % 5 == 4) {
                at = g_rand_int_range(rand, 0, len);
            }
            copy[at % len] = g_rand_int_range(rand, 0, 256);
        }
        junk_blocks();
        load(copy, len, sv.sections, NULL);
    }
    g_rand_free(rand);
    saved_free(&sv);
    blocks_free();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    migration_object_init(&error_abort);

    g_test_add_func("/mapped-ram/roundtrip", test_roundtrip_and_layout);
    g_test_add_func("/mapped-ram/write-pages", test_write_pages);
    g_test_add_func("/mapped-ram/bad-files", test_bad_files);
    g_test_add_func("/mapped-ram/truncated-fuzzed",
                    test_truncated_and_fuzzed);
    return g_test_run();
}
