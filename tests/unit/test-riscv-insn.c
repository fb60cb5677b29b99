/*
 * RISC-V instruction semantics on RV64 and RV32: integer arithmetic,
 * M, loads/stores, branches, A, compressed expansion (FP loads/stores
 * included), Zicsr; FP instructions trapping when FS is Off or without
 * F/D (the FP semantics are in test-riscv-fpu.c).
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "riscv-harness.h"

#define X(h, r) ((h)->env->gpr[(r)])

/* Execute R-type op (f3, f7, opcode) on a, b; return rd */
static uint64_t rop(Harness *h, uint32_t opc, int f3, int f7, uint64_t a,
                    uint64_t b)
{
    X(h, 5) = a;
    X(h, 6) = b;
    g_assert_cmpint(run_insn(h, enc_r(opc, 7, f3, 5, 6, f7)), ==,
                    RISCV_EXEC_NEXT);
    return X(h, 7);
}

static uint64_t iop(Harness *h, uint32_t opc, int f3, uint64_t a,
                    int32_t imm)
{
    X(h, 5) = a;
    g_assert_cmpint(run_insn(h, enc_i(opc, 7, f3, 5, imm)), ==,
                    RISCV_EXEC_NEXT);
    return X(h, 7);
}

static void test_arith_rv64(void)
{
    Harness *h = harness_new("rv64");

    g_assert_cmphex(rop(h, 0x33, 0, 0, INT64_MAX, 1), ==, (uint64_t)INT64_MIN);
    g_assert_cmphex(rop(h, 0x33, 0, 0x20, 0, 1), ==, ~0ULL);       /* sub */
    g_assert_cmphex(rop(h, 0x33, 1, 0, 1, 65), ==, 2);     /* sll masks 6 */
    g_assert_cmphex(rop(h, 0x33, 5, 0, 1ULL << 63, 63), ==, 1);    /* srl */
    g_assert_cmphex(rop(h, 0x33, 5, 0x20, 1ULL << 63, 63), ==, ~0ULL);
    g_assert_cmphex(rop(h, 0x33, 2, 0, -1, 0), ==, 1);     /* slt */
    g_assert_cmphex(rop(h, 0x33, 3, 0, -1, 0), ==, 0);     /* sltu */
    g_assert_cmphex(iop(h, 0x13, 3, 5, -1), ==, 1);        /* sltiu vs ~0 */
    g_assert_cmphex(iop(h, 0x13, 4, 0xff, -1), ==, ~0xffULL);  /* xori */
    g_assert_cmphex(iop(h, 0x13, 5, 1ULL << 63, 0x400 | 63), ==, ~0ULL);
    /* W ops sign-extend their 32-bit result */
    g_assert_cmphex(iop(h, 0x1b, 0, 0x7fffffff, 1), ==, 0xffffffff80000000);
    g_assert_cmphex(rop(h, 0x3b, 0, 0, 0xffffffff, 1), ==, 0);     /* addw */
    g_assert_cmphex(rop(h, 0x3b, 1, 0, 1, 31), ==, 0xffffffff80000000);
    g_assert_cmphex(rop(h, 0x3b, 5, 0, 0x80000000, 33), ==, 0x40000000);
    g_assert_cmphex(rop(h, 0x3b, 5, 0x20, 0x80000000, 4), ==,
                    0xfffffffff8000000);
    g_assert_cmphex(iop(h, 0x1b, 5, 0x80000000, 0), ==, 0xffffffff80000000);
    /* lui sign-extends, auipc adds pc */
    g_assert_cmpint(run_insn(h, 0x800002b7), ==, RISCV_EXEC_NEXT);
    g_assert_cmphex(X(h, 5), ==, 0xffffffff80000000);
    {
        uint64_t pc = h->env->pc;
        run_insn(h, 0x00001297);        /* auipc t0, 1 */
        g_assert_cmphex(X(h, 5), ==, pc + 0x1000);
    }
    /* x0 stays zero */
    run_insn(h, I_ADDI(0, 0, 5));
    g_assert_cmphex(X(h, 0), ==, 0);
    /* RV32-only encodings: slli with shamt >= 32 is fine on RV64 */
    g_assert_cmphex(iop(h, 0x13, 1, 1, 40), ==, 1ULL << 40);
    harness_free(h);
}

