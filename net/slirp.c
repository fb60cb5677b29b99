/*
 * -netdev user: user-mode networking through libslirp (10.0.2.0/24,
 * gateway 10.0.2.2, DHCP from 10.0.2.15, DNS 10.0.2.3), polled from
 * the main loop's GLib context.
 */
#include "qemu/osdep.h"
#include <arpa/inet.h>
#include <slirp/libslirp.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qobject/qdict.h"
#include "net/net.h"

typedef struct SlirpState {
    NetClientState nc;
    Slirp *slirp;
    GSource *source;
} SlirpState;

/* A GSource whose poll set is rebuilt from slirp before each wait */
typedef struct SlirpSource {
    GSource source;
    SlirpState *s;
    GArray *fds;            /* GPollFD */
    gint64 deadline;        /* g_source_get_time() of slirp's next timeout */
} SlirpSource;

/* Dotted quad only (inet_aton would also take "1.2.3") */
static bool parse_ipv4(const char *str, struct in_addr *addr)
{
    return inet_pton(AF_INET, str, addr) == 1;
}

static int slirp_to_gio(int events)
{
    return (events & SLIRP_POLL_IN ? G_IO_IN : 0) |
           (events & SLIRP_POLL_OUT ? G_IO_OUT : 0) |
           (events & SLIRP_POLL_PRI ? G_IO_PRI : 0) |
           (events & SLIRP_POLL_ERR ? G_IO_ERR : 0) |
           (events & SLIRP_POLL_HUP ? G_IO_HUP : 0);
}

static int add_poll_cb(int fd, int events, void *opaque)
{
    SlirpSource *src = opaque;
    GPollFD pfd = { .fd = fd, .events = slirp_to_gio(events) };

    g_array_append_val(src->fds, pfd);
    return src->fds->len - 1;
}

static int get_revents_cb(int idx, void *opaque)
{
    SlirpSource *src = opaque;
    GPollFD *pfd;
    int ev;

    if (idx < 0 || idx >= src->fds->len) {
        return 0;
    }
    pfd = &g_array_index(src->fds, GPollFD, idx);
    ev = pfd->revents;
    return (ev & G_IO_IN ? SLIRP_POLL_IN : 0) |
           (ev & G_IO_OUT ? SLIRP_POLL_OUT : 0) |
           (ev & G_IO_PRI ? SLIRP_POLL_PRI : 0) |
           (ev & G_IO_ERR ? SLIRP_POLL_ERR : 0) |
           (ev & G_IO_HUP ? SLIRP_POLL_HUP : 0);
}

static void slirp_source_clear(SlirpSource *src)
{
    for (unsigned int i = 0; i < src->fds->len; i++) {
        g_source_remove_poll(&src->source,
                             &g_array_index(src->fds, GPollFD, i));
    }
    g_array_set_size(src->fds, 0);
}

static gboolean slirp_source_prepare(GSource *source, gint *timeout)
{
    SlirpSource *src = (SlirpSource *)source;
    uint32_t t = UINT32_MAX;

    slirp_source_clear(src);
    slirp_pollfds_fill(src->s->slirp, &t, add_poll_cb, src);
    /* The array is final now: register its elements */
    for (unsigned int i = 0; i < src->fds->len; i++) {
        g_source_add_poll(source, &g_array_index(src->fds, GPollFD, i));
    }
    *timeout = t == UINT32_MAX ? -1 : (gint)MIN(t, (uint32_t)G_MAXINT);
    src->deadline = t == UINT32_MAX ? -1 :
                    g_source_get_time(source) + (gint64)*timeout * 1000;
    return FALSE;
}

/*
 * Dispatch only for an event or slirp's own timeout: a source that is
 * always ready would keep the sources of lower priority (idle
 * callbacks such as the completion of a migration's connect) from ever
 * running.
 */
static gboolean slirp_source_check(GSource *source)
{
    SlirpSource *src = (SlirpSource *)source;

    for (unsigned int i = 0; i < src->fds->len; i++) {
        if (g_array_index(src->fds, GPollFD, i).revents) {
            return TRUE;
        }
    }
    return src->deadline >= 0 && g_source_get_time(source) >= src->deadline;
}

static gboolean slirp_source_dispatch(GSource *source, GSourceFunc cb,
                                      gpointer data)
{
    SlirpSource *src = (SlirpSource *)source;
    bool error = false;

    for (unsigned int i = 0; i < src->fds->len; i++) {
        error |= g_array_index(src->fds, GPollFD, i).revents & G_IO_NVAL;
    }
    slirp_pollfds_poll(src->s->slirp, error, get_revents_cb, src);
    return G_SOURCE_CONTINUE;
}

static void slirp_source_finalize(GSource *source)
{
    SlirpSource *src = (SlirpSource *)source;

    g_array_free(src->fds, TRUE);
}

static GSourceFuncs slirp_source_funcs = {
    .prepare = slirp_source_prepare,
    .check = slirp_source_check,
    .dispatch = slirp_source_dispatch,
    .finalize = slirp_source_finalize,
};

/* ---- slirp callbacks ----------------------------------------------------- */

