/*
 * Tests for QObject values: QNull, QNum, QString, QBool, QList, QDict,
 * and the flat-dict helpers.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qlit.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/* Compact JSON of @obj, for compact assertions. g_free() the result. */
static char *to_json(const void *obj)
{
    return g_string_free(qobject_to_json(obj), false);
}

#define assert_json(obj, expected) do {                 \
        char *json_ = to_json(QOBJECT(obj));            \
        g_assert_cmpstr(json_, ==, (expected));         \
        g_free(json_);                                  \
    } while (0)

static QDict *dict_from_json(const char *json)
{
    QObject *obj = qobject_from_json(json, &error_abort);
    QDict *dict = qobject_to(QDict, obj);

    g_assert_nonnull(dict);
    return dict;
}

static void test_qnull(void)
{
    QNull *n = qnull();
    size_t refs = qnull_.base.refcnt;

    g_assert(n == &qnull_);
    g_assert_cmpint(qobject_type(QOBJECT(n)), ==, QTYPE_QNULL);
    g_assert(qobject_ref(n) == n);
    g_assert_cmpuint(qnull_.base.refcnt, ==, refs + 1);
    qobject_unref(n);
    qobject_unref(n);
    g_assert_cmpuint(qnull_.base.refcnt, ==, refs - 1);
    g_assert_true(qobject_is_equal(QOBJECT(&qnull_), QOBJECT(&qnull_)));
}

static void test_qnum(void)
{
    g_autoptr(QNum) i = qnum_from_int(-42);
    g_autoptr(QNum) u = qnum_from_uint(UINT64_MAX);
    g_autoptr(QNum) small_u = qnum_from_uint(42);
    g_autoptr(QNum) d = qnum_from_double(0.1);
    g_autoptr(QNum) i42 = qnum_from_int(42);
    g_autoptr(QNum) d42 = qnum_from_double(42);
    int64_t iv;
    uint64_t uv;
    char *s;

    g_assert_cmpint(i->kind, ==, QNUM_I64);
    g_assert_cmpint(qnum_get_int(i), ==, -42);
    g_assert_false(qnum_get_try_uint(i, &uv));
    g_assert_cmpfloat(qnum_get_double(i), ==, -42.0);

    g_assert_cmpint(u->kind, ==, QNUM_U64);
    g_assert_cmpuint(qnum_get_uint(u), ==, UINT64_MAX);
    g_assert_false(qnum_get_try_int(u, &iv));
    g_assert_true(qnum_get_try_int(small_u, &iv));
    g_assert_cmpint(iv, ==, 42);

    g_assert_false(qnum_get_try_int(d, &iv));
    g_assert_false(qnum_get_try_uint(d, &uv));
    g_assert_cmpfloat(qnum_get_double(d), ==, 0.1);

    s = qnum_to_string(i);
    g_assert_cmpstr(s, ==, "-42");
    g_free(s);
    s = qnum_to_string(u);
    g_assert_cmpstr(s, ==, "18446744073709551615");
    g_free(s);
    s = qnum_to_string(d);
    g_assert_cmpstr(s, ==, "0.10000000000000001");
    g_free(s);
    s = qnum_to_string(d42);
    g_assert_cmpstr(s, ==, "42");
    g_free(s);

    /* ints compare by value across kinds; doubles never equal ints */
    g_assert_true(qobject_is_equal(QOBJECT(i42), QOBJECT(small_u)));
    g_assert_false(qobject_is_equal(QOBJECT(i42), QOBJECT(d42)));
    g_assert_false(qobject_is_equal(QOBJECT(i), QOBJECT(u)));
    g_assert_false(qobject_is_equal(QOBJECT(i42), NULL));
    g_assert_true(qobject_is_equal(NULL, NULL));
}

