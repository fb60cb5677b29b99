/*
 * RV32I/RV64I base integer instructions, including the RV64 W forms and
 * the edge cases: wrap-around, shift amount masking, sign extension of
 * results and loads, signed vs unsigned compares, jalr target alignment.
 */
#include "guest.h"

const char *guest_prog_name = __riscv_xlen == 64 ? "integer" : "integer32";

#define XLEN __riscv_xlen
#define SMIN (1UL << (XLEN - 1))
#define SMAX (SMIN - 1)

#define RR(op, a, b) ({ unsigned long __r; \
    asm volatile(op " %0, %1, %2" : "=r"(__r) \
                 : "r"((unsigned long)(a)), "r"((unsigned long)(b))); __r; })
#define RI(op, a, imm) ({ unsigned long __r; \
    asm volatile(op " %0, %1, %2" : "=r"(__r) \
                 : "r"((unsigned long)(a)), "i"(imm)); __r; })
/* 1 if the branch is taken */
#define BR(op, a, b) ({ unsigned long __r; \
    asm volatile(op " %1, %2, 1f\n li %0, 0\n j 2f\n1: li %0, 1\n2:" \
                 : "=r"(__r) \
                 : "r"((unsigned long)(a)), "r"((unsigned long)(b))); __r; })

static void test_add_sub(void)
{
    EXPECT_EQ(RR("add", 1, 2), 3);
    EXPECT_EQ(RR("add", SMAX, 1), SMIN);
    EXPECT_EQ(RR("add", -1UL, 1), 0);
    EXPECT_EQ(RR("sub", 0, 1), -1UL);
    EXPECT_EQ(RR("sub", SMIN, 1), SMAX);
    EXPECT_EQ(RI("addi", 5, -6), -1UL);
    EXPECT_EQ(RI("addi", 0, 2047), 2047);
    EXPECT_EQ(RI("addi", 0, -2048), -2048UL);
    EXPECT_EQ(RI("addi", SMAX, 1), SMIN);
}

static void test_compare(void)
{
    EXPECT_EQ(RR("slt", -1UL, 1), 1);
    EXPECT_EQ(RR("sltu", -1UL, 1), 0);
    EXPECT_EQ(RR("slt", SMIN, SMAX), 1);
    EXPECT_EQ(RR("sltu", SMIN, SMAX), 0);
    EXPECT_EQ(RR("slt", 3, 3), 0);
    EXPECT_EQ(RI("slti", -5UL, -4), 1);
    EXPECT_EQ(RI("slti", 0, -1), 0);
    /* the immediate is sign-extended, then compared unsigned */
    EXPECT_EQ(RI("sltiu", -2UL, -1), 1);
    EXPECT_EQ(RI("sltiu", -1UL, -1), 0);
    EXPECT_EQ(RI("sltiu", 0, 1), 1);        /* seqz */
    EXPECT_EQ(RR("sltu", 0, 5), 1);         /* snez */
}

static void test_logic(void)
{
    EXPECT_EQ(RR("and", 0xf0f0, 0xff00), 0xf000);
    EXPECT_EQ(RR("or", 0xf0f0, 0xff00), 0xfff0);
    EXPECT_EQ(RR("xor", 0xf0f0, 0xff00), 0x0ff0);
    EXPECT_EQ(RI("xori", 0x1234, -1), ~0x1234UL);
    EXPECT_EQ(RI("andi", -1UL, -16), -16UL);
    EXPECT_EQ(RI("andi", -1UL, 0x7ff), 0x7ff);
    EXPECT_EQ(RI("ori", 0, -2048), -2048UL);
}

