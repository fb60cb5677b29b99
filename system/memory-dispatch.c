/*
 * Memory accesses: MMIO dispatch with QEMU's access size rules, and
 * reads and writes of address spaces (RAM directly, marking written
 * pages dirty; I/O through the regions' ops).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "system/ramblock.h"
#include "exec/memory.h"
#include "memory-internal.h"

/* ---- Unassigned space -------------------------------------------------- */

static bool unassigned_mem_accepts(void *opaque, hwaddr addr, unsigned size,
                                   bool is_write, MemTxAttrs attrs)
{
    return false;
}

const MemoryRegionOps unassigned_mem_ops = {
    .valid.accepts = unassigned_mem_accepts,
    .endianness = DEVICE_NATIVE_ENDIAN,
};

/* Stands for holes of the flat view in address_space_translate. */
static MemoryRegion io_mem_unassigned;

static MemoryRegion *unassigned_region(void)
{
    if (!io_mem_unassigned.ops) {
        io_mem_unassigned.ops = &unassigned_mem_ops;
        io_mem_unassigned.name = "unassigned";
        io_mem_unassigned.enabled = true;
        io_mem_unassigned.terminates = true;
        io_mem_unassigned.size = int128_2_64();
        QTAILQ_INIT(&io_mem_unassigned.subregions);
    }
    return &io_mem_unassigned;
}

/* ---- MMIO dispatch ----------------------------------------------------- */

bool memory_region_access_valid(MemoryRegion *mr, hwaddr addr,
                                unsigned size, bool is_write,
                                MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    const char *what = is_write ? "write" : "read";

    if (ops->valid.accepts &&
        !ops->valid.accepts(mr->opaque, addr, size, is_write, attrs)) {
        qemu_log_mask(LOG_INVALID_MEM, "Invalid %s at addr 0x%" HWADDR_PRIX
                      ", size %u, region '%s', reason: rejected\n",
                      what, addr, size, memory_region_name(mr));
        return false;
    }
    if (!ops->valid.unaligned && (addr & (size - 1))) {
        qemu_log_mask(LOG_INVALID_MEM, "Invalid %s at addr 0x%" HWADDR_PRIX
                      ", size %u, region '%s', reason: unaligned\n",
                      what, addr, size, memory_region_name(mr));
        return false;
    }
    /* max_access_size 0: any size (the historical default). */
    if (!ops->valid.max_access_size) {
        return true;
    }
    if (size > ops->valid.max_access_size ||
        size < ops->valid.min_access_size) {
        qemu_log_mask(LOG_INVALID_MEM, "Invalid %s at addr 0x%" HWADDR_PRIX
                      ", size %u, region '%s', reason: invalid size "
                      "(min:%u max:%u)\n",
                      what, addr, size, memory_region_name(mr),
                      ops->valid.min_access_size,
                      ops->valid.max_access_size);
        return false;
    }
    return true;
}

static bool devend_big_endian(enum device_endian end)
{
    /* DEVICE_NATIVE_ENDIAN is the target's: RISC-V is little-endian. */
    return end == DEVICE_BIG_ENDIAN;
}

/* The MemOp byte order a device wants (MO_BSWAP relative to host). */
static MemOp devend_memop(enum device_endian end)
{
    return devend_big_endian(end) ? MO_BE : MO_LE;
}

static void adjust_endianness(MemoryRegion *mr, uint64_t *data, MemOp op)
{
    if ((op & MO_BSWAP) == devend_memop(mr->ops->endianness)) {
        return;
    }
    switch (op & MO_SIZE) {
    case MO_16:
        *data = __builtin_bswap16(*data);
        break;
    case MO_32:
        *data = __builtin_bswap32(*data);
        break;
    case MO_64:
        *data = __builtin_bswap64(*data);
        break;
    default:
        break;
    }
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;
}

