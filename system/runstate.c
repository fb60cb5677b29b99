/*
 * VM run state: start, stop, shutdown and reset requests, and the main
 * loop's exit condition.
 */
#include "qemu/osdep.h"
#include <glib-unix.h>
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/qapi-events.h"
#include "qemu/atomic.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "migration/misc.h"
#include "system/cpus.h"
#include "system/runstate.h"

bool autostart = true;
bool no_shutdown;

static RunState current_run_state = RUN_STATE_PRELAUNCH;

/* Requests are set from any thread and consumed by the main loop. */
static int shutdown_requested;      /* ShutdownCause, 0 = none */
static int shutdown_exit_code;      /* the process exit status it asks */
static int reset_requested;         /* ShutdownCause, 0 = none */
static int powerdown_requested;

struct VMChangeStateEntry {
    VMChangeStateHandler *cb;
    void *opaque;
};

static GList *vm_change_state_handlers;   /* of VMChangeStateEntry */

typedef struct ResetEntry {
    QEMUResetHandler *func;
    void *opaque;
} ResetEntry;

static GList *reset_handlers;             /* of ResetEntry */

RunState runstate_get(void)
{
    return current_run_state;
}

bool runstate_check(RunState state)
{
    return current_run_state == state;
}

void runstate_set(RunState new_state)
{
    assert(new_state < RUN_STATE__MAX);
    current_run_state = new_state;
}

bool runstate_is_running(void)
{
    return runstate_check(RUN_STATE_RUNNING);
}

bool runstate_needs_reset(void)
{
    return runstate_check(RUN_STATE_INTERNAL_ERROR) ||
           runstate_check(RUN_STATE_SHUTDOWN);
}

VMChangeStateEntry *qemu_add_vm_change_state_handler(VMChangeStateHandler *cb,
                                                     void *opaque)
{
    VMChangeStateEntry *e = g_new0(VMChangeStateEntry, 1);

    e->cb = cb;
    e->opaque = opaque;
    vm_change_state_handlers = g_list_append(vm_change_state_handlers, e);
    return e;
}

void qemu_del_vm_change_state_handler(VMChangeStateEntry *e)
{
    vm_change_state_handlers = g_list_remove(vm_change_state_handlers, e);
    g_free(e);
}

static void vm_state_notify(bool running, RunState state)
{
    GList *l;

    if (running) {
        for (l = vm_change_state_handlers; l; l = l->next) {
            VMChangeStateEntry *e = l->data;
            e->cb(e->opaque, running, state);
        }
    } else {
        for (l = g_list_last(vm_change_state_handlers); l; l = l->prev) {
            VMChangeStateEntry *e = l->data;
            e->cb(e->opaque, running, state);
        }
    }
}

bool vm_prepare_start(void)
{
    if (runstate_is_running()) {
        return false;
    }
    /* The guest's timebase runs only while the VM runs. */
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, true);
    runstate_set(RUN_STATE_RUNNING);
    vm_state_notify(true, RUN_STATE_RUNNING);
    return true;
}

void vm_start(void)
{
    if (vm_prepare_start()) {
        resume_all_vcpus();
        qapi_event_send_resume();
    }
}

int vm_stop(RunState state)
{
    if (!runstate_is_running()) {
        return 0;
    }
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    runstate_set(state);
    pause_all_vcpus();
    vm_state_notify(false, state);
    qapi_event_send_stop();
    return 0;
}

int vm_stop_force_state(RunState state)
{
    if (runstate_is_running()) {
        return vm_stop(state);
    }
    runstate_set(state);
    return 0;
}

void qemu_system_shutdown_request_with_code(ShutdownCause reason,
                                            int exit_code)
{
    qatomic_set(&shutdown_exit_code, exit_code);
    qatomic_set(&shutdown_requested, reason);
    qemu_notify_event();
}

