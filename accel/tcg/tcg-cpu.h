/*
 * Per-vCPU state of the execution engine, shared by accel/tcg and the
 * vCPU threads (system/cpus.c).  Not a public header.
 */
#ifndef ACCEL_TCG_CPU_H
#define ACCEL_TCG_CPU_H

#include "exec/cpu-exec.h"
#include "target/riscv/cpu.h"

#define TB_PAGE_BITS 12
#define TB_PAGE_SIZE (1ULL << TB_PAGE_BITS)
#define TB_PAGE_MASK (~(TB_PAGE_SIZE - 1))
#define TB_MAX_INSNS 256            /* at most a page of compressed code */
#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)

typedef struct TranslationBlock TranslationBlock;

/*
 * A cached link from a virtual pc to a block.  It is valid while the
 * link epoch of the vCPU is the one it was made with: the epoch changes
 * whenever blocks are freed, the TLB is flushed or the fetch MMU index
 * changes, so within one epoch pc still maps to the same code.
 */
typedef struct TBLink {
    uint64_t pc;
    uint64_t epoch;
    TranslationBlock *tb;
} TBLink;

struct TranslationBlock {
    uint64_t phys_pc;
    uint64_t flags;             /* decoding mode: MXL and misa */
    ram_addr_t ram_page;        /* RAM page the code came from */
    TranslationBlock *hash_next;
    TranslationBlock *page_next;
    size_t alloc_size;
    RISCVBlock b;               /* last: links and instructions */
};

static inline TranslationBlock *tb_from_block(RISCVBlock *b)
{
    return container_of(b, TranslationBlock, b);
}

/* Bits of CPUExecState.work: requests handled at a block boundary */
#define CPU_WORK_TLB_FLUSH  0x1u
#define CPU_WORK_TB_FLUSH   0x2u
#define CPU_WORK_INVALIDATE 0x4u
#define CPU_WORK_WRITE_PROT 0x8u

/* Host range whose TLB write fast paths must go */
typedef struct TCGHostRange {
    uintptr_t start, end;
} TCGHostRange;

typedef struct VCPUThread VCPUThread;

typedef struct CPUExecState {
    RISCVCPU *cpu;
    CPURISCVState *env;

    /* Block cache: only the thread running this vCPU touches it */
    TranslationBlock **htable;
    size_t hsize;               /* buckets, a power of 2 */
    GHashTable *pages;          /* ram page -> first block of it */
    uint64_t gen;               /* bumped whenever blocks are freed */
    /*
     * Epoch of TBLink (tb_link_epoch()): what gen, the TLB flush count
     * and the fetch MMU index were when it was last computed.
     */
    uint64_t epoch;
    uint64_t epoch_gen;
    uint64_t epoch_flush_count;
    uint64_t epoch_flags;
    uint8_t epoch_mmu_idx;
    TBLink jc[TB_JMP_CACHE_SIZE];
    TCGCPUStats stats;

    /* Requests from other threads */
    int exit_request;           /* atomic */
    unsigned work;              /* atomic CPU_WORK_* */
    GMutex inval_lock;
    GArray *inval_pages;        /* ram_addr_t pages to drop */
    bool inval_overflow;        /* too many: flush instead */
    GArray *wp_ranges;          /* TCGHostRange, under inval_lock */
    bool wp_overflow;           /* too many: flush the TLB instead */

    /* vCPU thread (system/cpus.c), under its lock */
    VCPUThread *thread;
    bool halted;                /* in wfi without work */
} CPUExecState;

/* The engine state of @cpu, or NULL before tcg_cpu_init(). */
CPUExecState *tcg_cpu_state(RISCVCPU *cpu);

/* Call @fn for every vCPU with engine state (any thread). */
void tcg_cpu_foreach(void (*fn)(CPUExecState *s, void *opaque),
                     void *opaque);

/* Ask @s to handle @work_bits at its next block boundary. */
void tcg_cpu_request_work(CPUExecState *s, unsigned work_bits);

/* The RISCVMemOps the engine gives every vCPU (accel/tcg/tcg-memops.c). */
extern const RISCVMemOps tcg_mem_ops;

/* Install the memory listener and RAM dirty hooks once. */
void tcg_memops_init(void);

/*
 * Make every vCPU drop, at its next block boundary, the TLB write fast
 * paths into host memory [@start, @end).
 */
void tcg_cpus_write_protect(uintptr_t start, uintptr_t end);

/* The decoding mode blocks are cached for: MXL and misa */
static inline uint64_t tb_flags(const CPURISCVState *env)
{
    return (uint64_t)env->misa_mxl << 32 | env->misa_ext;
}

/*
 * The current link epoch of @s: bumped when blocks were freed, the TLB
 * flushed, the fetch MMU index or the decoding mode changed since the
 * last call.  Block
 * execution that ends in RISCV_EXEC_NEXT or RISCV_EXEC_JUMP changes none
 * of them, so the executor may keep it across such blocks.
 */
static inline uint64_t tb_link_epoch(CPUExecState *s)
{
    const CPURISCVState *env = s->env;

    uint64_t flags = tb_flags(env);

    if (unlikely(s->gen != s->epoch_gen ||
                 env->tlb_flush_count != s->epoch_flush_count ||
                 env->mmu_idx_fetch != s->epoch_mmu_idx ||
                 flags != s->epoch_flags)) {
        s->epoch_gen = s->gen;
        s->epoch_flush_count = env->tlb_flush_count;
        s->epoch_mmu_idx = env->mmu_idx_fetch;
        s->epoch_flags = flags;
        s->epoch++;
    }
    return s->epoch;
}

/* Block cache (accel/tcg/translate-all.c) */
void tb_cache_init(CPUExecState *s);
void tb_cache_destroy(CPUExecState *s);
void tb_flush_local(CPUExecState *s);
void tb_invalidate_page_local(CPUExecState *s, ram_addr_t page);
/*
 * The block at env->pc, decoding it if needed.  NULL if the code there
 * cannot be cached (MMIO, a page split by PMP, an instruction across a
 * page) or the fetch trapped (*trapped set; pc is at the handler).
 */
TranslationBlock *tb_lookup(CPUExecState *s, bool *trapped);

/* qemu_cpu_kick() of the vCPU @s (system/cpus.c). */
void qemu_cpu_kick_state(CPUExecState *s);

/* Hook for the vCPU threads: the vCPU @s of the calling thread. */
extern __thread CPUExecState *tcg_current_cpu;

#endif
