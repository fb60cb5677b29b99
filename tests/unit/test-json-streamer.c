/*
 * Tests for the incremental JSON message parser.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/json-parser.h"
#include "qobject/qjson.h"

/* What the parser emitted: compact JSON text, or "ERR: <message>". */
typedef struct Collector {
    JSONMessageParser parser;
    GPtrArray *items;
} Collector;

static void emit(void *opaque, QObject *json, Error *err)
{
    Collector *c = opaque;

    if (json) {
        g_assert_null(err);
        g_ptr_array_add(c->items,
                        g_string_free(qobject_to_json(json), false));
        qobject_unref(json);
    } else {
        g_assert_nonnull(err);
        g_ptr_array_add(c->items,
                        g_strdup_printf("ERR: %s", error_get_pretty(err)));
        error_free(err);
    }
}

static Collector *collector_new(void)
{
    Collector *c = g_new0(Collector, 1);

    c->items = g_ptr_array_new_with_free_func(g_free);
    json_message_parser_init(&c->parser, emit, c, NULL);
    return c;
}

static void collector_free(Collector *c)
{
    json_message_parser_destroy(&c->parser);
    g_ptr_array_free(c->items, true);
    g_free(c);
}

static void feed(Collector *c, const char *s)
{
    json_message_parser_feed(&c->parser, s, strlen(s));
}

/* Feed @s one byte at a time. */
static void feed_bytewise(Collector *c, const char *s)
{
    for (; *s; s++) {
        json_message_parser_feed(&c->parser, s, 1);
    }
}

/* Check the emitted items; NULL-terminated list of expectations. */
static void expect(Collector *c, ...)
{
    va_list ap;
    const char *want;
    guint i = 0;

    va_start(ap, c);
    while ((want = va_arg(ap, const char *))) {
        g_assert_cmpuint(i, <, c->items->len);
        if (g_str_has_prefix(want, "ERR: ")) {
            /* errors: prefix match */
            const char *got = g_ptr_array_index(c->items, i);

            if (!g_str_has_prefix(got, want)) {
                g_error("item %u is '%s', expected '%s...'", i, got, want);
            }
        } else {
            g_assert_cmpstr(g_ptr_array_index(c->items, i), ==, want);
        }
        i++;
    }
    va_end(ap);
    g_assert_cmpuint(i, ==, c->items->len);
    g_ptr_array_set_size(c->items, 0);
}

static void test_several_in_one_buffer(void)
{
    Collector *c = collector_new();

    feed(c, "{\"a\": 1}{\"b\": [2]} \r\n\t "
         "{\"execute\": \"qmp_capabilities\"}\n");
    expect(c, "{\"a\": 1}", "{\"b\": [2]}",
           "{\"execute\": \"qmp_capabilities\"}", NULL);
    collector_free(c);
}

static void test_split_feeds(void)
{
    Collector *c = collector_new();
    const char *msg = "{\"x\": \"}{][\\\"\", 'y': ['a\\'}', {\"z\": null}]}";

    feed_bytewise(c, msg);
    expect(c, "{\"x\": \"}{][\\\"\", \"y\": [\"a'}\", {\"z\": null}]}", NULL);

    /* split in two arbitrary places */
    json_message_parser_feed(&c->parser, msg, 7);
    expect(c, NULL);
    json_message_parser_feed(&c->parser, msg + 7, strlen(msg) - 7);
    expect(c, "{\"x\": \"}{][\\\"\", \"y\": [\"a'}\", {\"z\": null}]}", NULL);
    collector_free(c);
}

static void test_scalars(void)
{
    Collector *c = collector_new();

    feed(c, "42 \"str\"true[1]-1.5");
    /* -1.5 is only complete at a delimiter or at flush */
    expect(c, "42", "\"str\"", "true", "[1]", NULL);
    json_message_parser_flush(&c->parser);
    expect(c, "-1.5", NULL);

    feed(c, "null\n");
    expect(c, "null", NULL);
    collector_free(c);
}

static void test_syntax_error_in_message(void)
{
    Collector *c = collector_new();

    feed(c, "{\"a\" 1}{\"ok\": 1}");
    expect(c, "ERR: JSON parse error, missing ':' after key 'a'",
           "{\"ok\": 1}", NULL);

    feed(c, "{\"a\": @}\n{\"ok\": 2}");
    expect(c, "ERR: JSON parse error, stray '@'", "{\"ok\": 2}", NULL);

    feed(c, "foo {\"ok\": 3}");
    expect(c, "ERR: JSON parse error, invalid keyword 'foo'",
           "{\"ok\": 3}", NULL);
    collector_free(c);
}

