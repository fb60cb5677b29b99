/*
 * A extension: every AMO in W and D forms (old value returned, W results
 * sign-extended, neighbours untouched), LR/SC success and failure,
 * misaligned AMO/LR traps, and (with -smp 2 or more) two harts
 * contending on AMO and LR/SC counters.
 */
#include "guest.h"

const char *guest_prog_name = "atomic";

#define AMO(op, addr, val) ({ unsigned long __r; \
    asm volatile(op " %0, %2, (%1)" : "=r"(__r) \
                 : "r"(addr), "r"((unsigned long)(val)) : "memory"); __r; })

static volatile uint64_t mem[4] __attribute__((aligned(16)));

static void check_amo_d(const char *op, uint64_t init, uint64_t val,
                        uint64_t expect)
{
    unsigned long old;

    mem[0] = init;
    mem[1] = 0x5a5a5a5a5a5a5a5aULL;
#define CASE(name) \
    if (!memcmp(op, name, sizeof(name))) { old = AMO(name, &mem[0], val); }
    old = 0;
    CASE("amoswap.d") CASE("amoadd.d") CASE("amoand.d") CASE("amoor.d")
    CASE("amoxor.d") CASE("amomin.d") CASE("amomax.d") CASE("amominu.d")
    CASE("amomaxu.d")
    if (old != init || mem[0] != expect || mem[1] != 0x5a5a5a5a5a5a5a5aULL) {
        FAIL("%s(0x%llx, 0x%llx): old 0x%lx mem 0x%llx, expected mem 0x%llx",
             op, (unsigned long long)init, (unsigned long long)val, old,
             (unsigned long long)mem[0], (unsigned long long)expect);
    }
}

static void check_amo_w(const char *op, uint32_t init, uint32_t val,
                        uint32_t expect)
{
    volatile uint32_t *w = (volatile uint32_t *)mem;
    unsigned long old;

    w[0] = 0xa5a5a5a5;
    w[1] = init;
    w[2] = 0x5a5a5a5a;
    old = 0;
#undef CASE
#define CASE(name) \
    if (!memcmp(op, name, sizeof(name))) { old = AMO(name, &w[1], val); }
    CASE("amoswap.w") CASE("amoadd.w") CASE("amoand.w") CASE("amoor.w")
    CASE("amoxor.w") CASE("amomin.w") CASE("amomax.w") CASE("amominu.w")
    CASE("amomaxu.w")
    if (old != (unsigned long)(long)(int32_t)init || w[1] != expect ||
        w[0] != 0xa5a5a5a5 || w[2] != 0x5a5a5a5a) {
        FAIL("%s(0x%x, 0x%x): old 0x%lx mem 0x%x, expected mem 0x%x",
             op, init, val, old, w[1], expect);
    }
}

static void test_amo_d(void)
{
    check_amo_d("amoswap.d", 1, 2, 2);
    check_amo_d("amoadd.d", -1ULL, 2, 1);
    check_amo_d("amoand.d", 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL,
                0x0f000f000f000f00ULL);
    check_amo_d("amoor.d", 0xf0, 0x0f0000000000000fULL, 0x0f000000000000ffULL);
    check_amo_d("amoxor.d", 0xff, -1ULL, 0xffffffffffffff00ULL);
    check_amo_d("amomin.d", -5ULL, 3, -5ULL);
    check_amo_d("amomax.d", -5ULL, 3, 3);
    check_amo_d("amominu.d", -5ULL, 3, 3);
    check_amo_d("amomaxu.d", -5ULL, 3, -5ULL);
    check_amo_d("amomin.d", 1ULL << 63, (1ULL << 63) - 1, 1ULL << 63);
}

static void test_amo_w(void)
{
    check_amo_w("amoswap.w", 0x80000000, 7, 7);
    check_amo_w("amoadd.w", 0xffffffff, 2, 1);          /* wraps in 32 bits */
    check_amo_w("amoadd.w", 0x7fffffff, 1, 0x80000000);
    check_amo_w("amoand.w", 0xff00ff00, 0x0ff00ff0, 0x0f000f00);
    check_amo_w("amoor.w", 0x80000000, 1, 0x80000001);
    check_amo_w("amoxor.w", 0xffffffff, 0x0f0f0f0f, 0xf0f0f0f0);
    check_amo_w("amomin.w", 0x80000000, 0x7fffffff, 0x80000000);
    check_amo_w("amomax.w", 0x80000000, 0x7fffffff, 0x7fffffff);
    check_amo_w("amominu.w", 0x80000000, 0x7fffffff, 0x7fffffff);
    check_amo_w("amomaxu.w", 0x80000000, 0x7fffffff, 0x80000000);
}

static void test_amo_variants(void)
{
    unsigned long old;

    mem[0] = 10;
    asm volatile("amoadd.d.aq %0, %2, (%1)" : "=r"(old)
                 : "r"(&mem[0]), "r"(1UL) : "memory");
    EXPECT_EQ(old, 10);
    asm volatile("amoadd.d.rl %0, %2, (%1)" : "=r"(old)
                 : "r"(&mem[0]), "r"(1UL) : "memory");
    EXPECT_EQ(old, 11);
    asm volatile("amoadd.d.aqrl %0, %2, (%1)" : "=r"(old)
                 : "r"(&mem[0]), "r"(1UL) : "memory");
    EXPECT_EQ(old, 12);
    /* rd = x0 still performs the operation */
    asm volatile("amoadd.d x0, %1, (%0)" :: "r"(&mem[0]), "r"(5UL) : "memory");
    EXPECT_EQ(mem[0], 18);
    /* rd == rs2: the old value replaces the source after the operation */
    old = 100;
    asm volatile("amoswap.d %0, %0, (%1)" : "+r"(old) : "r"(&mem[0])
                 : "memory");
    EXPECT_EQ(old, 18);
    EXPECT_EQ(mem[0], 100);
}

