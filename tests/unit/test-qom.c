/*
 * QOM: types, interfaces, casts, life cycle, properties of every kind,
 * the composition tree, user-creatable objects and the QOM QMP commands.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/util.h"
#include "qapi/visitor.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"
#include "qom/qom-qobject.h"

/* Log of init/finalize calls, to check their order. */
static GString *trace;

static void trace_add(const char *what)
{
    if (!trace) {
        trace = g_string_new(NULL);
    }
    g_string_append_printf(trace, "%s%s", trace->len ? "," : "", what);
}

static char *trace_take(void)
{
    char *s = g_strdup(trace ? trace->str : "");

    if (trace) {
        g_string_truncate(trace, 0);
    }
    return s;
}

/* ---- Test types ------------------------------------------------------- */

#define TYPE_TEST_IFACE "test-iface"
typedef struct TestIfaceClass {
    InterfaceClass parent;
    int (*answer)(Object *obj);
} TestIfaceClass;
#define TEST_IFACE_CLASS(klass) \
    OBJECT_CLASS_CHECK(TestIfaceClass, klass, TYPE_TEST_IFACE)
#define TEST_IFACE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(TestIfaceClass, obj, TYPE_TEST_IFACE)

#define TYPE_TEST_BASE "test-base"
typedef struct TestBase {
    Object parent_obj;
    int base_value;
    char *name;
    bool flag;
    int mode;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    Object *link;
    Object *strong_link;
} TestBase;
typedef struct TestBaseClass {
    ObjectClass parent_class;
    int class_value;
} TestBaseClass;
#define TEST_BASE(obj) OBJECT_CHECK(TestBase, obj, TYPE_TEST_BASE)
#define TEST_BASE_CLASS(k) OBJECT_CLASS_CHECK(TestBaseClass, k, TYPE_TEST_BASE)

#define TYPE_TEST_CHILD "test-child"
OBJECT_DECLARE_SIMPLE_TYPE(TestChild, TEST_CHILD)
struct TestChild {
    TestBase parent_obj;
    int child_value;
};

#define TYPE_TEST_ABSTRACT "test-abstract"

static const char *const mode_names[] = { "off", "low", "high" };
static const QEnumLookup mode_lookup = {
    .array = mode_names,
    .size = 3,
};

static char *base_get_name(Object *obj, Error **errp)
{
    return g_strdup(TEST_BASE(obj)->name);
}

static void base_set_name(Object *obj, const char *value, Error **errp)
{
    TestBase *b = TEST_BASE(obj);

    if (!strcmp(value, "bad")) {
        error_setg(errp, "name 'bad' is refused");
        return;
    }
    g_free(b->name);
    b->name = g_strdup(value);
}

static bool base_get_flag(Object *obj, Error **errp)
{
    return TEST_BASE(obj)->flag;
}

static void base_set_flag(Object *obj, bool value, Error **errp)
{
    TEST_BASE(obj)->flag = value;
}

static int base_get_mode(Object *obj, Error **errp)
{
    return TEST_BASE(obj)->mode;
}

static void base_set_mode(Object *obj, int value, Error **errp)
{
    TEST_BASE(obj)->mode = value;
}

/* Refuse link targets whose "name" is "forbidden". */
static void check_link(const Object *obj, const char *name, Object *val,
                       Error **errp)
{
    if (val && object_dynamic_cast(val, TYPE_TEST_BASE) &&
        !g_strcmp0(TEST_BASE(val)->name, "forbidden")) {
        error_setg(errp, "link '%s' refuses this target", name);
    }
}

