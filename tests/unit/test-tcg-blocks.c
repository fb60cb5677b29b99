/*
 * The execution engine: block cache, chaining, code invalidation, cache
 * budget, wfi, and the vCPU threads (pause/resume, single/multi).
 *
 * Guest programs are hand-encoded RV64 instructions placed in a RAM
 * region of the system address space.
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "qemu/module.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "exec/memory.h"
#include "exec/cpu-exec.h"
#include "system/cpus.h"
#include "system/runstate.h"
#include "target/riscv/cpu.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (1024 * 1024)
#define DATA     (RAM_BASE + 0x10000)  /* results, away from the code */

static MemoryRegion *ram;

/* ---- Encoders ---------------------------------------------------------- */

enum { ZERO = 0, RA = 1, T0 = 5, T1 = 6, T2 = 7, A0 = 10, A1 = 11,
       A2 = 12, A3 = 13 };

static uint32_t enc_r(uint32_t op, int rd, int f3, int rs1, int rs2, int f7)
{
    return op | rd << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 |
           (uint32_t)f7 << 25;
}

static uint32_t enc_i(uint32_t op, int rd, int f3, int rs1, int32_t imm)
{
    return op | rd << 7 | f3 << 12 | rs1 << 15 | (uint32_t)imm << 20;
}

static uint32_t enc_s(uint32_t op, int f3, int rs1, int rs2, int32_t imm)
{
    return op | (imm & 0x1f) << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 |
           ((uint32_t)imm >> 5) << 25;
}

static uint32_t enc_b(int f3, int rs1, int rs2, int32_t imm)
{
    uint32_t u = imm;

    return 0x63 | ((u >> 11) & 1) << 7 | ((u >> 1) & 0xf) << 8 | f3 << 12 |
           rs1 << 15 | rs2 << 20 | ((u >> 5) & 0x3f) << 25 |
           ((u >> 12) & 1) << 31;
}

static uint32_t enc_j(int rd, int32_t imm)
{
    uint32_t u = imm;

    return 0x6f | rd << 7 | ((u >> 12) & 0xff) << 12 |
           ((u >> 11) & 1) << 20 | ((u >> 1) & 0x3ff) << 21 |
           ((u >> 20) & 1) << 31;
}

#define ADDI(rd, rs1, imm)  enc_i(0x13, rd, 0, rs1, imm)
#define ADD(rd, rs1, rs2)   enc_r(0x33, rd, 0, rs1, rs2, 0)
#define LD(rd, rs1, imm)    enc_i(0x03, rd, 3, rs1, imm)
#define LW(rd, rs1, imm)    enc_i(0x03, rd, 2, rs1, imm)
#define SD(rs2, rs1, imm)   enc_s(0x23, 3, rs1, rs2, imm)
#define SW(rs2, rs1, imm)   enc_s(0x23, 2, rs1, rs2, imm)
#define BNE(rs1, rs2, off)  enc_b(1, rs1, rs2, off)
#define JAL(rd, off)        enc_j(rd, off)
#define JALR(rd, rs1, imm)  enc_i(0x67, rd, 0, rs1, imm)
#define AUIPC(rd, imm20)    (0x17 | (rd) << 7 | (uint32_t)(imm20) << 12)
#define CSRRW(rd, csr, rs1) enc_i(0x73, rd, 1, rs1, csr)
#define CSRRS(rd, csr, rs1) enc_i(0x73, rd, 2, rs1, csr)
#define CSRRC(rd, csr, rs1) enc_i(0x73, rd, 3, rs1, csr)
#define AMOADD_D(rd, rs1, rs2) enc_r(0x2f, rd, 3, rs1, rs2, 0)
#define WFI     0x10500073
#define MRET    0x30200073
#define FENCE_I 0x0000100f
#define CSR_MSTATUS 0x300
#define CSR_MIE     0x304
#define CSR_MTVEC   0x305
#define CSR_MHARTID 0xf14

/* ---- Helpers ------------------------------------------------------------ */

