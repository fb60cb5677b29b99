/*
 * The composition tree: roots, containers, canonical paths and path
 * resolution, iteration over children.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qom/object.h"
#include "object-internal.h"

static void container_register_types(void)
{
    static const TypeInfo container_info = {
        .name = TYPE_CONTAINER,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Object),
    };

    type_register_static(&container_info);
}

type_init(container_register_types)

Object *container_create(Object *obj, const char *name)
{
    Object *child = object_new(TYPE_CONTAINER);

    object_property_add_child(obj, name, child);
    object_unref(child);
    return child;
}

Object *container_get(Object *root, const char *path)
{
    Object *obj, *child;
    char **parts;
    int i;

    parts = g_strsplit(path, "/", 0);
    g_assert(parts != NULL);
    obj = root;

    for (i = 0; parts[i]; i++) {
        if (!*parts[i]) {
            continue;
        }
        child = object_resolve_path_component(obj, parts[i]);
        if (!child) {
            child = container_create(obj, parts[i]);
        }
        obj = child;
    }

    g_strfreev(parts);
    return obj;
}

Object *object_get_root(void)
{
    static Object *root;

    if (!root) {
        root = object_new(TYPE_CONTAINER);
    }
    return root;
}

Object *object_get_container(const char *name)
{
    return container_get(object_get_root(), name);
}

Object *object_get_objects_root(void)
{
    return object_get_container("objects");
}

Object *object_get_internal_root(void)
{
    static Object *internal_root;

    if (!internal_root) {
        internal_root = object_new(TYPE_CONTAINER);
    }
    return internal_root;
}

const char *object_get_canonical_path_component(const Object *obj)
{
    ObjectProperty *prop;

    if (obj->parent == NULL) {
        return NULL;
    }
    prop = object_find_child_property(obj->parent, obj);
    return prop ? prop->name : NULL;
}

char *object_get_canonical_path(const Object *obj)
{
    Object *root = object_get_root();
    GString *newpath;

    if (obj == root) {
        return g_strdup("/");
    }

    newpath = g_string_new("");
    do {
        const char *component = object_get_canonical_path_component(obj);

        if (!component) {
            /* Not in the tree (or an orphaned subtree). */
            g_string_free(newpath, true);
            return NULL;
        }
        g_string_prepend(newpath, component);
        g_string_prepend(newpath, "/");
        obj = obj->parent;
    } while (obj != root);

    return g_string_free(newpath, false);
}

Object *object_resolve_path_component(Object *parent, const char *part)
{
    ObjectProperty *prop = object_property_find(parent, part);

    if (prop == NULL) {
        return NULL;
    }
    if (prop->resolve) {
        return prop->resolve(parent, prop->opaque, part);
    }
    return NULL;
}

static Object *object_resolve_abs_path(Object *parent, char **parts,
                                       const char *typename)
{
    Object *child;

    if (*parts == NULL) {
        return object_dynamic_cast(parent, typename);
    }
    if (strcmp(*parts, "") == 0) {
        return object_resolve_abs_path(parent, parts + 1, typename);
    }

    child = object_resolve_path_component(parent, *parts);
    if (!child) {
        return NULL;
    }
    return object_resolve_abs_path(child, parts + 1, typename);
}

static Object *object_resolve_partial_path(Object *parent, char **parts,
                                           const char *typename,
                                           bool *ambiguous)
{
    Object *obj;
    guint i;

    obj = object_resolve_abs_path(parent, parts, typename);

    for (i = 0; i < prop_table_len(parent->properties); i++) {
        ObjectProperty *prop = prop_table_nth(parent->properties, i);
        Object *found;

        if (!object_property_is_child(prop)) {
            continue;
        }
        found = object_resolve_partial_path(prop->opaque, parts,
                                            typename, ambiguous);
        if (found) {
            if (obj) {
                *ambiguous = true;
                return NULL;
            }
            obj = found;
        }
        if (*ambiguous) {
            return NULL;
        }
    }
    return obj;
}

Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguousp)
{
    Object *obj;
    char **parts;

    parts = g_strsplit(path, "/", 0);
    g_assert(parts);

    if (parts[0] == NULL || strcmp(parts[0], "") != 0) {
        bool ambiguous = false;

        obj = object_resolve_partial_path(object_get_root(), parts,
                                          typename, &ambiguous);
        if (ambiguousp) {
            *ambiguousp = ambiguous;
        }
    } else {
        obj = object_resolve_abs_path(object_get_root(), parts + 1,
                                      typename);
        if (ambiguousp) {
            *ambiguousp = false;
        }
    }

    g_strfreev(parts);
    return obj;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, TYPE_OBJECT, ambiguous);
}

Object *object_resolve_type_unambiguous(const char *typename, Error **errp)
{
    bool ambig = false;
    Object *o = object_resolve_path_type("", typename, &ambig);

    if (ambig) {
        error_setg(errp, "More than one object of type %s", typename);
        return NULL;
    }
    if (!o) {
        error_setg(errp, "No object found of type %s", typename);
        return NULL;
    }
    return o;
}

Object *object_resolve_path_at(Object *parent, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);

    if (*path == '/') {
        return object_resolve_abs_path(object_get_root(), parts + 1,
                                       TYPE_OBJECT);
    }
    return object_resolve_abs_path(parent, parts, TYPE_OBJECT);
}

static int do_object_child_foreach(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque, bool recurse)
{
    GPtrArray *children = g_ptr_array_new();
    int ret = 0;
    guint i;

    /*
     * Snapshot the children (holding references) so that @fn may add or
     * remove children of @obj.
     */
    for (i = 0; i < prop_table_len(obj->properties); i++) {
        ObjectProperty *prop = prop_table_nth(obj->properties, i);

        if (object_property_is_child(prop)) {
            g_ptr_array_add(children, object_ref(prop->opaque));
        }
    }

    for (i = 0; i < children->len; i++) {
        Object *child = g_ptr_array_index(children, i);

        if (ret == 0) {
            ret = fn(child, opaque);
            if (ret == 0 && recurse) {
                ret = do_object_child_foreach(child, fn, opaque, true);
            }
        }
        object_unref(child);
    }
    g_ptr_array_free(children, true);
    return ret;
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    return do_object_child_foreach(obj, fn, opaque, false);
}

int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque)
{
    return do_object_child_foreach(obj, fn, opaque, true);
}
