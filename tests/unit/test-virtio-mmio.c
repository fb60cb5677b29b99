/*
 * virtio-mmio transport with virtio-rng and virtio-blk, driven through
 * register writes with split rings built in guest RAM: feature
 * negotiation, request round trips, malformed rings.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/virtio/virtio-blk.h"
#include "block/blockdev.h"
#include "block/block-backend.h"
#include "dev-test-util.h"

#define RAM_BASE    0x80000000ULL
#define RAM_SIZE    (1 * 1024 * 1024)
#define DESC_ADDR   (RAM_BASE + 0x1000)
#define AVAIL_ADDR  (RAM_BASE + 0x2000)
#define USED_ADDR   (RAM_BASE + 0x3000)
#define BUF_ADDR    (RAM_BASE + 0x10000)
#define QSIZE       8

static MemoryRegion *ram;

static void ram_setup(void)
{
    if (!ram) {
        ram = g_new0(MemoryRegion, 1);
        g_assert_true(memory_region_init_ram(ram, NULL, "virtio-test.ram",
                                             RAM_SIZE, &error_abort));
        memory_region_add_subregion(get_system_memory(), RAM_BASE, ram);
    }
    memset(memory_region_get_ram_ptr(ram), 0, RAM_SIZE);
}

static void gwrite(hwaddr addr, const void *buf, size_t len)
{
    g_assert_cmpuint(address_space_write(&address_space_memory, addr,
                                         MEMTXATTRS_UNSPECIFIED, buf, len),
                     ==, MEMTX_OK);
}

static void gread(hwaddr addr, void *buf, size_t len)
{
    g_assert_cmpuint(address_space_read(&address_space_memory, addr,
                                        MEMTXATTRS_UNSPECIFIED, buf, len),
                     ==, MEMTX_OK);
}

static void gw16(hwaddr addr, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    gwrite(addr, &v, 2);
}

static uint16_t gr16(hwaddr addr)
{
    uint16_t v;

    gread(addr, &v, 2);
    return GUINT16_FROM_LE(v);
}

static uint32_t gr32(hwaddr addr)
{
    uint32_t v;

    gread(addr, &v, 4);
    return GUINT32_FROM_LE(v);
}

static void set_desc(int i, uint64_t addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    uint8_t d[16];
    uint64_t a = GUINT64_TO_LE(addr);
    uint32_t l = GUINT32_TO_LE(len);

    flags = GUINT16_TO_LE(flags);
    next = GUINT16_TO_LE(next);
    memcpy(d, &a, 8);
    memcpy(d + 8, &l, 4);
    memcpy(d + 12, &flags, 2);
    memcpy(d + 14, &next, 2);
    gwrite(DESC_ADDR + 16 * i, d, 16);
}

typedef struct Fixture {
    DeviceState *proxy;
    SysBusDevice *sbd;
    DeviceState *vdev;
    uint16_t avail_idx;
} Fixture;

static void mmio_w(Fixture *f, hwaddr reg, uint32_t val)
{
    dev_write(f->sbd, reg, val, 4);
}

static uint32_t mmio_r(Fixture *f, hwaddr reg)
{
    return dev_read(f->sbd, reg, 4);
}

/* A transport with device @type (properties already set on @vdev) */
static void fixture_init(Fixture *f, DeviceState *vdev)
{
    ram_setup();
    memset(f, 0, sizeof(*f));
    f->proxy = qdev_new(TYPE_VIRTIO_MMIO);
    f->sbd = SYS_BUS_DEVICE(f->proxy);
    sysbus_realize_and_unref(f->sbd, &error_abort);
    sysbus_connect_irq(f->sbd, 0, irq_sinks(1)[0]);
    if (vdev) {
        qdev_realize_and_unref(vdev, BUS(&VIRTIO_MMIO(f->proxy)->bus),
                               &error_abort);
    }
    f->vdev = vdev;
}

