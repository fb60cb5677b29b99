/*
 * The execution loop: find the block at pc (through its predecessor's
 * chain, the jump cache or the hash table), run it, and handle the
 * requests of other threads and interrupts at block boundaries.
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "system/cpus.h"
#include "accel/tcg/tcg-cpu.h"
#include "target/riscv/internals.h"

#define INVAL_QUEUE_MAX 64

__thread CPUExecState *tcg_current_cpu;

/* Every vCPU with engine state; the lock guards the array only */
static GMutex tcg_cpus_lock;
static GPtrArray *tcg_cpus;

CPUExecState *tcg_cpu_state(RISCVCPU *cpu)
{
    CPUExecState *found = NULL;

    g_mutex_lock(&tcg_cpus_lock);
    for (guint i = 0; tcg_cpus && i < tcg_cpus->len; i++) {
        CPUExecState *s = g_ptr_array_index(tcg_cpus, i);
        if (s->cpu == cpu) {
            found = s;
            break;
        }
    }
    g_mutex_unlock(&tcg_cpus_lock);
    return found;
}

void tcg_cpu_foreach(void (*fn)(CPUExecState *s, void *opaque),
                     void *opaque)
{
    g_mutex_lock(&tcg_cpus_lock);
    for (guint i = 0; tcg_cpus && i < tcg_cpus->len; i++) {
        fn(g_ptr_array_index(tcg_cpus, i), opaque);
    }
    g_mutex_unlock(&tcg_cpus_lock);
}

void tcg_cpu_request_work(CPUExecState *s, unsigned work_bits)
{
    qatomic_fetch_or(&s->work, work_bits);
}

static void kick_fn(void *opaque)
{
    qemu_cpu_kick_state(opaque);
}

void tcg_cpu_init(RISCVCPU *cpu)
{
    CPUExecState *s;

    if (tcg_cpu_state(cpu)) {
        return;
    }
    tcg_memops_init();
    s = g_new0(CPUExecState, 1);
    s->cpu = cpu;
    s->env = &cpu->env;
    tb_cache_init(s);
    g_mutex_init(&s->inval_lock);
    s->inval_pages = g_array_new(false, false, sizeof(ram_addr_t));
    s->wp_ranges = g_array_new(false, false, sizeof(TCGHostRange));
    riscv_cpu_set_mem_ops(cpu, &tcg_mem_ops, s);
    riscv_cpu_set_kick_fn(&cpu->env, kick_fn, s);

    g_mutex_lock(&tcg_cpus_lock);
    if (!tcg_cpus) {
        tcg_cpus = g_ptr_array_new();
    }
    g_ptr_array_add(tcg_cpus, s);
    g_mutex_unlock(&tcg_cpus_lock);
}

void tcg_cpu_destroy(RISCVCPU *cpu)
{
    CPUExecState *s = tcg_cpu_state(cpu);

    if (!s) {
        return;
    }
    g_mutex_lock(&tcg_cpus_lock);
    g_ptr_array_remove(tcg_cpus, s);
    if (!tcg_cpus->len) {
        g_ptr_array_free(tcg_cpus, true);
        tcg_cpus = NULL;
    }
    g_mutex_unlock(&tcg_cpus_lock);
    riscv_cpu_set_kick_fn(&cpu->env, NULL, NULL);
    riscv_cpu_set_mem_ops(cpu, NULL, NULL);
    tb_cache_destroy(s);
    g_array_free(s->inval_pages, true);
    g_array_free(s->wp_ranges, true);
    g_mutex_clear(&s->inval_lock);
    g_free(s);
}

void cpu_exit(RISCVCPU *cpu)
{
    CPUExecState *s = tcg_cpu_state(cpu);

    if (s) {
        qatomic_set(&s->exit_request, 1);
    }
}

void tb_flush(RISCVCPU *cpu)
{
    CPUExecState *s = tcg_cpu_state(cpu);

    if (s) {
        tcg_cpu_request_work(s, CPU_WORK_TB_FLUSH);
    }
}

static void flush_one(CPUExecState *s, void *opaque)
{
    tcg_cpu_request_work(s, CPU_WORK_TB_FLUSH);
}

void tb_flush_all(void)
{
    tcg_cpu_foreach(flush_one, NULL);
}

typedef struct InvalRange {
    ram_addr_t start, end;
} InvalRange;