/* Write words at @addr the way a loader or DMA would */
static void put_words(uint64_t addr, const uint32_t *w, size_t n)
{
    g_assert_cmpint(address_space_write(&address_space_memory, addr,
                                        MEMTXATTRS_UNSPECIFIED, w, n * 4),
                    ==, MEMTX_OK);
}

static uint64_t get64(uint64_t addr)
{
    uint64_t v = 0;

    g_assert_cmpint(address_space_read(&address_space_memory, addr,
                                       MEMTXATTRS_UNSPECIFIED, &v, 8),
                    ==, MEMTX_OK);
    return GUINT64_FROM_LE(v);
}

/* Atomic read of guest RAM while a vCPU thread writes it */
static uint64_t peek64(uint64_t addr)
{
    uint64_t *p = (uint64_t *)((uint8_t *)memory_region_get_ram_ptr(ram) +
                               (addr - RAM_BASE));

    return qatomic_read(p);
}

static RISCVCPU *cpu_new(uint64_t hartid)
{
    g_autofree char *type = riscv_cpu_type_name_from_model("rv64",
                                                           &error_abort);
    DeviceState *dev = DEVICE(object_new(type));

    qdev_prop_set_uint64(dev, "resetvec", RAM_BASE);
    qdev_prop_set_uint64(dev, "hartid", hartid);
    qdev_realize(dev, NULL, &error_abort);
    riscv_cpu_reset(RISCV_CPU(dev));
    return RISCV_CPU(dev);
}

static void cpu_free(RISCVCPU *cpu)
{
    tcg_cpu_destroy(cpu);
    object_unref(OBJECT(cpu));
}

static void ram_clear(void)
{
    memset(memory_region_get_ram_ptr(ram), 0, RAM_SIZE);
    memory_region_set_dirty(ram, 0, RAM_SIZE);
}

/* Run on this thread until the program sleeps in wfi */
static void run_to_wfi(RISCVCPU *cpu)
{
    for (int i = 0; i < 1000; i++) {
        if (cpu_exec(cpu, -1) == EXCP_HLT) {
            return;
        }
    }
    g_assert_not_reached();
}

/* Wait up to 10 s for @cond */
#define WAIT_FOR(cond)                                          \
    do {                                                        \
        for (int w_ = 0; !(cond) && w_ < 10000; w_++) {         \
            g_usleep(1000);                                     \
        }                                                       \
        g_assert_true(cond);                                    \
    } while (0)

/* ---- Block cache -------------------------------------------------------- */

/* sum = 1 + ... + n into a0 and DATA, then wfi forever */
static void put_sum_loop(int n)
{
    const uint32_t prog[] = {
        ADDI(A0, ZERO, 0),              /* 0x00 */
        ADDI(A1, ZERO, n),              /* 0x04 */
        ADD(A0, A0, A1),                /* 0x08 loop: */
        ADDI(A1, A1, -1),               /* 0x0c */
        BNE(A1, ZERO, -8),              /* 0x10 */
        AUIPC(T0, 0x10),                /* 0x14: t0 = DATA + 0x14 */
        ADDI(T0, T0, -0x14),            /* 0x18 */
        SD(A0, T0, 0),                  /* 0x1c */
        WFI,                            /* 0x20 */
        JAL(ZERO, -4),                  /* 0x24 */
    };
    put_words(RAM_BASE, prog, ARRAY_SIZE(prog));
}

static void test_loop(void)
{
    RISCVCPU *cpu;
    TCGCPUStats st;

    ram_clear();
    put_sum_loop(1000);
    cpu = cpu_new(0);
    tcg_cpu_init(cpu);
    run_to_wfi(cpu);

    g_assert_cmpuint(cpu->env.gpr[A0], ==, 500500);
    g_assert_cmpuint(get64(DATA), ==, 500500);
    /* 2 + 3 * 1000 + 4 instructions, wfi included */
    g_assert_cmpuint(cpu->env.insn_count, ==, 2 + 3 * 1000 + 4);

    /* Chaining: the loop runs without hashing */
    tcg_cpu_get_stats(cpu, &st);
    g_test_message("builds %" PRIu64 " lookups %" PRIu64 " jc %" PRIu64
                   " chained %" PRIu64, st.builds, st.lookups, st.jc_hits,
                   st.chain_hits);
    g_assert_cmpuint(st.builds, <=, 4);
    g_assert_cmpuint(st.lookups, <, 20);
    g_assert_cmpuint(st.chain_hits, >=, 990);
    g_assert_cmpuint(st.blocks, ==, st.builds);
    cpu_free(cpu);
}

