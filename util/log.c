/*
 * Debug logging: the -d category mask and the -D log file.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"

unsigned qemu_loglevel;

static GMutex log_lock;
static FILE *log_file;          /* NULL: stderr */
static char *log_filename;

const QEMULogItem qemu_log_items[] = {
    { CPU_LOG_TB_OUT_ASM, "out_asm",
      "show generated host assembly code for each compiled TB" },
    { CPU_LOG_TB_IN_ASM, "in_asm",
      "show target assembly code for each compiled TB" },
    { CPU_LOG_TB_OP, "op",
      "show micro ops for each compiled TB" },
    { CPU_LOG_TB_OP_OPT, "op_opt",
      "show micro ops after optimization" },
    { CPU_LOG_TB_OP_IND, "op_ind",
      "show micro ops before indirect lowering" },
    { LOG_TB_OP_PLUGIN, "op_plugin",
      "show micro ops before plugin injection" },
    { CPU_LOG_INT, "int",
      "show interrupts/exceptions in short format" },
    { CPU_LOG_EXEC, "exec",
      "show trace before each executed TB (lots of logs)" },
    { CPU_LOG_TB_CPU, "cpu",
      "show CPU registers before entering a TB (lots of logs)" },
    { CPU_LOG_TB_FPU, "fpu",
      "include FPU registers in the 'cpu' logging" },
    { CPU_LOG_TB_VPU, "vpu",
      "include VPU registers in the 'cpu' logging" },
    { CPU_LOG_MMU, "mmu",
      "log MMU-related activities" },
    { CPU_LOG_PCALL, "pcall",
      "x86 only: show protected mode far calls/returns/exceptions" },
    { CPU_LOG_RESET, "cpu_reset",
      "show CPU state before CPU resets" },
    { LOG_UNIMP, "unimp",
      "log unimplemented functionality" },
    { LOG_GUEST_ERROR, "guest_errors",
      "log when the guest OS does something invalid (eg accessing a\n"
      "non-existent register)" },
    { CPU_LOG_PAGE, "page",
      "dump pages at beginning of user mode emulation" },
    { CPU_LOG_TB_NOCHAIN, "nochain",
      "do not chain compiled TBs so that \"exec\" and \"cpu\" show\n"
      "complete traces" },
    { CPU_LOG_PLUGIN, "plugin",
      "output from TCG plugins" },
    { LOG_STRACE, "strace",
      "log every user-mode syscall, its input, and its result" },
    { LOG_PER_THREAD, "tid",
      "open a separate log file per thread; filename must contain '%d'" },
    { LOG_INVALID_MEM, "invalid_mem",
      "log invalid memory accesses" },
    { 0, NULL, NULL },
};

bool qemu_log_enabled(void)
{
    return qemu_loglevel != 0;
}

bool qemu_log_separate(void)
{
    return log_file != NULL;
}

FILE *qemu_log_trylock(void)
{
    g_mutex_lock(&log_lock);
    return log_file ? log_file : stderr;
}

void qemu_log_unlock(FILE *logfile)
{
    if (logfile) {
        fflush(logfile);
        g_mutex_unlock(&log_lock);
    }
}

void qemu_log(const char *fmt, ...)
{
    FILE *f = qemu_log_trylock();
    va_list ap;

    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    qemu_log_unlock(f);
}

bool qemu_set_log_filename_flags(const char *filename, unsigned flags,
                                 Error **errp)
{
    g_autofree char *name = NULL;
    FILE *f = NULL;

    if (filename && *filename) {
        const char *pid = strstr(filename, "%d");

        if (pid && strstr(pid + 2, "%")) {
            error_setg(errp, "Bad logfile template '%s': only one '%%d' "
                       "is allowed", filename);
            return false;
        }
        if (pid) {
            name = g_strdup_printf("%.*s%d%s", (int)(pid - filename),
                                   filename, (int)getpid(), pid + 2);
        } else if (strchr(filename, '%')) {
            error_setg(errp, "Bad logfile format: %s", filename);
            return false;
        } else {
            name = g_strdup(filename);
        }
        f = fopen(name, "a");
        if (!f) {
            error_setg_errno(errp, errno, "Error opening logfile %s", name);
            return false;
        }
        setvbuf(f, NULL, _IOLBF, 0);
    }

    g_mutex_lock(&log_lock);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    g_free(log_filename);
    log_filename = g_steal_pointer(&name);
    qemu_loglevel = flags;
    g_mutex_unlock(&log_lock);
    return true;
}

bool qemu_set_log(unsigned log_flags, Error **errp)
{
    qemu_loglevel = log_flags;
    return true;
}

bool qemu_set_log_filename(const char *filename, Error **errp)
{
    return qemu_set_log_filename_flags(filename, qemu_loglevel, errp);
}

unsigned qemu_str_to_log_mask(const char *str)
{
    g_auto(GStrv) parts = g_strsplit(str ? str : "", ",", 0);
    unsigned mask = 0;

    for (char **p = parts; *p; p++) {
        const QEMULogItem *item;

        if (!**p) {
            return 0;
        }
        if (g_str_equal(*p, "all")) {
            for (item = qemu_log_items; item->mask; item++) {
                mask |= item->mask;
            }
            continue;
        }
        if (g_str_has_prefix(*p, "trace:")) {
            /* Trace events are not supported: accept the category. */
            mask |= LOG_TRACE;
            continue;
        }
        for (item = qemu_log_items; item->mask; item++) {
            if (g_str_equal(item->name, *p)) {
                mask |= item->mask;
                break;
            }
        }
        if (!item->mask) {
            return 0;
        }
    }
    return mask;
}

void qemu_print_log_usage(FILE *f)
{
    fprintf(f, "Log items (comma separated):\n");
    for (const QEMULogItem *item = qemu_log_items; item->mask; item++) {
        fprintf(f, "%-15s %s\n", item->name, item->help);
    }
}
