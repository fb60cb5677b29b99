/*
 * C extension, built with -march=rv64gc so that all of the program is
 * compressed code too: explicit c.* forms, their immediates and sign
 * extension, 32-bit instructions at 2-byte alignment and across a page
 * boundary, c.ebreak, and reserved/illegal 16-bit encodings.
 */
#include "guest.h"

const char *guest_prog_name = "compressed";

#define C1(insn, a) ({ register unsigned long __r asm("a0") = (a); \
    asm volatile(".option push\n .option rvc\n" insn "\n .option pop" \
                 : "+r"(__r)); __r; })
#define C2(insn, a, b) ({ register unsigned long __r asm("a0") = (a); \
    register unsigned long __s asm("a1") = (b); \
    asm volatile(".option push\n .option rvc\n" insn "\n .option pop" \
                 : "+r"(__r) : "r"(__s)); __r; })


static void test_immediates(void)
{
    EXPECT_EQ(C1("c.li a0, -32", 0), -32UL);
    EXPECT_EQ(C1("c.li a0, 31", 0), 31);
    EXPECT_EQ(C1("c.addi a0, -1", 0), -1UL);
    EXPECT_EQ(C1("c.addiw a0, 1", 0x7fffffff), 0xffffffff80000000UL);
    EXPECT_EQ(C1("c.addiw a0, 0", 0x1ffffffffUL), -1UL);
    EXPECT_EQ(C1("c.lui a0, 0x1f", 0), 0x1f000);
    EXPECT_EQ(C1("c.lui a0, 0xfffe0", 0), -0x20000UL);
    EXPECT_EQ(C1("c.slli a0, 63", 1), 1UL << 63);
    EXPECT_EQ(C1("c.srli a0, 60", -1UL), 0xf);
    EXPECT_EQ(C1("c.srai a0, 60", 1UL << 63), -8UL);
    EXPECT_EQ(C1("c.andi a0, -16", -1UL), -16UL);
    EXPECT_EQ(C1("c.andi a0, 5", 0xff), 5);
}

static void test_register_ops(void)
{
    EXPECT_EQ(C2("c.mv a0, a1", 1, 0x1234), 0x1234);
    EXPECT_EQ(C2("c.add a0, a1", 5, -7UL), -2UL);
    EXPECT_EQ(C2("c.sub a0, a1", 5, 7), -2UL);
    EXPECT_EQ(C2("c.xor a0, a1", 0xff, 0x0f), 0xf0);
    EXPECT_EQ(C2("c.or a0, a1", 0xf0, 0x0f), 0xff);
    EXPECT_EQ(C2("c.and a0, a1", 0xf0, 0x3c), 0x30);
    EXPECT_EQ(C2("c.addw a0, a1", 0x7fffffff, 1), 0xffffffff80000000UL);
    EXPECT_EQ(C2("c.subw a0, a1", 0x100000000UL, 1), -1UL);
}

static void test_load_store(void)
{
    static volatile uint64_t buf[4];
    register unsigned long a0 asm("a0");
    register unsigned long a1 asm("a1") = (unsigned long)buf;
    register unsigned long a2 asm("a2") = 0x8000000012345678UL;
    register unsigned long a3 asm("a3") = 0xfedcba98UL;

    buf[0] = buf[1] = buf[2] = buf[3] = 0;
    asm volatile(".option push\n .option rvc\n"
                 "c.sd a2, 8(a1)\n c.sw a3, 16(a1)\n c.ld a0, 8(a1)\n"
                 ".option pop" : "=r"(a0) : "r"(a1), "r"(a2), "r"(a3)
                 : "memory");
    EXPECT_EQ(a0, 0x8000000012345678UL);
    EXPECT_EQ(buf[2], 0xfedcba98UL);
    asm volatile(".option push\n .option rvc\n c.lw a0, 16(a1)\n .option pop"
                 : "=r"(a0) : "r"(a1) : "memory");
    EXPECT_EQ(a0, 0xfffffffffedcba98UL);          /* c.lw sign-extends */
    /* stack-pointer relative forms */
    asm volatile(".option push\n .option rvc\n"
                 "addi sp, sp, -32\n c.sdsp a2, 24(sp)\n c.swsp a3, 4(sp)\n"
                 "c.ldsp a0, 24(sp)\n c.lwsp a1, 4(sp)\n addi sp, sp, 32\n"
                 ".option pop" : "=r"(a0), "+r"(a1) : "r"(a2), "r"(a3)
                 : "memory");
    EXPECT_EQ(a0, 0x8000000012345678UL);
    EXPECT_EQ(a1, 0xfffffffffedcba98UL);
}

static void test_sp_adjust(void)
{
    unsigned long before, after, spn;

    asm volatile(".option push\n .option rvc\n mv %0, sp\n"
                 "c.addi16sp sp, -64\n mv %1, sp\n c.addi4spn a0, sp, 8\n"
                 "mv %2, a0\n c.addi16sp sp, 64\n .option pop"
                 : "=&r"(before), "=&r"(after), "=&r"(spn) :: "a0");
    EXPECT_EQ(before - after, 64);
    EXPECT_EQ(spn, after + 8);
}

