/*
 * Postcopy on the destination: userfaultfd over guest RAM, the fault
 * thread, and the placing of pages.
 *
 * ADVISE checks that postcopy can work here and drops all guest RAM,
 * so that during precopy every page is written (or, for zero pages,
 * read, which maps the kernel's zero page).  DISCARD drops the pages
 * the source will send again.  LISTEN registers RAM with userfaultfd
 * in missing mode: a page that is not there blocks whoever touches it
 * until UFFDIO_COPY or UFFDIO_ZEROPAGE puts it there atomically.
 *
 * Nothing here takes the BQL: a vCPU or a device may be waiting for a
 * page with it held, and only the fault thread and the incoming thread
 * (which places pages) can release it.
 */
#include "qemu/osdep.h"
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "qapi/error.h"
#include "qemu/atomic.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "system/ramblock.h"
#include "migration/misc.h"
#include "migration.h"
#include "options.h"
#include "qemu-file.h"
#include "ram.h"
#include "return-path.h"
#include "postcopy-ram.h"
#include "postcopy-blocktime.h"

#define PAGE_SIZE_TP RAM_DIRTY_PAGE_SIZE
#define BITS_PER_LONG (sizeof(unsigned long) * 8)

/*
 * What the destination has of each block: pages received (in precopy,
 * not discarded since, or placed) and pages the guest asked for.  A
 * recovery tells the source the first, and asks again for the second.
 * Bits change atomically: the fault thread reads what the incoming
 * thread writes.
 */
typedef struct PostcopyBlock {
    RAMBlock *rb;
    uint64_t pages;
    unsigned long *received;
    unsigned long *requested;
} PostcopyBlock;

static struct {
    PostcopyState state;        /* atomic */
    int uffd;
    int quit_fd;                /* eventfd: the fault thread ends */
    GThread *fault_thread;
    uint8_t *page;              /* a received page, before it is placed */
    GArray *blocks;             /* of PostcopyBlock, from ADVISE on */
    bool recover_triggered;     /* migrate-recover given (atomic) */
} pc = {
    .uffd = -1,
    .quit_fd = -1,
};

static PostcopyBlock *pc_block(RAMBlock *rb)
{
    for (guint i = 0; pc.blocks && i < pc.blocks->len; i++) {
        PostcopyBlock *b = &g_array_index(pc.blocks, PostcopyBlock, i);

        if (b->rb == rb) {
            return b;
        }
    }
    return NULL;
}

static void bit_set(unsigned long *map, uint64_t page)
{
    qatomic_fetch_or(&map[page / BITS_PER_LONG],
                     1UL << (page % BITS_PER_LONG));
}

static bool bit_test(unsigned long *map, uint64_t page)
{
    return qatomic_read(&map[page / BITS_PER_LONG]) &
           (1UL << (page % BITS_PER_LONG));
}

static void add_block(RAMBlock *rb, void *opaque)
{
    PostcopyBlock b = { .rb = rb };
    size_t longs;

    b.pages = DIV_ROUND_UP(rb->used_length, PAGE_SIZE_TP);
    longs = DIV_ROUND_UP(b.pages, BITS_PER_LONG);
    b.received = g_new0(unsigned long, longs);
    b.requested = g_new0(unsigned long, longs);
    g_array_append_val(pc.blocks, b);
}

static void free_blocks(void)
{
    for (guint i = 0; pc.blocks && i < pc.blocks->len; i++) {
        PostcopyBlock *b = &g_array_index(pc.blocks, PostcopyBlock, i);

        g_free(b->received);
        g_free(b->requested);
    }
    g_clear_pointer(&pc.blocks, g_array_unref);
}

void postcopy_note_received(RAMBlock *rb, uint64_t offset)
{
    PostcopyBlock *b;

    if (postcopy_state_get() == POSTCOPY_INCOMING_NONE) {
        return;
    }
    b = pc_block(rb);
    if (b) {
        bit_set(b->received, offset / PAGE_SIZE_TP);
    }
}

