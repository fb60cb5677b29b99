/*
 * QEMUFile: buffered stream over a QIOChannel.
 *
 * Output: small puts are copied into @buf; every chunk to write (parts
 * of @buf, or the caller's memory for large and async puts) is an entry
 * of @iov, neighbouring entries merged, and the whole list goes out in
 * one writev.  Input: reads fill @buf; large reads bypass it.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "qapi/error.h"
#include "migration/qemu-file.h"
#include "migration/migration-stats.h"

#define IO_BUF_SIZE (128 * 1024)
/* Entries per writev: many page runs and their headers per syscall. */
#define MAX_IOV_SIZE 1024
/* Output puts at least this big are queued in place, not copied. */
#define PUT_IN_PLACE_MIN (16 * 1024)
/* Marker byte that carries a descriptor (qemu_file_put_fd). */
#define QEMU_FILE_FD_MARKER 'F'

/* A new Error, for errors recorded in the file rather than returned. */
static Error * G_GNUC_PRINTF(1, 2) file_error(const char *fmt, ...)
{
    Error *err = NULL;
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&err, "%s", msg);
    return err;
}

struct QEMUFile {
    QIOChannel *ioc;
    bool is_writable;

    /* Output: bytes of @buf used.  Input: read position in @buf. */
    size_t buf_index;
    /* Input: bytes of @buf holding data. */
    size_t buf_size;
    uint8_t *buf;

    struct iovec iov[MAX_IOV_SIZE];
    bool may_free[MAX_IOV_SIZE];
    unsigned int iovcnt;
    uint64_t queued;            /* bytes in @iov */

    uint64_t total_transferred;

    int last_error;
    Error *last_error_obj;

    /* Input: descriptors received with the data, oldest first. */
    GQueue fds;
};

static QEMUFile *qemu_file_new_impl(QIOChannel *ioc, bool is_writable)
{
    QEMUFile *f = g_new0(QEMUFile, 1);

    object_ref(OBJECT(ioc));
    f->ioc = ioc;
    f->is_writable = is_writable;
    f->buf = g_malloc(IO_BUF_SIZE);
    g_queue_init(&f->fds);
    return f;
}

QEMUFile *qemu_file_new_input(QIOChannel *ioc)
{
    return qemu_file_new_impl(ioc, false);
}

QEMUFile *qemu_file_new_output(QIOChannel *ioc)
{
    return qemu_file_new_impl(ioc, true);
}

QEMUFile *qemu_file_get_return_path(QEMUFile *f)
{
    return qemu_file_new_impl(f->ioc, !f->is_writable);
}

QIOChannel *qemu_file_get_ioc(QEMUFile *file)
{
    return file->ioc;
}

bool qemu_file_is_writable(QEMUFile *f)
{
    return f->is_writable;
}

/* ---------------------------------------------------------------- */
/* Errors */

void qemu_file_set_error_obj(QEMUFile *f, int ret, Error *err)
{
    if (f->last_error == 0 && ret) {
        f->last_error = ret;
        f->last_error_obj = err;
    } else {
        error_free(err);
    }
}

void qemu_file_set_error(QEMUFile *f, int ret)
{
    qemu_file_set_error_obj(f, ret, NULL);
}

int qemu_file_get_error(QEMUFile *f)
{
    return f->last_error;
}

int qemu_file_get_error_obj(QEMUFile *f, Error **errp)
{
    if (!f->last_error) {
        return 0;
    }
    if (errp) {
        if (f->last_error_obj) {
            *errp = error_copy(f->last_error_obj);
        } else {
            error_setg_errno(errp, -f->last_error, "Channel error");
        }
    }
    return f->last_error;
}

int qemu_file_get_error_obj_any(QEMUFile *f1, QEMUFile *f2, Error **errp)
{
    int ret = 0;

    if (f1) {
        ret = qemu_file_get_error_obj(f1, errp);
    }
    if (!ret && f2) {
        ret = qemu_file_get_error_obj(f2, errp);
    }
    return ret;
}

/* ---------------------------------------------------------------- */
/* Output */

/* Drop the pages of a written buffer the caller said it will not need. */
static void release_written(QEMUFile *f)
{
    uintptr_t page = (uintptr_t)getpagesize();

    for (unsigned int i = 0; i < f->iovcnt; i++) {
        uintptr_t start, end;

        if (!f->may_free[i]) {
            continue;
        }
        start = ROUND_UP((uintptr_t)f->iov[i].iov_base, page);
        end = ((uintptr_t)f->iov[i].iov_base + f->iov[i].iov_len) &
              ~(page - 1);
        if (end > start) {
            madvise((void *)start, end - start, MADV_DONTNEED);
        }
    }
}

