/*
 * Local interrupts: the CLINT machine timer (mtimecmp vs mtime, MTIP as a
 * level), machine software interrupts (MSIP), priority when several are
 * pending, mie masking, WFI wake-up with interrupts globally disabled,
 * vectored mtvec, S-mode software interrupts delegated through mideleg,
 * and M-mode interrupts preempting S-mode regardless of mstatus.MIE.
 */
#include "guest.h"

const char *guest_prog_name = "interrupts";

static volatile unsigned long n_timer, n_soft, n_ssoft;
static volatile unsigned long order[8];
static volatile unsigned n_order;

static bool m_hook(struct trap_frame *f)
{
    if (f->cause == (CAUSE_INTR | IRQ_M_TIMER)) {
        mtimecmp_write(0, -1ULL);
        n_timer++;
    } else if (f->cause == (CAUSE_INTR | IRQ_M_SOFT)) {
        mmio_write32(CLINT_MSIP(0), 0);
        n_soft++;
    } else {
        return false;
    }
    if (n_order < ARRAY_SIZE(order)) {
        order[n_order++] = f->cause & ~CAUSE_INTR;
    }
    return true;
}

static bool s_hook(struct trap_frame *f)
{
    if (f->cause == (CAUSE_INTR | IRQ_S_SOFT)) {
        csr_clear(sip, MIP_SSIP);
        n_ssoft++;
        return true;
    }
    return false;
}

static void reset_state(void)
{
    csr_clear(mstatus, MSTATUS_MIE);
    csr_write(mie, 0);
    mtimecmp_write(0, -1ULL);
    mmio_write32(CLINT_MSIP(0), 0);
    n_timer = n_soft = n_ssoft = 0;
    n_order = 0;
    m_trap_hook = m_hook;
    s_trap_hook = s_hook;
}

static bool wait_for(volatile unsigned long *counter, unsigned long n,
                     unsigned long us)
{
    uint64_t end = mtime_read() + us * 10;

    while (*counter < n) {
        if (mtime_read() > end) {
            return false;
        }
    }
    return true;
}

static void test_mtip_level(void)
{
    reset_state();
    EXPECT_EQ(csr_read(mip) & MIP_MTIP, 0);
    mtimecmp_write(0, 0);                   /* in the past: pending */
    EXPECT_EQ(csr_read(mip) & MIP_MTIP, MIP_MTIP);
    mtimecmp_write(0, mtime_read() + TIMEBASE_FREQ * 100);
    EXPECT_EQ(csr_read(mip) & MIP_MTIP, 0);
    mtimecmp_write(0, -1ULL);
}

static void test_timer(void)
{
    uint64_t start, cmp;

    reset_state();
    start = mtime_read();
    cmp = start + 10000;                    /* 1 ms */
    mtimecmp_write(0, cmp);
    csr_write(mie, MIP_MTIP);
    csr_set(mstatus, MSTATUS_MIE);
    if (!wait_for(&n_timer, 1, 1000000)) {
        FAIL("no timer interrupt within 1 s");
    }
    csr_clear(mstatus, MSTATUS_MIE);
    EXPECT_EQ(n_timer, 1);
    EXPECT_TRUE(mtime_read() >= cmp);
    EXPECT_EQ(csr_read(mip) & MIP_MTIP, 0);
    reset_state();
}

static void test_mtime_rate(void)
{
    uint64_t t0 = mtime_read();
    unsigned long c0 = csr_read(time);

    delay_us(20000);
    EXPECT_TRUE(mtime_read() - t0 >= 200000);
    EXPECT_TRUE(csr_read(time) - c0 >= 200000);
}

static void test_software(void)
{
    reset_state();
    mmio_write32(CLINT_MSIP(0), 1);
    EXPECT_EQ(mmio_read32(CLINT_MSIP(0)), 1);
    EXPECT_EQ(csr_read(mip) & MIP_MSIP, MIP_MSIP);
    /* pending but masked by mie: nothing happens */
    csr_set(mstatus, MSTATUS_MIE);
    delay_us(1000);
    EXPECT_EQ(n_soft, 0);
    csr_write(mie, MIP_MSIP);
    if (!wait_for(&n_soft, 1, 1000000)) {
        FAIL("no software interrupt");
    }
    csr_clear(mstatus, MSTATUS_MIE);
    EXPECT_EQ(n_soft, 1);
    EXPECT_EQ(csr_read(mip) & MIP_MSIP, 0);
    EXPECT_EQ(mmio_read32(CLINT_MSIP(0)), 0);
    reset_state();
}

static void test_priority(void)
{
    reset_state();
    mtimecmp_write(0, 0);
    mmio_write32(CLINT_MSIP(0), 1);
    csr_write(mie, MIP_MSIP | MIP_MTIP);
    csr_set(mstatus, MSTATUS_MIE);
    wait_for(&n_timer, 1, 1000000);
    csr_clear(mstatus, MSTATUS_MIE);
    EXPECT_EQ(n_order, 2);
    EXPECT_EQ(order[0], IRQ_M_SOFT);        /* MSI before MTI */
    EXPECT_EQ(order[1], IRQ_M_TIMER);
    reset_state();
}

