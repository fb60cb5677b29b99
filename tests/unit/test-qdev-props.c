/*
 * qdev properties of every DEFINE_PROP kind, on a device and on a plain
 * object; the realized lock; devices, buses, -device/device_add/
 * device_del and device-list-properties.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "qom/qom-qobject.h"

/* ---- A device with one property of every kind -------------------------- */

#define TYPE_TEST_DEV "test-dev"
OBJECT_DECLARE_SIMPLE_TYPE(TestDev, TEST_DEV)
struct TestDev {
    DeviceState parent_obj;
    bool b;
    uint32_t bits;
    uint64_t bits64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    int32_t i32;
    uint64_t u64;
    int64_t i64;
    uint64_t size;
    uint32_t size32;
    char *str;
    OnOffAuto ooa;
    Object *link;
    uint32_t num_list;
    uint32_t *list;
    int realize_count;
};

static const Property test_dev_props[] = {
    DEFINE_PROP_BOOL("b", TestDev, b, true),
    DEFINE_PROP_BIT("bit3", TestDev, bits, 3, true),
    DEFINE_PROP_BIT("bit4", TestDev, bits, 4, false),
    DEFINE_PROP_BIT64("bit40", TestDev, bits64, 40, true),
    DEFINE_PROP_UINT8("u8", TestDev, u8, 8),
    DEFINE_PROP_UINT16("u16", TestDev, u16, 16),
    DEFINE_PROP_UINT32("u32", TestDev, u32, 32),
    DEFINE_PROP_INT32("i32", TestDev, i32, -32),
    DEFINE_PROP_UINT64("u64", TestDev, u64, 64),
    DEFINE_PROP_INT64("i64", TestDev, i64, -64),
    DEFINE_PROP_SIZE("size", TestDev, size, 4096),
    DEFINE_PROP_SIZE32("size32", TestDev, size32, 512),
    DEFINE_PROP_STRING("str", TestDev, str),
    DEFINE_PROP_ON_OFF_AUTO("ooa", TestDev, ooa, ON_OFF_AUTO_AUTO),
    DEFINE_PROP_LINK("link", TestDev, link, TYPE_OBJECT, Object *),
    DEFINE_PROP_ARRAY("list", TestDev, num_list, list, qdev_prop_uint32,
                      uint32_t),
};

static void test_dev_realize(DeviceState *dev, Error **errp)
{
    TestDev *t = TEST_DEV(dev);

    if (t->u8 == 99) {
        error_setg(errp, "u8=99 cannot be realized");
        return;
    }
    t->realize_count++;
}

static void test_dev_reset(DeviceState *dev)
{
    TEST_DEV(dev)->u16 = 1600;
}

static void test_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = test_dev_realize;
    dc->desc = "test device";
    dc->categories[0] |= 1UL << DEVICE_CATEGORY_MISC;
    device_class_set_legacy_reset(dc, test_dev_reset);
    device_class_set_props(dc, test_dev_props);
}

/* ---- A plain (non-device) object using the same Property machinery ----- */

#define TYPE_TEST_PLAIN "test-plain"
typedef struct TestPlain {
    Object parent_obj;
    uint32_t count;
    char *label;
    OnOffAuto mode;
} TestPlain;

static const Property test_plain_props[] = {
    DEFINE_PROP_UINT32("count", TestPlain, count, 3),
    DEFINE_PROP_STRING("label", TestPlain, label),
    DEFINE_PROP_ON_OFF_AUTO("mode", TestPlain, mode, ON_OFF_AUTO_ON),
};

static void test_plain_class_init(ObjectClass *oc, void *data)
{
    object_class_add_props(oc, test_plain_props);
}

/* ---- A bus and a device that owns one, with a hotplug handler ---------- */

#define TYPE_TEST_BUS "test-bus"
#define TYPE_TEST_BRIDGE "test-bridge"
#define TYPE_TEST_BUS_DEV "test-bus-dev"

typedef struct TestBridge {
    SysBusDevice parent_obj;
    BusState *bus;
    int plugged;
    int unplugged;
} TestBridge;
#define TEST_BRIDGE(obj) OBJECT_CHECK(TestBridge, obj, TYPE_TEST_BRIDGE)