int qemu_fflush(QEMUFile *f)
{
    if (!f->is_writable) {
        return f->last_error;
    }
    if (f->last_error) {
        f->iovcnt = 0;
        f->queued = 0;
        f->buf_index = 0;
        return f->last_error;
    }
    if (f->iovcnt) {
        Error *local_err = NULL;

        if (qio_channel_writev_all(f->ioc, f->iov, f->iovcnt,
                                   &local_err) < 0) {
            qemu_file_set_error_obj(f, -EIO, local_err);
        } else {
            f->total_transferred += f->queued;
            stat64_add(&mig_stats.qemu_file_transferred, f->queued);
            release_written(f);
        }
    }
    f->iovcnt = 0;
    f->queued = 0;
    f->buf_index = 0;
    return f->last_error;
}

bool qemu_file_buffer_empty(QEMUFile *file)
{
    return file->iovcnt == 0;
}

/* Whether @buf continues the last queued entry. */
static bool iov_mergeable(QEMUFile *f, const uint8_t *buf, bool may_free)
{
    struct iovec *last;

    if (!f->iovcnt) {
        return false;
    }
    last = &f->iov[f->iovcnt - 1];
    return (uint8_t *)last->iov_base + last->iov_len == buf &&
           f->may_free[f->iovcnt - 1] == may_free;
}

/* Queue @size bytes at @buf, merged with the last entry if adjacent. */
static void add_to_iovec(QEMUFile *f, const uint8_t *buf, size_t size,
                         bool may_free)
{
    if (iov_mergeable(f, buf, may_free)) {
        f->iov[f->iovcnt - 1].iov_len += size;
        f->queued += size;
        return;
    }
    if (f->iovcnt == MAX_IOV_SIZE) {
        qemu_fflush(f);
    }
    f->iov[f->iovcnt].iov_base = (void *)buf;
    f->iov[f->iovcnt].iov_len = size;
    f->may_free[f->iovcnt] = may_free;
    f->iovcnt++;
    f->queued += size;
}

void qemu_put_buffer_async(QEMUFile *f, const uint8_t *buf, size_t size,
                           bool may_free)
{
    if (f->last_error || !size) {
        return;
    }
    add_to_iovec(f, buf, size, may_free);
}

/* Copy into the buffer; flushes when it fills. */
static void put_copy(QEMUFile *f, const uint8_t *buf, size_t size)
{
    while (size && !f->last_error) {
        size_t n;

        /* A flush inside add_to_iovec would move the buffer under us. */
        if (f->iovcnt == MAX_IOV_SIZE &&
            !iov_mergeable(f, f->buf + f->buf_index, false)) {
            qemu_fflush(f);
        }
        n = MIN(size, IO_BUF_SIZE - f->buf_index);

        memcpy(f->buf + f->buf_index, buf, n);
        add_to_iovec(f, f->buf + f->buf_index, n, false);
        f->buf_index += n;
        buf += n;
        size -= n;
        if (f->buf_index == IO_BUF_SIZE) {
            qemu_fflush(f);
        }
    }
}

void qemu_put_buffer(QEMUFile *f, const uint8_t *buf, size_t size)
{
    if (f->last_error || !size) {
        return;
    }
    if (size >= PUT_IN_PLACE_MIN) {
        /* Big: write it from where it is; the caller may reuse it. */
        add_to_iovec(f, buf, size, false);
        qemu_fflush(f);
        return;
    }
    put_copy(f, buf, size);
}

void qemu_put_byte(QEMUFile *f, int v)
{
    uint8_t b = v;

    if (f->last_error) {
        return;
    }
    put_copy(f, &b, 1);
}

void qemu_put_be16(QEMUFile *f, unsigned int v)
{
    uint8_t b[2] = { v >> 8, v };

    if (!f->last_error) {
        put_copy(f, b, sizeof(b));
    }
}

void qemu_put_be32(QEMUFile *f, unsigned int v)
{
    uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };

    if (!f->last_error) {
        put_copy(f, b, sizeof(b));
    }
}

void qemu_put_be64(QEMUFile *f, uint64_t v)
{
    uint64_t be = GUINT64_TO_BE(v);

    if (!f->last_error) {
        put_copy(f, (uint8_t *)&be, sizeof(be));
    }
}

