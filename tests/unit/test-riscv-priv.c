/*
 * RISC-V privilege: traps and delegation, xRET, interrupt priority,
 * vectored mtvec, WFI, TW/TVM/TSR, counter enables, Sstc.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "riscv-harness.h"

static int get_mpp(CPURISCVState *env)
{
    return (env->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
}

#define IRQ_BIT(h) ((h)->env->xl32 ? 1ULL << 31 : 1ULL << 63)

static void csrw(Harness *h, int csr, uint64_t v)
{
    g_assert_cmpint(riscv_csrrw_debug(h->env, csr, NULL, v, ~0ULL), ==,
                    RISCV_EXCP_NONE);
}

static uint64_t csrr(Harness *h, int csr)
{
    uint64_t v = 0;
    g_assert_cmpint(riscv_csrrw_debug(h->env, csr, &v, 0, 0), ==,
                    RISCV_EXCP_NONE);
    return v;
}

/* Let S and U modes reach all memory */
static void pmp_allow_all(Harness *h)
{
    csrw(h, CSR_PMPADDR0 + 15, ~0ULL);
    csrw(h, h->env->xl32 ? CSR_PMPCFG0 + 3 : CSR_PMPCFG0 + 2,
         (uint64_t)(PMP_READ | PMP_WRITE | PMP_EXEC |
                    (PMP_AMATCH_NAPOT << PMP_AMATCH_SHIFT)) <<
         (h->env->xl32 ? 24 : 56));
}

static void test_ecall_mret(void)
{
    Harness *h = harness_new("rv64");
    CPURISCVState *env = h->env;
    uint64_t pc = env->pc;

    csrw(h, CSR_MTVEC, RAM_BASE + 0x400);
    csrw(h, CSR_MSTATUS, MSTATUS_MIE);
    g_assert_cmpint(run_insn(h, I_ECALL), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->pc, ==, RAM_BASE + 0x400);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_M_ECALL);
    g_assert_cmphex(env->mepc, ==, pc);
    g_assert_cmphex(env->mtval, ==, 0);
    g_assert_cmpint(get_mpp(env), ==, PRV_M);
    g_assert_false(env->mstatus & MSTATUS_MIE);
    g_assert_true(env->mstatus & MSTATUS_MPIE);

    /* mret to U-mode at mepc + 4 */
    csrw(h, CSR_MEPC, pc + 4);
    env->mstatus &= ~MSTATUS_MPP;           /* MPP = U */
    env->mstatus |= MSTATUS_MPRV;
    g_assert_cmpint(run_insn(h, I_MRET), ==, RISCV_EXEC_SYNC);
    g_assert_cmpint(env->priv, ==, PRV_U);
    g_assert_cmphex(env->pc, ==, pc + 4);
    g_assert_true(env->mstatus & MSTATUS_MIE);
    g_assert_true(env->mstatus & MSTATUS_MPIE);
    g_assert_false(env->mstatus & MSTATUS_MPRV);  /* left M: cleared */

    /* ebreak: tval = pc; mret from U is illegal */
    pmp_allow_all(h);
    pc = env->pc;
    g_assert_cmpint(run_insn(h, I_EBREAK), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_BREAKPOINT);
    g_assert_cmphex(env->mtval, ==, pc);
    g_assert_cmpint(get_mpp(env), ==, PRV_U);
    riscv_cpu_set_mode(env, PRV_U);
    env->pc = RAM_BASE;
    g_assert_cmpint(run_insn(h, I_MRET), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
    g_assert_cmphex(env->mtval, ==, I_MRET);
    harness_free(h);
}

