/*
 * mapped-ram: RAM pages at fixed places of the migration file.
 *
 * Per block, at the place the block list has reached:
 *
 *     be32 version (1), be64 page size, be64 bitmap offset,
 *     be64 pages offset
 *
 * then the bitmap (a bit per page, 64-bit little-endian words) right
 * after the header, and the pages from the next 1 MiB boundary on.  All
 * offsets count from the start of the file.  The stream goes on after
 * the block's last page.
 *
 * The source keeps a bit per page that the file holds (set when the
 * page is written, cleared when it turned zero) and writes the bitmap
 * at the end, once no page will be written again.  The destination
 * reads the bitmap, then the pages present, in runs of up to 1 MiB,
 * straight into guest memory, and zeroes the others.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include <sys/uio.h>
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/bswap.h"
#include "qemu/cutils.h"
#include "io/channel.h"
#include "io/channel-file.h"
#include "system/ramblock.h"
#include "migration.h"
#include "ignore-shared.h"
#include "migration-stats.h"
#include "options.h"
#include "qemu-file.h"
#include "mapped-ram.h"
#include "multifd-mapped-ram.h"

#define PAGE_BITS RAM_DIRTY_PAGE_BITS
#define PAGE_SIZE ((uint64_t)RAM_DIRTY_PAGE_SIZE)

/*
 * direct-io: the source's page writes go through a second descriptor of
 * the file, opened with O_DIRECT (from ram setup to cleanup); the
 * stream and the bitmaps, small and unaligned, keep the first one.
 */
static QIOChannel *direct_ioc;

/* Pages of a block, and its bitmap in 64-bit words. */
static uint64_t block_pages(uint64_t length)
{
    return DIV_ROUND_UP(length, PAGE_SIZE);
}

static uint64_t bitmap_words(uint64_t pages)
{
    return DIV_ROUND_UP(pages, 64);
}

bool mapped_ram_check_transport(const MigrationAddress *addr, Error **errp)
{
    if (migrate_mapped_ram() &&
        addr->transport != MIGRATION_ADDRESS_TYPE_FILE) {
        error_setg(errp, "Migration requires seekable transport (e.g. file)");
        return false;
    }
    return true;
}

bool mapped_ram_check_channel(QIOChannel *ioc, const char *filename,
                              Error **errp)
{
    if (migrate_mapped_ram() &&
        !qio_channel_has_feature(ioc, QIO_CHANNEL_FEATURE_SEEKABLE)) {
        error_setg(errp, "'%s' is not seekable: capability mapped-ram "
                   "needs a file that can be written at fixed offsets",
                   filename);
        return false;
    }
    return true;
}

/* ---- direct-io --------------------------------------------------------- */

static bool direct_io(void)
{
    return migrate_mapped_ram() &&
           migrate_get_current()->parameters.direct_io;
}

/*
 * The file behind @ioc opened once more with @mode, and O_DIRECT when
 * @direct.  Pages are at 4 KiB-aligned host addresses and file offsets
 * (the pages of a block start on a 1 MiB boundary), so they meet
 * O_DIRECT's alignment rules.
 */
static QIOChannel *reopen(QIOChannel *ioc, int mode, bool direct,
                          Error **errp)
{
    g_autofree char *path = NULL;
    int fd;

#ifndef O_DIRECT
    if (direct) {
        error_setg(errp, "No build-time support for direct-io");
        return NULL;
    }
#endif
    if (!object_dynamic_cast(OBJECT(ioc), TYPE_QIO_CHANNEL_FILE)) {
        error_setg(errp, "%s needs the migration stream in a file",
                   direct ? "direct-io" : "multifd with mapped-ram");
        return NULL;
    }
    path = g_strdup_printf("/proc/self/fd/%d", QIO_CHANNEL_FILE(ioc)->fd);
#ifdef O_DIRECT
    if (direct) {
        mode |= O_DIRECT;
    }
#endif
    fd = open(path, mode | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, direct
                         ? "direct-io: the migration file cannot be opened "
                           "with O_DIRECT"
                         : "multifd: the migration file cannot be opened "
                           "once more");
        return NULL;
    }
    return QIO_CHANNEL(qio_channel_file_new_fd(fd));
}

static QIOChannel *open_direct(QIOChannel *ioc, int mode, Error **errp)
{
    return reopen(ioc, mode, true, errp);
}