static void fixture_done(Fixture *f)
{
    VirtIODevice *vdev = virtio_bus_get_device(&VIRTIO_MMIO(f->proxy)->bus);

    /* The device first: the transport's bus then is empty */
    if (vdev) {
        object_unparent(OBJECT(vdev));
    }
    object_unparent(OBJECT(f->proxy));
}

/* Negotiate VERSION_1 (+@low features) and set up queue 0 */
static void driver_init(Fixture *f, uint32_t low)
{
    mmio_w(f, VIRTIO_MMIO_STATUS, 0);
    mmio_w(f, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    mmio_w(f, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
           VIRTIO_CONFIG_S_DRIVER);
    mmio_w(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    mmio_w(f, VIRTIO_MMIO_DRIVER_FEATURES, 1); /* VERSION_1 */
    mmio_w(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    mmio_w(f, VIRTIO_MMIO_DRIVER_FEATURES, low);
    mmio_w(f, VIRTIO_MMIO_STATUS, 0xb);
    g_assert_cmphex(mmio_r(f, VIRTIO_MMIO_STATUS), ==, 0xb);
    mmio_w(f, VIRTIO_MMIO_QUEUE_SEL, 0);
    g_assert_cmpuint(mmio_r(f, VIRTIO_MMIO_QUEUE_NUM_MAX), >=, QSIZE);
    mmio_w(f, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
    mmio_w(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)DESC_ADDR);
    mmio_w(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, DESC_ADDR >> 32);
    mmio_w(f, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)AVAIL_ADDR);
    mmio_w(f, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, AVAIL_ADDR >> 32);
    mmio_w(f, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)USED_ADDR);
    mmio_w(f, VIRTIO_MMIO_QUEUE_USED_HIGH, USED_ADDR >> 32);
    mmio_w(f, VIRTIO_MMIO_QUEUE_READY, 1);
    g_assert_cmpuint(mmio_r(f, VIRTIO_MMIO_QUEUE_READY), ==, 1);
    g_assert_cmphex(mmio_r(f, VIRTIO_MMIO_QUEUE_DESC_LOW), ==,
                    (uint32_t)DESC_ADDR);
    mmio_w(f, VIRTIO_MMIO_STATUS, 0xf);
    f->avail_idx = 0;
}

/* Offer chain head @head and kick queue 0 */
static void kick(Fixture *f, uint16_t head)
{
    gw16(AVAIL_ADDR + 4 + 2 * (f->avail_idx % QSIZE), head);
    f->avail_idx++;
    gw16(AVAIL_ADDR + 2, f->avail_idx);
    mmio_w(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static void test_identity(void)
{
    Fixture f;

    fixture_init(&f, NULL);
    /* An empty transport still identifies itself, with device ID 0 */
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_MAGIC_VALUE), ==, VIRT_MAGIC);
    g_assert_cmpuint(mmio_r(&f, VIRTIO_MMIO_VERSION), ==, 2);
    g_assert_cmpuint(mmio_r(&f, VIRTIO_MMIO_DEVICE_ID), ==, 0);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_VENDOR_ID), ==, VIRT_VENDOR);
    fixture_done(&f);

    fixture_init(&f, qdev_new("virtio-rng-device"));
    g_assert_cmpuint(mmio_r(&f, VIRTIO_MMIO_DEVICE_ID), ==, VIRTIO_ID_RNG);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_MAGIC_VALUE), ==, 0x74726976);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_VENDOR_ID), ==, 0x554d4551);
    /* Wrong-size and unknown accesses are ignored */
    g_assert_cmpuint(dev_read(f.sbd, VIRTIO_MMIO_MAGIC_VALUE, 2), ==, 0);
    g_assert_cmpuint(mmio_r(&f, 0xf0), ==, 0);
    mmio_w(&f, 0xf0, 1);
    fixture_done(&f);
}

