/*
 * Helpers for chardevs backed by file descriptors: a read watch that
 * only polls while the frontend can take data, and write watches.
 */
#ifndef QEMU_CHAR_IO_H
#define QEMU_CHAR_IO_H

#include "chardev/char.h"

/* Called when @fd is readable (or hung up); FALSE removes the watch. */
typedef gboolean ChrIOReadFunc(int fd, GIOCondition cond, void *opaque);

/**
 * io_add_watch_poll: watch @fd for input for @chr.  Before each poll,
 * @fd_can_read(@user_data) says whether to poll at all, so that a busy
 * frontend leaves the data in the fd (and the loop idle).
 *
 * Returns: the attached source (also stored in chr->gsource by callers).
 */
GSource *io_add_watch_poll(Chardev *chr, int fd,
                           IOCanReadHandler *fd_can_read,
                           ChrIOReadFunc *fd_read,
                           void *user_data,
                           GMainContext *context);

/* remove_fd_in_watch: destroy chr->gsource if set. */
void remove_fd_in_watch(Chardev *chr);

/**
 * io_fd_watch_new: an unattached source that fires when @fd is ready
 * for @cond; its callback has the FEWatchFunc signature.
 */
GSource *io_fd_watch_new(int fd, GIOCondition cond);

/**
 * io_fd_read_to_frontend: read up to @max bytes (what the frontend said
 * it takes) from @fd and pass them to @chr's frontend.  At end of input
 * or on a read error, drop the read watch chr->gsource.
 *
 * Returns: false at end of input or on a read error, else true (also
 * when nothing could be read for now).
 */
bool io_fd_read_to_frontend(Chardev *chr, int fd, int max);

/* Write to a non-blocking or blocking fd; -1/EAGAIN if nothing fits. */
int io_fd_write(int fd, const uint8_t *buf, int len);

#endif
