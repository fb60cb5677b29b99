/*
 * VMStateIf: the interface of objects that own migration sections
 * (devices).  Its get_id() gives the prefix of their section names.
 * Same names as QEMU's include/hw/vmstate-if.h.
 */
#ifndef VMSTATE_IF_H
#define VMSTATE_IF_H

#include "qom/object.h"

#define TYPE_VMSTATE_IF "vmstate-if"

typedef struct VMStateIf VMStateIf;
typedef struct VMStateIfClass VMStateIfClass;

struct VMStateIfClass {
    InterfaceClass parent_class;

    /* The id prefix of the object's sections, or NULL (caller frees). */
    char *(*get_id)(VMStateIf *obj);
};

/*
 * Ours: a plain cast.  Devices do not have to declare the interface;
 * vmstate_if_get_id() asks the class when it does, and otherwise uses
 * qdev_get_dev_path() for a device.
 */
#define VMSTATE_IF(obj) ((VMStateIf *)(obj))

/**
 * vmstate_if_get_id: the section id prefix of @vmif (NULL when @vmif is
 * NULL or has none).  The caller frees the result.
 */
char *vmstate_if_get_id(VMStateIf *vmif);

#endif
