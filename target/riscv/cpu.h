/*
 * RISC-V CPU: architectural state, CPU models and the interface the
 * execution engine and the board use.
 *
 * XLEN is a property of the CPU model chosen at run time: registers are
 * held as uint64_t; on RV32 integer registers hold the sign extension of
 * their 32-bit value and pc/addresses are truncated to 32 bits.
 */
#ifndef RISCV_CPU_H
#define RISCV_CPU_H

#include "hw/qdev-core.h"
#include "qemu/timer.h"
#include "target/riscv/cpu_bits.h"
#include "target/riscv/insn.h"

#define TYPE_RISCV_CPU "riscv-cpu"
#define RISCV_CPU_TYPE_SUFFIX "-" TYPE_RISCV_CPU
#define RISCV_CPU_TYPE_NAME(name) (name RISCV_CPU_TYPE_SUFFIX)
#define TYPE_RISCV_CPU_BASE32 RISCV_CPU_TYPE_NAME("rv32")
#define TYPE_RISCV_CPU_BASE64 RISCV_CPU_TYPE_NAME("rv64")
#define TYPE_RISCV_CPU_IBEX RISCV_CPU_TYPE_NAME("lowrisc-ibex")

OBJECT_DECLARE_TYPE(RISCVCPU, RISCVCPUClass, RISCV_CPU)

#define DEFAULT_RSTVEC 0x1000

#define RV(x) (1U << ((x) - 'A'))
#define RVI RV('I')
#define RVE RV('E')
#define RVM RV('M')
#define RVA RV('A')
#define RVF RV('F')
#define RVD RV('D')
#define RVC RV('C')
#define RVS RV('S')
#define RVU RV('U')

typedef enum RISCVMXL {
    MXL_RV32 = 1,
    MXL_RV64 = 2,
} RISCVMXL;

/* Access types, numbered as QEMU's MMUAccessType */
typedef enum RISCVAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} RISCVAccessType;

/*
 * Physical memory as the board provides it.  All callbacks take the
 * opaque pointer given with the table.  Accesses are little-endian and
 * never cross the natural boundary of @size (the CPU splits them).
 */
typedef struct RISCVMemOps {
    /* Read @size (1, 2, 4, 8) bytes at @addr; false on a bus error. */
    bool (*read)(void *opaque, uint64_t addr, unsigned size, uint64_t *val);
    /* Write @size bytes at @addr; false on a bus error. */
    bool (*write)(void *opaque, uint64_t addr, unsigned size, uint64_t val);
    /*
     * Optional fast path: host pointer to the start of the 4 KiB guest
     * page @page_addr if it is plain RAM the CPU may access directly for
     * @is_write, else NULL (then read/write are used).  A page returned
     * for writing must need no dirty tracking or code invalidation until
     * the board calls riscv_cpu_tlb_flush() on this CPU's thread.
     */
    uint8_t *(*host_ptr)(void *opaque, uint64_t page_addr, bool is_write);
} RISCVMemOps;

#define RISCV_TLB_BITS 8
#define RISCV_TLB_SIZE (1 << RISCV_TLB_BITS)
/*
 * A few victim entries after the direct-mapped ones keep two pages that
 * share an index (buffers 1 MiB apart) from evicting each other.
 */
#define RISCV_VTLB_SIZE 8
#define RISCV_TLB_ENTRIES (RISCV_TLB_SIZE + RISCV_VTLB_SIZE)
#define RISCV_MMU_IDX_COUNT 4      /* U, S, S with SUM, M */

/*
 * Flags in the low bits of a TLB tag: the fast path never matches them.
 * They sit above the bits of an 8-byte access's alignment, which the
 * fast path folds into its compare.
 */
#define TLB_INVALID 0x100ULL
#define TLB_MMIO    0x200ULL

typedef struct RISCVTLBEntry {
    uint64_t tag_read;      /* virtual page | flags for loads */
    uint64_t tag_write;     /* ... for stores */
    uint64_t tag_exec;      /* ... for instruction fetch */
    uintptr_t addend;       /* host address = vaddr + addend (RAM) */
    uint64_t paddr;         /* physical page */
} RISCVTLBEntry;

