/*
 * multifd with mapped-ram, destination: reader threads (see
 * multifd-mapped-ram.h).
 *
 * The loading thread cuts the present runs of a block into jobs of at
 * most MAPPED_RAM_LOAD_BUF_SIZE and queues them; a free thread takes
 * the next one.  The first error stops every thread; the rest of the
 * queue is dropped.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "mapped-ram.h"
#include "multifd-mapped-ram.h"

typedef struct ReadJob {
    RAMBlock *rb;
    uint64_t pages_offset;
    uint64_t first;
    uint64_t end;
} ReadJob;

typedef struct Reader {
    MultiFDFileReaders *r;
    QIOChannel *ioc;
    GThread *thread;
} Reader;

struct MultiFDFileReaders {
    Reader *readers;
    int n;

    GMutex lock;                /* guards what follows */
    GCond cond;                 /* a job was queued, or no more will be */
    GQueue jobs;
    bool done;                  /* nothing more will be queued */
    Error *error;
};

static gpointer reader_thread(gpointer opaque)
{
    Reader *rd = opaque;
    MultiFDFileReaders *r = rd->r;

    g_mutex_lock(&r->lock);
    for (;;) {
        ReadJob *job = g_queue_pop_head(&r->jobs);
        Error *err = NULL;
        bool ok;

        if (r->error) {
            g_free(job);
            break;
        }
        if (!job) {
            if (r->done) {
                break;
            }
            g_cond_wait(&r->cond, &r->lock);
            continue;
        }
        g_mutex_unlock(&r->lock);
        ok = mapped_ram_read_pages(rd->ioc, job->rb, job->pages_offset,
                                   job->first, job->end, &err);
        g_free(job);
        g_mutex_lock(&r->lock);
        if (!ok) {
            if (!r->error) {
                r->error = err;
                err = NULL;
            }
            error_free(err);
            g_cond_broadcast(&r->cond);
            break;
        }
    }
    g_mutex_unlock(&r->lock);
    return NULL;
}

MultiFDFileReaders *multifd_file_readers_new(QIOChannel *ioc, int n,
                                             Error **errp)
{
    MultiFDFileReaders *r = g_new0(MultiFDFileReaders, 1);

    g_mutex_init(&r->lock);
    g_cond_init(&r->cond);
    g_queue_init(&r->jobs);
    r->readers = g_new0(Reader, n);
    for (int i = 0; i < n; i++) {
        Reader *rd = &r->readers[i];
        g_autofree char *name = g_strdup_printf("mig/dst/recv_%d", i);

        rd->r = r;
        rd->ioc = mapped_ram_open_channel(ioc, O_RDONLY, errp);
        if (!rd->ioc) {
            error_prepend(errp, "multifd channel %d: ", i);
            multifd_file_readers_finish(r, NULL);
            return NULL;
        }
        r->n++;
        rd->thread = g_thread_new(name, reader_thread, rd);
    }
    return r;
}

bool multifd_file_readers_queue(MultiFDFileReaders *r, RAMBlock *rb,
                                uint64_t pages_offset, uint64_t first,
                                uint64_t end)
{
    const uint64_t chunk = MAPPED_RAM_LOAD_BUF_SIZE >> RAM_DIRTY_PAGE_BITS;
    bool ok;

    g_mutex_lock(&r->lock);
    ok = !r->error;
    while (ok && first < end) {
        ReadJob *job = g_new(ReadJob, 1);

        job->rb = rb;
        job->pages_offset = pages_offset;
        job->first = first;
        job->end = MIN(end, first + chunk);
        first = job->end;
        g_queue_push_tail(&r->jobs, job);
        g_cond_signal(&r->cond);
    }
    g_mutex_unlock(&r->lock);
    return ok;
}

bool multifd_file_readers_finish(MultiFDFileReaders *r, Error **errp)
{
    bool ok;

    g_mutex_lock(&r->lock);
    r->done = true;
    g_cond_broadcast(&r->cond);
    g_mutex_unlock(&r->lock);
    for (int i = 0; i < r->n; i++) {
        g_thread_join(r->readers[i].thread);
        object_unref(OBJECT(r->readers[i].ioc));
    }
    /* After an error the threads left jobs behind. */
    g_queue_clear_full(&r->jobs, g_free);
    ok = !r->error;
    if (r->error) {
        error_propagate_prepend(errp, r->error, "multifd: ");
    }
    g_mutex_clear(&r->lock);
    g_cond_clear(&r->cond);
    g_free(r->readers);
    g_free(r);
    return ok;
}