PostcopyState postcopy_state_get(void)
{
    return qatomic_read(&pc.state);
}

bool postcopy_incoming_placing(void)
{
    PostcopyState ps = postcopy_state_get();

    return ps == POSTCOPY_INCOMING_LISTENING ||
           ps == POSTCOPY_INCOMING_RUNNING;
}

/* A userfaultfd speaking our API version, or -1 with @errp. */
static int uffd_open(Error **errp)
{
    struct uffdio_api api = {
        .api = UFFD_API,
        /* postcopy-blocktime: which thread faulted */
        .features = migrate_postcopy_blocktime() ? UFFD_FEATURE_THREAD_ID
                                                 : 0,
    };
    int fd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);

    if (fd < 0) {
        /* Unprivileged users may only get one through the device. */
        int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);

        if (dev >= 0) {
            fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
            close(dev);
        }
    }
    if (fd < 0) {
        error_setg_errno(errp, errno, "Userfaultfd not available");
        return -1;
    }
    if (ioctl(fd, UFFDIO_API, &api) < 0) {
        if (migrate_postcopy_blocktime()) {
            error_setg_errno(errp, errno, "Userfaultfd of this kernel "
                             "cannot tell the faulting thread, which "
                             "postcopy-blocktime needs");
        } else {
            error_setg_errno(errp, errno, "Userfaultfd API version 0x%llx "
                             "is not supported by this kernel",
                             (unsigned long long)UFFD_API);
        }
        close(fd);
        return -1;
    }
    return fd;
}

typedef struct BlockCheck {
    uint64_t psize_summary;
    Error **errp;
    bool ok;
} BlockCheck;

static void check_block(RAMBlock *rb, void *opaque)
{
    BlockCheck *c = opaque;

    c->psize_summary |= rb->page_size;
    if (c->ok && (rb->fd >= 0 || rb->shared || rb->readonly)) {
        error_setg(c->errp, "Postcopy needs guest RAM in anonymous private "
                   "memory; RAM block '%s' is %s", rb->idstr,
                   rb->readonly ? "read-only" :
                   rb->shared ? "shared" : "backed by a file");
        c->ok = false;
    }
}

/* Drop every page: what precopy does not send again, faults in. */
static void discard_block(RAMBlock *rb, void *opaque)
{
    size_t len = ROUND_UP(rb->used_length, rb->page_size);

    madvise(rb->host, len, MADV_NOHUGEPAGE);
    madvise(rb->host, len, MADV_DONTNEED);
}

int postcopy_incoming_advise(bool has_sizes, uint64_t remote_psize,
                             uint64_t remote_tps, Error **errp)
{
    BlockCheck c = { .errp = errp, .ok = true };
    int fd;

    if (postcopy_state_get() != POSTCOPY_INCOMING_NONE) {
        error_setg(errp, "CMD_POSTCOPY_ADVISE in wrong postcopy state (%d)",
                   postcopy_state_get());
        return -EINVAL;
    }
    if (!has_sizes) {
        if (migrate_postcopy_ram()) {
            error_setg(errp, "RAM postcopy is enabled but have 0 byte "
                       "advise");
            return -EINVAL;
        }
        return 0;
    }
    if (!migrate_postcopy_ram()) {
        error_setg(errp, "RAM postcopy is disabled but have 16 byte advise: "
                   "set capability 'postcopy-ram' on the destination too");
        return -EINVAL;
    }
    fd = uffd_open(errp);
    if (fd < 0) {
        return -ENOSYS;
    }
    close(fd);
    qemu_ram_foreach_block(check_block, &c);
    if (!c.ok) {
        return -EINVAL;
    }
    if (remote_psize != c.psize_summary) {
        error_setg(errp, "Postcopy needs matching RAM page sizes "
                   "(s=%" PRIx64 " d=%" PRIx64 ")", remote_psize,
                   c.psize_summary);
        return -EINVAL;
    }
    if (remote_tps != PAGE_SIZE_TP) {
        error_setg(errp, "Postcopy needs matching target page sizes "
                   "(s=%" PRIu64 " d=%d)", remote_tps, (int)PAGE_SIZE_TP);
        return -EINVAL;
    }
    qemu_ram_foreach_block(discard_block, NULL);
    pc.blocks = g_array_new(false, true, sizeof(PostcopyBlock));
    qemu_ram_foreach_block(add_block, NULL);
    qatomic_set(&pc.state, POSTCOPY_INCOMING_ADVISE);
    return 0;
}

