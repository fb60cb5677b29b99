/*
 * RISC-V instruction semantics: execute one pre-decoded instruction.
 * The body is instantiated for RV32 and RV64 so XLEN tests fold away.
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "target/riscv/internals.h"

#define X(r) (env->gpr[(r)])

static RISCVExecStatus trap(CPURISCVState *env, RISCVException cause,
                             uint64_t tval)
{
    riscv_raise_exception(env, cause, tval);
    return RISCV_EXEC_TRAP;
}

static RISCVExecStatus do_csr(CPURISCVState *env, const RISCVInsn *in)
{
    uint64_t src, mask, old = 0;
    RISCVException ex;
    bool imm = in->op >= RISCV_OP_CSRRWI;

    src = imm ? in->rs1 : X(in->rs1);
    switch (in->op) {
    case RISCV_OP_CSRRW: case RISCV_OP_CSRRWI:
        mask = ~0ULL;
        break;
    case RISCV_OP_CSRRS: case RISCV_OP_CSRRSI:
        /* rs1 = x0 (or uimm 0): a pure read, allowed on read-only CSRs */
        mask = in->rs1 ? src : 0;
        break;
    default:
        mask = in->rs1 ? src : 0;
        src = 0;
        break;
    }
    /* csrrs/csrrc with rs1 != x0 write even a zero mask */
    if ((in->rs1 || in->op == RISCV_OP_CSRRW || in->op == RISCV_OP_CSRRWI) &&
        ((in->imm >> 10) & 3) == 3) {
        return trap(env, RISCV_EXCP_ILLEGAL_INST, in->raw);
    }
    ex = riscv_csrrw(env, in->imm, &old, src, mask);
    if (ex != RISCV_EXCP_NONE) {
        return trap(env, ex, in->raw);
    }
    X(in->rd) = env->xl32 ? sext32(old) : old;
    X(RISCV_REG_SINK) = 0;
    env->pc = (env->pc + in->len) & env->xlen_mask;
    return RISCV_EXEC_SYNC;
}

static inline int amo_size(RISCVOp op)
{
    return op >= RISCV_OP_LR_D ? 8 : 4;
}

static uint64_t amo_compute(RISCVOp op, uint64_t old, uint64_t src,
                            int size)
{
    int64_t so = size == 4 ? (int32_t)old : (int64_t)old;
    int64_t ss = size == 4 ? (int32_t)src : (int64_t)src;
    uint64_t uo = size == 4 ? (uint32_t)old : old;
    uint64_t us = size == 4 ? (uint32_t)src : src;

    switch (op) {
    case RISCV_OP_AMOSWAP_W: case RISCV_OP_AMOSWAP_D: return src;
    case RISCV_OP_AMOADD_W: case RISCV_OP_AMOADD_D: return old + src;
    case RISCV_OP_AMOXOR_W: case RISCV_OP_AMOXOR_D: return old ^ src;
    case RISCV_OP_AMOAND_W: case RISCV_OP_AMOAND_D: return old & src;
    case RISCV_OP_AMOOR_W: case RISCV_OP_AMOOR_D: return old | src;
    case RISCV_OP_AMOMIN_W: case RISCV_OP_AMOMIN_D:
        return so < ss ? old : src;
    case RISCV_OP_AMOMAX_W: case RISCV_OP_AMOMAX_D:
        return so > ss ? old : src;
    case RISCV_OP_AMOMINU_W: case RISCV_OP_AMOMINU_D:
        return uo < us ? old : src;
    default:
        return uo > us ? old : src;
    }
}