static void test_qstring(void)
{
    g_autoptr(QString) empty = qstring_new();
    g_autoptr(QString) s = qstring_from_str("hello");
    g_autoptr(QString) sub = qstring_from_substr("abcdef", 1, 4);
    GString *g = g_string_new("from ");
    g_autoptr(QString) gs = NULL;

    g_string_append(g, "gstring");
    gs = qstring_from_gstring(g);
    g_assert_cmpstr(qstring_get_str(empty), ==, "");
    g_assert_cmpstr(qstring_get_str(s), ==, "hello");
    g_assert_cmpstr(qstring_get_str(sub), ==, "bcd");
    g_assert_cmpstr(qstring_get_str(gs), ==, "from gstring");
    g_assert_cmpstr(qobject_get_try_str(QOBJECT(s)), ==, "hello");
    g_assert_null(qobject_to(QNum, QOBJECT(s)));
    g_assert(qobject_to(QString, QOBJECT(s)) == s);
    g_assert_null(qobject_to(QString, NULL));
}

static void test_qbool(void)
{
    g_autoptr(QBool) t = qbool_from_bool(true);
    g_autoptr(QBool) f = qbool_from_bool(false);
    g_autoptr(QBool) t2 = qbool_from_bool(true);

    g_assert_true(qbool_get_bool(t));
    g_assert_false(qbool_get_bool(f));
    g_assert_true(qobject_is_equal(QOBJECT(t), QOBJECT(t2)));
    g_assert_false(qobject_is_equal(QOBJECT(t), QOBJECT(f)));
    g_assert_cmpint(qobject_type(QOBJECT(t)), ==, QTYPE_QBOOL);
}

static void test_qlist(void)
{
    QList *list = qlist_new();
    QList *copy;
    const QListEntry *e;
    QObject *obj;
    int n = 0;

    g_assert_true(qlist_empty(list));
    g_assert_null(qlist_peek(list));
    g_assert_null(qlist_pop(list));

    qlist_append_int(list, 1);
    qlist_append_str(list, "two");
    qlist_append_bool(list, true);
    qlist_append_null(list);
    qlist_append(list, qnum_from_double(1.5));
    g_assert_cmpuint(qlist_size(list), ==, 5);
    g_assert_false(qlist_empty(list));
    assert_json(list, "[1, \"two\", true, null, 1.5]");

    QLIST_FOREACH_ENTRY(list, e) {
        g_assert_nonnull(qlist_entry_obj(e));
        n++;
    }
    g_assert_cmpint(n, ==, 5);

    copy = qlist_copy(list);
    g_assert_true(qobject_is_equal(QOBJECT(copy), QOBJECT(list)));

    obj = qlist_pop(list);
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, obj)), ==, 1);
    qobject_unref(obj);
    g_assert_cmpuint(qlist_size(list), ==, 4);
    g_assert_cmpstr(qobject_get_try_str(qlist_peek(list)), ==, "two");
    g_assert_false(qobject_is_equal(QOBJECT(copy), QOBJECT(list)));

    /* the copy keeps its own references */
    qobject_unref(list);
    assert_json(copy, "[1, \"two\", true, null, 1.5]");
    qobject_unref(copy);
}

