/*
 * QIOChannel tests: buffer, socket (socketpair, tcp loopback, unix path,
 * descriptor passing), file, command, net listener, async connect, and
 * the socket address helpers.  Loopback only.
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include "qapi/error.h"
#include "qapi/qapi-types.h"
#include "qemu/module.h"
#include "qemu/sockets.h"
#include "io/channel-buffer.h"
#include "io/channel-command.h"
#include "io/channel-file.h"
#include "io/channel-socket.h"
#include "io/channel-util.h"
#include "io/net-listener.h"

static char *tmpdir;

static void test_buffer(void)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(4);
    QIOChannel *ioc = QIO_CHANNEL(bioc);
    char a[] = "hello ", b[] = "world";
    struct iovec iov[2] = { { a, 6 }, { b, 5 } };
    char out[16] = { 0 };
    struct iovec oiov[2] = { { out, 3 }, { out + 3, 13 } };

    g_assert_true(qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_SEEKABLE));
    g_assert_cmpint(qio_channel_writev(ioc, iov, 2, &error_abort), ==, 11);
    g_assert_cmpint(bioc->usage, ==, 11);
    g_assert_cmpint(qio_channel_io_seek(ioc, 0, SEEK_SET, &error_abort),
                    ==, 0);
    g_assert_cmpint(qio_channel_readv(ioc, oiov, 2, &error_abort), ==, 11);
    g_assert_cmpstr(out, ==, "hello world");
    /* end of data */
    g_assert_cmpint(qio_channel_read(ioc, out, 4, &error_abort), ==, 0);

    /* positioned I/O leaves the offset alone */
    g_assert_cmpint(qio_channel_pwrite(ioc, (char *)"W", 1, 6, &error_abort),
                    ==, 1);
    memset(out, 0, sizeof(out));
    g_assert_cmpint(qio_channel_pread(ioc, out, 5, 6, &error_abort), ==, 5);
    g_assert_cmpstr(out, ==, "World");
    g_assert_cmpint(bioc->offset, ==, 11);

    /* a hole past the end reads as zeros */
    g_assert_cmpint(qio_channel_pwrite(ioc, (char *)"Z", 1, 20, &error_abort),
                    ==, 1);
    g_assert_cmpint(bioc->usage, ==, 21);
    g_assert_cmpint(bioc->data[15], ==, 0);

    /* bad seeks */
    g_assert_cmpint(qio_channel_io_seek(ioc, -100, SEEK_SET, NULL), ==, -1);
    object_unref(OBJECT(bioc));
}

static void test_read_all_eof(void)
{
    QIOChannelBuffer *bioc = qio_channel_buffer_new(0);
    QIOChannel *ioc = QIO_CHANNEL(bioc);
    Error *err = NULL;
    char buf[8];

    /* nothing at all: a clean end of file */
    g_assert_cmpint(qio_channel_read_all_eof(ioc, buf, 4, &error_abort),
                    ==, 0);
    qio_channel_write_all(ioc, "abc", 3, &error_abort);
    bioc->offset = 0;
    /* some bytes then the end: an error */
    g_assert_cmpint(qio_channel_read_all_eof(ioc, buf, 4, &err), ==, -1);
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "end-of-file"));
    error_free(err);
    err = NULL;
    bioc->offset = 0;
    g_assert_cmpint(qio_channel_read_all(ioc, buf, 3, &error_abort), ==, 0);
    g_assert_cmpint(qio_channel_read_all(ioc, buf, 1, &err), ==, -1);
    error_free_or_abort(&err);

    /* no descriptors on a buffer */
    {
        int *fds;
        size_t nfds;
        struct iovec iov = { buf, 1 };

        g_assert_cmpint(qio_channel_readv_full(ioc, &iov, 1, &fds, &nfds, 0,
                                               &err), ==, -1);
        error_free_or_abort(&err);
    }
    object_unref(OBJECT(bioc));
}

