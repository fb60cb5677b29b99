/*
 * RISC-V MMU: Sv32/Sv39/Sv48 page walks with hardware A/D updates, the
 * software TLB and the slow paths of guest loads, stores and fetches.
 */
#include "qemu/osdep.h"
#include "target/riscv/internals.h"

#define PAGE_READ  PMP_READ
#define PAGE_WRITE PMP_WRITE
#define PAGE_EXEC  PMP_EXEC

void riscv_cpu_tlb_flush(CPURISCVState *env)
{
    for (int i = 0; i < RISCV_MMU_IDX_COUNT; i++) {
        for (int j = 0; j < RISCV_TLB_ENTRIES; j++) {
            RISCVTLBEntry *e = &env->tlb[i][j];
            e->tag_read = e->tag_write = e->tag_exec = TLB_INVALID;
        }
    }
    env->tlb_flush_count++;
}

static RISCVException fault_cause(RISCVAccessType access, bool page_fault)
{
    switch (access) {
    case MMU_INST_FETCH:
        return page_fault ? RISCV_EXCP_INST_PAGE_FAULT
                          : RISCV_EXCP_INST_ACCESS_FAULT;
    case MMU_DATA_STORE:
        return page_fault ? RISCV_EXCP_STORE_PAGE_FAULT
                          : RISCV_EXCP_STORE_AMO_ACCESS_FAULT;
    default:
        return page_fault ? RISCV_EXCP_LOAD_PAGE_FAULT
                          : RISCV_EXCP_LOAD_ACCESS_FAULT;
    }
}

bool riscv_phys_read(CPURISCVState *env, uint64_t paddr, unsigned size,
                     uint64_t *val)
{
    const RISCVMemOps *ops = env->mem_ops;
    uint64_t v = 0, b;

    if (!ops || !ops->read) {
        return false;
    }
    if ((paddr & (size - 1)) == 0) {
        return ops->read(env->mem_opaque, paddr, size, val);
    }
    for (unsigned i = 0; i < size; i++) {
        if (!ops->read(env->mem_opaque, paddr + i, 1, &b)) {
            return false;
        }
        v |= (b & 0xff) << (8 * i);
    }
    *val = v;
    return true;
}

bool riscv_phys_write(CPURISCVState *env, uint64_t paddr, unsigned size,
                      uint64_t val)
{
    const RISCVMemOps *ops = env->mem_ops;

    if (!ops || !ops->write) {
        return false;
    }
    if ((paddr & (size - 1)) == 0) {
        return ops->write(env->mem_opaque, paddr, size, val);
    }
    for (unsigned i = 0; i < size; i++) {
        if (!ops->write(env->mem_opaque, paddr + i, 1,
                        (val >> (8 * i)) & 0xff)) {
            return false;
        }
    }
    return true;
}

static uint8_t *host_page(CPURISCVState *env, uint64_t ppage, bool write)
{
    const RISCVMemOps *ops = env->mem_ops;

    if (!ops || !ops->host_ptr) {
        return NULL;
    }
    return ops->host_ptr(env->mem_opaque, ppage, write);
}

/*
 * Walk the page table.  On success *paddr is the physical address and
 * *prot the access the translation allows in this mode (PAGE_WRITE only
 * once the page is dirty).  Returns RISCV_EXCP_NONE or the exception.
 */
