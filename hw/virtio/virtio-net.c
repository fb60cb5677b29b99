/*
 * virtio-net device: one rx/tx queue pair, MAC and link status in config,
 * packets exchanged with the -netdev peer.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-net.h"

#define QUEUE_SIZE 256

static bool virtio_net_can_receive(NetClientState *nc)
{
    VirtIONet *n = qemu_get_nic_opaque(nc);
    VirtIODevice *vdev = VIRTIO_DEVICE(n);

    return (vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) && !vdev->broken &&
           virtio_queue_ready(n->rx_vq) && !virtio_queue_empty(n->rx_vq);
}

static ssize_t virtio_net_receive(NetClientState *nc, const uint8_t *buf,
                                  size_t size)
{
    VirtIONet *n = qemu_get_nic_opaque(nc);
    VirtIODevice *vdev = VIRTIO_DEVICE(n);
    uint8_t hdr[VIRTIO_NET_HDR_LEN] = { 0 };
    VirtQueueElement *elem;
    size_t room;

    if (!virtio_net_can_receive(nc)) {
        return 0;
    }
    elem = virtqueue_pop(n->rx_vq, sizeof(VirtQueueElement));
    if (!elem) {
        return 0;
    }
    room = virtio_iov_size(elem->in_sg, elem->in_num);
    if (room < sizeof(hdr) + size) {
        /* Without mergeable buffers one buffer must hold the packet */
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-net: rx buffer of %zu bytes "
                      "too small for a %zu byte packet, dropped\n", room,
                      size);
        virtqueue_push(n->rx_vq, elem, 0);
        g_free(elem);
        virtio_notify(vdev, n->rx_vq);
        return size;
    }
    hdr[10] = 1;    /* num_buffers, little-endian */
    virtio_iov_from_buf(elem->in_sg, elem->in_num, 0, hdr, sizeof(hdr));
    virtio_iov_from_buf(elem->in_sg, elem->in_num, sizeof(hdr), buf, size);
    virtqueue_push(n->rx_vq, elem, sizeof(hdr) + size);
    g_free(elem);
    virtio_notify(vdev, n->rx_vq);
    return size;
}

static void virtio_net_handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    /* New buffers: deliver what waited for them */
    qemu_flush_queued_packets(qemu_get_queue(n->nic));
}

static void virtio_net_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *n = VIRTIO_NET(vdev);
    VirtQueueElement *elem;
    bool pushed = false;

    while ((elem = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
        size_t len = virtio_iov_size(elem->out_sg, elem->out_num);

        if (len < VIRTIO_NET_HDR_LEN || elem->in_num) {
            virtio_error(vdev, "virtio-net header not in first element");
            virtqueue_detach_element(vq, elem, 0);
            g_free(elem);
            return;
        }
        if (len - VIRTIO_NET_HDR_LEN <= 65536) {
            g_autofree uint8_t *pkt = g_malloc(len - VIRTIO_NET_HDR_LEN + 1);

            virtio_iov_to_buf(elem->out_sg, elem->out_num,
                              VIRTIO_NET_HDR_LEN, pkt,
                              len - VIRTIO_NET_HDR_LEN);
            qemu_send_packet(qemu_get_queue(n->nic), pkt,
                             len - VIRTIO_NET_HDR_LEN);
        }
        virtqueue_push(vq, elem, 0);
        g_free(elem);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, vq);
    }
}

static void virtio_net_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    memset(config, 0, VIRTIO_NET_CFG_SIZE);
    memcpy(config, n->nic_conf.macaddr.a, 6);
    config[6] = n->status & 0xff;
    config[7] = n->status >> 8;
    config[8] = 1;                          /* max_virtqueue_pairs */
    config[10] = 1500 & 0xff;               /* mtu */
    config[11] = 1500 >> 8;
}

static void virtio_net_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    /* Modern drivers cannot write the MAC through config: ignore */
}

static uint64_t virtio_net_get_features(VirtIODevice *vdev, uint64_t f,
                                        Error **errp)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    f |= n->host_features;
    virtio_add_feature(&f, VIRTIO_NET_F_MAC);
    return f;
}

