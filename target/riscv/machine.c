/*
 * RISC-V CPU migration state: QEMU's "cpu" section (registers, CSRs,
 * privilege, counters) with subsections for PMP, envcfg, mseccfg, the
 * Sstc timer and the Ibex CSRs.  Derived state (PMP ranges, MMU indexes,
 * TLB, decoded blocks) is rebuilt on load rather than sent.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "migration/vmstate.h"
#include "exec/cpu-exec.h"
#include "target/riscv/internals.h"
#include "target/riscv/machine.h"

static int riscv_cpu_pre_load(void *opaque)
{
    RISCVCPU *cpu = opaque;

    /* Absent subsections mean "zero" on the source. */
    cpu->env.mseccfg = 0;
    return 0;
}

static bool riscv_cpu_post_load(void *opaque, int version_id,
                                Error **errp)
{
    RISCVCPU *cpu = opaque;
    CPURISCVState *env = &cpu->env;

    if (env->priv != PRV_U && env->priv != PRV_S && env->priv != PRV_M) {
        error_setg(errp, "privilege level %" PRIu64 " in the "
                   "migration stream is invalid, expected 0 (U), 1 (S) or "
                   "3 (M)", env->priv);
        return false;
    }
    if (env->priv == PRV_S && !riscv_has_ext(env, RVS)) {
        error_setg(errp, "the stream puts hart %" PRIu64 " in S-mode, "
                   "which this CPU model does not have", env->mhartid);
        return false;
    }
    if (env->frm > 7) {
        error_setg(errp, "rounding mode %u in the migration stream "
                   "is invalid, expected 0..7", env->frm);
        return false;
    }
    env->fflags &= 0x1f;
    env->gpr[0] = 0;

    /* Rebuild what the engine derives from the registers. */
    riscv_pmp_update_rules(env);
    riscv_cpu_update_mmu_idx(env);
    /*
     * Guest RAM and the page tables changed under the TLB and the
     * decoded blocks: drop both.  The VM is stopped, so the vCPU thread
     * is parked and the TLB can be cleared from here; the block cache
     * goes at the vCPU's next block boundary, before it runs anything.
     */
    riscv_cpu_tlb_flush(env);
    tb_flush(cpu);
    return true;
}

static bool pmp_needed(void *opaque)
{
    RISCVCPU *cpu = opaque;

    return cpu->cfg.pmp;
}

static bool pmp_post_load(void *opaque, int version_id, Error **errp)
{
    RISCVCPU *cpu = opaque;

    if (!cpu->cfg.pmp) {
        error_setg(errp, "the stream has PMP state but this CPU "
                   "model has no PMP");
        return false;
    }
    return true;
}

static const VMStateDescription vmstate_pmp = {
    .name = "cpu/pmp",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = pmp_needed,
    .post_load_errp = pmp_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(env.pmpcfg, RISCVCPU, RISCV_PMP_MAX),
        VMSTATE_UINT64_ARRAY(env.pmpaddr, RISCVCPU, RISCV_PMP_MAX),
        VMSTATE_END_OF_LIST()
    }
};

static bool envcfg_needed(void *opaque)
{
    RISCVCPU *cpu = opaque;

    return riscv_has_ext(&cpu->env, RVU) || riscv_has_ext(&cpu->env, RVS);
}

static const VMStateDescription vmstate_envcfg = {
    .name = "cpu/envcfg",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = envcfg_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(env.menvcfg, RISCVCPU),
        VMSTATE_UINT64(env.senvcfg, RISCVCPU),
        VMSTATE_END_OF_LIST()
    }
};

static bool mseccfg_needed(void *opaque)
{
    RISCVCPU *cpu = opaque;

    return cpu->env.mseccfg != 0;
}

static const VMStateDescription vmstate_mseccfg = {
    .name = "cpu/mseccfg",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = mseccfg_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(env.mseccfg, RISCVCPU),
        VMSTATE_END_OF_LIST()
    }
};

static bool sstc_timer_needed(void *opaque)
{
    RISCVCPU *cpu = opaque;

    return cpu->cfg.ext_sstc && cpu->env.stimer;
}

static bool sstc_timer_pre_load(void *opaque, Error **errp)
{
    RISCVCPU *cpu = opaque;

    if (!cpu->env.stimer) {
        error_setg(errp, "the stream has an Sstc timer but this "
                   "CPU model has no Sstc");
        return false;
    }
    return true;
}

static const VMStateDescription vmstate_sstc = {
    .name = "cpu/timer",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = sstc_timer_needed,
    .pre_load_errp = sstc_timer_pre_load,
    .fields = (const VMStateField[]) {
        VMSTATE_TIMER_PTR(env.stimer, RISCVCPU),
        VMSTATE_END_OF_LIST()
    }
};

