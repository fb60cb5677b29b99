/*
 * User-creatable objects: -object, object-add, object-del.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qapi/qobject-input-visitor.h"
#include "qemu/error-report.h"
#include "qemu/help_option.h"
#include "qemu/keyval.h"
#include "qemu/qemu-print.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qstring.h"
#include "qom/object_interfaces.h"

bool qom_id_wellformed(const char *id)
{
    int i;

    if (!id || !g_ascii_isalpha(id[0])) {
        return false;
    }
    for (i = 1; id[i]; i++) {
        if (!g_ascii_isalnum(id[i]) && !strchr("-._", id[i])) {
            return false;
        }
    }
    return true;
}

bool user_creatable_complete(UserCreatable *uc, Error **errp)
{
    UserCreatableClass *ucc = USER_CREATABLE_GET_CLASS(uc);
    Error *err = NULL;

    if (!object_take_init_error(OBJECT(uc), errp)) {
        return false;
    }
    if (ucc->complete) {
        ucc->complete(uc, &err);
        error_propagate(errp, err);
    }
    return !err;
}

bool user_creatable_can_be_deleted(UserCreatable *uc)
{
    UserCreatableClass *ucc = USER_CREATABLE_GET_CLASS(uc);

    if (ucc->can_be_deleted) {
        return ucc->can_be_deleted(uc);
    }
    return true;
}

static bool object_set_properties_from_qdict(Object *obj, const QDict *qdict,
                                             Visitor *v, Error **errp)
{
    const QDictEntry *e;
    Error *local_err = NULL;

    if (!visit_start_struct(v, NULL, NULL, 0, &local_err)) {
        goto out;
    }
    for (e = qdict_first(qdict); e; e = qdict_next(qdict, e)) {
        if (!object_property_set(obj, qdict_entry_key(e), v, &local_err)) {
            break;
        }
    }
    if (!local_err) {
        visit_check_struct(v, &local_err);
    }
    visit_end_struct(v, NULL);

out:
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    return true;
}

void object_set_properties_from_keyval(Object *obj, const QDict *qdict,
                                       bool from_json, Error **errp)
{
    Visitor *v;

    if (from_json) {
        v = qobject_input_visitor_new(QOBJECT(qdict));
    } else {
        v = qobject_input_visitor_new_keyval(QOBJECT(qdict));
    }
    object_set_properties_from_qdict(obj, qdict, v, errp);
    visit_free(v);
}

Object *user_creatable_add_type(const char *type, const char *id,
                                const QDict *qdict,
                                Visitor *v, Error **errp)
{
    ERRP_GUARD();
    Object *obj;
    ObjectClass *klass;
    Error *local_err = NULL;

    if (id != NULL && !qom_id_wellformed(id)) {
        error_setg(errp, "Parameter '%s' expects %s", "id", "an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }

    klass = object_class_by_name(type);
    if (!klass) {
        error_setg(errp, "invalid object type: %s", type);
        return NULL;
    }
    if (!object_class_dynamic_cast(klass, TYPE_USER_CREATABLE)) {
        error_setg(errp, "object type '%s' isn't supported by object-add",
                   type);
        return NULL;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp, "object type '%s' is abstract", type);
        return NULL;
    }

    g_assert(qdict);
    obj = object_new(type);
    /* A compat or -global error is the first thing to report. */
    if (!object_take_init_error(obj, &local_err)) {
        goto out;
    }
    if (!object_set_properties_from_qdict(obj, qdict, v, &local_err)) {
        goto out;
    }

    if (id != NULL) {
        if (!object_property_try_add_child(object_get_objects_root(),
                                           id, obj, &local_err)) {
            goto out;
        }
    }

    if (!user_creatable_complete(USER_CREATABLE(obj), &local_err)) {
        if (id != NULL) {
            object_property_del(object_get_objects_root(), id);
        }
        goto out;
    }

out:
    if (local_err) {
        error_propagate(errp, local_err);
        object_unref(obj);
        return NULL;
    }
    return obj;
}

Object *user_creatable_add_qdict(const QDict *qdict, bool keyval,
                                 Error **errp)
{
    Visitor *v;
    Object *obj;
    QDict *props;
    const char *type;
    const char *id;

    if (!qdict_haskey(qdict, "qom-type")) {
        error_setg(errp, "Parameter '%s' is missing", "qom-type");
        return NULL;
    }
    type = qdict_get_try_str(qdict, "qom-type");
    if (!type) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   "qom-type", "string");
        return NULL;
    }
    if (!qdict_haskey(qdict, "id")) {
        error_setg(errp, "Parameter '%s' is missing", "id");
        return NULL;
    }
    id = qdict_get_try_str(qdict, "id");
    if (!id) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   "id", "string");
        return NULL;
    }

    props = qdict_clone_shallow(qdict);
    qdict_del(props, "qom-type");
    qdict_del(props, "id");

    if (keyval) {
        v = qobject_input_visitor_new_keyval(QOBJECT(props));
    } else {
        v = qobject_input_visitor_new(QOBJECT(props));
    }
    obj = user_creatable_add_type(type, id, props, v, errp);
    visit_free(v);
    qobject_unref(props);
    return obj;
}

