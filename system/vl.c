/*
 * Start-up: parse the whole command line, then walk the machine phases
 * of docs/devel/object-compat.rst and ARCHITECTURE.md in order.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/qmp/dispatch.h"
#include "qemu/accel.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qemu/help_option.h"
#include "qemu/keyval.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qemu/module.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"
#include "qom/object_interfaces.h"
#include "qom/object-compat.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "block/blockdev.h"
#include "chardev/char.h"
#include "net/net.h"
#include "monitor/monitor.h"
#include "migration/misc.h"
#include "system/arch.h"
#include "system/cpus.h"
#include "system/os-posix.h"
#include "system/qemu-options.h"
#include "system/runstate.h"
#include "system/system.h"
#include "system/vm-uuid.h"
#include "target/riscv/cpu.h"

#define MAX_SERIAL_PORTS 4

/* One option as given, with where it was for error messages. */
typedef struct CmdlineOption {
    QEMUOptionIndex index;
    const char *arg;
    Location loc;
} CmdlineOption;

/* Everything the command line asked for, gathered before any phase. */
typedef struct StartupConfig {
    GArray *options;            /* of CmdlineOption, in command line order */
    char *machine_type;
    QDict *machine_opts;        /* -machine without type and accel */
    char *legacy_accel;         /* -machine accel=a:b */
    const char *ram_size;
    const char *pidfile;
    bool daemonize;
    bool nographic;
    bool nodefaults;
    bool have_monitor;          /* -monitor, -qmp or -mon given */
    int serial_count;
} StartupConfig;

static const char *target;
/* The command line, kept for the phases that QMP drives (--preconfig) */
static StartupConfig startup;
static bool preconfig_requested;
static Chardev *serial_chardevs[MAX_SERIAL_PORTS];
/* -tb-size and other legacy options, as compat slot 2 */
static GPtrArray *legacy_compat_props;

const char *target_name(void)
{
    return target;
}

int target_long_bits(void)
{
    return strcmp(target, "riscv32") ? 64 : 32;
}

Chardev *serial_hd(int i)
{
    return i >= 0 && i < MAX_SERIAL_PORTS ? serial_chardevs[i] : NULL;
}

static void version(void)
{
    printf("QEMU emulator version " QEMU_VERSION "\n"
           "Copyright (c) 2026 the qemu-riscv developers\n");
}

/* Locate errors at the option they come from, as QEMU does. */
static void loc_set_option(const CmdlineOption *opt)
{
    loc_restore((Location *)&opt->loc);
}

static void legacy_compat_add(const char *driver, const char *property,
                              const char *value)
{
    GlobalProperty *gp = g_new0(GlobalProperty, 1);

    gp->driver = driver;
    gp->property = property;
    gp->value = g_strdup(value);
    g_ptr_array_add(legacy_compat_props, gp);
}

static void parse_machine_option(StartupConfig *cfg, const char *arg)
{
    Error *err = NULL;
    bool help = false;
    QDict *opts = keyval_parse(arg, "type", &help, &err);
    const char *type;

    if (!opts) {
        error_report_err(err);
        exit(1);
    }
    type = qdict_get_try_str(opts, "type");
    if (help || (type && is_help_option(type))) {
        qobject_unref(opts);
        machine_print_help();
        exit(0);
    }
    if (type) {
        g_free(cfg->machine_type);
        cfg->machine_type = g_strdup(type);
        qdict_del(opts, "type");
    }
    if (qdict_haskey(opts, "accel")) {
        g_free(cfg->legacy_accel);
        cfg->legacy_accel = g_strdup(qdict_get_try_str(opts, "accel"));
        qdict_del(opts, "accel");
    }
    if (!cfg->machine_opts) {
        cfg->machine_opts = opts;
    } else {
        keyval_merge(cfg->machine_opts, opts, &error_fatal);
        qobject_unref(opts);
    }
}

static void parse_log_items(const char *arg)
{
    unsigned mask;

    if (is_help_option(arg)) {
        qemu_print_log_usage(stdout);
        exit(0);
    }
    mask = qemu_str_to_log_mask(arg);
    if (!mask) {
        error_report("invalid log items '%s': expected a list such as "
                     "guest_errors,unimp ('-d help' lists them)", arg);
        exit(1);
    }
    qemu_set_log(mask, &error_fatal);
}

