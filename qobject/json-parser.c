/*
 * One-shot JSON parser: text -> QObject, in QEMU's JSON dialect
 * (RFC 8259 plus single-quoted strings and optional %-interpolation).
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qapi/error.h"
#include "qobject/json-parser.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "json-parser-int.h"

typedef struct JSONParserCtx {
    const char *p;          /* next unread byte */
    const char *end;
    va_list *ap;            /* interpolation arguments, or NULL */
    int depth;
    Error **errp;
    bool failed;
} JSONParserCtx;

static void G_GNUC_PRINTF(2, 3)
parse_error(JSONParserCtx *ctx, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (ctx->failed) {
        return;
    }
    ctx->failed = true;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(ctx->errp, "JSON parse error, %s", msg);
    g_free(msg);
}

static void skip_ws(JSONParserCtx *ctx)
{
    while (ctx->p < ctx->end &&
           (*ctx->p == ' ' || *ctx->p == '\t' || *ctx->p == '\n' ||
            *ctx->p == '\r')) {
        ctx->p++;
    }
}

/* Describe the byte @c for error messages. */
static char *describe_char(char c)
{
    unsigned char u = c;

    if (u >= 0x20 && u < 0x7F) {
        return g_strdup_printf("'%c'", c);
    }
    return g_strdup_printf("'\\x%02X'", u);
}

static void stray(JSONParserCtx *ctx, char c)
{
    char *what = describe_char(c);

    parse_error(ctx, "stray %s", what);
    g_free(what);
}

static int hex4(const char *p)
{
    int i, val = 0;

    for (i = 0; i < 4; i++) {
        if (!g_ascii_isxdigit(p[i])) {
            return -1;
        }
        val = (val << 4) | g_ascii_xdigit_value(p[i]);
    }
    return val;
}

static void append_utf8(GString *s, gunichar cp)
{
    char buf[6];
    int n = g_unichar_to_utf8(cp, buf);

    g_string_append_len(s, buf, n);
}

/* Parse a string starting at its opening quote. */
static QObject *parse_string(JSONParserCtx *ctx)
{
    char quote = *ctx->p++;
    GString *s = g_string_new(NULL);

    for (;;) {
        unsigned char c;

        if (ctx->p >= ctx->end) {
            parse_error(ctx, "missing closing quote in string");
            goto fail;
        }
        c = *ctx->p;
        if (c == quote) {
            ctx->p++;
            break;
        }
        if (c < 0x20) {
            parse_error(ctx, "control character '\\x%02X' in string", c);
            goto fail;
        }
        if (c == '\\') {
            char esc;
            int cp;

            if (ctx->end - ctx->p < 2) {
                parse_error(ctx, "missing closing quote in string");
                goto fail;
            }
            esc = ctx->p[1];
            ctx->p += 2;
            switch (esc) {
            case '"':
            case '\'':
            case '\\':
            case '/':
                g_string_append_c(s, esc);
                continue;
            case 'b':
                g_string_append_c(s, '\b');
                continue;
            case 'f':
                g_string_append_c(s, '\f');
                continue;
            case 'n':
                g_string_append_c(s, '\n');
                continue;
            case 'r':
                g_string_append_c(s, '\r');
                continue;
            case 't':
                g_string_append_c(s, '\t');
                continue;
            case 'u':
                break;
            default:
                parse_error(ctx, "invalid escape sequence in string");
                goto fail;
            }
            cp = ctx->end - ctx->p >= 4 ? hex4(ctx->p) : -1;
            if (cp < 0) {
                parse_error(ctx, "invalid \\u escape in string");
                goto fail;
            }
            ctx->p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                /* a high surrogate must be followed by a low one */
                int lo = -1;

                if (ctx->end - ctx->p >= 6 && ctx->p[0] == '\\' &&
                    ctx->p[1] == 'u') {
                    lo = hex4(ctx->p + 2);
                }
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    parse_error(ctx, "invalid surrogate pair in \\u escape");
                    goto fail;
                }
                ctx->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                parse_error(ctx, "invalid surrogate pair in \\u escape");
                goto fail;
            } else if (cp == 0) {
                parse_error(ctx, "\\u0000 is not supported");
                goto fail;
            }
            append_utf8(s, cp);
            continue;
        }
        if (c >= 0x80) {
            size_t n;

            if (json_utf8_decode(ctx->p, ctx->end - ctx->p, &n) < 0) {
                parse_error(ctx, "invalid UTF-8 sequence in string");
                goto fail;
            }
            g_string_append_len(s, ctx->p, n);
            ctx->p += n;
            continue;
        }
        g_string_append_c(s, c);
        ctx->p++;
    }
    return QOBJECT(qstring_from_gstring(s));

fail:
    g_string_free(s, true);
    return NULL;
}

