/*
 * Character device core: the abstract "chardev" type, writes and
 * events between backends and frontends, creation from -chardev
 * options, and the QMP commands of qapi/char.json.
 */
#include "qemu/osdep.h"

#include "chardev/char.h"
#include "chardev/char-fe.h"
#include "chardev/char-io.h"
#include "chardev-internal.h"
#include "monitor/monitor.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qemu/error-report.h"
#include "qemu/module.h"
#include "qemu/option.h"
#include "qemu/qemu-print.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"

Object *get_chardevs_root(void)
{
    return container_get(object_get_root(), "/chardevs");
}

/* ---------------------------------------------------------------- */
/* Backend to frontend */

static void chr_be_event(Chardev *s, QEMUChrEvent event)
{
    CharBackend *be = s->be;

    if (!be || !be->chr_event) {
        return;
    }
    be->chr_event(be->opaque, event);
}

void qemu_chr_be_event(Chardev *s, QEMUChrEvent event)
{
    /* Keep track of whether the backend is open. */
    switch (event) {
    case CHR_EVENT_OPENED:
        s->be_open = 1;
        break;
    case CHR_EVENT_CLOSED:
        s->be_open = 0;
        break;
    case CHR_EVENT_BREAK:
    case CHR_EVENT_MUX_IN:
    case CHR_EVENT_MUX_OUT:
        break;
    }
    CHARDEV_GET_CLASS(s)->chr_be_event(s, event);
}

int qemu_chr_be_can_write(Chardev *s)
{
    CharBackend *be = s->be;

    if (!be || !be->chr_can_read) {
        return 0;
    }
    return be->chr_can_read(be->opaque);
}

void qemu_chr_be_write_impl(Chardev *s, const uint8_t *buf, int len)
{
    CharBackend *be = s->be;

    if (be && be->chr_read) {
        be->chr_read(be->opaque, buf, len);
    }
}

void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len)
{
    qemu_chr_be_write_impl(s, buf, len);
}

void qemu_chr_be_update_read_handlers(Chardev *s, GMainContext *context)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);

    s->gcontext = context;
    if (cc->chr_update_read_handler) {
        cc->chr_update_read_handler(s);
    }
}

int qemu_chr_add_client(Chardev *s, int fd)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);

    return cc->chr_add_client ? cc->chr_add_client(s, fd) : -1;
}

/* ---------------------------------------------------------------- */
/* Frontend to backend */

/* The logfile is best effort: errors are not reported. */
static void qemu_chr_write_log(Chardev *s, const uint8_t *buf, size_t len)
{
    size_t done = 0;

    if (s->logfd < 0) {
        return;
    }
    while (done < len) {
        ssize_t ret = write(s->logfd, buf + done, len - done);

        if (ret < 0 && (errno == EAGAIN || errno == EINTR)) {
            g_usleep(100);
            continue;
        }
        if (ret <= 0) {
            return;
        }
        done += ret;
    }
}

int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(s);
    int offset = 0;
    int res = 0;

    g_mutex_lock(&s->chr_write_lock);
    while (offset < len) {
        res = cc->chr_write(s, buf + offset, len - offset);
        if (res < 0 && errno == EAGAIN && write_all) {
            g_usleep(100);
            continue;
        }
        if (res <= 0) {
            break;
        }
        offset += res;
        if (!write_all) {
            break;
        }
    }
    if (offset > 0) {
        qemu_chr_write_log(s, buf, offset);
    } else if (res < 0) {
        /* The data is lost for the backend; keep it in the log. */
        qemu_chr_write_log(s, buf, len);
    }
    g_mutex_unlock(&s->chr_write_lock);

    if (res < 0 && offset == 0) {
        return res;
    }
    return offset;
}

int qemu_chr_wait_connected(Chardev *chr, Error **errp)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    if (cc->chr_wait_connected) {
        return cc->chr_wait_connected(chr, errp);
    }
    return 0;
}

bool qemu_chr_has_feature(Chardev *chr, ChardevFeature feature)
{
    return chr->features & (1UL << feature);
}

