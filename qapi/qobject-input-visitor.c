/*
 * Input visitor over a QObject tree (JSON from QMP, or keyval strings).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/visitor-impl.h"
#include "qemu/cutils.h"
#include "qemu/keyval.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/* One struct or list being visited */
typedef struct StackObject {
    const char *name;           /* name of @obj in its parent, if any */
    QObject *obj;               /* the QDict or QList */
    void *qapi;                 /* the C object, to check the call pairs */
    GHashTable *unvisited;      /* QDict: keys not visited yet */
    const QListEntry *entry;    /* QList: next element to visit */
    unsigned index;             /* QList: index of the current element */
    struct StackObject *next;   /* the parent */
} StackObject;

struct QObjectInputVisitor {
    Visitor visitor;
    QObject *root;
    bool keyval;                /* scalars are strings to convert */
    StackObject *stack;
    GString *errname;           /* buffer for full_name() */
};

static QObjectInputVisitor *to_qiv(Visitor *v)
{
    return container_of(v, QObjectInputVisitor, visitor);
}

/*
 * The path of member @name of the object @n levels down the stack,
 * e.g. "a.b[1].c", for error messages.  Valid until the next call.
 */
static const char *full_name_nth(QObjectInputVisitor *qiv, const char *name,
                                 int n)
{
    StackObject *so;
    char buf[32];

    g_string_truncate(qiv->errname, 0);
    for (so = qiv->stack; so; so = so->next) {
        if (n) {
            n--;
        } else if (qobject_type(so->obj) == QTYPE_QDICT) {
            g_string_prepend(qiv->errname, name ? name : "<anonymous>");
            g_string_prepend_c(qiv->errname, '.');
        } else {
            snprintf(buf, sizeof(buf), qiv->keyval ? ".%u" : "[%u]",
                     so->index);
            g_string_prepend(qiv->errname, buf);
        }
        name = so->name;
    }
    if (name) {
        g_string_prepend(qiv->errname, name);
    } else if (qiv->errname->str[0] == '.') {
        g_string_erase(qiv->errname, 0, 1);
    } else if (!qiv->errname->str[0]) {
        return "<anonymous>";
    }
    return qiv->errname->str;
}

static const char *full_name(QObjectInputVisitor *qiv, const char *name)
{
    return full_name_nth(qiv, name, 0);
}

/* The value of @name in the current struct or list, or NULL */
static QObject *try_get_object(QObjectInputVisitor *qiv, const char *name,
                               bool consume)
{
    StackObject *tos = qiv->stack;
    QObject *ret;

    if (!tos) {
        /* the root; its name does not matter */
        return qiv->root;
    }
    if (qobject_type(tos->obj) == QTYPE_QDICT) {
        assert(name);
        ret = qdict_get(qobject_to(QDict, tos->obj), name);
        if (ret && consume) {
            g_hash_table_remove(tos->unvisited, name);
        }
        return ret;
    }
    assert(qobject_type(tos->obj) == QTYPE_QLIST);
    if (!tos->entry) {
        return NULL;
    }
    ret = qlist_entry_obj(tos->entry);
    if (consume) {
        tos->entry = qlist_next(tos->entry);
    }
    return ret;
}

static QObject *get_object(QObjectInputVisitor *qiv, const char *name,
                           bool consume, Error **errp)
{
    QObject *obj = try_get_object(qiv, name, consume);

    if (!obj) {
        error_setg(errp, "Parameter '%s' is missing", full_name(qiv, name));
    }
    return obj;
}

static void type_error(QObjectInputVisitor *qiv, const char *name,
                       const char *expected, Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               full_name(qiv, name), expected);
}

static const QListEntry *push(QObjectInputVisitor *qiv, const char *name,
                              QObject *obj, void *qapi)
{
    StackObject *tos = g_new0(StackObject, 1);
    QDict *qdict = qobject_to(QDict, obj);
    QList *qlist = qobject_to(QList, obj);
    const QDictEntry *e;

    tos->name = name;
    tos->obj = obj;
    tos->qapi = qapi;
    if (qdict) {
        tos->unvisited = g_hash_table_new(g_str_hash, g_str_equal);
        for (e = qdict_first(qdict); e; e = qdict_next(qdict, e)) {
            g_hash_table_add(tos->unvisited, (void *)qdict_entry_key(e));
        }
    } else {
        assert(qlist);
        tos->entry = qlist_first(qlist);
    }
    tos->next = qiv->stack;
    qiv->stack = tos;
    return tos->entry;
}