int postcopy_incoming_discard(const char *rbname, uint64_t start,
                              uint64_t len, Error **errp)
{
    PostcopyState ps = postcopy_state_get();
    PostcopyBlock *b;
    RAMBlock *rb;

    if (ps != POSTCOPY_INCOMING_ADVISE && ps != POSTCOPY_INCOMING_DISCARD) {
        error_setg(errp, "CMD_POSTCOPY_RAM_DISCARD in wrong postcopy state "
                   "(%d)", ps);
        return -EINVAL;
    }
    qatomic_set(&pc.state, POSTCOPY_INCOMING_DISCARD);
    rb = qemu_ram_block_by_name(rbname);
    if (!rb) {
        error_setg(errp, "CMD_POSTCOPY_RAM_DISCARD names unknown RAM block "
                   "'%s'", rbname);
        return -EINVAL;
    }
    if ((start | len) & (PAGE_SIZE_TP - 1) || !len ||
        start >= rb->used_length || len > rb->used_length - start) {
        error_setg(errp, "CMD_POSTCOPY_RAM_DISCARD range 0x%" PRIx64
                   "+0x%" PRIx64 " is not whole pages within RAM block "
                   "'%s' of 0x%" PRIx64 " bytes", start, len, rbname,
                   rb->used_length);
        return -EINVAL;
    }
    if (madvise(rb->host + start, len, MADV_DONTNEED) < 0) {
        int err = errno;

        error_setg_errno(errp, err, "cannot discard 0x%" PRIx64 "+0x%"
                         PRIx64 " of RAM block '%s'", start, len, rbname);
        return -err;
    }
    /* Only the incoming thread writes the bits before LISTEN. */
    b = pc_block(rb);
    for (uint64_t p = start / PAGE_SIZE_TP; p < (start + len) / PAGE_SIZE_TP;
         p++) {
        b->received[p / BITS_PER_LONG] &= ~(1UL << (p % BITS_PER_LONG));
    }
    return 0;
}

/* ---- the fault thread -------------------------------------------------- */

static gpointer fault_thread(gpointer opaque)
{
    for (;;) {
        struct pollfd pfd[2] = {
            { .fd = pc.uffd, .events = POLLIN },
            { .fd = pc.quit_fd, .events = POLLIN },
        };
        struct uffd_msg msg;
        ram_addr_t offset;
        PostcopyBlock *b;
        RAMBlock *rb;
        uint64_t page;
        ssize_t n;

        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            error_report("postcopy: polling userfaultfd failed: %s",
                         strerror(errno));
            break;
        }
        if (pfd[1].revents) {
            break;
        }
        n = read(pc.uffd, &msg, sizeof(msg));
        if (n != sizeof(msg)) {
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                continue;
            }
            error_report("postcopy: reading userfaultfd failed: %s",
                         n < 0 ? strerror(errno) : "short read");
            break;
        }
        if (msg.event != UFFD_EVENT_PAGEFAULT) {
            continue;
        }
        rb = qemu_ram_block_from_host((void *)(uintptr_t)
                                      msg.arg.pagefault.address, true,
                                      &offset);
        if (!rb) {
            error_report("postcopy: fault at 0x%llx outside guest RAM",
                         (unsigned long long)msg.arg.pagefault.address);
            continue;
        }
        b = pc_block(rb);
        page = offset / PAGE_SIZE_TP;
        bit_set(b->requested, page);
        postcopy_blocktime_fault(msg.arg.pagefault.feat.ptid,
                                 msg.arg.pagefault.address);
        if (bit_test(b->received, page)) {
            /* Placed meanwhile: its placer may have missed this wait. */
            postcopy_blocktime_placed(msg.arg.pagefault.address);
            continue;
        }
        /*
         * Without a return path (the connection broke), the request
         * is sent again when postcopy recovers.
         */
        migration_rp_send_req_pages(rb, offset, PAGE_SIZE_TP);
    }
    return NULL;
}

