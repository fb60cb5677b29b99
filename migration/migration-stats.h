/*
 * Counters of the outgoing migration, shared by the migration thread,
 * the RAM code, the channels and query-migrate (QEMU's mig_stats).
 *
 * The bytes that leave through the main QEMUFile are counted by
 * qemu-file.c in qemu_file_transferred when it flushes; multifd
 * channels add to multifd_bytes.  migration_transferred_bytes() is
 * their sum and drives the rate limit.
 */
#ifndef MIGRATION_MIGRATION_STATS_H
#define MIGRATION_MIGRATION_STATS_H

#include "qemu/stats64.h"

typedef struct QEMUFile QEMUFile;

/* Length of one rate-limit window, in milliseconds. */
#define BUFFER_DELAY 100

/* rate_limit_max of 0: no limit. */
#define RATE_LIMIT_DISABLED 0

typedef struct {
    /* Bytes still dirty at the last bitmap sync. */
    Stat64 dirty_bytes_last_sync;
    /* Pages dirtied per second, measured over the last period. */
    Stat64 dirty_pages_rate;
    /* Bitmap syncs so far (the MIGRATION_PASS number). */
    Stat64 dirty_sync_count;
    /* Syncs where zero copy could not be used. */
    Stat64 dirty_sync_missed_zero_copy;
    /* Bytes of RAM sent while the guest was stopped. */
    Stat64 downtime_bytes;
    /* Bytes sent through multifd channels. */
    Stat64 multifd_bytes;
    /* Pages sent with their contents. */
    Stat64 normal_pages;
    /* Bytes of RAM sent during postcopy. */
    Stat64 postcopy_bytes;
    /* Pages the destination asked for during postcopy. */
    Stat64 postcopy_requests;
    /* Bytes of RAM sent while the guest was running. */
    Stat64 precopy_bytes;
    /* Bytes written by the main QEMUFile (qemu-file.c adds them). */
    Stat64 qemu_file_transferred;
    /* migration_transferred_bytes() when the window started. */
    Stat64 rate_limit_start;
    /* Bytes allowed per window; RATE_LIMIT_DISABLED for no limit. */
    Stat64 rate_limit_max;
    /* Bytes sent through RDMA (never, kept for the layout). */
    Stat64 rdma_bytes;
    /* Bytes of RAM pages and headers sent (the RAM code adds them). */
    Stat64 transferred;
    /* Pages sent as zero pages. */
    Stat64 zero_pages;
} MigrationAtomicStats;

extern MigrationAtomicStats mig_stats;

/**
 * migration_rate_get: bytes allowed per BUFFER_DELAY window (0: no
 * limit).
 */
uint64_t migration_rate_get(void);

/** migration_rate_reset: start a new window at the bytes sent so far. */
void migration_rate_reset(void);

/**
 * migration_rate_set: limit the stream to @limit bytes per second
 * (0: no limit).  The limit is enforced per BUFFER_DELAY window.
 */
void migration_rate_set(uint64_t limit);

/**
 * migration_rate_exceeded: whether the current window used its
 * allowance, or @f has an error (then nothing more should be sent).
 */
bool migration_rate_exceeded(QEMUFile *f);

/**
 * migration_transferred_bytes: bytes sent since the migration began,
 * over every channel.
 */
uint64_t migration_transferred_bytes(void);

/** migration_reset_stats: zero every counter for a new migration. */
void migration_reset_stats(void);

#endif
