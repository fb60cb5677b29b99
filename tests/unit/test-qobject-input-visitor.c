/*
 * Tests of the QObject input visitor, through the generated visitors of
 * the test schema.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qobject-input-visitor.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "test-qapi-visit.h"

/* A visitor over the JSON text @json (which must parse) */
static Visitor *visitor_json(const char *json)
{
    QObject *obj = qobject_from_json(json, &error_abort);
    Visitor *v = qobject_input_visitor_new(obj);

    qobject_unref(obj);
    return v;
}

/* Assert *@errp is set with message @msg, free it and clear *@errp */
static void check_error(Error **errp, const char *msg)
{
    g_assert(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, msg);
    error_free(*errp);
    *errp = NULL;
}

static void test_scalars_top_level(void)
{
    Visitor *v;
    int64_t i;
    uint64_t u;
    int8_t i8;
    uint8_t u8;
    bool b;
    char *s;
    double d;
    Error *err = NULL;

    v = visitor_json("-42");
    g_assert(visit_type_int(v, NULL, &i, &error_abort));
    g_assert_cmpint(i, ==, -42);
    visit_free(v);

    v = visitor_json("18446744073709551615");
    g_assert(visit_type_uint64(v, NULL, &u, &error_abort));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    visit_free(v);

    /* negative numbers wrap for uint64, as QEMU always accepted */
    v = visitor_json("-1");
    g_assert(visit_type_uint64(v, NULL, &u, &error_abort));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    visit_free(v);

    v = visitor_json("-128");
    g_assert(visit_type_int8(v, NULL, &i8, &error_abort));
    g_assert_cmpint(i8, ==, -128);
    visit_free(v);

    v = visitor_json("128");
    g_assert(!visit_type_int8(v, "x", &i8, &err));
    check_error(&err, "Parameter 'x' expects int8_t");
    visit_free(v);

    v = visitor_json("256");
    g_assert(!visit_type_uint8(v, NULL, &u8, &err));
    check_error(&err, "Parameter 'null' expects uint8_t");
    visit_free(v);

    v = visitor_json("true");
    g_assert(visit_type_bool(v, NULL, &b, &error_abort));
    g_assert(b);
    visit_free(v);

    v = visitor_json("\"hello\"");
    g_assert(visit_type_str(v, NULL, &s, &error_abort));
    g_assert_cmpstr(s, ==, "hello");
    g_free(s);
    visit_free(v);

    v = visitor_json("3.5");
    g_assert(visit_type_number(v, NULL, &d, &error_abort));
    g_assert_cmpfloat(d, ==, 3.5);
    visit_free(v);

    /* an integer is a number too */
    v = visitor_json("7");
    g_assert(visit_type_number(v, NULL, &d, &error_abort));
    g_assert_cmpfloat(d, ==, 7);
    visit_free(v);

    v = visitor_json("1.5");
    g_assert(!visit_type_int(v, NULL, &i, &err));
    check_error(&err, "Invalid parameter type for '<anonymous>', expected: "
                "integer");
    visit_free(v);

    v = visitor_json("42");
    g_assert(!visit_type_str(v, NULL, &s, &err));
    g_assert(!s);
    check_error(&err, "Invalid parameter type for '<anonymous>', expected: "
                "string");
    visit_free(v);
}

static const char scalars_json[] =
    "{ 'i8': -8, 'i16': -16, 'i32': -32, 'i64': -64, 'u8': 8, 'u16': 16,"
    "  'u32': 32, 'u64': 64, 'sz': 4096, 'num': 2.5, 'flag': true,"
    "  'text': 'txt', 'color': 'green' }";

static Visitor *visitor_jsonq(const char *json)
{
    /* the test strings use ' for readability */
    g_autofree char *text = g_strdup(json);
    char *p;

    for (p = text; *p; p++) {
        if (*p == '\'') {
            *p = '"';
        }
    }
    return visitor_json(text);
}