/* One callback access of @size bytes; its value lands at @shift. */
static MemTxResult region_access(MemoryRegion *mr, hwaddr addr,
                                 uint64_t *value, unsigned size, int shift,
                                 bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    uint64_t mask = size_mask(size);
    uint64_t tmp = 0;
    MemTxResult r = MEMTX_OK;

    if (is_write) {
        tmp = (shift >= 0 ? *value >> shift : *value << -shift) & mask;
        if (ops->write) {
            ops->write(mr->opaque, addr, tmp, size);
        } else if (ops->write_with_attrs) {
            r = ops->write_with_attrs(mr->opaque, addr, tmp, size, attrs);
        }
        return r;
    }
    if (ops->read) {
        tmp = ops->read(mr->opaque, addr, size);
    } else if (ops->read_with_attrs) {
        r = ops->read_with_attrs(mr->opaque, addr, &tmp, size, attrs);
    }
    tmp &= mask;
    *value |= shift >= 0 ? tmp << shift : tmp >> -shift;
    return r;
}

/*
 * Split (or widen) a @size byte access into accesses the callbacks
 * implement (.impl sizes, default 1..4), in the device's byte order.
 */
static MemTxResult access_with_adjusted_size(MemoryRegion *mr, hwaddr addr,
                                             uint64_t *value, unsigned size,
                                             bool is_write,
                                             MemTxAttrs attrs)
{
    unsigned min = mr->ops->impl.min_access_size ?: 1;
    unsigned max = mr->ops->impl.max_access_size ?: 4;
    unsigned access_size = MAX(MIN(size, max), min);
    bool big = devend_big_endian(mr->ops->endianness);
    MemTxResult r = MEMTX_OK;

    for (unsigned i = 0; i < size; i += access_size) {
        int shift = big ? (int)(size - access_size - i) * 8 : (int)i * 8;

        r |= region_access(mr, addr + i, value, access_size, shift,
                           is_write, attrs);
    }
    if (!is_write) {
        *value &= size_mask(size);
    }
    return r;
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr,
                                        uint64_t *pval, MemOp op,
                                        MemTxAttrs attrs)
{
    unsigned size = memop_size(op);
    MemTxResult r;

    while (mr->alias) {
        addr += mr->alias_offset;
        mr = mr->alias;
    }
    *pval = 0;
    if (!memory_region_access_valid(mr, addr, size, false, attrs)) {
        return MEMTX_DECODE_ERROR;
    }
    r = access_with_adjusted_size(mr, addr, pval, size, false, attrs);
    adjust_endianness(mr, pval, op);
    return r;
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr,
                                         uint64_t data, MemOp op,
                                         MemTxAttrs attrs)
{
    unsigned size = memop_size(op);

    while (mr->alias) {
        addr += mr->alias_offset;
        mr = mr->alias;
    }
    if (!memory_region_access_valid(mr, addr, size, true, attrs)) {
        return MEMTX_DECODE_ERROR;
    }
    adjust_endianness(mr, &data, op);
    return access_with_adjusted_size(mr, addr, &data, size, true, attrs);
}

/* ---- Address spaces ---------------------------------------------------- */

/* The largest access to @mr at @addr that .valid allows, up to @l. */
static hwaddr memory_access_size(MemoryRegion *mr, hwaddr l, hwaddr addr)
{
    unsigned max = mr->ops->valid.max_access_size ?: 4;

    if (!mr->ops->impl.unaligned) {
        hwaddr align = addr & -addr;

        if (align && align < max) {
            max = align;
        }
    }
    if (l > max) {
        l = max;
    }
    /* Round down to a power of two. */
    return 1ULL << (63 - __builtin_clzll(l));
}

/* Direct host access is possible (RAM, and writable if @is_write). */
static bool flatrange_is_direct(FlatRange *fr, bool is_write)
{
    return fr->mr->ram_block && !(is_write && fr->readonly);
}

/* MMIO callbacks run under the BQL; take it if this thread lacks it. */
static bool prepare_mmio_access(void)
{
    if (bql_locked()) {
        return false;
    }
    bql_lock();
    return true;
}

static void host_store(uint8_t *buf, unsigned l, uint64_t val)
{
#if HOST_BIG_ENDIAN
    val = __builtin_bswap64(val) >> (64 - l * 8);
#endif
    memcpy(buf, &val, l);
}

