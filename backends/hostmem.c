/*
 * The abstract memory backend: common properties, allocation on
 * complete(), and the RAM block id rule.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qapi/qapi-visit.h"
#include "qom/object_interfaces.h"
#include "hw/qdev-properties.h"
#include "system/hostmem.h"
#include "system/ramblock.h"

char *host_memory_backend_get_name(HostMemoryBackend *backend)
{
    if (backend->use_canonical_path) {
        return object_get_canonical_path(OBJECT(backend));
    }
    return g_strdup(object_get_canonical_path_component(OBJECT(backend)));
}

RAMBlock *host_memory_backend_get_ram(HostMemoryBackend *backend)
{
    return backend->ram;
}

MemoryRegion *host_memory_backend_get_memory(HostMemoryBackend *backend)
{
    return backend->ram ? &backend->mr : NULL;
}

bool host_memory_backend_is_mapped(HostMemoryBackend *backend)
{
    return backend->is_mapped;
}

void host_memory_backend_set_mapped(HostMemoryBackend *backend, bool mapped)
{
    backend->is_mapped = mapped;
}

static bool backend_refuse_if_allocated(HostMemoryBackend *backend,
                                        const char *name, Error **errp)
{
    if (backend->ram) {
        error_setg(errp, "cannot change property '%s' of %s '%s' once its "
                   "memory is allocated", name,
                   object_get_typename(OBJECT(backend)),
                   object_get_canonical_path_component(OBJECT(backend)));
        return false;
    }
    return true;
}

static void backend_get_size(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);
    uint64_t value = backend->size;

    visit_type_size(v, name, &value, errp);
}

static void backend_set_size(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);
    uint64_t value;

    if (!backend_refuse_if_allocated(backend, name, errp) ||
        !visit_type_size(v, name, &value, errp)) {
        return;
    }
    if (value == 0) {
        error_setg(errp, "Property '%s.%s' doesn't take value '%" PRIu64
                   "': the size must be greater than zero",
                   object_get_typename(obj), name, value);
        return;
    }
    backend->size = value;
}

static void backend_get_policy(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);
    int value = backend->policy;

    visit_type_enum(v, name, &value, &HostMemPolicy_lookup, errp);
}

static void backend_set_policy(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);
    int value;

    if (!backend_refuse_if_allocated(backend, name, errp) ||
        !visit_type_enum(v, name, &value, &HostMemPolicy_lookup, errp)) {
        return;
    }
    if (value != HOST_MEM_POLICY_DEFAULT) {
        error_setg(errp, "memory policy '%s' needs NUMA support, which this "
                   "build does not have; only 'default' is accepted",
                   HostMemPolicy_str(value));
        return;
    }
    backend->policy = value;
}

static void backend_complete(UserCreatable *uc, Error **errp)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(uc);
    HostMemoryBackendClass *bc = MEMORY_BACKEND_GET_CLASS(uc);
    uint8_t *host;

    if (!backend->size) {
        error_setg(errp, "can't create backend with size 0");
        return;
    }
    if (!bc->alloc(backend, errp)) {
        return;
    }
    memory_region_init_ram_from_ramblock(&backend->mr, OBJECT(backend),
                                         backend->ram->idstr, backend->ram);
    host = backend->ram->host;
    if (backend->merge) {
        madvise(host, backend->size, MADV_MERGEABLE);
    }
    if (!backend->dump) {
        madvise(host, backend->size, MADV_DONTDUMP);
    }
    if (backend->prealloc) {
        /* Touch every page now so the guest never waits for the host. */
        size_t page = backend->ram->page_size;
        for (uint64_t off = 0; off < backend->size; off += page) {
            volatile uint8_t *p = host + off;
            *p = *p;
        }
    }
}

static bool backend_can_be_deleted(UserCreatable *uc)
{
    return !host_memory_backend_is_mapped(MEMORY_BACKEND(uc));
}

static void backend_instance_init(Object *obj)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);

    backend->policy = HOST_MEM_POLICY_DEFAULT;
}

static void backend_instance_post_init(Object *obj)
{
    /* object-compat has applied the compat slots; -global comes next. */
    object_apply_globals_post_init(obj);
}

static void backend_instance_finalize(Object *obj)
{
    HostMemoryBackend *backend = MEMORY_BACKEND(obj);

    qemu_ram_free(backend->ram);
}

static const Property backend_properties[] = {
    DEFINE_PROP_BOOL("merge", HostMemoryBackend, merge, true),
    DEFINE_PROP_BOOL("dump", HostMemoryBackend, dump, true),
    DEFINE_PROP_BOOL("prealloc", HostMemoryBackend, prealloc, false),
    DEFINE_PROP_UINT32("prealloc-threads", HostMemoryBackend,
                       prealloc_threads, 1),
    DEFINE_PROP_BOOL("share", HostMemoryBackend, share, false),
    DEFINE_PROP_BOOL("reserve", HostMemoryBackend, reserve, true),
    DEFINE_PROP_BOOL("x-use-canonical-path-for-ramblock-id",
                     HostMemoryBackend, use_canonical_path, true),
};

static void backend_class_init(ObjectClass *oc, const void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    ucc->complete = backend_complete;
    ucc->can_be_deleted = backend_can_be_deleted;

    object_class_add_props(oc, backend_properties);
    object_class_property_add(oc, "size", "int", backend_get_size,
                              backend_set_size, NULL, NULL);
    object_class_property_set_description(oc, "size",
                                          "Size of the memory region (ex: 500M)");
    object_class_property_add(oc, "policy", "HostMemPolicy",
                              backend_get_policy, backend_set_policy,
                              NULL, NULL);
    object_class_property_set_description(oc, "policy",
                                          "Set the NUMA policy");
}

static const TypeInfo backend_info = {
    .name = TYPE_MEMORY_BACKEND,
    .parent = TYPE_OBJECT_COMPAT,
    .abstract = true,
    .class_size = sizeof(HostMemoryBackendClass),
    .class_init = backend_class_init,
    .instance_size = sizeof(HostMemoryBackend),
    .instance_init = backend_instance_init,
    .instance_post_init = backend_instance_post_init,
    .instance_finalize = backend_instance_finalize,
    .interfaces = (const InterfaceInfo[]) {
        { TYPE_USER_CREATABLE },
        { }
    },
};

static void register_types(void)
{
    type_register_static(&backend_info);
}

type_init(register_types);
