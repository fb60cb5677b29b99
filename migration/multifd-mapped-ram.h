/*
 * multifd with mapped-ram, destination: the multifd threads read the
 * pages a file holds in parallel, each through its own descriptor of
 * the file (O_DIRECT under direct-io).  The file has no packets: each
 * thread reads runs of present pages straight from their places.
 */
#ifndef MIGRATION_MULTIFD_MAPPED_RAM_H
#define MIGRATION_MULTIFD_MAPPED_RAM_H

#include "io/channel.h"
#include "system/ramblock.h"

typedef struct MultiFDFileReaders MultiFDFileReaders;

/**
 * multifd_file_readers_new: open @n descriptors of the file behind @ioc
 * and start a reader thread on each.  NULL with @errp set if a
 * descriptor cannot be opened.
 */
MultiFDFileReaders *multifd_file_readers_new(QIOChannel *ioc, int n,
                                             Error **errp);

/**
 * multifd_file_readers_queue: have a thread read pages [@first, @end)
 * of @rb, which the file holds from @pages_offset on.  False once a
 * thread failed (multifd_file_readers_finish() says why).
 */
bool multifd_file_readers_queue(MultiFDFileReaders *r, RAMBlock *rb,
                                uint64_t pages_offset, uint64_t first,
                                uint64_t end);

/**
 * multifd_file_readers_finish: wait until everything queued was read
 * (or, after an error, stop), join the threads and free @r.  False
 * with @errp set to the first thread's error if one failed.
 */
bool multifd_file_readers_finish(MultiFDFileReaders *r, Error **errp);

#endif
