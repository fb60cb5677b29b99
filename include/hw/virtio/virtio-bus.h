/*
 * The virtio bus: a transport (virtio-mmio) hosts one VirtIODevice on it.
 * Same names as QEMU's include/hw/virtio/virtio-bus.h.
 */
#ifndef HW_VIRTIO_VIRTIO_BUS_H
#define HW_VIRTIO_VIRTIO_BUS_H

#include "hw/qdev-core.h"
#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_BUS "virtio-bus"
OBJECT_DECLARE_TYPE(VirtioBusState, VirtioBusClass, VIRTIO_BUS)

/**
 * VirtioBusClass: transport callbacks.
 * @notify: update the transport's interrupt line from the device's ISR
 * @device_plugged: a device was realized on the bus (before it is used)
 * @device_unplugged: the device is going away
 */
struct VirtioBusClass {
    BusClass parent;

    void (*notify)(DeviceState *d, uint16_t vector);
    void (*device_plugged)(DeviceState *d, Error **errp);
    void (*device_unplugged)(DeviceState *d);
};

struct VirtioBusState {
    BusState parent_obj;
};

/* virtio_bus_device_plugged: tell the transport @vdev is on its bus */
void virtio_bus_device_plugged(VirtIODevice *vdev, Error **errp);
void virtio_bus_device_unplugged(VirtIODevice *vdev);
/* virtio_bus_reset: reset the device on @bus, if any */
void virtio_bus_reset(VirtioBusState *bus);
/* virtio_bus_get_device: the device plugged on @bus, or NULL */
VirtIODevice *virtio_bus_get_device(VirtioBusState *bus);

#endif
