/*
 * The frontend side of a character device: what a serial port or a
 * monitor uses to talk to its Chardev.
 */
#ifndef QEMU_CHAR_FE_H
#define QEMU_CHAR_FE_H

#include "chardev/char.h"
#include "qemu/main-loop.h"

typedef void IOEventHandler(void *opaque, QEMUChrEvent event);
typedef int BackendChangeHandler(void *opaque);

/* The backend as seen by a frontend; the actual backend is a Chardev. */
struct CharBackend {
    Chardev *chr;
    IOEventHandler *chr_event;
    IOCanReadHandler *chr_can_read;
    IOReadHandler *chr_read;
    BackendChangeHandler *chr_be_change;
    void *opaque;
    int tag;
    int fe_open;
};

/**
 * qemu_chr_fe_init: attach frontend @b to chardev @s.  A chardev takes
 * one frontend, a mux up to four.  Undo with qemu_chr_fe_deinit().
 *
 * Returns: false with @errp set if @s is in use.
 */
bool qemu_chr_fe_init(CharBackend *b, Chardev *s, Error **errp);

/**
 * qemu_chr_fe_deinit: detach @b from its chardev (no-op if none); with
 * @del, delete the chardev too.
 */
void qemu_chr_fe_deinit(CharBackend *b, bool del);

/* qemu_chr_fe_get_driver: the chardev of @be, or NULL. */
Chardev *qemu_chr_fe_get_driver(CharBackend *be);

/* qemu_chr_fe_backend_connected: whether @be has a chardev. */
bool qemu_chr_fe_backend_connected(CharBackend *be);

/* qemu_chr_fe_backend_open: whether @be's chardev is open. */
bool qemu_chr_fe_backend_open(CharBackend *be);

/**
 * qemu_chr_fe_set_handlers_full: set the frontend callbacks.
 * @fd_can_read: how many bytes the frontend accepts now
 * @fd_read: data from the backend
 * @fd_event: backend events (CHR_EVENT_*)
 * @be_change: backend hot-swap callback (NULL: not supported)
 * @opaque: argument of the callbacks
 * @context: main context for the backend's sources (NULL: main loop)
 * @set_open: also call qemu_chr_fe_set_open() (open if any handler)
 * @sync_state: if the backend is already open, send CHR_EVENT_OPENED
 *
 * A muxed frontend takes the focus when it sets handlers.
 */
void qemu_chr_fe_set_handlers_full(CharBackend *b,
                                   IOCanReadHandler *fd_can_read,
                                   IOReadHandler *fd_read,
                                   IOEventHandler *fd_event,
                                   BackendChangeHandler *be_change,
                                   void *opaque,
                                   GMainContext *context,
                                   bool set_open,
                                   bool sync_state);

/* qemu_chr_fe_set_handlers: qemu_chr_fe_set_handlers_full(), sync_state. */
void qemu_chr_fe_set_handlers(CharBackend *b,
                              IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read,
                              IOEventHandler *fd_event,
                              BackendChangeHandler *be_change,
                              void *opaque,
                              GMainContext *context,
                              bool set_open);

/* qemu_chr_fe_take_focus: make a muxed frontend the active one. */
void qemu_chr_fe_take_focus(CharBackend *b);

/* qemu_chr_fe_accept_input: the frontend can take more data now. */
void qemu_chr_fe_accept_input(CharBackend *be);

/* qemu_chr_fe_disconnect: drop the client of a socket chardev. */
void qemu_chr_fe_disconnect(CharBackend *be);

/* qemu_chr_fe_wait_connected: block until the backend is connected. */
int qemu_chr_fe_wait_connected(CharBackend *be, Error **errp);

/*
 * qemu_chr_fe_set_echo: ask the backend to echo input (stdio: the
 * terminal echoes; used by QMP on stdio).
 */
void qemu_chr_fe_set_echo(CharBackend *be, bool echo);

/* qemu_chr_fe_set_open: tell the backend whether the frontend is open. */
void qemu_chr_fe_set_open(CharBackend *be, int fe_open);

/* qemu_chr_fe_printf: formatted qemu_chr_fe_write_all() (thread-safe). */
void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

typedef gboolean (*FEWatchFunc)(void *do_not_use, GIOCondition condition,
                                void *data);

/**
 * qemu_chr_fe_add_watch: call @func(NULL, cond, @user_data) when the
 * backend is ready for @cond (typically G_IO_OUT | G_IO_HUP).
 *
 * Returns: the source tag (g_source_remove()), or 0 if not possible.
 */
guint qemu_chr_fe_add_watch(CharBackend *be, GIOCondition cond,
                            FEWatchFunc func, void *user_data);

/**
 * qemu_chr_fe_write: write to the backend without blocking.
 *
 * Returns: bytes written (0 without chardev), negative on error.
 */
int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len);

/**
 * qemu_chr_fe_write_all: write all of @buf, waiting if needed.
 *
 * Returns: bytes written (0 without chardev), negative on error.
 */
int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len);

/* qemu_chr_fe_read_all: synchronous read (socket backends only). */
int qemu_chr_fe_read_all(CharBackend *be, uint8_t *buf, int len);

/* qemu_chr_fe_ioctl: backend-specific control; -ENOTSUP if none. */
int qemu_chr_fe_ioctl(CharBackend *be, int cmd, void *arg);

/* File descriptor passing (not supported by our backends: -1). */
int qemu_chr_fe_get_msgfd(CharBackend *be);
int qemu_chr_fe_get_msgfds(CharBackend *be, int *fds, int num);
int qemu_chr_fe_set_msgfds(CharBackend *be, int *fds, int num);

#endif
