/*
 * x-ignore-shared: shared file-backed RAM stays where it is (see
 * ignore-shared.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "exec/memory.h"
#include "migration/vmstate.h"
#include "qemu-file.h"
#include "options.h"
#include "vmstate-internal.h"
#include "ignore-shared.h"

/* Set in the be64 address of a block the source does not send */
#define IGNORE_SHARED_FLAG_IGNORED 0x1ULL

bool migrate_ram_is_ignored(RAMBlock *rb)
{
    return migrate_ignore_shared() && qemu_ram_is_shared_file(rb);
}

static uint64_t block_gpa(RAMBlock *rb)
{
    return rb->mr ? rb->mr->addr : 0;
}

size_t ignore_shared_save_block(QEMUFile *f, RAMBlock *rb)
{
    qemu_put_be64(f, block_gpa(rb) |
                     (migrate_ram_is_ignored(rb) ? IGNORE_SHARED_FLAG_IGNORED
                                                 : 0));
    return IGNORE_SHARED_BLOCK_BYTES;
}

bool ignore_shared_load_block(QEMUFile *f, RAMBlock *rb, Error **errp)
{
    uint64_t v = qemu_get_be64(f);
    bool src_ignored = v & IGNORE_SHARED_FLAG_IGNORED;
    uint64_t addr = v & ~IGNORE_SHARED_FLAG_IGNORED;

    if (qemu_file_get_error(f)) {
        error_setg(errp, "truncated block list");
        return false;
    }
    if (src_ignored && !migrate_ram_is_ignored(rb)) {
        error_setg(errp, "RAM block '%s' is a shared file on the source "
                   "and is not sent (x-ignore-shared), but here it is %s: "
                   "expected memory-backend-file with share=on mapping "
                   "the same file", rb->idstr,
                   !rb->named_file ? "not backed by a named file"
                                   : "not shared (share=off)");
        return false;
    }
    if (!src_ignored && migrate_ram_is_ignored(rb)) {
        error_setg(errp, "RAM block '%s' is a shared file here, but not on "
                   "the source, which sends its pages: expected the same "
                   "memory backend on both sides", rb->idstr);
        return false;
    }
    if (src_ignored && addr != block_gpa(rb)) {
        error_setg(errp, "Mismatched GPAs for block %s 0x%" PRIx64
                   " != 0x%" PRIx64, rb->idstr, addr, block_gpa(rb));
        return false;
    }
    return true;
}

/* ---- the sample section ---------------------------------------------- */

#define SAMPLE_PAGE_SIZE 4096
/* Pages sampled per block, spread evenly over it */
#define SAMPLE_SLOTS 64
/* From each slot, how far to look for a page that is not all zeros */
#define SAMPLE_SEARCH 16
/* Most samples the destination accepts for one block */
#define SAMPLE_MAX (SAMPLE_SLOTS * 4)

/* FNV-1a, 64 bits: cheap, and enough to tell two files apart. */
static uint64_t page_hash(const uint8_t *p)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (size_t i = 0; i < SAMPLE_PAGE_SIZE; i += 8) {
        uint64_t w;

        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
    }
    return h;
}

/* Offsets of the pages of @rb to sample: nonzero ones where possible. */
static uint32_t sample_offsets(RAMBlock *rb, uint64_t *off)
{
    uint64_t pages = rb->used_length / SAMPLE_PAGE_SIZE;
    uint32_t n = 0;

    for (uint64_t slot = 0; slot < SAMPLE_SLOTS && slot < pages; slot++) {
        uint64_t first = slot * pages / MIN(pages, SAMPLE_SLOTS);
        uint64_t page = first;

        for (uint64_t p = first; p < first + SAMPLE_SEARCH && p < pages;
             p++) {
            if (!buffer_is_zero(rb->host + p * SAMPLE_PAGE_SIZE,
                                SAMPLE_PAGE_SIZE)) {
                page = p;
                break;
            }
        }
        off[n++] = page * SAMPLE_PAGE_SIZE;
    }
    return n;
}

static void collect_ignored(RAMBlock *rb, void *opaque)
{
    if (migrate_ram_is_ignored(rb)) {
        g_ptr_array_add(opaque, rb);
    }
}

