/*
 * Monitors: QMP (JSON, for programs) and HMP (a command line, for
 * people), each on a chardev.  They run in the main loop with the BQL.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

typedef struct Error Error;
typedef struct Chardev Chardev;
typedef struct Monitor Monitor;
typedef struct QDict QDict;
typedef struct Coroutine Coroutine;

/*
 * monitor_cur: the monitor whose command is running in this thread (QMP
 * or HMP), or NULL.
 */
Monitor *monitor_cur(void);

/*
 * monitor_set_cur: make @mon the current monitor of this thread and
 * return the previous one.  @co is ignored (no coroutines here).
 */
Monitor *monitor_set_cur(Coroutine *co, Monitor *mon);

/* monitor_cur_is_qmp: whether the current monitor is a QMP monitor. */
bool monitor_cur_is_qmp(void);

/*
 * monitor_init_globals: set up the QMP command table and the monitor
 * list.  Called by the first monitor creation if vl.c did not.
 */
void monitor_init_globals(void);

/*
 * monitor_init_qmp: start a QMP monitor on @chr (pretty-printed JSON if
 * @pretty).  A greeting is sent each time the chardev opens.
 */
bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp);

/*
 * monitor_init_hmp: start an HMP monitor on @chr; with @use_readline the
 * input is edited and echoed line by line, with a "(qemu) " prompt.
 */
bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp);

/*
 * monitor_init_opts: start a monitor from -mon options: "chardev"
 * (required), "mode" ("readline" or "control"), "pretty" (QMP only;
 * bool or "on"/"off").
 */
bool monitor_init_opts(QDict *opts, Error **errp);

/*
 * monitor_parse_cmdline: handle -monitor SPEC (@qmp false), -qmp SPEC or
 * -qmp-pretty SPEC: create the chardev from QEMU's legacy syntax
 * ("stdio", "unix:PATH,server=on,wait=off", "tcp::4444,server",
 * "mon:stdio", "chardev:ID"...) labelled "compat_monitorN", then the
 * monitor on it.  "none" does nothing.
 */
bool monitor_parse_cmdline(const char *spec, bool qmp, bool pretty,
                           Error **errp);

/* monitor_cleanup: flush and delete every monitor (at exit). */
void monitor_cleanup(void);

/*
 * monitor_suspend: stop reading input on @mon until monitor_resume()
 * (nests).  HMP shows the prompt again once resumed.
 */
int monitor_suspend(Monitor *mon);
void monitor_resume(Monitor *mon);

/* Output to @mon ('\n' becomes "\r\n").  NULL @mon: nothing, -1. */
int monitor_vprintf(Monitor *mon, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);
int monitor_printf(Monitor *mon, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
int monitor_puts(Monitor *mon, const char *str);
void monitor_printc(Monitor *mon, int c);
/* monitor_flush: try to send buffered output now. */
void monitor_flush(Monitor *mon);

/*
 * monitor_is_hmp_non_interactive: whether @mon is the temporary HMP
 * monitor of human-monitor-command.
 */
bool monitor_is_hmp_non_interactive(const Monitor *mon);

/*
 * monitor_get_fd: take the descriptor passed to @mon with getfd under
 * @fdname; the caller owns it afterwards.  -1 with @errp set if there
 * is none of that name.
 */
int monitor_get_fd(Monitor *mon, const char *fdname, Error **errp);

/*
 * monitor_fd_param: @fdname as a descriptor number (a decimal string
 * is used as it is) or as the name of one passed to @mon (taken, see
 * monitor_get_fd).  -1 with @errp set on error.
 */
int monitor_fd_param(Monitor *mon, const char *fdname, Error **errp);

/*
 * monitor_fdset_dup_fd_add: a duplicate of a descriptor in fd set
 * @fdset_id (add-fd) whose access mode matches @flags' O_ACCMODE, for
 * opening "/dev/fdset/ID".  -1 with @errp set if there is none.
 */
int monitor_fdset_dup_fd_add(int64_t fdset_id, int flags, Error **errp);

/*
 * monitor_fds_cleanup: close the descriptors passed to @mon with getfd
 * (the monitor is going away).
 */
void monitor_fds_cleanup(Monitor *mon);

/* The CPU that HMP commands act on by default (-1 if none). */
int monitor_get_cpu_index(Monitor *mon);
int monitor_set_cpu(Monitor *mon, int cpu_index);

#endif