static void bridge_plug(HotplugHandler *h, DeviceState *dev, Error **errp)
{
    TEST_BRIDGE(h)->plugged++;
}

static void bridge_unplug(HotplugHandler *h, DeviceState *dev, Error **errp)
{
    TEST_BRIDGE(h)->unplugged++;
    qdev_unrealize(dev);
}

static void bridge_realize(DeviceState *dev, Error **errp)
{
    TestBridge *b = TEST_BRIDGE(dev);

    b->bus = qbus_new(TYPE_TEST_BUS, dev, NULL);
    qbus_set_hotplug_handler(b->bus, OBJECT(dev));
}

static void bridge_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    HotplugHandlerClass *hc = HOTPLUG_HANDLER_CLASS(oc);

    dc->realize = bridge_realize;
    hc->plug = bridge_plug;
    hc->unplug = bridge_unplug;
}

typedef struct TestBusDev {
    DeviceState parent_obj;
    uint32_t addr;
} TestBusDev;

static const Property test_bus_dev_props[] = {
    DEFINE_PROP_UINT32("addr", TestBusDev, addr, 0),
};

static void test_bus_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_TEST_BUS;
    device_class_set_props(dc, test_bus_dev_props);
}

#define TYPE_TEST_NOUSER "test-nouser"

static void test_nouser_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->user_creatable = false;
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestDev),
        .class_init = test_dev_class_init,
    }, {
        .name = TYPE_TEST_PLAIN,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TestPlain),
        .class_init = test_plain_class_init,
    }, {
        .name = TYPE_TEST_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
    }, {
        .name = TYPE_TEST_BRIDGE,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(TestBridge),
        .class_init = bridge_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_HOTPLUG_HANDLER },
            { }
        },
    }, {
        .name = TYPE_TEST_BUS_DEV,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(TestBusDev),
        .class_init = test_bus_dev_class_init,
    }, {
        .name = TYPE_TEST_NOUSER,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(DeviceState),
        .class_init = test_nouser_class_init,
    },
};

DEFINE_TYPES(test_types)

static void assert_error(Error *err, const char *msg)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

/* Setting @value (a string) on @name must fail. */
static void assert_parse_fails(Object *obj, const char *name,
                               const char *value)
{
    Error *err = NULL;

    g_assert_false(object_property_parse(obj, name, value, &err));
    g_assert_nonnull(err);
    error_free(err);
}

static void test_defaults(void)
{
    TestDev *t = TEST_DEV(object_new(TYPE_TEST_DEV));
    Object *obj = OBJECT(t);

    g_assert_true(t->b);
    g_assert_cmphex(t->bits, ==, 1 << 3);
    g_assert_cmphex(t->bits64, ==, 1ULL << 40);
    g_assert_cmpuint(t->u8, ==, 8);
    g_assert_cmpuint(t->u16, ==, 16);
    g_assert_cmpuint(t->u32, ==, 32);
    g_assert_cmpint(t->i32, ==, -32);
    g_assert_cmpuint(t->u64, ==, 64);
    g_assert_cmpint(t->i64, ==, -64);
    g_assert_cmpuint(t->size, ==, 4096);
    g_assert_cmpuint(t->size32, ==, 512);
    g_assert_null(t->str);
    g_assert_cmpint(t->ooa, ==, ON_OFF_AUTO_AUTO);
    g_assert_null(t->link);
    g_assert_cmpuint(t->num_list, ==, 0);

    g_assert_cmpstr(object_property_get_type(obj, "b", NULL), ==, "bool");
    g_assert_cmpstr(object_property_get_type(obj, "bit3", NULL), ==, "bool");
    g_assert_cmpstr(object_property_get_type(obj, "u8", NULL), ==, "uint8");
    g_assert_cmpstr(object_property_get_type(obj, "i32", NULL), ==, "int32");
    g_assert_cmpstr(object_property_get_type(obj, "size", NULL), ==, "size");
    g_assert_cmpstr(object_property_get_type(obj, "str", NULL), ==, "str");
    g_assert_cmpstr(object_property_get_type(obj, "ooa", NULL), ==,
                    "OnOffAuto");
    g_assert_cmpstr(object_property_get_type(obj, "link", NULL), ==,
                    "link<object>");
    g_assert_cmpstr(object_property_get_type(obj, "list", NULL), ==, "list");
    object_unref(obj);
}

