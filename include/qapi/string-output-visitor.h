/*
 * Output visitor that formats a scalar or a list of scalars as a
 * string.
 */
#ifndef QAPI_STRING_OUTPUT_VISITOR_H
#define QAPI_STRING_OUTPUT_VISITOR_H

#include "qapi/visitor.h"

typedef struct StringOutputVisitor StringOutputVisitor;

/*
 * A visitor writing a string; visit_complete(v, result) stores a newly
 * allocated string in *@result.  Lists are comma-separated, runs of
 * consecutive integers written as ranges ("1-3,5").  With @human,
 * integers also show in hex ("42 (0x2a)"), sizes with a unit
 * ("1048576 (1 MiB)"), strings in quotes and null as "<null>".
 * Structs are not supported.
 */
Visitor *string_output_visitor_new(bool human, char **result);

#endif
