/*
 * qio_channel_new_fd: the right channel for a descriptor.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/channel-util.h"
#include "io/channel-file.h"
#include "io/channel-socket.h"

QIOChannel *qio_channel_new_fd(int fd, Error **errp)
{
    struct stat st;

    if (fstat(fd, &st) < 0) {
        error_setg_errno(errp, errno, "File descriptor %d is not usable",
                         fd);
        return NULL;
    }
    if (S_ISSOCK(st.st_mode)) {
        QIOChannelSocket *sioc = qio_channel_socket_new_fd(fd, errp);

        return sioc ? QIO_CHANNEL(sioc) : NULL;
    }
    return QIO_CHANNEL(qio_channel_file_new_fd(fd));
}
