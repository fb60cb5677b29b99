/*
 * The destination's postcopy commands: ADVISE, RAM_DISCARD, PACKAGED
 * and, inside the package, LISTEN and RUN (their layout is in
 * docs/devel/migration/stream.rst).
 *
 * The package (LISTEN, the device state, RUN) is loaded by a thread of
 * its own, from memory, so that the incoming thread can go on placing
 * the pages that a device's post_load (or, after RUN, the guest) may
 * be waiting for.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "io/channel-buffer.h"
#include "qemu-file.h"
#include "savevm.h"
#include "postcopy-ram.h"

static struct {
    GThread *thread;
    QEMUFile *f;                /* the package */
    QIOChannel *stream;         /* the main stream's (a reference) */
    GMutex lock;
    GCond cond;
    bool listening;             /* LISTEN done: pages may come */
    bool done;
    Error *err;
} pkg;

static __thread bool in_package;

static gpointer package_thread(gpointer opaque)
{
    Error *err = NULL;
    int ret;

    in_package = true;
    ret = qemu_loadvm_state_main(pkg.f, &err);
    if (ret == 0) {
        error_setg(&err, "the package ended without POSTCOPY_RUN");
        ret = -EINVAL;
    }
    if (ret < 0) {
        error_prepend(&err, "loading the postcopy package: ");
    }
    g_mutex_lock(&pkg.lock);
    pkg.err = err;
    pkg.done = true;
    g_cond_broadcast(&pkg.cond);
    g_mutex_unlock(&pkg.lock);
    if (ret < 0) {
        /*
         * The incoming thread stops reading (and finds our error, set
         * above); SHUT can still go back.
         */
        qio_channel_shutdown(pkg.stream, QIO_CHANNEL_SHUTDOWN_READ, NULL);
    }
    /* The stream may be closed already if this thread was let be. */
    object_unref(OBJECT(pkg.stream));
    return NULL;
}

static int load_packaged(QEMUFile *f, Error **errp)
{
    uint32_t len = qemu_get_be32(f);
    QIOChannelBuffer *bioc;
    Error *err = NULL;

    if (qemu_loadvm_stream_error(f, errp, "in a PACKAGED command")) {
        return -EIO;
    }
    if (in_package || pkg.thread) {
        error_setg(errp, "Migration command PACKAGED came %s",
                   in_package ? "inside a package" : "twice");
        return -EINVAL;
    }
    if (len > MAX_VM_CMD_PACKAGED_SIZE) {
        error_setg(errp, "Unreasonably large packaged state: %" PRIu32
                   " (at most %u bytes)", len, MAX_VM_CMD_PACKAGED_SIZE);
        return -E2BIG;
    }
    bioc = qio_channel_buffer_new(len);
    if (qemu_get_buffer(f, bioc->data, len) != len) {
        object_unref(OBJECT(bioc));
        qemu_loadvm_stream_error(f, errp, "in a PACKAGED command");
        return -EIO;
    }
    bioc->usage = len;
    pkg.f = qemu_file_new_input(QIO_CHANNEL(bioc));
    object_unref(OBJECT(bioc));
    pkg.stream = qemu_file_get_ioc(f);
    object_ref(OBJECT(pkg.stream));
    pkg.listening = pkg.done = false;
    pkg.thread = g_thread_new("mig/dst/package", package_thread, NULL);

    g_mutex_lock(&pkg.lock);
    while (!pkg.listening && !pkg.done) {
        g_cond_wait(&pkg.cond, &pkg.lock);
    }
    if (!pkg.listening) {
        err = pkg.err;
        pkg.err = NULL;
    }
    g_mutex_unlock(&pkg.lock);
    if (err) {
        error_propagate(errp, err);
        return -EINVAL;
    }
    return 0;
}

/*
 * The main stream ended (@ret): collect the package thread and end
 * userfaultfd, unless the guest already runs here and the stream broke:
 * then the pages it waits for can only come from the source.
 */
int loadvm_postcopy_end(int ret, Error **errp)
{
    bool done;

    if (pkg.thread) {
        g_mutex_lock(&pkg.lock);
        done = pkg.done;
        g_mutex_unlock(&pkg.lock);
        if (ret == 0 || done) {
            g_thread_join(pkg.thread);
            qemu_fclose(pkg.f);
            pkg.f = NULL;
            if (pkg.err) {
                /* Its error is the cause; the stream's the effect. */
                if (errp) {
                    error_free(*errp);
                    *errp = NULL;
                }
                error_propagate(errp, pkg.err);
                pkg.err = NULL;
                ret = -EINVAL;
            }
        } else {
            /* Blocked on a page that will not come: let it be. */
            g_thread_unref(pkg.thread);
        }
        pkg.thread = NULL;
    }
    if (ret < 0 && postcopy_state_get() == POSTCOPY_INCOMING_RUNNING) {
        postcopy_incoming_lost();
    } else if (postcopy_state_get() != POSTCOPY_INCOMING_NONE) {
        postcopy_incoming_end();
    }
    return ret;
}

