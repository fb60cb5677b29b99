/*
 * Tests of QAPI_CLONE() and QAPI_CLONE_MEMBERS().
 */
#include "qemu/osdep.h"
#include "qapi/clone-visitor.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "qobject/qnull.h"
#include "test-qapi-visit.h"

static void test_clone_struct(void)
{
    Scalars *src = g_new0(Scalars, 1), *dst;
    QDict *any = qdict_new();

    src->i8 = -1;
    src->u64 = UINT64_MAX;
    src->num = 2.5;
    src->text = g_strdup("text");
    src->color = COLOR_BLUE;
    src->has_opt_list = true;
    QAPI_LIST_PREPEND(src->opt_list, 2);
    QAPI_LIST_PREPEND(src->opt_list, 1);
    qdict_put_int(any, "k", 1);
    src->opt_any = QOBJECT(any);
    src->opt_null = qnull();
    src->opt_point = g_new0(Point, 1);
    src->opt_point->x = 7;
    src->opt_point->label = g_strdup("p");

    dst = QAPI_CLONE(Scalars, src);
    g_assert(dst && dst != src);
    g_assert_cmpint(dst->i8, ==, -1);
    g_assert_cmpuint(dst->u64, ==, UINT64_MAX);
    g_assert_cmpfloat(dst->num, ==, 2.5);
    g_assert_cmpint(dst->color, ==, COLOR_BLUE);
    g_assert(dst->text != src->text);
    g_assert_cmpstr(dst->text, ==, "text");
    g_assert(dst->has_opt_list && dst->opt_list != src->opt_list);
    g_assert_cmpint(dst->opt_list->value, ==, 1);
    g_assert_cmpint(dst->opt_list->next->value, ==, 2);
    g_assert(!dst->opt_list->next->next);
    g_assert(dst->opt_any == src->opt_any);     /* shared reference */
    g_assert(dst->opt_null);
    g_assert(dst->opt_point != src->opt_point);
    g_assert_cmpint(dst->opt_point->x, ==, 7);
    g_assert(dst->opt_point->label != src->opt_point->label);
    g_assert_cmpstr(dst->opt_point->label, ==, "p");

    /* the copy is independent */
    qapi_free_Scalars(src);
    g_assert_cmpstr(dst->text, ==, "text");
    g_assert_cmpint(qdict_get_int(qobject_to(QDict, dst->opt_any), "k"), ==,
                    1);
    qapi_free_Scalars(dst);

    g_assert(!QAPI_CLONE(Scalars, NULL));
}

static void test_clone_recursive(void)
{
    Derived *src = g_new0(Derived, 1), *dst;
    Point *p = g_new0(Point, 1);

    src->id = g_strdup("top");
    src->child = g_new0(Derived, 1);
    src->child->id = g_strdup("kid");
    src->child->has_tags = true;
    QAPI_LIST_PREPEND(src->child->tags, g_strdup("t"));
    p->y = 3;
    QAPI_LIST_PREPEND(src->points, p);

    dst = QAPI_CLONE(Derived, src);
    qapi_free_Derived(src);
    g_assert_cmpstr(dst->id, ==, "top");
    g_assert_cmpint(dst->points->value->y, ==, 3);
    g_assert_cmpstr(dst->child->id, ==, "kid");
    g_assert_cmpstr(dst->child->tags->value, ==, "t");
    qapi_free_Derived(dst);
}

static void test_clone_union_alternate(void)
{
    Figure *f = g_new0(Figure, 1), *fc;
    FigureOrStr *a = g_new0(FigureOrStr, 1), *ac;
    TextOrNull *t = g_new0(TextOrNull, 1), *tc;

    f->kind = SHAPE_KIND_SQUARE;
    f->name = g_strdup("sq");
    f->u.square.side = 9;
    fc = QAPI_CLONE(Figure, f);
    qapi_free_Figure(f);
    g_assert_cmpint(fc->kind, ==, SHAPE_KIND_SQUARE);
    g_assert_cmpint(fc->u.square.side, ==, 9);
    g_assert_cmpstr(fc->name, ==, "sq");
    qapi_free_Figure(fc);

    a->type = QTYPE_QDICT;
    a->u.f.kind = SHAPE_KIND_CIRCLE;
    a->u.f.name = g_strdup("c");
    a->u.f.u.circle.radius = 1;
    ac = QAPI_CLONE(FigureOrStr, a);
    qapi_free_FigureOrStr(a);
    g_assert_cmpint(ac->type, ==, QTYPE_QDICT);
    g_assert_cmpstr(ac->u.f.name, ==, "c");
    g_assert_cmpfloat(ac->u.f.u.circle.radius, ==, 1);
    qapi_free_FigureOrStr(ac);

    t->type = QTYPE_QSTRING;
    t->u.s = g_strdup("s");
    tc = QAPI_CLONE(TextOrNull, t);
    g_assert(tc->u.s != t->u.s);
    g_assert_cmpstr(tc->u.s, ==, "s");
    qapi_free_TextOrNull(t);
    qapi_free_TextOrNull(tc);
}

static void test_clone_members(void)
{
    Point src = { .x = 1, .y = 2, .label = (char *)"lbl" };
    Point dst;

    QAPI_CLONE_MEMBERS(Point, &dst, &src);
    g_assert_cmpint(dst.x, ==, 1);
    g_assert_cmpint(dst.y, ==, 2);
    g_assert(dst.label != src.label);
    g_assert_cmpstr(dst.label, ==, "lbl");
    g_free(dst.label);
}

static void test_clone_empty_list(void)
{
    intList *l = NULL;
    strList *s = NULL;

    QAPI_LIST_PREPEND(s, g_strdup("only"));
    g_assert(!QAPI_CLONE(intList, l));
    {
        strList *c = QAPI_CLONE(strList, s);

        g_assert_cmpstr(c->value, ==, "only");
        g_assert(!c->next);
        qapi_free_strList(c);
    }
    qapi_free_strList(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/clone/struct", test_clone_struct);
    g_test_add_func("/clone/recursive", test_clone_recursive);
    g_test_add_func("/clone/union-alternate", test_clone_union_alternate);
    g_test_add_func("/clone/members", test_clone_members);
    g_test_add_func("/clone/lists", test_clone_empty_list);
    return g_test_run();
}
