/*
 * RISC-V physical memory protection (PMP): TOR, NA4 and NAPOT regions
 * with the lock bit, checked on physical accesses.
 */
#include "qemu/osdep.h"
#include "target/riscv/internals.h"

static inline int pmp_amatch(uint8_t cfg)
{
    return (cfg & PMP_AMATCH) >> PMP_AMATCH_SHIFT;
}

static inline bool pmp_locked(CPURISCVState *env, int i)
{
    return env->pmpcfg[i] & PMP_LOCK;
}

void riscv_pmp_update_rules(CPURISCVState *env)
{
    int n = env_archcpu(env)->cfg.pmp_regions;

    env->pmp_active = false;
    for (int i = 0; i < n; i++) {
        uint64_t a = env->pmpaddr[i];
        uint64_t prev = i ? env->pmpaddr[i - 1] : 0;

        switch (pmp_amatch(env->pmpcfg[i])) {
        case PMP_AMATCH_TOR:
            env->pmp_sa[i] = prev << 2;
            env->pmp_ea[i] = (a << 2) - 1;
            if ((a << 2) <= (prev << 2)) {
                env->pmp_sa[i] = 1;     /* empty: matches nothing */
                env->pmp_ea[i] = 0;
            }
            break;
        case PMP_AMATCH_NA4:
            env->pmp_sa[i] = a << 2;
            env->pmp_ea[i] = (a << 2) + 3;
            break;
        case PMP_AMATCH_NAPOT: {
            int t = __builtin_ctzll(~a);    /* trailing ones */
            if (t >= 62) {
                env->pmp_sa[i] = 0;
                env->pmp_ea[i] = UINT64_MAX;
            } else {
                uint64_t size = 1ULL << (t + 3);
                env->pmp_sa[i] = (a << 2) & ~(size - 1);
                env->pmp_ea[i] = env->pmp_sa[i] + size - 1;
            }
            break;
        }
        default:
            env->pmp_sa[i] = 1;
            env->pmp_ea[i] = 0;
            continue;
        }
        env->pmp_active = true;
    }
}

static int pmp_entry_prot(CPURISCVState *env, int i, uint64_t priv)
{
    if (priv == PRV_M && !pmp_locked(env, i)) {
        return PMP_READ | PMP_WRITE | PMP_EXEC;
    }
    return env->pmpcfg[i] & (PMP_READ | PMP_WRITE | PMP_EXEC);
}

static int pmp_default_prot(CPURISCVState *env, uint64_t priv)
{
    RISCVCPU *cpu = env_archcpu(env);

    if (priv == PRV_M || !cpu->cfg.pmp || cpu->cfg.pmp_regions == 0) {
        return PMP_READ | PMP_WRITE | PMP_EXEC;
    }
    return 0;
}

bool riscv_pmp_check(CPURISCVState *env, uint64_t addr, unsigned size,
                     RISCVAccessType access, uint64_t priv)
{
    int need = access == MMU_DATA_LOAD ? PMP_READ :
               access == MMU_DATA_STORE ? PMP_WRITE : PMP_EXEC;
    uint64_t last = addr + size - 1;
    int n = env_archcpu(env)->cfg.pmp_regions;

    if (env->pmp_active) {
        for (int i = 0; i < n; i++) {
            uint64_t sa = env->pmp_sa[i], ea = env->pmp_ea[i];

            if (sa > ea || last < sa || addr > ea) {
                continue;
            }
            if (addr < sa || last > ea) {
                return false;       /* matches only some bytes */
            }
            return pmp_entry_prot(env, i, priv) & need;
        }
    }
    return pmp_default_prot(env, priv) & need;
}

bool riscv_pmp_page_prot(CPURISCVState *env, uint64_t page, uint64_t priv,
                         int *prot)
{
    uint64_t last = page + (1ULL << TARGET_PAGE_BITS) - 1;
    int n = env_archcpu(env)->cfg.pmp_regions;

    if (env->pmp_active) {
        for (int i = 0; i < n; i++) {
            uint64_t sa = env->pmp_sa[i], ea = env->pmp_ea[i];

            if (sa > ea || last < sa || page > ea) {
                continue;
            }
            if (page < sa || last > ea) {
                return false;
            }
            *prot = pmp_entry_prot(env, i, priv);
            return true;
        }
    }
    *prot = pmp_default_prot(env, priv);
    return true;
}

/* Entries held by pmpcfg register @reg */
static int cfg_per_reg(CPURISCVState *env)
{
    return env->xl32 ? 4 : 8;
}

uint64_t riscv_pmpcfg_read(CPURISCVState *env, int reg)
{
    uint64_t v = 0;
    int k = cfg_per_reg(env);

    for (int j = 0; j < k; j++) {
        int i = reg * 4 + j;
        if (i < RISCV_PMP_MAX) {
            v |= (uint64_t)env->pmpcfg[i] << (8 * j);
        }
    }
    return v;
}

void riscv_pmpcfg_write(CPURISCVState *env, int reg, uint64_t val)
{
    int k = cfg_per_reg(env);
    int n = env_archcpu(env)->cfg.pmp_regions;

    for (int j = 0; j < k; j++) {
        int i = reg * 4 + j;
        uint8_t cfg = val >> (8 * j);

        if (i >= n || pmp_locked(env, i)) {
            continue;
        }
        if ((cfg & (PMP_READ | PMP_WRITE)) == PMP_WRITE) {
            continue;               /* R=0 W=1 is reserved: keep */
        }
        env->pmpcfg[i] = cfg & (PMP_LOCK | PMP_AMATCH | PMP_READ |
                                PMP_WRITE | PMP_EXEC);
    }
    riscv_pmp_update_rules(env);
    riscv_cpu_tlb_flush(env);
}

uint64_t riscv_pmpaddr_read(CPURISCVState *env, int idx)
{
    return idx < env_archcpu(env)->cfg.pmp_regions ? env->pmpaddr[idx] : 0;
}

void riscv_pmpaddr_write(CPURISCVState *env, int idx, uint64_t val)
{
    int n = env_archcpu(env)->cfg.pmp_regions;

    if (idx >= n || pmp_locked(env, idx)) {
        return;
    }
    /* A locked TOR entry also locks the address below it */
    if (idx + 1 < n && pmp_locked(env, idx + 1) &&
        pmp_amatch(env->pmpcfg[idx + 1]) == PMP_AMATCH_TOR) {
        return;
    }
    env->pmpaddr[idx] = val & (env->xl32 ? 0xffffffffULL
                                         : (1ULL << 54) - 1);
    riscv_pmp_update_rules(env);
    riscv_cpu_tlb_flush(env);
}
