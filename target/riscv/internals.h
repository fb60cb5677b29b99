/*
 * RISC-V CPU: declarations shared by the files of target/riscv only.
 */
#ifndef RISCV_INTERNALS_H
#define RISCV_INTERNALS_H

#include "target/riscv/cpu.h"

#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ULL << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(TARGET_PAGE_SIZE - 1))

/* MMU indexes: which TLB a translation lives in */
#define MMUIDX_U        0
#define MMUIDX_S        1
#define MMUIDX_S_SUM    2
#define MMUIDX_M        3

static inline uint64_t sext32(uint64_t v)
{
    return (uint64_t)(int64_t)(int32_t)v;
}

static inline uint64_t get_field(uint64_t reg, uint64_t mask)
{
    return (reg & mask) / (mask & ~(mask << 1));
}

static inline uint64_t set_field(uint64_t reg, uint64_t mask, uint64_t val)
{
    return (reg & ~mask) | ((val * (mask & ~(mask << 1))) & mask);
}

static inline int riscv_priv_mmu_idx(const CPURISCVState *env, uint64_t priv)
{
    if (priv == PRV_M) {
        return MMUIDX_M;
    }
    if (priv == PRV_S) {
        return (env->mstatus & MSTATUS_SUM) ? MMUIDX_S_SUM : MMUIDX_S;
    }
    return MMUIDX_U;
}

static inline uint64_t riscv_mmu_idx_priv(int mmu_idx)
{
    return mmu_idx == MMUIDX_M ? PRV_M : mmu_idx == MMUIDX_U ? PRV_U : PRV_S;
}

/* Recompute the cached MMU indexes after priv or mstatus changed. */
static inline void riscv_cpu_update_mmu_idx(CPURISCVState *env)
{
    uint64_t dpriv = env->priv;

    if (dpriv == PRV_M && (env->mstatus & MSTATUS_MPRV)) {
        dpriv = get_field(env->mstatus, MSTATUS_MPP);
    }
    env->mmu_idx_fetch = riscv_priv_mmu_idx(env, env->priv);
    env->mmu_idx_data = riscv_priv_mmu_idx(env, dpriv);
}

/* mmu.c: slow paths, taking the trap on failure */
bool riscv_load_slow(CPURISCVState *env, uint64_t addr, unsigned size,
                     uint64_t *val);
bool riscv_store_slow(CPURISCVState *env, uint64_t addr, unsigned size,
                      uint64_t val);
bool riscv_fetch16_slow(CPURISCVState *env, uint64_t addr, uint32_t *val);

/*
 * Translate an access of @size bytes (not crossing a page) for @access,
 * taking the trap on failure.  On success *host is the host address if
 * the byte range is RAM, else NULL and *paddr the physical address.
 */
bool riscv_probe_access(CPURISCVState *env, uint64_t addr, unsigned size,
                        RISCVAccessType access, uint8_t **host,
                        uint64_t *paddr);

/* Physical access through the board's callbacks (any alignment) */
bool riscv_phys_read(CPURISCVState *env, uint64_t paddr, unsigned size,
                     uint64_t *val);
bool riscv_phys_write(CPURISCVState *env, uint64_t paddr, unsigned size,
                      uint64_t val);

static inline uint64_t ld_le(const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1:
        return *p;
    case 2: {
        uint16_t v;
        memcpy(&v, p, 2);
        return GUINT16_FROM_LE(v);
    }
    case 4: {
        uint32_t v;
        memcpy(&v, p, 4);
        return GUINT32_FROM_LE(v);
    }
    default: {
        uint64_t v;
        memcpy(&v, p, 8);
        return GUINT64_FROM_LE(v);
    }
    }
}

static inline void st_le(uint8_t *p, unsigned size, uint64_t val)
{
    switch (size) {
    case 1:
        *p = val;
        break;
    case 2: {
        uint16_t v = GUINT16_TO_LE(val);
        memcpy(p, &v, 2);
        break;
    }
    case 4: {
        uint32_t v = GUINT32_TO_LE(val);
        memcpy(p, &v, 4);
        break;
    }
    default: {
        uint64_t v = GUINT64_TO_LE(val);
        memcpy(p, &v, 8);
        break;
    }
    }
}

/*
 * Slot of the page of @addr in a direct-mapped TLB.  Higher page number
 * bits are folded in so that buffers a power-of-two apart (a copy from
 * one 1 MiB array to the next) do not fight over the same slot.
 */
static inline unsigned tlb_index(uint64_t addr)
{
    uint64_t page = addr >> TARGET_PAGE_BITS;

    return (page ^ (page >> RISCV_TLB_BITS)) & (RISCV_TLB_SIZE - 1);
}

