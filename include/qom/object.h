/*
 * QOM: the object model.
 *
 * Types are registered at start-up (type_init()) from TypeInfo
 * descriptions; a type has one class (created on first use, after its
 * parent's class) and any number of instances.  Types form a single
 * inheritance tree rooted at "object"; interfaces add multiple
 * inheritance of class methods.  Objects carry named properties, read
 * and written through visitors; child<> properties form the
 * composition tree rooted at object_get_root() ("/"), link<> properties
 * reference other objects.  Same API as QEMU's include/qom/object.h.
 *
 * Instance creation order: memory zeroed, class property defaults,
 * instance_init of each type from the root down, then
 * instance_post_init of each type from the root down (parents' hooks
 * run before children's).  Finalization: properties deleted (children
 * unparented, strong links dropped), then instance_finalize from the
 * leaf type up.
 */
#ifndef QEMU_OBJECT_H
#define QEMU_OBJECT_H

#include "qapi/util.h"
#include "qemu/module.h"

typedef struct Error Error;
typedef struct Visitor Visitor;
typedef struct QObject QObject;

struct TypeImpl;
typedef struct TypeImpl *Type;

typedef struct TypeInfo TypeInfo;
typedef struct InterfaceClass InterfaceClass;
typedef struct InterfaceInfo InterfaceInfo;
typedef struct Object Object;
typedef struct ObjectClass ObjectClass;
typedef struct ObjectProperty ObjectProperty;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"
#define TYPE_CONTAINER "container"

/*
 * Property accessor: reads the property into @v (getter) or writes it
 * from @v (setter).  @opaque is the property's opaque pointer.
 */
typedef void (ObjectPropertyAccessor)(Object *obj, Visitor *v,
                                      const char *name, void *opaque,
                                      Error **errp);
/* Resolve a path component through this property (child<>, link<>). */
typedef Object *(ObjectPropertyResolve)(Object *obj, void *opaque,
                                        const char *part);
/* Called when the property is deleted from @obj (or @obj finalized). */
typedef void (ObjectPropertyRelease)(Object *obj, const char *name,
                                     void *opaque);
/* Sets the initial value of a class property on a new instance. */
typedef void (ObjectPropertyInit)(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    char *type;
    char *description;
    ObjectPropertyAccessor *get;
    ObjectPropertyAccessor *set;
    ObjectPropertyResolve *resolve;
    ObjectPropertyRelease *release;
    ObjectPropertyInit *init;
    void *opaque;
    QObject *defval;
    /* ours: the enum table of enum-typed properties, else NULL */
    const QEnumLookup *enum_table;
};

typedef void (ObjectUnparent)(Object *obj);
typedef void (ObjectFree)(void *obj);

#define OBJECT_CLASS_CAST_CACHE 4

/* Private property table (insertion ordered). */
typedef struct ObjectPropTable ObjectPropTable;

struct ObjectClass {
    /* private: */
    Type type;
    GSList *interfaces;
    const char *object_cast_cache[OBJECT_CLASS_CAST_CACHE];
    const char *class_cast_cache[OBJECT_CLASS_CAST_CACHE];
    ObjectUnparent *unparent;
    ObjectPropTable *properties;
};

struct Object {
    /* private: */
    ObjectClass *class;
    ObjectFree *free;
    ObjectPropTable *properties;
    uint32_t ref;
    Object *parent;
    /*
     * Ours: an error raised while the object was initialised (applying
     * compat properties or -global in instance_post_init, which cannot
     * fail).  Reported by the creator: see object_take_init_error().
     */
    Error *init_error;
};

/*
 * Type description for type_register_static().
 *
 * class_init and class_base_init are declared without a prototype so
 * that both QEMU's historic signature (ObjectClass *, void *) and the
 * QEMU 10.1 one (ObjectClass *, const void *) are accepted.  They are
 * called as fn(ObjectClass *klass, class_data).
 */
struct TypeInfo {
    const char *name;
    const char *parent;

    size_t instance_size;
    size_t instance_align;
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);

    bool abstract;
    size_t class_size;

    void (*class_init)();
    void (*class_base_init)();
    const void *class_data;

    const InterfaceInfo *interfaces;
};

#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(class) ((ObjectClass *)(class))

