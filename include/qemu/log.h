/*
 * Debug logging selected with -d (categories) and -D (file).  Same
 * names and mask values as QEMU's qemu/log.h.  Output goes to stderr
 * unless a log file is set.
 */
#ifndef QEMU_LOG_H
#define QEMU_LOG_H

/* The enabled categories; read it through qemu_loglevel_mask(). */
extern unsigned qemu_loglevel;

#define CPU_LOG_TB_OUT_ASM (1u << 0)
#define CPU_LOG_TB_IN_ASM  (1u << 1)
#define CPU_LOG_TB_OP      (1u << 2)
#define CPU_LOG_TB_OP_OPT  (1u << 3)
#define CPU_LOG_INT        (1u << 4)
#define CPU_LOG_EXEC       (1u << 5)
#define CPU_LOG_PCALL      (1u << 6)
#define CPU_LOG_TB_CPU     (1u << 8)
#define CPU_LOG_RESET      (1u << 9)
#define LOG_UNIMP          (1u << 10)
#define LOG_GUEST_ERROR    (1u << 11)
#define CPU_LOG_MMU        (1u << 12)
#define CPU_LOG_TB_NOCHAIN (1u << 13)
#define CPU_LOG_PAGE       (1u << 14)
#define LOG_TRACE          (1u << 15)
#define CPU_LOG_TB_OP_IND  (1u << 16)
#define CPU_LOG_TB_FPU     (1u << 17)
#define CPU_LOG_PLUGIN     (1u << 18)
#define LOG_STRACE         (1u << 19)
#define LOG_PER_THREAD     (1u << 20)
#define CPU_LOG_TB_VPU     (1u << 21)
#define LOG_TB_OP_PLUGIN   (1u << 22)
#define LOG_INVALID_MEM    (1u << 23)

/* qemu_loglevel_mask: whether any category of @mask is enabled. */
static inline bool qemu_loglevel_mask(unsigned mask)
{
    return (qemu_loglevel & mask) != 0;
}

/* qemu_log_enabled: whether any category is enabled. */
bool qemu_log_enabled(void);

/* qemu_log_separate: whether the log goes to a file, not stderr. */
bool qemu_log_separate(void);

/* qemu_log: write to the log (stderr or the -D file) unconditionally. */
void qemu_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* qemu_log_mask: qemu_log() if a category of @MASK is enabled. */
#define qemu_log_mask(MASK, FMT, ...)                   \
    do {                                                \
        if (unlikely(qemu_loglevel_mask(MASK))) {       \
            qemu_log(FMT, ## __VA_ARGS__);              \
        }                                               \
    } while (0)

/*
 * qemu_log_trylock/unlock: hold the log stream for several writes;
 * trylock returns NULL when logging goes nowhere.
 */
FILE *qemu_log_trylock(void);
void qemu_log_unlock(FILE *logfile);

/* One -d category: its mask bit, name and help text. */
typedef struct QEMULogItem {
    unsigned mask;
    const char *name;
    const char *help;
} QEMULogItem;

extern const QEMULogItem qemu_log_items[];

/** qemu_set_log: enable exactly the categories in @log_flags. */
bool qemu_set_log(unsigned log_flags, Error **errp);

/**
 * qemu_set_log_filename: log to @filename from now on ("%d" in it
 * becomes the process id); NULL or "" means stderr.
 */
bool qemu_set_log_filename(const char *filename, Error **errp);

/** qemu_set_log_filename_flags: both of the above. */
bool qemu_set_log_filename_flags(const char *filename, unsigned flags,
                                 Error **errp);

/**
 * qemu_str_to_log_mask: the mask of a comma-separated list of category
 * names ("guest_errors,unimp", "all"); 0 if a name is unknown.
 */
unsigned qemu_str_to_log_mask(const char *str);

/** qemu_print_log_usage: list the categories (for -d help). */
void qemu_print_log_usage(FILE *f);

#endif