static uint64_t host_load(const uint8_t *buf, unsigned l)
{
    uint64_t val = 0;

    memcpy(&val, buf, l);
#if HOST_BIG_ENDIAN
    val = __builtin_bswap64(val) >> (64 - l * 8);
#endif
    return val;
}

/*
 * Copy between @buf and @view.  @rom: writes also fill ROM (loaders).
 * @fill: for writes, @buf holds one byte to repeat.
 */
static MemTxResult flatview_rw(FlatView *view, hwaddr addr, MemTxAttrs attrs,
                               uint8_t *buf, hwaddr len, bool is_write,
                               bool rom, bool fill)
{
    MemTxResult result = MEMTX_OK;
    bool release = false;

    while (len > 0) {
        FlatRange *fr = flatview_lookup(view, addr);
        hwaddr l, xlat;
        Int128 stop;

        if (!fr) {
            /* A hole: reads give 0; skip to the next range. */
            stop = int128_min(flatview_next_start(view, addr),
                              (Int128)addr + len);
            l = (hwaddr)(stop - addr);
            if (!is_write) {
                memset(buf, 0, l);
            }
            qemu_log_mask(LOG_INVALID_MEM, "Invalid access to unassigned "
                          "memory at 0x%" HWADDR_PRIx ", size %" HWADDR_PRIu
                          "\n", addr, l);
            result |= MEMTX_DECODE_ERROR;
            goto next;
        }
        xlat = fr->offset_in_region + (hwaddr)(addr - fr->start);
        stop = int128_min(fr->start + fr->size, (Int128)addr + len);
        l = (hwaddr)(stop - addr);

        if (flatrange_is_direct(fr, is_write && !rom)) {
            uint8_t *host = qemu_map_ram_ptr(fr->mr->ram_block, xlat);

            if (!is_write) {
                memcpy(buf, host, l);
            } else {
                if (fill) {
                    memset(host, buf[0], l);
                } else {
                    memcpy(host, buf, l);
                }
                memory_ram_write_done(fr->mr, xlat, l);
            }
        } else if (fr->mr->ram_block && is_write) {
            /* ROM or read-only RAM: the write goes nowhere. */
            qemu_log_mask(LOG_GUEST_ERROR, "write to read-only memory '%s' "
                          "at 0x%" HWADDR_PRIx " ignored\n",
                          memory_region_name(fr->mr), addr);
            result |= MEMTX_DECODE_ERROR;
        } else {
            uint64_t val;

            l = memory_access_size(fr->mr, l, xlat);
            if (!release) {
                release = prepare_mmio_access();
            }
            if (is_write) {
                val = fill ? 0x0101010101010101ULL * buf[0] & size_mask(l)
                           : host_load(buf, l);
                result |= memory_region_dispatch_write(fr->mr, xlat, val,
                                                       size_memop(l), attrs);
            } else {
                result |= memory_region_dispatch_read(fr->mr, xlat, &val,
                                                      size_memop(l), attrs);
                host_store(buf, l, val);
            }
        }
next:
        len -= l;
        addr += l;
        if (!fill) {
            buf += l;
        }
    }
    if (release) {
        bql_unlock();
    }
    return result;
}

