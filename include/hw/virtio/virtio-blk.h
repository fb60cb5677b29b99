/*
 * virtio-blk device on a BlockBackend ("drive" property).
 * Names as QEMU's include/hw/virtio/virtio-blk.h.
 */
#ifndef HW_VIRTIO_VIRTIO_BLK_H
#define HW_VIRTIO_VIRTIO_BLK_H

#include "hw/virtio/virtio.h"
#include "hw/block/block.h"

#define TYPE_VIRTIO_BLK "virtio-blk-device"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOBlock, VIRTIO_BLK)

/* Feature bits */
#define VIRTIO_BLK_F_SIZE_MAX   1
#define VIRTIO_BLK_F_SEG_MAX    2
#define VIRTIO_BLK_F_GEOMETRY   4
#define VIRTIO_BLK_F_RO         5
#define VIRTIO_BLK_F_BLK_SIZE   6
#define VIRTIO_BLK_F_FLUSH      9
#define VIRTIO_BLK_F_TOPOLOGY   10
#define VIRTIO_BLK_F_CONFIG_WCE 11

/* Request types and status */
#define VIRTIO_BLK_T_IN         0
#define VIRTIO_BLK_T_OUT        1
#define VIRTIO_BLK_T_FLUSH      4
#define VIRTIO_BLK_T_GET_ID     8
#define VIRTIO_BLK_S_OK         0
#define VIRTIO_BLK_S_IOERR      1
#define VIRTIO_BLK_S_UNSUPP     2
#define VIRTIO_BLK_ID_BYTES     20

/* Config space: capacity @0, size_max @8, seg_max @12, ..., blk_size @20 */
#define VIRTIO_BLK_CFG_SIZE     36

typedef struct VirtIOBlkConf {
    BlockConf conf;
    char *serial;
    uint16_t queue_size;
    bool seg_max_adjust;
} VirtIOBlkConf;

struct VirtIOBlock {
    VirtIODevice parent_obj;

    VirtIOBlkConf conf;
    VirtQueue *vq;
    uint64_t host_features;
    bool wce;               /* writeback cache enabled */
};

#endif