static GPtrArray *ignored_blocks(void)
{
    GPtrArray *arr = g_ptr_array_new();

    qemu_ram_foreach_block(collect_ignored, arr);
    return arr;
}

static bool samples_needed(void *opaque)
{
    g_autoptr(GPtrArray) arr = NULL;

    if (!migrate_ignore_shared()) {
        return false;
    }
    arr = ignored_blocks();
    return arr->len > 0;
}

static int put_samples(QEMUFile *f, void *pv, size_t size,
                       const VMStateField *field, JSONWriter *vmdesc)
{
    g_autoptr(GPtrArray) arr = ignored_blocks();
    uint64_t off[SAMPLE_SLOTS];

    qemu_put_be32(f, arr->len);
    for (guint i = 0; i < arr->len; i++) {
        RAMBlock *rb = arr->pdata[i];
        uint32_t n = sample_offsets(rb, off);

        qemu_put_counted_string(f, rb->idstr);
        qemu_put_be32(f, n);
        for (uint32_t j = 0; j < n; j++) {
            qemu_put_be64(f, off[j]);
            qemu_put_be64(f, page_hash(rb->host + off[j]));
        }
    }
    return 0;
}

static int get_samples(QEMUFile *f, void *pv, size_t size,
                       const VMStateField *field)
{
    uint32_t nblocks = qemu_get_be32(f);
    char id[256];

    for (uint32_t i = 0; i < nblocks && !qemu_file_get_error(f); i++) {
        RAMBlock *rb;
        uint32_t n;

        qemu_get_counted_string(f, id);
        n = qemu_get_be32(f);
        if (qemu_file_get_error(f)) {
            break;
        }
        rb = qemu_ram_block_by_name(id);
        if (!rb || !migrate_ram_is_ignored(rb)) {
            vmstate_info_set_error("RAM block '%s' is sampled by the "
                                   "source, but here it is %s", id,
                                   rb ? "not a shared file" : "unknown");
            return -EINVAL;
        }
        if (n > SAMPLE_MAX) {
            vmstate_info_set_error("RAM block '%s': %" PRIu32 " samples, "
                                   "expected at most %d", id, n,
                                   SAMPLE_MAX);
            return -EINVAL;
        }
        for (uint32_t j = 0; j < n; j++) {
            uint64_t off = qemu_get_be64(f);
            uint64_t hash = qemu_get_be64(f);

            if (qemu_file_get_error(f)) {
                break;
            }
            /* Written so that a huge @off cannot wrap past the check */
            if (off % SAMPLE_PAGE_SIZE || off >= rb->used_length ||
                rb->used_length - off < SAMPLE_PAGE_SIZE) {
                vmstate_info_set_error("RAM block '%s': sample at 0x%"
                                       PRIx64 " is not a page of its 0x%"
                                       PRIx64 " bytes", id, off,
                                       rb->used_length);
                return -EINVAL;
            }
            if (page_hash(rb->host + off) != hash) {
                vmstate_info_set_error("RAM block '%s' differs from the "
                                       "source's at offset 0x%" PRIx64
                                       ": the two sides do not map the "
                                       "same file (x-ignore-shared)",
                                       id, off);
                return -EINVAL;
            }
        }
    }
    if (qemu_file_get_error(f)) {
        vmstate_info_set_error("the stream ended in the samples of the "
                               "shared RAM blocks");
        return -EIO;
    }
    return 0;
}

static const VMStateInfo vmstate_info_samples = {
    .name = "ignore-shared-samples",
    .get = get_samples,
    .put = put_samples,
};

typedef struct {
    uint32_t unused;            /* the info reads and writes it all */
} IgnoreSharedState;

static IgnoreSharedState ignore_shared_state;

static const VMStateDescription vmstate_ignore_shared = {
    .name = "ignore-shared",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = samples_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_SINGLE(unused, IgnoreSharedState, 0, vmstate_info_samples,
                       uint32_t),
        VMSTATE_END_OF_LIST()
    },
};

void ignore_shared_register(void)
{
    vmstate_register(NULL, 0, &vmstate_ignore_shared, &ignore_shared_state);
}