static MemTxResult address_space_rw_internal(AddressSpace *as, hwaddr addr,
                                             MemTxAttrs attrs, void *buf,
                                             hwaddr len, bool is_write,
                                             bool rom, bool fill)
{
    FlatView *view;
    MemTxResult r;

    if (!len) {
        return MEMTX_OK;
    }
    if (addr + len - 1 < addr) {
        /* Wraps past the top of the address space: clip. */
        len = -addr;
    }
    view = address_space_get_flatview(as);
    r = flatview_rw(view, addr, attrs, buf, len, is_write, rom, fill);
    flatview_unref(view);
    return r;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr,
                             MemTxAttrs attrs, void *buf, hwaddr len,
                             bool is_write)
{
    return address_space_rw_internal(as, addr, attrs, buf, len, is_write,
                                     false, false);
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, void *buf, hwaddr len)
{
    return address_space_rw(as, addr, attrs, buf, len, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr,
                                MemTxAttrs attrs, const void *buf,
                                hwaddr len)
{
    return address_space_rw(as, addr, attrs, (void *)buf, len, true);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr,
                                    MemTxAttrs attrs, const void *buf,
                                    hwaddr len)
{
    return address_space_rw_internal(as, addr, attrs, (void *)buf, len,
                                     true, true, false);
}

MemTxResult address_space_set(AddressSpace *as, hwaddr addr, uint8_t c,
                              hwaddr len, MemTxAttrs attrs)
{
    return address_space_rw_internal(as, addr, attrs, &c, len, true, false,
                                     true);
}

void cpu_physical_memory_rw(hwaddr addr, void *buf, hwaddr len,
                            bool is_write)
{
    address_space_rw(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                     buf, len, is_write);
}

bool address_space_access_valid(AddressSpace *as, hwaddr addr, hwaddr len,
                                bool is_write, MemTxAttrs attrs)
{
    FlatView *view = address_space_get_flatview(as);
    bool ok = true;

    while (len > 0 && ok) {
        FlatRange *fr = flatview_lookup(view, addr);
        hwaddr l, xlat;

        if (!fr) {
            ok = false;
            break;
        }
        xlat = fr->offset_in_region + (hwaddr)(addr - fr->start);
        l = (hwaddr)int128_min(fr->start + fr->size - addr, (Int128)len);
        if (fr->mr->ram_block) {
            ok = !(is_write && fr->readonly);
        } else {
            l = memory_access_size(fr->mr, l, xlat);
            ok = memory_region_access_valid(fr->mr, xlat, l, is_write,
                                            attrs);
        }
        len -= l;
        addr += l;
    }
    flatview_unref(view);
    return ok;
}

MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *plen,
                                      bool is_write, MemTxAttrs attrs)
{
    FlatView *view = address_space_get_flatview(as);
    FlatRange *fr = flatview_lookup(view, addr);
    MemoryRegion *mr;
    Int128 avail;

    if (!fr) {
        mr = unassigned_region();
        *xlat = addr;
        avail = flatview_next_start(view, addr) - addr;
    } else {
        mr = fr->mr;
        *xlat = fr->offset_in_region + (hwaddr)(addr - fr->start);
        avail = fr->start + fr->size - addr;
    }
    if (plen && (Int128)*plen > avail) {
        *plen = (hwaddr)avail;
    }
    flatview_unref(view);
    return mr;
}

void *address_space_map_ram(AddressSpace *as, hwaddr addr, hwaddr *plen,
                            bool is_write, ram_addr_t *pram_addr)
{
    FlatView *view = address_space_get_flatview(as);
    FlatRange *fr = flatview_lookup(view, addr);
    void *host = NULL;

    if (fr && flatrange_is_direct(fr, is_write)) {
        hwaddr xlat = fr->offset_in_region + (hwaddr)(addr - fr->start);
        Int128 avail = fr->start + fr->size - addr;

        if ((Int128)*plen > avail) {
            *plen = (hwaddr)avail;
        }
        host = qemu_map_ram_ptr(fr->mr->ram_block, xlat);
        if (pram_addr) {
            *pram_addr = fr->mr->ram_block->offset + xlat;
        }
    } else {
        *plen = 0;
    }
    flatview_unref(view);
    return host;
}

void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen,
                        bool is_write, MemTxAttrs attrs)
{
    if (!*plen) {
        return NULL;
    }
    return address_space_map_ram(as, addr, plen, is_write, NULL);
}

void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len,
                         bool is_write, hwaddr access_len)
{
    ram_addr_t offset;
    RAMBlock *block;

    if (!is_write || !access_len || !buffer) {
        return;
    }
    block = qemu_ram_block_from_host(buffer, false, &offset);
    if (block) {
        memory_notdirty_write(block->offset + offset,
                              MIN(access_len, len));
    }
}

/* ---- Loads and stores -------------------------------------------------- */