void qemu_chr_set_feature(Chardev *chr, ChardevFeature feature)
{
    chr->features |= 1UL << feature;
}

GSource *qemu_chr_timeout_add_ms(Chardev *chr, guint ms,
                                 GSourceFunc func, void *private)
{
    GSource *source = g_timeout_source_new(ms);

    g_assert(func);
    g_source_set_callback(source, func, private, NULL);
    g_source_attach(source, chr->gcontext);
    return source;
}

/* ---------------------------------------------------------------- */
/* The abstract type */

static int null_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

static void char_init(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    chr->logfd = -1;
    g_mutex_init(&chr->chr_write_lock);
    /* A backend that re-arms its sources can move to another context. */
    if (CHARDEV_GET_CLASS(chr)->chr_update_read_handler) {
        qemu_chr_set_feature(chr, QEMU_CHAR_FEATURE_GCONTEXT);
    }
}

static void char_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    if (chr->be) {
        chr->be->chr = NULL;
    }
    remove_fd_in_watch(chr);
    g_free(chr->filename);
    g_free(chr->label);
    if (chr->logfd != -1) {
        close(chr->logfd);
    }
    g_mutex_clear(&chr->chr_write_lock);
}

static void char_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->chr_write = null_chr_write;
    cc->chr_be_event = chr_be_event;
}

static const TypeInfo char_type_info = {
    .name = TYPE_CHARDEV,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Chardev),
    .instance_init = char_init,
    .instance_finalize = char_finalize,
    .abstract = true,
    .class_size = sizeof(ChardevClass),
    .class_init = char_class_init,
};

static void register_types(void)
{
    type_register_static(&char_type_info);
}

type_init(register_types);

/* ---------------------------------------------------------------- */
/* -chardev options: a flat dictionary of strings like QemuOpts */

/* Every option -chardev knows, and whether it is a boolean. */
static const struct {
    const char *name;
    bool is_bool;
} chardev_opts[] = {
    { "backend" }, { "id" }, { "path" }, { "input-path" }, { "host" },
    { "port" }, { "fd" }, { "to" }, { "ipv4", true }, { "ipv6", true },
    { "wait", true }, { "server", true }, { "delay", true },
    { "nodelay", true }, { "telnet", true }, { "mux", true },
    { "signal", true }, { "size" }, { "chardev" }, { "append", true },
    { "logfile" }, { "logappend", true },
};

static int chardev_opt_find(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAY_SIZE(chardev_opts); i++) {
        if (!strcmp(chardev_opts[i].name, name)) {
            return i;
        }
    }
    return -1;
}

/* Parse a boolean like QEMU: on/yes/true/y and off/no/false/n. */
static bool chr_parse_bool(const char *value, bool *res)
{
    if (!strcmp(value, "on") || !strcmp(value, "yes") ||
        !strcmp(value, "true") || !strcmp(value, "y")) {
        *res = true;
        return true;
    }
    if (!strcmp(value, "off") || !strcmp(value, "no") ||
        !strcmp(value, "false") || !strcmp(value, "n")) {
        *res = false;
        return true;
    }
    return false;
}

bool qemu_chr_opt_has(QDict *opts, const char *name)
{
    return qdict_haskey(opts, name);
}

const char *qemu_chr_opt_str(QDict *opts, const char *name)
{
    return qdict_get_try_str(opts, name);
}

bool qemu_chr_opt_bool(QDict *opts, const char *name, bool def)
{
    const char *value = qdict_get_try_str(opts, name);
    bool res;

    if (!value || !chr_parse_bool(value, &res)) {
        return def;
    }
    return res;
}

/* Store @key=@value in @opts after checking both. */
static bool chr_opts_set(QDict *opts, const char *key, const char *value,
                         Error **errp)
{
    int idx = chardev_opt_find(key);
    bool b;

    if (idx < 0) {
        error_setg(errp, "Invalid parameter '%s'", key);
        return false;
    }
    if (chardev_opts[idx].is_bool && !chr_parse_bool(value, &b)) {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
        return false;
    }
    qdict_put_str(opts, key, value);
    return true;
}

