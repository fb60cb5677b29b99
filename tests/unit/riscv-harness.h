/*
 * Test harness for the RISC-V CPU tests: a CPU on a flat RAM, and
 * instruction encoders.
 */
#ifndef TESTS_RISCV_HARNESS_H
#define TESTS_RISCV_HARNESS_H

#include "qapi/error.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "target/riscv/cpu.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (4 * 1024 * 1024)
#define MMIO_BASE 0x10000000ULL     /* one 4 KiB MMIO page */

typedef struct Harness {
    RISCVCPU *cpu;
    CPURISCVState *env;
    uint8_t *ram;
    uint64_t mmio_reg[512];
    int mmio_writes;
    uint64_t time;
} Harness;

static bool h_read(void *opaque, uint64_t addr, unsigned size, uint64_t *val)
{
    Harness *h = opaque;

    if (addr >= RAM_BASE && addr + size <= RAM_BASE + RAM_SIZE) {
        uint64_t v = 0;
        memcpy(&v, h->ram + (addr - RAM_BASE), size);
        *val = v;
        return true;
    }
    if (addr >= MMIO_BASE && addr + size <= MMIO_BASE + 4096) {
        *val = h->mmio_reg[(addr - MMIO_BASE) / 8] & (size == 8 ? ~0ULL :
               ((1ULL << (8 * size)) - 1));
        return true;
    }
    return false;
}

static bool h_write(void *opaque, uint64_t addr, unsigned size, uint64_t val)
{
    Harness *h = opaque;

    if (addr >= RAM_BASE && addr + size <= RAM_BASE + RAM_SIZE) {
        memcpy(h->ram + (addr - RAM_BASE), &val, size);
        return true;
    }
    if (addr >= MMIO_BASE && addr + size <= MMIO_BASE + 4096) {
        h->mmio_reg[(addr - MMIO_BASE) / 8] = val;
        h->mmio_writes++;
        return true;
    }
    return false;
}

static uint8_t *h_host_ptr(void *opaque, uint64_t page, bool is_write)
{
    Harness *h = opaque;

    if (page >= RAM_BASE && page < RAM_BASE + RAM_SIZE) {
        return h->ram + (page - RAM_BASE);
    }
    return NULL;
}

static const RISCVMemOps h_mem_ops = {
    .read = h_read,
    .write = h_write,
    .host_ptr = h_host_ptr,
};

static uint64_t h_rdtime(void *opaque)
{
    return ((Harness *)opaque)->time;
}

static inline Harness *harness_new(const char *model)
{
    Harness *h = g_new0(Harness, 1);
    g_autofree char *type = riscv_cpu_type_name_from_model(model,
                                                           &error_abort);
    DeviceState *dev = DEVICE(object_new(type));

    qdev_prop_set_uint64(dev, "resetvec", RAM_BASE);
    h->ram = g_malloc0(RAM_SIZE);
    h->cpu = RISCV_CPU(dev);
    h->env = &h->cpu->env;
    riscv_cpu_set_mem_ops(h->cpu, &h_mem_ops, h);
    riscv_cpu_set_rdtime_fn(h->env, h_rdtime, h);
    qdev_realize(dev, NULL, &error_abort);
    return h;
}

static inline void harness_free(Harness *h)
{
    object_unref(OBJECT(h->cpu));
    g_free(h->ram);
    g_free(h);
}

static inline void put32(Harness *h, uint64_t addr, uint32_t v)
{
    memcpy(h->ram + (addr - RAM_BASE), &v, 4);
}

static inline void put16(Harness *h, uint64_t addr, uint16_t v)
{
    memcpy(h->ram + (addr - RAM_BASE), &v, 2);
}

static inline uint64_t get64(Harness *h, uint64_t addr)
{
    uint64_t v;
    memcpy(&v, h->ram + (addr - RAM_BASE), 8);
    return v;
}

static inline void put64(Harness *h, uint64_t addr, uint64_t v)
{
    memcpy(h->ram + (addr - RAM_BASE), &v, 8);
}

/* Place @insn at pc and execute it */
static inline RISCVExecStatus run_insn(Harness *h, uint32_t insn)
{
    g_assert_cmphex(h->env->pc, >=, RAM_BASE);
    g_assert_cmphex(h->env->pc, <, RAM_BASE + RAM_SIZE - 4);
    if ((insn & 3) == 3) {
        put32(h, h->env->pc, insn);
    } else {
        put16(h, h->env->pc, insn);
    }
    return riscv_cpu_step(h->env);
}

/* Encoders */
static inline uint32_t enc_r(uint32_t op, int rd, int f3, int rs1, int rs2,
                             int f7)
{
    return op | rd << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 |
           (uint32_t)f7 << 25;
}

static inline uint32_t enc_i(uint32_t op, int rd, int f3, int rs1,
                             int32_t imm)
{
    return op | rd << 7 | f3 << 12 | rs1 << 15 | (uint32_t)imm << 20;
}

static inline uint32_t enc_s(uint32_t op, int f3, int rs1, int rs2,
                             int32_t imm)
{
    return op | (imm & 0x1f) << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 |
           ((uint32_t)imm >> 5) << 25;
}

static inline uint32_t enc_b(int f3, int rs1, int rs2, int32_t imm)
{
    uint32_t u = imm;
    return 0x63 | ((u >> 11) & 1) << 7 | ((u >> 1) & 0xf) << 8 | f3 << 12 |
           rs1 << 15 | rs2 << 20 | ((u >> 5) & 0x3f) << 25 |
           ((u >> 12) & 1) << 31;
}

static inline uint32_t enc_j(int rd, int32_t imm)
{
    uint32_t u = imm;
    return 0x6f | rd << 7 | ((u >> 12) & 0xff) << 12 | ((u >> 11) & 1) << 20 |
           ((u >> 1) & 0x3ff) << 21 | ((u >> 20) & 1) << 31;
}

#define I_ADDI(rd, rs1, imm)  enc_i(0x13, rd, 0, rs1, imm)
#define I_CSRRW(rd, csr, rs1) enc_i(0x73, rd, 1, rs1, csr)
#define I_CSRRS(rd, csr, rs1) enc_i(0x73, rd, 2, rs1, csr)
#define I_CSRRC(rd, csr, rs1) enc_i(0x73, rd, 3, rs1, csr)
#define I_LD(rd, rs1, imm)    enc_i(0x03, rd, 3, rs1, imm)
#define I_LW(rd, rs1, imm)    enc_i(0x03, rd, 2, rs1, imm)
#define I_SD(rs2, rs1, imm)   enc_s(0x23, 3, rs1, rs2, imm)
#define I_SW(rs2, rs1, imm)   enc_s(0x23, 2, rs1, rs2, imm)
#define I_ECALL   0x00000073
#define I_EBREAK  0x00100073
#define I_MRET    0x30200073
#define I_SRET    0x10200073
#define I_WFI     0x10500073
#define I_SFENCE  0x12000073

#endif
