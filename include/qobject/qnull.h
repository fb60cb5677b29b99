/*
 * QNull: the JSON null value (a singleton).
 */
#ifndef QOBJECT_QNULL_H
#define QOBJECT_QNULL_H

#include "qobject/qobject.h"

struct QNull {
    struct QObjectBase_ base;
};

/* The singleton; use qnull() to get a reference. */
extern QNull qnull_;

/* Return a new reference to the null value. */
static inline QNull *qnull(void)
{
    return qobject_ref(&qnull_);
}

bool qnull_is_equal(const QObject *x, const QObject *y);

/* For g_autoptr(QNull). */
static inline void qobject_unref_QNull(QNull *obj)
{
    qobject_unref(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNull, qobject_unref_QNull)

#endif