static void parse_tb_size(const char *arg)
{
    uint64_t mib;

    if (qemu_strtou64(arg, NULL, 0, &mib) < 0 || mib > UINT32_MAX) {
        error_report("invalid translation cache size '%s': expected a "
                     "number of MiB", arg);
        exit(1);
    }
    legacy_compat_add("tcg-accel", "tb-size", arg);
}

/* First pass: check and record every option; nothing is created yet. */
static void parse_command_line(StartupConfig *cfg, int argc, char **argv)
{
    int optind = 1;

    while (optind < argc) {
        const char *r = argv[optind];
        const QEMUOption *o;
        CmdlineOption opt;
        Error *err = NULL;

        loc_set_cmdline(argv, optind, 1);
        if (r[0] != '-') {
            error_report("cannot use a disk image on this machine; "
                         "use -drive or -device");
            exit(1);
        }
        r += r[1] == '-' ? 2 : 1;
        o = qemu_option_find(r);
        if (!o) {
            error_report("invalid option");
            exit(1);
        }
        if (o->has_arg && optind + 1 >= argc) {
            error_report("requires an argument");
            exit(1);
        }
        opt.index = o->index;
        opt.arg = o->has_arg ? argv[optind + 1] : NULL;
        loc_set_cmdline(argv, optind, o->has_arg ? 2 : 1);
        loc_save(&opt.loc);
        optind += o->has_arg ? 2 : 1;

        switch (o->index) {
        case QEMU_OPTION_h:
            qemu_options_print_help(g_get_prgname());
            exit(0);
        case QEMU_OPTION_version:
            version();
            exit(0);
        case QEMU_OPTION_machine:
            parse_machine_option(cfg, opt.arg);
            continue;
        case QEMU_OPTION_m:
            cfg->ram_size = opt.arg;
            continue;
        case QEMU_OPTION_global:
            if (!qdev_global_option(opt.arg, &err)) {
                error_report_err(err);
                exit(1);
            }
            continue;
        case QEMU_OPTION_uuid:
            if (!qemu_vm_uuid_set_str(opt.arg, &err)) {
                error_report_err(err);
                exit(1);
            }
            continue;
        case QEMU_OPTION_incoming:
            if (!migration_incoming_parse_option(opt.arg, &err)) {
                error_report_err(err);
                exit(1);
            }
            continue;
        case QEMU_OPTION_tb_size:
            parse_tb_size(opt.arg);
            continue;
        case QEMU_OPTION_d:
            parse_log_items(opt.arg);
            continue;
        case QEMU_OPTION_cpu:
            if (is_help_option(opt.arg)) {
                riscv_cpu_list();
                exit(0);
            }
            break;
        case QEMU_OPTION_D:
            qemu_set_log_filename(opt.arg, &error_fatal);
            continue;
        case QEMU_OPTION_S:
            autostart = false;
            continue;
        case QEMU_OPTION_preconfig:
            preconfig_requested = true;
            continue;
        case QEMU_OPTION_no_shutdown:
            no_shutdown = true;
            continue;
        case QEMU_OPTION_daemonize:
            cfg->daemonize = true;
            continue;
        case QEMU_OPTION_pidfile:
            cfg->pidfile = opt.arg;
            continue;
        case QEMU_OPTION_nographic:
            cfg->nographic = true;
            continue;
        case QEMU_OPTION_nodefaults:
            cfg->nodefaults = true;
            continue;
        case QEMU_OPTION_no_user_config:
        case QEMU_OPTION_name:
        case QEMU_OPTION_L:
            continue;
        case QEMU_OPTION_display:
            if (strcmp(opt.arg, "none") && !g_str_has_prefix(opt.arg,
                                                             "none,")) {
                error_report("Display '%s' is not available; only 'none' "
                             "is", opt.arg);
                exit(1);
            }
            continue;
        case QEMU_OPTION_enable_kvm:
            error_report("KVM is not available in this build; use "
                         "-accel tcg");
            exit(1);
        case QEMU_OPTION_monitor:
        case QEMU_OPTION_qmp:
        case QEMU_OPTION_qmp_pretty:
        case QEMU_OPTION_mon:
            cfg->have_monitor = true;
            break;
        case QEMU_OPTION_serial:
            if (cfg->serial_count == MAX_SERIAL_PORTS) {
                error_report("too many serial ports (at most %d)",
                             MAX_SERIAL_PORTS);
                exit(1);
            }
            cfg->serial_count++;
            break;
        default:
            break;
        }
        /* Options acted on in a later phase keep their place. */
        g_array_append_val(cfg->options, opt);
    }
    loc_set_none();
}