static void invalidate_one(CPUExecState *s, void *opaque)
{
    InvalRange *r = opaque;
    ram_addr_t page = r->start & TB_PAGE_MASK;

    g_mutex_lock(&s->inval_lock);
    for (; page < r->end; page += TB_PAGE_SIZE) {
        if (s->inval_pages->len >= INVAL_QUEUE_MAX) {
            s->inval_overflow = true;
            break;
        }
        g_array_append_val(s->inval_pages, page);
    }
    g_mutex_unlock(&s->inval_lock);
    tcg_cpu_request_work(s, CPU_WORK_INVALIDATE);
}

void tb_invalidate_phys_range(ram_addr_t start, ram_addr_t end)
{
    InvalRange r = { start, end };

    if (start < end) {
        tcg_cpu_foreach(invalidate_one, &r);
    }
}

static void write_protect_one(CPUExecState *s, void *opaque)
{
    TCGHostRange *r = opaque;

    g_mutex_lock(&s->inval_lock);
    if (s->wp_ranges->len >= INVAL_QUEUE_MAX) {
        s->wp_overflow = true;
    } else {
        g_array_append_val(s->wp_ranges, *r);
    }
    g_mutex_unlock(&s->inval_lock);
    tcg_cpu_request_work(s, CPU_WORK_WRITE_PROT);
}

void tcg_cpus_write_protect(uintptr_t start, uintptr_t end)
{
    TCGHostRange r = { start, end };

    if (start < end) {
        tcg_cpu_foreach(write_protect_one, &r);
    }
}

/* Drop the TLB write fast paths of @s into the queued host ranges. */
static void tlb_write_protect(CPUExecState *s, GArray *ranges)
{
    CPURISCVState *env = s->env;

    for (int i = 0; i < RISCV_MMU_IDX_COUNT; i++) {
        for (int j = 0; j < RISCV_TLB_ENTRIES; j++) {
            RISCVTLBEntry *e = &env->tlb[i][j];
            uintptr_t host;

            if (e->tag_write & (TLB_INVALID | TLB_MMIO)) {
                continue;
            }
            host = (uintptr_t)(e->tag_write & TB_PAGE_MASK) + e->addend;
            for (guint k = 0; k < ranges->len; k++) {
                TCGHostRange *r = &g_array_index(ranges, TCGHostRange, k);
                if (host < r->end && host + TB_PAGE_SIZE > r->start) {
                    e->tag_write = TLB_INVALID;
                    break;
                }
            }
        }
    }
}

void tcg_cpu_get_stats(RISCVCPU *cpu, TCGCPUStats *stats)
{
    CPUExecState *s = tcg_cpu_state(cpu);

    memset(stats, 0, sizeof(*stats));
    if (s) {
        *stats = s->stats;
    }
}

/* Handle what other threads asked for; we are at a block boundary. */
static void cpu_handle_work(CPUExecState *s)
{
    unsigned work = qatomic_xchg(&s->work, 0);

    if (work & CPU_WORK_INVALIDATE) {
        g_autoptr(GArray) pages = NULL;
        bool overflow;

        g_mutex_lock(&s->inval_lock);
        pages = s->inval_pages;
        s->inval_pages = g_array_new(false, false, sizeof(ram_addr_t));
        overflow = s->inval_overflow;
        s->inval_overflow = false;
        g_mutex_unlock(&s->inval_lock);
        if (overflow) {
            work |= CPU_WORK_TB_FLUSH;
        } else {
            for (guint i = 0; i < pages->len; i++) {
                tb_invalidate_page_local(s,
                                         g_array_index(pages, ram_addr_t, i));
            }
        }
    }
    if (work & CPU_WORK_WRITE_PROT) {
        g_autoptr(GArray) ranges = NULL;

        g_mutex_lock(&s->inval_lock);
        ranges = s->wp_ranges;
        s->wp_ranges = g_array_new(false, false, sizeof(TCGHostRange));
        if (s->wp_overflow) {
            work |= CPU_WORK_TLB_FLUSH;
        }
        s->wp_overflow = false;
        g_mutex_unlock(&s->inval_lock);
        if (!(work & CPU_WORK_TLB_FLUSH)) {
            tlb_write_protect(s, ranges);
        }
    }
    if (work & CPU_WORK_TB_FLUSH) {
        tb_flush_local(s);
    }
    if (work & CPU_WORK_TLB_FLUSH) {
        riscv_cpu_tlb_flush(s->env);
    }
}

/* riscv_cpu_has_work() without the call: checked between block runs */
static inline bool cpu_has_irq(CPURISCVState *env)
{
    return ((__atomic_load_n(&env->mip, __ATOMIC_ACQUIRE) |
             (env->mip_seip_sw & MIP_SEIP)) & env->mie) != 0;
}