static void test_muldiv_rv64(void)
{
    Harness *h = harness_new("rv64");

    g_assert_cmphex(rop(h, 0x33, 4, 1, 7, 0), ==, ~0ULL);          /* div/0 */
    g_assert_cmphex(rop(h, 0x33, 5, 1, 7, 0), ==, ~0ULL);          /* divu/0 */
    g_assert_cmphex(rop(h, 0x33, 6, 1, 7, 0), ==, 7);              /* rem/0 */
    g_assert_cmphex(rop(h, 0x33, 7, 1, 7, 0), ==, 7);              /* remu/0 */
    g_assert_cmphex(rop(h, 0x33, 4, 1, INT64_MIN, -1), ==, (uint64_t)INT64_MIN);
    g_assert_cmphex(rop(h, 0x33, 6, 1, INT64_MIN, -1), ==, 0);
    g_assert_cmphex(rop(h, 0x33, 4, 1, -7, 2), ==, (uint64_t)-3);
    g_assert_cmphex(rop(h, 0x33, 6, 1, -7, 2), ==, (uint64_t)-1);
    g_assert_cmphex(rop(h, 0x33, 1, 1, -1, -1), ==, 0);            /* mulh */
    g_assert_cmphex(rop(h, 0x33, 3, 1, -1, -1), ==, ~0ULL - 1);    /* mulhu */
    g_assert_cmphex(rop(h, 0x33, 2, 1, -1, -1), ==, ~0ULL);        /* mulhsu */
    g_assert_cmphex(rop(h, 0x33, 0, 1, 1ULL << 32, 1ULL << 32), ==, 0);
    /* W forms */
    g_assert_cmphex(rop(h, 0x3b, 0, 1, 0x10000, 0x10000), ==, 0);  /* mulw */
    g_assert_cmphex(rop(h, 0x3b, 4, 1, 0x80000000, -1), ==,
                    0xffffffff80000000);                           /* divw */
    g_assert_cmphex(rop(h, 0x3b, 5, 1, 5, 0), ==, ~0ULL);          /* divuw */
    g_assert_cmphex(rop(h, 0x3b, 6, 1, 0x80000000, -1), ==, 0);    /* remw */
    g_assert_cmphex(rop(h, 0x3b, 7, 1, 0x80000005, 0), ==,
                    0xffffffff80000005);                           /* remuw */
    harness_free(h);
}

