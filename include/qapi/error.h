/*
 * Error objects: how a failing function tells its caller what went wrong.
 *
 * Convention (same as QEMU): a function that can fail takes "Error **errp"
 * as its last parameter.  On failure it stores a new Error in *errp (unless
 * errp is NULL, which means the caller ignores errors) and returns a value
 * that signals failure (false, NULL, -1 or negative errno).  errp may also
 * be &error_abort (report and abort()), &error_fatal (report and exit(1))
 * or &error_warn (report as a warning and carry on).
 *
 * *errp must be NULL when an error is set into it: setting a second error
 * is a programming error and aborts.
 */
#ifndef QAPI_ERROR_H
#define QAPI_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <glib.h>

typedef struct Error Error;

/*
 * Error classes as seen by QMP clients (the "class" member of an error
 * reply).  Hand-written here, not generated: the low layers need it.
 */
typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING,
    ERROR_CLASS__MAX
} ErrorClass;

/* QMP name of @c ("GenericError", "CommandNotFound", ...). */
const char *ErrorClass_str(ErrorClass c);

/* The human-readable message of @err. */
const char *error_get_pretty(const Error *err);

/* The class of @err. */
ErrorClass error_get_class(const Error *err);

/*
 * Create a new generic error with a printf-style message and store it in
 * *@errp.  Records the source location of the caller.  The message should
 * be a single phrase without trailing punctuation or newline.
 */
#define error_setg(errp, fmt, ...)                              \
    error_setg_internal((errp), __FILE__, __LINE__, __func__,   \
                        (fmt), ## __VA_ARGS__)
void error_setg_internal(Error **errp, const char *src, int line,
                         const char *func, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

/* Like error_setg() with a va_list. */
#define error_vsetg(errp, fmt, ap)                              \
    error_vsetg_internal((errp), __FILE__, __LINE__, __func__, (fmt), (ap))
void error_vsetg_internal(Error **errp, const char *src, int line,
                          const char *func, const char *fmt, va_list ap)
    G_GNUC_PRINTF(5, 0);

/*
 * Like error_setg(), with ": " and strerror(@os_error) appended to the
 * message.  @os_error is a positive errno value.
 */
#define error_setg_errno(errp, os_error, fmt, ...)                      \
    error_setg_errno_internal((errp), __FILE__, __LINE__, __func__,     \
                              (os_error), (fmt), ## __VA_ARGS__)
void error_setg_errno_internal(Error **errp, const char *src, int line,
                               const char *func, int os_error,
                               const char *fmt, ...)
    G_GNUC_PRINTF(6, 7);

/* Report failure to open @filename: "Could not open '%s': <strerror>". */
#define error_setg_file_open(errp, os_errno, filename)                  \
    error_setg_file_open_internal((errp), __FILE__, __LINE__, __func__, \
                                  (os_errno), (filename))
void error_setg_file_open_internal(Error **errp, const char *src, int line,
                                   const char *func, int os_errno,
                                   const char *filename);

/*
 * Like error_setg() with an explicit error class.  Only use classes other
 * than ERROR_CLASS_GENERIC_ERROR where QEMU does (QMP compatibility).
 */
#define error_set(errp, err_class, fmt, ...)                            \
    error_set_internal((errp), __FILE__, __LINE__, __func__,            \
                       (err_class), (fmt), ## __VA_ARGS__)
void error_set_internal(Error **errp, const char *src, int line,
                        const char *func, ErrorClass err_class,
                        const char *fmt, ...)
    G_GNUC_PRINTF(6, 7);

/*
 * Move @local_err into *@dst_errp.  If @local_err is NULL, do nothing.
 * If @dst_errp is NULL, free @local_err.  If *@dst_errp is already set,
 * free @local_err (the first error wins).  &error_abort/&error_fatal/
 * &error_warn destinations act on @local_err immediately.
 */
void error_propagate(Error **dst_errp, Error *local_err);

/* error_prepend() on @local_err, then error_propagate(). */
void error_propagate_prepend(Error **dst_errp, Error *local_err,
                             const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Prepend a formatted prefix to the message of *@errp, if any. */
void error_prepend(Error *const *errp, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
void error_vprepend(Error *const *errp, const char *fmt, va_list ap)
    G_GNUC_PRINTF(2, 0);

/*
 * Append a hint to *@errp, printed on its own line(s) after the message
 * when the error is reported to a human (not part of QMP replies).  The
 * hint should end with a newline.  Does nothing when @errp is NULL,
 * &error_fatal or &error_abort (use ERRP_GUARD() to make it work).
 */
void error_append_hint(Error *const *errp, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* The hint of @err, or NULL if it has none. */
const char *error_get_hint(const Error *err);

/* A deep copy of @err. */
Error *error_copy(const Error *err);

/* Free @err.  @err may be NULL. */
void error_free(Error *err);

/* Assert that *@errp is set, then free it and reset *@errp to NULL. */
void error_free_or_abort(Error **errp);

/* Report @err as a warning via warn_report(), then free it. */
void warn_report_err(Error *err);

/* Report @err via error_report() (message and hint), then free it. */
void error_report_err(Error *err);

/* Prepend a formatted prefix to @err, then error_report_err() it. */
void error_reportf_err(Error *err, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Prepend a formatted prefix to @err, then warn_report_err() it. */
void warn_reportf_err(Error *err, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/*
 * Special error destinations.  Pass their address as errp:
 * &error_abort reports the error and aborts (programming errors);
 * &error_fatal reports it and calls exit(1);
 * &error_warn reports it as a warning and continues.
 */
extern Error *error_abort;
extern Error *error_fatal;
extern Error *error_warn;

/*
 * Automatic propagation helper: see ERRP_GUARD().
 */
typedef struct ErrorPropagator {
    Error *local_err;
    Error **errp;
} ErrorPropagator;

static inline void error_propagator_cleanup(ErrorPropagator *prop)
{
    error_propagate(prop->errp, prop->local_err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ErrorPropagator, error_propagator_cleanup);

/*
 * ERRP_GUARD(): put at the start of a function that dereferences errp
 * (if (*errp) ...) or calls error_append_hint()/error_prepend() on it.
 * When the caller passed NULL or &error_fatal, errp is redirected to a
 * local Error that is propagated to the caller's errp on function exit,
 * so *errp is always safe to inspect and hints are kept.
 */
#define ERRP_GUARD()                                                    \
    g_auto(ErrorPropagator) _auto_errp_prop = { .errp = errp };         \
    do {                                                                \
        if (!errp || errp == &error_fatal) {                            \
            errp = &_auto_errp_prop.local_err;                          \
        }                                                               \
    } while (0)

G_DEFINE_AUTOPTR_CLEANUP_FUNC(Error, error_free)

#endif
