/*
 * QObject -> JSON text, in QEMU's layout.
 */
#include "qemu/osdep.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "json-parser-int.h"

/*
 * Append @str as a JSON string.  Like QEMU, the output is pure ASCII:
 * control characters and everything from U+007F up are written as \uXXXX
 * (surrogate pairs beyond the BMP); invalid UTF-8 becomes \uFFFD.
 */
static void quote_string(GString *out, const char *str)
{
    const char *p = str;
    size_t left = strlen(str);

    g_string_append_c(out, '"');
    while (left) {
        size_t n;
        int cp = json_utf8_decode(p, left, &n);

        p += n;
        left -= n;
        switch (cp) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\b':
            g_string_append(out, "\\b");
            break;
        case '\f':
            g_string_append(out, "\\f");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (cp < 0) {
                cp = 0xFFFD;
            }
            if (cp > 0xFFFF) {
                cp -= 0x10000;
                g_string_append_printf(out, "\\u%04X\\u%04X",
                                       0xD800 + (cp >> 10),
                                       0xDC00 + (cp & 0x3FF));
            } else if (cp < 0x20 || cp >= 0x7F) {
                g_string_append_printf(out, "\\u%04X", cp);
            } else {
                g_string_append_c(out, cp);
            }
        }
    }
    g_string_append_c(out, '"');
}

static void newline_indent(GString *out, bool pretty, int level)
{
    if (pretty) {
        g_string_append_printf(out, "\n%*s", level * 4, "");
    }
}

static void to_json(GString *out, const QObject *obj, bool pretty,
                    int level)
{
    switch (qobject_type(obj)) {
    case QTYPE_QNULL:
        g_string_append(out, "null");
        break;
    case QTYPE_QNUM: {
        char *text = qnum_to_string(qobject_to(QNum, obj));

        g_string_append(out, text);
        g_free(text);
        break;
    }
    case QTYPE_QSTRING:
        quote_string(out, qstring_get_str(qobject_to(QString, obj)));
        break;
    case QTYPE_QDICT: {
        const QDict *dict = qobject_to(QDict, obj);
        const QDictEntry *entry;

        g_string_append_c(out, '{');
        for (entry = qdict_first(dict); entry;
             entry = qdict_next(dict, entry)) {
            if (entry != qdict_first(dict)) {
                g_string_append_c(out, ',');
                if (!pretty) {
                    g_string_append_c(out, ' ');
                }
            }
            newline_indent(out, pretty, level + 1);
            quote_string(out, entry->key);
            g_string_append(out, ": ");
            to_json(out, entry->value, pretty, level + 1);
        }
        newline_indent(out, pretty, level);
        g_string_append_c(out, '}');
        break;
    }
    case QTYPE_QLIST: {
        const QList *list = qobject_to(QList, obj);
        const QListEntry *entry;

        g_string_append_c(out, '[');
        QLIST_FOREACH_ENTRY(list, entry) {
            if (entry != qlist_first(list)) {
                g_string_append_c(out, ',');
                if (!pretty) {
                    g_string_append_c(out, ' ');
                }
            }
            newline_indent(out, pretty, level + 1);
            to_json(out, entry->value, pretty, level + 1);
        }
        newline_indent(out, pretty, level);
        g_string_append_c(out, ']');
        break;
    }
    case QTYPE_QBOOL:
        g_string_append(out, qbool_get_bool(qobject_to(QBool, obj))
                        ? "true" : "false");
        break;
    default:
        g_assert_not_reached();
    }
}

GString *qobject_to_json_pretty(const QObject *obj, bool pretty)
{
    GString *out = g_string_new(NULL);

    to_json(out, obj, pretty, 0);
    return out;
}

GString *qobject_to_json(const QObject *obj)
{
    return qobject_to_json_pretty(obj, false);
}
