/*
 * Console, finisher and test bookkeeping for the guest test programs.
 */
#include <stdarg.h>
#include "guest.h"

#define UART_LSR_THRE 0x20

#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333

void uart_putc(char c)
{
    while (!(mmio_read8(VIRT_UART0_BASE + UART_LSR) & UART_LSR_THRE)) {
        /* wait for the holding register */
    }
    mmio_write8(VIRT_UART0_BASE + UART_THR, (uint8_t)c);
}

void uart_puts(const char *s)
{
    while (*s) {
        uart_putc(*s++);
    }
}

void guest_exit(int code)
{
    uint32_t v = code == 0 ? FINISHER_PASS
                           : ((uint32_t)(code & 0xffff) << 16) | FINISHER_FAIL;

    mmio_write32(VIRT_TEST_BASE, v);
    for (;;) {
        asm volatile("wfi");
    }
}

uint64_t mtime_read(void)
{
#if __riscv_xlen == 64
    return *(volatile uint64_t *)CLINT_MTIME;
#else
    uint32_t hi, lo;

    do {
        hi = mmio_read32(CLINT_MTIME + 4);
        lo = mmio_read32(CLINT_MTIME);
    } while (hi != mmio_read32(CLINT_MTIME + 4));
    return ((uint64_t)hi << 32) | lo;
#endif
}

void mtimecmp_write(unsigned hart, uint64_t v)
{
#if __riscv_xlen == 64
    *(volatile uint64_t *)CLINT_MTIMECMP(hart) = v;
#else
    /* no spurious early match while the halves are inconsistent */
    mmio_write32(CLINT_MTIMECMP(hart) + 4, 0xffffffff);
    mmio_write32(CLINT_MTIMECMP(hart), (uint32_t)v);
    mmio_write32(CLINT_MTIMECMP(hart) + 4, (uint32_t)(v >> 32));
#endif
}

void delay_us(unsigned long us)
{
    uint64_t end = mtime_read() + (uint64_t)us * (TIMEBASE_FREQ / 1000000);

    while (mtime_read() < end) {
        /* spin */
    }
}

void hart_start(unsigned hart, void (*fn)(unsigned hart))
{
    extern void (*volatile hart_entry[MAX_HARTS])(unsigned);

    if (hart >= MAX_HARTS) {
        return;
    }
    hart_entry[hart] = fn;
    asm volatile("fence" ::: "memory");
    mmio_write32(CLINT_MSIP(hart), 1);
}

/* printf: %[-0][width][l|ll|z](d|i|u|x|X|p|s|c|%) */
static void put_padded(const char *s, int len, int width, bool left, char pad)
{
    int i;

    if (!left) {
        for (i = len; i < width; i++) {
            uart_putc(pad);
        }
    }
    for (i = 0; i < len; i++) {
        uart_putc(s[i]);
    }
    if (left) {
        for (i = len; i < width; i++) {
            uart_putc(' ');
        }
    }
}

int vprintf(const char *fmt, va_list ap)
{
    char buf[24];

    for (; *fmt; fmt++) {
        bool left = false, neg = false;
        char pad = ' ';
        int width = 0, lng = 0, len = 0;
        unsigned long long v;
        const char *s;

        if (*fmt != '%') {
            uart_putc(*fmt);
            continue;
        }
        fmt++;
        for (; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-') {
                left = true;
            } else {
                pad = '0';
            }
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++) {
            width = width * 10 + (*fmt - '0');
        }
        for (; *fmt == 'l' || *fmt == 'z'; fmt++) {
            lng += *fmt == 'z' ? (sizeof(size_t) > 4) : 1;
        }
        switch (*fmt) {
        case 'd':
        case 'i': {
            long long sv = lng >= 2 ? va_arg(ap, long long)
                         : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
            neg = sv < 0;
            v = neg ? -(unsigned long long)sv : (unsigned long long)sv;
            goto decimal;
        }
        case 'u':
            v = lng >= 2 ? va_arg(ap, unsigned long long)
              : lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
        decimal:
            do {
                buf[sizeof(buf) - 1 - len++] = '0' + v % 10;
                v /= 10;
            } while (v);
            if (neg) {
                buf[sizeof(buf) - 1 - len++] = '-';
            }
            put_padded(buf + sizeof(buf) - len, len, width, left, pad);
            break;
        case 'p':
            uart_puts("0x");
            lng = 1;
            /* fall through */
        case 'x':
        case 'X':
            v = lng >= 2 ? va_arg(ap, unsigned long long)
              : lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            do {
                buf[sizeof(buf) - 1 - len++] =
                    (*fmt == 'X' ? "0123456789ABCDEF"
                                 : "0123456789abcdef")[v & 15];
                v >>= 4;
            } while (v);
            put_padded(buf + sizeof(buf) - len, len, width, left, pad);
            break;
        case 's':
            s = va_arg(ap, const char *);
            if (!s) {
                s = "(null)";
            }
            while (s[len]) {
                len++;
            }
            put_padded(s, len, width, left, ' ');
            break;
        case 'c':
            buf[0] = (char)va_arg(ap, int);
            put_padded(buf, 1, width, left, ' ');
            break;
        case '%':
            uart_putc('%');
            break;
        default:
            uart_putc('%');
            if (!*fmt) {
                goto out;
            }
            uart_putc(*fmt);
            break;
        }
    }
out:
    return 0;
}

int printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    return 0;
}

/* Test bookkeeping */
static const char *cur_test = "(setup)";
static int cur_failures;
static int n_passed, n_failed;

#define MAX_FAIL_LINES 8

void guest_fail(int line, const char *fmt, ...)
{
    va_list ap;

    if (++cur_failures > MAX_FAIL_LINES) {
        return;
    }
    printf("FAIL %s/%s: line %d: ", guest_prog_name, cur_test, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    uart_putc('\n');
}

void guest_run_test(const char *name, void (*fn)(void))
{
    cur_test = name;
    cur_failures = 0;
    fn();
    if (cur_failures) {
        n_failed++;
    } else {
        n_passed++;
        printf("PASS %s/%s\n", guest_prog_name, name);
    }
    cur_test = "(between tests)";
}

int guest_finish(void)
{
    printf("DONE %s: %d passed, %d failed\n", guest_prog_name,
           n_passed, n_failed);
    return n_failed ? 1 : 0;
}

/* Called by trap_dispatch for a trap nobody expected */
void guest_abort(const char *why)
{
    printf("FAIL %s/%s: %s\n", guest_prog_name, cur_test, why);
    printf("DONE %s: %d passed, %d failed (aborted)\n", guest_prog_name,
           n_passed, n_failed + 1);
    guest_exit(1);
}

void *memset(void *s, int c, size_t n)
{
    unsigned char *p = s;

    while (n--) {
        *p++ = (unsigned char)c;
    }
    return s;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;

    while (n--) {
        *dp++ = *sp++;
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *pa = a, *pb = b;

    for (; n; n--, pa++, pb++) {
        if (*pa != *pb) {
            return *pa - *pb;
        }
    }
    return 0;
}
