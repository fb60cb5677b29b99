/*
 * QOM property kinds: child<>, link<>, string, bool, enum, integer
 * pointers, aliases.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/cutils.h"
#include "qom/object.h"
#include "qobject/qobject.h"
#include "object-internal.h"

/*
 * Add a property to @obj, or to the class @klass when @obj is NULL: the
 * object and class variants of each property kind share their code.
 */
static ObjectProperty *
object_or_class_property_add(Object *obj, ObjectClass *klass,
                             const char *name, const char *type,
                             ObjectPropertyAccessor *get,
                             ObjectPropertyAccessor *set,
                             ObjectPropertyRelease *rel, void *opaque)
{
    if (obj) {
        return object_property_add(obj, name, type, get, set, rel, opaque);
    }
    return object_class_property_add(klass, name, type, get, set, rel,
                                     opaque);
}

static void property_release_data(Object *obj, const char *name,
                                  void *opaque)
{
    g_free(opaque);
}

/* Per-property data dies with an object property; class ones keep it. */
#define OWNED_DATA_RELEASE(obj) ((obj) ? property_release_data : NULL)

/* ---- child<> ----------------------------------------------------------- */

static void object_get_child_property(Object *obj, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp)
{
    Object *child = opaque;
    char *path = object_get_canonical_path(child);

    if (!path) {
        path = g_strdup("");
    }
    visit_type_str(v, name, &path, errp);
    g_free(path);
}

static Object *object_resolve_child_property(Object *parent, void *opaque,
                                             const char *part)
{
    return opaque;
}

static void object_finalize_child_property(Object *obj, const char *name,
                                           void *opaque)
{
    Object *child = opaque;

    if (child->class->unparent) {
        (child->class->unparent)(child);
    }
    child->parent = NULL;
    object_unref(child);
}

bool object_property_is_child(ObjectProperty *prop)
{
    return strstart(prop->type, "child<", NULL);
}

ObjectProperty *object_find_child_property(Object *obj, const Object *child)
{
    guint i;

    for (i = 0; i < prop_table_len(obj->properties); i++) {
        ObjectProperty *prop = prop_table_nth(obj->properties, i);

        if (object_property_is_child(prop) && prop->opaque == child) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp)
{
    g_autofree char *type = NULL;
    ObjectProperty *op;

    g_assert(!child->parent);

    type = g_strdup_printf("child<%s>", object_get_typename(child));
    op = object_property_try_add(obj, name, type, object_get_child_property,
                                 NULL, object_finalize_child_property,
                                 child, errp);
    if (!op) {
        return NULL;
    }
    op->resolve = object_resolve_child_property;
    object_ref(child);
    child->parent = obj;
    return op;
}

ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child)
{
    return object_property_try_add_child(obj, name, child, &error_abort);
}

void object_unparent(Object *obj)
{
    Object *parent = obj->parent;
    ObjectProperty *prop;

    if (!parent) {
        return;
    }
    prop = object_find_child_property(parent, obj);
    g_assert(prop);
    /*
     * Release first (it may finalize @obj, whose unparent hook may look
     * at the tree), then drop the property itself.
     */
    if (prop->release) {
        ObjectPropertyRelease *release = prop->release;

        prop->release = NULL;
        release(parent, prop->name, prop->opaque);
    }
    prop_table_remove(parent->properties, prop);
}

/* ---- link<> ------------------------------------------------------------ */

typedef struct {
    union {
        Object **targetp;
        Object *target;     /* if OBJ_PROP_LINK_DIRECT */
        ptrdiff_t offset;   /* if OBJ_PROP_LINK_CLASS */
    };
    void (*check)(const Object *, const char *, Object *, Error **);
    ObjectPropertyLinkFlags flags;
} LinkProperty;

static Object **object_link_get_targetp(Object *obj, LinkProperty *lprop)
{
    if (lprop->flags & OBJ_PROP_LINK_DIRECT) {
        return &lprop->target;
    } else if (lprop->flags & OBJ_PROP_LINK_CLASS) {
        return (void *)obj + lprop->offset;
    } else {
        return lprop->targetp;
    }
}

void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp)
{
    /* Allow the link to be set, always */
}

static void object_get_link_property(Object *obj, Visitor *v,
                                     const char *name, void *opaque,
                                     Error **errp)
{
    LinkProperty *lprop = opaque;
    Object **targetp = object_link_get_targetp(obj, lprop);
    char *path = NULL;

    if (*targetp) {
        path = object_get_canonical_path(*targetp);
    }
    if (!path) {
        path = g_strdup("");
    }
    visit_type_str(v, name, &path, errp);
    g_free(path);
}