static void test_qdict_basic(void)
{
    QDict *d = qdict_new();
    QDict *sub = qdict_new();
    QList *l = qlist_new();
    const QDictEntry *e;
    const char *order[] = { "int", "str", "bool", "null", "sub", "list" };
    int i = 0;

    qdict_put_int(d, "int", -7);
    qdict_put_str(d, "str", "text");
    qdict_put_bool(d, "bool", true);
    qdict_put_null(d, "null");
    qdict_put_int(sub, "x", 1);
    qdict_put(d, "sub", sub);
    qdict_put(d, "list", l);
    g_assert_cmpuint(qdict_size(d), ==, 6);

    g_assert_cmpint(qdict_get_int(d, "int"), ==, -7);
    g_assert_cmpfloat(qdict_get_double(d, "int"), ==, -7.0);
    g_assert_cmpstr(qdict_get_str(d, "str"), ==, "text");
    g_assert_true(qdict_get_bool(d, "bool"));
    g_assert(qdict_get_qdict(d, "sub") == sub);
    g_assert(qdict_get_qlist(d, "list") == l);
    g_assert_null(qdict_get_qdict(d, "str"));
    g_assert_null(qdict_get_qlist(d, "missing"));
    g_assert_true(qdict_haskey(d, "null"));
    g_assert_false(qdict_haskey(d, "missing"));
    g_assert_null(qdict_get(d, "missing"));

    /* try getters fall back on missing keys and wrong types */
    g_assert_cmpint(qdict_get_try_int(d, "int", 5), ==, -7);
    g_assert_cmpint(qdict_get_try_int(d, "str", 5), ==, 5);
    g_assert_cmpint(qdict_get_try_int(d, "missing", 5), ==, 5);
    g_assert_true(qdict_get_try_bool(d, "bool", false));
    g_assert_false(qdict_get_try_bool(d, "int", false));
    g_assert_cmpstr(qdict_get_try_str(d, "str"), ==, "text");
    g_assert_null(qdict_get_try_str(d, "int"));
    g_assert_null(qdict_get_try_str(d, "missing"));

    /* iteration follows insertion order */
    for (e = qdict_first(d); e; e = qdict_next(d, e)) {
        g_assert_cmpstr(qdict_entry_key(e), ==, order[i++]);
        g_assert_nonnull(qdict_entry_value(e));
    }
    g_assert_cmpint(i, ==, 6);

    /* replacing keeps the position */
    qdict_put_str(d, "int", "now a string");
    g_assert_cmpuint(qdict_size(d), ==, 6);
    assert_json(d, "{\"int\": \"now a string\", \"str\": \"text\", "
                "\"bool\": true, \"null\": null, \"sub\": {\"x\": 1}, "
                "\"list\": []}");

    qdict_del(d, "str");
    qdict_del(d, "missing");
    g_assert_cmpuint(qdict_size(d), ==, 5);
    g_assert_false(qdict_haskey(d, "str"));
    qobject_unref(d);
}

static void test_qdict_del_while_iterating(void)
{
    QDict *d = qdict_new();
    const QDictEntry *e, *next;
    int i;

    for (i = 0; i < 100; i++) {
        char key[16];

        snprintf(key, sizeof(key), "k%d", i);
        qdict_put_int(d, key, i);
    }
    for (e = qdict_first(d); e; e = next) {
        next = qdict_next(d, e);
        if (qnum_get_int(qobject_to(QNum, e->value)) % 2) {
            qdict_del(d, e->key);
        }
    }
    g_assert_cmpuint(qdict_size(d), ==, 50);
    g_assert_true(qdict_haskey(d, "k98"));
    g_assert_false(qdict_haskey(d, "k99"));
    qobject_unref(d);
}

static void test_qdict_refs_equal_clone(void)
{
    QDict *a = dict_from_json("{'x': 1, 'y': {'z': [1, 2]}}");
    QDict *b = dict_from_json("{'y': {'z': [1, 2]}, 'x': 1}");
    QDict *c = dict_from_json("{'y': {'z': [1, 3]}, 'x': 1}");
    QDict *clone;
    QDict *y = qdict_get_qdict(a, "y");

    /* order does not matter for equality */
    g_assert_true(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(c)));

    clone = qdict_clone_shallow(a);
    g_assert_true(qobject_is_equal(QOBJECT(a), QOBJECT(clone)));
    g_assert(qdict_get_qdict(clone, "y") == y);     /* shallow */
    g_assert_cmpuint(y->base.refcnt, ==, 2);
    qobject_unref(a);
    g_assert_cmpuint(y->base.refcnt, ==, 1);
    assert_json(clone, "{\"x\": 1, \"y\": {\"z\": [1, 2]}}");

    qobject_unref(b);
    qobject_unref(c);
    qobject_unref(clone);
}

static void test_qdict_defaults_join(void)
{
    QDict *dst = dict_from_json("{'a': 1}");
    QDict *src = dict_from_json("{'a': 2, 'b': 3}");

    qdict_copy_default(dst, src, "a");
    qdict_copy_default(dst, src, "b");
    qdict_copy_default(dst, src, "c");
    qdict_set_default_str(dst, "a", "no");
    qdict_set_default_str(dst, "s", "yes");
    assert_json(dst, "{\"a\": 1, \"b\": 3, \"s\": \"yes\"}");

    /* join without overwrite leaves clashing keys in src */
    qdict_join(dst, src, false);
    assert_json(dst, "{\"a\": 1, \"b\": 3, \"s\": \"yes\"}");
    assert_json(src, "{\"a\": 2, \"b\": 3}");
    qdict_join(dst, src, true);
    assert_json(dst, "{\"a\": 2, \"b\": 3, \"s\": \"yes\"}");
    g_assert_cmpuint(qdict_size(src), ==, 0);
    qobject_unref(dst);
    qobject_unref(src);
}

