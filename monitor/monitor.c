/*
 * Monitor core: output buffering and flushing, the current monitor, the
 * monitor list, suspend/resume, creation from the command line and
 * event delivery.
 */
#include "qemu/osdep.h"

#include "chardev/char.h"
#include "monitor-internal.h"
#include "qapi/error.h"
#include "qapi/qapi-emit-events.h"
#include "qemu/atomic.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/qemu-print.h"
#include "qemu/timer.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

/* Protects mon_list. */
static GMutex monitor_lock;
static GList *mon_list;         /* Monitor *, in creation order */
static GList *dead_monitors;    /* kept after monitor_cleanup() */
static __thread Monitor *cur_monitor;

Monitor *monitor_cur(void)
{
    return cur_monitor;
}

Monitor *monitor_set_cur(Coroutine *co, Monitor *mon)
{
    Monitor *old = cur_monitor;

    cur_monitor = mon;
    return old;
}

bool monitor_cur_is_qmp(void)
{
    Monitor *mon = monitor_cur();

    return mon && monitor_is_qmp(mon);
}

bool monitor_is_hmp_non_interactive(const Monitor *mon)
{
    return mon && !monitor_is_qmp(mon) && mon->skip_flush;
}

/* ---------------------------------------------------------------- */
/* Output */

static gboolean monitor_unblocked(void *do_not_use, GIOCondition cond,
                                  void *opaque);

/* Try to write the buffer; if it does not all fit, wait for G_IO_OUT. */
static void monitor_flush_locked(Monitor *mon)
{
    int rc;
    size_t len;

    if (mon->skip_flush || mon->dead) {
        return;
    }
    len = mon->outbuf->len;
    if (!len || mon->mux_out) {
        /* kept while another mux frontend has the focus */
        return;
    }
    rc = qemu_chr_fe_write(&mon->chr, (const uint8_t *)mon->outbuf->str,
                           len);
    if ((rc < 0 && errno != EAGAIN) || rc == (int)len) {
        /* all flushed, or an error: the data is lost either way */
        g_string_truncate(mon->outbuf, 0);
        return;
    }
    if (rc > 0) {
        g_string_erase(mon->outbuf, 0, rc);
    }
    if (mon->out_watch == 0) {
        mon->out_watch = qemu_chr_fe_add_watch(&mon->chr, G_IO_OUT | G_IO_HUP,
                                               monitor_unblocked, mon);
    }
}

void monitor_flush(Monitor *mon)
{
    g_mutex_lock(&mon->mon_lock);
    monitor_flush_locked(mon);
    g_mutex_unlock(&mon->mon_lock);
}

static gboolean monitor_unblocked(void *do_not_use, GIOCondition cond,
                                  void *opaque)
{
    Monitor *mon = opaque;

    g_mutex_lock(&mon->mon_lock);
    mon->out_watch = 0;
    if (cond & G_IO_HUP) {
        /* nobody to write to any more */
        g_string_truncate(mon->outbuf, 0);
    } else {
        monitor_flush_locked(mon);
    }
    g_mutex_unlock(&mon->mon_lock);
    return G_SOURCE_REMOVE;
}

int monitor_puts(Monitor *mon, const char *str)
{
    int i;

    if (!mon) {
        return -1;
    }
    g_mutex_lock(&mon->mon_lock);
    for (i = 0; str[i]; i++) {
        char c = str[i];

        if (c == '\n') {
            g_string_append_c(mon->outbuf, '\r');
        }
        g_string_append_c(mon->outbuf, c);
        if (c == '\n') {
            monitor_flush_locked(mon);
        }
    }
    g_mutex_unlock(&mon->mon_lock);
    return i;
}

int monitor_vprintf(Monitor *mon, const char *fmt, va_list ap)
{
    char *buf;
    int n;

    if (!mon) {
        return -1;
    }
    buf = g_strdup_vprintf(fmt, ap);
    n = monitor_puts(mon, buf);
    g_free(buf);
    return n;
}

int monitor_printf(Monitor *mon, const char *fmt, ...)
{
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = monitor_vprintf(mon, fmt, ap);
    va_end(ap);
    return ret;
}

void monitor_printc(Monitor *mon, int c)
{
    monitor_printf(mon, "'");
    switch (c) {
    case '\'':
        monitor_printf(mon, "\\'");
        break;
    case '\\':
        monitor_printf(mon, "\\\\");
        break;
    case '\n':
        monitor_printf(mon, "\\n");
        break;
    case '\r':
        monitor_printf(mon, "\\r");
        break;
    default:
        if (c >= 32 && c <= 126) {
            monitor_printf(mon, "%c", c);
        } else {
            monitor_printf(mon, "\\x%02x", c);
        }
        break;
    }
    monitor_printf(mon, "'");
}

