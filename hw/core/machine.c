/*
 * The abstract machine: properties shared by all boards, RAM set-up,
 * and the compat arrays that versioned machine types build on.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qobject/qdict.h"
#include "qom/object_interfaces.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "system/confidential-guest-support.h"
#include "system/hostmem.h"

MachineState *current_machine;

/*
 * What each release changed in defaults, as properties that restore the
 * older value.  A machine type of version X applies every array of a
 * release after X.  docs/devel/object-compat.rst explains each entry.
 */
GlobalProperty hw_compat_11_0[] = {
    /* 11.1 multifd packets list zero pages; 11.0 cannot parse them. */
    { "migration", "zero-page-detection", "legacy" },
    /* 11.1 sizes the translation cache by itself; 11.0 used 256 MiB. */
    { "tcg-accel", "tb-size", "256" },
    /* 11.1 lets a virtio-blk request use queue-size - 2 segments. */
    { "virtio-blk-device", "seg-max-adjust", "off" },
};
const size_t hw_compat_11_0_len = G_N_ELEMENTS(hw_compat_11_0);

GlobalProperty hw_compat_10_2[] = {
    /* 10.2 named a backend's RAM block by its id alone. */
    { "memory-backend", "x-use-canonical-path-for-ramblock-id", "false" },
    /* 10.2 destinations do not know the switchover-start message. */
    { "migration", "send-switchover-start", "off" },
    /* 10.2 PLICs do not know the line-level subsection. */
    { "riscv.sifive.plic", "x-migrate-level", "off" },
};
const size_t hw_compat_10_2_len = G_N_ELEMENTS(hw_compat_10_2);

void compat_props_add(GPtrArray *arr, GlobalProperty props[], size_t nelem)
{
    for (size_t i = 0; i < nelem; i++) {
        g_ptr_array_add(arr, &props[i]);
    }
}

static gint machine_class_cmp(gconstpointer a, gconstpointer b)
{
    const MachineClass *ma = *(MachineClass * const *)a;
    const MachineClass *mb = *(MachineClass * const *)b;

    return strcmp(ma->name, mb->name);
}

/* All concrete machine classes, sorted by name. */
static GPtrArray *machine_classes(void)
{
    GSList *list = object_class_get_list(TYPE_MACHINE, false);
    GPtrArray *arr = g_ptr_array_new();

    for (GSList *l = list; l; l = l->next) {
        g_ptr_array_add(arr, l->data);
    }
    g_slist_free(list);
    g_ptr_array_sort(arr, machine_class_cmp);
    return arr;
}

MachineClass *machine_class_find(const char *name)
{
    g_autoptr(GPtrArray) arr = machine_classes();

    for (guint i = 0; i < arr->len; i++) {
        MachineClass *mc = arr->pdata[i];
        if (!strcmp(mc->name, name) || (mc->alias && !strcmp(mc->alias, name))) {
            return mc;
        }
    }
    return NULL;
}

MachineClass *machine_class_default(void)
{
    g_autoptr(GPtrArray) arr = machine_classes();

    for (guint i = 0; i < arr->len; i++) {
        MachineClass *mc = arr->pdata[i];
        if (mc->is_default) {
            return mc;
        }
    }
    return NULL;
}

void machine_print_help(void)
{
    g_autoptr(GPtrArray) arr = machine_classes();

    printf("Supported machines are:\n");
    for (guint i = 0; i < arr->len; i++) {
        MachineClass *mc = arr->pdata[i];
        if (mc->alias) {
            printf("%-20s %s (alias of %s)\n", mc->alias, mc->desc, mc->name);
        }
        printf("%-20s %s%s%s\n", mc->name, mc->desc,
               mc->is_default ? " (default)" : "",
               mc->deprecation_reason ? " (deprecated)" : "");
    }
}

MachineState *machine_create(MachineClass *mc, Error **errp)
{
    Object *obj;

    if (mc->deprecation_reason) {
        warn_report("Machine type '%s' is deprecated: %s", mc->name,
                    mc->deprecation_reason);
    }
    object_compat_register(COMPAT_SLOT_MACHINE, mc->compat_props);
    obj = object_new(object_class_get_name(OBJECT_CLASS(mc)));
    object_property_add_child(object_get_root(), "machine", obj);
    object_unref(obj);
    current_machine = MACHINE(obj);
    return current_machine;
}

