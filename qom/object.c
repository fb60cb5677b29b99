/*
 * QOM core: type registry, classes, interfaces, object life cycle and
 * the property table.  Property kinds (child, link, str, ...) are in
 * object-props.c, the composition tree and paths in object-tree.c.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"
#include "qom/qom-qobject.h"
#include "qobject/qobject.h"
#include "qobject/qbool.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qobject/qlist.h"
#include "qapi/visitor.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/string-input-visitor.h"
#include "qapi/string-output-visitor.h"
#include "object-internal.h"

#define MAX_INTERFACES 32

typedef struct InterfaceImpl {
    const char *typename;
} InterfaceImpl;

struct TypeImpl {
    const char *name;

    size_t class_size;
    size_t instance_size;
    size_t instance_align;

    void (*class_init)();
    void (*class_base_init)();
    const void *class_data;

    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);

    bool abstract;

    const char *parent;
    TypeImpl *parent_type;

    ObjectClass *class;

    int num_interfaces;
    InterfaceImpl interfaces[MAX_INTERFACES];
};

static Type type_interface;

/* Types by name, and in registration order (for stable listings). */
static GHashTable *type_table;
static GPtrArray *type_list;
static bool qom_modules_loaded;

static void type_table_ensure(void)
{
    if (!type_table) {
        type_table = g_hash_table_new(g_str_hash, g_str_equal);
        type_list = g_ptr_array_new();
    }
}

/* Run the type_init() functions once, on first use of the registry. */
static void qom_load_types(void)
{
    if (!qom_modules_loaded) {
        qom_modules_loaded = true;
        module_call_init(MODULE_INIT_QOM);
    }
}

static TypeImpl *type_table_lookup(const char *name)
{
    type_table_ensure();
    return g_hash_table_lookup(type_table, name);
}

static TypeImpl *type_new(const TypeInfo *info)
{
    TypeImpl *ti = g_new0(TypeImpl, 1);
    int i;

    g_assert(info->name != NULL);

    if (type_table_lookup(info->name) != NULL) {
        fprintf(stderr, "Registering `%s' which already exists\n",
                info->name);
        abort();
    }

    ti->name = g_strdup(info->name);
    ti->parent = g_strdup(info->parent);

    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    ti->instance_align = info->instance_align;

    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;

    ti->instance_init = info->instance_init;
    ti->instance_post_init = info->instance_post_init;
    ti->instance_finalize = info->instance_finalize;

    ti->abstract = info->abstract;

    for (i = 0; info->interfaces && info->interfaces[i].type; i++) {
        g_assert(i < MAX_INTERFACES);
        ti->interfaces[i].typename = g_strdup(info->interfaces[i].type);
    }
    ti->num_interfaces = i;

    return ti;
}

static TypeImpl *type_register_internal(const TypeInfo *info)
{
    TypeImpl *ti = type_new(info);

    g_hash_table_insert(type_table, (void *)ti->name, ti);
    g_ptr_array_add(type_list, ti);
    return ti;
}

Type type_register_static(const TypeInfo *info)
{
    g_assert(info->parent || g_str_equal(info->name, TYPE_OBJECT) ||
             g_str_equal(info->name, TYPE_INTERFACE));
    return type_register_internal(info);
}

Type type_register(const TypeInfo *info)
{
    return type_register_static(info);
}

void type_register_static_array(const TypeInfo *infos, int nr_infos)
{
    int i;

    for (i = 0; i < nr_infos; i++) {
        type_register_static(&infos[i]);
    }
}

static TypeImpl *type_get_by_name(const char *name)
{
    if (name == NULL) {
        return NULL;
    }
    qom_load_types();
    return type_table_lookup(name);
}

static TypeImpl *type_get_parent(TypeImpl *type)
{
    if (!type->parent_type && type->parent) {
        type->parent_type = type_get_by_name(type->parent);
        if (!type->parent_type) {
            fprintf(stderr, "Type '%s' is missing its parent '%s'\n",
                    type->name, type->parent);
            abort();
        }
    }
    return type->parent_type;
}

static bool type_has_parent(TypeImpl *type)
{
    return type->parent != NULL;
}

static size_t type_class_get_size(TypeImpl *ti)
{
    if (ti->class_size) {
        return ti->class_size;
    }
    if (type_has_parent(ti)) {
        return type_class_get_size(type_get_parent(ti));
    }
    return sizeof(ObjectClass);
}

