/*
 * The memory API: a tree of memory regions per address space, rendered
 * into a flat view that accesses are dispatched through.  Same types,
 * names and semantics as QEMU's exec/memory.h (see docs/devel/memory.rst
 * in QEMU); only the subset a RISC-V board needs.
 *
 * Threads: the region tree changes under the BQL only.  Accesses may
 * come from any thread: each one works on a referenced snapshot of the
 * flat view, and MMIO callbacks always run with the BQL held (taken
 * for the access when the caller does not hold it).
 */
#ifndef EXEC_MEMORY_H
#define EXEC_MEMORY_H

#include "qemu/queue.h"
#include "qemu/int128.h"
#include "qom/object.h"
#include "exec/hwaddr.h"
#include "exec/memattrs.h"
#include "exec/memop.h"
#include "exec/ram_addr.h"

typedef struct MemoryRegion MemoryRegion;
typedef struct MemoryRegionOps MemoryRegionOps;
typedef struct MemoryRegionSection MemoryRegionSection;
typedef struct MemoryListener MemoryListener;
typedef struct AddressSpace AddressSpace;
typedef struct FlatView FlatView;
typedef struct RAMBlock RAMBlock;
typedef struct DeviceState DeviceState;

#define TYPE_MEMORY_REGION "memory-region"
DECLARE_INSTANCE_CHECKER(MemoryRegion, MEMORY_REGION, TYPE_MEMORY_REGION)

/* Byte order of a device's registers (values as in QEMU). */
enum device_endian {
    DEVICE_NATIVE_ENDIAN,       /* the target's: little for RISC-V */
    DEVICE_BIG_ENDIAN,
    DEVICE_LITTLE_ENDIAN,
};

/* Global dirty tracking users (memory_global_dirty_log_start flags). */
#define GLOBAL_DIRTY_MIGRATION  (1U << 0)
#define GLOBAL_DIRTY_DIRTY_RATE (1U << 1)
#define GLOBAL_DIRTY_LIMIT      (1U << 2)
#define GLOBAL_DIRTY_MASK       (0x7)

/* Non-zero while someone tracks dirty pages (GLOBAL_DIRTY_* bits). */
extern unsigned int global_dirty_tracking;

/*
 * MemoryRegionOps: the callbacks of an I/O region.
 *
 * @read/@write, or their @read_with_attrs/@write_with_attrs variants,
 * receive offsets relative to the region.  @valid says which accesses
 * the device accepts (others fail with MEMTX_DECODE_ERROR and read as
 * 0; max_access_size 0 accepts any size); @impl says which sizes the
 * callbacks handle (default 1..4): accesses are split into, or widened
 * to, sizes within @impl.
 */
struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t data, unsigned size);
    MemTxResult (*read_with_attrs)(void *opaque, hwaddr addr,
                                   uint64_t *data, unsigned size,
                                   MemTxAttrs attrs);
    MemTxResult (*write_with_attrs)(void *opaque, hwaddr addr,
                                    uint64_t data, unsigned size,
                                    MemTxAttrs attrs);

    enum device_endian endianness;

    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
        bool (*accepts)(void *opaque, hwaddr addr, unsigned size,
                        bool is_write, MemTxAttrs attrs);
    } valid;

    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
};

/* Ops of unassigned space: reject everything. */
extern const MemoryRegionOps unassigned_mem_ops;

/*
 * MemoryRegion: a QOM object (TYPE_MEMORY_REGION), usually embedded in
 * its owner's state.  Fields are private: use the functions below.
 */
struct MemoryRegion {
    Object parent_obj;

    /* <private> */
    bool romd_mode;
    bool ram;
    bool subpage;
    bool readonly;
    bool nonvolatile;
    bool rom_device;
    bool enabled;
    bool terminates;
    bool ram_device;
    bool is_iommu;
    bool owns_ram_block;
    RAMBlock *ram_block;
    Object *owner;
    DeviceState *dev;
    const MemoryRegionOps *ops;
    void *opaque;
    MemoryRegion *container;
    Int128 size;
    hwaddr addr;
    void (*destructor)(MemoryRegion *mr);
    uint64_t align;
    int priority;
    QTAILQ_HEAD(, MemoryRegion) subregions;
    QTAILQ_ENTRY(MemoryRegion) subregions_link;
    const char *name;
    MemoryRegion *alias;
    hwaddr alias_offset;
    unsigned vga_logging_count;
};

/*
 * MemoryRegionSection: a part of a region as it appears in an address
 * space (what address_space_translate and listeners see).
 */
struct MemoryRegionSection {
    Int128 size;
    MemoryRegion *mr;
    FlatView *fv;
    hwaddr offset_within_region;
    hwaddr offset_within_address_space;
    bool readonly;
    bool nonvolatile;
    bool unmergeable;
};

