/*
 * RISC-V CPU as a QOM device: the abstract "riscv-cpu" type, the CPU
 * models, their properties, reset and the model list.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/qemu-print.h"
#include "hw/qdev-properties.h"
#include "target/riscv/internals.h"
#include "target/riscv/machine.h"

/* rv64 and rv32 are RV64GC / RV32GC (IMAFDC, Zicsr, Zifencei) + S, U */
static const RISCVCPUDef rv64_def = {
    .misa_mxl = MXL_RV64,
    .misa_ext = RVI | RVM | RVA | RVF | RVD | RVC | RVS | RVU,
    .mmu = true, .pmp = true, .sstc = true,
    .max_satp_mode = VM_1_10_SV48,
};

static const RISCVCPUDef rv32_def = {
    .misa_mxl = MXL_RV32,
    .misa_ext = RVI | RVM | RVA | RVF | RVD | RVC | RVS | RVU,
    .mmu = true, .pmp = true, .sstc = true,
    .max_satp_mode = VM_1_10_SV32,
};

/*
 * lowRISC Ibex: RV32IMC with M and U modes, PMP, no MMU.  It boots at
 * boot address + 0x80 (OpenTitan's ROM: 0x8000), its mtvec is always
 * vectored, and marchid 22 is lowRISC's.
 */
static const RISCVCPUDef ibex_def = {
    .misa_mxl = MXL_RV32,
    .misa_ext = RVI | RVM | RVC | RVU,
    .mmu = false, .pmp = true, .sstc = false,
    .max_satp_mode = VM_1_10_MBARE,
    .resetvec = 0x8080, .marchid = 22, .ibex = true,
};

/* marchid and mimpid carry the emulator version, as QEMU's do */
static uint64_t version_id(void)
{
    unsigned major = 0, minor = 0, micro = 0;

    sscanf(QEMU_VERSION, "%u.%u.%u", &major, &minor, &micro);
    return (major << 16) | (minor << 8) | micro;
}

void riscv_cpu_reset(RISCVCPU *cpu)
{
    CPURISCVState *env = &cpu->env;

    memset(env->gpr, 0, sizeof(env->gpr));
    memset(env->fpr, 0, sizeof(env->fpr));
    env->priv = PRV_M;
    env->pc = env->resetvec & env->xlen_mask;
    env->mstatus = 0;
    if (!env->xl32) {
        env->mstatus = set_field(env->mstatus, MSTATUS_UXL, MXL_RV64);
        env->mstatus = set_field(env->mstatus, MSTATUS_SXL, MXL_RV64);
    }
    env->medeleg = env->mideleg = 0;
    env->mie = 0;
    __atomic_store_n(&env->mip, 0, __ATOMIC_RELEASE);
    env->mip_seip_sw = 0;
    env->mtvec = env->stvec = 0;
    if (cpu->cfg.ibex) {
        /* vectored, at the boot address (resetvec - 0x80) */
        env->mtvec = ((env->resetvec - 0x80) & ~0xffULL) | 1;
        env->ibex_cpuctrl = 0;
    }
    env->mscratch = env->sscratch = 0;
    env->mepc = env->sepc = 0;
    env->mcause = env->scause = 0;
    env->mtval = env->stval = 0;
    env->mcounteren = env->scounteren = 0;
    env->mcountinhibit = 0;
    /* Hardware A/D updates on (QEMU's default Svadu) */
    env->menvcfg = 1ULL << 61;
    env->senvcfg = 0;
    env->mseccfg = 0;
    env->stimecmp = 0;
    env->satp = 0;
    env->load_res = -1;
    env->load_val = 0;
    env->fflags = env->frm = 0;
    env->insn_count = 0;
    env->mcycle_offset = env->minstret_offset = 0;
    memset(env->pmpcfg, 0, sizeof(env->pmpcfg));
    memset(env->pmpaddr, 0, sizeof(env->pmpaddr));
    riscv_pmp_update_rules(env);
    riscv_cpu_tlb_flush(env);
    riscv_cpu_update_mmu_idx(env);
    if (env->stimer) {
        timer_del(env->stimer);
    }
}