void qemu_put_counted_string(QEMUFile *f, const char *name)
{
    size_t len = strlen(name);

    if (len > 255) {
        qemu_file_set_error_obj(f, -EINVAL,
            file_error("String '%.32s...' is %zu bytes long; at "
                                "most 255 fit a counted string", name, len));
        return;
    }
    qemu_put_byte(f, len);
    qemu_put_buffer(f, (const uint8_t *)name, len);
}

void qemu_put_buffer_at(QEMUFile *f, const uint8_t *buf, size_t buflen,
                        off_t pos)
{
    Error *err = NULL;
    size_t done = 0;

    if (f->last_error) {
        return;
    }
    qemu_fflush(f);
    while (done < buflen && !f->last_error) {
        ssize_t n = qio_channel_pwrite(f->ioc, (char *)buf + done,
                                       buflen - done, pos + done, &err);

        if (n < 0) {
            qemu_file_set_error_obj(f, -EIO, err);
            return;
        }
        if (n == 0) {
            qemu_file_set_error_obj(f, -EIO,
                file_error("Could not write at offset %lld",
                                    (long long)(pos + done)));
            return;
        }
        done += n;
    }
    f->total_transferred += buflen;
    stat64_add(&mig_stats.qemu_file_transferred, buflen);
}

int qemu_file_put_fd(QEMUFile *f, int fd)
{
    Error *err = NULL;
    char marker = QEMU_FILE_FD_MARKER;
    struct iovec iov = { .iov_base = &marker, .iov_len = 1 };

    if (qemu_fflush(f)) {
        return f->last_error;
    }
    if (qio_channel_writev_full_all(f->ioc, &iov, 1, &fd, 1, 0, &err) < 0) {
        qemu_file_set_error_obj(f, -EIO, err);
        return -EIO;
    }
    f->total_transferred++;
    stat64_add(&mig_stats.qemu_file_transferred, 1);
    return 0;
}

/* ---------------------------------------------------------------- */
/* Input */

static void set_eof_error(QEMUFile *f)
{
    qemu_file_set_error_obj(f, -EIO,
        file_error("Unexpected end of the migration stream"));
}

/*
 * Read more into the buffer, keeping what is not consumed yet.
 * Returns the bytes added; 0 with the error set at end of stream.
 */
static ssize_t fill_buffer(QEMUFile *f)
{
    size_t pending = f->buf_size - f->buf_index;
    bool want_fds = qio_channel_has_feature(f->ioc,
                                            QIO_CHANNEL_FEATURE_FD_PASS);
    Error *err = NULL;
    ssize_t len;

    if (f->last_error) {
        return 0;
    }
    if (f->buf_index) {
        memmove(f->buf, f->buf + f->buf_index, pending);
        f->buf_index = 0;
        f->buf_size = pending;
    }
    if (f->buf_size == IO_BUF_SIZE) {
        return 0;
    }
    for (;;) {
        struct iovec iov = {
            .iov_base = f->buf + f->buf_size,
            .iov_len = IO_BUF_SIZE - f->buf_size,
        };
        int *fds = NULL;
        size_t nfds = 0;

        len = qio_channel_readv_full(f->ioc, &iov, 1,
                                     want_fds ? &fds : NULL,
                                     want_fds ? &nfds : NULL, 0, &err);
        for (size_t i = 0; i < nfds; i++) {
            g_queue_push_tail(&f->fds, GINT_TO_POINTER(fds[i]));
        }
        g_free(fds);
        if (len == QIO_CHANNEL_ERR_BLOCK) {
            qio_channel_wait(f->ioc, G_IO_IN);
            continue;
        }
        break;
    }
    if (len > 0) {
        f->buf_size += len;
        f->total_transferred += len;
        return len;
    }
    if (len == 0) {
        set_eof_error(f);
    } else {
        qemu_file_set_error_obj(f, -EIO, err);
    }
    return 0;
}

size_t qemu_peek_buffer(QEMUFile *f, uint8_t **buf, size_t size,
                        size_t offset)
{
    size_t avail;

    assert(!f->is_writable);
    if (offset >= IO_BUF_SIZE || size > IO_BUF_SIZE - offset) {
        /* Beyond what the buffer can hold: nothing to point at. */
        return 0;
    }
    while (f->buf_size - f->buf_index < offset + size) {
        if (!fill_buffer(f)) {
            break;
        }
    }
    avail = f->buf_size - f->buf_index;
    if (avail <= offset) {
        return 0;
    }
    *buf = f->buf + f->buf_index + offset;
    return MIN(size, avail - offset);
}

