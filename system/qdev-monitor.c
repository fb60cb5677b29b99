/*
 * Devices from the user: -device, device_add, device_del, info qtree,
 * info qdm (device-list-properties is in qom/qom-qmp-cmds.c).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qemu/error-report.h"
#include "qemu/help_option.h"
#include "qemu/keyval.h"
#include "qemu/qemu-print.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "monitor/hmp.h"
#include "monitor/monitor.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "qom/object_interfaces.h"

/* ---- Help ---------------------------------------------------------------- */

static void qdev_print_devinfo(DeviceClass *dc)
{
    qemu_printf("name \"%s\"", object_class_get_name(OBJECT_CLASS(dc)));
    if (dc->bus_type) {
        qemu_printf(", bus %s", dc->bus_type);
    }
    if (dc->desc) {
        qemu_printf(", desc \"%s\"", dc->desc);
    }
    if (!dc->user_creatable) {
        qemu_printf(", no-user");
    }
    qemu_printf("\n");
}

static bool dc_has_category(DeviceClass *dc, int cat)
{
    return (dc->categories[0] >> cat) & 1;
}

void qdev_print_devinfos(bool show_no_user)
{
    static const char *cat_name[DEVICE_CATEGORY_MAX + 1] = {
        [DEVICE_CATEGORY_BRIDGE]  = "Controller/Bridge/Hub",
        [DEVICE_CATEGORY_USB]     = "USB",
        [DEVICE_CATEGORY_STORAGE] = "Storage",
        [DEVICE_CATEGORY_NETWORK] = "Network",
        [DEVICE_CATEGORY_INPUT]   = "Input",
        [DEVICE_CATEGORY_DISPLAY] = "Display",
        [DEVICE_CATEGORY_SOUND]   = "Sound",
        [DEVICE_CATEGORY_MISC]    = "Misc",
        [DEVICE_CATEGORY_CPU]     = "CPU",
        [DEVICE_CATEGORY_WATCHDOG] = "Watchdog",
        [DEVICE_CATEGORY_MAX]     = "Uncategorized",
    };
    GSList *list, *elt;
    int i;
    bool cat_printed;

    list = object_class_get_list_sorted(TYPE_DEVICE, false);

    for (i = 0; i <= DEVICE_CATEGORY_MAX; i++) {
        cat_printed = false;
        for (elt = list; elt; elt = elt->next) {
            DeviceClass *dc = OBJECT_CLASS_CHECK(DeviceClass, elt->data,
                                                 TYPE_DEVICE);
            bool in_cat;

            if (i < DEVICE_CATEGORY_MAX) {
                in_cat = dc_has_category(dc, i);
            } else {
                /* Uncategorized: no category bit at all. */
                in_cat = (dc->categories[0] &
                          ((1UL << DEVICE_CATEGORY_MAX) - 1)) == 0;
            }
            if (!in_cat || (!show_no_user && !dc->user_creatable)) {
                continue;
            }
            if (!cat_printed) {
                qemu_printf("%s%s devices:\n", i ? "\n" : "", cat_name[i]);
                cat_printed = true;
            }
            qdev_print_devinfo(dc);
        }
    }
    g_slist_free(list);
}

static gint help_line_cmp(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

bool qdev_device_help(QDict *opts)
{
    Error *local_err = NULL;
    const char *driver;
    ObjectPropertyInfoList *prop_list;
    ObjectPropertyInfoList *prop;
    GPtrArray *array;
    guint i;

    driver = qdict_get_try_str(opts, "driver");
    if (driver && is_help_option(driver)) {
        qdev_print_devinfos(false);
        return true;
    }
    if (!driver || !qdict_haskey(opts, "help")) {
        return false;
    }

    prop_list = qmp_device_list_properties(driver, &local_err);
    if (local_err) {
        error_report_err(local_err);
        return true;
    }

    if (prop_list) {
        qemu_printf("%s options:\n", driver);
    } else {
        qemu_printf("There are no options for %s.\n", driver);
    }
    array = g_ptr_array_new_with_free_func(g_free);
    for (prop = prop_list; prop; prop = prop->next) {
        g_ptr_array_add(array,
                        object_property_help(prop->value->name,
                                             prop->value->type,
                                             prop->value->default_value,
                                             prop->value->description));
    }
    g_ptr_array_sort(array, help_line_cmp);
    for (i = 0; i < array->len; i++) {
        qemu_printf("%s\n", (char *)g_ptr_array_index(array, i));
    }
    g_ptr_array_free(array, true);
    qapi_free_ObjectPropertyInfoList(prop_list);
    return true;
}

/* ---- Finding classes and buses ------------------------------------------- */

static DeviceClass *qdev_get_device_class(const char *driver, Error **errp)
{
    ObjectClass *oc = object_class_by_name(driver);
    DeviceClass *dc;

    if (!object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter '%s' expects %s", "driver",
                   "a non-abstract device type");
        return NULL;
    }

    dc = DEVICE_CLASS(oc);
    if (!dc->user_creatable ||
        (phase_check(PHASE_MACHINE_READY) && !dc->hotpluggable)) {
        error_setg(errp, "Parameter '%s' expects %s", "driver",
                   "a pluggable device type");
        return NULL;
    }
    return dc;
}