static void test_shift(void)
{
    EXPECT_EQ(RR("sll", 1, XLEN - 1), SMIN);
    EXPECT_EQ(RR("sll", 1, XLEN + 3), 8);           /* amount masked */
    EXPECT_EQ(RR("srl", SMIN, XLEN - 1), 1);
    EXPECT_EQ(RR("sra", SMIN, XLEN - 1), -1UL);
    EXPECT_EQ(RR("sra", SMIN, XLEN + 1), SMIN | (SMIN >> 1));
    EXPECT_EQ(RR("srl", -1UL, 0), -1UL);
    EXPECT_EQ(RI("slli", 3, XLEN - 2), 1UL << (XLEN - 1) | 1UL << (XLEN - 2));
    EXPECT_EQ(RI("srli", -1UL, XLEN - 1), 1);
    EXPECT_EQ(RI("srai", -8UL, 2), -2UL);
    EXPECT_EQ(RI("srai", SMAX, XLEN - 2), 1);
}

static void test_lui_auipc(void)
{
    unsigned long v, a, b;

    asm volatile("lui %0, 0x80000" : "=r"(v));
    EXPECT_EQ(v, (unsigned long)(long)(int32_t)0x80000000u);
    asm volatile("lui %0, 0xfffff" : "=r"(v));
    EXPECT_EQ(v, -4096UL);
    asm volatile("lui %0, 0x12345\n addi %0, %0, 0x678" : "=r"(v));
    EXPECT_EQ(v, 0x12345678);
    asm volatile("1: auipc %0, 0\n la %1, 1b" : "=r"(a), "=r"(b));
    EXPECT_EQ(a, b);
    asm volatile("1: auipc %0, 1\n la %1, 1b" : "=r"(a), "=r"(b));
    EXPECT_EQ(a, b + 4096);
    asm volatile("addi x0, x0, 5\n mv %0, x0" : "=r"(v));
    EXPECT_EQ(v, 0);
}

