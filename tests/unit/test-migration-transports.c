/*
 * Migration transports up to the point where they hand a channel to the
 * migration core: file offsets, listening addresses and their cleanup,
 * and the errors for bad addresses, commands, descriptors and files.
 * (Whole migrations over each transport are the functional tests'.)
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include "qapi/error.h"
#include "qapi/qapi-types.h"
#include "qapi/qapi-visit.h"
#include "qapi/clone-visitor.h"
#include "qemu/module.h"
#include "qemu/sockets.h"
#include "migration/misc.h"
#include "migration/migration.h"
#include "migration/socket.h"
#include "migration/exec.h"
#include "migration/fd.h"
#include "migration/file.h"

static char *tmpdir;

static void test_parse_offset(void)
{
    static const struct {
        const char *in, *path;
        uint64_t offset;
    } good[] = {
        { "/tmp/x", "/tmp/x", 0 },
        { "/tmp/x,offset=4096", "/tmp/x", 4096 },
        { "/tmp/x,offset=1M", "/tmp/x", 1024 * 1024 },
        { "/tmp/a,b,offset=0x10", "/tmp/a,b", 16 },
    };
    static const char *const bad[] = {
        "/tmp/x,offset=", "/tmp/x,offset=abc", "/tmp/x,offset=-1",
        "/tmp/x,offset=12Q", "/tmp/x,offset=99999999999T",
    };
    Error *err = NULL;

    for (int i = 0; i < ARRAY_SIZE(good); i++) {
        g_autofree char *spec = g_strdup(good[i].in);
        uint64_t offset = 1;

        g_assert_true(file_parse_offset(spec, &offset, &error_abort));
        g_assert_cmpstr(spec, ==, good[i].path);
        g_assert_cmpuint(offset, ==, good[i].offset);
    }
    for (int i = 0; i < ARRAY_SIZE(bad); i++) {
        g_autofree char *spec = g_strdup(bad[i]);
        uint64_t offset;

        if (file_parse_offset(spec, &offset, &err)) {
            g_error("'%s' accepted", bad[i]);
        }
        g_assert_nonnull(strstr(error_get_pretty(err), "bad offset"));
        error_free(err);
        err = NULL;
    }
}

/* Connect to @addr; whether it worked. */
static bool can_connect(SocketAddress *addr)
{
    int fd = socket_connect(addr, NULL);

    if (fd < 0) {
        return false;
    }
    close(fd);
    return true;
}

static void stop_listening(void)
{
    MigrationIncomingState *mis = migration_incoming_get_current();

    g_assert_nonnull(mis->transport_cleanup);
    mis->transport_cleanup(mis->transport_data);
    mis->transport_cleanup = NULL;
    mis->transport_data = NULL;
    qapi_free_SocketAddressList(mis->socket_address_list);
    mis->socket_address_list = NULL;
}

static void test_socket_incoming_tcp(void)
{
    MigrationIncomingState *mis = migration_incoming_get_current();
    SocketAddress *addr = socket_parse("tcp:127.0.0.1:0", &error_abort);
    SocketAddress *bound;
    Error *err = NULL;

    socket_start_incoming_migration(addr, &error_abort);
    g_assert_nonnull(mis->socket_address_list);
    g_assert_null(mis->socket_address_list->next);
    bound = mis->socket_address_list->value;
    g_assert_cmpint(bound->type, ==, SOCKET_ADDRESS_TYPE_INET);
    g_assert_cmpstr(bound->u.inet.host, ==, "127.0.0.1");
    g_assert_cmpstr(bound->u.inet.port, !=, "0");
    g_assert_true(can_connect(bound));

    /* the same port again is taken */
    {
        SocketAddress *again = QAPI_CLONE(SocketAddress, bound);
        SocketAddressList *keep = mis->socket_address_list;
        void *data = mis->transport_data;

        socket_start_incoming_migration(again, &err);
        g_assert_nonnull(strstr(error_get_pretty(err), "Failed to listen"));
        error_free(err);
        err = NULL;
        /* a failure leaves the first listener as it was */
        g_assert_true(mis->socket_address_list == keep);
        g_assert_true(mis->transport_data == data);
        qapi_free_SocketAddress(again);
    }

    bound = QAPI_CLONE(SocketAddress, bound);
    stop_listening();
    g_assert_false(can_connect(bound));
    qapi_free_SocketAddress(bound);
    qapi_free_SocketAddress(addr);
}

