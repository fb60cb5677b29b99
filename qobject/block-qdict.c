/*
 * Helpers for flat option dicts: defaults, sub-dicts, arrays, flattening
 * and crumpling (QEMU keeps these in include/block/qdict.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"

void qdict_copy_default(QDict *dst, QDict *src, const char *key)
{
    QObject *val;

    if (qdict_haskey(dst, key)) {
        return;
    }
    val = qdict_get(src, key);
    if (val) {
        qdict_put_obj(dst, key, qobject_ref(val));
    }
}

void qdict_set_default_str(QDict *dst, const char *key, const char *val)
{
    if (!qdict_haskey(dst, key)) {
        qdict_put_str(dst, key, val);
    }
}

void qdict_join(QDict *dest, QDict *src, bool overwrite)
{
    const QDictEntry *entry, *next;

    for (entry = qdict_first(src); entry; entry = next) {
        next = qdict_next(src, entry);
        if (overwrite || !qdict_haskey(dest, entry->key)) {
            qdict_put_obj(dest, entry->key, qobject_ref(entry->value));
            qdict_del(src, entry->key);
        }
    }
}

void qdict_extract_subqdict(QDict *src, QDict **dst, const char *start)
{
    const QDictEntry *entry, *next;
    const char *rest;

    if (dst) {
        *dst = qdict_new();
    }
    for (entry = qdict_first(src); entry; entry = next) {
        next = qdict_next(src, entry);
        if (strstart(entry->key, start, &rest)) {
            if (dst) {
                qdict_put_obj(*dst, rest, qobject_ref(entry->value));
            }
            qdict_del(src, entry->key);
        }
    }
}

/* Number of keys of @src that start with @prefix. */
static size_t qdict_count_prefixed(const QDict *src, const char *prefix)
{
    const QDictEntry *entry;
    size_t count = 0;

    for (entry = qdict_first(src); entry; entry = qdict_next(src, entry)) {
        if (strstart(entry->key, prefix, NULL)) {
            count++;
        }
    }
    return count;
}

void qdict_array_split(QDict *src, QList **dst)
{
    unsigned i;

    *dst = qlist_new();
    for (i = 0; i < UINT_MAX; i++) {
        char *key = g_strdup_printf("%u", i);
        char *prefix = g_strdup_printf("%u.", i);
        QObject *plain = qdict_get(src, key);
        bool is_sub = qdict_count_prefixed(src, prefix) > 0;

        /* index i is either one value or a sub-dict, never both */
        if (!plain == !is_sub) {
            g_free(key);
            g_free(prefix);
            break;
        }
        if (is_sub) {
            QDict *sub;

            qdict_extract_subqdict(src, &sub, prefix);
            qlist_append(*dst, sub);
        } else {
            qlist_append_obj(*dst, qobject_ref(plain));
            qdict_del(src, key);
        }
        g_free(key);
        g_free(prefix);
    }
}

int qdict_array_entries(QDict *src, const char *subqdict)
{
    size_t handled = 0, total;
    unsigned i;

    g_assert(!*subqdict || g_str_has_suffix(subqdict, "."));
    for (i = 0; i < INT_MAX; i++) {
        char *key = g_strdup_printf("%s%u", subqdict, i);
        char *prefix = g_strdup_printf("%s%u.", subqdict, i);
        bool plain = qdict_haskey(src, key);
        size_t n = qdict_count_prefixed(src, prefix);

        g_free(key);
        g_free(prefix);
        if (plain && n) {
            return -EINVAL;
        }
        if (!plain && !n) {
            break;
        }
        handled += plain ? 1 : n;
    }
    /* every key under @subqdict must belong to an array element */
    total = qdict_count_prefixed(src, subqdict);
    if (total != handled) {
        return -EINVAL;
    }
    return i;
}

static void flatten_into(QDict *target, const char *prefix, QObject *value);

static void flatten_dict(QDict *target, const char *prefix, QDict *dict)
{
    const QDictEntry *entry;

    for (entry = qdict_first(dict); entry; entry = qdict_next(dict, entry)) {
        char *key = prefix ? g_strdup_printf("%s.%s", prefix, entry->key)
                           : g_strdup(entry->key);

        flatten_into(target, key, entry->value);
        g_free(key);
    }
}

static void flatten_into(QDict *target, const char *key, QObject *value)
{
    QDict *dict = qobject_to(QDict, value);
    QList *list = qobject_to(QList, value);

    if (dict && qdict_size(dict)) {
        flatten_dict(target, key, dict);
    } else if (list && !qlist_empty(list)) {
        const QListEntry *entry;
        unsigned i = 0;

        QLIST_FOREACH_ENTRY(list, entry) {
            char *sub = g_strdup_printf("%s.%u", key, i++);

            flatten_into(target, sub, entry->value);
            g_free(sub);
        }
    } else {
        /* scalars and empty containers are kept as they are */
        qdict_put_obj(target, key, qobject_ref(value));
    }
}

