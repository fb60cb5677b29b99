/*
 * The pty chardev: a pseudo terminal whose slave (/dev/pts/N) a user
 * opens with a terminal program.  While no one has the slave open,
 * output is dropped and the master is checked once a second.
 */
#include "qemu/osdep.h"

#include <poll.h>
#include <termios.h>

#include <glib-unix.h>

#include "chardev/char.h"
#include "chardev/char-io.h"
#include "chardev-internal.h"
#include "monitor/monitor.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/qemu-print.h"

typedef struct PtyChardev {
    Chardev parent;
    int fd;                 /* the master */
    char *pty_name;
    int connected;
    GSource *timer_src;
    int read_bytes;
} PtyChardev;

DECLARE_INSTANCE_CHECKER(PtyChardev, PTY_CHARDEV, TYPE_CHARDEV_PTY)

static void pty_chr_state(Chardev *chr, int connected);

static void pty_chr_timer_cancel(PtyChardev *s)
{
    if (s->timer_src) {
        g_source_destroy(s->timer_src);
        g_source_unref(s->timer_src);
        s->timer_src = NULL;
    }
}

/* Whether a slave is open: the master reports a hang-up otherwise. */
static bool pty_slave_open(PtyChardev *s)
{
    struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };

    return poll(&pfd, 1, 0) == 1 && !(pfd.revents & POLLHUP);
}

static gboolean pty_chr_timer(gpointer opaque)
{
    Chardev *chr = CHARDEV(opaque);
    PtyChardev *s = PTY_CHARDEV(opaque);

    if (pty_slave_open(s)) {
        g_source_unref(s->timer_src);
        s->timer_src = NULL;
        pty_chr_state(chr, 1);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static void pty_chr_rearm_timer(Chardev *chr, int ms)
{
    PtyChardev *s = PTY_CHARDEV(chr);
    char *name;

    pty_chr_timer_cancel(s);
    name = g_strdup_printf("pty-timer-%s", chr->label);
    s->timer_src = qemu_chr_timeout_add_ms(chr, ms, pty_chr_timer, chr);
    g_source_set_name(s->timer_src, name);
    g_free(name);
}

static int pty_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    if (!s->connected) {
        if (!pty_slave_open(s)) {
            /* no reader: drop it, as a serial line would */
            return len;
        }
    }
    return io_fd_write(s->fd, buf, len);
}

static GSource *pty_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    if (!s->connected) {
        return NULL;
    }
    return io_fd_watch_new(s->fd, cond);
}

static int pty_chr_read_poll(void *opaque)
{
    Chardev *chr = CHARDEV(opaque);
    PtyChardev *s = PTY_CHARDEV(opaque);

    s->read_bytes = qemu_chr_be_can_write(chr);
    return s->read_bytes;
}

static gboolean pty_chr_read(int fd, GIOCondition cond, void *opaque)
{
    Chardev *chr = CHARDEV(opaque);

    if (!io_fd_read_to_frontend(chr, fd, PTY_CHARDEV(opaque)->read_bytes)) {
        /* the slave was closed (EIO) */
        pty_chr_state(chr, 0);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static void pty_chr_update_read_handler(Chardev *chr)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    remove_fd_in_watch(chr);
    if (s->connected) {
        chr->gsource = io_add_watch_poll(chr, s->fd, pty_chr_read_poll,
                                         pty_chr_read, chr, chr->gcontext);
    } else if (pty_slave_open(s)) {
        pty_chr_state(chr, 1);
    } else if (!s->timer_src) {
        pty_chr_rearm_timer(chr, 1000);
    }
}

static void pty_chr_state(Chardev *chr, int connected)
{
    PtyChardev *s = PTY_CHARDEV(chr);

    if (!connected) {
        remove_fd_in_watch(chr);
        if (s->connected) {
            s->connected = 0;
            qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
        }
        /* check once a second whether someone opened the slave */
        pty_chr_rearm_timer(chr, 1000);
    } else {
        pty_chr_timer_cancel(s);
        if (!s->connected) {
            s->connected = 1;
            qemu_chr_be_event(chr, CHR_EVENT_OPENED);
        }
        if (!chr->gsource) {
            chr->gsource = io_add_watch_poll(chr, s->fd, pty_chr_read_poll,
                                             pty_chr_read, chr,
                                             chr->gcontext);
        }
    }
}

static void char_pty_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);
    PtyChardev *s = PTY_CHARDEV(obj);

    remove_fd_in_watch(chr);
    pty_chr_timer_cancel(s);
    if (s->fd >= 0) {
        close(s->fd);
    }
    g_free(s->pty_name);
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
}

/* A new pty pair; the slave in raw mode so bytes pass unchanged. */
static int open_pty_raw(char **name, Error **errp)
{
    struct termios tty;
    int master, slave;
    const char *slave_name;

    master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
        !(slave_name = ptsname(master))) {
        error_setg_errno(errp, errno, "Failed to create PTY");
        if (master >= 0) {
            close(master);
        }
        return -1;
    }
    *name = g_strdup(slave_name);
    slave = open(*name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave >= 0) {
        if (tcgetattr(slave, &tty) == 0) {
            cfmakeraw(&tty);
            tcsetattr(slave, TCSAFLUSH, &tty);
        }
        close(slave);
    }
    return master;
}

static void char_pty_open(Chardev *chr, ChardevBackend *backend,
                          bool *be_opened, Error **errp)
{
    PtyChardev *s = PTY_CHARDEV(chr);
    char *name;
    int master_fd;

    master_fd = open_pty_raw(&name, errp);
    if (master_fd < 0) {
        return;
    }
    if (!g_unix_set_fd_nonblocking(master_fd, true, NULL)) {
        error_setg_errno(errp, errno, "Failed to set FD nonblocking");
        close(master_fd);
        g_free(name);
        return;
    }

    chr->filename = g_strdup_printf("pty:%s", name);
    qemu_printf("char device redirected to %s (label %s)\n",
                name, chr->label);
    s->fd = master_fd;
    s->pty_name = name;
    /* opened once a terminal opens the slave */
    *be_opened = false;
    pty_chr_rearm_timer(chr, 1000);
}

static void char_pty_init(Object *obj)
{
    PTY_CHARDEV(obj)->fd = -1;
}

static void char_pty_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = char_pty_open;
    cc->chr_write = pty_chr_write;
    cc->chr_update_read_handler = pty_chr_update_read_handler;
    cc->chr_add_watch = pty_chr_add_watch;
}

static const TypeInfo char_pty_type_info = {
    .name = TYPE_CHARDEV_PTY,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(PtyChardev),
    .instance_init = char_pty_init,
    .instance_finalize = char_pty_finalize,
    .class_init = char_pty_class_init,
};

static void register_types(void)
{
    type_register_static(&char_pty_type_info);
}

type_init(register_types);
