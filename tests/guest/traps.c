/*
 * Exceptions and trap returns: illegal instruction (mtval = the bits),
 * ecall from M/S/U and their delegation to S, ebreak, misaligned and
 * unmapped (access fault) loads/stores/fetches, PMP faults, mret/sret
 * state changes, TSR/TW, and exceptions with a vectored mtvec.
 */
#include "guest.h"

const char *guest_prog_name = "traps";

#define UNMAPPED 0x20000UL          /* a hole in virt's memory map */

static void expect_rec(int line, unsigned long count, unsigned long cause,
                       unsigned long epc, unsigned long tval, int mode)
{
    if (trap_rec.count != count || trap_rec.cause != cause ||
        (epc != -1UL && trap_rec.epc != epc) ||
        (tval != -1UL && trap_rec.tval != tval) || trap_rec.mode != mode) {
        guest_fail(line, "got %lu traps cause 0x%lx epc 0x%lx tval 0x%lx "
                   "in mode %d, expected %lu cause 0x%lx epc 0x%lx "
                   "tval 0x%lx in mode %d", trap_rec.count, trap_rec.cause,
                   trap_rec.epc, trap_rec.tval, trap_rec.mode, count, cause,
                   epc, tval, mode);
    }
}
#define EXPECT_REC(...) expect_rec(__LINE__, __VA_ARGS__)
#define ANY -1UL

static void test_illegal(void)
{
    unsigned long pc;

    trap_expect();
    asm volatile("la %0, 1f\n 1: .word 0x0000000b" : "=r"(pc));
    trap_disarm();
    EXPECT_REC(1, CAUSE_ILLEGAL_INSN, pc, 0x0000000b, PRV_M);

    trap_expect();
    asm volatile("la %0, 1f\n 1: unimp" : "=r"(pc));    /* csrrw x0, cycle */
    trap_disarm();
    EXPECT_REC(1, CAUSE_ILLEGAL_INSN, pc, 0xc0001073, PRV_M);

    /* sfence.vma with rs1 = x0 etc. is legal in M; a reserved funct is not */
    trap_expect();
    asm volatile("la %0, 1f\n 1: .word 0x7e000073" : "=r"(pc));
    trap_disarm();
    EXPECT_REC(1, CAUSE_ILLEGAL_INSN, pc, 0x7e000073, PRV_M);
}

static void test_ecall_m(void)
{
    unsigned long pc;

    trap_expect();
    asm volatile("la %0, 1f\n 1: ecall" : "=r"(pc) :: "memory");
    trap_disarm();
    EXPECT_REC(1, CAUSE_MACHINE_ECALL, pc, 0, PRV_M);
}

static long do_ecall(long a0)
{
    register long r asm("a0") = a0;
    register long a7 asm("a7") = 1;

    asm volatile("ecall" : "+r"(r) : "r"(a7) : "memory");
    return r + 1;
}

static void test_ecall_s_u(void)
{
    pmp_allow_all();
    csr_write(medeleg, 0);
    trap_expect();
    EXPECT_EQ(run_in_mode(PRV_S, do_ecall, 41), 42);
    trap_disarm();
    EXPECT_REC(1, CAUSE_SUPERVISOR_ECALL, ANY, 0, PRV_M);

    trap_expect();
    EXPECT_EQ(run_in_mode(PRV_U, do_ecall, 1), 2);
    trap_disarm();
    EXPECT_REC(1, CAUSE_USER_ECALL, ANY, 0, PRV_M);
}

static void test_delegation(void)
{
    pmp_allow_all();
    /* U ecall and illegal instruction delegated to S */
    csr_write(medeleg, (1UL << CAUSE_USER_ECALL) |
                       (1UL << CAUSE_ILLEGAL_INSN));
    trap_expect_s();
    EXPECT_EQ(run_in_mode(PRV_U, do_ecall, 9), 10);
    trap_disarm();
    EXPECT_REC(1, CAUSE_USER_ECALL, ANY, 0, PRV_S);
    /* S ecall is not delegated: still M */
    trap_expect();
    run_in_mode(PRV_S, do_ecall, 0);
    trap_disarm();
    EXPECT_REC(1, CAUSE_SUPERVISOR_ECALL, ANY, 0, PRV_M);
    /* a delegated cause raised in M-mode stays in M */
    trap_expect();
    asm volatile("unimp");
    trap_disarm();
    EXPECT_REC(1, CAUSE_ILLEGAL_INSN, ANY, ANY, PRV_M);
    csr_write(medeleg, 0);
}

