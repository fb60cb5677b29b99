/*
 * Runtime for the bare-metal guest test programs (virt board).
 *
 * Each program defines test functions, runs them from main() with
 * RUN_TEST(), and returns guest_finish(): one "PASS <prog>/<test>" or
 * "FAIL <prog>/<test>: <detail>" line per test on the UART, then the
 * sifive_test finisher ends the emulator with status 0 only if all passed.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* virt board memory map (QEMU's hw/riscv/virt.c) */
#define VIRT_TEST_BASE      0x100000UL
#define VIRT_RTC_BASE       0x101000UL
#define VIRT_CLINT_BASE     0x2000000UL
#define VIRT_PLIC_BASE      0xc000000UL
#define VIRT_UART0_BASE     0x10000000UL
#define VIRT_DRAM_BASE      0x80000000UL
#define VIRT_UART0_IRQ      10
#define VIRT_RTC_IRQ        11

#define CLINT_MSIP(h)       (VIRT_CLINT_BASE + 4 * (h))
#define CLINT_MTIMECMP(h)   (VIRT_CLINT_BASE + 0x4000 + 8 * (h))
#define CLINT_MTIME         (VIRT_CLINT_BASE + 0xbff8)
#define TIMEBASE_FREQ       10000000UL

#define MAX_HARTS           8

/* ns16550a registers (byte-wide, no shift on virt) */
#define UART_RBR 0      /* DLAB=0, read */
#define UART_THR 0      /* DLAB=0, write */
#define UART_DLL 0      /* DLAB=1 */
#define UART_IER 1
#define UART_DLM 1      /* DLAB=1 */
#define UART_IIR 2      /* read */
#define UART_FCR 2      /* write */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7
#define UART_REG(r) (VIRT_UART0_BASE + (r))

/* SiFive PLIC as on virt: context 2h is hart h M-mode, 2h+1 S-mode */
#define PLIC_PRIORITY(src)  (VIRT_PLIC_BASE + 4 * (src))
#define PLIC_PENDING(src)   (VIRT_PLIC_BASE + 0x1000 + 4 * ((src) / 32))
#define PLIC_ENABLE(ctx, src) \
    (VIRT_PLIC_BASE + 0x2000 + 0x80 * (ctx) + 4 * ((src) / 32))
#define PLIC_THRESHOLD(ctx) (VIRT_PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)     (VIRT_PLIC_BASE + 0x200004 + 0x1000 * (ctx))

/* Goldfish RTC */
#define RTC_TIME_LOW        0x00
#define RTC_TIME_HIGH       0x04
#define RTC_ALARM_LOW       0x08
#define RTC_ALARM_HIGH      0x0c
#define RTC_IRQ_ENABLED     0x10
#define RTC_CLEAR_ALARM     0x14
#define RTC_ALARM_STATUS    0x18
#define RTC_CLEAR_INTERRUPT 0x1c
#define ARRAY_SIZE(a)       (sizeof(a) / sizeof((a)[0]))

/* CSR helpers */
#define csr_read(csr) ({ unsigned long __v; \
    asm volatile("csrr %0, " #csr : "=r"(__v) :: "memory"); __v; })
#define csr_write(csr, val) ({ unsigned long __v = (unsigned long)(val); \
    asm volatile("csrw " #csr ", %0" :: "rK"(__v) : "memory"); })
#define csr_swap(csr, val) ({ unsigned long __v = (unsigned long)(val); \
    asm volatile("csrrw %0, " #csr ", %1" : "=r"(__v) : "rK"(__v) \
                 : "memory"); __v; })
#define csr_set(csr, val) ({ unsigned long __v = (unsigned long)(val); \
    asm volatile("csrrs %0, " #csr ", %1" : "=r"(__v) : "rK"(__v) \
                 : "memory"); __v; })
#define csr_clear(csr, val) ({ unsigned long __v = (unsigned long)(val); \
    asm volatile("csrrc %0, " #csr ", %1" : "=r"(__v) : "rK"(__v) \
                 : "memory"); __v; })

#define MSTATUS_SIE     (1UL << 1)
#define MSTATUS_MIE     (1UL << 3)
#define MSTATUS_SPIE    (1UL << 5)
#define MSTATUS_MPIE    (1UL << 7)
#define MSTATUS_SPP     (1UL << 8)
#define MSTATUS_MPP     (3UL << 11)
#define MSTATUS_FS      (3UL << 13)
#define MSTATUS_MPRV    (1UL << 17)
#define MSTATUS_SUM     (1UL << 18)
#define MSTATUS_MXR     (1UL << 19)
#define MSTATUS_TVM     (1UL << 20)
#define MSTATUS_TW      (1UL << 21)
#define MSTATUS_TSR     (1UL << 22)
#define MSTATUS_SD      (1UL << (__riscv_xlen - 1))

