/*
 * QMP monitor tests: a QMP monitor on a UNIX socket chardev, driven by a
 * client socket in the test, checking the wire protocol.
 */
#include "qemu/osdep.h"

#include "chardev/char.h"
#include "monitor/monitor.h"
#include "qapi/error.h"
#include "qapi/qapi-events.h"
#include "qemu/main-loop.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qom/object-compat.h"
#include "socket-client.h"

static char *tmpdir;
static char *sock_path;

static Client *client_connect(void)
{
    return client_connect_path(sock_path);
}

/* The next line from the monitor, with its "\r\n" (checked) removed. */
static char *client_read_line(Client *c)
{
    char *line = client_read_until(c, "\n");
    size_t len = strlen(line) - 1;

    g_assert_cmpint(len, >, 0);
    g_assert_cmpint(line[len - 1], ==, '\r');
    line[len - 1] = '\0';
    return line;
}

static QDict *client_read_dict(Client *c)
{
    char *line = client_read_line(c);
    QObject *obj = qobject_from_json(line, &error_abort);
    QDict *d = qobject_to(QDict, obj);

    g_assert_nonnull(d);
    g_free(line);
    return d;
}

/* Send @cmd and return the (non-event) reply. */
static QDict *client_cmd(Client *c, const char *cmd)
{
    client_send(c, cmd);
    for (;;) {
        QDict *d = client_read_dict(c);

        if (!qdict_haskey(d, "event")) {
            return d;
        }
        qobject_unref(d);
    }
}

static void assert_error(QDict *rsp, const char *cls, const char *desc)
{
    QDict *err = qdict_get_qdict(rsp, "error");

    g_assert_nonnull(err);
    g_assert_cmpstr(qdict_get_str(err, "class"), ==, cls);
    if (desc) {
        g_assert_cmpstr(qdict_get_str(err, "desc"), ==, desc);
    }
}

static Client *client_negotiated(void)
{
    Client *c = client_connect();
    char *greeting = client_read_line(c);
    QDict *rsp;

    g_free(greeting);
    rsp = client_cmd(c, "{\"execute\": \"qmp_capabilities\"}");
    g_assert_true(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
    return c;
}

static void test_greeting(void)
{
    Client *c = client_connect();
    char *line = client_read_line(c);

    g_assert_cmpstr(line, ==,
                    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, "
                    "\"minor\": 1, \"major\": 11}, \"package\": \"\"}, "
                    "\"capabilities\": [\"oob\"]}}");
    g_free(line);
    client_close(c);
}

static void test_negotiation(void)
{
    Client *c = client_connect();
    QDict *rsp, *ret;
    char *line = client_read_line(c);

    g_free(line);

    /* only qmp_capabilities before negotiation, ids are echoed */
    rsp = client_cmd(c, "{\"execute\": \"query-version\", \"id\": \"a1\"}");
    assert_error(rsp, "CommandNotFound",
                 "Expecting capabilities negotiation with "
                 "'qmp_capabilities'");
    g_assert_cmpstr(qdict_get_str(rsp, "id"), ==, "a1");
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"nonexistent\"}");
    assert_error(rsp, "CommandNotFound",
                 "Expecting capabilities negotiation with "
                 "'qmp_capabilities'");
    g_assert_false(qdict_haskey(rsp, "id"));
    qobject_unref(rsp);

    /* capabilities that were not offered */
    rsp = client_cmd(c, "{\"execute\": \"qmp_capabilities\", "
                     "\"arguments\": {\"enable\": [\"nope\"]}}");
    assert_error(rsp, "GenericError", NULL);
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"qmp_capabilities\", "
                     "\"arguments\": {\"enable\": [\"oob\"]}, \"id\": 7}");
    ret = qdict_get_qdict(rsp, "return");
    g_assert_nonnull(ret);
    g_assert_cmpint(qdict_size(ret), ==, 0);
    g_assert_cmpint(qdict_get_int(rsp, "id"), ==, 7);
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"qmp_capabilities\"}");
    assert_error(rsp, "CommandNotFound",
                 "Capabilities negotiation is already complete, command "
                 "ignored");
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"query-version\", \"id\": [1, 2]}");
    ret = qdict_get_qdict(rsp, "return");
    g_assert_cmpint(qdict_get_int(qdict_get_qdict(ret, "qemu"), "major"),
                    ==, 11);
    g_assert_cmpint(qdict_get_int(qdict_get_qdict(ret, "qemu"), "minor"),
                    ==, 1);
    g_assert_cmpstr(qdict_get_str(ret, "package"), ==, "");
    g_assert_cmpint(qlist_size(qdict_get_qlist(rsp, "id")), ==, 2);
    qobject_unref(rsp);
    client_close(c);
}

