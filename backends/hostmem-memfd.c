/*
 * memory-backend-memfd: guest RAM in an anonymous memfd, shared by
 * default so another process can map it.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include <linux/memfd.h>
#include "qapi/error.h"
#include "hw/qdev-properties.h"
#include "system/hostmem.h"
#include "system/ramblock.h"

OBJECT_DECLARE_SIMPLE_TYPE(HostMemoryBackendMemfd, MEMORY_BACKEND_MEMFD)

struct HostMemoryBackendMemfd {
    HostMemoryBackend parent_obj;

    bool hugetlb;
    uint64_t hugetlbsize;
    bool seal;
};

static bool memfd_backend_alloc(HostMemoryBackend *backend, Error **errp)
{
    HostMemoryBackendMemfd *mb = MEMORY_BACKEND_MEMFD(backend);
    g_autofree char *name = host_memory_backend_get_name(backend);
    unsigned int flags = MFD_CLOEXEC | (mb->seal ? MFD_ALLOW_SEALING : 0);
    int fd;

    if (mb->hugetlb) {
        flags |= MFD_HUGETLB;
        if (mb->hugetlbsize) {
            int shift = 63 - __builtin_clzll(mb->hugetlbsize);
            if (mb->hugetlbsize & (mb->hugetlbsize - 1)) {
                error_setg(errp, "hugetlbsize %" PRIu64 " is not a power "
                           "of two", mb->hugetlbsize);
                return false;
            }
            flags |= shift << MFD_HUGE_SHIFT;
        }
    }
    fd = memfd_create(TYPE_MEMORY_BACKEND_MEMFD, flags);
    if (fd < 0) {
        error_setg_errno(errp, errno, "failed to create memfd");
        return false;
    }
    if (ftruncate(fd, backend->size) < 0) {
        error_setg_errno(errp, errno, "failed to resize memfd to %" PRIu64,
                         backend->size);
        close(fd);
        return false;
    }
    if (mb->seal &&
        fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL)) {
        error_setg_errno(errp, errno, "failed to seal memfd");
        close(fd);
        return false;
    }
    backend->ram = qemu_ram_alloc_from_fd(name, backend->size, fd, 0,
                                          backend->share, false, errp);
    if (!backend->ram) {
        close(fd);
        return false;
    }
    return true;
}

static void memfd_backend_instance_init(Object *obj)
{
    /* A memfd exists to be shared; QEMU's default too. */
    MEMORY_BACKEND(obj)->share = true;
}

static const Property memfd_backend_properties[] = {
    DEFINE_PROP_BOOL("hugetlb", HostMemoryBackendMemfd, hugetlb, false),
    DEFINE_PROP_SIZE("hugetlbsize", HostMemoryBackendMemfd, hugetlbsize, 0),
    DEFINE_PROP_BOOL("seal", HostMemoryBackendMemfd, seal, true),
};

static void memfd_backend_class_init(ObjectClass *oc, const void *data)
{
    HostMemoryBackendClass *bc = MEMORY_BACKEND_CLASS(oc);

    bc->alloc = memfd_backend_alloc;
    object_class_add_props(oc, memfd_backend_properties);
}

static const TypeInfo memfd_backend_info = {
    .name = TYPE_MEMORY_BACKEND_MEMFD,
    .parent = TYPE_MEMORY_BACKEND,
    .class_init = memfd_backend_class_init,
    .instance_size = sizeof(HostMemoryBackendMemfd),
    .instance_init = memfd_backend_instance_init,
};

static void register_types(void)
{
    type_register_static(&memfd_backend_info);
}

type_init(register_types);