static void test_features(void)
{
    Fixture f;

    fixture_init(&f, qdev_new("virtio-rng-device"));
    mmio_w(&f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_DEVICE_FEATURES) & 1, ==, 1);
    mmio_w(&f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    g_assert_true(mmio_r(&f, VIRTIO_MMIO_DEVICE_FEATURES) &
                  (1u << VIRTIO_RING_F_INDIRECT_DESC));
    mmio_w(&f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 5);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_DEVICE_FEATURES), ==, 0);

    /* Without VERSION_1 the device refuses FEATURES_OK */
    mmio_w(&f, VIRTIO_MMIO_STATUS, 3);
    mmio_w(&f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    mmio_w(&f, VIRTIO_MMIO_DRIVER_FEATURES, 0);
    mmio_w(&f, VIRTIO_MMIO_STATUS, 0xb);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_STATUS), ==, 3);

    /* Reset clears the status; then negotiation succeeds */
    mmio_w(&f, VIRTIO_MMIO_STATUS, 0);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_STATUS), ==, 0);
    driver_init(&f, 0);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_STATUS), ==, 0xf);
    /* Queue sizes must be powers of two within the maximum */
    mmio_w(&f, VIRTIO_MMIO_QUEUE_NUM, 3);
    g_assert_cmpuint(mmio_r(&f, VIRTIO_MMIO_QUEUE_NUM), ==, QSIZE);
    fixture_done(&f);
}

static void test_rng(void)
{
    Fixture f;
    uint8_t buf[64], zero[64] = { 0 };

    fixture_init(&f, qdev_new("virtio-rng-device"));
    driver_init(&f, 0);
    set_desc(0, BUF_ADDR, sizeof(buf), VRING_DESC_F_WRITE, 0);
    kick(&f, 0);
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, 1);
    g_assert_cmpuint(gr32(USED_ADDR + 4), ==, 0);            /* id */
    g_assert_cmpuint(gr32(USED_ADDR + 8), ==, sizeof(buf));  /* len */
    gread(BUF_ADDR, buf, sizeof(buf));
    g_assert_true(memcmp(buf, zero, sizeof(buf)) != 0);
    /* Interrupt raised until acknowledged */
    g_assert_cmpint(irq_level[0], ==, 1);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_INTERRUPT_STATUS), ==, 1);
    mmio_w(&f, VIRTIO_MMIO_INTERRUPT_ACK, 1);
    g_assert_cmpint(irq_level[0], ==, 0);
    g_assert_cmphex(mmio_r(&f, VIRTIO_MMIO_INTERRUPT_STATUS), ==, 0);

    /* A chain of two buffers, the second one indirect-free */
    set_desc(1, BUF_ADDR, 16, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 2);
    set_desc(2, BUF_ADDR + 100, 16, VRING_DESC_F_WRITE, 0);
    kick(&f, 1);
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, 2);
    g_assert_cmpuint(gr32(USED_ADDR + 12), ==, 1);
    g_assert_cmpuint(gr32(USED_ADDR + 16), ==, 32);

    /* An indirect table of one descriptor */
    {
        uint8_t d[16] = { 0 };
        uint64_t a = GUINT64_TO_LE(BUF_ADDR + 512);
        uint32_t l = GUINT32_TO_LE(24);
        uint16_t fl = GUINT16_TO_LE(VRING_DESC_F_WRITE);

        memcpy(d, &a, 8);
        memcpy(d + 8, &l, 4);
        memcpy(d + 12, &fl, 2);
        gwrite(BUF_ADDR + 0x8000, d, 16);
        driver_init(&f, 1u << VIRTIO_RING_F_INDIRECT_DESC);
        set_desc(3, BUF_ADDR + 0x8000, 16, VRING_DESC_F_INDIRECT, 0);
        kick(&f, 3);
        g_assert_cmpuint(gr16(USED_ADDR + 2), ==, 1);
        g_assert_cmpuint(gr32(USED_ADDR + 4), ==, 3);
        g_assert_cmpuint(gr32(USED_ADDR + 8), ==, 24);
    }
    fixture_done(&f);
}

