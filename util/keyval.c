/*
 * Parsing "key=value,..." strings into QDicts (see include/qemu/keyval.h).
 *
 * Grammar:
 *   key-vals     = [ key-val { ',' key-val } [ ',' ] ]
 *   key-val      = key '=' val | help
 *   key          = key-fragment { '.' key-fragment }
 *   key-fragment = name | index      (index not allowed first)
 *   val          = { any byte but ',' | ',,' }
 * With an implied key, the first key-val may also be a bare value
 * without '=' or ','.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/keyval.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"

#define KEY_FRAGMENT_MAX 127

/*
 * Length of the name at @s: a letter followed by letters, digits, '-'
 * and '_'.  0 if there is none.
 */
static size_t name_len(const char *s)
{
    size_t n = 0;

    if (!g_ascii_isalpha(s[0])) {
        return 0;
    }
    while (g_ascii_isalnum(s[n]) || s[n] == '-' || s[n] == '_') {
        n++;
    }
    return n;
}

/* Length of the run of decimal digits at @s. */
static size_t index_len(const char *s)
{
    size_t n = 0;

    while (g_ascii_isdigit(s[n])) {
        n++;
    }
    return n;
}

/*
 * If @key is a list index (decimal digits only), return its value,
 * capped at INT_MAX; else return -1.
 */
static int key_to_index(const char *key)
{
    uint64_t val;

    if (!g_ascii_isdigit(*key) || key[index_len(key)]) {
        return -1;
    }
    if (parse_uint_full(key, 10, &val) < 0 || val > INT_MAX) {
        return INT_MAX;
    }
    return val;
}

/* True if the key-val at @s (of @len bytes) asks for help. */
static bool is_help(const char *s, size_t len)
{
    return (len == 4 && !strncmp(s, "help", 4)) ||
           (len == 1 && s[0] == '?');
}

/*
 * Make @cur map @name to a dict (@value NULL) or to the string @value
 * (whose reference is taken over).  @key..@key_end names the key for
 * error messages.  Returns the mapped value, or NULL on conflict.
 */
static QObject *put_member(QDict *cur, const char *name, QString *value,
                           const char *key, const char *key_end,
                           Error **errp)
{
    QObject *old = qdict_get(cur, name);
    QObject *new;

    if (old) {
        if (qobject_type(old) != (value ? QTYPE_QSTRING : QTYPE_QDICT)) {
            error_setg(errp, "Parameters '%.*s.*' used inconsistently",
                       (int)(key_end - key), key);
            qobject_unref(value);
            return NULL;
        }
        if (!value) {
            return old;
        }
    }
    new = value ? QOBJECT(value) : QOBJECT(qdict_new());
    qdict_put_obj(cur, name, new);
    return new;
}

/*
 * Parse one key-val at @params into @qdict.  Returns a pointer to the
 * next key-val (or the terminating NUL), or NULL on error.
 */
static const char *parse_one(QDict *qdict, const char *params,
                             const char *implied_key, bool *help,
                             Error **errp)
{
    const char *key, *key_end, *s;
    const char *val_start = NULL, *val_end = NULL;
    char name[KEY_FRAGMENT_MAX + 1];
    size_t len = strcspn(params, "=,");
    QDict *cur = qdict;
    QString *val;

    key = params;
    if (len && params[len] != '=') {
        if (is_help(params, len)) {
            *help = true;
            s = params + len;
            return *s == ',' ? s + 1 : s;
        }
        if (implied_key) {
            /* "value" means "implied_key=value" */
            val_start = params;
            val_end = params + len;
            key = implied_key;
            len = strlen(implied_key);
        }
    }
    key_end = key + len;

    /* Walk the fragments; @name holds the one not yet applied */
    s = key;
    for (;;) {
        size_t n = s != key && g_ascii_isdigit(*s) ? index_len(s)
                                                   : name_len(s);

        if (!n || (s + n < key_end && s[n] != '.') || s + n > key_end) {
            error_setg(errp, "Invalid parameter '%.*s'",
                       (int)(key_end - key), key);
            return NULL;
        }
        if (n > KEY_FRAGMENT_MAX) {
            error_setg(errp, "Parameter%s '%.*s' is too long",
                       s != key || s + n != key_end ? " fragment" : "",
                       (int)n, s);
            return NULL;
        }
        if (s != key) {
            QObject *next = put_member(cur, name, NULL, key, s - 1, errp);

            if (!next) {
                return NULL;
            }
            cur = qobject_to(QDict, next);
        }
        memcpy(name, s, n);
        name[n] = '\0';
        s += n;
        if (*s != '.' || s >= key_end) {
            break;
        }
        s++;
    }

    if (val_start) {
        val = qstring_from_substr(val_start, 0, val_end - val_start);
        s = *val_end == ',' ? val_end + 1 : val_end;
    } else {
        GString *buf = g_string_new(NULL);

        if (*s != '=') {
            error_setg(errp, "Expected '=' after parameter '%.*s'",
                       (int)(s - key), key);
            g_string_free(buf, true);
            return NULL;
        }
        s++;
        /* the value runs to the next single ','; ",," is a ',' */
        while (*s) {
            if (*s == ',') {
                if (s[1] != ',') {
                    s++;
                    break;
                }
                s++;
            }
            g_string_append_c(buf, *s++);
        }
        val = qstring_from_gstring(buf);
    }

    if (!put_member(cur, name, val, key, key_end, errp)) {
        return NULL;
    }
    return s;
}