/* Run @fn on each option of @index, with its location set. */
static void foreach_option(StartupConfig *cfg, QEMUOptionIndex index,
                           void (*fn)(StartupConfig *, const char *))
{
    for (guint i = 0; i < cfg->options->len; i++) {
        CmdlineOption *opt = &g_array_index(cfg->options, CmdlineOption, i);

        if (opt->index == index) {
            loc_set_option(opt);
            fn(cfg, opt->arg);
            loc_set_none();
        }
    }
}

/* Run @create on each option of @index; an error ends the process. */
static void foreach_option_create(StartupConfig *cfg, QEMUOptionIndex index,
                                  bool (*create)(const char *, Error **))
{
    for (guint i = 0; i < cfg->options->len; i++) {
        CmdlineOption *opt = &g_array_index(cfg->options, CmdlineOption, i);
        Error *err = NULL;

        if (opt->index == index) {
            loc_set_option(opt);
            if (!create(opt->arg, &err)) {
                error_report_err(err);
                exit(1);
            }
            loc_set_none();
        }
    }
}

static const char *last_option(StartupConfig *cfg, QEMUOptionIndex index)
{
    const char *arg = NULL;

    for (guint i = 0; i < cfg->options->len; i++) {
        CmdlineOption *opt = &g_array_index(cfg->options, CmdlineOption, i);
        if (opt->index == index) {
            arg = opt->arg;
        }
    }
    return arg;
}

static void set_ram_size(MachineState *ms, const char *arg)
{
    Error *err = NULL;
    QDict *opts = keyval_parse(arg, "size", NULL, &err);
    const char *size;
    uint64_t bytes;

    if (!opts) {
        error_report_err(err);
        exit(1);
    }
    size = qdict_get_try_str(opts, "size");
    if (!size || qemu_strtosz_MiB(size, NULL, &bytes) < 0 || bytes == 0) {
        error_report("invalid RAM size '%s': expected a size such as 512M "
                     "or 2G (a plain number means MiB)", size ? size : "");
        exit(1);
    }
    ms->ram_size = bytes;
    ms->ram_size_explicit = true;
    qobject_unref(opts);
}

static unsigned int smp_param(QDict *opts, const char *name, unsigned def)
{
    const char *text = qdict_get_try_str(opts, name);
    uint64_t value;

    if (!text) {
        return def;
    }
    if (qemu_strtou64(text, NULL, 10, &value) < 0 || value == 0 ||
        value > UINT16_MAX) {
        error_report("invalid -smp parameter %s=%s: expected a number from "
                     "1 to 65535", name, text);
        exit(1);
    }
    return value;
}

/* -smp [cpus=]n[,maxcpus=m][,sockets=s][,cores=c][,threads=t] */
static void set_smp(MachineState *ms, const char *arg)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    Error *err = NULL;
    QDict *opts = keyval_parse(arg, "cpus", NULL, &err);
    CpuTopology *t = &ms->smp;

    if (!opts) {
        error_report_err(err);
        exit(1);
    }
    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        if (strcmp(key, "cpus") && strcmp(key, "maxcpus") &&
            strcmp(key, "sockets") && strcmp(key, "cores") &&
            strcmp(key, "threads")) {
            error_report("Invalid parameter '%s'", key);
            exit(1);
        }
    }
    t->threads = smp_param(opts, "threads", 1);
    t->sockets = smp_param(opts, "sockets", 1);
    t->cores = smp_param(opts, "cores", 0);
    t->cpus = smp_param(opts, "cpus",
                        t->sockets * (t->cores ? t->cores : 1) * t->threads);
    t->max_cpus = smp_param(opts, "maxcpus", t->cpus);
    if (!t->cores) {
        t->cores = MAX(1, t->max_cpus / (t->sockets * t->threads));
    }
    qobject_unref(opts);

    if (t->sockets * t->cores * t->threads != t->max_cpus) {
        error_report("Invalid CPU topology: product of the hierarchy must "
                     "match maxcpus: sockets (%u) * cores (%u) * threads "
                     "(%u) != maxcpus (%u)", t->sockets, t->cores,
                     t->threads, t->max_cpus);
        exit(1);
    }
    if (t->cpus > t->max_cpus) {
        error_report("Invalid CPU topology: maxcpus must be equal to or "
                     "greater than smp: %u < %u", t->max_cpus, t->cpus);
        exit(1);
    }
    if (t->max_cpus > (unsigned)mc->max_cpus) {
        error_report("Invalid SMP CPUs %u. The max CPUs supported by "
                     "machine '%s' is %d", t->max_cpus, mc->name,
                     mc->max_cpus);
        exit(1);
    }
}

