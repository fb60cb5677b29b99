/*
 * RISC-V control and status registers: access checks and the semantics
 * of each machine, supervisor and user CSR the models implement.
 */
#include "qemu/osdep.h"
#include "target/riscv/internals.h"

#define MENVCFG_ADUE (1ULL << 61)

static bool has_s(CPURISCVState *env)
{
    return riscv_has_ext(env, RVS);
}

static uint64_t mstatus_sd(CPURISCVState *env, uint64_t s)
{
    bool dirty = get_field(s, MSTATUS_FS) == EXT_STATUS_DIRTY;

    s &= ~(MSTATUS32_SD | MSTATUS64_SD);
    if (dirty) {
        s |= env->xl32 ? MSTATUS32_SD : MSTATUS64_SD;
    }
    return s;
}

static uint64_t sstatus_mask(CPURISCVState *env)
{
    return MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS |
           MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR |
           (env->xl32 ? MSTATUS32_SD : MSTATUS64_SD | MSTATUS_UXL);
}

static void write_mstatus(CPURISCVState *env, uint64_t val)
{
    uint64_t mask = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TW;
    uint64_t old = env->mstatus, s;
    uint64_t mpp = get_field(val, MSTATUS_MPP);

    if (riscv_has_ext(env, RVU)) {
        mask |= MSTATUS_MPRV;
    }
    if (has_s(env)) {
        mask |= MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM |
                MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TSR;
    }
    if (riscv_has_ext(env, RVF)) {
        mask |= MSTATUS_FS;
    }
    /* MPP is WARL: keep the old value for a mode that does not exist */
    if (mpp == 2 || (mpp == PRV_S && !has_s(env)) ||
        (mpp == PRV_U && !riscv_has_ext(env, RVU))) {
        val = set_field(val, MSTATUS_MPP, get_field(old, MSTATUS_MPP));
    }
    s = (old & ~mask) | (val & mask);
    env->mstatus = mstatus_sd(env, s);
    if ((old ^ env->mstatus) & MSTATUS_MXR) {
        riscv_cpu_tlb_flush(env);
    }
    riscv_cpu_update_mmu_idx(env);
}

static uint64_t read_mstatus(CPURISCVState *env)
{
    uint64_t s = mstatus_sd(env, env->mstatus);

    if (!env->xl32) {
        if (riscv_has_ext(env, RVU)) {
            s = set_field(s, MSTATUS_UXL, MXL_RV64);
        }
        if (has_s(env)) {
            s = set_field(s, MSTATUS_SXL, MXL_RV64);
        }
    }
    return s;
}

static uint64_t all_ints(CPURISCVState *env)
{
    return M_MODE_INTERRUPTS | (has_s(env) ? S_MODE_INTERRUPTS : 0);
}

static uint64_t counter_value(CPURISCVState *env, int csrno)
{
    switch (csrno & 0x1f) {
    case 0:
        return env->insn_count + env->mcycle_offset;
    case 1:
        return riscv_cpu_read_time(env);
    case 2:
        return env->insn_count + env->minstret_offset;
    default:
        return 0;   /* hpmcounters count nothing */
    }
}

