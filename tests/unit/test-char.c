/*
 * Character device tests: option and legacy syntax parsing, null, file,
 * ringbuf, pty, socket (UNIX and TCP, server and client), mux.
 */
#include "qemu/osdep.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

#include "chardev/char.h"
#include "chardev/char-fe.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qobject/qdict.h"

static char *tmpdir;

/* A frontend that records what it gets. */
typedef struct FeHandler {
    CharBackend be;
    GString *read;
    int can_read;           /* bytes accepted per call; 0: busy */
    int opened;
    int closed;
    int breaks;
    int mux_in;
    int mux_out;
} FeHandler;

static int fe_can_read(void *opaque)
{
    FeHandler *h = opaque;

    return h->can_read;
}

static void fe_read(void *opaque, const uint8_t *buf, int size)
{
    FeHandler *h = opaque;

    g_assert_cmpint(size, <=, h->can_read);
    g_string_append_len(h->read, (const char *)buf, size);
}

static void fe_event(void *opaque, QEMUChrEvent event)
{
    FeHandler *h = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        h->opened++;
        break;
    case CHR_EVENT_CLOSED:
        h->closed++;
        break;
    case CHR_EVENT_BREAK:
        h->breaks++;
        break;
    case CHR_EVENT_MUX_IN:
        h->mux_in++;
        break;
    case CHR_EVENT_MUX_OUT:
        h->mux_out++;
        break;
    }
}

static void fe_attach(FeHandler *h, Chardev *chr)
{
    memset(h, 0, sizeof(*h));
    h->read = g_string_new(NULL);
    h->can_read = 4096;
    g_assert_true(qemu_chr_fe_init(&h->be, chr, &error_abort));
    qemu_chr_fe_set_handlers(&h->be, fe_can_read, fe_read, fe_event, NULL,
                             h, NULL, true);
}

static void fe_detach(FeHandler *h, bool del)
{
    qemu_chr_fe_deinit(&h->be, del);
    g_string_free(h->read, true);
}

/* Run the main loop until @cond(@opaque) or 5 seconds. */
static bool pump_until(bool (*cond)(void *opaque), void *opaque)
{
    int64_t end = get_clock() + 5 * NANOSECONDS_PER_SECOND;

    while (!cond(opaque)) {
        if (get_clock() > end) {
            return false;
        }
        main_loop_wait(true);
        g_usleep(1000);
    }
    return true;
}

static void pump_ms(int ms)
{
    int64_t end = get_clock() + ms * (int64_t)SCALE_MS;

    while (get_clock() < end) {
        main_loop_wait(true);
        g_usleep(1000);
    }
}

static bool fe_is_opened(void *opaque)
{
    return ((FeHandler *)opaque)->opened > 0;
}

static bool fe_is_closed(void *opaque)
{
    return ((FeHandler *)opaque)->closed > 0;
}

typedef struct ReadWait {
    FeHandler *h;
    size_t len;
} ReadWait;

static bool fe_has_read(void *opaque)
{
    ReadWait *w = opaque;

    return w->h->read->len >= w->len;
}

static void wait_read(FeHandler *h, size_t len)
{
    ReadWait w = { h, len };

    g_assert_true(pump_until(fe_has_read, &w));
}

static Chardev *chr_new(const char *opts)
{
    Error *err = NULL;
    Chardev *chr = qemu_chardev_new_from_str(opts, &err);

    if (err) {
        g_test_message("%s: %s", opts, error_get_pretty(err));
    }
    g_assert_null(err);
    g_assert_nonnull(chr);
    return chr;
}

static void chr_new_error(const char *opts, const char *expected)
{
    Error *err = NULL;
    Chardev *chr = qemu_chardev_new_from_str(opts, &err);

    g_assert_null(chr);
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), expected)) {
        g_test_message("'%s' gave '%s'", opts, error_get_pretty(err));
    }
    g_assert_nonnull(strstr(error_get_pretty(err), expected));
    error_free(err);
}

static void chr_delete(const char *label)
{
    Chardev *chr = qemu_chr_find(label);

    g_assert_nonnull(chr);
    object_unparent(OBJECT(chr));
    g_assert_null(qemu_chr_find(label));
}

/* ---------------------------------------------------------------- */

