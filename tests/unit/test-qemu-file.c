/*
 * QEMUFile tests: values round-trip, big and async buffers, errors at
 * end of stream and on a closed peer, peek/skip, positioned I/O,
 * descriptor passing, shutdown of a blocked reader.
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/sockets.h"
#include "io/channel-buffer.h"
#include "io/channel-file.h"
#include "io/channel-socket.h"
#include "migration/qemu-file.h"

static char *tmpdir;

/* An output file on a new buffer channel, and the channel. */
static QEMUFile *buffer_output(QIOChannelBuffer **bioc)
{
    *bioc = qio_channel_buffer_new(0);
    return qemu_file_new_output(QIO_CHANNEL(*bioc));
}

/* An input file reading what @bioc holds, from the start. */
static QEMUFile *buffer_input(QIOChannelBuffer *bioc)
{
    bioc->offset = 0;
    return qemu_file_new_input(QIO_CHANNEL(bioc));
}

static void test_values(void)
{
    QIOChannelBuffer *bioc;
    QEMUFile *f = buffer_output(&bioc);
    uint8_t raw[3] = { 1, 2, 3 }, got[3];
    char name[256];
    int16_t s16;

    qemu_put_byte(f, 0xab);
    qemu_put_be16(f, 0x1234);
    qemu_put_be32(f, 0xdeadbeef);
    qemu_put_be64(f, 0x0102030405060708ULL);
    qemu_put_sbe16(f, -2);
    qemu_put_sbe32(f, -3);
    qemu_put_sbe64(f, -4);
    qemu_put_counted_string(f, "ram");
    qemu_put_buffer(f, raw, 3);
    g_assert_cmpint(qemu_file_transferred(f), ==, 1 + 2 + 4 + 8 + 2 + 4 + 8 +
                    4 + 3);
    g_assert_cmpint(qemu_fflush(f), ==, 0);

    /* big-endian on the wire */
    g_assert_cmpint(bioc->usage, ==, 36);
    g_assert_cmpint(bioc->data[1], ==, 0x12);
    g_assert_cmpint(bioc->data[3], ==, 0xde);

    {
        QEMUFile *in = buffer_input(bioc);

        g_assert_cmpint(qemu_get_byte(in), ==, 0xab);
        g_assert_cmpint(qemu_get_be16(in), ==, 0x1234);
        g_assert_cmpuint(qemu_get_be32(in), ==, 0xdeadbeef);
        g_assert_cmpuint(qemu_get_be64(in), ==, 0x0102030405060708ULL);
        qemu_get_sbe16s(in, &s16);
        g_assert_cmpint(s16, ==, -2);
        g_assert_cmpint(qemu_get_sbe32(in), ==, -3);
        g_assert_cmpint(qemu_get_sbe64(in), ==, -4);
        g_assert_cmpint(qemu_get_counted_string(in, name), ==, 3);
        g_assert_cmpstr(name, ==, "ram");
        g_assert_cmpint(qemu_get_buffer(in, got, 3), ==, 3);
        g_assert_cmpmem(got, 3, raw, 3);
        g_assert_cmpint(qemu_file_get_error(in), ==, 0);
        g_assert_cmpint(qemu_file_transferred(in), ==, 36);

        /* past the end: zero, and the error sticks */
        g_assert_cmpint(qemu_get_be32(in), ==, 0);
        g_assert_cmpint(qemu_file_get_error(in), ==, -EIO);
        g_assert_cmpint(qemu_get_byte(in), ==, 0);
        g_assert_cmpint(qemu_fclose(in), ==, -EIO);
    }
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
}

static void test_truncated(void)
{
    QIOChannelBuffer *bioc;
    QEMUFile *f = buffer_output(&bioc);
    QEMUFile *in;
    uint8_t buf[100];
    Error *err = NULL;
    char name[256];

    qemu_put_be32(f, 7);
    qemu_put_byte(f, 200);          /* a counted string of 200... */
    qemu_put_buffer(f, (uint8_t *)"short", 5);   /* ...cut short */
    qemu_fflush(f);

    in = buffer_input(bioc);
    g_assert_cmpint(qemu_get_be32(in), ==, 7);
    g_assert_cmpint(qemu_get_counted_string(in, name), ==, 0);
    g_assert_cmpint(qemu_file_get_error_obj(in, &err), ==, -EIO);
    g_assert_nonnull(strstr(error_get_pretty(err), "end of the migration"));
    error_free(err);
    /* everything after returns nothing, without blocking */
    g_assert_cmpint(qemu_get_buffer(in, buf, sizeof(buf)), ==, 0);
    g_assert_cmpint(qemu_get_be64(in), ==, 0);
    qemu_fclose(in);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));

    /* an empty stream */
    bioc = qio_channel_buffer_new(0);
    in = qemu_file_new_input(QIO_CHANNEL(bioc));
    g_assert_cmpint(qemu_peek_byte(in, 0), ==, 0);
    g_assert_cmpint(qemu_file_get_error(in), ==, -EIO);
    qemu_fclose(in);
    object_unref(OBJECT(bioc));
}

