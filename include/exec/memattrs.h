/*
 * Transaction attributes and results of memory accesses.  Same names as
 * QEMU's exec/memattrs.h.
 */
#ifndef EXEC_MEMATTRS_H
#define EXEC_MEMATTRS_H

/*
 * MemTxAttrs: what the bus master tells the target about an access.
 * Pass MEMTXATTRS_UNSPECIFIED when the master has nothing to say.
 */
typedef struct MemTxAttrs {
    unsigned int unspecified:1;   /* no attributes given */
    unsigned int secure:1;
    unsigned int space:2;
    unsigned int user:1;          /* unprivileged access */
    unsigned int memory:1;        /* not an I/O access */
    unsigned int requester_id:16; /* bus master id (e.g. the hart) */
    unsigned int pid:8;           /* process id on the bus */
    unsigned int debug:1;         /* debugger access (gdbstub, monitor) */
} MemTxAttrs;

#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs) { .unspecified = 1 })

/*
 * MemTxResult: a bit mask so results of split accesses can be ORed
 * together; MEMTX_OK is 0.
 */
typedef uint32_t MemTxResult;

#define MEMTX_OK 0
#define MEMTX_ERROR             (1U << 0) /* device returned an error */
#define MEMTX_DECODE_ERROR      (1U << 1) /* nothing at that address */
#define MEMTX_ACCESS_ERROR      (1U << 2) /* access denied */

#endif
