/*
 * QMP command registry and dispatch: the table of commands a monitor
 * offers, and the execution of one request against it.
 */
#ifndef QAPI_QMP_DISPATCH_H
#define QAPI_QMP_DISPATCH_H

#include "qapi/util.h"
#include "qobject/qdict.h"
#include "qobject/qobject.h"

/* Defined by the monitor; dispatch only passes it around. */
typedef struct Monitor Monitor;

/*
 * A command's marshaller: parse @args, run the command, and store its
 * return value in *@ret (left NULL for commands without 'returns').
 */
typedef void (QmpCommandFunc)(QDict *args, QObject **ret, Error **errp);

typedef enum QmpCommandOptions {
    QCO_NO_OPTIONS            =  0x0,
    QCO_NO_SUCCESS_RESP       =  (1U << 0),
    QCO_ALLOW_OOB             =  (1U << 1),
    QCO_ALLOW_PRECONFIG       =  (1U << 2),
    QCO_COROUTINE             =  (1U << 3),   /* accepted, runs normally */
} QmpCommandOptions;

typedef struct QmpCommand {
    const char *name;
    QmpCommandFunc *fn;
    QmpCommandOptions options;
    unsigned special_features;      /* 1u << QAPI_DEPRECATED etc. */
    bool enabled;
    const char *disable_reason;
    struct QmpCommand *next;        /* private to the registry */
} QmpCommand;

/*
 * A list of commands, in registration order.  A zero-initialised
 * QmpCommandList is an empty list (no QTAILQ_INIT needed).
 */
typedef struct QmpCommandList {
    QmpCommand *head;
    QmpCommand *tail;
} QmpCommandList;

/*
 * Add command @name to @cmds with marshaller @fn.  Registering a name
 * again replaces the earlier registration.
 */
void qmp_register_command(QmpCommandList *cmds, const char *name,
                          QmpCommandFunc *fn, QmpCommandOptions options,
                          unsigned special_features);

/* Remove command @name from @cmds, if there. */
void qmp_unregister_command(QmpCommandList *cmds, const char *name);

/* The command @name of @cmds, or NULL. */
const QmpCommand *qmp_find_command(const QmpCommandList *cmds,
                                   const char *name);

/*
 * Make command @name fail with "Command NAME has been disabled: MSG"
 * (@err_msg may be NULL: no ": MSG").
 */
void qmp_disable_command(QmpCommandList *cmds, const char *name,
                         const char *err_msg);

/* Re-enable command @name. */
void qmp_enable_command(QmpCommandList *cmds, const char *name);

bool qmp_command_is_enabled(const QmpCommand *cmd);
const char *qmp_command_name(const QmpCommand *cmd);
bool qmp_has_success_response(const QmpCommand *cmd);

/*
 * May @cmd run now?  Not while the preconfig hook says we are in
 * preconfig state, unless the command has QCO_ALLOW_PRECONFIG; then
 * sets @errp: "The command 'NAME' is permitted only after machine
 * initialization has completed".
 */
bool qmp_command_available(const QmpCommand *cmd, Error **errp);

/*
 * Install the function dispatch asks whether the machine is still in
 * preconfig state (NULL: never).  Set by system/vl.c.
 */
void qmp_dispatch_set_preconfig_hook(bool (*in_preconfig)(void));

/*
 * Install a further check run by qmp_command_available() once the
 * preconfig rule lets @cmd through: it returns false with @errp set
 * to refuse the command (system/vl.c: commands that need a later
 * machine phase).  NULL: no further check.
 */
void qmp_dispatch_set_command_check(bool (*check)(const QmpCommand *cmd,
                                                  Error **errp));

typedef void (*qmp_cmd_callback_fn)(const QmpCommand *cmd, void *opaque);

/* Call @fn for every command of @cmds, in registration order. */
void qmp_for_each_command(const QmpCommandList *cmds, qmp_cmd_callback_fn fn,
                          void *opaque);

/*
 * The error response {"error": {"class": ..., "desc": ...}} for @err,
 * which is freed.
 */
QDict *qmp_error_response(Error *err);

/*
 * Execute @request ({"execute": NAME, "arguments": {...}, "id": ...}) with
 * the commands of @cmds.  With @allow_oob, "exec-oob" is accepted in place
 * of "execute" (for commands with QCO_ALLOW_OOB).  Returns the response:
 * {"return": VALUE} or {"error": {"class": CLASS, "desc": TEXT}}, with the
 * request's "id" copied; NULL for a successful command with
 * QCO_NO_SUCCESS_RESP.  While the command runs,
 * qmp_dispatch_current_monitor() returns @cur_mon.
 */
QDict *qmp_dispatch(const QmpCommandList *cmds, QObject *request,
                    bool allow_oob, Monitor *cur_mon);

/* Does @dict look like a command to be run out-of-band? */
bool qmp_is_oob(const QDict *dict);

/* The monitor whose command this thread is executing, or NULL. */
Monitor *qmp_dispatch_current_monitor(void);

#endif
