/*
 * HMP commands for QOM: qom-list, qom-get, qom-set, info qom-tree,
 * object_add, object_del.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "monitor/hmp.h"
#include "monitor/monitor.h"
#include "hw/qdev-core.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"

void hmp_qom_list(Monitor *mon, const QDict *qdict)
{
    const char *path = qdict_get_try_str(qdict, "path");
    ObjectPropertyInfoList *list, *start;
    Error *err = NULL;

    if (path == NULL) {
        monitor_printf(mon, "/\n");
        return;
    }

    list = start = qmp_qom_list(path, &err);
    if (err == NULL) {
        for (; list; list = list->next) {
            monitor_printf(mon, "%s (%s)\n", list->value->name,
                           list->value->type);
        }
        qapi_free_ObjectPropertyInfoList(start);
    }
    hmp_handle_error(mon, err);
}

void hmp_qom_get(Monitor *mon, const QDict *qdict)
{
    const char *path = qdict_get_str(qdict, "path");
    const char *property = qdict_get_str(qdict, "property");
    Error *err = NULL;
    QObject *obj = qmp_qom_get(path, property, &err);

    if (err == NULL) {
        GString *str = qobject_to_json_pretty(obj, true);

        monitor_printf(mon, "%s\n", str->str);
        g_string_free(str, true);
    }
    qobject_unref(obj);
    hmp_handle_error(mon, err);
}

void hmp_qom_set(Monitor *mon, const QDict *qdict)
{
    const bool json = qdict_get_try_bool(qdict, "json", false);
    const char *path = qdict_get_str(qdict, "path");
    const char *property = qdict_get_str(qdict, "property");
    const char *value = qdict_get_str(qdict, "value");
    Error *err = NULL;

    if (!json) {
        Object *obj = object_resolve_path(path, NULL);

        if (!obj) {
            error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        } else {
            object_property_parse(obj, property, value, &err);
        }
    } else {
        QObject *obj = qobject_from_json(value, &err);

        if (!err) {
            qmp_qom_set(path, property, obj, &err);
        }
        qobject_unref(obj);
    }
    hmp_handle_error(mon, err);
}

static int qom_composition_compare(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(object_get_canonical_path_component(*(Object **)a),
                     object_get_canonical_path_component(*(Object **)b));
}

static int insert_qom_composition_child(Object *obj, void *opaque)
{
    g_ptr_array_add(opaque, object_ref(obj));
    return 0;
}

static void print_qom_composition(Monitor *mon, Object *obj, int indent)
{
    GPtrArray *children = g_ptr_array_new();
    const char *name;
    guint i;

    if (obj == object_get_root()) {
        name = "";
    } else {
        name = object_get_canonical_path_component(obj);
    }
    monitor_printf(mon, "%*s/%s (%s)\n", indent, "", name ? name : "",
                   object_get_typename(obj));

    object_child_foreach(obj, insert_qom_composition_child, children);
    g_ptr_array_sort(children, qom_composition_compare);
    for (i = 0; i < children->len; i++) {
        Object *child = g_ptr_array_index(children, i);

        print_qom_composition(mon, child, indent + 2);
        object_unref(child);
    }
    g_ptr_array_free(children, true);
}

void hmp_info_qom_tree(Monitor *mon, const QDict *dict)
{
    const char *path = qdict_get_try_str(dict, "path");
    bool ambiguous = false;
    Object *obj;

    if (path) {
        obj = object_resolve_path(path, &ambiguous);
        if (!obj) {
            if (ambiguous) {
                monitor_printf(mon, "Warning: Path '%s' is ambiguous.\n",
                               path);
            } else {
                monitor_printf(mon, "Path '%s' could not be resolved.\n",
                               path);
            }
            return;
        }
    } else {
        obj = qdev_get_machine();
    }
    print_qom_composition(mon, obj, 0);
}

void hmp_object_add(Monitor *mon, const QDict *qdict)
{
    const char *options = qdict_get_str(qdict, "object");
    Error *err = NULL;

    user_creatable_add_from_str(options, &err);
    hmp_handle_error(mon, err);
}

void hmp_object_del(Monitor *mon, const QDict *qdict)
{
    const char *id = qdict_get_str(qdict, "id");
    Error *err = NULL;

    user_creatable_del(id, &err);
    hmp_handle_error(mon, err);
}
