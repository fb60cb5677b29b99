/*
 * The human monitor: line input, command lookup and argument parsing
 * (argument types as in QEMU's command tables), help.
 */
#include "qemu/osdep.h"

#include "config-host.h"

#include "chardev/char-fe.h"
#include "monitor-internal.h"
#include "monitor/hmp.h"
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/error-report.h"
#include "qemu/option.h"
#include "qobject/qdict.h"
#include "qobject/qnum.h"
#include "qom/object-compat.h"

#define MAX_ARGS 16

/* ---------------------------------------------------------------- */
/* Command lookup */

/* Whether @name is one of the '|'-separated names in @list. */
static bool hmp_compare_cmd(const char *name, const char *list)
{
    size_t len = strlen(name);
    const char *p = list;

    for (;;) {
        const char *end = strchrnul(p, '|');

        if ((size_t)(end - p) == len && !strncmp(p, name, len)) {
            return true;
        }
        if (!*end) {
            return false;
        }
        p = end + 1;
    }
}

/* Whether @cmd may run before the machine is ready (--preconfig). */
static bool cmd_can_preconfig(const HMPCommand *cmd)
{
    return cmd->flags && strchr(cmd->flags, 'p');
}

static bool cmd_available(const HMPCommand *cmd)
{
    return phase_check(PHASE_MACHINE_READY) || cmd_can_preconfig(cmd);
}

static const HMPCommand *search_dispatch_table(const HMPCommand *table,
                                               const char *cmdname)
{
    const HMPCommand *cmd;

    for (cmd = table; cmd->name; cmd++) {
        if (hmp_compare_cmd(cmdname, cmd->name)) {
            return cmd;
        }
    }
    return NULL;
}

/* The first word of @cmdline into @cmdname; NULL for a blank line. */
static const char *get_command_name(const char *cmdline, char *cmdname,
                                    size_t nlen)
{
    const char *p = cmdline, *start;
    size_t len;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (!*p) {
        return NULL;
    }
    start = p;
    while (*p && *p != '/' && !g_ascii_isspace(*p)) {
        p++;
    }
    len = p - start;
    if (len > nlen - 1) {
        len = nlen - 1;
    }
    memcpy(cmdname, start, len);
    cmdname[len] = '\0';
    return p;
}

/*
 * Find the command at *@cmdp in @table (descending into sub-tables such
 * as "info"), advance *@cmdp past its name.  Unknown: say so, NULL.
 */
static const HMPCommand *monitor_parse_command(Monitor *mon,
                                               const char *cmdp_start,
                                               const char **cmdp,
                                               const HMPCommand *table)
{
    const HMPCommand *cmd;
    char cmdname[256];
    const char *p;

    p = get_command_name(*cmdp, cmdname, sizeof(cmdname));
    if (!p) {
        return NULL;
    }
    cmd = search_dispatch_table(table, cmdname);
    if (!cmd) {
        monitor_printf(mon, "unknown command: '%.*s'\n",
                       (int)(p - cmdp_start), cmdp_start);
        return NULL;
    }
    if (!cmd_available(cmd)) {
        monitor_printf(mon, "Command '%.*s' not available until machine "
                       "initialization has completed.\n",
                       (int)(p - cmdp_start), cmdp_start);
        return NULL;
    }
    while (g_ascii_isspace(*p)) {
        p++;
    }
    *cmdp = p;
    if (cmd->sub_table && *p) {
        return monitor_parse_command(mon, cmdp_start, cmdp, cmd->sub_table);
    }
    return cmd;
}

/* ---------------------------------------------------------------- */
/* Arguments */

/*
 * One word, or a "quoted string" with \n \r \\ \' \" escapes.
 * Returns false (with a message) on a missing or bad word.
 */