static void test_lr_sc(void)
{
    unsigned long v, fail;
    volatile uint32_t *w = (volatile uint32_t *)&mem[2];

    mem[0] = 41;
    asm volatile("lr.d %0, (%2)\n addi %0, %0, 1\n sc.d %1, %0, (%2)"
                 : "=&r"(v), "=&r"(fail) : "r"(&mem[0]) : "memory");
    EXPECT_EQ(fail, 0);
    EXPECT_EQ(mem[0], 42);
    /* the reservation is gone after a successful SC */
    asm volatile("sc.d %0, %1, (%2)" : "=&r"(fail)
                 : "r"(7UL), "r"(&mem[0]) : "memory");
    EXPECT_TRUE(fail != 0);
    EXPECT_EQ(mem[0], 42);
    /* SC to another address than the reserved one fails */
    mem[1] = 5;
    asm volatile("lr.d %0, (%2)\n sc.d %1, %3, (%4)"
                 : "=&r"(v), "=&r"(fail)
                 : "r"(&mem[0]), "r"(9UL), "r"(&mem[1]) : "memory");
    EXPECT_TRUE(fail != 0);
    EXPECT_EQ(mem[1], 5);
    /* LR.W sign-extends; SC.W stores 32 bits only */
    w[0] = 0x80000001;
    w[1] = 0x11111111;
    asm volatile("lr.w %0, (%2)\n sc.w %1, %3, (%2)"
                 : "=&r"(v), "=&r"(fail)
                 : "r"(w), "r"(0xabcdef0123456789UL) : "memory");
    EXPECT_EQ(v, 0xffffffff80000001UL);
    EXPECT_EQ(fail, 0);
    EXPECT_EQ(w[0], 0x23456789);
    EXPECT_EQ(w[1], 0x11111111);
    /* aq/rl forms */
    asm volatile("lr.d.aq %0, (%2)\n sc.d.rl %1, %0, (%2)"
                 : "=&r"(v), "=&r"(fail) : "r"(&mem[0]) : "memory");
    EXPECT_EQ(fail, 0);
}

static void test_misaligned(void)
{
    unsigned long addr = (unsigned long)&mem[0] + 2;
    unsigned long v;

    trap_expect();
    asm volatile("amoadd.w %0, %2, (%1)" : "=r"(v) : "r"(addr), "r"(1UL)
                 : "memory");
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 1);
    EXPECT_EQ(trap_rec.cause, CAUSE_MISALIGNED_STORE);
    EXPECT_EQ(trap_rec.tval, addr);

    trap_expect();
    asm volatile("amoswap.d %0, %2, (%1)" : "=r"(v) : "r"(addr + 2), "r"(1UL)
                 : "memory");
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 1);
    EXPECT_EQ(trap_rec.cause, CAUSE_MISALIGNED_STORE);
    EXPECT_EQ(trap_rec.tval, addr + 2);

    trap_expect();
    asm volatile("lr.w %0, (%1)" : "=r"(v) : "r"(addr) : "memory");
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 1);
    EXPECT_EQ(trap_rec.cause, CAUSE_MISALIGNED_LOAD);
    EXPECT_EQ(trap_rec.tval, addr);
}

/* SMP: hart 0 and hart 1 race on two counters */
#define ROUNDS 20000
static volatile uint32_t amo_counter;
static volatile uint64_t lrsc_counter;
static volatile uint32_t harts_done;

static void contend(void)
{
    for (int i = 0; i < ROUNDS; i++) {
        unsigned long tmp, fail;

        asm volatile("amoadd.w x0, %1, (%0)" :: "r"(&amo_counter), "r"(1)
                     : "memory");
        asm volatile("1: lr.d %0, (%2)\n addi %0, %0, 1\n"
                     "sc.d %1, %0, (%2)\n bnez %1, 1b"
                     : "=&r"(tmp), "=&r"(fail) : "r"(&lrsc_counter)
                     : "memory");
    }
    asm volatile("amoadd.w x0, %1, (%0)" :: "r"(&harts_done), "r"(1)
                 : "memory");
}

static void secondary(unsigned hart)
{
    (void)hart;
    contend();
}

static void test_smp(void)
{
    uint64_t deadline;

    hart_start(1, secondary);
    contend();
    deadline = mtime_read() + TIMEBASE_FREQ * 2;
    while (harts_done < 2 && mtime_read() < deadline) {
        /* wait for hart 1 */
    }
    if (harts_done < 2) {
        FAIL("hart 1 did not finish (run with -smp 2)");
        return;
    }
    EXPECT_EQ(amo_counter, 2 * ROUNDS);
    EXPECT_EQ(lrsc_counter, 2 * ROUNDS);
}

int main(void)
{
    RUN_TEST(amo_d);
    RUN_TEST(amo_w);
    RUN_TEST(amo_variants);
    RUN_TEST(lr_sc);
    RUN_TEST(misaligned);
    RUN_TEST(smp);
    return guest_finish();
}
