/*
 * QMP commands about the monitor itself (qapi/control.json) and
 * human-monitor-command (qapi/misc.json).
 */
#include "qemu/osdep.h"

#include "config-host.h"

#include "monitor-internal.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"

/* Accept the capabilities in @list; all must have been offered. */
static bool qmp_caps_accept(MonitorQMP *mon, QMPCapabilityList *list,
                            Error **errp)
{
    GString *unavailable = NULL;
    bool capab[QMP_CAPABILITY__MAX];

    memset(capab, 0, sizeof(capab));
    for (; list; list = list->next) {
        if (!mon->capab_offered[list->value]) {
            if (!unavailable) {
                unavailable = g_string_new(QMPCapability_str(list->value));
            } else {
                g_string_append_printf(unavailable, ", %s",
                                       QMPCapability_str(list->value));
            }
        }
        capab[list->value] = true;
    }
    if (unavailable) {
        error_setg(errp, "Capability %s not available", unavailable->str);
        g_string_free(unavailable, true);
        return false;
    }
    memcpy(mon->capab, capab, sizeof(capab));
    return true;
}

void qmp_qmp_capabilities(bool has_enable, QMPCapabilityList *enable,
                          Error **errp)
{
    Monitor *cur_mon = monitor_cur();
    MonitorQMP *mon;

    if (!cur_mon || !monitor_is_qmp(cur_mon)) {
        error_setg(errp, "qmp_capabilities is only available on QMP "
                   "monitors");
        return;
    }
    mon = container_of(cur_mon, MonitorQMP, common);
    if (mon->negotiated) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Capabilities negotiation is already complete, command "
                  "ignored");
        return;
    }
    if (!qmp_caps_accept(mon, enable, errp)) {
        return;
    }
    mon->negotiated = true;
}

VersionInfo *qmp_query_version(Error **errp)
{
    VersionInfo *info = g_new0(VersionInfo, 1);
    int major = 0, minor = 0, micro = 0;

    sscanf(QEMU_VERSION, "%d.%d.%d", &major, &minor, &micro);
    info->qemu = g_new0(VersionTriple, 1);
    info->qemu->major = major;
    info->qemu->minor = minor;
    info->qemu->micro = micro;
    info->package = g_strdup(QEMU_PKGVERSION);
    return info;
}

static void query_commands_cb(const QmpCommand *cmd, void *opaque)
{
    CommandInfoList **list = opaque;
    CommandInfoList *entry;

    if (!qmp_command_is_enabled(cmd)) {
        return;
    }
    entry = g_new0(CommandInfoList, 1);
    entry->value = g_new0(CommandInfo, 1);
    entry->value->name = g_strdup(qmp_command_name(cmd));
    entry->next = *list;
    *list = entry;
}

CommandInfoList *qmp_query_commands(Error **errp)
{
    CommandInfoList *list = NULL;

    qmp_for_each_command(&qmp_commands, query_commands_cb, &list);
    return list;
}

char *qmp_human_monitor_command(const char *command_line,
                                bool has_cpu_index, int64_t cpu_index,
                                Error **errp)
{
    MonitorHMP hmp = { 0 };
    char *output = NULL;

    /* a monitor that only collects output */
    monitor_data_init(&hmp.common, false, true);
    if (has_cpu_index && monitor_set_cpu(&hmp.common, cpu_index) < 0) {
        error_setg(errp, "Parameter 'cpu-index' expects a CPU number");
        goto out;
    }
    handle_hmp_command(&hmp, command_line);
    output = g_strdup(hmp.common.outbuf->str);
out:
    monitor_data_destroy(&hmp.common);
    return output;
}