static void pop(QObjectInputVisitor *qiv, void *qapi)
{
    StackObject *tos = qiv->stack;

    assert(tos && tos->qapi == qapi);
    qiv->stack = tos->next;
    if (tos->unvisited) {
        g_hash_table_unref(tos->unvisited);
    }
    g_free(tos);
}

static bool qiv_start_struct(Visitor *v, const char *name, void **obj,
                             size_t size, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);

    if (obj) {
        *obj = NULL;
    }
    if (!qobj) {
        return false;
    }
    if (qobject_type(qobj) != QTYPE_QDICT) {
        type_error(qiv, name, "object", errp);
        return false;
    }
    push(qiv, name, qobj, obj);
    if (obj) {
        *obj = g_malloc0(size);
    }
    return true;
}

static bool qiv_check_struct(Visitor *v, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    StackObject *tos = qiv->stack;
    QDict *qdict;
    const QDictEntry *e;

    assert(tos && tos->unvisited);
    if (!g_hash_table_size(tos->unvisited)) {
        return true;
    }
    /* report the first one in input order, for stable messages */
    qdict = qobject_to(QDict, tos->obj);
    for (e = qdict_first(qdict); e; e = qdict_next(qdict, e)) {
        if (g_hash_table_contains(tos->unvisited, qdict_entry_key(e))) {
            error_setg(errp, "Parameter '%s' is unexpected",
                       full_name(qiv, qdict_entry_key(e)));
            return false;
        }
    }
    return true;
}

static void qiv_end_struct(Visitor *v, void **obj)
{
    QObjectInputVisitor *qiv = to_qiv(v);

    assert(qobject_type(qiv->stack->obj) == QTYPE_QDICT);
    pop(qiv, obj);
}

static bool qiv_start_list(Visitor *v, const char *name, GenericList **list,
                           size_t size, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);
    const QListEntry *entry;

    if (list) {
        *list = NULL;
    }
    if (!qobj) {
        return false;
    }
    if (qobject_type(qobj) != QTYPE_QLIST) {
        type_error(qiv, name, "array", errp);
        return false;
    }
    entry = push(qiv, name, qobj, list);
    if (entry && list) {
        *list = g_malloc0(size);
    }
    return true;
}

static GenericList *qiv_next_list(Visitor *v, GenericList *tail,
                                  size_t size)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    StackObject *tos = qiv->stack;

    assert(tos && qobject_type(tos->obj) == QTYPE_QLIST);
    if (!tos->entry) {
        return NULL;
    }
    tos->index++;
    tail->next = g_malloc0(size);
    return tail->next;
}

static bool qiv_check_list(Visitor *v, Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    StackObject *tos = qiv->stack;

    assert(tos && qobject_type(tos->obj) == QTYPE_QLIST);
    if (tos->entry) {
        error_setg(errp, "Only %u list elements expected in %s",
                   tos->index + 1, full_name_nth(qiv, NULL, 1));
        return false;
    }
    return true;
}

static void qiv_end_list(Visitor *v, void **obj)
{
    QObjectInputVisitor *qiv = to_qiv(v);

    assert(qobject_type(qiv->stack->obj) == QTYPE_QLIST);
    pop(qiv, obj);
}

static bool qiv_start_alternate(Visitor *v, const char *name,
                                GenericAlternate **obj, size_t size,
                                Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, false, errp);

    if (!qobj) {
        *obj = NULL;
        return false;
    }
    *obj = g_malloc0(size);
    (*obj)->type = qobject_type(qobj);
    return true;
}

/* The string of a keyval scalar, or NULL if @qobj is not a string */
static const char *keyval_str(QObject *qobj)
{
    QString *qstr = qobject_to(QString, qobj);

    return qstr ? qstring_get_str(qstr) : NULL;
}

