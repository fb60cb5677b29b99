/*
 * RAM migration: the "ram" live section (QEMU's migration/ram.h).
 *
 * The source sends every page once, then the pages dirtied meanwhile,
 * in passes over the dirty bitmap, within the rate limit; the last
 * pass runs with the guest stopped.  Zero pages travel as one byte,
 * pages seen before as xbzrle deltas when that capability is on.
 */
#ifndef MIGRATION_RAM_H
#define MIGRATION_RAM_H

#include "qapi/qapi-types.h"

typedef struct QEMUFile QEMUFile;
typedef struct RAMBlock RAMBlock;

/* Flags in the low bits of each be64 page offset of the stream */
#define RAM_SAVE_FLAG_FULL          0x01 /* obsolete, refused */
#define RAM_SAVE_FLAG_ZERO          0x02
#define RAM_SAVE_FLAG_MEM_SIZE      0x04
#define RAM_SAVE_FLAG_PAGE          0x08
#define RAM_SAVE_FLAG_EOS           0x10
#define RAM_SAVE_FLAG_CONTINUE      0x20
#define RAM_SAVE_FLAG_XBZRLE        0x40
#define RAM_SAVE_FLAG_COMPRESS_PAGE 0x100 /* obsolete, refused */
#define RAM_SAVE_FLAG_MULTIFD_FLUSH 0x200

/* The byte after an XBZRLE page header */
#define ENCODING_FLAG_XBZRLE        0x1

/* Version of the "ram" section */
#define RAM_SECTION_VERSION 4

/* Counters of the xbzrle cache (query-migrate's xbzrle-cache) */
extern XBZRLECacheStats xbzrle_counters;

/** ram_mig_init: register the "ram" live section.  Call once. */
void ram_mig_init(void);

/**
 * ram_fill_stats: fill the RAM figures of @info (query-migrate's
 * "ram"); the caller sets mbps.
 */
void ram_fill_stats(MigrationStats *info);

/** ram_fill_xbzrle_stats: fill @info from the xbzrle counters. */
void ram_fill_xbzrle_stats(XBZRLECacheStats *info);

/** ram_bytes_total: bytes of guest RAM that migration sends. */
uint64_t ram_bytes_total(void);

/** ram_bytes_remaining: bytes still dirty (0 when not migrating). */
uint64_t ram_bytes_remaining(void);

/**
 * xbzrle_cache_resize: make the xbzrle cache of a running migration
 * @new_size bytes (a power of 2, at least a page).  The cached pages
 * are dropped.  Returns 0, or -1 with @errp set.
 */
int xbzrle_cache_resize(uint64_t new_size, Error **errp);

/**
 * ram_postcopy_send_discard_bitmap: (guest stopped, postcopy starts)
 * pull in the last dirty bits and send every dirty range as
 * POSTCOPY_RAM_DISCARD; from now on pages go whole and are counted as
 * postcopy bytes.
 */
void ram_postcopy_send_discard_bitmap(QEMUFile *f);

/**
 * ram_postcopy_release_sent: (release-ram, the postcopy package went
 * out, the stream flushed) drop the source's copy of every page that
 * is not dirty: the destination has it already.
 */
void ram_postcopy_release_sent(void);

/**
 * ram_postcopy_reload_bitmap: (postcopy recovery) @received has a bit
 * per page of @rb (little-endian longs) for the pages the destination
 * has; every other page goes again.
 */
void ram_postcopy_reload_bitmap(RAMBlock *rb, const uint8_t *received,
                                uint64_t pages);

/** mig_throttle_counter_reset: forget the auto-converge history. */
void mig_throttle_counter_reset(void);

/*
 * ram_savevm_handlers: the handlers ram_mig_init() registers (ours, so
 * that unit tests can drive the section without a stream around it).
 */
typedef struct SaveVMHandlers SaveVMHandlers;
const SaveVMHandlers *ram_savevm_handlers(void);

#endif
