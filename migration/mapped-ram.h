/*
 * mapped-ram: the pages of each RAM block at a fixed place of a file:
 * migration (QEMU's mapped-ram capability).
 *
 * In the RAM section's block list, each block's name and length are
 * followed by a small header; the block's bitmap and its pages lie
 * after it, the pages aligned to 1 MiB, and the stream goes on after
 * the last page.  A page is written at pages_offset + its offset in the
 * block, again at the same place whenever it is dirtied, so the file
 * never grows past the RAM size.  Zero pages are not written; the
 * bitmap, written last, says which pages the file holds.
 *
 * The page writes go through mapped_ram_write_pages() on any seekable
 * channel of the file, so that more threads (multifd) may write pages
 * of the same blocks in parallel.
 */
#ifndef MIGRATION_MAPPED_RAM_H
#define MIGRATION_MAPPED_RAM_H

#include "qapi/qapi-types.h"
#include "exec/ram_addr.h"

typedef struct QEMUFile QEMUFile;
typedef struct QIOChannel QIOChannel;

/* Version of the per-block header */
#define MAPPED_RAM_HDR_VERSION 1
/* be32 version, be64 page size, be64 bitmap offset, be64 pages offset */
#define MAPPED_RAM_HDR_SIZE 28
/* Where a block's pages may start in the file (and O_DIRECT needs) */
#define MAPPED_RAM_FILE_OFFSET_ALIGNMENT 0x100000
/* The most the destination reads at once */
#define MAPPED_RAM_LOAD_BUF_SIZE 0x100000

/**
 * mapped_ram_check_transport: with the mapped-ram capability on, only
 * the file transport can take the stream.  False with @errp set
 * otherwise (QEMU's message).
 */
bool mapped_ram_check_transport(const MigrationAddress *addr, Error **errp);

/**
 * mapped_ram_check_channel: the channel the file transport opened for
 * @filename must be seekable when the capability is on.  False with
 * @errp set if not.
 */
bool mapped_ram_check_channel(QIOChannel *ioc, const char *filename,
                              Error **errp);

/**
 * mapped_ram_open_channel: the file behind @ioc (the migration stream's
 * channel) opened once more with @mode (O_RDONLY or O_WRONLY), with
 * O_DIRECT under the direct-io parameter: the descriptor of one multifd
 * thread.  NULL with @errp set if it cannot be opened.
 */
QIOChannel *mapped_ram_open_channel(QIOChannel *ioc, int mode, Error **errp);

/* ---- source ------------------------------------------------------------ */

/**
 * mapped_ram_save_setup: before the blocks' setup; with the direct-io
 * parameter, open the O_DIRECT descriptor of @f's file that the page
 * writes of mapped_ram_save_pages() use.  False with @errp set if the
 * file cannot be opened so.
 */
bool mapped_ram_save_setup(QEMUFile *f, Error **errp);

/** mapped_ram_save_cleanup: close what mapped_ram_save_setup opened. */
void mapped_ram_save_cleanup(void);

/**
 * mapped_ram_setup_block: at the current position of @f, write the
 * header of @rb, reserve its bitmap and pages, and move @f past them.
 * Starts the block's file bitmap empty.  Errors go to @f.
 */
void mapped_ram_setup_block(QEMUFile *f, RAMBlock *rb);

/**
 * mapped_ram_write_pages: write the @n pages of @rb at @offsets (byte
 * offsets in the block, ascending) to their places in the file through
 * @ioc (a seekable channel of the file), and mark them present.
 * Neighbouring pages go out in one write.  Safe to call from several
 * threads for different pages.  Returns the bytes written, or -1 with
 * @errp set.
 */
ssize_t mapped_ram_write_pages(QIOChannel *ioc, RAMBlock *rb,
                               const ram_addr_t *offsets, size_t n,
                               Error **errp);

/**
 * mapped_ram_clear_pages: the @n pages of @rb at @offsets are zero:
 * not in the file any more (the destination zeroes them).
 */
void mapped_ram_clear_pages(RAMBlock *rb, const ram_addr_t *offsets,
                            size_t n);

/**
 * mapped_ram_save_pages: mapped_ram_write_pages() from the migration
 * thread, on @f's channel; the bytes count as @f's, an error becomes
 * @f's error.  Returns the bytes written (0 on error).
 */
size_t mapped_ram_save_pages(QEMUFile *f, RAMBlock *rb,
                             const ram_addr_t *offsets, size_t n);

/**
 * mapped_ram_save_bitmap: write the file bitmap of @rb to its place
 * (once every page was written).  Returns its size; errors go to @f.
 */
size_t mapped_ram_save_bitmap(QEMUFile *f, RAMBlock *rb);

/** mapped_ram_block_cleanup: free what setup_block gave @rb. */
void mapped_ram_block_cleanup(RAMBlock *rb);

/* ---- destination ------------------------------------------------------- */

/**
 * mapped_ram_load_block: read the header of @rb (of @length bytes) at
 * the position of @f, its bitmap and its pages into the block (pages
 * not in the file become zero), and move @f past the pages.  False
 * with @errp set on a bad header, a stream saved without mapped-ram,
 * or a file too short.
 */
bool mapped_ram_load_block(QEMUFile *f, RAMBlock *rb, uint64_t length,
                           Error **errp);

/**
 * mapped_ram_read_pages: read pages [@first, @end) of @rb, which the
 * file holds from @pages_offset on, into the block through @ioc (any
 * thread; @rb not read-only).  False with @errp set on a read error or
 * a short file.
 */
bool mapped_ram_read_pages(QIOChannel *ioc, RAMBlock *rb,
                           uint64_t pages_offset, uint64_t first,
                           uint64_t end, Error **errp);

/**
 * mapped_ram_header_follows: whether the next bytes of @f are a
 * mapped-ram header (how a destination without the capability tells a
 * mapped-ram stream from garbage).
 */
bool mapped_ram_header_follows(QEMUFile *f);

#endif
