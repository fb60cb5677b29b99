/*
 * VM run state, start/stop, and shutdown/reset requests.
 */
#ifndef SYSTEM_RUNSTATE_H
#define SYSTEM_RUNSTATE_H

#include "qapi/qapi-types.h"

/** runstate_get: the current run state. */
RunState runstate_get(void);

/** runstate_check: whether the VM is in @state. */
bool runstate_check(RunState state);

/** runstate_set: enter @state (no events; vm_start/vm_stop send them). */
void runstate_set(RunState new_state);

/** runstate_is_running: whether the guest's vCPUs run. */
bool runstate_is_running(void);

/** runstate_needs_reset: whether 'cont' must be preceded by a reset. */
bool runstate_needs_reset(void);

typedef void VMChangeStateHandler(void *opaque, bool running, RunState state);
typedef struct VMChangeStateEntry VMChangeStateEntry;

/**
 * qemu_add_vm_change_state_handler: call @cb on every start and stop.
 * Handlers run in the order they were added on start, reversed on stop.
 */
VMChangeStateEntry *qemu_add_vm_change_state_handler(VMChangeStateHandler *cb,
                                                     void *opaque);
/** qemu_del_vm_change_state_handler: remove a handler. */
void qemu_del_vm_change_state_handler(VMChangeStateEntry *e);

/** vm_start: run the guest, send RESUME. */
void vm_start(void);

/** vm_prepare_start: the state change part of vm_start, false if running. */
bool vm_prepare_start(void);

/** vm_stop: stop the guest in @state, send STOP if it was running. */
int vm_stop(RunState state);

/** vm_stop_force_state: stop, or only switch state if already stopped. */
int vm_stop_force_state(RunState state);

/** Whether the VM starts by itself once ready (cleared by -S). */
extern bool autostart;

/**
 * qemu_system_shutdown_request: ask the main loop to shut down for
 * @reason; it sends SHUTDOWN and exits (or stops, with -no-shutdown and
 * a guest request).  Safe from any thread and from signal context.
 */
void qemu_system_shutdown_request(ShutdownCause reason);

/**
 * qemu_system_shutdown_request_with_code: like
 * qemu_system_shutdown_request(), and the process then exits with
 * @exit_code (a test finisher reporting a guest's result).
 */
void qemu_system_shutdown_request_with_code(ShutdownCause reason,
                                            int exit_code);

/** qemu_system_reset_request: ask the main loop to reset the machine. */
void qemu_system_reset_request(ShutdownCause reason);

/** qemu_system_powerdown_request: ask the guest to power down. */
void qemu_system_powerdown_request(void);

/** qemu_system_killed: a termination signal arrived. */
void qemu_system_killed(int signal, pid_t pid);

/** qemu_system_reset: reset the machine now and send RESET. */
void qemu_system_reset(ShutdownCause reason);

/** Set by -no-shutdown: a guest power-off stops the VM instead. */
extern bool no_shutdown;

/**
 * qemu_main_loop: run the main loop until a shutdown; returns the
 * process exit status.
 */
int qemu_main_loop(void);

/** runstate_init: install the termination signal handlers. */
void runstate_init(void);

typedef void QEMUResetHandler(void *opaque);

/** qemu_register_reset: call @func on every machine reset. */
void qemu_register_reset(QEMUResetHandler *func, void *opaque);
/** qemu_unregister_reset: undo qemu_register_reset. */
void qemu_unregister_reset(QEMUResetHandler *func, void *opaque);
/** qemu_devices_reset: run every registered reset handler. */
void qemu_devices_reset(ShutdownCause reason);

#endif
