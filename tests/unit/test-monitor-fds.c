/*
 * Descriptors passed to a QMP monitor over its unix socket (SCM_RIGHTS):
 * getfd/closefd, add-fd/remove-fd/query-fdsets, /dev/fdset/ID, and
 * monitor_fd_param's numbers.
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include "chardev/char.h"
#include "io/channel-file.h"
#include "monitor/monitor.h"
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qom/object-compat.h"
#include "socket-client.h"

static char *tmpdir;
static char *sock_path;

static QDict *client_read_dict(Client *c)
{
    char *line = client_read_until(c, "\n");
    QObject *obj = qobject_from_json(line, &error_abort);
    QDict *d = qobject_to(QDict, obj);

    g_assert_nonnull(d);
    g_free(line);
    return d;
}

/* Send @cmd, with descriptor @fd (if >= 0) riding along. */
static QDict *client_cmd_fd(Client *c, const char *cmd, int fd)
{
    struct iovec iov = { .iov_base = (void *)cmd, .iov_len = strlen(cmd) };
    union {
        struct cmsghdr align;
        char control[CMSG_SPACE(sizeof(int))];
    } u = { 0 };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

    if (fd >= 0) {
        struct cmsghdr *cmsg;

        msg.msg_control = u.control;
        msg.msg_controllen = sizeof(u.control);
        cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
    }
    g_assert_cmpint(sendmsg(c->fd, &msg, 0), ==, strlen(cmd));
    for (;;) {
        QDict *d = client_read_dict(c);

        if (!qdict_haskey(d, "event")) {
            return d;
        }
        qobject_unref(d);
    }
}

static Client *client_negotiated(void)
{
    Client *c = client_connect_path(sock_path);
    QDict *rsp;

    g_free(client_read_until(c, "\n"));
    rsp = client_cmd_fd(c, "{\"execute\": \"qmp_capabilities\"}", -1);
    g_assert_true(qdict_haskey(rsp, "return"));
    qobject_unref(rsp);
    return c;
}

static void assert_ok(QDict *rsp)
{
    if (!qdict_haskey(rsp, "return")) {
        g_error("command failed: %s",
                qdict_get_str(qdict_get_qdict(rsp, "error"), "desc"));
    }
    qobject_unref(rsp);
}

static void assert_error(QDict *rsp, const char *substr)
{
    QDict *err = qdict_get_qdict(rsp, "error");

    g_assert_nonnull(err);
    if (!strstr(qdict_get_str(err, "desc"), substr)) {
        g_error("error '%s' lacks '%s'", qdict_get_str(err, "desc"), substr);
    }
    qobject_unref(rsp);
}

static void test_getfd(void)
{
    Client *c = client_negotiated();
    int p[2];

    g_assert_cmpint(pipe(p), ==, 0);
    assert_error(client_cmd_fd(c, "{\"execute\": \"getfd\", \"arguments\": "
                               "{\"fdname\": \"mig\"}}", -1),
                 "No file descriptor supplied via SCM_RIGHTS");
    assert_error(client_cmd_fd(c, "{\"execute\": \"getfd\", \"arguments\": "
                               "{\"fdname\": \"1x\"}}", p[1]),
                 "not starting with a digit");
    assert_ok(client_cmd_fd(c, "{\"execute\": \"getfd\", \"arguments\": "
                            "{\"fdname\": \"mig\"}}", p[1]));
    /* the same name again replaces it */
    assert_ok(client_cmd_fd(c, "{\"execute\": \"getfd\", \"arguments\": "
                            "{\"fdname\": \"mig\"}}", p[1]));
    assert_ok(client_cmd_fd(c, "{\"execute\": \"closefd\", \"arguments\": "
                            "{\"fdname\": \"mig\"}}", -1));
    assert_error(client_cmd_fd(c, "{\"execute\": \"closefd\", "
                               "\"arguments\": {\"fdname\": \"mig\"}}", -1),
                 "File descriptor named 'mig' not found");

    /* a name left behind is closed with its monitor */
    assert_ok(client_cmd_fd(c, "{\"execute\": \"getfd\", \"arguments\": "
                            "{\"fdname\": \"left\"}}", p[1]));
    close(p[1]);
    client_close(c);
    close(p[0]);
}