static bool get_str(Monitor *mon, GString *buf, const char **pp)
{
    const char *p = *pp;

    g_string_truncate(buf, 0);
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (!*p) {
        *pp = p;
        return false;
    }
    if (*p == '"') {
        p++;
        while (*p && *p != '"') {
            if (*p == '\\') {
                int c;

                p++;
                c = *p++;
                switch (c) {
                case 'n':
                    c = '\n';
                    break;
                case 'r':
                    c = '\r';
                    break;
                case '\\':
                case '\'':
                case '"':
                    break;
                default:
                    monitor_printf(mon, "unsupported escape code: '\\%c'\n",
                                   c ? c : ' ');
                    *pp = p;
                    return false;
                }
                g_string_append_c(buf, c);
            } else {
                g_string_append_c(buf, *p++);
            }
        }
        if (*p != '"') {
            monitor_printf(mon, "unterminated string\n");
            *pp = p;
            return false;
        }
        p++;
    } else {
        while (*p && !g_ascii_isspace(*p)) {
            g_string_append_c(buf, *p++);
        }
    }
    *pp = p;
    return true;
}

/* The next "key:type" of an args_type string; NULL at the end. */
static const char *key_get_info(const char *type, char **key)
{
    const char *p;

    if (*type == ',') {
        type++;
    }
    p = strchr(type, ':');
    if (!p) {
        *key = NULL;
        return NULL;
    }
    *key = g_strndup(type, p - type);
    return p + 1;
}

/* Whether @typestr has an option flag "-c". */
static bool is_valid_option(char c, const char *typestr)
{
    char option[3] = { '-', c, 0 };

    return strstr(typestr, option) != NULL;
}

/* An integer: decimal, 0x hex or 0 octal, with an optional sign. */
static bool get_int(Monitor *mon, int64_t *val, const char **pp)
{
    const char *p = *pp;
    char *end;
    bool neg = false;
    uint64_t v;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    if (!g_ascii_isdigit(*p)) {
        monitor_printf(mon, "invalid char '%c' in expression\n",
                       *p ? *p : ' ');
        return false;
    }
    errno = 0;
    v = g_ascii_strtoull(p, &end, 0);
    if (errno == ERANGE) {
        monitor_printf(mon, "number too large\n");
        return false;
    }
    if (*end && !g_ascii_isspace(*end)) {
        monitor_printf(mon, "invalid char '%c' in expression\n", *end);
        return false;
    }
    *val = neg ? -(int64_t)v : (int64_t)v;
    *pp = end;
    return true;
}

/* A size: a number with an optional B/K/M/G/T suffix, MiB by default. */
static bool get_size_mib(const char **pp, uint64_t *val)
{
    const char *p = *pp;
    char *end;
    double d;
    uint64_t mul = 1 << 20;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (!g_ascii_isdigit(*p)) {
        return false;
    }
    d = g_ascii_strtod(p, &end);
    switch (g_ascii_toupper(*end)) {
    case 'B':
        mul = 1;
        end++;
        break;
    case 'K':
        mul = 1ULL << 10;
        end++;
        break;
    case 'M':
        mul = 1ULL << 20;
        end++;
        break;
    case 'G':
        mul = 1ULL << 30;
        end++;
        break;
    case 'T':
        mul = 1ULL << 40;
        end++;
        break;
    }
    if ((*end && !g_ascii_isspace(*end)) || d * mul > (double)INT64_MAX) {
        return false;
    }
    *val = d * mul;
    *pp = end;
    return true;
}

/*
 * "driver,key=value,..." into @qdict; the first bare word goes to
 * @implied (",," is a comma).
 */
static bool parse_opts_into(Monitor *mon, QDict *qdict, const char *str,
                            const char *implied)
{
    const char *p = str;
    bool first = true;

    while (*p) {
        char *item;
        const char *eq;

        p = get_opt_value(p, &item);
        if (*p) {
            p++;
        }
        eq = strchr(item, '=');
        if (eq) {
            char *key = g_strndup(item, eq - item);

            qdict_put_str(qdict, key, eq + 1);
            g_free(key);
        } else if (first && implied) {
            qdict_put_str(qdict, implied, item);
        } else if (item[0]) {
            monitor_printf(mon, "Parameter '%s' is missing a value\n",
                           item);
            g_free(item);
            return false;
        }
        g_free(item);
        first = false;
    }
    return true;
}

