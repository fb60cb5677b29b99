/*
 * Sv39 translation: page tables built in M-mode, then code run in S- and
 * U-mode: 4 KiB, 2 MiB and 1 GiB leaves, permission checks and page
 * faults (load, store, fetch) with stval, A/D bit updates, SUM, MXR, the
 * U bit in both directions, reserved and misaligned PTEs, MPRV, and
 * sfence.vma after a PTE change.
 */
#include "guest.h"

const char *guest_prog_name = "mmu";

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE(pa, flags) ((((unsigned long)(pa)) >> 12 << 10) | (flags))
#define SATP_SV39(root) ((8UL << 60) | ((unsigned long)(root) >> 12))

#define VBASE 0x40000000UL
#define VPAGE(n) (VBASE + (n) * 4096UL)
#define VMEGA(n) (VBASE + (n) * 0x200000UL)

static uint64_t root[512] __attribute__((aligned(4096)));
static uint64_t root_u[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l0[512] __attribute__((aligned(4096)));
static volatile uint64_t page0[512] __attribute__((aligned(4096)));
static volatile uint64_t page1[512] __attribute__((aligned(4096)));

/* a page of code: li a0, 42; ret */
asm(".pushsection .text.xpage, \"ax\"\n .balign 4096\n"
    ".globl xpage\n xpage:\n li a0, 42\n ret\n .balign 4096\n .popsection");
extern char xpage[];

enum {
    P_RW, P_RO, P_NOAD, P_USER, P_XONLY, P_INVALID, P_WNOR, P_NOX, P_UX,
};

static void build_tables(void)
{
    const unsigned long kflags = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;

    memset(root, 0, sizeof(root));
    memset(root_u, 0, sizeof(root_u));
    memset(l1, 0, sizeof(l1));
    memset(l0, 0, sizeof(l0));
    /* 1 GiB identity leaves: devices and DRAM */
    root[0] = PTE(0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    root[2] = PTE(VIRT_DRAM_BASE, kflags);
    root[1] = PTE(l1, PTE_V);
    root_u[0] = root[0];
    root_u[1] = root[1];
    root_u[2] = PTE(VIRT_DRAM_BASE, kflags | PTE_U);

    l1[0] = PTE(l0, PTE_V);
    /* 2 MiB leaf with a misaligned PPN: any access faults */
    l1[1] = PTE(VIRT_DRAM_BASE + 0x1000, PTE_V | PTE_R | PTE_A);
    /* proper 2 MiB leaf on the start of DRAM */
    l1[2] = PTE(VIRT_DRAM_BASE, PTE_V | PTE_R | PTE_A);

    l0[P_RW] = PTE(page0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    l0[P_RO] = PTE(page0, PTE_V | PTE_R | PTE_A);
    l0[P_NOAD] = PTE(page0, PTE_V | PTE_R | PTE_W);
    l0[P_USER] = PTE(page0, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    l0[P_XONLY] = PTE(xpage, PTE_V | PTE_X | PTE_A);
    l0[P_INVALID] = PTE(page0, PTE_R | PTE_W | PTE_A | PTE_D);
    l0[P_WNOR] = PTE(page0, PTE_V | PTE_W | PTE_A | PTE_D);
    l0[P_NOX] = PTE(xpage, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    l0[P_UX] = PTE(xpage, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
}

static void enter_paging(uint64_t *r)
{
    pmp_allow_all();
    csr_write(satp, SATP_SV39(r));
    asm volatile("sfence.vma" ::: "memory");
}

static void leave_paging(void)
{
    csr_write(satp, 0);
    asm volatile("sfence.vma" ::: "memory");
    csr_clear(mstatus, MSTATUS_SUM | MSTATUS_MXR);
}

static long load(long va)
{
    return *(volatile long *)va;
}

static long store(long va)
{
    *(volatile long *)va = 0x5678;
    return 0;
}

long amo_ro(long va);
asm(".globl amo_ro\n amo_ro:\n li t0, 1\n amoadd.d a0, t0, (a0)\n ret");

static long call(long va)
{
    return ((long (*)(void))va)();
}

static void check(int line, const char *what, unsigned long count,
                  unsigned long cause, unsigned long tval)
{
    if (trap_rec.count != count ||
        (count && (trap_rec.cause != cause || trap_rec.tval != tval))) {
        guest_fail(line, "%s: %lu traps cause 0x%lx tval 0x%lx, expected "
                   "%lu cause 0x%lx tval 0x%lx", what, trap_rec.count,
                   trap_rec.cause, trap_rec.tval, count, cause, tval);
    }
}
#define RUN_S(fn, va) ({ long __r; trap_expect(); \
    __r = run_in_mode(PRV_S, fn, va); trap_disarm(); __r; })
#define RUN_U(fn, va) ({ long __r; trap_expect(); \
    __r = run_in_mode(PRV_U, fn, va); trap_disarm(); __r; })
#define OK(what) check(__LINE__, what, 0, 0, 0)
#define FAULT(what, cause, va) check(__LINE__, what, 1, cause, va)

static void test_translate(void)
{
    build_tables();
    page0[0] = 0x1111;
    page0[1] = 0x2222;
    enter_paging(root);
    EXPECT_EQ(RUN_S(load, VPAGE(P_RW)), 0x1111);
    OK("load through a 4K page");
    EXPECT_EQ(RUN_S(load, VPAGE(P_RO) + 8), 0x2222);
    OK("load through a read-only alias");
    RUN_S(store, VPAGE(P_RW) + 8);
    OK("store through a 4K page");
    EXPECT_EQ(page0[1], 0x5678);
    /* 2 MiB leaf: same bytes as the physical start of DRAM */
    EXPECT_EQ(RUN_S(load, VMEGA(2) + 0x100),
              *(volatile long *)(VIRT_DRAM_BASE + 0x100));
    OK("load through a 2M page");
    /* code in the 1 GiB identity leaf runs; the X page is callable */
    EXPECT_EQ(RUN_S(call, (long)xpage), 42);
    EXPECT_EQ(RUN_S(call, VPAGE(P_XONLY)), 42);
    OK("fetch from an execute-only page");
    leave_paging();
}

static void test_page_faults(void)
{
    build_tables();
    enter_paging(root);
    RUN_S(store, VPAGE(P_RO) + 16);
    FAULT("store to read-only", CAUSE_STORE_PAGE_FAULT, VPAGE(P_RO) + 16);
    RUN_S(load, VPAGE(P_INVALID) + 24);
    FAULT("load from invalid", CAUSE_LOAD_PAGE_FAULT, VPAGE(P_INVALID) + 24);
    RUN_S(store, VPAGE(P_INVALID));
    FAULT("store to invalid", CAUSE_STORE_PAGE_FAULT, VPAGE(P_INVALID));
    RUN_S(load, VPAGE(P_WNOR));
    FAULT("load via W-without-R", CAUSE_LOAD_PAGE_FAULT, VPAGE(P_WNOR));
    RUN_S(call, VPAGE(P_NOX));
    FAULT("fetch from non-X", CAUSE_FETCH_PAGE_FAULT, VPAGE(P_NOX));
    RUN_S(load, VMEGA(1) + 8);
    FAULT("misaligned megapage", CAUSE_LOAD_PAGE_FAULT, VMEGA(1) + 8);
    RUN_S(load, VPAGE(100));
    FAULT("unmapped (zero PTE)", CAUSE_LOAD_PAGE_FAULT, VPAGE(100));
    /* upper bits must be a sign extension of bit 38 */
    RUN_S(load, 0x0000008000000000L);
    FAULT("non-canonical address", CAUSE_LOAD_PAGE_FAULT,
          0x0000008000000000L);
    /* an AMO is a store for permissions */
    RUN_S(amo_ro, VPAGE(P_RO));
    FAULT("amoadd to read-only", CAUSE_STORE_PAGE_FAULT, VPAGE(P_RO));
    leave_paging();
}
static void test_access_dirty(void)
{
    build_tables();
    enter_paging(root);
    EXPECT_EQ(l0[P_NOAD] & (PTE_A | PTE_D), 0);
    RUN_S(load, VPAGE(P_NOAD));
    OK("load with A clear");
    /* QEMU updates A and D in the PTE (no page fault) */
    EXPECT_EQ(l0[P_NOAD] & (PTE_A | PTE_D), PTE_A);
    RUN_S(store, VPAGE(P_NOAD));
    OK("store with D clear");
    EXPECT_EQ(l0[P_NOAD] & (PTE_A | PTE_D), PTE_A | PTE_D);
    leave_paging();
}

static void test_sum(void)
{
    build_tables();
    page0[0] = 0x3333;
    enter_paging(root);
    RUN_S(load, VPAGE(P_USER));
    FAULT("S load from U page, SUM=0", CAUSE_LOAD_PAGE_FAULT, VPAGE(P_USER));
    csr_set(mstatus, MSTATUS_SUM);
    EXPECT_EQ(RUN_S(load, VPAGE(P_USER)), 0x3333);
    OK("S load from U page, SUM=1");
    RUN_S(store, VPAGE(P_USER));
    OK("S store to U page, SUM=1");
    /* S never executes U pages, even with SUM */
    RUN_S(call, VPAGE(P_UX));
    FAULT("S fetch from U page", CAUSE_FETCH_PAGE_FAULT, VPAGE(P_UX));
    leave_paging();
}

static void test_mxr(void)
{
    build_tables();
    enter_paging(root);
    RUN_S(load, VPAGE(P_XONLY));
    FAULT("load from X-only, MXR=0", CAUSE_LOAD_PAGE_FAULT, VPAGE(P_XONLY));
    csr_set(mstatus, MSTATUS_MXR);
    EXPECT_EQ(RUN_S(load, VPAGE(P_XONLY)), *(volatile long *)xpage);
    OK("load from X-only, MXR=1");
    RUN_S(store, VPAGE(P_XONLY));
    FAULT("store to X-only, MXR=1", CAUSE_STORE_PAGE_FAULT, VPAGE(P_XONLY));
    leave_paging();
}

static void test_user(void)
{
    build_tables();
    page0[0] = 0x4444;
    enter_paging(root_u);
    EXPECT_EQ(RUN_U(load, VPAGE(P_USER)), 0x4444);
    OK("U load from U page");
    RUN_U(load, VPAGE(P_RW));
    FAULT("U load from S page", CAUSE_LOAD_PAGE_FAULT, VPAGE(P_RW));
    RUN_U(store, VPAGE(P_RW));
    FAULT("U store to S page", CAUSE_STORE_PAGE_FAULT, VPAGE(P_RW));
    EXPECT_EQ(RUN_U(call, VPAGE(P_UX)), 42);
    OK("U fetch from U page");
    RUN_U(call, VPAGE(P_XONLY));
    FAULT("U fetch from S page", CAUSE_FETCH_PAGE_FAULT, VPAGE(P_XONLY));
    leave_paging();
}

static void test_mprv(void)
{
    unsigned long v;

    build_tables();
    page0[2] = 0x5555;
    enter_paging(root);
    /* M-mode loads and stores translated as S while MPRV=1, MPP=S */
    csr_clear(mstatus, MSTATUS_MPP);
    csr_set(mstatus, 1UL << 11);
    asm volatile("csrs mstatus, %1\n ld %0, 0(%2)\n csrc mstatus, %1"
                 : "=&r"(v) : "r"(MSTATUS_MPRV), "r"(VPAGE(P_RW) + 16)
                 : "memory");
    EXPECT_EQ(v, 0x5555);
    /* and faults like S would */
    trap_expect();
    asm volatile("csrs mstatus, %0\n sd zero, 0(%1)\n csrc mstatus, %0"
                 :: "r"(MSTATUS_MPRV), "r"(VPAGE(P_RO)) : "memory");
    trap_disarm();
    csr_clear(mstatus, MSTATUS_MPRV);
    FAULT("MPRV store to read-only", CAUSE_STORE_PAGE_FAULT, VPAGE(P_RO));
    EXPECT_EQ(trap_rec.mode, PRV_M);
    leave_paging();
}

static void test_sfence(void)
{
    build_tables();
    page0[0] = 0xaaaa;
    page1[0] = 0xbbbb;
    enter_paging(root);
    EXPECT_EQ(RUN_S(load, VPAGE(P_RW)), 0xaaaa);
    l0[P_RW] = PTE(page1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    asm volatile("sfence.vma %0, zero" :: "r"(VPAGE(P_RW)) : "memory");
    EXPECT_EQ(RUN_S(load, VPAGE(P_RW)), 0xbbbb);
    l0[P_RW] = PTE(page0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    asm volatile("sfence.vma" ::: "memory");
    EXPECT_EQ(RUN_S(load, VPAGE(P_RW)), 0xaaaa);
    OK("loads after sfence.vma");
    leave_paging();
}

int main(void)
{
    RUN_TEST(translate);
    RUN_TEST(page_faults);
    RUN_TEST(access_dirty);
    RUN_TEST(sum);
    RUN_TEST(mxr);
    RUN_TEST(user);
    RUN_TEST(mprv);
    RUN_TEST(sfence);
    return guest_finish();
}
