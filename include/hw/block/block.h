/*
 * Block device configuration shared by block devices: the "drive"
 * property.  Names as QEMU's include/hw/block/block.h.
 */
#ifndef HW_BLOCK_BLOCK_H
#define HW_BLOCK_BLOCK_H

#include "hw/qdev-properties.h"
#include "block/block-backend.h"

typedef struct BlockConf {
    BlockBackend *blk;
    uint32_t logical_block_size;
} BlockConf;

/*
 * "drive=NAME": a -drive id (named BlockBackend) or a -blockdev
 * node-name (an anonymous backend is created on the node).  The device
 * is attached to the backend; a backend serves one device.
 */
extern const PropertyInfo qdev_prop_drive;

#define DEFINE_PROP_DRIVE(_n, _s, _f) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_drive, BlockBackend *)

#endif
