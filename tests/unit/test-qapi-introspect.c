/*
 * Tests of the introspection data generated from the test schema (what
 * query-qmp-schema returns).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "test-qapi-introspect.h"

static QList *schema;
static GHashTable *by_name;

static QDict *lookup(const char *name)
{
    return g_hash_table_lookup(by_name, name);
}

/* Does the list of strings @list contain @str? */
static bool contains(QList *list, const char *str)
{
    const QListEntry *e;

    for (e = qlist_first(list); e; e = qlist_next(e)) {
        if (!strcmp(qstring_get_str(qobject_to(QString, qlist_entry_obj(e))),
                    str)) {
            return true;
        }
    }
    return false;
}

static void test_parse(void)
{
    const QListEntry *e;

    for (e = qlist_first(schema); e; e = qlist_next(e)) {
        QDict *info = qobject_to(QDict, qlist_entry_obj(e));
        const char *name;

        g_assert(info);
        name = qdict_get_str(info, "name");
        g_assert(name);
        g_assert(qdict_get_str(info, "meta-type"));
        /* every name occurs once */
        g_assert(!lookup(name));
        g_hash_table_insert(by_name, (char *)name, info);
    }
}

/* Every type name used is described */
static void check_ref(QDict *d, const char *key)
{
    const char *ref = qdict_get_try_str(d, key);

    if (ref) {
        g_assert(lookup(ref));
    }
}

static void test_references(void)
{
    const QListEntry *e, *m;

    for (e = qlist_first(schema); e; e = qlist_next(e)) {
        QDict *info = qobject_to(QDict, qlist_entry_obj(e));
        QList *members = qdict_get_qlist(info, "members");
        QList *variants = qdict_get_qlist(info, "variants");

        check_ref(info, "arg-type");
        check_ref(info, "ret-type");
        check_ref(info, "element-type");
        for (m = members ? qlist_first(members) : NULL; m;
             m = qlist_next(m)) {
            check_ref(qobject_to(QDict, qlist_entry_obj(m)), "type");
        }
        for (m = variants ? qlist_first(variants) : NULL; m;
             m = qlist_next(m)) {
            check_ref(qobject_to(QDict, qlist_entry_obj(m)), "type");
        }
    }
}

static void test_entities(void)
{
    QDict *d;
    QList *l;

    d = lookup("test-add");
    g_assert_cmpstr(qdict_get_str(d, "meta-type"), ==, "command");
    g_assert_cmpstr(qdict_get_str(d, "ret-type"), ==, "Sum");
    g_assert_cmpstr(qdict_get_str(d, "arg-type"), ==, "q_obj_test-add-arg");
    g_assert(!qdict_haskey(d, "allow-oob"));
    d = lookup("q_obj_test-add-arg");
    l = qdict_get_qlist(d, "members");
    g_assert_cmpint(qlist_size(l), ==, 2);
    d = qobject_to(QDict, qlist_entry_obj(qlist_next(qlist_first(l))));
    g_assert_cmpstr(qdict_get_str(d, "name"), ==, "b");
    g_assert(qdict_haskey(d, "default"));       /* optional */

    g_assert(qdict_get_bool(lookup("test-oob"), "allow-oob"));
    g_assert_cmpstr(qdict_get_str(lookup("test-ping"), "arg-type"), ==,
                    "q_empty");
    g_assert_cmpstr(qdict_get_str(lookup("test-points"), "ret-type"), ==,
                    "[Point]");
    l = qdict_get_qlist(lookup("test-deprecated"), "features");
    g_assert(contains(l, "deprecated") && contains(l, "unstable"));

    /* conditionals compiled out are absent */
    g_assert(!lookup("test-cond"));
    g_assert(!lookup("TEST_EVENT_COND"));
    l = qdict_get_qlist(lookup("Color"), "values");
    g_assert(contains(l, "blue"));
    g_assert(!contains(l, "never"));
    g_assert_cmpint(qlist_size(qdict_get_qlist(lookup("Color"), "members")),
                    ==, 3);
    g_assert_cmpint(qlist_size(qdict_get_qlist(lookup("Derived"),
                                               "members")), ==, 6);

    /* integer types are all 'int' */
    g_assert(lookup("int"));
    g_assert(!lookup("int8"));
    g_assert(lookup("[int]"));
    g_assert_cmpstr(qdict_get_str(lookup("int"), "json-type"), ==, "int");
    g_assert_cmpstr(qdict_get_str(lookup("any"), "json-type"), ==, "value");

    d = lookup("Figure");
    g_assert_cmpstr(qdict_get_str(d, "tag"), ==, "kind");
    g_assert_cmpint(qlist_size(qdict_get_qlist(d, "variants")), ==, 3);
    d = lookup("IntOrPoint");
    g_assert_cmpstr(qdict_get_str(d, "meta-type"), ==, "alternate");
    g_assert_cmpint(qlist_size(qdict_get_qlist(d, "members")), ==, 2);
    g_assert_cmpstr(qdict_get_str(lookup("TEST_EVENT_C"), "arg-type"), ==,
                    "Point");
    l = qdict_get_qlist(lookup("Vehicle"), "features");
    g_assert(contains(l, "vehicle-feature"));

    /* types no command or event uses are not described */
    g_assert(!lookup("LegacyNames"));
    g_assert(!lookup("Empty"));
}

int main(int argc, char **argv)
{
    QObject *obj;
    int ret;

    g_test_init(&argc, &argv, NULL);
    obj = qobject_from_json(test_qmp_schema_json, &error_abort);
    schema = qobject_to(QList, obj);
    g_assert(schema);
    by_name = g_hash_table_new(g_str_hash, g_str_equal);
    g_test_add_func("/introspect/parse", test_parse);
    g_test_add_func("/introspect/references", test_references);
    g_test_add_func("/introspect/entities", test_entities);
    ret = g_test_run();
    g_hash_table_destroy(by_name);
    qobject_unref(obj);
    return ret;
}