/*
 * Parse "a=b,c,nod,..." (",," escapes a comma) into @opts.  The first
 * element may be a bare value for @implied.  A later bare word is a
 * boolean: "server" means server=on, "nowait" means wait=off.
 */
static bool chr_opts_parse_into(QDict *opts, const char *str,
                                const char *implied, Error **errp)
{
    const char *p = str;
    bool first = true;

    while (*p) {
        char *item;
        const char *eq;
        bool ok;

        p = get_opt_value(p, &item);
        if (*p) {
            p++;
        }

        eq = strchr(item, '=');
        if (eq) {
            char *key = g_strndup(item, eq - item);

            ok = chr_opts_set(opts, key, eq + 1, errp);
            g_free(key);
        } else if (first && implied) {
            qdict_put_str(opts, implied, item);
            ok = true;
        } else if (!item[0]) {
            ok = true;          /* "a=b,,"-style trailing empty element */
        } else {
            int idx = chardev_opt_find(item);

            if (idx >= 0 && chardev_opts[idx].is_bool) {
                ok = chr_opts_set(opts, item, "on", errp);
            } else if (g_str_has_prefix(item, "no") &&
                       (idx = chardev_opt_find(item + 2)) >= 0 &&
                       chardev_opts[idx].is_bool) {
                ok = chr_opts_set(opts, item + 2, "off", errp);
            } else if (idx >= 0) {
                error_setg(errp, "Parameter '%s' is missing a value",
                           item);
                ok = false;
            } else {
                error_setg(errp, "Invalid parameter '%s'", item);
                ok = false;
            }
        }
        g_free(item);
        if (!ok) {
            return false;
        }
        first = false;
    }
    return true;
}

QDict *qemu_chr_parse_opts_str(const char *optarg, Error **errp)
{
    QDict *opts = qdict_new();

    if (!chr_opts_parse_into(opts, optarg, "backend", errp)) {
        qobject_unref(opts);
        return NULL;
    }
    return opts;
}

void qemu_chr_parse_common(QDict *opts, ChardevCommon *backend)
{
    const char *logfile = qemu_chr_opt_str(opts, "logfile");

    backend->logfile = g_strdup(logfile);
    backend->has_logappend = true;
    backend->logappend = qemu_chr_opt_bool(opts, "logappend", false);
}

static bool id_wellformed(const char *id)
{
    size_t i;

    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (i = 1; id[i]; i++) {
        if (!g_ascii_isalnum(id[i]) && !strchr("-._", id[i])) {
            return false;
        }
    }
    return true;
}

static ObjectClass *char_get_class(const char *driver, Error **errp)
{
    ObjectClass *oc;
    char *typename = g_strdup_printf("chardev-%s", driver);

    oc = object_class_by_name(typename);
    g_free(typename);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_CHARDEV) ||
        object_class_is_abstract(oc) || CHARDEV_CLASS(oc)->internal) {
        error_setg(errp, "'%s' is not a valid char driver name", driver);
        return NULL;
    }
    return oc;
}

typedef struct ChardevNameForeach {
    void (*fn)(const char *name, void *opaque);
    void *opaque;
} ChardevNameForeach;

static void chardev_class_foreach(ObjectClass *klass, void *opaque)
{
    ChardevNameForeach *fe = opaque;
    const char *name = object_class_get_name(klass);

    if (!g_str_has_prefix(name, "chardev-") ||
        CHARDEV_CLASS(klass)->internal) {
        return;
    }
    fe->fn(name + strlen("chardev-"), fe->opaque);
}

static void chardev_name_foreach(void (*fn)(const char *name, void *opaque),
                                 void *opaque)
{
    ChardevNameForeach fe = { .fn = fn, .opaque = opaque };

    object_class_foreach(chardev_class_foreach, TYPE_CHARDEV, false, &fe);
}

static void help_string_append(const char *name, void *opaque)
{
    g_string_append_printf(opaque, "\n  %s", name);
}

