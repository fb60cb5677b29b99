/*
 * QString: an immutable NUL-terminated string value.
 */
#ifndef QOBJECT_QSTRING_H
#define QOBJECT_QSTRING_H

#include "qobject/qobject.h"

struct QString {
    struct QObjectBase_ base;
    const char *string;
};

/* A new empty QString. */
QString *qstring_new(void);
/* A new QString holding a copy of @str. */
QString *qstring_from_str(const char *str);
/* A new QString holding a copy of str[start] .. str[end - 1]. */
QString *qstring_from_substr(const char *str, size_t start, size_t end);
/* A new QString taking over the contents of @gstr (which is freed). */
QString *qstring_from_gstring(GString *gstr);
/* The string of @qstring (owned by @qstring). */
const char *qstring_get_str(const QString *qstring);
/* The string of @qstring, or NULL if @qstring is not a QString. */
const char *qobject_get_try_str(const QObject *qstring);
bool qstring_is_equal(const QObject *x, const QObject *y);
void qstring_destroy_obj(QObject *obj);

/* For g_autoptr(QString). */
static inline void qobject_unref_QString(QString *obj)
{
    qobject_unref(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QString, qobject_unref_QString)

#endif