#define RISCV_PMP_MAX 64

typedef struct RISCVCPUConfig {
    bool mmu;               /* has S-mode paging */
    bool pmp;               /* has PMP */
    bool ext_sstc;
    bool ext_zicsr;
    bool ext_zifencei;
    uint8_t max_satp_mode;  /* VM_1_10_* */
    uint8_t pmp_regions;    /* implemented PMP entries */
    uint32_t mvendorid;
    uint64_t marchid;
    uint64_t mimpid;
    bool ibex;              /* Ibex CSRs: cpuctrl, secureseed; mtvec mode */
} RISCVCPUConfig;

/* The bits of the Ibex cpuctrl CSR a guest can set */
#define IBEX_CPUCTRL_MASK 0x3f

typedef struct CPURISCVState CPURISCVState;

struct CPURISCVState {
    /*
     * Integer registers.  gpr[32] is a sink: the decoder points rd = x0 at
     * it so that execution never needs to special-case x0.
     */
    uint64_t gpr[33];
    uint64_t fpr[32];       /* F/D registers (NaN-boxed when F/D land) */
    uint64_t pc;

    /* Decoded per-model constants, set at realize time */
    RISCVMXL misa_mxl;
    uint32_t misa_ext;
    bool xl32;              /* misa_mxl == MXL_RV32 */
    uint64_t xlen_mask;     /* 0xffffffff or ~0 */

    uint64_t priv;          /* PRV_U, PRV_S or PRV_M */
    uint8_t mmu_idx_fetch;  /* TLB used for fetches (from priv) */
    uint8_t mmu_idx_data;   /* TLB used for loads/stores (MPRV, SUM) */

    /* LR/SC reservation */
    uint64_t load_res;      /* reserved address or -1 */
    uint64_t load_val;      /* value loaded by LR */

    /* Floating point status (used once F/D land) */
    uint32_t fflags;
    uint32_t frm;

    /* Machine and supervisor CSRs */
    uint64_t mstatus;
    uint64_t medeleg;
    uint64_t mideleg;
    uint64_t mie;
    uint64_t mip;           /* updated atomically: devices write it */
    uint64_t mip_seip_sw;   /* software-written SEIP, ORed on reads */
    uint64_t mtvec;
    uint64_t mscratch;
    uint64_t mepc;
    uint64_t mcause;
    uint64_t mtval;
    uint32_t mcounteren;
    uint32_t scounteren;
    uint32_t mcountinhibit;
    uint64_t menvcfg;
    uint64_t senvcfg;
    uint64_t mseccfg;
    uint64_t stimecmp;
    uint64_t satp;
    uint64_t stvec;
    uint64_t sscratch;
    uint64_t sepc;
    uint64_t scause;
    uint64_t stval;
    uint64_t mhartid;
    uint64_t mconfigptr;
    uint64_t ibex_cpuctrl;  /* Ibex CSR cpuctrl (0x7c0), IBEX_CPUCTRL_MASK */
    uint64_t resetvec;

    /* Counters: insn_count is advanced by whoever executes instructions */
    uint64_t insn_count;
    uint64_t mcycle_offset;     /* mcycle = insn_count + offset */
    uint64_t minstret_offset;

    /* PMP */
    uint8_t pmpcfg[RISCV_PMP_MAX];
    uint64_t pmpaddr[RISCV_PMP_MAX];
    bool pmp_active;        /* at least one entry is not OFF */
    uint64_t pmp_sa[RISCV_PMP_MAX];     /* first byte matched */
    uint64_t pmp_ea[RISCV_PMP_MAX];     /* last byte matched */

    /* Software TLB per MMU index */
    RISCVTLBEntry tlb[RISCV_MMU_IDX_COUNT][RISCV_TLB_ENTRIES];
    uint8_t vtlb_next[RISCV_MMU_IDX_COUNT];     /* victim slot to reuse */
    uint64_t tlb_flush_count;   /* bumped on every flush */