/*
 * Scalar @name, consumed; NULL with @errp set if it is missing.  *@str
 * is its string when a keyval visitor must convert it, else NULL.
 */
static QObject *get_scalar(QObjectInputVisitor *qiv, const char *name,
                           const char **str, Error **errp)
{
    QObject *qobj = get_object(qiv, name, true, errp);

    *str = qobj && qiv->keyval ? keyval_str(qobj) : NULL;
    return qobj;
}

/* Error for a scalar that does not convert to @expected; returns false */
static bool expects_error(QObjectInputVisitor *qiv, const char *name,
                          const char *expected, Error **errp)
{
    error_setg(errp, "Parameter '%s' expects %s", full_name(qiv, name),
               expected);
    return false;
}

static bool qiv_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    const char *str;
    QObject *qobj = get_scalar(qiv, name, &str, errp);
    QNum *qnum;

    if (!qobj) {
        return false;
    }
    if (str) {
        return qemu_strtoi64(str, NULL, 0, obj) == 0 ||
               expects_error(qiv, name, "integer", errp);
    }
    qnum = qobject_to(QNum, qobj);
    if (!qnum || !qnum_get_try_int(qnum, obj)) {
        type_error(qiv, name, "integer", errp);
        return false;
    }
    return true;
}

static bool qiv_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    const char *str;
    QObject *qobj = get_scalar(qiv, name, &str, errp);
    QNum *qnum;
    int64_t val;

    if (!qobj) {
        return false;
    }
    if (str) {
        return qemu_strtou64(str, NULL, 0, obj) == 0 ||
               expects_error(qiv, name, "integer", errp);
    }
    qnum = qobject_to(QNum, qobj);
    if (qnum) {
        if (qnum_get_try_uint(qnum, obj)) {
            return true;
        }
        /* negative numbers wrap around, as QEMU has always accepted */
        if (qnum_get_try_int(qnum, &val)) {
            *obj = val;
            return true;
        }
    }
    return expects_error(qiv, name, "uint64", errp);
}

static bool qiv_type_size(Visitor *v, const char *name, uint64_t *obj,
                          Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = try_get_object(qiv, name, false);
    const char *str;

    if (qobj && qiv->keyval && (str = keyval_str(qobj))) {
        try_get_object(qiv, name, true);
        return qemu_strtosz(str, NULL, obj) == 0 ||
               expects_error(qiv, name, "size", errp);
    }
    return qiv_type_uint64(v, name, obj, errp);
}

static bool qiv_type_bool(Visitor *v, const char *name, bool *obj,
                          Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    const char *str;
    QObject *qobj = get_scalar(qiv, name, &str, errp);
    QBool *qbool;

    if (!qobj) {
        return false;
    }
    if (str) {
        return qapi_bool_parse(full_name(qiv, name), str, obj, errp);
    }
    qbool = qobject_to(QBool, qobj);
    if (!qbool) {
        type_error(qiv, name, "boolean", errp);
        return false;
    }
    *obj = qbool_get_bool(qbool);
    return true;
}

static bool qiv_type_str(Visitor *v, const char *name, char **obj,
                         Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);
    QString *qstr;

    *obj = NULL;
    if (!qobj) {
        return false;
    }
    qstr = qobject_to(QString, qobj);
    if (!qstr) {
        if (qiv->keyval && (qobject_type(qobj) == QTYPE_QDICT ||
                            qobject_type(qobj) == QTYPE_QLIST)) {
            error_setg(errp, "Parameters '%s.*' are unexpected",
                       full_name(qiv, name));
            return false;
        }
        type_error(qiv, name, "string", errp);
        return false;
    }
    *obj = g_strdup(qstring_get_str(qstr));
    return true;
}

