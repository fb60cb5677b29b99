/*
 * Trap dispatcher for the guest tests: hooks, the expected-trap recorder,
 * leaving a lower privilege mode, and failing on anything unexpected.
 */
#include "guest.h"

#define ECALL_LEAVE_MODE 0x4c454156     /* same value as start.S */

TrapHook *volatile m_trap_hook;
TrapHook *volatile s_trap_hook;
volatile struct trap_record trap_rec;
static volatile int m_armed, s_armed;

void guest_abort(const char *why) __attribute__((noreturn));

void trap_expect(void)
{
    trap_rec.count = 0;
    trap_rec.cause = trap_rec.epc = trap_rec.tval = -1UL;
    trap_rec.mode = -1;
    asm volatile("" ::: "memory");
    m_armed = 1;
}

void trap_expect_s(void)
{
    trap_expect();
    m_armed = 0;
    s_armed = 1;
}

unsigned long trap_disarm(void)
{
    m_armed = 0;
    s_armed = 0;
    asm volatile("" ::: "memory");
    return trap_rec.count;
}

int insn_length(unsigned long addr)
{
    uint16_t lo = *(volatile uint16_t *)addr;

    return (lo & 3) == 3 ? 4 : 2;
}

static bool is_fetch_fault(unsigned long cause)
{
    return cause == CAUSE_MISALIGNED_FETCH || cause == CAUSE_FETCH_ACCESS ||
           cause == CAUSE_FETCH_PAGE_FAULT;
}

/* Called from start.S; returns 1 to leave run_in_mode(). */
unsigned long trap_dispatch(struct trap_frame *f, int mode)
{
    bool intr = f->cause & CAUSE_INTR;
    TrapHook *hook = mode == PRV_M ? m_trap_hook : s_trap_hook;
    volatile int *armed = mode == PRV_M ? &m_armed : &s_armed;

    if (!intr && f->regs[REG_A7] == ECALL_LEAVE_MODE) {
        if (mode == PRV_M && (f->cause == CAUSE_USER_ECALL ||
                              f->cause == CAUSE_SUPERVISOR_ECALL)) {
            return 1;
        }
        if (mode == PRV_S && f->cause == CAUSE_USER_ECALL) {
            /* delegated to S: pass the request on to M */
            register unsigned long a0 asm("a0") = f->regs[REG_A0];
            register unsigned long a7 asm("a7") = ECALL_LEAVE_MODE;
            asm volatile("ecall" :: "r"(a0), "r"(a7) : "memory");
        }
    }
    if (hook && hook(f)) {
        return 0;
    }
    if (!intr && *armed) {
        trap_rec.cause = f->cause;
        trap_rec.epc = f->epc;
        trap_rec.tval = f->tval;
        trap_rec.mode = mode;
        trap_rec.count++;
        if (is_fetch_fault(f->cause)) {
            f->epc = f->regs[REG_RA];       /* reached by a call: return */
        } else {
            f->epc += insn_length(f->epc);
        }
        return 0;
    }
    printf("unexpected trap in %s-mode: cause 0x%lx epc 0x%lx tval 0x%lx "
           "status 0x%lx\n", mode == PRV_M ? "M" : "S", f->cause, f->epc,
           f->tval, f->status);
    guest_abort("unexpected trap");
}

void pmp_allow_all(void)
{
    csr_write(pmpaddr0, -1UL);
    csr_write(pmpcfg0, 0x1f);           /* NAPOT, R, W, X */
    asm volatile("sfence.vma" ::: "memory");
}
