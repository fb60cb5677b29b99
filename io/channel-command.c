/*
 * QIOChannelCommand: pipes to a child process.  The child's stderr is
 * ours, so its complaints reach the user.
 */
#include "qemu/osdep.h"
#include <sys/uio.h>
#include <sys/wait.h>
#include "qapi/error.h"
#include "io/channel-command.h"
#include "io/channel-watch.h"

/* How long close waits for the child before asking it to stop. */
#define COMMAND_EXIT_WAIT_MS 10000

QIOChannelCommand *qio_channel_command_new_pid(int writefd, int readfd,
                                               GPid pid)
{
    QIOChannelCommand *ioc;

    ioc = QIO_CHANNEL_COMMAND(object_new(TYPE_QIO_CHANNEL_COMMAND));
    ioc->writefd = writefd;
    ioc->readfd = readfd;
    ioc->pid = pid;
    return ioc;
}

/*
 * The child leads a process group of its own, so that stopping it stops
 * what it started too: "sh -c CMD" may fork CMD, which would otherwise
 * keep the pipe open after the shell is gone.
 */
static void command_child_setup(gpointer unused)
{
    setpgid(0, 0);
}

/* Signal the child's whole process group. */
static int command_kill(QIOChannelCommand *cioc, int sig)
{
    return kill(-cioc->pid, sig) < 0 ? kill(cioc->pid, sig) : 0;
}

