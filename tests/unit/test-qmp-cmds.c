/*
 * Tests of QMP dispatch through the marshallers generated from the test
 * schema.
 */
#include "qemu/osdep.h"
#include "qapi/clone-visitor.h"
#include "qapi/error.h"
#include "qapi/qmp/dispatch.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "test-qapi-commands.h"
#include "test-qapi-init-commands.h"
#include "test-qapi-visit.h"

static QmpCommandList cmds;
static int ping_count;

/* The command implementations */

void qmp_test_ping(Error **errp)
{
    ping_count++;
}

Sum *qmp_test_add(int64_t a, bool has_b, int64_t b, Error **errp)
{
    Sum *s = g_new0(Sum, 1);

    s->value = a + (has_b ? b : 100);
    return s;
}

PointList *qmp_test_points(int64_t count, const char *label, Error **errp)
{
    PointList *head = NULL, **tail = &head;
    int64_t i;

    if (count < 0 || count > 100) {
        error_setg(errp, "Parameter 'count' must be between 0 and 100");
        return NULL;
    }
    for (i = 0; i < count; i++) {
        Point *p = g_new0(Point, 1);

        p->x = i;
        p->y = -i;
        p->label = g_strdup(label);
        QAPI_LIST_APPEND(tail, p);
    }
    return head;
}

Point *qmp_test_struct_arg(int64_t x, int64_t y, const char *label,
                           Error **errp)
{
    Point *p = g_new0(Point, 1);

    p->x = y;
    p->y = x;
    p->label = g_strdup(label ? label : "swapped");
    return p;
}

Figure *qmp_test_boxed(Figure *arg, Error **errp)
{
    Figure *f = QAPI_CLONE(Figure, arg);

    if (f->kind == SHAPE_KIND_SQUARE) {
        f->u.square.side *= 2;
    }
    return f;
}

void qmp_test_fail(bool has_code, int64_t code, Error **errp)
{
    if (has_code && code == 1) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "No device %d",
                  (int)code);
        return;
    }
    error_setg(errp, "Failure as requested");
}

void qmp_test_no_response(Error **errp)
{
    ping_count++;
}

void qmp_test_preconfig(Error **errp)
{
}

void qmp_test_oob(Error **errp)
{
}

void qmp_test_coroutine(Error **errp)
{
}

void qmp_test_deprecated(Error **errp)
{
}

int64_t qmp_test_count(strList *items, Error **errp)
{
    return QAPI_LIST_LENGTH(items);
}

QObject *qmp_test_echo_any(QObject *value, Error **errp)
{
    return qobject_ref(value);
}

void qmp_test_underscore(Error **errp)
{
}

Garage *qmp_test_alternate(IntOrPoint *v, Error **errp)
{
    Garage *g = g_new0(Garage, 1);
    Vehicle *veh = g_new0(Vehicle, 1);

    veh->type = VEHICLE_TYPE_BIKE;
    veh->wheels = v->type == QTYPE_QNUM ? v->u.i : v->u.p.x + v->u.p.y;
    QAPI_LIST_PREPEND(g->vehicles, veh);
    g->size = QAPI_CLONE(IntOrPoint, v);
    return g;
}

/* 'gen': false: the marshaller is ours */
void qmp_marshal_test_hand(QDict *args, QObject **ret, Error **errp)
{
    int64_t x = qdict_get_try_int(args, "x", -1);

    *ret = QOBJECT(qnum_from_int(x * 10));
}

/* Helpers */

static QDict *dispatch_json(const char *json, bool allow_oob)
{
    QObject *req = qobject_from_json(json, &error_abort);
    QDict *rsp = qmp_dispatch(&cmds, req, allow_oob, NULL);

    qobject_unref(req);
    return rsp;
}

/* Run @json, expect success, return the "return" value (a reference) */
static QObject *do_ok(const char *json)
{
    QDict *rsp = dispatch_json(json, false);
    QObject *ret;

    g_assert(rsp);
    if (qdict_haskey(rsp, "error")) {
        g_error("unexpected error: %s",
                qdict_get_str(qdict_get_qdict(rsp, "error"), "desc"));
    }
    ret = qdict_get(rsp, "return");
    g_assert(ret);
    qobject_ref(ret);
    qobject_unref(rsp);
    return ret;
}

/* Run @json, expect an error of @cls with message @desc */
static void do_err(const char *json, bool allow_oob, const char *cls,
                   const char *desc)
{
    QDict *rsp = dispatch_json(json, allow_oob);
    QDict *error;

    g_assert(rsp);
    g_assert(!qdict_haskey(rsp, "return"));
    error = qdict_get_qdict(rsp, "error");
    g_assert(error);
    g_assert_cmpstr(qdict_get_str(error, "class"), ==, cls);
    g_assert_cmpstr(qdict_get_str(error, "desc"), ==, desc);
    g_assert_cmpint(qdict_size(error), ==, 2);
    qobject_unref(rsp);
}

