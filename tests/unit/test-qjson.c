/*
 * Tests for JSON text <-> QObject.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

static char *to_json(const QObject *obj, bool pretty)
{
    return g_string_free(qobject_to_json_pretty(obj, pretty), false);
}

/* Parse @in, check its compact output is @out, and that it round-trips. */
static void check_round_trip(const char *in, const char *out)
{
    QObject *obj = qobject_from_json(in, &error_abort);
    QObject *again;
    char *text = to_json(obj, false);

    g_assert_cmpstr(text, ==, out);
    again = qobject_from_json(text, &error_abort);
    g_assert_true(qobject_is_equal(obj, again));
    g_free(text);
    qobject_unref(obj);
    qobject_unref(again);
}

/* Parsing @in fails with an error message containing @needle. */
static void check_error(const char *in, const char *needle)
{
    Error *err = NULL;
    QObject *obj = qobject_from_json(in, &err);

    if (obj || !err) {
        g_error("'%s' parsed without error", in);
    }
    if (!strstr(error_get_pretty(err), needle)) {
        g_error("error for '%s' is '%s', expected '%s'", in,
                error_get_pretty(err), needle);
    }
    error_free(err);
}

static void test_round_trips(void)
{
    check_round_trip("{}", "{}");
    check_round_trip("[]", "[]");
    check_round_trip(" {\"return\" : {} } ", "{\"return\": {}}");
    check_round_trip("{\"a\":1,\"b\":[1,2]}", "{\"a\": 1, \"b\": [1, 2]}");
    check_round_trip("[true,false,null,\"s\",[],{}]",
                     "[true, false, null, \"s\", [], {}]");
    check_round_trip("{\"z\": 1, \"a\": 2, \"m\": {\"y\": null}}",
                     "{\"z\": 1, \"a\": 2, \"m\": {\"y\": null}}");
    check_round_trip("\t\r\n42\n", "42");
    check_round_trip("\"top\"", "\"top\"");
    check_round_trip("true", "true");
    check_round_trip("null", "null");
}

static void check_int(const char *in, int64_t expected)
{
    QNum *qn = qobject_to(QNum, qobject_from_json(in, &error_abort));

    g_assert_nonnull(qn);
    g_assert_cmpint(qn->kind, ==, QNUM_I64);
    g_assert_cmpint(qnum_get_int(qn), ==, expected);
    qobject_unref(qn);
}

static void check_double(const char *in, double expected, const char *out)
{
    QNum *qn = qobject_to(QNum, qobject_from_json(in, &error_abort));
    char *text;

    g_assert_nonnull(qn);
    g_assert_cmpint(qn->kind, ==, QNUM_DOUBLE);
    g_assert_cmpfloat(qnum_get_double(qn), ==, expected);
    text = to_json(QOBJECT(qn), false);
    g_assert_cmpstr(text, ==, out);
    g_free(text);
    qobject_unref(qn);
}

static void test_numbers(void)
{
    QNum *qn;
    char *text;

    check_int("0", 0);
    check_int("-0", 0);
    check_int("42", 42);
    check_int("-42", -42);
    check_int("9223372036854775807", INT64_MAX);
    check_int("-9223372036854775808", INT64_MIN);

    /* above INT64_MAX: unsigned */
    qn = qobject_to(QNum, qobject_from_json("9223372036854775808",
                                            &error_abort));
    g_assert_cmpint(qn->kind, ==, QNUM_U64);
    g_assert_cmpuint(qnum_get_uint(qn), ==, (uint64_t)INT64_MAX + 1);
    qobject_unref(qn);

    qn = qobject_to(QNum, qobject_from_json("18446744073709551615",
                                            &error_abort));
    g_assert_cmpint(qn->kind, ==, QNUM_U64);
    g_assert_cmpuint(qnum_get_uint(qn), ==, UINT64_MAX);
    text = to_json(QOBJECT(qn), false);
    g_assert_cmpstr(text, ==, "18446744073709551615");
    g_free(text);
    qobject_unref(qn);

    /* beyond any integer type: double */
    check_double("18446744073709551616", 18446744073709551616.0,
                 "1.8446744073709552e+19");
    check_double("-9223372036854775809", -9223372036854775808.0,
                 "-9.2233720368547758e+18");

    check_double("1.5", 1.5, "1.5");
    check_double("-0.25", -0.25, "-0.25");
    check_double("0.1", 0.1, "0.10000000000000001");
    check_double("1e3", 1000, "1000");
    check_double("1E-2", 0.01, "0.01");
    check_double("2.5e+2", 250, "250");
    check_double("-0.0", -0.0, "-0");
}