static void test_control(void)
{
    unsigned long v, link, target;

    asm volatile(".option push\n .option rvc\n li %0, 0\n c.j 1f\n"
                 "li %0, 1\n 1: .option pop" : "=&r"(v));
    EXPECT_EQ(v, 0);
    {
        register unsigned long a0 asm("a0") = 0;
        asm volatile(".option push\n .option rvc\n c.beqz a0, 1f\n"
                     "li a0, 5\n 1: c.bnez a0, 2f\n li a0, 7\n 2:\n"
                     ".option pop" : "+r"(a0));
        EXPECT_EQ(a0, 7);
    }
    /* c.jalr links pc + 2 */
    asm volatile(".option push\n .option rvc\n la t0, 1f\n"
                 "mv t1, ra\n c.jalr t0\n 2: nop\n 1: mv %0, ra\n mv ra, t1\n"
                 "la %1, 2b\n .option pop"
                 : "=&r"(link), "=&r"(target) :: "t0", "t1", "ra");
    EXPECT_EQ(link, target);
    asm volatile(".option push\n .option rvc\n la t0, 1f\n li %0, 0\n"
                 "c.jr t0\n li %0, 1\n 1: .option pop" : "=&r"(v) :: "t0");
    EXPECT_EQ(v, 0);
}

/* 32-bit instructions at odd halfwords, and across a page boundary */
long straddle_add(long x);
asm(".pushsection .text.odd, \"ax\"\n"
    ".option push\n .option rvc\n .balign 4\n"
    ".globl odd_add\n odd_add:\n"
    "c.nop\n"
    ".option norvc\n addi a0, a0, 100\n .option rvc\n"
    "c.addi a0, 1\n"
    ".option norvc\n addi a0, a0, 1000\n .option rvc\n"
    "c.jr ra\n"
    ".option pop\n .popsection\n"
    ".pushsection .text.straddle, \"ax\"\n"
    ".option push\n .option rvc\n .balign 4096\n .skip 4094\n"
    ".globl straddle_add\n straddle_add:\n"
    ".option norvc\n addi a0, a0, 3\n .option rvc\n c.jr ra\n"
    ".option pop\n .popsection");
long odd_add(long x);

static void test_alignment(void)
{
    EXPECT_EQ((unsigned long)odd_add(0), 1101);
    EXPECT_EQ((unsigned long)straddle_add & 0xfff, 0xffe);
    EXPECT_EQ(straddle_add(4), 7);
}

static void test_fp(void)
{
    static volatile double d[2] = { 1.5, 0 };
    register unsigned long a1 asm("a1") = (unsigned long)d;
    unsigned long bits;

    asm volatile(".option push\n .option rvc\n"
                 "c.fld fa0, 0(a1)\n c.fsd fa0, 8(a1)\n"
                 "addi sp, sp, -16\n c.fsdsp fa0, 8(sp)\n c.fldsp fa1, 8(sp)\n"
                 "addi sp, sp, 16\n fmv.x.d %0, fa1\n .option pop"
                 : "=r"(bits) : "r"(a1) : "fa0", "fa1", "memory");
    EXPECT_EQ(bits, 0x3ff8000000000000UL);
    EXPECT_EQ(*(volatile uint64_t *)&d[1], 0x3ff8000000000000UL);
}

static void test_ebreak(void)
{
    unsigned long addr;

    trap_expect();
    asm volatile(".option push\n .option rvc\n la %0, 1f\n 1: c.ebreak\n"
                 ".option pop" : "=&r"(addr));
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 1);
    EXPECT_EQ(trap_rec.cause, CAUSE_BREAKPOINT);
    EXPECT_EQ(trap_rec.epc, addr);
}

/* Reserved encodings must raise illegal instruction (tval = the bits) */
static void check_illegal(uint16_t bits, const char *what)
{
    static uint16_t code[4] __attribute__((aligned(4)));
    void (*fn)(void) = (void (*)(void))code;

    code[0] = bits;
    code[1] = 0x8082;               /* c.jr ra */
    asm volatile("fence.i" ::: "memory");
    trap_expect();
    fn();
    trap_disarm();
    if (trap_rec.count != 1 || trap_rec.cause != CAUSE_ILLEGAL_INSN ||
        trap_rec.epc != (unsigned long)code ||
        trap_rec.tval != bits) {
        FAIL("%s (0x%04x): %lu traps, cause 0x%lx epc 0x%lx tval 0x%lx",
             what, bits, trap_rec.count, trap_rec.cause, trap_rec.epc,
             trap_rec.tval);
    }
}

static void test_illegal(void)
{
    check_illegal(0x0000, "all zeros");
    check_illegal(0x6501, "c.lui a0, 0");
    check_illegal(0x6101, "c.addi16sp sp, 0");
    check_illegal(0x4002, "c.lwsp x0");
    check_illegal(0x6002, "c.ldsp x0");
    check_illegal(0x8002, "c.jr x0");
}

/* Plain compiled code: the compiler emits compressed instructions here */
static unsigned long checksum(const uint8_t *p, int n)
{
    unsigned long h = 5381;

    for (int i = 0; i < n; i++) {
        h = (h << 5) + h + p[i];
    }
    return h;
}

static void test_compiled(void)
{
    static const uint8_t msg[] = "The quick brown fox";
    unsigned long h = checksum(msg, sizeof(msg) - 1);
    unsigned long a = 0, b = 1;

    for (int i = 0; i < 90; i++) {
        unsigned long t = a + b;
        a = b;
        b = t;
    }
    EXPECT_EQ(a, 2880067194370816120UL);            /* fib(90) */
    EXPECT_EQ(h, 0x89bd80b397c3fcf8UL);
}

int main(void)
{
    RUN_TEST(immediates);
    RUN_TEST(register_ops);
    RUN_TEST(load_store);
    RUN_TEST(sp_adjust);
    RUN_TEST(control);
    RUN_TEST(alignment);
    RUN_TEST(fp);
    RUN_TEST(ebreak);
    RUN_TEST(illegal);
    RUN_TEST(compiled);
    return guest_finish();
}
