/*
 * SiFive PLIC on virt with the UART (source 10) and the RTC (source 11)
 * as interrupt sources: priority register width, read-only pending bits,
 * enables per context (M and S of hart 0), threshold masking, claim and
 * complete, priority and ID ordering between two pending sources, and an
 * external interrupt taken by the M-mode trap handler and by S-mode.
 */
#include "guest.h"

const char *guest_prog_name = "plic";

#define UART_IRQ VIRT_UART0_IRQ
#define RTC_IRQ  VIRT_RTC_IRQ
#define CTX_M 0
#define CTX_S 1

static void uart_irq(bool on)
{
    /* the THR-empty interrupt: asserted as soon as it is enabled */
    while ((mmio_read8(UART_REG(UART_LSR)) & 0x60) != 0x60) {
        /* let the console drain */
    }
    mmio_write8(UART_REG(UART_IER), on ? 0x02 : 0x00);
}

static void rtc_irq(bool on)
{
    unsigned long rtc = VIRT_RTC_BASE;

    if (on) {
        mmio_write32(rtc + RTC_IRQ_ENABLED, 1);
        mmio_write32(rtc + RTC_ALARM_HIGH, 0);
        mmio_write32(rtc + RTC_ALARM_LOW, 1);       /* long past: fires */
    } else {
        mmio_write32(rtc + RTC_IRQ_ENABLED, 0);
        mmio_write32(rtc + RTC_CLEAR_INTERRUPT, 1);
    }
}

static bool pending(int src)
{
    return mmio_read32(PLIC_PENDING(src)) & (1u << (src % 32));
}

static void reset_plic(void)
{
    for (int ctx = 0; ctx < 2; ctx++) {
        mmio_write32(PLIC_ENABLE(ctx, 0), 0);
        mmio_write32(PLIC_THRESHOLD(ctx), 0);
    }
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 0);
    mmio_write32(PLIC_PRIORITY(RTC_IRQ), 0);
    uart_irq(false);
    rtc_irq(false);
    /* drain anything left pending */
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
    mmio_write32(PLIC_PRIORITY(RTC_IRQ), 1);
    mmio_write32(PLIC_ENABLE(CTX_M, 0), (1u << UART_IRQ) | (1u << RTC_IRQ));
    for (int i = 0; i < 4; i++) {
        uint32_t c = mmio_read32(PLIC_CLAIM(CTX_M));
        if (c) {
            mmio_write32(PLIC_CLAIM(CTX_M), c);
        }
    }
    mmio_write32(PLIC_ENABLE(CTX_M, 0), 0);
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 0);
    mmio_write32(PLIC_PRIORITY(RTC_IRQ), 0);
}

static void test_registers(void)
{
    reset_plic();
    /* virt has 7 priority levels: 3 bits */
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 0xffffffff);
    EXPECT_EQ(mmio_read32(PLIC_PRIORITY(UART_IRQ)), 7);
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 5);
    EXPECT_EQ(mmio_read32(PLIC_PRIORITY(UART_IRQ)), 5);
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 0);
    mmio_write32(PLIC_ENABLE(CTX_S, 0), 1u << UART_IRQ);
    EXPECT_EQ(mmio_read32(PLIC_ENABLE(CTX_S, 0)), 1u << UART_IRQ);
    EXPECT_EQ(mmio_read32(PLIC_ENABLE(CTX_M, 0)), 0);
    mmio_write32(PLIC_ENABLE(CTX_S, 0), 0);
    mmio_write32(PLIC_THRESHOLD(CTX_M), 3);
    EXPECT_EQ(mmio_read32(PLIC_THRESHOLD(CTX_M)), 3);
    mmio_write32(PLIC_THRESHOLD(CTX_M), 0);
    /* pending bits are read-only */
    mmio_write32(PLIC_PENDING(UART_IRQ), 1u << UART_IRQ);
    EXPECT_TRUE(!pending(UART_IRQ));
}

static void test_claim_complete(void)
{
    uint32_t id;

    reset_plic();
    csr_write(mie, 0);
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
    uart_irq(true);
    EXPECT_TRUE(pending(UART_IRQ));
    EXPECT_EQ(csr_read(mip) & (MIP_MEIP | MIP_SEIP), 0);   /* not enabled */
    /*
     * QEMU re-evaluates the hart lines on priority, threshold, claim and
     * complete writes and on source changes, not on enable writes: write
     * the threshold after enabling.
     */
    mmio_write32(PLIC_ENABLE(CTX_M, 0), 1u << UART_IRQ);
    mmio_write32(PLIC_THRESHOLD(CTX_M), 0);
    EXPECT_EQ(csr_read(mip) & MIP_MEIP, MIP_MEIP);
    EXPECT_EQ(csr_read(mip) & MIP_SEIP, 0);
    /* priority must exceed the threshold */
    mmio_write32(PLIC_THRESHOLD(CTX_M), 1);
    EXPECT_EQ(csr_read(mip) & MIP_MEIP, 0);
    mmio_write32(PLIC_THRESHOLD(CTX_M), 0);
    EXPECT_EQ(csr_read(mip) & MIP_MEIP, MIP_MEIP);
    /* priority 0 never interrupts */
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 0);
    EXPECT_EQ(csr_read(mip) & MIP_MEIP, 0);
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
    id = mmio_read32(PLIC_CLAIM(CTX_M));
    EXPECT_EQ(id, UART_IRQ);
    EXPECT_TRUE(!pending(UART_IRQ));
    EXPECT_EQ(csr_read(mip) & MIP_MEIP, 0);
    EXPECT_EQ(mmio_read32(PLIC_CLAIM(CTX_M)), 0);          /* nothing left */
    uart_irq(false);
    mmio_write32(PLIC_CLAIM(CTX_M), id);
    EXPECT_EQ(csr_read(mip) & MIP_MEIP, 0);
    reset_plic();
}

