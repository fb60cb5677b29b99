/*
 * The execution engine of the "tcg" accelerator: cached pre-decoded
 * guest blocks ("translation blocks") run through riscv_execute().
 *
 * Each vCPU has its own block cache, so looking a block up or running it
 * needs no lock.  A block holds the consecutive instructions of one guest
 * page up to one that ends a block, keyed by the physical pc and the
 * decoding mode (MXL, misa).  Blocks are chained to their successors;
 * writes to RAM pages holding cached code (the DIRTY_MEMORY_CODE bitmap)
 * invalidate them at the next block boundary of every vCPU.
 *
 * The vCPU threads themselves are in system/cpus.c (system/cpus.h).
 */
#ifndef EXEC_CPU_EXEC_H
#define EXEC_CPU_EXEC_H

#include "exec/ram_addr.h"
#include "target/riscv/cpu.h"

/* cpu_exec() results, numbered as QEMU's */
#define EXCP_INTERRUPT  0x10000     /* exit request (kick) or budget spent */
#define EXCP_HLT        0x10001     /* wfi with no pending interrupt */

/* Counters of one vCPU's block cache, for tests and statistics. */
typedef struct TCGCPUStats {
    uint64_t lookups;       /* hash table lookups */
    uint64_t jc_hits;       /* found through the per-pc jump cache */
    uint64_t chain_hits;    /* followed a chained successor */
    uint64_t builds;        /* blocks decoded */
    uint64_t slow_steps;    /* instructions run uncached */
    uint64_t flushes;       /* whole-cache flushes */
    uint64_t invalidated;   /* blocks dropped by code writes */
    uint64_t blocks;        /* blocks currently cached */
    uint64_t bytes;         /* bytes they take */
} TCGCPUStats;

/*
 * tcg_exec_init: configure the engine (the tcg accelerator does this).
 * @tb_size: cache budget in bytes for all vCPUs together (0: 64 MiB).
 * @one_insn_per_tb: every block holds a single instruction.
 */
void tcg_exec_init(unsigned long tb_size, bool one_insn_per_tb);

/* tcg_tb_budget: the cache budget in bytes in force. */
unsigned long tcg_tb_budget(void);

/*
 * tcg_cpu_init: attach the engine to @cpu: its physical memory becomes
 * address_space_memory (RISCVMemOps over the memory API, with the RAM
 * fast path and dirty tracking) and its kick function qemu_cpu_kick().
 * Idempotent.  qemu_init_vcpu() calls it; tests may call it alone and
 * run cpu_exec() on their own thread.
 */
void tcg_cpu_init(RISCVCPU *cpu);

/*
 * tcg_cpu_destroy: detach the engine from @cpu and free its block cache.
 * The vCPU must not run (no thread, or stopped for good).
 */
void tcg_cpu_destroy(RISCVCPU *cpu);

/*
 * cpu_exec: run @cpu on the calling thread, block after block, until an
 * exit request (cpu_exit/qemu_cpu_kick), until about @max_insns
 * instructions ran (< 0: no limit), or until wfi finds no pending
 * interrupt.  Interrupts are taken at block boundaries.  Returns
 * EXCP_INTERRUPT or EXCP_HLT.
 */
int cpu_exec(RISCVCPU *cpu, int64_t max_insns);

/* cpu_exit: make cpu_exec() of @cpu return at its next block boundary. */
void cpu_exit(RISCVCPU *cpu);

/* tb_flush: drop every cached block of @cpu (done at a block boundary). */
void tb_flush(RISCVCPU *cpu);

/* tb_flush_all: tb_flush() on every vCPU. */
void tb_flush_all(void);

/*
 * tb_invalidate_phys_range: RAM [@start, @end) (ram_addr_t) changed
 * behind the CPUs' back: drop the blocks decoded from it on every vCPU.
 */
void tb_invalidate_phys_range(ram_addr_t start, ram_addr_t end);

/* tcg_cpu_get_stats: @cpu's cache counters (any thread; approximate). */
void tcg_cpu_get_stats(RISCVCPU *cpu, TCGCPUStats *stats);

#endif