static void test_wfi_wakeup(void)
{
    uint64_t cmp;
    unsigned long mcause_before = csr_read(mcause);

    reset_state();
    m_trap_hook = NULL;                     /* any trap would be a failure */
    cmp = mtime_read() + 20000;             /* 2 ms */
    mtimecmp_write(0, cmp);
    csr_write(mie, MIP_MTIP);
    while (!(csr_read(mip) & MIP_MTIP)) {
        asm volatile("wfi");
        if (mtime_read() > cmp + TIMEBASE_FREQ) {
            break;
        }
    }
    EXPECT_EQ(csr_read(mip) & MIP_MTIP, MIP_MTIP);
    EXPECT_TRUE(mtime_read() >= cmp);
    EXPECT_EQ(csr_read(mcause), mcause_before);   /* no trap was taken */
    reset_state();
}

/* mtvec in vectored mode: interrupt n goes to BASE + 4n */
extern char vec_table[];
static volatile unsigned long vec7_hits;
asm(".balign 256\n vec_table:\n"
    ".rept 7\n j m_trap_entry\n .endr\n"
    "j vec_timer\n"
    ".rept 8\n j m_trap_entry\n .endr\n"
    "vec_timer:\n"
    "csrrw sp, mscratch, sp\n addi sp, sp, -16\n"
    "sd t0, 0(sp)\n sd t1, 8(sp)\n"
    "la t0, vec7_hits\n ld t1, 0(t0)\n addi t1, t1, 1\n sd t1, 0(t0)\n"
    "ld t1, 8(sp)\n ld t0, 0(sp)\n addi sp, sp, 16\n"
    "csrrw sp, mscratch, sp\n j m_trap_entry\n");

static void test_vectored(void)
{
    unsigned long saved = csr_read(mtvec);

    reset_state();
    vec7_hits = 0;
    csr_write(mtvec, (unsigned long)vec_table | 1);
    mtimecmp_write(0, 0);
    csr_write(mie, MIP_MTIP);
    csr_set(mstatus, MSTATUS_MIE);
    wait_for(&n_timer, 1, 1000000);
    csr_clear(mstatus, MSTATUS_MIE);
    csr_write(mtvec, saved);
    EXPECT_EQ(n_timer, 1);
    EXPECT_EQ(vec7_hits, 1);
    reset_state();
}

static long s_wait_ssoft(long n)
{
    uint64_t end = mtime_read() + TIMEBASE_FREQ;

    csr_set(sstatus, MSTATUS_SIE);
    while (n_ssoft < (unsigned long)n && mtime_read() < end) {
        /* spin */
    }
    csr_clear(sstatus, MSTATUS_SIE);
    return n_ssoft;
}

static long s_self_ipi(long unused)
{
    (void)unused;
    csr_set(sip, MIP_SSIP);                 /* S may raise its own SSIP */
    return s_wait_ssoft(1);
}

static void test_s_soft(void)
{
    reset_state();
    pmp_allow_all();
    csr_write(mideleg, MIP_SSIP);
    csr_write(mie, MIP_SSIP);
    csr_set(mip, MIP_SSIP);
    EXPECT_EQ(run_in_mode(PRV_S, s_wait_ssoft, 1), 1);
    n_ssoft = 0;
    EXPECT_EQ(run_in_mode(PRV_S, s_self_ipi, 0), 1);
    EXPECT_EQ(csr_read(mip) & MIP_SSIP, 0);
    csr_write(mideleg, 0);
    reset_state();
}

static long s_spin_timer(long unused)
{
    uint64_t end = mtime_read() + TIMEBASE_FREQ;

    (void)unused;
    while (n_timer == 0 && mtime_read() < end) {
        /* spin with sstatus.SIE clear */
    }
    return n_timer;
}

static void test_m_preempts_s(void)
{
    reset_state();
    pmp_allow_all();
    mtimecmp_write(0, 0);
    csr_write(mie, MIP_MTIP);
    /* mstatus.MIE is 0, but M interrupts are always on below M */
    EXPECT_EQ(run_in_mode(PRV_S, s_spin_timer, 0), 1);
    reset_state();
}

int main(void)
{
    RUN_TEST(mtip_level);
    RUN_TEST(timer);
    RUN_TEST(mtime_rate);
    RUN_TEST(software);
    RUN_TEST(priority);
    RUN_TEST(wfi_wakeup);
    RUN_TEST(vectored);
    RUN_TEST(s_soft);
    RUN_TEST(m_preempts_s);
    m_trap_hook = NULL;
    s_trap_hook = NULL;
    return guest_finish();
}