static void test_ebreak(void)
{
    unsigned long pc;

    trap_expect();
    asm volatile("la %0, 1f\n 1: ebreak" : "=r"(pc) :: "memory");
    trap_disarm();
    /* tval is the pc or 0: QEMU 7.2 leaves 0 */
    EXPECT_REC(1, CAUSE_BREAKPOINT, pc, ANY, PRV_M);
    EXPECT_TRUE(trap_rec.tval == pc || trap_rec.tval == 0);
}

static void test_misaligned_data(void)
{
    static volatile uint64_t buf[2] __attribute__((aligned(8)));
    volatile uint8_t *p = (volatile uint8_t *)buf;
    unsigned long v;

    /* QEMU (and our virt) emulates misaligned accesses to RAM */
    buf[0] = 0x8877665544332211ULL;
    buf[1] = 0xffeeddccbbaa9988ULL;
    trap_expect();
    asm volatile("lw %0, 1(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, 0x55443322);
    asm volatile("lh %0, 7(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, (unsigned long)(long)(int16_t)0x8888);
    asm volatile("ld %0, 3(%1)" : "=r"(v) : "r"(p));
    EXPECT_EQ(v, 0xaa99888877665544ULL);
    asm volatile("sd %0, 5(%1)" :: "r"(0x0102030405060708UL), "r"(p)
                 : "memory");
    EXPECT_EQ(buf[0], 0x0607085544332211ULL);
    EXPECT_EQ(buf[1], 0xffeedd0102030405ULL);
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 0);
}

static void test_access_fault(void)
{
    unsigned long v;

    trap_expect();
    asm volatile("ld %0, 0(%1)" : "=r"(v) : "r"(UNMAPPED));
    trap_disarm();
    EXPECT_REC(1, CAUSE_LOAD_ACCESS, ANY, UNMAPPED, PRV_M);

    trap_expect();
    asm volatile("sw zero, 8(%0)" :: "r"(UNMAPPED) : "memory");
    trap_disarm();
    EXPECT_REC(1, CAUSE_STORE_ACCESS, ANY, UNMAPPED + 8, PRV_M);

    trap_expect();
    ((void (*)(void))UNMAPPED)();
    trap_disarm();
    EXPECT_REC(1, CAUSE_FETCH_ACCESS, UNMAPPED, UNMAPPED, PRV_M);
}

static void test_jump_alignment(void)
{
    /* With C, jumps to 2-byte aligned targets are legal (no trap) */
    static const uint16_t code[4] __attribute__((aligned(4))) = {
        0x0001,                 /* c.nop */
        0x0513, 0x0075,         /* addi a0, a0, 7 (4-byte, at +2) */
        0x8082,                 /* c.jr ra */
    };
    long (*fn)(long) = (long (*)(long))((unsigned long)code + 2);

    asm volatile("fence.i" ::: "memory");
    trap_expect();
    EXPECT_EQ(fn(1), 8);
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 0);
}

static volatile uint64_t pmp_page[512] __attribute__((aligned(4096)));

static long s_load(long addr)
{
    return *(volatile long *)addr;
}

static long s_store(long addr)
{
    *(volatile long *)addr = 0x1234;
    return 0;
}

static void test_pmp(void)
{
    unsigned long base = (unsigned long)pmp_page;

    /* entry 0: the page, no access; entry 1: everything else */
    csr_write(pmpaddr0, (base >> 2) | ((4096 >> 3) - 1));
    csr_write(pmpaddr1, -1UL);
    csr_write(pmpcfg0, (0x1fUL << 8) | 0x18);
    asm volatile("sfence.vma" ::: "memory");

    trap_expect();
    run_in_mode(PRV_S, s_load, base + 8);
    trap_disarm();
    EXPECT_REC(1, CAUSE_LOAD_ACCESS, ANY, base + 8, PRV_M);
    trap_expect();
    run_in_mode(PRV_U, s_store, base + 16);
    trap_disarm();
    EXPECT_REC(1, CAUSE_STORE_ACCESS, ANY, base + 16, PRV_M);
    /* M-mode ignores unlocked entries */
    trap_expect();
    pmp_page[1] = 5;
    EXPECT_EQ(pmp_page[1], 5);
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 0);
    /* read-only for S: loads work, stores fault */
    csr_write(pmpcfg0, (0x1fUL << 8) | 0x19);
    asm volatile("sfence.vma" ::: "memory");
    trap_expect();
    EXPECT_EQ(run_in_mode(PRV_S, s_load, base + 8), 5);
    run_in_mode(PRV_S, s_store, base + 8);
    trap_disarm();
    EXPECT_REC(1, CAUSE_STORE_ACCESS, ANY, base + 8, PRV_M);
    pmp_allow_all();
}