/* LR, SC and AMOs: aligned, atomic on RAM through the host pointer */
static RISCVExecStatus do_atomic(CPURISCVState *env, const RISCVInsn *in,
                                 uint64_t addr)
{
    RISCVOp op = in->op;
    int size = amo_size(op);
    bool lr = op == RISCV_OP_LR_W || op == RISCV_OP_LR_D;
    bool sc = op == RISCV_OP_SC_W || op == RISCV_OP_SC_D;
    uint64_t src = X(in->rs2), old = 0, paddr;
    uint8_t *host;

    if (addr & (size - 1)) {
        return trap(env, lr ? RISCV_EXCP_LOAD_ADDR_MIS
                             : RISCV_EXCP_STORE_AMO_ADDR_MIS, addr);
    }
    if (sc && env->load_res != addr) {
        env->load_res = -1;
        X(in->rd) = 1;
        goto done;
    }
    if (!riscv_probe_access(env, addr, size,
                            lr ? MMU_DATA_LOAD : MMU_DATA_STORE,
                            &host, &paddr)) {
        return RISCV_EXEC_TRAP;
    }
    if (lr) {
        if (host) {
            old = size == 4 ? __atomic_load_n((uint32_t *)host,
                                              __ATOMIC_SEQ_CST)
                            : __atomic_load_n((uint64_t *)host,
                                              __ATOMIC_SEQ_CST);
        } else if (!riscv_phys_read(env, paddr, size, &old)) {
            return trap(env, RISCV_EXCP_LOAD_ACCESS_FAULT, addr);
        }
        env->load_res = addr;
        env->load_val = old;
    } else if (sc) {
        bool ok;
        if (host) {
            if (size == 4) {
                uint32_t exp = env->load_val;
                ok = __atomic_compare_exchange_n((uint32_t *)host, &exp,
                                                 (uint32_t)src, false,
                                                 __ATOMIC_SEQ_CST,
                                                 __ATOMIC_SEQ_CST);
            } else {
                uint64_t exp = env->load_val;
                ok = __atomic_compare_exchange_n((uint64_t *)host, &exp,
                                                 src, false,
                                                 __ATOMIC_SEQ_CST,
                                                 __ATOMIC_SEQ_CST);
            }
        } else {
            ok = riscv_phys_write(env, paddr, size, src);
            if (!ok) {
                return trap(env, RISCV_EXCP_STORE_AMO_ACCESS_FAULT, addr);
            }
        }
        env->load_res = -1;
        X(in->rd) = ok ? 0 : 1;
        goto done;
    } else if (host) {
        if (size == 4) {
            uint32_t cur = __atomic_load_n((uint32_t *)host,
                                           __ATOMIC_RELAXED);
            while (!__atomic_compare_exchange_n(
                       (uint32_t *)host, &cur,
                       (uint32_t)amo_compute(op, cur, src, 4), false,
                       __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
                /* cur reloaded: retry */
            }
            old = cur;
        } else {
            uint64_t cur = __atomic_load_n((uint64_t *)host,
                                           __ATOMIC_RELAXED);
            while (!__atomic_compare_exchange_n(
                       (uint64_t *)host, &cur,
                       amo_compute(op, cur, src, 8), false,
                       __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
                /* cur reloaded: retry */
            }
            old = cur;
        }
    } else {
        if (!riscv_phys_read(env, paddr, size, &old) ||
            !riscv_phys_write(env, paddr, size,
                              amo_compute(op, old, src, size))) {
            return trap(env, RISCV_EXCP_STORE_AMO_ACCESS_FAULT, addr);
        }
    }
    X(in->rd) = size == 4 ? sext32(old) : old;
done:
    X(RISCV_REG_SINK) = 0;
    env->pc = (env->pc + in->len) & env->xlen_mask;
    return RISCV_EXEC_NEXT;
}

static inline __attribute__((always_inline)) RISCVExecStatus
exec_one(CPURISCVState *env, const RISCVInsn *in, const bool rv32)
{
    const uint64_t pc = env->pc;
    const uint64_t a = X(in->rs1), b = X(in->rs2);
    const int64_t imm = in->imm;
    const unsigned shmask = rv32 ? 31 : 63;
    const bool rvc = riscv_has_ext(env, RVC);
    uint64_t r, target, v;

#define XMASK(x) (rv32 ? (uint64_t)(uint32_t)(x) : (uint64_t)(x))
#define ADDR(x) XMASK(x)
#define LOAD(sz, ext) do {                                  \
        if (!riscv_load(env, ADDR(a + imm), sz, &v)) {      \
            return RISCV_EXEC_TRAP;                         \
        }                                                   \
        r = ext;                                            \
    } while (0)
#define STORE(sz) do {                                      \
        if (!riscv_store(env, ADDR(a + imm), sz, b)) {      \
            return RISCV_EXEC_TRAP;                         \
        }                                                   \
        goto next;                                          \
    } while (0)
#define BRANCH(cond) do {                                   \
        if (cond) {                                         \
            target = XMASK(pc + imm);                       \
            goto jump_nolink;                               \
        }                                                   \
        env->pc = XMASK(pc + in->len);                      \
        return RISCV_EXEC_JUMP;                             \
    } while (0)

    switch ((RISCVOp)in->op) {
    case RISCV_OP_LUI: r = imm; break;
    case RISCV_OP_AUIPC: r = pc + imm; break;
    case RISCV_OP_JAL:
        target = XMASK(pc + imm);
        goto jump;
    case RISCV_OP_JALR:
        target = XMASK(a + imm) & ~1ULL;
        goto jump;
    case RISCV_OP_BEQ: BRANCH(a == b);
    case RISCV_OP_BNE: BRANCH(a != b);
    case RISCV_OP_BLT: BRANCH((int64_t)a < (int64_t)b);
    case RISCV_OP_BGE: BRANCH((int64_t)a >= (int64_t)b);
    case RISCV_OP_BLTU: BRANCH(a < b);
    case RISCV_OP_BGEU: BRANCH(a >= b);

    case RISCV_OP_LB: LOAD(1, (int64_t)(int8_t)v); break;
    case RISCV_OP_LH: LOAD(2, (int64_t)(int16_t)v); break;
    case RISCV_OP_LW: LOAD(4, (int64_t)(int32_t)v); break;
    case RISCV_OP_LD: LOAD(8, v); break;
    case RISCV_OP_LBU: LOAD(1, v); break;
    case RISCV_OP_LHU: LOAD(2, v); break;
    case RISCV_OP_LWU: LOAD(4, v); break;
    case RISCV_OP_SB: STORE(1);
    case RISCV_OP_SH: STORE(2);
    case RISCV_OP_SW: STORE(4);
    case RISCV_OP_SD: STORE(8);

    case RISCV_OP_ADDI: r = a + imm; break;
    case RISCV_OP_SLTI: r = (int64_t)a < imm; break;
    case RISCV_OP_SLTIU: r = a < (uint64_t)imm; break;
    case RISCV_OP_XORI: r = a ^ imm; break;
    case RISCV_OP_ORI: r = a | imm; break;
    case RISCV_OP_ANDI: r = a & imm; break;
    case RISCV_OP_SLLI: r = a << imm; break;
    case RISCV_OP_SRLI: r = XMASK(a) >> imm; break;
    case RISCV_OP_SRAI: r = (int64_t)a >> imm; break;
    case RISCV_OP_ADD: r = a + b; break;
    case RISCV_OP_SUB: r = a - b; break;
    case RISCV_OP_SLL: r = a << (b & shmask); break;
    case RISCV_OP_SLT: r = (int64_t)a < (int64_t)b; break;
    case RISCV_OP_SLTU: r = a < b; break;
    case RISCV_OP_XOR: r = a ^ b; break;
    case RISCV_OP_SRL: r = XMASK(a) >> (b & shmask); break;
    case RISCV_OP_SRA: r = (int64_t)a >> (b & shmask); break;
    case RISCV_OP_OR: r = a | b; break;
    case RISCV_OP_AND: r = a & b; break;

    case RISCV_OP_ADDIW: r = sext32(a + imm); break;
    case RISCV_OP_SLLIW: r = sext32((uint32_t)a << imm); break;
    case RISCV_OP_SRLIW: r = sext32((uint32_t)a >> imm); break;
    case RISCV_OP_SRAIW: r = sext32((int32_t)a >> imm); break;
    case RISCV_OP_ADDW: r = sext32(a + b); break;
    case RISCV_OP_SUBW: r = sext32(a - b); break;
    case RISCV_OP_SLLW: r = sext32((uint32_t)a << (b & 31)); break;
    case RISCV_OP_SRLW: r = sext32((uint32_t)a >> (b & 31)); break;
    case RISCV_OP_SRAW: r = sext32((int32_t)a >> (b & 31)); break;

    case RISCV_OP_MUL: r = a * b; break;
    case RISCV_OP_MULH:
        r = rv32 ? (uint64_t)(((int64_t)(int32_t)a * (int32_t)b) >> 32)
                 : (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
        break;
    case RISCV_OP_MULHSU:
        r = rv32 ? (uint64_t)(((int64_t)(int32_t)a *
                               (int64_t)(uint32_t)b) >> 32)
                 : (uint64_t)(((__int128)(int64_t)a *
                               (__int128)(uint64_t)b) >> 64);
        break;
    case RISCV_OP_MULHU:
        r = rv32 ? ((uint64_t)(uint32_t)a * (uint32_t)b) >> 32
                 : (uint64_t)(((unsigned __int128)a * b) >> 64);
        break;
    case RISCV_OP_DIV:
        if (rv32) {
            int32_t x = a, y = b;
            r = y == 0 ? -1 : (x == INT32_MIN && y == -1) ? x : x / y;
        } else {
            int64_t x = a, y = b;
            r = y == 0 ? -1 : (x == INT64_MIN && y == -1) ? x : x / y;
        }
        break;
    case RISCV_OP_DIVU:
        if (rv32) {
            uint32_t x = a, y = b;
            r = y == 0 ? ~0ULL : x / y;
        } else {
            r = b == 0 ? ~0ULL : a / b;
        }
        break;
    case RISCV_OP_REM:
        if (rv32) {
            int32_t x = a, y = b;
            r = y == 0 ? x : (x == INT32_MIN && y == -1) ? 0 : x % y;
        } else {
            int64_t x = a, y = b;
            r = y == 0 ? x : (x == INT64_MIN && y == -1) ? 0 : x % y;
        }
        break;
    case RISCV_OP_REMU:
        if (rv32) {
            uint32_t x = a, y = b;
            r = y == 0 ? x : x % y;
        } else {
            r = b == 0 ? a : a % b;
        }
        break;
    case RISCV_OP_MULW: r = sext32(a * b); break;
    case RISCV_OP_DIVW: {
        int32_t x = a, y = b;
        r = y == 0 ? -1 : (x == INT32_MIN && y == -1) ? x : x / y;
        break;
    }
    case RISCV_OP_DIVUW: {
        uint32_t x = a, y = b;
        r = sext32(y == 0 ? ~0U : x / y);
        break;
    }
    case RISCV_OP_REMW: {
        int32_t x = a, y = b;
        r = y == 0 ? x : (x == INT32_MIN && y == -1) ? 0 : x % y;
        break;
    }
    case RISCV_OP_REMUW: {
        uint32_t x = a, y = b;
        r = sext32(y == 0 ? x : x % y);
        break;
    }

    case RISCV_OP_LR_W ... RISCV_OP_AMOMAXU_D:
        return do_atomic(env, in, ADDR(a));

    case RISCV_OP_FENCE:
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        goto next;
    case RISCV_OP_FENCE_I:
        env->pc = XMASK(pc + in->len);
        return RISCV_EXEC_FENCE_I;
    case RISCV_OP_ECALL:
        return trap(env, RISCV_EXCP_U_ECALL + env->priv, 0);
    case RISCV_OP_EBREAK:
        return trap(env, RISCV_EXCP_BREAKPOINT, pc);
    case RISCV_OP_CSRRW ... RISCV_OP_CSRRCI:
        return do_csr(env, in);
    case RISCV_OP_MRET:
        return riscv_do_mret(env, in);
    case RISCV_OP_SRET:
        return riscv_do_sret(env, in);
    case RISCV_OP_WFI:
        return riscv_do_wfi(env, in);
    case RISCV_OP_SFENCE_VMA:
        return riscv_do_sfence_vma(env, in);
    case RISCV_OP_FLW ... RISCV_OP_FMV_D_X:
        return riscv_fp_execute(env, in);
    case RISCV_OP_ILLEGAL:
    default:
        return trap(env, RISCV_EXCP_ILLEGAL_INST, in->raw);
    }

    X(in->rd) = rv32 ? sext32(r) : r;
    X(RISCV_REG_SINK) = 0;
next:
    env->pc = XMASK(pc + in->len);
    return RISCV_EXEC_NEXT;

jump:
    if (!rvc && (target & 2)) {
        return trap(env, RISCV_EXCP_INST_ADDR_MIS, target);
    }
    r = XMASK(pc + in->len);
    X(in->rd) = rv32 ? sext32(r) : r;
    X(RISCV_REG_SINK) = 0;
    env->pc = target;
    return RISCV_EXEC_JUMP;

jump_nolink:
    if (!rvc && (target & 2)) {
        return trap(env, RISCV_EXCP_INST_ADDR_MIS, target);
    }
    env->pc = target;
    return RISCV_EXEC_JUMP;
#undef XMASK
#undef ADDR
#undef LOAD
#undef STORE
#undef BRANCH
}

