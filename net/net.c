/*
 * Network clients and their peers, packet delivery with a queue for
 * receivers that are not ready, -netdev and -nic parsing.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qemu/keyval.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"
#include "hw/qdev-core.h"
#include "net/net.h"

static QTAILQ_HEAD(, NetClientState) net_clients =
    QTAILQ_HEAD_INITIALIZER(net_clients);

typedef struct NetPacket {
    size_t size;
    uint8_t data[];
} NetPacket;

static void net_client_init(NetClientState *nc, NetClientInfo *info,
                            NetClientState *peer, const char *model,
                            const char *name)
{
    nc->info = info;
    nc->model = g_strdup(model);
    nc->name = g_strdup(name ? name : model);
    nc->incoming_queue = g_queue_new();
    if (peer) {
        g_assert(!peer->peer);
        nc->peer = peer;
        peer->peer = nc;
    }
    QTAILQ_INSERT_TAIL(&net_clients, nc, next);
}

NetClientState *qemu_new_net_client(NetClientInfo *info,
                                    NetClientState *peer,
                                    const char *model, const char *name)
{
    NetClientState *nc;

    g_assert(info->size >= sizeof(NetClientState));
    nc = g_malloc0(info->size);
    net_client_init(nc, info, peer, model, name);
    return nc;
}

NICState *qemu_new_nic(NetClientInfo *info, NICConf *conf,
                       const char *model, const char *name, void *opaque)
{
    NICState *nic;

    g_assert(info->type == NET_CLIENT_DRIVER_NIC);
    g_assert(info->size >= sizeof(NICState));
    nic = g_malloc0(info->size);
    nic->conf = conf;
    nic->opaque = opaque;
    net_client_init(&nic->ncs[0], info, conf->peers.ncs[0], model, name);
    return nic;
}

static void net_client_free_queue(NetClientState *nc)
{
    g_queue_free_full(nc->incoming_queue, g_free);
    nc->incoming_queue = NULL;
}

static void net_client_detach(NetClientState *nc)
{
    QTAILQ_REMOVE(&net_clients, nc, next);
    if (nc->info->cleanup) {
        nc->info->cleanup(nc);
    }
    if (nc->peer) {
        nc->peer->peer = NULL;
        nc->peer = NULL;
    }
    net_client_free_queue(nc);
    g_free(nc->model);
    g_free(nc->name);
}

void qemu_del_net_client(NetClientState *nc)
{
    net_client_detach(nc);
    g_free(nc);
}

void qemu_del_nic(NICState *nic)
{
    net_client_detach(&nic->ncs[0]);
    g_free(nic);
}

NetClientState *qemu_get_queue(NICState *nic)
{
    return &nic->ncs[0];
}

NICState *qemu_get_nic(NetClientState *nc)
{
    return container_of(nc - nc->queue_index, NICState, ncs[0]);
}

void *qemu_get_nic_opaque(NetClientState *nc)
{
    return qemu_get_nic(nc)->opaque;
}

NetClientState *qemu_find_netdev(const char *id)
{
    NetClientState *nc;

    QTAILQ_FOREACH(nc, &net_clients, next) {
        if (nc->info->type != NET_CLIENT_DRIVER_NIC &&
            !strcmp(nc->name, id)) {
            return nc;
        }
    }
    return NULL;
}

static bool net_can_receive(NetClientState *nc)
{
    if (nc->receive_disabled || nc->link_down) {
        return false;
    }
    return !nc->info->can_receive || nc->info->can_receive(nc);
}

bool qemu_can_send_packet(NetClientState *nc)
{
    return nc->peer && net_can_receive(nc->peer);
}

void qemu_send_packet(NetClientState *nc, const uint8_t *buf, int size)
{
    NetClientState *peer = nc->peer;
    NetPacket *p;

    if (!peer || nc->link_down || size <= 0) {
        return;
    }
    if (g_queue_is_empty(peer->incoming_queue) && net_can_receive(peer) &&
        peer->info->receive(peer, buf, size) != 0) {
        return;
    }
    /* Keep at most a small backlog, like QEMU's queue limit */
    if (g_queue_get_length(peer->incoming_queue) >= 10000) {
        return;
    }
    p = g_malloc(sizeof(*p) + size);
    p->size = size;
    memcpy(p->data, buf, size);
    g_queue_push_tail(peer->incoming_queue, p);
}