int qemu_vprintf(const char *fmt, va_list ap)
{
    Monitor *cur_mon = monitor_cur();

    if (cur_mon && !monitor_is_qmp(cur_mon)) {
        return monitor_vprintf(cur_mon, fmt, ap);
    }
    return vprintf(fmt, ap);
}

int qemu_printf(const char *fmt, ...)
{
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = qemu_vprintf(fmt, ap);
    va_end(ap);
    if (!monitor_cur() || monitor_is_qmp(monitor_cur())) {
        fflush(stdout);
    }
    return ret;
}

int qemu_vfprintf(FILE *stream, const char *fmt, va_list ap)
{
    if (!stream) {
        return qemu_vprintf(fmt, ap);
    }
    return vfprintf(stream, fmt, ap);
}

int qemu_fprintf(FILE *stream, const char *fmt, ...)
{
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = qemu_vfprintf(stream, fmt, ap);
    va_end(ap);
    return ret;
}

/* ---------------------------------------------------------------- */
/* Life cycle */

int monitor_get_cpu_index(Monitor *mon)
{
    return 0;
}

int monitor_set_cpu(Monitor *mon, int cpu_index)
{
    return cpu_index == 0 ? 0 : -1;
}

int monitor_can_read(void *opaque)
{
    Monitor *mon = opaque;

    return !qatomic_read(&mon->suspend_cnt);
}

int monitor_suspend(Monitor *mon)
{
    if (monitor_is_hmp_non_interactive(mon)) {
        return -ENOTTY;
    }
    qatomic_inc(&mon->suspend_cnt);
    return 0;
}

static void monitor_accept_input(void *opaque)
{
    Monitor *mon = opaque;

    if (mon->dead) {
        return;
    }
    if (!monitor_is_qmp(mon) && mon->reset_seen) {
        monitor_hmp_show_prompt(container_of(mon, MonitorHMP, common));
    }
    qemu_chr_fe_accept_input(&mon->chr);
}

void monitor_resume(Monitor *mon)
{
    if (monitor_is_hmp_non_interactive(mon)) {
        return;
    }
    if (qatomic_fetch_sub(&mon->suspend_cnt, 1) == 1) {
        /* from the main loop, after the current command has finished */
        qemu_bh_schedule_oneshot(monitor_accept_input, mon);
    }
}

void monitor_data_init(Monitor *mon, bool is_qmp, bool skip_flush)
{
    g_mutex_init(&mon->mon_lock);
    mon->outbuf = g_string_new(NULL);
    mon->skip_flush = skip_flush;
    mon->is_qmp = is_qmp;
}

void monitor_data_destroy(Monitor *mon)
{
    qemu_chr_fe_deinit(&mon->chr, false);
    monitor_fds_cleanup(mon);
    if (monitor_is_qmp(mon)) {
        monitor_data_destroy_qmp(container_of(mon, MonitorQMP, common));
    } else {
        monitor_data_destroy_hmp(container_of(mon, MonitorHMP, common));
    }
    g_string_free(mon->outbuf, true);
    g_mutex_clear(&mon->mon_lock);
}

void monitor_list_append(Monitor *mon)
{
    g_mutex_lock(&monitor_lock);
    mon_list = g_list_append(mon_list, mon);
    g_mutex_unlock(&monitor_lock);
}

void monitor_foreach(void (*fn)(Monitor *mon, void *opaque), void *opaque)
{
    GList *copy, *l;

    g_mutex_lock(&monitor_lock);
    copy = g_list_copy(mon_list);
    g_mutex_unlock(&monitor_lock);
    for (l = copy; l; l = l->next) {
        fn(l->data, opaque);
    }
    g_list_free(copy);
}

void monitor_cleanup(void)
{
    GList *list, *l;

    g_mutex_lock(&monitor_lock);
    list = mon_list;
    mon_list = NULL;
    g_mutex_unlock(&monitor_lock);

    for (l = list; l; l = l->next) {
        Monitor *mon = l->data;

        monitor_flush(mon);
        g_mutex_lock(&mon->mon_lock);
        if (mon->out_watch) {
            g_source_remove(mon->out_watch);
            mon->out_watch = 0;
        }
        mon->dead = true;
        g_mutex_unlock(&mon->mon_lock);
        /*
         * Detach from the chardev, but keep the Monitor itself: a
         * bottom half or a late printf may still point here (this
         * only runs once, at exit).
         */
        qemu_chr_fe_deinit(&mon->chr, false);
    }
    dead_monitors = g_list_concat(dead_monitors, list);
}

/* ---------------------------------------------------------------- */
/* Creation from options */