/* The option an 'O' argument's first bare word stands for. */
static const char *opts_implied_name(const char *key)
{
    if (!strcmp(key, "device")) {
        return "driver";
    }
    if (!strcmp(key, "netdev")) {
        return "type";
    }
    if (!strcmp(key, "object")) {
        return "qom-type";
    }
    return NULL;
}

/*
 * Skip the blanks before an argument and a '?' after its type.
 * Returns true if that '?' marked it optional and the line ends here.
 */
static bool optional_arg_absent(const char **pp, const char **typestr)
{
    while (g_ascii_isspace(**pp)) {
        (*pp)++;
    }
    if (**typestr == '?') {
        (*typestr)++;
        return !**pp;
    }
    return false;
}

/*
 * Parse the arguments at *@endp for @cmd into a new QDict; on error print
 * why and return NULL.
 */
static QDict *monitor_parse_arguments(Monitor *mon, const char **endp,
                                      const HMPCommand *cmd)
{
    const char *typestr = cmd->args_type;
    const char *p = *endp;
    GString *buf = g_string_new(NULL);
    QDict *qdict = qdict_new();
    char *key = NULL;
    int c;

    for (;;) {
        typestr = key_get_info(typestr, &key);
        if (!typestr) {
            break;
        }
        c = *typestr++;
        switch (c) {
        case 'F':
        case 'B':
        case 's':
            if (optional_arg_absent(&p, &typestr)) {
                break;
            }
            if (!get_str(mon, buf, &p)) {
                if (c == 'F') {
                    monitor_printf(mon, "%s: filename expected\n",
                                   cmd->name);
                } else if (c == 'B') {
                    monitor_printf(mon, "%s: block device name expected\n",
                                   cmd->name);
                } else {
                    monitor_printf(mon, "%s: string expected\n", cmd->name);
                }
                goto fail;
            }
            qdict_put_str(qdict, key, buf->str);
            break;
        case 'O':
            optional_arg_absent(&p, &typestr);
            if (!*p) {
                break;      /* an 'O' argument may always be left out */
            }
            if (!get_str(mon, buf, &p)) {
                goto fail;
            }
            if (!parse_opts_into(mon, qdict, buf->str,
                                 opts_implied_name(key))) {
                goto fail;
            }
            break;
        case '/': {
            /* /[count][format][size] as for x and xp: x d u o t c i */
            int64_t count = 1;
            int format = 'x', size = -1;

            while (g_ascii_isspace(*p)) {
                p++;
            }
            if (*p == '/') {
                p++;
                if (g_ascii_isdigit(*p)) {
                    count = g_ascii_strtoll(p, (char **)&p, 10);
                }
                for (; *p && !g_ascii_isspace(*p); p++) {
                    if (strchr("xduotci", *p)) {
                        format = *p;
                    } else if (strchr("bhwg", *p)) {
                        size = *p == 'b' ? 1 : *p == 'h' ? 2 :
                               *p == 'w' ? 4 : 8;
                    } else {
                        monitor_printf(mon, "invalid char in format: "
                                       "'%c'\n", *p);
                        goto fail;
                    }
                }
            }
            if (count < 1) {
                monitor_printf(mon, "invalid count in format\n");
                goto fail;
            }
            qdict_put_int(qdict, "count", count);
            qdict_put_int(qdict, "format", format);
            qdict_put_int(qdict, "size", size < 0 ? 4 : size);
            break;
        }
        case 'i':
        case 'l':
        case 'M': {
            int64_t val;

            while (g_ascii_isspace(*p)) {
                p++;
            }
            if (*typestr == '?' || *typestr == '.') {
                if (*typestr == '?') {
                    typestr++;
                    if (!*p) {
                        break;
                    }
                } else {
                    typestr++;
                    if (*p != '.') {
                        break;
                    }
                    p++;
                }
            }
            if (!get_int(mon, &val, &p)) {
                goto fail;
            }
            if (c == 'i' && ((val >> 32) & 0xffffffff) &&
                ((val >> 31) != -1)) {
                monitor_printf(mon, "'%s' has failed: ", cmd->name);
                monitor_printf(mon, "integer is for 32-bit values\n");
                goto fail;
            } else if (c == 'M') {
                if (val < 0) {
                    monitor_printf(mon, "enter a positive value\n");
                    goto fail;
                }
                val *= 1 << 20;
            }
            qdict_put_int(qdict, key, val);
            break;
        }
        case 'o': {
            uint64_t val;

            if (optional_arg_absent(&p, &typestr)) {
                break;
            }
            if (!get_size_mib(&p, &val)) {
                monitor_printf(mon, "invalid size\n");
                goto fail;
            }
            qdict_put_int(qdict, key, val);
            break;
        }
        case 'T': {
            double val;
            char *end;

            if (optional_arg_absent(&p, &typestr)) {
                break;
            }
            val = g_ascii_strtod(p, &end);
            if (end == p) {
                monitor_printf(mon, "Number expected\n");
                goto fail;
            }
            if (val != val || val - val != 0) {
                monitor_printf(mon, "Bad number\n");
                goto fail;
            }
            p = end;
            if (p[0] && p[1] == 's') {
                switch (*p) {
                case 'm':
                    val /= 1e3;
                    p += 2;
                    break;
                case 'u':
                    val /= 1e6;
                    p += 2;
                    break;
                case 'n':
                    val /= 1e9;
                    p += 2;
                    break;
                }
            }
            if (*p && !g_ascii_isspace(*p)) {
                monitor_printf(mon, "Unknown unit suffix\n");
                goto fail;
            }
            qdict_put_obj(qdict, key, QOBJECT(qnum_from_double(val)));
            break;
        }
        case 'b': {
            const char *beg;

            while (g_ascii_isspace(*p)) {
                p++;
            }
            beg = p;
            while (g_ascii_isgraph(*p)) {
                p++;
            }
            if (p - beg == 2 && !memcmp(beg, "on", 2)) {
                qdict_put_bool(qdict, key, true);
            } else if (p - beg == 3 && !memcmp(beg, "off", 3)) {
                qdict_put_bool(qdict, key, false);
            } else {
                monitor_printf(mon, "Expected 'on' or 'off'\n");
                goto fail;
            }
            break;
        }
        case '-': {
            const char *tmp = p;

            c = *typestr++;
            if (!c) {
                goto bad_type;
            }
            while (g_ascii_isspace(*p)) {
                p++;
            }
            if (*p == '-') {
                p++;
                if (c != *p) {
                    if (!is_valid_option(*p, typestr)) {
                        monitor_printf(mon, "%s: unsupported option -%c\n",
                                       cmd->name, *p ? *p : ' ');
                        goto fail;
                    }
                    /* another flag of this command: look again later */
                    p = tmp;
                } else if (*typestr == 's') {
                    /* flag with a string value */
                    typestr++;
                    tmp = p++;
                    if (!get_str(mon, buf, &p)) {
                        monitor_printf(mon, "%s: value expected for -%c\n",
                                       cmd->name, *tmp);
                        goto fail;
                    }
                    qdict_put_str(qdict, key, buf->str);
                } else {
                    p++;
                    qdict_put_bool(qdict, key, true);
                }
            } else {
                p = tmp;
                if (*typestr == 's') {
                    typestr++;
                }
            }
            break;
        }
        case 'S': {
            /* the rest of the line */
            size_t len;

            if (optional_arg_absent(&p, &typestr)) {
                break;
            }
            len = strlen(p);
            if (!len) {
                monitor_printf(mon, "%s: string expected\n", cmd->name);
                goto fail;
            }
            qdict_put_str(qdict, key, p);
            p += len;
            break;
        }
        default:
        bad_type:
            monitor_printf(mon, "%s: unknown type '%c'\n", cmd->name, c);
            goto fail;
        }
        g_free(key);
        key = NULL;
    }
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p) {
        monitor_printf(mon, "%s: extraneous characters at the end of line\n",
                       cmd->name);
        goto fail;
    }
    g_string_free(buf, true);
    *endp = p;
    return qdict;

