/*
 * The QMP protocol: a greeting when a client connects, capabilities
 * negotiation, then one JSON request in and one JSON response out per
 * line, plus asynchronous events.
 */
#include "qemu/osdep.h"

#include "config-host.h"

#include "chardev/char-fe.h"
#include "monitor-internal.h"
#include "qapi/error.h"
#include "qapi/qapi-init-commands.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"

QmpCommandList qmp_commands;

static bool qmp_oob_enabled(MonitorQMP *mon)
{
    return mon->capab[QMP_CAPABILITY_OOB];
}

static void monitor_qmp_caps_reset(MonitorQMP *mon)
{
    memset(mon->capab_offered, 0, sizeof(mon->capab_offered));
    memset(mon->capab, 0, sizeof(mon->capab));
    /* commands run as they arrive, so out-of-band costs nothing */
    mon->capab_offered[QMP_CAPABILITY_OOB] = true;
}

void qmp_send_response(MonitorQMP *mon, const QDict *rsp)
{
    GString *json = qobject_to_json_pretty(QOBJECT(rsp), mon->pretty);

    g_string_append_c(json, '\n');
    monitor_puts(&mon->common, json->str);
    g_string_free(json, true);
}

/* {"error": {"class": ..., "desc": ...}} plus the id of the request. */
static QDict *qmp_error_reply(ErrorClass cls, const char *desc, QObject *id)
{
    QDict *rsp = qdict_new();
    QDict *error = qdict_new();

    qdict_put_str(error, "class", ErrorClass_str(cls));
    qdict_put_str(error, "desc", desc);
    qdict_put_obj(rsp, "error", QOBJECT(error));
    if (id) {
        qdict_put_obj(rsp, "id", qobject_ref(id));
    }
    return rsp;
}

/* The command name of a request, if it looks like one. */
static const char *qmp_request_name(QDict *req)
{
    QObject *name = qdict_get(req, "execute");

    if (!name) {
        name = qdict_get(req, "exec-oob");
    }
    return name ? qobject_get_try_str(name) : NULL;
}

static void handle_qmp_command(void *opaque, QObject *req, Error *err)
{
    MonitorQMP *mon = opaque;
    QDict *qdict = qobject_to(QDict, req);
    QDict *rsp;
    Monitor *old_mon;

    if (err) {
        /* bad JSON: answer, and keep the connection */
        rsp = qmp_error_reply(error_get_class(err), error_get_pretty(err),
                              NULL);
        error_free(err);
        qmp_send_response(mon, rsp);
        qobject_unref(rsp);
        return;
    }

    if (!mon->negotiated && qdict) {
        const char *name = qmp_request_name(qdict);

        if (name && strcmp(name, "qmp_capabilities") != 0) {
            rsp = qmp_error_reply(ERROR_CLASS_COMMAND_NOT_FOUND,
                                  "Expecting capabilities negotiation "
                                  "with 'qmp_capabilities'",
                                  qdict_get(qdict, "id"));
            qmp_send_response(mon, rsp);
            qobject_unref(rsp);
            qobject_unref(req);
            return;
        }
    }

    old_mon = monitor_set_cur(NULL, &mon->common);
    rsp = qmp_dispatch(&qmp_commands, req, qmp_oob_enabled(mon),
                       &mon->common);
    monitor_set_cur(NULL, old_mon);

    if (rsp) {
        qmp_send_response(mon, rsp);
        qobject_unref(rsp);
    }
    qobject_unref(req);
}

/* Requests run as they are parsed, so take what is there. */
static int monitor_qmp_can_read(void *opaque)
{
    return monitor_can_read(opaque) ? 4096 : 0;
}

static void monitor_qmp_read(void *opaque, const uint8_t *buf, int size)
{
    MonitorQMP *mon = container_of(opaque, MonitorQMP, common);

    json_message_parser_feed(&mon->parser, (const char *)buf, size);
}

static QDict *qmp_greeting(MonitorQMP *mon)
{
    QList *cap_list = qlist_new();
    QDict *version = qdict_new();
    QDict *qemu = qdict_new();
    QDict *qmp = qdict_new();
    QDict *greeting = qdict_new();
    int major = 0, minor = 0, micro = 0;
    int cap;

    sscanf(QEMU_VERSION, "%d.%d.%d", &major, &minor, &micro);
    qdict_put_int(qemu, "micro", micro);
    qdict_put_int(qemu, "minor", minor);
    qdict_put_int(qemu, "major", major);
    qdict_put_obj(version, "qemu", QOBJECT(qemu));
    qdict_put_str(version, "package", QEMU_PKGVERSION);

    for (cap = 0; cap < QMP_CAPABILITY__MAX; cap++) {
        if (mon->capab_offered[cap]) {
            qlist_append_str(cap_list, QMPCapability_str(cap));
        }
    }
    qdict_put_obj(qmp, "version", QOBJECT(version));
    qdict_put_obj(qmp, "capabilities", QOBJECT(cap_list));
    qdict_put_obj(greeting, "QMP", QOBJECT(qmp));
    return greeting;
}

static void monitor_qmp_event(void *opaque, QEMUChrEvent event)
{
    MonitorQMP *mon = container_of(opaque, MonitorQMP, common);
    QDict *data;

    switch (event) {
    case CHR_EVENT_OPENED:
        /* a new client starts in negotiation mode */
        mon->negotiated = false;
        monitor_qmp_caps_reset(mon);
        data = qmp_greeting(mon);
        qmp_send_response(mon, data);
        qobject_unref(data);
        break;
    case CHR_EVENT_CLOSED:
        /* forget the old client's partial input */
        json_message_parser_destroy(&mon->parser);
        json_message_parser_init(&mon->parser, handle_qmp_command, mon,
                                 NULL);
        mon->negotiated = false;
        g_mutex_lock(&mon->common.mon_lock);
        g_string_truncate(mon->common.outbuf, 0);
        g_mutex_unlock(&mon->common.mon_lock);
        break;
    case CHR_EVENT_BREAK:
    case CHR_EVENT_MUX_IN:
    case CHR_EVENT_MUX_OUT:
        break;
    }
}

void monitor_data_destroy_qmp(MonitorQMP *mon)
{
    json_message_parser_destroy(&mon->parser);
}

bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp)
{
    MonitorQMP *mon = g_new0(MonitorQMP, 1);

    monitor_init_globals();
    if (!qemu_chr_fe_init(&mon->common.chr, chr, errp)) {
        g_free(mon);
        return false;
    }
    /* a person typing JSON on a terminal wants to see it */
    qemu_chr_fe_set_echo(&mon->common.chr, true);

    monitor_data_init(&mon->common, true, false);
    mon->pretty = pretty;
    monitor_qmp_caps_reset(mon);
    json_message_parser_init(&mon->parser, handle_qmp_command, mon, NULL);

    monitor_list_append(&mon->common);
    qemu_chr_fe_set_handlers(&mon->common.chr, monitor_qmp_can_read,
                             monitor_qmp_read, monitor_qmp_event,
                             NULL, &mon->common, NULL, true);
    return true;
}

void monitor_init_globals(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    qmp_init_marshal(&qmp_commands);
}
