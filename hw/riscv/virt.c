/*
 * The RISC-V "virt" board, in versions: virt-X.Y keeps the defaults of
 * release X.Y through the compat arrays of every later release, so a VM
 * started as virt-10.2 stays migratable to a 10.2 binary.  "virt" is the
 * alias of the newest version.
 */
#include "qemu/osdep.h"
#include "exec/memory.h"
#include "hw/boards.h"

#define TYPE_RISCV_VIRT_MACHINE MACHINE_TYPE_NAME("virt")

/* QEMU's virt memory map: DRAM starts at 2 GiB. */
#define VIRT_DRAM_BASE 0x80000000ULL

static void virt_machine_init(MachineState *ms)
{
    /* The board's devices arrive with the CPU. */
    memory_region_add_subregion(get_system_memory(), VIRT_DRAM_BASE, ms->ram);
}

static void virt_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "RISC-V VirtIO board";
    mc->init = virt_machine_init;
    mc->max_cpus = 512;
    mc->default_ram_size = 128 * 1024 * 1024;
    mc->default_ram_id = "riscv_virt_board.ram";
    mc->ram_required = true;
}

static const TypeInfo virt_machine_info = {
    .name = TYPE_RISCV_VIRT_MACHINE,
    .parent = TYPE_MACHINE,
    .abstract = true,
    .class_init = virt_machine_class_init,
};

/*
 * One class per version.  Each version's options function calls the next
 * newer one, then adds the compat array of that newer release.
 */
#define DEFINE_VIRT_MACHINE(major, minor, latest)                          \
    static void virt_machine_##major##_##minor##_class_init(              \
        ObjectClass *oc, const void *data)                                 \
    {                                                                      \
        MachineClass *mc = MACHINE_CLASS(oc);                              \
        mc->name = "virt-" #major "." #minor;                              \
        virt_machine_##major##_##minor##_options(mc);                      \
        if (latest) {                                                      \
            mc->alias = "virt";                                            \
            mc->is_default = true;                                         \
        }                                                                  \
    }                                                                      \
    static const TypeInfo virt_machine_##major##_##minor##_info = {        \
        .name = MACHINE_TYPE_NAME("virt-" #major "." #minor),              \
        .parent = TYPE_RISCV_VIRT_MACHINE,                                 \
        .class_init = virt_machine_##major##_##minor##_class_init,        \
    };                                                                     \
    static void virt_machine_##major##_##minor##_register(void)           \
    {                                                                      \
        type_register_static(&virt_machine_##major##_##minor##_info);     \
    }                                                                      \
    type_init(virt_machine_##major##_##minor##_register)

static void virt_machine_11_1_options(MachineClass *mc)
{
}
DEFINE_VIRT_MACHINE(11, 1, true);

static void virt_machine_11_0_options(MachineClass *mc)
{
    virt_machine_11_1_options(mc);
    compat_props_add(mc->compat_props, hw_compat_11_0, hw_compat_11_0_len);
}
DEFINE_VIRT_MACHINE(11, 0, false);

static void virt_machine_10_2_options(MachineClass *mc)
{
    virt_machine_11_0_options(mc);
    compat_props_add(mc->compat_props, hw_compat_10_2, hw_compat_10_2_len);
}
DEFINE_VIRT_MACHINE(10, 2, false);

static void virt_register_types(void)
{
    type_register_static(&virt_machine_info);
}

type_init(virt_register_types)