QIOChannel *mapped_ram_open_channel(QIOChannel *ioc, int mode, Error **errp)
{
    return reopen(ioc, mode, direct_io(), errp);
}

/* ---- source ------------------------------------------------------------ */

bool mapped_ram_save_setup(QEMUFile *f, Error **errp)
{
    mapped_ram_save_cleanup();
    if (direct_io()) {
        direct_ioc = open_direct(qemu_file_get_ioc(f), O_WRONLY, errp);
        return direct_ioc != NULL;
    }
    return true;
}

void mapped_ram_save_cleanup(void)
{
    if (direct_ioc) {
        object_unref(OBJECT(direct_ioc));
        direct_ioc = NULL;
    }
}

void mapped_ram_setup_block(QEMUFile *f, RAMBlock *rb)
{
    uint64_t pages = block_pages(rb->used_length);
    off_t pos = qemu_get_offset(f);

    if (pos < 0) {
        return;
    }
    g_free(rb->file_bmap);
    rb->file_bmap = g_new0(uint64_t, bitmap_words(pages));
    rb->bitmap_offset = pos + MAPPED_RAM_HDR_SIZE;
    rb->pages_offset = ROUND_UP(rb->bitmap_offset +
                                bitmap_words(pages) * sizeof(uint64_t),
                                MAPPED_RAM_FILE_OFFSET_ALIGNMENT);

    qemu_put_be32(f, MAPPED_RAM_HDR_VERSION);
    qemu_put_be64(f, PAGE_SIZE);
    qemu_put_be64(f, rb->bitmap_offset);
    qemu_put_be64(f, rb->pages_offset);
    /* The next block (or the rest of the stream) after the last page. */
    qemu_set_offset(f, rb->pages_offset + pages * PAGE_SIZE, SEEK_SET);
}

static void file_bmap_set(RAMBlock *rb, uint64_t page)
{
    qatomic_fetch_or(&rb->file_bmap[page / 64], 1ULL << (page % 64));
}

static void file_bmap_clear(RAMBlock *rb, uint64_t page)
{
    qatomic_fetch_and(&rb->file_bmap[page / 64], ~(1ULL << (page % 64)));
}

/* Write @len bytes of @buf at @pos, however many calls it takes. */
static bool pwrite_all(QIOChannel *ioc, const uint8_t *buf, size_t len,
                       uint64_t pos, Error **errp)
{
    while (len) {
        ssize_t n = qio_channel_pwrite(ioc, (char *)buf, len, pos, errp);

        if (n < 0) {
            return false;
        }
        if (n == 0) {
            error_setg(errp, "Could not write at offset %" PRIu64, pos);
            return false;
        }
        buf += n;
        pos += n;
        len -= n;
    }
    return true;
}

ssize_t mapped_ram_write_pages(QIOChannel *ioc, RAMBlock *rb,
                               const ram_addr_t *offsets, size_t n,
                               Error **errp)
{
    size_t i = 0;

    while (i < n) {
        size_t j = i + 1;

        /* Neighbours in the block are neighbours in the file. */
        while (j < n && offsets[j] == offsets[j - 1] + PAGE_SIZE) {
            j++;
        }
        if (!pwrite_all(ioc, rb->host + offsets[i], (j - i) * PAGE_SIZE,
                        rb->pages_offset + offsets[i], errp)) {
            error_prepend(errp, "writing page 0x%" PRIx64 " of RAM block "
                          "'%s' to file offset 0x%" PRIx64 ": ", offsets[i],
                          rb->idstr, rb->pages_offset + offsets[i]);
            return -1;
        }
        for (; i < j; i++) {
            file_bmap_set(rb, offsets[i] >> PAGE_BITS);
        }
    }
    return n * PAGE_SIZE;
}

void mapped_ram_clear_pages(RAMBlock *rb, const ram_addr_t *offsets,
                            size_t n)
{
    for (size_t i = 0; i < n; i++) {
        file_bmap_clear(rb, offsets[i] >> PAGE_BITS);
    }
}

size_t mapped_ram_save_pages(QEMUFile *f, RAMBlock *rb,
                             const ram_addr_t *offsets, size_t n)
{
    Error *err = NULL;
    ssize_t bytes;

    if (qemu_file_get_error(f)) {
        return 0;
    }
    bytes = mapped_ram_write_pages(direct_ioc ?: qemu_file_get_ioc(f), rb,
                                   offsets, n, &err);
    if (bytes < 0) {
        qemu_file_set_error_obj(f, -EIO, err);
        return 0;
    }
    stat64_add(&mig_stats.qemu_file_transferred, bytes);
    return bytes;
}

