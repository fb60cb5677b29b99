/*
 * Visitor that frees a C value of a QAPI type (used by the generated
 * qapi_free_FOO() functions).
 */
#ifndef QAPI_DEALLOC_VISITOR_H
#define QAPI_DEALLOC_VISITOR_H

#include "qapi/visitor.h"

typedef struct QapiDeallocVisitor QapiDeallocVisitor;

/*
 * A visitor that frees every struct, list element, string and QObject
 * it visits.  It never fails, so errp can be NULL.
 */
Visitor *qapi_dealloc_visitor_new(void);

#endif
