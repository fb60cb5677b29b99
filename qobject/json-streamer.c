/*
 * Incremental JSON message parser for QMP streams
 * (see include/qobject/json-parser.h for the recovery rules).
 *
 * The scanner here only finds message boundaries: it tracks strings and
 * bracket nesting.  Each complete message is then handed to the one-shot
 * parser, which checks the syntax and builds the QObject.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/json-parser.h"
#include "json-parser-int.h"

enum {
    SCAN_IDLE,          /* between messages */
    SCAN_BODY,          /* inside an object or array, outside strings */
    SCAN_STRING,        /* inside a string */
    SCAN_ESCAPE,        /* after a backslash inside a string */
    SCAN_SCALAR,        /* inside a bare top-level number or keyword */
};

void json_message_parser_init(JSONMessageParser *parser,
                              void (*emit)(void *opaque, QObject *json,
                                           Error *err),
                              void *opaque, va_list *ap)
{
    /* interpolation is only for the one-shot *jsonf* functions */
    g_assert(!ap);
    parser->emit = emit;
    parser->opaque = opaque;
    parser->ap = NULL;
    parser->buf = g_string_new(NULL);
    parser->stack = g_string_new(NULL);
    parser->state = SCAN_IDLE;
    parser->quote = 0;
    parser->recovering = false;
}

static void reset(JSONMessageParser *parser)
{
    g_string_truncate(parser->buf, 0);
    g_string_truncate(parser->stack, 0);
    parser->state = SCAN_IDLE;
}

static void G_GNUC_PRINTF(2, 3)
emit_error(JSONMessageParser *parser, const char *fmt, ...)
{
    Error *err = NULL;
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&err, "JSON parse error, %s", msg);
    g_free(msg);
    reset(parser);
    parser->emit(parser->opaque, NULL, err);
}

/* The message in parser->buf is complete: parse and emit it. */
static void emit_message(JSONMessageParser *parser)
{
    Error *err = NULL;
    QObject *obj;

    obj = json_parser_parse(parser->buf->str, parser->buf->len, NULL, &err);
    reset(parser);
    parser->emit(parser->opaque, obj, err);
}

static bool is_structural(char c)
{
    return c == '{' || c == '}' || c == '[' || c == ']' || c == ':' ||
           c == ',';
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Bytes that can never occur in JSON text: ASCII control characters other
 * than whitespace, and 0xFE/0xFF.  They end a message with an error and
 * reset the parser (QMP clients send 0xFF on purpose to resynchronise).
 */
static bool is_reset_byte(unsigned char c)
{
    return (c < 0x20 && !is_ws(c)) || c >= 0xFE;
}

static void feed_byte(JSONMessageParser *parser, char c)
{
    unsigned char u = c;

    if (parser->recovering) {
        if (c == '\n' || is_reset_byte(u)) {
            parser->recovering = false;
        }
        return;
    }
    if (is_reset_byte(u)) {
        emit_error(parser, "stray '\\x%02X'", u);
        return;
    }

    switch (parser->state) {
    case SCAN_SCALAR:
        if (!is_ws(c) && !is_structural(c) && c != '"' && c != '\'') {
            g_string_append_c(parser->buf, c);
            break;
        }
        emit_message(parser);
        /* @c starts something new */
        /* fall through */
    case SCAN_IDLE:
        if (is_ws(c)) {
            break;
        }
        if (c == '}' || c == ']' || c == ':' || c == ',') {
            emit_error(parser, "stray '%c'", c);
            break;
        }
        g_string_append_c(parser->buf, c);
        if (c == '{' || c == '[') {
            g_string_append_c(parser->stack, c);
            parser->state = SCAN_BODY;
        } else if (c == '"' || c == '\'') {
            parser->quote = c;
            parser->state = SCAN_STRING;
        } else {
            parser->state = SCAN_SCALAR;
        }
        break;
    case SCAN_BODY:
        g_string_append_c(parser->buf, c);
        if (c == '{' || c == '[') {
            if (parser->stack->len >= JSON_MAX_NESTING) {
                emit_error(parser, "nesting too deep (limit %d)",
                           JSON_MAX_NESTING);
                parser->recovering = true;
                return;
            }
            g_string_append_c(parser->stack, c);
        } else if (c == '}' || c == ']') {
            char open = parser->stack->str[parser->stack->len - 1];

            if ((c == '}') != (open == '{')) {
                emit_error(parser, "'%c' does not match '%c'", c, open);
                parser->recovering = true;
                return;
            }
            g_string_truncate(parser->stack, parser->stack->len - 1);
            if (!parser->stack->len) {
                emit_message(parser);
                return;
            }
        } else if (c == '"' || c == '\'') {
            parser->quote = c;
            parser->state = SCAN_STRING;
        }
        break;
    case SCAN_STRING:
        if (u < 0x20) {
            emit_error(parser, "control character '\\x%02X' in string", u);
            return;
        }
        g_string_append_c(parser->buf, c);
        if (c == '\\') {
            parser->state = SCAN_ESCAPE;
        } else if (c == parser->quote) {
            if (!parser->stack->len) {
                emit_message(parser);
                return;
            }
            parser->state = SCAN_BODY;
        }
        break;
    case SCAN_ESCAPE:
        if (u < 0x20) {
            emit_error(parser, "control character '\\x%02X' in string", u);
            return;
        }
        g_string_append_c(parser->buf, c);
        parser->state = SCAN_STRING;
        break;
    default:
        g_assert_not_reached();
    }

    if (parser->buf->len > JSON_MAX_MESSAGE_SIZE) {
        emit_error(parser, "message too large (limit %llu bytes)",
                   JSON_MAX_MESSAGE_SIZE);
        parser->recovering = true;
    }
}

void json_message_parser_feed(JSONMessageParser *parser,
                              const char *buffer, size_t size)
{
    size_t i;

    for (i = 0; i < size; i++) {
        feed_byte(parser, buffer[i]);
    }
}

void json_message_parser_flush(JSONMessageParser *parser)
{
    parser->recovering = false;
    switch (parser->state) {
    case SCAN_IDLE:
        break;
    case SCAN_SCALAR:
        emit_message(parser);
        break;
    default:
        emit_error(parser, "premature end of input");
        break;
    }
}

void json_message_parser_destroy(JSONMessageParser *parser)
{
    if (parser->buf) {
        g_string_free(parser->buf, true);
        parser->buf = NULL;
    }
    if (parser->stack) {
        g_string_free(parser->stack, true);
        parser->stack = NULL;
    }
}