/* -cpu MODEL[,...]: the QOM type of the harts. */
static void set_cpu_model(MachineState *ms, const char *arg)
{
    g_autofree char *model = g_strndup(arg, strcspn(arg, ","));
    Error *err = NULL;
    char *type = riscv_cpu_type_name_from_model(model, &err);

    if (!type) {
        error_report_err(err);
        exit(1);
    }
    g_free(ms->cpu_type);
    ms->cpu_type = type;
}

static void set_cpu_model_option(StartupConfig *cfg, const char *arg)
{
    set_cpu_model(current_machine, arg);
}

static void set_smp_option(StartupConfig *cfg, const char *arg)
{
    set_smp(current_machine, arg);
}

/* Phase 2: the machine object, its compat array and its options. */
static MachineState *create_machine(StartupConfig *cfg)
{
    MachineClass *mc;
    MachineState *ms;
    const struct { QEMUOptionIndex index; const char *prop; } legacy[] = {
        { QEMU_OPTION_bios, "firmware" },
        { QEMU_OPTION_kernel, "kernel" },
        { QEMU_OPTION_initrd, "initrd" },
        { QEMU_OPTION_append, "append" },
        { QEMU_OPTION_dtb, "dtb" },
    };

    if (cfg->machine_type) {
        mc = machine_class_find(cfg->machine_type);
        if (!mc) {
            error_report("unsupported machine type: \"%s\"",
                         cfg->machine_type);
            error_printf("Use -machine help to list supported machines\n");
            exit(1);
        }
    } else {
        mc = machine_class_default();
        if (!mc) {
            error_report("No machine specified, and there is no default");
            error_printf("Use -machine help to list supported machines\n");
            exit(1);
        }
    }
    ms = machine_create(mc, &error_fatal);
    for (size_t i = 0; i < G_N_ELEMENTS(legacy); i++) {
        const char *arg = last_option(cfg, legacy[i].index);
        if (arg) {
            object_property_set_str(OBJECT(ms), legacy[i].prop, arg,
                                    &error_fatal);
        }
    }
    if (cfg->machine_opts &&
        !machine_set_options(ms, cfg->machine_opts, &error_fatal)) {
        exit(1);
    }
    if (cfg->ram_size) {
        set_ram_size(ms, cfg->ram_size);
    }
    foreach_option(cfg, QEMU_OPTION_cpu, set_cpu_model_option);
    foreach_option(cfg, QEMU_OPTION_smp, set_smp_option);
    return ms;
}

static void create_chardev(StartupConfig *cfg, const char *arg)
{
    Error *err = NULL;

    if (!qemu_chardev_new_from_str(arg, &err)) {
        error_report_err(err);
        exit(1);
    }
}

static void create_monitor(const char *spec, bool qmp, bool pretty)
{
    Error *err = NULL;

    if (!monitor_parse_cmdline(spec, qmp, pretty, &err)) {
        error_report_err(err);
        exit(1);
    }
}

static void create_hmp_monitor(StartupConfig *cfg, const char *arg)
{
    if (strcmp(arg, "none")) {
        create_monitor(arg, false, false);
    }
}

static void create_qmp_monitor(StartupConfig *cfg, const char *arg)
{
    create_monitor(arg, true, false);
}

static void create_qmp_pretty_monitor(StartupConfig *cfg, const char *arg)
{
    create_monitor(arg, true, true);
}

