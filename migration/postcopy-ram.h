/*
 * Postcopy: the guest moves to the destination before all of its RAM
 * did; the pages it touches there are fetched on demand.
 *
 * Source (postcopy-source.c): migrate-start-postcopy stops the guest,
 * sends the list of pages still dirty (to be discarded on the
 * destination) and the device state in one package, then the pages
 * the destination asks for first and the rest in the background.
 *
 * Destination (postcopy-ram.c): guest RAM is registered with
 * userfaultfd (missing mode); a fault thread turns the faults of the
 * running guest into page requests on the return path, and pages are
 * placed atomically with UFFDIO_COPY / UFFDIO_ZEROPAGE, waking the
 * vCPUs that wait for them.  None of this takes the BQL: a vCPU or a
 * device may wait for a page with the BQL held.
 *
 * Recovery: when the connection breaks, both sides pause and keep
 * their state; over a new connection (migrate-recover, migrate with
 * resume) the destination tells which pages it has (RECV_BITMAP),
 * asks again for those its guest waits for, and postcopy goes on.
 */
#ifndef MIGRATION_POSTCOPY_RAM_H
#define MIGRATION_POSTCOPY_RAM_H

typedef struct QEMUFile QEMUFile;
typedef struct MigrationState MigrationState;
typedef struct RAMBlock RAMBlock;

/* Most ranges in one POSTCOPY_RAM_DISCARD command (QEMU's) */
#define MAX_DISCARDS_PER_COMMAND 12
/* Largest device state package (QEMU's MAX_VM_CMD_PACKAGED_SIZE) */
#define MAX_VM_CMD_PACKAGED_SIZE (1U << 24)

/* ---- source ------------------------------------------------------------ */

/** postcopy_source_reset: forget the last migration's postcopy state. */
void postcopy_source_reset(void);

/**
 * postcopy_source_request_start: (migrate-start-postcopy) ask the
 * migration thread to switch to postcopy at its next iteration.
 */
void postcopy_source_request_start(void);

/** postcopy_source_start_requested: whether the switch was asked for. */
bool postcopy_source_start_requested(void);

/**
 * postcopy_source_active: whether the device state went to the
 * destination: from then on the source guest must never run again.
 */
bool postcopy_source_active(void);

/**
 * postcopy_source_run: (migration thread, no BQL) switch to postcopy
 * and run it to the end.  Returns true when the state changes were
 * made here (completed, failed after the switch, postcopy-paused);
 * false with @errp when it failed before the destination had the
 * device state, so that the source guest may go on.
 */
bool postcopy_source_run(MigrationState *s, QEMUFile *f, Error **errp);

/**
 * postcopy_source_queue_request: (return path thread) the destination
 * asks for @len bytes at @start of the block named @rbname (NULL: the
 * block of the previous request).  Returns 0, or -1 with @errp naming
 * a bad block or range.
 */
int postcopy_source_queue_request(const char *rbname, uint64_t start,
                                  uint64_t len, Error **errp);

/**
 * postcopy_source_pop_request: the oldest queued request, if any:
 * block, start and length.
 */
bool postcopy_source_pop_request(RAMBlock **rb, uint64_t *start,
                                 uint64_t *len);

/**
 * postcopy_source_recovering: whether a paused postcopy is being
 * resumed (postcopy-recover-setup or postcopy-recover).
 */
bool postcopy_source_recovering(void);

/**
 * postcopy_source_resume_thread: the migration thread of a resumed
 * postcopy (migrate with resume=true): the destination tells what it
 * has, and postcopy goes on on the new channel.
 */
gpointer postcopy_source_resume_thread(gpointer opaque);

/** postcopy_source_kick: wake a migration thread waiting for requests. */
void postcopy_source_kick(void);

/**
 * qemu_savevm_send_postcopy_advise: write MIG_CMD_POSTCOPY_ADVISE with
 * the page size summary and the target page size.
 */
void qemu_savevm_send_postcopy_advise(QEMUFile *f);

/**
 * postcopy_discard_send_range: queue a range (bytes within @rb) of
 * pages the destination must drop; commands go out 12 ranges at a
 * time, and at postcopy_discard_send_finish().
 */
void postcopy_discard_send_range(QEMUFile *f, RAMBlock *rb, uint64_t start,
                                 uint64_t length);

/** postcopy_discard_send_finish: send the ranges still queued. */
void postcopy_discard_send_finish(QEMUFile *f);

