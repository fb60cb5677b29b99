/*
 * M extension: products (low and the three high forms), division and
 * remainder including the defined results for division by zero and the
 * signed overflow case, and the RV64 W forms.
 */
#include "guest.h"

const char *guest_prog_name = "muldiv";

#define SMIN (1UL << 63)
#define SMAX (SMIN - 1)

#define RR(op, a, b) ({ unsigned long __r; \
    asm volatile(op " %0, %1, %2" : "=r"(__r) \
                 : "r"((unsigned long)(a)), "r"((unsigned long)(b))); __r; })

static void test_mul(void)
{
    EXPECT_EQ(RR("mul", 6, 7), 42);
    EXPECT_EQ(RR("mul", -3L, 5), -15UL);
    EXPECT_EQ(RR("mul", SMIN, -1L), SMIN);
    EXPECT_EQ(RR("mul", 0x100000001UL, 0x100000001UL), 0x200000001UL);
    EXPECT_EQ(RR("mul", -1UL, -1UL), 1);
}

static void test_mulh(void)
{
    /* (-1) * (-1) = 1: high part 0 signed, huge unsigned */
    EXPECT_EQ(RR("mulh", -1UL, -1UL), 0);
    EXPECT_EQ(RR("mulhu", -1UL, -1UL), -2UL);
    EXPECT_EQ(RR("mulhsu", -1UL, -1UL), -1UL);
    EXPECT_EQ(RR("mulh", SMIN, SMIN), 1UL << 62);
    EXPECT_EQ(RR("mulhu", SMIN, SMIN), 1UL << 62);
    EXPECT_EQ(RR("mulhsu", SMIN, SMIN), 0xc000000000000000UL);
    EXPECT_EQ(RR("mulh", SMIN, 2), -1UL);
    EXPECT_EQ(RR("mulhu", 0x123456789abcdef0UL, 0x0fedcba987654321UL),
              0x0121fa00ad77d742UL);
    EXPECT_EQ(RR("mulhsu", 2, -1UL), 1);
    EXPECT_EQ(RR("mulh", 5, 7), 0);
}

static void test_div(void)
{
    EXPECT_EQ(RR("div", 20, 6), 3);
    EXPECT_EQ(RR("div", -20L, 6), -3UL);           /* rounds towards zero */
    EXPECT_EQ(RR("div", 20, -6L), -3UL);
    EXPECT_EQ(RR("divu", -20L, 6), 0x2aaaaaaaaaaaaaa7UL);
    EXPECT_EQ(RR("rem", -20L, 6), -2UL);           /* sign of dividend */
    EXPECT_EQ(RR("rem", 20, -6L), 2);
    EXPECT_EQ(RR("remu", -20L, 6), 2);
}

static void test_div_by_zero(void)
{
    EXPECT_EQ(RR("div", 123, 0), -1UL);
    EXPECT_EQ(RR("div", -123L, 0), -1UL);
    EXPECT_EQ(RR("divu", 123, 0), -1UL);
    EXPECT_EQ(RR("rem", -123L, 0), -123UL);
    EXPECT_EQ(RR("remu", 123, 0), 123);
    EXPECT_EQ(RR("divw", 123, 0), -1UL);
    EXPECT_EQ(RR("divuw", 123, 0), -1UL);
    EXPECT_EQ(RR("remw", 0xffffffff80000005UL, 0), 0xffffffff80000005UL);
    EXPECT_EQ(RR("remw", 0x1234567880000005UL, 0), 0xffffffff80000005UL);
    EXPECT_EQ(RR("remuw", 0x1234567880000005UL, 0), 0xffffffff80000005UL);
    /* upper bits of the divisor are ignored by the W forms */
    EXPECT_EQ(RR("divw", 7, 0x100000000UL), -1UL);
}

static void test_div_overflow(void)
{
    EXPECT_EQ(RR("div", SMIN, -1L), SMIN);
    EXPECT_EQ(RR("rem", SMIN, -1L), 0);
    EXPECT_EQ(RR("divw", 0x80000000UL, -1L), 0xffffffff80000000UL);
    EXPECT_EQ(RR("remw", 0x80000000UL, -1L), 0);
}

static void test_word_ops(void)
{
    EXPECT_EQ(RR("mulw", 0x10000, 0x10000), 0);
    EXPECT_EQ(RR("mulw", 0x10000, 0x8000), 0xffffffff80000000UL);
    EXPECT_EQ(RR("mulw", 0x100000003UL, 5), 15);
    EXPECT_EQ(RR("divw", -20L, 6), -3UL);
    EXPECT_EQ(RR("divw", 0x00000000fffffff0UL, 4), -4UL);
    EXPECT_EQ(RR("divuw", 0x00000000fffffff0UL, 4), 0x3ffffffc);
    EXPECT_EQ(RR("divuw", 0xfffffffffffffff0UL, 1), 0xfffffffffffffff0UL);
    EXPECT_EQ(RR("remw", -20L, 6), -2UL);
    EXPECT_EQ(RR("remuw", 0xfffffff1UL, 0x10), 1);
}

int main(void)
{
    RUN_TEST(mul);
    RUN_TEST(mulh);
    RUN_TEST(div);
    RUN_TEST(div_by_zero);
    RUN_TEST(div_overflow);
    RUN_TEST(word_ops);
    return guest_finish();
}