/* Only the Ibex model sends it, so other models' streams do not change */
static bool ibex_needed(void *opaque)
{
    RISCVCPU *cpu = opaque;

    return cpu->cfg.ibex;
}

static bool ibex_pre_load(void *opaque, Error **errp)
{
    RISCVCPU *cpu = opaque;

    if (!cpu->cfg.ibex) {
        error_setg(errp, "the stream has the Ibex CSRs (cpuctrl) but "
                   "this CPU model is not lowrisc-ibex");
        return false;
    }
    return true;
}

static bool ibex_post_load(void *opaque, int version_id, Error **errp)
{
    RISCVCPU *cpu = opaque;

    /* The bits a guest can set; secureseed keeps no state */
    cpu->env.ibex_cpuctrl &= IBEX_CPUCTRL_MASK;
    return true;
}

static const VMStateDescription vmstate_ibex = {
    .name = "cpu/ibex",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = ibex_needed,
    .pre_load_errp = ibex_pre_load,
    .post_load_errp = ibex_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(env.ibex_cpuctrl, RISCVCPU),
        VMSTATE_END_OF_LIST()
    }
};

const VMStateDescription vmstate_riscv_cpu = {
    .name = "cpu",
    .version_id = 11,
    .minimum_version_id = 11,
    .pre_load = riscv_cpu_pre_load,
    .post_load_errp = riscv_cpu_post_load,
    .fields = (const VMStateField[]) {
        /* gpr[32] is the decoder's x0 sink: not state */
        VMSTATE_UINT64_SUB_ARRAY(env.gpr, RISCVCPU, 0, 32),
        VMSTATE_UINT64_ARRAY(env.fpr, RISCVCPU, 32),
        VMSTATE_UINT64(env.pc, RISCVCPU),
        VMSTATE_UINT64(env.load_res, RISCVCPU),
        VMSTATE_UINT64(env.load_val, RISCVCPU),
        VMSTATE_UINT32(env.frm, RISCVCPU),
        VMSTATE_UINT32(env.fflags, RISCVCPU),
        /* The model must match: XLEN and extensions */
        VMSTATE_UINT64_EQUAL(env.xlen_mask, RISCVCPU,
                             "the CPU models differ in XLEN"),
        VMSTATE_UINT32_EQUAL(env.misa_ext, RISCVCPU,
                             "the CPU models differ in extensions"),
        VMSTATE_UINT64(env.priv, RISCVCPU),
        VMSTATE_UINT64_EQUAL(env.mhartid, RISCVCPU,
                             "harts are matched in creation order"),
        VMSTATE_UINT64(env.mstatus, RISCVCPU),
        VMSTATE_UINT64(env.mip, RISCVCPU),
        VMSTATE_UINT64(env.mip_seip_sw, RISCVCPU),
        VMSTATE_UINT64(env.mie, RISCVCPU),
        VMSTATE_UINT64(env.mideleg, RISCVCPU),
        VMSTATE_UINT64(env.satp, RISCVCPU),
        VMSTATE_UINT64(env.stval, RISCVCPU),
        VMSTATE_UINT64(env.medeleg, RISCVCPU),
        VMSTATE_UINT64(env.stvec, RISCVCPU),
        VMSTATE_UINT64(env.sepc, RISCVCPU),
        VMSTATE_UINT64(env.scause, RISCVCPU),
        VMSTATE_UINT64(env.mtvec, RISCVCPU),
        VMSTATE_UINT64(env.mepc, RISCVCPU),
        VMSTATE_UINT64(env.mcause, RISCVCPU),
        VMSTATE_UINT64(env.mtval, RISCVCPU),
        VMSTATE_UINT32(env.scounteren, RISCVCPU),
        VMSTATE_UINT32(env.mcounteren, RISCVCPU),
        VMSTATE_UINT32(env.mcountinhibit, RISCVCPU),
        VMSTATE_UINT64(env.sscratch, RISCVCPU),
        VMSTATE_UINT64(env.mscratch, RISCVCPU),
        VMSTATE_UINT64(env.stimecmp, RISCVCPU),
        /* mcycle/minstret: the count and the guest's offsets */
        VMSTATE_UINT64(env.insn_count, RISCVCPU),
        VMSTATE_UINT64(env.mcycle_offset, RISCVCPU),
        VMSTATE_UINT64(env.minstret_offset, RISCVCPU),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_pmp,
        &vmstate_envcfg,
        &vmstate_sstc,
        &vmstate_mseccfg,
        &vmstate_ibex,
        NULL
    }
};