static void test_struct_all_builtins(void)
{
    Visitor *v = visitor_jsonq(scalars_json);
    Scalars *s = NULL;

    g_assert(visit_type_Scalars(v, NULL, &s, &error_abort));
    g_assert_cmpint(s->i8, ==, -8);
    g_assert_cmpint(s->i16, ==, -16);
    g_assert_cmpint(s->i32, ==, -32);
    g_assert_cmpint(s->i64, ==, -64);
    g_assert_cmpuint(s->u8, ==, 8);
    g_assert_cmpuint(s->u16, ==, 16);
    g_assert_cmpuint(s->u32, ==, 32);
    g_assert_cmpuint(s->u64, ==, 64);
    g_assert_cmpuint(s->sz, ==, 4096);
    g_assert_cmpfloat(s->num, ==, 2.5);
    g_assert(s->flag);
    g_assert_cmpstr(s->text, ==, "txt");
    g_assert_cmpint(s->color, ==, COLOR_GREEN);
    /* optional members: absent */
    g_assert(!s->has_opt_int);
    g_assert(!s->has_opt_bool);
    g_assert(!s->opt_str);
    g_assert(!s->has_opt_list);
    g_assert(!s->opt_any);
    g_assert(!s->opt_null);
    g_assert(!s->has_opt_color);
    g_assert(!s->opt_point);
    qapi_free_Scalars(s);
    visit_free(v);
}

static void test_struct_optionals(void)
{
    Visitor *v = visitor_jsonq(
        "{ 'i8': 0, 'i16': 0, 'i32': 0, 'i64': 0, 'u8': 0, 'u16': 0,"
        "  'u32': 0, 'u64': 0, 'sz': 0, 'num': 0, 'flag': false,"
        "  'text': '', 'color': 'blue', 'opt-int': 5, 'opt-bool': false,"
        "  'opt-str': 'o', 'opt-list': [], 'opt-any': { 'k': [1] },"
        "  'opt-null': null, 'opt-color': 'red',"
        "  'opt-point': { 'x': 1, 'y': 2 } }");
    Scalars *s = NULL;
    QDict *any;

    g_assert(visit_type_Scalars(v, NULL, &s, &error_abort));
    g_assert_cmpint(s->color, ==, COLOR_BLUE);
    g_assert(s->has_opt_int && s->opt_int == 5);
    g_assert(s->has_opt_bool && !s->opt_bool);
    g_assert_cmpstr(s->opt_str, ==, "o");
    /* present but empty list: has_ tells it from absent */
    g_assert(s->has_opt_list && !s->opt_list);
    any = qobject_to(QDict, s->opt_any);
    g_assert(any && qdict_haskey(any, "k"));
    g_assert(s->opt_null);
    g_assert(s->has_opt_color && s->opt_color == COLOR_RED);
    g_assert(s->opt_point);
    g_assert_cmpint(s->opt_point->x, ==, 1);
    g_assert(!s->opt_point->label);
    qapi_free_Scalars(s);
    visit_free(v);
}

/* Visit @json as Scalars, expecting failure with @msg */
static void check_scalars_error(const char *json, const char *msg)
{
    Visitor *v = visitor_jsonq(json);
    Scalars *s = (Scalars *)(uintptr_t)1;     /* must be reset to NULL */
    Error *err = NULL;

    g_assert(!visit_type_Scalars(v, NULL, &s, &err));
    g_assert(!s);
    check_error(&err, msg);
    visit_free(v);
}

