/*
 * The "none" machine: no devices; RAM only when -m asks for it.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "hw/boards.h"

static void machine_none_init(MachineState *ms)
{
    /* RAM, if any, at address 0, where a test program expects it. */
    if (ms->ram) {
        memory_region_add_subregion(get_system_memory(), 0, ms->ram);
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