static void test_fdsets(void)
{
    Client *c = client_negotiated();
    QDict *rsp, *ret, *set, *fdinfo;
    QList *sets, *fds;
    QIOChannelFile *fioc;
    Error *err = NULL;
    int p[2];
    int64_t id, fd;
    char buf[8] = { 0 };

    g_assert_cmpint(pipe(p), ==, 0);
    rsp = client_cmd_fd(c, "{\"execute\": \"add-fd\", \"arguments\": "
                        "{\"opaque\": \"pipe write end\"}}", p[1]);
    ret = qdict_get_qdict(rsp, "return");
    g_assert_nonnull(ret);
    id = qdict_get_int(ret, "fdset-id");
    fd = qdict_get_int(ret, "fd");
    qobject_unref(rsp);
    close(p[1]);

    rsp = client_cmd_fd(c, "{\"execute\": \"query-fdsets\"}", -1);
    sets = qdict_get_qlist(rsp, "return");
    g_assert_cmpint(qlist_size(sets), ==, 1);
    set = qobject_to(QDict, qlist_peek(sets));
    g_assert_cmpint(qdict_get_int(set, "fdset-id"), ==, id);
    fds = qdict_get_qlist(set, "fds");
    fdinfo = qobject_to(QDict, qlist_peek(fds));
    g_assert_cmpint(qdict_get_int(fdinfo, "fd"), ==, fd);
    g_assert_cmpstr(qdict_get_str(fdinfo, "opaque"), ==, "pipe write end");
    qobject_unref(rsp);

    /* /dev/fdset/ID opens a duplicate with the right access mode */
    {
        g_autofree char *path = g_strdup_printf("/dev/fdset/%" PRId64, id);

        fioc = qio_channel_file_new_path(path, O_WRONLY, 0, &error_abort);
        qio_channel_write_all(QIO_CHANNEL(fioc), "fds", 3, &error_abort);
        object_unref(OBJECT(fioc));
        g_assert_cmpint(read(p[0], buf, sizeof(buf)), ==, 3);
        g_assert_cmpstr(buf, ==, "fds");
        g_assert_null(qio_channel_file_new_path(path, O_RDONLY, 0, &err));
        g_assert_nonnull(strstr(error_get_pretty(err), "reading"));
        error_free(err);
    }

    assert_error(client_cmd_fd(c, "{\"execute\": \"remove-fd\", "
                               "\"arguments\": {\"fdset-id\": 99}}", -1),
                 "fdset-id:99");
    assert_error(client_cmd_fd(c, "{\"execute\": \"add-fd\", "
                               "\"arguments\": {\"fdset-id\": -1}}", -1),
                 "non-negative");
    {
        g_autofree char *cmd =
            g_strdup_printf("{\"execute\": \"remove-fd\", \"arguments\": "
                            "{\"fdset-id\": %" PRId64 ", \"fd\": %" PRId64
                            "}}", id, fd);

        assert_ok(client_cmd_fd(c, cmd, -1));
    }
    rsp = client_cmd_fd(c, "{\"execute\": \"query-fdsets\"}", -1);
    g_assert_cmpint(qlist_size(qdict_get_qlist(rsp, "return")), ==, 0);
    qobject_unref(rsp);
    /* every write end is gone now */
    g_assert_cmpint(read(p[0], buf, sizeof(buf)), ==, 0);
    close(p[0]);
    client_close(c);
}

static void test_fd_param(void)
{
    Error *err = NULL;
    int fd = open("/dev/null", O_RDONLY);
    g_autofree char *num = g_strdup_printf("%d", fd);

    g_assert_cmpint(monitor_fd_param(NULL, num, &error_abort), ==, fd);
    close(fd);
    /* closed now */
    g_assert_cmpint(monitor_fd_param(NULL, num, &err), ==, -1);
    error_free_or_abort(&err);
    g_assert_cmpint(monitor_fd_param(NULL, "12abc", &err), ==, -1);
    g_assert_nonnull(strstr(error_get_pretty(err), "12abc"));
    error_free(err);
    err = NULL;
    /* a name needs a monitor */
    g_assert_cmpint(monitor_fd_param(NULL, "mig", &err), ==, -1);
    g_assert_nonnull(strstr(error_get_pretty(err), "mig"));
    error_free(err);
}

int main(int argc, char **argv)
{
    Chardev *chr;
    int ret;

    g_test_init(&argc, &argv, NULL);
    qemu_init_main_loop(&error_abort);
    tmpdir = g_dir_make_tmp("test-monitor-fds-XXXXXX", NULL);
    phase_advance(PHASE_MACHINE_CREATED);
    phase_advance(PHASE_ACCEL_CREATED);
    phase_advance(PHASE_LATE_BACKENDS_CREATED);
    phase_advance(PHASE_MACHINE_INITIALIZED);
    phase_advance(PHASE_MACHINE_READY);
    sock_path = g_build_filename(tmpdir, "qmp.sock", NULL);
    chr = socket_server_chardev_new("qmp0", sock_path);
    g_assert_true(monitor_init_qmp(chr, false, &error_abort));

    g_test_add_func("/monitor-fds/getfd", test_getfd);
    g_test_add_func("/monitor-fds/fdsets", test_fdsets);
    g_test_add_func("/monitor-fds/fd-param", test_fd_param);
    ret = g_test_run();
    monitor_cleanup();
    qemu_chr_cleanup();
    rmdir(tmpdir);
    return ret;
}
