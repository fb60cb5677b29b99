/*
 * qdev properties referring to system objects: the chardev property.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/qdev-properties-system.h"

static void get_chr(Object *obj, Visitor *v, const char *name, void *opaque,
                    Error **errp)
{
    const Property *prop = opaque;
    CharBackend *be = object_field_prop_ptr(obj, prop);
    char *label = (char *)"";

    if (be->chr && be->chr->label) {
        label = be->chr->label;
    }
    visit_type_str(v, name, &label, errp);
}

static void set_chr(Object *obj, Visitor *v, const char *name, void *opaque,
                    Error **errp)
{
    const Property *prop = opaque;
    CharBackend *be = object_field_prop_ptr(obj, prop);
    Chardev *chr;
    char *str;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    if (!*str) {
        /* Empty: no chardev (drop a previous one). */
        qemu_chr_fe_deinit(be, false);
        g_free(str);
        return;
    }
    if (be->chr) {
        error_setg(errp, "Property '%s.%s' already has chardev '%s'",
                   object_get_typename(obj), name, be->chr->label);
        g_free(str);
        return;
    }
    chr = qemu_chr_find(str);
    if (!chr) {
        error_setg(errp, "Property '%s.%s' can't find value '%s'",
                   object_get_typename(obj), name, str);
    } else if (!qemu_chr_fe_init(be, chr, errp)) {
        error_prepend(errp, "Property '%s.%s' can't take value '%s': ",
                      object_get_typename(obj), name, str);
    }
    g_free(str);
}

static void release_chr(Object *obj, const char *name, void *opaque)
{
    const Property *prop = opaque;
    CharBackend *be = object_field_prop_ptr(obj, prop);

    qemu_chr_fe_deinit(be, false);
}

const PropertyInfo qdev_prop_chr = {
    .type = "str",
    .description = "ID of a chardev to use as a backend",
    .get = get_chr,
    .set = set_chr,
    .release = release_chr,
};

void qdev_prop_set_chr(DeviceState *dev, const char *name, Chardev *value)
{
    g_assert(!value || value->label);
    object_property_set_str(OBJECT(dev), name, value ? value->label : "",
                            &error_abort);
}
