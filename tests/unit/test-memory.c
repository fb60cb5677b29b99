/*
 * The memory API: region trees, priorities, aliases, RAM/ROM/I/O
 * dispatch with access size rules, unassigned space, dirty bitmaps,
 * flat view rebuilds and `info mtree`.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "exec/memory.h"
#include "system/ramblock.h"
#include "system/memory-internal.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

/* ---- A test device: logs every callback access -------------------------- */

typedef struct Access {
    bool write;
    hwaddr addr;
    unsigned size;
    uint64_t data;
} Access;

typedef struct TestDev {
    GArray *log;                /* of Access */
    uint8_t regs[64];
} TestDev;

static uint64_t tdev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    uint64_t val = 0;
    Access a = { false, addr, size, 0 };

    for (unsigned i = 0; i < size && addr + i < sizeof(d->regs); i++) {
        val |= (uint64_t)d->regs[addr + i] << (8 * i);
    }
    a.data = val;
    g_array_append_val(d->log, a);
    return val;
}

static void tdev_write(void *opaque, hwaddr addr, uint64_t val,
                       unsigned size)
{
    TestDev *d = opaque;
    Access a = { true, addr, size, val };

    for (unsigned i = 0; i < size && addr + i < sizeof(d->regs); i++) {
        d->regs[addr + i] = val >> (8 * i);
    }
    g_array_append_val(d->log, a);
}

static TestDev *tdev_new(void)
{
    TestDev *d = g_new0(TestDev, 1);

    d->log = g_array_new(false, false, sizeof(Access));
    for (unsigned i = 0; i < sizeof(d->regs); i++) {
        d->regs[i] = i;
    }
    return d;
}

static void tdev_free(TestDev *d)
{
    g_array_free(d->log, true);
    g_free(d);
}

static Access *tdev_access(TestDev *d, unsigned i)
{
    g_assert_cmpuint(i, <, d->log->len);
    return &g_array_index(d->log, Access, i);
}

/* 1..8 byte accesses accepted, callbacks only do 4 bytes. */
static const MemoryRegionOps ops_impl4 = {
    .read = tdev_read,
    .write = tdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .impl.min_access_size = 4,
    .impl.max_access_size = 4,
};

/* Only 4 byte accesses are valid. */
static const MemoryRegionOps ops_valid4 = {
    .read = tdev_read,
    .write = tdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 4,
    .valid.max_access_size = 4,
};

static const MemoryRegionOps ops_big = {
    .read = tdev_read,
    .write = tdev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 8,
    .impl.min_access_size = 1,
    .impl.max_access_size = 8,
};

/* A private address space over a fresh 4 GiB container. */
typedef struct Fixture {
    MemoryRegion *root;
    AddressSpace as;
    GPtrArray *regions;         /* to free at the end */
} Fixture;

static int as_counter;

static MemoryRegion *new_region(Fixture *f)
{
    MemoryRegion *mr = g_new0(MemoryRegion, 1);

    g_ptr_array_add(f->regions, mr);
    return mr;
}

static void fixture_init(Fixture *f)
{
    g_autofree char *name = g_strdup_printf("test-as-%d", as_counter++);

    f->regions = g_ptr_array_new();
    f->root = new_region(f);
    memory_region_init(f->root, NULL, "root", 1ULL << 32);
    address_space_init(&f->as, f->root, name);
}

static void fixture_done(Fixture *f)
{
    address_space_destroy(&f->as);
    /* Children are unmapped when their container goes, so reverse. */
    for (unsigned i = 0; i < f->regions->len; i++) {
        MemoryRegion *mr = g_ptr_array_index(f->regions, i);

        if (mr->container) {
            memory_region_del_subregion(mr->container, mr);
        }
    }
    for (unsigned i = f->regions->len; i-- > 0;) {
        MemoryRegion *mr = g_ptr_array_index(f->regions, i);
        object_unref(OBJECT(mr));
        g_free(mr);
    }
    g_ptr_array_free(f->regions, true);
}

static MemoryRegion *add_ram(Fixture *f, MemoryRegion *parent,
                             const char *name, hwaddr addr, uint64_t size)
{
    MemoryRegion *mr = new_region(f);

    g_assert_true(memory_region_init_ram(mr, NULL, name, size,
                                         &error_abort));
    memory_region_add_subregion(parent, addr, mr);
    return mr;
}

static uint32_t rd32(Fixture *f, hwaddr addr, MemTxResult *r)
{
    return address_space_ldl_le(&f->as, addr, ATTRS, r);
}

/* ---- Tests ------------------------------------------------------------- */