/* The device is broken: nothing used, NEEDS_RESET, config interrupt */
static void assert_broken(Fixture *f, uint16_t used)
{
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, used);
    g_assert_true(mmio_r(f, VIRTIO_MMIO_STATUS) &
                  VIRTIO_CONFIG_S_NEEDS_RESET);
    g_assert_true(mmio_r(f, VIRTIO_MMIO_INTERRUPT_STATUS) &
                  VIRTIO_MMIO_INT_CONFIG);
}

static void test_bad_rings(void)
{
    Fixture f;

    fixture_init(&f, qdev_new("virtio-rng-device"));

    /* Buffer outside RAM */
    driver_init(&f, 0);
    set_desc(0, 0x1000, 64, VRING_DESC_F_WRITE, 0);
    kick(&f, 0);
    assert_broken(&f, 0);
    /* Further kicks are ignored until reset */
    set_desc(0, BUF_ADDR, 64, VRING_DESC_F_WRITE, 0);
    kick(&f, 0);
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, 0);

    /* Reset recovers */
    driver_init(&f, 0);
    kick(&f, 0);
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, 1);

    /* A looped chain */
    driver_init(&f, 0);
    gw16(USED_ADDR + 2, 0);
    set_desc(0, BUF_ADDR, 8, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
    set_desc(1, BUF_ADDR, 8, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 0);
    kick(&f, 0);
    assert_broken(&f, 0);

    /* next out of the table */
    driver_init(&f, 0);
    set_desc(0, BUF_ADDR, 8, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 99);
    kick(&f, 0);
    assert_broken(&f, 0);

    /* Head index out of range */
    driver_init(&f, 0);
    kick(&f, 200);
    assert_broken(&f, 0);

    /* The avail index jumps further than the queue size */
    driver_init(&f, 0);
    gw16(AVAIL_ADDR + 2, 100);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    assert_broken(&f, 0);

    /* Indirect descriptors that were not negotiated, or malformed */
    driver_init(&f, 0);
    set_desc(0, BUF_ADDR, 16, VRING_DESC_F_INDIRECT, 0);
    kick(&f, 0);
    assert_broken(&f, 0);
    driver_init(&f, 1u << VIRTIO_RING_F_INDIRECT_DESC);
    set_desc(0, BUF_ADDR, 15, VRING_DESC_F_INDIRECT, 0);
    kick(&f, 0);
    assert_broken(&f, 0);

    /* Zero-length buffer, and ring addresses outside RAM */
    driver_init(&f, 0);
    set_desc(0, BUF_ADDR, 0, VRING_DESC_F_WRITE, 0);
    kick(&f, 0);
    assert_broken(&f, 0);
    driver_init(&f, 0);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_NOTIFY, 5);    /* no such queue */
    mmio_w(&f, VIRTIO_MMIO_QUEUE_SEL, 0);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_READY, 0);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x100);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_AVAIL_LOW, 0x200);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_AVAIL_HIGH, 0);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_USED_LOW, 0x300);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_USED_HIGH, 0);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_READY, 1);
    mmio_w(&f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    fixture_done(&f);
}

/* ---- virtio-blk ----------------------------------------------------------- */

#define HDR_ADDR    (BUF_ADDR)
#define DATA_ADDR   (BUF_ADDR + 0x1000)
#define STATUS_ADDR (BUF_ADDR + 0x3000)

static char *make_image(int sectors)
{
    char *path = NULL;
    int fd = g_file_open_tmp("virtio-blk-XXXXXX.img", &path, NULL);
    uint8_t sec[512];

    g_assert_cmpint(fd, >=, 0);
    for (int i = 0; i < sectors; i++) {
        memset(sec, i + 1, sizeof(sec));
        g_assert_cmpint(write(fd, sec, sizeof(sec)), ==, sizeof(sec));
    }
    close(fd);
    return path;
}

