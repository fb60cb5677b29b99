/*
 * Tests for keyval_parse() and friends.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/keyval.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"

/* Parse @params and compare the result's compact JSON with @json. */
static void check_ok(const char *params, const char *implied_key,
                     const char *json)
{
    QDict *d = keyval_parse(params, implied_key, NULL, &error_abort);
    char *text = g_string_free(qobject_to_json(QOBJECT(d)), false);

    g_assert_cmpstr(text, ==, json);
    g_free(text);
    qobject_unref(d);
}

static void check_err(const char *params, const char *implied_key,
                      const char *msg)
{
    Error *err = NULL;
    QDict *d = keyval_parse(params, implied_key, NULL, &err);

    g_assert_null(d);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_simple(void)
{
    check_ok("", NULL, "{}");
    check_ok("a=1", NULL, "{\"a\": \"1\"}");
    check_ok("a=1,b=two,c=", NULL,
             "{\"a\": \"1\", \"b\": \"two\", \"c\": \"\"}");
    check_ok("a=1,", NULL, "{\"a\": \"1\"}");
    check_ok("kEy-1_x=v", NULL, "{\"kEy-1_x\": \"v\"}");
    /* values are raw: '=' and '.' are fine in them */
    check_ok("a=x=y.z", NULL, "{\"a\": \"x=y.z\"}");
    /* the last of repeated keys wins */
    check_ok("a=1,b=2,a=3", NULL, "{\"a\": \"3\", \"b\": \"2\"}");
}

static void test_escapes(void)
{
    check_ok("a=x,,y,b=2", NULL, "{\"a\": \"x,y\", \"b\": \"2\"}");
    check_ok("a=,,,,", NULL, "{\"a\": \",,\"}");
    check_ok("a=1,,", NULL, "{\"a\": \"1,\"}");
    check_ok("a=,,", NULL, "{\"a\": \",\"}");
}

static void test_nested(void)
{
    check_ok("a.b.c=1,a.b.d=2,a.e=3", NULL,
             "{\"a\": {\"b\": {\"c\": \"1\", \"d\": \"2\"}, \"e\": \"3\"}}");
    check_ok("a.b=1,a.b=2", NULL, "{\"a\": {\"b\": \"2\"}}");
    check_err("a.b=1,a=2", NULL, "Parameters 'a.*' used inconsistently");
    check_err("a=1,a.b=2", NULL, "Parameters 'a.*' used inconsistently");
    check_err("a.b=1,a.b.c=2", NULL,
              "Parameters 'a.b.*' used inconsistently");
}

static void test_bad_keys(void)
{
    check_err("=x", NULL, "Invalid parameter ''");
    check_err(",a=1", NULL, "Invalid parameter ''");
    check_err("1=x", NULL, "Invalid parameter '1'");
    check_err("a..b=1", NULL, "Invalid parameter 'a..b'");
    check_err("a.=1", NULL, "Invalid parameter 'a.'");
    check_err(".a=1", NULL, "Invalid parameter '.a'");
    check_err("a b=1", NULL, "Invalid parameter 'a b'");
    check_err("a.b$=1", NULL, "Invalid parameter 'a.b$'");
    check_err("a", NULL, "Expected '=' after parameter 'a'");
    check_err("a=1,b", NULL, "Expected '=' after parameter 'b'");
    check_err("a.b,c=1", NULL, "Expected '=' after parameter 'a.b'");
}

static void test_long_keys(void)
{
    char long_key[130];
    char *params;

    memset(long_key, 'k', 127);
    long_key[127] = '\0';
    params = g_strdup_printf("%s=v", long_key);
    {
        QDict *d = keyval_parse(params, NULL, NULL, &error_abort);

        g_assert_cmpstr(qdict_get_str(d, long_key), ==, "v");
        qobject_unref(d);
    }
    g_free(params);

    memset(long_key, 'k', 128);
    long_key[128] = '\0';
    params = g_strdup_printf("%s=v", long_key);
    {
        char *msg = g_strdup_printf("Parameter '%s' is too long", long_key);

        check_err(params, NULL, msg);
        g_free(msg);
    }
    g_free(params);

    params = g_strdup_printf("a.%s=v", long_key);
    {
        char *msg = g_strdup_printf("Parameter fragment '%s' is too long",
                                    long_key);

        check_err(params, NULL, msg);
        g_free(msg);
    }
    g_free(params);
}

static void test_implied_key(void)
{
    check_ok("foo", "driver", "{\"driver\": \"foo\"}");
    check_ok("foo,id=x", "driver", "{\"driver\": \"foo\", \"id\": \"x\"}");
    check_ok("id=x", "driver", "{\"id\": \"x\"}");
    check_ok("val", "a.b", "{\"a\": {\"b\": \"val\"}}");
    /* only the first key-val may omit its key */
    check_err("foo,bar", "driver", "Expected '=' after parameter 'bar'");
    check_err("id=x,foo", "driver", "Expected '=' after parameter 'foo'");
    /* an empty first value is not an implied value */
    check_err(",id=x", "driver", "Invalid parameter ''");
}

static void test_help(void)
{
    bool help = true;
    QDict *d;
    Error *err = NULL;

    d = keyval_parse("a=1", NULL, &help, &error_abort);
    g_assert_false(help);
    qobject_unref(d);

    d = keyval_parse("help", NULL, &help, &error_abort);
    g_assert_true(help);
    g_assert_cmpuint(qdict_size(d), ==, 0);
    qobject_unref(d);

    help = false;
    d = keyval_parse("a=1,?", NULL, &help, &error_abort);
    g_assert_true(help);
    g_assert_cmpstr(qdict_get_str(d, "a"), ==, "1");
    qobject_unref(d);

    /* help wins over the implied key */
    help = false;
    d = keyval_parse("help,id=x", "driver", &help, &error_abort);
    g_assert_true(help);
    g_assert_false(qdict_haskey(d, "driver"));
    qobject_unref(d);

    /* "helpme" is a value, not a help request */
    help = false;
    d = keyval_parse("helpme", "driver", &help, &error_abort);
    g_assert_false(help);
    g_assert_cmpstr(qdict_get_str(d, "driver"), ==, "helpme");
    qobject_unref(d);

    g_assert_null(keyval_parse("help", NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Help is not available for this option");
    error_free(err);
}

static void test_lists(void)
{
    check_ok("a.0=x,a.1=y", NULL, "{\"a\": [\"x\", \"y\"]}");
    check_ok("a.1=y,a.0=x", NULL, "{\"a\": [\"x\", \"y\"]}");
    check_ok("a.0.b=1,a.0.c=2,a.1.b=3", NULL,
             "{\"a\": [{\"b\": \"1\", \"c\": \"2\"}, {\"b\": \"3\"}]}");
    check_ok("a.0.0=x,a.0.1=y,a.1.0=z", NULL,
             "{\"a\": [[\"x\", \"y\"], [\"z\"]]}");
    check_ok("a.b.0=1", NULL, "{\"a\": {\"b\": [\"1\"]}}");
    check_err("a.1=y", NULL, "Parameter 'a.0' missing");
    check_err("a.0=x,a.2=z", NULL, "Parameter 'a.1' missing");
    check_err("a.0=x,a.99999999999=z", NULL, "Parameter 'a.1' missing");
    check_err("a.b.1=y", NULL, "Parameter 'a.b.0' missing");
    check_err("a.0=x,a.b=y", NULL, "Parameters 'a.*' used inconsistently");
    check_err("0=x", NULL, "Invalid parameter '0'");
}

static void test_parse_into(void)
{
    QDict *d = qdict_new();
    Error *err = NULL;
    char *text;

    qdict_put_str(d, "old", "1");
    g_assert(keyval_parse_into(d, "new=2,old=3", NULL, NULL,
                               &error_abort) == d);
    text = g_string_free(qobject_to_json(QOBJECT(d)), false);
    g_assert_cmpstr(text, ==, "{\"old\": \"3\", \"new\": \"2\"}");
    g_free(text);

    g_assert_null(keyval_parse_into(d, "old.x=1", NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameters 'old.*' used inconsistently");
    error_free(err);
    qobject_unref(d);
}

static QDict *parse(const char *params)
{
    return keyval_parse(params, NULL, NULL, &error_abort);
}

static void test_merge(void)
{
    QDict *old = parse("a=1,b.c=2,l.0=x,keep=k");
    QDict *new = parse("a=9,b.d=3,l.0=y,l.1=z,added=n");
    Error *err = NULL;
    char *text;

    keyval_merge(old, new, &error_abort);
    text = g_string_free(qobject_to_json(QOBJECT(old)), false);
    g_assert_cmpstr(text, ==, "{\"a\": \"9\", \"b\": {\"c\": \"2\", "
                    "\"d\": \"3\"}, \"l\": [\"x\", \"y\", \"z\"], "
                    "\"keep\": \"k\", \"added\": \"n\"}");
    g_free(text);
    qobject_unref(new);

    new = parse("b=scalar");
    keyval_merge(old, new, &err);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'b' used inconsistently");
    error_free(err);
    err = NULL;
    qobject_unref(new);

    new = parse("b.c.x=deep");
    keyval_merge(old, new, &err);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'b.c' used inconsistently");
    error_free(err);
    qobject_unref(new);
    qobject_unref(old);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyval/simple", test_simple);
    g_test_add_func("/keyval/escapes", test_escapes);
    g_test_add_func("/keyval/nested", test_nested);
    g_test_add_func("/keyval/bad-keys", test_bad_keys);
    g_test_add_func("/keyval/long-keys", test_long_keys);
    g_test_add_func("/keyval/implied-key", test_implied_key);
    g_test_add_func("/keyval/help", test_help);
    g_test_add_func("/keyval/lists", test_lists);
    g_test_add_func("/keyval/parse-into", test_parse_into);
    g_test_add_func("/keyval/merge", test_merge);
    return g_test_run();
}
