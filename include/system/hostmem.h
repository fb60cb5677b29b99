/*
 * Host memory backends: user-creatable objects that provide the host
 * memory behind guest RAM (`-object memory-backend-ram,id=m0,size=1G`).
 */
#ifndef SYSTEM_HOSTMEM_H
#define SYSTEM_HOSTMEM_H

#include "qom/object.h"
#include "qom/object-compat.h"
#include "qapi/qapi-types.h"
#include "exec/memory.h"

#define TYPE_MEMORY_BACKEND "memory-backend"
OBJECT_DECLARE_TYPE(HostMemoryBackend, HostMemoryBackendClass, MEMORY_BACKEND)

#define TYPE_MEMORY_BACKEND_RAM "memory-backend-ram"
#define TYPE_MEMORY_BACKEND_FILE "memory-backend-file"
#define TYPE_MEMORY_BACKEND_MEMFD "memory-backend-memfd"

typedef struct RAMBlock RAMBlock;

struct HostMemoryBackendClass {
    ObjectCompatClass parent_class;

    /* Map the memory into backend->ram; called once, by complete(). */
    bool (*alloc)(HostMemoryBackend *backend, Error **errp);
};

struct HostMemoryBackend {
    ObjectCompat parent_obj;

    uint64_t size;
    bool merge;
    bool dump;
    bool prealloc;
    uint32_t prealloc_threads;
    bool share;
    bool reserve;
    int policy;                 /* HostMemPolicy */
    bool use_canonical_path;    /* x-use-canonical-path-for-ramblock-id */

    bool is_mapped;             /* in use by the machine or a device */
    RAMBlock *ram;
    MemoryRegion mr;            /* RAM region over @ram, once complete */
};

/**
 * host_memory_backend_get_name: the RAM block id of @backend: its
 * canonical QOM path ("/objects/mem0") when use_canonical_path is set,
 * else its id alone ("mem0").  Caller frees.
 */
char *host_memory_backend_get_name(HostMemoryBackend *backend);

/** host_memory_backend_get_ram: the RAM block, once complete. */
RAMBlock *host_memory_backend_get_ram(HostMemoryBackend *backend);

/**
 * host_memory_backend_get_memory: the RAM region of @backend (named
 * after its RAM block), or NULL before the memory is allocated.
 */
MemoryRegion *host_memory_backend_get_memory(HostMemoryBackend *backend);

/** host_memory_backend_is_mapped: whether something uses @backend. */
bool host_memory_backend_is_mapped(HostMemoryBackend *backend);

/** host_memory_backend_set_mapped: mark @backend used or free. */
void host_memory_backend_set_mapped(HostMemoryBackend *backend, bool mapped);

#endif