static void test_commands(void)
{
    Client *c = client_negotiated();
    QDict *rsp;
    QList *list;
    const QListEntry *e;
    bool version = false, hmc = false, caps = false;

    rsp = client_cmd(c, "{\"execute\": \"query-commands\"}");
    list = qdict_get_qlist(rsp, "return");
    g_assert_nonnull(list);
    for (e = qlist_first(list); e; e = qlist_next(e)) {
        QDict *info = qobject_to(QDict, qlist_entry_obj(e));
        const char *name = qdict_get_str(info, "name");

        version |= !strcmp(name, "query-version");
        hmc |= !strcmp(name, "human-monitor-command");
        caps |= !strcmp(name, "qmp_capabilities");
    }
    g_assert_true(version && hmc && caps);
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"no-such-command\", \"id\": 1}");
    assert_error(rsp, "CommandNotFound", NULL);
    g_assert_cmpint(qdict_get_int(rsp, "id"), ==, 1);
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"query-version\", "
                     "\"arguments\": {\"bogus\": 1}}");
    assert_error(rsp, "GenericError", NULL);
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"human-monitor-command\", "
                     "\"arguments\": {\"command-line\": \"info version\"}}");
    g_assert_cmpstr(qdict_get_str(rsp, "return"), ==, "11.1.0\r\n");
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"human-monitor-command\", "
                     "\"arguments\": {\"command-line\": \"frobnicate\"}}");
    g_assert_cmpstr(qdict_get_str(rsp, "return"), ==,
                    "unknown command: 'frobnicate'\r\n");
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"human-monitor-command\", "
                     "\"arguments\": {\"command-line\": "
                     "\"chardev-remove nothere\"}}");
    g_assert_cmpstr(qdict_get_str(rsp, "return"), ==,
                    "Error: Chardev 'nothere' not found\r\n");
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"query-chardev\"}");
    list = qdict_get_qlist(rsp, "return");
    g_assert_cmpint(qlist_size(list), >=, 1);
    qobject_unref(rsp);
    client_close(c);
}

static void test_bad_json(void)
{
    Client *c = client_negotiated();
    QDict *rsp;

    /* a syntax error is answered, the connection stays */
    rsp = client_cmd(c, "{\"execute\": }\n");
    assert_error(rsp, "GenericError", NULL);
    qobject_unref(rsp);

    rsp = client_cmd(c, "[1, 2]");
    assert_error(rsp, "GenericError", NULL);
    qobject_unref(rsp);

    rsp = client_cmd(c, "{\"execute\": \"query-version\"}");
    g_assert_true(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);

    /* a request split over several writes */
    client_send(c, "{\"exec");
    main_loop_wait(true);
    rsp = client_cmd(c, "ute\": \"query-version\", \"id\": \"split\"}");
    g_assert_cmpstr(qdict_get_str(rsp, "id"), ==, "split");
    qobject_unref(rsp);
    client_close(c);
}

static void test_event(void)
{
    char *path = g_build_filename(tmpdir, "second.sock", NULL);
    char *spec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    Client *c, *d;
    QDict *ev, *ts, *rsp;
    char *line;

    /* a second QMP monitor, whose client stays in negotiation */
    g_assert_true(monitor_parse_cmdline(spec, true, false, &error_abort));
    c = client_connect_path(path);
    d = client_negotiated();
    line = client_read_line(c);
    g_free(line);
    /* d is negotiated and gets the event; c is not and does not */
    qapi_event_send_stop();
    ev = client_read_dict(d);
    g_assert_cmpstr(qdict_get_str(ev, "event"), ==, "STOP");
    ts = qdict_get_qdict(ev, "timestamp");
    g_assert_nonnull(ts);
    g_assert_cmpint(qdict_get_int(ts, "seconds"), >, 1600000000);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), >=, 0);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), <, 1000000);
    qobject_unref(ev);

    qapi_event_send_reset(false, SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    ev = client_read_dict(d);
    g_assert_cmpstr(qdict_get_str(ev, "event"), ==, "RESET");
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(ev, "data"), "reason"),
                    ==, "host-qmp-system-reset");
    qobject_unref(ev);

    /* nothing was sent to the client still negotiating */
    client_send(c, "{\"execute\": \"qmp_capabilities\"}");
    rsp = client_read_dict(c);
    g_assert_true(qdict_haskey(rsp, "return"));
    g_assert_cmpstr(c->in->str, ==, "");
    qobject_unref(rsp);
    client_close(c);
    client_close(d);
    g_free(spec);
    g_free(path);
}

