/*
 * File descriptors passed to the monitor over a unix socket (SCM_RIGHTS):
 * named ones per monitor (getfd, closefd; transports take them by name
 * with monitor_get_fd) and numbered fd sets shared by all monitors
 * (add-fd, remove-fd, query-fdsets; opened as /dev/fdset/ID).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/util.h"
#include "chardev/char-fe.h"
#include "monitor/monitor.h"
#include "monitor-internal.h"

typedef struct MonFd {
    char *name;
    int fd;
} MonFd;

typedef struct MonFdsetFd {
    int fd;
    char *opaque;
} MonFdsetFd;

typedef struct MonFdset {
    int64_t id;
    GList *fds;                 /* of MonFdsetFd */
} MonFdset;

/* Monitor commands run in the main thread, but a lookup may not. */
static GMutex fds_lock;
static GHashTable *mon_fds;     /* Monitor * -> GList of MonFd */
static GList *fdsets;           /* of MonFdset, by increasing id */

static void mon_fd_free(MonFd *m)
{
    g_free(m->name);
    g_free(m);
}

static GList *mon_fd_list(Monitor *mon)
{
    if (!mon_fds) {
        mon_fds = g_hash_table_new(NULL, NULL);
    }
    return g_hash_table_lookup(mon_fds, mon);
}

static GList *mon_fd_find(GList *list, const char *name)
{
    for (GList *l = list; l; l = l->next) {
        if (!strcmp(((MonFd *)l->data)->name, name)) {
            return l;
        }
    }
    return NULL;
}

/* The descriptor that came with the current command, or -1. */
static int monitor_received_fd(Monitor *mon, Error **errp)
{
    int fd = mon ? qemu_chr_fe_get_msgfd(&mon->chr) : -1;

    if (fd < 0) {
        error_setg(errp, "No file descriptor supplied via SCM_RIGHTS");
    }
    return fd;
}

void qmp_getfd(const char *fdname, Error **errp)
{
    Monitor *mon = monitor_cur();
    GList *list, *l;
    MonFd *m;
    int fd;

    fd = monitor_received_fd(mon, errp);
    if (fd < 0) {
        return;
    }
    if (!*fdname || g_ascii_isdigit(fdname[0])) {
        close(fd);
        error_setg(errp, "Parameter 'fdname' expects a name not starting "
                   "with a digit, got '%s'", fdname);
        return;
    }
    g_mutex_lock(&fds_lock);
    list = mon_fd_list(mon);
    l = mon_fd_find(list, fdname);
    if (l) {
        /* Same name again: the new descriptor replaces the old. */
        m = l->data;
        close(m->fd);
        m->fd = fd;
    } else {
        m = g_new0(MonFd, 1);
        m->name = g_strdup(fdname);
        m->fd = fd;
        g_hash_table_insert(mon_fds, mon, g_list_append(list, m));
    }
    g_mutex_unlock(&fds_lock);
}

/* Remove @fdname from @mon's list; its descriptor, or -1. */
static int monitor_take_fd(Monitor *mon, const char *fdname)
{
    GList *list, *l;
    int fd = -1;

    g_mutex_lock(&fds_lock);
    list = mon_fd_list(mon);
    l = mon_fd_find(list, fdname);
    if (l) {
        MonFd *m = l->data;

        fd = m->fd;
        mon_fd_free(m);
        list = g_list_delete_link(list, l);
        if (list) {
            g_hash_table_insert(mon_fds, mon, list);
        } else {
            g_hash_table_remove(mon_fds, mon);
        }
    }
    g_mutex_unlock(&fds_lock);
    return fd;
}

void qmp_closefd(const char *fdname, Error **errp)
{
    int fd = monitor_take_fd(monitor_cur(), fdname);

    if (fd < 0) {
        error_setg(errp, "File descriptor named '%s' not found", fdname);
        return;
    }
    close(fd);
}

int monitor_get_fd(Monitor *mon, const char *fdname, Error **errp)
{
    int fd;

    if (!mon) {
        error_setg(errp, "No monitor is available to look up the file "
                   "descriptor named '%s'", fdname);
        return -1;
    }
    fd = monitor_take_fd(mon, fdname);
    if (fd < 0) {
        error_setg(errp, "File descriptor named '%s' has not been found",
                   fdname);
    }
    return fd;
}

int monitor_fd_param(Monitor *mon, const char *fdname, Error **errp)
{
    if (g_ascii_isdigit(fdname[0])) {
        char *end;
        long fd;

        errno = 0;
        fd = strtol(fdname, &end, 10);
        if (errno || *end || fd < 0 || fd > INT_MAX) {
            error_setg(errp, "Invalid file descriptor number '%s'", fdname);
            return -1;
        }
        if (fcntl(fd, F_GETFD) < 0) {
            error_setg_errno(errp, errno, "File descriptor %ld is not open",
                             fd);
            return -1;
        }
        return fd;
    }
    return monitor_get_fd(mon, fdname, errp);
}

void monitor_fds_cleanup(Monitor *mon)
{
    GList *list;

    g_mutex_lock(&fds_lock);
    list = mon_fd_list(mon);
    g_hash_table_remove(mon_fds, mon);
    g_mutex_unlock(&fds_lock);
    for (GList *l = list; l; l = l->next) {
        MonFd *m = l->data;

        close(m->fd);
        mon_fd_free(m);
    }
    g_list_free(list);
}

/* ---------------------------------------------------------------- */
/* fd sets */

static MonFdset *fdset_find(int64_t id)
{
    for (GList *l = fdsets; l; l = l->next) {
        MonFdset *set = l->data;

        if (set->id == id) {
            return set;
        }
    }
    return NULL;
}