    /* Board hooks */
    const RISCVMemOps *mem_ops;
    void *mem_opaque;
    uint64_t (*rdtime_fn)(void *);
    void *rdtime_fn_arg;
    void (*kick_fn)(void *);    /* called after mip changes */
    void *kick_fn_arg;
    uint64_t timebase_freq;     /* Hz of the time CSR */
    QEMUTimer *stimer;          /* raises STIP at stimecmp (Sstc) */
};

struct RISCVCPU {
    DeviceState parent_obj;
    CPURISCVState env;
    RISCVCPUConfig cfg;
};

/* Static description of a CPU model (class data) */
typedef struct RISCVCPUDef {
    RISCVMXL misa_mxl;
    uint32_t misa_ext;
    bool mmu;
    bool pmp;
    bool sstc;
    uint8_t max_satp_mode;
    uint64_t resetvec;      /* 0: DEFAULT_RSTVEC */
    uint64_t marchid;       /* 0: the emulator version */
    bool ibex;              /* lowRISC Ibex: vectored mtvec, its CSRs */
} RISCVCPUDef;

struct RISCVCPUClass {
    DeviceClass parent_class;
    DeviceRealize parent_realize;
    const RISCVCPUDef *def;
};

/* Status of one executed instruction (riscv_execute, riscv_cpu_step) */
typedef enum RISCVExecStatus {
    RISCV_EXEC_NEXT = 0,    /* pc advanced to the next instruction */
    RISCV_EXEC_JUMP,        /* branch or jump: pc set, the block ends */
    RISCV_EXEC_TRAP,        /* trap taken: pc at the handler */
    RISCV_EXEC_WFI,         /* wfi: sleep until riscv_cpu_has_work() */
    RISCV_EXEC_SYNC,        /* privilege/CSR/TLB state changed */
    RISCV_EXEC_FENCE_I,     /* fence.i: drop cached decoded code */
} RISCVExecStatus;

static inline bool riscv_has_ext(const CPURISCVState *env, uint32_t ext)
{
    return (env->misa_ext & ext) != 0;
}

static inline RISCVMXL riscv_cpu_mxl(const CPURISCVState *env)
{
    return env->misa_mxl;
}

static inline RISCVCPU *env_archcpu(CPURISCVState *env)
{
    return container_of(env, RISCVCPU, env);
}

/* ---- Models ---------------------------------------------------------- */

/* Print the CPU models, as QEMU's "-cpu help" does. */
void riscv_cpu_list(void);

/* The class of CPU model @cpu_model ("rv64"), or NULL. */
ObjectClass *riscv_cpu_class_by_name(const char *cpu_model);

/*
 * The QOM type name of CPU model @cpu_model (text before any ','), or
 * NULL with QEMU's "unable to find CPU model" error listing valid models.
 * The caller frees the result.
 */
char *riscv_cpu_type_name_from_model(const char *cpu_model, Error **errp);

/* ---- Board interface ------------------------------------------------- */

/* Set the physical memory callbacks of this CPU. */
void riscv_cpu_set_mem_ops(RISCVCPU *cpu, const RISCVMemOps *ops,
                           void *opaque);

/* Source of the time CSR (ticks of the timebase); without it, illegal. */
void riscv_cpu_set_rdtime_fn(CPURISCVState *env, uint64_t (*fn)(void *),
                             void *arg);

/* Frequency of the time CSR in Hz (default 10 MHz, as virt's). */
void riscv_cpu_set_timebase_freq(CPURISCVState *env, uint64_t hz);

/* Called (on any thread) after an interrupt line changes mip. */
void riscv_cpu_set_kick_fn(CPURISCVState *env, void (*fn)(void *),
                           void *arg);

/*
 * Interrupt input line @irq (IRQ_M_SOFT, IRQ_M_TIMER, IRQ_M_EXT,
 * IRQ_S_SOFT, IRQ_S_TIMER, IRQ_S_EXT) of the RISCVCPU @opaque: the
 * qemu_irq_handler shape, so it can back GPIO inputs.
 */
