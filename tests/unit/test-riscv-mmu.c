/*
 * RISC-V MMU and PMP: Sv39/Sv48/Sv32 walks, superpages, A/D updates,
 * page faults, SUM/MXR/MPRV, the TLB and sfence.vma, PMP regions.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "riscv-harness.h"

#define PT_BASE (RAM_BASE + 0x100000)
#define DATA_PA (RAM_BASE + 0x200000)
#define CODE_VA RAM_BASE            /* identity-mapped code page */

typedef struct Pt {
    Harness *h;
    int levels, ptesize, vpnbits;
    uint64_t root, next;
} Pt;

static uint64_t pte_get(Pt *pt, uint64_t a)
{
    uint64_t v = 0;
    memcpy(&v, pt->h->ram + (a - RAM_BASE), pt->ptesize);
    return v;
}

static void pte_set(Pt *pt, uint64_t a, uint64_t v)
{
    memcpy(pt->h->ram + (a - RAM_BASE), &v, pt->ptesize);
}

static void csrw(Harness *h, int csr, uint64_t v)
{
    g_assert_cmpint(riscv_csrrw_debug(h->env, csr, NULL, v, ~0ULL), ==,
                    RISCV_EXCP_NONE);
}

static void pt_init(Pt *pt, Harness *h, int mode)
{
    pt->h = h;
    pt->levels = mode == VM_1_10_SV32 ? 2 : mode == VM_1_10_SV39 ? 3 : 4;
    pt->ptesize = mode == VM_1_10_SV32 ? 4 : 8;
    pt->vpnbits = mode == VM_1_10_SV32 ? 10 : 9;
    pt->root = PT_BASE;
    pt->next = PT_BASE + 0x1000;
    memset(h->ram + (PT_BASE - RAM_BASE), 0, 0x40000);
    if (mode == VM_1_10_SV32) {
        csrw(h, CSR_SATP, SATP32_MODE | (PT_BASE >> 12));
    } else {
        csrw(h, CSR_SATP, ((uint64_t)mode << 60) | (PT_BASE >> 12));
    }
}

/* Map @va to @pa with a leaf at @level (0: 4 KiB); returns the PTE address */
static uint64_t pt_map(Pt *pt, uint64_t va, uint64_t pa, int level,
                       uint64_t flags)
{
    uint64_t table = pt->root;

    for (int i = pt->levels - 1; i > level; i--) {
        uint64_t idx = (va >> (12 + i * pt->vpnbits)) &
                       ((1ULL << pt->vpnbits) - 1);
        uint64_t a = table + idx * pt->ptesize;
        uint64_t pte = pte_get(pt, a);
        if (!(pte & PTE_V)) {
            pte = ((pt->next >> 12) << 10) | PTE_V;
            pt->next += 0x1000;
            pte_set(pt, a, pte);
        }
        table = (pte >> 10) << 12;
    }
    {
        uint64_t idx = (va >> (12 + level * pt->vpnbits)) &
                       ((1ULL << pt->vpnbits) - 1);
        uint64_t a = table + idx * pt->ptesize;
        pte_set(pt, a, ((pa >> 12) << 10) | flags | PTE_V);
        return a;
    }
}

static void pmp_allow_all(Harness *h)
{
    csrw(h, CSR_PMPADDR0 + 15, ~0ULL);
    csrw(h, h->env->xl32 ? CSR_PMPCFG0 + 3 : CSR_PMPCFG0 + 2,
         (uint64_t)(PMP_READ | PMP_WRITE | PMP_EXEC |
                    (PMP_AMATCH_NAPOT << PMP_AMATCH_SHIFT)) <<
         (h->env->xl32 ? 24 : 56));
}

/* Run a load of @va into a0 in mode @priv; returns the status */
static RISCVExecStatus load_at(Harness *h, uint64_t priv, uint64_t va)
{
    riscv_cpu_set_mode(h->env, priv);
    h->env->pc = CODE_VA;
    h->env->gpr[11] = va;
    return run_insn(h, I_LD(10, 11, 0));
}

static RISCVExecStatus store_at(Harness *h, uint64_t priv, uint64_t va,
                                uint64_t val)
{
    riscv_cpu_set_mode(h->env, priv);
    h->env->pc = CODE_VA;
    h->env->gpr[11] = va;
    h->env->gpr[12] = val;
    return run_insn(h, I_SD(12, 11, 0));
}