static void socketpair_channels(QIOChannel **a, QIOChannel **b)
{
    int sv[2];

    g_assert_cmpint(qemu_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    *a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    *b = QIO_CHANNEL(qio_channel_socket_new_fd(sv[1], &error_abort));
}

static void test_socketpair(void)
{
    QIOChannel *a, *b;
    char buf[16] = { 0 };
    Error *err = NULL;

    socketpair_channels(&a, &b);
    g_assert_true(qio_channel_has_feature(a, QIO_CHANNEL_FEATURE_FD_PASS));
    g_assert_true(qio_channel_has_feature(a, QIO_CHANNEL_FEATURE_SHUTDOWN));
    g_assert_cmpint(qio_channel_write_all(a, "ping", 4, &error_abort), ==, 0);
    g_assert_cmpint(qio_channel_read_all(b, buf, 4, &error_abort), ==, 0);
    g_assert_cmpstr(buf, ==, "ping");

    /* non-blocking with nothing to read */
    qio_channel_set_blocking(b, false, &error_abort);
    g_assert_cmpint(qio_channel_read(b, buf, 4, &error_abort), ==,
                    QIO_CHANNEL_ERR_BLOCK);
    qio_channel_set_blocking(b, true, &error_abort);

    /* shutdown: the reader sees the end, the writer an error */
    qio_channel_shutdown(a, QIO_CHANNEL_SHUTDOWN_WRITE, &error_abort);
    g_assert_cmpint(qio_channel_read(b, buf, 4, &error_abort), ==, 0);
    qio_channel_close(b, &error_abort);
    g_assert_cmpint(qio_channel_write_all(a, "x", 1, &err), ==, -1);
    error_free_or_abort(&err);

    object_unref(OBJECT(a));
    object_unref(OBJECT(b));

    /* not a socket: the caller keeps the descriptor */
    {
        int nullfd = open("/dev/null", O_RDONLY);

        g_assert_null(qio_channel_socket_new_fd(nullfd, &err));
        error_free_or_abort(&err);
        g_assert_cmpint(close(nullfd), ==, 0);
    }
}

static void test_fd_passing(void)
{
    QIOChannel *a, *b;
    int pipefd[2];
    int *fds = NULL;
    size_t nfds = 0;
    char c = 0;
    struct iovec iov = { &c, 1 };
    char buf[8] = { 0 };

    socketpair_channels(&a, &b);
    g_assert_cmpint(pipe(pipefd), ==, 0);
    g_assert_cmpint(qio_channel_writev_full_all(a, &iov, 1, &pipefd[1], 1, 0,
                                                &error_abort), ==, 0);
    close(pipefd[1]);
    g_assert_cmpint(qio_channel_readv_full_all(b, &iov, 1, &fds, &nfds,
                                               &error_abort), ==, 0);
    g_assert_cmpint(nfds, ==, 1);
    /* the received descriptor is the write end of our pipe */
    g_assert_cmpint(write(fds[0], "via", 3), ==, 3);
    close(fds[0]);
    g_free(fds);
    g_assert_cmpint(read(pipefd[0], buf, sizeof(buf)), ==, 3);
    g_assert_cmpstr(buf, ==, "via");
    close(pipefd[0]);
    object_unref(OBJECT(a));
    object_unref(OBJECT(b));
}

/* Listen on @addr, connect, accept; check the addresses. */
static void check_listen_connect(SocketAddress *addr)
{
    QIOChannelSocket *lsock = qio_channel_socket_new();
    QIOChannelSocket *csock = qio_channel_socket_new();
    QIOChannelSocket *ssock;
    SocketAddress *laddr, *raddr;
    char buf[8] = { 0 };

    g_assert_cmpint(qio_channel_socket_listen_sync(lsock, addr, 1,
                                                   &error_abort), ==, 0);
    g_assert_true(qio_channel_has_feature(QIO_CHANNEL(lsock),
                                          QIO_CHANNEL_FEATURE_LISTEN));
    laddr = qio_channel_socket_get_local_address(lsock, &error_abort);
    g_assert_cmpint(laddr->type, ==, addr->type);
    if (addr->type == SOCKET_ADDRESS_TYPE_INET) {
        /* port 0 became a real one */
        g_assert_cmpstr(laddr->u.inet.port, !=, "0");
        g_assert_cmpstr(laddr->u.inet.host, ==, "127.0.0.1");
    } else {
        g_assert_cmpstr(laddr->u.q_unix.path, ==, addr->u.q_unix.path);
    }

    g_assert_cmpint(qio_channel_socket_connect_sync(csock, laddr,
                                                    &error_abort), ==, 0);
    ssock = qio_channel_socket_accept(lsock, &error_abort);
    g_assert_nonnull(ssock);
    raddr = qio_channel_socket_get_remote_address(csock, &error_abort);
    if (addr->type == SOCKET_ADDRESS_TYPE_INET) {
        g_assert_cmpstr(raddr->u.inet.port, ==, laddr->u.inet.port);
        qio_channel_set_delay(QIO_CHANNEL(csock), false);
    }
    qio_channel_write_all(QIO_CHANNEL(csock), "data", 4, &error_abort);
    qio_channel_read_all(QIO_CHANNEL(ssock), buf, 4, &error_abort);
    g_assert_cmpstr(buf, ==, "data");

    qapi_free_SocketAddress(laddr);
    qapi_free_SocketAddress(raddr);
    object_unref(OBJECT(ssock));
    object_unref(OBJECT(csock));
    object_unref(OBJECT(lsock));
}

static void test_tcp(void)
{
    SocketAddress *addr = socket_parse("tcp:127.0.0.1:0", &error_abort);

    g_assert_cmpint(addr->type, ==, SOCKET_ADDRESS_TYPE_INET);
    check_listen_connect(addr);
    qapi_free_SocketAddress(addr);
}

static void test_unix(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "u.sock", NULL);
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    SocketAddress *addr = socket_parse(uri, &error_abort);

    check_listen_connect(addr);
    /* closing the listener removed its file */
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    qapi_free_SocketAddress(addr);
}

