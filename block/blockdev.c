/*
 * -drive and -blockdev: build block nodes and named backends from
 * command line options.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/keyval.h"
#include "qemu/error-report.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qstring.h"
#include "block/block-backend.h"
#include "block/blockdev.h"

static unsigned int drive_counter;

/* Option @key of @opts as a string (keyval) or NULL if absent */
static bool opt_str(QDict *opts, const char *key, const char **val,
                    Error **errp)
{
    QObject *obj = qdict_get(opts, key);

    *val = NULL;
    if (!obj) {
        return true;
    }
    if (!qobject_to(QString, obj)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: string",
                   key);
        return false;
    }
    *val = qstring_get_str(qobject_to(QString, obj));
    return true;
}

/* Option @key as a bool: JSON true/false or "on"/"off" */
static bool opt_bool(QDict *opts, const char *key, bool *val, Error **errp)
{
    QObject *obj = qdict_get(opts, key);
    const char *s;

    if (!obj) {
        return true;
    }
    if (qobject_to(QBool, obj)) {
        *val = qbool_get_bool(qobject_to(QBool, obj));
        return true;
    }
    s = qobject_to(QString, obj) ? qstring_get_str(qobject_to(QString, obj))
                                 : NULL;
    if (s && (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true"))) {
        *val = true;
    } else if (s && (!strcmp(s, "off") || !strcmp(s, "no") ||
                     !strcmp(s, "false"))) {
        *val = false;
    } else {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
        return false;
    }
    return true;
}

static bool check_keys(QDict *opts, const char *const *allowed,
                       const char *what, Error **errp)
{
    for (const QDictEntry *e = qdict_first(opts); e;
         e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        bool ok = false;

        for (int i = 0; allowed[i]; i++) {
            ok |= !strcmp(key, allowed[i]);
        }
        if (!ok) {
            error_setg(errp, "%s does not support the option '%s'", what,
                       key);
            return false;
        }
    }
    return true;
}

/* A node from -blockdev options (recursive for nested file=) */
static BlockDriverState *blockdev_open(QDict *opts, bool read_only_default,
                                       Error **errp)
{
    static const char *const file_keys[] = {
        "driver", "node-name", "filename", "read-only", "cache",
        "discard", "aio", "auto-read-only", "locking", NULL
    };
    static const char *const raw_keys[] = {
        "driver", "node-name", "file", "read-only", "cache", "discard",
        "auto-read-only", NULL
    };
    const char *driver, *node_name, *filename;
    bool read_only = read_only_default;
    BlockDriverState *file, *bs;
    QObject *fileobj;

    if (!opt_str(opts, "driver", &driver, errp) ||
        !opt_str(opts, "node-name", &node_name, errp) ||
        !opt_bool(opts, "read-only", &read_only, errp)) {
        return NULL;
    }
    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return NULL;
    }
    if (!strcmp(driver, "file")) {
        if (!check_keys(opts, file_keys, "Block driver 'file'", errp) ||
            !opt_str(opts, "filename", &filename, errp)) {
            return NULL;
        }
        if (!filename) {
            error_setg(errp, "Parameter 'filename' is missing");
            return NULL;
        }
        return bdrv_open_file(node_name, filename, read_only, errp);
    }
    if (strcmp(driver, "raw")) {
        error_setg(errp, "Parameter 'driver' does not accept value '%s' "
                   "(supported: file, raw)", driver);
        return NULL;
    }
    if (!check_keys(opts, raw_keys, "Block format 'raw'", errp)) {
        return NULL;
    }
    fileobj = qdict_get(opts, "file");
    if (!fileobj) {
        error_setg(errp, "Parameter 'file' is missing");
        return NULL;
    }
    if (qobject_to(QDict, fileobj)) {
        file = blockdev_open(qobject_to(QDict, fileobj), read_only, errp);
        if (!file) {
            return NULL;
        }
        bs = bdrv_open_raw(node_name, file, read_only, errp);
        bdrv_unref(file);
        return bs;
    }
    if (!qobject_to(QString, fileobj)) {
        error_setg(errp, "Invalid parameter type for 'file', expected: "
                   "node name or options");
        return NULL;
    }
    file = bdrv_find_node(qstring_get_str(qobject_to(QString, fileobj)));
    if (!file) {
        error_setg(errp, "Cannot find device='' nor node-name='%s'",
                   qstring_get_str(qobject_to(QString, fileobj)));
        return NULL;
    }
    return bdrv_open_raw(node_name, file, read_only, errp);
}

