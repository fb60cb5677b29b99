/*
 * Start-up registration of types and other tables.
 *
 * type_init(fn) (and the other *_init macros) register @fn from a
 * constructor that runs before main().  Nothing is called then: the
 * functions of one kind run together, in registration order, on the
 * first module_call_init() for that kind.  module_call_init() is
 * idempotent, and the QOM type table calls module_call_init(
 * MODULE_INIT_QOM) itself on first use, so types are available to any
 * caller (unit tests included) without an explicit call; main() may
 * still call it early, as QEMU does.
 */
#ifndef QEMU_MODULE_H
#define QEMU_MODULE_H

typedef enum {
    MODULE_INIT_MIGRATION,
    MODULE_INIT_BLOCK,
    MODULE_INIT_OPTS,
    MODULE_INIT_QOM,
    MODULE_INIT_TRACE,
    MODULE_INIT_MAX
} module_init_type;

#define module_init(function, type)                                     \
static void __attribute__((constructor)) do_qemu_init_ ## function(void) \
{                                                                       \
    register_module_init(function, type);                               \
}

#define block_init(function) module_init(function, MODULE_INIT_BLOCK)
#define opts_init(function) module_init(function, MODULE_INIT_OPTS)
#define type_init(function) module_init(function, MODULE_INIT_QOM)
#define trace_init(function) module_init(function, MODULE_INIT_TRACE)
#define migration_init(function) module_init(function, MODULE_INIT_MIGRATION)

/* Record @fn to be run by module_call_init(@type). */
void register_module_init(void (*fn)(void), module_init_type type);

/*
 * Run every function registered for @type that has not run yet, in
 * registration order.  Functions registered while this runs also run.
 */
void module_call_init(module_init_type type);

#endif
