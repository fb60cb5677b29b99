/*
 * virtio-mmio transport, version 2 (modern) register layout, one IRQ line.
 * The device goes on the transport's "virtio-mmio-bus".
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-mmio.h"

static VirtIODevice *mmio_vdev(VirtIOMMIOProxy *proxy)
{
    return virtio_bus_get_device(&proxy->bus);
}

static uint64_t virtio_mmio_read(void *opaque, hwaddr offset, unsigned size)
{
    VirtIOMMIOProxy *proxy = opaque;
    VirtIODevice *vdev = mmio_vdev(proxy);

    if (offset >= VIRTIO_MMIO_CONFIG) {
        offset -= VIRTIO_MMIO_CONFIG;
        if (!vdev) {
            return 0;
        }
        switch (size) {
        case 1:
            return virtio_config_modern_readb(vdev, offset);
        case 2:
            return virtio_config_modern_readw(vdev, offset);
        case 4:
            return virtio_config_modern_readl(vdev, offset);
        default:
            return 0;
        }
    }
    if (size != 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: wrong size access to register "
                      "0x%" PRIx64 " (%u bytes, expected 4)\n", __func__,
                      (uint64_t)offset, size);
        return 0;
    }
    if (!vdev) {
        /* No backend: identify as a transport with device ID 0 */
        switch (offset) {
        case VIRTIO_MMIO_MAGIC_VALUE:
            return VIRT_MAGIC;
        case VIRTIO_MMIO_VERSION:
            return VIRT_VERSION;
        case VIRTIO_MMIO_VENDOR_ID:
            return VIRT_VENDOR;
        default:
            return 0;
        }
    }
    switch (offset) {
    case VIRTIO_MMIO_MAGIC_VALUE:
        return VIRT_MAGIC;
    case VIRTIO_MMIO_VERSION:
        return VIRT_VERSION;
    case VIRTIO_MMIO_DEVICE_ID:
        return vdev->device_id;
    case VIRTIO_MMIO_VENDOR_ID:
        return VIRT_VENDOR;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        if (proxy->host_features_sel > 1) {
            return 0;
        }
        return vdev->host_features >> (32 * proxy->host_features_sel);
    case VIRTIO_MMIO_QUEUE_NUM_MAX:
        return virtio_queue_get_max_num(vdev, vdev->queue_sel);
    case VIRTIO_MMIO_QUEUE_READY:
        return virtio_queue_get_ready(vdev, vdev->queue_sel);
    case VIRTIO_MMIO_INTERRUPT_STATUS:
        return vdev->isr;
    case VIRTIO_MMIO_STATUS:
        return vdev->status;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
        return virtio_queue_get_desc_addr(vdev, vdev->queue_sel);
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
        return virtio_queue_get_desc_addr(vdev, vdev->queue_sel) >> 32;
    case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
        return virtio_queue_get_avail_addr(vdev, vdev->queue_sel);
    case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
        return virtio_queue_get_avail_addr(vdev, vdev->queue_sel) >> 32;
    case VIRTIO_MMIO_QUEUE_USED_LOW:
        return virtio_queue_get_used_addr(vdev, vdev->queue_sel);
    case VIRTIO_MMIO_QUEUE_USED_HIGH:
        return virtio_queue_get_used_addr(vdev, vdev->queue_sel) >> 32;
    case VIRTIO_MMIO_SHM_LEN_LOW:
    case VIRTIO_MMIO_SHM_LEN_HIGH:
        /* No shared memory regions: length all ones */
        return 0xffffffff;
    case VIRTIO_MMIO_SHM_BASE_LOW:
    case VIRTIO_MMIO_SHM_BASE_HIGH:
        return 0xffffffff;
    case VIRTIO_MMIO_CONFIG_GENERATION:
        return vdev->generation;
    case VIRTIO_MMIO_QUEUE_NUM:
        return virtio_queue_get_num(vdev, vdev->queue_sel);
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
    case VIRTIO_MMIO_DRIVER_FEATURES:
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
    case VIRTIO_MMIO_QUEUE_SEL:
    case VIRTIO_MMIO_QUEUE_NOTIFY:
    case VIRTIO_MMIO_INTERRUPT_ACK:
    case VIRTIO_MMIO_SHM_SEL:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: read of write-only register "
                      "0x%" PRIx64 "\n", __func__, (uint64_t)offset);
        return 0;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad register offset 0x%" PRIx64
                      "\n", __func__, (uint64_t)offset);
        return 0;
    }
}