static inline RISCVTLBEntry *tlb_entry(CPURISCVState *env, int mmu_idx,
                                       uint64_t addr)
{
    return &env->tlb[mmu_idx][tlb_index(addr)];
}

/* Load @size bytes (zero-extended) from virtual @addr; false: trapped */
static inline bool riscv_load(CPURISCVState *env, uint64_t addr,
                              unsigned size, uint64_t *val)
{
    RISCVTLBEntry *e = tlb_entry(env, env->mmu_idx_data, addr);

    if (likely(e->tag_read == (addr & TARGET_PAGE_MASK) &&
               (addr & ~TARGET_PAGE_MASK) + size <= TARGET_PAGE_SIZE)) {
        *val = ld_le((const uint8_t *)(uintptr_t)(addr + e->addend), size);
        return true;
    }
    return riscv_load_slow(env, addr, size, val);
}

/* Store @size bytes to virtual @addr; false: trapped */
static inline bool riscv_store(CPURISCVState *env, uint64_t addr,
                               unsigned size, uint64_t val)
{
    RISCVTLBEntry *e = tlb_entry(env, env->mmu_idx_data, addr);

    if (likely(e->tag_write == (addr & TARGET_PAGE_MASK) &&
               (addr & ~TARGET_PAGE_MASK) + size <= TARGET_PAGE_SIZE)) {
        st_le((uint8_t *)(uintptr_t)(addr + e->addend), size, val);
        return true;
    }
    return riscv_store_slow(env, addr, size, val);
}

/*
 * execute.c: run block @b (decoded at env->pc and prepared with
 * riscv_block_prepare()) until an instruction leaves the straight line.
 * Each executed instruction is counted in env->insn_count (a trapping
 * one is not).  A block that ends in RISCV_EXEC_NEXT or RISCV_EXEC_JUMP
 * goes on into the successor linked for the new pc, as @chain allows.
 * Returns the status of the last instruction run.
 */
RISCVExecStatus riscv_execute_block_rv64(CPURISCVState *env, RISCVBlock *b,
                                         RISCVChainCtx *chain);
RISCVExecStatus riscv_execute_block_rv32(CPURISCVState *env, RISCVBlock *b,
                                         RISCVChainCtx *chain);

static inline RISCVExecStatus riscv_execute_block(CPURISCVState *env,
                                                  RISCVBlock *b,
                                                  RISCVChainCtx *chain)
{
    return env->xl32 ? riscv_execute_block_rv32(env, b, chain)
                     : riscv_execute_block_rv64(env, b, chain);
}

/*
 * Make @b (b->n decoded instructions followed by room for one more) ready
 * for the executor of the current XLEN: per-instruction offsets and
 * dispatch addresses, and the sentinel after the last instruction.
 */
void riscv_block_prepare(const CPURISCVState *env, RISCVBlock *b);

/* pmp.c */
void riscv_pmp_update_rules(CPURISCVState *env);
/* May @priv access [addr, addr + size) for @access? */
bool riscv_pmp_check(CPURISCVState *env, uint64_t addr, unsigned size,
                     RISCVAccessType access, uint64_t priv);
/*
 * If the PMP decision is the same for the whole page at @page for
 * @priv, store the allowed PMP_READ/WRITE/EXEC in *prot, return true.
 */
bool riscv_pmp_page_prot(CPURISCVState *env, uint64_t page, uint64_t priv,
                         int *prot);
uint64_t riscv_pmpcfg_read(CPURISCVState *env, int reg);
void riscv_pmpcfg_write(CPURISCVState *env, int reg, uint64_t val);
uint64_t riscv_pmpaddr_read(CPURISCVState *env, int idx);
void riscv_pmpaddr_write(CPURISCVState *env, int idx, uint64_t val);

/* cpu_helper.c */
void riscv_raise_exception(CPURISCVState *env, RISCVException cause,
                           uint64_t tval);
uint64_t riscv_cpu_read_mip(CPURISCVState *env);
RISCVExecStatus riscv_do_mret(CPURISCVState *env, const RISCVInsn *insn);
RISCVExecStatus riscv_do_sret(CPURISCVState *env, const RISCVInsn *insn);
RISCVExecStatus riscv_do_wfi(CPURISCVState *env, const RISCVInsn *insn);
RISCVExecStatus riscv_do_sfence_vma(CPURISCVState *env,
                                    const RISCVInsn *insn);
uint64_t riscv_cpu_read_time(CPURISCVState *env);

/* fpu_helper.c: execute an F/D instruction (RISCV_OP_FLW..FMV_D_X) */
RISCVExecStatus riscv_fp_execute(CPURISCVState *env, const RISCVInsn *in);
/* Set mstatus.FS (and SD) to Dirty after the FP state changed. */
void riscv_fp_mark_dirty(CPURISCVState *env);

#endif
