/*
 * Character devices (chardevs): the host side of serial ports, monitors
 * and other byte streams.  A Chardev is a QOM object, child of the
 * container "/chardevs" under its label; a frontend talks to it through
 * a CharBackend (see chardev/char-fe.h).
 */
#ifndef QEMU_CHAR_H
#define QEMU_CHAR_H

#include "qapi/qapi-types.h"
#include "qemu/main-loop.h"
#include "qom/object.h"

typedef struct QDict QDict;

/* character device */

typedef enum {
    CHR_EVENT_BREAK,    /* serial break char */
    CHR_EVENT_OPENED,   /* new connection established */
    CHR_EVENT_MUX_IN,   /* mux-focus was set to this terminal */
    CHR_EVENT_MUX_OUT,  /* mux-focus will move on */
    CHR_EVENT_CLOSED    /* connection closed */
} QEMUChrEvent;

#define CHR_READ_BUF_LEN 4096

typedef enum {
    /* Whether the chardev peer is able to close and reopen the data
     * channel, thus requiring support for qemu_chr_wait_connected() to
     * wait for a valid connection */
    QEMU_CHAR_FEATURE_RECONNECTABLE,
    /* Whether it is possible to send/recv file descriptors over the
     * data channel */
    QEMU_CHAR_FEATURE_FD_PASS,
    /* Whether replay or record mode is enabled */
    QEMU_CHAR_FEATURE_REPLAY,
    /* Whether the gcontext can be changed after calling
     * qemu_chr_be_update_read_handlers() */
    QEMU_CHAR_FEATURE_GCONTEXT,

    QEMU_CHAR_FEATURE_LAST,
} ChardevFeature;

#define qemu_chr_replay(chr) qemu_chr_has_feature(chr, QEMU_CHAR_FEATURE_REPLAY)

typedef struct CharBackend CharBackend;

struct Chardev {
    Object parent_obj;

    GMutex chr_write_lock;      /* serializes backend writes */
    CharBackend *be;            /* the frontend, or NULL */
    char *label;
    char *filename;
    int logfd;
    int be_open;                /* the backend side is open */
    GSource *gsource;           /* the read watch, if any */
    GMainContext *gcontext;
    unsigned long features;     /* bits of ChardevFeature */
};

#define TYPE_CHARDEV "chardev"
OBJECT_DECLARE_TYPE(Chardev, ChardevClass, CHARDEV)

#define TYPE_CHARDEV_NULL "chardev-null"
#define TYPE_CHARDEV_MUX "chardev-mux"
#define TYPE_CHARDEV_RINGBUF "chardev-ringbuf"
#define TYPE_CHARDEV_PTY "chardev-pty"
#define TYPE_CHARDEV_STDIO "chardev-stdio"
#define TYPE_CHARDEV_PIPE "chardev-pipe"
#define TYPE_CHARDEV_FILE "chardev-file"
#define TYPE_CHARDEV_SOCKET "chardev-socket"
#define TYPE_CHARDEV_FD "chardev-fd"

#define CHARDEV_IS_RINGBUF(chr) \
    object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_RINGBUF)
#define CHARDEV_IS_PTY(chr) \
    object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_PTY)
#define CHARDEV_IS_MUX(chr) \
    object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_MUX)

struct ChardevClass {
    ObjectClass parent_class;

    bool internal; /* not creatable by the user */

    /*
     * Parse the flat option dictionary of -chardev (string values, as
     * keyval_parse() gives them) and fill in @backend.  Ours: QEMU
     * passes QemuOpts here.
     */
    void (*parse)(QDict *opts, ChardevBackend *backend, Error **errp);

    /* called after construction, open/starts the backend */
    void (*open)(Chardev *chr, ChardevBackend *backend,
                 bool *be_opened, Error **errp);

    /* write buf to the backend */
    int (*chr_write)(Chardev *s, const uint8_t *buf, int len);

    /*
     * Read from the backend (blocking).  Only for qemu_chr_fe_read_all().
     */
    int (*chr_sync_read)(Chardev *s, const uint8_t *buf, int len);
    GSource *(*chr_add_watch)(Chardev *s, GIOCondition cond);
    void (*chr_update_read_handler)(Chardev *s);
    int (*chr_ioctl)(Chardev *s, int cmd, void *arg);
    int (*get_msgfds)(Chardev *s, int *fds, int num);
    int (*set_msgfds)(Chardev *s, int *fds, int num);
    int (*chr_add_client)(Chardev *chr, int fd);
    int (*chr_wait_connected)(Chardev *chr, Error **errp);
    void (*chr_disconnect)(Chardev *chr);
    void (*chr_accept_input)(Chardev *chr);
    void (*chr_set_echo)(Chardev *chr, bool echo);
    void (*chr_set_fe_open)(Chardev *chr, int fe_open);
    void (*chr_be_event)(Chardev *s, QEMUChrEvent event);
};

/**
 * qemu_chardev_new_from_str: create a chardev from a -chardev argument,
 * e.g. "socket,id=c0,path=/tmp/s,server=on,wait=off".  The first
 * element without "=" is the backend.  mux=on creates the backend as
 * "<id>-base" and a mux "<id>" on top.  QEMU's short booleans ("server",
 * "nowait") are accepted.  "help" as backend prints the backend list
 * and returns NULL without error.
 *
 * Returns: the new chardev (the mux if mux=on), or NULL with @errp set.
 */
