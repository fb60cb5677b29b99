/*
 * Tests of the string input visitor.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/string-input-visitor.h"
#include "qobject/qnull.h"
#include "test-qapi-visit.h"

static void check_error(Error **errp, const char *msg)
{
    g_assert(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, msg);
    error_free(*errp);
    *errp = NULL;
}

static void test_int(void)
{
    Visitor *v;
    int64_t i;
    uint64_t u;
    int16_t i16;
    Error *err = NULL;

    v = string_input_visitor_new("-42");
    g_assert(visit_type_int(v, NULL, &i, &error_abort));
    g_assert_cmpint(i, ==, -42);
    visit_free(v);

    v = string_input_visitor_new("0x10");
    g_assert(visit_type_uint64(v, NULL, &u, &error_abort));
    g_assert_cmpuint(u, ==, 16);
    visit_free(v);

    v = string_input_visitor_new("40000");
    g_assert(!visit_type_int16(v, "n", &i16, &err));
    check_error(&err, "Parameter 'n' expects int16_t");
    visit_free(v);

    v = string_input_visitor_new("12a");
    g_assert(!visit_type_int(v, "n", &i, &err));
    check_error(&err, "Parameter 'n' expects int64");
    visit_free(v);

    v = string_input_visitor_new("1-3");
    g_assert(!visit_type_int(v, "n", &i, &err));
    check_error(&err, "Parameter 'n' expects int64");
    visit_free(v);

    v = string_input_visitor_new("");
    g_assert(!visit_type_uint64(v, NULL, &u, &err));
    check_error(&err, "Parameter 'null' expects uint64");
    visit_free(v);
}

/* Parse @str as an intList and compare with @expect (ends with -1) */
static void check_int_list(const char *str, const int64_t *expect)
{
    Visitor *v = string_input_visitor_new(str);
    intList *list = NULL, *e;
    int i = 0;

    g_assert(visit_type_intList(v, "l", &list, &error_abort));
    for (e = list; e; e = e->next, i++) {
        g_assert_cmpint(expect[i], !=, -1);
        g_assert_cmpint(e->value, ==, expect[i]);
    }
    g_assert_cmpint(expect[i], ==, -1);
    qapi_free_intList(list);
    visit_free(v);
}

static void check_int_list_error(const char *str, const char *msg)
{
    Visitor *v = string_input_visitor_new(str);
    intList *list = NULL;
    Error *err = NULL;

    g_assert(!visit_type_intList(v, "l", &list, &err));
    g_assert(!list);
    check_error(&err, msg);
    visit_free(v);
}

static void test_int_list(void)
{
    static const int64_t e1[] = { 1, 2, 3, 5, -1 };
    static const int64_t e2[] = { 7, -1 };
    static const int64_t e3[] = { -1 };
    static const int64_t e4[] = { 0, 16, 17, 18, 4, -1 };
    uint16List *ul = NULL;
    Visitor *v;
    Error *err = NULL;

    check_int_list("1-3,5", e1);
    check_int_list("7", e2);
    check_int_list("", e3);
    check_int_list("0,0x10-0x12,4", e4);
    check_int_list_error("1,x", "Parameter 'l' expects an int64 value or"
                         " range");
    check_int_list_error("5-3", "Parameter 'l' expects an int64 value or"
                         " range");
    check_int_list_error("1,,2", "Parameter 'l' expects an int64 value or"
                         " range");
    check_int_list_error("0-100000", "Parameter 'l': range '0-100000' has"
                         " more than 65536 elements");

    /* negative ranges */
    {
        static const int64_t e5[] = { -3, -2, -1, -1 };
        Visitor *v2 = string_input_visitor_new("-3--1");
        intList *list = NULL, *e;
        int i = 0;

        g_assert(visit_type_intList(v2, NULL, &list, &error_abort));
        for (e = list; e; e = e->next) {
            g_assert_cmpint(e->value, ==, e5[i++]);
        }
        g_assert_cmpint(i, ==, 3);
        qapi_free_intList(list);
        visit_free(v2);
    }

    /* element range checks apply to every value of a range */
    v = string_input_visitor_new("65534-65536");
    g_assert(!visit_type_uint16List(v, "l", &ul, &err));
    g_assert(!ul);
    check_error(&err, "Parameter 'null' expects uint16_t");
    visit_free(v);
}

