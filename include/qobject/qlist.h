/*
 * QList: an ordered list of QObject values.
 */
#ifndef QOBJECT_QLIST_H
#define QOBJECT_QLIST_H

#include <stdint.h>
#include "qobject/qobject.h"

typedef struct QListEntry {
    QObject *value;
    struct QListEntry *next;
    struct QListEntry *prev;
} QListEntry;

struct QList {
    struct QObjectBase_ base;
    QListEntry *head;
    QListEntry *tail;
    size_t size;
};

/* Append @obj (any QObject subtype), taking over the caller's reference. */
#define qlist_append(qlist, obj) qlist_append_obj(qlist, QOBJECT(obj))

/* Iterate: for each entry @var (const QListEntry *) of @qlist. */
#define QLIST_FOREACH_ENTRY(qlist, var)                                 \
    for ((var) = qlist_first(qlist); (var); (var) = qlist_next(var))

/* A new empty list. */
QList *qlist_new(void);
/* A shallow copy of @src: a new list referencing the same elements. */
QList *qlist_copy(QList *src);
/* Append @obj, taking over the caller's reference to it. */
void qlist_append_obj(QList *qlist, QObject *obj);
void qlist_append_int(QList *qlist, int64_t value);
void qlist_append_bool(QList *qlist, bool value);
void qlist_append_str(QList *qlist, const char *value);
void qlist_append_null(QList *qlist);
/*
 * Remove the first element and return it (the caller gets the list's
 * reference), or NULL if the list is empty.
 */
QObject *qlist_pop(QList *qlist);
/* The first element (no new reference), or NULL if the list is empty. */
QObject *qlist_peek(QList *qlist);
/* Non-zero if @qlist has no elements. */
int qlist_empty(const QList *qlist);
/* Number of elements. */
size_t qlist_size(const QList *qlist);
bool qlist_is_equal(const QObject *x, const QObject *y);
void qlist_destroy_obj(QObject *obj);

/* The first entry of @qlist, or NULL. */
static inline const QListEntry *qlist_first(const QList *qlist)
{
    return qlist->head;
}

/* The entry after @entry, or NULL. */
static inline const QListEntry *qlist_next(const QListEntry *entry)
{
    return entry->next;
}

/* The value of @entry (no new reference). */
static inline QObject *qlist_entry_obj(const QListEntry *entry)
{
    return entry->value;
}

/* For g_autoptr(QList). */
static inline void qobject_unref_QList(QList *obj)
{
    qobject_unref(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QList, qobject_unref_QList)

#endif