static void test_delegation(void)
{
    Harness *h = harness_new("rv64");
    CPURISCVState *env = h->env;

    pmp_allow_all(h);
    csrw(h, CSR_MTVEC, RAM_BASE + 0x400);
    csrw(h, CSR_STVEC, RAM_BASE + 0x800);
    csrw(h, CSR_MEDELEG, 1 << RISCV_EXCP_U_ECALL);
    csrw(h, CSR_SSTATUS, MSTATUS_SIE);
    riscv_cpu_set_mode(env, PRV_U);
    env->pc = RAM_BASE + 0x100;
    g_assert_cmpint(run_insn(h, I_ECALL), ==, RISCV_EXEC_TRAP);
    g_assert_cmpint(env->priv, ==, PRV_S);
    g_assert_cmphex(env->pc, ==, RAM_BASE + 0x800);
    g_assert_cmphex(env->scause, ==, RISCV_EXCP_U_ECALL);
    g_assert_cmphex(env->sepc, ==, RAM_BASE + 0x100);
    g_assert_false(env->mstatus & MSTATUS_SPP);
    g_assert_true(env->mstatus & MSTATUS_SPIE);
    g_assert_false(env->mstatus & MSTATUS_SIE);

    /* S-mode ecall is not delegated: goes to M */
    g_assert_cmpint(run_insn(h, I_ECALL), ==, RISCV_EXEC_TRAP);
    g_assert_cmpint(env->priv, ==, PRV_M);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_S_ECALL);
    g_assert_cmpint(get_mpp(env), ==, PRV_S);

    /* sret back to U */
    riscv_cpu_set_mode(env, PRV_S);
    csrw(h, CSR_SEPC, RAM_BASE + 0x104);
    env->pc = RAM_BASE + 0x800;
    g_assert_cmpint(run_insn(h, I_SRET), ==, RISCV_EXEC_SYNC);
    g_assert_cmpint(env->priv, ==, PRV_U);
    g_assert_cmphex(env->pc, ==, RAM_BASE + 0x104);
    g_assert_true(env->mstatus & MSTATUS_SIE);

    /* Exceptions in M are never delegated */
    riscv_cpu_set_mode(env, PRV_M);
    csrw(h, CSR_MEDELEG, 1 << RISCV_EXCP_ILLEGAL_INST);
    run_insn(h, 0);
    g_assert_cmpint(env->priv, ==, PRV_M);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
    harness_free(h);
}

static void test_interrupts(void)
{
    Harness *h = harness_new("rv64");
    CPURISCVState *env = h->env;

    pmp_allow_all(h);
    csrw(h, CSR_MTVEC, RAM_BASE + 0x401);   /* vectored */
    csrw(h, CSR_MIE, MIP_MSIP | MIP_MTIP | MIP_MEIP | MIP_SSIP | MIP_STIP |
                     MIP_SEIP);
    riscv_cpu_set_irq(h->cpu, IRQ_M_TIMER, 1);
    riscv_cpu_set_irq(h->cpu, IRQ_M_SOFT, 1);
    riscv_cpu_set_irq(h->cpu, IRQ_S_EXT, 1);
    /* M-mode with MIE = 0: masked, but there is work */
    g_assert_cmpint(riscv_cpu_local_irq_pending(env), ==, -1);
    g_assert_true(riscv_cpu_has_work(env));
    csrw(h, CSR_MSTATUS, MSTATUS_MIE);
    g_assert_cmpint(riscv_cpu_local_irq_pending(env), ==, IRQ_M_SOFT);
    riscv_cpu_set_irq(h->cpu, IRQ_M_EXT, 1);
    g_assert_cmpint(riscv_cpu_local_irq_pending(env), ==, IRQ_M_EXT);
    env->pc = RAM_BASE + 0x10;
    g_assert_true(riscv_cpu_exec_interrupt(env));
    g_assert_cmphex(env->mcause, ==, IRQ_BIT(h) | IRQ_M_EXT);
    g_assert_cmphex(env->pc, ==, RAM_BASE + 0x400 + 4 * IRQ_M_EXT);
    g_assert_cmphex(env->mepc, ==, RAM_BASE + 0x10);
    /* Order MEI > MSI > MTI > SEI > SSI > STI */
    riscv_cpu_set_irq(h->cpu, IRQ_M_EXT, 0);
    riscv_cpu_set_mode(env, PRV_U);
    g_assert_cmpint(riscv_cpu_local_irq_pending(env), ==, IRQ_M_SOFT);
    riscv_cpu_set_irq(h->cpu, IRQ_M_SOFT, 0);
    g_assert_cmpint(riscv_cpu_local_irq_pending(env), ==, IRQ_M_TIMER);
    riscv_cpu_set_irq(h->cpu, IRQ_M_TIMER, 0);
    g_assert_cmpint(riscv_cpu_local_irq_pending(env), ==, IRQ_S_EXT);
    /* Delegated SEI: taken in S from U, masked in S without SIE */
    csrw(h, CSR_MIDELEG, S_MODE_INTERRUPTS);
    csrw(h, CSR_STVEC, RAM_BASE + 0x801);
    env->pc = RAM_BASE + 0x20;
    g_assert_true(riscv_cpu_exec_interrupt(env));
    g_assert_cmpint(env->priv, ==, PRV_S);
    g_assert_cmphex(env->scause, ==, IRQ_BIT(h) | IRQ_S_EXT);
    g_assert_cmphex(env->pc, ==, RAM_BASE + 0x800 + 4 * IRQ_S_EXT);
    g_assert_cmpint(riscv_cpu_local_irq_pending(env), ==, -1);
    /* An M interrupt preempts S-mode even with MIE = 0 */
    env->mstatus &= ~MSTATUS_MIE;
    riscv_cpu_set_irq(h->cpu, IRQ_M_TIMER, 1);
    g_assert_cmpint(riscv_cpu_local_irq_pending(env), ==, IRQ_M_TIMER);
    riscv_cpu_set_irq(h->cpu, IRQ_M_TIMER, 0);
    /* Software SSIP through sip; the exception path ignores vectoring */
    riscv_cpu_set_irq(h->cpu, IRQ_S_EXT, 0);
    csrw(h, CSR_SIP, MIP_SSIP);
    g_assert_cmphex(csrr(h, CSR_MIP) & MIP_SSIP, ==, MIP_SSIP);
    csrw(h, CSR_SSTATUS, MSTATUS_SIE);
    g_assert_cmpint(riscv_cpu_local_irq_pending(env), ==, IRQ_S_SOFT);
    csrw(h, CSR_SIP, 0);
    env->pc = RAM_BASE + 0x40;
    g_assert_cmpint(run_insn(h, I_ECALL), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->pc, ==, RAM_BASE + 0x400);     /* M, base */
    /* Non-existent lines are ignored */
    riscv_cpu_set_irq(h->cpu, 42, 1);
    riscv_cpu_set_irq(h->cpu, -1, 1);
    harness_free(h);
}

