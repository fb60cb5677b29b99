/*
 * QIOChannelCommand: a channel to a child process's stdin and/or stdout
 * (QEMU's io/channel-command.h).  Closing it waits for the child; a
 * child that fails makes the close fail with its exit status.
 */
#ifndef QIO_CHANNEL_COMMAND_H
#define QIO_CHANNEL_COMMAND_H

#include "io/channel.h"

#define TYPE_QIO_CHANNEL_COMMAND "qio-channel-command"
OBJECT_DECLARE_SIMPLE_TYPE(QIOChannelCommand, QIO_CHANNEL_COMMAND)

struct QIOChannelCommand {
    QIOChannel parent;
    int writefd;                /* the child's stdin, or -1 */
    int readfd;                 /* the child's stdout, or -1 */
    GPid pid;
};

/**
 * qio_channel_command_new_pid: a channel on a child already started:
 * @writefd its stdin, @readfd its stdout (either may be -1).
 */
QIOChannelCommand *qio_channel_command_new_pid(int writefd, int readfd,
                                               GPid pid);

/**
 * qio_channel_command_new_spawn: run @argv (argv[0] looked up in PATH)
 * and connect to it: O_RDONLY reads its stdout, O_WRONLY writes its
 * stdin, O_RDWR both.  NULL with @errp set if it cannot start.
 */
QIOChannelCommand *qio_channel_command_new_spawn(const char *const argv[],
                                                 int flags, Error **errp);

#endif