/*
 * The object at @path, which must be of the type named in link<> type
 * of property @name.
 */
static Object *object_resolve_link(Object *obj, const char *name,
                                   const char *path, Error **errp)
{
    const char *type;
    char *target_type;
    bool ambiguous = false;
    Object *target;

    type = object_property_get_type(obj, name, NULL);
    target_type = g_strndup(&type[5], strlen(type) - 6);
    target = object_resolve_path_type(path, target_type, &ambiguous);

    if (ambiguous) {
        error_setg(errp, "Path '%s' does not uniquely identify an object",
                   path);
    } else if (!target) {
        target = object_resolve_path(path, &ambiguous);
        if (target || ambiguous) {
            error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                       name, target_type);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
        target = NULL;
    }
    g_free(target_type);
    return target;
}

static void object_set_link_property(Object *obj, Visitor *v,
                                     const char *name, void *opaque,
                                     Error **errp)
{
    Error *local_err = NULL;
    LinkProperty *prop = opaque;
    Object **targetp = object_link_get_targetp(obj, prop);
    Object *old_target = *targetp;
    Object *new_target;
    char *path = NULL;

    if (!visit_type_str(v, name, &path, errp)) {
        return;
    }

    if (*path) {
        new_target = object_resolve_link(obj, name, path, errp);
        if (!new_target) {
            g_free(path);
            return;
        }
    } else {
        new_target = NULL;
    }
    g_free(path);

    prop->check(obj, name, new_target, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return;
    }

    *targetp = new_target;
    if (prop->flags & OBJ_PROP_LINK_STRONG) {
        object_ref(new_target);
        object_unref(old_target);
    }
}

static Object *object_resolve_link_property(Object *parent, void *opaque,
                                            const char *part)
{
    LinkProperty *lprop = opaque;

    return *object_link_get_targetp(parent, lprop);
}

static void object_release_link_property(Object *obj, const char *name,
                                         void *opaque)
{
    LinkProperty *prop = opaque;
    Object **targetp = object_link_get_targetp(obj, prop);

    if ((prop->flags & OBJ_PROP_LINK_STRONG) && *targetp) {
        object_unref(*targetp);
        *targetp = NULL;
    }
    if (!(prop->flags & OBJ_PROP_LINK_CLASS)) {
        g_free(prop);
    }
}

/* Add link property @prop to @obj, or to @oc when @obj is NULL. */
static ObjectProperty *object_add_link_prop(Object *obj, ObjectClass *oc,
                                            const char *name,
                                            const char *type,
                                            LinkProperty *prop)
{
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    ObjectProperty *op;

    op = object_or_class_property_add(obj, oc, name, full_type,
                                      object_get_link_property,
                                      prop->check ? object_set_link_property
                                                  : NULL,
                                      object_release_link_property, prop);
    op->resolve = object_resolve_link_property;
    return op;
}

ObjectProperty *object_property_add_link(Object *obj, const char *name,
                              const char *type, Object **targetp,
                              void (*check)(const Object *, const char *,
                                            Object *, Error **),
                              ObjectPropertyLinkFlags flags)
{
    LinkProperty *prop = g_new0(LinkProperty, 1);

    prop->targetp = targetp;
    prop->check = check;
    prop->flags = flags;
    return object_add_link_prop(obj, NULL, name, type, prop);
}

ObjectProperty *object_class_property_add_link(ObjectClass *oc,
                              const char *name,
                              const char *type, ptrdiff_t offset,
                              void (*check)(const Object *, const char *,
                                            Object *, Error **),
                              ObjectPropertyLinkFlags flags)
{
    LinkProperty *prop = g_new0(LinkProperty, 1);

    prop->offset = offset;
    prop->check = check;
    prop->flags = flags | OBJ_PROP_LINK_CLASS;
    return object_add_link_prop(NULL, oc, name, type, prop);
}

ObjectProperty *object_property_add_const_link(Object *obj,
                                               const char *name,
                                               Object *target)
{
    LinkProperty *prop = g_new0(LinkProperty, 1);

    prop->target = target;
    prop->flags = OBJ_PROP_LINK_DIRECT;
    return object_add_link_prop(obj, NULL, name,
                                object_get_typename(target), prop);
}

/* ---- string ------------------------------------------------------------ */

typedef struct StringProperty {
    char *(*get)(Object *, Error **);
    void (*set)(Object *, const char *, Error **);
} StringProperty;

