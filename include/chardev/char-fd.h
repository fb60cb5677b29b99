/*
 * Chardevs on a pair of file descriptors (stdio, file, pipe).
 */
#ifndef CHAR_FD_H
#define CHAR_FD_H

#include "chardev/char.h"

typedef struct FDChardev {
    Chardev parent;
    int fd_in;          /* -1 if no input */
    int fd_out;         /* -1 if no output */
    int max_size;       /* what the frontend takes, from the last poll */
} FDChardev;

DECLARE_INSTANCE_CHECKER(FDChardev, FD_CHARDEV, TYPE_CHARDEV_FD)

/*
 * qemu_chr_open_fd: use @fd_in (-1: none) and @fd_out (-1: none) for
 * @chr.  The fds are closed when the chardev goes away, except 0-2.
 */
void qemu_chr_open_fd(Chardev *chr, int fd_in, int fd_out);

#endif