static void test_struct_errors(void)
{
    g_autofree char *extra = NULL;
    g_autofree char *no_text = NULL;
    g_autofree char *bad_text = NULL;
    g_autofree char *bad_color = NULL;
    g_autofree char *bad_i8 = NULL;
    g_autofree char *bad_u64 = NULL;
    GString *s;

    check_scalars_error("[]", "Invalid parameter type for '<anonymous>',"
                        " expected: object");
    check_scalars_error("{ 'i8': 1 }", "Parameter 'i16' is missing");

    s = g_string_new(scalars_json);
    g_string_truncate(s, s->len - 1);
    g_string_append(s, ", 'bogus': 1 }");
    extra = g_string_free(s, false);
    check_scalars_error(extra, "Parameter 'bogus' is unexpected");

    no_text = g_strdup(scalars_json);
    memcpy(strstr(no_text, "'text'"), "'txet'", 6);
    check_scalars_error(no_text, "Parameter 'text' is missing");

    bad_text = g_strdup(scalars_json);
    memcpy(strstr(bad_text, "'txt'"), "12345", 5);
    check_scalars_error(bad_text, "Invalid parameter type for 'text',"
                        " expected: string");

    bad_color = g_strdup(scalars_json);
    memcpy(strstr(bad_color, "'green'"), "'grey' ", 7);
    check_scalars_error(bad_color,
                        "Parameter 'color' does not accept value 'grey'");

    bad_i8 = g_strdup(scalars_json);
    memcpy(strstr(bad_i8, "'i8': -8"), "'i8':128", 8);
    check_scalars_error(bad_i8, "Parameter 'i8' expects int8_t");

    bad_u64 = g_strdup(scalars_json);
    memcpy(strstr(bad_u64, "'u64': 64"), "'u64':1.5", 9);
    check_scalars_error(bad_u64, "Parameter 'u64' expects uint64");

    /* the value compiled out by 'if' is unknown */
    g_free(bad_color);
    bad_color = g_strdup(scalars_json);
    memcpy(strstr(bad_color, "'green'"), "'never'", 7);
    check_scalars_error(bad_color,
                        "Parameter 'color' does not accept value 'never'");
}

static void test_nested(void)
{
    Visitor *v = visitor_jsonq(
        "{ 'id': 'top', 'points': [ { 'x': 1, 'y': 2 },"
        "                           { 'x': 3, 'y': 4, 'label': 'b' } ],"
        "  'child': { 'id': 'kid', 'points': [], 'tags': [ 'a', 'b' ] },"
        "  'always': 'yes', 'old': 7 }");
    Derived *d = NULL;
    PointList *p;

    g_assert(visit_type_Derived(v, NULL, &d, &error_abort));
    g_assert_cmpstr(d->id, ==, "top");
    p = d->points;
    g_assert(p && p->value->x == 1 && p->value->y == 2 && !p->value->label);
    p = p->next;
    g_assert(p && p->value->x == 3 && !strcmp(p->value->label, "b"));
    g_assert(!p->next);
    g_assert(d->child);
    g_assert_cmpstr(d->child->id, ==, "kid");
    g_assert(!d->child->points);
    g_assert(d->child->has_tags);
    g_assert_cmpstr(d->child->tags->value, ==, "a");
    g_assert_cmpstr(d->child->tags->next->value, ==, "b");
    g_assert(!d->child->child);
    g_assert_cmpstr(d->always, ==, "yes");
    g_assert(d->has_old && d->old == 7);
    g_assert(!d->has_tags);
    qapi_free_Derived(d);
    visit_free(v);
}

static void check_derived_error(const char *json, const char *msg)
{
    Visitor *v = visitor_jsonq(json);
    Derived *d = NULL;
    Error *err = NULL;

    g_assert(!visit_type_Derived(v, NULL, &d, &err));
    g_assert(!d);
    check_error(&err, msg);
    visit_free(v);
}

