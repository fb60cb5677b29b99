/*
 * QDict: a map from strings to QObject values.
 *
 * Iteration (qdict_first()/qdict_next()) and JSON output follow key
 * insertion order; replacing the value of an existing key keeps its
 * position.  Deleting the current entry while iterating is allowed if
 * the next entry was fetched first.
 */
#ifndef QOBJECT_QDICT_H
#define QOBJECT_QDICT_H

#include <stdint.h>
#include "qobject/qobject.h"

typedef struct Error Error;

typedef struct QDictEntry {
    char *key;
    QObject *value;
    struct QDictEntry *next;    /* private: insertion order */
    struct QDictEntry *prev;
} QDictEntry;

struct QDict {
    struct QObjectBase_ base;
    size_t size;
    GHashTable *table;          /* private: key -> QDictEntry */
    QDictEntry *head;           /* private */
    QDictEntry *tail;           /* private */
};

/* A new empty dict. */
QDict *qdict_new(void);
const char *qdict_entry_key(const QDictEntry *entry);
QObject *qdict_entry_value(const QDictEntry *entry);
/* Number of entries. */
size_t qdict_size(const QDict *qdict);
/*
 * Store @value under @key, taking over the caller's reference to
 * @value.  An existing value for @key is released.
 */
void qdict_put_obj(QDict *qdict, const char *key, QObject *value);
/* Remove @key (no-op if absent). */
void qdict_del(QDict *qdict, const char *key);
/* Non-zero if @key is present. */
int qdict_haskey(const QDict *qdict, const char *key);
/* The value of @key (no new reference), or NULL. */
QObject *qdict_get(const QDict *qdict, const char *key);
bool qdict_is_equal(const QObject *x, const QObject *y);
/* First entry in iteration order, or NULL. */
const QDictEntry *qdict_first(const QDict *qdict);
/* Entry after @entry, or NULL. */
const QDictEntry *qdict_next(const QDict *qdict, const QDictEntry *entry);
void qdict_destroy_obj(QObject *obj);

/* Store @obj (any QObject subtype), taking over the caller's reference. */
#define qdict_put(qdict, key, obj) qdict_put_obj(qdict, key, QOBJECT(obj))

void qdict_put_bool(QDict *qdict, const char *key, bool value);
void qdict_put_int(QDict *qdict, const char *key, int64_t value);
void qdict_put_null(QDict *qdict, const char *key);
void qdict_put_str(QDict *qdict, const char *key, const char *value);

/*
 * Typed getters: @key must exist and hold the right type (else abort).
 * qdict_get_double() accepts any number.
 */
double qdict_get_double(const QDict *qdict, const char *key);
int64_t qdict_get_int(const QDict *qdict, const char *key);
bool qdict_get_bool(const QDict *qdict, const char *key);
const char *qdict_get_str(const QDict *qdict, const char *key);
/* These two return NULL if @key is absent or of another type. */
QList *qdict_get_qlist(const QDict *qdict, const char *key);
QDict *qdict_get_qdict(const QDict *qdict, const char *key);

/* Value of @key if it holds an int64-range integer, else @def_value. */
int64_t qdict_get_try_int(const QDict *qdict, const char *key,
                          int64_t def_value);
/* Value of @key if it holds a bool, else @def_value. */
bool qdict_get_try_bool(const QDict *qdict, const char *key, bool def_value);
/* Value of @key if it holds a string, else NULL. */
const char *qdict_get_try_str(const QDict *qdict, const char *key);

/* A new dict with the same keys, referencing the same values. */
QDict *qdict_clone_shallow(const QDict *src);

/* Helpers for flat option dicts (QEMU's include/block/qdict.h). */

/* If @dst lacks @key, copy @key's value from @src (if present). */
void qdict_copy_default(QDict *dst, QDict *src, const char *key);
/* If @dst lacks @key, set it to the string @val. */
void qdict_set_default_str(QDict *dst, const char *key, const char *val);
/*
 * Move every entry of @src to @dest.  With @overwrite false, entries whose
 * key exists in @dest stay in @src.
 */
void qdict_join(QDict *dest, QDict *src, bool overwrite);
/*
 * Move the entries of @src whose key starts with @start into a new dict
 * *@dst (when @dst is non-NULL; else they are deleted), with @start
 * stripped from their keys.
 */
void qdict_extract_subqdict(QDict *src, QDict **dst, const char *start);
/*
 * Split the flat "0.x", "1.x", ... (or "0", "1", ...) entries of @src
 * into a new list *@dst of sub-dicts (or of the plain values), in index
 * order, stopping at the first missing index.  The entries are removed
 * from @src.
 */
void qdict_array_split(QDict *src, QList **dst);
/*
 * Number of consecutive array entries "@subqdict0", "@subqdict1", ...
 * (each either a plain key or a prefix of "@subqdictN.*" keys) in @src,
 * or -EINVAL if @src has keys with that prefix that are not array
 * entries or an index is both plain and a prefix.
 */
int qdict_array_entries(QDict *src, const char *subqdict);
/*
 * Flatten nested dicts and lists in place: {"a": {"b": 1}, "c": [2]}
 * becomes {"a.b": 1, "c.0": 2}.  Empty dicts and lists are kept as is.
 */
void qdict_flatten(QDict *qdict);
/*
 * The reverse of qdict_flatten(): build nested dicts from dotted keys
 * ("a.b"), and lists from dicts whose keys are exactly 0..N-1.  ".."
 * escapes a literal '.' in a key.  Returns a new QDict or QList, or NULL
 * with @errp set on conflicting keys ("a" and "a.b") or values that are
 * not scalars.
 */
QObject *qdict_crumple(const QDict *src, Error **errp);
/*
 * Rename keys: for each "from"/"to" pair in @renames (terminated by an
 * entry with from == NULL), move the value of "from" to "to".  Fails if
 * "to" already exists.
 */
typedef struct QDictRenames {
    const char *from;
    const char *to;
} QDictRenames;
bool qdict_rename_keys(QDict *qdict, const QDictRenames *renames,
                       Error **errp);

/* For g_autoptr(QDict). */
static inline void qobject_unref_QDict(QDict *obj)
{
    qobject_unref(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QDict, qobject_unref_QDict)

#endif
