/*
 * Registration lists behind type_init() and friends.
 */
#include "qemu/osdep.h"
#include "qemu/module.h"

typedef struct ModuleEntry {
    void (*init)(void);
    bool done;
} ModuleEntry;

/* Filled by constructors, before main() and before any thread. */
static GArray *init_lists[MODULE_INIT_MAX];

static GArray *module_list(module_init_type type)
{
    if (!init_lists[type]) {
        init_lists[type] = g_array_new(false, true, sizeof(ModuleEntry));
    }
    return init_lists[type];
}

void register_module_init(void (*fn)(void), module_init_type type)
{
    ModuleEntry e = { .init = fn };

    g_assert(type < MODULE_INIT_MAX);
    g_array_append_val(module_list(type), e);
}

void module_call_init(module_init_type type)
{
    GArray *l = module_list(type);
    guint i;

    /* Index loop: an init function may register more functions. */
    for (i = 0; i < l->len; i++) {
        ModuleEntry *e = &g_array_index(l, ModuleEntry, i);

        if (!e->done) {
            void (*fn)(void) = e->init;

            e->done = true;
            fn();
        }
    }
}