static ssize_t net_slirp_send_packet(const void *pkt, size_t len,
                                     void *opaque)
{
    SlirpState *s = opaque;

    qemu_send_packet(&s->nc, pkt, len);
    return len;
}

static void net_slirp_guest_error(const char *msg, void *opaque)
{
    qemu_log_mask(LOG_GUEST_ERROR, "slirp: %s\n", msg);
}

static int64_t net_slirp_clock_get_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
}

typedef struct SlirpTimer {
    QEMUTimer *timer;
    SlirpTimerCb cb;
    void *cb_opaque;
} SlirpTimer;

static void net_slirp_timer_cb(void *opaque)
{
    SlirpTimer *t = opaque;

    t->cb(t->cb_opaque);
}

static void *net_slirp_timer_new(SlirpTimerCb cb, void *cb_opaque,
                                 void *opaque)
{
    SlirpTimer *t = g_new0(SlirpTimer, 1);

    t->cb = cb;
    t->cb_opaque = cb_opaque;
    t->timer = timer_new_ms(QEMU_CLOCK_REALTIME, net_slirp_timer_cb, t);
    return t;
}

static void net_slirp_timer_free(void *timer, void *opaque)
{
    SlirpTimer *t = timer;

    timer_free(t->timer);
    g_free(t);
}

static void net_slirp_timer_mod(void *timer, int64_t expire_time,
                                void *opaque)
{
    SlirpTimer *t = timer;

    timer_mod(t->timer, expire_time);
}

static void net_slirp_register_poll_fd(int fd, void *opaque)
{
}

static void net_slirp_unregister_poll_fd(int fd, void *opaque)
{
}

static void net_slirp_notify(void *opaque)
{
    qemu_notify_event();
}

static const SlirpCb slirp_cb = {
    .send_packet = net_slirp_send_packet,
    .guest_error = net_slirp_guest_error,
    .clock_get_ns = net_slirp_clock_get_ns,
    .timer_new = net_slirp_timer_new,
    .timer_free = net_slirp_timer_free,
    .timer_mod = net_slirp_timer_mod,
    .register_poll_fd = net_slirp_register_poll_fd,
    .unregister_poll_fd = net_slirp_unregister_poll_fd,
    .notify = net_slirp_notify,
};

/* ---- the net client ------------------------------------------------------ */

static ssize_t net_slirp_receive(NetClientState *nc, const uint8_t *buf,
                                 size_t size)
{
    SlirpState *s = container_of(nc, SlirpState, nc);

    slirp_input(s->slirp, buf, size);
    return size;
}

static void net_slirp_cleanup(NetClientState *nc)
{
    SlirpState *s = container_of(nc, SlirpState, nc);

    if (s->source) {
        g_source_destroy(s->source);
        g_source_unref(s->source);
        s->source = NULL;
    }
    slirp_cleanup(s->slirp);
    s->slirp = NULL;
}

static NetClientInfo net_slirp_info = {
    .type = NET_CLIENT_DRIVER_USER,
    .size = sizeof(SlirpState),
    .receive = net_slirp_receive,
    .cleanup = net_slirp_cleanup,
};

/* "[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport" */
static bool slirp_hostfwd(Slirp *slirp, const char *str, Error **errp)
{
    g_auto(GStrv) halves = g_strsplit(str, "-", 2);
    g_auto(GStrv) h = NULL;
    g_auto(GStrv) g = NULL;
    struct in_addr haddr = { .s_addr = INADDR_ANY };
    struct in_addr gaddr = { .s_addr = 0 };
    int is_udp = 0;
    char *end;
    long hport, gport;

    if (g_strv_length(halves) != 2) {
        goto fail;
    }
    h = g_strsplit(halves[0], ":", 3);
    g = g_strsplit(halves[1], ":", 2);
    if (g_strv_length(h) != 3 || g_strv_length(g) != 2) {
        goto fail;
    }
    if (!strcmp(h[0], "udp")) {
        is_udp = 1;
    } else if (*h[0] && strcmp(h[0], "tcp")) {
        goto fail;
    }
    if (*h[1] && !parse_ipv4(h[1], &haddr)) {
        goto fail;
    }
    if (*g[0] && !parse_ipv4(g[0], &gaddr)) {
        goto fail;
    }
    hport = strtol(h[2], &end, 10);
    if (!*h[2] || *end || hport < 0 || hport > 65535) {
        goto fail;
    }
    gport = strtol(g[1], &end, 10);
    if (!*g[1] || *end || gport < 1 || gport > 65535) {
        goto fail;
    }
    if (slirp_add_hostfwd(slirp, is_udp, haddr, hport, gaddr, gport) < 0) {
        error_setg(errp, "Could not set up host forwarding rule '%s'", str);
        return false;
    }
    return true;

fail:
    error_setg(errp, "Invalid host forwarding rule '%s' (expected "
               "[tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport)", str);
    return false;
}

static bool opt_addr(QDict *opts, const char *key, struct in_addr *addr,
                     Error **errp)
{
    const char *str = qdict_get_try_str(opts, key);

    if (str && !parse_ipv4(str, addr)) {
        error_setg(errp, "Parameter '%s' expects an IPv4 address, not '%s'",
                   key, str);
        return false;
    }
    return true;
}

