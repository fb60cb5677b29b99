/*
 * The eight virtio-mmio transports of virt: each answers with the magic
 * value, version 2 and QEMU's vendor id; empty ones have device id 0.
 * A virtio-blk device, if one is plugged, reports its configuration,
 * which tests/functional/test_virt_compat.py compares across machine
 * versions (seg_max depends on virtio-blk-device.seg-max-adjust).
 */
#include "guest.h"

const char *guest_prog_name = "virtio";

#define VIRTIO_MMIO_BASE    0x10001000UL
#define VIRTIO_MMIO_STRIDE  0x1000UL
#define VIRTIO_MMIO_COUNT   8
#define VIRTIO_MAGIC        0x74726976u     /* "virt" */
#define VIRTIO_VENDOR_QEMU  0x554d4551u     /* "QEMU" */
#define VIRTIO_ID_BLOCK     2

#define REG_MAGIC       0x000
#define REG_VERSION     0x004
#define REG_DEVICE_ID   0x008
#define REG_VENDOR_ID   0x00c
#define REG_CONFIG      0x100
/* struct virtio_blk_config: capacity (le64), size_max, seg_max (le32) */
#define BLK_CAPACITY    (REG_CONFIG + 0)
#define BLK_SEG_MAX     (REG_CONFIG + 12)

static void test_transports(void)
{
    for (unsigned i = 0; i < VIRTIO_MMIO_COUNT; i++) {
        unsigned long base = VIRTIO_MMIO_BASE + i * VIRTIO_MMIO_STRIDE;

        EXPECT_EQ(mmio_read32(base + REG_MAGIC), VIRTIO_MAGIC);
        EXPECT_EQ(mmio_read32(base + REG_VERSION), 2);
        EXPECT_EQ(mmio_read32(base + REG_VENDOR_ID), VIRTIO_VENDOR_QEMU);
    }
}

static void test_block_config(void)
{
    for (unsigned i = 0; i < VIRTIO_MMIO_COUNT; i++) {
        unsigned long base = VIRTIO_MMIO_BASE + i * VIRTIO_MMIO_STRIDE;
        uint64_t capacity;

        if (mmio_read32(base + REG_DEVICE_ID) != VIRTIO_ID_BLOCK) {
            continue;
        }
        capacity = mmio_read32(base + BLK_CAPACITY) |
                   (uint64_t)mmio_read32(base + BLK_CAPACITY + 4) << 32;
        EXPECT_TRUE(capacity > 0);
        printf("virtio-blk at 0x%lx: capacity=%lu seg_max=%u\n", base,
               (unsigned long)capacity,
               (unsigned)mmio_read32(base + BLK_SEG_MAX));
        return;
    }
    printf("virtio-blk: none plugged\n");
}

int main(void)
{
    RUN_TEST(transports);
    RUN_TEST(block_config);
    return guest_finish();
}