static void test_s_context(void)
{
    uint32_t id;

    reset_plic();
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
    mmio_write32(PLIC_ENABLE(CTX_S, 0), 1u << UART_IRQ);
    uart_irq(true);
    EXPECT_EQ(csr_read(mip) & (MIP_MEIP | MIP_SEIP), MIP_SEIP);
    id = mmio_read32(PLIC_CLAIM(CTX_S));
    EXPECT_EQ(id, UART_IRQ);
    EXPECT_EQ(csr_read(mip) & MIP_SEIP, 0);
    uart_irq(false);
    mmio_write32(PLIC_CLAIM(CTX_S), id);
    reset_plic();
}

static void test_ordering(void)
{
    uint32_t first, second;

    reset_plic();
    mmio_write32(PLIC_ENABLE(CTX_M, 0), (1u << UART_IRQ) | (1u << RTC_IRQ));
    uart_irq(true);
    rtc_irq(true);
    EXPECT_TRUE(pending(UART_IRQ) && pending(RTC_IRQ));
    /* higher priority first */
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 2);
    mmio_write32(PLIC_PRIORITY(RTC_IRQ), 5);
    first = mmio_read32(PLIC_CLAIM(CTX_M));
    second = mmio_read32(PLIC_CLAIM(CTX_M));
    EXPECT_EQ(first, RTC_IRQ);
    EXPECT_EQ(second, UART_IRQ);
    mmio_write32(PLIC_CLAIM(CTX_M), second);
    mmio_write32(PLIC_CLAIM(CTX_M), first);
    /* the lines are still high: equal priorities go by lowest ID */
    uart_irq(false);
    rtc_irq(false);
    uart_irq(true);
    rtc_irq(true);
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 3);
    mmio_write32(PLIC_PRIORITY(RTC_IRQ), 3);
    first = mmio_read32(PLIC_CLAIM(CTX_M));
    second = mmio_read32(PLIC_CLAIM(CTX_M));
    EXPECT_EQ(first, UART_IRQ);
    EXPECT_EQ(second, RTC_IRQ);
    uart_irq(false);
    rtc_irq(false);
    mmio_write32(PLIC_CLAIM(CTX_M), first);
    mmio_write32(PLIC_CLAIM(CTX_M), second);
    reset_plic();
}

static volatile unsigned long n_ext, last_id;

static bool m_hook(struct trap_frame *f)
{
    uint32_t id;

    if (f->cause != (CAUSE_INTR | IRQ_M_EXT)) {
        return false;
    }
    id = mmio_read32(PLIC_CLAIM(CTX_M));
    last_id = id;
    if (id == UART_IRQ) {
        mmio_write8(UART_REG(UART_IER), 0);    /* quiet the source */
    }
    mmio_write32(PLIC_CLAIM(CTX_M), id);
    n_ext++;
    return true;
}

static void test_m_interrupt(void)
{
    uint64_t end;

    reset_plic();
    n_ext = 0;
    m_trap_hook = m_hook;
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
    mmio_write32(PLIC_ENABLE(CTX_M, 0), 1u << UART_IRQ);
    csr_write(mie, MIP_MEIP);
    csr_set(mstatus, MSTATUS_MIE);
    uart_irq(true);
    end = mtime_read() + TIMEBASE_FREQ;
    while (!n_ext && mtime_read() < end) {
        /* wait */
    }
    csr_clear(mstatus, MSTATUS_MIE);
    csr_write(mie, 0);
    m_trap_hook = NULL;
    EXPECT_EQ(n_ext, 1);
    EXPECT_EQ(last_id, UART_IRQ);
    reset_plic();
}

static volatile unsigned long n_s_ext;

static bool s_hook(struct trap_frame *f)
{
    uint32_t id;

    if (f->cause != (CAUSE_INTR | IRQ_S_EXT)) {
        return false;
    }
    id = mmio_read32(PLIC_CLAIM(CTX_S));
    if (id == RTC_IRQ) {
        mmio_write32(VIRT_RTC_BASE + RTC_IRQ_ENABLED, 0);
        mmio_write32(VIRT_RTC_BASE + RTC_CLEAR_INTERRUPT, 1);
    }
    mmio_write32(PLIC_CLAIM(CTX_S), id);
    n_s_ext++;
    return true;
}

static long s_wait(long unused)
{
    uint64_t end = mtime_read() + TIMEBASE_FREQ;

    (void)unused;
    csr_set(sstatus, MSTATUS_SIE);
    while (!n_s_ext && mtime_read() < end) {
        /* wait */
    }
    csr_clear(sstatus, MSTATUS_SIE);
    return n_s_ext;
}

static void test_s_interrupt(void)
{
    reset_plic();
    pmp_allow_all();
    n_s_ext = 0;
    s_trap_hook = s_hook;
    csr_write(mideleg, MIP_SEIP);
    csr_write(mie, MIP_SEIP);
    mmio_write32(PLIC_PRIORITY(RTC_IRQ), 1);
    mmio_write32(PLIC_ENABLE(CTX_S, 0), 1u << RTC_IRQ);
    rtc_irq(true);
    EXPECT_EQ(run_in_mode(PRV_S, s_wait, 0), 1);
    csr_write(mie, 0);
    csr_write(mideleg, 0);
    s_trap_hook = NULL;
    reset_plic();
}

int main(void)
{
    RUN_TEST(registers);
    RUN_TEST(claim_complete);
    RUN_TEST(s_context);
    RUN_TEST(ordering);
    RUN_TEST(m_interrupt);
    RUN_TEST(s_interrupt);
    return guest_finish();
}
