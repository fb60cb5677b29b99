/*
 * postcopy-blocktime: the time the destination's vCPUs spent waiting
 * for pages in postcopy (see postcopy-blocktime.h).
 */
#include "qemu/osdep.h"
#include "qemu/atomic.h"
#include "qemu/timer.h"
#include "system/cpus.h"
#include "system/ramblock.h"
#include "options.h"
#include "postcopy-blocktime.h"

#define PAGE_MASK_TP (~(uintptr_t)(RAM_DIRTY_PAGE_SIZE - 1))

static struct {
    GMutex lock;
    bool active;                /* measuring (atomic: the fast path) */
    int nr_vcpus;
    uintptr_t *addr;            /* page a vCPU waits for, 0: none */
    int64_t *since;             /* ns, when it began to wait */
    uint64_t *vcpu_ns;          /* total wait of each vCPU */
    int down;                   /* vCPUs waiting now */
    int64_t all_down_since;     /* ns, when the last one began to wait */
    uint64_t total_ns;          /* time all vCPUs waited at once */
} bt;

static int64_t now_ns(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_REALTIME);
}

void postcopy_blocktime_start(void)
{
    int n = qemu_vcpu_count();

    g_mutex_lock(&bt.lock);
    g_clear_pointer(&bt.addr, g_free);
    g_clear_pointer(&bt.since, g_free);
    g_clear_pointer(&bt.vcpu_ns, g_free);
    bt.nr_vcpus = 0;
    bt.down = 0;
    bt.total_ns = 0;
    if (migrate_postcopy_blocktime() && n > 0) {
        bt.nr_vcpus = n;
        bt.addr = g_new0(uintptr_t, n);
        bt.since = g_new0(int64_t, n);
        bt.vcpu_ns = g_new0(uint64_t, n);
    }
    qatomic_set(&bt.active, bt.nr_vcpus > 0);
    g_mutex_unlock(&bt.lock);
}

void postcopy_blocktime_fault(int tid, uintptr_t addr)
{
    int cpu;

    if (!qatomic_read(&bt.active)) {
        return;
    }
    cpu = qemu_vcpu_index_of_thread(tid);
    g_mutex_lock(&bt.lock);
    if (cpu >= 0 && cpu < bt.nr_vcpus && !bt.addr[cpu]) {
        bt.addr[cpu] = addr & PAGE_MASK_TP;
        bt.since[cpu] = now_ns();
        if (++bt.down == bt.nr_vcpus) {
            bt.all_down_since = bt.since[cpu];
        }
    }
    g_mutex_unlock(&bt.lock);
}

void postcopy_blocktime_placed(uintptr_t addr)
{
    int64_t now;

    if (!qatomic_read(&bt.active)) {
        return;
    }
    addr &= PAGE_MASK_TP;
    now = now_ns();
    g_mutex_lock(&bt.lock);
    for (int i = 0; i < bt.nr_vcpus; i++) {
        if (bt.addr[i] != addr) {
            continue;
        }
        if (bt.down == bt.nr_vcpus) {
            /* The first to go on ends a time when all waited. */
            bt.total_ns += now - bt.all_down_since;
        }
        bt.vcpu_ns[i] += now - bt.since[i];
        bt.addr[i] = 0;
        bt.down--;
    }
    g_mutex_unlock(&bt.lock);
}

static uint32_t ns_to_ms(uint64_t ns)
{
    return MIN(ns / SCALE_MS, UINT32_MAX);
}

void postcopy_blocktime_fill_info(MigrationInfo *info)
{
    uint32List **tail = &info->postcopy_vcpu_blocktime;

    g_mutex_lock(&bt.lock);
    if (bt.nr_vcpus) {
        info->has_postcopy_blocktime = true;
        info->has_postcopy_vcpu_blocktime = true;
        info->postcopy_blocktime = ns_to_ms(bt.total_ns);
        for (int i = 0; i < bt.nr_vcpus; i++) {
            QAPI_LIST_APPEND(tail, ns_to_ms(bt.vcpu_ns[i]));
        }
    }
    g_mutex_unlock(&bt.lock);
}