static size_t type_object_get_size(TypeImpl *ti)
{
    if (ti->instance_size) {
        return ti->instance_size;
    }
    if (type_has_parent(ti)) {
        return type_object_get_size(type_get_parent(ti));
    }
    return 0;
}

static size_t type_object_get_align(TypeImpl *ti)
{
    if (ti->instance_align) {
        return ti->instance_align;
    }
    if (type_has_parent(ti)) {
        return type_object_get_align(type_get_parent(ti));
    }
    return 0;
}

size_t object_type_get_instance_size(const char *typename)
{
    TypeImpl *type = type_get_by_name(typename);

    return type ? type_object_get_size(type) : 0;
}

/* Whether @target_type is @type or one of its ancestors. */
static bool type_is_ancestor(TypeImpl *type, TypeImpl *target_type)
{
    g_assert(target_type);

    while (type) {
        if (type == target_type) {
            return true;
        }
        type = type_get_parent(type);
    }
    return false;
}

static void type_initialize(TypeImpl *ti);

/*
 * Give @ti's class an implementation class of @interface_type: a
 * synthetic abstract type "<ti>::<iface>" deriving from @parent_type
 * (the interface itself, or the parent class's implementation).
 */
static void type_initialize_interface(TypeImpl *ti, TypeImpl *interface_type,
                                      TypeImpl *parent_type)
{
    InterfaceClass *new_iface;
    TypeInfo info = { };
    TypeImpl *iface_impl;

    info.parent = parent_type->name;
    info.name = g_strdup_printf("%s::%s", ti->name, interface_type->name);
    info.abstract = true;

    /* Not put in the registry: never listed nor looked up by name. */
    iface_impl = type_new(&info);
    iface_impl->parent_type = parent_type;
    type_initialize(iface_impl);
    g_free((char *)info.name);

    new_iface = (InterfaceClass *)iface_impl->class;
    new_iface->concrete_class = ti->class;
    new_iface->interface_type = interface_type;

    ti->class->interfaces = g_slist_append(ti->class->interfaces,
                                           iface_impl->class);
}

static void object_property_free(gpointer data)
{
    ObjectProperty *prop = data;

    if (prop->defval) {
        qobject_unref(prop->defval);
        prop->defval = NULL;
    }
    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    g_free(prop);
}

/* ---- Property tables -------------------------------------------------- */

struct ObjectPropTable {
    GHashTable *hash;       /* name -> ObjectProperty */
    GPtrArray *order;       /* ObjectProperty, insertion order */
};

ObjectPropTable *prop_table_new(void)
{
    ObjectPropTable *t = g_new0(ObjectPropTable, 1);

    t->hash = g_hash_table_new(g_str_hash, g_str_equal);
    t->order = g_ptr_array_new();
    return t;
}

ObjectProperty *prop_table_lookup(ObjectPropTable *t, const char *name)
{
    return t ? g_hash_table_lookup(t->hash, name) : NULL;
}

void prop_table_insert(ObjectPropTable *t, ObjectProperty *prop)
{
    g_hash_table_insert(t->hash, prop->name, prop);
    g_ptr_array_add(t->order, prop);
}

/* Unlink @prop from @t and free it. */
void prop_table_remove(ObjectPropTable *t, ObjectProperty *prop)
{
    g_hash_table_remove(t->hash, prop->name);
    g_ptr_array_remove(t->order, prop);
    object_property_free(prop);
}

guint prop_table_len(ObjectPropTable *t)
{
    return t ? t->order->len : 0;
}

ObjectProperty *prop_table_nth(ObjectPropTable *t, guint i)
{
    return g_ptr_array_index(t->order, i);
}

static void prop_table_free(ObjectPropTable *t)
{
    if (!t) {
        return;
    }
    g_ptr_array_set_free_func(t->order, object_property_free);
    g_hash_table_destroy(t->hash);
    g_ptr_array_free(t->order, true);
    g_free(t);
}

/* ---- Classes ---------------------------------------------------------- */

