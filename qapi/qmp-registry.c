/*
 * The table of QMP commands.
 */
#include "qemu/osdep.h"
#include "qapi/qmp/dispatch.h"

void qmp_register_command(QmpCommandList *cmds, const char *name,
                          QmpCommandFunc *fn, QmpCommandOptions options,
                          unsigned special_features)
{
    QmpCommand *cmd = (QmpCommand *)qmp_find_command(cmds, name);

    /* out-of-band commands run without waiting, so must not respond late */
    assert(!((options & QCO_ALLOW_OOB) && (options & QCO_COROUTINE)));
    if (!cmd) {
        cmd = g_new0(QmpCommand, 1);
        cmd->name = name;
        if (cmds->tail) {
            cmds->tail->next = cmd;
        } else {
            cmds->head = cmd;
        }
        cmds->tail = cmd;
    }
    cmd->fn = fn;
    cmd->options = options;
    cmd->special_features = special_features;
    cmd->enabled = true;
    cmd->disable_reason = NULL;
}

void qmp_unregister_command(QmpCommandList *cmds, const char *name)
{
    QmpCommand *prev = NULL, *cmd;

    for (cmd = cmds->head; cmd; prev = cmd, cmd = cmd->next) {
        if (!strcmp(cmd->name, name)) {
            if (prev) {
                prev->next = cmd->next;
            } else {
                cmds->head = cmd->next;
            }
            if (cmds->tail == cmd) {
                cmds->tail = prev;
            }
            g_free(cmd);
            return;
        }
    }
}

const QmpCommand *qmp_find_command(const QmpCommandList *cmds,
                                   const char *name)
{
    QmpCommand *cmd;

    for (cmd = cmds->head; cmd; cmd = cmd->next) {
        if (!strcmp(cmd->name, name)) {
            return cmd;
        }
    }
    return NULL;
}

static void toggle_command(QmpCommandList *cmds, const char *name,
                           bool enabled, const char *reason)
{
    QmpCommand *cmd = (QmpCommand *)qmp_find_command(cmds, name);

    if (cmd) {
        cmd->enabled = enabled;
        cmd->disable_reason = reason;
    }
}

void qmp_disable_command(QmpCommandList *cmds, const char *name,
                         const char *err_msg)
{
    toggle_command(cmds, name, false, err_msg);
}

void qmp_enable_command(QmpCommandList *cmds, const char *name)
{
    toggle_command(cmds, name, true, NULL);
}

bool qmp_command_is_enabled(const QmpCommand *cmd)
{
    return cmd->enabled;
}

const char *qmp_command_name(const QmpCommand *cmd)
{
    return cmd->name;
}

bool qmp_has_success_response(const QmpCommand *cmd)
{
    return !(cmd->options & QCO_NO_SUCCESS_RESP);
}

void qmp_for_each_command(const QmpCommandList *cmds, qmp_cmd_callback_fn fn,
                          void *opaque)
{
    const QmpCommand *cmd;

    for (cmd = cmds->head; cmd; cmd = cmd->next) {
        fn(cmd, opaque);
    }
}