static int load_postcopy_discard(QEMUFile *f, uint16_t len, Error **errp)
{
    g_autofree uint8_t *buf = g_malloc(len ? len : 1);
    char id[256];
    size_t idlen, n;

    if (qemu_get_buffer(f, buf, len) != len) {
        qemu_loadvm_stream_error(f, errp, "in a POSTCOPY_RAM_DISCARD command");
        return -EIO;
    }
    /* version, counted block id, a nil, then at least one range */
    if (len < 1 + 1 + 1 + 1 + 16) {
        error_setg(errp, "CMD_POSTCOPY_RAM_DISCARD invalid length (%u): "
                   "expected at least 20 bytes", len);
        return -EINVAL;
    }
    if (buf[0] != 0) {
        error_setg(errp, "CMD_POSTCOPY_RAM_DISCARD invalid version (%d), "
                   "expected 0", buf[0]);
        return -EINVAL;
    }
    idlen = buf[1];
    if (!idlen || 3 + idlen > len) {
        error_setg(errp, "CMD_POSTCOPY_RAM_DISCARD Failed to read RAMBlock "
                   "ID: its length %zu does not fit the %u bytes of the "
                   "command", idlen, len);
        return -EINVAL;
    }
    if (buf[2 + idlen] != 0) {
        error_setg(errp, "CMD_POSTCOPY_RAM_DISCARD missing nil (%d) after "
                   "the RAMBlock ID", buf[2 + idlen]);
        return -EINVAL;
    }
    if ((len - 3 - idlen) % 16 || len == 3 + idlen) {
        error_setg(errp, "CMD_POSTCOPY_RAM_DISCARD invalid length (%u): "
                   "expected 3 + %zu bytes of block id + 16 per range",
                   len, idlen);
        return -EINVAL;
    }
    memcpy(id, buf + 2, idlen);
    id[idlen] = '\0';
    for (n = 3 + idlen; n < len; n += 16) {
        int ret = postcopy_incoming_discard(id, ldq_be_p(buf + n),
                                            ldq_be_p(buf + n + 8), errp);

        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

static int load_postcopy_advise(QEMUFile *f, uint16_t len, Error **errp)
{
    uint64_t psize = 0, tps = 0;

    if (len == 16) {
        psize = qemu_get_be64(f);
        tps = qemu_get_be64(f);
        if (qemu_loadvm_stream_error(f, errp,
                                     "in a POSTCOPY_ADVISE command")) {
            return -EIO;
        }
    }
    return postcopy_incoming_advise(len == 16, psize, tps, errp);
}

static int load_postcopy_listen(Error **errp)
{
    int ret;

    if (!in_package) {
        error_setg(errp, "Migration command POSTCOPY_LISTEN outside of a "
                   "PACKAGED command");
        return -EINVAL;
    }
    ret = postcopy_incoming_listen(errp);
    if (ret == 0) {
        g_mutex_lock(&pkg.lock);
        pkg.listening = true;
        g_cond_broadcast(&pkg.cond);
        g_mutex_unlock(&pkg.lock);
    }
    return ret;
}

static int load_recv_bitmap(QEMUFile *f, uint16_t len, Error **errp)
{
    char id[256];
    size_t n;

    n = qemu_get_counted_string(f, id);
    if (qemu_loadvm_stream_error(f, errp, "in a RECV_BITMAP command")) {
        return -EIO;
    }
    if (!n || len != 1 + n) {
        error_setg(errp, "Migration command RECV_BITMAP has length %u; "
                   "expected 1 plus the block id's length", len);
        return -EINVAL;
    }
    return postcopy_incoming_send_recv_bitmap(id, errp);
}

int loadvm_postcopy_command(QEMUFile *f, uint16_t cmd, uint16_t len,
                            Error **errp)
{
    int ret;

    switch (cmd) {
    case MIG_CMD_POSTCOPY_ADVISE:
        return load_postcopy_advise(f, len, errp);
    case MIG_CMD_POSTCOPY_RAM_DISCARD:
        return load_postcopy_discard(f, len, errp);
    case MIG_CMD_PACKAGED:
        return load_packaged(f, errp);
    case MIG_CMD_POSTCOPY_LISTEN:
        return load_postcopy_listen(errp);
    case MIG_CMD_POSTCOPY_RUN:
        if (!in_package) {
            error_setg(errp, "Migration command POSTCOPY_RUN outside of a "
                       "PACKAGED command");
            return -EINVAL;
        }
        ret = postcopy_incoming_run(errp);
        return ret < 0 ? ret : LOADVM_QUIT;
    case MIG_CMD_POSTCOPY_RESUME:
        return postcopy_incoming_resume(errp);
    case MIG_CMD_RECV_BITMAP:
        return load_recv_bitmap(f, len, errp);
    default:
        error_setg(errp, "Migration command 0x%x is not a postcopy command",
                   cmd);
        return -EINVAL;
    }
}
