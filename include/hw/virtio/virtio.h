/*
 * VIRTIO core: devices, feature negotiation, split virtqueues.
 * Same names as QEMU's include/hw/virtio/virtio.h.
 */
#ifndef HW_VIRTIO_VIRTIO_H
#define HW_VIRTIO_VIRTIO_H

#include <sys/uio.h>
#include "exec/memory.h"
#include "hw/qdev-core.h"
#include "qom/object.h"
#include "migration/vmstate.h"

/* Device status bits (VIRTIO 1.2, 2.1) */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE     1
#define VIRTIO_CONFIG_S_DRIVER          2
#define VIRTIO_CONFIG_S_DRIVER_OK       4
#define VIRTIO_CONFIG_S_FEATURES_OK     8
#define VIRTIO_CONFIG_S_NEEDS_RESET     0x40
#define VIRTIO_CONFIG_S_FAILED          0x80

/* Transport feature bits */
#define VIRTIO_RING_F_INDIRECT_DESC     28
#define VIRTIO_RING_F_EVENT_IDX         29
#define VIRTIO_F_VERSION_1              32
#define VIRTIO_F_ACCESS_PLATFORM        33

/* Ring layout */
#define VRING_DESC_F_NEXT       1
#define VRING_DESC_F_WRITE      2
#define VRING_DESC_F_INDIRECT   4
#define VRING_USED_F_NO_NOTIFY  1
#define VRING_AVAIL_F_NO_INTERRUPT 1

#define VIRTQUEUE_MAX_SIZE 1024
#define VIRTIO_QUEUE_MAX 1024

/* ISR bits */
#define VIRTIO_ISR_QUEUE   1
#define VIRTIO_ISR_CONFIG  2

/* Device IDs */
#define VIRTIO_ID_NET      1
#define VIRTIO_ID_BLOCK    2
#define VIRTIO_ID_RNG      4

typedef struct VirtQueue VirtQueue;

/*
 * A popped request: the guest buffers mapped into host memory.
 * out_sg: device-readable buffers; in_sg: device-writable buffers.
 */
typedef struct VirtQueueElement {
    unsigned int index;
    unsigned int len;
    unsigned int ndescs;
    unsigned int out_num;
    unsigned int in_num;
    hwaddr *in_addr;
    hwaddr *out_addr;
    struct iovec *in_sg;
    struct iovec *out_sg;
} VirtQueueElement;

#define TYPE_VIRTIO_DEVICE "virtio-device"
OBJECT_DECLARE_TYPE(VirtIODevice, VirtioDeviceClass, VIRTIO_DEVICE)

typedef void (*VirtIOHandleOutput)(VirtIODevice *vdev, VirtQueue *vq);

/**
 * VirtIODevice:
 * @status: device status byte written by the driver
 * @isr: interrupt status (VIRTIO_ISR_*)
 * @host_features: features the device offers
 * @guest_features: features the driver accepted
 * @config: device config space (@config_len bytes)
 * @broken: set on a malformed ring; the device stops processing
 */
struct VirtIODevice {
    DeviceState parent_obj;

    const char *name;
    uint8_t status;
    uint8_t isr;
    uint16_t queue_sel;
    uint64_t guest_features;
    uint64_t host_features;
    size_t config_len;
    void *config;
    uint32_t generation;
    VirtQueue *vq;
    uint16_t device_id;
    bool broken;
    bool started;
    uint32_t num_queues_vmstate;    /* migration: queues in the stream */
};

/**
 * VirtioDeviceClass:
 * @realize: device realize (called by the virtio-device base realize)
 * @get_features: restrict/extend the offered features
 * @set_features: the driver's accepted features
 * @get_config/@set_config: refresh/commit @config from/to the device
 * @reset: device reset
 * @set_status: status byte changes
 */
struct VirtioDeviceClass {
    DeviceClass parent;

    DeviceRealize realize;
    DeviceUnrealize unrealize;
    uint64_t (*get_features)(VirtIODevice *vdev, uint64_t requested,
                             Error **errp);
    void (*set_features)(VirtIODevice *vdev, uint64_t val);
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    void (*reset)(VirtIODevice *vdev);
    void (*set_status)(VirtIODevice *vdev, uint8_t val);
};

/* virtio_init: set up @vdev as device @device_id with @config_size bytes */
void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_size);
/* virtio_cleanup: free what virtio_init() allocated */
void virtio_cleanup(VirtIODevice *vdev);

/* virtio_add_queue: the next free queue, at most @queue_size entries */
VirtQueue *virtio_add_queue(VirtIODevice *vdev, int queue_size,
                            VirtIOHandleOutput handle_output);
void virtio_del_queue(VirtIODevice *vdev, int n);
VirtQueue *virtio_get_queue(VirtIODevice *vdev, int n);
int virtio_get_num_queues(VirtIODevice *vdev);

/*
 * virtqueue_pop: the next available request as a g_malloc'ed element of
 * @sz bytes (>= sizeof(VirtQueueElement)), or NULL if there is none or
 * the ring is malformed (then the device is marked broken).
 */