static Object *qdev_get_peripheral(void)
{
    return container_get(qdev_get_machine(), "/peripheral");
}

static Object *qdev_get_peripheral_anon(void)
{
    return container_get(qdev_get_machine(), "/peripheral-anon");
}

static void qbus_error_append_bus_list_hint(DeviceState *dev,
                                            Error *const *errp)
{
    BusState *child;
    const char *sep = " ";

    error_append_hint(errp, "child buses at \"%s\":",
                      dev->id ? dev->id : object_get_typename(OBJECT(dev)));
    QLIST_FOREACH(child, &dev->child_bus, sibling) {
        error_append_hint(errp, "%s\"%s\"", sep, child->name);
        sep = ", ";
    }
    error_append_hint(errp, "\n");
}

static void qbus_error_append_dev_list_hint(BusState *bus,
                                            Error *const *errp)
{
    BusChild *kid;
    const char *sep = " ";

    error_append_hint(errp, "devices at \"%s\":", bus->name);
    QTAILQ_FOREACH(kid, &bus->children, sibling) {
        DeviceState *dev = kid->child;

        error_append_hint(errp, "%s\"%s\"", sep,
                          object_get_typename(OBJECT(dev)));
        if (dev->id) {
            error_append_hint(errp, "/\"%s\"", dev->id);
        }
        sep = ", ";
    }
    error_append_hint(errp, "\n");
}

static BusState *qbus_find_bus(DeviceState *dev, const char *elem)
{
    BusState *child;

    QLIST_FOREACH(child, &dev->child_bus, sibling) {
        if (strcmp(child->name, elem) == 0) {
            return child;
        }
    }
    return NULL;
}

/* A device on @bus by id, else by type name. */
static DeviceState *qbus_find_dev(BusState *bus, const char *elem)
{
    BusChild *kid;

    QTAILQ_FOREACH(kid, &bus->children, sibling) {
        DeviceState *dev = kid->child;

        if (dev->id && strcmp(dev->id, elem) == 0) {
            return dev;
        }
    }
    QTAILQ_FOREACH(kid, &bus->children, sibling) {
        DeviceState *dev = kid->child;

        if (strcmp(object_get_typename(OBJECT(dev)), elem) == 0) {
            return dev;
        }
    }
    return NULL;
}

/*
 * Search below @bus for a bus named @name, or (without a name) of type
 * @bus_typename; prefer one that is not full.
 */
static BusState *qbus_find_recursive(BusState *bus, const char *name,
                                     const char *bus_typename)
{
    BusChild *kid;
    BusState *pick, *child, *ret;
    bool match;

    g_assert(name || bus_typename);
    if (name) {
        match = !strcmp(bus->name, name);
    } else {
        match = !!object_dynamic_cast(OBJECT(bus), bus_typename);
    }

    if (match && !qbus_is_full(bus)) {
        return bus;
    }

    pick = match ? bus : NULL;

    QTAILQ_FOREACH(kid, &bus->children, sibling) {
        DeviceState *dev = kid->child;

        QLIST_FOREACH(child, &dev->child_bus, sibling) {
            ret = qbus_find_recursive(child, name, bus_typename);
            if (ret && !qbus_is_full(ret)) {
                return ret;
            }
            if (ret && !pick) {
                pick = ret;
            }
        }
    }
    return pick;
}

/*
 * Resolve a bus path: "/dev/bus/dev/..." from the main system bus, or
 * "busname/dev/bus..." starting at the bus of that name.  A path ending
 * at a device with exactly one child bus means that bus.
 */