static void test_set_values(void)
{
    TestDev *t = TEST_DEV(object_new(TYPE_TEST_DEV));
    Object *obj = OBJECT(t);
    Object *target = container_get(object_get_root(), "/qdev-props-target");
    QObject *q;
    char *s;

    g_assert_true(object_property_parse(obj, "b", "off", &error_abort));
    g_assert_false(t->b);
    g_assert_true(object_property_parse(obj, "bit4", "on", &error_abort));
    g_assert_true(object_property_parse(obj, "bit3", "off", &error_abort));
    g_assert_cmphex(t->bits, ==, 1 << 4);
    g_assert_true(object_property_set_bool(obj, "bit40", false,
                                           &error_abort));
    g_assert_cmphex(t->bits64, ==, 0);
    g_assert_true(object_property_parse(obj, "u8", "255", &error_abort));
    g_assert_cmpuint(t->u8, ==, 255);
    g_assert_true(object_property_parse(obj, "u16", "65535", &error_abort));
    g_assert_true(object_property_parse(obj, "u32", "0x10", &error_abort));
    g_assert_cmpuint(t->u32, ==, 16);
    g_assert_true(object_property_parse(obj, "i32", "-2147483648",
                                        &error_abort));
    g_assert_cmpint(t->i32, ==, INT32_MIN);
    g_assert_true(object_property_set_uint(obj, "u64", UINT64_MAX,
                                           &error_abort));
    g_assert_true(object_property_set_int(obj, "i64", INT64_MIN,
                                          &error_abort));
    g_assert_cmpint(t->i64, ==, INT64_MIN);
    g_assert_true(object_property_parse(obj, "size", "2M", &error_abort));
    g_assert_cmpuint(t->size, ==, 2 * 1024 * 1024);
    g_assert_true(object_property_parse(obj, "size32", "1G", &error_abort));
    g_assert_cmpuint(t->size32, ==, 1024 * 1024 * 1024);
    g_assert_true(object_property_parse(obj, "str", "hello", &error_abort));
    g_assert_cmpstr(t->str, ==, "hello");
    g_assert_true(object_property_set_str(obj, "str", "again",
                                          &error_abort));
    g_assert_cmpstr(t->str, ==, "again");
    g_assert_true(object_property_parse(obj, "ooa", "off", &error_abort));
    g_assert_cmpint(t->ooa, ==, ON_OFF_AUTO_OFF);
    g_assert_cmpint(object_property_get_enum(obj, "ooa", "OnOffAuto",
                                             &error_abort), ==,
                    ON_OFF_AUTO_OFF);
    g_assert_true(object_property_set_link(obj, "link", target,
                                           &error_abort));
    g_assert(t->link == target);

    /* Arrays: JSON list, then a string list (replaces the old one). */
    q = qobject_from_json("[1, 2, 3]", &error_abort);
    g_assert_true(object_property_set_qobject(obj, "list", q,
                                              &error_abort));
    qobject_unref(q);
    g_assert_cmpuint(t->num_list, ==, 3);
    g_assert_cmpuint(t->list[2], ==, 3);
    q = object_property_get_qobject(obj, "list", &error_abort);
    s = g_string_free(qobject_to_json(q), false);
    g_assert_cmpstr(s, ==, "[1, 2, 3]");
    g_free(s);
    qobject_unref(q);
    q = qobject_from_json("[7]", &error_abort);
    object_property_set_qobject(obj, "list", q, &error_abort);
    qobject_unref(q);
    g_assert_cmpuint(t->num_list, ==, 1);
    g_assert_cmpuint(t->list[0], ==, 7);

    /* Printing. */
    s = object_property_print(obj, "u32", false, &error_abort);
    g_assert_cmpstr(s, ==, "16");
    g_free(s);
    s = object_property_print(obj, "ooa", false, &error_abort);
    g_assert_cmpstr(s, ==, "off");
    g_free(s);

    object_unref(obj);
    object_unparent(target);
}