/* Build "a.b." from the fragments leading to a dict (innermost first). */
static char *reassemble_key(GSList *key)
{
    GString *s = g_string_new(NULL);

    for (; key; key = key->next) {
        g_string_prepend_c(s, '.');
        g_string_prepend(s, key->data);
    }
    return g_string_free(s, false);
}

/*
 * Replace, recursively, dicts whose keys are all list indexes by lists.
 * @path is the list of fragments leading to @cur.  Returns @cur or its
 * replacement (a new reference in that case), or NULL on error.
 */
static QObject *listify(QDict *cur, GSList *path, Error **errp)
{
    const QDictEntry *ent;
    bool has_index = false, has_member = false;
    GSList node = { .next = path };
    QObject **elt;
    size_t nelt, i;
    int max_index = -1;
    QList *list;

    for (ent = qdict_first(cur); ent; ent = qdict_next(cur, ent)) {
        QDict *child = qobject_to(QDict, ent->value);
        QObject *val;

        if (key_to_index(ent->key) >= 0) {
            has_index = true;
        } else {
            has_member = true;
        }
        if (!child) {
            continue;
        }
        node.data = ent->key;
        val = listify(child, &node, errp);
        if (!val) {
            return NULL;
        }
        if (val != ent->value) {
            /* replacing the value keeps the entry valid */
            qdict_put_obj(cur, ent->key, val);
        }
    }

    if (has_index && has_member) {
        char *key = reassemble_key(path);

        error_setg(errp, "Parameters '%s*' used inconsistently", key);
        g_free(key);
        return NULL;
    }
    if (!has_index) {
        return QOBJECT(cur);
    }

    /* indexes must be exactly 0 .. size-1 */
    nelt = qdict_size(cur);
    elt = g_new0(QObject *, nelt);
    for (ent = qdict_first(cur); ent; ent = qdict_next(cur, ent)) {
        int index = key_to_index(ent->key);

        max_index = MAX(max_index, index);
        if ((size_t)index < nelt) {
            elt[index] = ent->value;
        }
    }
    list = qlist_new();
    for (i = 0; i <= (size_t)max_index; i++) {
        if (i >= nelt || !elt[i]) {
            char *key = reassemble_key(path);

            error_setg(errp, "Parameter '%s%zu' missing", key, i);
            g_free(key);
            g_free(elt);
            qobject_unref(list);
            return NULL;
        }
        qlist_append_obj(list, qobject_ref(elt[i]));
    }
    g_free(elt);
    return QOBJECT(list);
}

QDict *keyval_parse_into(QDict *qdict, const char *params,
                         const char *implied_key, bool *p_help,
                         Error **errp)
{
    bool help = false;
    const char *s = params;
    QObject *listified;

    while (*s) {
        s = parse_one(qdict, s, implied_key, &help, errp);
        if (!s) {
            return NULL;
        }
        implied_key = NULL;
    }

    if (p_help) {
        *p_help = help;
    } else if (help) {
        error_setg(errp, "Help is not available for this option");
        return NULL;
    }

    listified = listify(qdict, NULL, errp);
    if (!listified) {
        return NULL;
    }
    g_assert(listified == QOBJECT(qdict));
    return qdict;
}

QDict *keyval_parse(const char *params, const char *implied_key,
                    bool *p_help, Error **errp)
{
    QDict *qdict = qdict_new();

    if (!keyval_parse_into(qdict, params, implied_key, p_help, errp)) {
        qobject_unref(qdict);
        return NULL;
    }
    return qdict;
}

static bool merge_into(QDict *dest, const QDict *merged, GString *path,
                       Error **errp)
{
    const QDictEntry *ent;

    for (ent = qdict_first(merged); ent; ent = qdict_next(merged, ent)) {
        QObject *old = qdict_get(dest, ent->key);

        if (old && qobject_type(old) != qobject_type(ent->value)) {
            error_setg(errp, "Parameter '%s%s' used inconsistently",
                       path->str, ent->key);
            return false;
        }
        if (old && qobject_type(old) == QTYPE_QDICT) {
            size_t len = path->len;
            bool ok;

            g_string_append_printf(path, "%s.", ent->key);
            ok = merge_into(qobject_to(QDict, old),
                            qobject_to(QDict, ent->value), path, errp);
            g_string_truncate(path, len);
            if (!ok) {
                return false;
            }
            continue;
        }
        if (old && qobject_type(old) == QTYPE_QLIST) {
            QList *list = qobject_to(QList, old);
            const QListEntry *item;

            QLIST_FOREACH_ENTRY(qobject_to(QList, ent->value), item) {
                qlist_append_obj(list, qobject_ref(item->value));
            }
            continue;
        }
        qdict_put_obj(dest, ent->key, qobject_ref(ent->value));
    }
    return true;
}

void keyval_merge(QDict *old, const QDict *new, Error **errp)
{
    GString *path = g_string_new(NULL);

    merge_into(old, new, path, errp);
    g_string_free(path, true);
}