static bool opt_onoff(QDict *opts, const char *key, bool *val, Error **errp)
{
    const char *str = qdict_get_try_str(opts, key);

    if (!str) {
        return true;
    }
    if (!strcmp(str, "on") || !strcmp(str, "yes")) {
        *val = true;
    } else if (!strcmp(str, "off") || !strcmp(str, "no")) {
        *val = false;
    } else {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
        return false;
    }
    return true;
}

NetClientState *net_init_slirp(const char *id, QDict *opts, Error **errp)
{
    static const char *const keys[] = {
        "net", "host", "dns", "dhcpstart", "hostname", "restrict", "ipv4",
        "ipv6", "hostfwd", NULL
    };
    SlirpConfig cfg = { .version = 4 };
    struct in_addr net, mask, host, dhcp, dns;
    bool restricted = false, ipv4 = true, ipv6 = true;
    const char *netstr, *hostfwd;
    NetClientState *nc;
    SlirpState *s;
    SlirpSource *src;

    for (const QDictEntry *e = qdict_first(opts); e;
         e = qdict_next(opts, e)) {
        bool ok = false;

        for (int i = 0; keys[i]; i++) {
            ok |= !strcmp(qdict_entry_key(e), keys[i]);
        }
        if (!ok) {
            error_setg(errp, "Invalid parameter '%s'", qdict_entry_key(e));
            return NULL;
        }
    }
    inet_aton("10.0.2.0", &net);
    inet_aton("255.255.255.0", &mask);
    netstr = qdict_get_try_str(opts, "net");
    if (netstr) {
        g_auto(GStrv) parts = g_strsplit(netstr, "/", 2);
        char *end;
        long bits = 24;

        if (!parse_ipv4(parts[0], &net) ||
            (parts[1] && ((bits = strtol(parts[1], &end, 10)) < 8 ||
                          bits > 30 || *end))) {
            error_setg(errp, "Invalid net address '%s' (expected "
                       "a.b.c.d[/bits])", netstr);
            return NULL;
        }
        mask.s_addr = htonl(0xffffffffu << (32 - bits));
        net.s_addr &= mask.s_addr;
    }
    host.s_addr = net.s_addr | htonl(2);
    dhcp.s_addr = net.s_addr | htonl(15);
    dns.s_addr = net.s_addr | htonl(3);
    if (!opt_addr(opts, "host", &host, errp) ||
        !opt_addr(opts, "dhcpstart", &dhcp, errp) ||
        !opt_addr(opts, "dns", &dns, errp) ||
        !opt_onoff(opts, "restrict", &restricted, errp) ||
        !opt_onoff(opts, "ipv4", &ipv4, errp) ||
        !opt_onoff(opts, "ipv6", &ipv6, errp)) {
        return NULL;
    }
    if ((host.s_addr & mask.s_addr) != net.s_addr ||
        (dhcp.s_addr & mask.s_addr) != net.s_addr ||
        (dns.s_addr & mask.s_addr) != net.s_addr) {
        error_setg(errp, "host, dhcpstart and dns must be in the guest "
                   "network");
        return NULL;
    }
    if (!ipv4 && !ipv6) {
        error_setg(errp, "Cannot disable both IPv4 and IPv6");
        return NULL;
    }

    cfg.restricted = restricted;
    cfg.in_enabled = ipv4;
    cfg.vnetwork = net;
    cfg.vnetmask = mask;
    cfg.vhost = host;
    cfg.in6_enabled = ipv6;
    inet_pton(AF_INET6, "fec0::", &cfg.vprefix_addr6);
    cfg.vprefix_len = 64;
    inet_pton(AF_INET6, "fec0::2", &cfg.vhost6);
    inet_pton(AF_INET6, "fec0::3", &cfg.vnameserver6);
    cfg.vhostname = qdict_get_try_str(opts, "hostname");
    cfg.vdhcp_start = dhcp;
    cfg.vnameserver = dns;

    nc = qemu_new_net_client(&net_slirp_info, NULL, "user", id);
    s = container_of(nc, SlirpState, nc);
    snprintf(nc->info_str, sizeof(nc->info_str), "net=%s,restrict=%s",
             inet_ntoa(net), restricted ? "on" : "off");
    s->slirp = slirp_new(&cfg, &slirp_cb, s);
    if (!s->slirp) {
        error_setg(errp, "Could not start user-mode networking");
        qemu_del_net_client(nc);
        return NULL;
    }
    hostfwd = qdict_get_try_str(opts, "hostfwd");
    if (hostfwd && !slirp_hostfwd(s->slirp, hostfwd, errp)) {
        qemu_del_net_client(nc);
        return NULL;
    }
    src = (SlirpSource *)g_source_new(&slirp_source_funcs,
                                      sizeof(SlirpSource));
    src->s = s;
    src->fds = g_array_new(FALSE, FALSE, sizeof(GPollFD));
    s->source = &src->source;
    g_source_attach(s->source, NULL);
    return nc;
}
