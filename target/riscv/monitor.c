/*
 * HMP commands that look at the harts: info registers, info cpus, cpu,
 * and the memory dumps x (virtual, through the current hart's MMU) and
 * xp (physical), with x/i disassembling.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "monitor/monitor.h"
#include "monitor/hmp.h"
#include "qobject/qdict.h"
#include "system/cpus.h"
#include "target/riscv/cpu.h"

static const char *const int_reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* The hart the monitor looks at; `cpu N` changes it. */
static int monitor_cpu_index;

static RISCVCPU *monitor_cpu(Monitor *mon)
{
    RISCVCPU *cpu = qemu_get_cpu(monitor_cpu_index);

    if (!cpu) {
        monitor_printf(mon, "No CPU available\n");
    }
    return cpu;
}

void hmp_cpu(Monitor *mon, const QDict *qdict)
{
    int index = qdict_get_int(qdict, "index");

    if (!qemu_get_cpu(index)) {
        monitor_printf(mon, "invalid CPU index %d\n", index);
        return;
    }
    monitor_cpu_index = index;
}

void hmp_info_cpus(Monitor *mon, const QDict *qdict)
{
    RISCVCPU *cpu;

    for (int i = 0; (cpu = qemu_get_cpu(i)); i++) {
        monitor_printf(mon, "%c CPU #%d: pc=0x%016" PRIx64 " hartid=%"
                       PRIu64 "\n", i == monitor_cpu_index ? '*' : ' ', i,
                       cpu->env.pc, cpu->env.mhartid);
    }
}

void hmp_info_registers(Monitor *mon, const QDict *qdict)
{
    RISCVCPU *cpu = monitor_cpu(mon);
    CPURISCVState *env;
    static const struct { const char *name; size_t offset; } csrs[] = {
        { "mhartid", offsetof(CPURISCVState, mhartid) },
        { "mstatus", offsetof(CPURISCVState, mstatus) },
        { "mip", offsetof(CPURISCVState, mip) },
        { "mie", offsetof(CPURISCVState, mie) },
        { "mideleg", offsetof(CPURISCVState, mideleg) },
        { "medeleg", offsetof(CPURISCVState, medeleg) },
        { "mtvec", offsetof(CPURISCVState, mtvec) },
        { "stvec", offsetof(CPURISCVState, stvec) },
        { "mepc", offsetof(CPURISCVState, mepc) },
        { "sepc", offsetof(CPURISCVState, sepc) },
        { "mcause", offsetof(CPURISCVState, mcause) },
        { "scause", offsetof(CPURISCVState, scause) },
        { "mtval", offsetof(CPURISCVState, mtval) },
        { "stval", offsetof(CPURISCVState, stval) },
        { "mscratch", offsetof(CPURISCVState, mscratch) },
        { "sscratch", offsetof(CPURISCVState, sscratch) },
        { "satp", offsetof(CPURISCVState, satp) },
    };

    if (!cpu) {
        return;
    }
    env = &cpu->env;
    monitor_printf(mon, " %-8s %016" PRIx64 "\n", "pc", env->pc);
    monitor_printf(mon, " %-8s %" PRIu64 "\n", "priv", env->priv);
    for (size_t i = 0; i < G_N_ELEMENTS(csrs); i++) {
        monitor_printf(mon, " %-8s %016" PRIx64 "\n", csrs[i].name,
                       *(uint64_t *)((char *)env + csrs[i].offset));
    }
    for (int i = 0; i < 32; i++) {
        g_autofree char *name = g_strdup_printf("x%d/%s", i,
                                                int_reg_names[i]);
        monitor_printf(mon, " %-8s %016" PRIx64 "%s", name, env->gpr[i],
                       (i & 3) == 3 ? "\n" : " ");
    }
    if (riscv_has_ext(env, RVF)) {
        for (int i = 0; i < 32; i++) {
            monitor_printf(mon, " f%-7d %016" PRIx64 "%s", i, env->fpr[i],
                           (i & 3) == 3 ? "\n" : " ");
        }
    }
}

