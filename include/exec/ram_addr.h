/*
 * RAM addresses and the dirty page bitmaps.
 *
 * Every RAM block has a range of ram_addr_t (block->offset onwards).
 * Each block keeps one bitmap per dirty client, a bit per 4 KiB page:
 * set = dirty.  Blocks start all dirty.
 *
 *  - DIRTY_MEMORY_CODE: the translator clears it on pages it translated
 *    code from; a write to a page whose bit is clear must invalidate
 *    the translated code (memory_notdirty_write does, through the hook
 *    the accelerator registers), then sets it again.
 *  - DIRTY_MEMORY_MIGRATION: set by writes only while global dirty
 *    tracking is on (memory_global_dirty_log_start); migration reads
 *    and clears it.
 *
 * Same function names as QEMU's exec/ram_addr.h.  The bitmaps are
 * updated atomically: any thread may set bits.
 */
#ifndef EXEC_RAM_ADDR_H
#define EXEC_RAM_ADDR_H

typedef uint64_t ram_addr_t;
typedef struct RAMBlock RAMBlock;

#define RAM_ADDR_MAX UINT64_MAX
#define RAM_ADDR_FMT "%" PRIx64

#define DIRTY_MEMORY_VGA       0
#define DIRTY_MEMORY_CODE      1
#define DIRTY_MEMORY_MIGRATION 2
#define DIRTY_MEMORY_NUM       3

#define DIRTY_CLIENTS_ALL     ((1 << DIRTY_MEMORY_NUM) - 1)
#define DIRTY_CLIENTS_NOCODE  (DIRTY_CLIENTS_ALL & ~(1 << DIRTY_MEMORY_CODE))

/* Granule of the dirty bitmaps: the RISC-V page, 4 KiB. */
#define RAM_DIRTY_PAGE_BITS 12
#define RAM_DIRTY_PAGE_SIZE (1ULL << RAM_DIRTY_PAGE_BITS)

/**
 * qemu_get_ram_block: the block holding @addr, or NULL.
 */
RAMBlock *qemu_get_ram_block(ram_addr_t addr);

/**
 * qemu_ram_block_from_host: the block whose mapping holds @ptr, with
 * *@offset its offset in the block (rounded down to the page with
 * @round_offset); NULL if none.
 */
RAMBlock *qemu_ram_block_from_host(void *ptr, bool round_offset,
                                   ram_addr_t *offset);

/**
 * qemu_map_ram_ptr: host pointer of @addr within @block (or, @block
 * NULL, within the block holding @addr); NULL if not RAM.
 */
void *qemu_map_ram_ptr(RAMBlock *block, ram_addr_t addr);

/**
 * cpu_physical_memory_set_dirty_range: mark [@start, @start+@length)
 * dirty for the clients in @mask (1 << DIRTY_MEMORY_*).  The
 * MIGRATION bit is only set while global dirty tracking is on.
 */
void cpu_physical_memory_set_dirty_range(ram_addr_t start,
                                         ram_addr_t length, uint8_t mask);

/**
 * cpu_physical_memory_dirty_rate_pages: a running count of the pages
 * whose DIRTY_MEMORY_MIGRATION bit went from clean to dirty while the
 * GLOBAL_DIRTY_DIRTY_RATE tracking was on (calc-dirty-rate's
 * dirty-bitmap mode reads it before and after its period).
 */
uint64_t cpu_physical_memory_dirty_rate_pages(void);

/** cpu_physical_memory_set_dirty_flag: one page dirty for @client. */
void cpu_physical_memory_set_dirty_flag(ram_addr_t addr, unsigned client);

/** cpu_physical_memory_get_dirty: any page of the range dirty. */
bool cpu_physical_memory_get_dirty(ram_addr_t start, ram_addr_t length,
                                   unsigned client);

/** cpu_physical_memory_all_dirty: every page of the range dirty. */
bool cpu_physical_memory_all_dirty(ram_addr_t start, ram_addr_t length,
                                   unsigned client);

/** cpu_physical_memory_get_dirty_flag: the page of @addr dirty. */
bool cpu_physical_memory_get_dirty_flag(ram_addr_t addr, unsigned client);

/**
 * cpu_physical_memory_test_and_clear_dirty: clear @client's bits over
 * the range; true if any was set.  Clearing calls the accelerator's
 * dirty_reset hook so that cached write fast paths are dropped.
 */
bool cpu_physical_memory_test_and_clear_dirty(ram_addr_t start,
                                              ram_addr_t length,
                                              unsigned client);

/**
 * cpu_physical_memory_is_clean: whether a write to the page of @addr
 * must go through memory_notdirty_write (the page holds translated
 * code, or dirty tracking is on and it is not yet dirty).
 */
bool cpu_physical_memory_is_clean(ram_addr_t addr);

/**
 * cpu_physical_memory_range_includes_clean: any page of the range is
 * clean for a client in @mask.
 */
bool cpu_physical_memory_range_includes_clean(ram_addr_t start,
                                              ram_addr_t length,
                                              uint8_t mask);

/**
 * memory_notdirty_write: account for a write of @length bytes at
 * @addr that bypasses address_space_write (a CPU store through a host
 * pointer): invalidates translated code there, marks pages dirty.
 */
void memory_notdirty_write(ram_addr_t addr, ram_addr_t length);

/**
 * RAMDirtyHooks: what the accelerator does about the bitmaps.
 * @code_write: [start, start+length) is about to be written while it
 *     holds translated code (its DIRTY_MEMORY_CODE bits are clear).
 * @dirty_reset: some bits of the range were cleared (or tracking
 *     started): write fast paths cached for it must be dropped.
 * Either may be NULL.  They may run in any thread.
 */
typedef struct RAMDirtyHooks {
    void (*code_write)(ram_addr_t start, ram_addr_t length);
    void (*dirty_reset)(ram_addr_t start, ram_addr_t length);
} RAMDirtyHooks;

/** ram_dirty_hooks_register: install @hooks (NULL removes them). */
void ram_dirty_hooks_register(const RAMDirtyHooks *hooks);

/** ram_block_dirty_bitmap: @block's bitmap of @client (bit per page). */
unsigned long *ram_block_dirty_bitmap(RAMBlock *block, unsigned client);

#endif