ChardevBackend *qemu_chr_parse_opts(QDict *opts, Error **errp)
{
    Error *local_err = NULL;
    const char *name = qemu_chr_opt_str(opts, "backend");
    ObjectClass *oc;
    ChardevClass *cc;
    ChardevBackend *backend;

    if (!name) {
        error_setg(errp, "chardev: \"%s\" missing backend",
                   qemu_chr_opt_str(opts, "id") ?: "");
        return NULL;
    }
    oc = char_get_class(name, errp);
    if (!oc) {
        return NULL;
    }
    cc = CHARDEV_CLASS(oc);

    backend = g_new0(ChardevBackend, 1);
    backend->type = CHARDEV_BACKEND_KIND_NULL;
    if (cc->parse) {
        cc->parse(opts, backend, &local_err);
        if (local_err) {
            error_propagate(errp, local_err);
            qapi_free_ChardevBackend(backend);
            return NULL;
        }
    } else {
        ChardevCommon *ccom = g_new0(ChardevCommon, 1);

        qemu_chr_parse_common(opts, ccom);
        backend->u.null.data = ccom; /* any ChardevCommon member works */
    }
    return backend;
}

Chardev *qemu_chr_new_from_opts(QDict *opts, GMainContext *context,
                                Error **errp)
{
    const char *name = qemu_chr_opt_str(opts, "backend");
    const char *id = qemu_chr_opt_str(opts, "id");
    ChardevBackend *backend = NULL;
    ObjectClass *oc;
    Chardev *chr = NULL;
    char *bid = NULL;

    if (name && (!strcmp(name, "help") || !strcmp(name, "?"))) {
        GString *str = g_string_new("");

        chardev_name_foreach(help_string_append, str);
        qemu_printf("Available chardev backend types: %s\n", str->str);
        g_string_free(str, true);
        return NULL;
    }
    if (!id) {
        error_setg(errp, "chardev: no id specified");
        return NULL;
    }
    if (!id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }
    if (qemu_chr_find(id)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", id);
        return NULL;
    }

    backend = qemu_chr_parse_opts(opts, errp);
    if (!backend) {
        return NULL;
    }
    oc = char_get_class(name, errp);
    if (!oc) {
        goto out;
    }

    if (qemu_chr_opt_bool(opts, "mux", false)) {
        bid = g_strdup_printf("%s-base", id);
    }

    chr = qemu_chardev_new(bid ? bid : id, object_class_get_name(oc),
                           backend, context, errp);
    if (!chr) {
        goto out;
    }

    if (bid) {
        Chardev *mux;

        qapi_free_ChardevBackend(backend);
        backend = g_new0(ChardevBackend, 1);
        backend->type = CHARDEV_BACKEND_KIND_MUX;
        backend->u.mux.data = g_new0(ChardevMux, 1);
        backend->u.mux.data->chardev = g_strdup(bid);
        mux = qemu_chardev_new(id, TYPE_CHARDEV_MUX, backend, context, errp);
        if (!mux) {
            object_unparent(OBJECT(chr));
            chr = NULL;
            goto out;
        }
        chr = mux;
    }

out:
    qapi_free_ChardevBackend(backend);
    g_free(bid);
    return chr;
}

Chardev *qemu_chardev_new_from_str(const char *optarg, Error **errp)
{
    QDict *opts = qemu_chr_parse_opts_str(optarg, errp);
    Chardev *chr;

    if (!opts) {
        return NULL;
    }
    chr = qemu_chr_new_from_opts(opts, NULL, errp);
    qobject_unref(opts);
    return chr;
}

/* ---------------------------------------------------------------- */
/* QEMU's legacy syntax: -serial, -monitor, -qmp arguments */

/* "HOST:PORT[,opts]" or ":PORT[,opts]": the part after the port. */
static const char *parse_host_port(const char *p, char **host, char **port)
{
    const char *colon, *end;

    if (*p == '[') {
        /* [IPv6]:port */
        const char *close = strchr(p, ']');

        if (!close || close[1] != ':') {
            return NULL;
        }
        *host = g_strndup(p + 1, close - p - 1);
        colon = close + 1;
    } else {
        colon = strchr(p, ':');
        if (!colon) {
            return NULL;
        }
        *host = g_strndup(p, colon - p);
    }
    end = strchrnul(colon + 1, ',');
    if (end == colon + 1) {
        g_free(*host);
        *host = NULL;
        return NULL;
    }
    *port = g_strndup(colon + 1, end - colon - 1);
    return end;
}