fail:
    g_string_free(buf, true);
    g_free(key);
    qobject_unref(qdict);
    *endp = p;
    return NULL;
}

/* ---------------------------------------------------------------- */
/* Running commands */

static void hmp_error_printer(void *opaque, const char *text)
{
    monitor_puts(opaque, text);
}

void handle_hmp_command(MonitorHMP *mon, const char *cmdline)
{
    const char *cmd_start = cmdline;
    const char *args_start;
    const HMPCommand *cmd;
    Monitor *old_mon;
    QDict *qdict;

    cmd = monitor_parse_command(&mon->common, cmdline, &cmdline, hmp_cmds);
    if (!cmd) {
        return;
    }
    if (!cmd->cmd) {
        monitor_printf(&mon->common, "Command \"%.*s\" is not available.\n",
                       (int)(cmdline - cmd_start), cmd_start);
        return;
    }

    args_start = cmdline;
    qdict = monitor_parse_arguments(&mon->common, &cmdline, cmd);
    if (!qdict) {
        /* "help" and the command's words */
        while (args_start > cmd_start && g_ascii_isspace(args_start[-1])) {
            args_start--;
        }
        monitor_printf(&mon->common,
                       "Try \"help %.*s\" for more information\n",
                       (int)(args_start - cmd_start), cmd_start);
        return;
    }

    old_mon = monitor_set_cur(NULL, &mon->common);
    error_printer_push(hmp_error_printer, &mon->common);
    cmd->cmd(&mon->common, qdict);
    error_printer_pop();
    monitor_set_cur(NULL, old_mon);
    qobject_unref(qdict);
}