static int kicks;

static void kick(void *opaque)
{
    kicks++;
}

static void test_wfi(void)
{
    Harness *h = harness_new("rv64");
    CPURISCVState *env = h->env;
    uint64_t pc = env->pc;

    riscv_cpu_set_kick_fn(env, kick, NULL);
    csrw(h, CSR_MTVEC, RAM_BASE + 0x400);
    g_assert_cmpint(run_insn(h, I_WFI), ==, RISCV_EXEC_WFI);
    g_assert_cmphex(env->pc, ==, pc + 4);
    g_assert_false(riscv_cpu_has_work(env));
    csrw(h, CSR_MIE, MIP_MTIP);
    kicks = 0;
    riscv_cpu_set_irq(h->cpu, IRQ_M_TIMER, 1);
    g_assert_cmpint(kicks, ==, 1);
    g_assert_true(riscv_cpu_has_work(env));
    riscv_cpu_set_irq(h->cpu, IRQ_M_TIMER, 1);
    g_assert_cmpint(kicks, ==, 1);          /* no change, no kick */
    riscv_cpu_set_irq(h->cpu, IRQ_M_TIMER, 0);

    /* U-mode wfi is illegal when S exists; S with TW too */
    pmp_allow_all(h);
    riscv_cpu_set_mode(env, PRV_U);
    g_assert_cmpint(run_insn(h, I_WFI), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
    riscv_cpu_set_mode(env, PRV_S);
    g_assert_cmpint(run_insn(h, I_WFI), ==, RISCV_EXEC_WFI);
    csrw(h, CSR_MSTATUS, MSTATUS_TW);
    riscv_cpu_set_mode(env, PRV_S);
    g_assert_cmpint(run_insn(h, I_WFI), ==, RISCV_EXEC_TRAP);
    harness_free(h);

    /* ibex (no S): U-mode wfi allowed unless TW */
    h = harness_new("lowrisc-ibex");
    pmp_allow_all(h);
    csrw(h, CSR_MTVEC, RAM_BASE + 0x400);
    riscv_cpu_set_mode(h->env, PRV_U);
    g_assert_cmpint(run_insn(h, I_WFI), ==, RISCV_EXEC_WFI);
    harness_free(h);
}

static void test_tvm_tsr(void)
{
    Harness *h = harness_new("rv64");
    CPURISCVState *env = h->env;

    csrw(h, CSR_MTVEC, RAM_BASE + 0x400);
    pmp_allow_all(h);
    csrw(h, CSR_MSTATUS, MSTATUS_TVM | MSTATUS_TSR);
    riscv_cpu_set_mode(env, PRV_S);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_SATP, 0)), ==,
                    RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
    riscv_cpu_set_mode(env, PRV_S);
    g_assert_cmpint(run_insn(h, I_SFENCE), ==, RISCV_EXEC_TRAP);
    riscv_cpu_set_mode(env, PRV_S);
    g_assert_cmpint(run_insn(h, I_SRET), ==, RISCV_EXEC_TRAP);
    /* Without them, S may do all three */
    csrw(h, CSR_MSTATUS, 0);
    riscv_cpu_set_mode(env, PRV_S);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_SATP, 0)), ==,
                    RISCV_EXEC_SYNC);
    g_assert_cmpint(run_insn(h, I_SFENCE), ==, RISCV_EXEC_SYNC);
    /* S cannot touch M CSRs, U cannot touch S CSRs */
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_MSTATUS, 0)), ==,
                    RISCV_EXEC_TRAP);
    riscv_cpu_set_mode(env, PRV_U);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_SSTATUS, 0)), ==,
                    RISCV_EXEC_TRAP);
    /* sfence.vma from U is illegal */
    riscv_cpu_set_mode(env, PRV_U);
    g_assert_cmpint(run_insn(h, I_SFENCE), ==, RISCV_EXEC_TRAP);
    harness_free(h);
}

