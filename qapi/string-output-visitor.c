/*
 * String output visitor.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/string-output-visitor.h"
#include "qapi/visitor-impl.h"
#include "qemu/cutils.h"

/* A run of consecutive integers in a list being formatted */
typedef struct Range {
    uint64_t first;
    uint64_t last;
    bool is_signed;
} Range;

struct StringOutputVisitor {
    Visitor visitor;
    bool human;
    GString *string;            /* the output so far */
    char **result;
    bool in_list;
    void *list;                 /* the C list, to check the call pairs */
    unsigned count;             /* elements formatted so far */
    GArray *ranges;             /* integer runs not yet formatted */
};

static StringOutputVisitor *to_sov(Visitor *v)
{
    return container_of(v, StringOutputVisitor, visitor);
}

static void format_int(GString *s, uint64_t val, bool is_signed)
{
    if (is_signed) {
        g_string_append_printf(s, "%" PRId64, (int64_t)val);
    } else {
        g_string_append_printf(s, "%" PRIu64, val);
    }
}

static void format_hex(GString *s, uint64_t val, bool is_signed)
{
    if (is_signed && (int64_t)val < 0) {
        g_string_append_printf(s, "-%#" PRIx64, -val);
    } else {
        g_string_append_printf(s, "%#" PRIx64, val);
    }
}

/* Format the pending integer runs: "1-3,5" (human: plus hex) */
static void flush_ranges(StringOutputVisitor *sov)
{
    GArray *ranges = sov->ranges;
    guint i;
    int pass;

    if (!ranges->len) {
        return;
    }
    for (pass = 0; pass < (sov->human ? 2 : 1); pass++) {
        void (*fmt)(GString *, uint64_t, bool) = pass ? format_hex
                                                      : format_int;

        g_string_append(sov->string, pass ? " (" : "");
        for (i = 0; i < ranges->len; i++) {
            Range *r = &g_array_index(ranges, Range, i);

            if (i) {
                g_string_append_c(sov->string, ',');
            }
            fmt(sov->string, r->first, r->is_signed);
            if (r->last != r->first) {
                g_string_append_c(sov->string, '-');
                fmt(sov->string, r->last, r->is_signed);
            }
        }
        g_string_append(sov->string, pass ? ")" : "");
    }
    g_array_set_size(ranges, 0);
}

/* Start the text of the next value (a separator inside lists) */
static void begin_value(StringOutputVisitor *sov)
{
    if (sov->in_list) {
        flush_ranges(sov);
        if (sov->count++) {
            g_string_append_c(sov->string, ',');
        }
    } else {
        g_string_truncate(sov->string, 0);
    }
}

static void add_int(StringOutputVisitor *sov, uint64_t val, bool is_signed)
{
    if (sov->in_list) {
        GArray *ranges = sov->ranges;
        Range *last = ranges->len
            ? &g_array_index(ranges, Range, ranges->len - 1) : NULL;
        Range r = { val, val, is_signed };

        if (last && last->is_signed == is_signed && val == last->last + 1 &&
            (is_signed ? (int64_t)val > (int64_t)last->last
                       : val > last->last)) {
            last->last = val;
            return;
        }
        if (!ranges->len && sov->count) {
            g_string_append_c(sov->string, ',');
        }
        if (!ranges->len) {
            sov->count++;
        }
        g_array_append_val(ranges, r);
        return;
    }
    g_string_truncate(sov->string, 0);
    format_int(sov->string, val, is_signed);
    if (sov->human) {
        g_string_append(sov->string, " (");
        format_hex(sov->string, val, is_signed);
        g_string_append_c(sov->string, ')');
    }
}

static bool sov_type_int64(Visitor *v, const char *name, int64_t *obj,
                           Error **errp)
{
    add_int(to_sov(v), *obj, true);
    return true;
}

static bool sov_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    add_int(to_sov(v), *obj, false);
    return true;
}

static bool sov_type_size(Visitor *v, const char *name, uint64_t *obj,
                          Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);
    char *unit;

    if (!sov->human) {
        return sov_type_uint64(v, name, obj, errp);
    }
    begin_value(sov);
    unit = size_to_str(*obj);
    g_string_append_printf(sov->string, "%" PRIu64 " (%s)", *obj, unit);
    g_free(unit);
    return true;
}

