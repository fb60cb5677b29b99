/*
 * Dealloc visitor: frees what it visits.
 */
#include "qemu/osdep.h"
#include "qapi/dealloc-visitor.h"
#include "qapi/visitor-impl.h"
#include "qobject/qnull.h"

struct QapiDeallocVisitor {
    Visitor visitor;
};

static bool qdv_start_struct(Visitor *v, const char *name, void **obj,
                             size_t unused, Error **errp)
{
    return true;
}

static void qdv_end_struct(Visitor *v, void **obj)
{
    if (obj) {
        g_free(*obj);
    }
}

static void qdv_end_alternate(Visitor *v, void **obj)
{
    if (obj) {
        g_free(*obj);
    }
}

static bool qdv_start_list(Visitor *v, const char *name, GenericList **list,
                           size_t size, Error **errp)
{
    return true;
}

static GenericList *qdv_next_list(Visitor *v, GenericList *tail,
                                  size_t size)
{
    GenericList *next = tail->next;

    g_free(tail);
    return next;
}

static void qdv_end_list(Visitor *v, void **obj)
{
    /* the elements were freed one by one by qdv_next_list() */
}

static bool qdv_type_str(Visitor *v, const char *name, char **obj,
                         Error **errp)
{
    g_free(*obj);
    *obj = NULL;
    return true;
}

static bool qdv_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    return true;
}

static bool qdv_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    return true;
}

static bool qdv_type_bool(Visitor *v, const char *name, bool *obj,
                          Error **errp)
{
    return true;
}

static bool qdv_type_number(Visitor *v, const char *name, double *obj,
                            Error **errp)
{
    return true;
}

static bool qdv_type_any(Visitor *v, const char *name, QObject **obj,
                         Error **errp)
{
    if (obj) {
        qobject_unref(*obj);
        *obj = NULL;
    }
    return true;
}

static bool qdv_type_null(Visitor *v, const char *name, QNull **obj,
                          Error **errp)
{
    if (obj) {
        qobject_unref(*obj);
        *obj = NULL;
    }
    return true;
}

static void qdv_free(Visitor *v)
{
    g_free(container_of(v, QapiDeallocVisitor, visitor));
}

Visitor *qapi_dealloc_visitor_new(void)
{
    QapiDeallocVisitor *v = g_new0(QapiDeallocVisitor, 1);

    v->visitor.type = VISITOR_DEALLOC;
    v->visitor.start_struct = qdv_start_struct;
    v->visitor.end_struct = qdv_end_struct;
    v->visitor.end_alternate = qdv_end_alternate;
    v->visitor.start_list = qdv_start_list;
    v->visitor.next_list = qdv_next_list;
    v->visitor.end_list = qdv_end_list;
    v->visitor.type_int64 = qdv_type_int64;
    v->visitor.type_uint64 = qdv_type_uint64;
    v->visitor.type_bool = qdv_type_bool;
    v->visitor.type_str = qdv_type_str;
    v->visitor.type_number = qdv_type_number;
    v->visitor.type_any = qdv_type_any;
    v->visitor.type_null = qdv_type_null;
    v->visitor.free = qdv_free;
    return &v->visitor;
}
