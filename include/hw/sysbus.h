/*
 * System bus: the root bus of the device tree, and the base type of
 * devices that sit directly on it (memory-mapped devices).  MMIO
 * regions and IRQ lines arrive with the memory API.
 */
#ifndef HW_SYSBUS_H
#define HW_SYSBUS_H

#include "hw/qdev-core.h"

#define TYPE_SYSTEM_BUS "System"

#define TYPE_SYS_BUS_DEVICE "sys-bus-device"
OBJECT_DECLARE_TYPE(SysBusDevice, SysBusDeviceClass, SYS_BUS_DEVICE)

struct SysBusDeviceClass {
    /* <private> */
    DeviceClass parent_class;
};

struct SysBusDevice {
    /* <private> */
    DeviceState parent_obj;
};

/* The main system bus "main-system-bus", created on first use. */
BusState *sysbus_get_default(void);

/* Realize @dev on the main system bus. */
bool sysbus_realize(SysBusDevice *dev, Error **errp);

/* sysbus_realize(), then drop the caller's reference. */
bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp);

#endif
