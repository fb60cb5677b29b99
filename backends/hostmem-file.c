/*
 * memory-backend-file: guest RAM mapped from a file, or from an unlinked
 * temporary file when mem-path names a directory (hugetlbfs, tmpfs).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "system/hostmem.h"
#include "system/ramblock.h"

OBJECT_DECLARE_SIMPLE_TYPE(HostMemoryBackendFile, MEMORY_BACKEND_FILE)

struct HostMemoryBackendFile {
    HostMemoryBackend parent_obj;

    char *mem_path;
    uint64_t offset;
    bool discard_data;
    bool readonly;
};

static int open_backing_file(const char *path, bool readonly, Error **errp)
{
    struct stat st;
    int fd;

    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        g_autofree char *templ = g_strdup_printf("%s/qemu_back_mem.XXXXXX",
                                                 path);
        fd = mkstemp(templ);
        if (fd < 0) {
            error_setg_errno(errp, errno, "cannot create a backing file in "
                             "directory '%s'", path);
            return -1;
        }
        unlink(templ);
        return fd;
    }
    fd = open(path, (readonly ? O_RDONLY : O_RDWR | O_CREAT) | O_CLOEXEC,
              0644);
    if (fd < 0) {
        error_setg_errno(errp, errno, "can't open backing store %s for "
                         "guest RAM", path);
    }
    return fd;
}

static bool file_backend_alloc(HostMemoryBackend *backend, Error **errp)
{
    HostMemoryBackendFile *fb = MEMORY_BACKEND_FILE(backend);
    g_autofree char *name = NULL;
    struct stat st;
    int fd;

    if (!fb->mem_path) {
        error_setg(errp, "mem-path property not set");
        return false;
    }
    fd = open_backing_file(fb->mem_path, fb->readonly, errp);
    if (fd < 0) {
        return false;
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size < fb->offset + backend->size) {
        if (fb->readonly) {
            error_setg(errp, "backing store %s is %" PRIu64 " bytes, smaller "
                       "than offset + size = %" PRIu64 ", and read-only",
                       fb->mem_path, (uint64_t)st.st_size,
                       fb->offset + backend->size);
            close(fd);
            return false;
        }
        if (ftruncate(fd, fb->offset + backend->size) < 0) {
            error_setg_errno(errp, errno, "cannot grow backing store %s",
                             fb->mem_path);
            close(fd);
            return false;
        }
    }
    name = host_memory_backend_get_name(backend);
    backend->ram = qemu_ram_alloc_from_fd(name, backend->size, fd, fb->offset,
                                          backend->share, fb->readonly, errp);
    if (!backend->ram) {
        close(fd);
        return false;
    }
    backend->ram->named_file = true;
    return true;
}

static void file_backend_finalize(Object *obj)
{
    HostMemoryBackendFile *fb = MEMORY_BACKEND_FILE(obj);

    g_free(fb->mem_path);
}

static const Property file_backend_properties[] = {
    DEFINE_PROP_STRING("mem-path", HostMemoryBackendFile, mem_path),
    DEFINE_PROP_SIZE("offset", HostMemoryBackendFile, offset, 0),
    DEFINE_PROP_BOOL("discard-data", HostMemoryBackendFile, discard_data,
                     false),
    DEFINE_PROP_BOOL("readonly", HostMemoryBackendFile, readonly, false),
};

static void file_backend_class_init(ObjectClass *oc, const void *data)
{
    HostMemoryBackendClass *bc = MEMORY_BACKEND_CLASS(oc);

    bc->alloc = file_backend_alloc;
    object_class_add_props(oc, file_backend_properties);
}

static const TypeInfo file_backend_info = {
    .name = TYPE_MEMORY_BACKEND_FILE,
    .parent = TYPE_MEMORY_BACKEND,
    .class_init = file_backend_class_init,
    .instance_size = sizeof(HostMemoryBackendFile),
    .instance_finalize = file_backend_finalize,
};

static void register_types(void)
{
    type_register_static(&file_backend_info);
}

type_init(register_types);
