/*
 * virtio-blk device: IN/OUT/FLUSH/GET_ID requests served synchronously
 * on the BlockBackend from the main loop thread.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-blk.h"

#define SECTOR_SIZE 512

typedef struct VirtIOBlockReq {
    VirtQueueElement elem;
} VirtIOBlockReq;

static uint8_t virtio_blk_rw(VirtIOBlock *s, VirtQueueElement *elem,
                             bool is_write, uint64_t sector, size_t hdr_len,
                             size_t in_data, unsigned int *written)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    BlockBackend *blk = s->conf.conf.blk;
    int64_t capacity = blk_getlength(blk) / SECTOR_SIZE;
    size_t len;
    g_autofree uint8_t *buf = NULL;
    int ret;

    len = is_write ? virtio_iov_size(elem->out_sg, elem->out_num) - hdr_len
                   : in_data;
    if (len % SECTOR_SIZE) {
        virtio_error(vdev, "virtio-blk: request length %zu is not a "
                     "multiple of %d", len, SECTOR_SIZE);
        return VIRTIO_BLK_S_IOERR;
    }
    if (sector > (uint64_t)capacity ||
        len / SECTOR_SIZE > (uint64_t)capacity - sector) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-blk: request beyond the end "
                      "(sector %" PRIu64 ", %zu bytes, capacity %" PRId64
                      " sectors)\n", sector, len, capacity);
        return VIRTIO_BLK_S_IOERR;
    }
    if (is_write && !blk_is_writable(blk)) {
        return VIRTIO_BLK_S_IOERR;
    }
    buf = g_try_malloc(len ? len : 1);
    if (!buf) {
        return VIRTIO_BLK_S_IOERR;
    }
    if (is_write) {
        virtio_iov_to_buf(elem->out_sg, elem->out_num, hdr_len, buf, len);
        ret = blk_pwrite(blk, sector * SECTOR_SIZE, len, buf,
                         s->wce ? 0 : BDRV_REQ_FUA);
    } else {
        ret = blk_pread(blk, sector * SECTOR_SIZE, len, buf, 0);
        if (ret == 0) {
            virtio_iov_from_buf(elem->in_sg, elem->in_num, 0, buf, len);
            *written = len;
        }
    }
    return ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

/* Serve one request; false if it is malformed (device broken) */
static bool virtio_blk_handle_request(VirtIOBlock *s, VirtQueueElement *elem)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    uint8_t hdr[16];
    uint32_t type;
    uint64_t sector;
    size_t in_len = virtio_iov_size(elem->in_sg, elem->in_num);
    unsigned int written = 0;
    uint8_t status;

    if (virtio_iov_to_buf(elem->out_sg, elem->out_num, 0, hdr,
                          sizeof(hdr)) != sizeof(hdr)) {
        virtio_error(vdev, "virtio-blk missing headers");
        return false;
    }
    if (in_len < 1) {
        virtio_error(vdev, "virtio-blk missing status byte");
        return false;
    }
    memcpy(&type, hdr, 4);
    type = GUINT32_FROM_LE(type);
    memcpy(&sector, hdr + 8, 8);
    sector = GUINT64_FROM_LE(sector);

    switch (type) {
    case VIRTIO_BLK_T_IN:
        status = virtio_blk_rw(s, elem, false, sector, sizeof(hdr),
                               in_len - 1, &written);
        break;
    case VIRTIO_BLK_T_OUT:
        status = virtio_blk_rw(s, elem, true, sector, sizeof(hdr), 0,
                               &written);
        break;
    case VIRTIO_BLK_T_FLUSH:
        status = blk_flush(s->conf.conf.blk) < 0 ? VIRTIO_BLK_S_IOERR
                                                 : VIRTIO_BLK_S_OK;
        break;
    case VIRTIO_BLK_T_GET_ID: {
        char id[VIRTIO_BLK_ID_BYTES] = { 0 };

        if (s->conf.serial) {
            memcpy(id, s->conf.serial,
                   strnlen(s->conf.serial, sizeof(id)));
        }
        written = virtio_iov_from_buf(elem->in_sg, elem->in_num, 0, id,
                                      MIN(sizeof(id), in_len - 1));
        status = VIRTIO_BLK_S_OK;
        break;
    }
    default:
        status = VIRTIO_BLK_S_UNSUPP;
        break;
    }
    if (vdev->broken) {
        return false;
    }
    virtio_iov_from_buf(elem->in_sg, elem->in_num, in_len - 1, &status, 1);
    virtqueue_push(s->vq, elem, written + 1);
    return true;
}

static void virtio_blk_handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    VirtQueueElement *elem;
    bool pushed = false;

    while ((elem = virtqueue_pop(vq, sizeof(VirtIOBlockReq)))) {
        if (!virtio_blk_handle_request(s, elem)) {
            virtqueue_detach_element(vq, elem, 0);
            g_free(elem);
            break;
        }
        g_free(elem);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, vq);
    }
}

