/*
 * QMP and HMP commands for the run state: query-status, stop, cont,
 * quit, system_reset, system_powerdown.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qobject/qdict.h"
#include "monitor/monitor.h"
#include "monitor/hmp.h"
#include "hw/qdev-core.h"
#include "system/runstate.h"
#include "migration/misc.h"

StatusInfo *qmp_query_status(Error **errp)
{
    StatusInfo *info = g_new0(StatusInfo, 1);

    info->running = runstate_is_running();
    info->status = runstate_get();
    return info;
}

void qmp_stop(Error **errp)
{
    if (migration_postcopy_vcpus_wait(errp)) {
        return;
    }
    /* Before the VM first starts, 'stop' cancels the automatic start. */
    if (runstate_check(RUN_STATE_INMIGRATE) ||
        !phase_check(PHASE_MACHINE_READY)) {
        autostart = false;
    } else {
        vm_stop(RUN_STATE_PAUSED);
    }
}

void qmp_cont(Error **errp)
{
    if (runstate_needs_reset()) {
        error_setg(errp, "Resetting the Virtual Machine is required");
        return;
    }
    if (runstate_check(RUN_STATE_SUSPENDED)) {
        return;
    }
    if (runstate_check(RUN_STATE_FINISH_MIGRATE)) {
        error_setg(errp, "Migration is not finalized yet");
        return;
    }
    if (runstate_check(RUN_STATE_INMIGRATE) ||
        !phase_check(PHASE_MACHINE_READY)) {
        /* Start as soon as the incoming migration or start-up is done. */
        autostart = true;
        return;
    }
    vm_start();
}

void qmp_quit(Error **errp)
{
    no_shutdown = false;
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
}

void qmp_system_reset(Error **errp)
{
    if (migration_postcopy_vcpus_wait(errp)) {
        return;
    }
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
}

void qmp_system_powerdown(Error **errp)
{
    qemu_system_powerdown_request();
}

void hmp_info_status(Monitor *mon, const QDict *qdict)
{
    g_autoptr(StatusInfo) info = qmp_query_status(NULL);

    monitor_printf(mon, "VM status: %s",
                   info->running ? "running" : "paused");
    if (!info->running && info->status != RUN_STATE_PAUSED) {
        monitor_printf(mon, " (%s)", RunState_str(info->status));
    }
    monitor_printf(mon, "\n");
}

void hmp_stop(Monitor *mon, const QDict *qdict)
{
    qmp_stop(NULL);
}

void hmp_cont(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_cont(&err);
    hmp_handle_error(mon, err);
}

void hmp_quit(Monitor *mon, const QDict *qdict)
{
    qmp_quit(NULL);
}

void hmp_system_reset(Monitor *mon, const QDict *qdict)
{
    qmp_system_reset(NULL);
}

void hmp_system_powerdown(Monitor *mon, const QDict *qdict)
{
    qmp_system_powerdown(NULL);
}