int qemu_peek_byte(QEMUFile *f, int offset)
{
    uint8_t *p;

    if (offset < 0 || !qemu_peek_buffer(f, &p, 1, offset)) {
        return 0;
    }
    return *p;
}

void qemu_file_skip(QEMUFile *f, int size)
{
    if (size > 0 && f->buf_index + size <= f->buf_size) {
        f->buf_index += size;
    }
}

/* Read straight into @buf, bypassing the (empty) file buffer. */
static size_t get_direct(QEMUFile *f, uint8_t *buf, size_t size)
{
    size_t done = 0;

    while (done < size && !f->last_error) {
        Error *err = NULL;
        ssize_t len = qio_channel_read(f->ioc, (char *)buf + done,
                                       size - done, &err);

        if (len == QIO_CHANNEL_ERR_BLOCK) {
            qio_channel_wait(f->ioc, G_IO_IN);
            continue;
        }
        if (len < 0) {
            qemu_file_set_error_obj(f, -EIO, err);
        } else if (len == 0) {
            set_eof_error(f);
        } else {
            done += len;
            f->total_transferred += len;
        }
    }
    return done;
}

size_t qemu_get_buffer(QEMUFile *f, uint8_t *buf, size_t size)
{
    size_t done = 0;

    assert(!f->is_writable);
    while (done < size) {
        size_t avail = f->buf_size - f->buf_index;

        if (avail) {
            size_t n = MIN(avail, size - done);

            memcpy(buf + done, f->buf + f->buf_index, n);
            f->buf_index += n;
            done += n;
            continue;
        }
        if (f->last_error) {
            break;
        }
        /* Descriptors only come through the buffered path. */
        if (size - done >= IO_BUF_SIZE / 2 &&
            !qio_channel_has_feature(f->ioc, QIO_CHANNEL_FEATURE_FD_PASS)) {
            done += get_direct(f, buf + done, size - done);
            break;
        }
        if (!fill_buffer(f)) {
            break;
        }
    }
    return done;
}

size_t qemu_get_buffer_in_place(QEMUFile *f, uint8_t **buf, size_t size)
{
    if (size < IO_BUF_SIZE) {
        uint8_t *src;
        size_t n = qemu_peek_buffer(f, &src, size, 0);

        if (n == size) {
            *buf = src;
            qemu_file_skip(f, size);
            return size;
        }
    }
    return qemu_get_buffer(f, *buf, size);
}

size_t qemu_get_buffer_at(QEMUFile *f, const uint8_t *buf, size_t buflen,
                          off_t pos)
{
    size_t done = 0;

    if (f->last_error) {
        return 0;
    }
    while (done < buflen) {
        Error *err = NULL;
        ssize_t n = qio_channel_pread(f->ioc, (char *)buf + done,
                                      buflen - done, pos + done, &err);

        if (n < 0) {
            qemu_file_set_error_obj(f, -EIO, err);
            break;
        }
        if (n == 0) {
            qemu_file_set_error_obj(f, -EIO,
                file_error("Unexpected end of file at offset %lld "
                                    "reading %zu bytes at %lld",
                                    (long long)(pos + done), buflen,
                                    (long long)pos));
            break;
        }
        done += n;
    }
    f->total_transferred += done;
    return done;
}

int qemu_get_byte(QEMUFile *f)
{
    uint8_t b;

    assert(!f->is_writable);
    if (f->buf_index < f->buf_size) {
        return f->buf[f->buf_index++];
    }
    return qemu_get_buffer(f, &b, 1) == 1 ? b : 0;
}

/* Read exactly @size bytes, or zeros on error. */
static void get_exact(QEMUFile *f, uint8_t *b, size_t size)
{
    if (f->buf_size - f->buf_index >= size) {
        memcpy(b, f->buf + f->buf_index, size);
        f->buf_index += size;
    } else if (qemu_get_buffer(f, b, size) != size) {
        memset(b, 0, size);
    }
}

unsigned int qemu_get_be16(QEMUFile *f)
{
    uint8_t b[2];

    get_exact(f, b, sizeof(b));
    return (b[0] << 8) | b[1];
}