/* ---------------------------------------------------------------- */
/* Help */

static void help_cmd_dump_one(Monitor *mon, const HMPCommand *cmd,
                              char **prefix_args, int prefix_args_nb)
{
    int i;

    if (!cmd_available(cmd)) {
        return;
    }
    for (i = 0; i < prefix_args_nb; i++) {
        monitor_printf(mon, "%s ", prefix_args[i]);
    }
    monitor_printf(mon, "%s %s -- %s\n", cmd->name, cmd->params, cmd->help);
}

static void help_cmd_dump(Monitor *mon, const HMPCommand *cmds,
                          char **args, int nb_args, int arg_index)
{
    const HMPCommand *cmd;
    int i;

    if (arg_index >= nb_args) {
        for (cmd = cmds; cmd->name; cmd++) {
            help_cmd_dump_one(mon, cmd, args, arg_index);
        }
        return;
    }
    for (cmd = cmds; cmd->name; cmd++) {
        if (hmp_compare_cmd(args[arg_index], cmd->name) &&
            cmd_available(cmd)) {
            if (cmd->sub_table) {
                help_cmd_dump(mon, cmd->sub_table, args, nb_args,
                              arg_index + 1);
            } else {
                help_cmd_dump_one(mon, cmd, args, arg_index);
            }
            return;
        }
    }
    monitor_printf(mon, "unknown command: '");
    for (i = 0; i <= arg_index; i++) {
        monitor_printf(mon, "%s%s", args[i], i == arg_index ? "'\n" : " ");
    }
}

void help_cmd(Monitor *mon, const char *name)
{
    char **args = NULL;
    int nb_args = 0;

    if (name) {
        args = g_strsplit_set(name, " \t", -1);
        /* drop empty words */
        for (int i = 0; args[i]; i++) {
            if (args[i][0]) {
                args[nb_args++] = args[i];
            } else {
                g_free(args[i]);
            }
        }
        args[nb_args] = NULL;
        if (nb_args > MAX_ARGS) {
            g_strfreev(args);
            return;
        }
    }
    help_cmd_dump(mon, hmp_cmds, args, nb_args, 0);
    g_strfreev(args);
}

/* ---------------------------------------------------------------- */
/* The HMP monitor on a chardev */

static void monitor_command_cb(void *opaque, const char *cmdline,
                               void *readline_opaque)
{
    MonitorHMP *mon = opaque;

    /* the prompt comes back when the command (and any wait) is done */
    monitor_suspend(&mon->common);
    handle_hmp_command(mon, cmdline);
    monitor_resume(&mon->common);
}