bool machine_set_options(MachineState *ms, const QDict *opts, Error **errp)
{
    ERRP_GUARD();

    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        if (!object_property_find(OBJECT(ms), qdict_entry_key(e))) {
            error_setg(errp, "Invalid parameter '%s'", qdict_entry_key(e));
            return false;
        }
    }
    object_set_properties_from_keyval(OBJECT(ms), opts, false, errp);
    return !*errp;
}

/* The backend named by memory-backend=, checked against -m. */
static HostMemoryBackend *machine_find_memdev(MachineState *ms, Error **errp)
{
    Object *obj = object_resolve_path_component(object_get_objects_root(),
                                                ms->ram_memdev_id);
    HostMemoryBackend *backend;
    uint64_t size;

    if (!obj) {
        error_setg(errp, "Memory backend '%s' not found", ms->ram_memdev_id);
        return NULL;
    }
    backend = (HostMemoryBackend *)object_dynamic_cast(obj,
                                                       TYPE_MEMORY_BACKEND);
    if (!backend) {
        error_setg(errp, "Object '%s' is not a memory backend but a '%s'",
                   ms->ram_memdev_id, object_get_typename(obj));
        return NULL;
    }
    size = backend->size;
    if (ms->ram_size_explicit && ms->ram_size != size) {
        g_autofree char *want = size_to_str(ms->ram_size);
        g_autofree char *have = size_to_str(size);
        error_setg(errp, "-m %s does not match the size %s of memory "
                   "backend '%s'", want, have, ms->ram_memdev_id);
        return NULL;
    }
    ms->ram_size = size;
    return backend;
}

/* The backend -m asks for, created the way QEMU does for the board. */
static HostMemoryBackend *machine_create_default_memdev(MachineState *ms,
                                                        Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    Object *obj = object_new(TYPE_MEMORY_BACKEND_RAM);
    HostMemoryBackend *backend = NULL;

    /* Keep the block id equal to default-ram-id whatever the version. */
    if (object_property_set_bool(obj, "x-use-canonical-path-for-ramblock-id",
                                 false, errp) &&
        object_property_set_uint(obj, "size", ms->ram_size, errp)) {
        object_property_add_child(object_get_objects_root(),
                                  mc->default_ram_id, obj);
        if (user_creatable_complete(USER_CREATABLE(obj), errp)) {
            backend = MEMORY_BACKEND(obj);
        } else {
            object_unparent(obj);
        }
    }
    object_unref(obj);
    return backend;
}

static bool machine_setup_cgs(MachineState *ms, Error **errp)
{
    Object *root = object_get_objects_root();
    const char *id;
    Object *obj;

    if (!ms->cgs_id) {
        return true;
    }
    id = ms->cgs_id;
    obj = object_resolve_path_component(root, id);
    if (!obj) {
        error_setg(errp, "confidential-guest-support object '%s' not found",
                   id);
        return false;
    }
    if (!object_dynamic_cast(obj, TYPE_CONFIDENTIAL_GUEST_SUPPORT)) {
        error_setg(errp, "Object '%s' is a '%s', not a "
                   "confidential-guest-support object", id,
                   object_get_typename(obj));
        return false;
    }
    ms->cgs = CONFIDENTIAL_GUEST_SUPPORT(obj);
    return confidential_guest_support_init(ms->cgs, errp);
}

bool machine_run_board_init(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    if (ms->ram_memdev_id) {
        ms->memdev = machine_find_memdev(ms, errp);
    } else if (ms->ram_size) {
        ms->memdev = machine_create_default_memdev(ms, errp);
    }
    if ((ms->ram_memdev_id || ms->ram_size) && !ms->memdev) {
        return false;
    }
    if (ms->memdev) {
        if (host_memory_backend_is_mapped(ms->memdev)) {
            error_setg(errp, "memory backend '%s' can't be used multiple "
                       "times", object_get_canonical_path_component(
                           OBJECT(ms->memdev)));
            return false;
        }
        host_memory_backend_set_mapped(ms->memdev, true);
        ms->ram = host_memory_backend_get_memory(ms->memdev);
    } else if (mc->ram_required) {
        error_setg(errp, "machine '%s' needs RAM: give -m SIZE or "
                   "-machine memory-backend=ID", mc->name);
        return false;
    }
    if (!machine_setup_cgs(ms, errp)) {
        return false;
    }
    if (mc->init) {
        mc->init(ms);
    }
    return true;
}