static BusState *qbus_find(const char *path, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    BusState *bus;
    DeviceState *dev;
    int i = 0;

    if (path[0] == '/') {
        bus = sysbus_get_default();
    } else {
        bus = qbus_find_recursive(sysbus_get_default(), parts[0], NULL);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", parts[0]);
            return NULL;
        }
        i = 1;
    }

    for (;;) {
        while (parts[i] && !*parts[i]) {
            i++;
        }
        if (!parts[i]) {
            break;
        }

        dev = qbus_find_dev(bus, parts[i]);
        if (!dev) {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", parts[i]);
            qbus_error_append_dev_list_hint(bus, errp);
            return NULL;
        }
        i++;
        while (parts[i] && !*parts[i]) {
            i++;
        }
        if (!parts[i]) {
            if (dev->num_child_bus == 1) {
                bus = QLIST_FIRST(&dev->child_bus);
                break;
            }
            if (dev->num_child_bus) {
                error_setg(errp, "Device '%s' has multiple child buses",
                           parts[i - 1]);
                qbus_error_append_bus_list_hint(dev, errp);
            } else {
                error_setg(errp, "Device '%s' has no child bus",
                           parts[i - 1]);
            }
            return NULL;
        }

        bus = qbus_find_bus(dev, parts[i]);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", parts[i]);
            qbus_error_append_bus_list_hint(dev, errp);
            return NULL;
        }
        i++;
    }

    if (qbus_is_full(bus)) {
        error_setg(errp, "Bus '%s' is full", path);
        return NULL;
    }
    return bus;
}

const char *qdev_set_id(DeviceState *dev, char *id, Error **errp)
{
    ObjectProperty *prop;

    g_assert(!dev->id && !dev->realized);

    if (id) {
        if (!qom_id_wellformed(id)) {
            error_setg(errp, "Parameter '%s' expects %s", "id",
                       "an identifier");
            g_free(id);
            return NULL;
        }
        prop = object_property_try_add_child(qdev_get_peripheral(), id,
                                             OBJECT(dev), NULL);
        if (!prop) {
            error_setg(errp, "Duplicate device ID '%s'", id);
            g_free(id);
            return NULL;
        }
        dev->id = id;
    } else {
        static int anon_count;
        g_autofree char *name = g_strdup_printf("device[%d]", anon_count++);

        prop = object_property_add_child(qdev_get_peripheral_anon(), name,
                                         OBJECT(dev));
    }
    return prop->name;
}

/* ---- device_add ---------------------------------------------------------- */

DeviceState *qdev_device_add_from_qdict(const QDict *opts, bool from_json,
                                        Error **errp)
{
    ERRP_GUARD();
    DeviceClass *dc;
    const char *driver, *path;
    char *id;
    DeviceState *dev = NULL;
    BusState *bus = NULL;

    driver = qdict_get_try_str(opts, "driver");
    if (!driver) {
        error_setg(errp, "Parameter '%s' is missing", "driver");
        return NULL;
    }

    dc = qdev_get_device_class(driver, errp);
    if (!dc) {
        return NULL;
    }

    if (qdict_haskey(opts, "id") && !qdict_get_try_str(opts, "id")) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   "id", "string");
        return NULL;
    }

    path = qdict_get_try_str(opts, "bus");
    if (path != NULL) {
        bus = qbus_find(path, errp);
        if (!bus) {
            return NULL;
        }
        if (!dc->bus_type ||
            !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
            error_setg(errp, "Device '%s' can't go on %s bus",
                       driver, object_get_typename(OBJECT(bus)));
            return NULL;
        }
    } else if (dc->bus_type != NULL) {
        bus = qbus_find_recursive(sysbus_get_default(), NULL, dc->bus_type);
        if (!bus || qbus_is_full(bus)) {
            error_setg(errp, "No '%s' bus found for device '%s'",
                       dc->bus_type, driver);
            return NULL;
        }
    }

    if (phase_check(PHASE_MACHINE_READY) && bus &&
        !qbus_is_hotpluggable(bus)) {
        error_setg(errp, "Bus '%s' does not support hotplugging", bus->name);
        return NULL;
    }

    dev = qdev_new(driver);

    if (phase_check(PHASE_MACHINE_READY)) {
        if (!qdev_hotplug_allowed(dev, bus, errp)) {
            goto err_del_dev;
        }
        if (!bus && !qdev_get_machine_hotplug_handler(dev)) {
            /* No bus and no machine handler: nothing can plug it. */
            error_setg(errp, "Device '%s' can not be hotplugged on this "
                       "machine", driver);
            goto err_del_dev;
        }
    }

    id = g_strdup(qdict_get_try_str(opts, "id"));
    if (!qdev_set_id(dev, id, errp)) {
        goto err_del_dev;
    }

    dev->opts = qdict_clone_shallow(opts);
    qdict_del(dev->opts, "driver");
    qdict_del(dev->opts, "bus");
    qdict_del(dev->opts, "id");

    object_set_properties_from_keyval(OBJECT(dev), dev->opts, from_json,
                                      errp);
    if (*errp) {
        goto err_del_dev;
    }

    if (!qdev_realize(dev, bus, errp)) {
        goto err_del_dev;
    }
    return dev;