static void test_nested_errors(void)
{
    /* error messages name the path to the bad member */
    check_derived_error("{ 'id': 'a', 'points': [ { 'x': 1, 'y': 2 },"
                        " { 'x': 1 } ] }",
                        "Parameter 'points[1].y' is missing");
    check_derived_error("{ 'id': 'a', 'points': [],"
                        " 'child': { 'id': 'b', 'points': [ 5 ] } }",
                        "Invalid parameter type for 'child.points[0]',"
                        " expected: object");
    check_derived_error("{ 'id': 'a', 'points': {} }",
                        "Invalid parameter type for 'points',"
                        " expected: array");
    check_derived_error("{ 'id': 'a', 'points': [], 'never': 1 }",
                        "Parameter 'never' is unexpected");
    check_derived_error("{ 'id': 'a', 'points': [],"
                        " 'child': { 'id': 'b', 'points': [], 'x': 1 } }",
                        "Parameter 'child.x' is unexpected");
}

static void test_lists(void)
{
    Visitor *v = visitor_json("[1, 2, 3]");
    intList *list = NULL, *e;
    strList *slist = NULL;
    Error *err = NULL;
    int64_t n = 0;

    g_assert(visit_type_intList(v, NULL, &list, &error_abort));
    for (e = list; e; e = e->next) {
        g_assert_cmpint(e->value, ==, ++n);
    }
    g_assert_cmpint(n, ==, 3);
    g_assert_cmpint(QAPI_LIST_LENGTH(list), ==, 3);
    qapi_free_intList(list);
    visit_free(v);

    v = visitor_json("[]");
    list = (intList *)(uintptr_t)1;
    g_assert(visit_type_intList(v, NULL, &list, &error_abort));
    g_assert(!list);
    visit_free(v);

    v = visitor_json("[\"a\", 2]");
    g_assert(!visit_type_strList(v, NULL, &slist, &err));
    g_assert(!slist);
    check_error(&err, "Invalid parameter type for '[1]', expected: string");
    visit_free(v);
}

static void test_union(void)
{
    Visitor *v = visitor_jsonq("{ 'kind': 'circle', 'radius': 1.5 }");
    Figure *f = NULL;
    Vehicle *veh = NULL;
    Error *err = NULL;

    g_assert(visit_type_Figure(v, NULL, &f, &error_abort));
    g_assert_cmpint(f->kind, ==, SHAPE_KIND_CIRCLE);
    g_assert_cmpfloat(f->u.circle.radius, ==, 1.5);
    g_assert(!f->name);
    qapi_free_Figure(f);
    visit_free(v);

    v = visitor_jsonq("{ 'kind': 'square', 'side': 3, 'name': 'sq' }");
    g_assert(visit_type_Figure(v, NULL, &f, &error_abort));
    g_assert_cmpint(f->kind, ==, SHAPE_KIND_SQUARE);
    g_assert_cmpint(f->u.square.side, ==, 3);
    g_assert_cmpstr(f->name, ==, "sq");
    qapi_free_Figure(f);
    visit_free(v);

    /* implicit empty branch */
    v = visitor_jsonq("{ 'kind': 'polygon' }");
    g_assert(visit_type_Figure(v, NULL, &f, &error_abort));
    g_assert_cmpint(f->kind, ==, SHAPE_KIND_POLYGON);
    qapi_free_Figure(f);
    visit_free(v);

    v = visitor_jsonq("{ 'kind': 'polygon', 'side': 3 }");
    g_assert(!visit_type_Figure(v, NULL, &f, &err));
    check_error(&err, "Parameter 'side' is unexpected");
    visit_free(v);

    v = visitor_jsonq("{ 'kind': 'oval' }");
    g_assert(!visit_type_Figure(v, NULL, &f, &err));
    check_error(&err, "Parameter 'kind' does not accept value 'oval'");
    visit_free(v);

    v = visitor_jsonq("{ 'kind': 'circle' }");
    g_assert(!visit_type_Figure(v, NULL, &f, &err));
    check_error(&err, "Parameter 'radius' is missing");
    visit_free(v);

    v = visitor_jsonq("{ 'type': 'car', 'wheels': 4, 'seats': 5 }");
    g_assert(visit_type_Vehicle(v, NULL, &veh, &error_abort));
    g_assert_cmpint(veh->type, ==, VEHICLE_TYPE_CAR);
    g_assert_cmpint(veh->wheels, ==, 4);
    g_assert_cmpint(veh->u.car.seats, ==, 5);
    g_assert(!veh->u.car.has_roof);
    g_assert_cmpint(qapi_Vehicle_base(veh)->wheels, ==, 4);
    qapi_free_Vehicle(veh);
    visit_free(v);

    /* the branch compiled out by 'if' does not exist */
    v = visitor_jsonq("{ 'type': 'tank', 'wheels': 0, 'armor': 5 }");
    g_assert(!visit_type_Vehicle(v, NULL, &veh, &err));
    check_error(&err, "Parameter 'type' does not accept value 'tank'");
    visit_free(v);
}

