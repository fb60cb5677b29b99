/*
 * RAM blocks: allocation, the registry of blocks by id, `info ramblock`.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/cutils.h"
#include "qobject/qdict.h"
#include "monitor/monitor.h"
#include "monitor/hmp.h"
#include "system/ramblock.h"
#include "exec/memory.h"

static GList *ram_blocks;       /* of RAMBlock, in creation order */
static uint64_t ram_space_end;  /* where the next block's offset starts */
static RAMBlock *ram_block_mru; /* last block found by ram_addr */
static const RAMDirtyHooks *dirty_hooks;

#define BITS_PER_LONG (sizeof(unsigned long) * 8)

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
    /* A new block is dirty for everyone: nobody has seen it yet. */
    for (int i = 0; i < DIRTY_MEMORY_NUM; i++) {
        uint64_t pages = DIV_ROUND_UP(size, RAM_DIRTY_PAGE_SIZE);
        size_t longs = DIV_ROUND_UP(pages, BITS_PER_LONG);

        block->dirty[i] = g_new(unsigned long, longs);
        memset(block->dirty[i], 0xff, longs * sizeof(unsigned long));
    }
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
    qatomic_set(&ram_block_mru, NULL);
    for (int i = 0; i < DIRTY_MEMORY_NUM; i++) {
        g_free(block->dirty[i]);
    }
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

/* ---- ram_addr_t and the dirty bitmaps ---------------------------------- */

RAMBlock *qemu_get_ram_block(ram_addr_t addr)
{
    RAMBlock *block = qatomic_read(&ram_block_mru);
    GList *l;

    if (block && addr - block->offset < block->used_length) {
        return block;
    }
    for (l = ram_blocks; l; l = l->next) {
        block = l->data;
        if (addr - block->offset < block->used_length) {
            qatomic_set(&ram_block_mru, block);
            return block;
        }
    }
    return NULL;
}

RAMBlock *qemu_ram_block_from_host(void *ptr, bool round_offset,
                                   ram_addr_t *offset)
{
    uint8_t *host = ptr;
    GList *l;

    for (l = ram_blocks; l; l = l->next) {
        RAMBlock *block = l->data;

        if (host >= block->host &&
            host - block->host < block->used_length) {
            *offset = host - block->host;
            if (round_offset) {
                *offset &= ~(RAM_DIRTY_PAGE_SIZE - 1);
            }
            return block;
        }
    }
    return NULL;
}

void *qemu_map_ram_ptr(RAMBlock *block, ram_addr_t addr)
{
    if (!block) {
        block = qemu_get_ram_block(addr);
        if (!block) {
            return NULL;
        }
        addr -= block->offset;
    }
    if (addr >= block->used_length) {
        return NULL;
    }
    return block->host + addr;
}

unsigned long *ram_block_dirty_bitmap(RAMBlock *block, unsigned client)
{
    if (!block || client >= DIRTY_MEMORY_NUM) {
        return NULL;
    }
    return block->dirty[client];
}

void ram_dirty_hooks_register(const RAMDirtyHooks *hooks)
{
    qatomic_set(&dirty_hooks, hooks);
}

typedef bool DirtyPageFunc(unsigned long *word, unsigned long bit,
                           void *opaque);

/*
 * Call @fn for each page of [start, start+length) in each block it
 * covers, for @client; stop when @fn returns true.  Returns whether
 * it stopped.
 */
static bool dirty_foreach(ram_addr_t start, ram_addr_t length,
                          unsigned client, DirtyPageFunc *fn, void *opaque)
{
    ram_addr_t end = start + length;

    if (!length || client >= DIRTY_MEMORY_NUM || end < start) {
        return false;
    }
    while (start < end) {
        RAMBlock *block = qemu_get_ram_block(start);
        uint64_t first, last, page;
        ram_addr_t block_end;

        if (!block) {
            /* Not RAM: skip to the next page. */
            start = ROUND_UP(start + 1, RAM_DIRTY_PAGE_SIZE);
            continue;
        }
        block_end = block->offset + block->used_length;
        first = (start - block->offset) >> RAM_DIRTY_PAGE_BITS;
        last = (MIN(end, block_end) - 1 - block->offset)
               >> RAM_DIRTY_PAGE_BITS;
        for (page = first; page <= last; page++) {
            if (fn(&block->dirty[client][page / BITS_PER_LONG],
                   1UL << (page % BITS_PER_LONG), opaque)) {
                return true;
            }
        }
        start = block_end;
    }
    return false;
}

/* @opaque, if not NULL, counts the pages that were clean */
static bool page_set(unsigned long *word, unsigned long bit, void *opaque)
{
    uint64_t *newly_dirty = opaque;

    if (!(qatomic_read(word) & bit) &&
        !(qatomic_fetch_or(word, bit) & bit) && newly_dirty) {
        qatomic_inc(newly_dirty);
    }
    return false;
}