/* Cast @obj to @type, aborting if it is not an instance of @name. */
#define OBJECT_CHECK(type, obj, name) \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), \
                                        __FILE__, __LINE__, __func__))

/* Cast @class to @class_type, aborting if it is not a @name class. */
#define OBJECT_CLASS_CHECK(class_type, class, name) \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(class), \
                                               (name), __FILE__, __LINE__, \
                                               __func__))

/* The class of @obj as @class, checked against type @name. */
#define OBJECT_GET_CLASS(class, obj, name) \
    OBJECT_CLASS_CHECK(class, object_get_class(OBJECT(obj)), name)

/* Instance checker: InstanceType *OBJ_NAME(const void *obj). */
#define DECLARE_INSTANCE_CHECKER(InstanceType, OBJ_NAME, TYPENAME) \
    static inline G_GNUC_UNUSED InstanceType *                     \
    OBJ_NAME(const void *obj)                                      \
    { return OBJECT_CHECK(InstanceType, obj, TYPENAME); }

/* Class checkers OBJ_NAME##_GET_CLASS(obj) and OBJ_NAME##_CLASS(klass). */
#define DECLARE_CLASS_CHECKERS(ClassType, OBJ_NAME, TYPENAME) \
    static inline G_GNUC_UNUSED ClassType *                   \
    OBJ_NAME##_GET_CLASS(const void *obj)                     \
    { return OBJECT_GET_CLASS(ClassType, obj, TYPENAME); }    \
                                                              \
    static inline G_GNUC_UNUSED ClassType *                   \
    OBJ_NAME##_CLASS(const void *klass)                       \
    { return OBJECT_CLASS_CHECK(ClassType, klass, TYPENAME); }

/* Both instance and class checkers. */
#define DECLARE_OBJ_CHECKERS(InstanceType, ClassType, OBJ_NAME, TYPENAME) \
    DECLARE_INSTANCE_CHECKER(InstanceType, OBJ_NAME, TYPENAME) \
    DECLARE_CLASS_CHECKERS(ClassType, OBJ_NAME, TYPENAME)

/*
 * Typedefs of InstanceType and ClassType, autoptr cleanup and the cast
 * helpers MODULE_OBJ_NAME(), MODULE_OBJ_NAME##_CLASS() and
 * MODULE_OBJ_NAME##_GET_CLASS() for type TYPE_##MODULE_OBJ_NAME.
 */
#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, MODULE_OBJ_NAME) \
    typedef struct InstanceType InstanceType; \
    typedef struct ClassType ClassType; \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref) \
    DECLARE_OBJ_CHECKERS(InstanceType, ClassType, \
                         MODULE_OBJ_NAME, TYPE_##MODULE_OBJ_NAME)

/* Like OBJECT_DECLARE_TYPE for a type without its own class struct. */
#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, MODULE_OBJ_NAME) \
    typedef struct InstanceType InstanceType; \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref) \
    DECLARE_INSTANCE_CHECKER(InstanceType, MODULE_OBJ_NAME, \
                             TYPE_##MODULE_OBJ_NAME)

/*
 * Define and register a type whose functions are named after
 * module_obj_name: module_obj_name##_init, _finalize, _class_init.
 */
#define OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name, \
                                    MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                    ABSTRACT, ...) \
    static void \
    module_obj_name##_finalize(Object *obj); \
    static void \
    module_obj_name##_class_init(ObjectClass *oc, void *data); \
    static void \
    module_obj_name##_init(Object *obj); \
    \
    static const TypeInfo module_obj_name##_info = { \
        .parent = TYPE_##PARENT_MODULE_OBJ_NAME, \
        .name = TYPE_##MODULE_OBJ_NAME, \
        .instance_size = sizeof(ModuleObjName), \
        .instance_align = __alignof__(ModuleObjName), \
        .instance_init = module_obj_name##_init, \
        .instance_finalize = module_obj_name##_finalize, \
        .class_size = sizeof(ModuleObjName##Class), \
        .class_init = module_obj_name##_class_init, \
        .abstract = ABSTRACT, \
        .interfaces = (const InterfaceInfo[]) { __VA_ARGS__ } , \
    }; \
    \
    static void \
    module_obj_name##_register_types(void) \
    { \
        type_register_static(&module_obj_name##_info); \
    } \
    type_init(module_obj_name##_register_types);

#define OBJECT_DEFINE_TYPE(ModuleObjName, module_obj_name, MODULE_OBJ_NAME, \
                           PARENT_MODULE_OBJ_NAME) \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name, \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                false, { NULL })