QDict *qemu_chr_parse_compat(const char *label, const char *filename,
                             bool permit_mux_mon, Error **errp)
{
    QDict *opts = qdict_new();
    const char *p;

    qdict_put_str(opts, "id", label);

    if (g_str_has_prefix(filename, "mon:")) {
        if (!permit_mux_mon) {
            error_setg(errp, "mon: isn't supported in this context");
            goto fail;
        }
        filename += strlen("mon:");
        qdict_put_str(opts, "mux", "on");
        if (!strcmp(filename, "stdio")) {
            /*
             * With the monitor muxed on stdio, Ctrl-C goes to the guest,
             * like -nographic does.
             */
            qdict_put_str(opts, "signal", "off");
        }
    }

    if (!strcmp(filename, "null") || !strcmp(filename, "pty") ||
        !strcmp(filename, "stdio")) {
        qdict_put_str(opts, "backend", filename);
        return opts;
    }
    if (g_str_has_prefix(filename, "file:")) {
        qdict_put_str(opts, "backend", "file");
        qdict_put_str(opts, "path", filename + strlen("file:"));
        return opts;
    }
    if (g_str_has_prefix(filename, "pipe:")) {
        qdict_put_str(opts, "backend", "pipe");
        qdict_put_str(opts, "path", filename + strlen("pipe:"));
        return opts;
    }
    if (g_str_has_prefix(filename, "tcp:") ||
        g_str_has_prefix(filename, "telnet:")) {
        char *host = NULL, *port = NULL;
        bool telnet = g_str_has_prefix(filename, "telnet:");

        p = strchr(filename, ':') + 1;
        p = parse_host_port(p, &host, &port);
        if (!p) {
            error_setg(errp, "'%s' is not a valid char driver", filename);
            goto fail;
        }
        qdict_put_str(opts, "backend", "socket");
        qdict_put_str(opts, "host", host);
        qdict_put_str(opts, "port", port);
        g_free(host);
        g_free(port);
        if (*p == ',' && !chr_opts_parse_into(opts, p + 1, NULL, errp)) {
            goto fail;
        }
        if (telnet) {
            qdict_put_str(opts, "telnet", "on");
        }
        return opts;
    }
    if (g_str_has_prefix(filename, "unix:")) {
        qdict_put_str(opts, "backend", "socket");
        if (!chr_opts_parse_into(opts, filename + strlen("unix:"), "path",
                                 errp)) {
            goto fail;
        }
        if (!qemu_chr_opt_str(opts, "path") ||
            !*qemu_chr_opt_str(opts, "path")) {
            error_setg(errp, "'%s' is not a valid char driver", filename);
            goto fail;
        }
        return opts;
    }

    error_setg(errp, "'%s' is not a valid char driver", filename);
fail:
    qobject_unref(opts);
    return NULL;
}

static Chardev *qemu_chr_new_permit_mux_mon(const char *label,
                                          const char *filename,
                                          bool permit_mux_mon,
                                          GMainContext *context)
{
    Error *err = NULL;
    Chardev *chr;
    QDict *opts;

    if (g_str_has_prefix(filename, "chardev:")) {
        chr = qemu_chr_find(filename + strlen("chardev:"));
        if (!chr) {
            error_report("chardev '%s' not found",
                         filename + strlen("chardev:"));
        }
        return chr;
    }

    opts = qemu_chr_parse_compat(label, filename, permit_mux_mon, &err);
    if (!opts) {
        error_report_err(err);
        return NULL;
    }

    chr = qemu_chr_new_from_opts(opts, context, &err);
    if (!chr) {
        error_report_err(err);
        goto out;
    }

    if (qemu_chr_opt_bool(opts, "mux", false)) {
        g_assert(permit_mux_mon);
        if (!monitor_init_hmp(chr, true, &err)) {
            error_report_err(err);
            object_unparent(OBJECT(chr));
            chr = NULL;
            goto out;
        }
    }

out:
    qobject_unref(opts);
    return chr;
}