static void test_base_init(Object *obj)
{
    TestBase *b = TEST_BASE(obj);

    trace_add("base-init");
    b->base_value = 7;
    object_property_add_uint8_ptr(obj, "u8", &b->u8, OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint16_ptr(obj, "u16", &b->u16, OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "u32", &b->u32,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint64_ptr(obj, "u64", &b->u64,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_link(obj, "link", TYPE_TEST_BASE, &b->link,
                             check_link, 0);
    object_property_add_link(obj, "strong-link", TYPE_OBJECT,
                             &b->strong_link,
                             object_property_allow_set_link,
                             OBJ_PROP_LINK_STRONG);
}

static void test_base_post_init(Object *obj)
{
    trace_add("base-post");
}

static void test_base_finalize(Object *obj)
{
    trace_add("base-fin");
    g_free(TEST_BASE(obj)->name);
}

static void test_base_class_init(ObjectClass *oc, void *data)
{
    ObjectProperty *op;

    TEST_BASE_CLASS(oc)->class_value = 1;
    object_class_property_add_str(oc, "name", base_get_name, base_set_name);
    object_class_property_set_description(oc, "name", "a name");
    op = object_class_property_add_bool(oc, "flag", base_get_flag,
                                        base_set_flag);
    object_property_set_default_bool(op, true);
    op = object_class_property_add_enum(oc, "mode", "TestMode", &mode_lookup,
                                        base_get_mode, base_set_mode);
    object_property_set_default_str(op, "low");
}

static int child_answer(Object *obj)
{
    return 42;
}

static void test_child_init(Object *obj)
{
    trace_add("child-init");
    TEST_CHILD(obj)->child_value = TEST_BASE(obj)->base_value + 1;
}

static void test_child_post_init(Object *obj)
{
    trace_add("child-post");
}

static void test_child_finalize(Object *obj)
{
    trace_add("child-fin");
}

static void test_child_class_init(ObjectClass *oc, void *data)
{
    TestIfaceClass *ic = TEST_IFACE_CLASS(oc);

    ic->answer = child_answer;
    TEST_BASE_CLASS(oc)->class_value = 2;
}

/* ---- user-creatable test type ----------------------------------------- */

#define TYPE_TEST_UC "test-uc"
typedef struct TestUC {
    Object parent_obj;
    uint32_t size;
    bool in_use;
    bool completed;
} TestUC;
#define TEST_UC(obj) OBJECT_CHECK(TestUC, obj, TYPE_TEST_UC)

static void test_uc_complete(UserCreatable *uc, Error **errp)
{
    TestUC *t = TEST_UC(uc);

    if (t->size == 13) {
        error_setg(errp, "size 13 is unlucky");
        return;
    }
    t->completed = true;
}

static bool test_uc_can_be_deleted(UserCreatable *uc)
{
    return !TEST_UC(uc)->in_use;
}

static void test_uc_get_size(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    visit_type_uint32(v, name, &TEST_UC(obj)->size, errp);
}

static void test_uc_set_size(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    uint32_t value;

    if (visit_type_uint32(v, name, &value, errp)) {
        TEST_UC(obj)->size = value;
    }
}

static void test_uc_init(Object *obj)
{
}

static void test_uc_class_init(ObjectClass *oc, void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);
    ObjectProperty *op;

    op = object_class_property_add(oc, "size", "uint32", test_uc_get_size,
                                   test_uc_set_size, NULL, NULL);
    object_property_set_default_uint(op, 4);
    object_class_property_set_description(oc, "size", "how big");

    ucc->complete = test_uc_complete;
    ucc->can_be_deleted = test_uc_can_be_deleted;
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_IFACE,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(TestIfaceClass),
    }, {
        .name = TYPE_TEST_BASE,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TestBase),
        .instance_init = test_base_init,
        .instance_post_init = test_base_post_init,
        .instance_finalize = test_base_finalize,
        .class_size = sizeof(TestBaseClass),
        .class_init = test_base_class_init,
    }, {
        .name = TYPE_TEST_CHILD,
        .parent = TYPE_TEST_BASE,
        .instance_size = sizeof(TestChild),
        .instance_init = test_child_init,
        .instance_post_init = test_child_post_init,
        .instance_finalize = test_child_finalize,
        .class_init = test_child_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_TEST_IFACE },
            { }
        },
    }, {
        .name = TYPE_TEST_ABSTRACT,
        .parent = TYPE_TEST_BASE,
        .abstract = true,
    }, {
        .name = TYPE_TEST_UC,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TestUC),
        .instance_init = test_uc_init,
        .class_init = test_uc_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_USER_CREATABLE },
            { }
        },
    },
};

DEFINE_TYPES(test_types)

/* ---- Helpers ---------------------------------------------------------- */

static void assert_error(Error *err, const char *msg)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

/* ---- Tests ------------------------------------------------------------ */