static void type_initialize(TypeImpl *ti)
{
    TypeImpl *parent;

    if (ti->class) {
        return;
    }

    ti->class_size = type_class_get_size(ti);
    ti->instance_size = type_object_get_size(ti);
    ti->instance_align = type_object_get_align(ti);
    /* An abstract type may have no instance size; a concrete one must. */
    if (ti->instance_size == 0) {
        ti->abstract = true;
    }
    if (type_is_ancestor(ti, type_interface)) {
        g_assert(ti->instance_size == 0);
        g_assert(ti->abstract);
        g_assert(!ti->instance_init);
        g_assert(!ti->instance_post_init);
        g_assert(!ti->instance_finalize);
        g_assert(!ti->num_interfaces);
    }
    ti->class = g_malloc0(ti->class_size);

    parent = type_get_parent(ti);
    if (parent) {
        GSList *e;
        int i;

        type_initialize(parent);
        g_assert(parent->class_size <= ti->class_size);
        g_assert(parent->instance_size <= ti->instance_size);
        memcpy(ti->class, parent->class, parent->class_size);
        ti->class->interfaces = NULL;
        memset(ti->class->object_cast_cache, 0,
               sizeof(ti->class->object_cast_cache));
        memset(ti->class->class_cast_cache, 0,
               sizeof(ti->class->class_cast_cache));

        for (e = parent->class->interfaces; e; e = e->next) {
            InterfaceClass *iface = e->data;
            ObjectClass *klass = OBJECT_CLASS(iface);

            type_initialize_interface(ti, iface->interface_type, klass->type);
        }

        for (i = 0; i < ti->num_interfaces; i++) {
            TypeImpl *t = type_get_by_name(ti->interfaces[i].typename);

            if (!t) {
                fprintf(stderr, "missing interface '%s' for object '%s'\n",
                        ti->interfaces[i].typename, parent->name);
                abort();
            }
            for (e = ti->class->interfaces; e; e = e->next) {
                TypeImpl *target_type = OBJECT_CLASS(e->data)->type;

                if (type_is_ancestor(target_type, t)) {
                    break;
                }
            }
            if (e) {
                /* Already implemented through the parent. */
                continue;
            }
            type_initialize_interface(ti, t, t);
        }
    }

    ti->class->properties = prop_table_new();
    ti->class->type = ti;

    while (parent) {
        if (parent->class_base_init) {
            parent->class_base_init(ti->class, ti->class_data);
        }
        parent = type_get_parent(parent);
    }

    if (ti->class_init) {
        ti->class_init(ti->class, ti->class_data);
    }
}

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *type = type_get_by_name(typename);

    if (!type) {
        return NULL;
    }
    type_initialize(type);
    return type->class;
}

ObjectClass *module_object_class_by_name(const char *typename)
{
    return object_class_by_name(typename);
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    TypeImpl *type = type_get_parent(klass->type);

    if (!type) {
        return NULL;
    }
    type_initialize(type);
    return type->class;
}

const char *object_class_get_name(ObjectClass *klass)
{
    return klass->type->name;
}

bool object_class_is_abstract(ObjectClass *klass)
{
    return klass->type->abstract;
}

static bool cast_cache_hit(const char *const *cache, const char *typename)
{
    int i;

    for (i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        if (__atomic_load_n(&cache[i], __ATOMIC_RELAXED) == typename) {
            return true;
        }
    }
    return false;
}

static void cast_cache_add(const char **cache, const char *typename)
{
    int i;

    /* Keyed by the address of the (usually literal) type name string. */
    for (i = 1; i < OBJECT_CLASS_CAST_CACHE; i++) {
        __atomic_store_n(&cache[i - 1],
                         __atomic_load_n(&cache[i], __ATOMIC_RELAXED),
                         __ATOMIC_RELAXED);
    }
    __atomic_store_n(&cache[i - 1], typename, __ATOMIC_RELAXED);
}

ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename)
{
    ObjectClass *ret = NULL;
    TypeImpl *target_type;
    TypeImpl *type;

    if (!klass || !typename) {
        return NULL;
    }

    type = klass->type;
    if (type->name == typename) {
        return klass;
    }

    target_type = type_get_by_name(typename);
    if (!target_type) {
        /* Unknown target type: the cast fails. */
        return NULL;
    }

    if (type->class->interfaces &&
        type_is_ancestor(target_type, type_interface)) {
        int found = 0;
        GSList *i;

        for (i = klass->interfaces; i; i = i->next) {
            ObjectClass *target_class = i->data;

            if (type_is_ancestor(target_class->type, target_type)) {
                ret = target_class;
                found++;
            }
        }
        /* The same interface through several paths is ambiguous. */
        if (found > 1) {
            ret = NULL;
        }
    } else if (type_is_ancestor(type, target_type)) {
        ret = klass;
    }

    return ret;
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func)
{
    ObjectClass *ret;

    if (!klass) {
        return NULL;
    }
    if (cast_cache_hit(klass->class_cast_cache, typename)) {
        return klass;
    }

    ret = object_class_dynamic_cast(klass, typename);
    if (!ret) {
        fprintf(stderr, "%s:%d:%s: Object %p is not an instance of type %s\n",
                file, line, func, (void *)klass, typename);
        abort();
    }
    if (ret == klass) {
        cast_cache_add(klass->class_cast_cache, typename);
    }
    return ret;
}

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque)
{
    guint i;

    qom_load_types();
    /* Index loop: class_init may register more types. */
    for (i = 0; i < type_list->len; i++) {
        TypeImpl *type = g_ptr_array_index(type_list, i);
        ObjectClass *k;

        type_initialize(type);
        k = type->class;

        if (!include_abstract && type->abstract) {
            continue;
        }
        if (implements_type &&
            !object_class_dynamic_cast(k, implements_type)) {
            continue;
        }
        fn(k, opaque);
    }
}