/* Tests */

static void test_simple(void)
{
    QObject *ret;
    QDict *d;

    ping_count = 0;
    ret = do_ok("{\"execute\": \"test-ping\"}");
    d = qobject_to(QDict, ret);
    g_assert(d && !qdict_size(d));           /* no 'returns': {} */
    qobject_unref(ret);
    ret = do_ok("{\"execute\": \"test-ping\", \"arguments\": {}}");
    qobject_unref(ret);
    g_assert_cmpint(ping_count, ==, 2);

    ret = do_ok("{\"execute\": \"test-add\", \"arguments\": {\"a\": 1}}");
    g_assert_cmpint(qdict_get_int(qobject_to(QDict, ret), "value"), ==, 101);
    qobject_unref(ret);
    ret = do_ok("{\"execute\": \"test-add\","
                " \"arguments\": {\"a\": 1, \"b\": 2}}");
    g_assert_cmpint(qdict_get_int(qobject_to(QDict, ret), "value"), ==, 3);
    qobject_unref(ret);

    ret = do_ok("{\"execute\": \"test_underscore\"}");
    qobject_unref(ret);
    ret = do_ok("{\"execute\": \"test-coroutine\"}");
    qobject_unref(ret);
    ret = do_ok("{\"execute\": \"test-deprecated\"}");
    qobject_unref(ret);
}

static void test_returns(void)
{
    QObject *ret;
    QList *list;
    QDict *d;

    ret = do_ok("{\"execute\": \"test-points\","
                " \"arguments\": {\"count\": 3, \"label\": \"l\"}}");
    list = qobject_to(QList, ret);
    g_assert(list);
    g_assert_cmpint(qlist_size(list), ==, 3);
    d = qobject_to(QDict, qlist_peek(list));
    g_assert_cmpint(qdict_get_int(d, "x"), ==, 0);
    g_assert_cmpstr(qdict_get_str(d, "label"), ==, "l");
    qobject_unref(ret);

    ret = do_ok("{\"execute\": \"test-points\","
                " \"arguments\": {\"count\": 0}}");
    g_assert(qlist_empty(qobject_to(QList, ret)));
    qobject_unref(ret);

    /* struct as arguments, exploded into parameters */
    ret = do_ok("{\"execute\": \"test-struct-arg\","
                " \"arguments\": {\"x\": 1, \"y\": 2}}");
    d = qobject_to(QDict, ret);
    g_assert_cmpint(qdict_get_int(d, "x"), ==, 2);
    g_assert_cmpint(qdict_get_int(d, "y"), ==, 1);
    g_assert_cmpstr(qdict_get_str(d, "label"), ==, "swapped");
    qobject_unref(ret);

    /* boxed union arguments */
    ret = do_ok("{\"execute\": \"test-boxed\","
                " \"arguments\": {\"kind\": \"square\", \"side\": 4}}");
    d = qobject_to(QDict, ret);
    g_assert_cmpstr(qdict_get_str(d, "kind"), ==, "square");
    g_assert_cmpint(qdict_get_int(d, "side"), ==, 8);
    qobject_unref(ret);

    ret = do_ok("{\"execute\": \"test-count\","
                " \"arguments\": {\"items\": [\"a\", \"b\"]}}");
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, ret)), ==, 2);
    qobject_unref(ret);

    ret = do_ok("{\"execute\": \"test-echo-any\","
                " \"arguments\": {\"value\": [1, {\"k\": null}]}}");
    g_assert_cmpint(qlist_size(qobject_to(QList, ret)), ==, 2);
    qobject_unref(ret);

    ret = do_ok("{\"execute\": \"test-alternate\","
                " \"arguments\": {\"v\": {\"x\": 2, \"y\": 3}}}");
    d = qobject_to(QDict, ret);
    g_assert_cmpint(qdict_get_int(qdict_get_qdict(d, "size"), "x"), ==, 2);
    d = qobject_to(QDict, qlist_peek(qdict_get_qlist(d, "vehicles")));
    g_assert_cmpstr(qdict_get_str(d, "type"), ==, "bike");
    g_assert_cmpint(qdict_get_int(d, "wheels"), ==, 5);
    qobject_unref(ret);

    /* the hand-written marshaller of a 'gen': false command */
    ret = do_ok("{\"execute\": \"test-hand\", \"arguments\": {\"x\": 4}}");
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, ret)), ==, 40);
    qobject_unref(ret);
}