/* Submit a request with a 16-byte header and @len data bytes */
static uint8_t blk_request(Fixture *f, uint32_t type, uint64_t sector,
                           uint32_t len, bool data_in, uint32_t *used_len)
{
    uint8_t hdr[16] = { 0 };
    uint32_t t = GUINT32_TO_LE(type);
    uint64_t s = GUINT64_TO_LE(sector);
    uint8_t status = 0xff;
    uint16_t used = gr16(USED_ADDR + 2);
    int n = 0;

    memcpy(hdr, &t, 4);
    memcpy(hdr + 8, &s, 8);
    gwrite(HDR_ADDR, hdr, 16);
    gwrite(STATUS_ADDR, &status, 1);
    set_desc(n, HDR_ADDR, 16, VRING_DESC_F_NEXT, n + 1);
    n++;
    if (len) {
        set_desc(n, DATA_ADDR, len,
                 VRING_DESC_F_NEXT | (data_in ? VRING_DESC_F_WRITE : 0),
                 n + 1);
        n++;
    }
    set_desc(n, STATUS_ADDR, 1, VRING_DESC_F_WRITE, 0);
    kick(f, 0);
    g_assert_cmpuint(gr16(USED_ADDR + 2), ==, (uint16_t)(used + 1));
    if (used_len) {
        *used_len = gr32(USED_ADDR + 8 + 8 * (used % QSIZE));
    }
    gread(STATUS_ADDR, &status, 1);
    return status;
}

static void blk_checks(Fixture *f, const char *path, bool read_only)
{
    uint8_t buf[1024], expect[1024];
    uint32_t used_len;
    uint64_t cap;
    char id[20];

    /* Capacity in 512-byte sectors at config offset 0 */
    cap = mmio_r(f, VIRTIO_MMIO_CONFIG) |
          ((uint64_t)mmio_r(f, VIRTIO_MMIO_CONFIG + 4) << 32);
    g_assert_cmpuint(cap, ==, 16);
    g_assert_cmpuint(dev_read(f->sbd, VIRTIO_MMIO_CONFIG + 20, 4), ==, 512);
    /* seg_max with seg-max-adjust=on: queue-size - 2 */
    g_assert_cmpuint(dev_read(f->sbd, VIRTIO_MMIO_CONFIG + 12, 4), ==, 254);
    g_assert_cmpuint(!!(mmio_r(f, VIRTIO_MMIO_DEVICE_FEATURES) &
                        (1u << VIRTIO_BLK_F_RO)), ==, read_only);

    driver_init(f, 1u << VIRTIO_BLK_F_FLUSH);
    /* Read sectors 2 and 3 */
    g_assert_cmpuint(blk_request(f, VIRTIO_BLK_T_IN, 2, 1024, true,
                                 &used_len), ==, VIRTIO_BLK_S_OK);
    g_assert_cmpuint(used_len, ==, 1025);
    gread(DATA_ADDR, buf, 1024);
    memset(expect, 3, 512);
    memset(expect + 512, 4, 512);
    g_assert_cmpmem(buf, 1024, expect, 1024);

    /* Write sector 5 */
    memset(buf, 0xa5, 512);
    gwrite(DATA_ADDR, buf, 512);
    g_assert_cmpuint(blk_request(f, VIRTIO_BLK_T_OUT, 5, 512, false, NULL),
                     ==, read_only ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK);
    g_assert_cmpuint(blk_request(f, VIRTIO_BLK_T_FLUSH, 0, 0, false, NULL),
                     ==, VIRTIO_BLK_S_OK);
    {
        g_autofree gchar *contents = NULL;
        gsize len;

        g_assert_true(g_file_get_contents(path, &contents, &len, NULL));
        g_assert_cmpuint(len, ==, 16 * 512);
        memset(expect, read_only ? 6 : 0xa5, 512);
        g_assert_cmpmem(contents + 5 * 512, 512, expect, 512);
    }

    /* Beyond the end: I/O error, device keeps working */
    g_assert_cmpuint(blk_request(f, VIRTIO_BLK_T_IN, 15, 1024, true, NULL),
                     ==, VIRTIO_BLK_S_IOERR);
    g_assert_cmpuint(blk_request(f, VIRTIO_BLK_T_IN, UINT64_MAX, 512, true,
                                 NULL), ==, VIRTIO_BLK_S_IOERR);
    /* Unknown request type */
    g_assert_cmpuint(blk_request(f, 77, 0, 0, false, NULL), ==,
                     VIRTIO_BLK_S_UNSUPP);
    /* GET_ID */
    g_assert_cmpuint(blk_request(f, VIRTIO_BLK_T_GET_ID, 0, 20, true, NULL),
                     ==, VIRTIO_BLK_S_OK);
    gread(DATA_ADDR, id, 20);
    g_assert_cmpstr(id, ==, "disk-serial-1");
    g_assert_cmphex(mmio_r(f, VIRTIO_MMIO_STATUS), ==, 0xf);

    /* A request whose header is missing breaks the device */
    set_desc(0, STATUS_ADDR, 1, VRING_DESC_F_WRITE, 0);
    kick(f, 0);
    g_assert_true(mmio_r(f, VIRTIO_MMIO_STATUS) &
                  VIRTIO_CONFIG_S_NEEDS_RESET);
}

