/*
 * zero-copy-send over multifd (see multifd-zero-copy.h).
 *
 * The kernel reads a page at some point after the write returns: a
 * guest store meanwhile goes out too, which is fine because the store
 * also dirtied the page and it is sent again.  What must not happen is
 * a sync point (the destination's view of a pass being complete) before
 * the pages of that pass have left: so a SYNC packet first flushes.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "migration-stats.h"
#include "multifd-zero-copy.h"

int multifd_zero_copy_send(QIOChannel *c, const struct iovec *iov,
                           size_t niov, bool sync, Error **errp)
{
    if (sync) {
        int ret = qio_channel_flush(c, errp);

        if (ret < 0) {
            return -1;
        }
        if (ret == 1) {
            stat64_add(&mig_stats.dirty_sync_missed_zero_copy, 1);
        }
    }
    if (qio_channel_write_all(c, iov[0].iov_base, iov[0].iov_len,
                              errp) < 0) {
        return -1;
    }
    if (niov > 1 &&
        qio_channel_writev_full_all(c, iov + 1, niov - 1, NULL, 0,
                                    QIO_CHANNEL_WRITE_FLAG_ZERO_COPY,
                                    errp) < 0) {
        return -1;
    }
    return 0;
}
