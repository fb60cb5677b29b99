/*
 * x-ignore-shared: shared file-backed RAM stays where it is (see
 * ignore-shared.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "qemu-file.h"
#include "options.h"
#include "ignore-shared.h"

/* Set in the be64 address of a block the source does not send */
#define IGNORE_SHARED_FLAG_IGNORED 0x1ULL

bool migrate_ram_is_ignored(RAMBlock *rb)
{
    return migrate_ignore_shared() && rb->shared && rb->named_file;
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
