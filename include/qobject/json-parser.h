/*
 * Incremental JSON parser for a stream of JSON values (QMP).
 *
 * Feed bytes in arbitrary chunks with json_message_parser_feed(); the
 * emit callback is called once for each complete top-level JSON value,
 * with a new reference to it (the callee owns it) and err == NULL, or
 * once per bad message with json == NULL and an Error (owned by the
 * callee) whose message names the problem.
 *
 * Messages are delimited by bracket nesting (a top-level scalar ends at
 * the next whitespace or structural character); the complete text of a
 * message is then parsed, so a syntax error inside a balanced message
 * (e.g. {"a" 1}) costs only that message.  Other errors and how the
 * parser resynchronises:
 * - a byte that cannot occur in JSON (ASCII control character other
 *   than whitespace, 0xFE, 0xFF) anywhere, or a raw control character
 *   (including a newline) inside a string: error, the pending message
 *   is dropped and parsing restarts right after that byte.  QMP clients
 *   send 0xFF on purpose to resynchronise (an error reply results);
 * - '}', ']', ':' or ',' between messages: error for that byte;
 * - a closing bracket that does not match, or an exceeded limit: error,
 *   then input is skipped up to and including the next newline (or a
 *   byte of the first kind above).
 * Whitespace between values is ignored.
 *
 * Limits (as QEMU): nesting deeper than 1024 and messages larger than
 * 64 MiB are errors.
 */
#ifndef QOBJECT_JSON_PARSER_H
#define QOBJECT_JSON_PARSER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <glib.h>
#include "qobject/qobject.h"

typedef struct Error Error;

#define JSON_MAX_NESTING 1024
#define JSON_MAX_MESSAGE_SIZE (64ULL << 20)

typedef struct JSONMessageParser {
    /* all members private */
    void (*emit)(void *opaque, QObject *json, Error *err);
    void *opaque;
    va_list *ap;
    GString *buf;           /* bytes of the current message */
    GString *stack;         /* kinds of the open brackets: '{' or '[' */
    int state;              /* scanner state */
    char quote;             /* quote character of the open string */
    bool recovering;        /* skipping input after an error */
} JSONMessageParser;

/*
 * Initialise @parser.  @ap must be NULL (interpolation is only supported
 * by the one-shot *jsonf* functions).
 */
void json_message_parser_init(JSONMessageParser *parser,
                              void (*emit)(void *opaque, QObject *json,
                                           Error *err),
                              void *opaque, va_list *ap);

/* Feed @size bytes of @buffer (no NUL needed). */
void json_message_parser_feed(JSONMessageParser *parser,
                              const char *buffer, size_t size);

/*
 * End of input: complete a pending top-level scalar (e.g. "42" not yet
 * followed by a delimiter), or report an incomplete message as an error.
 */
void json_message_parser_flush(JSONMessageParser *parser);

/* Free the resources of @parser (pending input is dropped silently). */
void json_message_parser_destroy(JSONMessageParser *parser);

#endif