static void test_connect_errors(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "none.sock", NULL);
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    QIOChannelSocket *lsock = qio_channel_socket_new();
    QIOChannelSocket *csock = qio_channel_socket_new();
    SocketAddress *addr = socket_parse("tcp:127.0.0.1:0", &error_abort);
    SocketAddress *laddr;
    Error *err = NULL;

    /* a port nobody listens on any more */
    qio_channel_socket_listen_sync(lsock, addr, 1, &error_abort);
    laddr = qio_channel_socket_get_local_address(lsock, &error_abort);
    object_unref(OBJECT(lsock));
    g_assert_cmpint(qio_channel_socket_connect_sync(csock, laddr, &err),
                    ==, -1);
    g_assert_nonnull(strstr(error_get_pretty(err), "Failed to connect"));
    error_free(err);
    err = NULL;

    qapi_free_SocketAddress(addr);
    addr = socket_parse(uri, &error_abort);
    g_assert_cmpint(qio_channel_socket_connect_sync(csock, addr, &err),
                    ==, -1);
    g_assert_nonnull(strstr(error_get_pretty(err), path));
    error_free(err);

    qapi_free_SocketAddress(addr);
    qapi_free_SocketAddress(laddr);
    object_unref(OBJECT(csock));
}

static void test_parse(void)
{
    static const char *const bad[] = {
        "", "nohost", "tcp:", "tcp:host:", "[::1", "[::1]", "::1:80",
        "unix:", "fd:", "vsock:", "vsock:3", "vsock::5",
        "host:1,to=x", "host:5,to=4", "host:1,bogus=on", "host:1,ipv4=maybe",
    };
    SocketAddress *addr;
    Error *err = NULL;
    char *uri;

    for (int i = 0; i < ARRAY_SIZE(bad); i++) {
        addr = socket_parse(bad[i], &err);
        if (addr) {
            g_error("'%s' parsed", bad[i]);
        }
        g_assert_nonnull(err);
        error_free(err);
        err = NULL;
    }

    addr = socket_parse("[::1]:4444,to=4450,ipv6=on", &error_abort);
    g_assert_cmpint(addr->type, ==, SOCKET_ADDRESS_TYPE_INET);
    g_assert_cmpstr(addr->u.inet.host, ==, "::1");
    g_assert_cmpstr(addr->u.inet.port, ==, "4444");
    g_assert_true(addr->u.inet.has_to);
    g_assert_cmpint(addr->u.inet.to, ==, 4450);
    uri = socket_uri(addr);
    g_assert_cmpstr(uri, ==, "tcp:[::1]:4444");
    g_free(uri);
    qapi_free_SocketAddress(addr);

    addr = socket_parse(":1234", &error_abort);
    g_assert_cmpstr(addr->u.inet.host, ==, "");
    qapi_free_SocketAddress(addr);

    addr = socket_parse("fd:mig", &error_abort);
    g_assert_cmpint(addr->type, ==, SOCKET_ADDRESS_TYPE_FD);
    g_assert_cmpstr(addr->u.fd.str, ==, "mig");
    /* no monitor here to look the name up in */
    g_assert_cmpint(socket_connect(addr, &err), ==, -1);
    error_free_or_abort(&err);
    qapi_free_SocketAddress(addr);

    addr = socket_parse("vsock:3:1024", &error_abort);
    g_assert_cmpstr(addr->u.vsock.cid, ==, "3");
    g_assert_cmpstr(addr->u.vsock.port, ==, "1024");
    qapi_free_SocketAddress(addr);

    /* resolution failure */
    addr = socket_parse("tcp:no.such.host.invalid:1", &error_abort);
    g_assert_cmpint(socket_connect(addr, &err), ==, -1);
    error_free_or_abort(&err);
    qapi_free_SocketAddress(addr);
}