static gint fdset_cmp(gconstpointer a, gconstpointer b)
{
    const MonFdset *x = a, *y = b;

    return x->id < y->id ? -1 : x->id > y->id;
}

/* The lowest id no set uses. */
static int64_t fdset_free_id(void)
{
    int64_t id = 0;

    for (GList *l = fdsets; l; l = l->next) {
        MonFdset *set = l->data;

        if (set->id != id) {
            break;
        }
        id++;
    }
    return id;
}

static void fdset_free(MonFdset *set)
{
    for (GList *l = set->fds; l; l = l->next) {
        MonFdsetFd *f = l->data;

        close(f->fd);
        g_free(f->opaque);
        g_free(f);
    }
    g_list_free(set->fds);
    g_free(set);
}

AddfdInfo *qmp_add_fd(bool has_fdset_id, int64_t fdset_id,
                      const char *opaque, Error **errp)
{
    MonFdset *set;
    MonFdsetFd *f;
    AddfdInfo *info;
    int fd;

    if (has_fdset_id && fdset_id < 0) {
        error_setg(errp, "Parameter 'fdset-id' expects a non-negative "
                   "value, got %" PRId64, fdset_id);
        return NULL;
    }
    fd = monitor_received_fd(monitor_cur(), errp);
    if (fd < 0) {
        return NULL;
    }
    g_mutex_lock(&fds_lock);
    set = has_fdset_id ? fdset_find(fdset_id) : NULL;
    if (!set) {
        set = g_new0(MonFdset, 1);
        set->id = has_fdset_id ? fdset_id : fdset_free_id();
        fdsets = g_list_insert_sorted(fdsets, set, fdset_cmp);
    }
    f = g_new0(MonFdsetFd, 1);
    f->fd = fd;
    f->opaque = g_strdup(opaque);
    set->fds = g_list_append(set->fds, f);
    info = g_new0(AddfdInfo, 1);
    info->fdset_id = set->id;
    info->fd = fd;
    g_mutex_unlock(&fds_lock);
    return info;
}

void qmp_remove_fd(int64_t fdset_id, bool has_fd, int64_t fd, Error **errp)
{
    MonFdset *set;

    g_mutex_lock(&fds_lock);
    set = fdset_find(fdset_id);
    if (set && has_fd) {
        GList *l;

        for (l = set->fds; l; l = l->next) {
            MonFdsetFd *f = l->data;

            if (f->fd == fd) {
                close(f->fd);
                g_free(f->opaque);
                g_free(f);
                set->fds = g_list_delete_link(set->fds, l);
                break;
            }
        }
        if (!l) {
            set = NULL;
        } else if (!set->fds) {
            fdsets = g_list_remove(fdsets, set);
            fdset_free(set);
        }
    } else if (set) {
        fdsets = g_list_remove(fdsets, set);
        fdset_free(set);
    }
    g_mutex_unlock(&fds_lock);
    if (!set) {
        if (has_fd) {
            error_setg(errp, "File descriptor named 'fdset-id:%" PRId64
                       ", fd:%" PRId64 "' not found", fdset_id, fd);
        } else {
            error_setg(errp, "File descriptor named 'fdset-id:%" PRId64
                       "' not found", fdset_id);
        }
    }
}

FdsetInfoList *qmp_query_fdsets(Error **errp)
{
    FdsetInfoList *head = NULL, **tail = &head;

    g_mutex_lock(&fds_lock);
    for (GList *l = fdsets; l; l = l->next) {
        MonFdset *set = l->data;
        FdsetInfo *info = g_new0(FdsetInfo, 1);
        FdsetFdInfoList **ftail = &info->fds;

        info->fdset_id = set->id;
        for (GList *k = set->fds; k; k = k->next) {
            MonFdsetFd *f = k->data;
            FdsetFdInfo *fi = g_new0(FdsetFdInfo, 1);

            fi->fd = f->fd;
            fi->opaque = g_strdup(f->opaque);
            QAPI_LIST_APPEND(ftail, fi);
        }
        QAPI_LIST_APPEND(tail, info);
    }
    g_mutex_unlock(&fds_lock);
    return head;
}

int monitor_fdset_dup_fd_add(int64_t fdset_id, int flags, Error **errp)
{
    MonFdset *set;
    int dupfd = -1;

    g_mutex_lock(&fds_lock);
    set = fdset_find(fdset_id);
    if (!set) {
        g_mutex_unlock(&fds_lock);
        error_setg(errp, "Fd set %" PRId64 " does not exist", fdset_id);
        return -1;
    }
    for (GList *l = set->fds; l; l = l->next) {
        MonFdsetFd *f = l->data;
        int mode = fcntl(f->fd, F_GETFL);

        if (mode >= 0 && (mode & O_ACCMODE) == (flags & O_ACCMODE)) {
            dupfd = fcntl(f->fd, F_DUPFD_CLOEXEC, 0);
            if (dupfd < 0) {
                error_setg_errno(errp, errno, "Cannot duplicate a file "
                                 "descriptor of fd set %" PRId64, fdset_id);
            }
            g_mutex_unlock(&fds_lock);
            return dupfd;
        }
    }
    g_mutex_unlock(&fds_lock);
    error_setg(errp, "Fd set %" PRId64 " has no file descriptor opened "
               "for %s", fdset_id,
               (flags & O_ACCMODE) == O_RDONLY ? "reading" :
               (flags & O_ACCMODE) == O_WRONLY ? "writing" :
               "reading and writing");
    return -1;
}
