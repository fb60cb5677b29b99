/*
 * RISC-V F and D extensions: execution of the FP instructions on the
 * f registers, with NaN-boxing of single values, the rounding-mode and
 * mstatus.FS checks, and the accrued exception flags in fflags.  The
 * arithmetic itself is fpu_soft.c.
 */
#include "qemu/osdep.h"
#include "target/riscv/internals.h"
#include "target/riscv/fpu_soft.h"

#define BOX32 0xffffffff00000000ULL

void riscv_fp_mark_dirty(CPURISCVState *env)
{
    env->mstatus |= MSTATUS_FS |
                    (env->xl32 ? MSTATUS32_SD : MSTATUS64_SD);
}

/* A single operand: an improperly NaN-boxed value reads as canonical NaN */
static inline uint64_t get_s(CPURISCVState *env, int r)
{
    uint64_t v = env->fpr[r];

    return (v & BOX32) == BOX32 ? (uint32_t)v : F32_CANON_NAN;
}

static inline void set_s(CPURISCVState *env, int r, uint64_t v)
{
    env->fpr[r] = BOX32 | (uint32_t)v;
}

/* The effective rounding mode, or -1 if reserved (illegal instruction) */
static inline int eff_rm(CPURISCVState *env, int rm)
{
    if (rm == RISCV_FRM_DYN) {
        rm = env->frm;
    }
    return rm <= RISCV_FRM_RMM ? rm : -1;
}

static RISCVExecStatus illegal(CPURISCVState *env, const RISCVInsn *in)
{
    riscv_raise_exception(env, RISCV_EXCP_ILLEGAL_INST, in->raw);
    return RISCV_EXEC_TRAP;
}

static inline uint64_t sgnj(uint64_t a, uint64_t b, int kind, int sbit)
{
    uint64_t m = 1ULL << sbit;

    switch (kind) {
    case 0:
        return (a & ~m) | (b & m);
    case 1:
        return (a & ~m) | (~b & m);
    default:
        return a ^ (b & m);
    }
}