static QObject *parse_number(JSONParserCtx *ctx)
{
    const char *start = ctx->p;
    const char *p = ctx->p;
    bool is_float = false;
    char *text;
    QObject *ret;

    if (p < ctx->end && *p == '-') {
        p++;
    }
    if (p >= ctx->end || !g_ascii_isdigit(*p)) {
        parse_error(ctx, "invalid number '%.*s'", (int)(p - start + 1),
                    start);
        return NULL;
    }
    if (*p == '0') {
        p++;
        if (p < ctx->end && g_ascii_isdigit(*p)) {
            parse_error(ctx, "invalid number: leading zero");
            return NULL;
        }
    } else {
        while (p < ctx->end && g_ascii_isdigit(*p)) {
            p++;
        }
    }
    if (p < ctx->end && *p == '.') {
        is_float = true;
        p++;
        if (p >= ctx->end || !g_ascii_isdigit(*p)) {
            parse_error(ctx, "invalid number '%.*s': digit expected after "
                        "'.'", (int)(p - start), start);
            return NULL;
        }
        while (p < ctx->end && g_ascii_isdigit(*p)) {
            p++;
        }
    }
    if (p < ctx->end && (*p == 'e' || *p == 'E')) {
        is_float = true;
        p++;
        if (p < ctx->end && (*p == '+' || *p == '-')) {
            p++;
        }
        if (p >= ctx->end || !g_ascii_isdigit(*p)) {
            parse_error(ctx, "invalid number '%.*s': digit expected in "
                        "exponent", (int)(p - start), start);
            return NULL;
        }
        while (p < ctx->end && g_ascii_isdigit(*p)) {
            p++;
        }
    }
    ctx->p = p;
    text = g_strndup(start, p - start);

    if (!is_float) {
        gint64 i64;
        guint64 u64;

        errno = 0;
        i64 = g_ascii_strtoll(text, NULL, 10);
        if (errno != ERANGE) {
            ret = QOBJECT(qnum_from_int(i64));
            goto out;
        }
        if (*text != '-') {
            errno = 0;
            u64 = g_ascii_strtoull(text, NULL, 10);
            if (errno != ERANGE) {
                ret = QOBJECT(qnum_from_uint(u64));
                goto out;
            }
        }
        /* too large for any integer type: fall back to double */
    }
    ret = QOBJECT(qnum_from_double(g_ascii_strtod(text, NULL)));
out:
    g_free(text);
    return ret;
}

static QObject *parse_keyword(JSONParserCtx *ctx)
{
    const char *start = ctx->p;
    size_t len;

    while (ctx->p < ctx->end && g_ascii_isalnum(*ctx->p)) {
        ctx->p++;
    }
    len = ctx->p - start;
    if (len == 4 && !memcmp(start, "true", 4)) {
        return QOBJECT(qbool_from_bool(true));
    }
    if (len == 5 && !memcmp(start, "false", 5)) {
        return QOBJECT(qbool_from_bool(false));
    }
    if (len == 4 && !memcmp(start, "null", 4)) {
        return QOBJECT(qnull());
    }
    parse_error(ctx, "invalid keyword '%.*s'", (int)MIN(len, 64), start);
    return NULL;
}

static QObject *parse_interpolation(JSONParserCtx *ctx)
{
    static const char *const convs[] = {
        "lld", "lli", "llu", "ld", "li", "lu", "d", "i", "u",
        "p", "s", "f", "g",
    };
    const char *conv = NULL;
    size_t i;

    ctx->p++;
    for (i = 0; i < ARRAY_SIZE(convs); i++) {
        size_t n = strlen(convs[i]);

        if ((size_t)(ctx->end - ctx->p) >= n &&
            !memcmp(ctx->p, convs[i], n)) {
            conv = convs[i];
            ctx->p += n;
            break;
        }
    }
    if (!conv) {
        parse_error(ctx, "invalid interpolation '%%%.*s'",
                    (int)MIN(ctx->end - ctx->p, 3), ctx->p);
        return NULL;
    }
    if (!strcmp(conv, "d") || !strcmp(conv, "i")) {
        return QOBJECT(qnum_from_int(va_arg(*ctx->ap, int)));
    } else if (!strcmp(conv, "u")) {
        return QOBJECT(qnum_from_int(va_arg(*ctx->ap, unsigned int)));
    } else if (!strcmp(conv, "ld") || !strcmp(conv, "li")) {
        return QOBJECT(qnum_from_int(va_arg(*ctx->ap, long)));
    } else if (!strcmp(conv, "lld") || !strcmp(conv, "lli")) {
        return QOBJECT(qnum_from_int(va_arg(*ctx->ap, long long)));
    } else if (!strcmp(conv, "lu")) {
        unsigned long v = va_arg(*ctx->ap, unsigned long);

        return v > INT64_MAX ? QOBJECT(qnum_from_uint(v))
                             : QOBJECT(qnum_from_int(v));
    } else if (!strcmp(conv, "llu")) {
        unsigned long long v = va_arg(*ctx->ap, unsigned long long);

        return v > INT64_MAX ? QOBJECT(qnum_from_uint(v))
                             : QOBJECT(qnum_from_int(v));
    } else if (!strcmp(conv, "p")) {
        QObject *obj = va_arg(*ctx->ap, QObject *);

        if (!obj) {
            parse_error(ctx, "%%p interpolation of a null pointer");
        }
        return obj;
    } else if (!strcmp(conv, "s")) {
        const char *s = va_arg(*ctx->ap, const char *);

        if (!s) {
            parse_error(ctx, "%%s interpolation of a null pointer");
            return NULL;
        }
        return QOBJECT(qstring_from_str(s));
    } else {
        return QOBJECT(qnum_from_double(va_arg(*ctx->ap, double)));
    }
}