static void monitor_read_command(MonitorHMP *mon, bool show_prompt)
{
    if (!mon->rs) {
        return;
    }
    readline_start(mon->rs, "(qemu) ", false, monitor_command_cb, NULL);
    if (show_prompt) {
        readline_show_prompt(mon->rs);
    }
}

void monitor_hmp_show_prompt(MonitorHMP *mon)
{
    if (mon->rs && !mon->common.mux_out) {
        readline_restart(mon->rs);
        readline_show_prompt(mon->rs);
    }
}

static void monitor_read(void *opaque, const uint8_t *buf, int size)
{
    MonitorHMP *mon = container_of(opaque, MonitorHMP, common);
    int i;

    if (mon->rs) {
        for (i = 0; i < size; i++) {
            readline_handle_byte(mon->rs, buf[i]);
        }
    } else if (size == 0 || buf[size - 1] != 0) {
        monitor_printf(&mon->common, "corrupted command\n");
    } else {
        handle_hmp_command(mon, (const char *)buf);
    }
}

/* One byte at a time, so that a command can suspend further input. */
static int monitor_hmp_can_read(void *opaque)
{
    return monitor_can_read(opaque) ? 1 : 0;
}

static void monitor_event(void *opaque, QEMUChrEvent event)
{
    Monitor *mon = opaque;
    MonitorHMP *hmp_mon = container_of(mon, MonitorHMP, common);

    switch (event) {
    case CHR_EVENT_MUX_IN:
        g_mutex_lock(&mon->mon_lock);
        mon->mux_out = 0;
        g_mutex_unlock(&mon->mon_lock);
        if (mon->reset_seen) {
            if (hmp_mon->rs) {
                readline_restart(hmp_mon->rs);
            }
            monitor_resume(mon);
            monitor_flush(mon);
        } else {
            qatomic_set(&mon->suspend_cnt, 0);
        }
        break;

    case CHR_EVENT_MUX_OUT:
        if (mon->reset_seen) {
            if (qatomic_read(&mon->suspend_cnt) == 0) {
                monitor_printf(mon, "\n");
            }
            monitor_flush(mon);
            monitor_suspend(mon);
        } else {
            qatomic_inc(&mon->suspend_cnt);
        }
        g_mutex_lock(&mon->mon_lock);
        mon->mux_out = 1;
        g_mutex_unlock(&mon->mon_lock);
        break;

    case CHR_EVENT_OPENED:
        monitor_printf(mon, "QEMU %s monitor - type 'help' for more "
                       "information\n", QEMU_VERSION);
        if (!mon->mux_out) {
            monitor_hmp_show_prompt(hmp_mon);
        }
        mon->reset_seen = 1;
        break;

    case CHR_EVENT_CLOSED:
        if (hmp_mon->rs) {
            readline_restart(hmp_mon->rs);
        }
        break;

    case CHR_EVENT_BREAK:
        break;
    }
}

static void G_GNUC_PRINTF(2, 3) monitor_readline_printf(void *opaque,
                                                       const char *fmt,
                                                       ...)
{
    MonitorHMP *mon = opaque;
    va_list ap;

    va_start(ap, fmt);
    monitor_vprintf(&mon->common, fmt, ap);
    va_end(ap);
}

static void monitor_readline_flush(void *opaque)
{
    MonitorHMP *mon = opaque;

    monitor_flush(&mon->common);
}

void monitor_data_destroy_hmp(MonitorHMP *mon)
{
    readline_free(mon->rs);
    mon->rs = NULL;
}

bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp)
{
    MonitorHMP *mon = g_new0(MonitorHMP, 1);

    monitor_init_globals();
    if (!qemu_chr_fe_init(&mon->common.chr, chr, errp)) {
        g_free(mon);
        return false;
    }
    monitor_data_init(&mon->common, false, false);
    mon->use_readline = use_readline;
    if (use_readline) {
        mon->rs = readline_init(monitor_readline_printf,
                                monitor_readline_flush, mon);
        monitor_read_command(mon, false);
    }
    monitor_list_append(&mon->common);
    qemu_chr_fe_set_handlers(&mon->common.chr, monitor_hmp_can_read,
                             monitor_read, monitor_event, NULL,
                             &mon->common, NULL, true);
    return true;
}
