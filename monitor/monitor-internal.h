/*
 * Monitor internals shared by the common code, QMP and HMP.
 */
#ifndef MONITOR_INTERNAL_H
#define MONITOR_INTERNAL_H

#include "chardev/char-fe.h"
#include "monitor/monitor.h"
#include "qapi/qapi-types.h"
#include "qapi/qmp/dispatch.h"
#include "qobject/json-parser.h"
#include "readline.h"

struct Monitor {
    CharBackend chr;
    bool is_qmp;
    bool skip_flush;            /* human-monitor-command: collect only */
    int suspend_cnt;            /* input is read while zero */
    int mux_out;                /* another mux frontend has the focus */
    int reset_seen;             /* the chardev was opened at least once */
    GMutex mon_lock;            /* outbuf, out_watch, mux_out */
    GString *outbuf;
    guint out_watch;
    bool dead;                  /* being deleted */
};

typedef struct MonitorHMP {
    Monitor common;
    bool use_readline;
    ReadLineState *rs;
} MonitorHMP;

typedef struct MonitorQMP {
    Monitor common;
    JSONMessageParser parser;
    bool pretty;
    /* false until qmp_capabilities: only that command is accepted */
    bool negotiated;
    bool capab_offered[QMP_CAPABILITY__MAX];
    bool capab[QMP_CAPABILITY__MAX];
} MonitorQMP;

/* HMP command table entry. */
typedef struct HMPCommand {
    const char *name;           /* "quit|q": alternatives */
    const char *args_type;      /* "path:s,property:s,value:S" */
    const char *params;         /* for help */
    const char *help;
    const char *flags;          /* "p": usable before the machine is ready */
    void (*cmd)(Monitor *mon, const QDict *qdict);
    struct HMPCommand *sub_table;
} HMPCommand;

extern HMPCommand hmp_cmds[];
extern HMPCommand hmp_info_cmds[];

/* The QMP commands (filled by qmp_init_marshal()). */
extern QmpCommandList qmp_commands;

static inline bool monitor_is_qmp(const Monitor *mon)
{
    return mon->is_qmp;
}

/* Common setup of a new monitor, and adding it to the list. */
void monitor_data_init(Monitor *mon, bool is_qmp, bool skip_flush);
void monitor_data_destroy(Monitor *mon);
void monitor_list_append(Monitor *mon);
/* monitor_can_read: frontend callback, 1 unless suspended. */
int monitor_can_read(void *opaque);

/* QMP */
void monitor_data_destroy_qmp(MonitorQMP *mon);
/* Send one JSON response or event line to @mon. */
void qmp_send_response(MonitorQMP *mon, const QDict *rsp);
/* Emit an event dict to every negotiated QMP monitor. */
void monitor_qapi_event_emit_dict(QDict *qdict);

/* HMP */
void monitor_data_destroy_hmp(MonitorHMP *mon);
/* Parse and run one HMP command line on @mon. */
void handle_hmp_command(MonitorHMP *mon, const char *cmdline);
/* help output for @name (NULL: all commands). */
void help_cmd(Monitor *mon, const char *name);
/* Print the prompt again if input is being read. */
void monitor_hmp_show_prompt(MonitorHMP *mon);

/* For each monitor, in creation order. */
void monitor_foreach(void (*fn)(Monitor *mon, void *opaque), void *opaque);

#endif
