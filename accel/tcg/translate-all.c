/*
 * The block cache: decoding guest blocks, finding them again, bounding
 * their memory and dropping them when their code changes.
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "qemu/log.h"
#include "system/ramblock.h"
#include "accel/tcg/tcg-cpu.h"
#include "target/riscv/internals.h"

#define TB_DEFAULT_BUDGET (64UL * 1024 * 1024)
#define TB_HASH_INITIAL 1024

static unsigned long tb_budget = TB_DEFAULT_BUDGET;
static bool one_insn_per_tb;
static unsigned long tb_bytes_total;    /* atomic, all vCPUs */

void tcg_exec_init(unsigned long tb_size, bool one_insn)
{
    tb_budget = tb_size ? tb_size : TB_DEFAULT_BUDGET;
    one_insn_per_tb = one_insn;
}

unsigned long tcg_tb_budget(void)
{
    return tb_budget;
}

static inline size_t tb_hash(uint64_t phys_pc, uint64_t flags, size_t size)
{
    uint64_t h = (phys_pc >> 1) ^ (flags * 0x9e3779b97f4a7c15ULL);

    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h & (size - 1);
}

void tb_cache_init(CPUExecState *s)
{
    s->hsize = TB_HASH_INITIAL;
    s->htable = g_new0(TranslationBlock *, s->hsize);
    s->pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    s->gen = 1;
}

static void tb_free_all(CPUExecState *s)
{
    for (size_t i = 0; i < s->hsize; i++) {
        TranslationBlock *tb = s->htable[i], *next;

        for (; tb; tb = next) {
            next = tb->hash_next;
            g_free(tb);
        }
        s->htable[i] = NULL;
    }
    g_hash_table_remove_all(s->pages);
    qatomic_fetch_sub(&tb_bytes_total, s->stats.bytes);
    s->stats.bytes = 0;
    s->stats.blocks = 0;
    s->gen++;
}

void tb_cache_destroy(CPUExecState *s)
{
    if (!s->htable) {
        return;
    }
    tb_free_all(s);
    g_free(s->htable);
    s->htable = NULL;
    g_hash_table_destroy(s->pages);
    s->pages = NULL;
}

void tb_flush_local(CPUExecState *s)
{
    tb_free_all(s);
    s->stats.flushes++;
}

static void tb_hash_remove(CPUExecState *s, TranslationBlock *tb)
{
    TranslationBlock **p = &s->htable[tb_hash(tb->phys_pc, tb->flags,
                                              s->hsize)];

    for (; *p; p = &(*p)->hash_next) {
        if (*p == tb) {
            *p = tb->hash_next;
            return;
        }
    }
}

void tb_invalidate_page_local(CPUExecState *s, ram_addr_t page)
{
    gpointer key = (gpointer)(uintptr_t)(page >> TB_PAGE_BITS);
    TranslationBlock *tb = g_hash_table_lookup(s->pages, key), *next;

    if (!tb) {
        return;
    }
    g_hash_table_remove(s->pages, key);
    for (; tb; tb = next) {
        next = tb->page_next;
        tb_hash_remove(s, tb);
        s->stats.bytes -= tb->alloc_size;
        s->stats.blocks--;
        s->stats.invalidated++;
        qatomic_fetch_sub(&tb_bytes_total, tb->alloc_size);
        g_free(tb);
    }
    s->gen++;           /* links to the freed blocks become stale */
}

static void tb_hash_grow(CPUExecState *s)
{
    size_t nsize = s->hsize * 2;
    TranslationBlock **nt = g_new0(TranslationBlock *, nsize);

    for (size_t i = 0; i < s->hsize; i++) {
        TranslationBlock *tb = s->htable[i], *next;

        for (; tb; tb = next) {
            size_t h = tb_hash(tb->phys_pc, tb->flags, nsize);
            next = tb->hash_next;
            tb->hash_next = nt[h];
            nt[h] = tb;
        }
    }
    g_free(s->htable);
    s->htable = nt;
    s->hsize = nsize;
}

static void tb_log_in_asm(CPUExecState *s, TranslationBlock *tb,
                          uint64_t vpc)
{
    FILE *f = qemu_log_trylock();
    int xlen = s->env->xl32 ? 32 : 64;
    char buf[128];

    fprintf(f, "----------------\nIN: \nPriv: %u; Virt: 0\n",
            (unsigned)s->env->priv);
    for (unsigned i = 0; i < tb->b.n; i++) {
        const RISCVInsn *in = &tb->b.insns[i];

        riscv_disas(in->raw, xlen, buf, sizeof(buf));
        if (in->len == 2) {
            fprintf(f, "0x%016" PRIx64 ":  %04x                %s\n",
                    vpc, in->raw & 0xffff, buf);
        } else {
            fprintf(f, "0x%016" PRIx64 ":  %08x            %s\n",
                    vpc, in->raw, buf);
        }
        vpc += in->len;
    }
    fprintf(f, "\n");
    qemu_log_unlock(f);
}

static void tb_request_flush_one(CPUExecState *s, void *opaque)
{
    if (s != opaque) {
        tcg_cpu_request_work(s, CPU_WORK_TB_FLUSH);
    }
}