static void test_errors(void)
{
    do_err("[]", false, "GenericError", "QMP input must be a JSON object");
    do_err("{}", false, "GenericError", "QMP input lacks member 'execute'");
    do_err("{\"execute\": 1}", false, "GenericError",
           "QMP input member 'execute' must be a string");
    do_err("{\"execute\": \"test-ping\", \"argument\": {}}", false,
           "GenericError", "QMP input member 'argument' is unexpected");
    do_err("{\"execute\": \"test-ping\", \"arguments\": []}", false,
           "GenericError", "QMP input member 'arguments' must be an object");
    do_err("{\"execute\": \"no-such-command\"}", false, "CommandNotFound",
           "The command no-such-command has not been found");
    /* the command compiled out by 'if' does not exist */
    do_err("{\"execute\": \"test-cond\"}", false, "CommandNotFound",
           "The command test-cond has not been found");

    /* argument errors come from the input visitor */
    do_err("{\"execute\": \"test-add\"}", false, "GenericError",
           "Parameter 'a' is missing");
    do_err("{\"execute\": \"test-add\", \"arguments\": {\"a\": \"1\"}}",
           false, "GenericError",
           "Invalid parameter type for 'a', expected: integer");
    do_err("{\"execute\": \"test-add\", \"arguments\": {\"a\": 1, \"c\": 1}}",
           false, "GenericError", "Parameter 'c' is unexpected");
    do_err("{\"execute\": \"test-ping\", \"arguments\": {\"a\": 1}}",
           false, "GenericError", "Parameter 'a' is unexpected");
    do_err("{\"execute\": \"test-boxed\", \"arguments\": {\"kind\": \"x\"}}",
           false, "GenericError",
           "Parameter 'kind' does not accept value 'x'");
    do_err("{\"execute\": \"test-count\", \"arguments\": {\"items\": [1]}}",
           false, "GenericError",
           "Invalid parameter type for 'items[0]', expected: string");

    /* errors of the command itself, with their class */
    do_err("{\"execute\": \"test-fail\"}", false, "GenericError",
           "Failure as requested");
    do_err("{\"execute\": \"test-fail\", \"arguments\": {\"code\": 1}}",
           false, "DeviceNotFound", "No device 1");
    do_err("{\"execute\": \"test-points\", \"arguments\": {\"count\": -1}}",
           false, "GenericError",
           "Parameter 'count' must be between 0 and 100");
}

static void test_id(void)
{
    QDict *rsp;

    rsp = dispatch_json("{\"execute\": \"test-ping\", \"id\": \"abc\"}",
                        false);
    g_assert_cmpstr(qdict_get_str(rsp, "id"), ==, "abc");
    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);

    /* any JSON value is a valid id, also on errors */
    rsp = dispatch_json("{\"execute\": \"nope\", \"id\": {\"n\": [1]}}",
                        false);
    g_assert(qdict_haskey(rsp, "error"));
    g_assert(qdict_get_qdict(rsp, "id"));
    qobject_unref(rsp);

    rsp = dispatch_json("{\"id\": 7}", false);
    g_assert(qdict_haskey(rsp, "error"));
    g_assert_cmpint(qdict_get_int(rsp, "id"), ==, 7);
    qobject_unref(rsp);

    rsp = dispatch_json("{\"execute\": \"test-ping\"}", false);
    g_assert(!qdict_haskey(rsp, "id"));
    qobject_unref(rsp);
}

static void test_no_response(void)
{
    QDict *rsp;

    ping_count = 0;
    rsp = dispatch_json("{\"execute\": \"test-no-response\", \"id\": 1}",
                        false);
    g_assert(!rsp);
    g_assert_cmpint(ping_count, ==, 1);
}

