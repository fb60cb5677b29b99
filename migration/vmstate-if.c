/*
 * The vmstate-if interface and the id of an object's sections.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"
#include "hw/vmstate-if.h"
#include "hw/qdev-core.h"

char *vmstate_if_get_id(VMStateIf *vmif)
{
    Object *obj = (Object *)vmif;
    VMStateIfClass *vc;

    if (!obj) {
        return NULL;
    }
    vc = (VMStateIfClass *)object_class_dynamic_cast(object_get_class(obj),
                                                      TYPE_VMSTATE_IF);
    if (vc && vc->get_id) {
        return vc->get_id(vmif);
    }
    if (object_dynamic_cast(obj, TYPE_DEVICE)) {
        return qdev_get_dev_path(DEVICE(obj));
    }
    return NULL;
}

static const TypeInfo vmstate_if_info = {
    .name = TYPE_VMSTATE_IF,
    .parent = TYPE_INTERFACE,
    .class_size = sizeof(VMStateIfClass),
};

static void vmstate_register_types(void)
{
    type_register_static(&vmstate_if_info);
}

type_init(vmstate_register_types)
