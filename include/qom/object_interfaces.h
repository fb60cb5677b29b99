/*
 * User-creatable objects: the "user-creatable" interface and the
 * -object / object-add / object-del machinery.
 */
#ifndef OBJECT_INTERFACES_H
#define OBJECT_INTERFACES_H

#include "qom/object.h"

typedef struct QDict QDict;

#define TYPE_USER_CREATABLE "user-creatable"

typedef struct UserCreatableClass UserCreatableClass;
DECLARE_CLASS_CHECKERS(UserCreatableClass, USER_CREATABLE,
                       TYPE_USER_CREATABLE)
#define USER_CREATABLE(obj) \
     INTERFACE_CHECK(UserCreatable, (obj), \
                     TYPE_USER_CREATABLE)

typedef struct UserCreatable UserCreatable;

/*
 * @complete: called once all properties given by the user are set;
 *     the object may validate them and acquire resources.  Failing
 *     makes the creation fail.
 * @can_be_deleted: false while the object is in use (object-del
 *     refuses then).  NULL: always deletable.
 */
struct UserCreatableClass {
    /* <private> */
    InterfaceClass parent_class;

    /* <public> */
    void (*complete)(UserCreatable *uc, Error **errp);
    bool (*can_be_deleted)(UserCreatable *uc);
};

/*
 * Finish creating @uc: report an error recorded while it was
 * initialised (compat properties, -global), then call its complete().
 */
bool user_creatable_complete(UserCreatable *uc, Error **errp);

/* Whether @uc may be deleted now. */
bool user_creatable_can_be_deleted(UserCreatable *uc);

/*
 * Create a user-creatable object of @type, set each key of @qdict as a
 * property read from visitor @v (which visits @qdict), add it as
 * /objects/@id (when @id is not NULL), and complete it.  Returns a new
 * reference, or NULL with @errp set.
 */
Object *user_creatable_add_type(const char *type, const char *id,
                                const QDict *qdict,
                                Visitor *v, Error **errp);

/*
 * Create an object from @qdict: "qom-type" and "id" members plus
 * properties.  @keyval: the values are keyval strings (from the command
 * line) rather than typed JSON values.  Returns a new reference (the
 * caller usually drops it: /objects holds one), or NULL.
 */
Object *user_creatable_add_qdict(const QDict *qdict, bool keyval,
                                 Error **errp);

/* Older QEMU name of user_creatable_add_qdict(). */
Object *user_creatable_add_dict(const QDict *qdict, bool keyval,
                                Error **errp);

/*
 * Create an object from the -object argument @str: keyval syntax with
 * implied key "qom-type" ("memory-backend-ram,id=m0,size=1G"), or JSON
 * when it starts with '{'.  Prints help and returns false (without
 * setting @errp) for "help" / "TYPE,help".
 */
bool user_creatable_add_from_str(const char *str, Error **errp);

/*
 * -object: like user_creatable_add_from_str(); exits 1 with the error
 * on failure, exits 0 after printing help.
 */
void user_creatable_process_cmdline(const char *cmdline);

/*
 * Print help for -object: the list of user-creatable types when @type
 * is "help" or "?", the properties of @type when @opts has a "help"
 * key.  Returns true if help was printed.
 */
bool user_creatable_print_help(const char *type, const QDict *opts);

/* Print "List of user creatable objects:" and the sorted type names. */
void user_creatable_print_types(void);

/*
 * Print the settable class properties of @type ("TYPE options:" and one
 * line each).  Returns false if the type does not exist.
 */
bool type_print_class_properties(const char *type);

/*
 * One help line "  name=<type>  - description (default: x)"; free it
 * with g_free().
 */
char *object_property_help(const char *name, const char *type,
                           QObject *defval, const char *description);

/*
 * Set the properties of @obj from @qdict (keyval strings unless
 * @from_json).
 */
void object_set_properties_from_keyval(Object *obj, const QDict *qdict,
                                       bool from_json, Error **errp);

/*
 * Delete object /objects/@id: "object '%s' not found", or refused with
 * "object '%s' is in use, can not be deleted".
 */
bool user_creatable_del(const char *id, Error **errp);

/* Delete every object under /objects (at exit). */
void user_creatable_cleanup(void);

/*
 * Whether @id is a well-formed identifier: a letter first, then
 * letters, digits, '-', '.' and '_'.
 */
bool qom_id_wellformed(const char *id);

/*
 * QMP object-add ('gen': false): @qdict holds "qom-type", "id" and the
 * properties at the top level (or, older form, in a "props" dict).
 * Register with qmp_register_command().
 */
void qmp_object_add(QDict *qdict, QObject **ret_data, Error **errp);

#endif
