/*
 * vCPU threads: QEMU's system/cpus.h for our RISC-V harts.
 *
 * Where QEMU passes a CPUState, these take the RISCVCPU.  A vCPU is
 * created by qemu_init_vcpu() and runs only while the VM runs: it stays
 * parked until vm_start() (so -S and -incoming keep it parked), and
 * vm_stop() parks it again.  Guest code runs without the BQL; device
 * accesses take it.  A hart in wfi sleeps until it has an interrupt to
 * take (mip & mie) or is kicked.
 */
#ifndef SYSTEM_CPUS_H
#define SYSTEM_CPUS_H

#include "target/riscv/cpu.h"

/*
 * qemu_init_vcpu: attach the execution engine to @cpu (its memory is
 * address_space_memory, its kick function qemu_cpu_kick) and give it a
 * thread: its own with thread=multi, the one shared by all harts with
 * thread=single.  Call once per hart after realizing it, with the BQL
 * held, before the machine is started.  The board must not install its
 * own RISCVMemOps afterwards.
 */
void qemu_init_vcpu(RISCVCPU *cpu);

/* cpu_exec_start_vcpu: the same as qemu_init_vcpu(). */
static inline void cpu_exec_start_vcpu(RISCVCPU *cpu)
{
    qemu_init_vcpu(cpu);
}

/*
 * pause_all_vcpus: park every vCPU at its next block boundary and wait
 * until all are parked, dropping the BQL meanwhile if the caller holds
 * it.  From a vCPU thread it only asks (that thread parks on return).
 */
void pause_all_vcpus(void);

/*
 * resume_all_vcpus: let every vCPU run again if the VM is running
 * (runstate_is_running()), and wait until they have left their parking
 * (dropping the BQL meanwhile).  No-op if the VM is not running.
 */
void resume_all_vcpus(void);

/* all_vcpus_paused: whether every vCPU is parked. */
bool all_vcpus_paused(void);

/*
 * qemu_cpu_kick: make @cpu leave guest code at its next block boundary
 * and wake it if it sleeps (in wfi or parked), so that it looks at its
 * interrupts and requests.  Any thread.
 */
void qemu_cpu_kick(RISCVCPU *cpu);

/* qemu_cpu_is_self: whether the calling thread runs @cpu right now. */
bool qemu_cpu_is_self(RISCVCPU *cpu);

/* qemu_get_cpu: the vCPU of index @index (creation order), or NULL. */
RISCVCPU *qemu_get_cpu(int index);

/* qemu_vcpu_count: how many vCPUs were created. */
int qemu_vcpu_count(void);

/*
 * qemu_vcpu_index_of_thread: the index of the vCPU that host thread
 * @tid runs (with thread=single, the one in guest code now), or -1
 * when @tid is no vCPU thread or runs none.  Any thread.
 */
int qemu_vcpu_index_of_thread(int tid);

/*
 * cpus_sync_block_boundary: make every vCPU that is running guest code
 * leave it (to a block boundary) and wait until it did, so that the
 * requests queued for it before the call (e.g. dropping the TLB write
 * fast paths after a dirty bitmap reset) are handled.  Parked or
 * sleeping vCPUs handle them before they run again, so they are not
 * waited for.  Drops the BQL while waiting if the caller holds it; a
 * no-op from a vCPU thread.
 */
void cpus_sync_block_boundary(void);

/* qemu_in_vcpu_thread: whether the calling thread is a vCPU thread. */
bool qemu_in_vcpu_thread(void);

/*
 * qemu_tcg_set_mttcg: one thread per vCPU (true, thread=multi, the
 * default) or one for all (false, thread=single).  Only before the first
 * qemu_init_vcpu().
 */
void qemu_tcg_set_mttcg(bool enabled);

/* qemu_tcg_mttcg_enabled: whether each vCPU has its own thread. */
bool qemu_tcg_mttcg_enabled(void);

/*
 * qemu_vcpus_cleanup: stop every vCPU thread for good, join them and
 * free the engine state of every vCPU.  For process exit (qemu_cleanup);
 * the BQL may be held (it is dropped while joining).
 */
void qemu_vcpus_cleanup(void);

#endif