static void test_ram_rw(void)
{
    Fixture f;
    MemoryRegion *ram;
    uint8_t buf[16], *host;
    MemTxResult r;

    fixture_init(&f);
    ram = add_ram(&f, f.root, "t.ram0", 0x10000, 0x10000);
    g_assert_true(memory_region_is_ram(ram));
    g_assert_cmpuint(memory_region_size(ram), ==, 0x10000);
    g_assert_cmpstr(memory_region_name(ram), ==, "t.ram0");
    g_assert_nonnull(qemu_ram_block_by_name("t.ram0"));

    address_space_stl_le(&f.as, 0x10010, 0x11223344, ATTRS, &r);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    host = memory_region_get_ram_ptr(ram);
    g_assert_cmpuint(host[0x10], ==, 0x44);
    g_assert_cmpuint(host[0x13], ==, 0x11);
    g_assert_cmphex(rd32(&f, 0x10010, &r), ==, 0x11223344);
    g_assert_cmphex(address_space_ldl_be(&f.as, 0x10010, ATTRS, NULL), ==,
                    0x44332211);
    address_space_stq_be(&f.as, 0x10020, 0x0102030405060708ULL, ATTRS, &r);
    g_assert_cmpuint(host[0x20], ==, 1);
    g_assert_cmphex(address_space_ldq_le(&f.as, 0x10020, ATTRS, NULL), ==,
                    0x0807060504030201ULL);
    g_assert_cmpuint(address_space_ldub(&f.as, 0x10021, ATTRS, NULL), ==, 2);
    g_assert_cmpuint(address_space_lduw_le(&f.as, 0x10020, ATTRS, NULL), ==,
                     0x0201);

    memset(buf, 0xab, sizeof(buf));
    g_assert_cmpuint(address_space_write(&f.as, 0x1fff8, ATTRS, buf, 8),
                     ==, MEMTX_OK);
    g_assert_cmpuint(host[0xfff8], ==, 0xab);
    /* Crossing the end of RAM: the tail is unassigned. */
    memset(buf, 0x55, sizeof(buf));
    r = address_space_read(&f.as, 0x1fffc, ATTRS, buf, 8);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmpuint(buf[3], ==, 0xab);
    g_assert_cmpuint(buf[4], ==, 0);

    g_assert_true(address_space_set(&f.as, 0x10100, 0x5a, 32, ATTRS) ==
                  MEMTX_OK);
    g_assert_cmpuint(host[0x100], ==, 0x5a);
    g_assert_cmpuint(host[0x11f], ==, 0x5a);
    g_assert_cmpuint(host[0x120], ==, 0);
    fixture_done(&f);
    g_assert_null(qemu_ram_block_by_name("t.ram0"));
}