static bool qiv_type_number(Visitor *v, const char *name, double *obj,
                            Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    const char *str;
    QObject *qobj = get_scalar(qiv, name, &str, errp);
    QNum *qnum;

    if (!qobj) {
        return false;
    }
    if (str) {
        return qemu_strtod_finite(str, NULL, obj) == 0 ||
               expects_error(qiv, name, "number", errp);
    }
    qnum = qobject_to(QNum, qobj);
    if (!qnum) {
        type_error(qiv, name, "number", errp);
        return false;
    }
    *obj = qnum_get_double(qnum);
    return true;
}

static bool qiv_type_any(Visitor *v, const char *name, QObject **obj,
                         Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);

    *obj = NULL;
    if (!qobj) {
        return false;
    }
    *obj = qobject_ref(qobj);
    return true;
}

static bool qiv_type_null(Visitor *v, const char *name, QNull **obj,
                          Error **errp)
{
    QObjectInputVisitor *qiv = to_qiv(v);
    QObject *qobj = get_object(qiv, name, true, errp);

    *obj = NULL;
    if (!qobj) {
        return false;
    }
    if (qobject_type(qobj) != QTYPE_QNULL &&
        !(qiv->keyval && keyval_str(qobj) && !*keyval_str(qobj))) {
        type_error(qiv, name, "null", errp);
        return false;
    }
    *obj = qnull();
    return true;
}

static bool qiv_optional(Visitor *v, const char *name, bool *present)
{
    QObjectInputVisitor *qiv = to_qiv(v);

    *present = try_get_object(qiv, name, false) != NULL;
    return *present;
}

static void qiv_free(Visitor *v)
{
    QObjectInputVisitor *qiv = to_qiv(v);

    while (qiv->stack) {
        pop(qiv, qiv->stack->qapi);
    }
    qobject_unref(qiv->root);
    g_string_free(qiv->errname, true);
    g_free(qiv);
}

static Visitor *qiv_new(QObject *obj, bool keyval)
{
    QObjectInputVisitor *v = g_new0(QObjectInputVisitor, 1);

    assert(obj);
    v->visitor.type = VISITOR_INPUT;
    v->visitor.start_struct = qiv_start_struct;
    v->visitor.check_struct = qiv_check_struct;
    v->visitor.end_struct = qiv_end_struct;
    v->visitor.start_list = qiv_start_list;
    v->visitor.next_list = qiv_next_list;
    v->visitor.check_list = qiv_check_list;
    v->visitor.end_list = qiv_end_list;
    v->visitor.start_alternate = qiv_start_alternate;
    v->visitor.type_int64 = qiv_type_int64;
    v->visitor.type_uint64 = qiv_type_uint64;
    v->visitor.type_size = qiv_type_size;
    v->visitor.type_bool = qiv_type_bool;
    v->visitor.type_str = qiv_type_str;
    v->visitor.type_number = qiv_type_number;
    v->visitor.type_any = qiv_type_any;
    v->visitor.type_null = qiv_type_null;
    v->visitor.optional = qiv_optional;
    v->visitor.free = qiv_free;
    v->keyval = keyval;
    v->root = qobject_ref(obj);
    v->errname = g_string_new("");
    return &v->visitor;
}

Visitor *qobject_input_visitor_new(QObject *obj)
{
    return qiv_new(obj, false);
}

Visitor *qobject_input_visitor_new_qmp(QObject *obj)
{
    return qiv_new(obj, false);
}

Visitor *qobject_input_visitor_new_keyval(QObject *obj)
{
    return qiv_new(obj, true);
}

Visitor *qobject_input_visitor_new_str(const char *str,
                                       const char *implied_key,
                                       Error **errp)
{
    QObject *obj;
    QDict *args;
    Visitor *v;

    if (str[0] == '{') {
        obj = qobject_from_json(str, errp);
        if (!obj) {
            return NULL;
        }
        args = qobject_to(QDict, obj);
        if (!args) {
            error_setg(errp, "JSON argument must be an object");
            qobject_unref(obj);
            return NULL;
        }
        v = qobject_input_visitor_new(QOBJECT(args));
    } else {
        args = keyval_parse(str, implied_key, NULL, errp);
        if (!args) {
            return NULL;
        }
        v = qobject_input_visitor_new_keyval(QOBJECT(args));
    }
    qobject_unref(args);
    return v;
}