static void test_peek_skip_in_place(void)
{
    QIOChannelBuffer *bioc;
    QEMUFile *f = buffer_output(&bioc);
    QEMUFile *in;
    uint8_t data[300], copy[300], *p, *mine = copy;

    for (int i = 0; i < 300; i++) {
        data[i] = i * 7;
    }
    qemu_put_buffer(f, data, 300);
    qemu_fflush(f);

    in = buffer_input(bioc);
    g_assert_cmpint(qemu_peek_byte(in, 0), ==, data[0]);
    g_assert_cmpint(qemu_peek_byte(in, 5), ==, data[5]);
    g_assert_cmpint(qemu_peek_buffer(in, &p, 10, 2), ==, 10);
    g_assert_cmpmem(p, 10, data + 2, 10);
    qemu_file_skip(in, 4);
    g_assert_cmpint(qemu_get_byte(in), ==, data[4]);
    /* in place: points into the file's buffer */
    g_assert_cmpint(qemu_get_buffer_in_place(in, &mine, 100), ==, 100);
    g_assert_true(mine != copy);
    g_assert_cmpmem(mine, 100, data + 5, 100);
    /* asking beyond the end gives what is there */
    g_assert_cmpint(qemu_peek_buffer(in, &p, 250, 0), ==, 195);
    g_assert_cmpint(qemu_file_get_error(in), ==, -EIO);
    qemu_fclose(in);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
}

/* Fill @buf with a pattern depending on @seed. */
static void pattern(uint8_t *buf, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = (i * 31 + seed * 17 + (i >> 12)) & 0xff;
    }
}

typedef struct Reader {
    QIOChannel *ioc;
    size_t expect;
    uint8_t *got;
    size_t n;
    int err;
} Reader;

static gpointer reader_fn(gpointer opaque)
{
    Reader *r = opaque;
    QEMUFile *in = qemu_file_new_input(r->ioc);

    r->got = g_malloc(r->expect);
    r->n = 0;
    /* mixed sizes: small gets, then big ones that bypass the buffer */
    while (r->n < r->expect) {
        size_t chunk = MIN(r->expect - r->n, r->n % 3 ? 4096 : 1 << 20);
        size_t got = qemu_get_buffer(in, r->got + r->n, chunk);

        r->n += got;
        if (got < chunk) {
            break;
        }
    }
    r->err = qemu_file_get_error(in);
    qemu_fclose(in);
    return NULL;
}