/*
 * MemoryListener: callbacks on changes of an address space's flat
 * view.  On each topology change: begin, then region_del / region_add
 * / region_nop per range, then commit.  Called with the BQL held.
 */
struct MemoryListener {
    void (*begin)(MemoryListener *listener);
    void (*commit)(MemoryListener *listener);
    void (*region_add)(MemoryListener *listener,
                       MemoryRegionSection *section);
    void (*region_del)(MemoryListener *listener,
                       MemoryRegionSection *section);
    void (*region_nop)(MemoryListener *listener,
                       MemoryRegionSection *section);
    void (*log_sync)(MemoryListener *listener,
                     MemoryRegionSection *section);
    bool (*log_global_start)(MemoryListener *listener, Error **errp);
    void (*log_global_stop)(MemoryListener *listener);

    unsigned priority;
    const char *name;

    /* <private> */
    AddressSpace *address_space;
    QTAILQ_ENTRY(MemoryListener) link;
    QTAILQ_ENTRY(MemoryListener) link_as;
};

/* AddressSpace: what a bus master sees, rendered from a root region. */
struct AddressSpace {
    /* <private> */
    char *name;
    MemoryRegion *root;
    FlatView *current_map;      /* swapped under flatview_lock */
    QTAILQ_HEAD(, MemoryListener) listeners;
    QTAILQ_ENTRY(AddressSpace) address_spaces_link;
};

/* The system memory address space (root: get_system_memory()). */
extern AddressSpace address_space_memory;

/* ---- Regions --------------------------------------------------------- */

/**
 * memory_region_init: a pure container of @size bytes (UINT64_MAX
 * means 2^64).  Its holes are transparent.  With a @name, @mr becomes a
 * QOM child "<name>[N]" of @owner (of /machine/unattached when @owner
 * is NULL).
 */
void memory_region_init(MemoryRegion *mr, Object *owner, const char *name,
                        uint64_t size);

/**
 * memory_region_init_io: an I/O region dispatched to @ops with
 * @opaque.  Subregions added to it hide it where they are.
 */
void memory_region_init_io(MemoryRegion *mr, Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size);

/**
 * memory_region_init_ram: RAM of @size bytes in a new RAM block, whose
 * id is "<owner's device path>/<name>" or @name.  False with @errp set
 * on failure (the region is then empty).
 */
bool memory_region_init_ram(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp);

/** memory_region_init_ram_nomigrate: as memory_region_init_ram. */
bool memory_region_init_ram_nomigrate(MemoryRegion *mr, Object *owner,
                                      const char *name, uint64_t size,
                                      Error **errp);

/**
 * memory_region_init_rom: read-only RAM; guest writes are ignored
 * (address_space_write returns MEMTX_DECODE_ERROR), loaders fill it
 * with address_space_write_rom() or through memory_region_get_ram_ptr.
 */
bool memory_region_init_rom(MemoryRegion *mr, Object *owner,
                            const char *name, uint64_t size, Error **errp);

/**
 * memory_region_init_ram_from_ramblock: a RAM region over an existing
 * @block (e.g. a memory backend's); the region does not free it.
 */
void memory_region_init_ram_from_ramblock(MemoryRegion *mr, Object *owner,
                                          const char *name,
                                          RAMBlock *block);

/**
 * memory_region_init_alias: @size bytes of @orig starting at @offset,
 * visible wherever @mr is mapped.
 */
void memory_region_init_alias(MemoryRegion *mr, Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size);

/** memory_region_ref/unref: hold/release @mr (through its owner). */
void memory_region_ref(MemoryRegion *mr);
void memory_region_unref(MemoryRegion *mr);

/** memory_region_owner: the owner object, or NULL. */
Object *memory_region_owner(MemoryRegion *mr);

/** memory_region_size: the size; UINT64_MAX for 2^64. */
uint64_t memory_region_size(MemoryRegion *mr);

/** memory_region_name: the name given at init ("" if none). */
const char *memory_region_name(const MemoryRegion *mr);

/** memory_region_is_ram: RAM or ROM backed by host memory. */
bool memory_region_is_ram(MemoryRegion *mr);

/** memory_region_is_rom: read-only RAM. */
bool memory_region_is_rom(MemoryRegion *mr);

/** memory_region_is_romd: a ROM device in ROMD mode (never here). */
bool memory_region_is_romd(MemoryRegion *mr);

/** memory_region_is_ram_device: always false here. */
bool memory_region_is_ram_device(MemoryRegion *mr);

/** memory_region_is_mapped: whether @mr is in a container. */
bool memory_region_is_mapped(MemoryRegion *mr);

