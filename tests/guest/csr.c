/*
 * Machine and supervisor CSRs: identification, misa, scratch and epc
 * registers, WARL fields (mtvec mode, mstatus.MPP, satp mode, delegation
 * masks, misa writes), the sstatus/sie views, counters (monotonic, time
 * tracking the CLINT's mtime), counter enables, and the illegal-instruction
 * cases (unknown CSR, write to a read-only CSR, privilege too low).
 */
#include "guest.h"

const char *guest_prog_name = "csr";

#define MISA_EXT(c) (1UL << ((c) - 'A'))

static void test_misa(void)
{
    unsigned long misa = csr_read(misa);
    unsigned long need = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') |
                         MISA_EXT('F') | MISA_EXT('D') | MISA_EXT('C') |
                         MISA_EXT('S') | MISA_EXT('U');

    EXPECT_EQ(misa >> (__riscv_xlen - 2), __riscv_xlen == 64 ? 2 : 1);
    EXPECT_EQ(misa & need, need);
    EXPECT_EQ(misa & MISA_EXT('E'), 0);
    /* writes that would remove I or change MXL are ignored (WARL) */
    csr_write(misa, 0);
    EXPECT_EQ(csr_read(misa), misa);
}

static void test_ids(void)
{
    EXPECT_EQ(csr_read(mhartid), 0);
    (void)csr_read(mvendorid);
    (void)csr_read(marchid);
    (void)csr_read(mimpid);
}

static void test_scratch_epc(void)
{
    unsigned long saved = csr_read(mscratch);
    unsigned long v;

    csr_write(mscratch, 0xa5a5a5a55a5a5a5aUL);
    v = csr_read(mscratch);
    csr_write(mscratch, saved);
    EXPECT_EQ(v, 0xa5a5a5a55a5a5a5aUL);

    saved = csr_read(sscratch);
    csr_write(sscratch, -1UL);
    v = csr_swap(sscratch, saved);
    EXPECT_EQ(v, -1UL);

    /* bit 1 of xepc is writable with C (bit 0 is left alone: QEMU 7.2
     * keeps it, newer releases mask it) */
    csr_write(mepc, -2UL);
    EXPECT_EQ(csr_read(mepc), -2UL);
    csr_write(sepc, 0x1002);
    EXPECT_EQ(csr_read(sepc), 0x1002);
    /* csrrs/csrrc set and clear bits and return the old value */
    csr_write(mepc, 0xf0);
    EXPECT_EQ(csr_set(mepc, 0x0c), 0xf0);
    EXPECT_EQ(csr_clear(mepc, 0x30), 0xfc);
    EXPECT_EQ(csr_read(mepc), 0xcc);
    /* immediate forms */
    asm volatile("csrrwi x0, mepc, 0x1c\n csrrsi x0, mepc, 2\n"
                 "csrrci x0, mepc, 4" ::: "memory");
    EXPECT_EQ(csr_read(mepc), 0x1a);
}

static void test_tvec(void)
{
    unsigned long saved = csr_read(mtvec);
    unsigned long v;

    csr_write(mtvec, 0x80001001UL);            /* vectored */
    v = csr_read(mtvec);
    EXPECT_EQ(v, 0x80001001UL);
    csr_write(mtvec, 0x80002003UL);            /* reserved mode */
    v = csr_read(mtvec);
    csr_write(mtvec, saved);
    EXPECT_TRUE((v & 3) < 2);

    saved = csr_read(stvec);
    csr_write(stvec, 0x80003001UL);
    v = csr_read(stvec);
    csr_write(stvec, saved);
    EXPECT_EQ(v, 0x80003001UL);
}

static void test_mstatus(void)
{
    unsigned long saved = csr_read(mstatus);
    unsigned long v;

    /* MPP only holds M, S or U */
    csr_clear(mstatus, MSTATUS_MPP);
    csr_set(mstatus, 1UL << 11);
    EXPECT_EQ(csr_read(mstatus) & MSTATUS_MPP, 1UL << 11);
    csr_set(mstatus, MSTATUS_MPP);
    EXPECT_EQ(csr_read(mstatus) & MSTATUS_MPP, MSTATUS_MPP);
#if __riscv_xlen == 64
    /* SXL and UXL are 64-bit */
    v = csr_read(mstatus);
    EXPECT_EQ((v >> 32) & 0xf, 0xa);
#endif
    /* sstatus is a restricted view of mstatus */
    csr_clear(mstatus, MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SUM);
    csr_set(sstatus, MSTATUS_SIE | MSTATUS_SUM);
    v = csr_read(mstatus);
    EXPECT_EQ(v & (MSTATUS_SIE | MSTATUS_SUM), MSTATUS_SIE | MSTATUS_SUM);
    csr_set(mstatus, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP);
    v = csr_read(sstatus);
    EXPECT_EQ(v & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP), 0);
    csr_clear(mstatus, MSTATUS_MIE);
    csr_clear(sstatus, MSTATUS_SIE | MSTATUS_SUM);
    EXPECT_EQ(csr_read(mstatus) & (MSTATUS_SIE | MSTATUS_SUM), 0);
    csr_write(mstatus, saved);
}

