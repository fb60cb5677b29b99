/*
 * RAM blocks: allocation, the registry of blocks by id, `info ramblock`.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qobject/qdict.h"
#include "monitor/monitor.h"
#include "monitor/hmp.h"
#include "system/ramblock.h"

static GList *ram_blocks;       /* of RAMBlock, in creation order */
static uint64_t ram_space_end;  /* where the next block's offset starts */

RAMBlock *qemu_ram_block_by_name(const char *name)
{
    GList *l;

    for (l = ram_blocks; l; l = l->next) {
        RAMBlock *block = l->data;
        if (!strcmp(block->idstr, name)) {
            return block;
        }
    }
    return NULL;
}

static RAMBlock *ram_block_map(const char *name, uint64_t size, int fd,
                               uint64_t offset, bool share, bool readonly,
                               Error **errp)
{
    RAMBlock *block;
    void *host;
    int flags = share ? MAP_SHARED : MAP_PRIVATE;
    int prot = PROT_READ | (readonly ? 0 : PROT_WRITE);

    if (qemu_ram_block_by_name(name)) {
        error_setg(errp, "a RAM block named '%s' exists already", name);
        return NULL;
    }
    if (size == 0) {
        error_setg(errp, "RAM block '%s' must not be empty", name);
        return NULL;
    }
    if (size > SIZE_MAX) {
        error_setg(errp, "RAM block '%s' of %" PRIu64 " bytes does not fit "
                   "in this host's address space", name, size);
        return NULL;
    }
    if (fd < 0) {
        flags |= MAP_ANONYMOUS | MAP_NORESERVE;
    }
    host = mmap(NULL, size, prot, flags, fd, fd < 0 ? 0 : offset);
    if (host == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot map %" PRIu64
                         " bytes for RAM block '%s'", size, name);
        return NULL;
    }

    block = g_new0(RAMBlock, 1);
    block->idstr = g_strdup(name);
    block->host = host;
    block->used_length = size;
    block->page_size = getpagesize();
    block->fd = fd;
    block->fd_offset = offset;
    block->shared = share;
    block->readonly = readonly;
    block->offset = ram_space_end;
    ram_space_end = ROUND_UP(ram_space_end + size, 1ULL << 30);
    ram_blocks = g_list_append(ram_blocks, block);
    return block;
}

RAMBlock *qemu_ram_alloc_anon(const char *name, uint64_t size, bool share,
                              Error **errp)
{
    return ram_block_map(name, size, -1, 0, share, false, errp);
}

RAMBlock *qemu_ram_alloc_from_fd(const char *name, uint64_t size, int fd,
                                 uint64_t offset, bool share, bool readonly,
                                 Error **errp)
{
    return ram_block_map(name, size, fd, offset, share, readonly, errp);
}

void qemu_ram_free(RAMBlock *block)
{
    if (!block) {
        return;
    }
    ram_blocks = g_list_remove(ram_blocks, block);
    munmap(block->host, block->used_length);
    if (block->fd >= 0) {
        close(block->fd);
    }
    g_free(block->idstr);
    g_free(block);
}

void qemu_ram_foreach_block(RAMBlockIterFunc *func, void *opaque)
{
    GList *l;

    for (l = ram_blocks; l; l = l->next) {
        func(l->data, opaque);
    }
}

static void print_ram_block(RAMBlock *block, void *opaque)
{
    Monitor *mon = opaque;
    g_autofree char *psize = size_to_str(block->page_size);

    monitor_printf(mon, "%24s %8s  0x%016" PRIx64 " 0x%016" PRIx64
                   " 0x%016" PRIx64 "\n", block->idstr, psize,
                   block->offset, block->used_length, block->used_length);
}

void hmp_info_ramblock(Monitor *mon, const QDict *qdict)
{
    monitor_printf(mon, "%24s %8s  %18s %18s %18s\n",
                   "Block Name", "PSize", "Offset", "Used", "Total");
    qemu_ram_foreach_block(print_ram_block, mon);
}
