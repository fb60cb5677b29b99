/*
 * object-compat: compat slots, -global, their precedence, error
 * handling at and after start-up, the unused-global warnings, phases.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qom/object.h"
#include "qom/object-compat.h"
#include "qom/object_interfaces.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"

/*
 * Six properties a..f.  Property x is first set by level x:
 * a: slot 0, b: slot 1, c: slot 2, d: -global, e: explicit, f: default.
 * Every level also sets all the properties of the later levels, so
 * each property shows which level won.
 */
typedef struct Values {
    uint32_t a, b, c, d, e, f;
} Values;

#define TYPE_TEST_COMPAT_OBJ "test-compat-obj"
typedef struct TestCompatObj {
    ObjectCompat parent_obj;
    Values v;
} TestCompatObj;

#define TYPE_TEST_COMPAT_DEV "test-compat-dev"
typedef struct TestCompatDev {
    DeviceState parent_obj;
    Values v;
} TestCompatDev;

#define TYPE_TEST_COMPAT_IFACE "test-compat-iface"

#define VALUE_PROPS(state)                                      \
    DEFINE_PROP_UINT32("a", state, v.a, 100),                   \
    DEFINE_PROP_UINT32("b", state, v.b, 100),                   \
    DEFINE_PROP_UINT32("c", state, v.c, 100),                   \
    DEFINE_PROP_UINT32("d", state, v.d, 100),                   \
    DEFINE_PROP_UINT32("e", state, v.e, 100),                   \
    DEFINE_PROP_UINT32("f", state, v.f, 100)

static const Property compat_obj_props[] = {
    VALUE_PROPS(TestCompatObj),
};

static const Property compat_dev_props[] = {
    VALUE_PROPS(TestCompatDev),
};

static void compat_obj_class_init(ObjectClass *oc, void *data)
{
    object_class_add_props(oc, compat_obj_props);
}

static void compat_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    device_class_set_props(dc, compat_dev_props);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_COMPAT_IFACE,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(InterfaceClass),
    }, {
        .name = TYPE_TEST_COMPAT_OBJ,
        .parent = TYPE_OBJECT_COMPAT,
        .instance_size = sizeof(TestCompatObj),
        .class_init = compat_obj_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_USER_CREATABLE },
            { TYPE_TEST_COMPAT_IFACE },
            { }
        },
    }, {
        .name = TYPE_TEST_COMPAT_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestCompatDev),
        .class_init = compat_dev_class_init,
    },
};

DEFINE_TYPES(test_types)

/* GlobalProperty arrays, one per level. */
static GlobalProperty slot0_props[] = {
    { TYPE_TEST_COMPAT_OBJ, "a", "1" }, { TYPE_TEST_COMPAT_OBJ, "b", "1" },
    { TYPE_TEST_COMPAT_OBJ, "c", "1" }, { TYPE_TEST_COMPAT_OBJ, "d", "1" },
    { TYPE_TEST_COMPAT_OBJ, "e", "1" },
    { TYPE_TEST_COMPAT_DEV, "a", "1" }, { TYPE_TEST_COMPAT_DEV, "b", "1" },
    { TYPE_TEST_COMPAT_DEV, "c", "1" }, { TYPE_TEST_COMPAT_DEV, "d", "1" },
    { TYPE_TEST_COMPAT_DEV, "e", "1" },
};

/* Slot 1 matches through a parent type and an interface. */
static GlobalProperty slot1_props[] = {
    { TYPE_TEST_COMPAT_IFACE, "b", "2" },
    { TYPE_TEST_COMPAT_IFACE, "c", "2" },
    { TYPE_OBJECT_COMPAT, "d", "2", .optional = true },
    { TYPE_TEST_COMPAT_IFACE, "e", "2" },
    { TYPE_DEVICE, "b", "2", .optional = true },
    { TYPE_DEVICE, "c", "2", .optional = true },
    { TYPE_DEVICE, "e", "2", .optional = true },
    /* Optional: objects without the property are skipped. */
    { TYPE_OBJECT_COMPAT, "no-such-prop", "2", .optional = true },
};

