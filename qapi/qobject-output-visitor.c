/*
 * Output visitor building a QObject tree.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/visitor-impl.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/* A QDict or QList being filled */
typedef struct QStackEntry {
    QObject *value;
    void *qapi;                 /* the C object, to check the call pairs */
    struct QStackEntry *next;
} QStackEntry;

struct QObjectOutputVisitor {
    Visitor visitor;
    QStackEntry *stack;
    QObject *root;              /* the value built so far */
    QObject **result;
};

static QObjectOutputVisitor *to_qov(Visitor *v)
{
    return container_of(v, QObjectOutputVisitor, visitor);
}

static void push(QObjectOutputVisitor *qov, QObject *value, void *qapi)
{
    QStackEntry *e = g_new0(QStackEntry, 1);

    e->value = value;
    e->qapi = qapi;
    e->next = qov->stack;
    qov->stack = e;
}

static QObject *pop(QObjectOutputVisitor *qov, void *qapi)
{
    QStackEntry *e = qov->stack;
    QObject *value;

    assert(e && e->qapi == qapi);
    value = e->value;
    qov->stack = e->next;
    g_free(e);
    return value;
}

/* Add @value (a reference we pass on) as member @name of the container
 * being built, or make it the result at the top level. */
static void add(QObjectOutputVisitor *qov, const char *name, QObject *value)
{
    QStackEntry *e = qov->stack;

    if (!e) {
        /* a second top-level value replaces the first */
        qobject_unref(qov->root);
        qov->root = value;
        return;
    }
    switch (qobject_type(e->value)) {
    case QTYPE_QDICT:
        assert(name);
        qdict_put_obj(qobject_to(QDict, e->value), name, value);
        break;
    case QTYPE_QLIST:
        assert(!name);
        qlist_append_obj(qobject_to(QList, e->value), value);
        break;
    default:
        abort();
    }
}

static bool qov_start_struct(Visitor *v, const char *name, void **obj,
                             size_t unused, Error **errp)
{
    QObjectOutputVisitor *qov = to_qov(v);
    QDict *dict = qdict_new();

    add(qov, name, QOBJECT(dict));
    push(qov, QOBJECT(dict), obj);
    return true;
}

static void qov_end_struct(Visitor *v, void **obj)
{
    QObject *value = pop(to_qov(v), obj);

    assert(qobject_type(value) == QTYPE_QDICT);
}

static bool qov_start_list(Visitor *v, const char *name, GenericList **listp,
                           size_t size, Error **errp)
{
    QObjectOutputVisitor *qov = to_qov(v);
    QList *list = qlist_new();

    add(qov, name, QOBJECT(list));
    push(qov, QOBJECT(list), listp);
    return true;
}

static GenericList *qov_next_list(Visitor *v, GenericList *tail,
                                  size_t size)
{
    return tail->next;
}

static void qov_end_list(Visitor *v, void **obj)
{
    QObject *value = pop(to_qov(v), obj);

    assert(qobject_type(value) == QTYPE_QLIST);
}

static bool qov_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    add(to_qov(v), name, QOBJECT(qnum_from_int(*obj)));
    return true;
}

static bool qov_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    add(to_qov(v), name, QOBJECT(qnum_from_uint(*obj)));
    return true;
}

static bool qov_type_bool(Visitor *v, const char *name, bool *obj,
                          Error **errp)
{
    add(to_qov(v), name, QOBJECT(qbool_from_bool(*obj)));
    return true;
}

static bool qov_type_str(Visitor *v, const char *name, char **obj,
                         Error **errp)
{
    add(to_qov(v), name, QOBJECT(qstring_from_str(*obj ? *obj : "")));
    return true;
}

static bool qov_type_number(Visitor *v, const char *name, double *obj,
                            Error **errp)
{
    add(to_qov(v), name, QOBJECT(qnum_from_double(*obj)));
    return true;
}

static bool qov_type_any(Visitor *v, const char *name, QObject **obj,
                         Error **errp)
{
    add(to_qov(v), name, qobject_ref(*obj));
    return true;
}

static bool qov_type_null(Visitor *v, const char *name, QNull **obj,
                          Error **errp)
{
    add(to_qov(v), name, QOBJECT(qnull()));
    return true;
}

static void qov_complete(Visitor *v, void *opaque)
{
    QObjectOutputVisitor *qov = to_qov(v);

    assert(opaque == qov->result);
    assert(qov->root && !qov->stack);
    *qov->result = qov->root;
    qov->root = NULL;
}

static void qov_free(Visitor *v)
{
    QObjectOutputVisitor *qov = to_qov(v);

    while (qov->stack) {
        pop(qov, qov->stack->qapi);
    }
    qobject_unref(qov->root);
    g_free(qov);
}

Visitor *qobject_output_visitor_new(QObject **result)
{
    QObjectOutputVisitor *v = g_new0(QObjectOutputVisitor, 1);

    v->visitor.type = VISITOR_OUTPUT;
    v->visitor.start_struct = qov_start_struct;
    v->visitor.end_struct = qov_end_struct;
    v->visitor.start_list = qov_start_list;
    v->visitor.next_list = qov_next_list;
    v->visitor.end_list = qov_end_list;
    v->visitor.type_int64 = qov_type_int64;
    v->visitor.type_uint64 = qov_type_uint64;
    v->visitor.type_bool = qov_type_bool;
    v->visitor.type_str = qov_type_str;
    v->visitor.type_number = qov_type_number;
    v->visitor.type_any = qov_type_any;
    v->visitor.type_null = qov_type_null;
    v->visitor.complete = qov_complete;
    v->visitor.free = qov_free;
    *result = NULL;
    v->result = result;
    return &v->visitor;
}

Visitor *qobject_output_visitor_new_qmp(QObject **result)
{
    return qobject_output_visitor_new(result);
}
