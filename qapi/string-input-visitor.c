/*
 * String input visitor.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/string-input-visitor.h"
#include "qapi/visitor-impl.h"
#include "qemu/cutils.h"
#include "qobject/qnull.h"

/* Most integers a range may expand to, to bound memory use */
#define RANGE_MAX_ELEMENTS 65536

struct StringInputVisitor {
    Visitor visitor;
    char *string;
    /* list mode */
    bool in_list;
    void *list;                 /* the C list, to check the call pairs */
    char *list_name;
    char **tokens;              /* the elements (NULL-terminated) */
    guint pos;                  /* next token */
    /* range being expanded: the values still to produce */
    bool in_range;
    uint64_t range_next;
    uint64_t range_left;
};

static StringInputVisitor *to_siv(Visitor *v)
{
    return container_of(v, StringInputVisitor, visitor);
}

static const char *err_name(StringInputVisitor *siv, const char *name)
{
    if (siv->in_list) {
        return siv->list_name ? siv->list_name : "null";
    }
    return name ? name : "null";
}

static bool siv_start_struct(Visitor *v, const char *name, void **obj,
                             size_t size, Error **errp)
{
    if (obj) {
        *obj = NULL;
    }
    error_setg(errp, "Parameter '%s': structs cannot be parsed from a"
               " string", name ? name : "null");
    return false;
}

static void siv_end_struct(Visitor *v, void **obj)
{
    /* never started */
    abort();
}

static bool siv_start_list(Visitor *v, const char *name, GenericList **list,
                           size_t size, Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (siv->in_list) {
        if (list) {
            *list = NULL;
        }
        error_setg(errp, "Parameter '%s': nested lists are not supported",
                   err_name(siv, name));
        return false;
    }
    siv->in_list = true;
    siv->list = list;
    siv->list_name = g_strdup(name);
    siv->tokens = siv->string[0] ? g_strsplit(siv->string, ",", -1)
                                 : g_new0(char *, 1);
    siv->pos = 0;
    siv->in_range = false;
    if (list) {
        *list = siv->tokens[0] ? g_malloc0(size) : NULL;
    }
    return true;
}

static bool have_more(StringInputVisitor *siv)
{
    return (siv->in_range && siv->range_left) || siv->tokens[siv->pos];
}

static GenericList *siv_next_list(Visitor *v, GenericList *tail,
                                  size_t size)
{
    StringInputVisitor *siv = to_siv(v);

    if (!have_more(siv)) {
        return NULL;
    }
    tail->next = g_malloc0(size);
    return tail->next;
}

static bool siv_check_list(Visitor *v, Error **errp)
{
    StringInputVisitor *siv = to_siv(v);

    if (have_more(siv)) {
        error_setg(errp, "Parameter '%s' has more list elements than"
                   " expected", err_name(siv, NULL));
        return false;
    }
    return true;
}

static void siv_end_list(Visitor *v, void **obj)
{
    StringInputVisitor *siv = to_siv(v);

    assert(siv->in_list && siv->list == obj);
    siv->in_list = false;
    g_strfreev(siv->tokens);
    siv->tokens = NULL;
    g_free(siv->list_name);
    siv->list_name = NULL;
}

/* The text of the scalar to visit next, or NULL with @errp set */
static const char *next_token(StringInputVisitor *siv, const char *name,
                              Error **errp)
{
    if (!siv->in_list) {
        return siv->string;
    }
    if (!siv->tokens[siv->pos]) {
        error_setg(errp, "Parameter '%s' has fewer list elements than"
                   " expected", err_name(siv, name));
        return NULL;
    }
    return siv->tokens[siv->pos++];
}

/*
 * Parse an integer or, in a list, a range "A-B", as signed or unsigned.
 * The first value goes to *@obj; the rest of a range is kept for the
 * following elements.
 */