static void test_bad_values(void)
{
    TestDev *t = TEST_DEV(object_new(TYPE_TEST_DEV));
    Object *obj = OBJECT(t);
    Error *err = NULL;
    QObject *q;

    assert_parse_fails(obj, "b", "maybe");
    assert_parse_fails(obj, "bit3", "2");
    assert_parse_fails(obj, "u8", "256");
    assert_parse_fails(obj, "u8", "-1");
    assert_parse_fails(obj, "u8", "abc");
    assert_parse_fails(obj, "u16", "65536");
    assert_parse_fails(obj, "i32", "2147483648");
    assert_parse_fails(obj, "u64", "18446744073709551616");
    assert_parse_fails(obj, "size", "12Q");
    assert_parse_fails(obj, "ooa", "maybe");
    assert_parse_fails(obj, "link", "/no/such/object");

    g_assert_false(object_property_parse(obj, "size32", "8G", &err));
    assert_error(err, "Property test-dev.size32 doesn't take value "
                 "8589934592 (maximum: 4294967295)");
    err = NULL;

    /* Failed sets leave the old values. */
    g_assert_cmpuint(t->u8, ==, 8);
    g_assert_cmpuint(t->u16, ==, 16);
    g_assert_cmpint(t->i32, ==, -32);
    g_assert_cmpint(t->ooa, ==, ON_OFF_AUTO_AUTO);
    g_assert_cmpuint(t->size32, ==, 512);

    /* A list with a bad element leaves the list unchanged. */
    q = qobject_from_json("[1, \"x\"]", &error_abort);
    g_assert_false(object_property_set_qobject(obj, "list", q, &err));
    qobject_unref(q);
    g_assert_nonnull(err);
    error_free(err);
    g_assert_cmpuint(t->num_list, ==, 0);

    object_unref(obj);
}