static void test_other_scalars(void)
{
    Visitor *v;
    bool b;
    char *s;
    double d;
    uint64_t sz;
    QNull *null;
    Color c;
    Error *err = NULL;

    v = string_input_visitor_new("yes");
    g_assert(visit_type_bool(v, NULL, &b, &error_abort));
    g_assert(b);
    visit_free(v);

    v = string_input_visitor_new("off");
    g_assert(visit_type_bool(v, NULL, &b, &error_abort));
    g_assert(!b);
    visit_free(v);

    v = string_input_visitor_new("maybe");
    g_assert(!visit_type_bool(v, "b", &b, &err));
    check_error(&err, "Parameter 'b' expects 'on' or 'off'");
    visit_free(v);

    v = string_input_visitor_new("a,b c");
    g_assert(visit_type_str(v, NULL, &s, &error_abort));
    g_assert_cmpstr(s, ==, "a,b c");
    g_free(s);
    visit_free(v);

    v = string_input_visitor_new("-1.5e3");
    g_assert(visit_type_number(v, NULL, &d, &error_abort));
    g_assert_cmpfloat(d, ==, -1500);
    visit_free(v);

    v = string_input_visitor_new("inf");
    g_assert(!visit_type_number(v, "d", &d, &err));
    check_error(&err, "Parameter 'd' expects number");
    visit_free(v);

    v = string_input_visitor_new("2M");
    g_assert(visit_type_size(v, NULL, &sz, &error_abort));
    g_assert_cmpuint(sz, ==, 2 * 1024 * 1024);
    visit_free(v);

    v = string_input_visitor_new("-2");
    g_assert(!visit_type_size(v, "sz", &sz, &err));
    check_error(&err, "Parameter 'sz' expects size");
    visit_free(v);

    v = string_input_visitor_new("");
    g_assert(visit_type_null(v, NULL, &null, &error_abort));
    qobject_unref(null);
    visit_free(v);

    v = string_input_visitor_new("green");
    g_assert(visit_type_Color(v, NULL, &c, &error_abort));
    g_assert_cmpint(c, ==, COLOR_GREEN);
    visit_free(v);

    v = string_input_visitor_new("mauve");
    g_assert(!visit_type_Color(v, "c", &c, &err));
    check_error(&err, "Parameter 'c' does not accept value 'mauve'");
    visit_free(v);
}

static void test_other_lists(void)
{
    Visitor *v;
    strList *sl = NULL;
    boolList *bl = NULL;
    ColorList *cl = NULL;
    Error *err = NULL;

    v = string_input_visitor_new("a,b,c");
    g_assert(visit_type_strList(v, NULL, &sl, &error_abort));
    g_assert_cmpstr(sl->value, ==, "a");
    g_assert_cmpstr(sl->next->next->value, ==, "c");
    g_assert(!sl->next->next->next);
    qapi_free_strList(sl);
    visit_free(v);

    v = string_input_visitor_new("on,off");
    g_assert(visit_type_boolList(v, NULL, &bl, &error_abort));
    g_assert(bl->value && !bl->next->value);
    qapi_free_boolList(bl);
    visit_free(v);

    v = string_input_visitor_new("red,blue");
    g_assert(visit_type_ColorList(v, NULL, &cl, &error_abort));
    g_assert_cmpint(cl->value, ==, COLOR_RED);
    g_assert_cmpint(cl->next->value, ==, COLOR_BLUE);
    qapi_free_ColorList(cl);
    visit_free(v);

    v = string_input_visitor_new("red,bleu");
    g_assert(!visit_type_ColorList(v, NULL, &cl, &err));
    g_assert(!cl);
    check_error(&err, "Parameter 'null' does not accept value 'bleu'");
    visit_free(v);
}

static void test_unsupported(void)
{
    Visitor *v = string_input_visitor_new("x=1");
    Point *p = NULL;
    IntOrPoint *ip = NULL;
    Error *err = NULL;

    /* structs and alternates: an error, not a crash */
    g_assert(!visit_type_Point(v, "p", &p, &err));
    g_assert(!p);
    check_error(&err, "Parameter 'p': structs cannot be parsed from a string");
    err = NULL;
    g_assert(!visit_type_IntOrPoint(v, "ip", &ip, &err));
    g_assert(!ip);
    g_assert(err);
    error_free(err);
    visit_free(v);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/string-input/int", test_int);
    g_test_add_func("/string-input/int-list", test_int_list);
    g_test_add_func("/string-input/scalars", test_other_scalars);
    g_test_add_func("/string-input/lists", test_other_lists);
    g_test_add_func("/string-input/unsupported", test_unsupported);
    return g_test_run();
}
