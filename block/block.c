/*
 * Block nodes: "file" reads and writes a host file with pread/pwrite;
 * "raw" passes requests to its child.  Synchronous, on the caller's
 * thread (the main loop for device requests).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "block/block.h"

struct BlockDriverState {
    char *node_name;
    const char *format;     /* "file" or "raw" */
    char *filename;
    int fd;
    bool read_only;
    int refcnt;
    BlockDriverState *file; /* raw: its child */
};

static GHashTable *nodes; /* node name -> BlockDriverState */
static unsigned int auto_node_counter;

static bool node_name_ok(const char *name, Error **errp)
{
    if (!*name || strlen(name) > 31 || !g_ascii_isalpha(name[0]) ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
               "0123456789-._") != strlen(name)) {
        error_setg(errp, "Invalid node-name: '%s'", name);
        return false;
    }
    return true;
}

static BlockDriverState *bdrv_new_node(const char *node_name, Error **errp)
{
    BlockDriverState *bs;

    if (!nodes) {
        nodes = g_hash_table_new(g_str_hash, g_str_equal);
    }
    if (node_name) {
        if (!node_name_ok(node_name, errp)) {
            return NULL;
        }
        if (g_hash_table_contains(nodes, node_name)) {
            error_setg(errp, "Duplicate nodes with node-name='%s'",
                       node_name);
            return NULL;
        }
    }
    bs = g_new0(BlockDriverState, 1);
    bs->node_name = node_name ? g_strdup(node_name)
                              : g_strdup_printf("#block%u",
                                                auto_node_counter++);
    bs->fd = -1;
    bs->refcnt = 1;
    g_hash_table_insert(nodes, bs->node_name, bs);
    return bs;
}

BlockDriverState *bdrv_open_file(const char *node_name, const char *filename,
                                 bool read_only, Error **errp)
{
    BlockDriverState *bs;
    int fd;

    if (!filename || !*filename) {
        error_setg(errp, "The 'file' block driver requires a file name");
        return NULL;
    }
    if (node_name && bdrv_find_node(node_name)) {
        error_setg(errp, "Duplicate nodes with node-name='%s'", node_name);
        return NULL;
    }
    fd = open(filename, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return NULL;
    }
    bs = bdrv_new_node(node_name, errp);
    if (!bs) {
        close(fd);
        return NULL;
    }
    bs->format = "file";
    bs->filename = g_strdup(filename);
    bs->fd = fd;
    bs->read_only = read_only;
    return bs;
}

BlockDriverState *bdrv_open_raw(const char *node_name, BlockDriverState *file,
                                bool read_only, Error **errp)
{
    BlockDriverState *bs;

    if (!read_only && file->read_only) {
        error_setg(errp, "Block node '%s' is read-only", file->node_name);
        return NULL;
    }
    bs = bdrv_new_node(node_name, errp);
    if (!bs) {
        return NULL;
    }
    bs->format = "raw";
    bs->filename = g_strdup(file->filename);
    bs->read_only = read_only;
    bdrv_ref(file);
    bs->file = file;
    return bs;
}

BlockDriverState *bdrv_find_node(const char *node_name)
{
    return nodes ? g_hash_table_lookup(nodes, node_name) : NULL;
}

const char *bdrv_get_node_name(const BlockDriverState *bs)
{
    return bs->node_name;
}

const char *bdrv_get_format_name(BlockDriverState *bs)
{
    return bs->format;
}

bool bdrv_is_read_only(BlockDriverState *bs)
{
    return bs->read_only;
}

void bdrv_ref(BlockDriverState *bs)
{
    bs->refcnt++;
}

void bdrv_unref(BlockDriverState *bs)
{
    if (!bs || --bs->refcnt > 0) {
        return;
    }
    g_hash_table_remove(nodes, bs->node_name);
    if (bs->fd >= 0) {
        close(bs->fd);
    }
    bdrv_unref(bs->file);
    g_free(bs->node_name);
    g_free(bs->filename);
    g_free(bs);
}

static bool request_ok(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    return offset >= 0 && bytes >= 0 && offset <= INT64_MAX - bytes;
}

int bdrv_pread(BlockDriverState *bs, int64_t offset, int64_t bytes,
               void *buf, BdrvRequestFlags flags)
{
    uint8_t *p = buf;

    if (!request_ok(bs, offset, bytes)) {
        return -EINVAL;
    }
    if (bs->file) {
        return bdrv_pread(bs->file, offset, bytes, buf, flags);
    }
    while (bytes > 0) {
        ssize_t n = pread(bs->fd, p, bytes, offset);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        if (n == 0) {
            /* Past the end of the file reads as zeroes */
            memset(p, 0, bytes);
            break;
        }
        p += n;
        offset += n;
        bytes -= n;
    }
    return 0;
}

int bdrv_pwrite(BlockDriverState *bs, int64_t offset, int64_t bytes,
                const void *buf, BdrvRequestFlags flags)
{
    const uint8_t *p = buf;

    if (!request_ok(bs, offset, bytes)) {
        return -EINVAL;
    }
    if (bs->read_only) {
        return -EACCES;
    }
    if (bs->file) {
        return bdrv_pwrite(bs->file, offset, bytes, buf, flags);
    }
    while (bytes > 0) {
        ssize_t n = pwrite(bs->fd, p, bytes, offset);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        p += n;
        offset += n;
        bytes -= n;
    }
    if (flags & BDRV_REQ_FUA) {
        return bdrv_flush(bs);
    }
    return 0;
}

int bdrv_flush(BlockDriverState *bs)
{
    if (bs->file) {
        return bdrv_flush(bs->file);
    }
    if (bs->read_only) {
        return 0;
    }
    return fdatasync(bs->fd) < 0 ? -errno : 0;
}

int64_t bdrv_getlength(BlockDriverState *bs)
{
    struct stat st;

    if (bs->file) {
        return bdrv_getlength(bs->file);
    }
    if (fstat(bs->fd, &st) < 0) {
        return -errno;
    }
    if (S_ISBLK(st.st_mode)) {
        off_t end = lseek(bs->fd, 0, SEEK_END);

        return end < 0 ? -errno : end;
    }
    return st.st_size;
}