static void test_realized_lock(void)
{
    DeviceState *dev = qdev_new(TYPE_TEST_DEV);
    TestDev *t = TEST_DEV(dev);
    Error *err = NULL;
    char *path;

    g_assert_true(qdev_realize(dev, NULL, &error_abort));
    g_assert_true(dev->realized);
    g_assert_cmpint(t->realize_count, ==, 1);
    g_assert_true(object_property_get_bool(OBJECT(dev), "realized",
                                           &error_abort));

    /* Realized without a parent: placed under /machine/unattached. */
    path = object_get_canonical_path(OBJECT(dev));
    g_assert_true(g_str_has_prefix(path, "/machine/unattached/device["));
    g_free(path);

    g_assert_false(object_property_parse(OBJECT(dev), "u8", "1", &err));
    assert_error(err, "Attempt to set property 'u8' on anonymous device "
                 "(type 'test-dev') after it was realized");
    err = NULL;
    g_assert_cmpuint(t->u8, ==, 8);
    g_assert_false(object_property_set_link(OBJECT(dev), "link",
                                            object_get_root(), &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;

    dev->id = g_strdup("d0");
    g_assert_false(object_property_set_str(OBJECT(dev), "str", "x", &err));
    assert_error(err, "Attempt to set property 'str' on device 'd0' "
                 "(type 'test-dev') after it was realized");
    err = NULL;

    /* Reads still work; reset runs the handler. */
    g_assert_cmpuint(object_property_get_uint(OBJECT(dev), "u8",
                                              &error_abort), ==, 8);
    device_cold_reset(dev);
    g_assert_cmpuint(t->u16, ==, 1600);

    /* After unrealize, properties can change again. */
    qdev_unrealize(dev);
    g_assert_true(object_property_parse(OBJECT(dev), "u8", "1",
                                        &error_abort));
    object_unparent(OBJECT(dev));
    object_unref(OBJECT(dev));
}

static void test_realize_failure(void)
{
    DeviceState *dev = qdev_new(TYPE_TEST_DEV);
    Error *err = NULL;

    object_property_parse(OBJECT(dev), "u8", "99", &error_abort);
    g_assert_false(qdev_realize(dev, NULL, &err));
    assert_error(err, "u8=99 cannot be realized");
    g_assert_false(dev->realized);
    /* The device did not stay in the tree. */
    g_assert_null(OBJECT(dev)->parent);
    g_assert_cmpint(OBJECT(dev)->ref, ==, 1);
    object_unref(OBJECT(dev));

    g_assert_null(qdev_try_new("no-such-device"));
    g_assert_null(qdev_try_new(TYPE_DEVICE));
    g_assert_null(qdev_try_new(TYPE_TEST_PLAIN));
}

static void test_plain_object(void)
{
    Object *obj = object_new(TYPE_TEST_PLAIN);
    TestPlain *p = (TestPlain *)obj;
    ObjectPropertyInfoList *props, *e;
    bool found = false;

    g_assert_cmpuint(p->count, ==, 3);
    g_assert_cmpint(p->mode, ==, ON_OFF_AUTO_ON);
    g_assert_true(object_property_parse(obj, "count", "10", &error_abort));
    g_assert_cmpuint(p->count, ==, 10);
    g_assert_true(object_property_parse(obj, "label", "lbl", &error_abort));
    /* No realize lock on plain objects: sets keep working. */
    g_assert_true(object_property_parse(obj, "label", "lbl2",
                                        &error_abort));
    g_assert_cmpstr(p->label, ==, "lbl2");
    assert_parse_fails(obj, "count", "-1");
    assert_parse_fails(obj, "mode", "sideways");
    object_unref(obj);      /* frees the label through release */

    props = qmp_qom_list_properties(TYPE_TEST_PLAIN, &error_abort);
    for (e = props; e; e = e->next) {
        if (!strcmp(e->value->name, "count")) {
            g_assert_cmpint(qnum_get_int(qobject_to(QNum,
                                           e->value->default_value)), ==, 3);
            found = true;
        }
    }
    g_assert_true(found);
    qapi_free_ObjectPropertyInfoList(props);
}

static void test_device_list_properties(void)
{
    ObjectPropertyInfoList *props, *e;
    Error *err = NULL;
    int n = 0;

    props = qmp_device_list_properties(TYPE_TEST_DEV, &error_abort);
    for (e = props; e; e = e->next) {
        g_assert_cmpstr(e->value->name, !=, "realized");
        g_assert_cmpstr(e->value->name, !=, "type");
        if (!strcmp(e->value->name, "ooa")) {
            g_assert_cmpstr(qstring_get_str(qobject_to(QString,
                                              e->value->default_value)),
                            ==, "auto");
            g_assert_cmpstr(e->value->description, ==, "on/off/auto");
        }
        n++;
    }
    g_assert_cmpint(n, ==, ARRAY_SIZE(test_dev_props));
    qapi_free_ObjectPropertyInfoList(props);

    g_assert_null(qmp_device_list_properties("nope", &err));
    assert_error(err, "Device 'nope' not found");
    err = NULL;
    g_assert_null(qmp_device_list_properties(TYPE_TEST_PLAIN, &err));
    assert_error(err, "Parameter 'typename' expects device");
    err = NULL;
    g_assert_null(qmp_device_list_properties(TYPE_DEVICE, &err));
    assert_error(err, "Parameter 'typename' expects non-abstract device "
                 "type");
}

static DeviceState *add_device(const char *json, Error **errp)
{
    QDict *opts = qdict_from_jsonf_nofail(json);
    DeviceState *dev = qdev_device_add_from_qdict(opts, true, errp);

    qobject_unref(opts);
    return dev;
}

static void test_device_add(void)
{
    DeviceState *dev, *bridge, *on_bus;
    Error *err = NULL;
    char *path;

    dev = add_device("{'driver': 'test-dev', 'id': 'td1', 'u8': 5}",
                     &error_abort);
    g_assert(object_resolve_path("/machine/peripheral/td1", NULL) ==
             OBJECT(dev));
    g_assert_cmpuint(TEST_DEV(dev)->u8, ==, 5);
    g_assert_true(dev->realized);
    object_unref(OBJECT(dev));

    dev = add_device("{'driver': 'test-dev'}", &error_abort);
    path = object_get_canonical_path(OBJECT(dev));
    g_assert_true(g_str_has_prefix(path,
                                   "/machine/peripheral-anon/device["));
    g_free(path);
    object_unref(OBJECT(dev));

    /* keyval (command line) strings. */
    {
        QDict *opts = qdict_new();

        qdict_put_str(opts, "driver", "test-dev");
        qdict_put_str(opts, "id", "td2");
        qdict_put_str(opts, "size", "1k");
        dev = qdev_device_add_from_qdict(opts, false, &error_abort);
        qobject_unref(opts);
        g_assert_cmpuint(TEST_DEV(dev)->size, ==, 1024);
        object_unref(OBJECT(dev));
    }

    g_assert_null(add_device("{'driver': 'test-dev', 'id': 'td1'}", &err));
    assert_error(err, "Duplicate device ID 'td1'");
    err = NULL;
    g_assert_null(add_device("{'driver': 'test-dev', 'id': '9x'}", &err));
    assert_error(err, "Parameter 'id' expects an identifier");
    err = NULL;
    g_assert_null(add_device("{'driver': 'nope'}", &err));
    assert_error(err, "'nope' is not a valid device model name");
    err = NULL;
    g_assert_null(add_device("{'driver': 'test-plain'}", &err));
    assert_error(err, "'test-plain' is not a valid device model name");
    err = NULL;
    g_assert_null(add_device("{'driver': 'device'}", &err));
    assert_error(err, "Parameter 'driver' expects a non-abstract device "
                 "type");
    err = NULL;
    g_assert_null(add_device("{'driver': 'test-nouser'}", &err));
    assert_error(err, "Parameter 'driver' expects a pluggable device type");
    err = NULL;
    g_assert_null(add_device("{'id': 'x'}", &err));
    assert_error(err, "Parameter 'driver' is missing");
    err = NULL;
    g_assert_null(add_device("{'driver': 'test-dev', 'id': 'td3', "
                             "'u8': 300}", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(object_resolve_path("/machine/peripheral/td3", NULL));
    g_assert_null(add_device("{'driver': 'test-dev', 'id': 'td3', "
                             "'nope': 1}", &err));
    assert_error(err, "Property 'test-dev.nope' not found");
    err = NULL;
    g_assert_null(add_device("{'driver': 'test-dev', 'id': 'td3', "
                             "'u8': 99}", &err));
    assert_error(err, "u8=99 cannot be realized");
    err = NULL;
    g_assert_null(object_resolve_path("/machine/peripheral/td3", NULL));

    /* Buses: automatic placement and explicit bus paths. */
    g_assert_null(add_device("{'driver': 'test-bus-dev'}", &err));
    assert_error(err, "No 'test-bus' bus found for device 'test-bus-dev'");
    err = NULL;

    bridge = qdev_new(TYPE_TEST_BRIDGE);
    bridge->id = g_strdup("br");
    sysbus_realize(SYS_BUS_DEVICE(bridge), &error_abort);
    g_assert_cmpstr(TEST_BRIDGE(bridge)->bus->name, ==, "br.0");

    on_bus = add_device("{'driver': 'test-bus-dev', 'id': 'b1', "
                        "'bus': 'br.0', 'addr': 3}", &error_abort);
    g_assert(on_bus->parent_bus == TEST_BRIDGE(bridge)->bus);
    g_assert_cmpint(TEST_BRIDGE(bridge)->plugged, ==, 1);
    object_unref(OBJECT(on_bus));
    g_assert_null(add_device("{'driver': 'test-bus-dev', 'bus': 'zz.0'}",
                             &err));
    assert_error(err, "Bus 'zz.0' not found");
    err = NULL;
    g_assert_null(add_device("{'driver': 'test-dev', 'bus': 'br.0'}",
                             &err));
    assert_error(err, "Device 'test-dev' can't go on test-bus bus");
    err = NULL;
}

static void test_bus_tree(void)
{
    DeviceState *bridge, *child;
    BusState *bus;
    BusChild *kid;
    int n = 0;

    bridge = qdev_new(TYPE_TEST_BRIDGE);
    sysbus_realize(SYS_BUS_DEVICE(bridge), &error_abort);
    bus = TEST_BRIDGE(bridge)->bus;
    g_assert(qdev_get_child_bus(bridge, bus->name) == bus);
    g_assert_true(qbus_is_hotpluggable(bus));
    g_assert(bus->parent == bridge);

    child = qdev_new(TYPE_TEST_BUS_DEV);
    g_assert_true(qdev_realize_and_unref(child, bus, &error_abort));
    g_assert(qdev_get_parent_bus(child) == bus);
    g_assert(object_property_get_link(OBJECT(child), "parent_bus",
                                      &error_abort) == OBJECT(bus));
    QTAILQ_FOREACH(kid, &bus->children, sibling) {
        n++;
    }
    g_assert_cmpint(n, ==, 1);
    g_assert_cmpint(bus->num_children, ==, 1);

    /* Unparenting the bridge takes the bus and the child with it. */
    object_ref(OBJECT(child));
    object_unparent(OBJECT(bridge));
    g_assert_false(child->realized);
    g_assert_null(child->parent_bus);
    object_unref(OBJECT(child));
    object_unref(OBJECT(bridge));

    /* The system bus. */
    g_assert_cmpstr(sysbus_get_default()->name, ==, "main-system-bus");
    g_assert(object_resolve_path("/machine/unattached/sysbus", NULL) ==
             OBJECT(sysbus_get_default()));
}

static void test_hotplug(void)
{
    DeviceState *bridge, *dev;
    Error *err = NULL;

    /* From here on, we are past start-up. */
    while (!phase_check(PHASE_MACHINE_READY)) {
        phase_advance(phase_get() + 1);
    }

    bridge = qdev_new(TYPE_TEST_BRIDGE);
    bridge->id = g_strdup("hbr");
    sysbus_realize_and_unref(SYS_BUS_DEVICE(bridge), &error_abort);

    dev = add_device("{'driver': 'test-bus-dev', 'id': 'hp1', "
                     "'bus': 'hbr.0'}", &error_abort);
    g_assert_true(dev->hotplugged);
    object_unref(OBJECT(dev));

    /* No hotplug handler: refused. */
    g_assert_null(add_device("{'driver': 'test-dev', 'id': 'hp2'}", &err));
    assert_error(err, "Device 'test-dev' can not be hotplugged on this "
                 "machine");
    err = NULL;
    g_assert_null(object_resolve_path("/machine/peripheral/hp2", NULL));

    qmp_device_del("hp1", &error_abort);
    g_assert_null(object_resolve_path("/machine/peripheral/hp1", NULL));
    g_assert_cmpint(TEST_BRIDGE(bridge)->unplugged, ==, 1);

    qmp_device_del("hp1", &err);
    assert_error(err, "Device 'hp1' not found");
    err = NULL;
    /* Devices added at start-up on a non-hotpluggable place. */
    qmp_device_del("td1", &err);
    assert_error(err, "Device 'test-dev' does not support hotplugging");
    err = NULL;
    qmp_device_del("/machine/unattached", &err);
    assert_error(err, "/machine/unattached is not a hotpluggable device");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/qdev-props/defaults", test_defaults);
    g_test_add_func("/qdev-props/set-values", test_set_values);
    g_test_add_func("/qdev-props/bad-values", test_bad_values);
    g_test_add_func("/qdev-props/realized-lock", test_realized_lock);
    g_test_add_func("/qdev-props/realize-failure", test_realize_failure);
    g_test_add_func("/qdev-props/plain-object", test_plain_object);
    g_test_add_func("/qdev-props/device-list-properties",
                    test_device_list_properties);
    g_test_add_func("/qdev-props/device-add", test_device_add);
    g_test_add_func("/qdev-props/bus-tree", test_bus_tree);
    g_test_add_func("/qdev-props/hotplug", test_hotplug);
    return g_test_run();
}
