/*
 * Counters of the outgoing migration and the rate limit built on them.
 */
#include "qemu/osdep.h"
#include "migration-stats.h"
#include "qemu-file.h"

MigrationAtomicStats mig_stats;

/* Windows per second */
#define XFER_LIMIT_RATIO (1000 / BUFFER_DELAY)

uint64_t migration_transferred_bytes(void)
{
    return stat64_get(&mig_stats.qemu_file_transferred) +
           stat64_get(&mig_stats.multifd_bytes) +
           stat64_get(&mig_stats.rdma_bytes);
}

uint64_t migration_rate_get(void)
{
    return stat64_get(&mig_stats.rate_limit_max);
}

void migration_rate_set(uint64_t limit)
{
    /* A tiny but non-zero limit must not turn into "no limit". */
    uint64_t per_window = limit / XFER_LIMIT_RATIO;

    stat64_set(&mig_stats.rate_limit_max,
               limit && !per_window ? 1 : per_window);
}

void migration_rate_reset(void)
{
    stat64_set(&mig_stats.rate_limit_start, migration_transferred_bytes());
}

bool migration_rate_exceeded(QEMUFile *f)
{
    uint64_t max = migration_rate_get();
    uint64_t used;

    if (qemu_file_get_error(f)) {
        return true;
    }
    if (max == RATE_LIMIT_DISABLED) {
        return false;
    }
    used = migration_transferred_bytes() -
           stat64_get(&mig_stats.rate_limit_start);
    return used > max;
}

void migration_reset_stats(void)
{
    memset(&mig_stats, 0, sizeof(mig_stats));
}
