/*
 * qdev properties (Property/PropertyInfo), usable by any object class.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qapi/qapi-types.h"
#include "hw/qdev-properties.h"

void qdev_prop_set_after_realize(DeviceState *dev, const char *name,
                                 Error **errp)
{
    if (dev->id) {
        error_setg(errp, "Attempt to set property '%s' on device '%s' "
                   "(type '%s') after it was realized", name, dev->id,
                   object_get_typename(OBJECT(dev)));
    } else {
        error_setg(errp, "Attempt to set property '%s' on anonymous device "
                   "(type '%s') after it was realized", name,
                   object_get_typename(OBJECT(dev)));
    }
}

void qdev_prop_allow_set_link_before_realize(const Object *obj,
                                             const char *name,
                                             Object *val, Error **errp)
{
    DeviceState *dev = (DeviceState *)object_dynamic_cast((Object *)obj,
                                                          TYPE_DEVICE);

    if (dev && dev->realized) {
        error_setg(errp, "Attempt to set link property '%s' on device '%s' "
                   "(type '%s') after it was realized",
                   name, dev->id ? dev->id : "<anonymous>",
                   object_get_typename(OBJECT(obj)));
    }
}

void *object_field_prop_ptr(Object *obj, const Property *prop)
{
    void *ptr = obj;

    ptr += prop->offset;
    return ptr;
}

/* Only realized devices lock their properties. */
static bool qdev_prop_allow_set(Object *obj, const char *name,
                                const PropertyInfo *info, Error **errp)
{
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);

    if (dev && dev->realized && !info->realized_set_allowed) {
        qdev_prop_set_after_realize(dev, name, errp);
        return false;
    }
    return true;
}

static void field_prop_get(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    const Property *prop = opaque;

    prop->info->get(obj, v, name, opaque, errp);
}

static void field_prop_set(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    const Property *prop = opaque;

    if (!qdev_prop_allow_set(obj, name, prop->info, errp)) {
        return;
    }
    prop->info->set(obj, v, name, opaque, errp);
}

/* ---- enum -------------------------------------------------------------- */

void qdev_propinfo_get_enum(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    const Property *prop = opaque;
    int *ptr = object_field_prop_ptr(obj, prop);

    visit_type_enum(v, name, ptr, prop->info->enum_table, errp);
}

void qdev_propinfo_set_enum(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    const Property *prop = opaque;
    int *ptr = object_field_prop_ptr(obj, prop);
    int value;

    /* Write through a local so a failed parse leaves the field alone. */
    value = *ptr;
    if (visit_type_enum(v, name, &value, prop->info->enum_table, errp)) {
        *ptr = value;
    }
}

void qdev_propinfo_set_default_value_enum(ObjectProperty *op,
                                          const Property *prop)
{
    object_property_set_default_str(op,
        qapi_enum_lookup(prop->info->enum_table, prop->defval.i));
}

void qdev_propinfo_set_default_value_int(ObjectProperty *op,
                                         const Property *prop)
{
    object_property_set_default_int(op, prop->defval.i);
}

void qdev_propinfo_set_default_value_uint(ObjectProperty *op,
                                          const Property *prop)
{
    object_property_set_default_uint(op, prop->defval.u);
}

static void set_default_value_bool(ObjectProperty *op, const Property *prop)
{
    object_property_set_default_bool(op, prop->defval.u);
}

/* ---- bit, bit64 -------------------------------------------------------- */

/*
 * bit and bit64 share accessors: the PropertyInfo tells whether the
 * field is a uint32_t or a uint64_t.
 */
static uint64_t qdev_get_prop_mask(const Property *prop)
{
    g_assert(prop->info == &qdev_prop_bit || prop->info == &qdev_prop_bit64);
    return 0x1ULL << prop->bitnr;
}

static uint64_t bit_prop_field(Object *obj, const Property *prop)
{
    void *p = object_field_prop_ptr(obj, prop);

    return prop->info == &qdev_prop_bit64 ? *(uint64_t *)p : *(uint32_t *)p;
}

static void prop_get_bit(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    const Property *prop = opaque;
    bool value = (bit_prop_field(obj, prop) & qdev_get_prop_mask(prop)) != 0;

    visit_type_bool(v, name, &value, errp);
}

static void prop_set_bit(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    const Property *prop = opaque;
    void *p = object_field_prop_ptr(obj, prop);
    uint64_t mask = qdev_get_prop_mask(prop);
    uint64_t field;
    bool value;

    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    field = bit_prop_field(obj, prop);
    field = value ? field | mask : field & ~mask;
    if (prop->info == &qdev_prop_bit64) {
        *(uint64_t *)p = field;
    } else {
        *(uint32_t *)p = field;
    }
}

