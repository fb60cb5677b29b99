/*
 * The inside of a Visitor, for visitor implementations only.  Users
 * call the functions of qapi/visitor.h, which check the call sequence
 * and dispatch to these callbacks.
 */
#ifndef QAPI_VISITOR_IMPL_H
#define QAPI_VISITOR_IMPL_H

#include "qapi/visitor.h"

typedef enum VisitorType {
    VISITOR_INPUT = 1,
    VISITOR_OUTPUT = 2,
    VISITOR_CLONE = 3,
    VISITOR_DEALLOC = 4,
} VisitorType;

struct Visitor {
    /* Mandatory */
    bool (*start_struct)(Visitor *v, const char *name, void **obj,
                         size_t size, Error **errp);
    /* Optional; input visitors check for unvisited members */
    bool (*check_struct)(Visitor *v, Error **errp);
    /* Mandatory */
    void (*end_struct)(Visitor *v, void **obj);

    /* Mandatory */
    bool (*start_list)(Visitor *v, const char *name, GenericList **list,
                       size_t size, Error **errp);
    /* Mandatory */
    GenericList *(*next_list)(Visitor *v, GenericList *tail, size_t size);
    /* Optional; input visitors check for unvisited elements */
    bool (*check_list)(Visitor *v, Error **errp);
    /* Mandatory */
    void (*end_list)(Visitor *v, void **list);

    /* Mandatory for visitors that support alternates */
    bool (*start_alternate)(Visitor *v, const char *name,
                            GenericAlternate **obj, size_t size,
                            Error **errp);
    /* Optional */
    void (*end_alternate)(Visitor *v, void **obj);

    /* Mandatory */
    bool (*type_int64)(Visitor *v, const char *name, int64_t *obj,
                       Error **errp);
    /* Mandatory */
    bool (*type_uint64)(Visitor *v, const char *name, uint64_t *obj,
                        Error **errp);
    /* Optional; falls back to type_uint64() */
    bool (*type_size)(Visitor *v, const char *name, uint64_t *obj,
                      Error **errp);
    /* Mandatory */
    bool (*type_bool)(Visitor *v, const char *name, bool *obj,
                      Error **errp);
    /* Mandatory */
    bool (*type_str)(Visitor *v, const char *name, char **obj,
                     Error **errp);
    /* Mandatory */
    bool (*type_number)(Visitor *v, const char *name, double *obj,
                        Error **errp);
    /* Mandatory for visitors that support 'any' */
    bool (*type_any)(Visitor *v, const char *name, QObject **obj,
                     Error **errp);
    /* Mandatory for visitors that support 'null' */
    bool (*type_null)(Visitor *v, const char *name, QNull **obj,
                      Error **errp);

    /* Optional; input visitors only */
    bool (*optional)(Visitor *v, const char *name, bool *present);

    /* Optional */
    bool (*policy_reject)(Visitor *v, const char *name,
                          unsigned special_features, Error **errp);
    /* Optional */
    bool (*policy_skip)(Visitor *v, const char *name,
                        unsigned special_features);

    /* Mandatory */
    VisitorType type;

    /* Optional; output and clone visitors */
    void (*complete)(Visitor *v, void *opaque);

    /* Mandatory */
    void (*free)(Visitor *v);
};

#endif
