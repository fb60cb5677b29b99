/*
 * RISC-V instruction decoder: 32-bit encodings and the compressed (C)
 * encodings, which are expanded to the operation of their 32-bit twin.
 */
#include "qemu/osdep.h"
#include "target/riscv/cpu.h"

static const char *const op_names[RISCV_OP_COUNT] = {
#define RISCV_OP_NAME(name) [RISCV_OP_##name] = #name,
    RISCV_OPS(RISCV_OP_NAME)
#undef RISCV_OP_NAME
};

const char *riscv_op_name(RISCVOp op)
{
    static char lower[RISCV_OP_COUNT][16];
    static gsize done;

    if (op >= RISCV_OP_COUNT) {
        return "unknown";
    }
    if (g_once_init_enter(&done)) {
        for (int i = 0; i < RISCV_OP_COUNT; i++) {
            const char *s = op_names[i];
            int j;
            for (j = 0; s[j] && j < 15; j++) {
                lower[i][j] = s[j] == '_' ? '.' : g_ascii_tolower(s[j]);
            }
            lower[i][j] = '\0';
        }
        g_once_init_leave(&done, 1);
    }
    return lower[op];
}

bool riscv_op_ends_block(RISCVOp op)
{
    switch (op) {
    case RISCV_OP_JAL: case RISCV_OP_JALR:
    case RISCV_OP_BEQ: case RISCV_OP_BNE: case RISCV_OP_BLT:
    case RISCV_OP_BGE: case RISCV_OP_BLTU: case RISCV_OP_BGEU:
    case RISCV_OP_ECALL: case RISCV_OP_EBREAK:
    case RISCV_OP_MRET: case RISCV_OP_SRET: case RISCV_OP_WFI:
    case RISCV_OP_SFENCE_VMA: case RISCV_OP_FENCE_I:
    case RISCV_OP_CSRRW: case RISCV_OP_CSRRS: case RISCV_OP_CSRRC:
    case RISCV_OP_CSRRWI: case RISCV_OP_CSRRSI: case RISCV_OP_CSRRCI:
    case RISCV_OP_ILLEGAL:
        return true;
    default:
        return false;
    }
}

static inline uint32_t bits(uint32_t x, int lo, int n)
{
    return (x >> lo) & ((1u << n) - 1);
}

static inline int32_t sbits(uint32_t x, int lo, int n)
{
    return (int32_t)(x << (32 - lo - n)) >> (32 - n);
}

/* Left shift of a possibly negative immediate, without UB */
static inline int32_t shl(int32_t v, int n)
{
    return (int32_t)((uint32_t)v << n);
}

static inline uint8_t dst(uint32_t r)
{
    return r ? r : RISCV_REG_SINK;
}

static void set(RISCVInsn *d, RISCVOp op, uint32_t rd, uint32_t rs1,
                uint32_t rs2, int32_t imm)
{
    d->op = op;
    d->rd = dst(rd);
    d->rs1 = rs1;
    d->rs2 = rs2;
    d->imm = imm;
}

/* An FP operation: @rd is an f register (x0 is not special) */
static void set_fp(RISCVInsn *d, RISCVOp op, uint32_t rd, uint32_t rs1,
                   uint32_t rs2, int32_t imm, uint32_t rm)
{
    d->op = op;
    d->rd = rd;
    d->rs1 = rs1;
    d->rs2 = rs2;
    d->imm = imm;
    d->rm = rm;
}

/* An FP operation writing integer register @rd */
static void set_fp_x(RISCVInsn *d, RISCVOp op, uint32_t rd, uint32_t rs1,
                     uint32_t rs2, uint32_t rm)
{
    set_fp(d, op, dst(rd), rs1, rs2, 0, rm);
}