static void virtio_mmio_update_irq(DeviceState *d, uint16_t vector)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);
    VirtIODevice *vdev = mmio_vdev(proxy);

    qemu_set_irq(proxy->irq, vdev && vdev->isr);
}

static void virtio_mmio_soft_reset(VirtIOMMIOProxy *proxy)
{
    proxy->host_features_sel = 0;
    proxy->guest_features_sel = 0;
    proxy->guest_features[0] = proxy->guest_features[1] = 0;
}

static void set_queue_addr(VirtIODevice *vdev, hwaddr offset, uint64_t val)
{
    int n = vdev->queue_sel;
    hwaddr desc = virtio_queue_get_desc_addr(vdev, n);
    hwaddr avail = virtio_queue_get_avail_addr(vdev, n);
    hwaddr used = virtio_queue_get_used_addr(vdev, n);
    hwaddr *p;

    switch (offset & ~7) {
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
        p = &desc;
        break;
    case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
        p = &avail;
        break;
    default:
        p = &used;
        break;
    }
    if (offset & 4) {
        *p = (*p & 0xffffffffULL) | (val << 32);
    } else {
        *p = (*p & ~0xffffffffULL) | val;
    }
    virtio_queue_set_rings(vdev, n, desc, avail, used);
}

static void virtio_mmio_write(void *opaque, hwaddr offset, uint64_t value,
                              unsigned size)
{
    VirtIOMMIOProxy *proxy = opaque;
    VirtIODevice *vdev = mmio_vdev(proxy);

    if (offset >= VIRTIO_MMIO_CONFIG) {
        offset -= VIRTIO_MMIO_CONFIG;
        if (!vdev) {
            return;
        }
        switch (size) {
        case 1:
            virtio_config_modern_writeb(vdev, offset, value);
            break;
        case 2:
            virtio_config_modern_writew(vdev, offset, value);
            break;
        case 4:
            virtio_config_modern_writel(vdev, offset, value);
            break;
        }
        return;
    }
    if (size != 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: wrong size access to register "
                      "0x%" PRIx64 " (%u bytes, expected 4)\n", __func__,
                      (uint64_t)offset, size);
        return;
    }
    if (!vdev) {
        return;
    }
    switch (offset) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
        proxy->host_features_sel = value;
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        if (proxy->guest_features_sel < 2) {
            proxy->guest_features[proxy->guest_features_sel] = value;
        }
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
        proxy->guest_features_sel = value;
        break;
    case VIRTIO_MMIO_QUEUE_SEL:
        if (value < VIRTIO_QUEUE_MAX) {
            vdev->queue_sel = value;
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: queue %" PRIu64 " out of "
                          "range (max %d)\n", __func__, value,
                          VIRTIO_QUEUE_MAX - 1);
        }
        break;
    case VIRTIO_MMIO_QUEUE_NUM:
        virtio_queue_set_num(vdev, vdev->queue_sel, value);
        break;
    case VIRTIO_MMIO_QUEUE_READY:
        virtio_queue_set_ready(vdev, vdev->queue_sel, value & 1);
        if (!(value & 1)) {
            virtio_queue_set_rings(vdev, vdev->queue_sel, 0, 0, 0);
        }
        break;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
        /* The low 16 bits name the queue (notification data ignored) */
        virtio_queue_notify(vdev, value & 0xffff);
        break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        vdev->isr &= ~value;
        virtio_mmio_update_irq(DEVICE(proxy), 0);
        break;
    case VIRTIO_MMIO_STATUS:
        if ((value & VIRTIO_CONFIG_S_FEATURES_OK) &&
            !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK)) {
            virtio_set_features(vdev,
                                ((uint64_t)proxy->guest_features[1] << 32) |
                                proxy->guest_features[0]);
        }
        if (value == 0) {
            virtio_reset(vdev);
            virtio_mmio_soft_reset(proxy);
        } else {
            virtio_set_status(vdev, value & 0xff);
        }
        break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
    case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
    case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
    case VIRTIO_MMIO_QUEUE_USED_LOW:
    case VIRTIO_MMIO_QUEUE_USED_HIGH:
        set_queue_addr(vdev, offset, value);
        break;
    case VIRTIO_MMIO_SHM_SEL:
        break;
    case VIRTIO_MMIO_MAGIC_VALUE:
    case VIRTIO_MMIO_VERSION:
    case VIRTIO_MMIO_DEVICE_ID:
    case VIRTIO_MMIO_VENDOR_ID:
    case VIRTIO_MMIO_DEVICE_FEATURES:
    case VIRTIO_MMIO_QUEUE_NUM_MAX:
    case VIRTIO_MMIO_INTERRUPT_STATUS:
    case VIRTIO_MMIO_CONFIG_GENERATION:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write to read-only register "
                      "0x%" PRIx64 "\n", __func__, (uint64_t)offset);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad register offset 0x%" PRIx64
                      "\n", __func__, (uint64_t)offset);
        break;
    }
}