static GlobalProperty slot2_props[] = {
    { TYPE_TEST_COMPAT_OBJ, "c", "3" }, { TYPE_TEST_COMPAT_OBJ, "d", "3" },
    { TYPE_TEST_COMPAT_OBJ, "e", "3" },
    { TYPE_TEST_COMPAT_DEV, "c", "3" }, { TYPE_TEST_COMPAT_DEV, "d", "3" },
    { TYPE_TEST_COMPAT_DEV, "e", "3" },
};

static GlobalProperty global_props[] = {
    { TYPE_TEST_COMPAT_OBJ, "d", "4" }, { TYPE_TEST_COMPAT_OBJ, "e", "4" },
    { TYPE_TEST_COMPAT_DEV, "d", "4" }, { TYPE_TEST_COMPAT_DEV, "e", "4" },
};

static GPtrArray *ptr_array(GlobalProperty *props, size_t n)
{
    GPtrArray *arr = g_ptr_array_new();
    size_t i;

    for (i = 0; i < n; i++) {
        props[i].used = false;
        g_ptr_array_add(arr, &props[i]);
    }
    return arr;
}

/* Register the four levels; the arrays are freed, the entries stay. */
static void setup_levels(void)
{
    GPtrArray *arr;
    size_t i;

    object_compat_clear(COMPAT_SLOT_ACCEL);
    object_compat_clear(COMPAT_SLOT_MACHINE);
    object_compat_clear(COMPAT_SLOT_LEGACY);
    qdev_prop_clear_globals();

    /* Registered out of order: the slot decides, not the call order. */
    arr = ptr_array(slot2_props, ARRAY_SIZE(slot2_props));
    object_compat_register(COMPAT_SLOT_LEGACY, arr);
    g_ptr_array_free(arr, true);
    arr = ptr_array(slot0_props, ARRAY_SIZE(slot0_props));
    object_compat_register(COMPAT_SLOT_ACCEL, arr);
    g_ptr_array_free(arr, true);
    arr = ptr_array(slot1_props, ARRAY_SIZE(slot1_props));
    object_compat_register(COMPAT_SLOT_MACHINE, arr);
    g_ptr_array_free(arr, true);
    for (i = 0; i < ARRAY_SIZE(global_props); i++) {
        global_props[i].used = false;
        qdev_prop_register_global(&global_props[i]);
    }
}

static void test_precedence_object(void)
{
    TestCompatObj *o;

    setup_levels();
    o = (TestCompatObj *)object_new(TYPE_TEST_COMPAT_OBJ);
    object_property_parse(OBJECT(o), "e", "5", &error_abort);

    g_assert_cmpuint(o->v.a, ==, 1);
    g_assert_cmpuint(o->v.b, ==, 2);
    g_assert_cmpuint(o->v.c, ==, 3);
    /* Plain object-compat objects do not take -global. */
    g_assert_cmpuint(o->v.d, ==, 3);
    g_assert_cmpuint(o->v.e, ==, 5);
    g_assert_cmpuint(o->v.f, ==, 100);
    g_assert_true(slot1_props[0].used);
    g_assert_false(slot1_props[7].used);
    object_unref(OBJECT(o));

    /* Run-time QMP-style changes win over everything. */
    o = (TestCompatObj *)object_new(TYPE_TEST_COMPAT_OBJ);
    object_property_set_uint(OBJECT(o), "a", 6, &error_abort);
    g_assert_cmpuint(o->v.a, ==, 6);
    object_unref(OBJECT(o));
}

