/*
 * Test helper: the client end of a UNIX socket chardev.
 */
#include "qemu/osdep.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <glib-unix.h>

#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "socket-client.h"

Chardev *socket_server_chardev_new(const char *id, const char *path)
{
    char *opts = g_strdup_printf("socket,id=%s,path=%s,server=on,wait=off",
                                 id, path);
    Chardev *chr = qemu_chardev_new_from_str(opts, &error_abort);

    g_free(opts);
    return chr;
}

Client *client_connect_path(const char *path)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    Client *c = g_new0(Client, 1);

    c->in = g_string_new(NULL);
    c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
    g_assert_cmpint(c->fd, >=, 0);
    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    g_assert_cmpint(connect(c->fd, (struct sockaddr *)&un, sizeof(un)),
                    ==, 0);
    g_assert_true(g_unix_set_fd_nonblocking(c->fd, true, NULL));
    return c;
}

void client_close(Client *c)
{
    close(c->fd);
    g_string_free(c->in, true);
    g_free(c);
}

void client_send(Client *c, const char *text)
{
    g_assert_cmpint(send(c->fd, text, strlen(text), 0), ==, strlen(text));
}

char *client_read_until(Client *c, const char *marker)
{
    int64_t end = get_clock() + 5 * NANOSECONDS_PER_SECOND;

    for (;;) {
        char *hit = strstr(c->in->str, marker);
        char buf[4096];
        ssize_t n;

        if (hit) {
            size_t len = hit - c->in->str + strlen(marker);
            char *res = g_strndup(c->in->str, len);

            g_string_erase(c->in, 0, len);
            return res;
        }
        if (get_clock() > end) {
            g_test_message("waiting for '%s', got '%s'", marker,
                           c->in->str);
            g_assert_not_reached();
        }
        main_loop_wait(true);
        n = recv(c->fd, buf, sizeof(buf), 0);
        if (n > 0) {
            g_string_append_len(c->in, buf, n);
        } else {
            g_usleep(1000);
        }
    }
}
