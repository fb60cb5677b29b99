/*
 * Process set-up on POSIX hosts: -daemonize and -pidfile.
 */
#ifndef SYSTEM_OS_POSIX_H
#define SYSTEM_OS_POSIX_H

/**
 * os_daemonize: detach into the background.  The calling (foreground)
 * process waits until os_setup_post() reports that start-up is done
 * and exits 0 then, or 1 if the daemon failed before that.
 */
void os_daemonize(void);

/** is_daemonized: whether os_daemonize() ran. */
bool is_daemonized(void);

/**
 * os_setup_post: the daemon finished start-up: detach from the
 * terminal's stdio and let the foreground process exit.
 */
void os_setup_post(void);

/**
 * qemu_write_pidfile: write and lock @path; false if another process
 * holds it or it cannot be written.  Removed again at exit.
 */
bool qemu_write_pidfile(const char *path, Error **errp);

#endif