static void test_one_insn_per_tb(void)
{
    RISCVCPU *cpu;
    TCGCPUStats st;

    tcg_exec_init(0, true);
    ram_clear();
    put_sum_loop(100);
    cpu = cpu_new(0);
    tcg_cpu_init(cpu);
    run_to_wfi(cpu);
    tcg_exec_init(0, false);

    g_assert_cmpuint(get64(DATA), ==, 5050);
    tcg_cpu_get_stats(cpu, &st);
    /* One block per instruction address executed: 0x00 .. 0x20 */
    g_assert_cmpuint(st.builds, ==, 9);
    cpu_free(cpu);
}

/* -d in_asm: each new block is logged once, in QEMU's "IN:" format */
static void test_in_asm_log(void)
{
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    int fd = g_file_open_tmp("tcg-in-asm-XXXXXX", &path, NULL);
    RISCVCPU *cpu;

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    ram_clear();
    put_sum_loop(10);
    g_assert_true(qemu_set_log_filename_flags(path, CPU_LOG_TB_IN_ASM,
                                              &error_abort));
    cpu = cpu_new(0);
    tcg_cpu_init(cpu);
    run_to_wfi(cpu);
    g_assert_true(qemu_set_log_filename_flags(NULL, 0, &error_abort));
    cpu_free(cpu);

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_test_message("%s", text);
    g_assert_nonnull(strstr(text, "----------------\nIN: \n"));
    g_assert_nonnull(strstr(text, "0x0000000080000000:  00000513"));
    g_assert_nonnull(strstr(text, "0x0000000080000020:  10500073"));
    /* The loop body is decoded (and logged) once, not per iteration */
    g_assert_nonnull(strstr(strstr(text, "0x0000000080000008:"), "IN:"));
    g_assert_null(strstr(strstr(strstr(text, "0x0000000080000008:") + 1,
                                "0x0000000080000008:") + 1,
                         "0x0000000080000008:"));
    unlink(path);
}

/*
 * f() at 0x100 returns its constant in a2.  The program calls it, patches
 * its first instruction with the word at DATA + 0x100, runs fence.i,
 * calls it again; both results go to DATA and DATA + 8.
 */
static void test_fence_i(void)
{
    const uint32_t prog[] = {
        AUIPC(T0, 0x10),                /* 0x00: t0 = DATA */
        JAL(RA, 0x100 - 0x04),          /* 0x04: call f */
        SD(A2, T0, 0),                  /* 0x08 */
        LW(T1, T0, 0x100),              /* 0x0c: the new instruction */
        AUIPC(T2, 0),                   /* 0x10: t2 = 0x10 */
        SW(T1, T2, 0x100 - 0x10),       /* 0x14: patch f */
        FENCE_I,                        /* 0x18 */
        JAL(RA, 0x100 - 0x1c),          /* 0x1c: call f again */
        SD(A2, T0, 8),                  /* 0x20 */
        WFI,                            /* 0x24 */
        JAL(ZERO, -4),
    };
    const uint32_t f[] = { ADDI(A2, ZERO, 1), JALR(ZERO, RA, 0) };
    const uint32_t patch = ADDI(A2, ZERO, 2);
    RISCVCPU *cpu;
    TCGCPUStats st;

    ram_clear();
    put_words(RAM_BASE, prog, ARRAY_SIZE(prog));
    put_words(RAM_BASE + 0x100, f, ARRAY_SIZE(f));
    put_words(DATA + 0x100, &patch, 1);
    cpu = cpu_new(0);
    tcg_cpu_init(cpu);
    run_to_wfi(cpu);

    g_assert_cmpuint(get64(DATA), ==, 1);
    g_assert_cmpuint(get64(DATA + 8), ==, 2);
    tcg_cpu_get_stats(cpu, &st);
    g_assert_cmpuint(st.invalidated, >=, 1);
    cpu_free(cpu);
}

