/*
 * QLit: QObject literals, static data that describe a QObject tree (used
 * by generated code such as the QMP schema introspection).
 *
 * Lists and dicts are arrays terminated by an empty element ({}).
 */
#ifndef QOBJECT_QLIT_H
#define QOBJECT_QLIT_H

#include <stdint.h>
#include "qobject/qobject.h"

typedef struct QLitDictEntry QLitDictEntry;
typedef struct QLitObject QLitObject;

struct QLitObject {
    QType type;
    union {
        bool qbool;
        int64_t qnum;
        const char *qstr;
        QLitDictEntry *qdict;
        QLitObject *qlist;
    } value;
};

struct QLitDictEntry {
    const char *key;
    QLitObject value;
};

#define QLIT_QNULL \
    { .type = QTYPE_QNULL }
#define QLIT_QBOOL(val) \
    { .type = QTYPE_QBOOL, .value.qbool = (val) }
#define QLIT_QNUM(val) \
    { .type = QTYPE_QNUM, .value.qnum = (val) }
#define QLIT_QSTR(val) \
    { .type = QTYPE_QSTRING, .value.qstr = (val) }
#define QLIT_QDICT(val) \
    { .type = QTYPE_QDICT, .value.qdict = (val) }
#define QLIT_QLIST(val) \
    { .type = QTYPE_QLIST, .value.qlist = (val) }

/*
 * True if @rhs has the same value as @lhs.  Dicts must have exactly the
 * same keys; numbers compare as int64_t.
 */
bool qlit_equal_qobject(const QLitObject *lhs, const QObject *rhs);

/* A new QObject with the value of @qlit. */
QObject *qobject_from_qlit(const QLitObject *qlit);

#endif