static void object_class_get_list_tramp(ObjectClass *klass, void *opaque)
{
    GSList **list = opaque;

    *list = g_slist_prepend(*list, klass);
}

GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract)
{
    GSList *list = NULL;

    object_class_foreach(object_class_get_list_tramp,
                         implements_type, include_abstract, &list);
    return g_slist_reverse(list);
}

static gint object_class_cmp(gconstpointer a, gconstpointer b)
{
    return strcasecmp(object_class_get_name((ObjectClass *)a),
                      object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list_sorted(const char *implements_type,
                                     bool include_abstract)
{
    return g_slist_sort(object_class_get_list(implements_type,
                                              include_abstract),
                        object_class_cmp);
}

/* ---- Objects ---------------------------------------------------------- */

static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    if (type_has_parent(ti)) {
        object_init_with_type(obj, type_get_parent(ti));
    }
    if (ti->instance_init) {
        ti->instance_init(obj);
    }
}

/* Parents' post-init hooks run before their children's. */
static void object_post_init_with_type(Object *obj, TypeImpl *ti)
{
    if (type_has_parent(ti)) {
        object_post_init_with_type(obj, type_get_parent(ti));
    }
    if (ti->instance_post_init) {
        ti->instance_post_init(obj);
    }
}

/* Apply the defaults of class properties, before instance_init. */
static void object_class_property_init_all(Object *obj)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    object_class_property_iter_init(&iter, object_get_class(obj));
    while ((prop = object_property_iter_next(&iter))) {
        if (prop->init) {
            prop->init(obj, prop);
        }
    }
}

static void object_initialize_with_type(Object *obj, size_t size,
                                        TypeImpl *type)
{
    type_initialize(type);

    g_assert(type->instance_size >= sizeof(Object));
    g_assert(type->abstract == false);
    g_assert(size >= type->instance_size);

    memset(obj, 0, type->instance_size);
    obj->class = type->class;
    obj->ref = 1;
    obj->properties = prop_table_new();
    object_class_property_init_all(obj);
    object_init_with_type(obj, type);
    object_post_init_with_type(obj, type);
}

void object_initialize(void *data, size_t size, const char *typename)
{
    TypeImpl *type = type_get_by_name(typename);

    if (!type) {
        error_report("missing object type '%s'", typename);
        abort();
    }
    object_initialize_with_type(data, size, type);
}

static Object *object_new_with_type(Type type)
{
    Object *obj;
    size_t size, align;
    void (*obj_free)(void *);

    g_assert(type != NULL);
    type_initialize(type);

    size = type->instance_size;
    align = type->instance_align;

    if (likely(align <= __alignof__(max_align_t))) {
        obj = g_malloc(size);
        obj_free = g_free;
    } else {
        void *p = NULL;

        if (posix_memalign(&p, align, size)) {
            abort();
        }
        obj = p;
        obj_free = free;
    }

    object_initialize_with_type(obj, size, type);
    obj->free = obj_free;
    return obj;
}

Object *object_new_with_class(ObjectClass *klass)
{
    return object_new_with_type(klass->type);
}

Object *object_new(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        error_report("missing object type '%s'", typename);
        abort();
    }
    return object_new_with_type(ti);
}

bool object_take_init_error(Object *obj, Error **errp)
{
    Error *err = obj->init_error;

    if (!err) {
        return true;
    }
    obj->init_error = NULL;
    error_propagate(errp, err);
    return false;
}