Chardev *qemu_chr_new_noreplay(const char *label, const char *filename,
                               bool permit_mux_mon, GMainContext *context)
{
    return qemu_chr_new_permit_mux_mon(label, filename, permit_mux_mon,
                                       context);
}

Chardev *qemu_chr_new(const char *label, const char *filename,
                      GMainContext *context)
{
    return qemu_chr_new_permit_mux_mon(label, filename, false, context);
}

Chardev *qemu_chr_new_mux_mon(const char *label, const char *filename,
                              GMainContext *context)
{
    return qemu_chr_new_permit_mux_mon(label, filename, true, context);
}

/* ---------------------------------------------------------------- */
/* Creation */

static void qemu_char_open(Chardev *chr, ChardevBackend *backend,
                           bool *be_opened, Error **errp)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);
    /* Any ChardevCommon member would work */
    ChardevCommon *common = backend ? backend->u.null.data : NULL;

    if (common && common->logfile) {
        int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

        if (common->has_logappend && common->logappend) {
            flags |= O_APPEND;
        } else {
            flags |= O_TRUNC;
        }
        chr->logfd = open(common->logfile, flags, 0666);
        if (chr->logfd < 0) {
            error_setg_file_open(errp, errno, common->logfile);
            return;
        }
    }

    if (cc->open) {
        cc->open(chr, backend, be_opened, errp);
    }
}

static Chardev *chardev_new(const char *id, const char *typename,
                            ChardevBackend *backend,
                            GMainContext *gcontext, Error **errp)
{
    Error *local_err = NULL;
    bool be_opened = true;
    Object *obj;
    Chardev *chr;

    g_assert(g_str_has_prefix(typename, "chardev-"));
    g_assert(id);

    obj = object_new(typename);
    chr = CHARDEV(obj);
    chr->label = g_strdup(id);
    chr->gcontext = gcontext;

    qemu_char_open(chr, backend, &be_opened, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        object_unref(obj);
        return NULL;
    }

    if (!chr->filename) {
        chr->filename = g_strdup(typename + strlen("chardev-"));
    }
    if (be_opened) {
        qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    }
    return chr;
}

Chardev *qemu_chardev_new(const char *id, const char *typename,
                          ChardevBackend *backend, GMainContext *gcontext,
                          Error **errp)
{
    static unsigned int id_counter;
    g_autofree char *genid = NULL;
    Chardev *chr;

    if (!id) {
        /* '#' cannot start a user id, so generated ones never clash */
        genid = g_strdup_printf("#chr%u", id_counter++);
        id = genid;
    }
    if (qemu_chr_find(id)) {
        error_setg(errp, "Chardev with id '%s' already exists", id);
        return NULL;
    }

    chr = chardev_new(id, typename, backend, gcontext, errp);
    if (!chr) {
        return NULL;
    }
    if (!object_property_try_add_child(get_chardevs_root(), id, OBJECT(chr),
                                       errp)) {
        object_unref(OBJECT(chr));
        return NULL;
    }
    object_unref(OBJECT(chr));
    return chr;
}

Chardev *qemu_chr_find(const char *name)
{
    Object *obj = object_resolve_path_component(get_chardevs_root(), name);

    return obj ? (Chardev *)object_dynamic_cast(obj, TYPE_CHARDEV) : NULL;
}

static bool qemu_chr_is_busy(Chardev *s)
{
    if (CHARDEV_IS_MUX(s)) {
        return MUX_CHARDEV(s)->mux_bitset != 0;
    }
    return s->be != NULL;
}

static int chr_cleanup_one(Object *child, void *opaque)
{
    GSList **list = opaque;

    *list = g_slist_prepend(*list, child);
    return 0;
}

