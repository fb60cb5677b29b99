/*
 * Execution of one QMP request.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/dispatch.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"

static bool (*preconfig_hook)(void);
static bool (*command_check_hook)(const QmpCommand *cmd, Error **errp);
static __thread Monitor *current_monitor;

void qmp_dispatch_set_preconfig_hook(bool (*in_preconfig)(void))
{
    preconfig_hook = in_preconfig;
}

void qmp_dispatch_set_command_check(bool (*check)(const QmpCommand *cmd,
                                                  Error **errp))
{
    command_check_hook = check;
}

Monitor *qmp_dispatch_current_monitor(void)
{
    return current_monitor;
}

bool qmp_command_available(const QmpCommand *cmd, Error **errp)
{
    if (preconfig_hook && preconfig_hook() &&
        !(cmd->options & QCO_ALLOW_PRECONFIG)) {
        error_setg(errp, "The command '%s' is permitted only after machine"
                   " initialization has completed", cmd->name);
        return false;
    }
    return !command_check_hook || command_check_hook(cmd, errp);
}

/* Check the members of the request object */
static bool check_request(const QDict *dict, bool allow_oob, Error **errp)
{
    const char *exec_key = NULL;
    const QDictEntry *ent;

    for (ent = qdict_first(dict); ent; ent = qdict_next(dict, ent)) {
        const char *key = qdict_entry_key(ent);
        QObject *value = qdict_entry_value(ent);

        if (!strcmp(key, "execute") ||
            (allow_oob && !strcmp(key, "exec-oob"))) {
            if (qobject_type(value) != QTYPE_QSTRING) {
                error_setg(errp, "QMP input member '%s' must be a string",
                           key);
                return false;
            }
            if (exec_key) {
                error_setg(errp, "QMP input member '%s' clashes with '%s'",
                           key, exec_key);
                return false;
            }
            exec_key = key;
        } else if (!strcmp(key, "arguments")) {
            if (qobject_type(value) != QTYPE_QDICT) {
                error_setg(errp,
                           "QMP input member 'arguments' must be an object");
                return false;
            }
        } else if (strcmp(key, "id")) {
            error_setg(errp, "QMP input member '%s' is unexpected", key);
            return false;
        }
    }
    if (!exec_key) {
        error_setg(errp, "QMP input lacks member 'execute'");
        return false;
    }
    return true;
}

bool qmp_is_oob(const QDict *dict)
{
    return qdict_haskey(dict, "exec-oob") && !qdict_haskey(dict, "execute");
}

QDict *qmp_error_response(Error *err)
{
    QDict *rsp = qdict_new();
    QDict *error = qdict_new();

    qdict_put_str(error, "class", ErrorClass_str(error_get_class(err)));
    qdict_put_str(error, "desc", error_get_pretty(err));
    qdict_put(rsp, "error", error);
    error_free(err);
    return rsp;
}

/* Run the command of the valid request @dict; its result or NULL */
static QObject *do_dispatch(const QmpCommandList *cmds, QDict *dict,
                            bool allow_oob, Monitor *cur_mon,
                            bool *no_response, Error **errp)
{
    bool oob = allow_oob && qmp_is_oob(dict);
    const char *command;
    const QmpCommand *cmd;
    QDict *args;
    QObject *ret = NULL;
    Error *err = NULL;
    Monitor *saved_mon;

    command = qdict_get_str(dict, oob ? "exec-oob" : "execute");
    cmd = qmp_find_command(cmds, command);
    if (!cmd) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", command);
        return NULL;
    }
    if (!cmd->enabled) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Command %s has been disabled%s%s", command,
                  cmd->disable_reason ? ": " : "",
                  cmd->disable_reason ? cmd->disable_reason : "");
        return NULL;
    }
    if (oob && !(cmd->options & QCO_ALLOW_OOB)) {
        error_setg(errp, "The command %s does not support OOB", command);
        return NULL;
    }
    if (!qmp_command_available(cmd, errp)) {
        return NULL;
    }

    args = qdict_get_qdict(dict, "arguments");
    args = args ? qobject_ref(args) : qdict_new();

    saved_mon = current_monitor;
    current_monitor = cur_mon;
    cmd->fn(args, &ret, &err);
    current_monitor = saved_mon;
    qobject_unref(args);

    if (err) {
        qobject_unref(ret);
        error_propagate(errp, err);
        return NULL;
    }
    if (cmd->options & QCO_NO_SUCCESS_RESP) {
        qobject_unref(ret);
        *no_response = true;
        return NULL;
    }
    if (!ret) {
        /* a command without 'returns' succeeds with {} */
        ret = QOBJECT(qdict_new());
    }
    return ret;
}

QDict *qmp_dispatch(const QmpCommandList *cmds, QObject *request,
                    bool allow_oob, Monitor *cur_mon)
{
    Error *err = NULL;
    QDict *dict = qobject_to(QDict, request);
    QObject *id = NULL;
    QObject *ret = NULL;
    QDict *rsp;
    bool no_response = false;

    if (!dict) {
        error_setg(&err, "QMP input must be a JSON object");
    } else {
        id = qdict_get(dict, "id");
        if (check_request(dict, allow_oob, &err)) {
            ret = do_dispatch(cmds, dict, allow_oob, cur_mon, &no_response,
                              &err);
        }
    }

    if (err) {
        rsp = qmp_error_response(err);
    } else if (no_response) {
        return NULL;
    } else {
        rsp = qdict_new();
        qdict_put_obj(rsp, "return", ret);
    }
    if (id) {
        qdict_put_obj(rsp, "id", qobject_ref(id));
    }
    return rsp;
}
