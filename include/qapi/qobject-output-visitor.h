/*
 * Output visitor that turns a C value of a QAPI type into a QObject.
 */
#ifndef QAPI_QOBJECT_OUTPUT_VISITOR_H
#define QAPI_QOBJECT_OUTPUT_VISITOR_H

#include "qapi/visitor.h"

typedef struct QObjectOutputVisitor QObjectOutputVisitor;

/*
 * A visitor that builds a QObject.  *@result is set to NULL now, and to
 * the built value (a new reference for the caller) by
 * visit_complete(v, result) once a whole value has been visited.
 * Structs become QDicts, lists QLists, enums their names, NULL strings
 * "".
 */
Visitor *qobject_output_visitor_new(QObject **result);

/* Same as qobject_output_visitor_new(); QMP flavour (no policy here). */
Visitor *qobject_output_visitor_new_qmp(QObject **result);

#endif
