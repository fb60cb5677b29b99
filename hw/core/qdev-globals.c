/*
 * -global: property values for every object of a type, applied after
 * the compat slots (see include/qom/object-compat.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "hw/qdev-core.h"
#include "qom/object-compat.h"

static GPtrArray *global_props(void)
{
    static GPtrArray *gp;

    if (!gp) {
        gp = g_ptr_array_new();
    }
    return gp;
}

void qdev_prop_register_global(GlobalProperty *prop)
{
    g_ptr_array_add(global_props(), prop);
}

static void global_property_free(gpointer data)
{
    GlobalProperty *g = data;

    g_free((char *)g->driver);
    g_free((char *)g->property);
    g_free((char *)g->value);
    g_free(g);
}

/* The entries qdev_global_option() made, which this file owns. */
static GPtrArray *parsed_globals(void)
{
    static GPtrArray *parsed;

    if (!parsed) {
        parsed = g_ptr_array_new_with_free_func(global_property_free);
    }
    return parsed;
}

static GlobalProperty *global_property_new(const char *driver,
                                           const char *property,
                                           const char *value)
{
    GlobalProperty *g = g_new0(GlobalProperty, 1);

    g->driver = g_strdup(driver);
    g->property = g_strdup(property);
    g->value = g_strdup(value);
    g_ptr_array_add(parsed_globals(), g);
    return g;
}

void qdev_prop_clear_globals(void)
{
    g_ptr_array_set_size(global_props(), 0);
    g_ptr_array_set_size(parsed_globals(), 0);
}

bool object_apply_globals(Object *obj, Error **errp)
{
    return object_apply_global_props(obj, global_props(), errp);
}

void object_apply_globals_post_init(Object *obj)
{
    Error *err = NULL;

    if (!object_apply_globals(obj, &err)) {
        object_compat_report_init_error(obj, err);
    }
}

/*
 * Split "driver=D,property=P,value=V" (",," escapes a comma) into its
 * three members.
 */
static bool parse_global_opts(const char *str, char **parts, Error **errp)
{
    static const char *const keys[] = { "driver", "property", "value" };
    const char *p = str;

    while (*p) {
        GString *item = g_string_new(NULL);
        const char *eq;
        int i;

        while (*p) {
            if (*p == ',') {
                if (p[1] != ',') {
                    break;
                }
                p++;
            }
            g_string_append_c(item, *p++);
        }
        if (*p == ',') {
            p++;
        }

        eq = strchr(item->str, '=');
        for (i = 0; eq && i < ARRAY_SIZE(keys); i++) {
            if (strlen(keys[i]) == eq - item->str &&
                !strncmp(item->str, keys[i], eq - item->str)) {
                break;
            }
        }
        if (!eq || i == ARRAY_SIZE(keys)) {
            error_setg(errp, "Invalid parameter '%.*s'",
                       eq ? (int)(eq - item->str) : (int)item->len,
                       item->str);
            g_string_free(item, true);
            return false;
        }
        g_free(parts[i]);
        parts[i] = g_strdup(eq + 1);
        g_string_free(item, true);
    }
    return true;
}

bool qdev_global_option(const char *str, Error **errp)
{
    ERRP_GUARD();
    char *parts[3] = { NULL, NULL, NULL };
    const char *dot = strchr(str, '.');
    const char *eq = strchr(str, '=');
    bool ok = false;

    /* DRIVER.PROPERTY=VALUE: the first '.' comes before the first '='. */
    if (dot && dot != str && eq && dot < eq && eq != dot + 1) {
        g_autofree char *driver = g_strndup(str, dot - str);
        g_autofree char *property = g_strndup(dot + 1, eq - dot - 1);

        qdev_prop_register_global(global_property_new(driver, property,
                                                      eq + 1));
        return true;
    }

    if (!parse_global_opts(str, parts, errp)) {
        error_append_hint(errp, "Expected DRIVER.PROPERTY=VALUE or "
                          "driver=DRIVER,property=PROPERTY,value=VALUE\n");
        goto out;
    }
    if (!parts[0] || !parts[1] || !parts[2]) {
        error_setg(errp, "options 'driver', 'property', and 'value'"
                   " are required");
        goto out;
    }
    qdev_prop_register_global(global_property_new(parts[0], parts[1],
                                                  parts[2]));
    ok = true;

out:
    g_free(parts[0]);
    g_free(parts[1]);
    g_free(parts[2]);
    return ok;
}

int qemu_global_option(const char *str)
{
    Error *err = NULL;

    if (!qdev_global_option(str, &err)) {
        error_report_err(err);
        return -1;
    }
    return 0;
}

int qdev_prop_check_globals(void)
{
    GPtrArray *props = global_props();
    int ret = 0;
    guint i;

    for (i = 0; i < props->len; i++) {
        GlobalProperty *prop = g_ptr_array_index(props, i);
        ObjectClass *oc;
        DeviceClass *dc;

        if (prop->used) {
            continue;
        }
        oc = object_class_by_name(prop->driver);
        if (!oc) {
            warn_report("global %s.%s has invalid class name",
                        prop->driver, prop->property);
            ret++;
            continue;
        }
        /* A hotpluggable device may still be added later. */
        dc = (DeviceClass *)object_class_dynamic_cast(oc, TYPE_DEVICE);
        if (dc && dc->hotpluggable) {
            continue;
        }
        warn_report("global %s.%s=%s not used",
                    prop->driver, prop->property, prop->value);
        ret++;
    }
    return ret;
}