static void test_alternates(void)
{
    Visitor *v;
    IntOrPoint *ip = NULL;
    TextOrNull *tn = NULL;
    ColorOrBool *cb = NULL;
    ListOrNumber *ln = NULL;
    FigureOrStr *fs = NULL;
    Error *err = NULL;

    v = visitor_json("3");
    g_assert(visit_type_IntOrPoint(v, NULL, &ip, &error_abort));
    g_assert_cmpint(ip->type, ==, QTYPE_QNUM);
    g_assert_cmpint(ip->u.i, ==, 3);
    qapi_free_IntOrPoint(ip);
    visit_free(v);

    v = visitor_jsonq("{ 'x': 5, 'y': 6 }");
    g_assert(visit_type_IntOrPoint(v, NULL, &ip, &error_abort));
    g_assert_cmpint(ip->type, ==, QTYPE_QDICT);
    g_assert_cmpint(ip->u.p.x, ==, 5);
    g_assert_cmpint(ip->u.p.y, ==, 6);
    qapi_free_IntOrPoint(ip);
    visit_free(v);

    v = visitor_jsonq("{ 'x': 5 }");
    g_assert(!visit_type_IntOrPoint(v, NULL, &ip, &err));
    g_assert(!ip);
    check_error(&err, "Parameter 'y' is missing");
    visit_free(v);

    v = visitor_json("\"five\"");
    g_assert(!visit_type_IntOrPoint(v, "v", &ip, &err));
    g_assert(!ip);
    check_error(&err, "Invalid parameter type for 'v', expected: IntOrPoint");
    visit_free(v);

    v = visitor_json("null");
    g_assert(visit_type_TextOrNull(v, NULL, &tn, &error_abort));
    g_assert_cmpint(tn->type, ==, QTYPE_QNULL);
    qapi_free_TextOrNull(tn);
    visit_free(v);

    v = visitor_json("\"t\"");
    g_assert(visit_type_TextOrNull(v, NULL, &tn, &error_abort));
    g_assert_cmpint(tn->type, ==, QTYPE_QSTRING);
    g_assert_cmpstr(tn->u.s, ==, "t");
    qapi_free_TextOrNull(tn);
    visit_free(v);

    v = visitor_json("\"red\"");
    g_assert(visit_type_ColorOrBool(v, NULL, &cb, &error_abort));
    g_assert_cmpint(cb->type, ==, QTYPE_QSTRING);
    g_assert_cmpint(cb->u.c, ==, COLOR_RED);
    qapi_free_ColorOrBool(cb);
    visit_free(v);

    v = visitor_json("false");
    g_assert(visit_type_ColorOrBool(v, NULL, &cb, &error_abort));
    g_assert_cmpint(cb->type, ==, QTYPE_QBOOL);
    g_assert(!cb->u.b);
    qapi_free_ColorOrBool(cb);
    visit_free(v);

    v = visitor_json("\"pink\"");
    g_assert(!visit_type_ColorOrBool(v, NULL, &cb, &err));
    g_assert(!cb);
    check_error(&err, "Parameter 'null' does not accept value 'pink'");
    visit_free(v);

    v = visitor_json("[4, 5]");
    g_assert(visit_type_ListOrNumber(v, NULL, &ln, &error_abort));
    g_assert_cmpint(ln->type, ==, QTYPE_QLIST);
    g_assert_cmpint(ln->u.l->next->value, ==, 5);
    qapi_free_ListOrNumber(ln);
    visit_free(v);

    v = visitor_json("4.25");
    g_assert(visit_type_ListOrNumber(v, NULL, &ln, &error_abort));
    g_assert_cmpint(ln->type, ==, QTYPE_QNUM);
    g_assert_cmpfloat(ln->u.n, ==, 4.25);
    qapi_free_ListOrNumber(ln);
    visit_free(v);

    v = visitor_jsonq("{ 'kind': 'square', 'side': 2 }");
    g_assert(visit_type_FigureOrStr(v, NULL, &fs, &error_abort));
    g_assert_cmpint(fs->type, ==, QTYPE_QDICT);
    g_assert_cmpint(fs->u.f.kind, ==, SHAPE_KIND_SQUARE);
    g_assert_cmpint(fs->u.f.u.square.side, ==, 2);
    qapi_free_FigureOrStr(fs);
    visit_free(v);
}