void object_set_init_error(Object *obj, Error *err)
{
    if (obj->init_error) {
        error_free(err);
        return;
    }
    obj->init_error = err;
}

bool object_set_propv(Object *obj, Error **errp, va_list vargs)
{
    const char *propname;

    propname = va_arg(vargs, char *);
    while (propname != NULL) {
        const char *value = va_arg(vargs, char *);

        g_assert(value != NULL);
        if (!object_property_parse(obj, propname, value, errp)) {
            return false;
        }
        propname = va_arg(vargs, char *);
    }
    return true;
}

bool object_set_props(Object *obj, Error **errp, ...)
{
    va_list vargs;
    bool ret;

    va_start(vargs, errp);
    ret = object_set_propv(obj, errp, vargs);
    va_end(vargs);
    return ret;
}

Object *object_new_with_propv(const char *typename, Object *parent,
                              const char *id, Error **errp, va_list vargs)
{
    Object *obj;
    ObjectClass *klass;
    UserCreatable *uc;

    klass = object_class_by_name(typename);
    if (!klass) {
        error_setg(errp, "invalid object type: %s", typename);
        return NULL;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp, "object type '%s' is abstract", typename);
        return NULL;
    }
    obj = object_new_with_type(klass->type);

    if (!object_take_init_error(obj, errp)) {
        goto error;
    }
    if (!object_set_propv(obj, errp, vargs)) {
        goto error;
    }

    if (id != NULL && parent) {
        if (!object_property_try_add_child(parent, id, obj, errp)) {
            goto error;
        }
    }

    uc = (UserCreatable *)object_dynamic_cast(obj, TYPE_USER_CREATABLE);
    if (uc) {
        if (!user_creatable_complete(uc, errp)) {
            if (id != NULL && parent) {
                object_unparent(obj);
            }
            goto error;
        }
    }

    if (id != NULL && parent) {
        /* The parent's child property holds the object now. */
        object_unref(obj);
    }
    return obj;

error:
    object_unref(obj);
    return NULL;
}

Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, Error **errp, ...)
{
    va_list vargs;
    Object *obj;

    va_start(vargs, errp);
    obj = object_new_with_propv(typename, parent, id, errp, vargs);
    va_end(vargs);
    return obj;
}

bool object_initialize_child_with_propsv(Object *parentobj,
                                         const char *propname,
                                         void *childobj, size_t size,
                                         const char *type,
                                         Error **errp, va_list vargs)
{
    bool ok = false;
    Object *obj;
    UserCreatable *uc;

    object_initialize(childobj, size, type);
    obj = OBJECT(childobj);

    if (!object_set_propv(obj, errp, vargs)) {
        goto out;
    }

    object_property_add_child(parentobj, propname, obj);

    uc = (UserCreatable *)object_dynamic_cast(obj, TYPE_USER_CREATABLE);
    if (uc) {
        if (!user_creatable_complete(uc, errp)) {
            object_unparent(obj);
            goto out;
        }
    }
    ok = true;

out:
    /*
     * The parent holds a reference now (or the object failed); drop the
     * initial one.
     */
    object_unref(obj);
    return ok;
}

bool object_initialize_child_with_props(Object *parentobj,
                                        const char *propname,
                                        void *childobj, size_t size,
                                        const char *type,
                                        Error **errp, ...)
{
    va_list vargs;
    bool ok;

    va_start(vargs, errp);
    ok = object_initialize_child_with_propsv(parentobj, propname,
                                             childobj, size, type, errp,
                                             vargs);
    va_end(vargs);
    return ok;
}