static void riscv_cpu_legacy_reset(DeviceState *dev)
{
    riscv_cpu_reset(RISCV_CPU(dev));
}

static void riscv_cpu_stimer_cb(void *opaque)
{
    RISCVCPU *cpu = opaque;

    riscv_cpu_sstc_update(&cpu->env);
}

static void riscv_cpu_init(Object *obj)
{
    RISCVCPU *cpu = RISCV_CPU(obj);
    RISCVCPUClass *rcc = RISCV_CPU_GET_CLASS(obj);
    const RISCVCPUDef *def = rcc->def;
    CPURISCVState *env = &cpu->env;

    if (!def) {
        return;
    }
    env->misa_mxl = def->misa_mxl;
    env->misa_ext = def->misa_ext;
    env->xl32 = def->misa_mxl == MXL_RV32;
    env->xlen_mask = env->xl32 ? 0xffffffffULL : ~0ULL;
    env->timebase_freq = 10000000;
    cpu->cfg.mmu = def->mmu;
    cpu->cfg.pmp = def->pmp;
    cpu->cfg.pmp_regions = def->pmp ? 16 : 0;
    cpu->cfg.ext_sstc = def->sstc;
    cpu->cfg.ext_zicsr = true;
    cpu->cfg.ext_zifencei = true;
    cpu->cfg.max_satp_mode = def->max_satp_mode;
    cpu->cfg.mvendorid = 0;
    cpu->cfg.marchid = version_id();
    cpu->cfg.mimpid = version_id();
    if (def->marchid) {
        cpu->cfg.marchid = def->marchid;
        cpu->cfg.mimpid = 0;
    }
    if (def->resetvec) {
        env->resetvec = def->resetvec;  /* the property's default */
    }
    cpu->cfg.ibex = def->ibex;
    riscv_cpu_tlb_flush(env);
}

static void riscv_cpu_finalize(Object *obj)
{
    RISCVCPU *cpu = RISCV_CPU(obj);

    if (cpu->env.stimer) {
        timer_free(cpu->env.stimer);
        cpu->env.stimer = NULL;
    }
}

static void riscv_cpu_realize(DeviceState *dev, Error **errp)
{
    RISCVCPU *cpu = RISCV_CPU(dev);

    if (cpu->cfg.ext_sstc && !cpu->env.stimer) {
        cpu->env.stimer = timer_new_ns(QEMU_CLOCK_VIRTUAL,
                                       riscv_cpu_stimer_cb, cpu);
    }
    riscv_cpu_reset(cpu);
}

static const Property riscv_cpu_properties[] = {
    DEFINE_PROP_UINT64("hartid", RISCVCPU, env.mhartid, 0),
    DEFINE_PROP_UINT64("resetvec", RISCVCPU, env.resetvec, DEFAULT_RSTVEC),
};

static void riscv_cpu_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = riscv_cpu_realize;
    dc->user_creatable = false;
    dc->desc = "RISC-V CPU";
    dc->vmsd = &vmstate_riscv_cpu;
    dc->categories[0] |= 1UL << DEVICE_CATEGORY_CPU;
    device_class_set_legacy_reset(dc, riscv_cpu_legacy_reset);
    device_class_set_props(dc, riscv_cpu_properties);
}

static void riscv_cpu_model_class_init(ObjectClass *oc, const void *data)
{
    RISCV_CPU_CLASS(oc)->def = data;
}

#define DEFINE_RISCV_CPU(type_name, model_def) {    \
        .name = (type_name),                        \
        .parent = TYPE_RISCV_CPU,                   \
        .class_init = riscv_cpu_model_class_init,   \
        .class_data = (model_def),                  \
    }