#define IRQ_S_SOFT      1
#define IRQ_M_SOFT      3
#define IRQ_S_TIMER     5
#define IRQ_M_TIMER     7
#define IRQ_S_EXT       9
#define IRQ_M_EXT       11
#define MIP_SSIP        (1UL << IRQ_S_SOFT)
#define MIP_MSIP        (1UL << IRQ_M_SOFT)
#define MIP_STIP        (1UL << IRQ_S_TIMER)
#define MIP_MTIP        (1UL << IRQ_M_TIMER)
#define MIP_SEIP        (1UL << IRQ_S_EXT)
#define MIP_MEIP        (1UL << IRQ_M_EXT)

#define CAUSE_INTR          (1UL << (__riscv_xlen - 1))
#define CAUSE_MISALIGNED_FETCH  0
#define CAUSE_FETCH_ACCESS      1
#define CAUSE_ILLEGAL_INSN      2
#define CAUSE_BREAKPOINT        3
#define CAUSE_MISALIGNED_LOAD   4
#define CAUSE_LOAD_ACCESS       5
#define CAUSE_MISALIGNED_STORE  6
#define CAUSE_STORE_ACCESS      7
#define CAUSE_USER_ECALL        8
#define CAUSE_SUPERVISOR_ECALL  9
#define CAUSE_MACHINE_ECALL     11
#define CAUSE_FETCH_PAGE_FAULT  12
#define CAUSE_LOAD_PAGE_FAULT   13
#define CAUSE_STORE_PAGE_FAULT  15

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* MMIO */
static inline void mmio_write8(unsigned long a, uint8_t v)
{
    *(volatile uint8_t *)a = v;
}
static inline uint8_t mmio_read8(unsigned long a)
{
    return *(volatile uint8_t *)a;
}
static inline void mmio_write32(unsigned long a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
}
static inline uint32_t mmio_read32(unsigned long a)
{
    return *(volatile uint32_t *)a;
}
/* 64-bit CLINT registers, as two 32-bit accesses on RV32 */
uint64_t mtime_read(void);
void mtimecmp_write(unsigned hart, uint64_t v);
/* Busy-wait on mtime */
void delay_us(unsigned long us);

/* UART console (polling on LSR.THRE) */
void uart_putc(char c);
void uart_puts(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, __builtin_va_list ap);

/* sifive_test finisher */
void guest_exit(int code) __attribute__((noreturn));

/* Test framework */
extern const char *guest_prog_name;
void guest_run_test(const char *name, void (*fn)(void));
int guest_finish(void);
void guest_fail(int line, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#define RUN_TEST(t) guest_run_test(#t, test_##t)
#define FAIL(...) guest_fail(__LINE__, __VA_ARGS__)
#define EXPECT_EQ(act, exp) do { \
        unsigned long long __a = (unsigned long long)(act); \
        unsigned long long __e = (unsigned long long)(exp); \
        if (__a != __e) { \
            FAIL("%s = 0x%llx, expected 0x%llx", #act, __a, __e); \
        } \
    } while (0)
#define EXPECT_TRUE(cond) do { \
        if (!(cond)) { \
            FAIL("%s is false", #cond); \
        } \
    } while (0)

/*
 * Traps.  The trap vectors save every integer register in a frame and call
 * the dispatcher: it first offers the trap to the hook of that mode, then
 * to the "expected trap" recorder (trap_expect()), else it reports an
 * unexpected trap and exits with failure.
 */
struct trap_frame {
    unsigned long regs[32];     /* x0..x31, regs[2] is the interrupted sp */
    unsigned long cause;
    unsigned long epc;
    unsigned long tval;
    unsigned long status;
};
#define REG_RA 1
#define REG_SP 2
#define REG_A0 10
#define REG_A7 17

typedef bool TrapHook(struct trap_frame *f);
extern TrapHook *volatile m_trap_hook;
extern TrapHook *volatile s_trap_hook;

struct trap_record {
    unsigned long count;
    unsigned long cause;
    unsigned long epc;
    unsigned long tval;
    int mode;                   /* PRV_M or PRV_S: who took it */
};
extern volatile struct trap_record trap_rec;

/* Arm the recorder: the next exception is recorded and skipped over. */
void trap_expect(void);
/* Arm the recorder in S-mode (for traps delegated to S). */
void trap_expect_s(void);
/* Disarm; returns the number of traps recorded since trap_expect(). */
unsigned long trap_disarm(void);
/* Length in bytes of the instruction at addr */
int insn_length(unsigned long addr);

/*
 * Run fn(arg) in the given privilege mode (PRV_S or PRV_U) from M-mode;
 * returns its result once it returns (it ends with an ecall, caught by the
 * M-mode dispatcher).  Traps from that mode go to M unless delegated.
 */
long run_in_mode(int mode, long (*fn)(long), long arg);
/* Let S and U access all memory (one NAPOT PMP entry, RWX). */
void pmp_allow_all(void);

/* Freestanding helpers the compiler may call */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Secondary harts: park in WFI; hart 0 may hand them a function. */
void hart_start(unsigned hart, void (*fn)(unsigned hart));

#endif