static void test_types_and_casts(void)
{
    ObjectClass *base = object_class_by_name(TYPE_TEST_BASE);
    ObjectClass *child = object_class_by_name(TYPE_TEST_CHILD);
    ObjectClass *ic;
    Object *obj;
    GSList *list;

    g_assert_nonnull(base);
    g_assert_nonnull(child);
    g_assert_null(object_class_by_name("no-such-type"));
    g_assert(object_class_get_parent(child) == base);
    g_assert_cmpstr(object_class_get_name(child), ==, TYPE_TEST_CHILD);
    g_assert_cmpstr(object_class_get_name(object_class_get_parent(base)), ==,
                    TYPE_OBJECT);
    g_assert_null(object_class_get_parent(object_class_by_name(TYPE_OBJECT)));
    g_assert_true(object_class_is_abstract(
                      object_class_by_name(TYPE_TEST_ABSTRACT)));
    g_assert_false(object_class_is_abstract(child));

    /* Class casts: up the hierarchy, not down, unknown types fail. */
    g_assert(object_class_dynamic_cast(child, TYPE_TEST_BASE) == child);
    g_assert(object_class_dynamic_cast(child, TYPE_OBJECT) == child);
    g_assert_null(object_class_dynamic_cast(base, TYPE_TEST_CHILD));
    g_assert_null(object_class_dynamic_cast(child, "no-such-type"));
    g_assert_null(object_class_dynamic_cast(NULL, TYPE_OBJECT));

    /* Class values: inherited then overridden. */
    g_assert_cmpint(TEST_BASE_CLASS(base)->class_value, ==, 1);
    g_assert_cmpint(TEST_BASE_CLASS(child)->class_value, ==, 2);

    /* Interfaces: the cast gives the interface class of the type. */
    ic = object_class_dynamic_cast(child, TYPE_TEST_IFACE);
    g_assert_nonnull(ic);
    g_assert(ic != child);
    g_assert_null(object_class_dynamic_cast(base, TYPE_TEST_IFACE));
    g_assert(((InterfaceClass *)ic)->concrete_class == child);

    obj = object_new(TYPE_TEST_CHILD);
    g_assert(object_dynamic_cast(obj, TYPE_TEST_IFACE) == obj);
    g_assert_cmpint(TEST_IFACE_GET_CLASS(obj)->answer(obj), ==, 42);
    g_assert(object_dynamic_cast(obj, TYPE_TEST_BASE) == obj);
    g_assert_null(object_dynamic_cast(obj, TYPE_TEST_UC));
    g_assert_null(object_dynamic_cast(NULL, TYPE_OBJECT));
    g_assert(TEST_CHILD(obj) == (TestChild *)obj);
    g_assert_cmpstr(object_get_typename(obj), ==, TYPE_TEST_CHILD);
    object_unref(obj);

    /* Lists: abstract types only on request, implements filter. */
    list = object_class_get_list(TYPE_TEST_BASE, false);
    g_assert_cmpint(g_slist_length(list), ==, 2);
    g_slist_free(list);
    list = object_class_get_list(TYPE_TEST_BASE, true);
    g_assert_cmpint(g_slist_length(list), ==, 3);
    g_slist_free(list);
    list = object_class_get_list_sorted(TYPE_TEST_IFACE, false);
    g_assert_cmpint(g_slist_length(list), ==, 1);
    g_assert(list->data == child);
    g_slist_free(list);
}

static void test_init_order_and_refcount(void)
{
    Object *obj;
    char *log;

    g_free(trace_take());
    obj = object_new(TYPE_TEST_CHILD);
    log = trace_take();
    /* instance_init and instance_post_init both run parents first. */
    g_assert_cmpstr(log, ==, "base-init,child-init,base-post,child-post");
    g_free(log);
    g_assert_cmpint(TEST_CHILD(obj)->child_value, ==, 8);

    g_assert(object_ref(obj) == obj);
    object_unref(obj);
    log = trace_take();
    g_assert_cmpstr(log, ==, "");
    g_free(log);

    object_unref(obj);
    log = trace_take();
    g_assert_cmpstr(log, ==, "child-fin,base-fin");
    g_free(log);

    object_unref(NULL);
    g_assert_null(object_ref(NULL));
}

