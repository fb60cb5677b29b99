/*
 * Firmware for the Ibex machine built from QMP (managed-startup.rst):
 * checks the lowrisc-ibex CPU (misa, marchid, vectored mtvec, cpuctrl),
 * prints through ibex-uart, takes the UART's interrupts through
 * ibex-plic (tx_empty, a test-raised rx_overflow), then echoes each
 * received line as "LINE: text", its bytes fetched by the rx_watermark
 * interrupt.  Output: PASS/FAIL lines, "DONE ibex: N passed, M failed",
 * then "READY".  The line "count" starts printing "COUNT n" lines (a
 * counter that survives migration) while lines are still echoed.
 */
#include <stdbool.h>
#include <stdint.h>

#define UART_BASE       0x40000000u
#define UART_INTR_STATE  0x00
#define UART_INTR_ENABLE 0x04
#define UART_INTR_TEST   0x08
#define UART_CTRL        0x0c
#define UART_STATUS      0x10
#define UART_RDATA       0x14
#define UART_WDATA       0x18
#define UART_FIFO_STATUS 0x20
#define INTR_TX_WATERMARK (1u << 0)
#define INTR_RX_WATERMARK (1u << 1)
#define INTR_TX_EMPTY     (1u << 2)
#define INTR_RX_OVERFLOW  (1u << 3)
#define STATUS_RXEMPTY    (1u << 5)

#define PLIC_BASE       0x41010000u
#define PLIC_IP0        0x000
#define PLIC_PRIO(n)    (0x018 + 4 * (n))
#define PLIC_IE0        0x200
#define PLIC_THRESHOLD  0x20c
#define PLIC_CC         0x210

/* UART interrupt line n is PLIC source n + 1 (the qom-set wiring) */
#define SRC_TX_WATERMARK 1
#define SRC_RX_WATERMARK 2
#define SRC_TX_EMPTY     3
#define SRC_RX_OVERFLOW  4

#define MIE_MEIE (1u << 11)
#define MSTATUS_MIE (1u << 3)