err_del_dev:
    object_unparent(OBJECT(dev));
    object_unref(OBJECT(dev));
    return NULL;
}

/*
 * QMP values as keyval strings, as QEMU's device_add accepts them
 * ({"x": 1} and {"x": "1"} alike).
 */
static QObject *qobject_to_keyval_strings(QObject *obj, Error **errp)
{
    switch (qobject_type(obj)) {
    case QTYPE_QSTRING:
        return qobject_ref(obj);
    case QTYPE_QNUM: {
        g_autofree char *s = qnum_to_string(qobject_to(QNum, obj));

        return QOBJECT(qstring_from_str(s));
    }
    case QTYPE_QBOOL:
        return QOBJECT(qstring_from_str(
                           qbool_get_bool(qobject_to(QBool, obj))
                           ? "on" : "off"));
    case QTYPE_QDICT: {
        QDict *src = qobject_to(QDict, obj);
        QDict *dst = qdict_new();
        const QDictEntry *e;

        for (e = qdict_first(src); e; e = qdict_next(src, e)) {
            QObject *v = qobject_to_keyval_strings(qdict_entry_value(e),
                                                   errp);
            if (!v) {
                qobject_unref(dst);
                return NULL;
            }
            qdict_put_obj(dst, qdict_entry_key(e), v);
        }
        return QOBJECT(dst);
    }
    case QTYPE_QLIST: {
        QList *src = qobject_to(QList, obj);
        QList *dst = qlist_new();
        const QListEntry *e;

        for (e = qlist_first(src); e; e = qlist_next(e)) {
            QObject *v = qobject_to_keyval_strings(qlist_entry_obj(e), errp);

            if (!v) {
                qobject_unref(dst);
                return NULL;
            }
            qlist_append_obj(dst, v);
        }
        return QOBJECT(dst);
    }
    default:
        error_setg(errp, "Invalid parameter type, expected: %s",
                   "string, number, boolean, list or object");
        return NULL;
    }
}

void qmp_device_add(QDict *qdict, QObject **ret_data, Error **errp)
{
    DeviceState *dev;
    QDict *opts;
    QObject *conv;

    if (!monitor_cur_is_qmp() && qdev_device_help(qdict)) {
        return;
    }

    conv = qobject_to_keyval_strings(QOBJECT(qdict), errp);
    if (!conv) {
        return;
    }
    opts = qobject_to(QDict, conv);
    dev = qdev_device_add_from_qdict(opts, false, errp);
    qobject_unref(opts);
    if (dev) {
        /* The peripheral container holds the device now. */
        object_unref(OBJECT(dev));
    }
}

/* 'gen': false: the generated registry calls this marshaller. */
void qmp_marshal_device_add(QDict *args, QObject **ret, Error **errp)
{
    qmp_device_add(args, ret, errp);
}

void qdev_device_add_cmdline(const char *optarg)
{
    Error *err = NULL;
    DeviceState *dev;
    QDict *opts;
    bool from_json = optarg[0] == '{';

    if (from_json) {
        QObject *obj = qobject_from_json(optarg, &err);

        if (!obj) {
            error_report_err(err);
            exit(1);
        }
        opts = qobject_to(QDict, obj);
        if (!opts) {
            error_report("JSON for -device must be an object, like "
                         "{\"driver\": \"TYPE\", \"id\": \"ID\"}");
            qobject_unref(obj);
            exit(1);
        }
    } else {
        bool help = false;

        opts = keyval_parse(optarg, "driver", &help, &err);
        if (!opts) {
            error_report_err(err);
            exit(1);
        }
        if (help) {
            if (!qdict_haskey(opts, "driver")) {
                qdev_print_devinfos(false);
                exit(0);
            }
            qdict_put_str(opts, "help", "");
        }
        if (qdev_device_help(opts)) {
            exit(0);
        }
    }

    dev = qdev_device_add_from_qdict(opts, from_json, &err);
    qobject_unref(opts);
    if (!dev) {
        error_report_err(err);
        exit(1);
    }
    object_unref(OBJECT(dev));
}