static RISCVException get_physical_address(CPURISCVState *env,
                                           uint64_t vaddr,
                                           RISCVAccessType access,
                                           int mmu_idx, uint64_t *paddr,
                                           int *prot, bool debug)
{
    uint64_t priv = riscv_mmu_idx_priv(mmu_idx);
    uint64_t satp = env->satp;
    int mode, levels, ptesize, vpnbits;
    uint64_t base, ppn_mask;
    bool mxr = env->mstatus & MSTATUS_MXR;

    if (env->xl32) {
        mode = (satp & SATP32_MODE) ? VM_1_10_SV32 : VM_1_10_MBARE;
        base = (satp & SATP32_PPN) << TARGET_PAGE_BITS;
        vaddr &= 0xffffffffULL;
    } else {
        mode = satp >> 60;
        base = (satp & SATP64_PPN) << TARGET_PAGE_BITS;
    }
    if (priv == PRV_M || mode == VM_1_10_MBARE) {
        *paddr = vaddr;
        *prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        return RISCV_EXCP_NONE;
    }

    switch (mode) {
    case VM_1_10_SV32:
        levels = 2, ptesize = 4, vpnbits = 10;
        ppn_mask = 0x3fffff;
        break;
    case VM_1_10_SV39:
        levels = 3, ptesize = 8, vpnbits = 9;
        ppn_mask = (1ULL << 44) - 1;
        break;
    default: /* satp writes only accept supported modes */
        levels = 4, ptesize = 8, vpnbits = 9;
        ppn_mask = (1ULL << 44) - 1;
        break;
    }

    if (ptesize == 8) {
        int va_bits = TARGET_PAGE_BITS + levels * vpnbits;
        int64_t top = (int64_t)vaddr >> (va_bits - 1);
        if (top != 0 && top != -1) {
            return fault_cause(access, true);
        }
    }

restart:
    for (int i = levels - 1; i >= 0; i--) {
        int shift = TARGET_PAGE_BITS + i * vpnbits;
        uint64_t idx = (vaddr >> shift) & ((1ULL << vpnbits) - 1);
        uint64_t pte_addr = base + idx * ptesize;
        uint64_t pte, ppn, need;
        uint8_t *host;

        /* Implicit page-table accesses are S-mode loads for PMP */
        if (!riscv_pmp_check(env, pte_addr, ptesize, MMU_DATA_LOAD, PRV_S)) {
            return fault_cause(access, false);
        }
        if (!riscv_phys_read(env, pte_addr, ptesize, &pte)) {
            return fault_cause(access, false);
        }
        if (ptesize == 8 && (pte & PTE_RESERVED64)) {
            /* No Svpbmt/Svnapot: reserved bits must be zero */
            return fault_cause(access, true);
        }
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W))) {
            return fault_cause(access, true);
        }
        ppn = (pte >> PTE_PPN_SHIFT) & ppn_mask;
        if (!(pte & (PTE_R | PTE_X))) {
            base = ppn << TARGET_PAGE_BITS;
            continue;
        }

        /* Leaf */
        if (i > 0 && (ppn & ((1ULL << (i * vpnbits)) - 1))) {
            return fault_cause(access, true);       /* misaligned superpage */
        }
        if (priv == PRV_U && !(pte & PTE_U)) {
            return fault_cause(access, true);
        }
        if (priv == PRV_S && (pte & PTE_U) &&
            (access == MMU_INST_FETCH || mmu_idx != MMUIDX_S_SUM)) {
            return fault_cause(access, true);
        }
        *prot = 0;
        if ((pte & PTE_R) || (mxr && (pte & PTE_X))) {
            *prot |= PAGE_READ;
        }
        if ((pte & PTE_X) && !(priv == PRV_S && (pte & PTE_U))) {
            *prot |= PAGE_EXEC;
        }
        if (pte & PTE_W) {
            *prot |= PAGE_WRITE;
        }
        if ((access == MMU_DATA_LOAD && !(*prot & PAGE_READ)) ||
            (access == MMU_DATA_STORE && !(*prot & PAGE_WRITE)) ||
            (access == MMU_INST_FETCH && !(*prot & PAGE_EXEC))) {
            return fault_cause(access, true);
        }

        need = PTE_A | (access == MMU_DATA_STORE ? PTE_D : 0);
        if ((pte & need) != need && !debug) {
            uint64_t npte = pte | need;
            bool ok;

            if (!(env->menvcfg & (1ULL << 61))) {
                /* Svade: software manages A/D */
                return fault_cause(access, true);
            }
            if (!riscv_pmp_check(env, pte_addr, ptesize, MMU_DATA_STORE,
                                 PRV_S)) {
                return fault_cause(access, false);
            }
            host = host_page(env, pte_addr & TARGET_PAGE_MASK, true);
            if (host) {
                host += pte_addr & ~TARGET_PAGE_MASK;
                if (ptesize == 8) {
                    uint64_t exp = GUINT64_TO_LE(pte);
                    uint64_t nv = GUINT64_TO_LE(npte);
                    ok = __atomic_compare_exchange_n((uint64_t *)host, &exp,
                                                     nv, false,
                                                     __ATOMIC_SEQ_CST,
                                                     __ATOMIC_SEQ_CST);
                } else {
                    uint32_t exp = GUINT32_TO_LE(pte);
                    uint32_t nv = GUINT32_TO_LE(npte);
                    ok = __atomic_compare_exchange_n((uint32_t *)host, &exp,
                                                     nv, false,
                                                     __ATOMIC_SEQ_CST,
                                                     __ATOMIC_SEQ_CST);
                }
                if (!ok) {
                    /* Another hart changed the PTE: walk again */
                    base = env->xl32 ?
                        (satp & SATP32_PPN) << TARGET_PAGE_BITS :
                        (satp & SATP64_PPN) << TARGET_PAGE_BITS;
                    goto restart;
                }
            } else if (!riscv_phys_write(env, pte_addr, ptesize, npte)) {
                return fault_cause(access, false);
            }
            pte = npte;
        }
        if (!(pte & PTE_D)) {
            *prot &= ~PAGE_WRITE;   /* the first store must set D */
        }
        *paddr = (ppn << TARGET_PAGE_BITS) & ~((1ULL << shift) - 1);
        *paddr |= vaddr & ((1ULL << shift) - 1);
        return RISCV_EXCP_NONE;
    }
    return fault_cause(access, true);
}