size_t mapped_ram_save_bitmap(QEMUFile *f, RAMBlock *rb)
{
    uint64_t words = bitmap_words(block_pages(rb->used_length));
    g_autofree uint64_t *le = g_new(uint64_t, words);

    for (uint64_t i = 0; i < words; i++) {
        le[i] = GUINT64_TO_LE(qatomic_read(&rb->file_bmap[i]));
    }
    qemu_put_buffer_at(f, (uint8_t *)le, words * sizeof(uint64_t),
                       rb->bitmap_offset);
    return words * sizeof(uint64_t);
}

void mapped_ram_block_cleanup(RAMBlock *rb)
{
    g_clear_pointer(&rb->file_bmap, g_free);
}

/* ---- destination ------------------------------------------------------- */

typedef struct MappedRamHeader {
    uint32_t version;
    uint64_t page_size;
    uint64_t bitmap_offset;
    uint64_t pages_offset;
} MappedRamHeader;

static void header_decode(const uint8_t *p, MappedRamHeader *h)
{
    h->version = ldl_be_p(p);
    h->page_size = ldq_be_p(p + 4);
    h->bitmap_offset = ldq_be_p(p + 12);
    h->pages_offset = ldq_be_p(p + 20);
}

bool mapped_ram_header_follows(QEMUFile *f)
{
    uint8_t *p;
    MappedRamHeader h;

    /* Only a file holds such a stream; and peeking a socket may block. */
    if (!qio_channel_has_feature(qemu_file_get_ioc(f),
                                 QIO_CHANNEL_FEATURE_SEEKABLE) ||
        qemu_peek_buffer(f, &p, MAPPED_RAM_HDR_SIZE, 0) !=
        MAPPED_RAM_HDR_SIZE) {
        return false;
    }
    /*
     * A plain stream has a block name (a non-zero length byte) or a
     * record whose high bytes are zero here, never version 1.
     */
    header_decode(p, &h);
    return h.version == MAPPED_RAM_HDR_VERSION && h.page_size == PAGE_SIZE;
}

/* Size of the file behind @ioc, the position left as it was. */
static int64_t channel_size(QIOChannel *ioc, Error **errp)
{
    off_t cur = qio_channel_io_seek(ioc, 0, SEEK_CUR, errp);
    off_t end;

    if (cur < 0) {
        return -1;
    }
    end = qio_channel_io_seek(ioc, 0, SEEK_END, errp);
    if (end < 0 || qio_channel_io_seek(ioc, cur, SEEK_SET, errp) < 0) {
        return -1;
    }
    return end;
}

/* Read @len bytes at @pos into @buf; a short file is an error. */
static bool pread_all(QIOChannel *ioc, uint8_t *buf, size_t len,
                      uint64_t pos, Error **errp)
{
    while (len) {
        ssize_t n = qio_channel_pread(ioc, (char *)buf, len, pos, errp);

        if (n < 0) {
            return false;
        }
        if (n == 0) {
            error_setg(errp, "the file ends at offset 0x%" PRIx64, pos);
            return false;
        }
        buf += n;
        pos += n;
        len -= n;
    }
    return true;
}

/*
 * Check the header of @rb against the file (@size bytes): the regions
 * must be in order, inside the file, and the pages page-aligned.
 */