static QObject *parse_value(JSONParserCtx *ctx);

static QObject *parse_object(JSONParserCtx *ctx)
{
    QDict *dict = qdict_new();

    ctx->p++;
    skip_ws(ctx);
    if (ctx->p < ctx->end && *ctx->p == '}') {
        ctx->p++;
        return QOBJECT(dict);
    }
    for (;;) {
        QObject *key, *value;
        QString *key_str;

        skip_ws(ctx);
        if (ctx->p >= ctx->end) {
            parse_error(ctx, "premature end of input in object");
            goto fail;
        }
        key = parse_value(ctx);
        if (!key) {
            goto fail;
        }
        key_str = qobject_to(QString, key);
        if (!key_str) {
            qobject_unref(key);
            parse_error(ctx, "key is not a string in object");
            goto fail;
        }
        if (qdict_haskey(dict, qstring_get_str(key_str))) {
            parse_error(ctx, "duplicate key '%s'", qstring_get_str(key_str));
            qobject_unref(key);
            goto fail;
        }
        skip_ws(ctx);
        if (ctx->p >= ctx->end || *ctx->p != ':') {
            parse_error(ctx, "missing ':' after key '%s' in object",
                        qstring_get_str(key_str));
            qobject_unref(key);
            goto fail;
        }
        ctx->p++;
        value = parse_value(ctx);
        if (!value) {
            qobject_unref(key);
            goto fail;
        }
        qdict_put_obj(dict, qstring_get_str(key_str), value);
        qobject_unref(key);

        skip_ws(ctx);
        if (ctx->p >= ctx->end) {
            parse_error(ctx, "premature end of input in object");
            goto fail;
        }
        if (*ctx->p == '}') {
            ctx->p++;
            return QOBJECT(dict);
        }
        if (*ctx->p != ',') {
            parse_error(ctx, "expected ',' or '}' in object");
            goto fail;
        }
        ctx->p++;
    }

fail:
    qobject_unref(dict);
    return NULL;
}

static QObject *parse_array(JSONParserCtx *ctx)
{
    QList *list = qlist_new();

    ctx->p++;
    skip_ws(ctx);
    if (ctx->p < ctx->end && *ctx->p == ']') {
        ctx->p++;
        return QOBJECT(list);
    }
    for (;;) {
        QObject *value = parse_value(ctx);

        if (!value) {
            goto fail;
        }
        qlist_append_obj(list, value);
        skip_ws(ctx);
        if (ctx->p >= ctx->end) {
            parse_error(ctx, "premature end of input in array");
            goto fail;
        }
        if (*ctx->p == ']') {
            ctx->p++;
            return QOBJECT(list);
        }
        if (*ctx->p != ',') {
            parse_error(ctx, "expected ',' or ']' in array");
            goto fail;
        }
        ctx->p++;
    }

fail:
    qobject_unref(list);
    return NULL;
}

static QObject *parse_value(JSONParserCtx *ctx)
{
    QObject *ret;
    char c;

    skip_ws(ctx);
    if (ctx->p >= ctx->end) {
        parse_error(ctx, "expecting value");
        return NULL;
    }
    c = *ctx->p;
    switch (c) {
    case '{':
    case '[':
        if (ctx->depth >= JSON_MAX_NESTING) {
            parse_error(ctx, "nesting too deep (limit %d)",
                        JSON_MAX_NESTING);
            return NULL;
        }
        ctx->depth++;
        ret = c == '{' ? parse_object(ctx) : parse_array(ctx);
        ctx->depth--;
        return ret;
    case '"':
    case '\'':
        return parse_string(ctx);
    case '-':
    case '0' ... '9':
        return parse_number(ctx);
    case 'a' ... 'z':
    case 'A' ... 'Z':
        return parse_keyword(ctx);
    case '%':
        if (ctx->ap) {
            return parse_interpolation(ctx);
        }
        /* fall through */
    default:
        if (c == '}' || c == ']' || c == ',' || c == ':') {
            parse_error(ctx, "expecting value, got '%c'", c);
        } else {
            stray(ctx, c);
        }
        return NULL;
    }
}

QObject *json_parser_parse(const char *text, size_t len, va_list *ap,
                           Error **errp)
{
    JSONParserCtx ctx = {
        .p = text,
        .end = text + len,
        .ap = ap,
        .errp = errp,
    };
    QObject *obj;

    skip_ws(&ctx);
    if (ctx.p >= ctx.end) {
        error_setg(errp, "Expecting a JSON value");
        return NULL;
    }
    obj = parse_value(&ctx);
    if (!obj) {
        return NULL;
    }
    skip_ws(&ctx);
    if (ctx.p < ctx.end) {
        qobject_unref(obj);
        error_setg(errp, "Expecting at most one JSON value");
        return NULL;
    }
    return obj;
}
