/*
 * x-ignore-shared: RAM blocks that both sides map from the same file
 * (memory-backend-file with share=on) are not sent; the destination
 * finds their contents in place.
 *
 * The RAM section's block list still names every block; with the
 * capability on, each block's length is followed by a be64: the guest
 * physical address of its memory region, with bit 0 set when the source
 * ignores the block (addresses are page aligned, QEMU sends the bare
 * address).  The destination refuses a block that one side ignores and
 * the other does not, and an ignored block at another address.  Once
 * the source's guest is stopped, a device-state section samples the
 * pages of the ignored blocks (see ignore_shared_register()).
 */
#ifndef MIGRATION_IGNORE_SHARED_H
#define MIGRATION_IGNORE_SHARED_H

#include "system/ramblock.h"

typedef struct QEMUFile QEMUFile;

/* Bytes the capability adds to each block of the block list */
#define IGNORE_SHARED_BLOCK_BYTES 8

/**
 * ignore_shared_register: register the "ignore-shared" section: sent
 * with the device state (the source's guest stopped) when a block is
 * not sent, it carries a sample of each such block's pages, which the
 * destination compares with what it maps, so that two different files
 * are told apart.
 */
void ignore_shared_register(void);

/**
 * migrate_ram_is_ignored: whether @rb is left out of the migration:
 * x-ignore-shared is on and @rb maps a named file with share=on
 * (QEMU's rule: an anonymous or memfd mapping cannot be mapped by
 * another process, so it is sent).
 */
bool migrate_ram_is_ignored(RAMBlock *rb);

/**
 * ignore_shared_save_block: source, when x-ignore-shared is on: write
 * @rb's address and whether it is ignored.  Returns the bytes written.
 */
size_t ignore_shared_save_block(QEMUFile *f, RAMBlock *rb);

/**
 * ignore_shared_load_block: destination, when x-ignore-shared is on:
 * read what ignore_shared_save_block() wrote for @rb and check that
 * both sides agree.  Returns false with @errp set when they do not.
 */
bool ignore_shared_load_block(QEMUFile *f, RAMBlock *rb, Error **errp);

#endif
