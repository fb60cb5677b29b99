/*
 * QObject: the base of reference-counted dynamic values (QNull, QNum,
 * QString, QDict, QList, QBool), used for QMP and option data.
 *
 * Every concrete type embeds "struct QObjectBase_ base" as its first
 * member.  QOBJECT(x) converts any of them to QObject *, and
 * qobject_to(QType, obj) converts back (NULL if obj is NULL or of another
 * type).  qobject_ref()/qobject_unref() take and drop references on
 * pointers of any of these types.
 */
#ifndef QOBJECT_QOBJECT_H
#define QOBJECT_QOBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

typedef struct QObject QObject;
typedef struct QNull QNull;
typedef struct QNum QNum;
typedef struct QString QString;
typedef struct QDict QDict;
typedef struct QList QList;
typedef struct QBool QBool;

/*
 * Types of QObject values.  Hand-written here (QEMU generates it from
 * the schema); the QAPI generator only emits QType_lookup.
 */
typedef enum QType {
    QTYPE_NONE,
    QTYPE_QNULL,
    QTYPE_QNUM,
    QTYPE_QSTRING,
    QTYPE_QDICT,
    QTYPE_QLIST,
    QTYPE_QBOOL,
    QTYPE__MAX
} QType;

/* Not for use outside the QObject implementation. */
struct QObjectBase_ {
    QType type;
    size_t refcnt;
};

struct QObject {
    struct QObjectBase_ base;
};

/* Mapping from C type names to QType values, for qobject_to(). */
#define QTYPE_CAST_TO_QNull     QTYPE_QNULL
#define QTYPE_CAST_TO_QNum      QTYPE_QNUM
#define QTYPE_CAST_TO_QString   QTYPE_QSTRING
#define QTYPE_CAST_TO_QDict     QTYPE_QDICT
#define QTYPE_CAST_TO_QList     QTYPE_QLIST
#define QTYPE_CAST_TO_QBool     QTYPE_QBOOL

/* Convert a pointer to any QObject subtype (or NULL) to QObject *. */
#define QOBJECT_INTERNAL_(obj, o_)                                      \
    ({                                                                  \
        typeof(obj) o_ = (obj);                                         \
        o_ ? (QObject *)(void *)&o_->base : (QObject *)NULL;            \
    })
#define QOBJECT_GLUE2_(a, b) a##b
#define QOBJECT_GLUE_(a, b) QOBJECT_GLUE2_(a, b)
#define QOBJECT(obj) \
    QOBJECT_INTERNAL_((obj), QOBJECT_GLUE_(qobj_tmp_, __COUNTER__))

/* Initialise the header of a freshly allocated object (refcount 1). */
static inline void qobject_init(QObject *obj, QType type)
{
    g_assert(QTYPE_NONE < type && type < QTYPE__MAX);
    obj->base.refcnt = 1;
    obj->base.type = type;
}

static inline void qobject_ref_impl(QObject *obj)
{
    if (obj) {
        obj->base.refcnt++;
    }
}

/* Free @obj (its refcount reached zero). Internal. */
void qobject_destroy(QObject *obj);

static inline void qobject_unref_impl(QObject *obj)
{
    g_assert(!obj || obj->base.refcnt);
    if (obj && --obj->base.refcnt == 0) {
        qobject_destroy(obj);
    }
}

/*
 * Take a reference to @obj (any QObject subtype, may be NULL) and return
 * @obj with its own type.
 */
#define qobject_ref(obj)                                                \
    ({                                                                  \
        typeof(obj) qref_tmp_ = (obj);                                  \
        qobject_ref_impl(QOBJECT(qref_tmp_));                           \
        qref_tmp_;                                                      \
    })

/* Drop a reference to @obj (any QObject subtype, may be NULL). */
#define qobject_unref(obj) qobject_unref_impl(QOBJECT(obj))

/* The type of @obj (which must not be NULL). */
static inline QType qobject_type(const QObject *obj)
{
    g_assert(QTYPE_NONE < obj->base.type && obj->base.type < QTYPE__MAX);
    return obj->base.type;
}

static inline QObject *qobject_check_type(const QObject *obj, QType type)
{
    if (obj && qobject_type(obj) == type) {
        return (QObject *)obj;
    }
    return NULL;
}

/*
 * Cast @obj to the QObject subtype @type (a C type name such as QDict),
 * or return NULL if @obj is NULL or has a different type.
 */
#define qobject_to(type, obj)                                           \
    ((type *)qobject_check_type(obj, QTYPE_CAST_TO_##type))

/*
 * Deep comparison.  Integers compare by value across int64/uint64 kinds,
 * but a double never equals an integer (as QEMU); dicts compare as
 * unordered maps; NULL equals only NULL.
 */
bool qobject_is_equal(const QObject *x, const QObject *y);

/* Name of @type, e.g. "dict" ("null", "number", "string", "list", ...). */
const char *qobject_type_name(QType type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QObject, qobject_unref_impl)

#endif