static void test_load_store(void)
{
    static volatile uint64_t buf[2];
    unsigned long v;
    volatile uint8_t *p = (volatile uint8_t *)buf;

    buf[0] = 0x8182838485868788ULL;
    buf[1] = 0;
    asm volatile("lb %0, 0(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, (unsigned long)(long)(int8_t)0x88);
    asm volatile("lbu %0, 0(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, 0x88);
    asm volatile("lh %0, 2(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, (unsigned long)(long)(int16_t)0x8586);
    asm volatile("lhu %0, 2(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, 0x8586);
    asm volatile("lw %0, 4(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, (unsigned long)(long)(int32_t)0x81828384);
#if XLEN == 64
    asm volatile("lwu %0, 4(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, 0x81828384);
    asm volatile("ld %0, 0(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, 0x8182838485868788UL);
#endif
    /* negative offsets and partial stores */
    asm volatile("sb %0, -1(%1)" :: "r"(0x1ff), "r"(p + 9) : "memory");
    asm volatile("sh %0, -6(%1)" :: "r"(0x2abcd), "r"(p + 16) : "memory");
    asm volatile("sw %0, 12(%1)" :: "r"(0x11223344), "r"(p) : "memory");
    EXPECT_EQ(buf[1], 0x11223344abcd00ffULL);
#if XLEN == 64
    asm volatile("sd %0, 8(%1)" :: "r"(-2UL), "r"(p) : "memory");
    EXPECT_EQ(buf[1], 0xfffffffffffffffeULL);
#endif
    EXPECT_EQ(buf[0], 0x8182838485868788ULL);
}

static void test_branch(void)
{
    EXPECT_EQ(BR("beq", 5, 5), 1);
    EXPECT_EQ(BR("beq", 5, 6), 0);
    EXPECT_EQ(BR("bne", 5, 6), 1);
    EXPECT_EQ(BR("bne", -1UL, -1UL), 0);
    EXPECT_EQ(BR("blt", SMIN, SMAX), 1);
    EXPECT_EQ(BR("blt", SMAX, SMIN), 0);
    EXPECT_EQ(BR("blt", 3, 3), 0);
    EXPECT_EQ(BR("bge", 3, 3), 1);
    EXPECT_EQ(BR("bge", -1UL, 0), 0);
    EXPECT_EQ(BR("bltu", SMAX, SMIN), 1);
    EXPECT_EQ(BR("bltu", -1UL, 0), 0);
    EXPECT_EQ(BR("bgeu", -1UL, 0), 1);
    EXPECT_EQ(BR("bgeu", 0, 1), 0);
}

static void test_jump(void)
{
    unsigned long link, target, v;

    /* jal links pc + 4 */
    asm volatile("jal %0, 1f\n 1:\n la %1, 1b" : "=r"(link), "=r"(target));
    EXPECT_EQ(link, target);
    /* jalr clears bit 0 of the target */
    asm volatile("la t0, 1f\n addi t0, t0, 1\n li %0, 0\n jalr %1, 0(t0)\n"
                 "li %0, 1\n 1:" : "=&r"(v), "=&r"(link) :: "t0");
    EXPECT_EQ(v, 0);
    /* jalr with rd == rs1 uses the old value as the target */
    asm volatile("la %0, 1f\n jalr %0, 0(%0)\n 2: li %0, 0\n 1: la %1, 2b"
                 : "=&r"(link), "=&r"(target));
    EXPECT_EQ(link, target);
    /* negative offset in jalr */
    asm volatile("la t0, 1f + 16\n li %0, 0\n jalr x0, -16(t0)\n li %0, 1\n"
                 "1:" : "=&r"(v) :: "t0");
    EXPECT_EQ(v, 0);
}

#if XLEN == 64
static void test_word_ops(void)
{
    EXPECT_EQ(RR("addw", 0x7fffffff, 1), 0xffffffff80000000UL);
    EXPECT_EQ(RR("addw", 0x100000000UL, 5), 5);
    EXPECT_EQ(RR("subw", 0, 1), -1UL);
    EXPECT_EQ(RR("subw", 0x80000000UL, 1), 0x7fffffff);
    EXPECT_EQ(RI("addiw", 0xffffffffUL, 0), -1UL);      /* sext.w */
    EXPECT_EQ(RI("addiw", 0x7fffffff, 1), 0xffffffff80000000UL);
    EXPECT_EQ(RR("sllw", 1, 31), 0xffffffff80000000UL);
    EXPECT_EQ(RR("sllw", 1, 33), 2);                    /* amount masked */
    EXPECT_EQ(RR("srlw", 0xffffffff80000000UL, 31), 1);
    EXPECT_EQ(RR("srlw", 0x80000000UL, 0), 0xffffffff80000000UL);
    EXPECT_EQ(RR("sraw", 0x80000000UL, 31), -1UL);
    EXPECT_EQ(RR("sraw", 0x1234567880000000UL, 4), 0xfffffffff8000000UL);
    EXPECT_EQ(RI("slliw", 0x12345678UL, 4), 0x23456780);
    EXPECT_EQ(RI("slliw", 0x18000000UL, 4), 0xffffffff80000000UL);
    EXPECT_EQ(RI("srliw", -1UL, 1), 0x7fffffff);
    EXPECT_EQ(RI("srliw", 0x80000000UL, 0), 0xffffffff80000000UL);
    EXPECT_EQ(RI("sraiw", 0x80000000UL, 31), -1UL);
    EXPECT_EQ(RI("sraiw", 0xabcd00000000UL, 3), 0);
}
#endif

static void test_fence(void)
{
    static volatile unsigned long x;

    x = 1;
    asm volatile("fence\n fence rw, rw\n fence.i\n fence w, r" ::: "memory");
    EXPECT_EQ(x, 1);
}

int main(void)
{
    RUN_TEST(add_sub);
    RUN_TEST(compare);
    RUN_TEST(logic);
    RUN_TEST(shift);
    RUN_TEST(lui_auipc);
    RUN_TEST(load_store);
    RUN_TEST(branch);
    RUN_TEST(jump);
#if XLEN == 64
    RUN_TEST(word_ops);
#endif
    RUN_TEST(fence);
    return guest_finish();
}