/* ---- destination ------------------------------------------------------- */

/**
 * loadvm_postcopy_command: (loader) run postcopy command @cmd (ADVISE,
 * RAM_DISCARD, PACKAGED, LISTEN, RUN) whose @len bytes of data follow
 * in @f; its length was checked.  Returns 0, LOADVM_QUIT after RUN, or
 * negative with @errp.
 */
int loadvm_postcopy_command(QEMUFile *f, uint16_t cmd, uint16_t len,
                            Error **errp);

/**
 * loadvm_postcopy_end: (loader) the main stream ended with @ret:
 * collect the package thread (its error, if any, replaces @errp's) and
 * release userfaultfd, unless the guest runs here already and the
 * stream broke.  Returns the load's result.
 */
int loadvm_postcopy_end(int ret, Error **errp);

typedef enum PostcopyState {
    POSTCOPY_INCOMING_NONE = 0,
    POSTCOPY_INCOMING_ADVISE,
    POSTCOPY_INCOMING_DISCARD,
    POSTCOPY_INCOMING_LISTENING,
    POSTCOPY_INCOMING_RUNNING,
    POSTCOPY_INCOMING_END,
} PostcopyState;

/** postcopy_state_get: where the destination is in postcopy. */
PostcopyState postcopy_state_get(void);

/**
 * postcopy_incoming_advise: (POSTCOPY_ADVISE) check that postcopy can
 * work here (capability, page sizes @remote_psize and @remote_tps
 * unless !@has_sizes, userfaultfd, anonymous RAM) and drop all guest
 * RAM so that every page is either received or faulted in.
 */
int postcopy_incoming_advise(bool has_sizes, uint64_t remote_psize,
                             uint64_t remote_tps, Error **errp);

/**
 * postcopy_incoming_discard: (POSTCOPY_RAM_DISCARD) drop @len bytes at
 * @start of block @rbname: the source will send them again.
 */
int postcopy_incoming_discard(const char *rbname, uint64_t start,
                              uint64_t len, Error **errp);

/**
 * postcopy_incoming_listen: (POSTCOPY_LISTEN) register guest RAM with
 * userfaultfd and start the fault thread; from now on RAM pages are
 * placed, not written.
 */
int postcopy_incoming_listen(Error **errp);

/**
 * postcopy_incoming_run: (POSTCOPY_RUN) start the guest (in the main
 * loop) as the source's run state says.
 */
int postcopy_incoming_run(Error **errp);

/** postcopy_incoming_placing: whether RAM pages must be placed. */
bool postcopy_incoming_placing(void);

/**
 * postcopy_load_page: (RAM loader) read the payload of a PAGE or ZERO
 * record (@flags) for @offset of @rb from @f and place it.  Returns 0
 * or negative with the error recorded in @f.
 */
int postcopy_load_page(QEMUFile *f, RAMBlock *rb, uint64_t offset,
                       int flags);

/**
 * postcopy_incoming_end: every page arrived (or the load failed
 * before the guest ran): stop the fault thread and release RAM from
 * userfaultfd.
 */
void postcopy_incoming_end(void);

/**
 * postcopy_note_received: (RAM loader) page @offset of @rb is here:
 * a postcopy recovery need not ask for it again.
 */
void postcopy_note_received(RAMBlock *rb, uint64_t offset);

/**
 * postcopy_incoming_recover_start: (migrate-recover) check that the
 * destination is in postcopy-paused and no recovery is under way.
 */
bool postcopy_incoming_recover_start(Error **errp);

/** postcopy_incoming_recover_failed: another migrate-recover may come. */
void postcopy_incoming_recover_failed(void);

/**
 * postcopy_incoming_send_recv_bitmap: (MIG_CMD_RECV_BITMAP) send the
 * source the received pages of block @rbname.
 */
int postcopy_incoming_send_recv_bitmap(const char *rbname, Error **errp);

/**
 * postcopy_incoming_resume: (MIG_CMD_POSTCOPY_RESUME) postcopy goes on:
 * RESUME_ACK, and the pages the guest waits for are asked for again.
 */
int postcopy_incoming_resume(Error **errp);

/**
 * postcopy_incoming_lost: the stream broke while the guest runs here:
 * nothing can bring the missing pages, the vCPUs that wait for them
 * keep waiting.  Stops the fault thread.
 */
void postcopy_incoming_lost(void);

#endif
