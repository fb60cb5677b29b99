/*
 * ns16550a UART: console output, LSR after reset, scratch and line
 * control registers, the divisor latch, FIFO control and IIR, loopback
 * (data, modem status lines, FIFO order), and the THRE and RX interrupt
 * identification.  Values are gathered with the UART in loopback and
 * checked after leaving it, since printing then would be looped back.
 */
#include "guest.h"

const char *guest_prog_name = "uart";

static uint8_t rd(int r)
{
    return mmio_read8(UART_REG(r));
}

static void wr(int r, uint8_t v)
{
    mmio_write8(UART_REG(r), v);
}

static void wait_tx_idle(void)
{
    while ((rd(UART_LSR) & 0x60) != 0x60) {
        /* THRE and TEMT */
    }
}

static void test_output(void)
{
    uart_puts("uart: console output works\n");
    wait_tx_idle();
    EXPECT_EQ(rd(UART_LSR) & 0x61, 0x60);       /* THRE, TEMT, no DR */
}

static void test_registers(void)
{
    uint8_t scr, lcr, dll, dlm, ier;

    wait_tx_idle();
    wr(UART_SCR, 0xa5);
    scr = rd(UART_SCR);
    wr(UART_SCR, 0);
    EXPECT_EQ(scr, 0xa5);

    wr(UART_IER, 0x00);
    wr(UART_LCR, 0x1b);
    lcr = rd(UART_LCR);
    /* divisor latch shares offsets 0 and 1 */
    wr(UART_LCR, 0x83);
    wr(UART_DLL, 0x0c);
    wr(UART_DLM, 0x01);
    dll = rd(UART_DLL);
    dlm = rd(UART_DLM);
    wr(UART_DLL, 0x01);
    wr(UART_DLM, 0x00);
    wr(UART_LCR, 0x03);
    ier = rd(UART_IER);
    EXPECT_EQ(lcr, 0x1b);
    EXPECT_EQ(dll, 0x0c);
    EXPECT_EQ(dlm, 0x01);
    EXPECT_EQ(ier, 0);
    EXPECT_EQ(rd(UART_LCR), 0x03);
}

static void test_fifo_iir(void)
{
    uint8_t iir_off, iir_fifo;

    wait_tx_idle();
    wr(UART_IER, 0);
    wr(UART_FCR, 0x00);
    iir_off = rd(UART_IIR);
    wr(UART_FCR, 0x07);                 /* enable, clear both FIFOs */
    iir_fifo = rd(UART_IIR);
    EXPECT_EQ(iir_off, 0x01);           /* no interrupt pending */
    EXPECT_EQ(iir_fifo, 0xc1);          /* FIFOs enabled */
}

static void test_loopback(void)
{
    uint8_t lsr_empty, lsr_full, lsr_after, data, msr_all, msr_dtr;
    uint8_t fifo[3], lsr_fifo_end;

    wait_tx_idle();
    wr(UART_FCR, 0x00);
    wr(UART_MCR, 0x10);                 /* loopback */
    while (rd(UART_LSR) & 1) {
        (void)rd(UART_RBR);             /* drain */
    }
    lsr_empty = rd(UART_LSR);
    wr(UART_THR, 'Z');
    while (!(rd(UART_LSR) & 0x01)) {
        /* wait for the byte to come back */
    }
    lsr_full = rd(UART_LSR);
    data = rd(UART_RBR);
    lsr_after = rd(UART_LSR);
    /* modem control outputs come back as modem status inputs */
    wr(UART_MCR, 0x1f);
    msr_all = rd(UART_MSR);
    wr(UART_MCR, 0x11);
    msr_dtr = rd(UART_MSR);
    /* with FIFOs, bytes queue in order */
    wr(UART_MCR, 0x10);
    wr(UART_FCR, 0x07);
    wr(UART_THR, 'a');
    wr(UART_THR, 'b');
    wr(UART_THR, 'c');
    wait_tx_idle();
    fifo[0] = rd(UART_RBR);
    fifo[1] = rd(UART_RBR);
    fifo[2] = rd(UART_RBR);
    lsr_fifo_end = rd(UART_LSR);
    wr(UART_MCR, 0x08);
    wr(UART_FCR, 0x00);

    EXPECT_EQ(lsr_empty & 0x01, 0);
    EXPECT_EQ(lsr_full & 0x01, 0x01);
    EXPECT_EQ(data, 'Z');
    EXPECT_EQ(lsr_after & 0x01, 0);
    EXPECT_EQ(msr_all & 0xf0, 0xf0);     /* DCD, RI, DSR, CTS */
    EXPECT_EQ(msr_dtr & 0xf0, 0x20);     /* DTR -> DSR */
    EXPECT_EQ(fifo[0], 'a');
    EXPECT_EQ(fifo[1], 'b');
    EXPECT_EQ(fifo[2], 'c');
    EXPECT_EQ(lsr_fifo_end & 0x01, 0);
}

static void test_interrupt_id(void)
{
    uint8_t thri1, thri2, rdi, after_read;

    wait_tx_idle();
    wr(UART_FCR, 0x00);
    wr(UART_MCR, 0x18);                 /* loopback, OUT2 */
    wr(UART_IER, 0x02);                 /* THR empty */
    thri1 = rd(UART_IIR);
    thri2 = rd(UART_IIR);               /* reading IIR acknowledges THRI */
    wr(UART_IER, 0x01);                 /* received data */
    wr(UART_THR, 'x');
    while (!(rd(UART_LSR) & 0x01)) {
        /* wait */
    }
    rdi = rd(UART_IIR);
    (void)rd(UART_RBR);
    after_read = rd(UART_IIR);
    wr(UART_IER, 0x00);
    wr(UART_MCR, 0x08);
    EXPECT_EQ(thri1 & 0x0f, 0x02);
    EXPECT_EQ(thri2 & 0x0f, 0x01);
    EXPECT_EQ(rdi & 0x0f, 0x04);
    EXPECT_EQ(after_read & 0x0f, 0x01);
}

int main(void)
{
    RUN_TEST(output);
    RUN_TEST(registers);
    RUN_TEST(fifo_iir);
    RUN_TEST(loopback);
    RUN_TEST(interrupt_id);
    return guest_finish();
}
