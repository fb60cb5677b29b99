/*
 * Block nodes (BlockDriverState): a small block layer with the "file"
 * (host file) and "raw" (format over a child node) drivers.
 * Names as QEMU's include/block/block*.h.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include "qapi/error.h"

typedef struct BlockDriverState BlockDriverState;

typedef enum {
    BDRV_REQ_FUA = 0x10,
} BdrvRequestFlags;

/*
 * bdrv_open_file: a "file" node on host file @filename named @node_name
 * (NULL: an automatic "#blockN" name), opened read-only if @read_only.
 */
BlockDriverState *bdrv_open_file(const char *node_name, const char *filename,
                                 bool read_only, Error **errp);
/* bdrv_open_raw: a "raw" format node over @file (takes a reference) */
BlockDriverState *bdrv_open_raw(const char *node_name, BlockDriverState *file,
                                bool read_only, Error **errp);
/* bdrv_find_node: the node called @node_name, or NULL */
BlockDriverState *bdrv_find_node(const char *node_name);
const char *bdrv_get_node_name(const BlockDriverState *bs);
const char *bdrv_get_format_name(BlockDriverState *bs);
bool bdrv_is_read_only(BlockDriverState *bs);
void bdrv_ref(BlockDriverState *bs);
void bdrv_unref(BlockDriverState *bs);

/* Synchronous I/O; 0 or a negative errno */
int bdrv_pread(BlockDriverState *bs, int64_t offset, int64_t bytes,
               void *buf, BdrvRequestFlags flags);
int bdrv_pwrite(BlockDriverState *bs, int64_t offset, int64_t bytes,
                const void *buf, BdrvRequestFlags flags);
int bdrv_flush(BlockDriverState *bs);
int64_t bdrv_getlength(BlockDriverState *bs);

#endif
