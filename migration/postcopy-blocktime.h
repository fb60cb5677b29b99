/*
 * postcopy-blocktime: how long the destination's vCPUs waited for
 * pages in postcopy (QEMU's postcopy-blocktime and
 * postcopy-vcpu-blocktime in query-migrate, milliseconds).
 *
 * The fault thread notes which vCPU (by its host thread id, from
 * userfaultfd) waits for which page since when; placing the page ends
 * the wait of every vCPU that waited for it.  The overall block time
 * counts only the time during which all vCPUs waited at once.
 */
#ifndef MIGRATION_POSTCOPY_BLOCKTIME_H
#define MIGRATION_POSTCOPY_BLOCKTIME_H

#include "qapi/qapi-types.h"

/**
 * postcopy_blocktime_start: (POSTCOPY_LISTEN) with the capability on,
 * start measuring from zero for the vCPUs there are; otherwise drop
 * the figures of a previous migration.
 */
void postcopy_blocktime_start(void);

/**
 * postcopy_blocktime_fault: (fault thread) host thread @tid faulted
 * on the page at host address @addr.  Threads that run no vCPU are
 * not counted.
 */
void postcopy_blocktime_fault(int tid, uintptr_t addr);

/**
 * postcopy_blocktime_placed: the page at host address @addr is there:
 * the vCPUs that waited for it go on.
 */
void postcopy_blocktime_placed(uintptr_t addr);

/**
 * postcopy_blocktime_fill_info: (query-migrate on the destination)
 * add the figures to @info once a postcopy measured them.
 */
void postcopy_blocktime_fill_info(MigrationInfo *info);

#endif
