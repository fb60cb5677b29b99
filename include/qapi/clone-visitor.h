/*
 * Deep copies of C values of QAPI types.
 */
#ifndef QAPI_CLONE_VISITOR_H
#define QAPI_CLONE_VISITOR_H

#include "qapi/visitor.h"

typedef struct QapiCloneVisitor QapiCloneVisitor;

/* Deep copy of *@src using @visit_type (a visit_type_FOO function). */
void *qapi_clone(const void *src,
                 bool (*visit_type)(Visitor *, const char *,
                                    void **, Error **));

/*
 * Deep copy of the members of @src into @dst (a struct of @sz bytes the
 * caller owns) using @visit_type_members (visit_type_FOO_members).
 */
void qapi_clone_members(void *dst, const void *src, size_t sz,
                        bool (*visit_type_members)(Visitor *, void *,
                                                   Error **));

/* A newly allocated deep copy of @src, of QAPI type @type; NULL if @src
 * is NULL.  Free it with qapi_free_@type(). */
#define QAPI_CLONE(type, src)                                           \
    ((type *)qapi_clone(src,                                            \
                        (bool (*)(Visitor *, const char *, void **,     \
                                  Error **))visit_type_ ## type))

/* Deep copy of the members of @src into the struct @dst, both of QAPI
 * type @type (e.g. to copy into an embedded struct). */
#define QAPI_CLONE_MEMBERS(type, dst, src)                              \
    qapi_clone_members(dst, src, sizeof(type),                          \
                       (bool (*)(Visitor *, void *,                     \
                                 Error **))visit_type_ ## type ## _members)

#endif