void riscv_cpu_set_irq(void *opaque, int irq, int level);

/* Atomically replace the @mask bits of mip by @value; returns old mip. */
uint64_t riscv_cpu_update_mip(CPURISCVState *env, uint64_t mask,
                              uint64_t value);

/* Switch to privilege @newpriv (PRV_U/S/M), as a debugger would. */
void riscv_cpu_set_mode(CPURISCVState *env, uint64_t newpriv);

/* Reset the architectural state (pc = resetvec, M-mode). */
void riscv_cpu_reset(RISCVCPU *cpu);

/* ---- Execution interface --------------------------------------------- */

/*
 * Decode @insn_bits (a 16-bit compressed instruction in the low half, or
 * a 32-bit one) for @env's XLEN and extensions into @insn.  Never fails:
 * an unknown encoding decodes to RISCV_OP_ILLEGAL.  The result depends
 * only on the model (misa, XLEN), so it can be cached per code address.
 */
void riscv_decode(const CPURISCVState *env, uint32_t insn_bits,
                  RISCVInsn *insn);

/* Execute one decoded instruction at env->pc. */
RISCVExecStatus riscv_execute(CPURISCVState *env, const RISCVInsn *insn);

/*
 * Fetch the instruction at env->pc into *insn_bits (through the MMU).
 * On a fault the trap is taken and false returned.
 */
bool riscv_cpu_fetch(CPURISCVState *env, uint32_t *insn_bits);

/*
 * Take a pending enabled interrupt, if any, then fetch, decode and
 * execute one instruction, counting it in insn_count.
 */
RISCVExecStatus riscv_cpu_step(CPURISCVState *env);

/* Highest-priority pending and enabled interrupt number, or -1. */
int riscv_cpu_local_irq_pending(CPURISCVState *env);

/* Take a pending interrupt if one is enabled; true if one was taken. */
bool riscv_cpu_exec_interrupt(CPURISCVState *env);

/* True if the hart has a reason to leave wfi (mip & mie != 0). */
bool riscv_cpu_has_work(CPURISCVState *env);

/* Enter the trap @cause (interrupt if @async) with @tval, from env->pc. */
void riscv_cpu_do_trap(CPURISCVState *env, uint64_t cause, bool async,
                       uint64_t tval);

/*
 * Re-evaluate STIP against stimecmp (Sstc): call after the time base
 * jumps (a guest write to mtime).  Safe from the main loop under the BQL.
 */
void riscv_cpu_sstc_update(CPURISCVState *env);

/* Drop every cached translation (this CPU's thread only). */
void riscv_cpu_tlb_flush(CPURISCVState *env);

/*
 * Translate @vaddr for @access in the current mode without side effects
 * (no A/D update, no trap); for debuggers and the monitor.
 */
bool riscv_cpu_get_phys_addr_debug(CPURISCVState *env, uint64_t vaddr,
                                   uint64_t *paddr);

/*
 * Read/modify/write CSR @csrno as a csrrw/csrrs/csrrc would, with the
 * current privilege: *ret_value gets the old value (if non-NULL), then
 * bits in @write_mask are replaced by @new_value (no write if mask 0).
 */
RISCVException riscv_csrrw(CPURISCVState *env, int csrno,
                           uint64_t *ret_value, uint64_t new_value,
                           uint64_t write_mask);

/* Same as riscv_csrrw() ignoring privilege checks (debugger, monitor). */
RISCVException riscv_csrrw_debug(CPURISCVState *env, int csrno,
                                 uint64_t *ret_value, uint64_t new_value,
                                 uint64_t write_mask);

/* Name of an exception (or interrupt if @async) cause, for logs. */
const char *riscv_cpu_get_trap_name(uint64_t cause, bool async);

/* ---- Disassembly ----------------------------------------------------- */

/*
 * Write the assembly text of @insn_bits (16 or 32 bits, as fetched) for
 * @xlen (32 or 64) into @buf; returns the instruction length in bytes.
 */
int riscv_disas(uint32_t insn_bits, int xlen, char *buf, size_t len);

#endif