static void test_file(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "f.bin", NULL);
    QIOChannelFile *fioc;
    QIOChannel *ioc;
    char buf[16] = { 0 };
    Error *err = NULL;

    fioc = qio_channel_file_new_path(path, O_CREAT | O_RDWR | O_TRUNC, 0600,
                                     &error_abort);
    ioc = QIO_CHANNEL(fioc);
    g_assert_true(qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_SEEKABLE));
    qio_channel_write_all(ioc, "0123456789", 10, &error_abort);
    g_assert_cmpint(qio_channel_pwrite(ioc, (char *)"AB", 2, 3, &error_abort),
                    ==, 2);
    g_assert_cmpint(qio_channel_io_seek(ioc, 0, SEEK_CUR, &error_abort), ==,
                    10);
    g_assert_cmpint(qio_channel_pread(ioc, buf, 6, 1, &error_abort), ==, 6);
    g_assert_cmpstr(buf, ==, "12AB56");
    g_assert_cmpint(qio_channel_io_seek(ioc, 8, SEEK_SET, &error_abort), ==,
                    8);
    memset(buf, 0, sizeof(buf));
    g_assert_cmpint(qio_channel_read(ioc, buf, 16, &error_abort), ==, 2);
    g_assert_cmpstr(buf, ==, "89");
    g_assert_cmpint(qio_channel_close(ioc, &error_abort), ==, 0);
    object_unref(OBJECT(fioc));

    /* missing file: the error names it */
    g_assert_null(qio_channel_file_new_path("/nonexistent/x", O_RDONLY, 0,
                                            &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "/nonexistent/x"));
    error_free(err);
    err = NULL;

    /* a pipe is not seekable */
    {
        int p[2];

        g_assert_cmpint(pipe(p), ==, 0);
        ioc = qio_channel_new_fd(p[0], &error_abort);
        g_assert_true(object_dynamic_cast(OBJECT(ioc),
                                          TYPE_QIO_CHANNEL_FILE));
        g_assert_false(qio_channel_has_feature(ioc,
                                               QIO_CHANNEL_FEATURE_SEEKABLE));
        g_assert_cmpint(qio_channel_pread(ioc, buf, 1, 0, &err), ==, -1);
        error_free_or_abort(&err);
        close(p[1]);
        object_unref(OBJECT(ioc));
    }

    /* /dev/fdset/ paths need an fd set */
    g_assert_null(qio_channel_file_new_path("/dev/fdset/7", O_RDONLY, 0,
                                            &err));
    error_free_or_abort(&err);
    g_assert_null(qio_channel_file_new_path("/dev/fdset/x", O_RDONLY, 0,
                                            &err));
    error_free_or_abort(&err);
}

