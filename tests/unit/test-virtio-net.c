/*
 * virtio-net on -netdev user (libslirp): a DHCPDISCOVER sent through the
 * tx queue is answered with a DHCPOFFER on the rx queue.  Also -netdev,
 * -nic option errors and placement of -device on a free transport.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qobject/qdict.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio-net.h"
#include "net/net.h"
#include "dev-test-util.h"

#define RAM_BASE    0x80000000ULL
#define RAM_SIZE    (1 * 1024 * 1024)
#define QSIZE       8
/* Rings of queue q at RAM_BASE + 0x10000 * (q + 1) */
#define DESC(q)     (RAM_BASE + 0x10000 * ((q) + 1))
#define AVAIL(q)    (DESC(q) + 0x1000)
#define USED(q)     (DESC(q) + 0x2000)
#define RXBUF       (RAM_BASE + 0x80000)
#define TXBUF       (RAM_BASE + 0x90000)

static MemoryRegion ram;

static void gwrite(hwaddr addr, const void *buf, size_t len)
{
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        buf, len);
}

static void gread(hwaddr addr, void *buf, size_t len)
{
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                       buf, len);
}

static uint16_t gr16(hwaddr addr)
{
    uint16_t v;

    gread(addr, &v, 2);
    return GUINT16_FROM_LE(v);
}

static void gw16(hwaddr addr, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    gwrite(addr, &v, 2);
}

static void set_desc(int q, int i, uint64_t addr, uint32_t len,
                     uint16_t flags)
{
    uint8_t d[16] = { 0 };
    uint64_t a = GUINT64_TO_LE(addr);
    uint32_t l = GUINT32_TO_LE(len);

    flags = GUINT16_TO_LE(flags);
    memcpy(d, &a, 8);
    memcpy(d + 8, &l, 4);
    memcpy(d + 12, &flags, 2);
    gwrite(DESC(q) + 16 * i, d, 16);
}

static void w(SysBusDevice *sbd, hwaddr reg, uint32_t val)
{
    dev_write(sbd, reg, val, 4);
}

static void setup_queue(SysBusDevice *sbd, int q)
{
    w(sbd, VIRTIO_MMIO_QUEUE_SEL, q);
    w(sbd, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
    w(sbd, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)DESC(q));
    w(sbd, VIRTIO_MMIO_QUEUE_DESC_HIGH, DESC(q) >> 32);
    w(sbd, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)AVAIL(q));
    w(sbd, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, AVAIL(q) >> 32);
    w(sbd, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)USED(q));
    w(sbd, VIRTIO_MMIO_QUEUE_USED_HIGH, USED(q) >> 32);
    w(sbd, VIRTIO_MMIO_QUEUE_READY, 1);
}