/**
 * memory_region_get_ram_ptr: host pointer to the start of a RAM
 * region (through aliases), NULL if @mr is not RAM.
 */
void *memory_region_get_ram_ptr(MemoryRegion *mr);

/** memory_region_get_ram_addr: ram_addr_t of a RAM region's start. */
ram_addr_t memory_region_get_ram_addr(MemoryRegion *mr);

/** memory_region_get_ram_block: the RAM block behind @mr, or NULL. */
RAMBlock *memory_region_get_ram_block(MemoryRegion *mr);

/**
 * memory_region_add_subregion: map @subregion at @offset in container
 * @mr with priority 0.  Overlapping priority-0 siblings: the later one
 * wins.  @subregion must not be mapped elsewhere.
 */
void memory_region_add_subregion(MemoryRegion *mr, hwaddr offset,
                                 MemoryRegion *subregion);

/**
 * memory_region_add_subregion_overlap: as above with @priority; where
 * siblings overlap the highest priority is visible.
 */
void memory_region_add_subregion_overlap(MemoryRegion *mr, hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority);

/** memory_region_del_subregion: unmap @subregion from @mr. */
void memory_region_del_subregion(MemoryRegion *mr, MemoryRegion *subregion);

/** memory_region_set_enabled: show or hide @mr (and what it holds). */
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);

/** memory_region_set_readonly: make RAM read-only (writes ignored). */
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);

/** memory_region_set_address: move @mr within its container. */
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);

/** memory_region_set_size: resize @mr (UINT64_MAX means 2^64). */
void memory_region_set_size(MemoryRegion *mr, uint64_t size);

/** memory_region_set_alias_offset: change where an alias points. */
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);

/**
 * memory_region_find: the part of @mr's address space at @addr (@addr
 * relative to @mr) of up to @size bytes.  The section's mr is NULL
 * when nothing is there; otherwise it holds a reference the caller
 * drops with memory_region_unref(section.mr).
 */
MemoryRegionSection memory_region_find(MemoryRegion *mr, hwaddr addr,
                                       uint64_t size);

/**
 * memory_region_dispatch_read/write: one access of memop_size(@op)
 * bytes to an I/O region at offset @addr, honouring .valid and .impl.
 * Values are in host order unless @op has MO_BSWAP.
 */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, MemOp op,
                                        MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, MemOp op,
                                         MemTxAttrs attrs);

/** memory_region_access_valid: whether @mr's .valid accepts it. */
bool memory_region_access_valid(MemoryRegion *mr, hwaddr addr,
                                unsigned size, bool is_write,
                                MemTxAttrs attrs);

/* ---- Transactions and listeners --------------------------------------- */

/** memory_region_transaction_begin/commit: batch topology changes. */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/**
 * memory_listener_register: call @listener on changes of @filter's
 * view; its region_add runs at once for each range already there.
 */
void memory_listener_register(MemoryListener *listener,
                              AddressSpace *filter);
void memory_listener_unregister(MemoryListener *listener);

/* ---- Dirty logging ---------------------------------------------------- */

/**
 * memory_global_dirty_log_start: start dirty tracking for @flags
 * (GLOBAL_DIRTY_*): from then on every write to RAM sets the
 * DIRTY_MEMORY_MIGRATION bit of its page.
 */
bool memory_global_dirty_log_start(unsigned int flags, Error **errp);

/** memory_global_dirty_log_stop: stop tracking for @flags. */
void memory_global_dirty_log_stop(unsigned int flags);

/** memory_global_dirty_log_sync: call listeners' log_sync. */
void memory_global_dirty_log_sync(bool last_stage);

/** memory_region_get_dirty_log_mask: DIRTY_MEMORY_* bits logged. */
uint8_t memory_region_get_dirty_log_mask(MemoryRegion *mr);

/** memory_region_get_dirty: any page of the range dirty for @client. */
bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                             unsigned client);

/** memory_region_set_dirty: mark a range dirty for every client. */
void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size);

/** memory_region_reset_dirty: clear @client's bits for a range. */
void memory_region_reset_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                               unsigned client);

/* ---- Address spaces --------------------------------------------------- */

/** get_system_memory: the root "system" container, 2^64 bytes. */
MemoryRegion *get_system_memory(void);

/** address_space_init: a new address space @name rendered from @root. */
void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name);

/** address_space_destroy: unregister @as (its listeners must be gone). */
void address_space_destroy(AddressSpace *as);

/**
 * address_space_get_flatview: a referenced snapshot of @as's view;
 * drop it with flatview_unref().
 */
FlatView *address_space_get_flatview(AddressSpace *as);
void flatview_ref(FlatView *view);
void flatview_unref(FlatView *view);

