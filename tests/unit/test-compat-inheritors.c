/*
 * The precedence of a property's value on each of the five object-compat
 * inheritors: class default < slot 0 (accelerator) < slot 1 (machine)
 * < slot 2 (legacy option) < -global < the object's own option (for the
 * migration object: -incoming config:) < a change at run time.
 *
 * Each case runs in a subprocess, so compat slots and -global values
 * start empty.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qom/object_interfaces.h"
#include "qom/object-compat.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "system/confidential-guest-support.h"
#include "migration/misc.h"

enum {
    LEVEL_DEFAULT,
    LEVEL_SLOT_ACCEL,
    LEVEL_SLOT_MACHINE,
    LEVEL_SLOT_LEGACY,
    LEVEL_GLOBAL,
    LEVEL_OWN_OPTION,
    LEVEL_RUNTIME,
    LEVEL__MAX
};

static const char *level_names[LEVEL__MAX] = {
    "default", "slot-accel", "slot-machine", "slot-legacy", "global",
    "own-option", "runtime"
};

/* The value each level sets; the default differs per inheritor. */
static const uint64_t level_values[LEVEL__MAX] = {
    0, 10, 20, 30, 40, 50, 60
};

typedef struct Inheritor {
    const char *name;
    const char *qom_type;       /* what compat entries and -global name */
    const char *concrete_type;  /* what is instantiated */
    const char *property;
    uint64_t default_value;
    /* Create the object, apply the own option when @own is set. */
    Object *(*create)(const struct Inheritor *in, const char *own);
    /* Change the value the way a user does at run time. */
    void (*runtime_set)(Object *obj, const struct Inheritor *in,
                        uint64_t value);
    void (*destroy)(Object *obj);
} Inheritor;

/* A device and a confidential-guest-support kind to test with. */
#define TYPE_TEST_COMPAT_DEVICE "test-compat-device"
#define TYPE_TEST_CGS "test-cgs"

typedef struct TestCompatDevice {
    DeviceState parent_obj;
    uint32_t value;
} TestCompatDevice;

typedef struct TestCGS {
    ConfidentialGuestSupport parent_obj;
    uint32_t value;
} TestCGS;

static const Property test_device_props[] = {
    DEFINE_PROP_UINT32("value", TestCompatDevice, value, 1),
};

static const Property test_cgs_props[] = {
    DEFINE_PROP_UINT32("value", TestCGS, value, 2),
};

static void test_device_class_init(ObjectClass *oc, const void *data)
{
    device_class_set_props(DEVICE_CLASS(oc), test_device_props);
}

static void test_cgs_class_init(ObjectClass *oc, const void *data)
{
    object_class_add_props(oc, test_cgs_props);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_COMPAT_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestCompatDevice),
        .class_init = test_device_class_init,
    }, {
        .name = TYPE_TEST_CGS,
        .parent = TYPE_CONFIDENTIAL_GUEST_SUPPORT,
        .instance_size = sizeof(TestCGS),
        .class_init = test_cgs_class_init,
    }
};

static void set_own_option(Object *obj, const Inheritor *in, const char *own)
{
    if (own) {
        object_property_parse(obj, in->property, own, &error_abort);
    }
}

static Object *create_plain(const Inheritor *in, const char *own)
{
    Object *obj = object_new(in->concrete_type);

    set_own_option(obj, in, own);
    return obj;
}

static Object *create_backend(const Inheritor *in, const char *own)
{
    Object *obj = object_new(in->concrete_type);

    object_property_set_uint(obj, "size", 1 << 20, &error_abort);
    set_own_option(obj, in, own);
    object_property_add_child(object_get_objects_root(), "mem0", obj);
    object_unref(obj);
    user_creatable_complete(USER_CREATABLE(obj), &error_abort);
    return obj;
}

static Object *create_migration(const Inheritor *in, const char *own)
{
    if (own) {
        g_autofree char *config = g_strdup_printf("config:%s=%s",
                                                  in->property, own);
        migration_incoming_parse_option(config, &error_abort);
    }
    migration_object_init(&error_abort);
    return object_resolve_path("/migration", NULL);
}

static void destroy_plain(Object *obj)
{
    object_unref(obj);
}

static void destroy_child(Object *obj)
{
    object_unparent(obj);
}

static void destroy_migration(Object *obj)
{
    migration_object_finalize();
}

static void runtime_set_property(Object *obj, const Inheritor *in,
                                 uint64_t value)
{
    object_property_set_uint(obj, in->property, value, &error_abort);
}

static void runtime_set_parameter(Object *obj, const Inheritor *in,
                                  uint64_t value)
{
    MigrateSetParameters params = {
        .has_downtime_limit = true,
        .downtime_limit = value,
    };

    qmp_migrate_set_parameters(&params, &error_abort);
}