static void test_mret(void)
{
    unsigned long st;

    /* MIE <- MPIE, MPIE <- 1, MPP <- U; stays in M */
    csr_write(mie, 0);
    csr_clear(mstatus, MSTATUS_MIE);
    csr_set(mstatus, MSTATUS_MPIE | MSTATUS_MPP);
    asm volatile("la t0, 1f\n csrw mepc, t0\n mret\n 1:" ::: "t0", "memory");
    st = csr_read(mstatus);
    csr_clear(mstatus, MSTATUS_MIE);
    EXPECT_EQ(st & MSTATUS_MIE, MSTATUS_MIE);
    EXPECT_EQ(st & MSTATUS_MPIE, MSTATUS_MPIE);
    EXPECT_EQ(st & MSTATUS_MPP, 0);
    /* MPRV is cleared when mret goes to a mode below M */
    pmp_allow_all();
    csr_set(mstatus, MSTATUS_MPRV);
    csr_clear(mstatus, MSTATUS_MPP);
    csr_set(mstatus, MSTATUS_MPP);      /* MPP = M: MPRV has no effect */
    csr_clear(mstatus, MSTATUS_MPRV);
}

static long s_sret(long unused)
{
    unsigned long st;

    (void)unused;
    asm volatile("la t0, 1f\n csrw sepc, t0\n li t0, %1\n csrs sstatus, t0\n"
                 "csrci sstatus, 2\n sret\n 1: csrr %0, sstatus"
                 : "=r"(st) : "i"(MSTATUS_SPP | MSTATUS_SPIE)
                 : "t0", "memory");
    return st;
}

static long s_mret(long unused)
{
    (void)unused;
    asm volatile("mret" ::: "memory");
    return 0;
}

/* only used where sret must trap */
static long s_sret_plain(long unused)
{
    (void)unused;
    asm volatile("sret" ::: "memory");
    return 0;
}

static long do_wfi(long unused)
{
    (void)unused;
    asm volatile("wfi");
    return 0;
}

static void test_sret(void)
{
    unsigned long st;

    pmp_allow_all();
    csr_write(mideleg, 0);
    trap_expect();
    st = run_in_mode(PRV_S, s_sret, 0);
    trap_disarm();
    EXPECT_EQ(trap_rec.count, 0);
    EXPECT_EQ(st & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP),
              MSTATUS_SIE | MSTATUS_SPIE);
    csr_clear(mstatus, MSTATUS_SIE);
    /* mret from S, sret from U: illegal */
    trap_expect();
    run_in_mode(PRV_S, s_mret, 0);
    run_in_mode(PRV_U, s_sret_plain, 0);
    trap_disarm();
    EXPECT_REC(2, CAUSE_ILLEGAL_INSN, ANY, ANY, PRV_M);
    /* TSR makes sret illegal in S */
    csr_set(mstatus, MSTATUS_TSR);
    trap_expect();
    run_in_mode(PRV_S, s_sret_plain, 0);
    trap_disarm();
    csr_clear(mstatus, MSTATUS_TSR);
    EXPECT_REC(1, CAUSE_ILLEGAL_INSN, ANY, ANY, PRV_M);
}

static void test_wfi_privilege(void)
{
    pmp_allow_all();
    /* wfi in U is illegal (S exists); TW makes it illegal in S too */
    trap_expect();
    run_in_mode(PRV_U, do_wfi, 0);
    trap_disarm();
    EXPECT_REC(1, CAUSE_ILLEGAL_INSN, ANY, 0x10500073, PRV_M);
    csr_set(mstatus, MSTATUS_TW);
    trap_expect();
    run_in_mode(PRV_S, do_wfi, 0);
    trap_disarm();
    csr_clear(mstatus, MSTATUS_TW);
    EXPECT_REC(1, CAUSE_ILLEGAL_INSN, ANY, 0x10500073, PRV_M);
}

static void test_vectored_mtvec(void)
{
    extern char m_trap_entry[];
    unsigned long saved = csr_read(mtvec);
    unsigned long pc;

    /* synchronous exceptions always go to BASE */
    csr_write(mtvec, (unsigned long)m_trap_entry | 1);
    trap_expect();
    asm volatile("la %0, 1f\n 1: ecall" : "=r"(pc) :: "memory");
    trap_disarm();
    csr_write(mtvec, saved);
    EXPECT_REC(1, CAUSE_MACHINE_ECALL, pc, 0, PRV_M);
}

int main(void)
{
    RUN_TEST(illegal);
    RUN_TEST(ecall_m);
    RUN_TEST(ecall_s_u);
    RUN_TEST(delegation);
    RUN_TEST(ebreak);
    RUN_TEST(misaligned_data);
    RUN_TEST(access_fault);
    RUN_TEST(jump_alignment);
    RUN_TEST(pmp);
    RUN_TEST(mret);
    RUN_TEST(sret);
    RUN_TEST(wfi_privilege);
    RUN_TEST(vectored_mtvec);
    return guest_finish();
}
