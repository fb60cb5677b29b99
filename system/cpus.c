/*
 * vCPU threads: running, parking (pause/resume), kicking, sleeping in
 * wfi, and stopping them at exit.
 *
 * One lock (cpus_lock) guards the thread states; it is a leaf lock:
 * nothing else is taken while holding it.  The BQL is never held by a
 * vCPU thread while it runs guest code.
 */
#include "qemu/osdep.h"
#include <sys/syscall.h>
#include "qemu/atomic.h"
#include "qemu/main-loop.h"
#include "system/cpus.h"
#include "system/runstate.h"
#include "system/cpu-throttle.h"
#include "accel/tcg/tcg-cpu.h"

/* Instructions a hart runs before the next gets its turn (single) */
#define RR_SLICE 8192

struct VCPUThread {
    GThread *thread;
    GCond cond;                 /* wakes it: kick, resume, exit */
    CPUExecState *cpu;          /* its vCPU; NULL: all (thread=single) */
    CPUExecState *running;      /* the vCPU in cpu_exec(), if any */
    int tid;                    /* the host thread id */
    guint rr_next;              /* single: where the round-robin resumes */
    bool stop;                  /* asked to park */
    bool stopped;               /* parked (or not yet started) */
    bool in_exec;               /* running guest code (cpu_exec) */
    uint64_t exec_count;        /* cpu_exec calls so far */
    uint64_t throttle_gen;      /* last throttle slice slept for */
};

static GMutex cpus_lock;
static GCond pause_cond;        /* a thread parked or left its parking */
static GPtrArray *vcpu_threads; /* VCPUThread * */
static GPtrArray *vcpus;        /* CPUExecState *, in creation order */
static bool vcpus_exiting;
static bool mttcg_enabled = true;
static unsigned barrier_waiters; /* in cpus_sync_block_boundary() */

void qemu_tcg_set_mttcg(bool enabled)
{
    mttcg_enabled = enabled;
}

bool qemu_tcg_mttcg_enabled(void)
{
    return mttcg_enabled;
}

bool qemu_in_vcpu_thread(void)
{
    return tcg_current_cpu != NULL;
}

bool qemu_cpu_is_self(RISCVCPU *cpu)
{
    return tcg_current_cpu && tcg_current_cpu->cpu == cpu;
}

/* Whether @s can run now (cpus_lock held). */
static bool vcpu_runnable(CPUExecState *s)
{
    if (s->halted && riscv_cpu_has_work(s->env)) {
        s->halted = false;
    }
    return !s->halted;
}

/* The vCPU @t runs next, or NULL if all of its vCPUs sleep in wfi. */
static CPUExecState *vcpu_pick(VCPUThread *t)
{
    if (t->cpu) {
        return vcpu_runnable(t->cpu) ? t->cpu : NULL;
    }
    for (guint i = 0; i < vcpus->len; i++) {
        guint k = (t->rr_next + i) % vcpus->len;
        CPUExecState *s = g_ptr_array_index(vcpus, k);

        if (s->thread == t && vcpu_runnable(s)) {
            t->rr_next = k + 1;
            return s;
        }
    }
    return NULL;
}

/*
 * Auto-converge (system/cpu-throttle.c): sleep off this thread's share
 * of the throttle slice, unless asked to park or exit (cpus_lock held).
 */
static void vcpu_throttle_sleep(VCPUThread *t)
{
    int64_t ns = cpu_throttle_vcpu_sleep_ns(&t->throttle_gen);
    gint64 end;

    if (!ns) {
        return;
    }
    end = g_get_monotonic_time() + ns / 1000;
    while (!t->stop && !vcpus_exiting && g_get_monotonic_time() < end) {
        g_cond_wait_until(&t->cond, &cpus_lock, end);
    }
}

static gpointer vcpu_thread_fn(gpointer opaque)
{
    VCPUThread *t = opaque;

    g_mutex_lock(&cpus_lock);
    t->tid = syscall(SYS_gettid);
    while (!vcpus_exiting) {
        CPUExecState *s;
        int r;

        if (t->stop) {
            if (!t->stopped) {
                t->stopped = true;
                g_cond_broadcast(&pause_cond);
            }
            g_cond_wait(&t->cond, &cpus_lock);
            continue;
        }
        if (t->stopped) {
            t->stopped = false;
            g_cond_broadcast(&pause_cond);
        }
        s = vcpu_pick(t);
        if (!s) {
            /* wfi everywhere: sleep until a kick */
            g_cond_wait(&t->cond, &cpus_lock);
            continue;
        }
        t->in_exec = true;
        t->running = s;
        t->exec_count++;
        g_mutex_unlock(&cpus_lock);
        r = cpu_exec(s->cpu, t->cpu ? -1 : RR_SLICE);
        g_mutex_lock(&cpus_lock);
        t->in_exec = false;
        t->running = NULL;
        if (barrier_waiters) {
            g_cond_broadcast(&pause_cond);
        }
        if (r == EXCP_HLT) {
            s->halted = true;
        }
        vcpu_throttle_sleep(t);
    }
    t->stopped = true;
    g_cond_broadcast(&pause_cond);
    g_mutex_unlock(&cpus_lock);
    return NULL;
}