/*
 * One value of @size bytes: RAM directly, I/O as one access of that
 * size (as QEMU: the device's .valid decides), else byte by byte.
 */
static uint64_t ld_internal(AddressSpace *as, hwaddr addr, unsigned size,
                            bool big, MemTxAttrs attrs, MemTxResult *result)
{
    FlatView *view = address_space_get_flatview(as);
    FlatRange *fr = flatview_lookup(view, addr);
    uint8_t buf[8];
    uint64_t val = 0;
    MemTxResult r;

    if (fr && !fr->mr->ram_block &&
        (Int128)addr + size <= fr->start + fr->size) {
        hwaddr xlat = fr->offset_in_region + (hwaddr)(addr - fr->start);
        bool release = prepare_mmio_access();

        r = memory_region_dispatch_read(fr->mr, xlat, &val,
                                        size_memop(size) |
                                        (big ? MO_BE : MO_LE), attrs);
        if (release) {
            bql_unlock();
        }
    } else {
        r = flatview_rw(view, addr, attrs, buf, size, false, false, false);
        for (unsigned i = 0; i < size; i++) {
            val |= (uint64_t)buf[i] << (8 * (big ? size - 1 - i : i));
        }
    }
    flatview_unref(view);
    if (result) {
        *result = r;
    }
    return val;
}

static void st_internal(AddressSpace *as, hwaddr addr, uint64_t val,
                        unsigned size, bool big, MemTxAttrs attrs,
                        MemTxResult *result)
{
    FlatView *view = address_space_get_flatview(as);
    FlatRange *fr = flatview_lookup(view, addr);
    uint8_t buf[8];
    MemTxResult r;

    if (fr && !fr->mr->ram_block &&
        (Int128)addr + size <= fr->start + fr->size) {
        hwaddr xlat = fr->offset_in_region + (hwaddr)(addr - fr->start);
        bool release = prepare_mmio_access();

        r = memory_region_dispatch_write(fr->mr, xlat, val,
                                         size_memop(size) |
                                         (big ? MO_BE : MO_LE), attrs);
        if (release) {
            bql_unlock();
        }
    } else {
        for (unsigned i = 0; i < size; i++) {
            buf[i] = val >> (8 * (big ? size - 1 - i : i));
        }
        r = flatview_rw(view, addr, attrs, buf, size, true, false, false);
    }
    flatview_unref(view);
    if (result) {
        *result = r;
    }
}

uint32_t address_space_ldub(AddressSpace *as, hwaddr addr,
                            MemTxAttrs attrs, MemTxResult *result)
{
    return ld_internal(as, addr, 1, false, attrs, result);
}

uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result)
{
    return ld_internal(as, addr, 2, false, attrs, result);
}

uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr,
                               MemTxAttrs attrs, MemTxResult *result)
{
    return ld_internal(as, addr, 2, true, attrs, result);
}

uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return ld_internal(as, addr, 4, false, attrs, result);
}

uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return ld_internal(as, addr, 4, true, attrs, result);
}

uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return ld_internal(as, addr, 8, false, attrs, result);
}

uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr,
                              MemTxAttrs attrs, MemTxResult *result)
{
    return ld_internal(as, addr, 8, true, attrs, result);
}

void address_space_stb(AddressSpace *as, hwaddr addr, uint8_t val,
                       MemTxAttrs attrs, MemTxResult *result)
{
    st_internal(as, addr, val, 1, false, attrs, result);
}

void address_space_stw_le(AddressSpace *as, hwaddr addr, uint16_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    st_internal(as, addr, val, 2, false, attrs, result);
}

void address_space_stw_be(AddressSpace *as, hwaddr addr, uint16_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    st_internal(as, addr, val, 2, true, attrs, result);
}

void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    st_internal(as, addr, val, 4, false, attrs, result);
}

void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    st_internal(as, addr, val, 4, true, attrs, result);
}

void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    st_internal(as, addr, val, 8, false, attrs, result);
}

void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val,
                          MemTxAttrs attrs, MemTxResult *result)
{
    st_internal(as, addr, val, 8, true, attrs, result);
}