/*
 * Code rewritten from outside (as DMA or a loader would) while its
 * blocks are cached: the next run sees the new code.
 */
static void test_code_write_invalidates(void)
{
    const uint32_t prog[] = {
        AUIPC(T0, 0x10),                /* 0x00: t0 = DATA */
        ADDI(A2, ZERO, 7),              /* 0x04: rewritten below */
        SD(A2, T0, 0),                  /* 0x08 */
        WFI,                            /* 0x0c */
        JAL(ZERO, -0x10),               /* 0x10: back to 0 */
    };
    const uint32_t patch = ADDI(A2, ZERO, 9);
    RISCVCPU *cpu;
    TCGCPUStats st;

    ram_clear();
    put_words(RAM_BASE, prog, ARRAY_SIZE(prog));
    cpu = cpu_new(0);
    tcg_cpu_init(cpu);
    run_to_wfi(cpu);
    g_assert_cmpuint(get64(DATA), ==, 7);

    /* Same code again: served from the cache */
    cpu->env.pc = RAM_BASE;
    run_to_wfi(cpu);
    g_assert_cmpuint(get64(DATA), ==, 7);
    tcg_cpu_get_stats(cpu, &st);
    g_assert_cmpuint(st.invalidated, ==, 0);

    put_words(RAM_BASE + 4, &patch, 1);
    cpu->env.pc = RAM_BASE;
    run_to_wfi(cpu);
    g_assert_cmpuint(get64(DATA), ==, 9);
    tcg_cpu_get_stats(cpu, &st);
    g_assert_cmpuint(st.invalidated, >=, 1);
    cpu_free(cpu);
}

/*
 * A chain of 200 blocks (addi; jal to the next) run 20 times with a
 * cache budget too small for all of them: the cache is flushed and the
 * result is still right.
 */
static void test_tb_size_bound(void)
{
    enum { NBLK = 200, REPS = 20 };
    const unsigned long budget = 8 * 1024;
    g_autofree uint32_t *prog = g_new(uint32_t, 2 * NBLK + 8);
    RISCVCPU *cpu;
    TCGCPUStats st;
    int k = 0;

    ram_clear();
    prog[k++] = ADDI(A0, ZERO, 0);
    prog[k++] = ADDI(A1, ZERO, REPS);
    /* 0x08: outer loop */
    for (int i = 0; i < NBLK; i++) {
        prog[k++] = ADDI(A0, A0, 1);
        prog[k++] = JAL(ZERO, 4);
    }
    prog[k++] = ADDI(A1, A1, -1);
    prog[k] = BNE(A1, ZERO, 8 - k * 4);
    k++;
    prog[k] = AUIPC(T0, 0x10);
    prog[k + 1] = ADDI(T0, T0, -(k * 4));
    prog[k + 2] = SD(A0, T0, 0);
    prog[k + 3] = WFI;
    k += 4;
    put_words(RAM_BASE, prog, k);

    tcg_exec_init(budget, false);
    g_assert_cmpuint(tcg_tb_budget(), ==, budget);
    cpu = cpu_new(0);
    tcg_cpu_init(cpu);
    run_to_wfi(cpu);
    tcg_cpu_get_stats(cpu, &st);
    tcg_exec_init(0, false);

    g_test_message("flushes %" PRIu64 " builds %" PRIu64 " bytes %" PRIu64,
                   st.flushes, st.builds, st.bytes);
    g_assert_cmpuint(get64(DATA), ==, NBLK * REPS);
    g_assert_cmpuint(st.flushes, >=, 1);
    g_assert_cmpuint(st.bytes, <=, budget);
    cpu_free(cpu);
}