static const MemoryRegionOps virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 1,
    .impl.max_access_size = 4,
};

static void virtio_mmio_realize(DeviceState *d, Error **errp)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);
    SysBusDevice *sbd = SYS_BUS_DEVICE(d);

    qbus_init(&proxy->bus, sizeof(proxy->bus), TYPE_VIRTIO_MMIO_BUS, d,
              NULL);
    sysbus_init_irq(sbd, &proxy->irq);
    memory_region_init_io(&proxy->iomem, OBJECT(d), &virtio_mmio_ops, proxy,
                          TYPE_VIRTIO_MMIO, 0x200);
    sysbus_init_mmio(sbd, &proxy->iomem);
}

static void virtio_mmio_reset_hold(DeviceState *d)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);

    virtio_mmio_soft_reset(proxy);
    virtio_bus_reset(&proxy->bus);
}

static bool virtio_mmio_post_load(void *opaque, int version_id,
                                  Error **errp)
{
    VirtIOMMIOProxy *proxy = opaque;

    /* Any selector value is fine: out of range ones read as 0 */
    if (proxy->legacy) {
        error_setg(errp, "a legacy transport cannot load state");
        return false;
    }
    return true;
}

/* The transport registers not kept by the virtio core */
static const VMStateDescription vmstate_virtio_mmio = {
    .name = "virtio_mmio",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load_errp = virtio_mmio_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(guest_features_sel, VirtIOMMIOProxy),
        VMSTATE_UINT32(host_features_sel, VirtIOMMIOProxy),
        VMSTATE_UINT32_ARRAY(guest_features, VirtIOMMIOProxy, 2),
        VMSTATE_END_OF_LIST()
    }
};

static const Property virtio_mmio_properties[] = {
    DEFINE_PROP_BOOL("format_transport_address", VirtIOMMIOProxy,
                     format_transport_address, true),
    DEFINE_PROP_BOOL("force-legacy", VirtIOMMIOProxy, legacy, false),
};

static void virtio_mmio_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = virtio_mmio_realize;
    dc->desc = "virtio-mmio transport";
    dc->vmsd = &vmstate_virtio_mmio;
    device_class_set_legacy_reset(dc, virtio_mmio_reset_hold);
    device_class_set_props(dc, virtio_mmio_properties);
}

static const TypeInfo virtio_mmio_info = {
    .name = TYPE_VIRTIO_MMIO,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(VirtIOMMIOProxy),
    .class_init = virtio_mmio_class_init,
};

/* ---- its bus ---------------------------------------------------------- */

static void virtio_mmio_device_plugged(DeviceState *d, Error **errp)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);

    if (proxy->legacy) {
        error_setg(errp, "virtio-mmio: force-legacy=on is not supported "
                   "(only version 2 transports)");
    }
}

static char *virtio_mmio_bus_get_dev_path(DeviceState *dev)
{
    BusState *bus = qdev_get_parent_bus(dev);
    DeviceState *proxy = bus ? bus->parent : NULL;
    SysBusDevice *sbd;

    if (!proxy) {
        return NULL;
    }
    sbd = SYS_BUS_DEVICE(proxy);
    return g_strdup_printf("virtio-mmio@" HWADDR_FMT_plx,
                           sysbus_mmio_get_addr(sbd, 0));
}

static void virtio_mmio_bus_class_init(ObjectClass *klass, const void *data)
{
    BusClass *bc = BUS_CLASS(klass);
    VirtioBusClass *k = VIRTIO_BUS_CLASS(klass);

    k->notify = virtio_mmio_update_irq;
    k->device_plugged = virtio_mmio_device_plugged;
    bc->max_dev = 1;
    bc->get_dev_path = virtio_mmio_bus_get_dev_path;
}

static const TypeInfo virtio_mmio_bus_info = {
    .name = TYPE_VIRTIO_MMIO_BUS,
    .parent = TYPE_VIRTIO_BUS,
    .instance_size = sizeof(VirtioBusState),
    .class_init = virtio_mmio_bus_class_init,
};

static void virtio_mmio_register_types(void)
{
    type_register_static(&virtio_mmio_bus_info);
    type_register_static(&virtio_mmio_info);
}

type_init(virtio_mmio_register_types)
