/*
 * BlockBackend: what a device (drive=) uses to reach a block node.
 * Names and signatures as QEMU's include/system/block-backend*.h.
 */
#ifndef BLOCK_BLOCK_BACKEND_H
#define BLOCK_BLOCK_BACKEND_H

#include "block/block.h"

typedef struct BlockBackend BlockBackend;
typedef struct DeviceState DeviceState;

/* blk_new_with_bs: a backend on @bs (anonymous until blk_set_name) */
BlockBackend *blk_new_with_bs(BlockDriverState *bs, Error **errp);
/* monitor_add_blk: give @blk the name @name (-drive id=) */
bool monitor_add_blk(BlockBackend *blk, const char *name, Error **errp);
void blk_ref(BlockBackend *blk);
void blk_unref(BlockBackend *blk);
/* blk_by_name: the named backend, or NULL */
BlockBackend *blk_by_name(const char *name);
/* blk_name: its name, "" if anonymous */
const char *blk_name(const BlockBackend *blk);
BlockDriverState *blk_bs(BlockBackend *blk);
/* blk_next: iterate over named backends (NULL: the first) */
BlockBackend *blk_next(BlockBackend *blk);

/* blk_attach_dev: -EBUSY if a device already uses @blk */
int blk_attach_dev(BlockBackend *blk, DeviceState *dev);
void blk_detach_dev(BlockBackend *blk, DeviceState *dev);
DeviceState *blk_get_attached_dev(BlockBackend *blk);

/* Synchronous I/O: 0 on success, a negative errno on failure */
int blk_pread(BlockBackend *blk, int64_t offset, int64_t bytes, void *buf,
              BdrvRequestFlags flags);
int blk_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes,
               const void *buf, BdrvRequestFlags flags);
int blk_flush(BlockBackend *blk);
/* blk_getlength: size in bytes, or a negative errno */
int64_t blk_getlength(BlockBackend *blk);
bool blk_is_writable(BlockBackend *blk);
bool blk_is_read_only(BlockBackend *blk);

#endif