/* ---- Threads ------------------------------------------------------------ */

/*
 * Enable the machine software interrupt, then wfi in a loop; the handler
 * counts into DATA and masks the interrupt again.
 */
static void test_wfi_wakeup(void)
{
    const uint32_t prog[] = {
        AUIPC(T0, 0),                   /* 0x00 */
        ADDI(T0, T0, 0x40),             /* 0x04: handler at 0x40 */
        CSRRW(ZERO, CSR_MTVEC, T0),     /* 0x08 */
        ADDI(T1, ZERO, 8),              /* 0x0c: MSIE / MIE */
        CSRRS(ZERO, CSR_MIE, T1),       /* 0x10 */
        CSRRS(ZERO, CSR_MSTATUS, T1),   /* 0x14 */
        WFI,                            /* 0x18 */
        JAL(ZERO, -4),                  /* 0x1c */
    };
    const uint32_t handler[] = {
        AUIPC(T2, 0x10),                /* 0x40: t2 = DATA + 0x40 */
        LD(A0, T2, -0x40),
        ADDI(A0, A0, 1),
        SD(A0, T2, -0x40),
        ADDI(T1, ZERO, 8),
        CSRRC(ZERO, CSR_MIE, T1),
        MRET,
    };
    RISCVCPU *cpu;
    uint64_t n;

    ram_clear();
    put_words(RAM_BASE, prog, ARRAY_SIZE(prog));
    put_words(RAM_BASE + 0x40, handler, ARRAY_SIZE(handler));
    cpu = cpu_new(0);
    qemu_init_vcpu(cpu);

    runstate_set(RUN_STATE_RUNNING);
    resume_all_vcpus();
    /* Asleep in wfi: it stops counting instructions */
    WAIT_FOR(qatomic_read(&cpu->env.insn_count) >= 7);
    n = qatomic_read(&cpu->env.insn_count);
    g_usleep(20000);
    g_assert_cmpuint(qatomic_read(&cpu->env.insn_count), ==, n);
    g_assert_cmpuint(peek64(DATA), ==, 0);

    /* An interrupt raised from this thread wakes it */
    riscv_cpu_set_irq(cpu, IRQ_M_SOFT, 1);
    WAIT_FOR(peek64(DATA) == 1);
    riscv_cpu_set_irq(cpu, IRQ_M_SOFT, 0);

    pause_all_vcpus();
    g_assert_true(all_vcpus_paused());
    g_assert_cmpuint(cpu->env.mie & 8, ==, 0);
    runstate_set(RUN_STATE_PAUSED);
    qemu_vcpus_cleanup();
    object_unref(OBJECT(cpu));
}

/* A vCPU counting in a loop is parked and let go again */
static void test_pause_resume(void)
{
    const uint32_t prog[] = {
        AUIPC(T0, 0x10),                /* 0x00: t0 = DATA */
        ADDI(A0, ZERO, 0),
        ADDI(A0, A0, 1),                /* 0x08 loop: */
        SD(A0, T0, 0),
        JAL(ZERO, -8),
    };
    RISCVCPU *cpu;
    uint64_t v;

    ram_clear();
    put_words(RAM_BASE, prog, ARRAY_SIZE(prog));
    cpu = cpu_new(0);
    runstate_set(RUN_STATE_PAUSED);
    qemu_init_vcpu(cpu);

    /* Not running until the VM runs */
    resume_all_vcpus();
    g_usleep(20000);
    g_assert_true(all_vcpus_paused());
    g_assert_cmpuint(qatomic_read(&cpu->env.insn_count), ==, 0);

    runstate_set(RUN_STATE_RUNNING);
    resume_all_vcpus();
    g_assert_false(all_vcpus_paused());
    WAIT_FOR(peek64(DATA) > 1000);

    for (int i = 0; i < 3; i++) {
        pause_all_vcpus();
        g_assert_true(all_vcpus_paused());
        v = peek64(DATA);
        g_usleep(10000);
        g_assert_cmpuint(peek64(DATA), ==, v);
        resume_all_vcpus();
        WAIT_FOR(peek64(DATA) > v + 1000);
    }

    /* Kicks do not disturb the result */
    qemu_cpu_kick(cpu);
    pause_all_vcpus();
    v = peek64(DATA);
    g_assert_cmpuint(cpu->env.gpr[A0], ==, v);
    runstate_set(RUN_STATE_PAUSED);
    qemu_vcpus_cleanup();
    object_unref(OBJECT(cpu));
}

