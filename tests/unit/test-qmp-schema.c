/*
 * Tests of the real QMP schema: the generated command table and the
 * data query-qmp-schema returns agree and are well-formed.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/dispatch.h"
#include "qapi/qapi-init-commands.h"
#include "qapi/qapi-introspect.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"

static QmpCommandList cmds;
static GHashTable *schema_names;    /* name -> SchemaInfo QDict */

static QList *query_schema(void)
{
    QObject *req = qobject_from_json("{\"execute\": \"query-qmp-schema\","
                                     " \"id\": 1}", &error_abort);
    QDict *rsp = qmp_dispatch(&cmds, req, false, NULL);
    QList *ret;

    g_assert(rsp);
    g_assert(!qdict_haskey(rsp, "error"));
    ret = qdict_get_qlist(rsp, "return");
    g_assert(ret);
    qobject_ref(ret);
    qobject_unref(rsp);
    qobject_unref(req);
    return ret;
}

static void test_schema_parses(void)
{
    QList *schema = query_schema();
    QList *again = query_schema();
    const QListEntry *e;

    g_assert(!qlist_empty(schema));
    /* the parsed data is shared between calls */
    g_assert(schema == again);
    qobject_unref(again);
    for (e = qlist_first(schema); e; e = qlist_next(e)) {
        QDict *info = qobject_to(QDict, qlist_entry_obj(e));
        const char *name = qdict_get_try_str(info, "name");

        g_assert(name);
        g_assert(qdict_get_try_str(info, "meta-type"));
        g_assert(!g_hash_table_contains(schema_names, name));
        g_hash_table_insert(schema_names, g_strdup(name),
                            qobject_ref(info));
    }
    qobject_unref(schema);
    g_assert(g_hash_table_contains(schema_names, "query-qmp-schema"));
    g_assert(g_hash_table_contains(schema_names, "SchemaInfo"));
}

static void check_described(const QmpCommand *cmd, void *opaque)
{
    QDict *info = g_hash_table_lookup(schema_names, qmp_command_name(cmd));

    g_assert(info);
    g_assert_cmpstr(qdict_get_str(info, "meta-type"), ==, "command");
    g_assert(g_hash_table_contains(schema_names,
                                   qdict_get_str(info, "arg-type")));
    g_assert(g_hash_table_contains(schema_names,
                                   qdict_get_str(info, "ret-type")));
}

static void test_commands_described(void)
{
    const QmpCommand *cmd;

    qmp_for_each_command(&cmds, check_described, NULL);
    cmd = qmp_find_command(&cmds, "query-qmp-schema");
    g_assert(cmd && (cmd->options & QCO_ALLOW_PRECONFIG));
}

static void test_bad_arguments(void)
{
    QObject *req = qobject_from_json("{\"execute\": \"query-qmp-schema\","
                                     " \"arguments\": {\"x\": 1}}",
                                     &error_abort);
    QDict *rsp = qmp_dispatch(&cmds, req, false, NULL);

    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(rsp, "error"), "desc"), ==,
                    "Parameter 'x' is unexpected");
    qobject_unref(rsp);
    qobject_unref(req);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qmp_init_marshal(&cmds);
    schema_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)qobject_unref_impl);
    g_test_add_func("/qmp-schema/parses", test_schema_parses);
    g_test_add_func("/qmp-schema/commands", test_commands_described);
    g_test_add_func("/qmp-schema/bad-arguments", test_bad_arguments);
    ret = g_test_run();
    g_hash_table_destroy(schema_names);
    return ret;
}
