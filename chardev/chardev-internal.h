/*
 * Chardev internals shared between the core, the frontend API and the
 * mux backend.
 */
#ifndef CHARDEV_INTERNAL_H
#define CHARDEV_INTERNAL_H

#include "chardev/char.h"
#include "chardev/char-fe.h"

#define MAX_MUX 4
#define MUX_BUFFER_SIZE 32      /* must be a power of 2 */
#define MUX_BUFFER_MASK (MUX_BUFFER_SIZE - 1)

typedef struct MuxChardev {
    Chardev parent;
    CharBackend *backends[MAX_MUX];     /* the attached frontends */
    CharBackend chr;                    /* our link to the base chardev */
    unsigned long mux_bitset;           /* which backends[] are in use */
    int focus;                          /* -1 before the first frontend */
    bool term_got_escape;
    /* Input for each frontend, kept while it cannot take it. */
    unsigned char buffer[MAX_MUX][MUX_BUFFER_SIZE];
    unsigned int prod[MAX_MUX];
    unsigned int cons[MAX_MUX];
    bool timestamps;
    bool linestart;
    int64_t timestamps_start;
} MuxChardev;

DECLARE_INSTANCE_CHECKER(MuxChardev, MUX_CHARDEV, TYPE_CHARDEV_MUX)

/* Attach frontend @b to the mux; returns its tag in *@tag. */
bool mux_chr_attach_frontend(MuxChardev *d, CharBackend *b,
                             unsigned int *tag, Error **errp);
/* Detach the frontend @tag. */
void mux_chr_detach_frontend(MuxChardev *d, unsigned int tag);
/* Give the input focus to frontend @focus. */
void mux_set_focus(Chardev *chr, unsigned int focus);
/* Send @event to every frontend of the mux. */
void mux_chr_send_all_event(Chardev *chr, QEMUChrEvent event);

/* Parse an "on"/"off" style option of -chardev; @def if absent. */
bool qemu_chr_opt_bool(QDict *opts, const char *name, bool def);
/* Whether option @name is present. */
bool qemu_chr_opt_has(QDict *opts, const char *name);
/* String option @name, or NULL. */
const char *qemu_chr_opt_str(QDict *opts, const char *name);

#endif