/* User-level counter access: mcounteren/scounteren gate S and U */
static RISCVException check_counter(CPURISCVState *env, int csrno)
{
    int bit = csrno & 0x1f;

    if (bit == 1 && !env->rdtime_fn) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (env->priv < PRV_M && !((env->mcounteren >> bit) & 1)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (env->priv == PRV_U && has_s(env) &&
        !((env->scounteren >> bit) & 1)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    return RISCV_EXCP_NONE;
}

static uint64_t misa_value(CPURISCVState *env)
{
    return env->xl32 ? (1ULL << 30) | env->misa_ext
                     : (2ULL << 62) | env->misa_ext;
}

static uint64_t epc_read(CPURISCVState *env, uint64_t v)
{
    return v & (riscv_has_ext(env, RVC) ? ~1ULL : ~3ULL);
}

static bool tvec_write(uint64_t *tvec, uint64_t val)
{
    /* Modes 2 and 3 are reserved: keep the old value */
    if ((val & 3) < 2) {
        *tvec = val;
        return true;
    }
    return false;
}

static void write_satp(CPURISCVState *env, uint64_t val)
{
    RISCVCPU *cpu = env_archcpu(env);
    uint64_t mode;

    if (env->xl32) {
        mode = (val & SATP32_MODE) ? VM_1_10_SV32 : VM_1_10_MBARE;
        val &= SATP32_MODE | SATP32_ASID | SATP32_PPN;
    } else {
        mode = val >> 60;
        if (mode != VM_1_10_MBARE && mode != VM_1_10_SV39 &&
            mode != VM_1_10_SV48) {
            return;     /* unsupported mode: the write has no effect */
        }
    }
    if (mode != VM_1_10_MBARE &&
        (!cpu->cfg.mmu || mode > cpu->cfg.max_satp_mode)) {
        return;
    }
    env->satp = val;
    riscv_cpu_tlb_flush(env);
}

static void set_half(uint64_t *reg, bool high, uint64_t val)
{
    if (high) {
        *reg = (*reg & 0xffffffffULL) | (val << 32);
    } else {
        *reg = (*reg & ~0xffffffffULL) | (val & 0xffffffffULL);
    }
}

/*
 * Read (@write false) or write one CSR.  Returns an exception for CSRs
 * that do not exist on this model or may not be accessed now.
 */
static RISCVException csr_access(CPURISCVState *env, int csrno,
                                 uint64_t *val, bool write, bool debug)
{
    RISCVCPU *cpu = env_archcpu(env);
    bool rv32 = env->xl32;
    uint64_t v = write ? *val : 0;

    /* Counters readable from lower modes */
    if ((csrno >= CSR_CYCLE && csrno <= CSR_HPMCOUNTER31) ||
        (csrno >= CSR_CYCLEH && csrno <= CSR_HPMCOUNTER31H)) {
        RISCVException ex;

        if (csrno >= CSR_CYCLEH && !rv32) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        ex = debug ? RISCV_EXCP_NONE : check_counter(env, csrno);
        if (ex == RISCV_EXCP_NONE && (csrno & 0x1f) == 1 &&
            !env->rdtime_fn) {
            ex = RISCV_EXCP_ILLEGAL_INST;
        }
        if (ex != RISCV_EXCP_NONE) {
            return ex;
        }
        v = counter_value(env, csrno);
        *val = csrno >= CSR_CYCLEH ? v >> 32 : v;
        return RISCV_EXCP_NONE;
    }
    if (csrno >= CSR_MHPMCOUNTER3 && csrno <= CSR_MHPMCOUNTER31) {
        if (!write) {
            *val = 0;
        }
        return RISCV_EXCP_NONE;
    }
    if (csrno >= CSR_MHPMCOUNTER3H && csrno <= CSR_MHPMCOUNTER31H) {
        if (!rv32) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (!write) {
            *val = 0;
        }
        return RISCV_EXCP_NONE;
    }
    if (csrno >= CSR_MHPMEVENT3 && csrno <= CSR_MHPMEVENT31) {
        if (!write) {
            *val = 0;
        }
        return RISCV_EXCP_NONE;
    }
    if (csrno >= CSR_PMPCFG0 && csrno <= CSR_PMPCFG15) {
        int reg = csrno - CSR_PMPCFG0;
        if (!cpu->cfg.pmp || (!rv32 && (reg & 1))) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (write) {
            riscv_pmpcfg_write(env, reg, v);
        } else {
            *val = riscv_pmpcfg_read(env, reg);
        }
        return RISCV_EXCP_NONE;
    }
    if (csrno >= CSR_PMPADDR0 && csrno <= CSR_PMPADDR63) {
        if (!cpu->cfg.pmp) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (write) {
            riscv_pmpaddr_write(env, csrno - CSR_PMPADDR0, v);
        } else {
            *val = riscv_pmpaddr_read(env, csrno - CSR_PMPADDR0);
        }
        return RISCV_EXCP_NONE;
    }

    /* Supervisor CSRs need S-mode */
    if (((csrno >> 8) & 3) == PRV_S && !has_s(env)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }

    switch (csrno) {
    case CSR_FFLAGS: case CSR_FRM: case CSR_FCSR:
        /* Need F, and mstatus.FS not Off (a debugger may always look) */
        if (!riscv_has_ext(env, RVF) ||
            (!debug && get_field(env->mstatus, MSTATUS_FS) ==
                       EXT_STATUS_OFF)) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (!write) {
            *val = csrno == CSR_FFLAGS ? env->fflags :
                   csrno == CSR_FRM ? env->frm :
                   (env->frm << 5) | env->fflags;
            break;
        }
        if (csrno == CSR_FFLAGS) {
            env->fflags = v & 0x1f;
        } else if (csrno == CSR_FRM) {
            env->frm = v & 7;
        } else {
            env->fflags = v & 0x1f;
            env->frm = (v >> 5) & 7;
        }
        riscv_fp_mark_dirty(env);
        break;

    case CSR_MVENDORID:
        *val = cpu->cfg.mvendorid;
        break;
    case CSR_MARCHID:
        *val = cpu->cfg.marchid;
        break;
    case CSR_MIMPID:
        *val = cpu->cfg.mimpid;
        break;
    case CSR_MHARTID:
        *val = env->mhartid;
        break;
    case CSR_MCONFIGPTR:
        *val = env->mconfigptr;
        break;

    case CSR_MSTATUS:
        if (write) {
            write_mstatus(env, rv32 ? (env->mstatus & ~0xffffffffULL) | v
                                    : v);
        } else {
            *val = read_mstatus(env);
        }
        break;
    case CSR_MSTATUSH:
        if (!rv32) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (!write) {
            *val = 0;
        }
        break;
    case CSR_MISA:
        if (!write) {
            *val = misa_value(env);
        }
        break;
    case CSR_MEDELEG:
        if (!has_s(env)) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (write) {
            env->medeleg = v & DELEGABLE_EXCPS;
        } else {
            *val = env->medeleg;
        }
        break;
    case CSR_MIDELEG:
        if (!has_s(env)) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (write) {
            env->mideleg = v & S_MODE_INTERRUPTS;
        } else {
            *val = env->mideleg;
        }
        break;
    case CSR_MIE:
        if (write) {
            env->mie = v & all_ints(env);
        } else {
            *val = env->mie;
        }
        break;
    case CSR_MIP:
        if (write) {
            uint64_t mask = has_s(env) ? MIP_SSIP | MIP_STIP : 0;
            if (cpu->cfg.ext_sstc && (env->menvcfg & MENVCFG_STCE)) {
                mask &= ~MIP_STIP;
            }
            if (has_s(env)) {
                env->mip_seip_sw = v & MIP_SEIP;
            }
            riscv_cpu_update_mip(env, mask, v);
        } else {
            *val = riscv_cpu_read_mip(env);
        }
        break;
    case CSR_IBEX_CPUCTRL:
    case CSR_IBEX_SECURESEED:
        if (!cpu->cfg.ibex) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        /* cpuctrl: its 6 control bits read back; secureseed reads 0 */
        if (csrno == CSR_IBEX_CPUCTRL) {
            if (write) {
                env->ibex_cpuctrl = v & IBEX_CPUCTRL_MASK;
            } else {
                *val = env->ibex_cpuctrl;
            }
        } else if (!write) {
            *val = 0;
        }
        break;
    case CSR_MTVEC:
        if (write && cpu->cfg.ibex) {
            /* Ibex: vectored only, base 256-byte aligned */
            env->mtvec = (v & ~0xffULL & env->xlen_mask) | 1;
        } else if (write) {
            tvec_write(&env->mtvec, v);
        } else {
            *val = env->mtvec;
        }
        break;
    case CSR_MCOUNTEREN:
        if (!riscv_has_ext(env, RVU)) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (write) {
            env->mcounteren = v;
        } else {
            *val = env->mcounteren;
        }
        break;
    case CSR_MCOUNTINHIBIT:
        if (write) {
            env->mcountinhibit = v & ~2ULL;
        } else {
            *val = env->mcountinhibit;
        }
        break;
    case CSR_MENVCFG:
    case CSR_MENVCFGH: {
        uint64_t mask = MENVCFG_FIOM | MENVCFG_ADUE |
                        (cpu->cfg.ext_sstc ? MENVCFG_STCE : 0);
        bool high = csrno == CSR_MENVCFGH;
        if (!riscv_has_ext(env, RVU) || (high && !rv32)) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (write) {
            uint64_t nv = env->menvcfg;
            if (rv32) {
                set_half(&nv, high, v);
            } else {
                nv = v;
            }
            env->menvcfg = nv & mask;
            riscv_cpu_sstc_update(env);
        } else {
            *val = high ? env->menvcfg >> 32 : env->menvcfg;
        }
        break;
    }
    case CSR_MSCRATCH:
        if (write) {
            env->mscratch = v;
        } else {
            *val = env->mscratch;
        }
        break;
    case CSR_MEPC:
        if (write) {
            env->mepc = v & ~1ULL;
        } else {
            *val = epc_read(env, env->mepc);
        }
        break;
    case CSR_MCAUSE:
        if (write) {
            env->mcause = v;
        } else {
            *val = env->mcause;
        }
        break;
    case CSR_MTVAL:
        if (write) {
            env->mtval = v;
        } else {
            *val = env->mtval;
        }
        break;
    case CSR_MCYCLE: case CSR_MINSTRET:
    case CSR_MCYCLEH: case CSR_MINSTRETH: {
        bool high = csrno >= CSR_MCYCLEH;
        uint64_t *off = (csrno & 0x1f) == 0 ? &env->mcycle_offset
                                            : &env->minstret_offset;
        uint64_t cur = env->insn_count + *off;
        if (high && !rv32) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (write) {
            if (rv32) {
                set_half(&cur, high, v);
            } else {
                cur = v;
            }
            *off = cur - env->insn_count;
        } else {
            *val = high ? cur >> 32 : cur;
        }
        break;
    }

    case CSR_SSTATUS:
        if (write) {
            uint64_t mask = sstatus_mask(env);
            write_mstatus(env, (env->mstatus & ~mask) | (v & mask));
        } else {
            *val = read_mstatus(env) & sstatus_mask(env);
        }
        break;
    case CSR_SIE:
        if (write) {
            env->mie = (env->mie & ~env->mideleg) | (v & env->mideleg);
        } else {
            *val = env->mie & env->mideleg;
        }
        break;
    case CSR_SIP:
        if (write) {
            riscv_cpu_update_mip(env, env->mideleg & MIP_SSIP, v);
        } else {
            *val = riscv_cpu_read_mip(env) & env->mideleg;
        }
        break;
    case CSR_STVEC:
        if (write) {
            tvec_write(&env->stvec, v);
        } else {
            *val = env->stvec;
        }
        break;
    case CSR_SCOUNTEREN:
        if (write) {
            env->scounteren = v;
        } else {
            *val = env->scounteren;
        }
        break;
    case CSR_SENVCFG:
        if (write) {
            env->senvcfg = v & SENVCFG_FIOM;
        } else {
            *val = env->senvcfg;
        }
        break;
    case CSR_SSCRATCH:
        if (write) {
            env->sscratch = v;
        } else {
            *val = env->sscratch;
        }
        break;
    case CSR_SEPC:
        if (write) {
            env->sepc = v & ~1ULL;
        } else {
            *val = epc_read(env, env->sepc);
        }
        break;
    case CSR_SCAUSE:
        if (write) {
            env->scause = v;
        } else {
            *val = env->scause;
        }
        break;
    case CSR_STVAL:
        if (write) {
            env->stval = v;
        } else {
            *val = env->stval;
        }
        break;
    case CSR_STIMECMP:
    case CSR_STIMECMPH: {
        bool high = csrno == CSR_STIMECMPH;
        if (!cpu->cfg.ext_sstc || (high && !rv32)) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (!debug && env->priv == PRV_S &&
            (!(env->mcounteren & COUNTEREN_TM) ||
             !(env->menvcfg & MENVCFG_STCE))) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (write) {
            if (rv32) {
                set_half(&env->stimecmp, high, v);
            } else {
                env->stimecmp = v;
            }
            riscv_cpu_sstc_update(env);
        } else {
            *val = high ? env->stimecmp >> 32 : env->stimecmp;
        }
        break;
    }
    case CSR_SATP:
        if (!debug && env->priv == PRV_S && (env->mstatus & MSTATUS_TVM)) {
            return RISCV_EXCP_ILLEGAL_INST;
        }
        if (write) {
            write_satp(env, v);
        } else {
            *val = env->satp;
        }
        break;
    default:
        return RISCV_EXCP_ILLEGAL_INST;
    }
    return RISCV_EXCP_NONE;
}

static RISCVException csrrw_common(CPURISCVState *env, int csrno,
                                   uint64_t *ret_value, uint64_t new_value,
                                   uint64_t write_mask, bool debug)
{
    uint64_t old = 0, nv;
    RISCVException ex;

    if (csrno < 0 || csrno > 0xfff) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (!debug && env->priv < (uint64_t)((csrno >> 8) & 3)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    write_mask &= env->xlen_mask;
    if (write_mask && ((csrno >> 10) & 3) == 3) {
        return RISCV_EXCP_ILLEGAL_INST;     /* read-only CSR */
    }
    ex = csr_access(env, csrno, &old, false, debug);
    if (ex != RISCV_EXCP_NONE) {
        return ex;
    }
    old &= env->xlen_mask;
    if (write_mask) {
        if (csrno == CSR_MIP || csrno == CSR_SIP) {
            /* Read-modify-write sees the software-written SEIP only */
            old = (old & ~MIP_SEIP) | (env->mip_seip_sw & MIP_SEIP);
            if (csrno == CSR_SIP) {
                old &= env->mideleg;
            }
        }
        nv = (old & ~write_mask) | (new_value & write_mask);
        ex = csr_access(env, csrno, &nv, true, debug);
        if (ex != RISCV_EXCP_NONE) {
            return ex;
        }
    }
    if (ret_value) {
        *ret_value = old;
    }
    return RISCV_EXCP_NONE;
}

RISCVException riscv_csrrw(CPURISCVState *env, int csrno,
                           uint64_t *ret_value, uint64_t new_value,
                           uint64_t write_mask)
{
    return csrrw_common(env, csrno, ret_value, new_value, write_mask, false);
}

RISCVException riscv_csrrw_debug(CPURISCVState *env, int csrno,
                                 uint64_t *ret_value, uint64_t new_value,
                                 uint64_t write_mask)
{
    return csrrw_common(env, csrno, ret_value, new_value, write_mask, true);
}
