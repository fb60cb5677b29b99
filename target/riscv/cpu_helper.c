/*
 * RISC-V privilege: trap entry with delegation, interrupts and their
 * priority, xRET, WFI, sfence.vma, mip updates and the Sstc timer.
 */
#include "qemu/osdep.h"
#include "target/riscv/internals.h"

static const char *const excp_names[] = {
    "misaligned_fetch", "fault_fetch", "illegal_instruction", "breakpoint",
    "misaligned_load", "fault_load", "misaligned_store", "fault_store",
    "user_ecall", "supervisor_ecall", "hypervisor_ecall", "machine_ecall",
    "exec_page_fault", "load_page_fault", "reserved", "store_page_fault",
};

static const char *const intr_names[] = {
    "u_software", "s_software", "vs_software", "m_software",
    "u_timer", "s_timer", "vs_timer", "m_timer",
    "u_external", "s_external", "vs_external", "m_external",
    "reserved", "reserved", "reserved", "reserved",
};

const char *riscv_cpu_get_trap_name(uint64_t cause, bool async)
{
    if (async) {
        return cause < ARRAY_SIZE(intr_names) ? intr_names[cause]
                                              : "(unknown)";
    }
    return cause < ARRAY_SIZE(excp_names) ? excp_names[cause] : "(unknown)";
}

void riscv_cpu_do_trap(CPURISCVState *env, uint64_t cause, bool async,
                       uint64_t tval)
{
    uint64_t deleg = async ? env->mideleg : env->medeleg;
    uint64_t irq_bit = env->xl32 ? 1ULL << 31 : 1ULL << 63;
    uint64_t xcause = (cause & (irq_bit - 1)) | (async ? irq_bit : 0);
    uint64_t s = env->mstatus;
    uint64_t tvec;

    if (env->priv <= PRV_S && cause < 64 && ((deleg >> cause) & 1)) {
        s = set_field(s, MSTATUS_SPIE, get_field(s, MSTATUS_SIE));
        s = set_field(s, MSTATUS_SPP, env->priv);
        s &= ~MSTATUS_SIE;
        env->mstatus = s;
        env->scause = xcause;
        env->sepc = env->pc;
        env->stval = tval;
        tvec = env->stvec;
        env->priv = PRV_S;
    } else {
        s = set_field(s, MSTATUS_MPIE, get_field(s, MSTATUS_MIE));
        s = set_field(s, MSTATUS_MPP, env->priv);
        s &= ~MSTATUS_MIE;
        env->mstatus = s;
        env->mcause = xcause;
        env->mepc = env->pc;
        env->mtval = tval;
        tvec = env->mtvec;
        env->priv = PRV_M;
    }
    env->pc = (tvec & ~3ULL) + ((async && (tvec & 3) == 1) ? cause * 4 : 0);
    env->pc &= env->xlen_mask;
    env->load_res = -1;
    riscv_cpu_update_mmu_idx(env);
}

void riscv_cpu_set_mode(CPURISCVState *env, uint64_t newpriv)
{
    if (newpriv == PRV_M || newpriv == PRV_U ||
        (newpriv == PRV_S && riscv_has_ext(env, RVS))) {
        env->priv = newpriv;
        env->load_res = -1;
        riscv_cpu_update_mmu_idx(env);
    }
}

void riscv_raise_exception(CPURISCVState *env, RISCVException cause,
                           uint64_t tval)
{
    riscv_cpu_do_trap(env, cause, false, tval);
}

uint64_t riscv_cpu_read_time(CPURISCVState *env)
{
    return env->rdtime_fn ? env->rdtime_fn(env->rdtime_fn_arg) : 0;
}

uint64_t riscv_cpu_read_mip(CPURISCVState *env)
{
    return __atomic_load_n(&env->mip, __ATOMIC_ACQUIRE) |
           (env->mip_seip_sw & MIP_SEIP);
}

uint64_t riscv_cpu_update_mip(CPURISCVState *env, uint64_t mask,
                              uint64_t value)
{
    uint64_t old = __atomic_load_n(&env->mip, __ATOMIC_RELAXED);
    uint64_t new;

    do {
        new = (old & ~mask) | (value & mask);
    } while (!__atomic_compare_exchange_n(&env->mip, &old, new, false,
                                          __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED));
    if (new != old && env->kick_fn) {
        env->kick_fn(env->kick_fn_arg);
    }
    return old;
}

void riscv_cpu_set_irq(void *opaque, int irq, int level)
{
    RISCVCPU *cpu = opaque;
    uint64_t bit;

    switch (irq) {
    case IRQ_S_SOFT: case IRQ_M_SOFT:
    case IRQ_S_TIMER: case IRQ_M_TIMER:
    case IRQ_S_EXT: case IRQ_M_EXT:
        bit = 1ULL << irq;
        break;
    default:
        return;     /* not a line this hart has */
    }
    riscv_cpu_update_mip(&cpu->env, bit, level ? bit : 0);
}

static bool sstc_active(CPURISCVState *env)
{
    return env_archcpu(env)->cfg.ext_sstc &&
           (env->menvcfg & MENVCFG_STCE) && env->rdtime_fn;
}

/*
 * The Sstc timer's callback (main loop) and stimecmp writes (vCPU
 * thread) both update STIP and the timer: serialize them, or a stale
 * decision of one can undo the other's (a past stimecmp with STIP
 * clear and the timer disarmed: a hart asleep for good).
 */
static GMutex sstc_lock;