/* The little-endian value of @size bytes at @p. */
static uint64_t load_le(const uint8_t *p, int size)
{
    uint64_t v = 0;

    for (int i = size - 1; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

/* Read @len bytes at @addr, virtual through @cpu's MMU or physical. */
static bool dump_read(RISCVCPU *cpu, bool is_physical, uint64_t addr,
                      uint8_t *buf, size_t len)
{
    while (len) {
        uint64_t paddr = addr;
        size_t chunk = MIN(len, 4096 - (addr & 4095));

        if (!is_physical &&
            !riscv_cpu_get_phys_addr_debug(&cpu->env, addr, &paddr)) {
            return false;
        }
        if (address_space_read(&address_space_memory, paddr,
                               MEMTXATTRS_UNSPECIFIED, buf, chunk)
            != MEMTX_OK) {
            return false;
        }
        addr += chunk;
        buf += chunk;
        len -= chunk;
    }
    return true;
}

static void memory_dump(Monitor *mon, const QDict *qdict, bool is_physical)
{
    int count = qdict_get_int(qdict, "count");
    int format = qdict_get_int(qdict, "format");
    int size = qdict_get_int(qdict, "size");
    uint64_t addr = qdict_get_int(qdict, "addr");
    RISCVCPU *cpu = monitor_cpu(mon);
    int xlen;

    if (!cpu) {
        return;
    }
    xlen = riscv_cpu_mxl(&cpu->env) == MXL_RV32 ? 32 : 64;
    if (format == 'i') {
        for (int i = 0; i < count; i++) {
            uint8_t bytes[4] = { 0 };
            char text[64], hex[9];
            uint32_t bits;
            int len;

            if (!dump_read(cpu, is_physical, addr, bytes, 2)) {
                monitor_printf(mon, "Cannot access memory\n");
                return;
            }
            /* Only a 32-bit instruction needs the upper half. */
            if ((bytes[0] & 3) == 3 &&
                !dump_read(cpu, is_physical, addr + 2, bytes + 2, 2)) {
                monitor_printf(mon, "Cannot access memory\n");
                return;
            }
            bits = load_le(bytes, 4);
            len = riscv_disas(bits, xlen, text, sizeof(text));
            snprintf(hex, sizeof(hex), len == 2 ? "%04x" : "%08x",
                     len == 2 ? bits & 0xffff : bits);
            monitor_printf(mon, "0x%016" PRIx64 ":  %-8s  %s\n", addr,
                           hex, text);
            addr += len;
        }
        return;
    }
    if (format == 'c') {
        size = 1;
    }
    for (int i = 0; i < count; i++) {
        uint8_t bytes[8];
        uint64_t v;
        int per_line = 16 / size;

        if (i % per_line == 0) {
            monitor_printf(mon, "%s%016" PRIx64 ":", i ? "\n" : "",
                           addr);
        }
        if (!dump_read(cpu, is_physical, addr, bytes, size)) {
            monitor_printf(mon, " Cannot access memory\n");
            return;
        }
        v = load_le(bytes, size);
        switch (format) {
        case 'x':
            monitor_printf(mon, " 0x%0*" PRIx64, size * 2, v);
            break;
        case 'o':
            monitor_printf(mon, " %#" PRIo64, v);
            break;
        case 'd':
            monitor_printf(mon, " %" PRId64, size == 8 ? (int64_t)v :
                           (int64_t)(v << (64 - 8 * size)) >>
                           (64 - 8 * size));
            break;
        case 'u':
            monitor_printf(mon, " %" PRIu64, v);
            break;
        case 't':
            monitor_printf(mon, " ");
            for (int b = size * 8 - 1; b >= 0; b--) {
                monitor_printf(mon, "%c", (v >> b) & 1 ? '1' : '0');
            }
            break;
        case 'c':
            monitor_printf(mon, " '%c'", g_ascii_isprint(v) ? (int)v : '.');
            break;
        }
        addr += size;
    }
    monitor_printf(mon, "\n");
}

void hmp_memory_dump(Monitor *mon, const QDict *qdict)
{
    memory_dump(mon, qdict, false);
}

void hmp_physical_memory_dump(Monitor *mon, const QDict *qdict)
{
    memory_dump(mon, qdict, true);
}
