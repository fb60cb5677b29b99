/*
 * The file chardev: output to a file (truncated or appended), and
 * optionally input from another file.
 */
#include "qemu/osdep.h"

#include "chardev/char-fd.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/module.h"

static void qmp_chardev_open_file(Chardev *chr, ChardevBackend *backend,
                                  bool *be_opened, Error **errp)
{
    ChardevFile *file = backend->u.file.data;
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    int in = -1, out;

    if (file->has_append && file->append) {
        flags |= O_APPEND;
    } else {
        flags |= O_TRUNC;
    }
    out = open(file->out, flags, 0666);
    if (out < 0) {
        error_setg_file_open(errp, errno, file->out);
        return;
    }
    if (file->in) {
        in = open(file->in, O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            error_setg_file_open(errp, errno, file->in);
            close(out);
            return;
        }
    }
    qemu_chr_open_fd(chr, in, out);
}

static void qemu_chr_parse_file_out(QDict *opts, ChardevBackend *backend,
                                    Error **errp)
{
    const char *path = qemu_chr_opt_str(opts, "path");
    const char *inpath = qemu_chr_opt_str(opts, "input-path");
    ChardevFile *file;

    if (!path || !*path) {
        error_setg(errp, "chardev: file: no filename given");
        return;
    }
    backend->type = CHARDEV_BACKEND_KIND_FILE;
    file = backend->u.file.data = g_new0(ChardevFile, 1);
    qemu_chr_parse_common(opts, qapi_ChardevFile_base(file));
    file->out = g_strdup(path);
    file->in = g_strdup(inpath);
    file->has_append = true;
    file->append = qemu_chr_opt_bool(opts, "append", false);
}

static void char_file_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->parse = qemu_chr_parse_file_out;
    cc->open = qmp_chardev_open_file;
}

static const TypeInfo char_file_type_info = {
    .name = TYPE_CHARDEV_FILE,
    .parent = TYPE_CHARDEV_FD,
    .class_init = char_file_class_init,
};

static void register_types(void)
{
    type_register_static(&char_file_type_info);
}

type_init(register_types);