#define OBJECT_DEFINE_TYPE_WITH_INTERFACES(ModuleObjName, module_obj_name, \
                                           MODULE_OBJ_NAME, \
                                           PARENT_MODULE_OBJ_NAME, ...) \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name, \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                false, __VA_ARGS__)

#define OBJECT_DEFINE_ABSTRACT_TYPE(ModuleObjName, module_obj_name, \
                                    MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME) \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name, \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME, \
                                true, { NULL })

/* Interface cast helpers. */
#define INTERFACE_CHECK(interface, obj, name) \
    ((interface *)object_dynamic_cast_assert(OBJECT((obj)), (name), \
                                             __FILE__, __LINE__, __func__))

#define INTERFACE_CLASS(klass) \
    OBJECT_CLASS_CHECK(InterfaceClass, klass, TYPE_INTERFACE)

/* One interface implemented by a type; arrays end with { }. */
struct InterfaceInfo {
    const char *type;
};

/* The class every interface class derives from. */
struct InterfaceClass {
    ObjectClass parent_class;
    /* private: */
    ObjectClass *concrete_class;
    Type interface_type;
};

/* ---- Types and classes ------------------------------------------------ */

/*
 * Register the type described by @info (which must stay valid: it is
 * not copied).  Aborts on a duplicate name.
 */
Type type_register_static(const TypeInfo *info);

/* Same as type_register_static() (older QEMU name). */
Type type_register(const TypeInfo *info);

/* Register @nr_infos types from the array @infos. */
void type_register_static_array(const TypeInfo *infos, int nr_infos);

/* Define a type_init() function registering the array @type_array. */
#define DEFINE_TYPES(type_array)                                            \
static void do_qemu_init_ ## type_array(void)                               \
{                                                                           \
    type_register_static_array(type_array, ARRAY_SIZE(type_array));         \
}                                                                           \
type_init(do_qemu_init_ ## type_array)

/* The class of type @typename, or NULL if there is no such type. */
ObjectClass *object_class_by_name(const char *typename);

/* Same as object_class_by_name() (no loadable modules here). */
ObjectClass *module_object_class_by_name(const char *typename);

/* The parent class of @klass, or NULL for the root. */
ObjectClass *object_class_get_parent(ObjectClass *klass);

/* The type name of @klass. */
const char *object_class_get_name(ObjectClass *klass);

/* Whether @klass is abstract (cannot be instantiated). */
bool object_class_is_abstract(ObjectClass *klass);

/*
 * @klass viewed as class @typename: @klass itself if it derives from
 * @typename, the interface class if @typename is an interface that
 * @klass implements, otherwise NULL.  @klass may be NULL.
 */
ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename);

/* object_class_dynamic_cast() that aborts with a message on failure. */
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func);

/*
 * Call @fn(klass, @opaque) for every class that is (or implements)
 * @implements_type (any class if NULL), skipping abstract classes
 * unless @include_abstract.
 */
void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque);

/* The classes of object_class_foreach() as a list (free with g_slist_free). */
GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract);

/* Same, sorted by type name. */
GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract);

/* Instance size of type @typename (0 if unknown). */
size_t object_type_get_instance_size(const char *typename);

/* ---- Objects ---------------------------------------------------------- */

/*
 * Create an instance of @typename (must exist and not be abstract) with
 * a reference count of 1.
 */
Object *object_new(const char *typename);

/* Create an instance of class @klass. */
Object *object_new_with_class(ObjectClass *klass);

/*
 * Create an object, set the properties given as NULL-terminated
 * name/value string pairs, add it as child @id of @parent (if @parent
 * is not NULL) and complete it if it is user-creatable.  Returns NULL
 * with @errp set on failure.  The returned reference is the caller's
 * only if @parent is NULL; otherwise the parent's child property holds
 * it (QEMU semantics: the caller's reference is dropped).
 */
Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, Error **errp, ...)
    G_GNUC_NULL_TERMINATED;

/* va_list variant of object_new_with_props(). */
Object *object_new_with_propv(const char *typename, Object *parent,
                              const char *id, Error **errp, va_list vargs);

