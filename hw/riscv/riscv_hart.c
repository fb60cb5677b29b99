/*
 * RISC-V hart array: creates the harts of one socket.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "hw/riscv/riscv_hart.h"
#include "system/runstate.h"

static void riscv_harts_cpu_reset(void *opaque)
{
    device_cold_reset(DEVICE(opaque));
}

static bool riscv_hart_realize(RISCVHartArrayState *s, int idx,
                               Error **errp)
{
    g_autofree char *name = g_strdup_printf("harts[%d]", idx);
    RISCVCPU *cpu = &s->harts[idx];

    object_initialize_child(OBJECT(s), name, cpu, s->cpu_type);
    if (!object_property_set_uint(OBJECT(cpu), "hartid",
                                  s->hartid_base + idx, errp) ||
        !object_property_set_uint(OBJECT(cpu), "resetvec", s->resetvec,
                                  errp)) {
        return false;
    }
    /* The interrupt lines of the hart, numbered as the mip bits */
    qdev_init_gpio_in(DEVICE(cpu), riscv_cpu_set_irq, IRQ_LOCAL_MAX);
    if (!qdev_realize(DEVICE(cpu), NULL, errp)) {
        return false;
    }
    qemu_register_reset(riscv_harts_cpu_reset, cpu);
    return true;
}

static void riscv_harts_realize(DeviceState *dev, Error **errp)
{
    RISCVHartArrayState *s = RISCV_HART_ARRAY(dev);
    ObjectClass *oc;

    if (!s->num_harts) {
        error_setg(errp, "num-harts must be at least 1");
        return;
    }
    if (!s->cpu_type) {
        error_setg(errp, "cpu-type must be set");
        return;
    }
    oc = object_class_by_name(s->cpu_type);
    if (!oc || !object_class_dynamic_cast(oc, TYPE_RISCV_CPU) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "cpu-type '%s' is not a RISC-V CPU model",
                   s->cpu_type);
        return;
    }
    /* Every CPU model has the RISCVCPU layout, so one array holds them */
    s->harts = g_new0(RISCVCPU, s->num_harts);
    for (uint32_t i = 0; i < s->num_harts; i++) {
        if (!riscv_hart_realize(s, i, errp)) {
            return;
        }
    }
}

static const Property riscv_harts_props[] = {
    DEFINE_PROP_UINT32("num-harts", RISCVHartArrayState, num_harts, 1),
    DEFINE_PROP_UINT32("hartid-base", RISCVHartArrayState, hartid_base, 0),
    DEFINE_PROP_STRING("cpu-type", RISCVHartArrayState, cpu_type),
    DEFINE_PROP_UINT64("resetvec", RISCVHartArrayState, resetvec,
                       DEFAULT_RSTVEC),
};

static void riscv_harts_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    device_class_set_props(dc, riscv_harts_props);
    dc->realize = riscv_harts_realize;
    dc->user_creatable = false;
}

static const TypeInfo riscv_harts_info = {
    .name = TYPE_RISCV_HART_ARRAY,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(RISCVHartArrayState),
    .class_init = riscv_harts_class_init,
};

static void riscv_harts_register_types(void)
{
    type_register_static(&riscv_harts_info);
}

type_init(riscv_harts_register_types)