Chardev *qemu_chardev_new_from_str(const char *optarg, Error **errp);

/**
 * qemu_chr_parse_opts_str: parse a -chardev argument into a flat dict of
 * strings (backend, id, path, ...), accepting short booleans.
 */
QDict *qemu_chr_parse_opts_str(const char *optarg, Error **errp);

/**
 * qemu_chr_new_from_opts: create a chardev from parsed -chardev options
 * (ours: a QDict as qemu_chr_parse_opts_str() returns, QEMU: QemuOpts).
 */
Chardev *qemu_chr_new_from_opts(QDict *opts, GMainContext *context,
                                Error **errp);

/**
 * qemu_chr_parse_opts: the backend configuration described by @opts.
 */
ChardevBackend *qemu_chr_parse_opts(QDict *opts, Error **errp);

/**
 * qemu_chr_parse_common: fill in the ChardevCommon options (logfile,
 * logappend) of @backend from @opts.
 */
void qemu_chr_parse_common(QDict *opts, ChardevCommon *backend);

/**
 * qemu_chr_parse_compat: translate QEMU's legacy chardev syntax
 * ("stdio", "file:PATH", "tcp:HOST:PORT,server=on", "mon:stdio", ...)
 * into -chardev options with id @label.  "mon:" needs @permit_mux_mon.
 *
 * Returns: the options, or NULL with @errp set.
 */
QDict *qemu_chr_parse_compat(const char *label, const char *filename,
                             bool permit_mux_mon, Error **errp);

/**
 * qemu_chr_new: create a chardev from a legacy filename (see
 * qemu_chr_parse_compat()); "chardev:ID" returns the existing chardev.
 * Errors are reported with error_report().
 *
 * Returns: the new chardev, or NULL on error.
 */
Chardev *qemu_chr_new(const char *label, const char *filename,
                      GMainContext *context);

/**
 * qemu_chr_new_mux_mon: like qemu_chr_new(), but "mon:" is accepted:
 * it creates a mux with an HMP monitor on it.
 */
Chardev *qemu_chr_new_mux_mon(const char *label, const char *filename,
                              GMainContext *context);

/**
 * qemu_chr_new_noreplay: like qemu_chr_new(), with "mon:" allowed only
 * if @permit_mux_mon.
 */
Chardev *qemu_chr_new_noreplay(const char *label, const char *filename,
                               bool permit_mux_mon, GMainContext *context);

/**
 * qemu_chardev_new: create and open a chardev of QOM type @typename as
 * child @id of "/chardevs" (an id is generated if @id is NULL).
 */
Chardev *qemu_chardev_new(const char *id, const char *typename,
                          ChardevBackend *backend, GMainContext *context,
                          Error **errp);

/**
 * qemu_chr_cleanup: delete every chardev (at exit; restores the
 * terminal settings changed by stdio).
 */
void qemu_chr_cleanup(void);

/**
 * qemu_chr_be_can_write: how many bytes the frontend accepts now.
 */
int qemu_chr_be_can_write(Chardev *s);

/**
 * qemu_chr_be_write: pass data read by the backend to the frontend.
 * Call qemu_chr_be_can_write() first; data beyond it may be dropped.
 */
void qemu_chr_be_write(Chardev *s, const uint8_t *buf, int len);
void qemu_chr_be_write_impl(Chardev *s, const uint8_t *buf, int len);

/**
 * qemu_chr_be_update_read_handlers: the frontend handlers changed;
 * @context is where backend sources should run (NULL: main loop).
 */
void qemu_chr_be_update_read_handlers(Chardev *s, GMainContext *context);

/**
 * qemu_chr_be_event: send @event (opened, closed, break...) to the
 * frontend.
 */
void qemu_chr_be_event(Chardev *s, QEMUChrEvent event);

/* qemu_chr_add_client: give a connected socket to the backend. */
int qemu_chr_add_client(Chardev *s, int fd);

/* qemu_chr_find: the chardev labelled @name, or NULL. */
Chardev *qemu_chr_find(const char *name);

bool qemu_chr_has_feature(Chardev *chr, ChardevFeature feature);
void qemu_chr_set_feature(Chardev *chr, ChardevFeature feature);

/**
 * qemu_chr_write: write @buf to the backend (and its logfile).  With
 * @write_all, retry until all is written or a hard error happens.
 *
 * Returns: bytes written, or negative on error.
 */
int qemu_chr_write(Chardev *s, const uint8_t *buf, int len, bool write_all);
#define qemu_chr_write_all(s, buf, len) qemu_chr_write(s, buf, len, true)

/* qemu_chr_wait_connected: block until a socket chardev is connected. */
int qemu_chr_wait_connected(Chardev *chr, Error **errp);

/* The container of all chardevs, "/chardevs". */
Object *get_chardevs_root(void);

/*
 * qemu_chr_timeout_add_ms: a GSource calling @func every @ms in the
 * chardev's context (attached; caller owns the reference).
 */
GSource *qemu_chr_timeout_add_ms(Chardev *chr, guint ms,
                                 GSourceFunc func, void *private);

/*
 * Mux focus events are held back during start-up so that only the
 * frontend that ends up with the focus prints a banner: vl.c calls
 * suspend_mux_open() before creating chardevs and frontends, and
 * resume_mux_open() once the machine is ready.
 */
void suspend_mux_open(void);
void resume_mux_open(void);

/* The escape character of mux chardevs (Ctrl-a by default, -echr). */
extern int term_escape_char;

#endif
