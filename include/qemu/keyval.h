/*
 * Parsing of "key=value,..." option strings into QDicts (QEMU's keyval
 * syntax, used by -device, -object, -incoming config:, ...).
 *
 * Syntax: key-vals separated by ','; each is "key=value".  A key is
 * one or more fragments separated by '.', each fragment made of ASCII
 * letters, digits, '-' and '_' (at most 127 characters); "a.b=1" puts
 * {"b": "1"} under "a".  In values ",," stands for a literal ','.
 * Values are always QStrings.  A repeated key's last value wins.
 * When @implied_key is non-NULL, the first key-val may omit "key=" and
 * then means "implied_key=value" (a value may then not contain '=').
 * "help" or "?" as a key-val (without '=') requests help.
 * After parsing, dicts whose keys are all decimal integers are turned
 * into lists ("a.0=x,a.1=y" -> {"a": ["x", "y"]}); the indexes must be
 * 0..N-1 without gaps.
 */
#ifndef QEMU_KEYVAL_H
#define QEMU_KEYVAL_H

#include <stdbool.h>
#include "qobject/qdict.h"

typedef struct Error Error;

/*
 * Parse @params into a new QDict.  If @p_help is non-NULL, *@p_help is
 * set to whether help was requested; if it is NULL, a help request is
 * the error "Help is not available for this option".  Returns NULL with
 * @errp set on error.
 */
QDict *keyval_parse(const char *params, const char *implied_key,
                    bool *p_help, Error **errp);

/*
 * Like keyval_parse(), but add to the existing @qdict (which is returned
 * on success).  Keys already in @qdict are overwritten like repeated keys.
 * On error returns NULL; @qdict may then be partially updated.
 */
QDict *keyval_parse_into(QDict *qdict, const char *params,
                         const char *implied_key, bool *p_help,
                         Error **errp);

/*
 * Merge @new into @old, recursively: scalars of @new replace those of
 * @old, dicts are merged, lists are appended.  Mixing a dict and a
 * scalar/list for the same key is an error "Parameter '%s' used
 * inconsistently".
 */
void keyval_merge(QDict *old, const QDict *new, Error **errp);

#endif
