/*
 * QLit: building and comparing QObjects from static literals.
 */
#include "qemu/osdep.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qlit.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

static bool qlit_equal_qdict(const QLitObject *lhs, const QDict *qdict)
{
    const QLitDictEntry *e;
    size_t n = 0;

    for (e = lhs->value.qdict; e->key; e++, n++) {
        QObject *v = qdict_get(qdict, e->key);

        if (!v || !qlit_equal_qobject(&e->value, v)) {
            return false;
        }
    }
    return n == qdict_size(qdict);
}

static bool qlit_equal_qlist(const QLitObject *lhs, const QList *qlist)
{
    const QLitObject *l = lhs->value.qlist;
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(qlist, e) {
        if (l->type == QTYPE_NONE || !qlit_equal_qobject(l, e->value)) {
            return false;
        }
        l++;
    }
    return l->type == QTYPE_NONE;
}

bool qlit_equal_qobject(const QLitObject *lhs, const QObject *rhs)
{
    if (!rhs || lhs->type != qobject_type(rhs)) {
        return false;
    }
    switch (lhs->type) {
    case QTYPE_QNULL:
        return true;
    case QTYPE_QBOOL:
        return lhs->value.qbool == qbool_get_bool(qobject_to(QBool, rhs));
    case QTYPE_QNUM: {
        int64_t v;

        return qnum_get_try_int(qobject_to(QNum, rhs), &v) &&
               v == lhs->value.qnum;
    }
    case QTYPE_QSTRING:
        return !strcmp(lhs->value.qstr,
                       qstring_get_str(qobject_to(QString, rhs)));
    case QTYPE_QDICT:
        return qlit_equal_qdict(lhs, qobject_to(QDict, rhs));
    case QTYPE_QLIST:
        return qlit_equal_qlist(lhs, qobject_to(QList, rhs));
    default:
        return false;
    }
}

QObject *qobject_from_qlit(const QLitObject *qlit)
{
    switch (qlit->type) {
    case QTYPE_QNULL:
        return QOBJECT(qnull());
    case QTYPE_QNUM:
        return QOBJECT(qnum_from_int(qlit->value.qnum));
    case QTYPE_QSTRING:
        return QOBJECT(qstring_from_str(qlit->value.qstr));
    case QTYPE_QDICT: {
        QDict *qdict = qdict_new();
        const QLitDictEntry *e;

        for (e = qlit->value.qdict; e->key; e++) {
            qdict_put_obj(qdict, e->key, qobject_from_qlit(&e->value));
        }
        return QOBJECT(qdict);
    }
    case QTYPE_QLIST: {
        QList *qlist = qlist_new();
        const QLitObject *e;

        for (e = qlit->value.qlist; e->type != QTYPE_NONE; e++) {
            qlist_append_obj(qlist, qobject_from_qlit(e));
        }
        return QOBJECT(qlist);
    }
    case QTYPE_QBOOL:
        return QOBJECT(qbool_from_bool(qlit->value.qbool));
    default:
        g_assert_not_reached();
    }
}