static void test_arith_rv32(void)
{
    Harness *h = harness_new("rv32");

    g_assert_cmphex(rop(h, 0x33, 0, 0, 0x7fffffff, 1), ==, 0xffffffff80000000);
    g_assert_cmphex(rop(h, 0x33, 5, 0, (uint64_t)-8, 1), ==, 0x7ffffffc);
    g_assert_cmphex(rop(h, 0x33, 5, 0x20, (uint64_t)-8, 1), ==, (uint64_t)-4);
    g_assert_cmphex(rop(h, 0x33, 1, 0, 1, 33), ==, 2);     /* shamt & 31 */
    g_assert_cmphex(rop(h, 0x33, 3, 0, 1, (uint64_t)-1), ==, 1);   /* sltu */
    g_assert_cmphex(rop(h, 0x33, 1, 1, (uint64_t)-1, (uint64_t)-1), ==, 0);
    g_assert_cmphex(rop(h, 0x33, 3, 1, (uint64_t)-1, (uint64_t)-1), ==,
                    (uint64_t)-2);                          /* mulhu */
    g_assert_cmphex(rop(h, 0x33, 4, 1, 0xffffffff80000000, -1), ==,
                    0xffffffff80000000);                    /* div ovf */
    g_assert_cmphex(rop(h, 0x33, 5, 1, (uint64_t)-1, 2), ==, 0x7fffffff);
    /* RV64-only encodings are illegal */
    X(h, 5) = 1;
    g_assert_cmpint(run_insn(h, enc_i(0x1b, 7, 0, 5, 1)), ==,
                    RISCV_EXEC_TRAP);                       /* addiw */
    g_assert_cmphex(h->env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
    g_assert_cmphex(h->env->mtval, ==, enc_i(0x1b, 7, 0, 5, 1));
    h->env->pc = RAM_BASE;
    g_assert_cmpint(run_insn(h, enc_i(0x13, 7, 1, 5, 32)), ==,
                    RISCV_EXEC_TRAP);                       /* slli 32 */
    h->env->pc = RAM_BASE;
    g_assert_cmpint(run_insn(h, I_LD(7, 5, 0)), ==, RISCV_EXEC_TRAP);
    harness_free(h);
}

static void test_load_store(void)
{
    Harness *h = harness_new("rv64");
    uint64_t buf = RAM_BASE + 0x1000;

    X(h, 10) = buf;
    X(h, 11) = 0x8081828384858687ULL;
    run_insn(h, I_SD(11, 10, 0));
    g_assert_cmphex(get64(h, buf), ==, 0x8081828384858687ULL);
    run_insn(h, enc_i(0x03, 12, 0, 10, 0));             /* lb */
    g_assert_cmphex(X(h, 12), ==, 0xffffffffffffff87ULL);
    run_insn(h, enc_i(0x03, 12, 4, 10, 0));             /* lbu */
    g_assert_cmphex(X(h, 12), ==, 0x87);
    run_insn(h, enc_i(0x03, 12, 1, 10, 2));             /* lh */
    g_assert_cmphex(X(h, 12), ==, 0xffffffffffff8485ULL);
    run_insn(h, enc_i(0x03, 12, 5, 10, 2));             /* lhu */
    g_assert_cmphex(X(h, 12), ==, 0x8485);
    run_insn(h, I_LW(12, 10, 4));
    g_assert_cmphex(X(h, 12), ==, 0xffffffff80818283ULL);
    run_insn(h, enc_i(0x03, 12, 6, 10, 4));             /* lwu */
    g_assert_cmphex(X(h, 12), ==, 0x80818283ULL);
    /* Misaligned accesses are performed (QEMU's policy), also across pages */
    run_insn(h, I_LW(12, 10, 1));
    g_assert_cmphex(X(h, 12), ==, 0xffffffff83848586ULL);
    X(h, 13) = RAM_BASE + 0x1ffd;
    X(h, 11) = 0x1122334455667788ULL;
    run_insn(h, I_SD(11, 13, 0));
    run_insn(h, I_LD(12, 13, 0));
    g_assert_cmphex(X(h, 12), ==, 0x1122334455667788ULL);
    /* sb/sh store only their bytes */
    X(h, 11) = 0xaabb;
    run_insn(h, enc_s(0x23, 0, 10, 11, 8));
    run_insn(h, enc_s(0x23, 1, 10, 11, 10));
    g_assert_cmphex(get64(h, buf + 8) & 0xffffffff, ==, 0xaabb00bb);
    /* MMIO goes through the callbacks */
    X(h, 10) = MMIO_BASE;
    X(h, 11) = 0x1234;
    run_insn(h, I_SW(11, 10, 8));
    g_assert_cmpint(h->mmio_writes, ==, 1);
    run_insn(h, I_LW(12, 10, 8));
    g_assert_cmphex(X(h, 12), ==, 0x1234);
    /* Unmapped: access fault with the address in mtval */
    X(h, 10) = 0x40000000;
    g_assert_cmpint(run_insn(h, I_LW(12, 10, 4)), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(h->env->mcause, ==, RISCV_EXCP_LOAD_ACCESS_FAULT);
    g_assert_cmphex(h->env->mtval, ==, 0x40000004);
    h->env->pc = RAM_BASE;
    g_assert_cmpint(run_insn(h, I_SW(12, 10, 0)), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(h->env->mcause, ==, RISCV_EXCP_STORE_AMO_ACCESS_FAULT);
    harness_free(h);
}

static void test_branches(void)
{
    Harness *h = harness_new("rv64");
    uint64_t pc = h->env->pc;

    X(h, 5) = 3;
    X(h, 6) = 3;
    g_assert_cmpint(run_insn(h, enc_b(0, 5, 6, 16)), ==, RISCV_EXEC_JUMP);
    g_assert_cmphex(h->env->pc, ==, pc + 16);
    pc = h->env->pc;
    run_insn(h, enc_b(1, 5, 6, 16));                    /* bne not taken */
    g_assert_cmphex(h->env->pc, ==, pc + 4);
    pc = h->env->pc;
    X(h, 6) = (uint64_t)-1;
    run_insn(h, enc_b(4, 6, 5, -8));                    /* blt -1 < 3 */
    g_assert_cmphex(h->env->pc, ==, pc - 8);
    pc = h->env->pc;
    run_insn(h, enc_b(6, 6, 5, -8));                    /* bltu: not */
    g_assert_cmphex(h->env->pc, ==, pc + 4);
    pc = h->env->pc;
    run_insn(h, enc_j(1, 2048));
    g_assert_cmphex(h->env->pc, ==, pc + 2048);
    g_assert_cmphex(X(h, 1), ==, pc + 4);
    pc = h->env->pc;
    X(h, 5) = RAM_BASE + 0x101;
    run_insn(h, enc_i(0x67, 1, 0, 5, 2));               /* jalr clears bit 0 */
    g_assert_cmphex(h->env->pc, ==, RAM_BASE + 0x102);
    g_assert_cmphex(X(h, 1), ==, pc + 4);
    harness_free(h);

    /* Without C, a jump to a 2-byte aligned target traps */
    h = harness_new("rv32");
    h->env->misa_ext &= ~RVC;
    pc = h->env->pc;
    g_assert_cmpint(run_insn(h, enc_j(1, 6)), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(h->env->mcause, ==, RISCV_EXCP_INST_ADDR_MIS);
    g_assert_cmphex(h->env->mtval, ==, pc + 6);
    g_assert_cmphex(X(h, 1), ==, 0);
    harness_free(h);

    /* RV32: link and pc are 32-bit */
    h = harness_new("rv32");
    X(h, 5) = 0xfffffffffffffff0ULL;
    h->env->pc = RAM_BASE;
    run_insn(h, enc_i(0x67, 1, 0, 5, 0x20));
    g_assert_cmphex(h->env->pc, ==, 0x10);
    g_assert_cmphex(X(h, 1), ==, 0xffffffff80000004ULL);
    harness_free(h);
}

static void test_atomics(void)
{
    Harness *h = harness_new("rv64");
    uint64_t a = RAM_BASE + 0x2000;

    put64(h, a, 0xffffffff00000005ULL);
    X(h, 11) = a;
    run_insn(h, 0x1005a52f);                    /* lr.w a0,(a1) */
    g_assert_cmphex(X(h, 10), ==, 5);
    X(h, 13) = 0x80000000;
    run_insn(h, 0x18d5a62f);                    /* sc.w a2,a3,(a1) */
    g_assert_cmphex(X(h, 12), ==, 0);
    g_assert_cmphex(get64(h, a), ==, 0xffffffff80000000ULL);
    run_insn(h, 0x18d5a62f);                    /* no reservation: fails */
    g_assert_cmphex(X(h, 12), ==, 1);
    X(h, 15) = 1;
    run_insn(h, 0x00f5a72f);                    /* amoadd.w a4,a5,(a1) */
    g_assert_cmphex(X(h, 14), ==, 0xffffffff80000000ULL);
    g_assert_cmphex(get64(h, a) & 0xffffffff, ==, 0x80000001);
    X(h, 15) = 7;
    run_insn(h, 0xc0f5a72f);                    /* amominu.w */
    g_assert_cmphex(get64(h, a) & 0xffffffff, ==, 7);
    X(h, 15) = (uint64_t)-3;
    put64(h, a, 2);
    run_insn(h, 0xa0f5b72f);                    /* amomax.d */
    g_assert_cmphex(get64(h, a), ==, 2);
    run_insn(h, 0x0ef5b72f);                    /* amoswap.d.aqrl */
    g_assert_cmphex(X(h, 14), ==, 2);
    g_assert_cmphex(get64(h, a), ==, (uint64_t)-3);
    /* Misaligned AMO: store/AMO address misaligned */
    X(h, 11) = a + 2;
    g_assert_cmpint(run_insn(h, 0x00f5a72f), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(h->env->mcause, ==, RISCV_EXCP_STORE_AMO_ADDR_MIS);
    g_assert_cmphex(h->env->mtval, ==, a + 2);
    harness_free(h);

    /* Without A, illegal */
    h = harness_new("lowrisc-ibex");
    X(h, 11) = RAM_BASE + 0x100;
    g_assert_cmpint(run_insn(h, 0x00f5a72f), ==, RISCV_EXEC_TRAP);
    g_assert_cmphex(h->env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
    harness_free(h);
}

/* Compressed encodings and their 32-bit expansions (from llvm-mc) */
static const struct { uint16_t c; uint32_t full; } c64[] = {
    { 0x0808, 0x01010513 }, /* addi a0, sp, 16 */
    { 0x424c, 0x00462583 }, /* lw a1, 4(a2) */
    { 0x6714, 0x00873683 }, /* ld a3, 8(a4) */
    { 0xc22c, 0x04b62023 }, /* sw a1, 64(a2) */
    { 0xff74, 0x0ed73c23 }, /* sd a3, 248(a4) */
    { 0x0001, 0x00000013 }, /* nop */
    { 0x1575, 0xffd50513 }, /* addi a0, a0, -3 */
    { 0x25fd, 0x01f5859b }, /* addiw a1, a1, 31 */
    { 0x5601, 0xfe000613 }, /* li a2, -32 */
    { 0x7139, 0xfc010113 }, /* addi sp, sp, -64 */
    { 0x76fd, 0xfffff6b7 }, /* lui a3, 1048575 */
    { 0x937d, 0x03f75713 }, /* srli a4, a4, 63 */
    { 0x8785, 0x4017d793 }, /* srai a5, a5, 1 */
    { 0x987d, 0xfff47413 }, /* andi s0, s0, -1 */
    { 0x8c89, 0x40a484b3 }, /* sub s1, s1, a0 */
    { 0x8ca9, 0x00a4c4b3 }, /* xor s1, s1, a0 */
    { 0x8cc9, 0x00a4e4b3 }, /* or s1, s1, a0 */
    { 0x8ce9, 0x00a4f4b3 }, /* and s1, s1, a0 */
    { 0x9c89, 0x40a484bb }, /* subw s1, s1, a0 */
    { 0x9ca9, 0x00a484bb }, /* addw s1, s1, a0 */
    { 0xb001, 0x801ff06f }, /* j -2048 */
    { 0xd101, 0xf00500e3 }, /* beqz a0, -256 */
    { 0xeffd, 0x0e079f63 }, /* bnez a5, 254 */
    { 0x02b2, 0x00c29293 }, /* slli t0, t0, 12 */
    { 0x50fe, 0x0fc12083 }, /* lw ra, 252(sp) */
    { 0x737e, 0x1f813303 }, /* ld t1, 504(sp) */
    { 0x8082, 0x00008067 }, /* ret */
    { 0x83f2, 0x01c003b3 }, /* mv t2, t3 = add t2, zero, t3 */
    { 0x9002, 0x00100073 }, /* ebreak */
    { 0x9e82, 0x000e80e7 }, /* jalr t4 */
    { 0x9f7e, 0x01ff0f33 }, /* add t5, t5, t6 */
    { 0xdfca, 0x0f212e23 }, /* sw s2, 252(sp) */
    { 0xffce, 0x1f313c23 }, /* sd s3, 504(sp) */
    { 0x2608, 0x00863507 }, /* c.fld fa0, 8(a2) */
    { 0xa608, 0x00a63427 }, /* c.fsd fa0, 8(a2) */
    { 0x2522, 0x00813507 }, /* c.fldsp fa0, 8(sp) */
    { 0xa42a, 0x00a13427 }, /* c.fsdsp fa0, 8(sp) */
    { 0x2002, 0x00013007 }, /* c.fldsp ft0, 0(sp): f0 is allowed */
};

static const struct { uint16_t c; uint32_t full; } c32[] = {
    { 0x3001, 0x801ff0ef }, /* jal -2048 */
    { 0x1fe8, 0x3fc10513 }, /* addi a0, sp, 1020 */
    { 0x5e6c, 0x07c62583 }, /* lw a1, 124(a2) */
    { 0xc22c, 0x04b62023 }, /* sw a1, 64(a2) */
    { 0x837d, 0x01f75713 }, /* srli a4, a4, 31 */
    { 0x879d, 0x4077d793 }, /* srai a5, a5, 7 */
    { 0x02fe, 0x01f29293 }, /* slli t0, t0, 31 */
    { 0x66fd, 0x0001f6b7 }, /* lui a3, 31 */
    { 0x617d, 0x1f010113 }, /* addi sp, sp, 496 */
    { 0xaffd, 0x7fe0006f }, /* j 2046 */
    { 0x4082, 0x00012083 }, /* lw ra, 0(sp) */
    { 0xc24a, 0x01212223 }, /* sw s2, 4(sp) */
    { 0x6248, 0x00462507 }, /* c.flw fa0, 4(a2) */
    { 0xe248, 0x00a62227 }, /* c.fsw fa0, 4(a2) */
    { 0x6512, 0x00412507 }, /* c.flwsp fa0, 4(sp) */
    { 0xe22a, 0x00a12227 }, /* c.fswsp fa0, 4(sp) */
    { 0x2608, 0x00863507 }, /* c.fld fa0, 8(a2) */
    { 0xa42a, 0x00a13427 }, /* c.fsdsp fa0, 8(sp) */
    { 0x9e82, 0x000e80e7 }, /* jalr t4 */
    { 0x9f7e, 0x01ff0f33 }, /* add t5, t5, t6 */
    { 0xc089, 0x00048163 }, /* beqz s1, 2 */
};

static void check_expansion(CPURISCVState *env, uint16_t c, uint32_t full)
{
    RISCVInsn dc, df;

    riscv_decode(env, c, &dc);
    riscv_decode(env, full, &df);
    g_assert_cmpint(dc.len, ==, 2);
    g_assert_cmpint(df.len, ==, 4);
    if (dc.op != df.op || dc.rd != df.rd || dc.rs1 != df.rs1 ||
        dc.rs2 != df.rs2 || dc.imm != df.imm) {
        g_error("c 0x%04x: %s rd=%d rs1=%d rs2=%d imm=%d, expected "
                "%s rd=%d rs1=%d rs2=%d imm=%d", c,
                riscv_op_name(dc.op), dc.rd, dc.rs1, dc.rs2, dc.imm,
                riscv_op_name(df.op), df.rd, df.rs1, df.rs2, df.imm);
    }
    g_assert_cmpint(dc.op, !=, RISCV_OP_ILLEGAL);
}

static void test_compressed(void)
{
    Harness *h64 = harness_new("rv64"), *h32 = harness_new("rv32");
    static const uint16_t illegal64[] = {
        0x0000,             /* all zero */
        0x4002,             /* c.lwsp x0 */
        0x8002,             /* c.jr x0 */
        0x2001,             /* c.addiw x0 */
        0x6101,             /* c.addi16sp 0 */
        0x6281,             /* c.lui t0, 0 */
        0x0000 | (0 << 13), /* c.addi4spn 0 (== 0) */
        0x9cc9,             /* reserved: c.subw family 10 */
    };
    static const uint16_t illegal32[] = {
        0x9381,             /* c.srli shamt[5] = 1 on RV32 */
        0x1002,             /* c.slli shamt[5] = 1 on RV32 */
    };

    for (size_t i = 0; i < ARRAY_SIZE(c64); i++) {
        check_expansion(h64->env, c64[i].c, c64[i].full);
    }
    for (size_t i = 0; i < ARRAY_SIZE(c32); i++) {
        check_expansion(h32->env, c32[i].c, c32[i].full);
    }
    for (size_t i = 0; i < ARRAY_SIZE(illegal64); i++) {
        RISCVInsn d;
        riscv_decode(h64->env, illegal64[i], &d);
        g_assert_cmpint(d.op, ==, RISCV_OP_ILLEGAL);
        g_assert_cmpint(d.len, ==, 2);
    }
    for (size_t i = 0; i < ARRAY_SIZE(illegal32); i++) {
        RISCVInsn d;
        riscv_decode(h32->env, illegal32[i], &d);
        g_assert_cmpint(d.op, ==, RISCV_OP_ILLEGAL);
    }

    /* Execution: pc advances by 2, the link of c.jalr is pc + 2 */
    {
        uint64_t pc = h64->env->pc;
        h64->env->gpr[10] = 1;
        g_assert_cmpint(run_insn(h64, 0x1575), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(h64->env->gpr[10], ==, (uint64_t)-2);
        g_assert_cmphex(h64->env->pc, ==, pc + 2);
        h64->env->gpr[29] = RAM_BASE + 0x100;
        pc = h64->env->pc;
        run_insn(h64, 0x9e82);
        g_assert_cmphex(h64->env->gpr[1], ==, pc + 2);
        g_assert_cmphex(h64->env->pc, ==, RAM_BASE + 0x100);
        /*
         * a trapping compressed instruction reports its 16 bits: c.fld
         * with mstatus.FS = Off (the reset value)
         */
        g_assert_cmpint(run_insn(h64, 0x2608), ==, RISCV_EXEC_TRAP);
        g_assert_cmphex(h64->env->mtval, ==, 0x2608);
    }
    harness_free(h64);
    harness_free(h32);

    /* Without C, compressed encodings are illegal */
    {
        Harness *h = harness_new("rv64");
        RISCVInsn d;
        h->env->misa_ext &= ~RVC;
        riscv_decode(h->env, 0x0001, &d);
        g_assert_cmpint(d.op, ==, RISCV_OP_ILLEGAL);
        harness_free(h);
    }
}

static void test_fp_illegal(void)
{
    static const char *const models[] = { "rv64", "rv32" };
    uint64_t r;

    /* rv64/rv32 have F and D, but mstatus.FS is Off after reset */
    for (size_t i = 0; i < ARRAY_SIZE(models); i++) {
        Harness *h = harness_new(models[i]);
        g_assert_cmpint(run_insn(h, 0x00c5f553), ==, RISCV_EXEC_TRAP);
        g_assert_cmphex(h->env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
        g_assert_cmphex(h->env->mtval, ==, 0x00c5f553);
        h->env->pc = RAM_BASE;
        g_assert_cmpint(run_insn(h, 0x00052507), ==, RISCV_EXEC_TRAP);
        h->env->pc = RAM_BASE;
        g_assert_cmpint(riscv_csrrw(h->env, CSR_FCSR, &r, 0, 0), ==,
                        RISCV_EXCP_ILLEGAL_INST);
        /* with FS = Initial they execute and FS becomes Dirty */
        h->env->mstatus |= 1ULL << MSTATUS_FS_SHIFT;
        g_assert_cmpint(run_insn(h, 0x00c5f553), ==, RISCV_EXEC_NEXT);
        g_assert_cmphex(h->env->mstatus & MSTATUS_FS, ==, MSTATUS_FS);
        g_assert_cmpint(riscv_csrrw(h->env, CSR_FCSR, &r, 0, 0), ==,
                        RISCV_EXCP_NONE);
        harness_free(h);
    }

    /* lowrisc-ibex has no F/D: FP encodings and fcsr are illegal */
    {
        Harness *h = harness_new("lowrisc-ibex");
        static const uint16_t c_fp[] = { 0x6248, 0xe248, 0x6512, 0xe22a,
                                         0x2608, 0xa608, 0x2522, 0xa42a };
        RISCVInsn d;

        h->env->mstatus |= MSTATUS_FS;  /* not writable; force it anyway */
        g_assert_cmpint(run_insn(h, 0x00c5f553), ==, RISCV_EXEC_TRAP);
        g_assert_cmphex(h->env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
        for (size_t i = 0; i < ARRAY_SIZE(c_fp); i++) {
            riscv_decode(h->env, c_fp[i], &d);
            g_assert_cmpint(d.op, ==, RISCV_OP_ILLEGAL);
        }
        riscv_decode(h->env, 0x00052507, &d);   /* flw */
        g_assert_cmpint(d.op, ==, RISCV_OP_ILLEGAL);
        g_assert_cmpint(riscv_csrrw(h->env, CSR_FCSR, &r, 0, 0), ==,
                        RISCV_EXCP_ILLEGAL_INST);
        harness_free(h);
    }
}

static void test_csr(void)
{
    Harness *h = harness_new("rv64");
    CPURISCVState *env = h->env;

    X(h, 11) = 0x1234;
    run_insn(h, I_CSRRW(10, CSR_MSCRATCH, 11));
    g_assert_cmphex(env->mscratch, ==, 0x1234);
    g_assert_cmphex(X(h, 10), ==, 0);
    X(h, 11) = 0xf;
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_MSCRATCH, 11)), ==,
                    RISCV_EXEC_SYNC);
    g_assert_cmphex(X(h, 10), ==, 0x1234);
    g_assert_cmphex(env->mscratch, ==, 0x123f);
    X(h, 11) = 0x3;
    run_insn(h, I_CSRRC(10, CSR_MSCRATCH, 11));
    g_assert_cmphex(env->mscratch, ==, 0x123c);
    run_insn(h, enc_i(0x73, 0, 5, 5, CSR_MSCRATCH));    /* csrrwi 5 */
    g_assert_cmphex(env->mscratch, ==, 5);
    run_insn(h, enc_i(0x73, 10, 6, 8, CSR_MIE));        /* csrrsi mie, 8 */
    g_assert_cmphex(env->mie, ==, MIP_MSIP);
    run_insn(h, enc_i(0x73, 10, 7, 8, CSR_MIE));        /* csrrci */
    g_assert_cmphex(env->mie, ==, 0);
    /* misa reports RV64 IMAFDCSU (RV64GC) */
    run_insn(h, I_CSRRS(10, CSR_MISA, 0));
    g_assert_cmphex(X(h, 10), ==, (2ULL << 62) | RVI | RVM | RVA | RVF |
                    RVD | RVC | RVS | RVU);
    /* mhartid read-only: write traps, read via csrrs x0 works */
    run_insn(h, I_CSRRS(10, CSR_MHARTID, 0));
    g_assert_cmphex(X(h, 10), ==, 0);
    g_assert_cmpint(run_insn(h, I_CSRRW(0, CSR_MHARTID, 11)), ==,
                    RISCV_EXEC_TRAP);
    g_assert_cmphex(env->mcause, ==, RISCV_EXCP_ILLEGAL_INST);
    g_assert_cmphex(env->mtval, ==, I_CSRRW(0, CSR_MHARTID, 11));
    env->pc = RAM_BASE;
    /* csrrs with rs1 != x0 on a read-only CSR traps even if rs1 is 0 */
    X(h, 12) = 0;
    g_assert_cmpint(run_insn(h, I_CSRRS(10, CSR_CYCLE, 12)), ==,
                    RISCV_EXEC_TRAP);
    env->pc = RAM_BASE;
    /* unknown CSR */
    g_assert_cmpint(run_insn(h, I_CSRRS(10, 0x7ff, 0)), ==, RISCV_EXEC_TRAP);
    env->pc = RAM_BASE;
    /* mstatus: WARL MPP, SD follows FS (Dirty), UXL/SXL 64 */
    X(h, 11) = MSTATUS_MPP | MSTATUS_FS | MSTATUS_SUM;
    run_insn(h, I_CSRRW(0, CSR_MSTATUS, 11));
    run_insn(h, I_CSRRS(10, CSR_MSTATUS, 0));
    g_assert_cmphex(X(h, 10), ==, MSTATUS_MPP | MSTATUS_FS | MSTATUS_SUM |
                    MSTATUS64_SD | (2ULL << 32) | (2ULL << 34));
    X(h, 11) = 2ULL << MSTATUS_MPP_SHIFT;   /* reserved: keeps M */
    run_insn(h, I_CSRRW(0, CSR_MSTATUS, 11));
    g_assert_cmphex(env->mstatus & MSTATUS_MPP, ==, MSTATUS_MPP);
    /* sstatus is a view of mstatus */
    run_insn(h, I_CSRRS(10, CSR_SSTATUS, 0));
    g_assert_cmphex(X(h, 10) & ~MSTATUS_UXL, ==, 0);
    /* mtvec: reserved modes ignored */
    X(h, 11) = 0x80001002;
    run_insn(h, I_CSRRW(0, CSR_MTVEC, 11));
    g_assert_cmphex(env->mtvec, ==, 0);
    X(h, 11) = 0x80001001;
    run_insn(h, I_CSRRW(0, CSR_MTVEC, 11));
    g_assert_cmphex(env->mtvec, ==, 0x80001001);
    /* medeleg: M ecall not delegable */
    X(h, 11) = ~0ULL;
    run_insn(h, I_CSRRW(0, CSR_MEDELEG, 11));
    g_assert_cmphex(env->medeleg, ==, DELEGABLE_EXCPS);
    run_insn(h, I_CSRRW(0, CSR_MIDELEG, 11));
    g_assert_cmphex(env->mideleg, ==, S_MODE_INTERRUPTS);
    /* satp: unsupported mode (Sv57) ignored; Sv39 accepted */
    X(h, 11) = (10ULL << 60) | 5;
    run_insn(h, I_CSRRW(0, CSR_SATP, 11));
    g_assert_cmphex(env->satp, ==, 0);
    X(h, 11) = (8ULL << 60) | 5;
    run_insn(h, I_CSRRW(0, CSR_SATP, 11));
    g_assert_cmphex(env->satp, ==, (8ULL << 60) | 5);
    /* counters: minstret counts, cycle readable in M */
    run_insn(h, I_CSRRS(10, CSR_MINSTRET, 0));
    g_assert_cmpuint(X(h, 10), >, 10);
    X(h, 11) = 100;
    run_insn(h, I_CSRRW(0, CSR_MCYCLE, 11));
    run_insn(h, I_CSRRS(10, CSR_CYCLE, 0));
    g_assert_cmpuint(X(h, 10), ==, 101);
    h->time = 777;
    run_insn(h, I_CSRRS(10, CSR_TIME, 0));
    g_assert_cmpuint(X(h, 10), ==, 777);
    /* RV32-only CSR on RV64 */
    g_assert_cmpint(riscv_csrrw(env, CSR_MSTATUSH, NULL, 0, 0), ==,
                    RISCV_EXCP_ILLEGAL_INST);
    harness_free(h);

    /* RV32: high halves and truncation */
    h = harness_new("rv32");
    env = h->env;
    X(h, 11) = 0xffffffff80000000ULL;
    run_insn(h, I_CSRRW(0, CSR_MSCRATCH, 11));
    g_assert_cmphex(env->mscratch, ==, 0x80000000);
    run_insn(h, I_CSRRS(10, CSR_MSCRATCH, 0));
    g_assert_cmphex(X(h, 10), ==, 0xffffffff80000000ULL);
    X(h, 11) = 3;
    run_insn(h, I_CSRRW(0, CSR_MCYCLEH, 11));
    run_insn(h, I_CSRRS(10, CSR_MCYCLEH, 0));
    g_assert_cmphex(X(h, 10), ==, 3);
    run_insn(h, I_CSRRS(10, CSR_MISA, 0));
    g_assert_cmphex(X(h, 10), ==, (uint64_t)(int32_t)((1U << 30) | RVI | RVM |
                    RVA | RVF | RVD | RVC | RVS | RVU));
    harness_free(h);
}

static void test_disas(void)
{
    char buf[64];

    g_assert_cmpint(riscv_disas(0x01010513, 64, buf, sizeof(buf)), ==, 4);
    g_assert_cmpstr(buf, ==, "addi a0,sp,16");
    g_assert_cmpint(riscv_disas(0x0808, 64, buf, sizeof(buf)), ==, 2);
    g_assert_cmpstr(buf, ==, "addi a0,sp,16");
    riscv_disas(0x0ef5b72f, 64, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "amoswap.d.aq.rl a4,a5,(a1)");
    riscv_disas(0x340595f3, 64, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "csrrw a1,mscratch,a1");
    riscv_disas(0x00c5f553, 64, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "fadd.s fa0,fa1,fa2");
    riscv_disas(0x6ac5f543, 64, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "fmadd.d fa0,fa1,fa2,fa3");
    riscv_disas(0xc2059553, 64, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "fcvt.w.d a0,fa1");
    riscv_disas(I_SD(11, 10, -8), 64, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, "sd a1,-8(a0)");
    riscv_disas(I_SD(11, 10, -8), 32, buf, sizeof(buf));
    g_assert_cmpstr(buf, ==, ".insn 0xfeb53c23");
}

static void test_models(void)
{
    Error *err = NULL;
    char *t = riscv_cpu_type_name_from_model("nosuch", &err);

    g_assert_null(t);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "unable to find CPU model 'nosuch'");
    error_free(err);
    g_assert_nonnull(riscv_cpu_class_by_name("rv64"));
    g_assert_nonnull(riscv_cpu_class_by_name("lowrisc-ibex"));
    g_assert_null(riscv_cpu_class_by_name("riscv"));
    t = riscv_cpu_type_name_from_model("rv32,foo=bar", &error_abort);
    g_assert_cmpstr(t, ==, "rv32-riscv-cpu");
    g_free(t);

    /* ibex: RV32IMCU, no S-mode CSRs, resetvec property honoured */
    {
        Harness *h = harness_new("lowrisc-ibex");
        uint64_t v;
        g_assert_cmphex(h->env->pc, ==, RAM_BASE);
        g_assert_cmpint(riscv_csrrw(h->env, CSR_MISA, &v, 0, 0), ==,
                        RISCV_EXCP_NONE);
        g_assert_cmphex(v, ==, (1ULL << 30) | RVI | RVM | RVC | RVU);
        g_assert_cmpint(riscv_csrrw(h->env, CSR_SATP, &v, 0, 0), ==,
                        RISCV_EXCP_ILLEGAL_INST);
        g_assert_cmpint(riscv_csrrw(h->env, CSR_SSTATUS, &v, 0, 0), ==,
                        RISCV_EXCP_ILLEGAL_INST);
        harness_free(h);
    }
    /* hartid property reaches mhartid */
    {
        DeviceState *dev = DEVICE(object_new("rv64-riscv-cpu"));
        uint64_t v;
        qdev_prop_set_uint64(dev, "hartid", 3);
        qdev_realize(dev, NULL, &error_abort);
        riscv_csrrw(&RISCV_CPU(dev)->env, CSR_MHARTID, &v, 0, 0);
        g_assert_cmphex(v, ==, 3);
        g_assert_cmphex(RISCV_CPU(dev)->env.pc, ==, DEFAULT_RSTVEC);
        object_unref(OBJECT(dev));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/riscv-insn/arith-rv64", test_arith_rv64);
    g_test_add_func("/riscv-insn/muldiv-rv64", test_muldiv_rv64);
    g_test_add_func("/riscv-insn/arith-rv32", test_arith_rv32);
    g_test_add_func("/riscv-insn/load-store", test_load_store);
    g_test_add_func("/riscv-insn/branches", test_branches);
    g_test_add_func("/riscv-insn/atomics", test_atomics);
    g_test_add_func("/riscv-insn/compressed", test_compressed);
    g_test_add_func("/riscv-insn/fp-illegal", test_fp_illegal);
    g_test_add_func("/riscv-insn/csr", test_csr);
    g_test_add_func("/riscv-insn/disas", test_disas);
    g_test_add_func("/riscv-insn/models", test_models);
    return g_test_run();
}