static void test_stray_close(void)
{
    Collector *c = collector_new();

    feed(c, "}, {\"ok\": 1}");
    expect(c, "ERR: JSON parse error, stray '}'",
           "ERR: JSON parse error, stray ','", "{\"ok\": 1}", NULL);
    collector_free(c);
}

static void test_mismatch_recovery(void)
{
    Collector *c = collector_new();

    /* the rest of the line after a mismatch is skipped */
    feed(c, "{\"a\": [1} {\"lost\": 1}\n{\"ok\": 1}");
    expect(c, "ERR: JSON parse error, '}' does not match '['",
           "{\"ok\": 1}", NULL);
    collector_free(c);
}

static void test_string_newline_recovery(void)
{
    Collector *c = collector_new();

    feed(c, "{\"a\": \"unterminated\n{\"ok\": 1}");
    expect(c, "ERR: JSON parse error, control character '\\x0A' in string",
           "{\"ok\": 1}", NULL);
    collector_free(c);
}

static void test_reset_byte(void)
{
    Collector *c = collector_new();

    /* 0xFF aborts a pending message and resynchronises */
    feed(c, "{\"a\": {\"b\": 1\xFF{\"ok\": 1}");
    expect(c, "ERR: JSON parse error, stray '\\xFF'", "{\"ok\": 1}", NULL);

    /* also between messages, and for other control characters */
    feed(c, "\xFF\x01{\"ok\": 2}");
    expect(c, "ERR: JSON parse error, stray '\\xFF'",
           "ERR: JSON parse error, stray '\\x01'", "{\"ok\": 2}", NULL);
    collector_free(c);
}

static void test_flush_incomplete(void)
{
    Collector *c = collector_new();

    feed(c, "{\"a\": ");
    expect(c, NULL);
    json_message_parser_flush(&c->parser);
    expect(c, "ERR: JSON parse error, premature end of input", NULL);

    /* the parser is usable afterwards */
    feed(c, "[1]");
    expect(c, "[1]", NULL);
    json_message_parser_flush(&c->parser);
    expect(c, NULL);
    collector_free(c);
}

static void test_nesting_limit(void)
{
    Collector *c = collector_new();
    GString *s = g_string_new(NULL);
    int i;

    for (i = 0; i < JSON_MAX_NESTING; i++) {
        g_string_append_c(s, '[');
    }
    for (i = 0; i < JSON_MAX_NESTING; i++) {
        g_string_append_c(s, ']');
    }
    feed(c, s->str);
    g_assert_cmpuint(c->items->len, ==, 1);
    g_assert_false(g_str_has_prefix(g_ptr_array_index(c->items, 0), "ERR"));
    g_ptr_array_set_size(c->items, 0);

    g_string_prepend_c(s, '[');
    g_string_append(s, "]\n{\"ok\": 1}");
    feed(c, s->str);
    expect(c, "ERR: JSON parse error, nesting too deep", "{\"ok\": 1}", NULL);
    g_string_free(s, true);
    collector_free(c);
}

static void test_size_limit(void)
{
    Collector *c = collector_new();
    size_t chunk = 1 << 20;
    char *buf = g_malloc(chunk);
    size_t i;

    memset(buf, 'a', chunk);
    feed(c, "[\"");
    for (i = 0; i <= JSON_MAX_MESSAGE_SIZE / chunk; i++) {
        json_message_parser_feed(&c->parser, buf, chunk);
    }
    feed(c, "\"]\n{\"ok\": 1}");
    expect(c, "ERR: JSON parse error, message too large", "{\"ok\": 1}",
           NULL);
    g_free(buf);
    collector_free(c);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json-streamer/several", test_several_in_one_buffer);
    g_test_add_func("/json-streamer/split", test_split_feeds);
    g_test_add_func("/json-streamer/scalars", test_scalars);
    g_test_add_func("/json-streamer/syntax-error",
                    test_syntax_error_in_message);
    g_test_add_func("/json-streamer/stray-close", test_stray_close);
    g_test_add_func("/json-streamer/mismatch", test_mismatch_recovery);
    g_test_add_func("/json-streamer/string-newline",
                    test_string_newline_recovery);
    g_test_add_func("/json-streamer/reset-byte", test_reset_byte);
    g_test_add_func("/json-streamer/flush", test_flush_incomplete);
    g_test_add_func("/json-streamer/nesting-limit", test_nesting_limit);
    g_test_add_func("/json-streamer/size-limit", test_size_limit);
    return g_test_run();
}
