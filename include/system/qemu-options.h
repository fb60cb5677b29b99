/*
 * The command line options this binary knows: their names, whether they
 * take an argument, the -h text, and the key=value parameters that
 * query-command-line-options reports.
 */
#ifndef SYSTEM_QEMU_OPTIONS_H
#define SYSTEM_QEMU_OPTIONS_H

typedef enum QEMUOptionIndex {
    QEMU_OPTION_h,
    QEMU_OPTION_version,
    QEMU_OPTION_machine,
    QEMU_OPTION_cpu,
    QEMU_OPTION_accel,
    QEMU_OPTION_smp,
    QEMU_OPTION_m,
    QEMU_OPTION_name,
    QEMU_OPTION_uuid,
    QEMU_OPTION_global,
    QEMU_OPTION_object,
    QEMU_OPTION_device,
    QEMU_OPTION_chardev,
    QEMU_OPTION_mon,
    QEMU_OPTION_qmp,
    QEMU_OPTION_qmp_pretty,
    QEMU_OPTION_monitor,
    QEMU_OPTION_serial,
    QEMU_OPTION_nographic,
    QEMU_OPTION_display,
    QEMU_OPTION_nodefaults,
    QEMU_OPTION_no_user_config,
    QEMU_OPTION_S,
    QEMU_OPTION_preconfig,
    QEMU_OPTION_daemonize,
    QEMU_OPTION_pidfile,
    QEMU_OPTION_incoming,
    QEMU_OPTION_no_shutdown,
    QEMU_OPTION_tb_size,
    QEMU_OPTION_bios,
    QEMU_OPTION_kernel,
    QEMU_OPTION_initrd,
    QEMU_OPTION_append,
    QEMU_OPTION_dtb,
    QEMU_OPTION_L,
    QEMU_OPTION_enable_kvm,
    QEMU_OPTION_d,
    QEMU_OPTION_drive,
    QEMU_OPTION_blockdev,
    QEMU_OPTION_netdev,
    QEMU_OPTION_nic,
    QEMU_OPTION_D,
    QEMU_OPTION__MAX
} QEMUOptionIndex;

typedef struct QEMUOption {
    const char *name;
    bool has_arg;
    QEMUOptionIndex index;
    const char *args;       /* argument synopsis for -h */
    const char *help;
    const char *const *params;  /* key=value parameter names, NULL-ended */
} QEMUOption;

/** qemu_option_find: the option named @name (without dashes), or NULL. */
const QEMUOption *qemu_option_find(const char *name);

/** qemu_options_print_help: what -h prints, for binary @prog. */
void qemu_options_print_help(const char *prog);

#endif