static void test_blk_drive(void)
{
    g_autofree char *path = make_image(16);
    g_autofree char *opt = g_strdup_printf("file=%s,format=raw,if=none,"
                                           "id=d0", path);
    Error *err = NULL;
    DeviceState *dev;
    Fixture f;

    g_assert_true(drive_new_from_str(opt, &error_abort));
    g_assert_nonnull(blk_by_name("d0"));
    /* Same id twice */
    g_assert_false(drive_new_from_str(opt, &err));
    error_free_or_abort(&err);

    dev = qdev_new(TYPE_VIRTIO_BLK);
    qdev_prop_set_string(dev, "drive", "d0");
    qdev_prop_set_string(dev, "serial", "disk-serial-1");
    fixture_init(&f, dev);
    g_assert_cmpuint(mmio_r(&f, VIRTIO_MMIO_DEVICE_ID), ==, VIRTIO_ID_BLOCK);

    /* The drive serves one device */
    dev = qdev_new(TYPE_VIRTIO_BLK);
    g_assert_false(object_property_set_str(OBJECT(dev), "drive", "d0",
                                           &err));
    error_free_or_abort(&err);
    object_unref(OBJECT(dev));

    blk_checks(&f, path, false);
    fixture_done(&f);
    unlink(path);
}

static void test_blk_blockdev_ro(void)
{
    g_autofree char *path = make_image(16);
    g_autofree char *o1 = g_strdup_printf("driver=file,node-name=f0,"
                                          "filename=%s,read-only=on", path);
    DeviceState *dev;
    Fixture f;

    g_assert_true(blockdev_new_from_str(o1, &error_abort));
    g_assert_true(blockdev_new_from_str("driver=raw,node-name=r0,file=f0,"
                                        "read-only=on", &error_abort));
    dev = qdev_new(TYPE_VIRTIO_BLK);
    qdev_prop_set_string(dev, "drive", "r0");
    qdev_prop_set_string(dev, "serial", "disk-serial-1");
    fixture_init(&f, dev);
    blk_checks(&f, path, true);
    fixture_done(&f);
    unlink(path);
}