static bool header_check(const MappedRamHeader *h, RAMBlock *rb,
                         uint64_t length, uint64_t hdr_end, int64_t size,
                         Error **errp)
{
    uint64_t pages = block_pages(length);
    uint64_t bitmap_size = bitmap_words(pages) * sizeof(uint64_t);

    if (h->version > MAPPED_RAM_HDR_VERSION && h->version <= 0xff) {
        error_setg(errp, "Migration mapped-ram capability version not "
                   "supported (expected <= %d, got %d)",
                   MAPPED_RAM_HDR_VERSION, h->version);
        return false;
    }
    if (h->version != MAPPED_RAM_HDR_VERSION) {
        error_setg(errp, "RAM block '%s' has no mapped-ram header (found "
                   "0x%08" PRIx32 " where version %d was expected): the "
                   "stream was saved without capability mapped-ram, which "
                   "is on here", rb->idstr, h->version,
                   MAPPED_RAM_HDR_VERSION);
        return false;
    }
    if (h->page_size != PAGE_SIZE) {
        error_setg(errp, "RAM block '%s' was saved with mapped-ram pages "
                   "of %" PRIu64 " bytes, expected %" PRIu64, rb->idstr,
                   h->page_size, PAGE_SIZE);
        return false;
    }
    if (h->pages_offset % PAGE_SIZE) {
        error_setg(errp, "Error reading ramblock %s pages, region has bad "
                   "alignment", rb->idstr);
        return false;
    }
    if (h->bitmap_offset < hdr_end || h->bitmap_offset > INT64_MAX ||
        h->bitmap_offset + bitmap_size > h->pages_offset ||
        h->pages_offset > INT64_MAX - pages * PAGE_SIZE) {
        error_setg(errp, "RAM block '%s' has a bad mapped-ram layout: "
                   "bitmap at 0x%" PRIx64 " (0x%" PRIx64 " bytes), pages "
                   "at 0x%" PRIx64 "; expected the bitmap after the header "
                   "(0x%" PRIx64 ") and the pages after the bitmap",
                   rb->idstr, h->bitmap_offset, bitmap_size,
                   h->pages_offset, hdr_end);
        return false;
    }
    if (h->pages_offset + pages * PAGE_SIZE > (uint64_t)size) {
        error_setg(errp, "RAM block '%s': its mapped-ram pages at 0x%"
                   PRIx64 "..0x%" PRIx64 " lie beyond the end of the file "
                   "(0x%" PRIx64 " bytes): the file is truncated or "
                   "corrupt", rb->idstr, h->pages_offset,
                   h->pages_offset + pages * PAGE_SIZE, (uint64_t)size);
        return false;
    }
    return true;
}

/*
 * Read pages [@first, @end) from the file (the block's pages at
 * @pages_offset) into @rb, through @dio (O_DIRECT) if there is one,
 * else @ioc.
 */
static bool read_pages(QIOChannel *ioc, QIOChannel *dio, RAMBlock *rb,
                       uint64_t pages_offset, uint64_t first,
                       uint64_t end, uint8_t *bounce, Error **errp)
{
    uint64_t offset = first << PAGE_BITS;
    uint64_t stop = end << PAGE_BITS;

    while (offset < stop) {
        size_t len = MIN(stop - offset, MAPPED_RAM_LOAD_BUF_SIZE);
        uint8_t *host = rb->host + offset;

#ifdef MADV_POPULATE_WRITE
        /* One call maps the run's pages, not a fault for each page. */
        if (!rb->readonly) {
            madvise(host, len, MADV_POPULATE_WRITE);
        }
#endif
        /* A read-only block is not written, only checked. */
        if (!pread_all(rb->readonly || !dio ? ioc : dio,
                       rb->readonly ? bounce : host, len,
                       pages_offset + offset, errp)) {
            error_prepend(errp, "RAM block '%s': failed to read page 0x%"
                          PRIx64 " from file offset 0x%" PRIx64 ": ",
                          rb->idstr, offset, pages_offset + offset);
            return false;
        }
        if (rb->readonly && memcmp(bounce, host, len)) {
            error_setg(errp, "pages at 0x%" PRIx64 " of read-only RAM "
                       "block '%s' differ from the source", offset,
                       rb->idstr);
            return false;
        }
        offset += len;
    }
    return true;
}

bool mapped_ram_read_pages(QIOChannel *ioc, RAMBlock *rb,
                           uint64_t pages_offset, uint64_t first,
                           uint64_t end, Error **errp)
{
    return read_pages(ioc, NULL, rb, pages_offset, first, end, NULL, errp);
}

/* Pages [@first, @end) of @rb are not in the file: make them zero. */
static bool zero_pages(RAMBlock *rb, uint64_t first, uint64_t end,
                       Error **errp)
{
    for (uint64_t p = first; p < end; p++) {
        uint8_t *host = rb->host + (p << PAGE_BITS);

        /* Untouched memory stays untouched (and unallocated). */
        if (buffer_is_zero(host, PAGE_SIZE)) {
            continue;
        }
        if (rb->readonly) {
            error_setg(errp, "page 0x%" PRIx64 " of read-only RAM block "
                       "'%s' differs from the source", p << PAGE_BITS,
                       rb->idstr);
            return false;
        }
        memset(host, 0, PAGE_SIZE);
    }
    return true;
}