bool riscv_cpu_get_phys_addr_debug(CPURISCVState *env, uint64_t vaddr,
                                   uint64_t *paddr)
{
    int prot;

    return get_physical_address(env, vaddr, MMU_DATA_LOAD,
                                env->mmu_idx_data, paddr, &prot,
                                true) == RISCV_EXCP_NONE ||
           get_physical_address(env, vaddr, MMU_INST_FETCH,
                                env->mmu_idx_fetch, paddr, &prot,
                                true) == RISCV_EXCP_NONE;
}

static uint64_t *entry_tag(RISCVTLBEntry *e, RISCVAccessType access)
{
    return access == MMU_DATA_LOAD ? &e->tag_read :
           access == MMU_DATA_STORE ? &e->tag_write : &e->tag_exec;
}

static bool tlb_entry_valid(const RISCVTLBEntry *e)
{
    return !(e->tag_read & e->tag_write & e->tag_exec & TLB_INVALID);
}

/* The virtual page of a valid entry: from whichever tag is valid. */
static uint64_t entry_page(const RISCVTLBEntry *e)
{
    uint64_t tag = !(e->tag_read & TLB_INVALID) ? e->tag_read :
                   !(e->tag_write & TLB_INVALID) ? e->tag_write : e->tag_exec;

    return tag & TARGET_PAGE_MASK;
}

/* Keep the entry a fill for @page is about to replace in a victim slot. */
static void tlb_evict_to_victim(CPURISCVState *env, int mmu_idx,
                                RISCVTLBEntry *e, uint64_t page)
{
    int slot;

    /* Only another page's translation is worth keeping. */
    if (!tlb_entry_valid(e) || entry_page(e) == page) {
        return;
    }
    slot = env->vtlb_next[mmu_idx]++ % RISCV_VTLB_SIZE;
    env->tlb[mmu_idx][RISCV_TLB_SIZE + slot] = *e;
}

/* A victim entry for @page and @access: swap it into the main entry @e. */
static bool tlb_victim_hit(CPURISCVState *env, int mmu_idx,
                           RISCVTLBEntry *e, uint64_t page,
                           RISCVAccessType access)
{
    for (int i = 0; i < RISCV_VTLB_SIZE; i++) {
        RISCVTLBEntry *v = &env->tlb[mmu_idx][RISCV_TLB_SIZE + i];
        uint64_t tag = *entry_tag(v, access);

        if ((tag & TARGET_PAGE_MASK) == page && !(tag & TLB_INVALID)) {
            RISCVTLBEntry tmp = *e;

            *e = *v;
            *v = tmp;
            return true;
        }
    }
    return false;
}

/*
 * Translate and check one access; fill the TLB entry when the whole page
 * shares the PMP decision.  On failure take the trap and return false.
 */