static void sstc_update_locked(CPURISCVState *env)
{
    uint64_t now, delta;
    int64_t ns;

    if (!sstc_active(env)) {
        if (env->stimer) {
            timer_del(env->stimer);
        }
        return;
    }
    now = riscv_cpu_read_time(env);
    if (now >= env->stimecmp) {
        riscv_cpu_update_mip(env, MIP_STIP, MIP_STIP);
        if (env->stimer) {
            timer_del(env->stimer);
        }
        return;
    }
    riscv_cpu_update_mip(env, MIP_STIP, 0);
    if (!env->stimer || !env->timebase_freq) {
        return;
    }
    delta = env->stimecmp - now;
    /* Ticks to ns, rounding up so that the timer fires at or past it */
    if (delta > (uint64_t)INT64_MAX / 1000000000ULL) {
        ns = INT64_MAX / 2;
    } else {
        ns = (delta * 1000000000ULL + env->timebase_freq - 1) /
             env->timebase_freq;
    }
    timer_mod_ns(env->stimer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + ns);
}

void riscv_cpu_sstc_update(CPURISCVState *env)
{
    g_mutex_lock(&sstc_lock);
    sstc_update_locked(env);
    g_mutex_unlock(&sstc_lock);
}

int riscv_cpu_local_irq_pending(CPURISCVState *env)
{
    static const int order[] = {
        IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER,
        IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER,
    };
    uint64_t pending = riscv_cpu_read_mip(env) & env->mie;
    uint64_t m_pend, s_pend;
    bool m_en, s_en;

    if (likely(!pending)) {
        return -1;
    }
    m_pend = pending & ~env->mideleg;
    s_pend = pending & env->mideleg;
    m_en = env->priv < PRV_M || (env->mstatus & MSTATUS_MIE);
    s_en = env->priv < PRV_S ||
           (env->priv == PRV_S && (env->mstatus & MSTATUS_SIE));
    if (!m_en) {
        m_pend = 0;
    }
    if (!s_en) {
        s_pend = 0;
    }
    /* Interrupts for M-mode win over those for S-mode */
    for (int k = 0; k < 2; k++) {
        uint64_t p = k ? s_pend : m_pend;
        if (!p) {
            continue;
        }
        for (int i = 0; i < ARRAY_SIZE(order); i++) {
            if (p & (1ULL << order[i])) {
                return order[i];
            }
        }
        return __builtin_ctzll(p);
    }
    return -1;
}

bool riscv_cpu_exec_interrupt(CPURISCVState *env)
{
    int irq = riscv_cpu_local_irq_pending(env);

    if (irq < 0) {
        return false;
    }
    riscv_cpu_do_trap(env, irq, true, 0);
    return true;
}

bool riscv_cpu_has_work(CPURISCVState *env)
{
    return (riscv_cpu_read_mip(env) & env->mie) != 0;
}

static RISCVExecStatus illegal(CPURISCVState *env, const RISCVInsn *insn)
{
    riscv_raise_exception(env, RISCV_EXCP_ILLEGAL_INST, insn->raw);
    return RISCV_EXEC_TRAP;
}

RISCVExecStatus riscv_do_mret(CPURISCVState *env, const RISCVInsn *insn)
{
    uint64_t s = env->mstatus;
    uint64_t prev = get_field(s, MSTATUS_MPP);

    if (env->priv != PRV_M) {
        return illegal(env, insn);
    }
    s = set_field(s, MSTATUS_MIE, get_field(s, MSTATUS_MPIE));
    s |= MSTATUS_MPIE;
    s = set_field(s, MSTATUS_MPP, riscv_has_ext(env, RVU) ? PRV_U : PRV_M);
    if (prev != PRV_M) {
        s &= ~MSTATUS_MPRV;
    }
    env->mstatus = s;
    env->priv = prev;
    env->pc = env->mepc & (riscv_has_ext(env, RVC) ? ~1ULL : ~3ULL);
    env->pc &= env->xlen_mask;
    env->load_res = -1;
    riscv_cpu_update_mmu_idx(env);
    return RISCV_EXEC_SYNC;
}

RISCVExecStatus riscv_do_sret(CPURISCVState *env, const RISCVInsn *insn)
{
    uint64_t s = env->mstatus;
    uint64_t prev = get_field(s, MSTATUS_SPP);

    if (env->priv < PRV_S ||
        (env->priv == PRV_S && (s & MSTATUS_TSR))) {
        return illegal(env, insn);
    }
    s = set_field(s, MSTATUS_SIE, get_field(s, MSTATUS_SPIE));
    s |= MSTATUS_SPIE;
    s &= ~MSTATUS_SPP;
    s &= ~MSTATUS_MPRV;
    env->mstatus = s;
    env->priv = prev;
    env->pc = env->sepc & (riscv_has_ext(env, RVC) ? ~1ULL : ~3ULL);
    env->pc &= env->xlen_mask;
    env->load_res = -1;
    riscv_cpu_update_mmu_idx(env);
    return RISCV_EXEC_SYNC;
}

RISCVExecStatus riscv_do_wfi(CPURISCVState *env, const RISCVInsn *insn)
{
    bool rvs = riscv_has_ext(env, RVS);
    bool tw = env->mstatus & MSTATUS_TW;

    if ((env->priv == PRV_U && rvs) ||
        (tw && (env->priv == PRV_S || (env->priv == PRV_U && !rvs)))) {
        return illegal(env, insn);
    }
    env->pc = (env->pc + insn->len) & env->xlen_mask;
    return RISCV_EXEC_WFI;
}

RISCVExecStatus riscv_do_sfence_vma(CPURISCVState *env,
                                    const RISCVInsn *insn)
{
    if (env->priv == PRV_U ||
        (env->priv == PRV_S && (env->mstatus & MSTATUS_TVM))) {
        return illegal(env, insn);
    }
    riscv_cpu_tlb_flush(env);
    env->pc = (env->pc + insn->len) & env->xlen_mask;
    return RISCV_EXEC_SYNC;
}