void object_initialize_child_internal(Object *parent, const char *propname,
                                      void *child, size_t size,
                                      const char *type)
{
    object_initialize_child_with_props(parent, propname, child, size, type,
                                       &error_abort, NULL);
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(object_get_class(obj), typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func)
{
    Object *inst;

    if (!obj) {
        return NULL;
    }
    if (cast_cache_hit(obj->class->object_cast_cache, typename)) {
        return obj;
    }

    inst = object_dynamic_cast(obj, typename);
    if (!inst) {
        fprintf(stderr, "%s:%d:%s: Object %p is not an instance of type %s\n",
                file, line, func, (void *)obj, typename);
        abort();
    }
    cast_cache_add(obj->class->object_cast_cache, typename);
    return inst;
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->class;
}

const char *object_get_typename(const Object *obj)
{
    return obj->class->type->name;
}

/*
 * Call the release hook of every property (instance and class), once
 * each, restarting after each call since a release may change the
 * table; then free the instance properties.
 */
static void object_property_del_all(Object *obj)
{
    g_autoptr(GHashTable) done = g_hash_table_new(NULL, NULL);
    ObjectProperty *prop;
    ObjectPropertyIterator iter;
    bool released;

    do {
        released = false;
        object_property_iter_init(&iter, obj);
        while ((prop = object_property_iter_next(&iter)) != NULL) {
            if (g_hash_table_add(done, prop)) {
                if (prop->release) {
                    prop->release(obj, prop->name, prop->opaque);
                    released = true;
                    break;
                }
            }
        }
    } while (released);

    prop_table_free(obj->properties);
    obj->properties = NULL;
}

static void object_deinit(Object *obj, TypeImpl *type)
{
    if (type->instance_finalize) {
        type->instance_finalize(obj);
    }
    if (type_has_parent(type)) {
        object_deinit(obj, type_get_parent(type));
    }
}

static void object_finalize(void *data)
{
    Object *obj = data;
    TypeImpl *ti = obj->class->type;

    object_property_del_all(obj);
    object_deinit(obj, ti);

    g_assert(obj->ref == 0);
    g_assert(obj->parent == NULL);
    if (obj->init_error) {
        error_free(obj->init_error);
        obj->init_error = NULL;
    }
    if (obj->free) {
        obj->free(obj);
    }
}

Object *object_ref(void *objptr)
{
    Object *obj = OBJECT(objptr);
    uint32_t ref;

    if (!obj) {
        return NULL;
    }
    ref = __atomic_fetch_add(&obj->ref, 1, __ATOMIC_SEQ_CST);
    /* Reference count overflow or resurrection of a dead object. */
    g_assert(ref > 0 && ref < INT_MAX);
    return obj;
}

void object_unref(void *objptr)
{
    Object *obj = OBJECT(objptr);

    if (!obj) {
        return;
    }
    g_assert(obj->ref > 0);

    if (__atomic_sub_fetch(&obj->ref, 1, __ATOMIC_SEQ_CST) == 0) {
        object_finalize(obj);
    }
}

/* ---- Property table API ------------------------------------------------ */

ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp)
{
    ObjectProperty *prop;
    size_t name_len = strlen(name);

    if (name_len >= 3 && !memcmp(name + name_len - 3, "[*]", 4)) {
        int i;
        ObjectProperty *ret = NULL;
        char *name_no_array = g_strdup(name);

        name_no_array[name_len - 3] = '\0';
        for (i = 0; i < INT16_MAX; ++i) {
            char *full_name = g_strdup_printf("%s[%d]", name_no_array, i);

            ret = object_property_try_add(obj, full_name, type, get, set,
                                          release, opaque, NULL);
            g_free(full_name);
            if (ret) {
                break;
            }
        }
        g_free(name_no_array);
        g_assert(ret);
        return ret;
    }

    if (object_property_find(obj, name) != NULL) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type '%s')", name, object_get_typename(obj));
        return NULL;
    }

    prop = g_new0(ObjectProperty, 1);
    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;

    prop_table_insert(obj->properties, prop);
    return prop;
}

ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    return object_property_try_add(obj, name, type, get, set, release,
                                   opaque, &error_abort);
}

ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name,
                                          const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(klass, name)) {
        error_report("attempt to add duplicate property '%s' to class "
                     "(type '%s')", name, object_class_get_name(klass));
        abort();
    }

    prop = g_new0(ObjectProperty, 1);
    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;

    prop_table_insert(klass->properties, prop);
    return prop;
}

ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name)
{
    while (klass) {
        ObjectProperty *prop = prop_table_lookup(klass->properties, name);

        if (prop) {
            return prop;
        }
        klass = object_class_get_parent(klass);
    }
    return NULL;
}

ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name,
                                               Error **errp)
{
    ObjectProperty *prop = object_class_property_find(klass, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_class_get_name(klass), name);
    }
    return prop;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop;

    prop = object_class_property_find(object_get_class(obj), name);
    if (prop) {
        return prop;
    }
    return prop_table_lookup(obj->properties, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found",
                   object_get_typename(obj), name);
    }
    return prop;
}

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    iter->table = obj->properties;
    iter->index = 0;
    iter->nextclass = object_get_class(obj);
}

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass)
{
    iter->table = NULL;
    iter->index = 0;
    iter->nextclass = klass;
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    for (;;) {
        if (iter->index < prop_table_len(iter->table)) {
            return prop_table_nth(iter->table, iter->index++);
        }
        if (!iter->nextclass) {
            return NULL;
        }
        iter->table = iter->nextclass->properties;
        iter->index = 0;
        iter->nextclass = object_class_get_parent(iter->nextclass);
    }
}