static void create_mon(StartupConfig *cfg, const char *arg)
{
    Error *err = NULL;
    QDict *opts = keyval_parse(arg, "chardev", NULL, &err);

    if (!opts || !monitor_init_opts(opts, &err)) {
        error_report_err(err);
        exit(1);
    }
    qobject_unref(opts);
}

static void create_serial(StartupConfig *cfg, const char *arg)
{
    static int index;
    g_autofree char *label = g_strdup_printf("serial%d", index);

    if (!strcmp(arg, "none")) {
        index++;
        return;
    }
    serial_chardevs[index] = qemu_chr_new_mux_mon(label, arg, NULL);
    if (!serial_chardevs[index]) {
        error_report("could not connect serial device to character "
                     "backend '%s'", arg);
        exit(1);
    }
    index++;
}

/* Chardevs and monitors exist from phase 2 on, so QMP sees the phases. */
static void create_chardevs_and_monitors(StartupConfig *cfg)
{
    bool default_serial = !cfg->nodefaults && cfg->serial_count == 0;
    bool default_monitor = !cfg->nodefaults && !cfg->have_monitor;

    foreach_option(cfg, QEMU_OPTION_chardev, create_chardev);
    foreach_option(cfg, QEMU_OPTION_serial, create_serial);
    if (cfg->nographic && default_serial) {
        /* Serial port and monitor share stdio, Ctrl-a c switches. */
        create_serial(cfg, default_monitor ? "mon:stdio" : "stdio");
        default_monitor = false;
    }
    foreach_option(cfg, QEMU_OPTION_mon, create_mon);
    foreach_option(cfg, QEMU_OPTION_monitor, create_hmp_monitor);
    foreach_option(cfg, QEMU_OPTION_qmp, create_qmp_monitor);
    foreach_option(cfg, QEMU_OPTION_qmp_pretty, create_qmp_pretty_monitor);
    if (cfg->nographic && default_monitor) {
        create_monitor("stdio", false, false);
    }
}

static QDict *parse_accel_option(const char *arg)
{
    Error *err = NULL;
    bool help = false;
    QDict *opts = keyval_parse(arg, "accel", &help, &err);
    const char *name;

    if (!opts) {
        error_report_err(err);
        exit(1);
    }
    name = qdict_get_try_str(opts, "accel");
    if (help || (name && is_help_option(name))) {
        qobject_unref(opts);
        accel_print_help();
        exit(0);
    }
    if (!name) {
        qobject_unref(opts);
        error_report("Parameter 'accel' is missing");
        exit(1);
    }
    return opts;
}

/* Try one accelerator; false (with a message) to try the next. */
static bool try_accelerator(MachineState *ms, const char *name,
                            const QDict *props)
{
    AccelClass *ac = accel_find(name);
    AccelState *accel;
    Error *err = NULL;

    if (!ac) {
        error_report("invalid accelerator %s", name);
        return false;
    }
    accel = accel_create(ac, props, &err);
    if (!accel || !accel_init_machine(accel, ms, &err)) {
        error_report_err(err);
        exit(1);
    }
    return true;
}

/* Phase 3: the first accelerator of -accel options (or accel=) that works */
static void configure_accelerators(StartupConfig *cfg, MachineState *ms)
{
    bool any_accel_option = false;
    bool failed = false;

    for (guint i = 0; i < cfg->options->len; i++) {
        CmdlineOption *opt = &g_array_index(cfg->options, CmdlineOption, i);
        QDict *props;
        g_autofree char *name = NULL;
        bool ok;

        if (opt->index != QEMU_OPTION_accel) {
            continue;
        }
        any_accel_option = true;
        if (cfg->legacy_accel) {
            loc_set_option(opt);
            error_report("The -accel and \"-machine accel=\" options are "
                         "incompatible");
            exit(1);
        }
        loc_set_option(opt);
        props = parse_accel_option(opt->arg);
        name = g_strdup(qdict_get_str(props, "accel"));
        qdict_del(props, "accel");
        ok = try_accelerator(ms, name, props);
        loc_set_none();
        qobject_unref(props);
        if (ok) {
            if (failed) {
                error_report("falling back to %s", name);
            }
            return;
        }
        failed = true;
    }
    if (!any_accel_option) {
        g_auto(GStrv) names = g_strsplit(cfg->legacy_accel ?
                                         cfg->legacy_accel : "tcg", ":", 0);
        for (int i = 0; names[i]; i++) {
            if (try_accelerator(ms, names[i], NULL)) {
                if (failed) {
                    error_report("falling back to %s", names[i]);
                }
                return;
            }
            failed = true;
        }
    }
    error_report("no accelerator found");
    exit(1);
}

