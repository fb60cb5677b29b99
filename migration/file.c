/*
 * The file transport: file:PATH[,offset=N].  The stream starts at byte
 * N; on the source, what lies before N is kept (a header of the user's,
 * for instance) and what lies after is replaced.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "io/channel-file.h"
#include "channel.h"
#include "file.h"
#include "mapped-ram.h"

#define OFFSET_OPTION ",offset="

bool file_parse_offset(char *filespec, uint64_t *offsetp, Error **errp)
{
    char *option = g_strrstr(filespec, OFFSET_OPTION);
    const char *value;
    uint64_t offset;

    *offsetp = 0;
    if (!option) {
        return true;
    }
    value = option + strlen(OFFSET_OPTION);
    if (!*value || qemu_strtosz(value, NULL, &offset) < 0 ||
        offset > INT64_MAX) {
        error_setg(errp, "file URI has bad offset '%s': expected a byte "
                   "count such as 4096 or 1M", value);
        return false;
    }
    *offsetp = offset;
    *option = '\0';
    return true;
}

void file_start_outgoing_migration(MigrationState *s,
                                   FileMigrationArgs *file_args,
                                   Error **errp)
{
    const char *filename = file_args->filename;
    uint64_t offset = file_args->offset;
    QIOChannelFile *fioc;
    QIOChannel *ioc;
    struct stat st;

    if (offset > INT64_MAX) {
        error_setg(errp, "file offset %" PRIu64 " is too large", offset);
        return;
    }
    fioc = qio_channel_file_new_path(filename, O_CREAT | O_WRONLY, 0600,
                                     errp);
    if (!fioc) {
        return;
    }
    ioc = QIO_CHANNEL(fioc);
    if (!mapped_ram_check_channel(ioc, filename, errp)) {
        object_unref(OBJECT(ioc));
        return;
    }
    /* Only regular files can be cut; a pipe or device just takes data. */
    if (fstat(fioc->fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if (ftruncate(fioc->fd, offset) < 0) {
            error_setg_errno(errp, errno, "failed to truncate '%s' to "
                             "offset %" PRIu64, filename, offset);
            object_unref(OBJECT(ioc));
            return;
        }
        if (qio_channel_io_seek(ioc, offset, SEEK_SET, errp) < 0) {
            object_unref(OBJECT(ioc));
            return;
        }
    } else if (offset) {
        error_setg(errp, "'%s' is not a regular file: it cannot be "
                   "written from offset %" PRIu64, filename, offset);
        object_unref(OBJECT(ioc));
        return;
    }
    qio_channel_set_name(ioc, "migration-file-outgoing");
    migration_channel_connect(s, ioc, NULL);
    object_unref(OBJECT(ioc));
}

static gboolean file_accept_incoming_migration(QIOChannel *ioc,
                                               GIOCondition condition,
                                               gpointer opaque)
{
    migration_channel_process_incoming(ioc);
    return G_SOURCE_REMOVE;
}

void file_start_incoming_migration(FileMigrationArgs *file_args,
                                   Error **errp)
{
    const char *filename = file_args->filename;
    uint64_t offset = file_args->offset;
    QIOChannelFile *fioc;
    QIOChannel *ioc;
    struct stat st;

    fioc = qio_channel_file_new_path(filename, O_RDONLY, 0, errp);
    if (!fioc) {
        return;
    }
    ioc = QIO_CHANNEL(fioc);
    if (!mapped_ram_check_channel(ioc, filename, errp)) {
        object_unref(OBJECT(ioc));
        return;
    }
    if (fstat(fioc->fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if (offset >= (uint64_t)st.st_size) {
            error_setg(errp, "file offset %" PRIu64 " is beyond the end "
                       "of '%s' (%lld bytes): there is no stream there",
                       offset, filename, (long long)st.st_size);
            object_unref(OBJECT(ioc));
            return;
        }
        if (qio_channel_io_seek(ioc, offset, SEEK_SET, errp) < 0) {
            object_unref(OBJECT(ioc));
            return;
        }
    } else if (offset) {
        error_setg(errp, "'%s' is not a regular file: it cannot be read "
                   "from offset %" PRIu64, filename, offset);
        object_unref(OBJECT(ioc));
        return;
    }
    qio_channel_set_name(ioc, "migration-file-incoming");
    qio_channel_add_watch_full(ioc, G_IO_IN, file_accept_incoming_migration,
                               NULL, NULL, NULL);
    object_unref(OBJECT(ioc));
}