static RISCVExecStatus exec_rv64(CPURISCVState *env, const RISCVInsn *in)
{
    return exec_one(env, in, false);
}

static RISCVExecStatus exec_rv32(CPURISCVState *env, const RISCVInsn *in)
{
    return exec_one(env, in, true);
}

RISCVExecStatus riscv_execute(CPURISCVState *env, const RISCVInsn *insn)
{
    return env->xl32 ? exec_rv32(env, insn) : exec_rv64(env, insn);
}

RISCVExecStatus riscv_cpu_step(CPURISCVState *env)
{
    uint32_t bits;
    RISCVInsn insn;
    RISCVExecStatus st;

    if (riscv_cpu_exec_interrupt(env)) {
        return RISCV_EXEC_TRAP;
    }
    if (!riscv_cpu_fetch(env, &bits)) {
        return RISCV_EXEC_TRAP;
    }
    riscv_decode(env, bits, &insn);
    st = riscv_execute(env, &insn);
    if (st != RISCV_EXEC_TRAP) {
        env->insn_count++;
    }
    return st;
}

#define EXEC_BLOCK_NAME riscv_execute_block_rv64
#define EXEC_BLOCK_RV32 false
#include "exec-block.c.inc"
#define EXEC_BLOCK_NAME riscv_execute_block_rv32
#define EXEC_BLOCK_RV32 true
#include "exec-block.c.inc"

void riscv_block_prepare(const CPURISCVState *env, RISCVBlock *b)
{
    RISCVInsn *end = &b->insns[b->n];
    unsigned off = 0;

    for (unsigned i = 0; i < b->n; i++) {
        b->insns[i].pc_off = off;
        off += b->insns[i].len;
    }
    memset(end, 0, sizeof(*end));
    end->op = RISCV_OP_ILLEGAL;
    end->rd = RISCV_REG_SINK;
    end->pc_off = off;
    if (env->xl32) {
        riscv_execute_block_rv32(NULL, b, NULL);
    } else {
        riscv_execute_block_rv64(NULL, b, NULL);
    }
}