const PropertyInfo qdev_prop_bit = {
    .type  = "bool",
    .description = "on/off",
    .get   = prop_get_bit,
    .set   = prop_set_bit,
    .set_default_value = set_default_value_bool,
};

const PropertyInfo qdev_prop_bit64 = {
    .type  = "bool",
    .description = "on/off",
    .get   = prop_get_bit,
    .set   = prop_set_bit,
    .set_default_value = set_default_value_bool,
};

/* ---- bool -------------------------------------------------------------- */

static void get_bool(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    const Property *prop = opaque;
    bool *ptr = object_field_prop_ptr(obj, prop);

    visit_type_bool(v, name, ptr, errp);
}

static void set_bool(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    const Property *prop = opaque;
    bool *ptr = object_field_prop_ptr(obj, prop);
    bool value;

    if (visit_type_bool(v, name, &value, errp)) {
        *ptr = value;
    }
}

const PropertyInfo qdev_prop_bool = {
    .type  = "bool",
    .description = "on/off",
    .get   = get_bool,
    .set   = set_bool,
    .set_default_value = set_default_value_bool,
};

/* ---- integers ---------------------------------------------------------- */

/*
 * qdev_prop_<kind> for an integer field of C type @ctype: a getter, and
 * a setter that parses into a local so that a rejected value leaves the
 * field unchanged.  @sign is int or uint, for the default value.
 */
#define DEFINE_INT_PROP(kind, ctype, sign)                                \
static void get_##kind(Object *obj, Visitor *v, const char *name,         \
                       void *opaque, Error **errp)                        \
{                                                                         \
    const Property *prop = opaque;                                        \
    ctype *ptr = object_field_prop_ptr(obj, prop);                        \
                                                                          \
    visit_type_##kind(v, name, ptr, errp);                                \
}                                                                         \
                                                                          \
static void set_##kind(Object *obj, Visitor *v, const char *name,         \
                       void *opaque, Error **errp)                        \
{                                                                         \
    const Property *prop = opaque;                                        \
    ctype *ptr = object_field_prop_ptr(obj, prop);                        \
    ctype value;                                                          \
                                                                          \
    if (visit_type_##kind(v, name, &value, errp)) {                       \
        *ptr = value;                                                     \
    }                                                                     \
}                                                                         \
                                                                          \
const PropertyInfo qdev_prop_##kind = {                                   \
    .type  = #kind,                                                       \
    .get   = get_##kind,                                                  \
    .set   = set_##kind,                                                  \
    .set_default_value = qdev_propinfo_set_default_value_##sign,          \
};

/* qdev_prop_uint8, _uint16, _uint32, _int32, _uint64, _int64, _size */
DEFINE_INT_PROP(uint8, uint8_t, uint)
DEFINE_INT_PROP(uint16, uint16_t, uint)
DEFINE_INT_PROP(uint32, uint32_t, uint)
DEFINE_INT_PROP(int32, int32_t, int)
DEFINE_INT_PROP(uint64, uint64_t, uint)
DEFINE_INT_PROP(int64, int64_t, int)
DEFINE_INT_PROP(size, uint64_t, uint)

void qdev_propinfo_get_uint16(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    get_uint16(obj, v, name, opaque, errp);
}

void qdev_propinfo_get_int32(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    get_int32(obj, v, name, opaque, errp);
}

void qdev_propinfo_get_size32(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    const Property *prop = opaque;
    uint32_t *ptr = object_field_prop_ptr(obj, prop);
    uint64_t value = *ptr;

    visit_type_size(v, name, &value, errp);
}

static void set_size32(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    const Property *prop = opaque;
    uint32_t *ptr = object_field_prop_ptr(obj, prop);
    uint64_t value;

    if (!visit_type_size(v, name, &value, errp)) {
        return;
    }
    if (value > UINT32_MAX) {
        error_setg(errp,
                   "Property %s.%s doesn't take value %" PRIu64
                   " (maximum: %u)",
                   object_get_typename(obj), name, value, UINT32_MAX);
        return;
    }
    *ptr = value;
}

const PropertyInfo qdev_prop_size32 = {
    .type  = "size",
    .get = qdev_propinfo_get_size32,
    .set = set_size32,
    .set_default_value = qdev_propinfo_set_default_value_uint,
};

/* ---- string ------------------------------------------------------------ */

static void release_string(Object *obj, const char *name, void *opaque)
{
    const Property *prop = opaque;
    char **ptr = object_field_prop_ptr(obj, prop);

    g_free(*ptr);
    *ptr = NULL;
}