static bool bit_is_set(const uint64_t *map, uint64_t bit)
{
    return map[bit / 64] & (1ULL << (bit % 64));
}

/* First bit from @start on that is @set, or @size. */
static uint64_t find_next(const uint64_t *map, uint64_t size,
                          uint64_t start, bool set)
{
    while (start < size) {
        uint64_t w = map[start / 64] ^ (set ? 0 : ~0ULL);

        w &= ~0ULL << (start % 64);
        if (w) {
            return MIN(start - start % 64 + __builtin_ctzll(w), size);
        }
        start = start - start % 64 + 64;
    }
    return size;
}

bool mapped_ram_load_block(QEMUFile *f, RAMBlock *rb, uint64_t length,
                           Error **errp)
{
    QIOChannel *ioc = qemu_file_get_ioc(f);
    g_autoptr(QIOChannel) dio = NULL;
    uint64_t pages = block_pages(length);
    uint64_t words = bitmap_words(pages);
    g_autofree uint64_t *bitmap = NULL;
    g_autofree uint8_t *bounce = NULL;
    uint8_t raw[MAPPED_RAM_HDR_SIZE];
    MappedRamHeader h;
    off_t hdr_pos = qemu_get_offset(f);
    MultiFDFileReaders *readers = NULL;
    Error *err = NULL;
    bool ok = true;
    int64_t size;
    size_t got;

    if (hdr_pos < 0) {
        qemu_file_get_error_obj(f, errp);
        return false;
    }
    got = qemu_get_buffer(f, raw, sizeof(raw));
    if (got != sizeof(raw)) {
        error_setg(errp, "Could not read whole mapped-ram migration header "
                   "(expected %zu, got %zu bytes)", sizeof(raw), got);
        return false;
    }
    header_decode(raw, &h);
    size = channel_size(ioc, errp);
    if (size < 0 ||
        !header_check(&h, rb, length, hdr_pos + sizeof(raw), size, errp)) {
        return false;
    }

    bitmap = g_new(uint64_t, words);
    if (!pread_all(ioc, (uint8_t *)bitmap, words * sizeof(uint64_t),
                   h.bitmap_offset, errp)) {
        error_prepend(errp, "RAM block '%s': failed to read the mapped-ram "
                      "bitmap at 0x%" PRIx64 ": ", rb->idstr,
                      h.bitmap_offset);
        return false;
    }
    for (uint64_t i = 0; i < words; i++) {
        bitmap[i] = GUINT64_FROM_LE(bitmap[i]);
    }
    if (rb->readonly) {
        bounce = g_malloc(MAPPED_RAM_LOAD_BUF_SIZE);
    }
    if (migrate_multifd() && !rb->readonly) {
        /* The multifd threads read the pages, each on its own descriptor */
        readers = multifd_file_readers_new(ioc, migrate_multifd_channels(),
                                           errp);
        if (!readers) {
            return false;
        }
    } else if (direct_io()) {
        dio = open_direct(ioc, O_RDONLY, errp);
        if (!dio) {
            return false;
        }
    }

    /* x-ignore-shared: the pages are in place, none in the file. */
    for (uint64_t p = migrate_ram_is_ignored(rb) ? pages : 0;
         ok && p < pages;) {
        bool present = bit_is_set(bitmap, p);
        uint64_t end = find_next(bitmap, pages, p, !present);

        if (!present) {
            ok = zero_pages(rb, p, end, &err);
        } else if (readers) {
            ok = multifd_file_readers_queue(readers, rb, h.pages_offset, p,
                                            end);
        } else {
            ok = read_pages(ioc, dio, rb, h.pages_offset, p, end, bounce,
                            &err);
        }
        p = end;
    }
    /* Every page is in place (or the readers stopped) before going on. */
    if (readers) {
        multifd_file_readers_finish(readers, err ? NULL : &err);
    }
    if (err) {
        error_propagate(errp, err);
        return false;
    }

    /* The stream goes on after the pages. */
    qemu_set_offset(f, h.pages_offset + pages * PAGE_SIZE, SEEK_SET);
    return !qemu_file_get_error_obj(f, errp);
}
