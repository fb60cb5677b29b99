/*
 * QIOChannelBuffer: a channel over a growable memory buffer, used by
 * tests and to collect device state in memory (QEMU's
 * io/channel-buffer.h).
 */
#ifndef QIO_CHANNEL_BUFFER_H
#define QIO_CHANNEL_BUFFER_H

#include "io/channel.h"

#define TYPE_QIO_CHANNEL_BUFFER "qio-channel-buffer"
OBJECT_DECLARE_SIMPLE_TYPE(QIOChannelBuffer, QIO_CHANNEL_BUFFER)

/*
 * Writes append at @offset (growing @data); reads consume from @offset
 * up to @usage.  Rewind by setting @offset to 0 (or qio_channel_io_seek).
 */
struct QIOChannelBuffer {
    QIOChannel parent;
    size_t capacity;        /* bytes allocated in @data */
    size_t usage;           /* bytes holding data */
    size_t offset;          /* read/write position */
    uint8_t *data;
};

/**
 * qio_channel_buffer_new: a new, empty buffer channel with room for
 * @capacity bytes before it grows.
 */
QIOChannelBuffer *qio_channel_buffer_new(size_t capacity);

#endif
