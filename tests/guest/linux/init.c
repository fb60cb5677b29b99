/*
 * Static /init for the Linux guest used by tests/functional/test_linux.py.
 *
 * Each step prints one "init: ..." line on the console; a device that is
 * absent prints "init: no <thing>" and the next step runs anyway, so the
 * same initramfs works on boards with and without virtio devices.
 * ticks=N makes it tick N times before the device steps (see run_ticks).
 * The network address comes from the kernel's DHCP client (ip=dhcp on the
 * command line); this program only reports it.
 *
 * Built by scripts/build-linux.sh with riscv64-linux-gnu-gcc -static -Os.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void mount_fs(const char *src, const char *dir, const char *type)
{
    mkdir(dir, 0755);
    if (mount(src, dir, type, 0, NULL) < 0 && errno != EBUSY) {
        printf("init: mount %s on %s failed: %s\n", type, dir,
               strerror(errno));
    } else {
        printf("init: mounted %s on %s\n", type, dir);
    }
}

/* FNV-1a, 32 bit: a checksum the test can recompute in Python. */
static uint32_t fnv1a(const unsigned char *buf, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        h = (h ^ buf[i]) * 16777619u;
    }
    return h;
}

static void read_disk(const char *dev)
{
    unsigned char sector[512];
    char marker[33];
    size_t n;
    ssize_t got;
    int fd = open(dev, O_RDONLY);

    if (fd < 0) {
        printf("init: no disk (%s: %s)\n", dev, strerror(errno));
        return;
    }
    got = read(fd, sector, sizeof(sector));
    close(fd);
    if (got != (ssize_t)sizeof(sector)) {
        printf("init: disk %s: short read (%zd): %s\n", dev, got,
               got < 0 ? strerror(errno) : "end of device");
        return;
    }
    /* The marker is the leading run of printable characters. */
    for (n = 0; n < sizeof(marker) - 1 && sector[n] >= 0x20 &&
         sector[n] < 0x7f; n++) {
        marker[n] = sector[n];
    }
    marker[n] = '\0';
    printf("init: disk %s sector 0 marker=\"%s\" fnv1a=%08x\n", dev, marker,
           fnv1a(sector, sizeof(sector)));
}

static void read_rng(void)
{
    unsigned char buf[16];
    int fd = open("/dev/hwrng", O_RDONLY);

    if (fd < 0) {
        printf("init: no hwrng (%s)\n", strerror(errno));
        return;
    }
    if (read(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf)) {
        printf("init: hwrng gave %zu bytes\n", sizeof(buf));
    } else if (errno == ENODEV) {
        /* The misc device exists even without an RNG behind it. */
        printf("init: no hwrng (no device behind /dev/hwrng)\n");
    } else {
        printf("init: hwrng read failed: %s\n", strerror(errno));
    }
    close(fd);
}

static void show_network(const char *ifname)
{
    struct ifreq ifr;
    int s = socket(AF_INET, SOCK_DGRAM, 0);

    if (s < 0) {
        printf("init: no network (socket: %s)\n", strerror(errno));
        return;
    }
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
    if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
        printf("init: no network (%s: %s)\n", ifname, strerror(errno));
        close(s);
        return;
    }
    if (!(ifr.ifr_flags & IFF_UP)) {
        printf("init: %s is down (boot without ip=dhcp?)\n", ifname);
        close(s);
        return;
    }
    if (ioctl(s, SIOCGIFADDR, &ifr) < 0) {
        printf("init: %s has no address: %s\n", ifname, strerror(errno));
    } else {
        struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
        printf("init: %s address %s\n", ifname, inet_ntoa(sin->sin_addr));
    }
    close(s);
}

/*
 * With ticks=N on the kernel command line (the kernel hands it over in
 * the environment), print N ticks a tenth of a second apart while
 * rewriting and checking a buffer, so that a test can migrate the guest
 * in the middle and see it go on, memory intact, on the destination.
 */
#define TICK_BUFFER_WORDS (4u << 20)

static void run_ticks(const char *arg)
{
    static uint32_t buf[TICK_BUFFER_WORDS];
    struct timespec tenth = { 0, 100 * 1000 * 1000 };
    int n = arg ? atoi(arg) : 0;

    for (int i = 1; i <= n; i++) {
        for (uint32_t w = 0; w < TICK_BUFFER_WORDS; w++) {
            if (i > 1 && buf[w] != (w ^ (uint32_t)(i - 1))) {
                printf("init: tick %d MISMATCH at word %u\n", i, w);
                return;
            }
            buf[w] = w ^ (uint32_t)i;
        }
        printf("init: tick %d ok\n", i);
        nanosleep(&tenth, NULL);
    }
}

int main(void)
{
    int fd;

    /* The kernel opened /dev/console from the initramfs for us. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("init: started, pid %d\n", (int)getpid());
    mount_fs("proc", "/proc", "proc");
    mount_fs("sysfs", "/sys", "sysfs");
    mount_fs("devtmpfs", "/dev", "devtmpfs");

    /* devtmpfs hid the initramfs /dev/console; reopen it for stdio. */
    fd = open("/dev/console", O_RDWR);
    if (fd >= 0) {
        fflush(stdout);
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (fd > 2) {
            close(fd);
        }
    }

    printf("init: hello from userspace on %ld cpus\n",
           sysconf(_SC_NPROCESSORS_ONLN));
    printf("init: time %lld\n", (long long)time(NULL));
    run_ticks(getenv("ticks"));
    read_disk("/dev/vda");
    read_rng();
    show_network("eth0");

    printf("init: powering off\n");
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    printf("init: poweroff failed: %s\n", strerror(errno));
    for (;;) {
        pause();
    }
    return 1;
}