/* Set properties from NULL-terminated name/value string pairs. */
bool object_set_props(Object *obj, Error **errp, ...)
    G_GNUC_NULL_TERMINATED;

/* va_list variant of object_set_props(). */
bool object_set_propv(Object *obj, Error **errp, va_list vargs);

/*
 * Initialise an object of type @typename in caller-provided memory
 * @data of @size bytes (at least the instance size).  The memory is not
 * freed when the last reference goes.
 */
void object_initialize(void *data, size_t size, const char *typename);

/*
 * Initialise @childobj in place (type @type), set properties from the
 * NULL-terminated name/value pairs, add it as child @propname of
 * @parentobj (which then holds the only reference) and complete it if
 * user-creatable.
 */
bool object_initialize_child_with_props(Object *parentobj,
                                        const char *propname,
                                        void *childobj, size_t size,
                                        const char *type,
                                        Error **errp, ...)
    G_GNUC_NULL_TERMINATED;

bool object_initialize_child_with_propsv(Object *parentobj,
                                         const char *propname,
                                         void *childobj, size_t size,
                                         const char *type,
                                         Error **errp, va_list vargs);

/* Initialise the embedded child @child of @parent as child @propname. */
#define object_initialize_child(parent, propname, child, type)          \
    object_initialize_child_internal((parent), (propname),              \
                                     (child), sizeof(*(child)), (type))
void object_initialize_child_internal(Object *parent, const char *propname,
                                      void *child, size_t size,
                                      const char *type);

/*
 * @obj if it is an instance of @typename (class or interface), else
 * NULL.  @obj may be NULL.
 */
Object *object_dynamic_cast(Object *obj, const char *typename);

/* object_dynamic_cast() that aborts on failure (NULL stays NULL). */
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func);

/* The class of @obj. */
ObjectClass *object_get_class(Object *obj);

/* The type name of @obj. */
const char *object_get_typename(const Object *obj);

/* Take a reference to @obj (an Object *); returns @obj. */
Object *object_ref(void *obj);

/* Drop a reference; the last one finalizes and frees the object. */
void object_unref(void *obj);

/*
 * Ours: move the error recorded while @obj was initialised (see
 * Object.init_error) into @errp.  Returns false if there was one.
 * Creators call it before completing/realizing an object.
 */
bool object_take_init_error(Object *obj, Error **errp);

/*
 * Ours: record @err as @obj's initialisation error (first one wins;
 * later ones are freed).  Takes ownership of @err.
 */
void object_set_init_error(Object *obj, Error *err);

/* ---- Properties ------------------------------------------------------- */

typedef enum {
    /* Automatically add a getter to the property */
    OBJ_PROP_FLAG_READ = 1 << 0,
    /* Automatically add a setter to the property */
    OBJ_PROP_FLAG_WRITE = 1 << 1,
    /* Automatically add a getter and a setter to the property */
    OBJ_PROP_FLAG_READWRITE = (OBJ_PROP_FLAG_READ | OBJ_PROP_FLAG_WRITE),
} ObjectPropertyFlags;

typedef enum {
    /* Unref the link target when the property is deleted */
    OBJ_PROP_LINK_STRONG = 0x1,
    /* private */
    OBJ_PROP_LINK_DIRECT = 0x2,
    OBJ_PROP_LINK_CLASS = 0x4,
} ObjectPropertyLinkFlags;

/*
 * Add an instance property.  Returns NULL and sets @errp if @obj already
 * has a property @name.  A name ending in "[*]" gets the first free
 * index instead ("foo[0]", "foo[1]", ...).
 */
ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp);

/* object_property_try_add() that aborts on a duplicate. */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);

/* Delete instance property @name of @obj (calls its release). */
void object_property_del(Object *obj, const char *name);

/* Add a class property, present on every instance of @klass. */
ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name,
                                          const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque);

/*
 * Default values of class properties: applied to every new instance
 * before instance_init, and shown as "default-value" by
 * qom-list-properties / device-list-properties.
 */
void object_property_set_default_bool(ObjectProperty *prop, bool value);
void object_property_set_default_str(ObjectProperty *prop,
                                     const char *value);
void object_property_set_default_list(ObjectProperty *prop);
void object_property_set_default_int(ObjectProperty *prop, int64_t value);
void object_property_set_default_uint(ObjectProperty *prop, uint64_t value);