static void test_bad_numbers(void)
{
    check_error("01", "leading zero");
    check_error("1.", "digit expected after '.'");
    check_error("1e", "digit expected in exponent");
    check_error("-", "invalid number");
    check_error(".5", "stray '.'");
    check_error("+1", "stray '+'");
    check_error("0x10", "Expecting at most one JSON value");
    check_error("[1 2]", "expected ',' or ']' in array");
}

static void check_string(const char *in, const char *value, const char *out)
{
    QString *qs = qobject_to(QString, qobject_from_json(in, &error_abort));
    char *text;

    g_assert_nonnull(qs);
    g_assert_cmpstr(qstring_get_str(qs), ==, value);
    text = to_json(QOBJECT(qs), false);
    g_assert_cmpstr(text, ==, out);
    g_free(text);
    qobject_unref(qs);
}

static void test_strings(void)
{
    check_string("\"plain\"", "plain", "\"plain\"");
    check_string("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t",
                 "\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
    /* single quotes, with \' escapes */
    check_string("'it\\'s \"q\"'", "it's \"q\"", "\"it's \\\"q\\\"\"");
    /* \u escapes, including a surrogate pair; output is ASCII */
    check_string("\"\\u00e9\\u20AC\"", "\xC3\xA9\xE2\x82\xAC",
                 "\"\\u00E9\\u20AC\"");
    check_string("\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80",
                 "\"\\uD83D\\uDE00\"");
    /* raw UTF-8 is accepted and escaped on output */
    check_string("\"caf\xC3\xA9\"", "caf\xC3\xA9", "\"caf\\u00E9\"");
    check_string("\"\\u0001\\u001f\\u007f\"", "\x01\x1F\x7F",
                 "\"\\u0001\\u001F\\u007F\"");
}

static void test_writer_invalid_utf8(void)
{
    QString *qs = qstring_from_str("a\xFF" "b\xC3" "c\xED\xA0\x80" "d");
    char *text = to_json(QOBJECT(qs), false);

    g_assert_cmpstr(text, ==, "\"a\\uFFFDb\\uFFFDc\\uFFFDd\"");
    g_free(text);
    qobject_unref(qs);
}

static void test_bad_strings(void)
{
    check_error("\"abc", "missing closing quote");
    check_error("\"a\nb\"", "control character");
    check_error("\"\\x41\"", "invalid escape sequence");
    check_error("\"\\u12\"", "invalid \\u escape");
    check_error("\"\\u0000\"", "\\u0000 is not supported");
    check_error("\"\\ud800\"", "invalid surrogate pair");
    check_error("\"\\udc00\"", "invalid surrogate pair");
    check_error("\"\xFF\"", "invalid UTF-8");
    check_error("\"\xC0\x80\"", "invalid UTF-8");
    check_error("\"\xC3\"", "invalid UTF-8");
    check_error("\"\xED\xA0\x80\"", "invalid UTF-8");
}

static void test_bad_syntax(void)
{
    check_error("", "Expecting a JSON value");
    check_error("   \n", "Expecting a JSON value");
    check_error("1 2", "Expecting at most one JSON value");
    check_error("{} x", "Expecting at most one JSON value");
    check_error("{", "premature end of input in object");
    check_error("[1,", "expecting value");
    check_error("[1,]", "expecting value, got ']'");
    check_error("{\"a\" 1}", "missing ':' after key 'a'");
    check_error("{1: 2}", "key is not a string in object");
    check_error("{\"a\": 1, \"a\": 2}", "duplicate key 'a'");
    check_error("{\"a\": 1 \"b\": 2}", "expected ',' or '}' in object");
    check_error("tru", "invalid keyword 'tru'");
    check_error("True", "invalid keyword 'True'");
    check_error("[@]", "stray '@'");
    check_error("%d", "stray '%'");
    check_error("\x01", "stray '\\x01'");
    check_error("}", "expecting value, got '}'");
}

static void test_nesting(void)
{
    GString *s = g_string_new(NULL);
    QObject *obj;
    int i;

    for (i = 0; i < 1024; i++) {
        g_string_append_c(s, '[');
    }
    for (i = 0; i < 1024; i++) {
        g_string_append_c(s, ']');
    }
    obj = qobject_from_json(s->str, &error_abort);
    qobject_unref(obj);

    g_string_prepend_c(s, '[');
    g_string_append_c(s, ']');
    check_error(s->str, "nesting too deep");
    g_string_free(s, true);
}

static void test_pretty(void)
{
    QObject *obj = qobject_from_json(
        "{\"a\": 1, \"b\": [1, \"two\"], \"c\": {}, \"d\": [], "
        "\"e\": {\"f\": {\"g\": null}}}", &error_abort);
    char *text = to_json(obj, true);

    g_assert_cmpstr(text, ==,
                    "{\n"
                    "    \"a\": 1,\n"
                    "    \"b\": [\n"
                    "        1,\n"
                    "        \"two\"\n"
                    "    ],\n"
                    "    \"c\": {\n"
                    "    },\n"
                    "    \"d\": [\n"
                    "    ],\n"
                    "    \"e\": {\n"
                    "        \"f\": {\n"
                    "            \"g\": null\n"
                    "        }\n"
                    "    }\n"
                    "}");
    g_free(text);
    qobject_unref(obj);

    obj = qobject_from_json("7", &error_abort);
    text = to_json(obj, true);
    g_assert_cmpstr(text, ==, "7");
    g_free(text);
    qobject_unref(obj);
}

static void test_built_objects(void)
{
    QDict *d = qdict_new();
    QList *l = qlist_new();
    char *text;

    qlist_append_int(l, -1);
    qlist_append(l, qnum_from_uint(UINT64_MAX));
    qlist_append(l, qnum_from_double(2.5));
    qlist_append_bool(l, false);
    qlist_append_null(l);
    qdict_put(d, "list", l);
    qdict_put_str(d, "k\"ey", "v\\al");
    text = to_json(QOBJECT(d), false);
    g_assert_cmpstr(text, ==, "{\"list\": [-1, 18446744073709551615, 2.5, "
                    "false, null], \"k\\\"ey\": \"v\\\\al\"}");
    g_free(text);
    qobject_unref(d);
}

static void test_interpolation(void)
{
    QNum *num = qnum_from_int(7);
    QDict *d;
    QObject *obj;
    char *text;

    d = qdict_from_jsonf_nofail("{'i': %d, 's': %s, 'p': %p, "
                                "'i64': %" PRId64 ", 'u64': %" PRIu64 ", "
                                "'u': %u, 'l': [%i, %s], 'f': %f, "
                                "'b': true}",
                                -3, "quote\"d", QOBJECT(num),
                                (int64_t)INT64_MIN, (uint64_t)UINT64_MAX,
                                4000000000u, 9, "x", 0.5);
    text = to_json(QOBJECT(d), false);
    g_assert_cmpstr(text, ==, "{\"i\": -3, \"s\": \"quote\\\"d\", \"p\": 7, "
                    "\"i64\": -9223372036854775808, "
                    "\"u64\": 18446744073709551615, \"u\": 4000000000, "
                    "\"l\": [9, \"x\"], \"f\": 0.5, \"b\": true}");
    g_free(text);
    qobject_unref(d);

    /* %s also works as a key */
    obj = qobject_from_jsonf_nofail("{%s: %s}", "key", "value");
    text = to_json(obj, false);
    g_assert_cmpstr(text, ==, "{\"key\": \"value\"}");
    g_free(text);
    qobject_unref(obj);
}

static void test_nofail_aborts(void)
{
    if (g_test_subprocess()) {
        qobject_from_jsonf_nofail("{'a': }");
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*expecting value*");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qjson/round-trips", test_round_trips);
    g_test_add_func("/qjson/numbers", test_numbers);
    g_test_add_func("/qjson/bad-numbers", test_bad_numbers);
    g_test_add_func("/qjson/strings", test_strings);
    g_test_add_func("/qjson/writer-invalid-utf8", test_writer_invalid_utf8);
    g_test_add_func("/qjson/bad-strings", test_bad_strings);
    g_test_add_func("/qjson/bad-syntax", test_bad_syntax);
    g_test_add_func("/qjson/nesting", test_nesting);
    g_test_add_func("/qjson/pretty", test_pretty);
    g_test_add_func("/qjson/built-objects", test_built_objects);
    g_test_add_func("/qjson/interpolation", test_interpolation);
    g_test_add_func("/qjson/nofail-aborts", test_nofail_aborts);
    return g_test_run();
}
