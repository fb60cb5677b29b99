/*
 * Printing error messages for humans, and tracking the location (command
 * line argument or file and line) that a message refers to.
 *
 * Message format: "<prog>: <location>: [warning: ]<message>\n", where
 * <prog> is g_get_prgname() (set by main) and <location> is the current
 * location, e.g. "-incoming config:foo=1" for the command line option
 * being processed, or "file.cfg:12" for a config file line.  Parts that
 * are unset are left out.
 */
#ifndef QEMU_ERROR_REPORT_H
#define QEMU_ERROR_REPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <glib.h>

typedef struct Location {
    /* all members are private to qemu-error.c */
    enum { LOC_NONE, LOC_CMDLINE, LOC_FILE } kind;
    int num;
    const void *ptr;
    struct Location *prev;
} Location;

/* Push a new location @loc, copy of the current one; return @loc. */
Location *loc_push_restore(Location *loc);
/* Push a new, empty location @loc; return @loc. */
Location *loc_push_none(Location *loc);
/* Pop @loc, which must be the current location; return @loc. */
Location *loc_pop(Location *loc);
/* Save the current location into @loc (which is not pushed); return @loc. */
Location *loc_save(Location *loc);
/* Make the current location a copy of @loc (saved by loc_save()). */
void loc_restore(Location *loc);
/* Clear the current location. */
void loc_set_none(void);
/*
 * Set the current location to the command line arguments argv[idx] to
 * argv[idx + cnt - 1].  They are printed separated by spaces.  @argv must
 * stay valid while the location is current.
 */
void loc_set_cmdline(char **argv, int idx, int cnt);
/* Set the current location to file @fname, line @lno (0: no line). */
void loc_set_file(const char *fname, int lno);

/*
 * Output redirection (used by the human monitor so that errors raised
 * while it runs a command show up in the monitor, like QEMU does).
 *
 * error_printer_push() makes @fn(@opaque, text) receive everything that
 * error_printf()/error_vprintf()/error_report()/warn_report()/
 * info_report() print from the calling thread, instead of stderr.
 * Pushes nest (a stack, per thread); error_printer_pop() restores the
 * previous destination.  While a printer is pushed, reports carry no
 * "<prog>: " prefix and no timestamp (as in QEMU's monitor).
 */
typedef void ErrorPrinter(void *opaque, const char *text);
void error_printer_push(ErrorPrinter *fn, void *opaque);
void error_printer_pop(void);
/* True if the calling thread has an ErrorPrinter pushed. */
bool error_printer_active(void);

/* Print to stderr (or the pushed ErrorPrinter).  Return chars printed. */
int error_vprintf(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
int error_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Report an error, with program name and location prefix. */
void error_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
void error_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Report a warning: like error_report() with "warning: " after the loc. */
void warn_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
void warn_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Report information: like error_report() with "info: " after the loc. */
void info_vreport(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
void info_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * Report only if *@printed is false, then set it.  Return true if the
 * message was printed.  Use the _once macros below.
 */
bool error_report_once_cond(bool *printed, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
bool warn_report_once_cond(bool *printed, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Report an error only the first time this call site is reached. */
#define error_report_once(fmt, ...)                                     \
    ({                                                                  \
        static bool print_once_;                                        \
        error_report_once_cond(&print_once_, fmt, ## __VA_ARGS__);      \
    })

/* Report a warning only the first time this call site is reached. */
#define warn_report_once(fmt, ...)                                      \
    ({                                                                  \
        static bool print_once_;                                        \
        warn_report_once_cond(&print_once_, fmt, ## __VA_ARGS__);       \
    })

/*
 * Prefix reports with an ISO 8601 timestamp (-msg timestamp=on), and/or
 * with the guest name (-msg guest-name=on, name in error_guest_name).
 */
extern bool message_with_timestamp;
extern bool error_with_guestname;
extern const char *error_guest_name;

/*
 * Initialise error reporting: set the program name from @argv0 (its
 * basename) unless it is NULL.
 */
void error_init(const char *argv0);

#endif