static void virtio_blk_update_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    int64_t len = blk_getlength(s->conf.conf.blk);
    uint64_t capacity = len > 0 ? len / SECTOR_SIZE : 0;
    uint32_t seg_max = (s->conf.seg_max_adjust ? s->conf.queue_size : 128)
                       - 2;
    uint32_t blk_size = s->conf.conf.logical_block_size;

    memset(config, 0, VIRTIO_BLK_CFG_SIZE);
    capacity = GUINT64_TO_LE(capacity);
    memcpy(config, &capacity, 8);
    seg_max = GUINT32_TO_LE(seg_max);
    memcpy(config + 12, &seg_max, 4);
    blk_size = GUINT32_TO_LE(blk_size);
    memcpy(config + 20, &blk_size, 4);
    config[32] = s->wce;
}

static void virtio_blk_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    /* Only the writeback byte is writable, with CONFIG_WCE */
    if (virtio_vdev_has_feature(vdev, VIRTIO_BLK_F_CONFIG_WCE)) {
        s->wce = config[32] != 0;
    }
}

static uint64_t virtio_blk_get_features(VirtIODevice *vdev, uint64_t f,
                                        Error **errp)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    f |= s->host_features;
    virtio_add_feature(&f, VIRTIO_BLK_F_SEG_MAX);
    virtio_add_feature(&f, VIRTIO_BLK_F_BLK_SIZE);
    virtio_add_feature(&f, VIRTIO_BLK_F_FLUSH);
    if (!blk_is_writable(s->conf.conf.blk)) {
        virtio_add_feature(&f, VIRTIO_BLK_F_RO);
    }
    return f;
}

static void virtio_blk_set_features(VirtIODevice *vdev, uint64_t features)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    /* Without FLUSH negotiated, the driver expects writethrough */
    s->wce = virtio_has_feature(features, VIRTIO_BLK_F_FLUSH);
}

static void virtio_blk_reset(VirtIODevice *vdev)
{
    VIRTIO_BLK(vdev)->wce = true;
}

static void virtio_blk_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOBlock *s = VIRTIO_BLK(dev);
    uint16_t qs = s->conf.queue_size;

    if (!s->conf.conf.blk) {
        error_setg(errp, "drive property not set");
        return;
    }
    if (qs <= 2 || qs > VIRTQUEUE_MAX_SIZE || (qs & (qs - 1))) {
        error_setg(errp, "invalid queue-size property (%" PRIu16 "), must "
                   "be a power of 2 (> 2 and <= %d)", qs, VIRTQUEUE_MAX_SIZE);
        return;
    }
    if (!s->conf.seg_max_adjust && qs <= 128) {
        error_setg(errp, "queue-size property (%" PRIu16 ") must be > 128 "
                   "with seg-max-adjust=off", qs);
        return;
    }
    if (s->conf.serial && strlen(s->conf.serial) > VIRTIO_BLK_ID_BYTES) {
        error_setg(errp, "serial '%s' is longer than %d characters",
                   s->conf.serial, VIRTIO_BLK_ID_BYTES);
        return;
    }
    if (blk_getlength(s->conf.conf.blk) < 0) {
        error_setg(errp, "cannot get the size of drive '%s'",
                   blk_name(s->conf.conf.blk));
        return;
    }
    s->conf.conf.logical_block_size = SECTOR_SIZE;
    s->wce = true;
    virtio_init(vdev, VIRTIO_ID_BLOCK, VIRTIO_BLK_CFG_SIZE);
    s->vq = virtio_add_queue(vdev, qs, virtio_blk_handle_output);
}

static void virtio_blk_unrealize(DeviceState *dev)
{
    virtio_cleanup(VIRTIO_DEVICE(dev));
}

/*
 * Requests complete inside the notification that brought them (under the
 * BQL), so a stopped VM has none in flight: the core's queue state is
 * all there is, plus the guest's cache mode.
 */
static const VMStateDescription vmstate_virtio_blk = {
    .name = "virtio-blk",
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_BOOL(wce, VirtIOBlock),
        VMSTATE_END_OF_LIST()
    }
};

static const Property virtio_blk_properties[] = {
    DEFINE_PROP_DRIVE("drive", VirtIOBlock, conf.conf.blk),
    DEFINE_PROP_STRING("serial", VirtIOBlock, conf.serial),
    DEFINE_PROP_BIT64("config-wce", VirtIOBlock, host_features,
                      VIRTIO_BLK_F_CONFIG_WCE, true),
    DEFINE_PROP_UINT16("queue-size", VirtIOBlock, conf.queue_size, 256),
    DEFINE_PROP_BOOL("seg-max-adjust", VirtIOBlock, conf.seg_max_adjust,
                     true),
};

static void virtio_blk_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);

    dc->desc = "virtio block device";
    dc->user_creatable = true;
    dc->categories[0] |= 1UL << DEVICE_CATEGORY_STORAGE;
    dc->vmsd = &vmstate_virtio_blk;
    device_class_set_props(dc, virtio_blk_properties);
    vdc->realize = virtio_blk_realize;
    vdc->unrealize = virtio_blk_unrealize;
    vdc->get_config = virtio_blk_update_config;
    vdc->set_config = virtio_blk_set_config;
    vdc->get_features = virtio_blk_get_features;
    vdc->set_features = virtio_blk_set_features;
    vdc->reset = virtio_blk_reset;
}

static const TypeInfo virtio_blk_info = {
    .name = TYPE_VIRTIO_BLK,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOBlock),
    .class_init = virtio_blk_class_init,
};

static void virtio_blk_register_types(void)
{
    type_register_static(&virtio_blk_info);
}

type_init(virtio_blk_register_types)