/* LOAD-FP, STORE-FP, the fused multiply-adds and OP-FP (F and D) */
static void decode_fp(const CPURISCVState *env, uint32_t x, RISCVInsn *d)
{
    bool rv64 = !env->xl32;
    uint32_t rd = bits(x, 7, 5), rs1 = bits(x, 15, 5), rs2 = bits(x, 20, 5);
    uint32_t f3 = bits(x, 12, 3), f5 = bits(x, 27, 5);
    uint32_t fmt = bits(x, 25, 2);
    bool dp = fmt == 1;
    int32_t imm_i = sbits(x, 20, 12);
    int32_t imm_s = shl(sbits(x, 25, 7), 5) | bits(x, 7, 5);
    bool has_f = riscv_has_ext(env, RVF), has_d = riscv_has_ext(env, RVD);

    switch (x & 0x7f) {
    case 0x07:
        if (f3 == 2 && has_f) {
            set_fp(d, RISCV_OP_FLW, rd, rs1, 0, imm_i, 0);
        } else if (f3 == 3 && has_d) {
            set_fp(d, RISCV_OP_FLD, rd, rs1, 0, imm_i, 0);
        }
        return;
    case 0x27:
        if (f3 == 2 && has_f) {
            set_fp(d, RISCV_OP_FSW, 0, rs1, rs2, imm_s, 0);
        } else if (f3 == 3 && has_d) {
            set_fp(d, RISCV_OP_FSD, 0, rs1, rs2, imm_s, 0);
        }
        return;
    }
    /* Arithmetic: fmt S needs F, fmt D needs D; H and Q do not exist */
    if (fmt > 1 || (dp ? !has_d : !has_f)) {
        return;
    }
    if ((x & 0x7f) != 0x53) {
        static const RISCVOp fused[2][4] = {
            { RISCV_OP_FMADD_S, RISCV_OP_FMSUB_S, RISCV_OP_FNMSUB_S,
              RISCV_OP_FNMADD_S },
            { RISCV_OP_FMADD_D, RISCV_OP_FMSUB_D, RISCV_OP_FNMSUB_D,
              RISCV_OP_FNMADD_D },
        };
        /* rs3 travels in imm */
        set_fp(d, fused[dp][bits(x, 2, 2)], rd, rs1, rs2, f5, f3);
        return;
    }
    switch (f5) {
    case 0x00: case 0x01: case 0x02: case 0x03: {
        static const RISCVOp arith[2][4] = {
            { RISCV_OP_FADD_S, RISCV_OP_FSUB_S, RISCV_OP_FMUL_S,
              RISCV_OP_FDIV_S },
            { RISCV_OP_FADD_D, RISCV_OP_FSUB_D, RISCV_OP_FMUL_D,
              RISCV_OP_FDIV_D },
        };
        set_fp(d, arith[dp][f5], rd, rs1, rs2, 0, f3);
        return;
    }
    case 0x0b:
        if (rs2 == 0) {
            set_fp(d, dp ? RISCV_OP_FSQRT_D : RISCV_OP_FSQRT_S, rd, rs1, 0,
                   0, f3);
        }
        return;
    case 0x04:
        if (f3 <= 2) {
            set_fp(d, (dp ? RISCV_OP_FSGNJ_D : RISCV_OP_FSGNJ_S) + f3, rd,
                   rs1, rs2, 0, 0);
        }
        return;
    case 0x05:
        if (f3 <= 1) {
            set_fp(d, (dp ? RISCV_OP_FMIN_D : RISCV_OP_FMIN_S) + f3, rd,
                   rs1, rs2, 0, 0);
        }
        return;
    case 0x08:
        /* fcvt.s.d (fmt S, rs2 = D) and fcvt.d.s (fmt D, rs2 = S) */
        if (has_d && rs2 == (dp ? 0 : 1)) {
            set_fp(d, dp ? RISCV_OP_FCVT_D_S : RISCV_OP_FCVT_S_D, rd, rs1,
                   0, 0, f3);
        }
        return;
    case 0x14: {
        static const RISCVOp cmp[2][3] = {
            { RISCV_OP_FLE_S, RISCV_OP_FLT_S, RISCV_OP_FEQ_S },
            { RISCV_OP_FLE_D, RISCV_OP_FLT_D, RISCV_OP_FEQ_D },
        };
        if (f3 <= 2) {
            set_fp_x(d, cmp[dp][f3], rd, rs1, rs2, 0);
        }
        return;
    }
    case 0x18:
        if (rs2 <= 1 || (rs2 <= 3 && rv64)) {
            set_fp_x(d, (dp ? RISCV_OP_FCVT_W_D : RISCV_OP_FCVT_W_S) + rs2,
                     rd, rs1, 0, f3);
        }
        return;
    case 0x1a:
        if (rs2 <= 1 || (rs2 <= 3 && rv64)) {
            set_fp(d, (dp ? RISCV_OP_FCVT_D_W : RISCV_OP_FCVT_S_W) + rs2,
                   rd, rs1, 0, 0, f3);
        }
        return;
    case 0x1c:
        if (rs2 != 0) {
            return;
        }
        if (f3 == 0 && (!dp || rv64)) {
            set_fp_x(d, dp ? RISCV_OP_FMV_X_D : RISCV_OP_FMV_X_W, rd, rs1,
                     0, 0);
        } else if (f3 == 1) {
            set_fp_x(d, dp ? RISCV_OP_FCLASS_D : RISCV_OP_FCLASS_S, rd, rs1,
                     0, 0);
        }
        return;
    case 0x1e:
        if (rs2 == 0 && f3 == 0 && (!dp || rv64)) {
            set_fp(d, dp ? RISCV_OP_FMV_D_X : RISCV_OP_FMV_W_X, rd, rs1, 0,
                   0, 0);
        }
        return;
    }
}