void qdict_flatten(QDict *qdict)
{
    QDict *flat = qdict_new();
    const QDictEntry *entry, *next;

    flatten_dict(flat, NULL, qdict);
    for (entry = qdict_first(qdict); entry; entry = next) {
        next = qdict_next(qdict, entry);
        qdict_del(qdict, entry->key);
    }
    for (entry = qdict_first(flat); entry; entry = qdict_next(flat, entry)) {
        qdict_put_obj(qdict, entry->key, qobject_ref(entry->value));
    }
    qobject_unref(flat);
}

/*
 * Split @key at its first unescaped '.': *prefix gets the part before it
 * with ".." unescaped, *suffix the rest (still escaped) or NULL.
 */
static void split_flat_key(const char *key, char **prefix,
                           const char **suffix)
{
    GString *out = g_string_new(NULL);
    const char *p = key;

    *suffix = NULL;
    while (*p) {
        if (*p == '.') {
            if (p[1] == '.') {
                g_string_append_c(out, '.');
                p += 2;
                continue;
            }
            *suffix = p + 1;
            break;
        }
        g_string_append_c(out, *p++);
    }
    *prefix = g_string_free(out, false);
}

/*
 * 1 if all keys of @dict are integers, 0 if none are (or it is empty),
 * -1 with @errp set if it mixes both.
 */
static int qdict_is_list(QDict *dict, Error **errp)
{
    const QDictEntry *entry;
    int is_list = -1;

    for (entry = qdict_first(dict); entry; entry = qdict_next(dict, entry)) {
        int64_t val;
        int this_is_index = qemu_strtoi64(entry->key, NULL, 10, &val) == 0;

        if (is_list == -1) {
            is_list = this_is_index;
        } else if (is_list != this_is_index) {
            error_setg(errp, "Cannot mix list and non-list keys");
            return -1;
        }
    }
    return is_list == 1;
}

QObject *qdict_crumple(const QDict *src, Error **errp)
{
    const QDictEntry *entry;
    QDict *two_level = qdict_new();
    QDict *multi_level = NULL;
    QObject *dst = NULL;
    int is_list;
    size_t i;

    /* Step 1: split "prefix.rest" keys into one level of sub-dicts */
    for (entry = qdict_first(src); entry; entry = qdict_next(src, entry)) {
        QType type = qobject_type(entry->value);
        const char *suffix;
        char *prefix;
        QObject *child;

        if (type == QTYPE_QDICT || type == QTYPE_QLIST) {
            error_setg(errp, "Value %s is not flat", entry->key);
            goto error;
        }
        split_flat_key(entry->key, &prefix, &suffix);
        child = qdict_get(two_level, prefix);
        if (suffix) {
            QDict *child_dict = qobject_to(QDict, child);

            if (!child_dict) {
                if (child) {
                    error_setg(errp, "Key %s prefix is already set as "
                               "a scalar", prefix);
                    g_free(prefix);
                    goto error;
                }
                child_dict = qdict_new();
                qdict_put(two_level, prefix, child_dict);
            }
            qdict_put_obj(child_dict, suffix, qobject_ref(entry->value));
        } else {
            if (child) {
                error_setg(errp, "Key %s prefix is already set as a dict",
                           prefix);
                g_free(prefix);
                goto error;
            }
            qdict_put_obj(two_level, prefix, qobject_ref(entry->value));
        }
        g_free(prefix);
    }

    /* Step 2: crumple the sub-dicts recursively */
    multi_level = qdict_new();
    for (entry = qdict_first(two_level); entry;
         entry = qdict_next(two_level, entry)) {
        QDict *child_dict = qobject_to(QDict, entry->value);

        if (child_dict) {
            QObject *child = qdict_crumple(child_dict, errp);

            if (!child) {
                goto error;
            }
            qdict_put_obj(multi_level, entry->key, child);
        } else {
            qdict_put_obj(multi_level, entry->key,
                          qobject_ref(entry->value));
        }
    }
    qobject_unref(two_level);
    two_level = NULL;

    /* Step 3: dicts keyed 0..N-1 become lists */
    is_list = qdict_is_list(multi_level, errp);
    if (is_list < 0) {
        goto error;
    }
    if (is_list) {
        QList *list = qlist_new();

        for (i = 0; i < qdict_size(multi_level); i++) {
            char *key = g_strdup_printf("%zu", i);
            QObject *child = qdict_get(multi_level, key);

            if (!child) {
                error_setg(errp, "Missing list index %zu", i);
                g_free(key);
                qobject_unref(list);
                goto error;
            }
            qlist_append_obj(list, qobject_ref(child));
            g_free(key);
        }
        qobject_unref(multi_level);
        dst = QOBJECT(list);
    } else {
        dst = QOBJECT(multi_level);
    }
    return dst;

error:
    qobject_unref(two_level);
    qobject_unref(multi_level);
    return NULL;
}

bool qdict_rename_keys(QDict *qdict, const QDictRenames *renames,
                       Error **errp)
{
    for (; renames->from; renames++) {
        QObject *val = qdict_get(qdict, renames->from);

        if (!val) {
            continue;
        }
        if (qdict_haskey(qdict, renames->to)) {
            error_setg(errp, "'%s' and its alias '%s' can't be used at the "
                       "same time", renames->to, renames->from);
            return false;
        }
        qdict_put_obj(qdict, renames->to, qobject_ref(val));
        qdict_del(qdict, renames->from);
    }
    return true;
}