static void register_block(RAMBlock *rb, void *opaque)
{
    Error **errp = opaque;
    struct uffdio_register reg = {
        .range = {
            .start = (uintptr_t)rb->host,
            .len = ROUND_UP(rb->used_length, rb->page_size),
        },
        .mode = UFFDIO_REGISTER_MODE_MISSING,
    };
    uint64_t need = (1ULL << _UFFDIO_COPY) | (1ULL << _UFFDIO_ZEROPAGE);

    if (*errp) {
        return;
    }
    if (ioctl(pc.uffd, UFFDIO_REGISTER, &reg) < 0) {
        error_setg_errno(errp, errno, "cannot register RAM block '%s' with "
                         "userfaultfd", rb->idstr);
        return;
    }
    if ((reg.ioctls & need) != need) {
        error_setg(errp, "userfaultfd cannot place pages in RAM block '%s'",
                   rb->idstr);
    }
}

static void unregister_block(RAMBlock *rb, void *opaque)
{
    struct uffdio_range range = {
        .start = (uintptr_t)rb->host,
        .len = ROUND_UP(rb->used_length, rb->page_size),
    };

    ioctl(pc.uffd, UFFDIO_UNREGISTER, &range);
}

int postcopy_incoming_listen(Error **errp)
{
    PostcopyState ps = postcopy_state_get();
    MigrationIncomingState *mis = migration_incoming_get_current();
    Error *err = NULL;

    if (ps != POSTCOPY_INCOMING_ADVISE && ps != POSTCOPY_INCOMING_DISCARD) {
        error_setg(errp, "CMD_POSTCOPY_LISTEN in wrong postcopy state (%d)",
                   ps);
        return -EINVAL;
    }
    if (!migration_rp_dest_is_open()) {
        error_setg(errp, "CMD_POSTCOPY_LISTEN without a return path: the "
                   "source did not send OPEN_RETURN_PATH");
        return -EINVAL;
    }
    pc.uffd = uffd_open(errp);
    if (pc.uffd < 0) {
        return -ENOSYS;
    }
    qemu_ram_foreach_block(register_block, &err);
    if (err) {
        error_propagate(errp, err);
        qemu_ram_foreach_block(unregister_block, NULL);
        close(pc.uffd);
        pc.uffd = -1;
        return -EINVAL;
    }
    pc.quit_fd = eventfd(0, EFD_CLOEXEC);
    if (pc.quit_fd < 0) {
        int err = errno;

        error_setg_errno(errp, err, "postcopy: cannot create an eventfd");
        postcopy_incoming_end();
        return -err;
    }
    if (!pc.page) {
        pc.page = g_malloc(PAGE_SIZE_TP);
    }
    postcopy_blocktime_start();
    qatomic_set(&pc.state, POSTCOPY_INCOMING_LISTENING);
    pc.fault_thread = g_thread_new("mig/dst/fault", fault_thread, NULL);
    migrate_set_state(&mis->state, MIGRATION_STATUS_ACTIVE,
                      MIGRATION_STATUS_POSTCOPY_ACTIVE);
    return 0;
}

/* Main loop: the guest runs here from now on, as it ran there. */
static void postcopy_run_bh(void *opaque)
{
    migration_incoming_start_guest();
}

int postcopy_incoming_run(Error **errp)
{
    PostcopyState ps = postcopy_state_get();

    if (ps != POSTCOPY_INCOMING_LISTENING) {
        error_setg(errp, "CMD_POSTCOPY_RUN in wrong postcopy state (%d)", ps);
        return -EINVAL;
    }
    qatomic_set(&pc.state, POSTCOPY_INCOMING_RUNNING);
    qemu_bh_schedule_oneshot(postcopy_run_bh, NULL);
    return 0;
}