static bool tlb_fill(CPURISCVState *env, uint64_t addr, unsigned size,
                     RISCVAccessType access, int mmu_idx, uint64_t *paddr)
{
    uint64_t priv = riscv_mmu_idx_priv(mmu_idx);
    uint64_t pa, page, ppage;
    int prot, pmp_prot;
    RISCVException ex;
    RISCVTLBEntry *e;
    uint8_t *hr, *hw;

    ex = get_physical_address(env, addr, access, mmu_idx, &pa, &prot, false);
    if (ex != RISCV_EXCP_NONE) {
        riscv_raise_exception(env, ex, addr);
        return false;
    }
    *paddr = pa;
    ppage = pa & TARGET_PAGE_MASK;
    if (!riscv_pmp_page_prot(env, ppage, priv, &pmp_prot)) {
        /* PMP boundary inside the page: check each access, never cache */
        if (!riscv_pmp_check(env, pa, size, access, priv)) {
            riscv_raise_exception(env, fault_cause(access, false), addr);
            return false;
        }
        return true;
    }
    if (!(pmp_prot & (1 << (access == MMU_DATA_LOAD ? 0 :
                            access == MMU_DATA_STORE ? 1 : 2)))) {
        riscv_raise_exception(env, fault_cause(access, false), addr);
        return false;
    }
    prot &= pmp_prot;

    page = addr & TARGET_PAGE_MASK;
    e = tlb_entry(env, mmu_idx, addr);
    tlb_evict_to_victim(env, mmu_idx, e, page);
    hr = (prot & (PAGE_READ | PAGE_EXEC)) ? host_page(env, ppage, false)
                                          : NULL;
    hw = (prot & PAGE_WRITE) ? host_page(env, ppage, true) : NULL;
    if (hr && hw && hr != hw) {
        hw = NULL;
    }
    e->paddr = ppage;
    e->addend = (uintptr_t)(hr ? hr : hw) - (uintptr_t)page;
    e->tag_read = (prot & PAGE_READ) ? page | (hr ? 0 : TLB_MMIO)
                                     : TLB_INVALID;
    e->tag_exec = (prot & PAGE_EXEC) ? page | (hr ? 0 : TLB_MMIO)
                                     : TLB_INVALID;
    e->tag_write = (prot & PAGE_WRITE) ?
        page | ((hw && (hw == hr || !hr)) ? 0 : TLB_MMIO) : TLB_INVALID;
    return true;
}

bool riscv_probe_access(CPURISCVState *env, uint64_t addr, unsigned size,
                        RISCVAccessType access, uint8_t **host,
                        uint64_t *paddr)
{
    int mmu_idx = access == MMU_INST_FETCH ? env->mmu_idx_fetch
                                           : env->mmu_idx_data;
    RISCVTLBEntry *e = tlb_entry(env, mmu_idx, addr);
    uint64_t page = addr & TARGET_PAGE_MASK;
    uint64_t tag = *entry_tag(e, access);

    if (((tag & TARGET_PAGE_MASK) != page || (tag & TLB_INVALID)) &&
        tlb_victim_hit(env, mmu_idx, e, page, access)) {
        tag = *entry_tag(e, access);
    }
    if ((tag & TARGET_PAGE_MASK) != page || (tag & TLB_INVALID)) {
        if (!tlb_fill(env, addr, size, access, mmu_idx, paddr)) {
            return false;
        }
        tag = *entry_tag(e, access);
        if ((tag & TARGET_PAGE_MASK) != page || (tag & TLB_INVALID)) {
            *host = NULL;           /* not cacheable: *paddr is set */
            return true;
        }
    }
    *paddr = e->paddr | (addr & ~TARGET_PAGE_MASK);
    *host = (tag & TLB_MMIO) ? NULL
                             : (uint8_t *)(uintptr_t)(addr + e->addend);
    return true;
}