static void test_mstatus_mpp_warl(void)
{
    unsigned long saved = csr_read(mstatus);
    unsigned long v;

    /* 2 is reserved: reads back as some legal mode (QEMU >= 8.1) */
    csr_clear(mstatus, MSTATUS_MPP);
    csr_set(mstatus, 2UL << 11);
    v = (csr_read(mstatus) & MSTATUS_MPP) >> 11;
    csr_write(mstatus, saved);
    EXPECT_TRUE(v != 2);
}

static void test_delegation(void)
{
    unsigned long v;

    csr_write(medeleg, -1UL);
    v = csr_read(medeleg);
    csr_write(medeleg, 0);
    EXPECT_EQ(v & ((1UL << CAUSE_USER_ECALL) | (1UL << CAUSE_BREAKPOINT) |
                   (1UL << CAUSE_ILLEGAL_INSN) |
                   (1UL << CAUSE_LOAD_PAGE_FAULT) |
                   (1UL << CAUSE_STORE_PAGE_FAULT)),
              (1UL << CAUSE_USER_ECALL) | (1UL << CAUSE_BREAKPOINT) |
              (1UL << CAUSE_ILLEGAL_INSN) | (1UL << CAUSE_LOAD_PAGE_FAULT) |
              (1UL << CAUSE_STORE_PAGE_FAULT));
    EXPECT_EQ(csr_read(medeleg), 0);

    csr_write(mideleg, -1UL);
    v = csr_read(mideleg);
    EXPECT_EQ(v & (MIP_SSIP | MIP_STIP | MIP_SEIP),
              MIP_SSIP | MIP_STIP | MIP_SEIP);
    EXPECT_EQ(v & (MIP_MSIP | MIP_MTIP | MIP_MEIP), 0);
    /* sie shows the delegated bits of mie */
    csr_write(mie, MIP_SSIP | MIP_MTIP);
    EXPECT_EQ(csr_read(sie) & (MIP_SSIP | MIP_MTIP), MIP_SSIP);
    csr_write(mideleg, 0);
    EXPECT_EQ(csr_read(sie) & MIP_SSIP, 0);
    csr_write(mie, 0);
}

static void test_mie_mip(void)
{
    unsigned long all = MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP |
                        MIP_SEIP | MIP_MEIP;

    csr_write(mie, -1UL);
    EXPECT_EQ(csr_read(mie) & all, all);
    csr_write(mie, 0);
    EXPECT_EQ(csr_read(mie), 0);
    /* MTIP/MSIP/MEIP are read-only in mip; SSIP is writable from M */
    mtimecmp_write(0, -1ULL);
    csr_set(mip, MIP_MTIP | MIP_MSIP | MIP_MEIP);
    EXPECT_EQ(csr_read(mip) & (MIP_MTIP | MIP_MSIP | MIP_MEIP), 0);
    csr_set(mip, MIP_SSIP);
    EXPECT_EQ(csr_read(mip) & MIP_SSIP, MIP_SSIP);
    csr_clear(mip, MIP_SSIP);
    EXPECT_EQ(csr_read(mip) & MIP_SSIP, 0);
}

static void test_counters(void)
{
    unsigned long c1, c2, i1, i2, t1, t2;
    uint64_t m1, m2;
    volatile unsigned long sink = 0;

    c1 = csr_read(mcycle);
    i1 = csr_read(minstret);
    for (int i = 0; i < 1000; i++) {
        sink += i;
    }
    c2 = csr_read(mcycle);
    i2 = csr_read(minstret);
    EXPECT_TRUE(c2 > c1);
    EXPECT_TRUE(i2 > i1);
    /* unprivileged aliases */
    c1 = csr_read(cycle);
    i1 = csr_read(instret);
    EXPECT_TRUE(c1 >= c2);
    EXPECT_TRUE(i1 >= i2);
    /* time follows the CLINT's mtime */
    m1 = mtime_read();
    t1 = csr_read(time);
    delay_us(100);
    t2 = csr_read(time);
    m2 = mtime_read();
    EXPECT_TRUE(t1 >= m1 && t2 <= m2);
    EXPECT_TRUE(t2 - t1 >= 1000);       /* 100 us at 10 MHz */
    asm volatile("rdtime %0" : "=r"(t1));
    EXPECT_TRUE(t1 >= t2);
    (void)sink;
}

