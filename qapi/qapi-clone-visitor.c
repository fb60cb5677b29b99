/*
 * Clone visitor: copies what it visits.  Containers are duplicated with
 * a memory copy on the way down, which copies their scalars; strings and
 * QObjects are then copied one by one.
 */
#include "qemu/osdep.h"
#include "qapi/clone-visitor.h"
#include "qapi/error.h"
#include "qapi/visitor-impl.h"
#include "qobject/qnull.h"

struct QapiCloneVisitor {
    Visitor visitor;
    size_t depth;               /* nesting of copied containers */
};

static void *memdup(const void *p, size_t size)
{
    return p ? memcpy(g_malloc(size), p, size) : NULL;
}

static QapiCloneVisitor *to_qcv(Visitor *v)
{
    return container_of(v, QapiCloneVisitor, visitor);
}

static bool qcv_start_struct(Visitor *v, const char *name, void **obj,
                             size_t size, Error **errp)
{
    QapiCloneVisitor *qcv = to_qcv(v);

    if (!obj) {
        /* an alternate's object branch: already copied with the
         * alternate */
        assert(qcv->depth);
        return true;
    }
    *obj = memdup(*obj, size);
    qcv->depth++;
    return true;
}

static void qcv_end_struct(Visitor *v, void **obj)
{
    QapiCloneVisitor *qcv = to_qcv(v);

    assert(qcv->depth);
    if (obj) {
        qcv->depth--;
    }
}

static bool qcv_start_list(Visitor *v, const char *name, GenericList **listp,
                           size_t size, Error **errp)
{
    return qcv_start_struct(v, name, (void **)listp, size, errp);
}

static GenericList *qcv_next_list(Visitor *v, GenericList *tail,
                                  size_t size)
{
    assert(to_qcv(v)->depth);
    tail->next = memdup(tail->next, size);
    return tail->next;
}

static void qcv_end_list(Visitor *v, void **obj)
{
    qcv_end_struct(v, obj);
}

static bool qcv_start_alternate(Visitor *v, const char *name,
                                GenericAlternate **obj, size_t size,
                                Error **errp)
{
    return qcv_start_struct(v, name, (void **)obj, size, errp);
}

static void qcv_end_alternate(Visitor *v, void **obj)
{
    qcv_end_struct(v, obj);
}

static bool qcv_type_scalar(Visitor *v)
{
    /* copied with the containing object */
    assert(to_qcv(v)->depth);
    return true;
}

static bool qcv_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    return qcv_type_scalar(v);
}

static bool qcv_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    return qcv_type_scalar(v);
}

static bool qcv_type_bool(Visitor *v, const char *name, bool *obj,
                          Error **errp)
{
    return qcv_type_scalar(v);
}

static bool qcv_type_number(Visitor *v, const char *name, double *obj,
                            Error **errp)
{
    return qcv_type_scalar(v);
}

static bool qcv_type_str(Visitor *v, const char *name, char **obj,
                         Error **errp)
{
    assert(to_qcv(v)->depth);
    /* NULL is treated as "" by the output visitors; do likewise */
    *obj = g_strdup(*obj ? *obj : "");
    return true;
}

static bool qcv_type_any(Visitor *v, const char *name, QObject **obj,
                         Error **errp)
{
    assert(to_qcv(v)->depth);
    qobject_ref(*obj);
    return true;
}

static bool qcv_type_null(Visitor *v, const char *name, QNull **obj,
                          Error **errp)
{
    assert(to_qcv(v)->depth);
    *obj = qnull();
    return true;
}

static void qcv_free(Visitor *v)
{
    g_free(to_qcv(v));
}

static Visitor *qapi_clone_visitor_new(void)
{
    QapiCloneVisitor *v = g_new0(QapiCloneVisitor, 1);

    v->visitor.type = VISITOR_CLONE;
    v->visitor.start_struct = qcv_start_struct;
    v->visitor.end_struct = qcv_end_struct;
    v->visitor.start_list = qcv_start_list;
    v->visitor.next_list = qcv_next_list;
    v->visitor.end_list = qcv_end_list;
    v->visitor.start_alternate = qcv_start_alternate;
    v->visitor.end_alternate = qcv_end_alternate;
    v->visitor.type_int64 = qcv_type_int64;
    v->visitor.type_uint64 = qcv_type_uint64;
    v->visitor.type_bool = qcv_type_bool;
    v->visitor.type_str = qcv_type_str;
    v->visitor.type_number = qcv_type_number;
    v->visitor.type_any = qcv_type_any;
    v->visitor.type_null = qcv_type_null;
    v->visitor.free = qcv_free;
    return &v->visitor;
}

void *qapi_clone(const void *src,
                 bool (*visit_type)(Visitor *, const char *,
                                    void **, Error **))
{
    Visitor *v;
    void *dst = (void *)src;    /* replaced by the copy */

    if (!src) {
        return NULL;
    }
    v = qapi_clone_visitor_new();
    visit_type(v, NULL, &dst, &error_abort);
    visit_free(v);
    return dst;
}

void qapi_clone_members(void *dst, const void *src, size_t sz,
                        bool (*visit_type_members)(Visitor *, void *,
                                                   Error **))
{
    Visitor *v = qapi_clone_visitor_new();

    memcpy(dst, src, sz);
    to_qcv(v)->depth++;
    visit_type_members(v, dst, &error_abort);
    visit_free(v);
}