void *virtqueue_pop(VirtQueue *vq, size_t sz);
/* virtqueue_push: return @elem to the guest with @len bytes written */
void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem,
                    unsigned int len);
void virtqueue_fill(VirtQueue *vq, const VirtQueueElement *elem,
                    unsigned int len, unsigned int idx);
void virtqueue_flush(VirtQueue *vq, unsigned int count);
/* virtqueue_detach_element: unmap @elem without returning it */
void virtqueue_detach_element(VirtQueue *vq, const VirtQueueElement *elem,
                              unsigned int len);
/* virtqueue_unpop: put @elem back; it is popped again next time */
void virtqueue_unpop(VirtQueue *vq, const VirtQueueElement *elem,
                     unsigned int len);
/* virtio_queue_empty: whether the driver made no new buffers available */
int virtio_queue_empty(VirtQueue *vq);
int virtio_queue_ready(VirtQueue *vq);

/* virtio_notify: raise a used-buffer interrupt for @vq (unless suppressed) */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
/* virtio_notify_config: config changed interrupt */
void virtio_notify_config(VirtIODevice *vdev);
/* virtio_error: log a guest error and mark @vdev broken (NEEDS_RESET) */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

int virtio_set_status(VirtIODevice *vdev, uint8_t val);
void virtio_reset(void *opaque);
/* virtio_set_features: -1 if @val has features the device did not offer */
int virtio_set_features(VirtIODevice *vdev, uint64_t val);

/* Queue configuration from the transport */
void virtio_queue_set_num(VirtIODevice *vdev, int n, int num);
int virtio_queue_get_num(VirtIODevice *vdev, int n);
int virtio_queue_get_max_num(VirtIODevice *vdev, int n);
void virtio_queue_set_rings(VirtIODevice *vdev, int n, hwaddr desc,
                            hwaddr avail, hwaddr used);
hwaddr virtio_queue_get_desc_addr(VirtIODevice *vdev, int n);
hwaddr virtio_queue_get_avail_addr(VirtIODevice *vdev, int n);
hwaddr virtio_queue_get_used_addr(VirtIODevice *vdev, int n);
void virtio_queue_set_ready(VirtIODevice *vdev, int n, bool ready);
bool virtio_queue_get_ready(VirtIODevice *vdev, int n);
/* virtio_queue_notify: the driver kicked queue @n */
void virtio_queue_notify(VirtIODevice *vdev, int n);
VirtIODevice *virtio_queue_get_vdev(VirtQueue *vq);
int virtio_get_queue_index(VirtQueue *vq);

/* Config space accessors (little-endian, modern) */
uint32_t virtio_config_modern_readb(VirtIODevice *vdev, uint32_t addr);
uint32_t virtio_config_modern_readw(VirtIODevice *vdev, uint32_t addr);
uint32_t virtio_config_modern_readl(VirtIODevice *vdev, uint32_t addr);
void virtio_config_modern_writeb(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data);
void virtio_config_modern_writew(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data);
void virtio_config_modern_writel(VirtIODevice *vdev, uint32_t addr,
                                 uint32_t data);

static inline void virtio_add_feature(uint64_t *features, unsigned int fbit)
{
    *features |= 1ULL << fbit;
}

static inline void virtio_clear_feature(uint64_t *features,
                                        unsigned int fbit)
{
    *features &= ~(1ULL << fbit);
}

static inline bool virtio_has_feature(uint64_t features, unsigned int fbit)
{
    return !!(features & (1ULL << fbit));
}

static inline bool virtio_vdev_has_feature(const VirtIODevice *vdev,
                                           unsigned int fbit)
{
    return virtio_has_feature(vdev->guest_features, fbit);
}

static inline bool virtio_host_has_feature(const VirtIODevice *vdev,
                                           unsigned int fbit)
{
    return virtio_has_feature(vdev->host_features, fbit);
}

/* Scatter/gather helpers over an element's iovecs (ours) */
/*
 * vmstate_virtio: the transport-independent state of a virtio device
 * (status, features, queues), for the devices' own descriptions:
 * VMSTATE_VIRTIO_DEVICE embeds it.  Loading refuses queue indexes that
 * disagree with the rings in guest memory and requests in flight.
 */
extern const VMStateDescription vmstate_virtio;

/* The VirtIODevice is the first member (QOM parent) of every device. */
#define VMSTATE_VIRTIO_DEVICE {                                            \
    .name       = "virtio",                                                \
    .vmsd       = &vmstate_virtio,                                         \
    .size       = sizeof(VirtIODevice),                                    \
    .flags      = VMS_STRUCT,                                              \
    .offset     = 0,                                                       \
}

size_t virtio_iov_size(const struct iovec *iov, unsigned int cnt);
size_t virtio_iov_to_buf(const struct iovec *iov, unsigned int cnt,
                         size_t offset, void *buf, size_t bytes);
size_t virtio_iov_from_buf(const struct iovec *iov, unsigned int cnt,
                           size_t offset, const void *buf, size_t bytes);

#endif
