/*
 * The option table: what each option is called, its -h text, and the
 * parameters query-command-line-options reports.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "system/qemu-options.h"

static const char *const machine_params[] = {
    "type", "accel", "memory-backend", "confidential-guest-support",
    "dump-guest-core", "mem-merge", "kernel", "initrd", "append", "dtb",
    "firmware", NULL
};
static const char *const accel_params[] = {
    "accel", "tb-size", "thread", "split-wx", "one-insn-per-tb", NULL
};
static const char *const m_params[] = { "size", "slots", "maxmem", NULL };
static const char *const mon_params[] = { "chardev", "mode", "pretty", NULL };
static const char *const name_params[] = {
    "guest", "process", "debug-threads", NULL
};
static const char *const drive_params[] = {
    "file", "format", "if", "id", "readonly", "node-name", NULL
};
static const char *const netdev_params[] = {
    "type", "id", "net", "host", "dns", "dhcpstart", "hostname", "restrict",
    "ipv4", "ipv6", "hostfwd", NULL
};
static const char *const global_params[] = {
    "driver", "property", "value", NULL
};

static const QEMUOption qemu_options[] = {
    { "h", false, QEMU_OPTION_h, NULL, "display this help and exit" },
    { "help", false, QEMU_OPTION_h, NULL, "display this help and exit" },
    { "version", false, QEMU_OPTION_version, NULL,
      "display version information and exit" },
    { "machine", true, QEMU_OPTION_machine,
      "[type=]name[,prop[=value][,...]]",
      "select the machine type and its properties ('-machine help' lists "
      "machines)", machine_params },
    { "M", true, QEMU_OPTION_machine, "name", "same as -machine" },
    { "cpu", true, QEMU_OPTION_cpu, "cpu", "select the CPU model" },
    { "accel", true, QEMU_OPTION_accel, "[accel=]name[,prop=value][,...]",
      "select an accelerator ('-accel help' lists them)", accel_params },
    { "smp", true, QEMU_OPTION_smp, "[cpus=]n", "set the number of CPUs" },
    { "m", true, QEMU_OPTION_m, "[size=]megs[,slots=n,maxmem=size]",
      "set the guest RAM size (a plain number means MiB)", m_params },
    { "name", true, QEMU_OPTION_name, "[guest=]name",
      "set the guest's name", name_params },
    { "uuid", true, QEMU_OPTION_uuid, "%08x-%04x-%04x-%04x-%012x",
      "specify machine UUID" },
    { "global", true, QEMU_OPTION_global,
      "driver.prop=value | driver=d,property=p,value=v",
      "set a default for a property of every object of a type",
      global_params },
    { "object", true, QEMU_OPTION_object, "TYPE,id=ID[,prop=value][,...]",
      "create a user-creatable object ('-object help' lists types)" },
    { "device", true, QEMU_OPTION_device, "driver[,prop=value][,...]",
      "add a device ('-device help' lists them)" },
    { "chardev", true, QEMU_OPTION_chardev, "backend,id=id[,...]",
      "create a character device" },
    { "mon", true, QEMU_OPTION_mon,
      "[chardev=]name[,mode=readline|control][,pretty=on|off]",
      "run a monitor on a character device", mon_params },
    { "qmp", true, QEMU_OPTION_qmp, "dev", "run a QMP monitor on 'dev'" },
    { "qmp-pretty", true, QEMU_OPTION_qmp_pretty, "dev",
      "like -qmp, with pretty-printed JSON" },
    { "monitor", true, QEMU_OPTION_monitor, "dev",
      "run an HMP monitor on 'dev'" },
    { "serial", true, QEMU_OPTION_serial, "dev",
      "connect the next serial port to 'dev'" },
    { "nographic", false, QEMU_OPTION_nographic, NULL,
      "no display; serial port and monitor on stdio" },
    { "display", true, QEMU_OPTION_display, "none",
      "select the display ('none' is the only one)" },
    { "nodefaults", false, QEMU_OPTION_nodefaults, NULL,
      "create no default devices, serial port or monitor" },
    { "no-user-config", false, QEMU_OPTION_no_user_config, NULL,
      "do not load user configuration files" },
    { "S", false, QEMU_OPTION_S, NULL, "do not start the CPUs at start-up" },
    { "preconfig", false, QEMU_OPTION_preconfig, NULL,
      "stop before creating the machine; QMP finishes it "
      "(x-exit-preconfig)" },
    { "daemonize", false, QEMU_OPTION_daemonize, NULL,
      "run in the background once start-up is done" },
    { "pidfile", true, QEMU_OPTION_pidfile, "file",
      "write the process id to 'file'" },
    { "incoming", true, QEMU_OPTION_incoming,
      "uri | defer | config:key=value[,...] | config:{json}",
      "wait for an incoming migration, or set migration parameters" },
    { "no-shutdown", false, QEMU_OPTION_no_shutdown, NULL,
      "stop instead of exiting when the guest powers off" },
    { "tb-size", true, QEMU_OPTION_tb_size, "n",
      "translation cache size in MiB (legacy; use -accel tcg,tb-size=n)" },
    { "bios", true, QEMU_OPTION_bios, "file", "firmware image" },
    { "kernel", true, QEMU_OPTION_kernel, "file", "kernel image to boot" },
    { "initrd", true, QEMU_OPTION_initrd, "file", "initial ram disk" },
    { "append", true, QEMU_OPTION_append, "cmdline",
      "kernel command line" },
    { "dtb", true, QEMU_OPTION_dtb, "file", "device tree blob" },
    { "L", true, QEMU_OPTION_L, "path", "directory of firmware files" },
    { "enable-kvm", false, QEMU_OPTION_enable_kvm, NULL,
      "use KVM (not available in this build)" },
    { "drive", true, QEMU_OPTION_drive,
      "file=IMG,format=raw,if=none,id=ID[,readonly=on]",
      "a disk image for a -device ...,drive=ID", drive_params },
    { "blockdev", true, QEMU_OPTION_blockdev,
      "driver=file|raw,node-name=NAME,...",
      "a block node (keyval or JSON)" },
    { "netdev", true, QEMU_OPTION_netdev, "user,id=ID[,hostfwd=...]",
      "a network backend for a -device ...,netdev=ID", netdev_params },
    { "nic", true, QEMU_OPTION_nic, "user[,mac=MAC][,model=virtio]",
      "a network backend and its virtio-net device in one" },
    { "d", true, QEMU_OPTION_d, "item1,...",
      "log the given items ('-d help' lists them)" },
    { "D", true, QEMU_OPTION_D, "logfile",
      "log to 'logfile' instead of stderr" },
};

const QEMUOption *qemu_option_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(qemu_options); i++) {
        if (!strcmp(qemu_options[i].name, name)) {
            return &qemu_options[i];
        }
    }
    return NULL;
}

void qemu_options_print_help(const char *prog)
{
    printf("QEMU emulator version " QEMU_VERSION "\n"
           "usage: %s [options]\n\n", prog);
    for (size_t i = 0; i < G_N_ELEMENTS(qemu_options); i++) {
        const QEMUOption *o = &qemu_options[i];
        g_autofree char *synopsis = g_strdup_printf("-%s%s%s", o->name,
                                                    o->args ? " " : "",
                                                    o->args ? o->args : "");
        printf("%-34s %s\n", synopsis, o->help);
    }
    printf("\nDuring emulation, with -nographic, Ctrl-a h lists the console "
           "escapes.\n");
}

static CommandLineOptionInfo *option_info(const QEMUOption *o)
{
    CommandLineOptionInfo *info = g_new0(CommandLineOptionInfo, 1);
    CommandLineParameterInfoList **tail = &info->parameters;

    info->option = g_strdup(o->name);
    for (const char *const *p = o->params; p && *p; p++) {
        CommandLineParameterInfo *param = g_new0(CommandLineParameterInfo, 1);

        param->name = g_strdup(*p);
        param->type = COMMAND_LINE_PARAMETER_TYPE_STRING;
        QAPI_LIST_APPEND(tail, param);
    }
    return info;
}

CommandLineOptionInfoList *qmp_query_command_line_options(const char *option,
                                                          Error **errp)
{
    CommandLineOptionInfoList *head = NULL, **tail = &head;

    for (size_t i = 0; i < G_N_ELEMENTS(qemu_options); i++) {
        const QEMUOption *o = &qemu_options[i];

        if (!o->params || (option && strcmp(option, o->name))) {
            continue;
        }
        QAPI_LIST_APPEND(tail, option_info(o));
    }
    if (option && !head) {
        error_setg(errp, "Invalid option name: %s", option);
    }
    return head;
}
