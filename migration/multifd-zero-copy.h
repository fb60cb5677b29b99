/*
 * zero-copy-send: the multifd sender threads hand guest pages to the
 * kernel with MSG_ZEROCOPY instead of copying them into the socket.
 */
#ifndef MIGRATION_MULTIFD_ZERO_COPY_H
#define MIGRATION_MULTIFD_ZERO_COPY_H

#include "io/channel.h"

/**
 * multifd_zero_copy_send: write a multifd packet, @iov[0] its header
 * (copied: the thread reuses it) and the rest guest pages (zero copy).
 * A @sync packet first waits for every earlier zero-copy write of @c to
 * complete, counting dirty-sync-missed-zero-copy when the kernel copied
 * them all anyway.  0, or -1 with @errp set.
 */
int multifd_zero_copy_send(QIOChannel *c, const struct iovec *iov,
                           size_t niov, bool sync, Error **errp);

#endif