static void get_string(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    const Property *prop = opaque;
    char **ptr = object_field_prop_ptr(obj, prop);

    if (!*ptr) {
        char *str = (char *)"";

        visit_type_str(v, name, &str, errp);
    } else {
        visit_type_str(v, name, ptr, errp);
    }
}

static void set_string(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    const Property *prop = opaque;
    char **ptr = object_field_prop_ptr(obj, prop);
    char *str;

    if (!visit_type_str(v, name, &str, errp)) {
        return;
    }
    g_free(*ptr);
    *ptr = str;
}

static void set_default_value_string(ObjectProperty *op,
                                     const Property *prop)
{
    /* Strings have no default besides "unset" (NULL). */
}

const PropertyInfo qdev_prop_string = {
    .type  = "str",
    .release = release_string,
    .get   = get_string,
    .set   = set_string,
    .set_default_value = set_default_value_string,
};

/* ---- OnOffAuto --------------------------------------------------------- */

const PropertyInfo qdev_prop_on_off_auto = {
    .type = "OnOffAuto",
    .description = "on/off/auto",
    .enum_table = &OnOffAuto_lookup,
    .get = qdev_propinfo_get_enum,
    .set = qdev_propinfo_set_enum,
    .set_default_value = qdev_propinfo_set_default_value_enum,
};

/* ---- link -------------------------------------------------------------- */

static ObjectProperty *create_link_property(ObjectClass *oc,
                                            const char *name,
                                            const Property *prop)
{
    return object_class_property_add_link(
        oc, name, prop->link_type, prop->offset,
        qdev_prop_allow_set_link_before_realize, OBJ_PROP_LINK_STRONG);
}

const PropertyInfo qdev_prop_link = {
    .type = "link",
    .create = create_link_property,
};

/* ---- array ------------------------------------------------------------- */

typedef struct ArrayElementList ArrayElementList;

/* Same layout as GenericList with a pointer payload. */
struct ArrayElementList {
    ArrayElementList *next;
    void *value;
};

/* A Property describing one element located at @elem. */
static Property array_elem_prop(Object *obj, const Property *parent_prop,
                                const char *name, char *elem)
{
    return (Property) {
        .info = parent_prop->arrayinfo,
        .name = name,
        /* Elements live outside the object: offset from it. */
        .offset = (uintptr_t)elem - (uintptr_t)obj,
    };
}

static void array_free_elements(Object *obj, const Property *prop)
{
    uint32_t *alenptr = object_field_prop_ptr(obj, prop);
    void **arrayptr = (void *)obj + prop->arrayoffset;
    char *elem = *arrayptr;
    uint32_t i;

    if (prop->arrayinfo->release) {
        for (i = 0; i < *alenptr; i++) {
            Property elem_prop = array_elem_prop(obj, prop, prop->name,
                                                 elem);

            prop->arrayinfo->release(obj, NULL, &elem_prop);
            elem += prop->arrayfieldsize;
        }
    }
    g_free(*arrayptr);
    *arrayptr = NULL;
    *alenptr = 0;
}

static void release_prop_array(Object *obj, const char *name, void *opaque)
{
    array_free_elements(obj, opaque);
}

static void set_prop_array(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    const Property *prop = opaque;
    uint32_t *alenptr = object_field_prop_ptr(obj, prop);
    void **arrayptr = (void *)obj + prop->arrayoffset;
    const size_t list_elem_size = sizeof(GenericList) + prop->arrayfieldsize;
    GenericList *list = NULL, *elem, *next;
    Error *local_err = NULL;
    uint32_t count = 0;
    char *elemptr;
    bool ok = true;

    if (!visit_start_list(v, name, &list, list_elem_size, errp)) {
        return;
    }

    /*
     * Parse the elements into the temporary list nodes (each node's
     * payload is one element), then copy them into a new linear array.
     */
    for (elem = list; elem; elem = visit_next_list(v, elem, list_elem_size)) {
        Property elem_prop = array_elem_prop(obj, prop, name,
                                             (char *)elem->padding);

        prop->arrayinfo->set(obj, v, NULL, &elem_prop, &local_err);
        if (local_err) {
            ok = false;
            break;
        }
        if (count == INT_MAX) {
            error_setg(&local_err, "array is too big");
            ok = false;
            break;
        }
        count++;
    }
    if (ok) {
        ok = visit_check_list(v, &local_err);
    }
    visit_end_list(v, (void **)&list);

    if (!ok) {
        uint32_t i = 0;

        for (elem = list; elem; elem = next) {
            if (i++ < count && prop->arrayinfo->release) {
                Property elem_prop = array_elem_prop(obj, prop, name,
                                                     (char *)elem->padding);

                prop->arrayinfo->release(obj, NULL, &elem_prop);
            }
            next = elem->next;
            g_free(elem);
        }
        error_propagate(errp, local_err);
        return;
    }

    array_free_elements(obj, prop);
    *alenptr = count;
    *arrayptr = count ? g_malloc_n(count, prop->arrayfieldsize) : NULL;
    elemptr = *arrayptr;
    for (elem = list; elem; elem = next) {
        memcpy(elemptr, elem->padding, prop->arrayfieldsize);
        elemptr += prop->arrayfieldsize;
        next = elem->next;
        g_free(elem);
    }
}