void qemu_flush_queued_packets(NetClientState *nc)
{
    NetPacket *p;

    nc->receive_disabled = 0;
    while ((p = g_queue_peek_head(nc->incoming_queue))) {
        if (!net_can_receive(nc) ||
            nc->info->receive(nc, p->data, p->size) == 0) {
            break;
        }
        g_queue_pop_head(nc->incoming_queue);
        g_free(p);
    }
}

void qemu_format_nic_info_str(NetClientState *nc, uint8_t macaddr[6])
{
    snprintf(nc->info_str, sizeof(nc->info_str),
             "model=%s,macaddr=%02x:%02x:%02x:%02x:%02x:%02x", nc->model,
             macaddr[0], macaddr[1], macaddr[2], macaddr[3], macaddr[4],
             macaddr[5]);
}

void qemu_macaddr_default_if_unset(MACAddr *macaddr)
{
    static const MACAddr zero = { .a = { 0 } };
    static int index;

    if (memcmp(macaddr, &zero, sizeof(zero))) {
        return;
    }
    macaddr->a[0] = 0x52;
    macaddr->a[1] = 0x54;
    macaddr->a[2] = 0x00;
    macaddr->a[3] = 0x12;
    macaddr->a[4] = 0x34;
    macaddr->a[5] = 0x56 + index++;
}

/* ---- qdev properties ----------------------------------------------------- */

static bool parse_mac(const char *str, MACAddr *mac)
{
    unsigned int b[6];
    char end;

    if (sscanf(str, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2],
               &b[3], &b[4], &b[5], &end) != 6 || strlen(str) != 17) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        mac->a[i] = b[i];
    }
    return true;
}

static void get_mac(Object *obj, Visitor *v, const char *name, void *opaque,
                    Error **errp)
{
    const Property *prop = opaque;
    MACAddr *mac = object_field_prop_ptr(obj, prop);
    g_autofree char *str = g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x",
                                           mac->a[0], mac->a[1], mac->a[2],
                                           mac->a[3], mac->a[4], mac->a[5]);

    visit_type_str(v, name, &str, errp);
}

static void set_mac(Object *obj, Visitor *v, const char *name, void *opaque,
                    Error **errp)
{
    const Property *prop = opaque;
    MACAddr *mac = object_field_prop_ptr(obj, prop);
    g_autofree char *str = NULL;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    if (!parse_mac(str, mac)) {
        error_setg(errp, "Property '%s.%s' doesn't take value '%s'",
                   object_get_typename(obj), name, str);
    }
}

const PropertyInfo qdev_prop_macaddr = {
    .type = "str",
    .description = "Ethernet 6-byte MAC Address, example: 52:54:00:12:34:56",
    .get = get_mac,
    .set = set_mac,
};

static void get_netdev(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    const Property *prop = opaque;
    NICPeers *peers = object_field_prop_ptr(obj, prop);
    char *str = (char *)(peers->ncs[0] ? peers->ncs[0]->name : "");

    visit_type_str(v, name, &str, errp);
}

static void set_netdev(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    const Property *prop = opaque;
    NICPeers *peers = object_field_prop_ptr(obj, prop);
    g_autofree char *str = NULL;
    NetClientState *nc;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    if (!*str) {
        peers->ncs[0] = NULL;
        peers->queues = 0;
        return;
    }
    nc = qemu_find_netdev(str);
    if (!nc) {
        error_setg(errp, "Property '%s.%s' can't find value '%s'",
                   object_get_typename(obj), name, str);
        return;
    }
    if (nc->peer) {
        error_setg(errp, "Property '%s.%s' can't take value '%s', it's in "
                   "use", object_get_typename(obj), name, str);
        return;
    }
    peers->ncs[0] = nc;
    peers->queues = 1;
}

const PropertyInfo qdev_prop_netdev = {
    .type = "str",
    .description = "ID of a netdev to use as a backend",
    .get = get_netdev,
    .set = set_netdev,
};

/* ---- -netdev and -nic ---------------------------------------------------- */

typedef struct NicOpts {
    char *netdev;
    char *mac;
    char *model;
} NicOpts;

static GPtrArray *pending_nics;
static unsigned int nic_counter;

static NetClientState *netdev_create(const char *type, const char *id,
                                     QDict *opts, Error **errp)
{
    if (!strcmp(type, "user")) {
        return net_init_slirp(id, opts, errp);
    }
    error_setg(errp, "Parameter 'type' does not accept value '%s' "
               "(supported: user)", type);
    return NULL;
}