static void test_counter_write(void)
{
    unsigned long v;

    csr_write(mcycle, 1000000000UL);
    v = csr_read(mcycle);
    EXPECT_TRUE(v >= 1000000000UL && v < 1000000000UL + 100000000UL);
    csr_write(minstret, 5000000000UL & -1UL);
    v = csr_read(minstret);
    EXPECT_TRUE(v >= (5000000000UL & -1UL));
}

static long read_cycle(long which)
{
    unsigned long v;

    switch (which) {
    case 0:
        asm volatile("rdcycle %0" : "=r"(v));
        break;
    case 1:
        asm volatile("rdtime %0" : "=r"(v));
        break;
    default:
        asm volatile("rdinstret %0" : "=r"(v));
        break;
    }
    return v;
}

static void test_counteren(void)
{
    pmp_allow_all();
    for (long which = 0; which < 3; which++) {
        /* not enabled: illegal in S and U */
        csr_write(mcounteren, 0);
        csr_write(scounteren, 7);
        trap_expect();
        run_in_mode(PRV_S, read_cycle, which);
        trap_disarm();
        if (trap_rec.count != 1 || trap_rec.cause != CAUSE_ILLEGAL_INSN) {
            FAIL("counter %ld in S with mcounteren=0: %lu traps", which,
                 trap_rec.count);
        }
        /* enabled for S only: U still needs scounteren */
        csr_write(mcounteren, 1UL << which);
        csr_write(scounteren, 0);
        trap_expect();
        run_in_mode(PRV_S, read_cycle, which);
        run_in_mode(PRV_U, read_cycle, which);
        trap_disarm();
        if (trap_rec.count != 1 || trap_rec.cause != CAUSE_ILLEGAL_INSN) {
            FAIL("counter %ld with mcounteren only: %lu traps", which,
                 trap_rec.count);
        }
        csr_write(scounteren, 1UL << which);
        trap_expect();
        run_in_mode(PRV_U, read_cycle, which);
        trap_disarm();
        if (trap_rec.count != 0) {
            FAIL("counter %ld fully enabled: trap cause 0x%lx", which,
                 trap_rec.cause);
        }
    }
    csr_write(mcounteren, 0);
    csr_write(scounteren, 0);
}

static long read_mstatus(long unused)
{
    (void)unused;
    return csr_read(mstatus);
}

static long read_satp(long unused)
{
    (void)unused;
    return csr_read(satp);
}

static void test_illegal(void)
{
    unsigned long v;

    trap_expect();
    asm volatile("csrr %0, 0x0ff" : "=r"(v));               /* unknown */
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 1);
    EXPECT_EQ(trap_rec.cause, CAUSE_ILLEGAL_INSN);

    trap_expect();
    asm volatile("csrw mhartid, %0" :: "r"(1UL));           /* read-only */
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 1);
    EXPECT_EQ(trap_rec.cause, CAUSE_ILLEGAL_INSN);
    /* csrrs with x0 does not write: fine on a read-only CSR */
    trap_expect();
    asm volatile("csrrs %0, mhartid, x0" : "=r"(v));
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 0);

    pmp_allow_all();
    trap_expect();
    run_in_mode(PRV_S, read_mstatus, 0);                  /* M CSR in S */
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 1);
    EXPECT_EQ(trap_rec.cause, CAUSE_ILLEGAL_INSN);

    /* mstatus.TVM traps satp accesses from S */
    csr_set(mstatus, MSTATUS_TVM);
    trap_expect();
    run_in_mode(PRV_S, read_satp, 0);
    trap_disarm();
    csr_clear(mstatus, MSTATUS_TVM);
    EXPECT_EQ(trap_rec.count, 1);
    trap_expect();
    run_in_mode(PRV_S, read_satp, 0);
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 0);
}

static void test_satp(void)
{
#if __riscv_xlen == 64
    unsigned long sv39 = (8UL << 60) | 0x80123;
    unsigned long v;

    csr_write(satp, sv39);
    EXPECT_EQ(csr_read(satp), sv39);
    csr_write(satp, (5UL << 60) | 0x80456);          /* reserved mode */
    v = csr_read(satp);
    csr_write(satp, 0);
    EXPECT_EQ(v, sv39);
    EXPECT_EQ(csr_read(satp), 0);
#else
    csr_write(satp, (1UL << 31) | 0x80123);
    EXPECT_EQ(csr_read(satp), (1UL << 31) | 0x80123);
    csr_write(satp, 0);
#endif
}

int main(void)
{
    RUN_TEST(misa);
    RUN_TEST(ids);
    RUN_TEST(scratch_epc);
    RUN_TEST(tvec);
    RUN_TEST(mstatus);
    RUN_TEST(mstatus_mpp_warl);
    RUN_TEST(delegation);
    RUN_TEST(mie_mip);
    RUN_TEST(counters);
    RUN_TEST(counter_write);
    RUN_TEST(counteren);
    RUN_TEST(illegal);
    RUN_TEST(satp);
    return guest_finish();
}