#define MACHINE_STR_PROP(field)                                      \
    static char *machine_get_##field(Object *obj, Error **errp)            \
    {                                                                      \
        return g_strdup(MACHINE(obj)->field);                              \
    }                                                                      \
    static void machine_set_##field(Object *obj, const char *value,        \
                                    Error **errp)                          \
    {                                                                      \
        MachineState *ms = MACHINE(obj);                                   \
        g_free(ms->field);                                                 \
        ms->field = g_strdup(value);                                       \
    }

MACHINE_STR_PROP(ram_memdev_id)
MACHINE_STR_PROP(cgs_id)
MACHINE_STR_PROP(dtb)
MACHINE_STR_PROP(kernel_filename)
MACHINE_STR_PROP(kernel_cmdline)
MACHINE_STR_PROP(initrd_filename)
MACHINE_STR_PROP(firmware)

static bool machine_get_dump_guest_core(Object *obj, Error **errp)
{
    return MACHINE(obj)->dump_guest_core;
}

static void machine_set_dump_guest_core(Object *obj, bool value, Error **errp)
{
    MACHINE(obj)->dump_guest_core = value;
}

static bool machine_get_mem_merge(Object *obj, Error **errp)
{
    return MACHINE(obj)->mem_merge;
}

static void machine_set_mem_merge(Object *obj, bool value, Error **errp)
{
    MACHINE(obj)->mem_merge = value;
}

static void machine_class_init(ObjectClass *oc, const void *data)
{
    static const struct {
        const char *name;
        char *(*get)(Object *, Error **);
        void (*set)(Object *, const char *, Error **);
        const char *desc;
    } str_props[] = {
        { "memory-backend", machine_get_ram_memdev_id,
          machine_set_ram_memdev_id, "Id of the memory backend for RAM" },
        { "confidential-guest-support", machine_get_cgs_id,
          machine_set_cgs_id,
          "Id of a confidential-guest-support object for this guest" },
        { "dtb", machine_get_dtb, machine_set_dtb,
          "Device tree blob to give the guest" },
        { "kernel", machine_get_kernel_filename,
          machine_set_kernel_filename, "Kernel image to boot" },
        { "append", machine_get_kernel_cmdline, machine_set_kernel_cmdline,
          "Kernel command line" },
        { "initrd", machine_get_initrd_filename,
          machine_set_initrd_filename, "Initial ram disk image" },
        { "firmware", machine_get_firmware, machine_set_firmware,
          "Firmware image" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(str_props); i++) {
        object_class_property_add_str(oc, str_props[i].name,
                                      str_props[i].get, str_props[i].set);
        object_class_property_set_description(oc, str_props[i].name,
                                              str_props[i].desc);
    }
    object_class_property_add_bool(oc, "dump-guest-core",
                                   machine_get_dump_guest_core,
                                   machine_set_dump_guest_core);
    object_class_property_set_description(oc, "dump-guest-core",
                                          "Include guest memory in a core dump");
    object_class_property_add_bool(oc, "mem-merge", machine_get_mem_merge,
                                   machine_set_mem_merge);
    object_class_property_set_description(oc, "mem-merge",
                                          "Enable/disable memory merge support");
}

static void machine_class_base_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    /* Each class gets its own array; versions fill it in class_init. */
    mc->compat_props = g_ptr_array_new();
}

static void machine_instance_init(Object *obj)
{
    MachineState *ms = MACHINE(obj);
    MachineClass *mc = MACHINE_GET_CLASS(obj);

    ms->dump_guest_core = true;
    ms->mem_merge = true;
    ms->ram_size = mc->default_ram_size;
    ms->cpu_type = g_strdup(mc->default_cpu_type);
    ms->smp = (CpuTopology) {
        .cpus = 1, .sockets = 1, .cores = 1, .threads = 1, .max_cpus = 1,
    };
}

static void machine_instance_finalize(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    g_free(ms->ram_memdev_id);
    g_free(ms->cgs_id);
    g_free(ms->dtb);
    g_free(ms->kernel_filename);
    g_free(ms->kernel_cmdline);
    g_free(ms->initrd_filename);
    g_free(ms->firmware);
    g_free(ms->cpu_type);
}

static const TypeInfo machine_info = {
    .name = TYPE_MACHINE,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .class_size = sizeof(MachineClass),
    .class_init = machine_class_init,
    .class_base_init = machine_class_base_init,
    .instance_size = sizeof(MachineState),
    .instance_init = machine_instance_init,
    .instance_finalize = machine_instance_finalize,
};

static void machine_register_types(void)
{
    type_register_static(&machine_info);
}

type_init(machine_register_types)