/* ---- placing pages ------------------------------------------------------ */

static int place_error(QEMUFile *f, int err, RAMBlock *rb, uint64_t offset)
{
    Error *e = NULL;

    error_setg(&e, "RAM: placing page 0x%" PRIx64 " of block '%s' "
               "failed: %s", offset, rb->idstr, strerror(err));
    qemu_file_set_error_obj(f, -err, e);
    return -err;
}

static int place_page(QEMUFile *f, RAMBlock *rb, uint64_t offset,
                      const uint8_t *src)
{
    struct uffdio_copy copy = {
        .dst = (uintptr_t)(rb->host + offset),
        .src = (uintptr_t)src,
        .len = PAGE_SIZE_TP,
    };

    while (ioctl(pc.uffd, UFFDIO_COPY, &copy) < 0) {
        if (errno == EEXIST) {
            break;              /* it is there already */
        }
        if (errno != EAGAIN && errno != EINTR) {
            return place_error(f, errno, rb, offset);
        }
        copy.copy = 0;
    }
    postcopy_note_received(rb, offset);
    postcopy_blocktime_placed(copy.dst);
    return 0;
}

static int place_zero_page(QEMUFile *f, RAMBlock *rb, uint64_t offset)
{
    struct uffdio_zeropage zero = {
        .range = {
            .start = (uintptr_t)(rb->host + offset),
            .len = PAGE_SIZE_TP,
        },
    };

    while (ioctl(pc.uffd, UFFDIO_ZEROPAGE, &zero) < 0) {
        if (errno == EEXIST) {
            break;
        }
        if (errno != EAGAIN && errno != EINTR) {
            return place_error(f, errno, rb, offset);
        }
        zero.zeropage = 0;
    }
    postcopy_note_received(rb, offset);
    postcopy_blocktime_placed(zero.range.start);
    return 0;
}

int postcopy_load_page(QEMUFile *f, RAMBlock *rb, uint64_t offset,
                       int flags)
{
    Error *err = NULL;
    int kind = flags & ~RAM_SAVE_FLAG_CONTINUE;
    int ch;

    switch (kind) {
    case RAM_SAVE_FLAG_PAGE:
        if (qemu_get_buffer(f, pc.page, PAGE_SIZE_TP) != PAGE_SIZE_TP) {
            error_setg(&err, "RAM: truncated page");
            break;
        }
        return place_page(f, rb, offset, pc.page);
    case RAM_SAVE_FLAG_ZERO:
        ch = qemu_get_byte(f);
        if (qemu_file_get_error(f)) {
            error_setg(&err, "RAM: truncated zero page");
            break;
        }
        if (ch != 0) {
            error_setg(&err, "RAM: zero page 0x%" PRIx64 " of block '%s' "
                       "has fill byte 0x%x, expected 0", offset, rb->idstr,
                       ch);
            break;
        }
        return place_zero_page(f, rb, offset);
    default:
        error_setg(&err, "RAM: record 0x%x for page 0x%" PRIx64 " of block "
                   "'%s' cannot be placed in postcopy (expected a page or "
                   "a zero page)", flags, offset, rb->idstr);
        break;
    }
    qemu_file_set_error_obj(f, -EINVAL, err);
    return -EINVAL;
}

/* ---- the end ------------------------------------------------------------ */

static void stop_fault_thread(void)
{
    uint64_t one = 1;

    if (pc.fault_thread) {
        if (write(pc.quit_fd, &one, sizeof(one)) != sizeof(one)) {
            error_report("postcopy: cannot stop the fault thread: %s",
                         strerror(errno));
            return;
        }
        g_thread_join(pc.fault_thread);
        pc.fault_thread = NULL;
    }
    if (pc.quit_fd >= 0) {
        close(pc.quit_fd);
        pc.quit_fd = -1;
    }
}

