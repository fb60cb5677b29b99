/*
 * QIOTask: an asynchronous operation on a QIOChannel (connecting,
 * resolving) that reports once, in a main context, through a callback
 * (QEMU's io/task.h).
 */
#ifndef QIO_TASK_H
#define QIO_TASK_H

#include "qom/object.h"

typedef struct QIOTask QIOTask;

/* Completion callback: qio_task_propagate_error() says how it went. */
typedef void (*QIOTaskFunc)(QIOTask *task, gpointer opaque);

/* Work run in a thread by qio_task_run_in_thread(). */
typedef void (*QIOTaskWorker)(QIOTask *task, gpointer opaque);

/**
 * qio_task_new: a task on @source (referenced until it completes) that
 * calls @func(@task, @opaque) on completion, then @destroy(@opaque).
 */
QIOTask *qio_task_new(Object *source, QIOTaskFunc func, gpointer opaque,
                      GDestroyNotify destroy);

/**
 * qio_task_run_in_thread: run @worker(@task, @opaque) in a new thread,
 * then complete @task from @context (NULL: the default main context).
 */
void qio_task_run_in_thread(QIOTask *task, QIOTaskWorker worker,
                            gpointer opaque, GDestroyNotify destroy,
                            GMainContext *context);

/**
 * qio_task_wait_thread: wait for the worker of @task and complete it now,
 * in the calling thread (instead of in the main context).
 */
void qio_task_wait_thread(QIOTask *task);

/** qio_task_complete: call the completion callback and free @task. */
void qio_task_complete(QIOTask *task);

/** qio_task_set_error: record @err (taken over; the first one wins). */
void qio_task_set_error(QIOTask *task, Error *err);

/** qio_task_propagate_error: move the task's error to @errp; true if any. */
bool qio_task_propagate_error(QIOTask *task, Error **errp);

/** qio_task_set_result_pointer: a result, freed with @notify. */
void qio_task_set_result_pointer(QIOTask *task, gpointer result,
                                 GDestroyNotify notify);

/** qio_task_get_result_pointer: the result set by the worker. */
gpointer qio_task_get_result_pointer(QIOTask *task);

/** qio_task_get_source: the object the task works on (borrowed). */
Object *qio_task_get_source(QIOTask *task);

#endif
