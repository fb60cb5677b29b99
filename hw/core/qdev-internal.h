/*
 * Private helpers shared by hw/core/qdev.c and hw/core/bus.c.
 */
#ifndef HW_CORE_QDEV_INTERNAL_H
#define HW_CORE_QDEV_INTERNAL_H

#include "hw/qdev-core.h"

/* Plug @child into @bus's children (the bus takes a reference). */
void bus_add_child(BusState *bus, DeviceState *child);

/* Remove @child from @bus's children (drops the bus's reference). */
void bus_remove_child(BusState *bus, DeviceState *child);

#endif