void object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop = prop_table_lookup(obj->properties, name);

    if (!prop) {
        return;
    }
    if (prop->release) {
        prop->release(obj, name, prop->opaque);
        prop->release = NULL;
    }
    prop_table_remove(obj->properties, prop);
}

/*
 * Run the getter (@set false) or setter of property @name with @v;
 * the error names what the property cannot do.
 */
static bool object_property_access(Object *obj, const char *name,
                                   Visitor *v, bool set, Error **errp)
{
    Error *err = NULL;
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    ObjectPropertyAccessor *access;

    if (prop == NULL) {
        return false;
    }
    access = set ? prop->set : prop->get;
    if (!access) {
        error_setg(errp, "Property '%s.%s' is not %s",
                   object_get_typename(obj), name,
                   set ? "writable" : "readable");
        return false;
    }
    access(obj, v, name, prop->opaque, &err);
    error_propagate(errp, err);
    return !err;
}

bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    return object_property_access(obj, name, v, false, errp);
}

bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    return object_property_access(obj, name, v, true, errp);
}

/* object_property_set_qobject(), then drop the reference to @value. */
static bool property_set_qobject_steal(Object *obj, const char *name,
                                       QObject *value, Error **errp)
{
    bool ok = object_property_set_qobject(obj, name, value, errp);

    qobject_unref(value);
    return ok;
}

static void property_type_error(const char *name, const char *expected,
                                Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               name, expected);
}

/*
 * Property @name's value if it is a QObject of type @type, else NULL
 * with @errp set (@expected names the type).  Caller unrefs.
 */
static QObject *property_get_typed(Object *obj, const char *name,
                                   QType type, const char *expected,
                                   Error **errp)
{
    QObject *ret = object_property_get_qobject(obj, name, errp);

    if (ret && qobject_type(ret) != type) {
        property_type_error(name, expected, errp);
        qobject_unref(ret);
        return NULL;
    }
    return ret;
}

bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp)
{
    return property_set_qobject_steal(obj, name,
                                      QOBJECT(qstring_from_str(value)), errp);
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    QObject *ret = property_get_typed(obj, name, QTYPE_QSTRING, "string",
                                      errp);
    char *retval = ret ? g_strdup(qstring_get_str(qobject_to(QString, ret)))
                       : NULL;

    qobject_unref(ret);
    return retval;
}

bool object_property_set_link(Object *obj, const char *name,
                              Object *value, Error **errp)
{
    g_autofree char *path = NULL;

    if (value) {
        path = object_get_canonical_path(value);
        if (!path) {
            error_setg(errp, "Cannot link property '%s.%s' to an object "
                       "outside the object tree", object_get_typename(obj),
                       name);
            return false;
        }
    }
    return object_property_set_str(obj, name, path ? path : "", errp);
}

Object *object_property_get_link(Object *obj, const char *name,
                                 Error **errp)
{
    char *str = object_property_get_str(obj, name, errp);
    Object *target = NULL;

    if (str && *str) {
        target = object_resolve_path(str, NULL);
        if (!target) {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", str);
        }
    }
    g_free(str);
    return target;
}

bool object_property_set_bool(Object *obj, const char *name,
                              bool value, Error **errp)
{
    return property_set_qobject_steal(obj, name,
                                      QOBJECT(qbool_from_bool(value)), errp);
}

bool object_property_get_bool(Object *obj, const char *name, Error **errp)
{
    QObject *ret = property_get_typed(obj, name, QTYPE_QBOOL, "boolean",
                                      errp);
    bool retval = ret && qbool_get_bool(qobject_to(QBool, ret));

    qobject_unref(ret);
    return retval;
}

bool object_property_set_int(Object *obj, const char *name,
                             int64_t value, Error **errp)
{
    return property_set_qobject_steal(obj, name,
                                      QOBJECT(qnum_from_int(value)), errp);
}

int64_t object_property_get_int(Object *obj, const char *name,
                                Error **errp)
{
    QObject *ret = property_get_typed(obj, name, QTYPE_QNUM, "int", errp);
    int64_t retval = -1;

    if (ret && !qnum_get_try_int(qobject_to(QNum, ret), &retval)) {
        property_type_error(name, "int", errp);
        retval = -1;
    }
    qobject_unref(ret);
    return retval;
}