static void test_blk_bad_options(void)
{
    static const char *const bad[] = {
        "file=/nonexistent/x.img,format=raw,if=none,id=e0",
        "file=/dev/null,format=qcow2,if=none,id=e1",
        "file=/dev/null,format=raw,if=ide,id=e2",
        "file=/dev/null,format=raw,if=none,id=e3,bogus=1",
        "file=/dev/null,format=raw,if=none,id=e4,readonly=maybe",
        "format=raw,if=none,id=e5",
        "file=/dev/null,format=raw,if=none,id=e6,node-name=9bad",
    };
    static const char *const bad_bd[] = {
        "driver=file,filename=/dev/null",
        "driver=qcow2,node-name=b1,file=x",
        "driver=raw,node-name=b2,file=nosuchnode",
        "driver=file,node-name=b3",
        "driver=file,node-name=b4,filename=/dev/null,foo=bar",
        "{\"driver\": \"file\", \"node-name\": 5}",
        "{bad json",
    };
    Error *err = NULL;
    DeviceState *dev;

    for (int i = 0; i < ARRAY_SIZE(bad); i++) {
        g_assert_false(drive_new_from_str(bad[i], &err));
        g_assert_nonnull(err);
        g_test_message("%s -> %s", bad[i], error_get_pretty(err));
        error_free_or_abort(&err);
    }
    for (int i = 0; i < ARRAY_SIZE(bad_bd); i++) {
        g_assert_false(blockdev_new_from_str(bad_bd[i], &err));
        g_test_message("%s -> %s", bad_bd[i], error_get_pretty(err));
        error_free_or_abort(&err);
    }
    /* Nested file options and JSON work */
    g_assert_true(blockdev_new_from_str("{\"driver\": \"raw\", \"node-name\":"
                                        " \"j0\", \"file\": {\"driver\": "
                                        "\"file\", \"filename\": \"/dev/null\","
                                        " \"read-only\": true}, "
                                        "\"read-only\": true}",
                                        &error_abort));
    g_assert_true(blockdev_new_from_str("driver=raw,node-name=k0,"
                                        "file.driver=file,"
                                        "file.filename=/dev/null",
                                        &error_abort));
    /* Device errors: no drive, unknown drive, bad queue size */
    dev = qdev_new(TYPE_VIRTIO_BLK);
    g_assert_false(object_property_set_str(OBJECT(dev), "drive", "nope",
                                           &err));
    error_free_or_abort(&err);
    object_unref(OBJECT(dev));
    {
        Fixture f;

        fixture_init(&f, NULL);
        dev = qdev_new(TYPE_VIRTIO_BLK);
        g_assert_false(qdev_realize_and_unref(dev,
                                              BUS(&VIRTIO_MMIO(f.proxy)->bus),
                                              &err));
        g_test_message("%s", error_get_pretty(err));
        error_free_or_abort(&err);
        dev = qdev_new(TYPE_VIRTIO_BLK);
        qdev_prop_set_string(dev, "drive", "k0");
        qdev_prop_set_uint16(dev, "queue-size", 100);
        g_assert_false(qdev_realize_and_unref(dev,
                                              BUS(&VIRTIO_MMIO(f.proxy)->bus),
                                              &err));
        g_test_message("%s", error_get_pretty(err));
        error_free_or_abort(&err);
        /* seg-max-adjust=off: seg_max is 126 */
        dev = qdev_new(TYPE_VIRTIO_BLK);
        qdev_prop_set_string(dev, "drive", "k0");
        qdev_prop_set_bit(dev, "seg-max-adjust", false);
        qdev_realize_and_unref(dev, BUS(&VIRTIO_MMIO(f.proxy)->bus),
                               &error_abort);
        g_assert_cmpuint(dev_read(f.sbd, VIRTIO_MMIO_CONFIG + 12, 4), ==,
                         126);
        fixture_done(&f);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    qemu_init_main_loop(&error_abort);

    g_test_add_func("/virtio-mmio/identity", test_identity);
    g_test_add_func("/virtio-mmio/features", test_features);
    g_test_add_func("/virtio-mmio/rng", test_rng);
    g_test_add_func("/virtio-mmio/bad-rings", test_bad_rings);
    g_test_add_func("/virtio-blk/drive", test_blk_drive);
    g_test_add_func("/virtio-blk/blockdev-ro", test_blk_blockdev_ro);
    g_test_add_func("/virtio-blk/bad-options", test_blk_bad_options);
    return g_test_run();
}