static void decode32(const CPURISCVState *env, uint32_t x, RISCVInsn *d)
{
    bool rv64 = !env->xl32;
    uint32_t rd = bits(x, 7, 5), rs1 = bits(x, 15, 5), rs2 = bits(x, 20, 5);
    uint32_t f3 = bits(x, 12, 3), f7 = bits(x, 25, 7);
    int32_t imm_i = sbits(x, 20, 12);
    int32_t imm_s = shl(sbits(x, 25, 7), 5) | bits(x, 7, 5);
    int32_t imm_b = shl(sbits(x, 31, 1), 12) | (bits(x, 7, 1) << 11) |
                    (bits(x, 25, 6) << 5) | (bits(x, 8, 4) << 1);
    int32_t imm_j = shl(sbits(x, 31, 1), 20) | (bits(x, 12, 8) << 12) |
                    (bits(x, 20, 1) << 11) | (bits(x, 21, 10) << 1);
    bool has_m = riscv_has_ext(env, RVM);

    switch (x & 0x7f) {
    case 0x37:
        set(d, RISCV_OP_LUI, rd, 0, 0, (int32_t)(x & 0xfffff000));
        return;
    case 0x17:
        set(d, RISCV_OP_AUIPC, rd, 0, 0, (int32_t)(x & 0xfffff000));
        return;
    case 0x6f:
        set(d, RISCV_OP_JAL, rd, 0, 0, imm_j);
        return;
    case 0x67:
        if (f3 == 0) {
            set(d, RISCV_OP_JALR, rd, rs1, 0, imm_i);
        }
        return;
    case 0x63: {
        static const RISCVOp br[8] = {
            RISCV_OP_BEQ, RISCV_OP_BNE, RISCV_OP_ILLEGAL, RISCV_OP_ILLEGAL,
            RISCV_OP_BLT, RISCV_OP_BGE, RISCV_OP_BLTU, RISCV_OP_BGEU,
        };
        if (br[f3] != RISCV_OP_ILLEGAL) {
            set(d, br[f3], 0, rs1, rs2, imm_b);
        }
        return;
    }
    case 0x03: {
        static const RISCVOp ld[8] = {
            RISCV_OP_LB, RISCV_OP_LH, RISCV_OP_LW, RISCV_OP_LD,
            RISCV_OP_LBU, RISCV_OP_LHU, RISCV_OP_LWU, RISCV_OP_ILLEGAL,
        };
        if (ld[f3] == RISCV_OP_ILLEGAL ||
            (!rv64 && (f3 == 3 || f3 == 6))) {
            return;
        }
        set(d, ld[f3], rd, rs1, 0, imm_i);
        return;
    }
    case 0x23: {
        static const RISCVOp st[4] = {
            RISCV_OP_SB, RISCV_OP_SH, RISCV_OP_SW, RISCV_OP_SD,
        };
        if (f3 > 3 || (!rv64 && f3 == 3)) {
            return;
        }
        set(d, st[f3], 0, rs1, rs2, imm_s);
        return;
    }
    case 0x13: {
        uint32_t shamt = bits(x, 20, rv64 ? 6 : 5);
        uint32_t hi = rv64 ? bits(x, 26, 6) << 1 : f7;
        switch (f3) {
        case 0: set(d, RISCV_OP_ADDI, rd, rs1, 0, imm_i); return;
        case 2: set(d, RISCV_OP_SLTI, rd, rs1, 0, imm_i); return;
        case 3: set(d, RISCV_OP_SLTIU, rd, rs1, 0, imm_i); return;
        case 4: set(d, RISCV_OP_XORI, rd, rs1, 0, imm_i); return;
        case 6: set(d, RISCV_OP_ORI, rd, rs1, 0, imm_i); return;
        case 7: set(d, RISCV_OP_ANDI, rd, rs1, 0, imm_i); return;
        case 1:
            if (hi == 0) {
                set(d, RISCV_OP_SLLI, rd, rs1, 0, shamt);
            }
            return;
        case 5:
            if (hi == 0) {
                set(d, RISCV_OP_SRLI, rd, rs1, 0, shamt);
            } else if (hi == 0x20) {
                set(d, RISCV_OP_SRAI, rd, rs1, 0, shamt);
            }
            return;
        }
        return;
    }
    case 0x1b:
        if (!rv64) {
            return;
        }
        if (f3 == 0) {
            set(d, RISCV_OP_ADDIW, rd, rs1, 0, imm_i);
        } else if (f3 == 1 && f7 == 0) {
            set(d, RISCV_OP_SLLIW, rd, rs1, 0, rs2);
        } else if (f3 == 5 && f7 == 0) {
            set(d, RISCV_OP_SRLIW, rd, rs1, 0, rs2);
        } else if (f3 == 5 && f7 == 0x20) {
            set(d, RISCV_OP_SRAIW, rd, rs1, 0, rs2);
        }
        return;
    case 0x33: {
        static const RISCVOp base[8] = {
            RISCV_OP_ADD, RISCV_OP_SLL, RISCV_OP_SLT, RISCV_OP_SLTU,
            RISCV_OP_XOR, RISCV_OP_SRL, RISCV_OP_OR, RISCV_OP_AND,
        };
        static const RISCVOp mul[8] = {
            RISCV_OP_MUL, RISCV_OP_MULH, RISCV_OP_MULHSU, RISCV_OP_MULHU,
            RISCV_OP_DIV, RISCV_OP_DIVU, RISCV_OP_REM, RISCV_OP_REMU,
        };
        if (f7 == 0) {
            set(d, base[f3], rd, rs1, rs2, 0);
        } else if (f7 == 0x20 && f3 == 0) {
            set(d, RISCV_OP_SUB, rd, rs1, rs2, 0);
        } else if (f7 == 0x20 && f3 == 5) {
            set(d, RISCV_OP_SRA, rd, rs1, rs2, 0);
        } else if (f7 == 1 && has_m) {
            set(d, mul[f3], rd, rs1, rs2, 0);
        }
        return;
    }
    case 0x3b: {
        static const RISCVOp mulw[8] = {
            RISCV_OP_MULW, RISCV_OP_ILLEGAL, RISCV_OP_ILLEGAL,
            RISCV_OP_ILLEGAL, RISCV_OP_DIVW, RISCV_OP_DIVUW,
            RISCV_OP_REMW, RISCV_OP_REMUW,
        };
        if (!rv64) {
            return;
        }
        if (f7 == 0 && f3 == 0) {
            set(d, RISCV_OP_ADDW, rd, rs1, rs2, 0);
        } else if (f7 == 0 && f3 == 1) {
            set(d, RISCV_OP_SLLW, rd, rs1, rs2, 0);
        } else if (f7 == 0 && f3 == 5) {
            set(d, RISCV_OP_SRLW, rd, rs1, rs2, 0);
        } else if (f7 == 0x20 && f3 == 0) {
            set(d, RISCV_OP_SUBW, rd, rs1, rs2, 0);
        } else if (f7 == 0x20 && f3 == 5) {
            set(d, RISCV_OP_SRAW, rd, rs1, rs2, 0);
        } else if (f7 == 1 && has_m && mulw[f3] != RISCV_OP_ILLEGAL) {
            set(d, mulw[f3], rd, rs1, rs2, 0);
        }
        return;
    }
    case 0x0f:
        if (f3 == 0) {
            set(d, RISCV_OP_FENCE, 0, 0, 0, 0);
        } else if (f3 == 1) {
            set(d, RISCV_OP_FENCE_I, 0, 0, 0, 0);
        }
        return;
    case 0x73:
        if (f3 == 0) {
            if (x == 0x00000073) {
                set(d, RISCV_OP_ECALL, 0, 0, 0, 0);
            } else if (x == 0x00100073) {
                set(d, RISCV_OP_EBREAK, 0, 0, 0, 0);
            } else if (x == 0x30200073) {
                set(d, RISCV_OP_MRET, 0, 0, 0, 0);
            } else if (x == 0x10200073 && riscv_has_ext(env, RVS)) {
                set(d, RISCV_OP_SRET, 0, 0, 0, 0);
            } else if (x == 0x10500073) {
                set(d, RISCV_OP_WFI, 0, 0, 0, 0);
            } else if (f7 == 0x09 && rd == 0 && riscv_has_ext(env, RVS)) {
                set(d, RISCV_OP_SFENCE_VMA, 0, rs1, rs2, 0);
            }
            return;
        } else if (f3 != 4) {
            static const RISCVOp csr[8] = {
                RISCV_OP_ILLEGAL, RISCV_OP_CSRRW, RISCV_OP_CSRRS,
                RISCV_OP_CSRRC, RISCV_OP_ILLEGAL, RISCV_OP_CSRRWI,
                RISCV_OP_CSRRSI, RISCV_OP_CSRRCI,
            };
            set(d, csr[f3], rd, rs1, 0, bits(x, 20, 12));
        }
        return;
    case 0x2f: {
        bool dw = f3 == 3;
        uint32_t f5 = bits(x, 27, 5);
        RISCVOp op;

        if (!riscv_has_ext(env, RVA) || (f3 != 2 && f3 != 3) ||
            (dw && !rv64)) {
            return;
        }
        switch (f5) {
        case 0x02:
            if (rs2 != 0) {
                return;
            }
            op = dw ? RISCV_OP_LR_D : RISCV_OP_LR_W;
            break;
        case 0x03: op = dw ? RISCV_OP_SC_D : RISCV_OP_SC_W; break;
        case 0x01: op = dw ? RISCV_OP_AMOSWAP_D : RISCV_OP_AMOSWAP_W; break;
        case 0x00: op = dw ? RISCV_OP_AMOADD_D : RISCV_OP_AMOADD_W; break;
        case 0x04: op = dw ? RISCV_OP_AMOXOR_D : RISCV_OP_AMOXOR_W; break;
        case 0x0c: op = dw ? RISCV_OP_AMOAND_D : RISCV_OP_AMOAND_W; break;
        case 0x08: op = dw ? RISCV_OP_AMOOR_D : RISCV_OP_AMOOR_W; break;
        case 0x10: op = dw ? RISCV_OP_AMOMIN_D : RISCV_OP_AMOMIN_W; break;
        case 0x14: op = dw ? RISCV_OP_AMOMAX_D : RISCV_OP_AMOMAX_W; break;
        case 0x18: op = dw ? RISCV_OP_AMOMINU_D : RISCV_OP_AMOMINU_W; break;
        case 0x1c: op = dw ? RISCV_OP_AMOMAXU_D : RISCV_OP_AMOMAXU_W; break;
        default:
            return;
        }
        set(d, op, rd, rs1, rs2, 0);
        d->flags = (bits(x, 26, 1) ? RISCV_INSN_AQ : 0) |
                   (bits(x, 25, 1) ? RISCV_INSN_RL : 0);
        return;
    }
    case 0x07: case 0x27: case 0x43: case 0x47: case 0x4b: case 0x4f:
    case 0x53:
        decode_fp(env, x, d);
        return;
    default:
        return;
    }
}