/* The block @l leads to at @pc in link epoch @epoch, or NULL */
static inline TranslationBlock *link_follow(const RISCVBlockLink *l,
                                            uint64_t pc, uint64_t epoch)
{
    return l->pc == pc && l->epoch == epoch && l->next ?
           tb_from_block(l->next) : NULL;
}

/* Remember @tb as the successor of @last at @pc: newest in slot 0 */
static inline void link_set(TranslationBlock *last, uint64_t pc,
                            uint64_t epoch, TranslationBlock *tb)
{
    last->b.exits[1] = last->b.exits[0];
    last->b.exits[0] = (RISCVBlockLink){
        .pc = pc, .epoch = epoch, .next = &tb->b,
    };
}

/*
 * Run @tb and the blocks linked after it while nobody asks us to stop.
 * Blocks ending in RISCV_EXEC_NEXT or RISCV_EXEC_JUMP change neither
 * privilege nor translation nor the block cache, so the link epoch holds
 * and no interrupt can have become enabled; an interrupt raised
 * meanwhile kicks us (exit_request).  Returns the status of the last
 * instruction run; *last is the block it was in.
 */
static inline RISCVExecStatus tb_run_chain(CPUExecState *s,
                                           TranslationBlock *tb,
                                           TranslationBlock **last,
                                           uint64_t limit)
{
    RISCVChainCtx c = {
        .exit_request = &s->exit_request,
        .work = &s->work,
        .insn_limit = limit,
        .epoch = tb_link_epoch(s),
    };
    RISCVExecStatus st = riscv_execute_block(s->env, &tb->b, &c);

    s->stats.chain_hits += c.chained;
    *last = tb_from_block(c.last);
    return st;
}

int cpu_exec(RISCVCPU *cpu, int64_t max_insns)
{
    CPUExecState *s = tcg_cpu_state(cpu);
    CPURISCVState *env = &cpu->env;
    CPUExecState *saved = tcg_current_cpu;
    TranslationBlock *last = NULL;
    uint64_t limit;
    int ret = EXCP_INTERRUPT;

    if (!s) {
        return EXCP_INTERRUPT;
    }
    limit = max_insns >= 0 ? env->insn_count + max_insns : UINT64_MAX;
    tcg_current_cpu = s;
    for (;;) {
        TranslationBlock *tb = NULL;
        RISCVExecStatus st;
        uint64_t epoch;
        bool trapped;

        if (unlikely(qatomic_read(&s->work))) {
            cpu_handle_work(s);
            last = NULL;
        }
        if (unlikely(qatomic_read(&s->exit_request))) {
            qatomic_set(&s->exit_request, 0);
            break;
        }
        if (env->insn_count >= limit) {
            break;
        }
        if (unlikely(cpu_has_irq(env)) &&
            riscv_cpu_exec_interrupt(env)) {
            last = NULL;
        }

        /* Successor of the previous block, as chained last time */
        epoch = tb_link_epoch(s);
        if (last) {
            tb = link_follow(&last->b.exits[0], env->pc, epoch);
            if (!tb) {
                tb = link_follow(&last->b.exits[1], env->pc, epoch);
            }
            if (tb) {
                s->stats.chain_hits++;
            }
        }
        if (!tb) {
            uint64_t gen = s->gen;

            tb = tb_lookup(s, &trapped);
            if (s->gen != gen) {
                last = NULL;    /* the cache was flushed to make room */
            }
            if (unlikely(qatomic_read(&s->work))) {
                /* Decoding asked for a TLB flush: do it before running */
                last = NULL;
                continue;
            }
            if (trapped) {
                last = NULL;
                continue;
            }
            if (tb && last) {
                link_set(last, env->pc, tb_link_epoch(s), tb);
            }
        }

        if (tb) {
            st = tb_run_chain(s, tb, &last, limit);
        } else {
            /* Uncached: MMIO code, PMP inside the page, page crossing */
            s->stats.slow_steps++;
            st = riscv_cpu_step(env);
            last = NULL;
        }

        /*
         * fence.i needs nothing here: code writes are tracked per page
         * and the queued invalidations are applied at the next boundary.
         */
        if (st == RISCV_EXEC_WFI && !riscv_cpu_has_work(env)) {
            ret = EXCP_HLT;
            break;
        }
    }
    tcg_current_cpu = saved;
    return ret;
}