static void test_command(void)
{
    const char *cat[] = { "cat", NULL };
    const char *fail[] = { "sh", "-c", "exit 3", NULL };
    const char *none[] = { "/nonexistent/command", NULL };
    const char *echo[] = { "echo", "from child", NULL };
    QIOChannelCommand *cioc;
    char buf[32] = { 0 };
    Error *err = NULL;

    /* a round trip through cat */
    cioc = qio_channel_command_new_spawn(cat, O_RDWR, &error_abort);
    qio_channel_write_all(QIO_CHANNEL(cioc), "hello", 5, &error_abort);
    qio_channel_read_all(QIO_CHANNEL(cioc), buf, 5, &error_abort);
    g_assert_cmpstr(buf, ==, "hello");
    g_assert_cmpint(qio_channel_close(QIO_CHANNEL(cioc), &error_abort), ==, 0);
    object_unref(OBJECT(cioc));

    /* read only */
    cioc = qio_channel_command_new_spawn(echo, O_RDONLY, &error_abort);
    memset(buf, 0, sizeof(buf));
    g_assert_cmpint(qio_channel_read_all_eof(QIO_CHANNEL(cioc), buf, 11,
                                             &error_abort), ==, 1);
    g_assert_cmpstr(buf, ==, "from child\n");
    g_assert_cmpint(qio_channel_write(QIO_CHANNEL(cioc), "x", 1, &err), ==,
                    -1);
    error_free_or_abort(&err);
    g_assert_cmpint(qio_channel_close(QIO_CHANNEL(cioc), &error_abort), ==, 0);
    object_unref(OBJECT(cioc));

    /* the exit status is reported on close */
    cioc = qio_channel_command_new_spawn(fail, O_WRONLY, &error_abort);
    g_assert_cmpint(qio_channel_close(QIO_CHANNEL(cioc), &err), ==, -1);
    g_assert_nonnull(strstr(error_get_pretty(err), "status 3"));
    error_free(err);
    err = NULL;
    object_unref(OBJECT(cioc));

    /* a command that does not exist */
    g_assert_null(qio_channel_command_new_spawn(none, O_RDONLY, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "/nonexistent/command"));
    error_free(err);
    err = NULL;

    /* shutdown stops a child that would run for ever */
    cioc = qio_channel_command_new_spawn(cat, O_RDWR, &error_abort);
    qio_channel_shutdown(QIO_CHANNEL(cioc), QIO_CHANNEL_SHUTDOWN_BOTH,
                         &error_abort);
    g_assert_cmpint(qio_channel_read(QIO_CHANNEL(cioc), buf, 1,
                                     &error_abort), ==, 0);
    g_assert_cmpint(qio_channel_close(QIO_CHANNEL(cioc), &err), ==, -1);
    error_free_or_abort(&err);
    object_unref(OBJECT(cioc));
}

typedef struct ListenState {
    int clients;
    QIOChannelSocket *last;
} ListenState;

static void on_client(QIONetListener *listener, QIOChannelSocket *sioc,
                      gpointer opaque)
{
    ListenState *s = opaque;

    s->clients++;
    if (s->last) {
        object_unref(OBJECT(s->last));
    }
    s->last = sioc;
    object_ref(OBJECT(sioc));
}

typedef struct ConnectState {
    bool done;
    bool failed;
} ConnectState;

static void on_connected(QIOTask *task, gpointer opaque)
{
    ConnectState *s = opaque;
    Error *err = NULL;

    s->failed = qio_task_propagate_error(task, &err);
    error_free(err);
    s->done = true;
}