static void test_counteren(void)
{
    Harness *h = harness_new("rv64");
    CPURISCVState *env = h->env;

    csrw(h, CSR_MTVEC, RAM_BASE + 0x400);
    pmp_allow_all(h);
    riscv_cpu_set_mode(env, PRV_U);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_CYCLE, 0)), ==,
                    RISCV_EXEC_TRAP);
    csrw(h, CSR_MCOUNTEREN, COUNTEREN_CY | COUNTEREN_TM);
    riscv_cpu_set_mode(env, PRV_S);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_CYCLE, 0)), ==,
                    RISCV_EXEC_SYNC);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_INSTRET, 0)), ==,
                    RISCV_EXEC_TRAP);
    riscv_cpu_set_mode(env, PRV_U);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_CYCLE, 0)), ==,
                    RISCV_EXEC_TRAP);          /* scounteren clear */
    csrw(h, CSR_SCOUNTEREN, COUNTEREN_TM);
    h->time = 1234;
    riscv_cpu_set_mode(env, PRV_U);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_TIME, 0)), ==,
                    RISCV_EXEC_SYNC);
    g_assert_cmpuint(env->gpr[10], ==, 1234);
    /* without a time source, time is illegal */
    riscv_cpu_set_rdtime_fn(env, NULL, NULL);
    riscv_cpu_set_mode(env, PRV_M);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_TIME, 0)), ==,
                    RISCV_EXEC_TRAP);
    harness_free(h);
}

static void test_sstc(void)
{
    Harness *h = harness_new("rv64");
    CPURISCVState *env = h->env;

    csrw(h, CSR_MTVEC, RAM_BASE + 0x400);
    /* Without STCE, stimecmp is illegal from S and STIP is writable */
    pmp_allow_all(h);
    csrw(h, CSR_MCOUNTEREN, COUNTEREN_TM);
    riscv_cpu_set_mode(env, PRV_S);
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_STIMECMP, 0)), ==,
                    RISCV_EXEC_TRAP);
    csrw(h, CSR_MIP, MIP_STIP);
    g_assert_cmphex(csrr(h, CSR_MIP) & MIP_STIP, ==, MIP_STIP);
    csrw(h, CSR_MIP, 0);

    csrw(h, CSR_MENVCFG, MENVCFG_STCE | (1ULL << 61));
    h->time = 100;
    csrw(h, CSR_STIMECMP, 200);
    g_assert_cmphex(csrr(h, CSR_MIP) & MIP_STIP, ==, 0);
    h->time = 200;
    riscv_cpu_sstc_update(env);     /* what the timer callback does */
    g_assert_cmphex(csrr(h, CSR_MIP) & MIP_STIP, ==, MIP_STIP);
    /* STIP is not software-writable now */
    csrw(h, CSR_MIP, 0);
    g_assert_cmphex(csrr(h, CSR_MIP) & MIP_STIP, ==, MIP_STIP);
    /* writing a later stimecmp from S clears it */
    riscv_cpu_set_mode(env, PRV_S);
    env->gpr[11] = 1000;
    g_assert_cmpint(run_insn(h, I_CSRRW(0, CSR_STIMECMP, 11)), ==,
                    RISCV_EXEC_SYNC);
    g_assert_cmphex(csrr(h, CSR_MIP) & MIP_STIP, ==, 0);
    harness_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/riscv-priv/ecall-mret", test_ecall_mret);
    g_test_add_func("/riscv-priv/delegation", test_delegation);
    g_test_add_func("/riscv-priv/interrupts", test_interrupts);
    g_test_add_func("/riscv-priv/wfi", test_wfi);
    g_test_add_func("/riscv-priv/tvm-tsr", test_tvm_tsr);
    g_test_add_func("/riscv-priv/counteren", test_counteren);
    g_test_add_func("/riscv-priv/sstc", test_sstc);
    return g_test_run();
}
