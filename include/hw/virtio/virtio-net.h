/*
 * virtio-net device on a -netdev backend.
 * Names as QEMU's include/hw/virtio/virtio-net.h.
 */
#ifndef HW_VIRTIO_VIRTIO_NET_H
#define HW_VIRTIO_VIRTIO_NET_H

#include "hw/virtio/virtio.h"
#include "net/net.h"

#define TYPE_VIRTIO_NET "virtio-net-device"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIONet, VIRTIO_NET)

#define VIRTIO_NET_F_MAC        5
#define VIRTIO_NET_F_STATUS     16
#define VIRTIO_NET_S_LINK_UP    1

/* Modern header: struct virtio_net_hdr_v1 (num_buffers included) */
#define VIRTIO_NET_HDR_LEN      12
/* Config: mac[6], status, max_virtqueue_pairs, mtu */
#define VIRTIO_NET_CFG_SIZE     12

struct VirtIONet {
    VirtIODevice parent_obj;

    NICConf nic_conf;
    NICState *nic;
    VirtQueue *rx_vq;
    VirtQueue *tx_vq;
    uint16_t status;
    uint64_t host_features;
};

#endif