bool blockdev_new_from_str(const char *optarg, Error **errp)
{
    g_autoptr(QDict) opts = NULL;
    BlockDriverState *bs;

    if (optarg[0] == '{') {
        QObject *obj = qobject_from_json(optarg, errp);

        if (!obj) {
            return false;
        }
        opts = qobject_to(QDict, obj);
        if (!opts) {
            qobject_unref(obj);
            error_setg(errp, "-blockdev expects a JSON object");
            return false;
        }
    } else {
        opts = keyval_parse(optarg, NULL, NULL, errp);
        if (!opts) {
            return false;
        }
    }
    if (!qdict_haskey(opts, "node-name")) {
        error_setg(errp, "node-name is required for -blockdev");
        return false;
    }
    bs = blockdev_open(opts, false, errp);
    /* The node stays, referenced by its name, until devices take it */
    return bs != NULL;
}

bool drive_new_from_str(const char *optarg, Error **errp)
{
    static const char *const drive_keys[] = {
        "file", "format", "if", "id", "readonly", "read-only", "node-name",
        "cache", "media", "index", "aio", "discard", "snapshot", NULL
    };
    g_autoptr(QDict) opts = NULL;
    const char *file, *format, *iface, *id, *node_name, *media;
    bool read_only = false;
    bool snapshot = false;
    BlockDriverState *fbs, *bs;
    BlockBackend *blk;
    g_autofree char *auto_id = NULL;
    bool ok;

    opts = keyval_parse(optarg, NULL, NULL, errp);
    if (!opts) {
        return false;
    }
    if (!check_keys(opts, drive_keys, "-drive", errp) ||
        !opt_str(opts, "file", &file, errp) ||
        !opt_str(opts, "format", &format, errp) ||
        !opt_str(opts, "if", &iface, errp) ||
        !opt_str(opts, "id", &id, errp) ||
        !opt_str(opts, "node-name", &node_name, errp) ||
        !opt_str(opts, "media", &media, errp) ||
        !opt_bool(opts, "readonly", &read_only, errp) ||
        !opt_bool(opts, "read-only", &read_only, errp) ||
        !opt_bool(opts, "snapshot", &snapshot, errp)) {
        return false;
    }
    if (iface && strcmp(iface, "none")) {
        error_setg(errp, "Machine type does not support if=%s; use if=none "
                   "with -device virtio-blk-device,drive=ID", iface);
        return false;
    }
    if (!iface) {
        error_setg(errp, "Machine type does not support if=ide; use "
                   "if=none with -device virtio-blk-device,drive=ID");
        return false;
    }
    if (format && strcmp(format, "raw")) {
        error_setg(errp, "Unknown driver '%s' (supported: raw)", format);
        return false;
    }
    if (media && strcmp(media, "disk")) {
        error_setg(errp, "'%s' invalid media (only 'disk' is supported)",
                   media);
        return false;
    }
    if (snapshot) {
        error_setg(errp, "snapshot=on is not supported");
        return false;
    }
    if (!file) {
        error_setg(errp, "-drive without file= (an empty drive) is not "
                   "supported");
        return false;
    }
    if (!format) {
        warn_report("Image format was not specified for '%s' and probing "
                    "guessed raw.", file);
    }
    if (!id) {
        auto_id = g_strdup_printf("none%u", drive_counter);
        id = auto_id;
    }
    if (blk_by_name(id)) {
        error_setg(errp, "Duplicate ID '%s' for drive", id);
        return false;
    }
    drive_counter++;

    fbs = bdrv_open_file(NULL, file, read_only, errp);
    if (!fbs) {
        return false;
    }
    bs = bdrv_open_raw(node_name, fbs, read_only, errp);
    bdrv_unref(fbs);
    if (!bs) {
        return false;
    }
    blk = blk_new_with_bs(bs, errp);
    bdrv_unref(bs);
    ok = monitor_add_blk(blk, id, errp);
    /* The name holds the backend now (or nothing does) */
    blk_unref(blk);
    return ok;
}