static void test_oob(void)
{
    QDict *rsp;

    /* without OOB support exec-oob is just an unknown member */
    do_err("{\"exec-oob\": \"test-oob\"}", false, "GenericError",
           "QMP input member 'exec-oob' is unexpected");
    rsp = dispatch_json("{\"exec-oob\": \"test-oob\"}", true);
    g_assert(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
    do_err("{\"exec-oob\": \"test-ping\"}", true, "GenericError",
           "The command test-ping does not support OOB");
    do_err("{\"exec-oob\": \"test-oob\", \"execute\": \"test-oob\"}", true,
           "GenericError",
           "QMP input member 'execute' clashes with 'exec-oob'");
    {
        QObject *req = qobject_from_json("{\"exec-oob\": \"x\"}",
                                         &error_abort);

        g_assert(qmp_is_oob(qobject_to(QDict, req)));
        qobject_unref(req);
    }
}

static bool preconfig;

static bool in_preconfig(void)
{
    return preconfig;
}

static void test_preconfig(void)
{
    QObject *ret;

    qmp_dispatch_set_preconfig_hook(in_preconfig);
    preconfig = true;
    do_err("{\"execute\": \"test-ping\"}", false, "GenericError",
           "The command 'test-ping' is permitted only after machine"
           " initialization has completed");
    ret = do_ok("{\"execute\": \"test-preconfig\"}");
    qobject_unref(ret);
    preconfig = false;
    ret = do_ok("{\"execute\": \"test-ping\"}");
    qobject_unref(ret);
    qmp_dispatch_set_preconfig_hook(NULL);
}

static void test_disable(void)
{
    QObject *ret;

    qmp_disable_command(&cmds, "test-ping", NULL);
    do_err("{\"execute\": \"test-ping\"}", false, "CommandNotFound",
           "Command test-ping has been disabled");
    qmp_disable_command(&cmds, "test-ping", "not now");
    do_err("{\"execute\": \"test-ping\"}", false, "CommandNotFound",
           "Command test-ping has been disabled: not now");
    g_assert(!qmp_command_is_enabled(qmp_find_command(&cmds, "test-ping")));
    qmp_enable_command(&cmds, "test-ping");
    ret = do_ok("{\"execute\": \"test-ping\"}");
    qobject_unref(ret);
}

static void count_cb(const QmpCommand *cmd, void *opaque)
{
    GString *names = opaque;

    g_string_append_printf(names, "%s,", qmp_command_name(cmd));
}

static void test_registry(void)
{
    const QmpCommand *cmd;
    GString *names = g_string_new("");

    cmd = qmp_find_command(&cmds, "test-no-response");
    g_assert(cmd && !qmp_has_success_response(cmd));
    g_assert(qmp_has_success_response(qmp_find_command(&cmds, "test-ping")));
    cmd = qmp_find_command(&cmds, "test-preconfig");
    g_assert(cmd->options & QCO_ALLOW_PRECONFIG);
    cmd = qmp_find_command(&cmds, "test-oob");
    g_assert(cmd->options & QCO_ALLOW_OOB);
    cmd = qmp_find_command(&cmds, "test-deprecated");
    g_assert_cmpuint(cmd->special_features, ==,
                     (1u << QAPI_DEPRECATED) | (1u << QAPI_UNSTABLE));
    g_assert(!qmp_find_command(&cmds, "test-cond"));

    /* registration order */
    qmp_for_each_command(&cmds, count_cb, names);
    g_assert(g_str_has_prefix(names->str, "test-ping,test-add,test-points,"));
    g_assert(g_str_has_suffix(names->str, "test_underscore,test-alternate,"));
    g_string_free(names, true);

    /* registering again replaces; unregistering removes */
    qmp_register_command(&cmds, "test-extra", qmp_marshal_test_ping, 0, 0);
    g_assert(qmp_find_command(&cmds, "test-extra"));
    qmp_register_command(&cmds, "test-extra", qmp_marshal_test_ping,
                         QCO_NO_SUCCESS_RESP, 0);
    g_assert(!qmp_has_success_response(qmp_find_command(&cmds,
                                                        "test-extra")));
    qmp_unregister_command(&cmds, "test-extra");
    g_assert(!qmp_find_command(&cmds, "test-extra"));
    qmp_unregister_command(&cmds, "test-extra");

    /* a zero-initialised list works */
    {
        QmpCommandList other = { 0 };
        QObject *req = qobject_from_json("{\"execute\": \"p\"}",
                                         &error_abort);
        QDict *rsp;

        qmp_register_command(&other, "p", qmp_marshal_test_ping, 0, 0);
        rsp = qmp_dispatch(&other, req, false, NULL);
        g_assert(qdict_haskey(rsp, "return"));
        qobject_unref(rsp);
        qobject_unref(req);
        qmp_unregister_command(&other, "p");
        g_assert(!other.head && !other.tail);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    test_qmp_init_marshal(&cmds);
    g_test_add_func("/qmp/simple", test_simple);
    g_test_add_func("/qmp/returns", test_returns);
    g_test_add_func("/qmp/errors", test_errors);
    g_test_add_func("/qmp/id", test_id);
    g_test_add_func("/qmp/no-response", test_no_response);
    g_test_add_func("/qmp/oob", test_oob);
    g_test_add_func("/qmp/preconfig", test_preconfig);
    g_test_add_func("/qmp/disable", test_disable);
    g_test_add_func("/qmp/registry", test_registry);
    return g_test_run();
}
