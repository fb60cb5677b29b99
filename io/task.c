/*
 * QIOTask: completion of asynchronous channel operations.  A worker
 * thread does the blocking part; the callback runs in a main context.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "io/task.h"

struct QIOTask {
    Object *source;
    QIOTaskFunc func;
    gpointer opaque;
    GDestroyNotify destroy;
    Error *err;
    gpointer result;
    GDestroyNotify result_destroy;

    /* Thread state */
    GThread *thread;
    QIOTaskWorker worker;
    gpointer worker_opaque;
    GDestroyNotify worker_destroy;
    GMainContext *context;
    GMutex lock;
    GCond cond;
    bool worker_done;
    bool completed;             /* by qio_task_wait_thread */
    GSource *idle;
};

QIOTask *qio_task_new(Object *source, QIOTaskFunc func, gpointer opaque,
                      GDestroyNotify destroy)
{
    QIOTask *task = g_new0(QIOTask, 1);

    task->source = source;
    object_ref(source);
    task->func = func;
    task->opaque = opaque;
    task->destroy = destroy;
    g_mutex_init(&task->lock);
    g_cond_init(&task->cond);
    return task;
}

static void qio_task_free(QIOTask *task)
{
    if (task->destroy) {
        task->destroy(task->opaque);
    }
    if (task->result_destroy) {
        task->result_destroy(task->result);
    }
    if (task->context) {
        g_main_context_unref(task->context);
    }
    error_free(task->err);
    object_unref(task->source);
    g_mutex_clear(&task->lock);
    g_cond_clear(&task->cond);
    g_free(task);
}

void qio_task_complete(QIOTask *task)
{
    task->func(task, task->opaque);
    qio_task_free(task);
}

static void task_join_worker(QIOTask *task)
{
    if (task->thread) {
        g_thread_join(task->thread);
        task->thread = NULL;
    }
    if (task->worker_destroy) {
        task->worker_destroy(task->worker_opaque);
        task->worker_destroy = NULL;
    }
}

static gboolean task_thread_result(gpointer opaque)
{
    QIOTask *task = opaque;

    g_mutex_lock(&task->lock);
    if (task->completed) {
        /* qio_task_wait_thread() got there first. */
        g_mutex_unlock(&task->lock);
        return G_SOURCE_REMOVE;
    }
    task->completed = true;
    g_source_unref(task->idle);
    task->idle = NULL;
    g_mutex_unlock(&task->lock);
    task_join_worker(task);
    qio_task_complete(task);
    return G_SOURCE_REMOVE;
}

static gpointer task_thread_fn(gpointer opaque)
{
    QIOTask *task = opaque;
    GSource *idle;

    task->worker(task, task->worker_opaque);

    g_mutex_lock(&task->lock);
    task->worker_done = true;
    g_cond_signal(&task->cond);
    idle = g_idle_source_new();
    g_source_set_callback(idle, task_thread_result, task, NULL);
    task->idle = idle;
    g_source_attach(idle, task->context);
    g_mutex_unlock(&task->lock);
    return NULL;
}

void qio_task_run_in_thread(QIOTask *task, QIOTaskWorker worker,
                            gpointer opaque, GDestroyNotify destroy,
                            GMainContext *context)
{
    task->worker = worker;
    task->worker_opaque = opaque;
    task->worker_destroy = destroy;
    if (context) {
        g_main_context_ref(context);
    }
    task->context = context;
    task->thread = g_thread_new("io-task-worker", task_thread_fn, task);
}

void qio_task_wait_thread(QIOTask *task)
{
    g_mutex_lock(&task->lock);
    while (!task->worker_done) {
        g_cond_wait(&task->cond, &task->lock);
    }
    if (task->completed) {
        g_mutex_unlock(&task->lock);
        return;
    }
    task->completed = true;
    if (task->idle) {
        g_source_destroy(task->idle);
        g_source_unref(task->idle);
        task->idle = NULL;
    }
    g_mutex_unlock(&task->lock);
    task_join_worker(task);
    qio_task_complete(task);
}

void qio_task_set_error(QIOTask *task, Error *err)
{
    if (task->err) {
        error_free(err);
        return;
    }
    task->err = err;
}

bool qio_task_propagate_error(QIOTask *task, Error **errp)
{
    if (task->err) {
        error_propagate(errp, task->err);
        task->err = NULL;
        return true;
    }
    return false;
}

void qio_task_set_result_pointer(QIOTask *task, gpointer result,
                                 GDestroyNotify notify)
{
    task->result = result;
    task->result_destroy = notify;
}

gpointer qio_task_get_result_pointer(QIOTask *task)
{
    return task->result;
}

Object *qio_task_get_source(QIOTask *task)
{
    return task->source;
}