static void create_object(StartupConfig *cfg, const char *arg)
{
    user_creatable_process_cmdline(arg);
}

static void create_device(StartupConfig *cfg, const char *arg)
{
    qdev_device_add_cmdline(arg);
}

static void check_daemonize(StartupConfig *cfg)
{
    if (!cfg->daemonize) {
        return;
    }
    /* -nographic is harmless only when nothing defaults to stdio. */
    if (cfg->nographic && !cfg->nodefaults &&
        (!cfg->serial_count || !cfg->have_monitor)) {
        error_report("-nographic cannot be used with -daemonize");
        exit(1);
    }
    for (guint i = 0; i < cfg->options->len; i++) {
        CmdlineOption *opt = &g_array_index(cfg->options, CmdlineOption, i);
        if (opt->arg && (opt->index == QEMU_OPTION_monitor ||
                         opt->index == QEMU_OPTION_qmp ||
                         opt->index == QEMU_OPTION_qmp_pretty ||
                         opt->index == QEMU_OPTION_serial ||
                         opt->index == QEMU_OPTION_chardev) &&
            strstr(opt->arg, "stdio")) {
            loc_set_option(opt);
            error_report("cannot use stdio with -daemonize");
            exit(1);
        }
    }
}

/* ---- Phases 5 and 6, run at once or driven by QMP (--preconfig) ---- */

/* The phase as QMP names it (docs/system/managed-startup.rst) */
static MachinePhase machine_phase_qapi(void)
{
    switch (phase_get()) {
    case PHASE_NO_MACHINE:
        return MACHINE_PHASE_NO_MACHINE;
    case PHASE_MACHINE_CREATED:
        return MACHINE_PHASE_MACHINE_CREATED;
    case PHASE_ACCEL_CREATED:
    case PHASE_LATE_BACKENDS_CREATED:
        /* the backends come with the accelerator, as seen from QMP */
        return MACHINE_PHASE_ACCEL_CREATED;
    case PHASE_MACHINE_INITIALIZED:
        return MACHINE_PHASE_INITIALIZED;
    default:
        return MACHINE_PHASE_READY;
    }
}

static const char *machine_phase_str(void)
{
    return MachinePhase_str(machine_phase_qapi());
}

static bool in_preconfig(void)
{
    return !phase_check(PHASE_MACHINE_READY);
}

/* Commands that change the machine need it initialized (x-machine-init) */
static bool check_command_phase(const QmpCommand *cmd, Error **errp)
{
    const char *name = qmp_command_name(cmd);

    if ((!strcmp(name, "device_add") || !strcmp(name, "x-sysbus-mmio-map"))
        && !phase_check(PHASE_MACHINE_INITIALIZED)) {
        error_setg(errp, "The command '%s' is not permitted in phase '%s': "
                   "run x-machine-init first", name, machine_phase_str());
        return false;
    }
    return true;
}

/* Phase 5, machine initialized: the board, its buses and NICs. */
static void machine_init_phase(void)
{
    MachineState *ms = current_machine;

    if (!machine_run_board_init(ms, &error_fatal)) {
        exit(1);
    }
    if (!net_nic_create_devices(&error_fatal)) {
        exit(1);
    }
    phase_advance(PHASE_MACHINE_INITIALIZED);
}

/* Phase 6, machine ready: -device devices, reset, then run or wait. */
static void machine_ready_phase(void)
{
    StartupConfig *cfg = &startup;
    const char *incoming;

    if (!phase_check(PHASE_MACHINE_INITIALIZED)) {
        machine_init_phase();
    }
    foreach_option(cfg, QEMU_OPTION_device, create_device);
    qemu_system_reset(SHUTDOWN_CAUSE_NONE);
    phase_advance(PHASE_MACHINE_READY);
    qdev_prop_check_globals();

    incoming = migration_incoming_uri();
    if (incoming) {
        runstate_set(RUN_STATE_INMIGRATE);
        if (!migration_incoming_start_from_cmdline(&error_fatal)) {
            exit(1);
        }
    } else if (autostart) {
        vm_start();
    }
    g_array_free(cfg->options, true);
    cfg->options = NULL;
    qobject_unref(cfg->machine_opts);
    g_free(cfg->machine_type);
    g_free(cfg->legacy_accel);
}