static uint16_t ip_csum(const uint8_t *p, int len)
{
    uint32_t sum = 0;

    for (int i = 0; i < len; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

/* Ethernet + IPv4 + UDP + BOOTP DHCPDISCOVER from @mac */
static size_t build_discover(uint8_t *f, const uint8_t *mac)
{
    uint8_t *ip = f + 14, *udp = ip + 20, *bootp = udp + 8;
    size_t bootp_len = 240 + 4;
    uint16_t csum;

    memset(f, 0, 14 + 20 + 8 + bootp_len);
    memset(f, 0xff, 6);
    memcpy(f + 6, mac, 6);
    f[12] = 0x08;
    ip[0] = 0x45;
    ip[2] = (20 + 8 + bootp_len) >> 8;
    ip[3] = (20 + 8 + bootp_len) & 0xff;
    ip[8] = 64;
    ip[9] = 17;
    memset(ip + 16, 0xff, 4);
    csum = ip_csum(ip, 20);
    ip[10] = csum >> 8;
    ip[11] = csum & 0xff;
    udp[1] = 68;
    udp[3] = 67;
    udp[4] = (8 + bootp_len) >> 8;
    udp[5] = (8 + bootp_len) & 0xff;
    bootp[0] = 1;       /* BOOTREQUEST */
    bootp[1] = 1;
    bootp[2] = 6;
    bootp[4] = 0x12;    /* xid */
    bootp[5] = 0x34;
    memcpy(bootp + 28, mac, 6);
    bootp[236] = 99;    /* magic cookie */
    bootp[237] = 130;
    bootp[238] = 83;
    bootp[239] = 99;
    bootp[240] = 53;    /* DHCP message type: DISCOVER */
    bootp[241] = 1;
    bootp[242] = 1;
    bootp[243] = 255;
    return 14 + 20 + 8 + bootp_len;
}

static void test_dhcp(void)
{
    DeviceState *proxy, *dev;
    SysBusDevice *sbd;
    uint8_t mac[6], frame[600], hdr[12] = { 0 }, rx[2048];
    size_t len;
    uint32_t used_len;

    g_assert_true(memory_region_init_ram(&ram, NULL, "net-test.ram",
                                         RAM_SIZE, &error_abort));
    memory_region_add_subregion(get_system_memory(), RAM_BASE, &ram);
    g_assert_true(netdev_new_from_str("user,id=n0", &error_abort));

    proxy = qdev_new(TYPE_VIRTIO_MMIO);
    sbd = SYS_BUS_DEVICE(proxy);
    sysbus_realize_and_unref(sbd, &error_abort);
    sysbus_connect_irq(sbd, 0, irq_sinks(1)[0]);
    dev = qdev_new(TYPE_VIRTIO_NET);
    qdev_prop_set_string(dev, "netdev", "n0");
    qdev_realize_and_unref(dev, BUS(&VIRTIO_MMIO(proxy)->bus), &error_abort);

    g_assert_cmpuint(dev_read(sbd, VIRTIO_MMIO_DEVICE_ID, 4), ==,
                     VIRTIO_ID_NET);
    for (int i = 0; i < 6; i++) {
        mac[i] = dev_read(sbd, VIRTIO_MMIO_CONFIG + i, 1);
    }
    /* QEMU's default MAC for the first NIC */
    g_assert_cmpmem(mac, 6, ((uint8_t[]){ 0x52, 0x54, 0, 0x12, 0x34, 0x56 }),
                    6);
    g_assert_cmpuint(dev_read(sbd, VIRTIO_MMIO_CONFIG + 6, 2), ==, 1);

    w(sbd, VIRTIO_MMIO_STATUS, 3);
    w(sbd, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    w(sbd, VIRTIO_MMIO_DRIVER_FEATURES, 1);
    w(sbd, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    w(sbd, VIRTIO_MMIO_DRIVER_FEATURES, (1u << VIRTIO_NET_F_MAC) |
      (1u << VIRTIO_NET_F_STATUS));
    w(sbd, VIRTIO_MMIO_STATUS, 0xb);
    setup_queue(sbd, 0);
    setup_queue(sbd, 1);
    w(sbd, VIRTIO_MMIO_STATUS, 0xf);

    /* One receive buffer */
    set_desc(0, 0, RXBUF, sizeof(rx), VRING_DESC_F_WRITE);
    gw16(AVAIL(0) + 4, 0);
    gw16(AVAIL(0) + 2, 1);
    w(sbd, VIRTIO_MMIO_QUEUE_NOTIFY, 0);

    /* Send DHCPDISCOVER: header then frame */
    len = build_discover(frame, mac);
    gwrite(TXBUF, hdr, sizeof(hdr));
    gwrite(TXBUF + sizeof(hdr), frame, len);
    set_desc(1, 0, TXBUF, sizeof(hdr) + len, 0);
    gw16(AVAIL(1) + 4, 0);
    gw16(AVAIL(1) + 2, 1);
    w(sbd, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
    g_assert_cmpuint(gr16(USED(1) + 2), ==, 1);

    for (int i = 0; i < 200 && gr16(USED(0) + 2) == 0; i++) {
        main_loop_wait(true);
        g_usleep(1000);
    }
    g_assert_cmpuint(gr16(USED(0) + 2), ==, 1);
    gread(USED(0) + 8, &used_len, 4);
    used_len = GUINT32_FROM_LE(used_len);
    g_assert_cmpuint(used_len, >, 12 + 14 + 20 + 8 + 240);
    gread(RXBUF, rx, used_len);
    {
        uint8_t *eth = rx + 12, *ip = eth + 14, *udp = ip + 20;
        uint8_t *bootp = udp + 8;
        bool offer = false;

        g_assert_cmpuint(rx[10], ==, 1);                /* num_buffers */
        g_assert_cmpuint(eth[12], ==, 0x08);
        g_assert_cmpuint(eth[13], ==, 0x00);
        g_assert_cmpuint(ip[9], ==, 17);
        g_assert_cmpuint((udp[0] << 8) | udp[1], ==, 67);
        g_assert_cmpuint(bootp[0], ==, 2);              /* BOOTREPLY */
        /* yiaddr 10.0.2.15 */
        g_assert_cmpmem(bootp + 16, 4, ((uint8_t[]){ 10, 0, 2, 15 }), 4);
        for (uint8_t *o = bootp + 240; o < rx + used_len && *o != 255;
             o += 2 + o[1]) {
            if (o[0] == 53) {
                offer = o[2] == 2;
            }
        }
        g_assert_true(offer);
    }
    g_assert_cmpint(irq_level[0], ==, 1);
    object_unparent(OBJECT(dev));
    object_unparent(OBJECT(proxy));
}

static void test_options(void)
{
    static const char *const bad_netdev[] = {
        "user", "id=x", "tap,id=t0", "user,id=u1,bogus=1",
        "user,id=u2,net=1.2.3", "user,id=u3,hostfwd=tcp::x-:22",
        "user,id=u4,restrict=maybe", "user,id=n0",
        "user,id=u5,ipv4=off,ipv6=off", "user,id=u6,dns=192.168.1.1",
    };
    static const char *const bad_nic[] = {
        "user,mac=zz", "user,model=e1000", "tap", "user,id=n0",
    };
    Error *err = NULL;

    for (int i = 0; i < ARRAY_SIZE(bad_netdev); i++) {
        g_assert_false(netdev_new_from_str(bad_netdev[i], &err));
        g_test_message("%s -> %s", bad_netdev[i], error_get_pretty(err));
        error_free_or_abort(&err);
        g_assert_null(qemu_find_netdev("u1"));
    }
    for (int i = 0; i < ARRAY_SIZE(bad_nic); i++) {
        g_assert_false(net_nic_from_str(bad_nic[i], &err));
        g_test_message("%s -> %s", bad_nic[i], error_get_pretty(err));
        error_free_or_abort(&err);
    }
    g_assert_true(netdev_new_from_str("user,id=h0,net=10.1.0.0/16,"
                                      "hostfwd=tcp:127.0.0.1:0-:22",
                                      &error_abort));
    g_assert_nonnull(qemu_find_netdev("h0"));
    g_assert_true(net_nic_from_str("none", &error_abort));
}

/* -device and -nic NICs go on the newest free transport, as in QEMU */
static void test_placement(void)
{
    DeviceState *t[3];
    g_autoptr(QDict) opts = qdict_new();
    DeviceState *dev;
    Error *err = NULL;

    for (int i = 0; i < 3; i++) {
        t[i] = qdev_new(TYPE_VIRTIO_MMIO);
        sysbus_realize_and_unref(SYS_BUS_DEVICE(t[i]), &error_abort);
    }
    qdict_put_str(opts, "driver", "virtio-rng-device");
    dev = qdev_device_add_from_qdict(opts, false, &error_abort);
    g_assert_true(qdev_get_parent_bus(dev) == BUS(&VIRTIO_MMIO(t[2])->bus));
    object_unref(OBJECT(dev));

    g_assert_true(net_nic_from_str("user,mac=52:54:00:aa:bb:cc",
                                   &error_abort));
    g_assert_true(net_nic_create_devices(&error_abort));
    g_assert_cmpuint(dev_read(SYS_BUS_DEVICE(t[1]), VIRTIO_MMIO_DEVICE_ID,
                              4), ==, VIRTIO_ID_NET);
    g_assert_cmpuint(dev_read(SYS_BUS_DEVICE(t[1]), VIRTIO_MMIO_CONFIG + 5,
                              1), ==, 0xcc);

    dev = qdev_device_add_from_qdict(opts, false, &error_abort);
    object_unref(OBJECT(dev));
    /* All transports taken */
    g_assert_null(qdev_device_add_from_qdict(opts, false, &err));
    g_test_message("%s", error_get_pretty(err));
    error_free_or_abort(&err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);

    g_test_add_func("/virtio-net/dhcp", test_dhcp);
    g_test_add_func("/virtio-net/options", test_options);
    g_test_add_func("/virtio-net/placement", test_placement);
    return g_test_run();
}