static void test_any_and_null(void)
{
    Visitor *v = visitor_json("[1, \"two\", null]");
    QObject *any = NULL;
    QNull *null = NULL;
    Error *err = NULL;

    g_assert(visit_type_any(v, NULL, &any, &error_abort));
    g_assert_cmpint(qobject_type(any), ==, QTYPE_QLIST);
    qobject_unref(any);
    visit_free(v);

    v = visitor_json("null");
    g_assert(visit_type_null(v, NULL, &null, &error_abort));
    g_assert(null);
    qobject_unref(null);
    visit_free(v);

    v = visitor_json("0");
    g_assert(!visit_type_null(v, "n", &null, &err));
    g_assert(!null);
    check_error(&err, "Invalid parameter type for 'n', expected: null");
    visit_free(v);
}

static void test_keyval(void)
{
    Visitor *v;
    Point *p = NULL;
    Scalars *s = NULL;
    Derived *d = NULL;
    Figure *f = NULL;
    Error *err = NULL;

    v = qobject_input_visitor_new_str("x=1,y=-2,label=hi", NULL,
                                      &error_abort);
    g_assert(visit_type_Point(v, NULL, &p, &error_abort));
    g_assert_cmpint(p->x, ==, 1);
    g_assert_cmpint(p->y, ==, -2);
    g_assert_cmpstr(p->label, ==, "hi");
    qapi_free_Point(p);
    visit_free(v);

    /* implied key */
    v = qobject_input_visitor_new_str("7,y=8", "x", &error_abort);
    g_assert(visit_type_Point(v, NULL, &p, &error_abort));
    g_assert_cmpint(p->x, ==, 7);
    g_assert_cmpint(p->y, ==, 8);
    qapi_free_Point(p);
    visit_free(v);

    v = qobject_input_visitor_new_str(
        "i8=-1,i16=0x10,i32=3,i64=4,u8=255,u16=6,u32=7,u64=8,sz=4k,"
        "num=1.25,flag=on,text=abc,color=red,opt-bool=no,opt-list.0=5,"
        "opt-list.1=6,opt-point.x=1,opt-point.y=2", NULL, &error_abort);
    g_assert(visit_type_Scalars(v, NULL, &s, &error_abort));
    g_assert_cmpint(s->i8, ==, -1);
    g_assert_cmpint(s->i16, ==, 16);
    g_assert_cmpuint(s->u8, ==, 255);
    g_assert_cmpuint(s->sz, ==, 4096);
    g_assert_cmpfloat(s->num, ==, 1.25);
    g_assert(s->flag);
    g_assert_cmpstr(s->text, ==, "abc");
    g_assert(s->has_opt_bool && !s->opt_bool);
    g_assert(s->has_opt_list);
    g_assert_cmpint(s->opt_list->value, ==, 5);
    g_assert_cmpint(s->opt_list->next->value, ==, 6);
    g_assert_cmpint(s->opt_point->y, ==, 2);
    qapi_free_Scalars(s);
    visit_free(v);

    v = qobject_input_visitor_new_str("x=abc,y=1", NULL, &error_abort);
    g_assert(!visit_type_Point(v, NULL, &p, &err));
    check_error(&err, "Parameter 'x' expects integer");
    visit_free(v);

    v = qobject_input_visitor_new_str("id=a,points.0.x=1,points.0.y=2,"
                                      "points.1.x=3", NULL, &error_abort);
    g_assert(!visit_type_Derived(v, NULL, &d, &err));
    check_error(&err, "Parameter 'points.1.y' is missing");
    visit_free(v);

    v = qobject_input_visitor_new_str("kind=square,side=2", NULL,
                                      &error_abort);
    g_assert(visit_type_Figure(v, NULL, &f, &error_abort));
    g_assert_cmpint(f->u.square.side, ==, 2);
    qapi_free_Figure(f);
    visit_free(v);

    v = qobject_input_visitor_new_str(
        "i8=0,i16=0,i32=0,i64=0,u8=0,u16=0,u32=0,u64=0,sz=1x,num=0,"
        "flag=on,text=a,color=red", NULL, &error_abort);
    g_assert(!visit_type_Scalars(v, NULL, &s, &err));
    check_error(&err, "Parameter 'sz' expects size");
    visit_free(v);

    v = qobject_input_visitor_new_str("x=1,y=2,label.a=3", NULL,
                                      &error_abort);
    g_assert(!visit_type_Point(v, NULL, &p, &err));
    check_error(&err, "Parameters 'label.*' are unexpected");
    visit_free(v);

    v = qobject_input_visitor_new_str(
        "i8=0,i16=0,i32=0,i64=0,u8=0,u16=0,u32=0,u64=0,sz=0,num=0,"
        "flag=maybe,text=a,color=red", NULL, &error_abort);
    g_assert(!visit_type_Scalars(v, NULL, &s, &err));
    check_error(&err, "Parameter 'flag' expects 'on' or 'off'");
    visit_free(v);

    /* JSON through the same entry point */
    v = qobject_input_visitor_new_str("{\"x\": 3, \"y\": 4}", NULL,
                                      &error_abort);
    g_assert(visit_type_Point(v, NULL, &p, &error_abort));
    g_assert_cmpint(p->x + p->y, ==, 7);
    qapi_free_Point(p);
    visit_free(v);

    /* bad syntax is an error, not a crash */
    v = qobject_input_visitor_new_str("{\"x\": ", NULL, &err);
    g_assert(!v);
    g_assert(err);
    error_free(err);
    err = NULL;
    v = qobject_input_visitor_new_str("a..b=1", NULL, &err);
    g_assert(!v);
    g_assert(err);
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qobject-input/scalars", test_scalars_top_level);
    g_test_add_func("/qobject-input/struct", test_struct_all_builtins);
    g_test_add_func("/qobject-input/optionals", test_struct_optionals);
    g_test_add_func("/qobject-input/struct-errors", test_struct_errors);
    g_test_add_func("/qobject-input/nested", test_nested);
    g_test_add_func("/qobject-input/nested-errors", test_nested_errors);
    g_test_add_func("/qobject-input/lists", test_lists);
    g_test_add_func("/qobject-input/union", test_union);
    g_test_add_func("/qobject-input/alternates", test_alternates);
    g_test_add_func("/qobject-input/any-null", test_any_and_null);
    g_test_add_func("/qobject-input/keyval", test_keyval);
    return g_test_run();
}