/*
 * Two harts each add 1 to a shared counter 20000 times with amoadd.d
 * and sum their own private loop; then wfi.  Same results with one
 * thread for both as with a thread each.
 */
static void run_two_harts(bool multi)
{
    enum { N = 20000 };
    const uint32_t prog[] = {
        AUIPC(T0, 0x10),                /* 0x00: t0 = DATA */
        CSRRS(A3, CSR_MHARTID, ZERO),   /* 0x04 */
        ADDI(A1, ZERO, 1),              /* 0x08 */
        ADDI(A2, ZERO, 0),              /* 0x0c: private sum */
        enc_i(0x37, T1, 0, 0, 0) | (5u << 12), /* 0x10: lui t1, 5 */
        ADDI(T1, T1, N - 5 * 4096),     /* 0x14: t1 = N */
        AMOADD_D(ZERO, T0, A1),         /* 0x18 loop: */
        ADD(A2, A2, A1),                /* 0x1c */
        ADDI(T1, T1, -1),               /* 0x20 */
        BNE(T1, ZERO, -12),             /* 0x24 */
        ADDI(A3, A3, 1),                /* 0x28: slot 8 * (hartid + 1) */
        ADD(A3, A3, A3),
        ADD(A3, A3, A3),
        ADD(A3, A3, A3),
        ADD(A3, A3, T0),
        SD(A2, A3, 0),                  /* 0x3c */
        WFI,
        JAL(ZERO, -4),
    };
    RISCVCPU *cpu[2];

    ram_clear();
    put_words(RAM_BASE, prog, ARRAY_SIZE(prog));
    runstate_set(RUN_STATE_PAUSED);
    qemu_tcg_set_mttcg(multi);
    for (int i = 0; i < 2; i++) {
        cpu[i] = cpu_new(i);
        qemu_init_vcpu(cpu[i]);
    }
    runstate_set(RUN_STATE_RUNNING);
    resume_all_vcpus();
    WAIT_FOR(peek64(DATA + 8) == N && peek64(DATA + 16) == N);
    g_assert_cmpuint(peek64(DATA), ==, 2 * N);

    pause_all_vcpus();
    runstate_set(RUN_STATE_PAUSED);
    qemu_vcpus_cleanup();
    qemu_tcg_set_mttcg(true);
    for (int i = 0; i < 2; i++) {
        object_unref(OBJECT(cpu[i]));
    }
}

static void test_two_harts_multi(void)
{
    run_two_harts(true);
}

static void test_two_harts_single(void)
{
    run_two_harts(false);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    ram = g_new0(MemoryRegion, 1);
    memory_region_init_ram(ram, NULL, "tcg-test.ram", RAM_SIZE,
                           &error_abort);
    memory_region_add_subregion(get_system_memory(), RAM_BASE, ram);

    g_test_add_func("/tcg/loop", test_loop);
    g_test_add_func("/tcg/one-insn-per-tb", test_one_insn_per_tb);
    g_test_add_func("/tcg/in-asm-log", test_in_asm_log);
    g_test_add_func("/tcg/fence-i", test_fence_i);
    g_test_add_func("/tcg/code-write", test_code_write_invalidates);
    g_test_add_func("/tcg/tb-size", test_tb_size_bound);
    g_test_add_func("/tcg/wfi-wakeup", test_wfi_wakeup);
    g_test_add_func("/tcg/pause-resume", test_pause_resume);
    g_test_add_func("/tcg/two-harts-multi", test_two_harts_multi);
    g_test_add_func("/tcg/two-harts-single", test_two_harts_single);
    return g_test_run();
}