static void test_qdict_extract_array(void)
{
    QDict *src = dict_from_json("{'file.filename': 'x', 'file.ro': 'on', "
                                "'id': 'd'}");
    QDict *sub;
    QList *list;
    int n;

    qdict_extract_subqdict(src, &sub, "file.");
    assert_json(sub, "{\"filename\": \"x\", \"ro\": \"on\"}");
    assert_json(src, "{\"id\": \"d\"}");
    qobject_unref(sub);
    qobject_unref(src);

    src = dict_from_json("{'0.a': 1, '0.b': 2, '1': 'plain', '3': 'gap', "
                         "'other': true}");
    qdict_array_split(src, &list);
    assert_json(list, "[{\"a\": 1, \"b\": 2}, \"plain\"]");
    assert_json(src, "{\"3\": \"gap\", \"other\": true}");
    qobject_unref(list);
    qobject_unref(src);

    src = dict_from_json("{'x.0.a': 1, 'x.0.b': 2, 'x.1': 3, 'y': 4}");
    g_assert_cmpint(qdict_array_entries(src, "x."), ==, 2);
    qobject_unref(src);

    /* an index both plain and a prefix is an error */
    src = dict_from_json("{'x.0': 1, 'x.0.a': 2}");
    g_assert_cmpint(qdict_array_entries(src, "x."), ==, -EINVAL);
    qobject_unref(src);

    /* stray keys under the prefix are an error */
    src = dict_from_json("{'x.0': 1, 'x.foo': 2}");
    n = qdict_array_entries(src, "x.");
    g_assert_cmpint(n, ==, -EINVAL);
    qobject_unref(src);

    src = dict_from_json("{'0': 1, '1': 2}");
    g_assert_cmpint(qdict_array_entries(src, ""), ==, 2);
    qobject_unref(src);
}