/* ---- device_del ---------------------------------------------------------- */

static DeviceState *find_device_state(const char *id, Error **errp)
{
    Object *obj = object_resolve_path_at(qdev_get_peripheral(), id);
    DeviceState *dev;

    if (!obj) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", id);
        return NULL;
    }

    dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);
    if (!dev) {
        error_setg(errp, "%s is not a hotpluggable device", id);
        return NULL;
    }
    return dev;
}

void qmp_device_del(const char *id, Error **errp)
{
    DeviceState *dev = find_device_state(id, errp);

    if (dev != NULL) {
        if (dev->pending_deleted_event && dev->realized) {
            error_setg(errp, "Device %s is already in the "
                       "process of unplug", id);
            return;
        }
        qdev_unplug(dev, errp);
    }
}

/* ---- HMP ----------------------------------------------------------------- */

void hmp_device_add(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;
    QDict *opts;

    /* Accept both a parsed option dict and the raw argument string. */
    if (!qdict_haskey(qdict, "driver") && qdict_get_try_str(qdict, "device")) {
        bool help = false;

        opts = keyval_parse(qdict_get_str(qdict, "device"), "driver", &help,
                            &err);
        if (!opts) {
            hmp_handle_error(mon, err);
            return;
        }
        if (help) {
            if (!qdict_haskey(opts, "driver")) {
                qdict_put_str(opts, "driver", "help");
            } else {
                qdict_put_str(opts, "help", "");
            }
        }
    } else {
        opts = qdict_clone_shallow(qdict);
    }

    if (qdev_device_help(opts)) {
        qobject_unref(opts);
        return;
    }
    qmp_device_add(opts, NULL, &err);
    qobject_unref(opts);
    hmp_handle_error(mon, err);
}

void hmp_device_del(Monitor *mon, const QDict *qdict)
{
    const char *id = qdict_get_str(qdict, "id");
    Error *err = NULL;

    qmp_device_del(id, &err);
    hmp_handle_error(mon, err);
}

#define qdev_printf(fmt, ...) \
    monitor_printf(mon, "%*s" fmt, indent, "", ## __VA_ARGS__)

static void qbus_print(Monitor *mon, BusState *bus, int indent);

static void qdev_print_props(Monitor *mon, DeviceState *dev,
                             DeviceClass *dc, int indent)
{
    unsigned i;

    for (i = 0; i < dc->props_count_; i++) {
        const Property *prop = &dc->props_[i];
        char *value = object_property_print(OBJECT(dev), prop->name, true,
                                            NULL);

        if (!value) {
            continue;
        }
        qdev_printf("%s = %s\n", prop->name, *value ? value : "<null>");
        g_free(value);
    }
}

static void qdev_print(Monitor *mon, DeviceState *dev, int indent)
{
    ObjectClass *class;
    ObjectClass *device_class = object_class_by_name(TYPE_DEVICE);
    BusState *child;

    qdev_printf("dev: %s, id \"%s\"\n", object_get_typename(OBJECT(dev)),
                dev->id ? dev->id : "");
    indent += 2;
    class = object_get_class(OBJECT(dev));
    do {
        DeviceClass *dc = DEVICE_CLASS(class);

        /* A subclass without its own list shares its parent's. */
        if (dc->props_ != DEVICE_CLASS(object_class_get_parent(class))
                              ->props_) {
            qdev_print_props(mon, dev, dc, indent);
        }
        class = object_class_get_parent(class);
    } while (class != device_class);
    if (dev->parent_bus) {
        BusClass *bc = BUS_GET_CLASS(dev->parent_bus);

        if (bc->print_dev) {
            bc->print_dev(mon, dev, indent);
        }
    }
    QLIST_FOREACH(child, &dev->child_bus, sibling) {
        qbus_print(mon, child, indent);
    }
}

static void qbus_print(Monitor *mon, BusState *bus, int indent)
{
    BusChild *kid;

    qdev_printf("bus: %s\n", bus->name);
    indent += 2;
    qdev_printf("type %s\n", object_get_typename(OBJECT(bus)));
    QTAILQ_FOREACH(kid, &bus->children, sibling) {
        qdev_print(mon, kid->child, indent);
    }
}
#undef qdev_printf

void hmp_info_qtree(Monitor *mon, const QDict *qdict)
{
    qbus_print(mon, sysbus_get_default(), 0);
}

void hmp_info_qdm(Monitor *mon, const QDict *qdict)
{
    qdev_print_devinfos(true);
}