static bool access_one(CPURISCVState *env, uint64_t addr, unsigned size,
                       RISCVAccessType access, uint64_t *val)
{
    uint8_t *host;
    uint64_t pa;

    if (!riscv_probe_access(env, addr, size, access, &host, &pa)) {
        return false;
    }
    if (host) {
        if (access == MMU_DATA_STORE) {
            st_le(host, size, *val);
        } else {
            *val = ld_le(host, size);
        }
        return true;
    }
    if (access == MMU_DATA_STORE ? riscv_phys_write(env, pa, size, *val)
                                 : riscv_phys_read(env, pa, size, val)) {
        return true;
    }
    riscv_raise_exception(env, fault_cause(access, false), addr);
    return false;
}

static inline uint64_t vaddr_mask(CPURISCVState *env, uint64_t addr)
{
    return addr & env->xlen_mask;
}

bool riscv_load_slow(CPURISCVState *env, uint64_t addr, unsigned size,
                     uint64_t *val)
{
    uint64_t v = 0, b;

    if ((addr & ~TARGET_PAGE_MASK) + size <= TARGET_PAGE_SIZE) {
        return access_one(env, addr, size, MMU_DATA_LOAD, val);
    }
    /* Misaligned across a page: byte by byte */
    for (unsigned i = 0; i < size; i++) {
        if (!access_one(env, vaddr_mask(env, addr + i), 1, MMU_DATA_LOAD,
                        &b)) {
            return false;
        }
        v |= b << (8 * i);
    }
    *val = v;
    return true;
}

bool riscv_store_slow(CPURISCVState *env, uint64_t addr, unsigned size,
                      uint64_t val)
{
    if ((addr & ~TARGET_PAGE_MASK) + size <= TARGET_PAGE_SIZE) {
        return access_one(env, addr, size, MMU_DATA_STORE, &val);
    }
    /* Across a page: check both pages before writing anything */
    uint64_t second = vaddr_mask(env, (addr & TARGET_PAGE_MASK) +
                                      TARGET_PAGE_SIZE);
    uint8_t *host;
    uint64_t pa;

    if (!riscv_probe_access(env, addr, 1, MMU_DATA_STORE, &host, &pa) ||
        !riscv_probe_access(env, second, 1, MMU_DATA_STORE, &host, &pa)) {
        return false;
    }
    for (unsigned i = 0; i < size; i++) {
        uint64_t b = (val >> (8 * i)) & 0xff;
        if (!access_one(env, vaddr_mask(env, addr + i), 1, MMU_DATA_STORE,
                        &b)) {
            return false;
        }
    }
    return true;
}

bool riscv_fetch16_slow(CPURISCVState *env, uint64_t addr, uint32_t *val)
{
    uint64_t v;

    if (!access_one(env, addr, 2, MMU_INST_FETCH, &v)) {
        return false;
    }
    *val = v;
    return true;
}

static inline bool fetch16(CPURISCVState *env, uint64_t addr, uint32_t *val)
{
    RISCVTLBEntry *e = tlb_entry(env, env->mmu_idx_fetch, addr);

    if (likely(e->tag_exec == (addr & TARGET_PAGE_MASK))) {
        *val = ld_le((const uint8_t *)(uintptr_t)(addr + e->addend), 2);
        return true;
    }
    return riscv_fetch16_slow(env, addr, val);
}

bool riscv_cpu_fetch(CPURISCVState *env, uint32_t *insn_bits)
{
    uint64_t pc = env->pc;
    RISCVTLBEntry *e = tlb_entry(env, env->mmu_idx_fetch, pc);
    uint32_t lo, hi;

    /* Fast path: a whole 32-bit word inside one cached RAM page */
    if (likely(e->tag_exec == (pc & TARGET_PAGE_MASK) &&
               (pc & ~TARGET_PAGE_MASK) <= TARGET_PAGE_SIZE - 4)) {
        const uint8_t *p = (const uint8_t *)(uintptr_t)(pc + e->addend);
        lo = ld_le(p, 2);
        *insn_bits = (lo & 3) == 3 ? lo | (ld_le(p + 2, 2) << 16) : lo;
        return true;
    }
    if (!fetch16(env, pc, &lo)) {
        return false;
    }
    if ((lo & 3) != 3) {
        *insn_bits = lo;
        return true;
    }
    if (!fetch16(env, vaddr_mask(env, pc + 2), &hi)) {
        return false;
    }
    *insn_bits = lo | (hi << 16);
    return true;
}