static bool opts_all_str(QDict *opts, Error **errp)
{
    for (const QDictEntry *e = qdict_first(opts); e;
         e = qdict_next(opts, e)) {
        if (!qobject_to(QString, qdict_entry_value(e))) {
            error_setg(errp, "Invalid parameter '%s'", qdict_entry_key(e));
            return false;
        }
    }
    return true;
}

bool netdev_new_from_str(const char *optarg, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(optarg, "type", NULL, errp);
    g_autofree char *type = NULL;
    g_autofree char *id = NULL;

    if (!opts || !opts_all_str(opts, errp)) {
        return false;
    }
    if (!qdict_haskey(opts, "type")) {
        error_setg(errp, "Parameter 'type' is missing");
        return false;
    }
    if (!qdict_haskey(opts, "id")) {
        error_setg(errp, "Parameter 'id' is missing");
        return false;
    }
    type = g_strdup(qdict_get_str(opts, "type"));
    id = g_strdup(qdict_get_str(opts, "id"));
    qdict_del(opts, "type");
    qdict_del(opts, "id");
    if (!*id || !g_ascii_isalpha(id[0])) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        return false;
    }
    if (qemu_find_netdev(id)) {
        error_setg(errp, "Duplicate ID '%s' for netdev", id);
        return false;
    }
    return netdev_create(type, id, opts, errp) != NULL;
}

bool net_nic_from_str(const char *optarg, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(optarg, "type", NULL, errp);
    g_autofree char *type = NULL;
    g_autofree char *id = NULL;
    NicOpts *nic;
    const char *mac, *model;

    if (!opts || !opts_all_str(opts, errp)) {
        return false;
    }
    type = g_strdup(qdict_haskey(opts, "type")
                    ? qdict_get_str(opts, "type") : "user");
    qdict_del(opts, "type");
    if (!strcmp(type, "none")) {
        return true;
    }
    id = g_strdup(qdict_haskey(opts, "id") ? qdict_get_str(opts, "id")
                  : "");
    qdict_del(opts, "id");
    if (!*id) {
        g_free(id);
        id = g_strdup_printf("__nic%u", nic_counter);
    }
    mac = qdict_get_try_str(opts, "mac");
    model = qdict_get_try_str(opts, "model");
    if (mac) {
        MACAddr tmp;

        if (!parse_mac(mac, &tmp)) {
            error_setg(errp, "invalid syntax for ethernet address '%s'", mac);
            return false;
        }
    }
    if (model && strcmp(model, "virtio-net-device") &&
        strcmp(model, "virtio")) {
        error_setg(errp, "Unsupported NIC model: %s (supported: "
                   "virtio-net-device)", model);
        return false;
    }
    nic = g_new0(NicOpts, 1);
    nic->netdev = g_strdup(id);
    nic->mac = g_strdup(mac);
    nic->model = g_strdup("virtio-net-device");
    qdict_del(opts, "mac");
    qdict_del(opts, "model");
    if (qemu_find_netdev(id)) {
        error_setg(errp, "Duplicate ID '%s' for netdev", id);
    } else if (netdev_create(type, id, opts, errp)) {
        if (!pending_nics) {
            pending_nics = g_ptr_array_new();
        }
        g_ptr_array_add(pending_nics, nic);
        nic_counter++;
        return true;
    }
    g_free(nic->netdev);
    g_free(nic->mac);
    g_free(nic->model);
    g_free(nic);
    return false;
}

bool net_nic_create_devices(Error **errp)
{
    while (pending_nics && pending_nics->len) {
        NicOpts *nic = g_ptr_array_steal_index(pending_nics, 0);
        g_autoptr(QDict) opts = qdict_new();
        DeviceState *dev;

        qdict_put_str(opts, "driver", nic->model);
        qdict_put_str(opts, "netdev", nic->netdev);
        if (nic->mac) {
            qdict_put_str(opts, "mac", nic->mac);
        }
        g_free(nic->netdev);
        g_free(nic->mac);
        g_free(nic->model);
        g_free(nic);
        dev = qdev_device_add_from_qdict(opts, false, errp);
        if (!dev) {
            return false;
        }
        object_unref(OBJECT(dev));
    }
    return true;
}