MachinePhaseStatus *qmp_x_query_machine_phase(Error **errp)
{
    MachinePhaseStatus *info = g_new0(MachinePhaseStatus, 1);

    info->phase = machine_phase_qapi();
    return info;
}

void qmp_x_machine_init(Error **errp)
{
    if (phase_check(PHASE_MACHINE_INITIALIZED)) {
        error_setg(errp, "The command 'x-machine-init' is not permitted in "
                   "phase '%s': phases only move forward, and it moves "
                   "from 'accel-created' to 'initialized'",
                   machine_phase_str());
        return;
    }
    machine_init_phase();
}

void qmp_x_exit_preconfig(Error **errp)
{
    if (phase_check(PHASE_MACHINE_READY)) {
        error_setg(errp, "The command 'x-exit-preconfig' is not permitted "
                   "in phase '%s': the machine is already created",
                   machine_phase_str());
        return;
    }
    machine_ready_phase();
}

void qemu_init(const char *target_arch, int argc, char **argv)
{
    StartupConfig *cfg = &startup;
    g_autofree char *prgname = g_path_get_basename(argv[0]);
    MachineState *ms;

    target = target_arch;
    g_set_prgname(prgname);
    module_call_init(MODULE_INIT_QOM);
    legacy_compat_props = g_ptr_array_new();
    cfg->options = g_array_new(false, false, sizeof(CmdlineOption));

    /* Phase 1, no machine: every option is parsed and checked. */
    parse_command_line(cfg, argc, argv);
    object_compat_register(COMPAT_SLOT_LEGACY, legacy_compat_props);
    check_daemonize(cfg);
    if (cfg->daemonize) {
        os_daemonize();
    }
    if (cfg->pidfile && !qemu_write_pidfile(cfg->pidfile, &error_fatal)) {
        exit(1);
    }
    qemu_init_main_loop(&error_fatal);
    /* Guest time starts at 0 when the VM first runs. */
    qemu_clock_enable(QEMU_CLOCK_VIRTUAL, false);
    runstate_init();
    /* Until the machine is ready, only allow-preconfig commands run. */
    qmp_dispatch_set_preconfig_hook(in_preconfig);
    qmp_dispatch_set_command_check(check_command_phase);

    /* Phase 2, machine created. */
    ms = create_machine(cfg);
    phase_advance(PHASE_MACHINE_CREATED);
    /* Muxed frontends (mon:stdio) open together once start-up is done. */
    suspend_mux_open();
    create_chardevs_and_monitors(cfg);

    /* Phase 3, accelerator created. */
    configure_accelerators(cfg, ms);
    phase_advance(PHASE_ACCEL_CREATED);

    /* Phase 4, backends, then the migration object. */
    foreach_option(cfg, QEMU_OPTION_object, create_object);
    /* -device looks these up by name in phase 5 */
    foreach_option_create(cfg, QEMU_OPTION_blockdev, blockdev_new_from_str);
    foreach_option_create(cfg, QEMU_OPTION_drive, drive_new_from_str);
    foreach_option_create(cfg, QEMU_OPTION_netdev, netdev_new_from_str);
    foreach_option_create(cfg, QEMU_OPTION_nic, net_nic_from_str);
    if (!migration_object_init(&error_fatal)) {
        exit(1);
    }
    phase_advance(PHASE_LATE_BACKENDS_CREATED);

    /*
     * Phases 5 and 6 now, or (--preconfig) when QMP asks: x-machine-init,
     * x-exit-preconfig.
     */
    if (!preconfig_requested) {
        machine_ready_phase();
    }
    resume_mux_open();
    os_setup_post();
}

void qemu_cleanup(int status)
{
    qemu_vcpus_cleanup();
    monitor_cleanup();
    migration_object_finalize();
    qemu_chr_cleanup();
}