void postcopy_incoming_end(void)
{
    stop_fault_thread();
    if (pc.uffd >= 0) {
        qemu_ram_foreach_block(unregister_block, NULL);
        close(pc.uffd);
        pc.uffd = -1;
    }
    g_clear_pointer(&pc.page, g_free);
    free_blocks();
    if (postcopy_state_get() != POSTCOPY_INCOMING_NONE) {
        qatomic_set(&pc.state, POSTCOPY_INCOMING_END);
    }
}

void postcopy_incoming_lost(void)
{
    /* The fault thread goes on noting requests, for a recovery. */
    qatomic_set(&pc.recover_triggered, false);
}

/* ---- recovery ------------------------------------------------------------ */

bool postcopy_incoming_recover_start(Error **errp)
{
    MigrationIncomingState *mis = migration_incoming_get_current();

    if (qatomic_read(&mis->state) != MIGRATION_STATUS_POSTCOPY_PAUSED) {
        error_setg(errp, "Migrate recover can only be run when postcopy is "
                   "paused.");
        return false;
    }
    if (qatomic_xchg(&pc.recover_triggered, true)) {
        error_setg(errp, "Migrate recovery is triggered already");
        return false;
    }
    return true;
}

void postcopy_incoming_recover_failed(void)
{
    qatomic_set(&pc.recover_triggered, false);
}

int postcopy_incoming_send_recv_bitmap(const char *rbname, Error **errp)
{
    RAMBlock *rb = qemu_ram_block_by_name(rbname);
    PostcopyBlock *b = rb ? pc_block(rb) : NULL;

    if (postcopy_state_get() != POSTCOPY_INCOMING_RUNNING) {
        error_setg(errp, "MIG_CMD_RECV_BITMAP outside of a postcopy "
                   "recovery");
        return -EINVAL;
    }
    if (!b) {
        error_setg(errp, "MIG_CMD_RECV_BITMAP for unknown RAM block '%s'",
                   rbname);
        return -EINVAL;
    }
    return migration_rp_send_recv_bitmap(rb, b->received, b->pages);
}

int postcopy_incoming_resume(Error **errp)
{
    MigrationIncomingState *mis = migration_incoming_get_current();

    if (postcopy_state_get() != POSTCOPY_INCOMING_RUNNING ||
        qatomic_read(&mis->state) != MIGRATION_STATUS_POSTCOPY_RECOVER) {
        error_setg(errp, "MIG_CMD_POSTCOPY_RESUME outside of a postcopy "
                   "recovery");
        return -EINVAL;
    }
    migrate_set_state(&mis->state, MIGRATION_STATUS_POSTCOPY_RECOVER,
                      MIGRATION_STATUS_POSTCOPY_ACTIVE);
    migration_rp_send_resume_ack();
    /* What the guest asked for while the link was down, once more. */
    for (guint i = 0; i < pc.blocks->len; i++) {
        PostcopyBlock *b = &g_array_index(pc.blocks, PostcopyBlock, i);

        for (uint64_t p = 0; p < b->pages; p++) {
            if (bit_test(b->requested, p) && !bit_test(b->received, p)) {
                migration_rp_send_req_pages(b->rb, p * PAGE_SIZE_TP,
                                            PAGE_SIZE_TP);
            }
        }
    }
    return 0;
}

void migration_postcopy_shutdown(void)
{
    /* Unregistering wakes the waiters; their pages fill with zeros. */
    if (pc.uffd >= 0) {
        qemu_ram_foreach_block(unregister_block, NULL);
    }
}

bool migration_postcopy_vcpus_wait(Error **errp)
{
    MigrationIncomingState *mis = migration_incoming_get_current();
    MigrationStatus st = qatomic_read(&mis->state);

    if (postcopy_state_get() == POSTCOPY_INCOMING_RUNNING &&
        (st == MIGRATION_STATUS_POSTCOPY_PAUSED ||
         st == MIGRATION_STATUS_POSTCOPY_RECOVER)) {
        error_setg(errp, "The guest may be waiting for memory that is still "
                   "on the source of the paused postcopy migration; recover "
                   "the migration (migrate-recover) first");
        return true;
    }
    return false;
}