static void test_opts_parse(void)
{
    Error *err = NULL;
    QDict *opts;

    opts = qemu_chr_parse_opts_str(
        "socket,id=c0,path=/tmp/a,,b,server,nowait", &error_abort);
    g_assert_cmpstr(qdict_get_str(opts, "backend"), ==, "socket");
    g_assert_cmpstr(qdict_get_str(opts, "id"), ==, "c0");
    g_assert_cmpstr(qdict_get_str(opts, "path"), ==, "/tmp/a,b");
    g_assert_cmpstr(qdict_get_str(opts, "server"), ==, "on");
    g_assert_cmpstr(qdict_get_str(opts, "wait"), ==, "off");
    qobject_unref(opts);

    g_assert_null(qemu_chr_parse_opts_str("null,id=a,bogus=1", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'bogus'");
    error_free(err);
    err = NULL;
    g_assert_null(qemu_chr_parse_opts_str("null,id=a,frob", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'frob'");
    error_free(err);
    err = NULL;
    g_assert_null(qemu_chr_parse_opts_str("socket,server=maybe", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'server' expects 'on' or 'off'");
    error_free(err);
}

static void test_create_errors(void)
{
    chr_new_error("foo,id=x", "'foo' is not a valid char driver name");
    chr_new_error("fd,id=x", "'fd' is not a valid char driver name");
    chr_new_error("null", "chardev: no id specified");
    chr_new_error("null,id=1bad", "Parameter 'id' expects an identifier");
    chr_new_error("id=x", "missing backend");
    chr_new_error("socket,id=s", "chardev: socket: no path or host given");
    chr_new_error("socket,id=s,host=localhost",
                  "chardev: socket: no port given");
    chr_new_error("socket,id=s,host=localhost,port=1,path=/x",
                  "None or one of 'path', 'fd' or 'host' option required.");
    chr_new_error("file,id=f", "chardev: file: no filename given");
    chr_new_error("file,id=f,path=/nonexistent/dir/file",
                  "Could not open '/nonexistent/dir/file'");
    chr_new_error("ringbuf,id=r,size=1000",
                  "size of ringbuf chardev must be power of two");
    chr_new_error("mux,id=m,chardev=nothere",
                  "mux: base chardev nothere not found");
    chr_new_error("null,id=l,logfile=/nonexistent/dir/log",
                  "Could not open '/nonexistent/dir/log'");

    chr_new("null,id=dup");
    chr_new_error("null,id=dup", "Duplicate ID 'dup' for chardev");
    chr_delete("dup");
    /* a failed creation leaves nothing behind */
    g_assert_null(qemu_chr_find("f"));
    g_assert_null(qemu_chr_find("s"));
}

static void test_help(void)
{
    Error *err = NULL;

    /* prints the backend list, returns no chardev and no error */
    g_assert_null(qemu_chardev_new_from_str("help", &err));
    g_assert_null(err);
}

static void test_compat_parse(void)
{
    Error *err = NULL;
    QDict *o;

    o = qemu_chr_parse_compat("l0", "stdio", false, &error_abort);
    g_assert_cmpstr(qdict_get_str(o, "backend"), ==, "stdio");
    g_assert_cmpstr(qdict_get_str(o, "id"), ==, "l0");
    qobject_unref(o);

    o = qemu_chr_parse_compat("l0", "file:/tmp/x.log", false, &error_abort);
    g_assert_cmpstr(qdict_get_str(o, "backend"), ==, "file");
    g_assert_cmpstr(qdict_get_str(o, "path"), ==, "/tmp/x.log");
    qobject_unref(o);

    o = qemu_chr_parse_compat("l0", "tcp::4444,server=on,wait=off", false,
                              &error_abort);
    g_assert_cmpstr(qdict_get_str(o, "backend"), ==, "socket");
    g_assert_cmpstr(qdict_get_str(o, "host"), ==, "");
    g_assert_cmpstr(qdict_get_str(o, "port"), ==, "4444");
    g_assert_cmpstr(qdict_get_str(o, "server"), ==, "on");
    g_assert_cmpstr(qdict_get_str(o, "wait"), ==, "off");
    qobject_unref(o);

    /* QEMU's short booleans */
    o = qemu_chr_parse_compat("l0", "tcp:localhost:5555,server,nowait",
                              false, &error_abort);
    g_assert_cmpstr(qdict_get_str(o, "host"), ==, "localhost");
    g_assert_cmpstr(qdict_get_str(o, "port"), ==, "5555");
    g_assert_cmpstr(qdict_get_str(o, "server"), ==, "on");
    g_assert_cmpstr(qdict_get_str(o, "wait"), ==, "off");
    qobject_unref(o);

    o = qemu_chr_parse_compat("l0", "tcp:[::1]:5555", false, &error_abort);
    g_assert_cmpstr(qdict_get_str(o, "host"), ==, "::1");
    qobject_unref(o);

    o = qemu_chr_parse_compat("l0", "telnet::5555,server", false,
                              &error_abort);
    g_assert_cmpstr(qdict_get_str(o, "telnet"), ==, "on");
    qobject_unref(o);

    o = qemu_chr_parse_compat("l0", "unix:/tmp/q.sock,server=on,wait=off",
                              false, &error_abort);
    g_assert_cmpstr(qdict_get_str(o, "backend"), ==, "socket");
    g_assert_cmpstr(qdict_get_str(o, "path"), ==, "/tmp/q.sock");
    g_assert_cmpstr(qdict_get_str(o, "server"), ==, "on");
    qobject_unref(o);

    o = qemu_chr_parse_compat("l0", "mon:stdio", true, &error_abort);
    g_assert_cmpstr(qdict_get_str(o, "backend"), ==, "stdio");
    g_assert_cmpstr(qdict_get_str(o, "mux"), ==, "on");
    g_assert_cmpstr(qdict_get_str(o, "signal"), ==, "off");
    qobject_unref(o);

    o = qemu_chr_parse_compat("l0", "mon:null", true, &error_abort);
    g_assert_false(qdict_haskey(o, "signal"));
    qobject_unref(o);

    g_assert_null(qemu_chr_parse_compat("l0", "mon:stdio", false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "mon: isn't supported in this context");
    error_free(err);
    err = NULL;

    g_assert_null(qemu_chr_parse_compat("l0", "bogus", false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "'bogus' is not a valid char driver");
    error_free(err);
    err = NULL;

    g_assert_null(qemu_chr_parse_compat("l0", "tcp:", false, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(qemu_chr_parse_compat("l0", "tcp:host", false, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(qemu_chr_parse_compat("l0", "unix:", false, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(qemu_chr_parse_compat("l0", "unix:/x,bogus=1", false,
                                        &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'bogus'");
    error_free(err);
}

static void test_legacy_new(void)
{
    Chardev *chr, *again;

    chr = qemu_chr_new("legacy0", "null", NULL);
    g_assert_nonnull(chr);
    g_assert_cmpstr(chr->label, ==, "legacy0");
    g_assert_cmpstr(chr->filename, ==, "null");
    again = qemu_chr_new("whatever", "chardev:legacy0", NULL);
    g_assert_true(again == chr);
    g_assert_null(qemu_chr_new("whatever", "chardev:nothere", NULL));
    g_assert_null(qemu_chr_new("bad", "nonsense", NULL));
    g_assert_null(qemu_chr_new("bad", "mon:null", NULL));
    g_assert_null(qemu_chr_find("bad"));
    chr_delete("legacy0");
}

static void test_null(void)
{
    Chardev *chr = chr_new("null,id=n0");
    FeHandler h;

    g_assert_true(qemu_chr_find("n0") == chr);
    g_assert_cmpstr(chr->filename, ==, "null");
    fe_attach(&h, chr);
    /* null is never opened, and swallows everything */
    g_assert_cmpint(h.opened, ==, 0);
    g_assert_cmpint(qemu_chr_fe_write(&h.be, (uint8_t *)"abc", 3), ==, 3);
    g_assert_true(qemu_chr_fe_backend_connected(&h.be));
    g_assert_false(qemu_chr_fe_backend_open(&h.be));
    fe_detach(&h, true);
    g_assert_null(qemu_chr_find("n0"));
}

static void test_frontend_in_use(void)
{
    Chardev *chr = chr_new("null,id=busy0");
    FeHandler a;
    CharBackend b = { 0 };
    Error *err = NULL;

    fe_attach(&a, chr);
    g_assert_false(qemu_chr_fe_init(&b, chr, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'busy0' is in use");
    error_free(err);
    err = NULL;

    qmp_chardev_remove("busy0", &err);
    g_assert_cmpstr(error_get_pretty(err), ==, "Chardev 'busy0' is busy");
    error_free(err);
    err = NULL;

    fe_detach(&a, false);
    qmp_chardev_remove("busy0", &error_abort);
    g_assert_null(qemu_chr_find("busy0"));

    qmp_chardev_remove("busy0", &err);
    g_assert_cmpstr(error_get_pretty(err), ==, "Chardev 'busy0' not found");
    error_free(err);
}

static void test_file(void)
{
    char *path = g_build_filename(tmpdir, "out.txt", NULL);
    char *inpath = g_build_filename(tmpdir, "in.txt", NULL);
    char *opts, *contents;
    Chardev *chr;
    FeHandler h;

    g_assert_true(g_file_set_contents(path, "old\n", -1, NULL));
    opts = g_strdup_printf("file,id=f0,path=%s", path);
    chr = chr_new(opts);
    g_free(opts);
    g_assert_cmpstr(chr->filename, ==, "file");
    fe_attach(&h, chr);
    g_assert_cmpint(h.opened, ==, 1);
    qemu_chr_fe_printf(&h.be, "hello %d\n", 42);
    fe_detach(&h, true);
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "hello 42\n");   /* truncated */
    g_free(contents);

    /* append, and input from a file */
    g_assert_true(g_file_set_contents(inpath, "input!", -1, NULL));
    opts = g_strdup_printf("file,id=f1,path=%s,append=on,input-path=%s",
                           path, inpath);
    chr = chr_new(opts);
    g_free(opts);
    fe_attach(&h, chr);
    qemu_chr_fe_write_all(&h.be, (uint8_t *)"more\n", 5);
    wait_read(&h, 6);
    g_assert_cmpstr(h.read->str, ==, "input!");
    /* end of the input file closes the backend */
    g_assert_true(pump_until(fe_is_closed, &h));
    fe_detach(&h, true);
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "hello 42\nmore\n");
    g_free(contents);
    g_free(path);
    g_free(inpath);
}

static void test_logfile(void)
{
    char *log = g_build_filename(tmpdir, "chr.log", NULL);
    char *opts = g_strdup_printf("ringbuf,id=lr,logfile=%s", log);
    char *contents;
    FeHandler h;

    fe_attach(&h, chr_new(opts));
    qemu_chr_fe_write_all(&h.be, (uint8_t *)"logged", 6);
    fe_detach(&h, true);
    g_assert_true(g_file_get_contents(log, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "logged");
    g_free(contents);
    g_free(opts);
    g_free(log);
}

static void test_ringbuf(void)
{
    Error *err = NULL;
    FeHandler h;
    char *data;

    fe_attach(&h, chr_new("ringbuf,id=rb,size=4"));
    qemu_chr_fe_write_all(&h.be, (uint8_t *)"abcdef", 6);
    /* only the newest 4 bytes are kept */
    data = qmp_ringbuf_read("rb", 100, false, 0, &error_abort);
    g_assert_cmpstr(data, ==, "cdef");
    g_free(data);
    data = qmp_ringbuf_read("rb", 100, false, 0, &error_abort);
    g_assert_cmpstr(data, ==, "");
    g_free(data);

    qmp_ringbuf_write("rb", "xy", false, 0, &error_abort);
    data = qmp_ringbuf_read("rb", 1, true, DATA_FORMAT_BASE64, &error_abort);
    g_assert_cmpstr(data, ==, "eA==");
    g_free(data);

    g_assert_null(qmp_ringbuf_read("rb", 0, false, 0, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "size must be greater than zero");
    error_free(err);
    err = NULL;
    g_assert_null(qmp_ringbuf_read("nothere", 1, false, 0, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Device 'nothere' not found");
    error_free(err);
    err = NULL;
    chr_new("null,id=notring");
    qmp_ringbuf_write("notring", "x", false, 0, &err);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "notring is not a ringbuf device");
    error_free(err);
    chr_delete("notring");
    fe_detach(&h, true);
}

static void test_qmp_commands(void)
{
    ChardevBackend backend = { 0 };
    ChardevRingbuf rb = { .has_size = true, .size = 1024 };
    ChardevInfoList *list, *l;
    ChardevBackendInfoList *kinds, *k;
    ChardevReturn *ret;
    Error *err = NULL;
    bool found = false, socket_kind = false;

    backend.type = CHARDEV_BACKEND_KIND_RINGBUF;
    backend.u.ringbuf.data = &rb;
    ret = qmp_chardev_add("qmprb", &backend, &error_abort);
    g_assert_null(ret->pty);
    qapi_free_ChardevReturn(ret);

    g_assert_null(qmp_chardev_add("qmprb", &backend, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Chardev with id 'qmprb' already exists");
    error_free(err);
    err = NULL;

    rb.size = 3;
    g_assert_null(qmp_chardev_add("qmprb2", &backend, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Failed to add chardev 'qmprb2': size of ringbuf "
                    "chardev must be power of two");
    error_free(err);
    err = NULL;
    g_assert_null(qemu_chr_find("qmprb2"));

    list = qmp_query_chardev(&error_abort);
    for (l = list; l; l = l->next) {
        if (!strcmp(l->value->label, "qmprb")) {
            found = true;
            g_assert_cmpstr(l->value->filename, ==, "ringbuf");
            g_assert_false(l->value->frontend_open);
        }
    }
    g_assert_true(found);
    qapi_free_ChardevInfoList(list);

    kinds = qmp_query_chardev_backends(&error_abort);
    for (k = kinds; k; k = k->next) {
        socket_kind |= !strcmp(k->value->name, "socket");
        g_assert_cmpstr(k->value->name, !=, "fd");
    }
    g_assert_true(socket_kind);
    qapi_free_ChardevBackendInfoList(kinds);

    qmp_chardev_send_break("qmprb", &error_abort);
    qmp_chardev_send_break("nothere", &err);
    g_assert_cmpstr(error_get_pretty(err), ==, "Chardev 'nothere' not found");
    error_free(err);

    qmp_chardev_remove("qmprb", &error_abort);
    g_assert_null(qemu_chr_find("qmprb"));
}

/* ---------------------------------------------------------------- */
/* Sockets */

static void test_socket_unix_pair(void)
{
    char *path = g_build_filename(tmpdir, "pair.sock", NULL);
    char *opts, *expect;
    Chardev *srv, *cli;
    FeHandler hs, hc;

    opts = g_strdup_printf("socket,id=srv,path=%s,server=on,wait=off", path);
    srv = chr_new(opts);
    g_free(opts);
    expect = g_strdup_printf("disconnected:unix:%s,server=on", path);
    g_assert_cmpstr(srv->filename, ==, expect);
    g_free(expect);
    fe_attach(&hs, srv);
    g_assert_cmpint(hs.opened, ==, 0);

    opts = g_strdup_printf("socket,id=cli,path=%s", path);
    cli = chr_new(opts);
    g_free(opts);
    fe_attach(&hc, cli);
    /* the client is connected once created */
    g_assert_cmpint(hc.opened, ==, 1);
    expect = g_strdup_printf("unix:%s", path);
    g_assert_cmpstr(cli->filename, ==, expect);
    g_free(expect);

    g_assert_true(pump_until(fe_is_opened, &hs));
    expect = g_strdup_printf("unix:%s,server=on", path);
    g_assert_cmpstr(srv->filename, ==, expect);
    g_free(expect);
    g_assert_true(object_property_get_bool(OBJECT(srv), "connected",
                                           &error_abort));

    qemu_chr_fe_write_all(&hc.be, (uint8_t *)"ping", 4);
    wait_read(&hs, 4);
    g_assert_cmpstr(hs.read->str, ==, "ping");
    qemu_chr_fe_write_all(&hs.be, (uint8_t *)"pong!", 5);
    wait_read(&hc, 5);
    g_assert_cmpstr(hc.read->str, ==, "pong!");

    /* a busy frontend leaves the data in the socket */
    hs.can_read = 0;
    qemu_chr_fe_write_all(&hc.be, (uint8_t *)"later", 5);
    pump_ms(50);
    g_assert_cmpstr(hs.read->str, ==, "ping");
    hs.can_read = 2;
    qemu_chr_fe_accept_input(&hs.be);
    wait_read(&hs, 9);
    g_assert_cmpstr(hs.read->str, ==, "pinglater");
    hs.can_read = 4096;

    /* the client goes: the server is closed, then accepts again */
    fe_detach(&hc, true);
    g_assert_true(pump_until(fe_is_closed, &hs));
    expect = g_strdup_printf("disconnected:unix:%s,server=on", path);
    g_assert_cmpstr(srv->filename, ==, expect);
    g_free(expect);
    g_assert_cmpint(qemu_chr_fe_write(&hs.be, (uint8_t *)"x", 1), <, 0);

    {
        struct sockaddr_un un = { .sun_family = AF_UNIX };
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        char buf[8];

        strcpy(un.sun_path, path);
        g_assert_cmpint(connect(fd, (struct sockaddr *)&un, sizeof(un)),
                        ==, 0);
        hs.opened = 0;
        g_assert_true(pump_until(fe_is_opened, &hs));
        qemu_chr_fe_write_all(&hs.be, (uint8_t *)"hi", 2);
        g_assert_cmpint(recv(fd, buf, sizeof(buf), 0), ==, 2);
        g_assert_cmpint(memcmp(buf, "hi", 2), ==, 0);
        close(fd);
    }

    fe_detach(&hs, true);
    /* the server's socket file goes with it */
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_free(path);
}

static void test_socket_client_refused(void)
{
    char *path = g_build_filename(tmpdir, "nobody.sock", NULL);
    char *opts = g_strdup_printf("socket,id=nc,path=%s", path);
    char *expect = g_strdup_printf("Failed to connect to '%s'", path);

    chr_new_error(opts, expect);
    g_assert_null(qemu_chr_find("nc"));
    g_free(expect);
    g_free(opts);
    opts = g_strdup_printf("socket,id=nc,path=%s,wait=off", path);
    chr_new_error(opts, "'wait' option is incompatible with socket in "
                  "client connect mode");
    g_free(opts);
    g_free(path);
}

static void test_socket_tcp(void)
{
    Chardev *srv, *cli;
    FeHandler hs, hc;
    int port;
    char *opts, *expect;

    srv = chr_new("socket,id=tsrv,host=127.0.0.1,port=0,server=on,wait=off");
    /* port 0 was replaced by the port really bound */
    g_assert_true(g_str_has_prefix(srv->filename,
                                   "disconnected:tcp:127.0.0.1:"));
    g_assert_true(g_str_has_suffix(srv->filename, ",server=on"));
    port = atoi(srv->filename + strlen("disconnected:tcp:127.0.0.1:"));
    g_assert_cmpint(port, >, 0);
    fe_attach(&hs, srv);

    opts = g_strdup_printf("socket,id=tcli,host=127.0.0.1,port=%d,nodelay=on",
                           port);
    cli = chr_new(opts);
    fe_attach(&hc, cli);
    g_assert_true(pump_until(fe_is_opened, &hs));
    expect = g_strdup_printf("tcp:127.0.0.1:%d,server=on <-> 127.0.0.1:",
                             port);
    g_assert_true(g_str_has_prefix(srv->filename, expect));
    g_free(expect);

    qemu_chr_fe_write_all(&hc.be, (uint8_t *)"tcp", 3);
    wait_read(&hs, 3);
    g_assert_cmpstr(hs.read->str, ==, "tcp");
    fe_detach(&hc, true);
    fe_detach(&hs, true);
    g_free(opts);
}

static gpointer connect_later(gpointer opaque)
{
    const char *path = opaque;
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd, i;

    strcpy(un.sun_path, path);
    for (i = 0; i < 500; i++) {
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(fd, (struct sockaddr *)&un, sizeof(un)) == 0) {
            g_usleep(100000);
            close(fd);
            return NULL;
        }
        close(fd);
        g_usleep(10000);
    }
    return NULL;
}

static void test_socket_server_wait(void)
{
    char *path = g_build_filename(tmpdir, "wait.sock", NULL);
    char *opts = g_strdup_printf("socket,id=ws,path=%s,server=on", path);
    GThread *th = g_thread_new("client", connect_later, path);
    Chardev *chr;
    FeHandler h;

    /* blocks until the thread's client connects */
    chr = chr_new(opts);
    g_assert_true(chr->be_open);
    fe_attach(&h, chr);
    g_assert_cmpint(h.opened, ==, 1);
    g_thread_join(th);
    g_assert_true(pump_until(fe_is_closed, &h));
    fe_detach(&h, true);
    g_free(opts);
    g_free(path);
}

static void test_socket_telnet(void)
{
    Chardev *srv = chr_new("socket,id=tel,host=127.0.0.1,port=0,server=on,"
                           "wait=off,telnet=on");
    int port = atoi(srv->filename + strlen("disconnected:telnet:127.0.0.1:"));
    struct sockaddr_in sin = { .sin_family = AF_INET };
    uint8_t buf[64];
    int fd, n, got = 0;
    FeHandler h;

    g_assert_true(g_str_has_prefix(srv->filename, "disconnected:telnet:"));
    fe_attach(&h, srv);
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), ==, 0);
    g_assert_true(pump_until(fe_is_opened, &h));
    /* the negotiation: 4 commands of 3 bytes */
    while (got < 12 && (n = recv(fd, buf + got, sizeof(buf) - got, 0)) > 0) {
        got += n;
    }
    g_assert_cmpint(got, ==, 12);
    g_assert_cmpint(buf[0], ==, 0xff);
    /* commands are stripped, IAC IAC is a 0xff, IAC BREAK a break */
    g_assert_cmpint(send(fd, "a\xff\xfd\x01" "b\xff\xff" "c\xff\xf3" "d",
                         11, 0), ==, 11);
    wait_read(&h, 5);
    pump_ms(20);
    g_assert_cmpint(h.read->len, ==, 5);
    g_assert_cmpint(memcmp(h.read->str, "ab\xff" "cd", 5), ==, 0);
    g_assert_cmpint(h.breaks, ==, 1);
    close(fd);
    fe_detach(&h, true);
}

/* ---------------------------------------------------------------- */
/* pty */

static void test_pty(void)
{
    Chardev *chr = chr_new("pty,id=pty0");
    const char *name;
    FeHandler h;
    char buf[16];
    int fd, n;

    g_assert_true(g_str_has_prefix(chr->filename, "pty:/dev/pts/"));
    name = chr->filename + strlen("pty:");
    fe_attach(&h, chr);
    g_assert_cmpint(h.opened, ==, 0);
    /* output while nobody listens is dropped, not an error */
    g_assert_cmpint(qemu_chr_fe_write(&h.be, (uint8_t *)"lost", 4), ==, 4);

    fd = open(name, O_RDWR | O_NOCTTY);
    g_assert_cmpint(fd, >=, 0);
    g_assert_true(pump_until(fe_is_opened, &h));
    g_assert_cmpint(write(fd, "typed", 5), ==, 5);
    wait_read(&h, 5);
    g_assert_cmpstr(h.read->str, ==, "typed");
    qemu_chr_fe_write_all(&h.be, (uint8_t *)"shown", 5);
    n = read(fd, buf, sizeof(buf));
    g_assert_cmpint(n, ==, 5);
    g_assert_cmpint(memcmp(buf, "shown", 5), ==, 0);
    close(fd);
    g_assert_true(pump_until(fe_is_closed, &h));
    fe_detach(&h, true);
}

/* ---------------------------------------------------------------- */
/* mux */

static char *mux_output(void)
{
    return qmp_ringbuf_read("mx-base", 65536, false, 0, &error_abort);
}

static void mux_input(Chardev *base, const char *s)
{
    qemu_chr_be_write(base, (const uint8_t *)s, strlen(s));
}

static void test_mux(void)
{
    Chardev *mux = chr_new("ringbuf,id=mx,mux=on");
    Chardev *base = qemu_chr_find("mx-base");
    FeHandler a, b, extra[3];
    Error *err = NULL;
    char *out;
    int i;

    g_assert_nonnull(base);
    g_assert_true(CHARDEV_IS_MUX(mux));
    g_assert_cmpstr(mux->filename, ==, "mux");
    g_assert_cmpstr(base->filename, ==, "ringbuf");

    fe_attach(&a, mux);
    fe_attach(&b, mux);
    /* the last frontend to attach has the focus */
    g_assert_cmpint(a.mux_in, ==, 1);
    g_assert_cmpint(a.mux_out, ==, 1);
    g_assert_cmpint(b.mux_in, ==, 1);
    g_assert_cmpint(a.opened, ==, 1);
    g_assert_cmpint(b.opened, ==, 1);

    mux_input(base, "x");
    g_assert_cmpstr(b.read->str, ==, "x");
    g_assert_cmpstr(a.read->str, ==, "");

    /* Ctrl-a c: switch to the other frontend */
    mux_input(base, "\x01" "c" "y");
    g_assert_cmpstr(a.read->str, ==, "y");
    g_assert_cmpstr(b.read->str, ==, "x");
    g_assert_cmpint(b.mux_out, ==, 1);
    g_assert_cmpint(a.mux_in, ==, 2);

    /* Ctrl-a Ctrl-a sends one Ctrl-a; an escape split over writes works */
    mux_input(base, "\x01");
    mux_input(base, "\x01" "z");
    g_assert_cmpstr(a.read->str, ==, "y\x01z");

    /* Ctrl-a b: a break for the focused frontend */
    mux_input(base, "\x01" "b");
    g_assert_cmpint(a.breaks, ==, 1);
    g_assert_cmpint(b.breaks, ==, 0);

    /* output of both frontends reaches the base */
    out = mux_output();
    g_free(out);
    qemu_chr_fe_write_all(&a.be, (uint8_t *)"A", 1);
    qemu_chr_fe_write_all(&b.be, (uint8_t *)"B", 1);
    out = mux_output();
    g_assert_cmpstr(out, ==, "AB");
    g_free(out);

    /* Ctrl-a h: help on the output */
    mux_input(base, "\x01" "h");
    out = mux_output();
    g_assert_nonnull(strstr(out, "C-a h    print this help\n\r"));
    g_assert_nonnull(strstr(out, "C-a x    exit emulator\n\r"));
    g_assert_nonnull(strstr(out, "C-a c    switch between console and "
                            "monitor\n\r"));
    g_assert_nonnull(strstr(out, "C-a C-a  sends C-a\n\r"));
    g_free(out);

    /* Ctrl-a t: timestamps on each line */
    mux_input(base, "\x01" "t");
    qemu_chr_fe_write_all(&a.be, (uint8_t *)"line\n", 5);
    qemu_chr_fe_write_all(&a.be, (uint8_t *)"next\n", 5);
    out = mux_output();
    g_assert_true(g_str_has_prefix(out, "line\n["));
    g_assert_nonnull(strstr(out, "] next\n"));
    g_free(out);
    mux_input(base, "\x01" "t");

    /* a busy frontend's input is kept (up to the buffer) */
    a.can_read = 0;
    mux_input(base, "kept");
    g_assert_cmpstr(a.read->str, ==, "y\x01z");
    a.can_read = 4096;
    qemu_chr_fe_accept_input(&a.be);
    g_assert_cmpstr(a.read->str, ==, "y\x01zkept");

    /* a fifth frontend is one too many */
    for (i = 0; i < 2; i++) {
        fe_attach(&extra[i], mux);
    }
    g_assert_false(qemu_chr_fe_init(&extra[2].be, mux, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "too many uses of multiplexed chardev 'mx' "
                    "(maximum is 4)");
    error_free(err);
    for (i = 0; i < 2; i++) {
        fe_detach(&extra[i], false);
    }

    /* the focus cycles through the frontends still attached */
    mux_input(base, "\x01" "c" "1");
    g_assert_cmpstr(b.read->str, ==, "x1");
    mux_input(base, "\x01" "c" "2");
    g_assert_cmpstr(a.read->str, ==, "y\x01zkept2");

    /* Ctrl-a x asks for a shutdown and says so */
    mux_input(base, "\x01" "x");
    out = mux_output();
    g_assert_nonnull(strstr(out, "QEMU: Terminated\n\r"));
    g_free(out);

    fe_detach(&a, false);
    fe_detach(&b, false);
    chr_delete("mx");
    chr_delete("mx-base");
}

static void test_mux_open_delayed(void)
{
    Chardev *mux;
    FeHandler a, b;

    suspend_mux_open();
    mux = chr_new("null,id=md,mux=on");
    fe_attach(&a, mux);
    fe_attach(&b, mux);
    g_assert_cmpint(a.opened + b.opened, ==, 0);
    resume_mux_open();
    /* all attached frontends hear about it at once */
    g_assert_cmpint(a.opened, ==, 1);
    g_assert_cmpint(b.opened, ==, 1);
    fe_detach(&a, false);
    fe_detach(&b, false);
    chr_delete("md");
    chr_delete("md-base");
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    tmpdir = g_dir_make_tmp("test-char-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/char/opts-parse", test_opts_parse);
    g_test_add_func("/char/create-errors", test_create_errors);
    g_test_add_func("/char/help", test_help);
    g_test_add_func("/char/compat-parse", test_compat_parse);
    g_test_add_func("/char/legacy-new", test_legacy_new);
    g_test_add_func("/char/null", test_null);
    g_test_add_func("/char/frontend-in-use", test_frontend_in_use);
    g_test_add_func("/char/file", test_file);
    g_test_add_func("/char/logfile", test_logfile);
    g_test_add_func("/char/ringbuf", test_ringbuf);
    g_test_add_func("/char/qmp-commands", test_qmp_commands);
    g_test_add_func("/char/socket/unix-pair", test_socket_unix_pair);
    g_test_add_func("/char/socket/client-refused",
                    test_socket_client_refused);
    g_test_add_func("/char/socket/tcp", test_socket_tcp);
    g_test_add_func("/char/socket/server-wait", test_socket_server_wait);
    g_test_add_func("/char/socket/telnet", test_socket_telnet);
    g_test_add_func("/char/pty", test_pty);
    g_test_add_func("/char/mux", test_mux);
    g_test_add_func("/char/mux-open-delayed", test_mux_open_delayed);

    ret = g_test_run();
    {
        GDir *dir = g_dir_open(tmpdir, 0, NULL);
        const char *name;

        while (dir && (name = g_dir_read_name(dir))) {
            char *path = g_build_filename(tmpdir, name, NULL);

            unlink(path);
            g_free(path);
        }
        if (dir) {
            g_dir_close(dir);
        }
    }
    rmdir(tmpdir);
    return ret;
}
