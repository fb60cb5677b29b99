/*
 * Pre-decoded RISC-V instruction: what riscv_decode() produces and
 * riscv_execute() consumes.  Compressed instructions decode to the same
 * operation as their 32-bit expansion, with len = 2.
 */
#ifndef RISCV_INSN_H
#define RISCV_INSN_H

#define RISCV_OPS(X) \
    X(ILLEGAL) \
    X(LUI) X(AUIPC) X(JAL) X(JALR) \
    X(BEQ) X(BNE) X(BLT) X(BGE) X(BLTU) X(BGEU) \
    X(LB) X(LH) X(LW) X(LD) X(LBU) X(LHU) X(LWU) \
    X(SB) X(SH) X(SW) X(SD) \
    X(ADDI) X(SLTI) X(SLTIU) X(XORI) X(ORI) X(ANDI) \
    X(SLLI) X(SRLI) X(SRAI) \
    X(ADD) X(SUB) X(SLL) X(SLT) X(SLTU) X(XOR) X(SRL) X(SRA) X(OR) X(AND) \
    X(ADDIW) X(SLLIW) X(SRLIW) X(SRAIW) \
    X(ADDW) X(SUBW) X(SLLW) X(SRLW) X(SRAW) \
    X(FENCE) X(FENCE_I) X(ECALL) X(EBREAK) \
    X(MUL) X(MULH) X(MULHSU) X(MULHU) X(DIV) X(DIVU) X(REM) X(REMU) \
    X(MULW) X(DIVW) X(DIVUW) X(REMW) X(REMUW) \
    X(LR_W) X(SC_W) X(AMOSWAP_W) X(AMOADD_W) X(AMOXOR_W) X(AMOAND_W) \
    X(AMOOR_W) X(AMOMIN_W) X(AMOMAX_W) X(AMOMINU_W) X(AMOMAXU_W) \
    X(LR_D) X(SC_D) X(AMOSWAP_D) X(AMOADD_D) X(AMOXOR_D) X(AMOAND_D) \
    X(AMOOR_D) X(AMOMIN_D) X(AMOMAX_D) X(AMOMINU_D) X(AMOMAXU_D) \
    X(CSRRW) X(CSRRS) X(CSRRC) X(CSRRWI) X(CSRRSI) X(CSRRCI) \
    X(MRET) X(SRET) X(WFI) X(SFENCE_VMA) \
    RISCV_FP_OPS(X)

/* F and D: kept last and contiguous (FLW first, FMV_D_X last) */
#define RISCV_FP_OPS(X) \
    X(FLW) X(FLD) X(FSW) X(FSD) \
    X(FMADD_S) X(FMSUB_S) X(FNMSUB_S) X(FNMADD_S) \
    X(FMADD_D) X(FMSUB_D) X(FNMSUB_D) X(FNMADD_D) \
    X(FADD_S) X(FSUB_S) X(FMUL_S) X(FDIV_S) X(FSQRT_S) \
    X(FSGNJ_S) X(FSGNJN_S) X(FSGNJX_S) X(FMIN_S) X(FMAX_S) \
    X(FCVT_W_S) X(FCVT_WU_S) X(FCVT_L_S) X(FCVT_LU_S) \
    X(FMV_X_W) X(FEQ_S) X(FLT_S) X(FLE_S) X(FCLASS_S) \
    X(FCVT_S_W) X(FCVT_S_WU) X(FCVT_S_L) X(FCVT_S_LU) X(FMV_W_X) \
    X(FADD_D) X(FSUB_D) X(FMUL_D) X(FDIV_D) X(FSQRT_D) \
    X(FSGNJ_D) X(FSGNJN_D) X(FSGNJX_D) X(FMIN_D) X(FMAX_D) \
    X(FCVT_S_D) X(FCVT_D_S) \
    X(FCVT_W_D) X(FCVT_WU_D) X(FCVT_L_D) X(FCVT_LU_D) \
    X(FMV_X_D) X(FEQ_D) X(FLT_D) X(FLE_D) X(FCLASS_D) \
    X(FCVT_D_W) X(FCVT_D_WU) X(FCVT_D_L) X(FCVT_D_LU) X(FMV_D_X)

#define RISCV_OP_ENUM(name) RISCV_OP_##name,
typedef enum RISCVOp {
    RISCV_OPS(RISCV_OP_ENUM)
    RISCV_OP_COUNT
} RISCVOp;
#undef RISCV_OP_ENUM

/* The sink register index the decoder uses for rd = x0 */
#define RISCV_REG_SINK 32

typedef struct RISCVInsn {
    uint16_t op;        /* RISCVOp */
    uint8_t rd;         /* 0..31, or RISCV_REG_SINK for x0 */
    uint8_t rs1;
    uint8_t rs2;
    uint8_t len;        /* 2 or 4 */
    uint8_t flags;      /* RISCV_INSN_AQ / RISCV_INSN_RL */
    uint8_t rm;         /* FP rounding mode field (0..7), 0 if none */
    int32_t imm;        /* immediate, shift amount, CSR number, or rs3 */
    uint32_t raw;       /* instruction bits as fetched (for mtval) */
    /* Set by riscv_block_prepare() for the block executor only */
    uint16_t pc_off;    /* byte offset from the start of the block */
    const void *handler;    /* where the executor dispatches it */
} RISCVInsn;

typedef struct RISCVBlock RISCVBlock;

/*
 * A chained successor of a block: valid while the link epoch of the
 * vCPU (accel/tcg) is @epoch, and followed when the block ends at @pc.
 * Epochs start at 1: an empty link (epoch 0) never matches.
 */
typedef struct RISCVBlockLink {
    uint64_t pc;
    uint64_t epoch;
    RISCVBlock *next;
} RISCVBlockLink;

/* A straight-line run of decoded instructions, as the executor runs it */
struct RISCVBlock {
    RISCVBlockLink exits[2];    /* newest link in slot 0 */
    uint32_t n;                 /* instructions, the sentinel excluded */
    RISCVInsn insns[];          /* n of them, then a sentinel */
};

/*
 * How the block executor may go on from one block to the next without
 * returning, and what it reports back.
 */
typedef struct RISCVChainCtx {
    const int *exit_request;    /* stop when either is non-zero */
    const unsigned *work;
    uint64_t insn_limit;        /* stop when insn_count reaches it */
    uint64_t epoch;             /* follow links made in this epoch only */
    uint64_t chained;           /* out: links followed */
    RISCVBlock *last;           /* out: the block run last */
} RISCVChainCtx;

#define RISCV_INSN_AQ 0x1
#define RISCV_INSN_RL 0x2

/* Name of @op in lower case assembly form ("addi", "lr.w"). */
const char *riscv_op_name(RISCVOp op);

/* True if @op may change pc other than to the next instruction. */
bool riscv_op_ends_block(RISCVOp op);

#endif
