/*
 * Machine types: MachineClass describes a board and its versioned
 * defaults; MachineState is the one machine of a running VM, at
 * /machine in the QOM tree.
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include "qom/object.h"
#include "qom/object-compat.h"

#define TYPE_MACHINE_SUFFIX "-machine"
#define MACHINE_TYPE_NAME(machinename) (machinename TYPE_MACHINE_SUFFIX)

#define TYPE_MACHINE "machine"
OBJECT_DECLARE_TYPE(MachineState, MachineClass, MACHINE)

typedef struct AccelState AccelState;
typedef struct HostMemoryBackend HostMemoryBackend;
typedef struct ConfidentialGuestSupport ConfidentialGuestSupport;
typedef struct MemoryRegion MemoryRegion;

struct MachineClass {
    ObjectClass parent_class;

    const char *name;               /* e.g. "virt-11.1" */
    const char *alias;              /* e.g. "virt" on the newest version */
    const char *desc;
    const char *deprecation_reason;
    bool is_default;

    void (*init)(MachineState *ms);
    void (*reset)(MachineState *ms);

    int max_cpus;
    uint64_t default_ram_size;
    const char *default_ram_id;     /* id of the backend made for -m */
    const char *default_cpu_type;
    bool ram_required;              /* the board cannot run without RAM */

    /* GlobalProperty *, the version's and every newer version's changes */
    GPtrArray *compat_props;
};

/* -smp: how many harts and how they are grouped. */
typedef struct CpuTopology {
    unsigned int cpus;          /* harts present at start */
    unsigned int sockets;
    unsigned int cores;
    unsigned int threads;
    unsigned int max_cpus;
} CpuTopology;

struct MachineState {
    Object parent_obj;

    uint64_t ram_size;
    bool ram_size_explicit;         /* -m given, not the board default */
    char *ram_memdev_id;            /* -machine memory-backend=ID */
    HostMemoryBackend *memdev;      /* resolved at machine init */
    MemoryRegion *ram;              /* the main RAM, or NULL */

    char *cgs_id;                   /* -machine confidential-guest-support= */
    ConfidentialGuestSupport *cgs;  /* resolved at machine init */
    AccelState *accelerator;

    char *dtb;
    char *kernel_filename;
    char *kernel_cmdline;
    char *initrd_filename;
    char *firmware;
    char *cpu_type;                 /* QOM type of the harts (-cpu) */
    CpuTopology smp;
    bool dump_guest_core;
    bool mem_merge;
};

/**
 * compat_props_add: append @nelem GlobalProperty entries of @props to
 * @arr (pointers into @props, which must outlive the array).
 */
void compat_props_add(GPtrArray *arr, GlobalProperty props[], size_t nelem);

/* What each release changed, newest first; a machine version applies
 * the arrays of every release after it. */
extern GlobalProperty hw_compat_11_0[];
extern const size_t hw_compat_11_0_len;
extern GlobalProperty hw_compat_10_2[];
extern const size_t hw_compat_10_2_len;

/** machine_class_find: the machine class named @name (or its alias). */
MachineClass *machine_class_find(const char *name);

/** machine_class_default: the default machine class, or NULL. */
MachineClass *machine_class_default(void);

/** machine_print_help: the list that `-M help` prints. */
void machine_print_help(void);

/**
 * machine_create: create the machine object of @mc at /machine and
 * register its compat properties (slot 1).  Start-up phase 2.
 */
MachineState *machine_create(MachineClass *mc, Error **errp);

/**
 * machine_set_options: apply `-machine` options (a QDict of strings,
 * without "type" and "accel") as properties.
 */
bool machine_set_options(MachineState *ms, const QDict *opts, Error **errp);

/**
 * machine_run_board_init: resolve or create the RAM backend, check
 * the configuration and run the board's init.  Start-up phase 5.
 */
bool machine_run_board_init(MachineState *ms, Error **errp);

/** current_machine: the machine, once created. */
extern MachineState *current_machine;

#endif