Object *user_creatable_add_dict(const QDict *qdict, bool keyval,
                                Error **errp)
{
    return user_creatable_add_qdict(qdict, keyval, errp);
}

char *object_property_help(const char *name, const char *type,
                           QObject *defval, const char *description)
{
    GString *str = g_string_new(NULL);

    g_string_append_printf(str, "  %s=<%s>", name, type);
    if (description || defval) {
        /* Align the descriptions in a column. */
        if (str->len < 24) {
            g_string_append_printf(str, "%*s", 24 - (int)str->len, "");
        }
        g_string_append(str, " - ");
    }
    if (description) {
        g_string_append(str, description);
    }
    if (defval) {
        GString *json = qobject_to_json(defval);

        g_string_append_printf(str, " (default: %s)", json->str);
        g_string_free(json, true);
    }
    return g_string_free(str, false);
}

void user_creatable_print_types(void)
{
    GSList *l, *list;

    qemu_printf("List of user creatable objects:\n");
    list = object_class_get_list_sorted(TYPE_USER_CREATABLE, false);
    for (l = list; l != NULL; l = l->next) {
        qemu_printf("  %s\n", object_class_get_name(OBJECT_CLASS(l->data)));
    }
    g_slist_free(list);
}

static gint help_line_cmp(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

bool type_print_class_properties(const char *type)
{
    ObjectClass *klass;
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    GPtrArray *array;
    guint i;

    klass = object_class_by_name(type);
    if (!klass) {
        return false;
    }

    array = g_ptr_array_new_with_free_func(g_free);
    object_class_property_iter_init(&iter, klass);
    while ((prop = object_property_iter_next(&iter))) {
        if (!prop->set) {
            continue;
        }
        g_ptr_array_add(array,
                        object_property_help(prop->name, prop->type,
                                             prop->defval,
                                             prop->description));
    }
    g_ptr_array_sort(array, help_line_cmp);
    if (array->len > 0) {
        qemu_printf("%s options:\n", type);
    } else {
        qemu_printf("There are no options for %s.\n", type);
    }
    for (i = 0; i < array->len; i++) {
        qemu_printf("%s\n", (char *)g_ptr_array_index(array, i));
    }
    g_ptr_array_free(array, true);
    return true;
}

bool user_creatable_print_help(const char *type, const QDict *opts)
{
    if (type && is_help_option(type)) {
        user_creatable_print_types();
        return true;
    }
    if (type && opts && qdict_haskey(opts, "help")) {
        return type_print_class_properties(type);
    }
    return false;
}

static void user_creatable_print_help_from_qdict(const QDict *args)
{
    const char *type = qdict_get_try_str(args, "qom-type");

    if (!type || is_help_option(type) || !type_print_class_properties(type)) {
        user_creatable_print_types();
    }
}

bool user_creatable_add_from_str(const char *str, Error **errp)
{
    QDict *args;
    Object *obj;
    bool keyval;

    if (str[0] == '{') {
        QObject *qobj = qobject_from_json(str, errp);

        if (!qobj) {
            return false;
        }
        args = qobject_to(QDict, qobj);
        if (!args) {
            error_setg(errp, "JSON for -object must be an object, "
                       "like {\"qom-type\": \"TYPE\", \"id\": \"ID\"}");
            qobject_unref(qobj);
            return false;
        }
        keyval = false;
    } else {
        bool help = false;

        args = keyval_parse(str, "qom-type", &help, errp);
        if (!args) {
            return false;
        }
        if (help || is_help_option(qdict_get_try_str(args, "qom-type")
                                   ? qdict_get_try_str(args, "qom-type")
                                   : "")) {
            user_creatable_print_help_from_qdict(args);
            qobject_unref(args);
            return false;
        }
        keyval = true;
    }

    obj = user_creatable_add_qdict(args, keyval, errp);
    qobject_unref(args);
    if (!obj) {
        return false;
    }
    object_unref(obj);
    return true;
}

void user_creatable_process_cmdline(const char *cmdline)
{
    Error *err = NULL;

    if (!user_creatable_add_from_str(cmdline, &err)) {
        if (err) {
            error_report_err(err);
            exit(1);
        }
        /* Help was printed. */
        exit(0);
    }
}

bool user_creatable_del(const char *id, Error **errp)
{
    Object *container;
    Object *obj;

    container = object_get_objects_root();
    obj = object_resolve_path_component(container, id);
    if (!obj) {
        error_setg(errp, "object '%s' not found", id);
        return false;
    }

    if (!object_dynamic_cast(obj, TYPE_USER_CREATABLE) ||
        !user_creatable_can_be_deleted(USER_CREATABLE(obj))) {
        error_setg(errp, "object '%s' is in use, can not be deleted", id);
        return false;
    }

    object_unparent(obj);
    return true;
}

void user_creatable_cleanup(void)
{
    object_unparent(object_get_objects_root());
}

static void register_types(void)
{
    static const TypeInfo uc_interface_info = {
        .name          = TYPE_USER_CREATABLE,
        .parent        = TYPE_INTERFACE,
        .class_size = sizeof(UserCreatableClass),
    };

    type_register_static(&uc_interface_info);
}

type_init(register_types)