bool object_property_set_uint(Object *obj, const char *name,
                              uint64_t value, Error **errp)
{
    return property_set_qobject_steal(obj, name,
                                      QOBJECT(qnum_from_uint(value)), errp);
}

uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp)
{
    QObject *ret = property_get_typed(obj, name, QTYPE_QNUM, "uint", errp);
    uint64_t retval = 0;

    if (ret && !qnum_get_try_uint(qobject_to(QNum, ret), &retval)) {
        property_type_error(name, "uint", errp);
        retval = 0;
    }
    qobject_unref(ret);
    return retval;
}

int object_property_get_enum(Object *obj, const char *name,
                             const char *typename, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    char *str;
    int ret;

    if (prop == NULL) {
        return -1;
    }
    if (!g_str_equal(prop->type, typename) || !prop->enum_table) {
        error_setg(errp, "Property %s on %s is not '%s' enum type",
                   name, object_get_typename(obj), typename);
        return -1;
    }

    str = object_property_get_str(obj, name, errp);
    if (!str) {
        return -1;
    }
    ret = qapi_enum_parse(prop->enum_table, str, -1, errp);
    g_free(str);
    return ret;
}

bool object_property_parse(Object *obj, const char *name,
                           const char *string, Error **errp)
{
    Visitor *v = string_input_visitor_new(string);
    bool ok = object_property_set(obj, name, v, errp);

    visit_free(v);
    return ok;
}

char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp)
{
    Visitor *v;
    char *string = NULL;

    v = string_output_visitor_new(human, &string);
    if (object_property_get(obj, name, v, errp)) {
        visit_complete(v, &string);
    }
    visit_free(v);
    return string;
}

const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    return prop ? prop->type : NULL;
}

void object_property_set_description(Object *obj, const char *name,
                                     const char *description)
{
    ObjectProperty *op = object_property_find_err(obj, name, &error_abort);

    g_free(op->description);
    op->description = g_strdup(description);
}

void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description)
{
    ObjectProperty *op = prop_table_lookup(klass->properties, name);

    if (!op) {
        op = object_class_property_find_err(klass, name, &error_abort);
    }
    g_free(op->description);
    op->description = g_strdup(description);
}

/* ---- Defaults --------------------------------------------------------- */

static void object_property_init_defval(Object *obj, ObjectProperty *prop)
{
    Visitor *v = qobject_input_visitor_new(prop->defval);

    g_assert(prop->set != NULL);
    prop->set(obj, v, prop->name, prop->opaque, &error_abort);
    visit_free(v);
}

static void object_property_set_default(ObjectProperty *prop,
                                        QObject *defval)
{
    g_assert(!prop->defval);
    g_assert(!prop->init);

    prop->defval = defval;
    prop->init = object_property_init_defval;
}

void object_property_set_default_bool(ObjectProperty *prop, bool value)
{
    object_property_set_default(prop, QOBJECT(qbool_from_bool(value)));
}

void object_property_set_default_str(ObjectProperty *prop,
                                     const char *value)
{
    object_property_set_default(prop, QOBJECT(qstring_from_str(value)));
}

void object_property_set_default_list(ObjectProperty *prop)
{
    object_property_set_default(prop, QOBJECT(qlist_new()));
}

void object_property_set_default_int(ObjectProperty *prop, int64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_int(value)));
}

void object_property_set_default_uint(ObjectProperty *prop, uint64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_uint(value)));
}

/* ---- Root types -------------------------------------------------------- */

static void object_instance_get_type(Object *obj, Visitor *v,
                                     const char *name, void *opaque,
                                     Error **errp)
{
    char *type = g_strdup(object_get_typename(obj));

    visit_type_str(v, name, &type, errp);
    g_free(type);
}

static void object_class_init(ObjectClass *klass, void *data)
{
    object_class_property_add(klass, "type", "string",
                              object_instance_get_type, NULL, NULL, NULL);
}

static void register_types(void)
{
    static const TypeInfo interface_info = {
        .name = TYPE_INTERFACE,
        .class_size = sizeof(InterfaceClass),
        .abstract = true,
    };

    static const TypeInfo object_info = {
        .name = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .class_init = object_class_init,
        .abstract = true,
    };

    type_interface = type_register_internal(&interface_info);
    type_register_internal(&object_info);
}

type_init(register_types)
