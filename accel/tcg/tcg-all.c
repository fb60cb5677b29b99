/*
 * The "tcg" accelerator object: its options, handed to the execution
 * engine (exec/cpu-exec.h) and the vCPU threads (system/cpus.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/qdev-properties.h"
#include "qemu/accel.h"
#include "exec/cpu-exec.h"
#include "system/cpus.h"

#define TYPE_TCG_ACCEL ACCEL_CLASS_NAME("tcg")

typedef struct TCGState {
    AccelState parent_obj;

    uint32_t tb_size;           /* translation cache in MiB, 0 = auto */
    char *thread;               /* "single" or "multi" */
    bool split_wx;
    bool one_insn_per_tb;
    bool initialized;
} TCGState;

#define TCG_STATE(obj) OBJECT_CHECK(TCGState, (obj), TYPE_TCG_ACCEL)

static char *tcg_get_thread(Object *obj, Error **errp)
{
    return g_strdup(TCG_STATE(obj)->thread);
}

static void tcg_set_thread(Object *obj, const char *value, Error **errp)
{
    TCGState *s = TCG_STATE(obj);

    if (s->initialized) {
        error_setg(errp, "cannot change property 'thread' of the running "
                   "accelerator");
        return;
    }
    if (strcmp(value, "single") && strcmp(value, "multi")) {
        error_setg(errp, "Invalid 'thread' setting %s: expected 'single' "
                   "or 'multi'", value);
        return;
    }
    g_free(s->thread);
    s->thread = g_strdup(value);
}

static int tcg_init_machine(AccelState *accel, MachineState *ms, Error **errp)
{
    TCGState *s = TCG_STATE(accel);

    s->initialized = true;
    /* tb-size is in MiB; the engine wants bytes */
    tcg_exec_init((unsigned long)s->tb_size * 1024 * 1024,
                  s->one_insn_per_tb);
    qemu_tcg_set_mttcg(!strcmp(s->thread, "multi"));
    return 0;
}

static void tcg_accel_instance_init(Object *obj)
{
    TCG_STATE(obj)->thread = g_strdup("multi");
}

static void tcg_accel_instance_finalize(Object *obj)
{
    g_free(TCG_STATE(obj)->thread);
}

static const Property tcg_accel_properties[] = {
    DEFINE_PROP_UINT32("tb-size", TCGState, tb_size, 0),
    DEFINE_PROP_BOOL("split-wx", TCGState, split_wx, false),
    DEFINE_PROP_BOOL("one-insn-per-tb", TCGState, one_insn_per_tb, false),
};

static void tcg_accel_class_init(ObjectClass *oc, const void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "tcg";
    ac->init_machine = tcg_init_machine;

    object_class_add_props(oc, tcg_accel_properties);
    object_class_property_set_description(oc, "tb-size",
        "TCG translation block cache size in MiB (0: sized automatically)");
    object_class_property_add_str(oc, "thread", tcg_get_thread,
                                  tcg_set_thread);
    object_class_property_set_description(oc, "thread",
        "Run one thread per vCPU (multi) or one for all (single)");
}

static const TypeInfo tcg_accel_info = {
    .name = TYPE_TCG_ACCEL,
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(TCGState),
    .instance_init = tcg_accel_instance_init,
    .instance_finalize = tcg_accel_instance_finalize,
    .class_init = tcg_accel_class_init,
};

static void tcg_accel_register_types(void)
{
    type_register_static(&tcg_accel_info);
}

type_init(tcg_accel_register_types)