/* Look up property @name (instance, then class chain), NULL if none. */
ObjectProperty *object_property_find(Object *obj, const char *name);

/* Like object_property_find(), with "Property '%s.%s' not found". */
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp);

/* Look up class property @name in @klass and its ancestors. */
ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name);

ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name,
                                               Error **errp);

typedef struct ObjectPropertyIterator {
    ObjectClass *nextclass;
    ObjectPropTable *table;
    guint index;
} ObjectPropertyIterator;

/*
 * Iterate over the properties of @obj: its own (in insertion order),
 * then its class's, then its ancestors'.
 *
 *   ObjectPropertyIterator iter;
 *   object_property_iter_init(&iter, obj);
 *   while ((prop = object_property_iter_next(&iter))) { ... }
 *
 * Do not add or delete properties of @obj while iterating.
 */
void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);

/* Iterate over the class properties of @klass and its ancestors. */
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass);

/* Next property, or NULL at the end. */
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/*
 * Remove @obj from its parent's children (dropping the reference the
 * parent held).  Does nothing if it has no parent.
 */
void object_unparent(Object *obj);

/* Read property @name into visitor @v. */
bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp);

/* Write property @name from visitor @v. */
bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp);

/* Typed setters and getters (through QObject visitors). */
bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp);
/* Returns a new string, or NULL with @errp set. */
char *object_property_get_str(Object *obj, const char *name, Error **errp);

/* Set link @name to @value (NULL clears it). */
bool object_property_set_link(Object *obj, const char *name,
                              Object *value, Error **errp);
/* Target of link @name, or NULL (cleared link, or error). */
Object *object_property_get_link(Object *obj, const char *name,
                                 Error **errp);

bool object_property_set_bool(Object *obj, const char *name,
                              bool value, Error **errp);
bool object_property_get_bool(Object *obj, const char *name, Error **errp);

bool object_property_set_int(Object *obj, const char *name,
                             int64_t value, Error **errp);
/* Returns -1 on error. */
int64_t object_property_get_int(Object *obj, const char *name,
                                Error **errp);

bool object_property_set_uint(Object *obj, const char *name,
                              uint64_t value, Error **errp);
/* Returns 0 on error. */
uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp);

/*
 * Value of enum property @name (whose type must be @typename) as an
 * integer; -1 on error.
 */
int object_property_get_enum(Object *obj, const char *name,
                             const char *typename, Error **errp);

/*
 * Set property @name from the string @string, parsed according to the
 * property's type (string input visitor: "on"/"off", numbers, sizes
 * where the property is a size, enum names, link paths...).
 */
bool object_property_parse(Object *obj, const char *name,
                           const char *string, Error **errp);

/*
 * The value of property @name as a string (string output visitor);
 * @human selects the human-friendly form.  NULL on error.
 */
char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp);

/* The type of property @name ("str", "child<x>", ...), NULL on error. */
const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp);

/* Set the description of instance or class property @name of @obj. */
void object_property_set_description(Object *obj, const char *name,
                                     const char *description);

/* Set the description of class property @name of @klass. */
void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description);

/* ---- The composition tree --------------------------------------------- */

/* The root object "/" (a container). */
Object *object_get_root(void);

/* The container "/objects", parent of -object / object-add objects. */
Object *object_get_objects_root(void);

/* A container outside the tree, for internal objects not shown to users. */
Object *object_get_internal_root(void);

/*
 * The name of the child property by which @obj's parent holds @obj,
 * or NULL if @obj has no parent.
 */
const char *object_get_canonical_path_component(const Object *obj);

/*
 * The absolute path of @obj ("/machine/peripheral/x"), "/" for the
 * root, NULL if @obj is not in the tree.  Free with g_free().
 */
char *object_get_canonical_path(const Object *obj);

/*
 * Resolve @path: absolute ("/a/b", following child<> and link<>
 * properties) or partial ("b" or "a/b": any object whose path ends with
 * these components, following child<> properties only).  A partial
 * path matching several objects resolves to NULL and sets *@ambiguous
 * (if not NULL) to true; otherwise *@ambiguous is set to false.
 */
Object *object_resolve_path(const char *path, bool *ambiguous);

/* object_resolve_path() restricted to objects of type @typename. */
Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous);

/* The only object of type @typename, or NULL with an error. */
Object *object_resolve_type_unambiguous(const char *typename, Error **errp);

