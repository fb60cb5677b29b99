/*
 * The virtio bus: links a VirtIODevice with the transport that hosts it.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/virtio/virtio-bus.h"

void virtio_bus_device_plugged(VirtIODevice *vdev, Error **errp)
{
    BusState *qbus = qdev_get_parent_bus(DEVICE(vdev));
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);
    VirtioBusClass *k;
    Error *err = NULL;

    if (!qbus) {
        error_setg(errp, "virtio device '%s' is not on a virtio bus",
                   object_get_typename(OBJECT(vdev)));
        return;
    }
    k = VIRTIO_BUS_GET_CLASS(qbus);
    /* Our transports are modern only */
    virtio_add_feature(&vdev->host_features, VIRTIO_F_VERSION_1);
    if (vdc->get_features) {
        vdev->host_features = vdc->get_features(vdev, vdev->host_features,
                                                &err);
        if (err) {
            error_propagate(errp, err);
            return;
        }
    }
    if (k->device_plugged) {
        k->device_plugged(qbus->parent, errp);
    }
}

void virtio_bus_device_unplugged(VirtIODevice *vdev)
{
    BusState *qbus = qdev_get_parent_bus(DEVICE(vdev));

    if (qbus && VIRTIO_BUS_GET_CLASS(qbus)->device_unplugged) {
        VIRTIO_BUS_GET_CLASS(qbus)->device_unplugged(qbus->parent);
    }
}

VirtIODevice *virtio_bus_get_device(VirtioBusState *bus)
{
    BusChild *kid = QTAILQ_FIRST(&BUS(bus)->children);

    return kid ? VIRTIO_DEVICE(kid->child) : NULL;
}

void virtio_bus_reset(VirtioBusState *bus)
{
    VirtIODevice *vdev = virtio_bus_get_device(bus);

    if (vdev) {
        virtio_reset(vdev);
    }
}

static void virtio_bus_class_init(ObjectClass *klass, const void *data)
{
    BusClass *bc = BUS_CLASS(klass);

    bc->max_dev = 1;
}

static const TypeInfo virtio_bus_info = {
    .name = TYPE_VIRTIO_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(VirtioBusState),
    .abstract = true,
    .class_size = sizeof(VirtioBusClass),
    .class_init = virtio_bus_class_init,
};

static void virtio_bus_register_types(void)
{
    type_register_static(&virtio_bus_info);
}

type_init(virtio_bus_register_types)
