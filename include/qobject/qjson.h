/*
 * JSON text <-> QObject.
 *
 * The parser reads QEMU's JSON dialect: standard JSON (RFC 8259) plus
 * single-quoted strings (in which \' is an escape), as QMP accepts.
 * Integers that fit int64_t become QNum ints, larger positive ones up to
 * UINT64_MAX QNum uints, everything else doubles.  Strings must be valid
 * UTF-8; \u0000 is rejected (QString is NUL-terminated).  Nesting is
 * limited to 1024 levels; an object may not repeat a key.
 *
 * The *jsonf* variants also interpolate printf-like conversions placed
 * where a value (or a key, for %s) may appear: %d %i %u %ld %li %lu %lld
 * %lli %llu, hence %" PRId64 " and %" PRIu64 " (numbers), %f %g
 * (doubles), %s (a C string, becomes a JSON string) and %p (a QObject *,
 * whose reference is taken over).  A '%' inside a JSON string is a
 * literal character, but the compiler's format check would still count
 * it, so don't put any there.  These functions abort on bad input: use
 * them only for literal text written by programmers (tests).
 */
#ifndef QOBJECT_QJSON_H
#define QOBJECT_QJSON_H

#include <stdarg.h>
#include <stdbool.h>
#include <glib.h>
#include "qobject/qobject.h"

typedef struct Error Error;

/*
 * Parse exactly one JSON value from @string.  Returns NULL with @errp set
 * on syntax errors, empty (or all-whitespace) input ("Expecting a JSON
 * value"; QEMU returns NULL without an error there) or a second value
 * after the first ("Expecting at most one JSON value").  Syntax error
 * messages start with "JSON parse error, " and name the problem.
 */
QObject *qobject_from_json(const char *string, Error **errp);

QObject *qobject_from_vjsonf_nofail(const char *string, va_list ap)
    G_GNUC_PRINTF(1, 0);
QObject *qobject_from_jsonf_nofail(const char *string, ...)
    G_GNUC_PRINTF(1, 2);
/* Like qobject_from_jsonf_nofail(), and the result must be a dict. */
QDict *qdict_from_vjsonf_nofail(const char *string, va_list ap)
    G_GNUC_PRINTF(1, 0);
QDict *qdict_from_jsonf_nofail(const char *string, ...)
    G_GNUC_PRINTF(1, 2);

/*
 * Serialise @obj compactly, in QEMU's style: {"a": 1, "b": [true, null]}.
 * Caller frees the GString with g_string_free(s, true).
 */
GString *qobject_to_json(const QObject *obj);
/*
 * Serialise @obj; with @pretty, one member/element per line, indented by
 * 4 spaces per level, as QEMU's pretty printer (used by qmp-shell -p and
 * the "qmp" HMP output).
 */
GString *qobject_to_json_pretty(const QObject *obj, bool pretty);

#endif
