/*
 * Input visitor that parses one string: a scalar, or a comma-separated
 * list of scalars, where integer lists may contain ranges ("1-3,5").
 */
#ifndef QAPI_STRING_INPUT_VISITOR_H
#define QAPI_STRING_INPUT_VISITOR_H

#include "qapi/visitor.h"

typedef struct StringInputVisitor StringInputVisitor;

/*
 * A visitor reading @str (copied).  Integers accept C syntax (0x..),
 * sizes suffixes (4k, 1M), booleans on/off/yes/no/true/false.  Structs
 * and alternates are not supported.
 */
Visitor *string_input_visitor_new(const char *str);

#endif