static void property_get_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StringProperty *prop = opaque;
    char *value;
    Error *err = NULL;

    value = prop->get(obj, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    if (!value) {
        value = g_strdup("");
    }
    visit_type_str(v, name, &value, errp);
    g_free(value);
}

static void property_set_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StringProperty *prop = opaque;
    char *value;

    if (!visit_type_str(v, name, &value, errp)) {
        return;
    }
    prop->set(obj, value, errp);
    g_free(value);
}

static ObjectProperty *add_str_prop(Object *obj, ObjectClass *klass,
                                    const char *name,
                                    char *(*get)(Object *, Error **),
                                    void (*set)(Object *, const char *,
                                                Error **))
{
    StringProperty *prop = g_new0(StringProperty, 1);

    prop->get = get;
    prop->set = set;
    return object_or_class_property_add(obj, klass, name, "string",
                                        get ? property_get_str : NULL,
                                        set ? property_set_str : NULL,
                                        OWNED_DATA_RELEASE(obj), prop);
}

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                             char *(*get)(Object *, Error **),
                             void (*set)(Object *, const char *, Error **))
{
    return add_str_prop(obj, NULL, name, get, set);
}

ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                                   const char *name,
                                   char *(*get)(Object *, Error **),
                                   void (*set)(Object *, const char *,
                                               Error **))
{
    return add_str_prop(NULL, klass, name, get, set);
}

/* ---- bool -------------------------------------------------------------- */

typedef struct BoolProperty {
    bool (*get)(Object *, Error **);
    void (*set)(Object *, bool, Error **);
} BoolProperty;

static void property_get_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *prop = opaque;
    Error *err = NULL;
    bool value;

    value = prop->get(obj, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    visit_type_bool(v, name, &value, errp);
}

static void property_set_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *prop = opaque;
    bool value;

    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    prop->set(obj, value, errp);
}

static ObjectProperty *add_bool_prop(Object *obj, ObjectClass *klass,
                                     const char *name,
                                     bool (*get)(Object *, Error **),
                                     void (*set)(Object *, bool, Error **))
{
    BoolProperty *prop = g_new0(BoolProperty, 1);

    prop->get = get;
    prop->set = set;
    return object_or_class_property_add(obj, klass, name, "bool",
                                        get ? property_get_bool : NULL,
                                        set ? property_set_bool : NULL,
                                        OWNED_DATA_RELEASE(obj), prop);
}

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                              bool (*get)(Object *, Error **),
                              void (*set)(Object *, bool, Error **))
{
    return add_bool_prop(obj, NULL, name, get, set);
}

ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                                    const char *name,
                                    bool (*get)(Object *, Error **),
                                    void (*set)(Object *, bool, Error **))
{
    return add_bool_prop(NULL, klass, name, get, set);
}

/* ---- enum -------------------------------------------------------------- */

typedef struct EnumProperty {
    const QEnumLookup *lookup;
    int (*get)(Object *, Error **);
    void (*set)(Object *, int, Error **);
} EnumProperty;

static void property_get_enum(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    EnumProperty *prop = opaque;
    Error *err = NULL;
    int value;

    value = prop->get(obj, &err);
    if (err) {
        error_propagate(errp, err);
        return;
    }
    visit_type_enum(v, name, &value, prop->lookup, errp);
}

static void property_set_enum(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    EnumProperty *prop = opaque;
    int value;

    if (!visit_type_enum(v, name, &value, prop->lookup, errp)) {
        return;
    }
    prop->set(obj, value, errp);
}

static ObjectProperty *add_enum_prop(Object *obj, ObjectClass *klass,
                                     const char *name, const char *typename,
                                     const QEnumLookup *lookup,
                                     int (*get)(Object *, Error **),
                                     void (*set)(Object *, int, Error **))
{
    EnumProperty *prop = g_new0(EnumProperty, 1);
    ObjectProperty *op;

    prop->lookup = lookup;
    prop->get = get;
    prop->set = set;
    op = object_or_class_property_add(obj, klass, name, typename,
                                      get ? property_get_enum : NULL,
                                      set ? property_set_enum : NULL,
                                      OWNED_DATA_RELEASE(obj), prop);
    op->enum_table = lookup;
    return op;
}

ObjectProperty *object_property_add_enum(Object *obj, const char *name,
                              const char *typename,
                              const QEnumLookup *lookup,
                              int (*get)(Object *, Error **),
                              void (*set)(Object *, int, Error **))
{
    return add_enum_prop(obj, NULL, name, typename, lookup, get, set);
}

ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
                                    const char *name,
                                    const char *typename,
                                    const QEnumLookup *lookup,
                                    int (*get)(Object *, Error **),
                                    void (*set)(Object *, int, Error **))
{
    return add_enum_prop(NULL, klass, name, typename, lookup, get, set);
}