static void get_prop_array(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    const Property *prop = opaque;
    uint32_t *alenptr = object_field_prop_ptr(obj, prop);
    void **arrayptr = (void *)obj + prop->arrayoffset;
    char *elemptr = *arrayptr;
    ArrayElementList *list = NULL, *elem;
    ArrayElementList **tail = &list;
    const size_t size = sizeof(*list);
    Error *local_err = NULL;
    uint32_t i;

    /* Output visitors walk the caller's list: build one. */
    for (i = 0; i < *alenptr; i++) {
        elem = g_new0(ArrayElementList, 1);
        elem->value = elemptr;
        elemptr += prop->arrayfieldsize;
        *tail = elem;
        tail = &elem->next;
    }

    if (!visit_start_list(v, name, (GenericList **)&list, size, errp)) {
        goto out;
    }
    for (elem = list; elem;
         elem = (ArrayElementList *)visit_next_list(v, (GenericList *)elem,
                                                    size)) {
        Property elem_prop = array_elem_prop(obj, prop, name, elem->value);

        prop->arrayinfo->get(obj, v, NULL, &elem_prop, &local_err);
        if (local_err) {
            break;
        }
    }
    if (!local_err) {
        visit_check_list(v, &local_err);
    }
    visit_end_list(v, (void **)&list);
    error_propagate(errp, local_err);

out:
    while (list) {
        elem = list;
        list = elem->next;
        g_free(elem);
    }
}

static void default_prop_array(ObjectProperty *op, const Property *prop)
{
    object_property_set_default_list(op);
}

const PropertyInfo qdev_prop_array = {
    .type = "list",
    .get = get_prop_array,
    .set = set_prop_array,
    .release = release_prop_array,
    .set_default_value = default_prop_array,
};

/* ---- Adding properties to classes ---------------------------------------- */

void object_class_add_property(ObjectClass *oc, const Property *prop)
{
    ObjectProperty *op;

    g_assert(prop->name && prop->info);

    if (prop->info->create) {
        op = prop->info->create(oc, prop->name, prop);
    } else {
        op = object_class_property_add(oc, prop->name, prop->info->type,
                                       prop->info->get ? field_prop_get
                                                       : NULL,
                                       prop->info->set ? field_prop_set
                                                       : NULL,
                                       prop->info->release,
                                       (Property *)prop);
    }
    if (prop->set_default && prop->info->set_default_value) {
        prop->info->set_default_value(op, prop);
    }
    op->enum_table = prop->info->enum_table;
    if (prop->info->description) {
        object_class_property_set_description(oc, prop->name,
                                              prop->info->description);
    }
}

void object_class_add_props_n(ObjectClass *oc, const Property *props,
                              size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!props[i].name) {
            /* DEFINE_PROP_END_OF_LIST() */
            break;
        }
        object_class_add_property(oc, &props[i]);
    }
}

/* ---- qdev_prop_set_* ----------------------------------------------------- */

void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value)
{
    object_property_set_bool(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint8(DeviceState *dev, const char *name, uint8_t value)
{
    object_property_set_int(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint16(DeviceState *dev, const char *name,
                          uint16_t value)
{
    object_property_set_int(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint32(DeviceState *dev, const char *name,
                          uint32_t value)
{
    object_property_set_int(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value)
{
    object_property_set_int(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_uint64(DeviceState *dev, const char *name,
                          uint64_t value)
{
    object_property_set_uint(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_string(DeviceState *dev, const char *name,
                          const char *value)
{
    object_property_set_str(OBJECT(dev), name, value, &error_abort);
}

void qdev_prop_set_enum(DeviceState *dev, const char *name, int value)
{
    ObjectProperty *op = object_property_find_err(OBJECT(dev), name,
                                                  &error_abort);

    g_assert(op->enum_table);
    object_property_set_str(OBJECT(dev), name,
                            qapi_enum_lookup(op->enum_table, value),
                            &error_abort);
}