#define csr_read(csr) ({ uint32_t v_; \
    __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, val) \
    __asm__ volatile("csrw " #csr ", %0" : : "r"((uint32_t)(val)))
#define csr_set(csr, val) \
    __asm__ volatile("csrs " #csr ", %0" : : "r"((uint32_t)(val)))
#define csr_clear(csr, val) \
    __asm__ volatile("csrc " #csr ", %0" : : "r"((uint32_t)(val)))

static inline uint32_t rd(uint32_t addr)
{
    return *(volatile uint32_t *)addr;
}

static inline void wr(uint32_t addr, uint32_t val)
{
    *(volatile uint32_t *)addr = val;
}

static void putc_(char c)
{
    wr(UART_BASE + UART_WDATA, (uint8_t)c);
}

static void puts_(const char *s)
{
    while (*s) {
        putc_(*s++);
    }
}

static void putu(uint32_t v)
{
    char buf[11];
    int i = 0;

    do {
        buf[i++] = '0' + v % 10;
        v /= 10;
    } while (v);
    while (i) {
        putc_(buf[--i]);
    }
}

static void puthex(uint32_t v)
{
    puts_("0x");
    for (int i = 28; i >= 0; i -= 4) {
        putc_("0123456789abcdef"[(v >> i) & 15]);
    }
}

static unsigned passed, failed;

static void check(bool ok, const char *name, uint32_t got)
{
    puts_(ok ? "PASS ibex/" : "FAIL ibex/");
    puts_(name);
    if (!ok) {
        puts_(": got ");
        puthex(got);
    }
    putc_('\n');
    if (ok) {
        passed++;
    } else {
        failed++;
    }
}

/* Interrupt bookkeeping, written by irq_handler */
static volatile uint32_t claims[8];
static volatile uint32_t last_claim;
static volatile char line[64];
static volatile uint32_t line_len;
static volatile bool line_ready;

void irq_handler(void)
{
    uint32_t src = rd(PLIC_BASE + PLIC_CC);

    last_claim = src;
    if (src < 8) {
        claims[src]++;
    }
    switch (src) {
    case SRC_TX_EMPTY:
        wr(UART_BASE + UART_INTR_ENABLE,
           rd(UART_BASE + UART_INTR_ENABLE) & ~INTR_TX_EMPTY);
        wr(UART_BASE + UART_INTR_STATE, INTR_TX_EMPTY);
        break;
    case SRC_RX_OVERFLOW:
        wr(UART_BASE + UART_INTR_STATE, INTR_RX_OVERFLOW);
        break;
    case SRC_RX_WATERMARK:
        while (!(rd(UART_BASE + UART_STATUS) & STATUS_RXEMPTY)) {
            char c = rd(UART_BASE + UART_RDATA);

            if (c == '\r' || c == '\n') {
                if (line_len) {
                    line_ready = true;
                }
            } else if (!line_ready && line_len < sizeof(line) - 1) {
                line[line_len++] = c;
            }
        }
        wr(UART_BASE + UART_INTR_STATE, INTR_RX_WATERMARK);
        break;
    default:
        break;
    }
    if (src) {
        wr(PLIC_BASE + PLIC_CC, src);   /* complete */
    }
}

void trap_handler(void)
{
    puts_("FAIL ibex/trap: mcause ");
    puthex(csr_read(mcause));
    puts_(" mepc ");
    puthex(csr_read(mepc));
    puts_(" mtval ");
    puthex(csr_read(mtval));
    putc_('\n');
    for (;;) {
        __asm__ volatile("wfi");
    }
}

static void wait_for(volatile uint32_t *counter, uint32_t value)
{
    for (int i = 0; i < 100000 && *counter < value; i++) {
        __asm__ volatile("nop");
    }
}

static void test_cpu(void)
{
    uint32_t misa = csr_read(misa);
    uint32_t want = (1u << 30) | (1u << ('I' - 'A')) | (1u << ('M' - 'A')) |
                    (1u << ('C' - 'A')) | (1u << ('U' - 'A'));
    uint32_t v;

    check(misa == want, "misa-rv32imcu", misa);
    v = csr_read(marchid);
    check(v == 22, "marchid-lowrisc", v);
    v = csr_read(mtvec);
    check(v == 0x8001, "mtvec-reset-vectored", v);
    csr_write(mtvec, 0x8000);           /* the mode stays vectored */
    v = csr_read(mtvec);
    check(v == 0x8001, "mtvec-always-vectored", v);
    csr_write(0x7c0, 1);                /* cpuctrl.icache_enable */
    v = csr_read(0x7c0);
    check(v == 1, "cpuctrl", v);
}

static void test_tx_empty_irq(void)
{
    wr(PLIC_BASE + PLIC_PRIO(SRC_TX_EMPTY), 1);
    wr(PLIC_BASE + PLIC_IE0, 1u << SRC_TX_EMPTY);
    wr(UART_BASE + UART_INTR_STATE, 0xf);
    wr(UART_BASE + UART_INTR_ENABLE, INTR_TX_EMPTY);
    puts_("tx-empty interrupt:");
    putc_('\n');                        /* the FIFO empties: tx_empty */
    wait_for(&claims[SRC_TX_EMPTY], 1);
    check(claims[SRC_TX_EMPTY] == 1, "irq-tx-empty", claims[SRC_TX_EMPTY]);
    check(last_claim == SRC_TX_EMPTY, "plic-claim-id", last_claim);
    check((rd(PLIC_BASE + PLIC_IP0) & (1u << SRC_TX_EMPTY)) == 0,
          "plic-not-pending-after-claim", rd(PLIC_BASE + PLIC_IP0));
}

static void test_threshold_and_intr_test(void)
{
    uint32_t ip;

    /* priority 1 at threshold 1: pending, but no interrupt */
    wr(PLIC_BASE + PLIC_PRIO(SRC_RX_OVERFLOW), 1);
    wr(PLIC_BASE + PLIC_THRESHOLD, 1);
    wr(PLIC_BASE + PLIC_IE0, 1u << SRC_RX_OVERFLOW);
    wr(UART_BASE + UART_INTR_ENABLE, INTR_RX_OVERFLOW);
    wr(UART_BASE + UART_INTR_TEST, INTR_RX_OVERFLOW);
    ip = rd(PLIC_BASE + PLIC_IP0);
    check(ip & (1u << SRC_RX_OVERFLOW), "plic-pending", ip);
    wait_for(&claims[SRC_RX_OVERFLOW], 1);
    check(claims[SRC_RX_OVERFLOW] == 0, "plic-threshold-masks", 0);
    /* lower the threshold: it is delivered */
    wr(PLIC_BASE + PLIC_THRESHOLD, 0);
    wait_for(&claims[SRC_RX_OVERFLOW], 1);
    check(claims[SRC_RX_OVERFLOW] == 1, "irq-intr-test-rx-overflow",
          claims[SRC_RX_OVERFLOW]);
    wr(UART_BASE + UART_INTR_ENABLE, 0);
}

/*
 * "count" mode, for migration tests: a counter in RAM printed as
 * "COUNT n" at a steady pace, so a resumed VM goes on from where it
 * stopped while a restarted one would start again from 1.
 */
static bool counting;
static uint32_t counter;

static bool line_is(const char *s)
{
    uint32_t i;

    for (i = 0; i < line_len && s[i]; i++) {
        if (line[i] != s[i]) {
            return false;
        }
    }
    return i == line_len && !s[i];
}

static void count_step(void)
{
    for (int i = 0; i < 20000000; i++) {
        __asm__ volatile("nop");
    }
    counter++;
    puts_("COUNT ");
    putu(counter);
    putc_('\n');
}

int main(void)
{
    wr(UART_BASE + UART_CTRL, 3);       /* TX and RX on */
    puts_("Hello from Ibex, built from QMP\n");
    test_cpu();
    csr_write(mie, MIE_MEIE);
    csr_set(mstatus, MSTATUS_MIE);
    test_tx_empty_irq();
    test_threshold_and_intr_test();
    puts_("DONE ibex: ");
    putu(passed);
    puts_(" passed, ");
    putu(failed);
    puts_(" failed\n");

    /* Echo lines received through the rx_watermark interrupt */
    wr(PLIC_BASE + PLIC_PRIO(SRC_RX_WATERMARK), 2);
    wr(PLIC_BASE + PLIC_IE0, 1u << SRC_RX_WATERMARK);
    wr(UART_BASE + UART_INTR_ENABLE, INTR_RX_WATERMARK);
    puts_("READY\n");
    for (;;) {
        /*
         * Check and sleep with interrupts masked: a line completed
         * between the check and the wfi would otherwise be left until
         * the next interrupt.  wfi still wakes on the pending one.
         */
        csr_clear(mstatus, MSTATUS_MIE);
        if (!counting && !line_ready) {
            __asm__ volatile("wfi");
        }
        csr_set(mstatus, MSTATUS_MIE);
        if (line_ready) {
            puts_("LINE: ");
            for (uint32_t i = 0; i < line_len; i++) {
                putc_(line[i]);
            }
            putc_('\n');
            if (line_is("count")) {
                counting = true;
            }
            line_len = 0;
            line_ready = false;
        }
        if (counting) {
            count_step();
        }
    }
}
