/*
 * Input visitor that builds a C value of a QAPI type from a QObject
 * (the parsed JSON of QMP, or the QDict of keyval_parse()).
 */
#ifndef QAPI_QOBJECT_INPUT_VISITOR_H
#define QAPI_QOBJECT_INPUT_VISITOR_H

#include "qapi/visitor.h"

typedef struct QObjectInputVisitor QObjectInputVisitor;

/*
 * A visitor that reads @obj (which it references; the caller keeps its
 * own reference).  Values must have the JSON type of the QAPI type:
 * numbers for integers, true/false for booleans, and so on.
 *
 * Errors name the offending parameter with its path, e.g.
 * "Parameter 'a.b[2]' is missing",
 * "Invalid parameter type for 'x', expected: integer",
 * "Parameter 'y' is unexpected".
 */
Visitor *qobject_input_visitor_new(QObject *obj);

/* Same as qobject_input_visitor_new(); QMP flavour (no policy here). */
Visitor *qobject_input_visitor_new_qmp(QObject *obj);

/*
 * A visitor for the output of keyval_parse(): scalars are strings and
 * are converted to the visited type ("42" -> 42, "on" -> true,
 * "4k" -> 4096 for sizes).  Non-string scalars are accepted as with
 * qobject_input_visitor_new().
 */
Visitor *qobject_input_visitor_new_keyval(QObject *obj);

/*
 * A visitor for the option string @str: JSON if it starts with '{',
 * otherwise keyval syntax with @implied_key (may be NULL).  Returns
 * NULL with @errp set if @str does not parse.
 */
Visitor *qobject_input_visitor_new_str(const char *str,
                                       const char *implied_key,
                                       Error **errp);

#endif
