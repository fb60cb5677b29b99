/*
 * The exec transport: a child process at the other end of a pipe.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/channel-command.h"
#include "channel.h"
#include "exec.h"

/* @command as a NULL-terminated argv (the strings are borrowed). */
static const char **strlist_to_argv(strList *command, Error **errp)
{
    GPtrArray *argv = g_ptr_array_new();

    for (strList *l = command; l; l = l->next) {
        g_ptr_array_add(argv, l->value);
    }
    if (!argv->len) {
        g_ptr_array_free(argv, true);
        error_setg(errp, "exec: needs a command to run");
        return NULL;
    }
    g_ptr_array_add(argv, NULL);
    return (const char **)g_ptr_array_free(argv, false);
}

void exec_start_outgoing_migration(MigrationState *s, strList *command,
                                   Error **errp)
{
    g_autofree const char **argv = strlist_to_argv(command, errp);
    QIOChannelCommand *ioc;

    if (!argv) {
        return;
    }
    /* Its stdout is not ours: a command writing there must not block. */
    ioc = qio_channel_command_new_spawn(argv, O_WRONLY, errp);
    if (!ioc) {
        return;
    }
    qio_channel_set_name(QIO_CHANNEL(ioc), "migration-exec-outgoing");
    migration_channel_connect(s, QIO_CHANNEL(ioc), NULL);
    object_unref(OBJECT(ioc));
}

static gboolean exec_accept_incoming_migration(QIOChannel *ioc,
                                               GIOCondition condition,
                                               gpointer opaque)
{
    migration_channel_process_incoming(ioc);
    return G_SOURCE_REMOVE;
}

void exec_start_incoming_migration(strList *command, Error **errp)
{
    g_autofree const char **argv = strlist_to_argv(command, errp);
    QIOChannelCommand *ioc;

    if (!argv) {
        return;
    }
    ioc = qio_channel_command_new_spawn(argv, O_RDONLY, errp);
    if (!ioc) {
        return;
    }
    qio_channel_set_name(QIO_CHANNEL(ioc), "migration-exec-incoming");
    /* Start once the command has something to say. */
    qio_channel_add_watch_full(QIO_CHANNEL(ioc), G_IO_IN,
                               exec_accept_incoming_migration, NULL, NULL,
                               NULL);
    object_unref(OBJECT(ioc));
}