static void test_qdict_flatten_crumple(void)
{
    QDict *d = dict_from_json("{'a': {'b': 1, 'c': {'d': 'x'}}, "
                              "'l': [1, {'m': 2}], 'e': {}, 'el': [], "
                              "'s': 's'}");
    QObject *crumpled;
    QDict *flat;
    Error *err = NULL;

    qdict_flatten(d);
    assert_json(d, "{\"a.b\": 1, \"a.c.d\": \"x\", \"l.0\": 1, "
                "\"l.1.m\": 2, \"e\": {}, \"el\": [], \"s\": \"s\"}");
    qobject_unref(d);

    flat = dict_from_json("{'a.b': 1, 'a.c.d': 'x', 'l.0': 1, 'l.1.m': 2, "
                          "'s': 's', 'dot..ted': 3}");
    crumpled = qdict_crumple(flat, &error_abort);
    assert_json(crumpled, "{\"a\": {\"b\": 1, \"c\": {\"d\": \"x\"}}, "
                "\"l\": [1, {\"m\": 2}], \"s\": \"s\", \"dot.ted\": 3}");
    qobject_unref(crumpled);
    qobject_unref(flat);

    /* a top-level list */
    flat = dict_from_json("{'1': 'b', '0': 'a'}");
    crumpled = qdict_crumple(flat, &error_abort);
    assert_json(crumpled, "[\"a\", \"b\"]");
    qobject_unref(crumpled);
    qobject_unref(flat);

    flat = dict_from_json("{'a': 1, 'a.b': 2}");
    g_assert_null(qdict_crumple(flat, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Key a prefix is already set as a scalar");
    error_free(err);
    err = NULL;
    qobject_unref(flat);

    flat = dict_from_json("{'a.b': 1, 'a': 2}");
    g_assert_null(qdict_crumple(flat, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Key a prefix is already set as a dict");
    error_free(err);
    err = NULL;
    qobject_unref(flat);

    flat = dict_from_json("{'a.0': 1, 'a.x': 2}");
    g_assert_null(qdict_crumple(flat, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Cannot mix list and non-list keys");
    error_free(err);
    err = NULL;
    qobject_unref(flat);

    flat = dict_from_json("{'a.0': 1, 'a.2': 2}");
    g_assert_null(qdict_crumple(flat, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Missing list index 1");
    error_free(err);
    err = NULL;
    qobject_unref(flat);

    flat = dict_from_json("{'a': {'b': 1}}");
    g_assert_null(qdict_crumple(flat, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Value a is not flat");
    error_free(err);
    qobject_unref(flat);
}

static void test_qdict_rename(void)
{
    static const QDictRenames renames[] = {
        { "old", "new" },
        { "absent", "whatever" },
        { NULL, NULL }
    };
    QDict *d = dict_from_json("{'old': 1, 'keep': 2}");
    Error *err = NULL;

    g_assert_true(qdict_rename_keys(d, renames, &error_abort));
    assert_json(d, "{\"keep\": 2, \"new\": 1}");
    qobject_unref(d);

    d = dict_from_json("{'old': 1, 'new': 2}");
    g_assert_false(qdict_rename_keys(d, renames, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "'new' and its alias 'old' can't be used at the same "
                    "time");
    error_free(err);
    qobject_unref(d);
}

static void test_refcount_macros(void)
{
    QDict *d = qdict_new();
    QString *s = qstring_from_str("x");

    /* qobject_ref returns its argument with its own type */
    qdict_put(d, "a", qobject_ref(s));
    qdict_put(d, "b", s);
    g_assert_cmpuint(s->base.refcnt, ==, 2);
    qdict_del(d, "a");
    g_assert_cmpuint(s->base.refcnt, ==, 1);
    qobject_unref(d);

    /* unref of NULL is fine */
    qobject_unref((QDict *)NULL);

    g_assert_cmpstr(qobject_type_name(QTYPE_QDICT), ==, "dict");
}

static QLitObject qlit = QLIT_QDICT(((QLitDictEntry[]) {
    { "foo", QLIT_QNUM(42) },
    { "bar", QLIT_QSTR("hello world") },
    { "baz", QLIT_QNULL },
    { "bee", QLIT_QLIST(((QLitObject[]) {
        QLIT_QNUM(43),
        QLIT_QNUM(44),
        QLIT_QBOOL(true),
        { }
    }))},
    { }
}));

static void test_qlit(void)
{
    QObject *obj = qobject_from_qlit(&qlit);
    QDict *d;

    assert_json(obj, "{\"foo\": 42, \"bar\": \"hello world\", "
                "\"baz\": null, \"bee\": [43, 44, true]}");
    g_assert_true(qlit_equal_qobject(&qlit, obj));

    d = qobject_to(QDict, obj);
    qdict_put_int(d, "extra", 1);
    g_assert_false(qlit_equal_qobject(&qlit, obj));
    qdict_del(d, "extra");
    qdict_put_int(d, "foo", 41);
    g_assert_false(qlit_equal_qobject(&qlit, obj));
    qdict_put_int(d, "foo", 42);
    qlist_append_int(qdict_get_qlist(d, "bee"), 45);
    g_assert_false(qlit_equal_qobject(&qlit, obj));
    qobject_unref(obj);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qobject/qnull", test_qnull);
    g_test_add_func("/qobject/qnum", test_qnum);
    g_test_add_func("/qobject/qstring", test_qstring);
    g_test_add_func("/qobject/qbool", test_qbool);
    g_test_add_func("/qobject/qlist", test_qlist);
    g_test_add_func("/qobject/qdict/basic", test_qdict_basic);
    g_test_add_func("/qobject/qdict/del-iterating",
                    test_qdict_del_while_iterating);
    g_test_add_func("/qobject/qdict/equal-clone",
                    test_qdict_refs_equal_clone);
    g_test_add_func("/qobject/qdict/defaults-join", test_qdict_defaults_join);
    g_test_add_func("/qobject/qdict/extract-array", test_qdict_extract_array);
    g_test_add_func("/qobject/qdict/flatten-crumple",
                    test_qdict_flatten_crumple);
    g_test_add_func("/qobject/qdict/rename", test_qdict_rename);
    g_test_add_func("/qobject/refcount", test_refcount_macros);
    g_test_add_func("/qobject/qlit", test_qlit);
    return g_test_run();
}
