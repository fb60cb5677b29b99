/*
 * The return path: messages from the destination back to the source,
 * on the migration channel itself, in the other direction (QEMU's
 * MIG_RP_MSG_*).  Each message is be16 type, be16 length, data.
 *
 * The source reads them in its own thread; the destination writes
 * them from whichever thread has something to say (the incoming
 * thread, the postcopy fault thread), one message at a time.
 */
#ifndef MIGRATION_RETURN_PATH_H
#define MIGRATION_RETURN_PATH_H

#include "qapi/qapi-types.h"

typedef struct QEMUFile QEMUFile;
typedef struct MigrationState MigrationState;
typedef struct RAMBlock RAMBlock;

/* Messages from the destination to the source */
enum mig_rp_message_type {
    MIG_RP_MSG_INVALID = 0,
    MIG_RP_MSG_SHUT,            /* be32: 0 loaded everything, else failed */
    MIG_RP_MSG_PONG,            /* be32: the value of a PING */
    MIG_RP_MSG_REQ_PAGES_ID,    /* be64 start, be32 len, counted block id */
    MIG_RP_MSG_REQ_PAGES,       /* be64 start, be32 len (same block) */
    MIG_RP_MSG_RECV_BITMAP,     /* counted block id; its bitmap follows */
    MIG_RP_MSG_RESUME_ACK,      /* be32 1: ready to go on (recovery) */
    MIG_RP_MSG_SWITCHOVER_ACK,  /* no data: the switch-over may happen */
    MIG_RP_MSG_MAX
};

/**
 * migration_rp_transport_check: with return-path or postcopy-ram on,
 * refuse a transport that has no way back (exec, file).
 */
bool migration_rp_transport_check(const MigrationAddress *addr,
                                  Error **errp);

/**
 * migration_rp_source_start: (migration thread, after the header)
 * with return-path or postcopy-ram on, send OPEN_RETURN_PATH and start
 * the thread that reads the destination's messages; with postcopy-ram
 * also send POSTCOPY_ADVISE.  False with @errp when the thread cannot
 * be started.
 */
bool migration_rp_source_start(MigrationState *s, QEMUFile *f, Error **errp);

/** migration_rp_source_active: whether a return path is being read. */
bool migration_rp_source_active(void);

/**
 * migration_rp_source_settle: the stream broke: give the return path
 * up to @timeout_ms to read what the destination said last (its SHUT
 * says why better than a broken pipe does).
 */
void migration_rp_source_settle(int timeout_ms);

/**
 * migration_rp_source_error: a copy of the error the return path
 * thread ran into (a bad message, the destination's failure, a lost
 * connection), or NULL.
 */
Error *migration_rp_source_error(void);

/**
 * migration_rp_source_wait_recovered: (postcopy recovery) wait until
 * @bitmaps RECV_BITMAP replies were loaded or, with @bitmaps 0, until
 * RESUME_ACK came.  False with @errp when the return path broke.
 */
bool migration_rp_source_wait_recovered(unsigned bitmaps, Error **errp);

/**
 * migration_rp_source_switchover_acked: (switchover-ack) whether the
 * destination sent SWITCHOVER_ACK; waits up to @timeout_ms for it
 * unless the return path ended.
 */
bool migration_rp_source_switchover_acked(int timeout_ms);

/**
 * migration_rp_source_dest_failed: whether the destination reported
 * that it could not load the stream (SHUT with an error).
 */
bool migration_rp_source_dest_failed(void);

/**
 * migration_rp_source_wait_shut: wait (without the BQL) until the
 * destination said it is done (SHUT).  False with @errp when it
 * failed, or the return path broke first.
 */
bool migration_rp_source_wait_shut(Error **errp);

/**
 * migration_rp_source_cleanup: (main loop) stop the return path
 * thread if it still runs and close its file.
 */
void migration_rp_source_cleanup(void);

/**
 * migration_rp_dest_open: (destination, OPEN_RETURN_PATH) open the
 * return path on the channel of @f.  False with @errp if it is open.
 */
bool migration_rp_dest_open(QEMUFile *f, Error **errp);

/** migration_rp_dest_is_open: whether the source asked for replies. */
bool migration_rp_dest_is_open(void);

/** migration_rp_send_pong: answer a PING with @value. */
int migration_rp_send_pong(uint32_t value);

/**
 * migration_rp_send_shut: tell the source that the destination is done
 * (@failed: it could not load the stream), then close the return path.
 * A postcopy whose guest runs here only closes it: it is paused.
 */
void migration_rp_send_shut(bool failed);

/**
 * migration_rp_send_recv_bitmap: (postcopy recovery) RECV_BITMAP for
 * @rb, then @pages bits of @map: the pages received.
 */
int migration_rp_send_recv_bitmap(RAMBlock *rb, const unsigned long *map,
                                  uint64_t pages);

/** migration_rp_send_resume_ack: (postcopy recovery) RESUME_ACK. */
int migration_rp_send_resume_ack(void);

/**
 * migration_rp_send_req_pages: ask for @len bytes at @start of @rb
 * (postcopy).  Returns 0 or a negative errno (return path gone).
 */
int migration_rp_send_req_pages(RAMBlock *rb, uint64_t start, uint32_t len);

#endif