/* Resolve @path relative to @parent (absolute paths are absolute). */
Object *object_resolve_path_at(Object *parent, const char *path);

/* Resolve the single path component @part (a child or link) of @parent. */
Object *object_resolve_path_component(Object *parent, const char *part);

/*
 * Add @child as child property @name ("child<type>") of @obj; @obj
 * takes a reference.  @child must not have a parent yet.
 */
ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp);
/* object_property_try_add_child() that aborts on a duplicate name. */
ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child);

/* Link check that always allows the new target. */
void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp);

/*
 * Add link property @name of type "link<@type>" whose target is stored
 * at *@targetp.  @check (NULL: read-only link) can refuse a new target.
 * With OBJ_PROP_LINK_STRONG the link holds a reference to its target.
 */
ObjectProperty *object_property_add_link(Object *obj, const char *name,
                              const char *type, Object **targetp,
                              void (*check)(const Object *obj,
                                            const char *name,
                                            Object *val, Error **errp),
                              ObjectPropertyLinkFlags flags);

/* Class variant: the target pointer is at @offset in each instance. */
ObjectProperty *object_class_property_add_link(ObjectClass *oc,
                              const char *name,
                              const char *type, ptrdiff_t offset,
                              void (*check)(const Object *obj,
                                            const char *name,
                                            Object *val, Error **errp),
                              ObjectPropertyLinkFlags flags);

/* String property ("str") backed by callbacks (NULL: not readable/writable). */
ObjectProperty *object_property_add_str(Object *obj, const char *name,
                             char *(*get)(Object *, Error **),
                             void (*set)(Object *, const char *, Error **));

ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                                   const char *name,
                                   char *(*get)(Object *, Error **),
                                   void (*set)(Object *, const char *,
                                               Error **));

/* Boolean property ("bool") backed by callbacks. */
ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                              bool (*get)(Object *, Error **),
                              void (*set)(Object *, bool, Error **));

ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                                    const char *name,
                                    bool (*get)(Object *, Error **),
                                    void (*set)(Object *, bool, Error **));

/* Enum property of type @typename, values from @lookup. */
ObjectProperty *object_property_add_enum(Object *obj, const char *name,
                              const char *typename,
                              const QEnumLookup *lookup,
                              int (*get)(Object *, Error **),
                              void (*set)(Object *, int, Error **));

ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
                                    const char *name,
                                    const char *typename,
                                    const QEnumLookup *lookup,
                                    int (*get)(Object *, Error **),
                                    void (*set)(Object *, int, Error **));

/*
 * Integer properties ("uint8" ... "uint64") reading/writing the
 * variable at @v directly, readable and/or writable per @flags.
 */
ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              const uint8_t *v,
                                              ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint8_ptr(ObjectClass *klass,
                                         const char *name,
                                         const uint8_t *v,
                                         ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint16_ptr(Object *obj,
                                               const char *name,
                                               const uint16_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint16_ptr(ObjectClass *klass,
                                          const char *name,
                                          const uint16_t *v,
                                          ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint32_ptr(Object *obj,
                                               const char *name,
                                               const uint32_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint32_ptr(ObjectClass *klass,
                                          const char *name,
                                          const uint32_t *v,
                                          ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint64_ptr(Object *obj,
                                               const char *name,
                                               const uint64_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint64_ptr(ObjectClass *klass,
                                          const char *name,
                                          const uint64_t *v,
                                          ObjectPropertyFlags flags);

/*
 * Add property @name of @obj that forwards to property @target_name of
 * @target_obj (same type; an aliased child<T> shows as link<T>).
 */
ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name);

/* Read-only link @name of @obj to @target. */
ObjectProperty *object_property_add_const_link(Object *obj,
                                               const char *name,
                                               Object *target);

/*
 * Call @fn(child, @opaque) for each child of @obj (insertion order);
 * stops at and returns the first non-zero return value.
 */
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);

/* Same, depth first over all descendants (parent before its children). */
int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque);

/*
 * The container at @path below @root, creating "container" objects for
 * missing components ("/a/b" or "a/b").
 */
Object *container_get(Object *root, const char *path);

/* The container child @name of the root, created if missing. */
Object *object_get_container(const char *name);

/* Create container child @name of @obj. */
Object *container_create(Object *obj, const char *name);

#endif
