/*
 * RISC-V disassembler built on our decoder (Debian's capstone 4.0.2 has
 * no RISC-V support).  Compressed instructions print as the 32-bit
 * instruction they expand to.
 */
#include "qemu/osdep.h"
#include "target/riscv/cpu.h"

static const char *const abi_names[33] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    "zero",
};

static const struct {
    int num;
    const char *name;
} csr_names[] = {
    { CSR_FFLAGS, "fflags" }, { CSR_FRM, "frm" }, { CSR_FCSR, "fcsr" },
    { CSR_CYCLE, "cycle" }, { CSR_TIME, "time" }, { CSR_INSTRET, "instret" },
    { CSR_CYCLEH, "cycleh" }, { CSR_TIMEH, "timeh" },
    { CSR_INSTRETH, "instreth" },
    { CSR_SSTATUS, "sstatus" }, { CSR_SIE, "sie" }, { CSR_STVEC, "stvec" },
    { CSR_SCOUNTEREN, "scounteren" }, { CSR_SENVCFG, "senvcfg" },
    { CSR_SSCRATCH, "sscratch" }, { CSR_SEPC, "sepc" },
    { CSR_SCAUSE, "scause" }, { CSR_STVAL, "stval" }, { CSR_SIP, "sip" },
    { CSR_STIMECMP, "stimecmp" }, { CSR_STIMECMPH, "stimecmph" },
    { CSR_SATP, "satp" },
    { CSR_MVENDORID, "mvendorid" }, { CSR_MARCHID, "marchid" },
    { CSR_MIMPID, "mimpid" }, { CSR_MHARTID, "mhartid" },
    { CSR_MCONFIGPTR, "mconfigptr" },
    { CSR_MSTATUS, "mstatus" }, { CSR_MISA, "misa" },
    { CSR_MEDELEG, "medeleg" }, { CSR_MIDELEG, "mideleg" },
    { CSR_MIE, "mie" }, { CSR_MTVEC, "mtvec" },
    { CSR_MCOUNTEREN, "mcounteren" }, { CSR_MENVCFG, "menvcfg" },
    { CSR_MSTATUSH, "mstatush" }, { CSR_MENVCFGH, "menvcfgh" },
    { CSR_MCOUNTINHIBIT, "mcountinhibit" },
    { CSR_MSCRATCH, "mscratch" }, { CSR_MEPC, "mepc" },
    { CSR_MCAUSE, "mcause" }, { CSR_MTVAL, "mtval" }, { CSR_MIP, "mip" },
    { CSR_MCYCLE, "mcycle" }, { CSR_MINSTRET, "minstret" },
    { CSR_MCYCLEH, "mcycleh" }, { CSR_MINSTRETH, "minstreth" },
};

static const char *const fp_abi_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* F and D: which operands are FP registers decides the format. */
static void disas_fp(const RISCVInsn *d, const char *op, char *buf,
                     size_t len)
{
    const char *frd = fp_abi_names[d->rd & 31];
    const char *frs1 = fp_abi_names[d->rs1 & 31];
    const char *frs2 = fp_abi_names[d->rs2 & 31];

    switch ((RISCVOp)d->op) {
    case RISCV_OP_FLW: case RISCV_OP_FLD:
        snprintf(buf, len, "%s %s,%d(%s)", op, frd, d->imm,
                 abi_names[d->rs1]);
        break;
    case RISCV_OP_FSW: case RISCV_OP_FSD:
        snprintf(buf, len, "%s %s,%d(%s)", op, frs2, d->imm,
                 abi_names[d->rs1]);
        break;
    case RISCV_OP_FMADD_S ... RISCV_OP_FNMADD_D:
        snprintf(buf, len, "%s %s,%s,%s,%s", op, frd, frs1, frs2,
                 fp_abi_names[d->imm & 31]);
        break;
    case RISCV_OP_FSQRT_S: case RISCV_OP_FSQRT_D:
    case RISCV_OP_FCVT_S_D: case RISCV_OP_FCVT_D_S:
        snprintf(buf, len, "%s %s,%s", op, frd, frs1);
        break;
    case RISCV_OP_FCVT_W_S ... RISCV_OP_FMV_X_W:
    case RISCV_OP_FCLASS_S:
    case RISCV_OP_FCVT_W_D ... RISCV_OP_FMV_X_D:
    case RISCV_OP_FCLASS_D:
        snprintf(buf, len, "%s %s,%s", op, abi_names[d->rd], frs1);
        break;
    case RISCV_OP_FEQ_S ... RISCV_OP_FLE_S:
    case RISCV_OP_FEQ_D ... RISCV_OP_FLE_D:
        snprintf(buf, len, "%s %s,%s,%s", op, abi_names[d->rd], frs1, frs2);
        break;
    case RISCV_OP_FCVT_S_W ... RISCV_OP_FMV_W_X:
    case RISCV_OP_FCVT_D_W ... RISCV_OP_FMV_D_X:
        snprintf(buf, len, "%s %s,%s", op, frd, abi_names[d->rs1]);
        break;
    default:
        snprintf(buf, len, "%s %s,%s,%s", op, frd, frs1, frs2);
        break;
    }
}

