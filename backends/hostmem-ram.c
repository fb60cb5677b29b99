/*
 * memory-backend-ram: anonymous host memory.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "system/hostmem.h"
#include "system/ramblock.h"

static bool ram_backend_alloc(HostMemoryBackend *backend, Error **errp)
{
    g_autofree char *name = host_memory_backend_get_name(backend);

    backend->ram = qemu_ram_alloc_anon(name, backend->size, backend->share,
                                       errp);
    return backend->ram != NULL;
}

static void ram_backend_class_init(ObjectClass *oc, const void *data)
{
    HostMemoryBackendClass *bc = MEMORY_BACKEND_CLASS(oc);

    bc->alloc = ram_backend_alloc;
}

static const TypeInfo ram_backend_info = {
    .name = TYPE_MEMORY_BACKEND_RAM,
    .parent = TYPE_MEMORY_BACKEND,
    .class_init = ram_backend_class_init,
};

static void register_types(void)
{
    type_register_static(&ram_backend_info);
}

type_init(register_types);
