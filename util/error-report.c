/*
 * Error reporting for humans, and location tracking
 * (see include/qemu/error-report.h).
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"

bool message_with_timestamp;
bool error_with_guestname;
const char *error_guest_name;

/* The stack of locations; std_loc is the bottom and never popped. */
static Location std_loc = {
    .kind = LOC_NONE
};
static Location *cur_loc = &std_loc;

/* Per-thread stack of output redirections. */
typedef struct PrinterFrame {
    ErrorPrinter *fn;
    void *opaque;
    struct PrinterFrame *prev;
} PrinterFrame;

static __thread PrinterFrame *printer_top;

void error_printer_push(ErrorPrinter *fn, void *opaque)
{
    PrinterFrame *f = g_new(PrinterFrame, 1);

    g_assert(fn);
    f->fn = fn;
    f->opaque = opaque;
    f->prev = printer_top;
    printer_top = f;
}

void error_printer_pop(void)
{
    PrinterFrame *f = printer_top;

    g_assert(f);
    printer_top = f->prev;
    g_free(f);
}

bool error_printer_active(void)
{
    return printer_top != NULL;
}

/* Send finished text to the current destination of this thread. */
static void error_output(const char *text)
{
    if (printer_top) {
        printer_top->fn(printer_top->opaque, text);
    } else {
        fputs(text, stderr);
        fflush(stderr);
    }
}

int error_vprintf(const char *fmt, va_list ap)
{
    char *text = g_strdup_vprintf(fmt, ap);
    int len = strlen(text);

    error_output(text);
    g_free(text);
    return len;
}

int error_printf(const char *fmt, ...)
{
    va_list ap;
    int ret;

    va_start(ap, fmt);
    ret = error_vprintf(fmt, ap);
    va_end(ap);
    return ret;
}

Location *loc_push_restore(Location *loc)
{
    g_assert(!loc->prev);
    loc->prev = cur_loc;
    cur_loc = loc;
    return loc;
}

Location *loc_push_none(Location *loc)
{
    loc->kind = LOC_NONE;
    loc->num = 0;
    loc->ptr = NULL;
    loc->prev = NULL;
    return loc_push_restore(loc);
}

Location *loc_pop(Location *loc)
{
    g_assert(cur_loc == loc && loc->prev);
    cur_loc = loc->prev;
    loc->prev = NULL;
    return loc;
}

Location *loc_save(Location *loc)
{
    *loc = *cur_loc;
    loc->prev = NULL;
    return loc;
}

void loc_restore(Location *loc)
{
    Location *prev = cur_loc->prev;

    g_assert(!loc->prev);
    *cur_loc = *loc;
    cur_loc->prev = prev;
}

void loc_set_none(void)
{
    cur_loc->kind = LOC_NONE;
}

void loc_set_cmdline(char **argv, int idx, int cnt)
{
    cur_loc->kind = LOC_CMDLINE;
    cur_loc->num = cnt;
    cur_loc->ptr = argv + idx;
}

void loc_set_file(const char *fname, int lno)
{
    g_assert(fname || cur_loc->kind == LOC_FILE);
    cur_loc->kind = LOC_FILE;
    cur_loc->num = lno;
    if (fname) {
        cur_loc->ptr = fname;
    }
}

/*
 * Append "<prog>: <location>: " to @out.  The program name is left out
 * when output goes to a monitor (an ErrorPrinter).
 */
static void append_loc(GString *out)
{
    const char *sep = "";
    const char *prog = g_get_prgname();
    char *const *argp;
    int i;

    if (!printer_top && prog) {
        g_string_append_printf(out, "%s:", prog);
        sep = " ";
    }
    switch (cur_loc->kind) {
    case LOC_CMDLINE:
        argp = cur_loc->ptr;
        for (i = 0; i < cur_loc->num; i++) {
            g_string_append_printf(out, "%s%s", sep, argp[i]);
            sep = " ";
        }
        g_string_append(out, ": ");
        break;
    case LOC_FILE:
        g_string_append_printf(out, "%s:", (const char *)cur_loc->ptr);
        if (cur_loc->num) {
            g_string_append_printf(out, "%d:", cur_loc->num);
        }
        g_string_append(out, " ");
        break;
    default:
        g_string_append(out, sep);
        break;
    }
}

typedef enum {
    REPORT_ERROR,
    REPORT_WARNING,
    REPORT_INFO,
} ReportType;

/* Build the whole line first so that concurrent reports don't mix. */
static void G_GNUC_PRINTF(2, 0)
vreport(ReportType type, const char *fmt, va_list ap)
{
    GString *out = g_string_new(NULL);

    if (message_with_timestamp && !printer_top) {
        GDateTime *now = g_date_time_new_now_utc();
        char *stamp = g_date_time_format_iso8601(now);

        g_string_append_printf(out, "%s ", stamp);
        g_free(stamp);
        g_date_time_unref(now);
    }
    if (error_with_guestname && error_guest_name && !printer_top) {
        g_string_append_printf(out, "%s ", error_guest_name);
    }
    append_loc(out);
    switch (type) {
    case REPORT_ERROR:
        break;
    case REPORT_WARNING:
        g_string_append(out, "warning: ");
        break;
    case REPORT_INFO:
        g_string_append(out, "info: ");
        break;
    }
    g_string_append_vprintf(out, fmt, ap);
    g_string_append_c(out, '\n');
    error_output(out->str);
    g_string_free(out, true);
}

void error_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_ERROR, fmt, ap);
}

void warn_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_WARNING, fmt, ap);
}

void info_vreport(const char *fmt, va_list ap)
{
    vreport(REPORT_INFO, fmt, ap);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_ERROR, fmt, ap);
    va_end(ap);
}

void warn_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_WARNING, fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(REPORT_INFO, fmt, ap);
    va_end(ap);
}

bool error_report_once_cond(bool *printed, const char *fmt, ...)
{
    va_list ap;

    g_assert(printed);
    if (*printed) {
        return false;
    }
    *printed = true;
    va_start(ap, fmt);
    vreport(REPORT_ERROR, fmt, ap);
    va_end(ap);
    return true;
}

bool warn_report_once_cond(bool *printed, const char *fmt, ...)
{
    va_list ap;

    g_assert(printed);
    if (*printed) {
        return false;
    }
    *printed = true;
    va_start(ap, fmt);
    vreport(REPORT_WARNING, fmt, ap);
    va_end(ap);
    return true;
}

void error_init(const char *argv0)
{
    if (argv0) {
        const char *p = strrchr(argv0, '/');

        g_set_prgname(p ? p + 1 : argv0);
    }
}
