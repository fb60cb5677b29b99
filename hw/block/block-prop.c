/*
 * The "drive" qdev property: a device's BlockBackend by -drive id or
 * by -blockdev node name.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/block/block.h"

static void get_drive(Object *obj, Visitor *v, const char *name,
                      void *opaque, Error **errp)
{
    const Property *prop = opaque;
    BlockBackend **ptr = object_field_prop_ptr(obj, prop);
    char *str = (char *)"";

    if (*ptr) {
        str = (char *)blk_name(*ptr);
        if (!*str && blk_bs(*ptr)) {
            str = (char *)bdrv_get_node_name(blk_bs(*ptr));
        }
    }
    visit_type_str(v, name, &str, errp);
}

static void set_drive(Object *obj, Visitor *v, const char *name,
                      void *opaque, Error **errp)
{
    const Property *prop = opaque;
    BlockBackend **ptr = object_field_prop_ptr(obj, prop);
    DeviceState *dev = DEVICE(obj);
    g_autofree char *str = NULL;
    BlockBackend *blk;
    BlockDriverState *bs;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    if (*ptr) {
        blk_detach_dev(*ptr, dev);
        blk_unref(*ptr);
        *ptr = NULL;
    }
    if (!*str) {
        return;
    }
    blk = blk_by_name(str);
    if (blk) {
        blk_ref(blk);
    } else {
        bs = bdrv_find_node(str);
        if (!bs) {
            error_setg(errp, "Property '%s.%s' can't find value '%s'",
                       object_get_typename(obj), name, str);
            return;
        }
        blk = blk_new_with_bs(bs, errp);
        if (!blk) {
            return;
        }
    }
    if (blk_attach_dev(blk, dev) < 0) {
        error_setg(errp, "Property '%s.%s' can't take value '%s', it's in "
                   "use", object_get_typename(obj), name, str);
        blk_unref(blk);
        return;
    }
    *ptr = blk;
}

static void release_drive(Object *obj, const char *name, void *opaque)
{
    const Property *prop = opaque;
    BlockBackend **ptr = object_field_prop_ptr(obj, prop);

    if (*ptr) {
        blk_detach_dev(*ptr, DEVICE(obj));
        blk_unref(*ptr);
        *ptr = NULL;
    }
}

const PropertyInfo qdev_prop_drive = {
    .type = "str",
    .description = "Node name or ID of a block device to use as a backend",
    .get = get_drive,
    .set = set_drive,
    .release = release_drive,
};
