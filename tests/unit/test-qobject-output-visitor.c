/*
 * Tests of the QObject output visitor, through the generated visitors
 * of the test schema.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qobject-output-visitor.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "test-qapi-visit.h"

/* The JSON text of what @visit produces from @obj */
#define TO_JSON(type, obj)                                              \
    ({                                                                  \
        QObject *res_;                                                  \
        Visitor *v_ = qobject_output_visitor_new(&res_);                \
        type *o_ = (obj);                                               \
        g_assert(visit_type_##type(v_, NULL, &o_, &error_abort));       \
        visit_complete(v_, &res_);                                      \
        visit_free(v_);                                                 \
        res_;                                                           \
    })

static void test_scalars(void)
{
    QObject *res;
    Visitor *v;
    int64_t i = -5;
    uint64_t u = UINT64_MAX;
    bool b = true;
    char *s = NULL;
    double d = 0.25;
    QNull *null = qnull();
    int e = COLOR_BLUE;
    Error *err = NULL;

    v = qobject_output_visitor_new(&res);
    g_assert(!res);
    visit_type_int(v, NULL, &i, &error_abort);
    visit_complete(v, &res);
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, res)), ==, -5);
    qobject_unref(res);
    visit_free(v);

    v = qobject_output_visitor_new(&res);
    visit_type_uint64(v, NULL, &u, &error_abort);
    visit_complete(v, &res);
    g_assert_cmpuint(qnum_get_uint(qobject_to(QNum, res)), ==, UINT64_MAX);
    qobject_unref(res);
    visit_free(v);

    v = qobject_output_visitor_new(&res);
    visit_type_bool(v, NULL, &b, &error_abort);
    visit_complete(v, &res);
    g_assert(qbool_get_bool(qobject_to(QBool, res)));
    qobject_unref(res);
    visit_free(v);

    /* NULL strings come out as "" */
    v = qobject_output_visitor_new(&res);
    visit_type_str(v, NULL, &s, &error_abort);
    visit_complete(v, &res);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, res)), ==, "");
    qobject_unref(res);
    visit_free(v);

    v = qobject_output_visitor_new(&res);
    visit_type_number(v, NULL, &d, &error_abort);
    visit_complete(v, &res);
    g_assert_cmpfloat(qnum_get_double(qobject_to(QNum, res)), ==, 0.25);
    qobject_unref(res);
    visit_free(v);

    v = qobject_output_visitor_new(&res);
    visit_type_null(v, NULL, &null, &error_abort);
    visit_complete(v, &res);
    g_assert_cmpint(qobject_type(res), ==, QTYPE_QNULL);
    qobject_unref(res);
    qobject_unref(null);
    visit_free(v);

    v = qobject_output_visitor_new(&res);
    visit_type_enum(v, NULL, &e, &Color_lookup, &error_abort);
    visit_complete(v, &res);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, res)), ==, "blue");
    qobject_unref(res);
    visit_free(v);

    /* an out-of-range enum value is an error, not a crash */
    e = COLOR__MAX;
    v = qobject_output_visitor_new(&res);
    g_assert(!visit_type_enum(v, "c", &e, &Color_lookup, &err));
    g_assert(err);
    error_free(err);
    visit_free(v);
}

static void test_struct(void)
{
    Scalars s = {
        .i8 = -8, .i16 = -16, .i32 = -32, .i64 = INT64_MIN, .u8 = 255,
        .u16 = 16, .u32 = 32, .u64 = UINT64_MAX, .sz = 4096, .num = 1.5,
        .flag = true, .text = (char *)"t", .color = COLOR_GREEN,
        .has_opt_int = true, .opt_int = 3,
        .has_opt_list = true, .opt_list = NULL,
    };
    QObject *res = TO_JSON(Scalars, &s);
    QDict *d = qobject_to(QDict, res);

    g_assert(d);
    g_assert_cmpint(qdict_get_int(d, "i8"), ==, -8);
    g_assert_cmpint(qdict_get_int(d, "i64"), ==, INT64_MIN);
    g_assert_cmpint(qdict_get_int(d, "u8"), ==, 255);
    g_assert_cmpuint(qnum_get_uint(qobject_to(QNum, qdict_get(d, "u64"))),
                     ==, UINT64_MAX);
    g_assert_cmpint(qdict_get_int(d, "sz"), ==, 4096);
    g_assert_cmpfloat(qdict_get_double(d, "num"), ==, 1.5);
    g_assert(qdict_get_bool(d, "flag"));
    g_assert_cmpstr(qdict_get_str(d, "text"), ==, "t");
    g_assert_cmpstr(qdict_get_str(d, "color"), ==, "green");
    g_assert_cmpint(qdict_get_int(d, "opt-int"), ==, 3);
    /* present but empty list */
    g_assert(qlist_empty(qdict_get_qlist(d, "opt-list")));
    /* absent optionals are not output */
    g_assert(!qdict_haskey(d, "opt-bool"));
    g_assert(!qdict_haskey(d, "opt-str"));
    g_assert(!qdict_haskey(d, "opt-point"));
    g_assert(!qdict_haskey(d, "opt-color"));
    g_assert_cmpint(qdict_size(d), ==, 15);
    qobject_unref(res);
}