static void test_reconnect(void)
{
    Client *c = client_negotiated();
    QDict *rsp;
    char *line;

    /* half a request, then gone */
    client_send(c, "{\"execute\": \"query-");
    main_loop_wait(true);
    client_close(c);

    /* the next client starts over: greeting and negotiation */
    c = client_connect();
    line = client_read_line(c);
    g_assert_true(g_str_has_prefix(line, "{\"QMP\": "));
    g_free(line);
    rsp = client_cmd(c, "{\"execute\": \"query-version\"}");
    assert_error(rsp, "CommandNotFound", NULL);
    qobject_unref(rsp);
    client_close(c);
}

static void test_pretty(void)
{
    char *path = g_build_filename(tmpdir, "pretty.sock", NULL);
    char *spec = g_strdup_printf("unix:%s,server=on,wait=off", path);
    char *saved = sock_path;
    Client *c;
    char *line;

    g_assert_true(monitor_parse_cmdline(spec, true, true, &error_abort));
    sock_path = path;
    c = client_connect();
    line = client_read_line(c);
    g_assert_cmpstr(line, ==, "{");
    g_free(line);
    line = client_read_line(c);
    g_assert_cmpstr(line, ==, "    \"QMP\": {");
    g_free(line);
    client_close(c);
    sock_path = saved;
    g_free(spec);
    g_free(path);
}

static void test_init_errors(void)
{
    Error *err = NULL;
    QDict *opts = qdict_new();

    qdict_put_str(opts, "chardev", "nothere");
    qdict_put_str(opts, "mode", "control");
    g_assert_false(monitor_init_opts(opts, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "chardev \"nothere\" not found");
    error_free(err);
    err = NULL;
    qobject_unref(opts);

    g_assert_false(monitor_parse_cmdline("bogus", true, false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "'bogus' is not a valid char driver");
    error_free(err);
    err = NULL;

    /* a chardev with a monitor already is in use */
    g_assert_false(monitor_init_qmp(qemu_chr_find("qmp0"), false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'qmp0' is in use");
    error_free(err);
    err = NULL;

    g_assert_true(monitor_parse_cmdline("none", false, false, &error_abort));
}

int main(int argc, char **argv)
{
    Chardev *chr;
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    tmpdir = g_dir_make_tmp("test-qmp-XXXXXX", NULL);
    /* as after start-up: every HMP command is available */
    phase_advance(PHASE_MACHINE_CREATED);
    phase_advance(PHASE_ACCEL_CREATED);
    phase_advance(PHASE_LATE_BACKENDS_CREATED);
    phase_advance(PHASE_MACHINE_INITIALIZED);
    phase_advance(PHASE_MACHINE_READY);
    sock_path = g_build_filename(tmpdir, "qmp.sock", NULL);

    chr = socket_server_chardev_new("qmp0", sock_path);
    g_assert_true(monitor_init_qmp(chr, false, &error_abort));

    g_test_add_func("/qmp/greeting", test_greeting);
    g_test_add_func("/qmp/negotiation", test_negotiation);
    g_test_add_func("/qmp/commands", test_commands);
    g_test_add_func("/qmp/bad-json", test_bad_json);
    g_test_add_func("/qmp/event", test_event);
    g_test_add_func("/qmp/reconnect", test_reconnect);
    g_test_add_func("/qmp/pretty", test_pretty);
    g_test_add_func("/qmp/init-errors", test_init_errors);

    ret = g_test_run();
    monitor_cleanup();
    qemu_chr_cleanup();
    g_free(sock_path);
    rmdir(tmpdir);
    return ret;
}