static void test_precedence_device(void)
{
    DeviceState *dev;
    TestCompatDev *t;

    setup_levels();
    dev = qdev_new(TYPE_TEST_COMPAT_DEV);
    t = (TestCompatDev *)dev;
    /* Before the device's own options: slots then -global. */
    g_assert_cmpuint(t->v.a, ==, 1);
    g_assert_cmpuint(t->v.b, ==, 2);
    g_assert_cmpuint(t->v.c, ==, 3);
    g_assert_cmpuint(t->v.d, ==, 4);
    g_assert_cmpuint(t->v.e, ==, 4);
    g_assert_cmpuint(t->v.f, ==, 100);
    g_assert_true(global_props[2].used);

    object_property_parse(OBJECT(dev), "e", "5", &error_abort);
    qdev_realize_and_unref(dev, NULL, &error_abort);
    g_assert_cmpuint(t->v.e, ==, 5);
    object_unparent(OBJECT(dev));
}

static void test_object_apply_global_props(void)
{
    static GlobalProperty props[] = {
        { TYPE_TEST_COMPAT_OBJ, "a", "7" },
        { TYPE_TEST_COMPAT_OBJ, "zz", "7" },
        { TYPE_TEST_COMPAT_OBJ, "b", "bad" },
        { TYPE_TEST_COMPAT_OBJ, "c", "8" },
    };
    GPtrArray *arr = ptr_array(props, ARRAY_SIZE(props));
    Object *obj;
    Error *err = NULL;

    object_compat_clear(COMPAT_SLOT_ACCEL);
    object_compat_clear(COMPAT_SLOT_MACHINE);
    object_compat_clear(COMPAT_SLOT_LEGACY);
    obj = object_new(TYPE_TEST_COMPAT_OBJ);

    g_assert_false(object_apply_global_props(obj, arr, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "can't apply global test-compat-obj.zz=7: Property "
                    "'test-compat-obj.zz' not found");
    error_free(err);
    g_assert_cmpuint(((TestCompatObj *)obj)->v.a, ==, 7);

    /* NULL errp: warn and go on with the remaining entries. */
    g_assert_true(object_apply_global_props(obj, arr, NULL));
    g_assert_cmpuint(((TestCompatObj *)obj)->v.c, ==, 8);
    g_assert_true(object_apply_global_props(obj, NULL, &error_abort));

    object_unref(obj);
    g_ptr_array_free(arr, true);
}

/* Start-up: a bad compat entry is fatal. */
static void test_fatal_at_startup(void)
{
    static GlobalProperty bad[] = {
        { TYPE_TEST_COMPAT_OBJ, "f", "not-a-number" },
    };

    if (g_test_subprocess()) {
        GPtrArray *arr = ptr_array(bad, ARRAY_SIZE(bad));

        object_compat_register(COMPAT_SLOT_MACHINE, arr);
        object_new(TYPE_TEST_COMPAT_OBJ);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*can't apply global test-compat-obj.f="
                              "not-a-number: *");
}

static void test_fatal_global_at_startup(void)
{
    if (g_test_subprocess()) {
        g_assert_true(qdev_global_option("test-compat-dev.nope=1",
                                         &error_abort));
        qdev_new(TYPE_TEST_COMPAT_DEV);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*can't apply global test-compat-dev.nope=1: "
                              "Property 'test-compat-dev.nope' not found*");
}

static void test_global_parsing(void)
{
    Error *err = NULL;
    const GPtrArray *dummy;
    TestCompatDev *t;
    DeviceState *dev;

    object_compat_clear(COMPAT_SLOT_ACCEL);
    object_compat_clear(COMPAT_SLOT_MACHINE);
    object_compat_clear(COMPAT_SLOT_LEGACY);
    qdev_prop_clear_globals();
    dummy = object_compat_get(COMPAT_SLOT_ACCEL);
    g_assert_cmpint(dummy->len, ==, 0);

    g_assert_true(qdev_global_option("test-compat-dev.a=11", &error_abort));
    g_assert_true(qdev_global_option("driver=test-compat-dev,property=b,"
                                     "value=12", &error_abort));
    g_assert_true(qdev_global_option("property=c,value=13,"
                                     "driver=test-compat-dev",
                                     &error_abort));
    /* The value of the dotted form is taken as is. */
    g_assert_true(qdev_global_option("test-compat-dev.d=14,x",
                                     &error_abort));

    g_assert_false(qdev_global_option("foo", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'foo'");
    error_free(err);
    err = NULL;
    g_assert_false(qdev_global_option("foo.bar", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter 'foo.bar'");
    error_free(err);
    err = NULL;
    g_assert_false(qdev_global_option("driver=d,property=p", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "options 'driver', 'property', and 'value' are "
                    "required");
    error_free(err);
    err = NULL;
    g_assert_false(qdev_global_option("driver=d,bogus=1", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'bogus'");
    error_free(err);
    err = NULL;
    g_assert_false(qdev_global_option(".x=1", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_cmpint(qemu_global_option("nonsense"), ==, -1);

    /* The bad "d" value would be fatal now: drop it, keep a, b, c. */
    qdev_prop_clear_globals();
    g_assert_true(qdev_global_option("test-compat-dev.a=11", &error_abort));
    g_assert_true(qdev_global_option("driver=test-compat-dev,property=b,"
                                     "value=12", &error_abort));
    g_assert_true(qdev_global_option("driver=test-compat-dev,property=c,"
                                     "value=1,,3", &error_abort));
    g_assert_cmpint(qemu_global_option("test-compat-dev.d=,"), ==, 0);
    qdev_prop_clear_globals();
    g_assert_true(qdev_global_option("test-compat-dev.a=11", &error_abort));
    g_assert_true(qdev_global_option("driver=test-compat-dev,property=b,"
                                     "value=12", &error_abort));
    dev = qdev_new(TYPE_TEST_COMPAT_DEV);
    t = (TestCompatDev *)dev;
    g_assert_cmpuint(t->v.a, ==, 11);
    g_assert_cmpuint(t->v.b, ==, 12);
    object_unref(OBJECT(dev));
}

static void test_unused_globals(void)
{
    if (g_test_subprocess()) {
        qdev_prop_clear_globals();
        g_assert_true(qdev_global_option("no-such-type.x=1", &error_abort));
        g_assert_true(qdev_global_option("test-compat-obj.a=1",
                                         &error_abort));
        g_assert_true(qdev_global_option("test-compat-dev.a=1",
                                         &error_abort));
        g_assert_true(qdev_global_option("device.realized=on",
                                         &error_abort));
        /* Used by a device: no warning for it. */
        object_unref(OBJECT(qdev_new(TYPE_TEST_COMPAT_DEV)));
        g_assert_cmpint(qdev_prop_check_globals(), ==, 2);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("*warning: global no-such-type.x has invalid "
                              "class name\n"
                              "*warning: global test-compat-obj.a=1 not "
                              "used\n");
    g_test_trap_assert_stderr_unmatched("*test-compat-dev.a*");
    g_test_trap_assert_stderr_unmatched("*device.realized*");
}

static void test_phases(void)
{
    g_assert_cmpstr(phase_name(PHASE_NO_MACHINE), ==, "no-machine");
    g_assert_cmpstr(phase_name(PHASE_MACHINE_CREATED), ==, "machine-created");
    g_assert_cmpstr(phase_name(PHASE_ACCEL_CREATED), ==, "accel-created");
    g_assert_cmpstr(phase_name(PHASE_LATE_BACKENDS_CREATED), ==,
                    "late-backends-created");
    g_assert_cmpstr(phase_name(PHASE_MACHINE_INITIALIZED), ==,
                    "machine-initialized");
    g_assert_cmpstr(phase_name(PHASE_MACHINE_READY), ==, "machine-ready");
    g_assert_cmpstr(object_compat_slot_name(COMPAT_SLOT_LEGACY), ==,
                    "legacy");

    if (g_test_subprocess()) {
        g_assert_cmpint(phase_get(), ==, PHASE_NO_MACHINE);
        phase_advance(PHASE_MACHINE_CREATED);
        g_assert_true(phase_check(PHASE_MACHINE_CREATED));
        g_assert_false(phase_check(PHASE_ACCEL_CREATED));
        /* Skipping a phase aborts. */
        phase_advance(PHASE_MACHINE_READY);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*cannot go from phase 'machine-created' to "
                              "'machine-ready'*");
}

/* After start-up: errors reach the creator instead of exiting. */
static void test_errors_after_startup(void)
{
    static GlobalProperty bad[] = {
        { TYPE_TEST_COMPAT_OBJ, "f", "x" },
        { TYPE_TEST_COMPAT_DEV, "f", "x" },
    };
    GPtrArray *arr = ptr_array(bad, ARRAY_SIZE(bad));
    Error *err = NULL;
    DeviceState *dev;
    Object *obj;

    while (!phase_check(PHASE_MACHINE_READY)) {
        phase_advance(phase_get() + 1);
    }
    object_compat_clear(COMPAT_SLOT_ACCEL);
    object_compat_clear(COMPAT_SLOT_MACHINE);
    object_compat_clear(COMPAT_SLOT_LEGACY);
    qdev_prop_clear_globals();
    object_compat_register(COMPAT_SLOT_LEGACY, arr);

    /* object-add path */
    g_assert_false(user_creatable_add_from_str("test-compat-obj,id=c1",
                                               &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "can't apply global test-compat-obj.f=x"));
    error_free(err);
    err = NULL;
    g_assert_null(object_resolve_path("/objects/c1", NULL));

    /* object_new_with_props path */
    g_assert_null(object_new_with_props(TYPE_TEST_COMPAT_OBJ,
                                        object_get_objects_root(), "c2",
                                        &err, NULL));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;

    /* qdev path */
    dev = qdev_new(TYPE_TEST_COMPAT_DEV);
    g_assert_false(qdev_realize(dev, NULL, &err));
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "can't apply global test-compat-dev.f=x"));
    error_free(err);
    err = NULL;
    object_unref(OBJECT(dev));

    /* A plain object_new() keeps the error for whoever checks. */
    obj = object_new(TYPE_TEST_COMPAT_OBJ);
    g_assert_false(object_take_init_error(obj, &err));
    g_assert_nonnull(err);
    error_free(err);
    g_assert_true(object_take_init_error(obj, &error_abort));
    object_unref(obj);

    /* -global errors too. */
    object_compat_clear(COMPAT_SLOT_LEGACY);
    g_assert_true(qdev_global_option("test-compat-dev.a=-1", &error_abort));
    dev = qdev_new(TYPE_TEST_COMPAT_DEV);
    err = NULL;
    g_assert_false(qdev_realize_and_unref(dev, NULL, &err));
    g_assert_nonnull(err);
    error_free(err);
    qdev_prop_clear_globals();

    /* Without errors, creation works again. */
    g_assert_true(user_creatable_add_from_str("test-compat-obj,id=c3,f=9",
                                              &error_abort));
    g_assert_cmpuint(((TestCompatObj *)
                      object_resolve_path("/objects/c3", NULL))->v.f, ==, 9);
    g_ptr_array_free(arr, true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/object-compat/precedence-object",
                    test_precedence_object);
    g_test_add_func("/object-compat/precedence-device",
                    test_precedence_device);
    g_test_add_func("/object-compat/apply-global-props",
                    test_object_apply_global_props);
    g_test_add_func("/object-compat/fatal-at-startup", test_fatal_at_startup);
    g_test_add_func("/object-compat/fatal-global-at-startup",
                    test_fatal_global_at_startup);
    g_test_add_func("/object-compat/global-parsing", test_global_parsing);
    g_test_add_func("/object-compat/unused-globals", test_unused_globals);
    g_test_add_func("/object-compat/phases", test_phases);
    /* Last: moves to PHASE_MACHINE_READY for good. */
    g_test_add_func("/object-compat/zz-errors-after-startup",
                    test_errors_after_startup);
    return g_test_run();
}