static const TypeInfo riscv_cpu_type_infos[] = {
    {
        .name = TYPE_RISCV_CPU,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(RISCVCPU),
        .instance_align = __alignof__(RISCVCPU),
        .instance_init = riscv_cpu_init,
        .instance_finalize = riscv_cpu_finalize,
        .abstract = true,
        .class_size = sizeof(RISCVCPUClass),
        .class_init = riscv_cpu_class_init,
    },
    DEFINE_RISCV_CPU(TYPE_RISCV_CPU_BASE64, &rv64_def),
    DEFINE_RISCV_CPU(TYPE_RISCV_CPU_BASE32, &rv32_def),
    DEFINE_RISCV_CPU(TYPE_RISCV_CPU_IBEX, &ibex_def),
};

DEFINE_TYPES(riscv_cpu_type_infos)

/* ---- Models ---------------------------------------------------------- */

static char *model_from_type(const char *type_name)
{
    size_t len = strlen(type_name), sfx = strlen(RISCV_CPU_TYPE_SUFFIX);

    if (len > sfx && !strcmp(type_name + len - sfx, RISCV_CPU_TYPE_SUFFIX)) {
        return g_strndup(type_name, len - sfx);
    }
    return g_strdup(type_name);
}

ObjectClass *riscv_cpu_class_by_name(const char *cpu_model)
{
    g_autofree char *model = g_strndup(cpu_model, strcspn(cpu_model, ","));
    g_autofree char *type_name = g_strdup_printf(RISCV_CPU_TYPE_NAME("%s"),
                                                 model);
    ObjectClass *oc = object_class_by_name(type_name);

    oc = object_class_dynamic_cast(oc, TYPE_RISCV_CPU);
    if (oc && object_class_is_abstract(oc)) {
        return NULL;
    }
    return oc;
}

void riscv_cpu_list(void)
{
    GSList *list = object_class_get_list_sorted(TYPE_RISCV_CPU, false);

    qemu_printf("Available CPUs:\n");
    for (GSList *l = list; l; l = l->next) {
        g_autofree char *model =
            model_from_type(object_class_get_name(l->data));
        qemu_printf("  %s\n", model);
    }
    g_slist_free(list);
}

char *riscv_cpu_type_name_from_model(const char *cpu_model, Error **errp)
{
    ObjectClass *oc = riscv_cpu_class_by_name(cpu_model);
    GSList *list, *l;
    GString *names;

    if (oc) {
        return g_strdup(object_class_get_name(oc));
    }
    error_setg(errp, "unable to find CPU model '%.*s'",
               (int)strcspn(cpu_model, ","), cpu_model);
    list = object_class_get_list_sorted(TYPE_RISCV_CPU, false);
    names = g_string_new(NULL);
    for (l = list; l; l = l->next) {
        g_autofree char *model =
            model_from_type(object_class_get_name(l->data));
        g_string_append_printf(names, "%s%s", names->len ? ", " : "", model);
    }
    error_append_hint(errp, "The valid models are: %s\n", names->str);
    g_string_free(names, true);
    g_slist_free(list);
    return NULL;
}

/* ---- Board hooks ----------------------------------------------------- */

void riscv_cpu_set_mem_ops(RISCVCPU *cpu, const RISCVMemOps *ops,
                           void *opaque)
{
    cpu->env.mem_ops = ops;
    cpu->env.mem_opaque = opaque;
    riscv_cpu_tlb_flush(&cpu->env);
}

void riscv_cpu_set_rdtime_fn(CPURISCVState *env, uint64_t (*fn)(void *),
                             void *arg)
{
    env->rdtime_fn = fn;
    env->rdtime_fn_arg = arg;
}

void riscv_cpu_set_timebase_freq(CPURISCVState *env, uint64_t hz)
{
    env->timebase_freq = hz;
}

void riscv_cpu_set_kick_fn(CPURISCVState *env, void (*fn)(void *),
                           void *arg)
{
    env->kick_fn = fn;
    env->kick_fn_arg = arg;
}
