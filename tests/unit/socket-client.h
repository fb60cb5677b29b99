/*
 * Test helper: the client end of a UNIX socket chardev, read while
 * running the main loop (shared by the monitor tests).
 */
#ifndef TESTS_UNIT_SOCKET_CLIENT_H
#define TESTS_UNIT_SOCKET_CLIENT_H

#include "chardev/char.h"

/* A listening UNIX socket chardev @id at @path (server=on,wait=off). */
Chardev *socket_server_chardev_new(const char *id, const char *path);

typedef struct Client {
    int fd;
    GString *in;        /* received, not consumed yet */
} Client;

/* Connect to the listening socket at @path (non-blocking). */
Client *client_connect_path(const char *path);

void client_close(Client *c);

/* Send all of @text. */
void client_send(Client *c, const char *text);

/*
 * Everything received up to and including @marker (which is consumed),
 * running the main loop meanwhile; fails the test after 5 seconds.
 */
char *client_read_until(Client *c, const char *marker);

#endif