QIOChannelCommand *qio_channel_command_new_spawn(const char *const argv[],
                                                 int flags, Error **errp)
{
    int mode = flags & O_ACCMODE;
    bool reads = mode == O_RDONLY || mode == O_RDWR;
    bool writes = mode == O_WRONLY || mode == O_RDWR;
    int stdinfd = -1, stdoutfd = -1;
    GError *gerr = NULL;
    GPid pid;

    if (!argv || !argv[0]) {
        error_setg(errp, "No command given to run");
        return NULL;
    }
    if (!g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
                                  G_SPAWN_SEARCH_PATH |
                                  G_SPAWN_DO_NOT_REAP_CHILD |
                                  (reads ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL),
                                  command_child_setup, NULL, &pid,
                                  writes ? &stdinfd : NULL,
                                  reads ? &stdoutfd : NULL,
                                  NULL, &gerr)) {
        error_setg(errp, "Unable to run command '%s': %s", argv[0],
                   gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    /* Keep the pipes out of later children. */
    if (stdinfd >= 0) {
        fcntl(stdinfd, F_SETFD, FD_CLOEXEC);
    }
    if (stdoutfd >= 0) {
        fcntl(stdoutfd, F_SETFD, FD_CLOEXEC);
    }
    return qio_channel_command_new_pid(stdinfd, stdoutfd, pid);
}

/*
 * Reap the child: wait for it a while, then SIGTERM, then SIGKILL.
 * Returns 0 if it exited with status 0, else -1 with @errp set.
 */
static int command_reap(QIOChannelCommand *cioc, Error **errp)
{
    int status = 0;
    pid_t ret;

    if (cioc->pid <= 0) {
        return 0;
    }
    for (int waited = 0;; waited++) {
        do {
            ret = waitpid(cioc->pid, &status, WNOHANG);
        } while (ret < 0 && errno == EINTR);
        if (ret != 0) {
            break;
        }
        if (waited == COMMAND_EXIT_WAIT_MS) {
            command_kill(cioc, SIGTERM);
        } else if (waited == COMMAND_EXIT_WAIT_MS + 1000) {
            command_kill(cioc, SIGKILL);
        }
        g_usleep(1000);
    }
    cioc->pid = 0;
    if (ret < 0) {
        error_setg_errno(errp, errno, "Unable to wait for the command");
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return 0;
    }
    if (WIFEXITED(status)) {
        error_setg(errp, "The command exited with status %d",
                   WEXITSTATUS(status));
    } else {
        error_setg(errp, "The command was killed by signal %d",
                   WTERMSIG(status));
    }
    return -1;
}

static ssize_t command_readv(QIOChannel *ioc, const struct iovec *iov,
                             size_t niov, int **fds, size_t *nfds,
                             int flags, Error **errp)
{
    QIOChannelCommand *cioc = QIO_CHANNEL_COMMAND(ioc);
    ssize_t ret;

    if (cioc->readfd < 0) {
        error_setg(errp, "The command channel is not open for reading");
        return -1;
    }
    do {
        ret = readv(cioc->readfd, iov, MIN(niov, IOV_MAX));
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        error_setg_errno(errp, errno, "Unable to read from command");
        return -1;
    }
    return ret;
}

static ssize_t command_writev(QIOChannel *ioc, const struct iovec *iov,
                              size_t niov, int *fds, size_t nfds, int flags,
                              Error **errp)
{
    QIOChannelCommand *cioc = QIO_CHANNEL_COMMAND(ioc);
    ssize_t ret;

    if (cioc->writefd < 0) {
        error_setg(errp, "The command channel is not open for writing");
        return -1;
    }
    do {
        ret = writev(cioc->writefd, iov, MIN(niov, IOV_MAX));
    } while (ret < 0 && errno == EINTR);
    if (ret < 0) {
        if (errno == EAGAIN) {
            return QIO_CHANNEL_ERR_BLOCK;
        }
        error_setg_errno(errp, errno, "Unable to write to command");
        return -1;
    }
    return ret;
}

static int set_fd_blocking(int fd, bool enabled)
{
    int flags;

    if (fd < 0) {
        return 0;
    }
    flags = fcntl(fd, F_GETFL);
    if (flags < 0) {
        return -1;
    }
    return fcntl(fd, F_SETFL,
                 enabled ? flags & ~O_NONBLOCK : flags | O_NONBLOCK);
}

static int command_set_blocking(QIOChannel *ioc, bool enabled, Error **errp)
{
    QIOChannelCommand *cioc = QIO_CHANNEL_COMMAND(ioc);

    if (set_fd_blocking(cioc->writefd, enabled) < 0 ||
        set_fd_blocking(cioc->readfd, enabled) < 0) {
        error_setg_errno(errp, errno, "Failed to set FD nonblocking");
        return -1;
    }
    return 0;
}

static void command_close_fds(QIOChannelCommand *cioc)
{
    if (cioc->writefd >= 0) {
        close(cioc->writefd);
    }
    if (cioc->readfd >= 0 && cioc->readfd != cioc->writefd) {
        close(cioc->readfd);
    }
    cioc->writefd = cioc->readfd = -1;
}

static int command_close(QIOChannel *ioc, Error **errp)
{
    QIOChannelCommand *cioc = QIO_CHANNEL_COMMAND(ioc);

    /* EOF on its stdin lets the child finish; then collect it. */
    command_close_fds(cioc);
    return command_reap(cioc, errp);
}

/*
 * Pipes cannot be shut down, and closing them under a thread that is
 * using them would be a race: stop the child instead, which ends both
 * directions (EPIPE for writes, end of file for reads).
 */
static int command_shutdown(QIOChannel *ioc, QIOChannelShutdown how,
                            Error **errp)
{
    QIOChannelCommand *cioc = QIO_CHANNEL_COMMAND(ioc);

    if (cioc->pid > 0 && command_kill(cioc, SIGTERM) < 0 && errno != ESRCH) {
        error_setg_errno(errp, errno, "Unable to stop the command");
        return -1;
    }
    return 0;
}

static GSource *command_create_watch(QIOChannel *ioc, GIOCondition condition)
{
    QIOChannelCommand *cioc = QIO_CHANNEL_COMMAND(ioc);

    return qio_channel_create_fd_pair_watch(ioc, cioc->readfd,
                                            cioc->writefd, condition);
}

static void command_init(Object *obj)
{
    QIOChannelCommand *cioc = QIO_CHANNEL_COMMAND(obj);

    cioc->writefd = cioc->readfd = -1;
    qio_channel_set_feature(QIO_CHANNEL(obj), QIO_CHANNEL_FEATURE_SHUTDOWN);
}

static void command_finalize(Object *obj)
{
    QIOChannelCommand *cioc = QIO_CHANNEL_COMMAND(obj);

    command_close_fds(cioc);
    if (cioc->pid > 0) {
        /* Nobody closed us: do not leave a zombie. */
        command_reap(cioc, NULL);
    }
}

static void command_class_init(ObjectClass *klass, const void *data)
{
    QIOChannelClass *ioc_klass = QIO_CHANNEL_CLASS(klass);

    ioc_klass->io_writev = command_writev;
    ioc_klass->io_readv = command_readv;
    ioc_klass->io_set_blocking = command_set_blocking;
    ioc_klass->io_close = command_close;
    ioc_klass->io_shutdown = command_shutdown;
    ioc_klass->io_create_watch = command_create_watch;
}

static const TypeInfo command_info = {
    .parent = TYPE_QIO_CHANNEL,
    .name = TYPE_QIO_CHANNEL_COMMAND,
    .instance_size = sizeof(QIOChannelCommand),
    .instance_init = command_init,
    .instance_finalize = command_finalize,
    .class_init = command_class_init,
};

static void command_register_types(void)
{
    type_register_static(&command_info);
}

type_init(command_register_types);
