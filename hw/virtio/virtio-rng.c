/*
 * virtio-rng device: fills each device-writable buffer with host entropy.
 */
#include "qemu/osdep.h"
#include <sys/random.h>
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/virtio/virtio-rng.h"

static bool fill_random(void *buf, size_t len)
{
    uint8_t *p = buf;

    while (len) {
        ssize_t n = getrandom(p, len, 0);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        p += n;
        len -= n;
    }
    return true;
}

static void virtio_rng_handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtQueueElement *elem;
    bool pushed = false;

    while ((elem = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
        size_t len = 0;

        for (unsigned int i = 0; i < elem->in_num; i++) {
            if (!fill_random(elem->in_sg[i].iov_base,
                             elem->in_sg[i].iov_len)) {
                break;
            }
            len += elem->in_sg[i].iov_len;
        }
        virtqueue_push(vq, elem, len);
        g_free(elem);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, vq);
    }
}

static uint64_t virtio_rng_get_features(VirtIODevice *vdev, uint64_t f,
                                        Error **errp)
{
    return f;
}

static void virtio_rng_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIORNG *vrng = VIRTIO_RNG(dev);

    virtio_init(vdev, VIRTIO_ID_RNG, 0);
    vrng->vq = virtio_add_queue(vdev, 8, virtio_rng_handle_output);
}

static void virtio_rng_unrealize(DeviceState *dev)
{
    virtio_cleanup(VIRTIO_DEVICE(dev));
}

static const VMStateDescription vmstate_virtio_rng = {
    .name = "virtio-rng",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_END_OF_LIST()
    }
};

static void virtio_rng_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);

    dc->desc = "virtio entropy device";
    dc->categories[0] |= 1UL << DEVICE_CATEGORY_MISC;
    dc->user_creatable = true;
    dc->vmsd = &vmstate_virtio_rng;
    vdc->realize = virtio_rng_realize;
    vdc->unrealize = virtio_rng_unrealize;
    vdc->get_features = virtio_rng_get_features;
}

static const TypeInfo virtio_rng_info = {
    .name = TYPE_VIRTIO_RNG,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIORNG),
    .class_init = virtio_rng_class_init,
};

static void virtio_rng_register_types(void)
{
    type_register_static(&virtio_rng_info);
}

type_init(virtio_rng_register_types)
