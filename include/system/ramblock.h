/*
 * RAM blocks: host memory that backs guest RAM.  Each block has a
 * stable id string; the migration stream names RAM by it.
 */
#ifndef SYSTEM_RAMBLOCK_H
#define SYSTEM_RAMBLOCK_H

#include "exec/ram_addr.h"

typedef struct RAMBlock RAMBlock;
typedef struct MemoryRegion MemoryRegion;

struct RAMBlock {
    char *idstr;            /* unique; what migration calls this block */
    uint8_t *host;          /* mapping in this process */
    uint64_t offset;        /* position in the RAM address space */
    uint64_t used_length;
    size_t page_size;       /* host page size of the mapping */
    int fd;                 /* -1 for anonymous memory */
    uint64_t fd_offset;
    bool shared;
    bool named_file;        /* a mem-path file another process may map */
    bool readonly;
    MemoryRegion *mr;       /* the RAM region over it, if any */
    /* Dirty bitmaps, one per DIRTY_MEMORY_* client, a bit per page. */
    unsigned long *dirty[DIRTY_MEMORY_NUM];
    /*
     * mapped-ram migration (migration/mapped-ram.c): where this block's
     * bitmap and pages lie in the file, and (source) which pages the
     * file holds, a bit per page.
     */
    uint64_t bitmap_offset;
    uint64_t pages_offset;
    uint64_t *file_bmap;
};

/**
 * qemu_ram_alloc_anon: map @size bytes of anonymous memory as a block
 * named @name; @share maps it MAP_SHARED.
 */
RAMBlock *qemu_ram_alloc_anon(const char *name, uint64_t size, bool share,
                              Error **errp);

/**
 * qemu_ram_alloc_from_fd: map @size bytes of @fd from @offset as a
 * block named @name.  The block owns @fd from then on.
 */
RAMBlock *qemu_ram_alloc_from_fd(const char *name, uint64_t size, int fd,
                                 uint64_t offset, bool share, bool readonly,
                                 Error **errp);

/** qemu_ram_free: unmap and unregister @block (NULL is fine). */
void qemu_ram_free(RAMBlock *block);

/** qemu_ram_block_by_name: the block named @name, or NULL. */
RAMBlock *qemu_ram_block_by_name(const char *name);

/**
 * qemu_ram_is_shared_file: whether @rb maps a named file with share=on,
 * so that another process (a migration destination) sees its contents.
 */
static inline bool qemu_ram_is_shared_file(const RAMBlock *rb)
{
    return rb->shared && rb->named_file;
}

typedef void RAMBlockIterFunc(RAMBlock *block, void *opaque);

/** qemu_ram_foreach_block: call @func for each block, in creation order. */
void qemu_ram_foreach_block(RAMBlockIterFunc *func, void *opaque);

/**
 * ram_block_notify_dirty_reset_all: tell the accelerator (its
 * dirty_reset hook) that every block's write fast paths must be
 * dropped, e.g. because dirty tracking started.
 */
void ram_block_notify_dirty_reset_all(void);

#endif