static const Inheritor inheritors[] = {
    { "device", "device", TYPE_TEST_COMPAT_DEVICE, "value", 1,
      create_plain, runtime_set_property, destroy_plain },
    { "memory-backend", "memory-backend", "memory-backend-ram",
      "prealloc-threads", 1, create_backend, runtime_set_property,
      destroy_child },
    { "accel", "accel", "tcg-accel", "tb-size", 0, create_plain,
      runtime_set_property, destroy_plain },
    { "confidential-guest-support", "confidential-guest-support",
      TYPE_TEST_CGS, "value", 2, create_plain, runtime_set_property,
      destroy_plain },
    { "migration", "migration", "migration", "downtime-limit", 300,
      create_migration, runtime_set_parameter, destroy_migration },
};

static GPtrArray *compat_array(const Inheritor *in, uint64_t value)
{
    GPtrArray *arr = g_ptr_array_new();
    GlobalProperty *gp = g_new0(GlobalProperty, 1);

    gp->driver = in->qom_type;
    gp->property = in->property;
    gp->value = g_strdup_printf("%" PRIu64, value);
    g_ptr_array_add(arr, gp);
    return arr;
}

/* Set up every layer up to @level, create the object, read the value. */
static uint64_t value_at_level(const Inheritor *in, int level)
{
    static const CompatSlot slots[] = {
        COMPAT_SLOT_ACCEL, COMPAT_SLOT_MACHINE, COMPAT_SLOT_LEGACY
    };
    g_autofree char *own = NULL;
    uint64_t value;
    Object *obj;

    for (int i = 0; i < 3 && LEVEL_SLOT_ACCEL + i <= level; i++) {
        g_autoptr(GPtrArray) arr = compat_array(in, level_values[1 + i]);
        object_compat_register(slots[i], arr);
    }
    if (level >= LEVEL_GLOBAL) {
        g_autofree char *global = g_strdup_printf(
            "%s.%s=%" PRIu64, in->qom_type, in->property,
            level_values[LEVEL_GLOBAL]);
        g_assert_true(qdev_global_option(global, &error_abort));
    }
    if (level >= LEVEL_OWN_OPTION) {
        own = g_strdup_printf("%" PRIu64, level_values[LEVEL_OWN_OPTION]);
    }
    obj = in->create(in, own);
    if (level >= LEVEL_RUNTIME) {
        in->runtime_set(obj, in, level_values[LEVEL_RUNTIME]);
    }
    value = object_property_get_uint(obj, in->property, &error_abort);
    in->destroy(obj);
    return value;
}

typedef struct Case {
    const Inheritor *in;
    int level;
} Case;

static void test_case(gconstpointer opaque)
{
    const Case *c = opaque;

    if (g_test_subprocess()) {
        uint64_t expected = c->level == LEVEL_DEFAULT ?
            c->in->default_value : level_values[c->level];
        g_assert_cmpuint(value_at_level(c->in, c->level), ==, expected);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
}

/* A compat entry for a type that is not in the object's ancestry is
 * ignored; one for an ancestor applies to the subtype. */
static void test_ancestry(void)
{
    g_autoptr(GPtrArray) arr = g_ptr_array_new();
    static GlobalProperty props[] = {
        { "memory-backend-file", "prealloc-threads", "7" },
        { "memory-backend", "merge", "off" },
    };
    Object *obj;

    if (!g_test_subprocess()) {
        g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
        g_test_trap_assert_passed();
        return;
    }
    g_ptr_array_add(arr, &props[0]);
    g_ptr_array_add(arr, &props[1]);
    object_compat_register(COMPAT_SLOT_MACHINE, arr);
    obj = object_new("memory-backend-ram");
    g_assert_cmpuint(object_property_get_uint(obj, "prealloc-threads",
                                              &error_abort), ==, 1);
    g_assert_false(object_property_get_bool(obj, "merge", &error_abort));
    object_unref(obj);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    for (size_t i = 0; i < G_N_ELEMENTS(test_types); i++) {
        type_register_static(&test_types[i]);
    }

    for (size_t i = 0; i < G_N_ELEMENTS(inheritors); i++) {
        for (int level = 0; level < LEVEL__MAX; level++) {
            Case *c = g_new0(Case, 1);
            g_autofree char *path = g_strdup_printf(
                "/compat/%s/%s", inheritors[i].name, level_names[level]);

            c->in = &inheritors[i];
            c->level = level;
            g_test_add_data_func(path, c, test_case);
        }
    }
    g_test_add_func("/compat/ancestry", test_ancestry);
    return g_test_run();
}
