/*
 * virtio-rng: entropy for the guest (host getrandom()).
 */
#ifndef HW_VIRTIO_VIRTIO_RNG_H
#define HW_VIRTIO_VIRTIO_RNG_H

#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_RNG "virtio-rng-device"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIORNG, VIRTIO_RNG)

struct VirtIORNG {
    VirtIODevice parent_obj;

    VirtQueue *vq;
};

#endif