void qemu_system_shutdown_request(ShutdownCause reason)
{
    qemu_system_shutdown_request_with_code(reason, 0);
}

void qemu_system_reset_request(ShutdownCause reason)
{
    qatomic_set(&reset_requested, reason);
    qemu_notify_event();
}

void qemu_system_powerdown_request(void)
{
    qatomic_set(&powerdown_requested, 1);
    qemu_notify_event();
}

void qemu_system_killed(int signal, pid_t pid)
{
    if (pid > 0) {
        error_report("terminating on signal %d from pid %d", signal,
                     (int)pid);
    } else {
        error_report("terminating on signal %d", signal);
    }
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
}

void qemu_register_reset(QEMUResetHandler *func, void *opaque)
{
    ResetEntry *e = g_new0(ResetEntry, 1);

    e->func = func;
    e->opaque = opaque;
    reset_handlers = g_list_append(reset_handlers, e);
}

void qemu_unregister_reset(QEMUResetHandler *func, void *opaque)
{
    GList *l;

    for (l = reset_handlers; l; l = l->next) {
        ResetEntry *e = l->data;
        if (e->func == func && e->opaque == opaque) {
            reset_handlers = g_list_delete_link(reset_handlers, l);
            g_free(e);
            return;
        }
    }
}

void qemu_devices_reset(ShutdownCause reason)
{
    GList *l;

    for (l = reset_handlers; l; l = l->next) {
        ResetEntry *e = l->data;
        e->func(e->opaque);
    }
}

void qemu_system_reset(ShutdownCause reason)
{
    qemu_devices_reset(reason);
    if (reason != SHUTDOWN_CAUSE_NONE && reason != SHUTDOWN_CAUSE_SUBSYSTEM_RESET) {
        qapi_event_send_reset(reason == SHUTDOWN_CAUSE_GUEST_RESET, reason);
    }
}

static bool shutdown_caused_by_guest(ShutdownCause cause)
{
    return cause >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN &&
           cause != SHUTDOWN_CAUSE_SUBSYSTEM_RESET &&
           cause != SHUTDOWN_CAUSE_SNAPSHOT_LOAD;
}

/* Handle pending requests; true when the process must exit. */
static bool main_loop_should_exit(int *status)
{
    ShutdownCause request;

    request = qatomic_xchg(&shutdown_requested, 0);
    if (request) {
        bool guest = shutdown_caused_by_guest(request);

        qapi_event_send_shutdown(guest, request);
        if (no_shutdown && guest) {
            vm_stop(RUN_STATE_SHUTDOWN);
        } else {
            *status = qatomic_read(&shutdown_exit_code);
            migration_postcopy_shutdown();
            pause_all_vcpus();      /* no guest code runs past here */
            return true;
        }
    }
    request = qatomic_xchg(&reset_requested, 0);
    if (request) {
        pause_all_vcpus();
        qemu_system_reset(request);
        resume_all_vcpus();
        if (runstate_needs_reset()) {
            runstate_set(RUN_STATE_PAUSED);
        }
    }
    if (qatomic_xchg(&powerdown_requested, 0)) {
        qapi_event_send_powerdown();
    }
    return false;
}

int qemu_main_loop(void)
{
    int status = 0;

    while (!main_loop_should_exit(&status)) {
        main_loop_wait(false);
    }
    return status;
}

static gboolean on_termination_signal(gpointer opaque)
{
    qemu_system_killed(GPOINTER_TO_INT(opaque), 0);
    return G_SOURCE_CONTINUE;
}

void runstate_init(void)
{
    g_unix_signal_add(SIGTERM, on_termination_signal,
                      GINT_TO_POINTER(SIGTERM));
    g_unix_signal_add(SIGINT, on_termination_signal, GINT_TO_POINTER(SIGINT));
    g_unix_signal_add(SIGHUP, on_termination_signal, GINT_TO_POINTER(SIGHUP));
    signal(SIGPIPE, SIG_IGN);
}