static VCPUThread *vcpu_thread_new(CPUExecState *s, const char *name)
{
    VCPUThread *t = g_new0(VCPUThread, 1);

    g_cond_init(&t->cond);
    t->cpu = s;
    t->stop = !runstate_is_running();
    t->stopped = true;
    g_ptr_array_add(vcpu_threads, t);
    t->thread = g_thread_new(name, vcpu_thread_fn, t);
    return t;
}

void qemu_init_vcpu(RISCVCPU *cpu)
{
    CPUExecState *s;
    VCPUThread *t = NULL;

    tcg_cpu_init(cpu);
    s = tcg_cpu_state(cpu);

    g_mutex_lock(&cpus_lock);
    if (s->thread) {
        g_mutex_unlock(&cpus_lock);
        return;
    }
    if (!vcpus) {
        vcpus = g_ptr_array_new();
        vcpu_threads = g_ptr_array_new();
    }
    vcpus_exiting = false;
    g_ptr_array_add(vcpus, s);
    if (mttcg_enabled) {
        g_autofree char *name = g_strdup_printf("CPU %u/TCG",
                                                vcpus->len - 1);
        t = vcpu_thread_new(s, name);
    } else {
        /* The first hart of thread=single creates the shared thread */
        for (guint i = 0; i < vcpu_threads->len; i++) {
            VCPUThread *o = g_ptr_array_index(vcpu_threads, i);
            if (!o->cpu) {
                t = o;
            }
        }
        if (!t) {
            t = vcpu_thread_new(NULL, "ALL CPUs/TCG");
        }
    }
    s->thread = t;
    g_cond_broadcast(&t->cond);
    g_mutex_unlock(&cpus_lock);
}

void qemu_cpu_kick_state(CPUExecState *s)
{
    qatomic_set(&s->exit_request, 1);
    g_mutex_lock(&cpus_lock);
    if (s->thread) {
        g_cond_broadcast(&s->thread->cond);
    }
    g_mutex_unlock(&cpus_lock);
}

void qemu_cpu_kick(RISCVCPU *cpu)
{
    CPUExecState *s = tcg_cpu_state(cpu);

    if (s) {
        qemu_cpu_kick_state(s);
    }
}

/* Wait (cpus_lock held) until every thread's stopped flag is @stopped. */
static void vcpus_wait_all(bool stopped)
{
    bool done;

    do {
        done = true;
        for (guint i = 0; vcpu_threads && i < vcpu_threads->len; i++) {
            VCPUThread *t = g_ptr_array_index(vcpu_threads, i);
            if (t->stopped != stopped && t->stop == stopped) {
                done = false;
            }
        }
        if (!done) {
            g_cond_wait(&pause_cond, &cpus_lock);
        }
    } while (!done);
}

/* Ask every thread to park (@stop) or run; wait for it unless @nowait. */
static void vcpus_set_stop(bool stop, bool nowait)
{
    bool bql = bql_locked();

    g_mutex_lock(&cpus_lock);
    for (guint i = 0; vcpu_threads && i < vcpu_threads->len; i++) {
        VCPUThread *t = g_ptr_array_index(vcpu_threads, i);
        t->stop = stop;
        g_cond_broadcast(&t->cond);
    }
    for (guint i = 0; stop && vcpus && i < vcpus->len; i++) {
        CPUExecState *s = g_ptr_array_index(vcpus, i);
        qatomic_set(&s->exit_request, 1);
    }
    g_mutex_unlock(&cpus_lock);
    if (nowait) {
        return;
    }
    /* A vCPU may need the BQL to finish a device access: let it have it */
    if (bql) {
        bql_unlock();
    }
    g_mutex_lock(&cpus_lock);
    vcpus_wait_all(stop);
    g_mutex_unlock(&cpus_lock);
    if (bql) {
        bql_lock();
    }
}

/* Whether thread @i still runs the cpu_exec it ran at snapshot @snap. */
static bool vcpu_thread_still_in(guint i, const uint64_t *snap)
{
    VCPUThread *t;

    if (!vcpu_threads || i >= vcpu_threads->len || !snap[i]) {
        return false;
    }
    t = g_ptr_array_index(vcpu_threads, i);
    return t->in_exec && t->exec_count == snap[i];
}

