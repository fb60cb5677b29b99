/*
 * -daemonize and -pidfile.
 */
#include "qemu/osdep.h"
#include <sys/file.h>
#include "qapi/error.h"
#include "system/os-posix.h"

static int daemon_pipe = -1;
static char *pidfile_path;

bool is_daemonized(void)
{
    return daemon_pipe >= 0;
}

void os_daemonize(void)
{
    int fds[2];
    pid_t pid;

    if (pipe(fds) < 0) {
        perror("pipe");
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid > 0) {
        /* Foreground: exit with the daemon's start-up status. */
        char status = 1;
        ssize_t len;

        close(fds[1]);
        do {
            len = read(fds[0], &status, 1);
        } while (len < 0 && errno == EINTR);
        exit(len == 1 && status == 0 ? 0 : 1);
    }
    close(fds[0]);
    daemon_pipe = fds[1];
    setsid();
    pid = fork();
    if (pid < 0) {
        exit(1);
    }
    if (pid > 0) {
        /* The session leader leaves; the daemon cannot get a terminal. */
        _exit(0);
    }
    umask(027);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
}

void os_setup_post(void)
{
    int fd;
    char status = 0;
    ssize_t len;

    if (daemon_pipe < 0) {
        return;
    }
    if (chdir("/") < 0) {
        perror("chdir");
        exit(1);
    }
    fd = open("/dev/null", O_RDWR);
    if (fd < 0) {
        perror("open /dev/null");
        exit(1);
    }
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
    do {
        len = write(daemon_pipe, &status, 1);
    } while (len < 0 && errno == EINTR);
    close(daemon_pipe);
}

static void pidfile_remove(void)
{
    if (pidfile_path) {
        unlink(pidfile_path);
    }
}

bool qemu_write_pidfile(const char *path, Error **errp)
{
    char buf[32];
    int fd;

    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        error_setg_errno(errp, errno, "cannot open pid file %s", path);
        return false;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        error_setg(errp, "cannot lock pid file %s: another process uses it",
                   path);
        close(fd);
        return false;
    }
    snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
    if (ftruncate(fd, 0) < 0 || write(fd, buf, strlen(buf)) !=
        (ssize_t)strlen(buf)) {
        error_setg_errno(errp, errno, "cannot write pid file %s", path);
        close(fd);
        return false;
    }
    /* Keep fd open: the lock lasts as long as the process. */
    pidfile_path = g_canonicalize_filename(path, NULL);
    atexit(pidfile_remove);
    return true;
}