RISCVExecStatus riscv_fp_execute(CPURISCVState *env, const RISCVInsn *in)
{
    const RISCVOp op = in->op;
    const bool rv32 = env->xl32;
    const uint64_t xa = env->gpr[in->rs1];
    uint64_t addr, v, r = 0;
    uint32_t fl = 0;
    bool fdest = true;      /* writes f[rd]; else x[rd] */
    bool dp;
    int rm;

    if (get_field(env->mstatus, MSTATUS_FS) == EXT_STATUS_OFF) {
        return illegal(env, in);
    }
    rm = eff_rm(env, in->rm);
    if (rm < 0) {
        return illegal(env, in);
    }

    switch (op) {
    case RISCV_OP_FLW:
    case RISCV_OP_FLD:
        addr = (xa + in->imm) & env->xlen_mask;
        if (!riscv_load(env, addr, op == RISCV_OP_FLW ? 4 : 8, &v)) {
            return RISCV_EXEC_TRAP;
        }
        env->fpr[in->rd] = op == RISCV_OP_FLW ? BOX32 | v : v;
        riscv_fp_mark_dirty(env);
        goto next;
    case RISCV_OP_FSW:
    case RISCV_OP_FSD:
        /* stores move the raw low bits, whatever the boxing */
        addr = (xa + in->imm) & env->xlen_mask;
        if (!riscv_store(env, addr, op == RISCV_OP_FSW ? 4 : 8,
                         op == RISCV_OP_FSW ? (uint32_t)env->fpr[in->rs2]
                                            : env->fpr[in->rs2])) {
            return RISCV_EXEC_TRAP;
        }
        goto next;
    default:
        break;
    }

    if (op >= RISCV_OP_FADD_D || (op >= RISCV_OP_FMADD_D &&
                                  op <= RISCV_OP_FNMADD_D)) {
        /* double precision */
        const uint64_t a = env->fpr[in->rs1], b = env->fpr[in->rs2];
        dp = true;
        switch (op) {
        case RISCV_OP_FMADD_D: case RISCV_OP_FMSUB_D:
        case RISCV_OP_FNMSUB_D: case RISCV_OP_FNMADD_D: {
            int k = op - RISCV_OP_FMADD_D;
            r = sf_fma(SF_F64, a, b, env->fpr[in->imm], k >= 2,
                       k == 1 || k == 3, rm, &fl);
            break;
        }
        case RISCV_OP_FADD_D: r = sf_add(SF_F64, a, b, false, rm, &fl); break;
        case RISCV_OP_FSUB_D: r = sf_add(SF_F64, a, b, true, rm, &fl); break;
        case RISCV_OP_FMUL_D: r = sf_mul(SF_F64, a, b, rm, &fl); break;
        case RISCV_OP_FDIV_D: r = sf_div(SF_F64, a, b, rm, &fl); break;
        case RISCV_OP_FSQRT_D: r = sf_sqrt(SF_F64, a, rm, &fl); break;
        case RISCV_OP_FSGNJ_D: case RISCV_OP_FSGNJN_D: case RISCV_OP_FSGNJX_D:
            r = sgnj(a, b, op - RISCV_OP_FSGNJ_D, 63);
            break;
        case RISCV_OP_FMIN_D: case RISCV_OP_FMAX_D:
            r = sf_minmax(SF_F64, a, b, op == RISCV_OP_FMAX_D, &fl);
            break;
        case RISCV_OP_FCVT_S_D:
            r = sf_convert(SF_F64, SF_F32, a, rm, &fl);
            dp = false;
            break;
        case RISCV_OP_FCVT_D_S:
            r = sf_convert(SF_F32, SF_F64, get_s(env, in->rs1), rm, &fl);
            break;
        case RISCV_OP_FCVT_W_D: case RISCV_OP_FCVT_WU_D:
        case RISCV_OP_FCVT_L_D: case RISCV_OP_FCVT_LU_D: {
            int k = op - RISCV_OP_FCVT_W_D;
            r = sf_to_int(SF_F64, a, k >= 2 ? 64 : 32, !(k & 1), rm, &fl);
            if (k < 2) {
                r = sext32(r);
            }
            fdest = false;
            break;
        }
        case RISCV_OP_FMV_X_D: r = a; fdest = false; break;
        case RISCV_OP_FEQ_D: r = sf_eq(SF_F64, a, b, &fl); fdest = false;
            break;
        case RISCV_OP_FLT_D: r = sf_lt(SF_F64, a, b, false, &fl);
            fdest = false;
            break;
        case RISCV_OP_FLE_D: r = sf_lt(SF_F64, a, b, true, &fl);
            fdest = false;
            break;
        case RISCV_OP_FCLASS_D: r = sf_class(SF_F64, a); fdest = false; break;
        case RISCV_OP_FCVT_D_W: case RISCV_OP_FCVT_D_WU:
        case RISCV_OP_FCVT_D_L: case RISCV_OP_FCVT_D_LU: {
            int k = op - RISCV_OP_FCVT_D_W;
            int64_t s = k == 0 ? (int32_t)xa : (int64_t)xa;
            uint64_t u = k == 1 ? (uint32_t)xa : xa;
            r = (k & 1) ? sf_from_int(SF_F64, false, u, rm, &fl)
                        : sf_from_int(SF_F64, s < 0, s < 0 ? -(uint64_t)s : s,
                                      rm, &fl);
            break;
        }
        case RISCV_OP_FMV_D_X: r = xa; break;
        default:
            return illegal(env, in);
        }
    } else {
        /* single precision */
        const uint64_t a = get_s(env, in->rs1), b = get_s(env, in->rs2);
        dp = false;
        switch (op) {
        case RISCV_OP_FMADD_S: case RISCV_OP_FMSUB_S:
        case RISCV_OP_FNMSUB_S: case RISCV_OP_FNMADD_S: {
            int k = op - RISCV_OP_FMADD_S;
            r = sf_fma(SF_F32, a, b, get_s(env, in->imm), k >= 2,
                       k == 1 || k == 3, rm, &fl);
            break;
        }
        case RISCV_OP_FADD_S: r = sf_add(SF_F32, a, b, false, rm, &fl); break;
        case RISCV_OP_FSUB_S: r = sf_add(SF_F32, a, b, true, rm, &fl); break;
        case RISCV_OP_FMUL_S: r = sf_mul(SF_F32, a, b, rm, &fl); break;
        case RISCV_OP_FDIV_S: r = sf_div(SF_F32, a, b, rm, &fl); break;
        case RISCV_OP_FSQRT_S: r = sf_sqrt(SF_F32, a, rm, &fl); break;
        case RISCV_OP_FSGNJ_S: case RISCV_OP_FSGNJN_S: case RISCV_OP_FSGNJX_S:
            r = sgnj(a, b, op - RISCV_OP_FSGNJ_S, 31);
            break;
        case RISCV_OP_FMIN_S: case RISCV_OP_FMAX_S:
            r = sf_minmax(SF_F32, a, b, op == RISCV_OP_FMAX_S, &fl);
            break;
        case RISCV_OP_FCVT_W_S: case RISCV_OP_FCVT_WU_S:
        case RISCV_OP_FCVT_L_S: case RISCV_OP_FCVT_LU_S: {
            int k = op - RISCV_OP_FCVT_W_S;
            r = sf_to_int(SF_F32, a, k >= 2 ? 64 : 32, !(k & 1), rm, &fl);
            if (k < 2) {
                r = sext32(r);
            }
            fdest = false;
            break;
        }
        case RISCV_OP_FMV_X_W:
            /* a transfer: the raw low 32 bits, sign-extended */
            r = sext32(env->fpr[in->rs1]);
            fdest = false;
            break;
        case RISCV_OP_FEQ_S: r = sf_eq(SF_F32, a, b, &fl); fdest = false;
            break;
        case RISCV_OP_FLT_S: r = sf_lt(SF_F32, a, b, false, &fl);
            fdest = false;
            break;
        case RISCV_OP_FLE_S: r = sf_lt(SF_F32, a, b, true, &fl);
            fdest = false;
            break;
        case RISCV_OP_FCLASS_S: r = sf_class(SF_F32, a); fdest = false; break;
        case RISCV_OP_FCVT_S_W: case RISCV_OP_FCVT_S_WU:
        case RISCV_OP_FCVT_S_L: case RISCV_OP_FCVT_S_LU: {
            int k = op - RISCV_OP_FCVT_S_W;
            int64_t s = k == 0 ? (int32_t)xa : (int64_t)xa;
            uint64_t u = k == 1 ? (uint32_t)xa : xa;
            r = (k & 1) ? sf_from_int(SF_F32, false, u, rm, &fl)
                        : sf_from_int(SF_F32, s < 0, s < 0 ? -(uint64_t)s : s,
                                      rm, &fl);
            break;
        }
        case RISCV_OP_FMV_W_X: r = xa; break;
        default:
            return illegal(env, in);
        }
    }

    if (fl) {
        env->fflags |= fl;
        riscv_fp_mark_dirty(env);
    }
    if (fdest) {
        if (dp) {
            env->fpr[in->rd] = r;
        } else {
            set_s(env, in->rd, r);
        }
        riscv_fp_mark_dirty(env);
    } else {
        env->gpr[in->rd] = rv32 ? sext32(r) : r;
        env->gpr[RISCV_REG_SINK] = 0;
    }
next:
    env->pc = (env->pc + in->len) & env->xlen_mask;
    return RISCV_EXEC_NEXT;
}