static void test_big_and_async(void)
{
    const size_t page = 4096, npages = 2048;    /* 8 MiB of "RAM" */
    uint8_t *ram = g_malloc(page * npages);
    uint8_t *expect = g_malloc(page * npages + (1 << 20) + 8 * npages);
    size_t elen = 0;
    int sv[2];
    QIOChannel *a, *b;
    QEMUFile *f;
    Reader r = { 0 };
    GThread *t;
    uint8_t *big = g_malloc(1 << 20);

    pattern(ram, page * npages, 1);
    pattern(big, 1 << 20, 2);
    g_assert_cmpint(qemu_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    b = QIO_CHANNEL(qio_channel_socket_new_fd(sv[1], &error_abort));
    f = qemu_file_new_output(a);
    object_unref(OBJECT(a));

    /* the reader runs meanwhile: the socket holds far less than this */
    r.ioc = b;
    r.expect = npages * (8 + page) + (1 << 20);
    t = g_thread_new("reader", reader_fn, &r);

    /* page runs with a header each, the pages queued in place */
    for (size_t i = 0; i < npages; i++) {
        uint64_t hdr = GUINT64_TO_BE(i * page | 0x8);

        qemu_put_be64(f, i * page | 0x8);
        qemu_put_buffer_async(f, ram + i * page, page, false);
        memcpy(expect + elen, &hdr, 8);
        memcpy(expect + elen + 8, ram + i * page, page);
        elen += 8 + page;
    }
    /* a big plain buffer, reused at once by the caller */
    qemu_put_buffer(f, big, 1 << 20);
    memcpy(expect + elen, big, 1 << 20);
    elen += 1 << 20;
    memset(big, 0, 1 << 20);
    g_assert_cmpint(elen, ==, r.expect);
    g_assert_cmpint(qemu_fflush(f), ==, 0);
    g_assert_cmpint(qemu_file_transferred(f), ==, elen);
    g_thread_join(t);

    g_assert_cmpint(r.err, ==, 0);
    g_assert_cmpint(r.n, ==, elen);
    g_assert_true(memcmp(r.got, expect, elen) == 0);
    g_assert_cmpint(qemu_fclose(f), ==, 0);

    object_unref(OBJECT(b));
    g_free(r.got);
    g_free(ram);
    g_free(big);
    g_free(expect);
}

static void test_closed_peer(void)
{
    int sv[2];
    QIOChannel *a;
    QEMUFile *f;
    uint8_t buf[64 * 1024] = { 0 };
    Error *err = NULL;

    g_assert_cmpint(qemu_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    close(sv[1]);
    f = qemu_file_new_output(a);
    object_unref(OBJECT(a));
    for (int i = 0; i < 64; i++) {
        qemu_put_buffer(f, buf, sizeof(buf));
    }
    g_assert_cmpint(qemu_fflush(f), ==, -EIO);
    g_assert_cmpint(qemu_file_get_error_obj(f, &err), ==, -EIO);
    g_assert_nonnull(err);
    error_free(err);
    /* later puts are ignored */
    qemu_put_be64(f, 1);
    g_assert_cmpint(qemu_fclose(f), ==, -EIO);

    /* a reader whose peer went away sees the end, not a hang */
    g_assert_cmpint(qemu_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    g_assert_cmpint(write(sv[1], "\x00\x00", 2), ==, 2);
    close(sv[1]);
    f = qemu_file_new_input(a);
    object_unref(OBJECT(a));
    g_assert_cmpint(qemu_get_be32(f), ==, 0);
    g_assert_cmpint(qemu_file_get_error(f), ==, -EIO);
    qemu_fclose(f);
}

static gpointer blocked_reader_fn(gpointer opaque)
{
    QEMUFile *f = opaque;

    return GINT_TO_POINTER(qemu_get_be64(f) == 0 &&
                           qemu_file_get_error(f) != 0);
}

static void test_shutdown(void)
{
    int sv[2];
    QIOChannel *a;
    QEMUFile *f;
    GThread *t;

    g_assert_cmpint(qemu_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    f = qemu_file_new_input(a);
    object_unref(OBJECT(a));
    t = g_thread_new("blocked", blocked_reader_fn, f);
    g_usleep(50 * 1000);
    /* wakes the reader blocked on a silent peer */
    g_assert_cmpint(qemu_file_shutdown(f), ==, 0);
    g_assert_true(GPOINTER_TO_INT(g_thread_join(t)));
    qemu_fclose(f);
    close(sv[1]);

    /* a buffer cannot be shut down, but the file fails from now on */
    {
        QIOChannelBuffer *bioc = qio_channel_buffer_new(0);

        f = qemu_file_new_output(QIO_CHANNEL(bioc));
        g_assert_cmpint(qemu_file_shutdown(f), ==, -ENOSYS);
        qemu_put_byte(f, 1);
        g_assert_cmpint(qemu_fflush(f), ==, -EIO);
        qemu_fclose(f);
        object_unref(OBJECT(bioc));
    }
}

static void test_positioned(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "mapped.bin", NULL);
    QIOChannelFile *fioc;
    QEMUFile *f;
    uint8_t page[4096], got[4096];
    Error *err = NULL;

    pattern(page, sizeof(page), 3);
    fioc = qio_channel_file_new_path(path, O_CREAT | O_RDWR | O_TRUNC, 0600,
                                     &error_abort);
    f = qemu_file_new_output(QIO_CHANNEL(fioc));
    qemu_put_be32(f, 0x51455649);
    qemu_put_buffer_at(f, page, sizeof(page), 8192);
    qemu_put_be32(f, 3);
    g_assert_cmpint(qemu_get_offset(f), ==, 8);
    qemu_set_offset(f, 16384, SEEK_SET);
    qemu_put_byte(f, 0x7e);
    g_assert_cmpint(qemu_fclose(f), ==, 0);
    object_unref(OBJECT(fioc));

    fioc = qio_channel_file_new_path(path, O_RDONLY, 0, &error_abort);
    f = qemu_file_new_input(QIO_CHANNEL(fioc));
    g_assert_cmpuint(qemu_get_be32(f), ==, 0x51455649);
    g_assert_cmpint(qemu_get_offset(f), ==, 4);
    g_assert_cmpint(qemu_get_buffer_at(f, got, sizeof(got), 8192), ==,
                    sizeof(got));
    g_assert_cmpmem(got, sizeof(got), page, sizeof(page));
    g_assert_cmpuint(qemu_get_be32(f), ==, 3);
    qemu_set_offset(f, 16384, SEEK_SET);
    g_assert_cmpint(qemu_get_byte(f), ==, 0x7e);
    /* past the end of the file */
    g_assert_cmpint(qemu_get_buffer_at(f, got, 16, 20000), ==, 0);
    g_assert_cmpint(qemu_file_get_error_obj(f, &err), ==, -EIO);
    g_assert_nonnull(strstr(error_get_pretty(err), "20000"));
    error_free(err);
    qemu_fclose(f);
    object_unref(OBJECT(fioc));

    /* a socket cannot do positioned writes */
    {
        int sv[2];
        QIOChannel *a;

        g_assert_cmpint(qemu_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
        a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
        f = qemu_file_new_output(a);
        object_unref(OBJECT(a));
        qemu_put_buffer_at(f, page, 16, 0);
        g_assert_cmpint(qemu_file_get_error(f), ==, -EIO);
        qemu_fclose(f);
        close(sv[1]);
    }
}

static void test_fd_passing(void)
{
    int sv[2], p[2];
    QIOChannel *a, *b;
    QEMUFile *out, *in;
    char buf[8] = { 0 };
    int fd;

    g_assert_cmpint(qemu_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    g_assert_cmpint(pipe(p), ==, 0);
    a = QIO_CHANNEL(qio_channel_socket_new_fd(sv[0], &error_abort));
    b = QIO_CHANNEL(qio_channel_socket_new_fd(sv[1], &error_abort));
    out = qemu_file_new_output(a);
    in = qemu_file_new_input(b);
    object_unref(OBJECT(a));
    object_unref(OBJECT(b));

    qemu_put_be32(out, 42);
    g_assert_cmpint(qemu_file_put_fd(out, p[1]), ==, 0);
    qemu_put_be32(out, 43);
    qemu_fflush(out);
    close(p[1]);

    g_assert_cmpint(qemu_get_be32(in), ==, 42);
    fd = qemu_file_get_fd(in);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, "ok", 2), ==, 2);
    close(fd);
    g_assert_cmpint(read(p[0], buf, sizeof(buf)), ==, 2);
    g_assert_cmpstr(buf, ==, "ok");
    g_assert_cmpint(qemu_get_be32(in), ==, 43);
    /* no descriptor where one is expected */
    qemu_put_byte(out, 'x');
    qemu_fflush(out);
    g_assert_cmpint(qemu_file_get_fd(in), ==, -1);
    g_assert_cmpint(qemu_file_get_error(in), ==, -EINVAL);
    close(p[0]);
    qemu_fclose(out);
    qemu_fclose(in);
}

static void test_counted_string_too_long(void)
{
    QIOChannelBuffer *bioc;
    QEMUFile *f = buffer_output(&bioc);
    char name[300];

    memset(name, 'a', sizeof(name) - 1);
    name[sizeof(name) - 1] = 0;
    qemu_put_counted_string(f, name);
    g_assert_cmpint(qemu_file_get_error(f), ==, -EINVAL);
    qemu_fclose(f);
    object_unref(OBJECT(bioc));
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    signal(SIGPIPE, SIG_IGN);
    module_call_init(MODULE_INIT_QOM);
    tmpdir = g_dir_make_tmp("test-qemu-file-XXXXXX", NULL);

    g_test_add_func("/qemu-file/values", test_values);
    g_test_add_func("/qemu-file/truncated", test_truncated);
    g_test_add_func("/qemu-file/peek-skip-in-place", test_peek_skip_in_place);
    g_test_add_func("/qemu-file/big-and-async", test_big_and_async);
    g_test_add_func("/qemu-file/closed-peer", test_closed_peer);
    g_test_add_func("/qemu-file/shutdown", test_shutdown);
    g_test_add_func("/qemu-file/positioned", test_positioned);
    g_test_add_func("/qemu-file/fd-passing", test_fd_passing);
    g_test_add_func("/qemu-file/counted-string-too-long",
                    test_counted_string_too_long);
    ret = g_test_run();
    {
        g_autofree char *path = g_build_filename(tmpdir, "mapped.bin", NULL);

        unlink(path);
    }
    rmdir(tmpdir);
    g_free(tmpdir);
    return ret;
}