/* Pages newly dirty for migration while GLOBAL_DIRTY_DIRTY_RATE is on */
static uint64_t dirty_rate_pages;

uint64_t cpu_physical_memory_dirty_rate_pages(void)
{
    return qatomic_read(&dirty_rate_pages);
}

static bool page_is_dirty(unsigned long *word, unsigned long bit,
                          void *opaque)
{
    return qatomic_read(word) & bit;
}

static bool page_is_clean(unsigned long *word, unsigned long bit,
                          void *opaque)
{
    return !(qatomic_read(word) & bit);
}

static bool page_clear(unsigned long *word, unsigned long bit, void *opaque)
{
    bool *any = opaque;

    if (qatomic_read(word) & bit) {
        *any |= qatomic_fetch_and(word, ~bit) & bit;
    }
    return false;
}

void cpu_physical_memory_set_dirty_range(ram_addr_t start,
                                         ram_addr_t length, uint8_t mask)
{
    if (!qatomic_read(&global_dirty_tracking)) {
        mask &= ~(1 << DIRTY_MEMORY_MIGRATION);
    }
    for (unsigned i = 0; i < DIRTY_MEMORY_NUM; i++) {
        if (mask & (1 << i)) {
            bool count = i == DIRTY_MEMORY_MIGRATION &&
                (qatomic_read(&global_dirty_tracking) &
                 GLOBAL_DIRTY_DIRTY_RATE);

            dirty_foreach(start, length, i, page_set,
                          count ? &dirty_rate_pages : NULL);
        }
    }
}

void cpu_physical_memory_set_dirty_flag(ram_addr_t addr, unsigned client)
{
    dirty_foreach(addr, 1, client, page_set, NULL);
}

bool cpu_physical_memory_get_dirty(ram_addr_t start, ram_addr_t length,
                                   unsigned client)
{
    return dirty_foreach(start, length, client, page_is_dirty, NULL);
}

bool cpu_physical_memory_all_dirty(ram_addr_t start, ram_addr_t length,
                                   unsigned client)
{
    if (!length || client >= DIRTY_MEMORY_NUM) {
        return false;
    }
    return !dirty_foreach(start, length, client, page_is_clean, NULL);
}

bool cpu_physical_memory_get_dirty_flag(ram_addr_t addr, unsigned client)
{
    return cpu_physical_memory_get_dirty(addr, 1, client);
}

bool cpu_physical_memory_test_and_clear_dirty(ram_addr_t start,
                                              ram_addr_t length,
                                              unsigned client)
{
    const RAMDirtyHooks *hooks = qatomic_read(&dirty_hooks);
    bool any = false;

    dirty_foreach(start, length, client, page_clear, &any);
    if (any && hooks && hooks->dirty_reset) {
        hooks->dirty_reset(start, length);
    }
    return any;
}

bool cpu_physical_memory_range_includes_clean(ram_addr_t start,
                                              ram_addr_t length,
                                              uint8_t mask)
{
    for (unsigned i = 0; i < DIRTY_MEMORY_NUM; i++) {
        if ((mask & (1 << i)) &&
            dirty_foreach(start, length, i, page_is_clean, NULL)) {
            return true;
        }
    }
    return false;
}

bool cpu_physical_memory_is_clean(ram_addr_t addr)
{
    uint8_t mask = 1 << DIRTY_MEMORY_CODE;

    if (qatomic_read(&global_dirty_tracking)) {
        mask |= 1 << DIRTY_MEMORY_MIGRATION;
    }
    return cpu_physical_memory_range_includes_clean(addr, 1, mask);
}

void memory_notdirty_write(ram_addr_t addr, ram_addr_t length)
{
    const RAMDirtyHooks *hooks = qatomic_read(&dirty_hooks);

    if (!length) {
        return;
    }
    if (hooks && hooks->code_write &&
        cpu_physical_memory_range_includes_clean(addr, length,
                                                 1 << DIRTY_MEMORY_CODE)) {
        hooks->code_write(addr, length);
    }
    cpu_physical_memory_set_dirty_range(addr, length, DIRTY_CLIENTS_ALL);
}

/* Tracking (re)starts: cached write fast paths must come back here. */
void ram_block_notify_dirty_reset_all(void)
{
    const RAMDirtyHooks *hooks = qatomic_read(&dirty_hooks);
    GList *l;

    if (!hooks || !hooks->dirty_reset) {
        return;
    }
    for (l = ram_blocks; l; l = l->next) {
        RAMBlock *block = l->data;
        hooks->dirty_reset(block->offset, block->used_length);
    }
}