static void test_net_listener(void)
{
    QIONetListener *listener = qio_net_listener_new();
    SocketAddress *addr = socket_parse("127.0.0.1:0", &error_abort);
    SocketAddress *laddr;
    ListenState ls = { 0 };
    ConnectState cs = { 0 };
    QIOChannelSocket *c1 = qio_channel_socket_new();
    QIOChannelSocket *c2 = qio_channel_socket_new();
    QIOChannelSocket *c3 = qio_channel_socket_new();
    QIOChannelSocket *got;

    qio_net_listener_open_sync(listener, addr, 4, &error_abort);
    g_assert_true(qio_net_listener_is_connected(listener));
    laddr = qio_channel_socket_get_local_address(listener->sioc[0],
                                                 &error_abort);
    qio_net_listener_set_client_func(listener, on_client, &ls, NULL);

    /* two clients accepted from the main context */
    qio_channel_socket_connect_sync(c1, laddr, &error_abort);
    while (ls.clients < 1) {
        g_main_context_iteration(NULL, TRUE);
    }
    qio_channel_socket_connect_async(c2, laddr, on_connected, &cs, NULL,
                                     NULL);
    while (ls.clients < 2 || !cs.done) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_false(cs.failed);
    g_assert_cmpint(c2->fd, >=, 0);

    /* wait_client blocks until one comes (here it is already queued) */
    qio_channel_socket_connect_sync(c3, laddr, &error_abort);
    got = qio_net_listener_wait_client(listener);
    g_assert_nonnull(got);
    g_assert_cmpint(ls.clients, ==, 3);
    object_unref(OBJECT(got));

    qio_net_listener_disconnect(listener);
    g_assert_false(qio_net_listener_is_connected(listener));

    /* an async connect that fails reports it */
    cs.done = false;
    object_unref(OBJECT(c1));
    c1 = qio_channel_socket_new();
    qio_channel_socket_connect_async(c1, laddr, on_connected, &cs, NULL,
                                     NULL);
    while (!cs.done) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_true(cs.failed);

    object_unref(OBJECT(ls.last));
    object_unref(OBJECT(c1));
    object_unref(OBJECT(c2));
    object_unref(OBJECT(c3));
    object_unref(OBJECT(listener));
    qapi_free_SocketAddress(addr);
    qapi_free_SocketAddress(laddr);
}

static gboolean watch_cb(QIOChannel *ioc, GIOCondition cond, gpointer opaque)
{
    *(GIOCondition *)opaque = cond;
    return G_SOURCE_REMOVE;
}

static void test_watch(void)
{
    QIOChannel *a, *b;
    GIOCondition got = 0;

    socketpair_channels(&a, &b);
    qio_channel_add_watch(b, G_IO_IN, watch_cb, &got, NULL);
    g_main_context_iteration(NULL, FALSE);
    g_assert_cmpint(got, ==, 0);
    qio_channel_write_all(a, "x", 1, &error_abort);
    while (!got) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_true(got & G_IO_IN);
    object_unref(OBJECT(a));
    object_unref(OBJECT(b));
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    signal(SIGPIPE, SIG_IGN);
    module_call_init(MODULE_INIT_QOM);
    tmpdir = g_dir_make_tmp("test-io-XXXXXX", NULL);

    g_test_add_func("/io/buffer", test_buffer);
    g_test_add_func("/io/read-all-eof", test_read_all_eof);
    g_test_add_func("/io/socket/pair", test_socketpair);
    g_test_add_func("/io/socket/fd-passing", test_fd_passing);
    g_test_add_func("/io/socket/tcp", test_tcp);
    g_test_add_func("/io/socket/unix", test_unix);
    g_test_add_func("/io/socket/connect-errors", test_connect_errors);
    g_test_add_func("/io/socket/parse", test_parse);
    g_test_add_func("/io/file", test_file);
    g_test_add_func("/io/command", test_command);
    g_test_add_func("/io/net-listener", test_net_listener);
    g_test_add_func("/io/watch", test_watch);
    ret = g_test_run();
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
