/*
 * The pipe chardev: named pipes PATH.in and PATH.out, or PATH for both.
 */
#include "qemu/osdep.h"

#include "chardev/char-fd.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/module.h"

static void qemu_chr_open_pipe(Chardev *chr, ChardevBackend *backend,
                               bool *be_opened, Error **errp)
{
    ChardevHostdev *opts = backend->u.pipe.data;
    char *filename_in = g_strdup_printf("%s.in", opts->device);
    char *filename_out = g_strdup_printf("%s.out", opts->device);
    int fd_in, fd_out;

    /* O_RDWR: opening a FIFO does not wait for the other end */
    fd_in = open(filename_in, O_RDWR | O_CLOEXEC);
    fd_out = open(filename_out, O_RDWR | O_CLOEXEC);
    if (fd_in < 0 || fd_out < 0) {
        if (fd_in >= 0) {
            close(fd_in);
        }
        if (fd_out >= 0) {
            close(fd_out);
        }
        fd_in = fd_out = open(opts->device, O_RDWR | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_file_open(errp, errno, opts->device);
            goto out;
        }
    }
    qemu_chr_open_fd(chr, fd_in, fd_out);
out:
    g_free(filename_in);
    g_free(filename_out);
}

static void qemu_chr_parse_pipe(QDict *opts, ChardevBackend *backend,
                                Error **errp)
{
    const char *device = qemu_chr_opt_str(opts, "path");
    ChardevHostdev *dev;

    if (!device || !*device) {
        error_setg(errp, "chardev: pipe: no device path given");
        return;
    }
    backend->type = CHARDEV_BACKEND_KIND_PIPE;
    dev = backend->u.pipe.data = g_new0(ChardevHostdev, 1);
    qemu_chr_parse_common(opts, qapi_ChardevHostdev_base(dev));
    dev->device = g_strdup(device);
}

static void char_pipe_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = qemu_chr_parse_pipe;
    cc->open = qemu_chr_open_pipe;
}

static const TypeInfo char_pipe_type_info = {
    .name = TYPE_CHARDEV_PIPE,
    .parent = TYPE_CHARDEV_FD,
    .class_init = char_pipe_class_init,
};

static void register_types(void)
{
    type_register_static(&char_pipe_type_info);
}

type_init(register_types);