static void test_socket_incoming_unix(void)
{
    MigrationIncomingState *mis = migration_incoming_get_current();
    g_autofree char *path = g_build_filename(tmpdir, "mig.sock", NULL);
    g_autofree char *uri = g_strdup_printf("unix:%s", path);
    SocketAddress *addr = socket_parse(uri, &error_abort);
    Error *err = NULL;

    socket_start_incoming_migration(addr, &error_abort);
    g_assert_cmpint(mis->socket_address_list->value->type, ==,
                    SOCKET_ADDRESS_TYPE_UNIX);
    g_assert_cmpstr(mis->socket_address_list->value->u.q_unix.path, ==,
                    path);
    g_assert_true(can_connect(addr));
    stop_listening();
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_false(can_connect(addr));
    qapi_free_SocketAddress(addr);

    addr = socket_parse("unix:/nonexistent/dir/mig.sock", &error_abort);
    socket_start_incoming_migration(addr, &err);
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "/nonexistent/dir/mig.sock"));
    error_free(err);
    g_assert_null(mis->transport_cleanup);
    qapi_free_SocketAddress(addr);
}

static strList *make_command(const char *first, ...)
{
    strList *head = NULL, **tail = &head;
    va_list ap;

    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *)) {
        strList *e = g_new0(strList, 1);

        e->value = g_strdup(s);
        *tail = e;
        tail = &e->next;
    }
    va_end(ap);
    return head;
}

static void test_exec_errors(void)
{
    MigrationState *s = migrate_get_current();
    strList *none = make_command("/nonexistent/migrate-helper", NULL);
    Error *err = NULL;

    exec_start_outgoing_migration(s, NULL, &err);
    g_assert_nonnull(strstr(error_get_pretty(err), "command"));
    error_free(err);
    err = NULL;
    exec_start_incoming_migration(none, &err);
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "/nonexistent/migrate-helper"));
    error_free(err);
    err = NULL;
    exec_start_outgoing_migration(s, none, &err);
    g_assert_nonnull(strstr(error_get_pretty(err),
                            "/nonexistent/migrate-helper"));
    error_free(err);
    g_assert_null(s->to_dst_file);
    qapi_free_strList(none);
}

static void test_fd_errors(void)
{
    MigrationState *s = migrate_get_current();
    Error *err = NULL;

    /* no monitor, so no names */
    fd_start_outgoing_migration(s, "migfd", &err);
    g_assert_nonnull(strstr(error_get_pretty(err), "migfd"));
    error_free(err);
    err = NULL;
    fd_start_incoming_migration("migfd", &err);
    g_assert_nonnull(strstr(error_get_pretty(err), "migfd"));
    error_free(err);
    err = NULL;
    /* a number that is no open descriptor */
    fd_start_incoming_migration("987654", &err);
    g_assert_nonnull(strstr(error_get_pretty(err), "987654"));
    error_free(err);
    err = NULL;
    fd_start_incoming_migration("12x", &err);
    error_free_or_abort(&err);
    g_assert_null(s->to_dst_file);
}

static void test_file_errors(void)
{
    MigrationState *s = migrate_get_current();
    g_autofree char *small = g_build_filename(tmpdir, "small", NULL);
    FileMigrationArgs args = { 0 };
    Error *err = NULL;

    args.filename = (char *)"/nonexistent/dir/stream";
    file_start_outgoing_migration(s, &args, &err);
    g_assert_nonnull(strstr(error_get_pretty(err), "/nonexistent/dir"));
    error_free(err);
    err = NULL;
    file_start_incoming_migration(&args, &err);
    g_assert_nonnull(strstr(error_get_pretty(err), "/nonexistent/dir"));
    error_free(err);
    err = NULL;

    /* an offset beyond the end of the stream file */
    g_assert_true(g_file_set_contents(small, "QEVM", 4, NULL));
    args.filename = small;
    args.offset = 4;
    file_start_incoming_migration(&args, &err);
    g_assert_nonnull(strstr(error_get_pretty(err), "beyond the end"));
    error_free(err);
    err = NULL;

    /* a device cannot be written from an offset */
    args.filename = (char *)"/dev/null";
    args.offset = 4096;
    file_start_outgoing_migration(s, &args, &err);
    g_assert_nonnull(strstr(error_get_pretty(err), "not a regular file"));
    error_free(err);
    g_assert_null(s->to_dst_file);
    unlink(small);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    signal(SIGPIPE, SIG_IGN);
    module_call_init(MODULE_INIT_QOM);
    migration_object_init(&error_abort);
    tmpdir = g_dir_make_tmp("test-mig-transports-XXXXXX", NULL);

    g_test_add_func("/migration/file/parse-offset", test_parse_offset);
    g_test_add_func("/migration/socket/incoming-tcp",
                    test_socket_incoming_tcp);
    g_test_add_func("/migration/socket/incoming-unix",
                    test_socket_incoming_unix);
    g_test_add_func("/migration/exec/errors", test_exec_errors);
    g_test_add_func("/migration/fd/errors", test_fd_errors);
    g_test_add_func("/migration/file/errors", test_file_errors);
    ret = g_test_run();
    rmdir(tmpdir);
    return ret;
}