static void csr_name(int csr, char *buf, size_t len)
{
    for (size_t i = 0; i < ARRAY_SIZE(csr_names); i++) {
        if (csr_names[i].num == csr) {
            snprintf(buf, len, "%s", csr_names[i].name);
            return;
        }
    }
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15) {
        snprintf(buf, len, "pmpcfg%d", csr - CSR_PMPCFG0);
    } else if (csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR63) {
        snprintf(buf, len, "pmpaddr%d", csr - CSR_PMPADDR0);
    } else {
        snprintf(buf, len, "0x%03x", csr);
    }
}

int riscv_disas(uint32_t insn_bits, int xlen, char *buf, size_t len)
{
    CPURISCVState env = {
        .misa_mxl = xlen == 32 ? MXL_RV32 : MXL_RV64,
        .misa_ext = RVI | RVM | RVA | RVF | RVD | RVC | RVS | RVU,
        .xl32 = xlen == 32,
    };
    RISCVInsn d;
    const char *op, *rd, *rs1, *rs2;
    char csr[16], mnem[24];

    riscv_decode(&env, insn_bits, &d);
    op = riscv_op_name(d.op);
    rd = abi_names[d.rd];
    rs1 = abi_names[d.rs1];
    rs2 = abi_names[d.rs2];

    if (d.op >= RISCV_OP_FLW && d.op <= RISCV_OP_FMV_D_X) {
        disas_fp(&d, op, buf, len);
        return d.len;
    }
    switch ((RISCVOp)d.op) {
    case RISCV_OP_ILLEGAL:
        if (d.len == 2) {
            snprintf(buf, len, ".insn 0x%04x", d.raw);
        } else {
            snprintf(buf, len, ".insn 0x%08x", d.raw);
        }
        break;
    case RISCV_OP_LUI: case RISCV_OP_AUIPC:
        snprintf(buf, len, "%s %s,0x%x", op, rd,
                 ((uint32_t)d.imm >> 12) & 0xfffff);
        break;
    case RISCV_OP_JAL:
        snprintf(buf, len, "%s %s,%d", op, rd, d.imm);
        break;
    case RISCV_OP_JALR:
    case RISCV_OP_LB ... RISCV_OP_LWU:
        snprintf(buf, len, "%s %s,%d(%s)", op, rd, d.imm, rs1);
        break;
    case RISCV_OP_BEQ ... RISCV_OP_BGEU:
        snprintf(buf, len, "%s %s,%s,%d", op, rs1, rs2, d.imm);
        break;
    case RISCV_OP_SB ... RISCV_OP_SD:
        snprintf(buf, len, "%s %s,%d(%s)", op, rs2, d.imm, rs1);
        break;
    case RISCV_OP_ADDI ... RISCV_OP_SRAI:
    case RISCV_OP_ADDIW ... RISCV_OP_SRAIW:
        snprintf(buf, len, "%s %s,%s,%d", op, rd, rs1, d.imm);
        break;
    case RISCV_OP_LR_W ... RISCV_OP_AMOMAXU_D:
        snprintf(mnem, sizeof(mnem), "%s%s%s", op,
                 (d.flags & RISCV_INSN_AQ) ? ".aq" : "",
                 (d.flags & RISCV_INSN_RL) ? ".rl" : "");
        if (d.op == RISCV_OP_LR_W || d.op == RISCV_OP_LR_D) {
            snprintf(buf, len, "%s %s,(%s)", mnem, rd, rs1);
        } else {
            snprintf(buf, len, "%s %s,%s,(%s)", mnem, rd, rs2, rs1);
        }
        break;
    case RISCV_OP_CSRRW: case RISCV_OP_CSRRS: case RISCV_OP_CSRRC:
        csr_name(d.imm, csr, sizeof(csr));
        snprintf(buf, len, "%s %s,%s,%s", op, rd, csr, rs1);
        break;
    case RISCV_OP_CSRRWI: case RISCV_OP_CSRRSI: case RISCV_OP_CSRRCI:
        csr_name(d.imm, csr, sizeof(csr));
        snprintf(buf, len, "%s %s,%s,%d", op, rd, csr, d.rs1);
        break;
    case RISCV_OP_SFENCE_VMA:
        snprintf(buf, len, "%s %s,%s", op, rs1, rs2);
        break;
    case RISCV_OP_FENCE: case RISCV_OP_FENCE_I: case RISCV_OP_ECALL:
    case RISCV_OP_EBREAK: case RISCV_OP_MRET: case RISCV_OP_SRET:
    case RISCV_OP_WFI:
        snprintf(buf, len, "%s", op);
        break;
    default:
        snprintf(buf, len, "%s %s,%s,%s", op, rd, rs1, rs2);
        break;
    }
    return d.len;
}
