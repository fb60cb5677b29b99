/*
 * Internal interface between the JSON parser and its users in qobject/.
 */
#ifndef QOBJECT_JSON_PARSER_INT_H
#define QOBJECT_JSON_PARSER_INT_H

#include "qobject/qobject.h"

typedef struct Error Error;

/*
 * Parse the @len bytes at @text as exactly one JSON value (surrounding
 * whitespace allowed).  With @ap non-NULL, '%' conversions outside
 * strings are interpolated from it (see qobject/qjson.h).  Returns a new
 * reference, or NULL with @errp set.
 */
QObject *json_parser_parse(const char *text, size_t len, va_list *ap,
                           Error **errp);

/* Decode one UTF-8 character at @s (at most @n bytes); see json-utf8.c. */
int json_utf8_decode(const char *s, size_t n, size_t *consumed);

#endif
