/*
 * QNum: a number, stored as int64_t, uint64_t or double.
 *
 * qnum_from_uint() always makes a QNUM_U64; the JSON parser makes
 * QNUM_U64 only for integers above INT64_MAX.  Integers of both kinds
 * compare equal by value; doubles never equal integers.
 */
#ifndef QOBJECT_QNUM_H
#define QOBJECT_QNUM_H

#include <stdint.h>
#include "qobject/qobject.h"

typedef enum {
    QNUM_I64,
    QNUM_U64,
    QNUM_DOUBLE
} QNumKind;

struct QNum {
    struct QObjectBase_ base;
    QNumKind kind;
    union {
        int64_t i64;
        uint64_t u64;
        double dbl;
    } u;
};

QNum *qnum_from_int(int64_t value);
QNum *qnum_from_uint(uint64_t value);
QNum *qnum_from_double(double value);

/*
 * Store the value of @qn in *@val if it is an integer that fits int64_t,
 * and return true; else return false.  Doubles never convert.
 */
bool qnum_get_try_int(const QNum *qn, int64_t *val);
/* Like qnum_get_try_int(), but aborts if the value does not fit. */
int64_t qnum_get_int(const QNum *qn);

/* Like qnum_get_try_int() for uint64_t (negative integers fail). */
bool qnum_get_try_uint(const QNum *qn, uint64_t *val);
uint64_t qnum_get_uint(const QNum *qn);

/* The value as a double (integers are converted, possibly rounding). */
double qnum_get_double(const QNum *qn);

/*
 * Text of @qn as JSON writes it: integers in decimal, doubles with %.17g
 * (enough to round-trip).  Caller frees with g_free().
 */
char *qnum_to_string(const QNum *qn);

bool qnum_is_equal(const QObject *x, const QObject *y);
void qnum_destroy_obj(QObject *obj);

/* For g_autoptr(QNum). */
static inline void qobject_unref_QNum(QNum *obj)
{
    qobject_unref(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNum, qobject_unref_QNum)

#endif