/**
 * address_space_translate: the region at @addr and, in *@xlat, the
 * offset within it; *@plen is clamped to what stays in that region.
 * Returns NULL-free: unassigned space yields a region with
 * unassigned_mem_ops.  The result is valid while the topology does not
 * change (hold the BQL, or take a flatview reference).
 */
MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *plen,
                                      bool is_write, MemTxAttrs attrs);

/**
 * address_space_map_ram: the CPU fast path.  A host pointer to the
 * guest RAM at @addr, *@plen clamped to the contiguous RAM there;
 * NULL when @addr is not RAM (MMIO, unassigned) or, with @is_write,
 * read-only.  The pointer stays valid until the next topology change
 * (a MemoryListener commit): cache it until then.  Writers through it
 * must call memory_notdirty_write() while the page is
 * cpu_physical_memory_is_clean(); *@pram_addr (may be NULL) receives
 * the ram_addr_t of @addr for that.
 */
void *address_space_map_ram(AddressSpace *as, hwaddr addr, hwaddr *plen,
                            bool is_write, ram_addr_t *pram_addr);

/**
 * address_space_rw/read/write: copy @len bytes between @buf and @as;
 * RAM directly (writes mark pages dirty), I/O through the regions'
 * ops in the largest sizes they accept.  Unassigned bytes read as 0.
 * Results of all pieces are ORed.
 */
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr,
                             MemTxAttrs attrs, void *buf, hwaddr len,
                             bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len);

/** address_space_write_rom: as write, but also fills ROM. */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len);

/** address_space_set: fill @len bytes at @addr with @c. */
MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs);

/** address_space_access_valid: whether the whole access would work. */
bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs);

/**
 * address_space_map: a host pointer for DMA to @len bytes at @addr;
 * *@plen may come back shorter (only contiguous RAM is mapped; NULL
 * when @addr is not RAM).  address_space_unmap marks written bytes
 * (@access_len) dirty.
 */
void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs);
void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len);

/*
 * Loads and stores of one value (_le/_be: that byte order; none: the
 * target's, little-endian).  @result may be NULL.
 */
uint32_t address_space_ldub(AddressSpace *as, hwaddr addr,
                            MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result);
void address_space_stb(AddressSpace *as, hwaddr addr, uint8_t val,
                       MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint16_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stw_be(AddressSpace *as, hwaddr addr, uint16_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);
void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result);

static inline uint32_t address_space_lduw(AddressSpace *as, hwaddr addr,
                                          MemTxAttrs attrs,
                                          MemTxResult *result)
{
    return address_space_lduw_le(as, addr, attrs, result);
}

static inline uint32_t address_space_ldl(AddressSpace *as, hwaddr addr,
                                         MemTxAttrs attrs,
                                         MemTxResult *result)
{
    return address_space_ldl_le(as, addr, attrs, result);
}

static inline uint64_t address_space_ldq(AddressSpace *as, hwaddr addr,
                                         MemTxAttrs attrs,
                                         MemTxResult *result)
{
    return address_space_ldq_le(as, addr, attrs, result);
}

static inline void address_space_stw(AddressSpace *as, hwaddr addr,
                                     uint16_t val, MemTxAttrs attrs,
                                     MemTxResult *result)
{
    address_space_stw_le(as, addr, val, attrs, result);
}

static inline void address_space_stl(AddressSpace *as, hwaddr addr,
                                     uint32_t val, MemTxAttrs attrs,
                                     MemTxResult *result)
{
    address_space_stl_le(as, addr, val, attrs, result);
}

static inline void address_space_stq(AddressSpace *as, hwaddr addr,
                                     uint64_t val, MemTxAttrs attrs,
                                     MemTxResult *result)
{
    address_space_stq_le(as, addr, val, attrs, result);
}

/* ---- Shortcuts on address_space_memory -------------------------------- */

/** cpu_physical_memory_rw: address_space_rw on system memory. */
void cpu_physical_memory_rw(hwaddr addr, void *buf, hwaddr len,
                            bool is_write);

static inline void cpu_physical_memory_read(hwaddr addr, void *buf,
                                            hwaddr len)
{
    cpu_physical_memory_rw(addr, buf, len, false);
}

static inline void cpu_physical_memory_write(hwaddr addr, const void *buf,
                                             hwaddr len)
{
    cpu_physical_memory_rw(addr, (void *)buf, len, true);
}

/* ---- Monitor ---------------------------------------------------------- */

/**
 * mtree_info: print the region trees (`info mtree`) or, with
 * @flatview, the flat views (`info mtree -f`) through qemu_printf.
 */
void mtree_info(bool flatview, bool dispatch_tree, bool owner,
                bool disabled);

#endif
