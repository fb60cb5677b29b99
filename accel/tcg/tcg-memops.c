/*
 * Physical memory of the vCPUs: RISCVMemOps over address_space_memory.
 * Loads and stores go through address_space_* (which take the BQL for
 * MMIO); the RAM fast path comes from address_space_map_ram and is only
 * handed out for pages that need no dirty tracking.  Topology changes
 * and dirty-bit resets make every vCPU drop its TLB.
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "exec/memory.h"
#include "system/ramblock.h"
#include "accel/tcg/tcg-cpu.h"

static bool tcg_read(void *opaque, uint64_t addr, unsigned size,
                     uint64_t *val)
{
    MemTxResult r = MEMTX_OK;

    switch (size) {
    case 1:
        *val = address_space_ldub(&address_space_memory, addr,
                                  MEMTXATTRS_UNSPECIFIED, &r);
        break;
    case 2:
        *val = address_space_lduw_le(&address_space_memory, addr,
                                     MEMTXATTRS_UNSPECIFIED, &r);
        break;
    case 4:
        *val = address_space_ldl_le(&address_space_memory, addr,
                                    MEMTXATTRS_UNSPECIFIED, &r);
        break;
    case 8:
        *val = address_space_ldq_le(&address_space_memory, addr,
                                    MEMTXATTRS_UNSPECIFIED, &r);
        break;
    default:
        return false;
    }
    return r == MEMTX_OK;
}

/*
 * A store reached RAM that was clean (so the TLB had no write fast path
 * for it).  If the page is now plain dirty RAM, drop this CPU's TLB
 * entries for it so that the next store refills them with the fast path.
 */
static void tlb_refresh_page(CPUExecState *s, uint64_t ppage)
{
    CPURISCVState *env = s->env;

    for (int i = 0; i < RISCV_MMU_IDX_COUNT; i++) {
        for (int j = 0; j < RISCV_TLB_ENTRIES; j++) {
            RISCVTLBEntry *e = &env->tlb[i][j];
            if (e->paddr == ppage && !(e->tag_write & TLB_INVALID)) {
                e->tag_write = TLB_INVALID;
            }
        }
    }
}

static bool tcg_write(void *opaque, uint64_t addr, unsigned size,
                      uint64_t val)
{
    CPUExecState *s = opaque;
    MemTxResult r = MEMTX_OK;
    hwaddr plen = 1;
    ram_addr_t ram_addr;
    bool was_clean = false;

    if (address_space_map_ram(&address_space_memory, addr, &plen, true,
                              &ram_addr)) {
        was_clean = cpu_physical_memory_is_clean(ram_addr);
    }
    switch (size) {
    case 1:
        address_space_stb(&address_space_memory, addr, val,
                          MEMTXATTRS_UNSPECIFIED, &r);
        break;
    case 2:
        address_space_stw_le(&address_space_memory, addr, val,
                             MEMTXATTRS_UNSPECIFIED, &r);
        break;
    case 4:
        address_space_stl_le(&address_space_memory, addr, val,
                             MEMTXATTRS_UNSPECIFIED, &r);
        break;
    case 8:
        address_space_stq_le(&address_space_memory, addr, val,
                             MEMTXATTRS_UNSPECIFIED, &r);
        break;
    default:
        return false;
    }
    if (was_clean && s && s == tcg_current_cpu &&
        !cpu_physical_memory_is_clean(ram_addr)) {
        tlb_refresh_page(s, addr & TB_PAGE_MASK);
    }
    return r == MEMTX_OK;
}

static uint8_t *tcg_host_ptr(void *opaque, uint64_t page_addr,
                             bool is_write)
{
    hwaddr plen = TB_PAGE_SIZE;
    ram_addr_t ram_addr;
    uint8_t *host;

    host = address_space_map_ram(&address_space_memory, page_addr, &plen,
                                 is_write, &ram_addr);
    if (!host || plen < TB_PAGE_SIZE) {
        return NULL;
    }
    if (is_write && cpu_physical_memory_is_clean(ram_addr)) {
        return NULL;            /* stores must go through notdirty */
    }
    return host;
}

const RISCVMemOps tcg_mem_ops = {
    .read = tcg_read,
    .write = tcg_write,
    .host_ptr = tcg_host_ptr,
};

static void request_tlb_flush(CPUExecState *s, void *opaque)
{
    tcg_cpu_request_work(s, CPU_WORK_TLB_FLUSH |
                            (opaque ? CPU_WORK_TB_FLUSH : 0));
}

/* The RAM behind physical addresses may have moved: forget it all. */
static void tcg_listener_commit(MemoryListener *listener)
{
    tcg_cpu_foreach(request_tlb_flush, (void *)1);
}

static MemoryListener tcg_listener = {
    .commit = tcg_listener_commit,
    .name = "tcg",
    .priority = 10,
};

static void tcg_code_write(ram_addr_t start, ram_addr_t length)
{
    tb_invalidate_phys_range(start, start + length);
}

static void tcg_dirty_reset(ram_addr_t start, ram_addr_t length)
{
    RAMBlock *block = qemu_get_ram_block(start);
    uintptr_t host;

    if (!block || start - block->offset + length > block->used_length) {
        tcg_cpu_foreach(request_tlb_flush, NULL);
        return;
    }
    host = (uintptr_t)block->host + (start - block->offset);
    tcg_cpus_write_protect(host, host + length);
}

static const RAMDirtyHooks tcg_dirty_hooks = {
    .code_write = tcg_code_write,
    .dirty_reset = tcg_dirty_reset,
};

void tcg_memops_init(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    ram_dirty_hooks_register(&tcg_dirty_hooks);
    memory_listener_register(&tcg_listener, &address_space_memory);
}