/* A boolean option given as a QBool or as "on"/"off" text. */
static bool opt_get_bool(QDict *opts, const char *name, bool def,
                         Error **errp)
{
    QObject *obj = qdict_get(opts, name);
    QBool *qb;
    const char *str;

    if (!obj) {
        return def;
    }
    qb = qobject_to(QBool, obj);
    if (qb) {
        return qbool_get_bool(qb);
    }
    str = qobject_get_try_str(obj);
    if (str && (!strcmp(str, "on") || !strcmp(str, "true") ||
                !strcmp(str, "yes"))) {
        return true;
    }
    if (str && (!strcmp(str, "off") || !strcmp(str, "false") ||
                !strcmp(str, "no"))) {
        return false;
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return def;
}

bool monitor_init_opts(QDict *opts, Error **errp)
{
    const char *chardev = qdict_get_try_str(opts, "chardev");
    const char *mode = qdict_get_try_str(opts, "mode");
    Error *local_err = NULL;
    bool pretty;
    Chardev *chr;
    const QDictEntry *e;

    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);

        if (strcmp(key, "chardev") && strcmp(key, "mode") &&
            strcmp(key, "pretty") && strcmp(key, "id")) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    if (!chardev) {
        error_setg(errp, "Parameter 'chardev' is missing");
        return false;
    }
    pretty = opt_get_bool(opts, "pretty", false, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    chr = qemu_chr_find(chardev);
    if (!chr) {
        error_setg(errp, "chardev \"%s\" not found", chardev);
        return false;
    }
    if (!mode || !strcmp(mode, "readline")) {
        if (pretty) {
            warn_report("'pretty' is deprecated for HMP monitors, it has no "
                        "effect and will be removed in future versions");
        }
        return monitor_init_hmp(chr, true, errp);
    }
    if (!strcmp(mode, "control")) {
        return monitor_init_qmp(chr, pretty, errp);
    }
    error_setg(errp, "Parameter 'mode' does not accept value '%s'", mode);
    error_append_hint(errp, "Valid values: readline, control\n");
    return false;
}

bool monitor_parse_cmdline(const char *spec, bool qmp, bool pretty,
                           Error **errp)
{
    static int monitor_device_index;
    g_autofree char *label = NULL;
    Chardev *chr;
    QDict *opts;
    bool ok;

    if (!strcmp(spec, "none")) {
        return true;
    }
    if (g_str_has_prefix(spec, "chardev:")) {
        label = g_strdup(spec + strlen("chardev:"));
    } else {
        label = g_strdup_printf("compat_monitor%d", monitor_device_index);
        opts = qemu_chr_parse_compat(label, spec, true, errp);
        if (!opts) {
            return false;
        }
        chr = qemu_chr_new_from_opts(opts, NULL, errp);
        qobject_unref(opts);
        if (!chr) {
            return false;
        }
    }

    opts = qdict_new();
    qdict_put_str(opts, "chardev", label);
    qdict_put_str(opts, "mode", qmp ? "control" : "readline");
    if (qmp) {
        qdict_put_bool(opts, "pretty", pretty);
    }
    ok = monitor_init_opts(opts, errp);
    qobject_unref(opts);
    monitor_device_index++;
    return ok;
}

/* ---------------------------------------------------------------- */
/* Events */

static void event_send_one(Monitor *mon, void *opaque)
{
    MonitorQMP *qmp_mon;

    if (!monitor_is_qmp(mon)) {
        return;
    }
    qmp_mon = container_of(mon, MonitorQMP, common);
    if (qmp_mon->negotiated) {
        qmp_send_response(qmp_mon, opaque);
    }
}

void monitor_qapi_event_emit_dict(QDict *qdict)
{
    monitor_foreach(event_send_one, qdict);
}

/*
 * Events come either as the complete message ({"event": ...,
 * "timestamp": ..., "data": ...}, as QEMU's generated code builds it) or
 * as just the data; the missing parts are added here.
 */
void qapi_event_emit(QAPIEvent event, QDict *qdict)
{
    QDict *msg;

    if (qdict && qdict_haskey(qdict, "event")) {
        msg = qdict;
        qobject_ref(msg);
    } else {
        int64_t now = g_get_real_time();
        QDict *ts = qdict_new();

        msg = qdict_new();
        qdict_put_str(msg, "event", QAPIEvent_str(event));
        if (qdict) {
            qdict_put_obj(msg, "data", QOBJECT(qobject_ref(qdict)));
        }
        qdict_put_int(ts, "seconds", now / G_USEC_PER_SEC);
        qdict_put_int(ts, "microseconds", now % G_USEC_PER_SEC);
        qdict_put_obj(msg, "timestamp", QOBJECT(ts));
    }
    if (!qdict_haskey(msg, "timestamp")) {
        int64_t now = g_get_real_time();
        QDict *ts = qdict_new();

        qdict_put_int(ts, "seconds", now / G_USEC_PER_SEC);
        qdict_put_int(ts, "microseconds", now % G_USEC_PER_SEC);
        qdict_put_obj(msg, "timestamp", QOBJECT(ts));
    }
    monitor_qapi_event_emit_dict(msg);
    qobject_unref(msg);
}