static void test_props_basic(void)
{
    Object *obj = object_new(TYPE_TEST_BASE);
    TestBase *b = TEST_BASE(obj);
    Error *err = NULL;
    char *s;
    QObject *q;

    /* Class defaults applied before instance_init. */
    g_assert_true(b->flag);
    g_assert_cmpint(b->mode, ==, 1);
    g_assert_cmpint(object_property_get_enum(obj, "mode", "TestMode",
                                             &error_abort), ==, 1);

    /* str */
    g_assert_true(object_property_set_str(obj, "name", "n1", &error_abort));
    s = object_property_get_str(obj, "name", &error_abort);
    g_assert_cmpstr(s, ==, "n1");
    g_free(s);
    g_assert_false(object_property_set_str(obj, "name", "bad", &err));
    assert_error(err, "name 'bad' is refused");
    err = NULL;
    g_assert_cmpstr(object_property_get_type(obj, "name", NULL), ==,
                    "string");
    g_assert_cmpstr(object_property_find(obj, "name")->description, ==,
                    "a name");

    /* bool */
    g_assert_true(object_property_set_bool(obj, "flag", false,
                                           &error_abort));
    g_assert_false(object_property_get_bool(obj, "flag", &error_abort));
    g_assert_true(object_property_parse(obj, "flag", "on", &error_abort));
    g_assert_true(b->flag);
    g_assert_false(object_property_parse(obj, "flag", "maybe", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;

    /* Wrong type through the typed getter. */
    object_property_get_int(obj, "name", &err);
    assert_error(err, "Invalid parameter type for 'name', expected: int");
    err = NULL;

    /* enum */
    g_assert_true(object_property_parse(obj, "mode", "high", &error_abort));
    g_assert_cmpint(b->mode, ==, 2);
    s = object_property_print(obj, "mode", false, &error_abort);
    g_assert_cmpstr(s, ==, "high");
    g_free(s);
    g_assert_false(object_property_set_str(obj, "mode", "ultra", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_cmpint(b->mode, ==, 2);
    g_assert_cmpint(object_property_get_enum(obj, "mode", "Other", &err),
                    ==, -1);
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;

    /* integer pointers, with range checks */
    g_assert_true(object_property_set_uint(obj, "u8", 200, &error_abort));
    g_assert_cmpuint(b->u8, ==, 200);
    g_assert_false(object_property_set_uint(obj, "u8", 300, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_cmpuint(b->u8, ==, 200);
    g_assert_true(object_property_parse(obj, "u32", "4000000000",
                                        &error_abort));
    g_assert_cmpuint(b->u32, ==, 4000000000u);
    g_assert_true(object_property_set_uint(obj, "u64", UINT64_MAX,
                                           &error_abort));
    g_assert_cmpuint(object_property_get_uint(obj, "u64", &error_abort), ==,
                     UINT64_MAX);
    g_assert_cmpstr(object_property_get_type(obj, "u16", NULL), ==,
                    "uint16");
    b->u16 = 5;
    g_assert_cmpuint(object_property_get_uint(obj, "u16", &error_abort), ==,
                     5);
    g_assert_false(object_property_set_uint(obj, "u16", 6, &err));
    assert_error(err, "Property 'test-base.u16' is not writable");
    err = NULL;

    /* QObject access */
    q = object_property_get_qobject(obj, "u8", &error_abort);
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, q)), ==, 200);
    qobject_unref(q);

    /* Missing property */
    g_assert_null(object_property_find(obj, "nope"));
    g_assert_null(object_property_find_err(obj, "nope", &err));
    assert_error(err, "Property 'test-base.nope' not found");
    err = NULL;
    g_assert_false(object_property_parse(obj, "nope", "1", &err));
    assert_error(err, "Property 'test-base.nope' not found");

    object_unref(obj);
}

static void prop_get_const(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    int64_t value = 5;

    visit_type_int(v, name, &value, errp);
}

static void test_props_dynamic(void)
{
    Object *obj = object_new(TYPE_TEST_BASE);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Error *err = NULL;
    GString *names = g_string_new(NULL);

    /* Duplicates are refused, "[*]" picks the next free index. */
    g_assert_nonnull(object_property_try_add(obj, "x", "int",
                                             prop_get_const, NULL, NULL,
                                             NULL, &error_abort));
    g_assert_null(object_property_try_add(obj, "x", "int", prop_get_const,
                                          NULL, NULL, NULL, &err));
    assert_error(err, "attempt to add duplicate property 'x' to object "
                 "(type 'test-base')");
    err = NULL;
    g_assert_null(object_property_try_add(obj, "name", "int",
                                          prop_get_const, NULL, NULL, NULL,
                                          &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    prop = object_property_add(obj, "slot[*]", "int", prop_get_const, NULL,
                               NULL, NULL);
    g_assert_cmpstr(prop->name, ==, "slot[0]");
    prop = object_property_add(obj, "slot[*]", "int", prop_get_const, NULL,
                               NULL, NULL);
    g_assert_cmpstr(prop->name, ==, "slot[1]");
    g_assert_cmpint(object_property_get_int(obj, "slot[1]", &error_abort),
                    ==, 5);
    g_assert_false(object_property_set_int(obj, "x", 1, &err));
    assert_error(err, "Property 'test-base.x' is not writable");
    err = NULL;

    object_property_del(obj, "slot[0]");
    g_assert_null(object_property_find(obj, "slot[0]"));
    g_assert_nonnull(object_property_find(obj, "slot[1]"));

    /* Iteration: instance properties, then the class chain. */
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        g_string_append_printf(names, "%s ", prop->name);
    }
    g_assert_cmpstr(names->str, ==,
                    "u8 u16 u32 u64 link strong-link x slot[1] "
                    "name flag mode type ");
    g_string_free(names, true);

    object_unref(obj);
}

static void test_tree_and_paths(void)
{
    Object *root = object_get_root();
    Object *a = object_new(TYPE_TEST_BASE);
    Object *b = object_new(TYPE_TEST_CHILD);
    Object *c = object_new(TYPE_TEST_BASE);
    Object *cont, *o;
    bool ambiguous;
    char *path;
    ObjectProperty *prop;

    g_assert_cmpstr(object_get_typename(root), ==, TYPE_CONTAINER);
    path = object_get_canonical_path(root);
    g_assert_cmpstr(path, ==, "/");
    g_free(path);

    /* Containers are created on demand. */
    cont = container_get(root, "/t1/box");
    g_assert_cmpstr(object_get_typename(cont), ==, TYPE_CONTAINER);
    g_assert(container_get(root, "t1/box") == cont);
    g_assert(object_resolve_path("/t1/box", NULL) == cont);
    g_assert(object_get_objects_root() ==
             object_resolve_path("/objects", NULL));
    g_assert_null(object_get_internal_root()->parent);

    g_assert_null(object_get_canonical_path(a));
    g_assert_null(object_get_canonical_path_component(a));

    prop = object_property_add_child(cont, "a", a);
    g_assert_cmpstr(prop->type, ==, "child<test-base>");
    object_property_add_child(a, "b", b);
    object_property_add_child(cont, "c", c);
    object_unref(a);
    object_unref(b);
    object_unref(c);
    g_assert(a->parent == cont);
    path = object_get_canonical_path(b);
    g_assert_cmpstr(path, ==, "/t1/box/a/b");
    g_free(path);
    g_assert_cmpstr(object_get_canonical_path_component(b), ==, "b");

    /* Absolute and partial paths. */
    g_assert(object_resolve_path("/t1/box/a/b", &ambiguous) == b);
    g_assert_false(ambiguous);
    g_assert(object_resolve_path("box/a/b", &ambiguous) == b);
    g_assert(object_resolve_path("a/b", NULL) == b);
    g_assert_null(object_resolve_path("/t1/box/zz", &ambiguous));
    g_assert_false(ambiguous);
    g_assert(object_resolve_path_type("b", TYPE_TEST_CHILD, NULL) == b);
    g_assert_null(object_resolve_path_type("/t1/box/c", TYPE_TEST_CHILD,
                                           NULL));
    g_assert(object_resolve_path_at(cont, "a/b") == b);
    g_assert(object_resolve_path_at(cont, "/t1/box/c") == c);
    g_assert(object_resolve_path_component(cont, "c") == c);

    /* "c" exists at two places: partial path is ambiguous. */
    {
        Object *c2 = object_new(TYPE_TEST_BASE);

        object_property_add_child(b, "c", c2);
        object_unref(c2);
        g_assert_null(object_resolve_path("c", &ambiguous));
        g_assert_true(ambiguous);
        g_assert(object_resolve_path("b/c", &ambiguous) == c2);
        g_assert_false(ambiguous);
    }

    /* Children property value is the canonical path. */
    {
        char *s = object_property_get_str(cont, "a", &error_abort);

        g_assert_cmpstr(s, ==, "/t1/box/a");
        g_free(s);
    }

    /* Unparent drops the subtree. */
    object_ref(a);
    object_unparent(a);
    g_assert_null(a->parent);
    g_assert_null(object_resolve_path("/t1/box/a", NULL));
    g_assert_null(object_property_find(cont, "a"));
    g_assert(object_resolve_path("/t1/box/c", NULL) == c);
    object_unref(a);

    o = object_resolve_path("/t1", NULL);
    object_unparent(o);
    g_assert_null(object_resolve_path("/t1/box/c", NULL));
}

static int count_child(Object *child, void *opaque)
{
    (*(int *)opaque)++;
    return 0;
}

static int stop_at_second(Object *child, void *opaque)
{
    return ++(*(int *)opaque) == 2 ? 99 : 0;
}

static void test_child_foreach(void)
{
    Object *cont = container_get(object_get_root(), "/t2");
    int n = 0;

    container_get(cont, "x/y");
    container_get(cont, "z");
    g_assert_cmpint(object_child_foreach(cont, count_child, &n), ==, 0);
    g_assert_cmpint(n, ==, 2);
    n = 0;
    object_child_foreach_recursive(cont, count_child, &n);
    g_assert_cmpint(n, ==, 3);
    n = 0;
    g_assert_cmpint(object_child_foreach(cont, stop_at_second, &n), ==, 99);
    object_unparent(cont);
}

static void test_links(void)
{
    Object *cont = container_get(object_get_root(), "/t3");
    Object *owner = object_new(TYPE_TEST_BASE);
    Object *target = object_new(TYPE_TEST_BASE);
    Object *forbidden = object_new(TYPE_TEST_BASE);
    Object *other = object_new(TYPE_TEST_UC);
    TestBase *ob = TEST_BASE(owner);
    Error *err = NULL;
    char *s;

    object_property_add_child(cont, "owner", owner);
    object_property_add_child(cont, "target", target);
    object_property_add_child(cont, "forbidden", forbidden);
    object_property_add_child(cont, "other", other);
    object_unref(owner);
    object_unref(target);
    object_unref(forbidden);
    object_unref(other);
    object_property_set_str(forbidden, "name", "forbidden", &error_abort);

    g_assert_cmpstr(object_property_get_type(owner, "link", NULL), ==,
                    "link<test-base>");
    s = object_property_get_str(owner, "link", &error_abort);
    g_assert_cmpstr(s, ==, "");
    g_free(s);

    g_assert_true(object_property_set_link(owner, "link", target,
                                           &error_abort));
    g_assert(ob->link == target);
    g_assert(object_property_get_link(owner, "link", &error_abort) ==
             target);
    s = object_property_get_str(owner, "link", &error_abort);
    g_assert_cmpstr(s, ==, "/t3/target");
    g_free(s);
    /* Links resolve as path components. */
    g_assert(object_resolve_path("/t3/owner/link", NULL) == target);

    /* The check refuses, the old target stays. */
    g_assert_false(object_property_set_link(owner, "link", forbidden,
                                            &err));
    assert_error(err, "link 'link' refuses this target");
    err = NULL;
    g_assert(ob->link == target);

    /* Wrong type, unknown path. */
    g_assert_false(object_property_set_str(owner, "link", "/t3/other",
                                           &err));
    assert_error(err, "Invalid parameter type for 'link', expected: "
                 "test-base");
    err = NULL;
    g_assert_false(object_property_set_str(owner, "link", "/t3/none",
                                           &err));
    assert_error(err, "Device '/t3/none' not found");
    err = NULL;

    /* Clearing. */
    g_assert_true(object_property_set_str(owner, "link", "", &error_abort));
    g_assert_null(ob->link);

    /* Strong links hold a reference. */
    g_assert_cmpint(target->ref, ==, 1);
    object_property_set_link(owner, "strong-link", target, &error_abort);
    g_assert_cmpint(target->ref, ==, 2);
    object_property_set_link(owner, "strong-link", other, &error_abort);
    g_assert_cmpint(target->ref, ==, 1);
    object_property_set_link(owner, "strong-link", target, &error_abort);

    /* Const link: read-only. */
    object_property_add_const_link(owner, "fixed", other);
    g_assert(object_property_get_link(owner, "fixed", &error_abort) ==
             other);
    g_assert_false(object_property_set_link(owner, "fixed", target, &err));
    assert_error(err, "Property 'test-base.fixed' is not writable");
    err = NULL;

    /* Alias of a plain property and of a child. */
    object_property_add_alias(owner, "alias-name", target, "name");
    object_property_set_str(owner, "alias-name", "via-alias", &error_abort);
    g_assert_cmpstr(TEST_BASE(target)->name, ==, "via-alias");
    g_assert_cmpstr(object_property_get_type(owner, "alias-name", NULL), ==,
                    "string");
    object_property_add_alias(owner, "alias-child", cont, "target");
    g_assert_cmpstr(object_property_get_type(owner, "alias-child", NULL), ==,
                    "link<test-base>");
    g_assert(object_resolve_path("/t3/owner/alias-child", NULL) == target);
    object_property_add_alias(owner, "alias-flag", target, "flag");
    g_assert_nonnull(object_property_find(owner, "alias-flag")->defval);

    /* Deleting the owner drops the strong reference. */
    object_property_set_link(owner, "strong-link", target, &error_abort);
    g_assert_cmpint(target->ref, ==, 2);
    object_unparent(owner);
    g_assert_cmpint(target->ref, ==, 1);
    object_unparent(cont);
}

static void test_new_with_props(void)
{
    Object *cont = container_get(object_get_root(), "/t4");
    Error *err = NULL;
    Object *obj;

    obj = object_new_with_props(TYPE_TEST_BASE, cont, "o1", &error_abort,
                                "name", "hello", "u8", "9", "flag", "off",
                                NULL);
    g_assert_nonnull(obj);
    g_assert(object_resolve_path("/t4/o1", NULL) == obj);
    g_assert_cmpstr(TEST_BASE(obj)->name, ==, "hello");
    g_assert_cmpuint(TEST_BASE(obj)->u8, ==, 9);
    g_assert_false(TEST_BASE(obj)->flag);
    g_assert_cmpint(obj->ref, ==, 1);

    g_assert_null(object_new_with_props(TYPE_TEST_BASE, cont, "o2", &err,
                                        "u8", "999", NULL));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(object_resolve_path("/t4/o2", NULL));

    g_assert_null(object_new_with_props("nope", cont, "o3", &err, NULL));
    assert_error(err, "invalid object type: nope");
    err = NULL;
    g_assert_null(object_new_with_props(TYPE_TEST_ABSTRACT, cont, "o3", &err,
                                        NULL));
    assert_error(err, "object type 'test-abstract' is abstract");
    err = NULL;

    /* Duplicate child name. */
    g_assert_null(object_new_with_props(TYPE_TEST_BASE, cont, "o1", &err,
                                        NULL));
    assert_error(err, "attempt to add duplicate property 'o1' to object "
                 "(type 'container')");

    object_unparent(cont);
}

static void test_initialize_child(void)
{
    struct {
        TestBase parent;
        TestChild embedded;
    } *holder = g_malloc0(sizeof(*holder));
    Object *outer;
    char *log;

    object_initialize(&holder->parent, sizeof(holder->parent),
                      TYPE_TEST_BASE);
    outer = OBJECT(&holder->parent);
    object_initialize_child(outer, "inner", &holder->embedded,
                            TYPE_TEST_CHILD);
    g_assert(object_resolve_path_component(outer, "inner") ==
             OBJECT(&holder->embedded));
    g_assert_cmpint(OBJECT(&holder->embedded)->ref, ==, 1);
    g_free(trace_take());
    object_unref(outer);
    log = trace_take();
    g_assert_cmpstr(log, ==, "child-fin,base-fin,base-fin");
    g_free(log);
    g_free(holder);
}

static void test_user_creatable(void)
{
    Error *err = NULL;
    Object *obj;
    QDict *qdict;

    g_assert_true(user_creatable_add_from_str("test-uc,id=u1,size=5",
                                              &error_abort));
    obj = object_resolve_path("/objects/u1", NULL);
    g_assert_nonnull(obj);
    g_assert_true(TEST_UC(obj)->completed);
    g_assert_cmpuint(TEST_UC(obj)->size, ==, 5);

    /* JSON form. */
    g_assert_true(user_creatable_add_from_str(
                      "{\"qom-type\": \"test-uc\", \"id\": \"u2\", "
                      "\"size\": 6}", &error_abort));
    g_assert_cmpuint(TEST_UC(object_resolve_path("/objects/u2", NULL))->size,
                     ==, 6);

    /* Errors. */
    g_assert_false(user_creatable_add_from_str("test-uc,id=u1", &err));
    assert_error(err, "attempt to add duplicate property 'u1' to object "
                 "(type 'container')");
    err = NULL;
    g_assert_false(user_creatable_add_from_str("test-uc,id=1bad", &err));
    assert_error(err, "Parameter 'id' expects an identifier");
    err = NULL;
    g_assert_false(user_creatable_add_from_str("test-uc,id=a b", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_false(user_creatable_add_from_str("nope,id=x", &err));
    assert_error(err, "invalid object type: nope");
    err = NULL;
    g_assert_false(user_creatable_add_from_str("test-base,id=x", &err));
    assert_error(err, "object type 'test-base' isn't supported by "
                 "object-add");
    err = NULL;
    g_assert_false(user_creatable_add_from_str("test-uc,size=1", &err));
    assert_error(err, "Parameter 'id' is missing");
    err = NULL;
    g_assert_false(user_creatable_add_from_str("test-uc,id=u3,size=x",
                                               &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_false(user_creatable_add_from_str("test-uc,id=u3,bogus=1",
                                               &err));
    assert_error(err, "Property 'test-uc.bogus' not found");
    err = NULL;
    /* complete() fails: nothing is left behind. */
    g_assert_false(user_creatable_add_from_str("test-uc,id=u3,size=13",
                                               &err));
    assert_error(err, "size 13 is unlucky");
    err = NULL;
    g_assert_null(object_resolve_path("/objects/u3", NULL));
    g_assert_false(user_creatable_add_from_str("{\"qom-type\": ", &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;

    /* QMP object-add: top-level and legacy "props" forms. */
    qdict = qdict_new();
    qdict_put_str(qdict, "qom-type", "test-uc");
    qdict_put_str(qdict, "id", "u4");
    qdict_put_int(qdict, "size", 8);
    qmp_object_add(qdict, NULL, &error_abort);
    qobject_unref(qdict);
    g_assert_cmpuint(TEST_UC(object_resolve_path("/objects/u4", NULL))->size,
                     ==, 8);
    qdict = qdict_from_jsonf_nofail("{'qom-type': 'test-uc', 'id': 'u5', "
                                    "'props': {'size': 9}}");
    qmp_object_add(qdict, NULL, &error_abort);
    qobject_unref(qdict);
    g_assert_cmpuint(TEST_UC(object_resolve_path("/objects/u5", NULL))->size,
                     ==, 9);

    /* Deletion. */
    g_assert_false(user_creatable_del("nothere", &err));
    assert_error(err, "object 'nothere' not found");
    err = NULL;
    TEST_UC(object_resolve_path("/objects/u2", NULL))->in_use = true;
    g_assert_false(user_creatable_del("u2", &err));
    assert_error(err, "object 'u2' is in use, can not be deleted");
    err = NULL;
    TEST_UC(object_resolve_path("/objects/u2", NULL))->in_use = false;
    qmp_object_del("u2", &error_abort);
    g_assert_null(object_resolve_path("/objects/u2", NULL));
    g_assert_true(user_creatable_del("u1", &error_abort));

    user_creatable_cleanup();
    g_assert_null(object_resolve_path("/objects/u4", NULL));
}

static void test_id_wellformed(void)
{
    g_assert_true(qom_id_wellformed("a"));
    g_assert_true(qom_id_wellformed("a1-b.c_d"));
    g_assert_false(qom_id_wellformed(""));
    g_assert_false(qom_id_wellformed("1a"));
    g_assert_false(qom_id_wellformed("_a"));
    g_assert_false(qom_id_wellformed("a/b"));
    g_assert_false(qom_id_wellformed("a,b"));
}

static void test_object_help(void)
{
    if (g_test_subprocess()) {
        g_assert_false(user_creatable_add_from_str("help", &error_abort));
        g_assert_false(user_creatable_add_from_str("test-uc,help",
                                                   &error_abort));
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("*List of user creatable objects:\n*"
                              "  test-uc\n*test-uc options:\n"
                              "  size=<uint32>          "
                              "- how big (default: 4)\n*");
}

static void test_qmp_commands(void)
{
    Object *cont = container_get(object_get_root(), "/t5");
    Object *obj = object_new(TYPE_TEST_CHILD);
    ObjectPropertyInfoList *props, *p;
    ObjectTypeInfoList *types, *t;
    Error *err = NULL;
    QObject *val;
    bool found = false;

    object_property_add_child(cont, "obj", obj);
    object_unref(obj);

    props = qmp_qom_list("/t5/obj", &error_abort);
    for (p = props; p; p = p->next) {
        if (!strcmp(p->value->name, "name")) {
            g_assert_cmpstr(p->value->type, ==, "string");
            found = true;
        }
    }
    g_assert_true(found);
    qapi_free_ObjectPropertyInfoList(props);

    g_assert_null(qmp_qom_list("/t5/none", &err));
    assert_error(err, "Device '/t5/none' not found");
    err = NULL;

    val = QOBJECT(qstring_from_str("set-by-qmp"));
    qmp_qom_set("/t5/obj", "name", val, &error_abort);
    qobject_unref(val);
    val = qmp_qom_get("obj", "name", &error_abort);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, val)), ==,
                    "set-by-qmp");
    qobject_unref(val);
    val = QOBJECT(qnum_from_int(3));
    qmp_qom_set("/t5/obj", "name", val, &err);
    qobject_unref(val);
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(qmp_qom_get("/t5/obj", "nope", &err));
    assert_error(err, "Property 'test-child.nope' not found");
    err = NULL;

    types = qmp_qom_list_types(TYPE_TEST_BASE, true, true, &error_abort);
    found = false;
    for (t = types; t; t = t->next) {
        if (!strcmp(t->value->name, TYPE_TEST_ABSTRACT)) {
            g_assert_true(t->value->abstract);
            g_assert_cmpstr(t->value->parent, ==, TYPE_TEST_BASE);
            found = true;
        }
        g_assert_nonnull(object_class_dynamic_cast(
                             object_class_by_name(t->value->name),
                             TYPE_TEST_BASE));
    }
    g_assert_true(found);
    qapi_free_ObjectTypeInfoList(types);

    props = qmp_qom_list_properties(TYPE_TEST_BASE, &error_abort);
    found = false;
    for (p = props; p; p = p->next) {
        if (!strcmp(p->value->name, "mode")) {
            g_assert_cmpstr(p->value->type, ==, "TestMode");
            g_assert_cmpstr(qstring_get_str(qobject_to(QString,
                                              p->value->default_value)),
                            ==, "low");
            found = true;
        }
    }
    g_assert_true(found);
    qapi_free_ObjectPropertyInfoList(props);
    /* Abstract: class properties only. */
    props = qmp_qom_list_properties(TYPE_TEST_ABSTRACT, &error_abort);
    g_assert_nonnull(props);
    qapi_free_ObjectPropertyInfoList(props);
    g_assert_null(qmp_qom_list_properties("nope", &err));
    assert_error(err, "Class 'nope' not found");
    err = NULL;
    g_assert_null(qmp_qom_list_properties(TYPE_TEST_IFACE, &err));
    assert_error(err, "Parameter 'typename' expects object");

    object_unparent(cont);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);

    g_test_add_func("/qom/types-and-casts", test_types_and_casts);
    g_test_add_func("/qom/init-order-refcount", test_init_order_and_refcount);
    g_test_add_func("/qom/props/basic", test_props_basic);
    g_test_add_func("/qom/props/dynamic", test_props_dynamic);
    g_test_add_func("/qom/tree-and-paths", test_tree_and_paths);
    g_test_add_func("/qom/child-foreach", test_child_foreach);
    g_test_add_func("/qom/links-and-aliases", test_links);
    g_test_add_func("/qom/new-with-props", test_new_with_props);
    g_test_add_func("/qom/initialize-child", test_initialize_child);
    g_test_add_func("/qom/user-creatable", test_user_creatable);
    g_test_add_func("/qom/id-wellformed", test_id_wellformed);
    g_test_add_func("/qom/object-help", test_object_help);
    g_test_add_func("/qom/qmp", test_qmp_commands);
    return g_test_run();
}
