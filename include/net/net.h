/*
 * Network clients: NICs (the device side) and backends (-netdev) are
 * NetClientStates connected as peers.  Names as QEMU's include/net/net.h.
 */
#ifndef QEMU_NET_H
#define QEMU_NET_H

#include "qemu/queue.h"
#include "hw/qdev-properties.h"

#define MAX_QUEUE_NUM 1

typedef struct MACAddr {
    uint8_t a[6];
} MACAddr;

/* Client kinds (QEMU's QAPI NetClientDriver values) */
typedef enum NetClientDriver {
    NET_CLIENT_DRIVER_NONE,
    NET_CLIENT_DRIVER_NIC,
    NET_CLIENT_DRIVER_USER,
    NET_CLIENT_DRIVER__MAX,
} NetClientDriver;

typedef struct NetClientState NetClientState;
typedef struct NICState NICState;

typedef bool (NetCanReceive)(NetClientState *nc);
typedef ssize_t (NetReceive)(NetClientState *nc, const uint8_t *buf,
                             size_t size);
typedef void (NetCleanup)(NetClientState *nc);
typedef void (LinkStatusChanged)(NetClientState *nc);

typedef struct NetClientInfo {
    NetClientDriver type;
    size_t size;
    NetReceive *receive;
    NetCanReceive *can_receive;
    NetCleanup *cleanup;
    LinkStatusChanged *link_status_changed;
} NetClientInfo;

struct NetClientState {
    NetClientInfo *info;
    int link_down;
    QTAILQ_ENTRY(NetClientState) next;
    NetClientState *peer;
    GQueue *incoming_queue;     /* packets waiting for this client */
    char *model;
    char *name;
    char info_str[256];
    unsigned receive_disabled : 1;
    int queue_index;
};

typedef struct NICPeers {
    NetClientState *ncs[MAX_QUEUE_NUM];
    int32_t queues;
} NICPeers;

typedef struct NICConf {
    MACAddr macaddr;
    NICPeers peers;
    int32_t bootindex;
} NICConf;

struct NICState {
    NetClientState ncs[MAX_QUEUE_NUM];
    NICConf *conf;
    void *opaque;
    bool peer_deleted;
};

/* "mac=52:54:00:12:34:56" and "netdev=ID" */
extern const PropertyInfo qdev_prop_macaddr;
extern const PropertyInfo qdev_prop_netdev;

#define DEFINE_PROP_MACADDR(_n, _s, _f) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_macaddr, MACAddr)
#define DEFINE_PROP_NETDEV(_n, _s, _f) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_netdev, NICPeers)
#define DEFINE_NIC_PROPERTIES(_state, _conf)                            \
    DEFINE_PROP_MACADDR("mac", _state, _conf.macaddr),                  \
    DEFINE_PROP_NETDEV("netdev", _state, _conf.peers)

/* qemu_new_net_client: a backend client called @name */
NetClientState *qemu_new_net_client(NetClientInfo *info,
                                    NetClientState *peer,
                                    const char *model, const char *name);
/* qemu_new_nic: a NIC for @opaque, peered with @conf's netdev */
NICState *qemu_new_nic(NetClientInfo *info, NICConf *conf,
                       const char *model, const char *name,
                       void *opaque);
void qemu_del_nic(NICState *nic);
void qemu_del_net_client(NetClientState *nc);
NetClientState *qemu_get_queue(NICState *nic);
NICState *qemu_get_nic(NetClientState *nc);
void *qemu_get_nic_opaque(NetClientState *nc);
/* qemu_find_netdev: the -netdev client called @id, or NULL */
NetClientState *qemu_find_netdev(const char *id);

/*
 * qemu_send_packet: deliver @buf to @nc's peer; queued if the peer
 * cannot receive now (delivered by qemu_flush_queued_packets(peer)).
 */
void qemu_send_packet(NetClientState *nc, const uint8_t *buf, int size);
bool qemu_can_send_packet(NetClientState *nc);
/* qemu_flush_queued_packets: deliver packets queued for @nc */
void qemu_flush_queued_packets(NetClientState *nc);
void qemu_format_nic_info_str(NetClientState *nc, uint8_t macaddr[6]);
/* qemu_macaddr_default_if_unset: 52:54:00:12:34:56 (+1 per NIC) */
void qemu_macaddr_default_if_unset(MACAddr *macaddr);

/*
 * netdev_new_from_str: -netdev OPTARG ("user,id=n0[,hostfwd=...]").
 * Supported types: user (libslirp).
 */
bool netdev_new_from_str(const char *optarg, Error **errp);
/*
 * net_nic_from_str: -nic OPTARG ("user[,mac=..][,model=..][,hostfwd=..]"
 * or "none"): creates the backend now; the NIC is created by
 * net_nic_create_devices() once the machine exists.
 */
bool net_nic_from_str(const char *optarg, Error **errp);
/* net_nic_create_devices: a virtio-net-device for each -nic */
bool net_nic_create_devices(Error **errp);

/* Backend constructor for -netdev user (net/slirp.c) */
NetClientState *net_init_slirp(const char *id, QDict *opts, Error **errp);

#endif