static void test_nested(void)
{
    Point p1 = { .x = 1, .y = 2 }, p2 = { .x = 3, .y = 4, .label = "b" };
    PointList l2 = { .next = NULL, .value = &p2 };
    PointList l1 = { .next = &l2, .value = &p1 };
    Derived child = { .id = (char *)"kid" };
    Derived d = { .id = (char *)"top", .points = &l1, .child = &child,
                  .always = (char *)"yes" };
    QObject *res = TO_JSON(Derived, &d);
    GString *json = qobject_to_json(res);

    g_assert_cmpstr(json->str, ==,
                    "{\"id\": \"top\", \"points\": [{\"x\": 1, \"y\": 2}, "
                    "{\"x\": 3, \"y\": 4, \"label\": \"b\"}], \"child\": "
                    "{\"id\": \"kid\", \"points\": []}, \"always\": \"yes\"}");
    g_string_free(json, true);
    qobject_unref(res);
}

static void test_union(void)
{
    Figure f = { .kind = SHAPE_KIND_CIRCLE, .name = (char *)"c",
                 .u.circle.radius = 2 };
    Figure poly = { .kind = SHAPE_KIND_POLYGON };
    Vehicle veh = { .type = VEHICLE_TYPE_CAR, .wheels = 4,
                    .u.car = { .seats = 2, .has_roof = true, .roof = false } };
    QObject *res;
    QDict *d;

    res = TO_JSON(Figure, &f);
    d = qobject_to(QDict, res);
    g_assert_cmpstr(qdict_get_str(d, "kind"), ==, "circle");
    g_assert_cmpstr(qdict_get_str(d, "name"), ==, "c");
    g_assert_cmpfloat(qdict_get_double(d, "radius"), ==, 2);
    g_assert_cmpint(qdict_size(d), ==, 3);
    qobject_unref(res);

    res = TO_JSON(Figure, &poly);
    d = qobject_to(QDict, res);
    g_assert_cmpstr(qdict_get_str(d, "kind"), ==, "polygon");
    g_assert_cmpint(qdict_size(d), ==, 1);
    qobject_unref(res);

    res = TO_JSON(Vehicle, &veh);
    d = qobject_to(QDict, res);
    g_assert_cmpstr(qdict_get_str(d, "type"), ==, "car");
    g_assert_cmpint(qdict_get_int(d, "wheels"), ==, 4);
    g_assert_cmpint(qdict_get_int(d, "seats"), ==, 2);
    g_assert(!qdict_get_bool(d, "roof"));
    qobject_unref(res);
}

static void test_alternates(void)
{
    IntOrPoint ip = { .type = QTYPE_QNUM, .u.i = 9 };
    IntOrPoint ip2 = { .type = QTYPE_QDICT, .u.p = { .x = 1, .y = 2 } };
    TextOrNull tn = { .type = QTYPE_QNULL };
    ColorOrBool cb = { .type = QTYPE_QSTRING, .u.c = COLOR_RED };
    QObject *res;

    res = TO_JSON(IntOrPoint, &ip);
    g_assert_cmpint(qnum_get_int(qobject_to(QNum, res)), ==, 9);
    qobject_unref(res);

    res = TO_JSON(IntOrPoint, &ip2);
    g_assert_cmpint(qdict_get_int(qobject_to(QDict, res), "y"), ==, 2);
    qobject_unref(res);

    res = TO_JSON(TextOrNull, &tn);
    g_assert_cmpint(qobject_type(res), ==, QTYPE_QNULL);
    qobject_unref(res);

    res = TO_JSON(ColorOrBool, &cb);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, res)), ==, "red");
    qobject_unref(res);
}

static void test_lists_and_any(void)
{
    intList l3 = { NULL, 3 }, l2 = { &l3, 2 }, l1 = { &l2, 1 };
    QObject *res, *any;
    QList *list;
    Visitor *v;
    GString *json;

    res = TO_JSON(intList, &l1);
    json = qobject_to_json(res);
    g_assert_cmpstr(json->str, ==, "[1, 2, 3]");
    g_string_free(json, true);
    qobject_unref(res);

    /* an empty list is [] */
    v = qobject_output_visitor_new(&res);
    {
        intList *empty = NULL;

        visit_type_intList(v, NULL, &empty, &error_abort);
    }
    visit_complete(v, &res);
    list = qobject_to(QList, res);
    g_assert(list && qlist_empty(list));
    qobject_unref(res);
    visit_free(v);

    /* 'any' outputs the value itself, with a new reference */
    any = qobject_from_json("{\"a\": [true]}", &error_abort);
    v = qobject_output_visitor_new(&res);
    visit_type_any(v, NULL, &any, &error_abort);
    visit_complete(v, &res);
    g_assert(res == any);
    qobject_unref(res);
    qobject_unref(any);
    visit_free(v);
}

static void test_free_incomplete(void)
{
    QObject *res;
    Visitor *v = qobject_output_visitor_new(&res);
    Point p = { 1, 2 };
    Point *pp = &p;

    /* freeing a visitor without visit_complete() leaks nothing */
    visit_start_struct(v, NULL, (void **)&pp, sizeof(p), &error_abort);
    visit_type_int(v, "x", &p.x, &error_abort);
    visit_free(v);
    g_assert(!res);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qobject-output/scalars", test_scalars);
    g_test_add_func("/qobject-output/struct", test_struct);
    g_test_add_func("/qobject-output/nested", test_nested);
    g_test_add_func("/qobject-output/union", test_union);
    g_test_add_func("/qobject-output/alternates", test_alternates);
    g_test_add_func("/qobject-output/lists-any", test_lists_and_any);
    g_test_add_func("/qobject-output/free-incomplete", test_free_incomplete);
    return g_test_run();
}
