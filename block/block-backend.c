/*
 * BlockBackend: a device's handle on a block node; named ones come from
 * -drive id=.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "block/block-backend.h"

struct BlockBackend {
    char *name;
    int refcnt;
    BlockDriverState *bs;
    DeviceState *dev;
};

static GList *named_backends; /* BlockBackend, in creation order */

BlockBackend *blk_new_with_bs(BlockDriverState *bs, Error **errp)
{
    BlockBackend *blk = g_new0(BlockBackend, 1);

    blk->refcnt = 1;
    bdrv_ref(bs);
    blk->bs = bs;
    return blk;
}

bool monitor_add_blk(BlockBackend *blk, const char *name, Error **errp)
{
    g_assert(!blk->name);
    if (!*name) {
        error_setg(errp, "Device name must not be empty");
        return false;
    }
    if (blk_by_name(name)) {
        error_setg(errp, "Device with id '%s' already exists", name);
        return false;
    }
    if (bdrv_find_node(name)) {
        error_setg(errp, "Device name '%s' conflicts with an existing node "
                   "name", name);
        return false;
    }
    blk->name = g_strdup(name);
    blk_ref(blk);
    named_backends = g_list_append(named_backends, blk);
    return true;
}

void blk_ref(BlockBackend *blk)
{
    blk->refcnt++;
}

void blk_unref(BlockBackend *blk)
{
    if (!blk || --blk->refcnt > 0) {
        return;
    }
    bdrv_unref(blk->bs);
    g_free(blk->name);
    g_free(blk);
}

BlockBackend *blk_by_name(const char *name)
{
    for (GList *l = named_backends; l; l = l->next) {
        BlockBackend *blk = l->data;

        if (!strcmp(blk->name, name)) {
            return blk;
        }
    }
    return NULL;
}

BlockBackend *blk_next(BlockBackend *blk)
{
    GList *l = blk ? g_list_find(named_backends, blk) : NULL;

    if (!blk) {
        return named_backends ? named_backends->data : NULL;
    }
    return l && l->next ? l->next->data : NULL;
}

const char *blk_name(const BlockBackend *blk)
{
    return blk->name ? blk->name : "";
}

BlockDriverState *blk_bs(BlockBackend *blk)
{
    return blk->bs;
}

int blk_attach_dev(BlockBackend *blk, DeviceState *dev)
{
    if (blk->dev) {
        return -EBUSY;
    }
    blk_ref(blk);
    blk->dev = dev;
    return 0;
}

void blk_detach_dev(BlockBackend *blk, DeviceState *dev)
{
    g_assert(blk->dev == dev);
    blk->dev = NULL;
    blk_unref(blk);
}

DeviceState *blk_get_attached_dev(BlockBackend *blk)
{
    return blk->dev;
}

int blk_pread(BlockBackend *blk, int64_t offset, int64_t bytes, void *buf,
              BdrvRequestFlags flags)
{
    return blk->bs ? bdrv_pread(blk->bs, offset, bytes, buf, flags)
                   : -ENOMEDIUM;
}

int blk_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes,
               const void *buf, BdrvRequestFlags flags)
{
    return blk->bs ? bdrv_pwrite(blk->bs, offset, bytes, buf, flags)
                   : -ENOMEDIUM;
}

int blk_flush(BlockBackend *blk)
{
    return blk->bs ? bdrv_flush(blk->bs) : 0;
}

int64_t blk_getlength(BlockBackend *blk)
{
    return blk->bs ? bdrv_getlength(blk->bs) : -ENOMEDIUM;
}

bool blk_is_writable(BlockBackend *blk)
{
    return blk->bs && !bdrv_is_read_only(blk->bs);
}

bool blk_is_read_only(BlockBackend *blk)
{
    return !blk_is_writable(blk);
}