static bool parse_int(StringInputVisitor *siv, const char *name,
                      bool is_signed, uint64_t *obj, Error **errp)
{
    const char *str, *end;
    uint64_t first, last;
    int64_t sfirst, slast;
    int ret;

    if (siv->in_list && siv->in_range && siv->range_left) {
        *obj = siv->range_next++;
        siv->range_left--;
        return true;
    }
    str = next_token(siv, name, errp);
    if (!str) {
        return false;
    }
    if (is_signed) {
        ret = qemu_strtoi64(str, &end, 0, &sfirst);
        first = sfirst;
    } else {
        ret = qemu_strtou64(str, &end, 0, &first);
    }
    if (ret == 0 && *end == '\0') {
        *obj = first;
        return true;
    }
    if (ret == 0 && siv->in_list && *end == '-') {
        if (is_signed) {
            ret = qemu_strtoi64(end + 1, &end, 0, &slast);
            last = slast;
            ret = ret ? ret : (slast < sfirst ? -EINVAL : 0);
        } else {
            ret = qemu_strtou64(end + 1, &end, 0, &last);
            ret = ret ? ret : (last < first ? -EINVAL : 0);
        }
        if (ret == 0 && *end == '\0') {
            if (last - first >= RANGE_MAX_ELEMENTS) {
                error_setg(errp, "Parameter '%s': range '%s' has more than"
                           " %d elements", err_name(siv, name), str,
                           RANGE_MAX_ELEMENTS);
                return false;
            }
            *obj = first;
            siv->in_range = true;
            siv->range_next = first + 1;
            siv->range_left = last - first;
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' expects %s", err_name(siv, name),
               siv->in_list ? (is_signed ? "an int64 value or range"
                                         : "a uint64 value or range")
                            : (is_signed ? "int64" : "uint64"));
    return false;
}

static bool siv_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    uint64_t val;

    if (!parse_int(to_siv(v), name, true, &val, errp)) {
        return false;
    }
    *obj = val;
    return true;
}

static bool siv_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    return parse_int(to_siv(v), name, false, obj, errp);
}

static bool siv_type_size(Visitor *v, const char *name, uint64_t *obj,
                          Error **errp)
{
    StringInputVisitor *siv = to_siv(v);
    const char *str = next_token(siv, name, errp);
    uint64_t val;

    if (!str) {
        return false;
    }
    if (qemu_strtosz(str, NULL, &val) < 0) {
        error_setg(errp, "Parameter '%s' expects size",
                   err_name(siv, name));
        return false;
    }
    *obj = val;
    return true;
}

static bool siv_type_bool(Visitor *v, const char *name, bool *obj,
                          Error **errp)
{
    StringInputVisitor *siv = to_siv(v);
    const char *str = next_token(siv, name, errp);

    return str && qapi_bool_parse(err_name(siv, name), str, obj, errp);
}

static bool siv_type_str(Visitor *v, const char *name, char **obj,
                         Error **errp)
{
    StringInputVisitor *siv = to_siv(v);
    const char *str = next_token(siv, name, errp);

    *obj = g_strdup(str);
    return str != NULL;
}

static bool siv_type_number(Visitor *v, const char *name, double *obj,
                            Error **errp)
{
    StringInputVisitor *siv = to_siv(v);
    const char *str = next_token(siv, name, errp);
    double val;

    if (!str) {
        return false;
    }
    if (qemu_strtod_finite(str, NULL, &val) < 0) {
        error_setg(errp, "Parameter '%s' expects number",
                   err_name(siv, name));
        return false;
    }
    *obj = val;
    return true;
}

static bool siv_type_null(Visitor *v, const char *name, QNull **obj,
                          Error **errp)
{
    StringInputVisitor *siv = to_siv(v);
    const char *str = next_token(siv, name, errp);

    *obj = NULL;
    if (!str) {
        return false;
    }
    if (str[0]) {
        error_setg(errp, "Parameter '%s' expects null",
                   err_name(siv, name));
        return false;
    }
    *obj = qnull();
    return true;
}

static void siv_free(Visitor *v)
{
    StringInputVisitor *siv = to_siv(v);

    g_strfreev(siv->tokens);
    g_free(siv->list_name);
    g_free(siv->string);
    g_free(siv);
}

Visitor *string_input_visitor_new(const char *str)
{
    StringInputVisitor *v = g_new0(StringInputVisitor, 1);

    assert(str);
    v->visitor.type = VISITOR_INPUT;
    v->visitor.start_struct = siv_start_struct;
    v->visitor.end_struct = siv_end_struct;
    v->visitor.start_list = siv_start_list;
    v->visitor.next_list = siv_next_list;
    v->visitor.check_list = siv_check_list;
    v->visitor.end_list = siv_end_list;
    v->visitor.type_int64 = siv_type_int64;
    v->visitor.type_uint64 = siv_type_uint64;
    v->visitor.type_size = siv_type_size;
    v->visitor.type_bool = siv_type_bool;
    v->visitor.type_str = siv_type_str;
    v->visitor.type_number = siv_type_number;
    v->visitor.type_null = siv_type_null;
    v->visitor.free = siv_free;
    v->string = g_strdup(str);
    return &v->visitor;
}