static void test_unassigned(void)
{
    Fixture f;
    MemTxResult r = MEMTX_OK;
    uint8_t buf[4] = { 1, 2, 3, 4 };

    fixture_init(&f);
    g_assert_cmpuint(rd32(&f, 0x5000, &r), ==, 0);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    address_space_stl_le(&f.as, 0x5000, 1, ATTRS, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmpuint(address_space_read(&f.as, 0x5000, ATTRS, buf, 4), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmpuint(buf[0] | buf[1] | buf[2] | buf[3], ==, 0);
    /* Beyond the 4 GiB root: nothing either. */
    g_assert_cmpuint(address_space_read(&f.as, 0xfffffffffffffffcULL, ATTRS,
                                        buf, 4), ==, MEMTX_DECODE_ERROR);
    g_assert_false(address_space_access_valid(&f.as, 0x5000, 4, false,
                                              ATTRS));
    fixture_done(&f);
}

static void test_priorities_and_overlap(void)
{
    Fixture f;
    MemoryRegion *ram, *io, *io2;
    TestDev *d = tdev_new(), *d2 = tdev_new();
    MemTxResult r;

    fixture_init(&f);
    ram = add_ram(&f, f.root, "t.ram1", 0x0, 0x10000);
    memset(memory_region_get_ram_ptr(ram), 0xee, 0x10000);

    /* I/O over the RAM at higher priority wins where it is. */
    io = new_region(&f);
    memory_region_init_io(io, NULL, &ops_valid4, d, "t.io", 0x40);
    memory_region_add_subregion_overlap(f.root, 0x1000, io, 1);
    g_assert_cmphex(rd32(&f, 0x1000, &r), ==, 0x03020100);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmphex(rd32(&f, 0x1040, &r), ==, 0xeeeeeeee);
    g_assert_cmphex(rd32(&f, 0x0ffc, &r), ==, 0xeeeeeeee);

    /* Lower priority than the RAM: hidden. */
    io2 = new_region(&f);
    memory_region_init_io(io2, NULL, &ops_valid4, d2, "t.io2", 0x40);
    memory_region_add_subregion_overlap(f.root, 0x2000, io2, -1);
    g_assert_cmphex(rd32(&f, 0x2000, &r), ==, 0xeeeeeeee);
    g_assert_cmpuint(d2->log->len, ==, 0);

    /* Raise it: delete and re-add with a higher priority. */
    memory_region_del_subregion(f.root, io2);
    memory_region_add_subregion_overlap(f.root, 0x2000, io2, 2);
    g_assert_cmphex(rd32(&f, 0x2004, &r), ==, 0x07060504);
    g_assert_cmpuint(d2->log->len, ==, 1);

    /* Removing the I/O region shows the RAM again. */
    memory_region_del_subregion(f.root, io);
    g_assert_cmphex(rd32(&f, 0x1000, &r), ==, 0xeeeeeeee);
    g_assert_false(memory_region_is_mapped(io));

    /* Moving a region. */
    memory_region_set_address(io2, 0x3000);
    g_assert_cmphex(rd32(&f, 0x2004, &r), ==, 0xeeeeeeee);
    g_assert_cmphex(rd32(&f, 0x3004, &r), ==, 0x07060504);
    fixture_done(&f);
    tdev_free(d);
    tdev_free(d2);
}

static void test_nested_containers(void)
{
    Fixture f;
    MemoryRegion *c, *ram;
    MemTxResult r;
    uint8_t *host;

    fixture_init(&f);
    c = new_region(&f);
    memory_region_init(c, NULL, "t.container", 0x100000);
    memory_region_add_subregion(f.root, 0x80000000, c);
    ram = add_ram(&f, c, "t.ram2", 0x1000, 0x1000);
    host = memory_region_get_ram_ptr(ram);
    address_space_stl_le(&f.as, 0x80001008, 0xcafef00d, ATTRS, &r);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmphex(*(uint32_t *)(host + 8), ==, 0xcafef00d);
    /* A container's hole is transparent: nothing there. */
    rd32(&f, 0x80000000, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    fixture_done(&f);
}

static void test_alias(void)
{
    Fixture f;
    MemoryRegion *ram, *alias;
    uint8_t *host;
    MemTxResult r;

    fixture_init(&f);
    ram = add_ram(&f, f.root, "t.ram3", 0x100000, 0x10000);
    host = memory_region_get_ram_ptr(ram);
    alias = new_region(&f);
    memory_region_init_alias(alias, NULL, "t.alias", ram, 0x800, 0x100);
    memory_region_add_subregion(f.root, 0x2000, alias);
    g_assert_true(memory_region_get_ram_ptr(alias) == host + 0x800);

    address_space_stl_le(&f.as, 0x2010, 0x12345678, ATTRS, &r);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmphex(*(uint32_t *)(host + 0x810), ==, 0x12345678);
    g_assert_cmphex(rd32(&f, 0x100810, NULL), ==, 0x12345678);
    /* Only 0x100 bytes are aliased. */
    rd32(&f, 0x2100, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);

    memory_region_set_alias_offset(alias, 0x810);
    g_assert_cmphex(rd32(&f, 0x2000, NULL), ==, 0x12345678);
    fixture_done(&f);
}

static void test_enable_disable_readonly(void)
{
    Fixture f;
    MemoryRegion *ram, *rom;
    uint8_t data[4] = { 9, 9, 9, 9 };
    MemTxResult r;

    fixture_init(&f);
    ram = add_ram(&f, f.root, "t.ram4", 0x4000, 0x1000);
    address_space_stl_le(&f.as, 0x4000, 7, ATTRS, &r);
    memory_region_set_enabled(ram, false);
    rd32(&f, 0x4000, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    memory_region_set_enabled(ram, true);
    g_assert_cmpuint(rd32(&f, 0x4000, &r), ==, 7);

    memory_region_set_readonly(ram, true);
    address_space_stl_le(&f.as, 0x4000, 8, ATTRS, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmpuint(rd32(&f, 0x4000, &r), ==, 7);
    memory_region_set_readonly(ram, false);
    address_space_stl_le(&f.as, 0x4000, 8, ATTRS, &r);
    g_assert_cmpuint(rd32(&f, 0x4000, &r), ==, 8);

    /* ROM: guest writes are dropped, loaders can fill it. */
    rom = new_region(&f);
    g_assert_true(memory_region_init_rom(rom, NULL, "t.rom", 0x1000,
                                         &error_abort));
    memory_region_add_subregion(f.root, 0x8000, rom);
    g_assert_true(memory_region_is_rom(rom));
    g_assert_cmpuint(address_space_write(&f.as, 0x8000, ATTRS, data, 4), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_cmpuint(rd32(&f, 0x8000, &r), ==, 0);
    g_assert_cmpuint(address_space_write_rom(&f.as, 0x8000, ATTRS, data, 4),
                     ==, MEMTX_OK);
    g_assert_cmphex(rd32(&f, 0x8000, &r), ==, 0x09090909);
    g_assert_null(address_space_map_ram(&f.as, 0x8000,
                                        &(hwaddr){4}, true, NULL));
    g_assert_nonnull(address_space_map_ram(&f.as, 0x8000,
                                           &(hwaddr){4}, false, NULL));
    fixture_done(&f);
}

static void test_io_sizes(void)
{
    Fixture f;
    MemoryRegion *io;
    TestDev *d = tdev_new();
    MemTxResult r;
    uint8_t buf[8];
    uint64_t v;

    fixture_init(&f);
    io = new_region(&f);
    memory_region_init_io(io, NULL, &ops_impl4, d, "t.impl4", 0x40);
    memory_region_add_subregion(f.root, 0x1000, io);

    /* 8 bytes split into two 4 byte callbacks, little-endian order. */
    v = address_space_ldq_le(&f.as, 0x1008, ATTRS, &r);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x0f0e0d0c0b0a0908ULL);
    g_assert_cmpuint(d->log->len, ==, 2);
    g_assert_cmpuint(tdev_access(d, 0)->addr, ==, 8);
    g_assert_cmpuint(tdev_access(d, 0)->size, ==, 4);
    g_assert_cmpuint(tdev_access(d, 1)->addr, ==, 12);

    /* 1 byte widened to a 4 byte callback, result truncated. */
    g_array_set_size(d->log, 0);
    g_assert_cmpuint(address_space_ldub(&f.as, 0x1010, ATTRS, &r), ==, 0x10);
    g_assert_cmpuint(d->log->len, ==, 1);
    g_assert_cmpuint(tdev_access(d, 0)->size, ==, 4);

    /* 8 byte store split too. */
    g_array_set_size(d->log, 0);
    address_space_stq_le(&f.as, 0x1020, 0x1122334455667788ULL, ATTRS, &r);
    g_assert_cmpuint(d->log->len, ==, 2);
    g_assert_cmphex(tdev_access(d, 0)->data, ==, 0x55667788);
    g_assert_cmphex(tdev_access(d, 1)->data, ==, 0x11223344);

    /* A buffer read uses the largest valid aligned sizes. */
    g_array_set_size(d->log, 0);
    g_assert_cmpuint(address_space_read(&f.as, 0x1000, ATTRS, buf, 8), ==,
                     MEMTX_OK);
    g_assert_cmpuint(buf[7], ==, 7);
    g_assert_cmpuint(d->log->len, ==, 2);

    /* Direct dispatch with a big-endian MemOp swaps the value. */
    g_assert_cmpuint(memory_region_dispatch_read(io, 0, &v, MO_32 | MO_BE,
                                                 ATTRS), ==, MEMTX_OK);
    g_assert_cmphex(v, ==, 0x00010203);
    fixture_done(&f);
    tdev_free(d);
}

static void test_io_invalid(void)
{
    Fixture f;
    MemoryRegion *io;
    TestDev *d = tdev_new();
    MemTxResult r;
    uint8_t buf[8];

    fixture_init(&f);
    io = new_region(&f);
    memory_region_init_io(io, NULL, &ops_valid4, d, "t.valid4", 0x40);
    memory_region_add_subregion(f.root, 0x1000, io);

    /* A single 8 byte access is not valid: refused, reads 0. */
    g_assert_cmphex(address_space_ldq_le(&f.as, 0x1000, ATTRS, &r), ==, 0);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    address_space_stw_le(&f.as, 0x1000, 0xffff, ATTRS, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    /* Unaligned: refused. */
    rd32(&f, 0x1002, &r);
    g_assert_cmpuint(r, ==, MEMTX_DECODE_ERROR);
    g_assert_cmpuint(d->log->len, ==, 0);
    g_assert_cmpuint(d->regs[0], ==, 0);

    /* An 8 byte buffer is split into two valid 4 byte accesses. */
    g_assert_cmpuint(address_space_read(&f.as, 0x1000, ATTRS, buf, 8), ==,
                     MEMTX_OK);
    g_assert_cmpuint(d->log->len, ==, 2);
    /* A 2 byte buffer cannot be: refused. */
    g_assert_cmpuint(address_space_read(&f.as, 0x1000, ATTRS, buf, 2), ==,
                     MEMTX_DECODE_ERROR);
    g_assert_false(address_space_access_valid(&f.as, 0x1000, 2, false,
                                              ATTRS));
    g_assert_true(address_space_access_valid(&f.as, 0x1000, 8, true, ATTRS));
    fixture_done(&f);
    tdev_free(d);
}

static void test_io_big_endian(void)
{
    Fixture f;
    MemoryRegion *io;
    TestDev *d = tdev_new();
    MemTxResult r;

    fixture_init(&f);
    io = new_region(&f);
    memory_region_init_io(io, NULL, &ops_big, d, "t.big", 0x40);
    memory_region_add_subregion(f.root, 0, io);

    /* The device sees the value byte-swapped (4 byte callback). */
    address_space_stl_le(&f.as, 0, 0x11223344, ATTRS, &r);
    g_assert_cmpuint(r, ==, MEMTX_OK);
    g_assert_cmphex(tdev_access(d, 0)->data, ==, 0x44332211);
    g_assert_cmphex(rd32(&f, 0, &r), ==, 0x11223344);
    g_assert_cmphex(address_space_ldl_be(&f.as, 0, ATTRS, &r), ==,
                    0x44332211);
    fixture_done(&f);
    tdev_free(d);
}

static void test_dirty_tracking(void)
{
    Fixture f;
    MemoryRegion *ram;
    ram_addr_t base;
    uint32_t val = 0x1234;
    void *p;
    hwaddr len;

    fixture_init(&f);
    ram = add_ram(&f, f.root, "t.ram5", 0x100000, 0x10000);
    base = memory_region_get_ram_addr(ram);

    /* New RAM is dirty for every client. */
    g_assert_true(cpu_physical_memory_all_dirty(base, 0x10000,
                                                DIRTY_MEMORY_MIGRATION));
    g_assert_true(cpu_physical_memory_test_and_clear_dirty(base, 0x10000,
                                                DIRTY_MEMORY_MIGRATION));
    g_assert_false(cpu_physical_memory_get_dirty(base, 0x10000,
                                                 DIRTY_MEMORY_MIGRATION));
    g_assert_false(cpu_physical_memory_test_and_clear_dirty(base, 0x10000,
                                                DIRTY_MEMORY_MIGRATION));

    /* Tracking off: writes do not mark migration pages. */
    address_space_write(&f.as, 0x100000, ATTRS, &val, 4);
    g_assert_false(cpu_physical_memory_get_dirty(base, 0x10000,
                                                 DIRTY_MEMORY_MIGRATION));

    /* Tracking on: CPU-style writes and DMA mark their pages. */
    g_assert_true(memory_global_dirty_log_start(GLOBAL_DIRTY_MIGRATION,
                                                &error_abort));
    g_assert_cmpuint(memory_region_get_dirty_log_mask(ram), ==,
                     (1 << DIRTY_MEMORY_CODE) |
                     (1 << DIRTY_MEMORY_MIGRATION));
    address_space_write(&f.as, 0x101004, ATTRS, &val, 4);
    g_assert_true(cpu_physical_memory_get_dirty_flag(base + 0x1000,
                                                DIRTY_MEMORY_MIGRATION));
    g_assert_false(cpu_physical_memory_get_dirty_flag(base,
                                                DIRTY_MEMORY_MIGRATION));
    g_assert_false(cpu_physical_memory_get_dirty_flag(base + 0x2000,
                                                DIRTY_MEMORY_MIGRATION));
    g_assert_true(memory_region_get_dirty(ram, 0x1000, 4,
                                          DIRTY_MEMORY_MIGRATION));

    /* A write across a page boundary marks both. */
    address_space_stl_le(&f.as, 0x102ffe, 1, ATTRS, NULL);
    g_assert_true(cpu_physical_memory_get_dirty_flag(base + 0x2000,
                                                DIRTY_MEMORY_MIGRATION));
    g_assert_true(cpu_physical_memory_get_dirty_flag(base + 0x3000,
                                                DIRTY_MEMORY_MIGRATION));

    /* DMA through map/unmap. */
    len = 0x1000;
    p = address_space_map(&f.as, 0x105000, &len, true, ATTRS);
    g_assert_nonnull(p);
    g_assert_cmpuint(len, ==, 0x1000);
    memset(p, 1, 16);
    g_assert_false(cpu_physical_memory_get_dirty_flag(base + 0x5000,
                                                DIRTY_MEMORY_MIGRATION));
    address_space_unmap(&f.as, p, len, true, 16);
    g_assert_true(cpu_physical_memory_get_dirty_flag(base + 0x5000,
                                                DIRTY_MEMORY_MIGRATION));

    /* Reads do not dirty anything. */
    g_assert_false(cpu_physical_memory_get_dirty_flag(base + 0x6000,
                                                DIRTY_MEMORY_MIGRATION));
    address_space_read(&f.as, 0x106000, ATTRS, &val, 4);
    g_assert_false(cpu_physical_memory_get_dirty_flag(base + 0x6000,
                                                DIRTY_MEMORY_MIGRATION));

    memory_region_reset_dirty(ram, 0, 0x10000, DIRTY_MEMORY_MIGRATION);
    g_assert_false(cpu_physical_memory_get_dirty(base, 0x10000,
                                                 DIRTY_MEMORY_MIGRATION));
    memory_global_dirty_log_stop(GLOBAL_DIRTY_MIGRATION);
    address_space_write(&f.as, 0x107000, ATTRS, &val, 4);
    g_assert_false(cpu_physical_memory_get_dirty_flag(base + 0x7000,
                                                DIRTY_MEMORY_MIGRATION));

    /* Bad flags are refused. */
    g_assert_false(memory_global_dirty_log_start(0, NULL));
    g_assert_false(memory_global_dirty_log_start(0x100, NULL));
    g_assert_cmpuint(global_dirty_tracking, ==, 0);
    fixture_done(&f);
}

static GArray *code_writes;
static int dirty_resets;

static void hook_code_write(ram_addr_t start, ram_addr_t length)
{
    g_array_append_val(code_writes, start);
}

static void hook_dirty_reset(ram_addr_t start, ram_addr_t length)
{
    dirty_resets++;
}

static const RAMDirtyHooks test_hooks = {
    .code_write = hook_code_write,
    .dirty_reset = hook_dirty_reset,
};

static void test_code_dirty(void)
{
    Fixture f;
    MemoryRegion *ram;
    ram_addr_t base, ram_addr;
    uint32_t val = 0x13;
    hwaddr len = 0x100;
    void *host;

    code_writes = g_array_new(false, false, sizeof(ram_addr_t));
    ram_dirty_hooks_register(&test_hooks);
    fixture_init(&f);
    ram = add_ram(&f, f.root, "t.ram6", 0x200000, 0x10000);
    base = memory_region_get_ram_addr(ram);

    /* Not code yet: writes are plain. */
    g_assert_false(cpu_physical_memory_is_clean(base + 0x3000));
    address_space_write(&f.as, 0x203000, ATTRS, &val, 4);
    g_assert_cmpuint(code_writes->len, ==, 0);

    /* The translator takes code from page 3: clears its CODE bit. */
    dirty_resets = 0;
    g_assert_true(cpu_physical_memory_test_and_clear_dirty(base + 0x3000,
                                        0x1000, DIRTY_MEMORY_CODE));
    g_assert_cmpint(dirty_resets, ==, 1);
    g_assert_true(cpu_physical_memory_is_clean(base + 0x3000));
    g_assert_false(cpu_physical_memory_is_clean(base + 0x4000));

    /* A DMA/device write there invalidates once, then it is dirty. */
    address_space_write(&f.as, 0x203010, ATTRS, &val, 4);
    g_assert_cmpuint(code_writes->len, ==, 1);
    g_assert_cmpuint(g_array_index(code_writes, ram_addr_t, 0), ==,
                     base + 0x3010);
    g_assert_false(cpu_physical_memory_is_clean(base + 0x3000));
    address_space_write(&f.as, 0x203010, ATTRS, &val, 4);
    g_assert_cmpuint(code_writes->len, ==, 1);

    /* The CPU fast path: host pointer + ram_addr for notdirty. */
    host = address_space_map_ram(&f.as, 0x203800, &len, true, &ram_addr);
    g_assert_true(host == (uint8_t *)memory_region_get_ram_ptr(ram) +
                  0x3800);
    g_assert_cmpuint(ram_addr, ==, base + 0x3800);
    g_assert_cmpuint(len, ==, 0x100);
    len = 0x100000;
    address_space_map_ram(&f.as, 0x20f000, &len, false, NULL);
    g_assert_cmpuint(len, ==, 0x1000);
    cpu_physical_memory_test_and_clear_dirty(base + 0x3000, 0x1000,
                                             DIRTY_MEMORY_CODE);
    memory_notdirty_write(ram_addr, 8);
    g_assert_cmpuint(code_writes->len, ==, 2);
    len = 4;
    g_assert_null(address_space_map_ram(&f.as, 0x300000, &len, false,
                                        NULL));
    g_assert_cmpuint(len, ==, 0);

    /* Starting dirty tracking drops every cached write fast path. */
    dirty_resets = 0;
    memory_global_dirty_log_start(GLOBAL_DIRTY_MIGRATION, &error_abort);
    g_assert_cmpint(dirty_resets, >=, 1);
    cpu_physical_memory_test_and_clear_dirty(base, 0x10000,
                                             DIRTY_MEMORY_MIGRATION);
    g_assert_true(cpu_physical_memory_is_clean(base + 0x8000));
    memory_notdirty_write(base + 0x8000, 4);
    g_assert_false(cpu_physical_memory_is_clean(base + 0x8000));
    memory_global_dirty_log_stop(GLOBAL_DIRTY_MIGRATION);

    ram_dirty_hooks_register(NULL);
    fixture_done(&f);
    g_array_free(code_writes, true);
}

typedef struct CountListener {
    MemoryListener listener;
    int adds, dels, nops, begins, commits;
    hwaddr last_add;
} CountListener;

static void cl_begin(MemoryListener *l)
{
    container_of(l, CountListener, listener)->begins++;
}

static void cl_commit(MemoryListener *l)
{
    container_of(l, CountListener, listener)->commits++;
}

static void cl_add(MemoryListener *l, MemoryRegionSection *s)
{
    CountListener *cl = container_of(l, CountListener, listener);

    cl->adds++;
    cl->last_add = s->offset_within_address_space;
}

static void cl_del(MemoryListener *l, MemoryRegionSection *s)
{
    container_of(l, CountListener, listener)->dels++;
}

static void cl_nop(MemoryListener *l, MemoryRegionSection *s)
{
    container_of(l, CountListener, listener)->nops++;
}

static void test_listener_rebuild(void)
{
    Fixture f;
    MemoryRegion *ram, *io;
    CountListener cl = {
        .listener = {
            .begin = cl_begin, .commit = cl_commit, .region_add = cl_add,
            .region_del = cl_del, .region_nop = cl_nop, .name = "test",
        },
    };
    TestDev *d = tdev_new();
    FlatView *old;

    fixture_init(&f);
    ram = add_ram(&f, f.root, "t.ram7", 0x0, 0x10000);
    memory_listener_register(&cl.listener, &f.as);
    g_assert_cmpint(cl.adds, ==, 1);
    g_assert_cmpint(cl.commits, ==, 1);

    /* A reader's snapshot survives a rebuild. */
    old = address_space_get_flatview(&f.as);

    io = new_region(&f);
    memory_region_init_io(io, NULL, &ops_valid4, d, "t.io3", 0x1000);
    memory_region_add_subregion_overlap(f.root, 0x4000, io, 1);
    /* The RAM range is split in two around the I/O. */
    g_assert_cmpint(cl.dels, ==, 1);
    g_assert_cmpint(cl.adds, ==, 4);
    g_assert_cmpint(cl.commits, ==, 2);

    g_assert_cmpuint(old->nr, ==, 1);
    flatview_unref(old);

    /* Batched changes rebuild once. */
    memory_region_transaction_begin();
    memory_region_set_enabled(io, false);
    memory_region_set_enabled(io, true);
    memory_region_set_enabled(ram, false);
    memory_region_transaction_commit();
    g_assert_cmpint(cl.commits, ==, 3);
    g_assert_cmpint(cl.dels, ==, 3);
    g_assert_cmpint(cl.nops, ==, 1);

    memory_listener_unregister(&cl.listener);
    g_assert_cmpint(cl.dels, ==, 4);
    fixture_done(&f);
    tdev_free(d);
}

static void test_memory_region_find(void)
{
    Fixture f;
    MemoryRegion *ram;
    MemoryRegionSection s;

    fixture_init(&f);
    ram = add_ram(&f, f.root, "t.ram8", 0x10000, 0x1000);
    s = memory_region_find(f.root, 0x10800, 0x1000);
    g_assert_true(s.mr == ram);
    g_assert_cmpuint(s.offset_within_region, ==, 0x800);
    g_assert_cmpuint(int128_get64(s.size), ==, 0x800);
    memory_region_unref(s.mr);
    s = memory_region_find(f.root, 0x20000, 0x10);
    g_assert_null(s.mr);
    fixture_done(&f);
}

static void test_qom_properties(void)
{
    Object *owner = object_new(TYPE_CONTAINER);
    MemoryRegion *mr = g_new0(MemoryRegion, 1), *c = g_new0(MemoryRegion, 1);
    Object *child;

    object_property_add_child(object_get_root(), "mem-owner", owner);
    object_unref(owner);
    memory_region_init(c, owner, "t/cont", 0x1000);
    memory_region_init_io(mr, owner, NULL, NULL, "t.q", 0x10);
    child = object_resolve_path_component(owner, "t.q[0]");
    g_assert_true(child == OBJECT(mr));
    g_assert_nonnull(object_resolve_path_component(owner,
                                                   "t\\x2fcont[0]"));
    memory_region_add_subregion_overlap(c, 0x100, mr, 3);
    g_assert_cmpuint(object_property_get_uint(OBJECT(mr), "addr", NULL), ==,
                     0x100);
    g_assert_cmpuint(object_property_get_uint(OBJECT(mr), "size", NULL), ==,
                     0x10);
    g_assert_cmpint(object_property_get_int(OBJECT(mr), "priority", NULL),
                    ==, 3);
    g_assert_true(memory_region_owner(mr) == owner);
    memory_region_del_subregion(c, mr);
    object_unparent(owner);
    g_free(mr);
    g_free(c);
}

static void test_system_memory(void)
{
    MemoryRegion *sys = get_system_memory();
    MemoryRegion *ram = g_new0(MemoryRegion, 1);
    uint32_t v = 0xdeadbeef, w = 0;

    g_assert_cmpstr(memory_region_name(sys), ==, "system");
    g_assert_cmpuint(memory_region_size(sys), ==, UINT64_MAX);
    memory_region_init_ram(ram, NULL, "t.sysram", 0x1000, &error_abort);
    memory_region_add_subregion(sys, 0x80000000, ram);
    cpu_physical_memory_write(0x80000010, &v, 4);
    cpu_physical_memory_read(0x80000010, &w, 4);
    g_assert_cmphex(w, ==, 0xdeadbeef);
    g_assert_cmphex(address_space_ldl(&address_space_memory, 0x80000010,
                                      ATTRS, NULL), ==, 0xdeadbeef);
    memory_region_del_subregion(sys, ram);
    object_unref(OBJECT(ram));
    g_free(ram);
}

static void test_mtree(void)
{
    if (g_test_subprocess()) {
        Fixture f;
        MemoryRegion *c, *alias, *io, *ram;
        TestDev *d = tdev_new();

        fixture_init(&f);
        ram = add_ram(&f, f.root, "t.mt.ram", 0x80000000, 0x10000);
        c = new_region(&f);
        memory_region_init(c, NULL, "t.mt.cont", 0x10000);
        memory_region_add_subregion(f.root, 0x10000000, c);
        io = new_region(&f);
        memory_region_init_io(io, NULL, &ops_valid4, d, "t.mt.uart", 0x100);
        memory_region_add_subregion(c, 0x100, io);
        alias = new_region(&f);
        memory_region_init_alias(alias, NULL, "t.mt.alias", ram, 0x1000,
                                 0x1000);
        memory_region_add_subregion_overlap(f.root, 0x1000, alias, 2);
        memory_region_set_enabled(alias, false);
        mtree_info(false, false, false, false);
        printf("====\n");
        mtree_info(false, false, false, true);
        printf("====\n");
        memory_region_set_enabled(alias, true);
        mtree_info(true, false, false, false);
        fixture_done(&f);
        tdev_free(d);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout(
        "*address-space: test-as-*\n"
        "  0000000000000000-00000000ffffffff (prio 0, i/o): root\n"
        "    0000000010000000-000000001000ffff (prio 0, i/o): t.mt.cont\n"
        "      0000000010000100-00000000100001ff (prio 0, i/o): t.mt.uart\n"
        "    0000000080000000-000000008000ffff (prio 0, ram): t.mt.ram\n"
        "\n"
        "address-space: memory\n"
        "  0000000000000000-ffffffffffffffff (prio 0, i/o): system\n"
        "\n"
        "address-space: I/O\n"
        "  0000000000000000-000000000000ffff (prio 0, i/o): io\n"
        "\n"
        "memory-region: t.mt.ram\n"
        "  0000000080000000-000000008000ffff (prio 0, ram): t.mt.ram\n"
        "*====*"
        "    0000000000001000-0000000000001fff (prio 2, ram): alias "
        "t.mt.alias @t.mt.ram 0000000000001000-0000000000001fff "
        "[disabled]\n*====*"
        "FlatView #*\n"
        " AS \"test-as-*\", root: root\n"
        " Root memory region: root\n"
        "  0000000000001000-0000000000001fff (prio 0, ram): t.mt.ram "
        "@0000000000001000\n"
        "  0000000010000100-00000000100001ff (prio 0, i/o): t.mt.uart\n"
        "  0000000080000000-000000008000ffff (prio 0, ram): t.mt.ram\n*");
}

static void test_log_mask(void)
{
    g_assert_cmphex(qemu_str_to_log_mask("guest_errors,unimp"), ==,
                    LOG_GUEST_ERROR | LOG_UNIMP);
    g_assert_cmphex(qemu_str_to_log_mask("in_asm,int,invalid_mem"), ==,
                    CPU_LOG_TB_IN_ASM | CPU_LOG_INT | LOG_INVALID_MEM);
    g_assert_cmphex(qemu_str_to_log_mask("bogus"), ==, 0);
    g_assert_cmphex(qemu_str_to_log_mask("unimp,,int"), ==, 0);
    g_assert_true(qemu_str_to_log_mask("all") & LOG_GUEST_ERROR);
    qemu_set_log(LOG_GUEST_ERROR, &error_abort);
    g_assert_true(qemu_loglevel_mask(LOG_GUEST_ERROR));
    g_assert_false(qemu_loglevel_mask(LOG_UNIMP));
    qemu_set_log(0, &error_abort);
    g_assert_false(qemu_set_log_filename("/nonexistent/dir/log", NULL));
    g_assert_false(qemu_set_log_filename("/tmp/a%d%d", NULL));
}

static void test_log_file(void)
{
    g_autofree char *dir = g_dir_make_tmp("test-log-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "qemu.log", NULL);
    g_autofree char *text = NULL;

    g_assert_true(qemu_set_log_filename(path, &error_abort));
    qemu_set_log(LOG_GUEST_ERROR, &error_abort);
    qemu_log_mask(LOG_GUEST_ERROR, "bad register %d\n", 42);
    qemu_log_mask(LOG_UNIMP, "not shown\n");
    qemu_set_log(0, &error_abort);
    g_assert_true(qemu_set_log_filename(NULL, &error_abort));
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "bad register 42\n");
    unlink(path);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/memory/ram-rw", test_ram_rw);
    g_test_add_func("/memory/unassigned", test_unassigned);
    g_test_add_func("/memory/priorities", test_priorities_and_overlap);
    g_test_add_func("/memory/nested", test_nested_containers);
    g_test_add_func("/memory/alias", test_alias);
    g_test_add_func("/memory/enable-readonly-rom",
                    test_enable_disable_readonly);
    g_test_add_func("/memory/io-sizes", test_io_sizes);
    g_test_add_func("/memory/io-invalid", test_io_invalid);
    g_test_add_func("/memory/io-big-endian", test_io_big_endian);
    g_test_add_func("/memory/dirty", test_dirty_tracking);
    g_test_add_func("/memory/code-dirty", test_code_dirty);
    g_test_add_func("/memory/listener-rebuild", test_listener_rebuild);
    g_test_add_func("/memory/find", test_memory_region_find);
    g_test_add_func("/memory/qom", test_qom_properties);
    g_test_add_func("/memory/system", test_system_memory);
    g_test_add_func("/memory/mtree", test_mtree);
    g_test_add_func("/memory/log-mask", test_log_mask);
    g_test_add_func("/memory/log-file", test_log_file);
    return g_test_run();
}
