/*
 * QEMUFile: the buffered migration stream over a QIOChannel (QEMU's
 * migration/qemu-file.h).  A file is either for output or for input.
 *
 * Output is gathered in a buffer and in an iovec list and written with
 * one writev when either fills, on qemu_fflush() or on close.  Large
 * buffers are not copied: qemu_put_buffer() of a big block and
 * qemu_put_buffer_async() queue the caller's memory directly.
 *
 * Errors stick: the first error (a write that failed, a read that hit
 * end of stream) is kept, later operations do nothing and getters
 * return 0.
 */
#ifndef MIGRATION_QEMU_FILE_H
#define MIGRATION_QEMU_FILE_H

#include "io/channel.h"
#include "migration/qemu-file-types.h"

/** qemu_file_new_input: a file reading @ioc (takes a reference). */
QEMUFile *qemu_file_new_input(QIOChannel *ioc);

/** qemu_file_new_output: a file writing @ioc (takes a reference). */
QEMUFile *qemu_file_new_output(QIOChannel *ioc);

/**
 * qemu_fclose: flush (output), close the channel and free @f.  Returns
 * the file's error, else the close's, else 0.
 */
int qemu_fclose(QEMUFile *f);

/**
 * qemu_file_transferred: bytes written (output, including what is
 * still queued) or read from the channel (input).
 */
uint64_t qemu_file_transferred(QEMUFile *f);

/**
 * qemu_put_buffer_async: queue @buf without copying it.  @buf must stay
 * valid and unchanged until the next qemu_fflush() (or until the queue
 * fills and flushes by itself, within any later put).  With @may_free
 * the pages of @buf may be discarded once written.
 */
void qemu_put_buffer_async(QEMUFile *f, const uint8_t *buf, size_t size,
                           bool may_free);

/**
 * qemu_peek_buffer: point *@buf at the @size bytes after @offset ahead
 * of the read position, without consuming them (@offset + @size at most
 * 128 KiB).  Returns how many bytes are available (< @size at the end).
 */
size_t qemu_peek_buffer(QEMUFile *f, uint8_t **buf, size_t size,
                        size_t offset);

/**
 * qemu_get_buffer_in_place: read @size bytes, pointing *@buf into the
 * file's buffer when they are there in one piece (valid until the next
 * read), else copying into the caller's *@buf.  Returns bytes read.
 */
size_t qemu_get_buffer_in_place(QEMUFile *f, uint8_t **buf, size_t size);

/** qemu_peek_byte: the byte @offset ahead, not consumed (0 at the end). */
int qemu_peek_byte(QEMUFile *f, int offset);

/** qemu_file_skip: consume @size bytes previously peeked. */
void qemu_file_skip(QEMUFile *f, int size);

/**
 * qemu_file_get_error_obj_any: the first of @f1, @f2 (either may be
 * NULL) that has an error: its code, and a copy of its Error in @errp.
 */
int qemu_file_get_error_obj_any(QEMUFile *f1, QEMUFile *f2, Error **errp);

/**
 * qemu_file_set_error_obj: record error @ret (negative errno) with
 * @err (taken over; may be NULL) unless an error is already set.
 */
void qemu_file_set_error_obj(QEMUFile *f, int ret, Error *err);

/**
 * qemu_file_get_error_obj: the error code, and a copy of the Error in
 * @errp (one is made up from the code if none was given).
 */
int qemu_file_get_error_obj(QEMUFile *f, Error **errp);

/** qemu_file_set_error: qemu_file_set_error_obj() without an Error. */
void qemu_file_set_error(QEMUFile *f, int ret);

/**
 * qemu_file_shutdown: shut the channel down both ways so a blocked
 * peer or thread wakes up; the file's error becomes -EIO.  Returns 0
 * or -ENOSYS when the channel cannot be shut down.
 */
int qemu_file_shutdown(QEMUFile *f);

/**
 * qemu_file_get_return_path: a file on the same channel, in the other
 * direction (the destination's replies).
 */
QEMUFile *qemu_file_get_return_path(QEMUFile *f);

/** qemu_fflush: write what is queued; returns the file's error or 0. */
int qemu_fflush(QEMUFile *f);

/** qemu_file_set_blocking: switch the channel's blocking mode. */
void qemu_file_set_blocking(QEMUFile *f, bool block);

/** qemu_file_get_to_fd: copy @size bytes of the stream to @fd; 0/-errno. */
int qemu_file_get_to_fd(QEMUFile *f, int fd, size_t size);

/** qemu_set_offset: flush, then seek the channel (lseek @whence). */
void qemu_set_offset(QEMUFile *f, off_t off, int whence);

/** qemu_get_offset: flush, then the channel's position. */
off_t qemu_get_offset(QEMUFile *f);

/**
 * qemu_put_buffer_at: write @buf at @pos of a seekable channel, not
 * moving the stream position (mapped-ram).
 */
void qemu_put_buffer_at(QEMUFile *f, const uint8_t *buf, size_t buflen,
                        off_t pos);

/**
 * qemu_get_buffer_at: read @buflen bytes at @pos of a seekable channel
 * into @buf; returns the bytes read (short: error set).
 */
size_t qemu_get_buffer_at(QEMUFile *f, const uint8_t *buf, size_t buflen,
                          off_t pos);

/** qemu_file_get_ioc: the channel behind @f. */
QIOChannel *qemu_file_get_ioc(QEMUFile *file);

/** qemu_file_is_writable: whether @f is an output file. */
bool qemu_file_is_writable(QEMUFile *f);

/** qemu_file_buffer_empty: whether nothing is queued for writing. */
bool qemu_file_buffer_empty(QEMUFile *file);

/**
 * qemu_put_counted_string: a length byte then the bytes of @name
 * (at most 255; a longer name sets -EINVAL).
 */
void qemu_put_counted_string(QEMUFile *f, const char *name);

/**
 * qemu_get_counted_string: read a length byte and that many bytes into
 * @buf, NUL-terminated.  Returns the length, 0 on error.
 */
size_t qemu_get_counted_string(QEMUFile *f, char buf[256]);

/**
 * qemu_file_put_fd: send @fd along the stream (needs a channel with
 * QIO_CHANNEL_FEATURE_FD_PASS); 0 or a negative errno.
 */
int qemu_file_put_fd(QEMUFile *f, int fd);

/**
 * qemu_file_get_fd: receive a descriptor sent by qemu_file_put_fd().
 * Returns it (the caller owns it) or -1 with the file's error set.
 */
int qemu_file_get_fd(QEMUFile *f);

#endif