/* Compressed register field: x8..x15 */
static inline uint32_t creg(uint32_t x, int lo)
{
    return bits(x, lo, 3) + 8;
}

static void decode16(const CPURISCVState *env, uint32_t x, RISCVInsn *d)
{
    bool rv64 = !env->xl32;
    uint32_t f3 = bits(x, 13, 3);
    uint32_t rd = bits(x, 7, 5), rs2 = bits(x, 2, 5);
    int32_t imm6 = shl(sbits(x, 12, 1), 5) | bits(x, 2, 5);
    uint32_t shamt = (bits(x, 12, 1) << 5) | bits(x, 2, 5);
    bool has_f = riscv_has_ext(env, RVF), has_d = riscv_has_ext(env, RVD);
    uint32_t imm;

    switch (((x & 3) << 3) | f3) {
    case 000: /* C.ADDI4SPN */
        imm = (bits(x, 7, 4) << 6) | (bits(x, 11, 2) << 4) |
              (bits(x, 5, 1) << 3) | (bits(x, 6, 1) << 2);
        if (imm) {
            set(d, RISCV_OP_ADDI, creg(x, 2), 2, 0, imm);
        }
        return;
    case 002: /* C.LW */
        imm = (bits(x, 10, 3) << 3) | (bits(x, 6, 1) << 2) |
              (bits(x, 5, 1) << 6);
        set(d, RISCV_OP_LW, creg(x, 2), creg(x, 7), 0, imm);
        return;
    case 003: /* C.LD (RV64); C.FLW on RV32 */
        if (rv64) {
            imm = (bits(x, 10, 3) << 3) | (bits(x, 5, 2) << 6);
            set(d, RISCV_OP_LD, creg(x, 2), creg(x, 7), 0, imm);
        } else if (has_f) {
            imm = (bits(x, 10, 3) << 3) | (bits(x, 6, 1) << 2) |
                  (bits(x, 5, 1) << 6);
            set_fp(d, RISCV_OP_FLW, creg(x, 2), creg(x, 7), 0, imm, 0);
        }
        return;
    case 006: /* C.SW */
        imm = (bits(x, 10, 3) << 3) | (bits(x, 6, 1) << 2) |
              (bits(x, 5, 1) << 6);
        set(d, RISCV_OP_SW, 0, creg(x, 7), creg(x, 2), imm);
        return;
    case 007: /* C.SD (RV64); C.FSW on RV32 */
        if (rv64) {
            imm = (bits(x, 10, 3) << 3) | (bits(x, 5, 2) << 6);
            set(d, RISCV_OP_SD, 0, creg(x, 7), creg(x, 2), imm);
        } else if (has_f) {
            imm = (bits(x, 10, 3) << 3) | (bits(x, 6, 1) << 2) |
                  (bits(x, 5, 1) << 6);
            set_fp(d, RISCV_OP_FSW, 0, creg(x, 7), creg(x, 2), imm, 0);
        }
        return;
    case 001: /* C.FLD */
        if (has_d) {
            imm = (bits(x, 10, 3) << 3) | (bits(x, 5, 2) << 6);
            set_fp(d, RISCV_OP_FLD, creg(x, 2), creg(x, 7), 0, imm, 0);
        }
        return;
    case 005: /* C.FSD */
        if (has_d) {
            imm = (bits(x, 10, 3) << 3) | (bits(x, 5, 2) << 6);
            set_fp(d, RISCV_OP_FSD, 0, creg(x, 7), creg(x, 2), imm, 0);
        }
        return;
    case 004: /* reserved */
        return;

    case 010: /* C.ADDI, C.NOP */
        set(d, RISCV_OP_ADDI, rd, rd, 0, imm6);
        return;
    case 011:
        if (rv64) { /* C.ADDIW */
            if (rd) {
                set(d, RISCV_OP_ADDIW, rd, rd, 0, imm6);
            }
            return;
        }
        /* fall through: C.JAL on RV32 */
    case 015: { /* C.J */
        int32_t off = shl(sbits(x, 12, 1), 11) | (bits(x, 11, 1) << 4) |
                      (bits(x, 9, 2) << 8) | (bits(x, 8, 1) << 10) |
                      (bits(x, 7, 1) << 6) | (bits(x, 6, 1) << 7) |
                      (bits(x, 3, 3) << 1) | (bits(x, 2, 1) << 5);
        set(d, RISCV_OP_JAL, f3 == 1 ? 1 : 0, 0, 0, off);
        return;
    }
    case 012: /* C.LI */
        set(d, RISCV_OP_ADDI, rd, 0, 0, imm6);
        return;
    case 013:
        if (rd == 2) { /* C.ADDI16SP */
            int32_t off = shl(sbits(x, 12, 1), 9) | (bits(x, 6, 1) << 4) |
                          (bits(x, 5, 1) << 6) | (bits(x, 3, 2) << 7) |
                          (bits(x, 2, 1) << 5);
            if (off) {
                set(d, RISCV_OP_ADDI, 2, 2, 0, off);
            }
        } else if (imm6) { /* C.LUI */
            set(d, RISCV_OP_LUI, rd, 0, 0, (int32_t)((uint32_t)imm6 << 12));
        }
        return;
    case 014: {
        uint32_t r = creg(x, 7), r2 = creg(x, 2);
        switch (bits(x, 10, 2)) {
        case 0: /* C.SRLI */
            if (rv64 || !(shamt & 32)) {
                set(d, RISCV_OP_SRLI, r, r, 0, shamt);
            }
            return;
        case 1: /* C.SRAI */
            if (rv64 || !(shamt & 32)) {
                set(d, RISCV_OP_SRAI, r, r, 0, shamt);
            }
            return;
        case 2: /* C.ANDI */
            set(d, RISCV_OP_ANDI, r, r, 0, imm6);
            return;
        }
        if (!bits(x, 12, 1)) {
            static const RISCVOp ops[4] = {
                RISCV_OP_SUB, RISCV_OP_XOR, RISCV_OP_OR, RISCV_OP_AND,
            };
            set(d, ops[bits(x, 5, 2)], r, r, r2, 0);
        } else if (rv64 && bits(x, 5, 2) == 0) {
            set(d, RISCV_OP_SUBW, r, r, r2, 0);
        } else if (rv64 && bits(x, 5, 2) == 1) {
            set(d, RISCV_OP_ADDW, r, r, r2, 0);
        }
        return;
    }
    case 016: case 017: { /* C.BEQZ, C.BNEZ */
        int32_t off = shl(sbits(x, 12, 1), 8) | (bits(x, 10, 2) << 3) |
                      (bits(x, 5, 2) << 6) | (bits(x, 3, 2) << 1) |
                      (bits(x, 2, 1) << 5);
        set(d, f3 == 6 ? RISCV_OP_BEQ : RISCV_OP_BNE, 0, creg(x, 7), 0,
            off);
        return;
    }

    case 020: /* C.SLLI */
        if (rv64 || !(shamt & 32)) {
            set(d, RISCV_OP_SLLI, rd, rd, 0, shamt);
        }
        return;
    case 022: /* C.LWSP */
        if (rd) {
            imm = (bits(x, 12, 1) << 5) | (bits(x, 4, 3) << 2) |
                  (bits(x, 2, 2) << 6);
            set(d, RISCV_OP_LW, rd, 2, 0, imm);
        }
        return;
    case 023: /* C.LDSP (RV64); C.FLWSP on RV32 */
        if (rv64) {
            if (rd) {
                imm = (bits(x, 12, 1) << 5) | (bits(x, 5, 2) << 3) |
                      (bits(x, 2, 3) << 6);
                set(d, RISCV_OP_LD, rd, 2, 0, imm);
            }
        } else if (has_f) {
            imm = (bits(x, 12, 1) << 5) | (bits(x, 4, 3) << 2) |
                  (bits(x, 2, 2) << 6);
            set_fp(d, RISCV_OP_FLW, rd, 2, 0, imm, 0);
        }
        return;
    case 021: /* C.FLDSP */
        if (has_d) {
            imm = (bits(x, 12, 1) << 5) | (bits(x, 5, 2) << 3) |
                  (bits(x, 2, 3) << 6);
            set_fp(d, RISCV_OP_FLD, rd, 2, 0, imm, 0);
        }
        return;
    case 025: /* C.FSDSP */
        if (has_d) {
            imm = (bits(x, 10, 3) << 3) | (bits(x, 7, 3) << 6);
            set_fp(d, RISCV_OP_FSD, 0, 2, rs2, imm, 0);
        }
        return;
    case 024:
        if (!bits(x, 12, 1)) {
            if (rs2 == 0) { /* C.JR */
                if (rd) {
                    set(d, RISCV_OP_JALR, 0, rd, 0, 0);
                }
            } else { /* C.MV */
                set(d, RISCV_OP_ADD, rd, 0, rs2, 0);
            }
        } else if (rs2 == 0) {
            if (rd == 0) { /* C.EBREAK */
                set(d, RISCV_OP_EBREAK, 0, 0, 0, 0);
            } else { /* C.JALR */
                set(d, RISCV_OP_JALR, 1, rd, 0, 0);
            }
        } else { /* C.ADD */
            set(d, RISCV_OP_ADD, rd, rd, rs2, 0);
        }
        return;
    case 026: /* C.SWSP */
        imm = (bits(x, 9, 4) << 2) | (bits(x, 7, 2) << 6);
        set(d, RISCV_OP_SW, 0, 2, rs2, imm);
        return;
    case 027: /* C.SDSP (RV64); C.FSWSP on RV32 */
        if (rv64) {
            imm = (bits(x, 10, 3) << 3) | (bits(x, 7, 3) << 6);
            set(d, RISCV_OP_SD, 0, 2, rs2, imm);
        } else if (has_f) {
            imm = (bits(x, 9, 4) << 2) | (bits(x, 7, 2) << 6);
            set_fp(d, RISCV_OP_FSW, 0, 2, rs2, imm, 0);
        }
        return;
    default:
        return;
    }
}

void riscv_decode(const CPURISCVState *env, uint32_t insn_bits,
                  RISCVInsn *insn)
{
    memset(insn, 0, sizeof(*insn));
    insn->op = RISCV_OP_ILLEGAL;
    if ((insn_bits & 3) != 3) {
        insn->len = 2;
        insn->raw = insn_bits & 0xffff;
        if (riscv_has_ext(env, RVC) && insn->raw != 0) {
            decode16(env, insn->raw, insn);
        }
    } else {
        insn->len = 4;
        insn->raw = insn_bits;
        /* 48-bit and longer encodings (bits 4:2 == 111) are not defined */
        if ((insn_bits & 0x1c) != 0x1c) {
            decode32(env, insn_bits, insn);
        }
    }
    if (insn->op == RISCV_OP_ILLEGAL) {
        insn->rd = RISCV_REG_SINK;
        insn->rs1 = insn->rs2 = 0;
        insn->imm = 0;
    }
}