/* ---- integer pointers -------------------------------------------------- */

#define DEFINE_UINT_PTR_PROPERTY(bits)                                      \
static void property_get_uint##bits##_ptr(Object *obj, Visitor *v,          \
                                          const char *name, void *opaque,   \
                                          Error **errp)                     \
{                                                                           \
    uint##bits##_t value = *(uint##bits##_t *)opaque;                       \
                                                                            \
    visit_type_uint##bits(v, name, &value, errp);                           \
}                                                                           \
                                                                            \
static void property_set_uint##bits##_ptr(Object *obj, Visitor *v,          \
                                          const char *name, void *opaque,   \
                                          Error **errp)                     \
{                                                                           \
    uint##bits##_t *field = opaque;                                         \
    uint##bits##_t value;                                                   \
                                                                            \
    if (!visit_type_uint##bits(v, name, &value, errp)) {                    \
        return;                                                             \
    }                                                                       \
    *field = value;                                                         \
}                                                                           \
                                                                            \
ObjectProperty *object_property_add_uint##bits##_ptr(Object *obj,           \
    const char *name, const uint##bits##_t *v, ObjectPropertyFlags flags)   \
{                                                                           \
    return object_property_add(obj, name, "uint" #bits,                     \
        (flags & OBJ_PROP_FLAG_READ) ? property_get_uint##bits##_ptr : NULL, \
        (flags & OBJ_PROP_FLAG_WRITE) ? property_set_uint##bits##_ptr : NULL, \
        NULL, (void *)v);                                                   \
}                                                                           \
                                                                            \
ObjectProperty *object_class_property_add_uint##bits##_ptr(                 \
    ObjectClass *klass, const char *name, const uint##bits##_t *v,          \
    ObjectPropertyFlags flags)                                              \
{                                                                           \
    return object_class_property_add(klass, name, "uint" #bits,             \
        (flags & OBJ_PROP_FLAG_READ) ? property_get_uint##bits##_ptr : NULL, \
        (flags & OBJ_PROP_FLAG_WRITE) ? property_set_uint##bits##_ptr : NULL, \
        NULL, (void *)v);                                                   \
}

DEFINE_UINT_PTR_PROPERTY(8)
DEFINE_UINT_PTR_PROPERTY(16)
DEFINE_UINT_PTR_PROPERTY(32)
DEFINE_UINT_PTR_PROPERTY(64)

/* ---- alias ------------------------------------------------------------- */

typedef struct {
    Object *target_obj;
    char *target_name;
} AliasProperty;

static void property_get_alias(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    AliasProperty *prop = opaque;

    object_property_get(prop->target_obj, prop->target_name, v, errp);
}

static void property_set_alias(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    AliasProperty *prop = opaque;

    object_property_set(prop->target_obj, prop->target_name, v, errp);
}

static Object *property_resolve_alias(Object *obj, void *opaque,
                                      const char *part)
{
    AliasProperty *prop = opaque;

    return object_resolve_path_component(prop->target_obj,
                                         prop->target_name);
}

static void property_release_alias(Object *obj, const char *name,
                                   void *opaque)
{
    AliasProperty *prop = opaque;

    g_free(prop->target_name);
    g_free(prop);
}

ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name)
{
    AliasProperty *prop;
    ObjectProperty *op;
    ObjectProperty *target_prop;
    g_autofree char *prop_type = NULL;

    target_prop = object_property_find_err(target_obj, target_name,
                                           &error_abort);

    if (object_property_is_child(target_prop)) {
        prop_type = g_strdup_printf("link%s",
                                    target_prop->type + strlen("child"));
    } else {
        prop_type = g_strdup(target_prop->type);
    }

    prop = g_new0(AliasProperty, 1);
    prop->target_obj = target_obj;
    prop->target_name = g_strdup(target_name);

    op = object_property_add(obj, name, prop_type,
                             target_prop->get ? property_get_alias : NULL,
                             target_prop->set ? property_set_alias : NULL,
                             property_release_alias,
                             prop);
    op->resolve = property_resolve_alias;
    op->enum_table = target_prop->enum_table;
    if (target_prop->defval) {
        op->defval = qobject_ref(target_prop->defval);
    }
    object_property_set_description(obj, op->name,
                                    target_prop->description);
    return op;
}
