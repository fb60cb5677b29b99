/*
 * QAPI visitors: one interface to walk a C value of a QAPI type, used to
 * build it from input (QObject, keyval, strings), to turn it into
 * output, to clone it and to free it.
 *
 * The generated visit_type_FOO() functions drive a Visitor through the
 * calls below.  Every function that can fail returns true on success
 * and false with @errp set on failure.  On failure of an input visit,
 * the partially built object is freed by the generated code and *obj
 * set to NULL.
 *
 * Call sequence for a struct: visit_start_struct(), one visit per
 * member (optional members guarded by visit_optional()),
 * visit_check_struct(), visit_end_struct().  For a list:
 * visit_start_list(), then for each element visit the element and
 * visit_next_list(), then visit_check_list(), visit_end_list().  For an
 * alternate: visit_start_alternate() (which sets the QType of the
 * value to visit), one visit, visit_end_alternate().
 *
 * @name is the member name inside a struct, NULL inside a list and at
 * the top level.
 */
#ifndef QAPI_VISITOR_H
#define QAPI_VISITOR_H

#include "qapi/util.h"
#include "qobject/qobject.h"
#include "qapi/qapi-builtin-types.h"

typedef struct Visitor Visitor;

/* The layout all list types share: next pointer first, then value. */
typedef struct GenericList {
    struct GenericList *next;
    char padding[];
} GenericList;

/* The layout all alternate types share: the QType tag first. */
typedef struct GenericAlternate {
    QType type;
    char padding[];
} GenericAlternate;

/*
 * Finish the visit of an output or clone visitor: store the result
 * through @opaque (see the visitor's constructor for its type).
 */
void visit_complete(Visitor *v, void *opaque);

/* Free @v and anything it still holds.  @v may be NULL. */
void visit_free(Visitor *v);

/*
 * Start visiting a struct named @name.  With input visitors, @obj
 * non-NULL means allocate a zeroed struct of @size bytes into *@obj;
 * @obj NULL means only check that a struct is there (used for
 * implicit/boxed arguments that live on the caller's stack).
 */
bool visit_start_struct(Visitor *v, const char *name, void **obj,
                        size_t size, Error **errp);

/* Check that input contained no members that were not visited. */
bool visit_check_struct(Visitor *v, Error **errp);

/* Finish a struct; @obj must match visit_start_struct()'s. */
void visit_end_struct(Visitor *v, void **obj);

/*
 * Start visiting a list.  With input visitors and @list non-NULL,
 * *@list is set to the first element (allocated, @size bytes) or NULL
 * for an empty list.
 */
bool visit_start_list(Visitor *v, const char *name, GenericList **list,
                      size_t size, Error **errp);

/*
 * Advance past @tail, the list element just visited.  Returns the next
 * element (allocated by input visitors) or NULL at the end.
 */
GenericList *visit_next_list(Visitor *v, GenericList *tail, size_t size);

/* Check that input contained no list elements that were not visited. */
bool visit_check_list(Visitor *v, Error **errp);

/* Finish a list; @list must match visit_start_list()'s. */
void visit_end_list(Visitor *v, void **list);

/*
 * Start visiting an alternate.  Input visitors allocate *@obj (@size
 * bytes) and set (*obj)->type to the QType of the input value.
 */
bool visit_start_alternate(Visitor *v, const char *name,
                           GenericAlternate **obj, size_t size,
                           Error **errp);

/* Finish an alternate. */
void visit_end_alternate(Visitor *v, void **obj);

/*
 * Is optional member @name present?  Input visitors set *@present
 * from the input; other visitors leave it alone.  Returns *@present.
 */
bool visit_optional(Visitor *v, const char *name, bool *present);

/*
 * Should member @name with @special_features (a QapiSpecialFeature
 * bitmask) be rejected under the visitor's compatibility policy?  Sets
 * @errp and returns true if so.  This tree applies no policy, so it
 * returns false.
 */
bool visit_policy_reject(Visitor *v, const char *name,
                         unsigned special_features, Error **errp);

/* Should member @name with @special_features be skipped?  Never here. */
bool visit_policy_skip(Visitor *v, const char *name,
                       unsigned special_features);

/* Is @v an input visitor? */
bool visit_is_input(Visitor *v);

/* Is @v a dealloc visitor? */
bool visit_is_dealloc(Visitor *v);

/* Visit an integer (of the named C type) in @obj. */
bool visit_type_int(Visitor *v, const char *name, int64_t *obj,
                    Error **errp);
bool visit_type_uint8(Visitor *v, const char *name, uint8_t *obj,
                      Error **errp);
bool visit_type_uint16(Visitor *v, const char *name, uint16_t *obj,
                       Error **errp);
bool visit_type_uint32(Visitor *v, const char *name, uint32_t *obj,
                       Error **errp);
bool visit_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                       Error **errp);
bool visit_type_int8(Visitor *v, const char *name, int8_t *obj,
                     Error **errp);
bool visit_type_int16(Visitor *v, const char *name, int16_t *obj,
                      Error **errp);
bool visit_type_int32(Visitor *v, const char *name, int32_t *obj,
                      Error **errp);
bool visit_type_int64(Visitor *v, const char *name, int64_t *obj,
                      Error **errp);

/* Visit a size (uint64_t; string input accepts suffixes like 4k). */
bool visit_type_size(Visitor *v, const char *name, uint64_t *obj,
                     Error **errp);

/* Visit a boolean. */
bool visit_type_bool(Visitor *v, const char *name, bool *obj,
                     Error **errp);

/*
 * Visit a string.  Input visitors store a newly allocated string in
 * *@obj; output visitors treat NULL as "".
 */
bool visit_type_str(Visitor *v, const char *name, char **obj,
                    Error **errp);

/* Visit a floating point number. */
bool visit_type_number(Visitor *v, const char *name, double *obj,
                       Error **errp);

/* Visit an arbitrary value; input visitors store a new reference. */
bool visit_type_any(Visitor *v, const char *name, QObject **obj,
                    Error **errp);

/* Visit JSON null. */
bool visit_type_null(Visitor *v, const char *name, QNull **obj,
                     Error **errp);

/*
 * Visit an enum value as its name in @lookup.  Input of an unknown
 * name fails with "Parameter '%s' does not accept value '%s'".
 */
bool visit_type_enum(Visitor *v, const char *name, int *obj,
                     const QEnumLookup *lookup, Error **errp);

#endif
