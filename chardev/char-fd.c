/*
 * The abstract chardev on file descriptors: reads go to the frontend
 * when it can take them, writes go straight to the output fd.
 */
#include "qemu/osdep.h"

#include "chardev/char-fd.h"
#include "chardev/char-io.h"
#include "qemu/module.h"

static int fd_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    FDChardev *s = FD_CHARDEV(chr);

    if (s->fd_out < 0) {
        return len;     /* nowhere to write: like null */
    }
    return io_fd_write(s->fd_out, buf, len);
}

static int fd_chr_read_poll(void *opaque)
{
    Chardev *chr = CHARDEV(opaque);
    FDChardev *s = FD_CHARDEV(opaque);

    s->max_size = qemu_chr_be_can_write(chr);
    return s->max_size;
}

static gboolean fd_chr_read(int fd, GIOCondition cond, void *opaque)
{
    Chardev *chr = CHARDEV(opaque);

    if (!io_fd_read_to_frontend(chr, fd, FD_CHARDEV(opaque)->max_size)) {
        /* end of input: tell the frontend */
        qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static GSource *fd_chr_add_watch(Chardev *chr, GIOCondition cond)
{
    FDChardev *s = FD_CHARDEV(chr);
    int fd = (cond & G_IO_OUT) ? s->fd_out : s->fd_in;

    if (fd < 0) {
        return NULL;
    }
    return io_fd_watch_new(fd, cond);
}

static void fd_chr_update_read_handler(Chardev *chr)
{
    FDChardev *s = FD_CHARDEV(chr);

    remove_fd_in_watch(chr);
    if (s->fd_in >= 0) {
        chr->gsource = io_add_watch_poll(chr, s->fd_in, fd_chr_read_poll,
                                         fd_chr_read, chr, chr->gcontext);
    }
}

static void char_fd_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);
    FDChardev *s = FD_CHARDEV(obj);

    remove_fd_in_watch(chr);
    if (s->fd_in > 2) {
        close(s->fd_in);
    }
    if (s->fd_out > 2 && s->fd_out != s->fd_in) {
        close(s->fd_out);
    }
    qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
}

/* Keep our own fds out of child processes. */
static void set_cloexec(int fd)
{
    if (fd > 2) {
        fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
    }
}

void qemu_chr_open_fd(Chardev *chr, int fd_in, int fd_out)
{
    FDChardev *s = FD_CHARDEV(chr);

    s->fd_in = fd_in;
    s->fd_out = fd_out;
    set_cloexec(fd_in);
    set_cloexec(fd_out);
}

static void char_fd_init(Object *obj)
{
    FDChardev *s = FD_CHARDEV(obj);

    s->fd_in = -1;
    s->fd_out = -1;
}

static void char_fd_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_add_watch = fd_chr_add_watch;
    cc->chr_write = fd_chr_write;
    cc->chr_update_read_handler = fd_chr_update_read_handler;
}

static const TypeInfo char_fd_type_info = {
    .name = TYPE_CHARDEV_FD,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(FDChardev),
    .instance_init = char_fd_init,
    .instance_finalize = char_fd_finalize,
    .class_init = char_fd_class_init,
    .abstract = true,
};

static void register_types(void)
{
    type_register_static(&char_fd_type_info);
}

type_init(register_types);