/* Make room for @size more bytes: a full flush when over the budget. */
static void tb_reserve(CPUExecState *s, size_t size)
{
    if (qatomic_read(&tb_bytes_total) + size <= tb_budget) {
        return;
    }
    tb_flush_local(s);
    if (qatomic_read(&tb_bytes_total) + size > tb_budget) {
        /* The others hold the space: they flush at their next boundary */
        tcg_cpu_foreach(tb_request_flush_one, s);
    }
}

/*
 * Decode the block at virtual @vpc, physical @phys_pc, whose page is at
 * @host_page in RAM page @ram_page.
 */
static TranslationBlock *tb_gen_code(CPUExecState *s, uint64_t vpc,
                                     uint64_t phys_pc, uint64_t flags,
                                     const uint8_t *host_page,
                                     ram_addr_t ram_page)
{
    CPURISCVState *env = s->env;
    RISCVInsn insns[TB_MAX_INSNS];
    unsigned off = phys_pc & ~TB_PAGE_MASK, n = 0;
    unsigned max = one_insn_per_tb ? 1 : TB_MAX_INSNS;
    TranslationBlock *tb, **head;
    gpointer key;
    size_t size;

    /*
     * From now on a write to the page invalidates what we decode (and
     * makes the TLBs drop their write fast path to it).
     */
    cpu_physical_memory_test_and_clear_dirty(ram_page, TB_PAGE_SIZE,
                                             DIRTY_MEMORY_CODE);
    while (n < max && off + 2 <= TB_PAGE_SIZE) {
        uint32_t bits = ld_le(host_page + off, 2);
        unsigned len = (bits & 3) == 3 ? 4 : 2;

        if (off + len > TB_PAGE_SIZE) {
            break;              /* across the page: run it uncached */
        }
        if (len == 4) {
            bits |= (uint32_t)ld_le(host_page + off + 2, 2) << 16;
        }
        riscv_decode(env, bits, &insns[n]);
        off += len;
        if (riscv_op_ends_block(insns[n++].op)) {
            break;
        }
    }
    if (!n) {
        return NULL;
    }

    /* One more instruction: the executor's sentinel */
    size = sizeof(TranslationBlock) + (n + 1) * sizeof(RISCVInsn);
    tb_reserve(s, size);
    tb = g_malloc0(size);
    tb->phys_pc = phys_pc;
    tb->flags = flags;
    tb->ram_page = ram_page;
    tb->alloc_size = size;
    tb->b.n = n;
    memcpy(tb->b.insns, insns, n * sizeof(RISCVInsn));
    riscv_block_prepare(env, &tb->b);

    if (s->stats.blocks >= s->hsize) {
        tb_hash_grow(s);
    }
    head = &s->htable[tb_hash(phys_pc, flags, s->hsize)];
    tb->hash_next = *head;
    *head = tb;
    key = (gpointer)(uintptr_t)(ram_page >> TB_PAGE_BITS);
    tb->page_next = g_hash_table_lookup(s->pages, key);
    g_hash_table_insert(s->pages, key, tb);

    s->stats.builds++;
    s->stats.blocks++;
    s->stats.bytes += size;
    qatomic_fetch_add(&tb_bytes_total, size);

    if (qemu_loglevel_mask(CPU_LOG_TB_IN_ASM)) {
        tb_log_in_asm(s, tb, vpc);
    }
    return tb;
}

TranslationBlock *tb_lookup(CPUExecState *s, bool *trapped)
{
    CPURISCVState *env = s->env;
    uint64_t pc = env->pc;
    uint64_t page = pc & TB_PAGE_MASK;
    int idx = env->mmu_idx_fetch;
    uint64_t epoch = tb_link_epoch(s);
    TBLink *jc = &s->jc[(pc >> 1) & (TB_JMP_CACHE_SIZE - 1)];
    uint64_t flags, phys_pc;
    RISCVTLBEntry *e;
    TranslationBlock *tb;
    RAMBlock *block;
    ram_addr_t offset;
    uint8_t *host;

    *trapped = false;
    if (jc->pc == pc && jc->epoch == epoch && jc->tb) {
        s->stats.jc_hits++;
        return jc->tb;
    }

    /* Translate pc through the TLB, filling it if needed */
    e = tlb_entry(env, idx, pc);
    if (e->tag_exec != page) {
        uint64_t pa;

        if (!riscv_probe_access(env, pc, 2, MMU_INST_FETCH, &host, &pa)) {
            *trapped = true;
            return NULL;
        }
        if (e->tag_exec != page) {
            return NULL;        /* MMIO or PMP inside the page */
        }
    }
    phys_pc = e->paddr | (pc & ~TB_PAGE_MASK);
    flags = tb_flags(env);

    s->stats.lookups++;
    for (tb = s->htable[tb_hash(phys_pc, flags, s->hsize)]; tb;
         tb = tb->hash_next) {
        if (tb->phys_pc == phys_pc && tb->flags == flags) {
            break;
        }
    }
    if (!tb) {
        host = (uint8_t *)(uintptr_t)(page + e->addend);
        block = qemu_ram_block_from_host(host, true, &offset);
        if (!block) {
            return NULL;        /* not guest RAM: no way to track writes */
        }
        tb = tb_gen_code(s, pc, phys_pc, flags, host, block->offset + offset);
        if (!tb) {
            return NULL;
        }
    }
    jc->pc = pc;
    jc->epoch = tb_link_epoch(s);   /* decoding may have freed blocks */
    jc->tb = tb;
    return tb;
}
