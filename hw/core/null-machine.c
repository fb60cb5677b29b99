/*
 * The "none" machine: no devices; RAM only when -m asks for it, and one
 * CPU only when -cpu names a model, so that a machine can be built from
 * QMP (docs/system/managed-startup.rst).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "system/cpus.h"
#include "system/runstate.h"
#include "target/riscv/cpu.h"

static void machine_none_cpu_reset(void *opaque)
{
    device_cold_reset(DEVICE(opaque));
}

/* CPU 0 of -cpu MODEL, QOM child "cpu", its mip lines as GPIO inputs */
static void machine_none_create_cpu(MachineState *ms)
{
    Object *cpu = object_new(ms->cpu_type);

    object_property_add_child(OBJECT(ms), "cpu", cpu);
    qdev_init_gpio_in(DEVICE(cpu), riscv_cpu_set_irq, IRQ_LOCAL_MAX);
    if (!qdev_realize_and_unref(DEVICE(cpu), NULL, &error_fatal)) {
        exit(1);
    }
    qemu_register_reset(machine_none_cpu_reset, cpu);
    qemu_init_vcpu(RISCV_CPU(cpu));
}

static void machine_none_init(MachineState *ms)
{
    /* RAM, if any, at address 0, where a test program expects it. */
    if (ms->ram) {
        memory_region_add_subregion(get_system_memory(), 0, ms->ram);
    }
    if (ms->cpu_type) {
        machine_none_create_cpu(ms);
    }
}

static void machine_none_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->name = "none";
    mc->desc = "empty machine";
    mc->init = machine_none_init;
    mc->max_cpus = 1;
    mc->default_ram_size = 0;
    mc->default_ram_id = "ram";
}

static const TypeInfo machine_none_info = {
    .name = MACHINE_TYPE_NAME("none"),
    .parent = TYPE_MACHINE,
    .class_init = machine_none_class_init,
};

static void machine_none_register_types(void)
{
    type_register_static(&machine_none_info);
}

type_init(machine_none_register_types)