/* 32-bit variants, for the 4-byte NA4 region */
static RISCVExecStatus access32_at(Harness *h, uint64_t priv, uint64_t pa,
                                   bool store)
{
    riscv_cpu_set_mode(h->env, priv);
    h->env->pc = CODE_VA;
    h->env->gpr[11] = pa;
    return run_insn(h, store ? I_SW(12, 11, 0) : I_LW(10, 11, 0));
}

static Harness *setup(const char *model, Pt *pt, int mode)
{
    Harness *h = harness_new(model);

    pmp_allow_all(h);
    pt_init(pt, h, mode);
    pt_map(pt, CODE_VA, RAM_BASE, 0, PTE_R | PTE_X | PTE_A | PTE_U);
    return h;
}

static void test_sv39(void)
{
    Pt pt;
    Harness *h = setup("rv64", &pt, VM_1_10_SV39);
    CPURISCVState *env = h->env;
    uint64_t va = 0x12345000, pte_a;

    /* The code page is a U page: S-mode fetches must fail... */
    g_assert_cmpint(load_at(h, PRV_S, va), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_INST_PAGE_FAULT);
    g_assert_cmphex(env->mtval, ==, CODE_VA);
    /* ...so remap it as an S page */
    pt_map(&pt, CODE_VA, RAM_BASE, 0, PTE_R | PTE_X | PTE_A);
    riscv_cpu_tlb_flush(env);

    put64(h, DATA_PA + 0x10, 0xdeadbeefcafef00dULL);
    pte_a = pt_map(&pt, va, DATA_PA, 0, PTE_R | PTE_W);
    g_assert_cmpint(load_at(h, PRV_S, va + 0x10), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 0xdeadbeefcafef00dULL);
    /* A set by hardware, D not yet */
    g_assert_cmphex(pte_get(&pt, pte_a) & (PTE_A | PTE_D), ==, PTE_A);
    g_assert_cmpint(store_at(h, PRV_S, va + 0x18, 42), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(get64(h, DATA_PA + 0x18), ==, 42);
    g_assert_cmphex(pte_get(&pt, pte_a) & (PTE_A | PTE_D), ==,
                    PTE_A | PTE_D);

    /* Unmapped: load page fault with the address */
    g_assert_cmpint(load_at(h, PRV_S, 0x7000), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_PAGE_FAULT);
    g_assert_cmphex(env->mtval, ==, 0x7000);
    g_assert_cmphex(env->mepc, ==, CODE_VA);
    /* Store to a read-only page */
    pt_map(&pt, 0x8000, DATA_PA, 0, PTE_R | PTE_A | PTE_D);
    g_assert_cmpint(store_at(h, PRV_S, 0x8008, 1), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_STORE_PAGE_FAULT);
    g_assert_cmphex(env->mtval, ==, 0x8008);
    /* Non-canonical address */
    g_assert_cmpint(load_at(h, PRV_S, 0x0000008000000000ULL), ==,
                    RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_PAGE_FAULT);
    /* W without R is reserved */
    pt_map(&pt, 0x9000, DATA_PA, 0, PTE_W | PTE_A | PTE_D);
    g_assert_cmpint(load_at(h, PRV_S, 0x9000), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_PAGE_FAULT);

    /* 2 MiB megapage and a misaligned one */
    pt_map(&pt, 0x40000000, DATA_PA, 1, PTE_R | PTE_A);
    g_assert_cmpint(load_at(h, PRV_S, 0x40000010), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 0xdeadbeefcafef00dULL);
    pt_map(&pt, 0x40200000, DATA_PA + 0x1000, 1, PTE_R | PTE_A);
    g_assert_cmpint(load_at(h, PRV_S, 0x40200000), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_PAGE_FAULT);
    /* 1 GiB gigapage */
    pt_map(&pt, 0xc0000000, RAM_BASE, 2, PTE_R | PTE_A);
    g_assert_cmpint(load_at(h, PRV_S, 0xc0200010), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 0xdeadbeefcafef00dULL);

    /* Instruction fetch from a non-executable page */
    riscv_cpu_set_mode(env, PRV_S);
    env->pc = va;
    g_assert_cmpint(riscv_cpu_step(env), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_INST_PAGE_FAULT);
    g_assert_cmphex(env->mtval, ==, va);

    /* M-mode ignores satp; debug translation */
    g_assert_cmpint(load_at(h, PRV_M, DATA_PA + 0x10), ==, RISCV_EXEC_NEXT);
    {
        uint64_t pa;
        riscv_cpu_set_mode(env, PRV_S);
        g_assert_true(riscv_cpu_get_phys_addr_debug(env, va + 4, &pa));
        g_assert_cmphex(pa, ==, DATA_PA + 4);
        g_assert_false(riscv_cpu_get_phys_addr_debug(env, 0x7000, &pa));
    }
    harness_free(h);
}

static void test_sum_mxr_mprv(void)
{
    Pt pt;
    Harness *h = setup("rv64", &pt, VM_1_10_SV39);
    CPURISCVState *env = h->env;

    pt_map(&pt, CODE_VA + 0x1000, RAM_BASE, 0, PTE_R | PTE_X | PTE_A);
    put64(h, DATA_PA, 77);
    pt_map(&pt, 0x10000, DATA_PA, 0, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    pt_map(&pt, 0x11000, DATA_PA, 0, PTE_X | PTE_A);

    /* U code page accessed from U: fine */
    g_assert_cmpint(load_at(h, PRV_U, 0x10000), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 77);
    /* S code runs from the S alias of the code page */
    riscv_cpu_set_mode(env, PRV_S);
    env->pc = CODE_VA + 0x1000;
    env->gpr[11] = 0x10000;
    put32(h, RAM_BASE, I_LD(10, 11, 0));
    g_assert_cmpint(riscv_cpu_step(env), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_PAGE_FAULT);
    /* With SUM, S may load from U pages */
    csrw(h, CSR_MSTATUS, MSTATUS_SUM);
    riscv_cpu_set_mode(env, PRV_S);
    env->pc = CODE_VA + 0x1000;
    g_assert_cmpint(riscv_cpu_step(env), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 77);
    /* Execute-only page: load faults without MXR, works with it */
    csrw(h, CSR_MSTATUS, 0);
    riscv_cpu_set_mode(env, PRV_S);
    env->pc = CODE_VA + 0x1000;
    env->gpr[11] = 0x11000;
    g_assert_cmpint(riscv_cpu_step(env), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_PAGE_FAULT);
    csrw(h, CSR_MSTATUS, MSTATUS_MXR);
    riscv_cpu_set_mode(env, PRV_S);
    env->pc = CODE_VA + 0x1000;
    g_assert_cmpint(riscv_cpu_step(env), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 77);
    /* U cannot access S pages */
    g_assert_cmpint(load_at(h, PRV_U, 0x11000), ==, RISCV_EXEC_TRAP);

    /* MPRV in M: loads use MPP's translation, fetches do not */
    csrw(h, CSR_MSTATUS, MSTATUS_MPRV | (1ULL << MSTATUS_MPP_SHIFT));
    g_assert_cmpint(load_at(h, PRV_M, 0x10000), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_PAGE_FAULT);
    csrw(h, CSR_MSTATUS, MSTATUS_MPRV | MSTATUS_SUM |
                         (1ULL << MSTATUS_MPP_SHIFT));
    g_assert_cmpint(load_at(h, PRV_M, 0x10000), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 77);
    harness_free(h);
}

static void test_tlb_and_ad(void)
{
    Pt pt;
    Harness *h = setup("rv64", &pt, VM_1_10_SV39);
    CPURISCVState *env = h->env;
    uint64_t pte_a;

    pt_map(&pt, CODE_VA, RAM_BASE, 0, PTE_R | PTE_X | PTE_A);
    riscv_cpu_tlb_flush(env);
    put64(h, DATA_PA, 1);
    put64(h, DATA_PA + 0x1000, 2);
    pte_a = pt_map(&pt, 0x20000, DATA_PA, 0, PTE_R | PTE_A);
    g_assert_cmpint(load_at(h, PRV_S, 0x20000), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 1);
    /* Changing the PTE needs sfence.vma: the TLB still has the old one */
    pte_set(&pt, pte_a, (((DATA_PA + 0x1000) >> 12) << 10) | PTE_V | PTE_R |
                        PTE_A);
    g_assert_cmpint(load_at(h, PRV_S, 0x20000), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 1);
    riscv_cpu_set_mode(env, PRV_S);
    env->pc = CODE_VA;
    g_assert_cmpint(run_insn(h, I_SFENCE), ==, RISCV_EXEC_SYNC);
    g_assert_cmpint(load_at(h, PRV_S, 0x20000), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 2);

    /* Svade (menvcfg.ADUE = 0): a clear A bit is a page fault */
    csrw(h, CSR_MENVCFG, 0);
    pt_map(&pt, 0x21000, DATA_PA, 0, PTE_R | PTE_W);
    g_assert_cmpint(load_at(h, PRV_S, 0x21000), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_PAGE_FAULT);
    pt_map(&pt, 0x22000, DATA_PA, 0, PTE_R | PTE_W | PTE_A);
    g_assert_cmpint(store_at(h, PRV_S, 0x22000, 5), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_STORE_PAGE_FAULT);

    /* A page-table entry outside RAM: access fault */
    csrw(h, CSR_SATP, (8ULL << 60) | (0x40000000 >> 12));
    g_assert_cmpint(load_at(h, PRV_S, 0x20000), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_INST_ACCESS_FAULT);
    harness_free(h);
}

static void test_sv48(void)
{
    Pt pt;
    Harness *h = setup("rv64", &pt, VM_1_10_SV48);
    CPURISCVState *env = h->env;
    uint64_t va = 0x00007f0000001000ULL;

    pt_map(&pt, CODE_VA, RAM_BASE, 0, PTE_R | PTE_X | PTE_A);
    put64(h, DATA_PA, 0x48);
    pt_map(&pt, va, DATA_PA, 0, PTE_R | PTE_A);
    g_assert_cmpint(load_at(h, PRV_S, va), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 0x48);
    /* sign-extended upper half is canonical, but unmapped */
    g_assert_cmpint(load_at(h, PRV_S, 0xffff800000000000ULL), ==,
                    RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_PAGE_FAULT);
    g_assert_cmpint(load_at(h, PRV_S, 0x0001000000000000ULL), ==,
                    RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mtval, ==, 0x0001000000000000ULL);
    harness_free(h);
}

static void test_sv32(void)
{
    Pt pt;
    Harness *h = setup("rv32", &pt, VM_1_10_SV32);
    CPURISCVState *env = h->env;

    pt_map(&pt, CODE_VA, RAM_BASE, 0, PTE_R | PTE_X | PTE_A);
    put64(h, DATA_PA, 0x32323232);
    pt_map(&pt, 0x1000, DATA_PA, 0, PTE_R | PTE_W | PTE_A | PTE_D);
    riscv_cpu_set_mode(env, PRV_S);
    env->pc = CODE_VA;
    env->gpr[11] = 0x1000;
    g_assert_cmpint(run_insn(h, I_LW(10, 11, 0)), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 0x32323232);
    /* 4 MiB megapage */
    pt_map(&pt, 0xc0000000, RAM_BASE, 1, PTE_R | PTE_A);
    env->pc = CODE_VA;
    env->gpr[11] = 0xc0200000;
    g_assert_cmpint(run_insn(h, I_LW(10, 11, 0)), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(env->gpr[10], ==, 0x32323232);
    /* fault */
    env->pc = CODE_VA;
    env->gpr[11] = 0x5000;
    g_assert_cmpint(run_insn(h, I_SW(10, 11, 0)), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_STORE_PAGE_FAULT);
    g_assert_cmphex(env->mtval, ==, 0x5000);
    harness_free(h);
}

static uint8_t cfg_byte(int a, int perms)
{
    return (a << PMP_AMATCH_SHIFT) | perms;
}

static void test_pmp(void)
{
    Harness *h = harness_new("rv64");
    CPURISCVState *env = h->env;
    uint64_t v;

    /* No entry matches: S/U denied, M allowed */
    g_assert_cmpint(load_at(h, PRV_S, DATA_PA), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_INST_ACCESS_FAULT);
    g_assert_cmpint(load_at(h, PRV_M, DATA_PA), ==, RISCV_EXEC_NEXT);

    /* entry 0: code page NAPOT RX; entry 1-2: TOR data RW; 3: NA4 R */
    csrw(h, CSR_PMPADDR0, (CODE_VA >> 2) | 0x1ff);     /* 4 KiB NAPOT */
    csrw(h, CSR_PMPADDR0 + 1, DATA_PA >> 2);
    csrw(h, CSR_PMPADDR0 + 2, (DATA_PA + 0x1000) >> 2);
    csrw(h, CSR_PMPADDR0 + 3, (DATA_PA + 0x2000) >> 2);
    csrw(h, CSR_PMPCFG0,
         (uint64_t)cfg_byte(PMP_AMATCH_NAPOT, PMP_READ | PMP_EXEC) |
         (uint64_t)cfg_byte(PMP_AMATCH_OFF, 0) << 8 |
         (uint64_t)cfg_byte(PMP_AMATCH_TOR, PMP_READ | PMP_WRITE) << 16 |
         (uint64_t)cfg_byte(PMP_AMATCH_NA4, PMP_READ) << 24);
    g_assert_cmpint(load_at(h, PRV_S, DATA_PA + 8), ==, RISCV_EXEC_NEXT);
    g_assert_cmpint(store_at(h, PRV_U, DATA_PA + 8, 3), ==, RISCV_EXEC_NEXT);
    g_assert_cmpint(access32_at(h, PRV_U, DATA_PA + 0x2000, false), ==,
                    RISCV_EXEC_NEXT);
    g_assert_cmpint(access32_at(h, PRV_U, DATA_PA + 0x2000, true), ==,
                    RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_STORE_AMO_ACCESS_FAULT);
    g_assert_cmphex(env->mtval, ==, DATA_PA + 0x2000);
    /* An access straddling the NA4 region's end fails, even in M */
    g_assert_cmpint(load_at(h, PRV_U, DATA_PA + 0x2000), ==,
                    RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_LOAD_ACCESS_FAULT);
    g_assert_cmpint(load_at(h, PRV_M, DATA_PA + 0x2000), ==,
                    RISCV_EXEC_TRAP);
    /* Outside all regions */
    g_assert_cmpint(load_at(h, PRV_S, DATA_PA + 0x3000), ==,
                    RISCV_EXEC_TRAP);
    /* M ignores unlocked entries */
    g_assert_cmpint(access32_at(h, PRV_M, DATA_PA + 0x2000, true), ==,
                    RISCV_EXEC_NEXT);
    /* Reserved R=0 W=1 is not written */
    csrw(h, CSR_PMPCFG0, (uint64_t)cfg_byte(PMP_AMATCH_NAPOT, PMP_WRITE));
    riscv_csrrw_debug(env, CSR_PMPCFG0, &v, 0, 0);
    g_assert_cmphex(v & 0xff, ==, cfg_byte(PMP_AMATCH_NAPOT,
                                           PMP_READ | PMP_EXEC));
    /* Lock entry 3: M is now bound by it, and it cannot change */
    csrw(h, CSR_PMPCFG0, (v & ~0xff000000ULL) |
         (uint64_t)(cfg_byte(PMP_AMATCH_NA4, PMP_READ) | PMP_LOCK) << 24);
    g_assert_cmpint(access32_at(h, PRV_M, DATA_PA + 0x2000, true), ==,
                    RISCV_EXEC_TRAP);
    g_assert_cmpint(access32_at(h, PRV_M, DATA_PA + 0x2000, false), ==,
                    RISCV_EXEC_NEXT);
    csrw(h, CSR_PMPADDR0 + 3, 0);
    riscv_csrrw_debug(env, CSR_PMPADDR0 + 3, &v, 0, 0);
    g_assert_cmphex(v, ==, (DATA_PA + 0x2000) >> 2);
    csrw(h, CSR_PMPCFG0, 0);
    riscv_csrrw_debug(env, CSR_PMPCFG0, &v, 0, 0);
    g_assert_cmphex(v >> 24 & 0xff, ==,
                    cfg_byte(PMP_AMATCH_NA4, PMP_READ) | PMP_LOCK);
    /* Odd pmpcfg registers do not exist on RV64 */
    g_assert_cmpint(riscv_csrrw_debug(env, CSR_PMPCFG0 + 1, &v, 0, 0), ==,
                    RISCV_EXCP_ILLEGAL_INST);
    /* Only 16 entries: pmpaddr16 reads as zero */
    csrw(h, CSR_PMPADDR0 + 16, 0x1234);
    riscv_csrrw_debug(env, CSR_PMPADDR0 + 16, &v, 0, 0);
    g_assert_cmphex(v, ==, 0);
    harness_free(h);

    /* PMP also guards page-table walks (as S-mode accesses) */
    {
        Pt pt;
        h = setup("rv64", &pt, VM_1_10_SV39);
        env = h->env;
        pt_map(&pt, CODE_VA, RAM_BASE, 0, PTE_R | PTE_X | PTE_A);
        /* entry 0: deny the page tables for S */
        csrw(h, CSR_PMPADDR0, (PT_BASE >> 2) | 0x7fff);  /* 256 KiB */
        csrw(h, CSR_PMPCFG0, cfg_byte(PMP_AMATCH_NAPOT, 0));
        g_assert_cmpint(load_at(h, PRV_S, 0x1000), ==, RISCV_EXEC_TRAP);
        g_assert_cmphex(env->mcause, ==, RISCV_EXCP_INST_ACCESS_FAULT);
        harness_free(h);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/riscv-mmu/sv39", test_sv39);
    g_test_add_func("/riscv-mmu/sum-mxr-mprv", test_sum_mxr_mprv);
    g_test_add_func("/riscv-mmu/tlb-and-ad", test_tlb_and_ad);
    g_test_add_func("/riscv-mmu/sv48", test_sv48);
    g_test_add_func("/riscv-mmu/sv32", test_sv32);
    g_test_add_func("/riscv-mmu/pmp", test_pmp);
    return g_test_run();
}