void cpus_sync_block_boundary(void)
{
    g_autofree uint64_t *snap = NULL;
    bool bql, any = false;
    guint n;

    if (qemu_in_vcpu_thread()) {
        return;
    }
    g_mutex_lock(&cpus_lock);
    n = vcpu_threads ? vcpu_threads->len : 0;
    snap = g_new0(uint64_t, n + 1);
    for (guint i = 0; i < n; i++) {
        VCPUThread *t = g_ptr_array_index(vcpu_threads, i);
        if (t->in_exec) {
            snap[i] = t->exec_count;
            any = true;
        }
    }
    for (guint i = 0; any && i < vcpus->len; i++) {
        CPUExecState *s = g_ptr_array_index(vcpus, i);
        if (s->thread && s->thread->in_exec) {
            qatomic_set(&s->exit_request, 1);
        }
    }
    g_mutex_unlock(&cpus_lock);
    if (!any) {
        return;
    }

    /* A vCPU may need the BQL to reach its block boundary. */
    bql = bql_locked();
    if (bql) {
        bql_unlock();
    }
    g_mutex_lock(&cpus_lock);
    barrier_waiters++;
    for (guint i = 0; i < n; i++) {
        while (vcpu_thread_still_in(i, snap)) {
            g_cond_wait(&pause_cond, &cpus_lock);
        }
    }
    barrier_waiters--;
    g_mutex_unlock(&cpus_lock);
    if (bql) {
        bql_lock();
    }
}

RISCVCPU *qemu_get_cpu(int index)
{
    RISCVCPU *cpu = NULL;

    g_mutex_lock(&cpus_lock);
    if (vcpus && index >= 0 && index < (int)vcpus->len) {
        cpu = ((CPUExecState *)g_ptr_array_index(vcpus, index))->cpu;
    }
    g_mutex_unlock(&cpus_lock);
    return cpu;
}

int qemu_vcpu_count(void)
{
    int n;

    g_mutex_lock(&cpus_lock);
    n = vcpus ? vcpus->len : 0;
    g_mutex_unlock(&cpus_lock);
    return n;
}

int qemu_vcpu_index_of_thread(int tid)
{
    int index = -1;

    g_mutex_lock(&cpus_lock);
    for (guint i = 0; vcpu_threads && i < vcpu_threads->len; i++) {
        VCPUThread *t = g_ptr_array_index(vcpu_threads, i);
        CPUExecState *s = t->cpu ? t->cpu : t->running;
        guint k;

        if (t->tid == tid && s && g_ptr_array_find(vcpus, s, &k)) {
            index = k;
            break;
        }
    }
    g_mutex_unlock(&cpus_lock);
    return index;
}

void pause_all_vcpus(void)
{
    vcpus_set_stop(true, qemu_in_vcpu_thread());
}

void resume_all_vcpus(void)
{
    if (!runstate_is_running()) {
        return;
    }
    vcpus_set_stop(false, qemu_in_vcpu_thread());
}

bool all_vcpus_paused(void)
{
    bool all = true;

    g_mutex_lock(&cpus_lock);
    for (guint i = 0; vcpu_threads && i < vcpu_threads->len; i++) {
        VCPUThread *t = g_ptr_array_index(vcpu_threads, i);
        all &= t->stopped;
    }
    g_mutex_unlock(&cpus_lock);
    return all;
}

void qemu_vcpus_cleanup(void)
{
    g_autoptr(GPtrArray) threads = NULL;
    g_autoptr(GPtrArray) cpus = NULL;
    bool bql = bql_locked();

    g_assert(!qemu_in_vcpu_thread());
    g_mutex_lock(&cpus_lock);
    vcpus_exiting = true;
    threads = g_steal_pointer(&vcpu_threads);
    cpus = g_steal_pointer(&vcpus);
    for (guint i = 0; cpus && i < cpus->len; i++) {
        CPUExecState *s = g_ptr_array_index(cpus, i);
        qatomic_set(&s->exit_request, 1);
    }
    for (guint i = 0; threads && i < threads->len; i++) {
        VCPUThread *t = g_ptr_array_index(threads, i);
        g_cond_broadcast(&t->cond);
    }
    g_mutex_unlock(&cpus_lock);

    if (bql) {
        bql_unlock();
    }
    for (guint i = 0; threads && i < threads->len; i++) {
        VCPUThread *t = g_ptr_array_index(threads, i);
        g_thread_join(t->thread);
        g_cond_clear(&t->cond);
        g_free(t);
    }
    if (bql) {
        bql_lock();
    }
    for (guint i = 0; cpus && i < cpus->len; i++) {
        CPUExecState *s = g_ptr_array_index(cpus, i);
        s->thread = NULL;
        tcg_cpu_destroy(s->cpu);
    }
}