static bool sov_type_bool(Visitor *v, const char *name, bool *obj,
                          Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);

    begin_value(sov);
    g_string_append(sov->string, *obj ? "true" : "false");
    return true;
}

static bool sov_type_str(Visitor *v, const char *name, char **obj,
                         Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);
    const char *str = *obj ? *obj : "";

    begin_value(sov);
    if (sov->human) {
        g_string_append_printf(sov->string, "\"%s\"", str);
    } else {
        g_string_append(sov->string, str);
    }
    return true;
}

static bool sov_type_number(Visitor *v, const char *name, double *obj,
                            Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);
    char buf[64];
    int prec;

    begin_value(sov);
    /* the shortest text that reads back as the same double */
    for (prec = 15; prec < 17; prec++) {
        g_ascii_formatd(buf, sizeof(buf), prec == 15 ? "%.15g" : "%.16g",
                        *obj);
        if (g_ascii_strtod(buf, NULL) == *obj) {
            break;
        }
    }
    if (prec == 17) {
        g_ascii_formatd(buf, sizeof(buf), "%.17g", *obj);
    }
    g_string_append(sov->string, buf);
    return true;
}

static bool sov_type_null(Visitor *v, const char *name, QNull **obj,
                          Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);

    begin_value(sov);
    if (sov->human) {
        g_string_append(sov->string, "<null>");
    }
    return true;
}

static bool sov_start_struct(Visitor *v, const char *name, void **obj,
                             size_t size, Error **errp)
{
    error_setg(errp, "Parameter '%s': structs cannot be formatted as a"
               " string", name ? name : "null");
    return false;
}

static void sov_end_struct(Visitor *v, void **obj)
{
    /* never started */
    abort();
}

static bool sov_start_list(Visitor *v, const char *name, GenericList **list,
                           size_t size, Error **errp)
{
    StringOutputVisitor *sov = to_sov(v);

    if (sov->in_list) {
        error_setg(errp, "Parameter '%s': nested lists cannot be"
                   " formatted as a string", name ? name : "null");
        return false;
    }
    g_string_truncate(sov->string, 0);
    sov->in_list = true;
    sov->list = list;
    sov->count = 0;
    return true;
}

static GenericList *sov_next_list(Visitor *v, GenericList *tail,
                                  size_t size)
{
    return tail->next;
}

static void sov_end_list(Visitor *v, void **obj)
{
    StringOutputVisitor *sov = to_sov(v);

    assert(sov->in_list && sov->list == obj);
    flush_ranges(sov);
    sov->in_list = false;
}

static void sov_complete(Visitor *v, void *opaque)
{
    StringOutputVisitor *sov = to_sov(v);

    assert(opaque == sov->result);
    assert(!sov->in_list);
    *sov->result = g_strdup(sov->string->str);
}

static void sov_free(Visitor *v)
{
    StringOutputVisitor *sov = to_sov(v);

    g_string_free(sov->string, true);
    g_array_free(sov->ranges, true);
    g_free(sov);
}

Visitor *string_output_visitor_new(bool human, char **result)
{
    StringOutputVisitor *v = g_new0(StringOutputVisitor, 1);

    v->visitor.type = VISITOR_OUTPUT;
    v->visitor.start_struct = sov_start_struct;
    v->visitor.end_struct = sov_end_struct;
    v->visitor.start_list = sov_start_list;
    v->visitor.next_list = sov_next_list;
    v->visitor.end_list = sov_end_list;
    v->visitor.type_int64 = sov_type_int64;
    v->visitor.type_uint64 = sov_type_uint64;
    v->visitor.type_size = sov_type_size;
    v->visitor.type_bool = sov_type_bool;
    v->visitor.type_str = sov_type_str;
    v->visitor.type_number = sov_type_number;
    v->visitor.type_null = sov_type_null;
    v->visitor.complete = sov_complete;
    v->visitor.free = sov_free;
    v->human = human;
    v->result = result;
    v->string = g_string_new("");
    v->ranges = g_array_new(false, false, sizeof(Range));
    *result = NULL;
    return &v->visitor;
}