void qemu_chr_cleanup(void)
{
    GSList *list = NULL, *muxes = NULL, *others = NULL, *l;

    object_child_foreach(get_chardevs_root(), chr_cleanup_one, &list);
    for (l = list; l; l = l->next) {
        if (CHARDEV_IS_MUX(l->data)) {
            muxes = g_slist_prepend(muxes, l->data);
        } else {
            others = g_slist_prepend(others, l->data);
        }
    }
    /* Muxes first: they hold a frontend on their base chardev. */
    for (l = muxes; l; l = l->next) {
        object_unparent(l->data);
    }
    for (l = others; l; l = l->next) {
        object_unparent(l->data);
    }
    g_slist_free(list);
    g_slist_free(muxes);
    g_slist_free(others);
}

/* ---------------------------------------------------------------- */
/* QMP */

static int qmp_query_chardev_foreach(Object *obj, void *data)
{
    Chardev *chr = (Chardev *)object_dynamic_cast(obj, TYPE_CHARDEV);
    ChardevInfoList **list = data;
    ChardevInfoList *entry;
    ChardevInfo *value;

    if (!chr) {
        return 0;
    }
    value = g_new0(ChardevInfo, 1);
    value->label = g_strdup(chr->label);
    value->filename = g_strdup(chr->filename ?: "");
    value->frontend_open = chr->be && chr->be->fe_open;

    entry = g_new0(ChardevInfoList, 1);
    entry->value = value;
    entry->next = *list;
    *list = entry;
    return 0;
}

ChardevInfoList *qmp_query_chardev(Error **errp)
{
    ChardevInfoList *chr_list = NULL;

    object_child_foreach(get_chardevs_root(), qmp_query_chardev_foreach,
                         &chr_list);
    return chr_list;
}

static void qmp_prepend_backend(const char *name, void *opaque)
{
    ChardevBackendInfoList **list = opaque;
    ChardevBackendInfoList *entry = g_new0(ChardevBackendInfoList, 1);

    entry->value = g_new0(ChardevBackendInfo, 1);
    entry->value->name = g_strdup(name);
    entry->next = *list;
    *list = entry;
}

ChardevBackendInfoList *qmp_query_chardev_backends(Error **errp)
{
    ChardevBackendInfoList *backend_list = NULL;

    chardev_name_foreach(qmp_prepend_backend, &backend_list);
    return backend_list;
}

ChardevReturn *qmp_chardev_add(const char *id, ChardevBackend *backend,
                               Error **errp)
{
    ObjectClass *oc;
    ChardevReturn *ret;
    Chardev *chr;

    if (qemu_chr_find(id)) {
        error_setg(errp, "Chardev with id '%s' already exists", id);
        return NULL;
    }
    if (!id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        return NULL;
    }

    oc = char_get_class(ChardevBackendKind_str(backend->type), errp);
    if (!oc) {
        goto err;
    }
    chr = chardev_new(id, object_class_get_name(oc), backend, NULL, errp);
    if (!chr) {
        goto err;
    }
    if (!object_property_try_add_child(get_chardevs_root(), id, OBJECT(chr),
                                       errp)) {
        object_unref(OBJECT(chr));
        goto err;
    }
    object_unref(OBJECT(chr));

    ret = g_new0(ChardevReturn, 1);
    if (CHARDEV_IS_PTY(chr)) {
        ret->pty = g_strdup(chr->filename + strlen("pty:"));
    }
    return ret;

err:
    error_prepend(errp, "Failed to add chardev '%s': ", id);
    return NULL;
}

void qmp_chardev_remove(const char *id, Error **errp)
{
    Chardev *chr = qemu_chr_find(id);

    if (!chr) {
        error_setg(errp, "Chardev '%s' not found", id);
        return;
    }
    if (qemu_chr_is_busy(chr)) {
        error_setg(errp, "Chardev '%s' is busy", id);
        return;
    }
    object_unparent(OBJECT(chr));
}

void qmp_chardev_send_break(const char *id, Error **errp)
{
    Chardev *chr = qemu_chr_find(id);

    if (!chr) {
        error_setg(errp, "Chardev '%s' not found", id);
        return;
    }
    qemu_chr_be_event(chr, CHR_EVENT_BREAK);
}