unsigned int qemu_get_be32(QEMUFile *f)
{
    uint8_t b[4];

    get_exact(f, b, sizeof(b));
    return ((unsigned int)b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
}

uint64_t qemu_get_be64(QEMUFile *f)
{
    uint64_t v;

    get_exact(f, (uint8_t *)&v, sizeof(v));
    return GUINT64_FROM_BE(v);
}

size_t qemu_get_counted_string(QEMUFile *f, char buf[256])
{
    size_t len = qemu_get_byte(f);
    size_t got = qemu_get_buffer(f, (uint8_t *)buf, len);

    buf[got] = 0;
    return got == len ? len : 0;
}

int qemu_file_get_to_fd(QEMUFile *f, int fd, size_t size)
{
    while (size) {
        uint8_t *p;
        size_t n = qemu_peek_buffer(f, &p, MIN(size, IO_BUF_SIZE), 0);

        if (!n) {
            return f->last_error ? f->last_error : -EIO;
        }
        for (size_t done = 0; done < n;) {
            ssize_t w = write(fd, p + done, n - done);

            if (w < 0 && errno == EINTR) {
                continue;
            }
            if (w <= 0) {
                return w < 0 ? -errno : -EIO;
            }
            done += w;
        }
        qemu_file_skip(f, n);
        size -= n;
    }
    return 0;
}

int qemu_file_get_fd(QEMUFile *f)
{
    int marker = qemu_get_byte(f);

    if (f->last_error) {
        return -1;
    }
    if (marker != QEMU_FILE_FD_MARKER || g_queue_is_empty(&f->fds)) {
        qemu_file_set_error_obj(f, -EINVAL,
            file_error("Expected a file descriptor in the stream "
                                "(marker 0x%02x), got byte 0x%02x%s",
                                QEMU_FILE_FD_MARKER, marker,
                                g_queue_is_empty(&f->fds) ?
                                " and no descriptor" : ""));
        return -1;
    }
    return GPOINTER_TO_INT(g_queue_pop_head(&f->fds));
}

/* ---------------------------------------------------------------- */
/* Both directions */

uint64_t qemu_file_transferred(QEMUFile *f)
{
    return f->total_transferred + (f->is_writable ? f->queued : 0);
}

int qemu_file_shutdown(QEMUFile *f)
{
    /* Whatever was in flight is lost: later operations fail at once. */
    if (!f->last_error) {
        qemu_file_set_error_obj(f, -EIO,
            file_error("The migration channel was shut down"));
    }
    if (!qio_channel_has_feature(f->ioc, QIO_CHANNEL_FEATURE_SHUTDOWN)) {
        return -ENOSYS;
    }
    if (qio_channel_shutdown(f->ioc, QIO_CHANNEL_SHUTDOWN_BOTH, NULL) < 0) {
        return -EIO;
    }
    return 0;
}

void qemu_file_set_blocking(QEMUFile *f, bool block)
{
    qio_channel_set_blocking(f->ioc, block, NULL);
}

void qemu_set_offset(QEMUFile *f, off_t off, int whence)
{
    Error *err = NULL;

    if (f->is_writable) {
        qemu_fflush(f);
    } else {
        /* Buffered input is from the old position. */
        f->buf_index = f->buf_size = 0;
    }
    if (qio_channel_io_seek(f->ioc, off, whence, &err) < 0) {
        qemu_file_set_error_obj(f, -EIO, err);
    }
}

off_t qemu_get_offset(QEMUFile *f)
{
    Error *err = NULL;
    off_t ret;

    if (f->is_writable) {
        qemu_fflush(f);
    }
    ret = qio_channel_io_seek(f->ioc, 0, SEEK_CUR, &err);
    if (ret < 0) {
        qemu_file_set_error_obj(f, -EIO, err);
        return ret;
    }
    /* Input: the channel is ahead by what is buffered. */
    return f->is_writable ? ret : ret - (off_t)(f->buf_size - f->buf_index);
}

int qemu_fclose(QEMUFile *f)
{
    Error *err = NULL;
    int ret;

    if (f->is_writable) {
        qemu_fflush(f);
    }
    ret = f->last_error;
    if (qio_channel_close(f->ioc, &err) < 0 && !ret) {
        ret = -EIO;
    }
    error_free(err);
    object_unref(OBJECT(f->ioc));
    while (!g_queue_is_empty(&f->fds)) {
        close(GPOINTER_TO_INT(g_queue_pop_head(&f->fds)));
    }
    error_free(f->last_error_obj);
    g_free(f->buf);
    g_free(f);
    return ret;
}