static void virtio_net_set_status(VirtIODevice *vdev, uint8_t status)
{
    VirtIONet *n = VIRTIO_NET(vdev);

    if (status & VIRTIO_CONFIG_S_DRIVER_OK) {
        qemu_flush_queued_packets(qemu_get_queue(n->nic));
    }
}

static void virtio_net_link_status_changed(NetClientState *nc)
{
    VirtIONet *n = qemu_get_nic_opaque(nc);
    uint16_t old = n->status;

    n->status = nc->link_down ? 0 : VIRTIO_NET_S_LINK_UP;
    if (old != n->status) {
        virtio_notify_config(VIRTIO_DEVICE(n));
    }
}

static NetClientInfo net_virtio_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = virtio_net_can_receive,
    .receive = virtio_net_receive,
    .link_status_changed = virtio_net_link_status_changed,
};

static bool virtio_net_post_load(void *opaque, int version_id,
                                 Error **errp)
{
    VirtIONet *n = opaque;

    if (n->status & ~VIRTIO_NET_S_LINK_UP) {
        error_setg(errp, "status 0x%x in the migration stream is invalid, "
                   "expected 0 or 0x%x", n->status, VIRTIO_NET_S_LINK_UP);
        return false;
    }
    /* The guest saw this link state: keep the backend's view the same. */
    if (n->nic) {
        qemu_get_queue(n->nic)->link_down =
            !(n->status & VIRTIO_NET_S_LINK_UP);
    }
    return true;
}

/* One rx/tx pair, no control queue: no filters or offloads to carry */
static const VMStateDescription vmstate_virtio_net = {
    .name = "virtio-net",
    .version_id = 11,
    .minimum_version_id = 11,
    .post_load_errp = virtio_net_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_UINT16(status, VirtIONet),
        VMSTATE_END_OF_LIST()
    }
};

static void virtio_net_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIONet *n = VIRTIO_NET(dev);

    qemu_macaddr_default_if_unset(&n->nic_conf.macaddr);
    virtio_init(vdev, VIRTIO_ID_NET, VIRTIO_NET_CFG_SIZE);
    n->rx_vq = virtio_add_queue(vdev, QUEUE_SIZE, virtio_net_handle_rx);
    n->tx_vq = virtio_add_queue(vdev, QUEUE_SIZE, virtio_net_handle_tx);
    n->status = VIRTIO_NET_S_LINK_UP;
    n->nic = qemu_new_nic(&net_virtio_info, &n->nic_conf,
                          object_get_typename(OBJECT(dev)),
                          dev->id ? dev->id : "virtio-net", n);
    qemu_format_nic_info_str(qemu_get_queue(n->nic), n->nic_conf.macaddr.a);
}

static void virtio_net_unrealize(DeviceState *dev)
{
    VirtIONet *n = VIRTIO_NET(dev);

    qemu_del_nic(n->nic);
    n->nic = NULL;
    n->nic_conf.peers.ncs[0] = NULL;
    virtio_cleanup(VIRTIO_DEVICE(dev));
}

static const Property virtio_net_properties[] = {
    DEFINE_NIC_PROPERTIES(VirtIONet, nic_conf),
    DEFINE_PROP_BIT64("status", VirtIONet, host_features,
                      VIRTIO_NET_F_STATUS, true),
};

static void virtio_net_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);

    dc->desc = "virtio network device";
    dc->user_creatable = true;
    dc->categories[0] |= 1UL << DEVICE_CATEGORY_NETWORK;
    dc->vmsd = &vmstate_virtio_net;
    device_class_set_props(dc, virtio_net_properties);
    vdc->realize = virtio_net_realize;
    vdc->unrealize = virtio_net_unrealize;
    vdc->get_config = virtio_net_get_config;
    vdc->set_config = virtio_net_set_config;
    vdc->get_features = virtio_net_get_features;
    vdc->set_status = virtio_net_set_status;
}

static const TypeInfo virtio_net_info = {
    .name = TYPE_VIRTIO_NET,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIONet),
    .class_init = virtio_net_class_init,
};

static void virtio_net_register_types(void)
{
    type_register_static(&virtio_net_info);
}

type_init(virtio_net_register_types)
