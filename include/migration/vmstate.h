/*
 * VMState: declarative descriptions of device state for migration.
 *
 * A VMStateDescription lists the fields of a C structure (offset, size,
 * how to put/get them on the stream) plus versions, hooks and optional
 * subsections.  vmstate_save_state()/vmstate_load_state() walk such a
 * description; vmstate_register() makes it a section of the migration
 * stream.  Names, macros and semantics are QEMU's
 * (include/migration/vmstate.h).
 */
#ifndef MIGRATION_VMSTATE_H
#define MIGRATION_VMSTATE_H

#include "hw/vmstate-if.h"

typedef struct QEMUFile QEMUFile;
typedef struct JSONWriter JSONWriter;
typedef struct VMStateInfo VMStateInfo;
typedef struct VMStateField VMStateField;
typedef struct VMStateDescription VMStateDescription;

/*
 * VMStateInfo: how to put/get one element of a field.  @pv points at
 * the element, @size is its size.  get() returns 0 or a negative errno.
 */
struct VMStateInfo {
    const char *name;
    int (*get)(QEMUFile *f, void *pv, size_t size,
               const VMStateField *field);
    int (*put)(QEMUFile *f, void *pv, size_t size,
               const VMStateField *field, JSONWriter *vmdesc);
};

enum VMStateFlags {
    /* One element at .offset (the default when no array flag is set). */
    VMS_SINGLE           = 0x001,
    /* .offset holds a pointer to the data; follow it first. */
    VMS_POINTER          = 0x002,
    /* .num elements of .size bytes. */
    VMS_ARRAY            = 0x004,
    /* Elements are structures described by .vmsd. */
    VMS_STRUCT           = 0x008,
    /* Element count in an int32_t at .num_offset. */
    VMS_VARRAY_INT32     = 0x010,
    /* A byte buffer of .size bytes put by .info (buffer). */
    VMS_BUFFER           = 0x020,
    /* Array of pointers to elements. */
    VMS_ARRAY_OF_POINTER = 0x040,
    /* Element count in a uint16_t at .num_offset. */
    VMS_VARRAY_UINT16    = 0x080,
    /* Buffer size in an int32_t/uint32_t at .size_offset. */
    VMS_VBUFFER          = 0x100,
    /* Size at .size_offset multiplied by .size. */
    VMS_MULTIPLY         = 0x200,
    /* Element count in a uint8_t at .num_offset. */
    VMS_VARRAY_UINT8     = 0x400,
    /* Element count in a uint32_t at .num_offset. */
    VMS_VARRAY_UINT32    = 0x800,
    /* The field must exist: loading fails when field_exists says no. */
    VMS_MUST_EXIST       = 0x1000,
    /* Allocate the pointed-to buffer on load (with VMS_POINTER). */
    VMS_ALLOC            = 0x2000,
    /* .num multiplied by the count at .num_offset. */
    VMS_MULTIPLY_ELEMENTS = 0x4000,
    /* A structure whose version on the stream is .struct_version_id. */
    VMS_VSTRUCT          = 0x8000,
    /* Marks the end of a field list. */
    VMS_END              = 0x10000,
};

/*
 * Order of sections on the stream: higher priority first, then
 * registration order.
 */
typedef enum {
    MIG_PRI_UNINITIALIZED = 0,  /* an unset priority: default */
    MIG_PRI_DEFAULT = 0,
    MIG_PRI_IOMMU,              /* before devices that use an IOMMU */
    MIG_PRI_PCI_BUS,            /* before PCI devices */
    MIG_PRI_VIRTIO_MEM,         /* before the RAM it plugs */
    MIG_PRI_GICV3_ITS,
    MIG_PRI_GICV3,
    MIG_PRI_POST_SETUP,         /* loaded right after the setup phase */
    MIG_PRI_MAX,
} MigrationPriority;

/*
 * VMStateField: one entry of a description.  Use the VMSTATE_*
 * macros rather than filling it by hand.
 */
struct VMStateField {
    const char *name;
    const char *err_hint;       /* extra text when an _EQUAL check fails */
    size_t offset;
    size_t size;
    size_t start;
    int num;
    size_t num_offset;
    size_t size_offset;
    const VMStateInfo *info;
    enum VMStateFlags flags;
    const VMStateDescription *vmsd;
    int version_id;             /* first version that has the field */
    int struct_version_id;      /* VMS_VSTRUCT */
    bool (*field_exists)(void *opaque, int version_id);
};

/*
 * VMStateDescription: the state of one structure.
 * @unmigratable: registering it blocks migration
 * @early_setup: sent in the setup phase (before RAM)
 * @version_id: the version written; @minimum_version_id: the oldest
 *     version that can still be loaded
 * @pre_load, @post_load, @pre_save, @post_save: hooks; non-zero
 *     (negative errno) return fails the operation.  The _errp variants
 *     (QEMU 10.1) are used instead when set.
 * @needed: for a subsection, whether it is sent
 * @dev_unplug_pending: whether an unplug is pending (migration waits)
 * @fields: the fields, ended by VMSTATE_END_OF_LIST()
 * @subsections: NULL-terminated list of optional parts
 */
struct VMStateDescription {
    const char *name;
    bool unmigratable;
    bool early_setup;
    int version_id;
    int minimum_version_id;
    MigrationPriority priority;
    int (*pre_load)(void *opaque);
    bool (*pre_load_errp)(void *opaque, Error **errp);
    int (*post_load)(void *opaque, int version_id);
    bool (*post_load_errp)(void *opaque, int version_id, Error **errp);
    int (*pre_save)(void *opaque);
    bool (*pre_save_errp)(void *opaque, Error **errp);
    int (*post_save)(void *opaque);
    bool (*needed)(void *opaque);
    bool (*dev_unplug_pending)(void *opaque);
    const VMStateField *fields;
    const VMStateDescription * const *subsections;
};

extern const VMStateInfo vmstate_info_bool;
extern const VMStateInfo vmstate_info_int8;
extern const VMStateInfo vmstate_info_int16;
extern const VMStateInfo vmstate_info_int32;
extern const VMStateInfo vmstate_info_int64;
extern const VMStateInfo vmstate_info_uint8_equal;
extern const VMStateInfo vmstate_info_uint16_equal;
extern const VMStateInfo vmstate_info_int32_equal;
extern const VMStateInfo vmstate_info_uint32_equal;
extern const VMStateInfo vmstate_info_uint64_equal;
extern const VMStateInfo vmstate_info_int32_le;
extern const VMStateInfo vmstate_info_uint8;
extern const VMStateInfo vmstate_info_uint16;
extern const VMStateInfo vmstate_info_uint32;
extern const VMStateInfo vmstate_info_uint64;
extern const VMStateInfo vmstate_info_nullptr;
extern const VMStateInfo vmstate_info_timer;
extern const VMStateInfo vmstate_info_buffer;
extern const VMStateInfo vmstate_info_unused_buffer;
extern const VMStateInfo vmstate_info_tmp;
extern const VMStateInfo vmstate_info_bitmap;

/*
 * Compile-time type checks: the declared type of a field must match the
 * type the macro is told.  They evaluate to 0.
 */
#define typeof_field(type, field) typeof(((type *)0)->field)
#define vmstate_type_check_(t1, t2)                                        \
    (0 * sizeof(struct {                                                   \
        _Static_assert(__builtin_types_compatible_p(t1, t2),               \
                       "vmstate field type mismatch");                     \
        int dummy_;                                                        \
    }))
/* Same text as qdev-properties.h's, so that both headers can be used */
#define type_check(t1, t2) ((t1 *)0 - (t2 *)0)
#define type_check_pointer(t1, t2) vmstate_type_check_(t1 *, t2)
#define type_check_array(t1, t2, n) vmstate_type_check_(t1[n], t2)
#define type_check_2darray(t1, t2, n, m) vmstate_type_check_(t1[n][m], t2)

#define vmstate_offset_value(_state, _field, _type)                        \
    (offsetof(_state, _field) +                                            \
     type_check(_type, typeof_field(_state, _field)))
#define vmstate_offset_pointer(_state, _field, _type)                      \
    (offsetof(_state, _field) +                                            \
     type_check_pointer(_type, typeof_field(_state, _field)))
#define vmstate_offset_array(_state, _field, _type, _num)                  \
    (offsetof(_state, _field) +                                            \
     type_check_array(_type, typeof_field(_state, _field), _num))
#define vmstate_offset_2darray(_state, _field, _type, _n1, _n2)            \
    (offsetof(_state, _field) +                                            \
     type_check_2darray(_type, typeof_field(_state, _field), _n1, _n2))
#define vmstate_offset_sub_array(_state, _field, _type, _start)            \
    vmstate_offset_value(_state, _field[_start], _type)
#define vmstate_offset_buffer(_state, _field)                              \
    vmstate_offset_array(_state, _field, uint8_t,                          \
                         sizeof(typeof_field(_state, _field)))

/* Generic field macros */

#define VMSTATE_SINGLE_TEST(_field, _state, _test, _version, _info, _type) { \
    .name         = (stringify(_field)),                                   \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .size         = sizeof(_type),                                         \
    .info         = &(_info),                                              \
    .flags        = VMS_SINGLE,                                            \
    .offset       = vmstate_offset_value(_state, _field, _type),           \
}

#define VMSTATE_SINGLE_FULL(_field, _state, _test, _version, _info,        \
                            _type, _err_hint) {                            \
    .name         = (stringify(_field)),                                   \
    .err_hint     = (_err_hint),                                           \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .size         = sizeof(_type),                                         \
    .info         = &(_info),                                              \
    .flags        = VMS_SINGLE,                                            \
    .offset       = vmstate_offset_value(_state, _field, _type),           \
}

#define VMSTATE_SINGLE(_field, _state, _version, _info, _type)             \
    VMSTATE_SINGLE_TEST(_field, _state, NULL, _version, _info, _type)

#define VMSTATE_POINTER(_field, _state, _version, _info, _type) {          \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_SINGLE | VMS_POINTER,                                \
    .offset     = vmstate_offset_value(_state, _field, _type),             \
}

#define VMSTATE_POINTER_TEST(_field, _state, _test, _info, _type) {        \
    .name         = (stringify(_field)),                                   \
    .info         = &(_info),                                              \
    .field_exists = (_test),                                               \
    .size         = sizeof(_type),                                         \
    .flags        = VMS_SINGLE | VMS_POINTER,                              \
    .offset       = vmstate_offset_value(_state, _field, _type),           \
}

#define VMSTATE_ARRAY_TEST(_field, _state, _num, _test, _info, _type) {    \
    .name         = (stringify(_field)),                                   \
    .field_exists = (_test),                                               \
    .num          = (_num),                                                \
    .info         = &(_info),                                              \
    .size         = sizeof(_type),                                         \
    .flags        = VMS_ARRAY,                                             \
    .offset       = vmstate_offset_array(_state, _field, _type, _num),     \
}

#define VMSTATE_ARRAY(_field, _state, _num, _version, _info, _type) {      \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num        = (_num),                                                  \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_ARRAY,                                               \
    .offset     = vmstate_offset_array(_state, _field, _type, _num),       \
}

#define VMSTATE_2DARRAY(_field, _state, _n1, _n2, _version, _info, _type) { \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num        = (_n1) * (_n2),                                           \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_ARRAY,                                               \
    .offset     = vmstate_offset_2darray(_state, _field, _type, _n1, _n2), \
}

#define VMSTATE_SUB_ARRAY(_field, _state, _start, _num, _version, _info,   \
                          _type) {                                         \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num        = (_num),                                                  \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_ARRAY,                                               \
    .offset     = vmstate_offset_sub_array(_state, _field, _type, _start), \
}

#define VMSTATE_ARRAY_OF_POINTER(_field, _state, _num, _version, _info,    \
                                 _type) {                                  \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num        = (_num),                                                  \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_ARRAY | VMS_ARRAY_OF_POINTER,                        \
    .offset     = vmstate_offset_array(_state, _field, _type, _num),       \
}

/*
 * Variable arrays: the element count lives in another field.  When that
 * field is itself loaded from the stream, check it with a
 * VMSTATE_VALIDATE placed between the two unless VMS_ALLOC sizes the
 * storage: the loader cannot know how big a fixed buffer is.  The same
 * holds for the size of VMSTATE_VBUFFER*.
 */

#define VMSTATE_VARRAY_INT32(_field, _state, _field_num, _version, _info,  \
                             _type) {                                      \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num_offset = vmstate_offset_value(_state, _field_num, int32_t),       \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_VARRAY_INT32 | VMS_POINTER,                          \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

#define VMSTATE_VARRAY_UINT32(_field, _state, _field_num, _version, _info, \
                              _type) {                                     \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),      \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_VARRAY_UINT32 | VMS_POINTER,                         \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

#define VMSTATE_VARRAY_UINT32_ALLOC(_field, _state, _field_num, _version,  \
                                    _info, _type) {                        \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),      \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_VARRAY_UINT32 | VMS_POINTER | VMS_ALLOC,             \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

#define VMSTATE_VARRAY_UINT16_ALLOC(_field, _state, _field_num, _version,  \
                                    _info, _type) {                        \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num_offset = vmstate_offset_value(_state, _field_num, uint16_t),      \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_VARRAY_UINT16 | VMS_POINTER | VMS_ALLOC,             \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

#define VMSTATE_VARRAY_UINT16_UNSAFE(_field, _state, _field_num, _version, \
                                     _info, _type) {                       \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num_offset = vmstate_offset_value(_state, _field_num, uint16_t),      \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_VARRAY_UINT16,                                       \
    .offset     = offsetof(_state, _field),                                \
}

#define VMSTATE_VARRAY_MULTIPLY(_field, _state, _field_num, _multiply,     \
                                _info, _type) {                            \
    .name       = (stringify(_field)),                                     \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),      \
    .num        = (_multiply),                                             \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_VARRAY_UINT32 | VMS_MULTIPLY_ELEMENTS,               \
    .offset     = offsetof(_state, _field),                                \
}

#define VMSTATE_VARRAY_OF_POINTER_UINT32(_field, _state, _field_num,       \
                                         _version, _info, _type) {         \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),      \
    .info       = &(_info),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_VARRAY_UINT32 | VMS_ARRAY_OF_POINTER | VMS_POINTER,  \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

/* Structures */

#define VMSTATE_STRUCT_TEST(_field, _state, _test, _version, _vmsd,        \
                            _type) {                                       \
    .name         = (stringify(_field)),                                   \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .vmsd         = &(_vmsd),                                              \
    .size         = sizeof(_type),                                         \
    .flags        = VMS_STRUCT,                                            \
    .offset       = vmstate_offset_value(_state, _field, _type),           \
}

#define VMSTATE_VSTRUCT_TEST(_field, _state, _test, _version, _vmsd,       \
                             _type, _struct_version) {                     \
    .name              = (stringify(_field)),                              \
    .version_id        = (_version),                                       \
    .struct_version_id = (_struct_version),                                \
    .field_exists      = (_test),                                          \
    .vmsd              = &(_vmsd),                                         \
    .size              = sizeof(_type),                                    \
    .flags             = VMS_VSTRUCT,                                      \
    .offset            = vmstate_offset_value(_state, _field, _type),      \
}

#define VMSTATE_STRUCT(_field, _state, _version, _vmsd, _type)             \
    VMSTATE_STRUCT_TEST(_field, _state, NULL, _version, _vmsd, _type)

/* Ours: the same as VMSTATE_STRUCT (the version is explicit there too). */
#define VMSTATE_STRUCT_V(_field, _state, _version, _vmsd, _type)           \
    VMSTATE_STRUCT_TEST(_field, _state, NULL, _version, _vmsd, _type)

#define VMSTATE_VSTRUCT(_field, _state, _vmsd, _type, _struct_version)     \
    VMSTATE_VSTRUCT_TEST(_field, _state, NULL, 0, _vmsd, _type,            \
                         _struct_version)

#define VMSTATE_VSTRUCT_V(_field, _state, _version, _vmsd, _type,          \
                          _struct_version)                                 \
    VMSTATE_VSTRUCT_TEST(_field, _state, NULL, _version, _vmsd, _type,     \
                         _struct_version)

#define VMSTATE_STRUCT_POINTER_V(_field, _state, _version, _vmsd, _type) { \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .vmsd       = &(_vmsd),                                                \
    .size       = sizeof(_type *),                                         \
    .flags      = VMS_STRUCT | VMS_POINTER,                                \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

#define VMSTATE_STRUCT_POINTER_TEST_V(_field, _state, _test, _version,     \
                                      _vmsd, _type) {                      \
    .name         = (stringify(_field)),                                   \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .vmsd         = &(_vmsd),                                              \
    .size         = sizeof(_type *),                                       \
    .flags        = VMS_STRUCT | VMS_POINTER,                              \
    .offset       = vmstate_offset_pointer(_state, _field, _type),         \
}

#define VMSTATE_STRUCT_POINTER(_field, _state, _vmsd, _type)               \
    VMSTATE_STRUCT_POINTER_V(_field, _state, 0, _vmsd, _type)

#define VMSTATE_STRUCT_POINTER_TEST(_field, _state, _test, _vmsd, _type)   \
    VMSTATE_STRUCT_POINTER_TEST_V(_field, _state, _test, 0, _vmsd, _type)

#define VMSTATE_ARRAY_OF_POINTER_TO_STRUCT(_field, _state, _num, _version, \
                                           _vmsd, _type) {                 \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .num        = (_num),                                                  \
    .vmsd       = &(_vmsd),                                                \
    .size       = sizeof(_type *),                                         \
    .flags      = VMS_ARRAY | VMS_STRUCT | VMS_ARRAY_OF_POINTER,           \
    .offset     = vmstate_offset_array(_state, _field, _type *, _num),     \
}

#define VMSTATE_STRUCT_ARRAY_TEST(_field, _state, _num, _test, _version,   \
                                  _vmsd, _type) {                          \
    .name         = (stringify(_field)),                                   \
    .num          = (_num),                                                \
    .field_exists = (_test),                                               \
    .version_id   = (_version),                                            \
    .vmsd         = &(_vmsd),                                              \
    .size         = sizeof(_type),                                         \
    .flags        = VMS_STRUCT | VMS_ARRAY,                                \
    .offset       = vmstate_offset_array(_state, _field, _type, _num),     \
}

#define VMSTATE_STRUCT_ARRAY(_field, _state, _num, _version, _vmsd, _type) \
    VMSTATE_STRUCT_ARRAY_TEST(_field, _state, _num, NULL, _version,        \
                              _vmsd, _type)

#define VMSTATE_STRUCT_2DARRAY(_field, _state, _n1, _n2, _version, _vmsd,  \
                               _type) {                                    \
    .name       = (stringify(_field)),                                     \
    .num        = (_n1) * (_n2),                                           \
    .version_id = (_version),                                              \
    .vmsd       = &(_vmsd),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_STRUCT | VMS_ARRAY,                                  \
    .offset     = vmstate_offset_2darray(_state, _field, _type, _n1, _n2), \
}

#define VMSTATE_STRUCT_VARRAY_UINT8(_field, _state, _field_num, _version,  \
                                    _vmsd, _type) {                        \
    .name       = (stringify(_field)),                                     \
    .num_offset = vmstate_offset_value(_state, _field_num, uint8_t),       \
    .version_id = (_version),                                              \
    .vmsd       = &(_vmsd),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_STRUCT | VMS_VARRAY_UINT8,                           \
    .offset     = offsetof(_state, _field),                                \
}

#define VMSTATE_STRUCT_VARRAY_INT32(_field, _state, _field_num, _version,  \
                                    _vmsd, _type) {                        \
    .name       = (stringify(_field)),                                     \
    .num_offset = vmstate_offset_value(_state, _field_num, int32_t),       \
    .version_id = (_version),                                              \
    .vmsd       = &(_vmsd),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_STRUCT | VMS_VARRAY_INT32,                           \
    .offset     = offsetof(_state, _field),                                \
}

#define VMSTATE_STRUCT_VARRAY_UINT32(_field, _state, _field_num, _version, \
                                     _vmsd, _type) {                       \
    .name       = (stringify(_field)),                                     \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),      \
    .version_id = (_version),                                              \
    .vmsd       = &(_vmsd),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_STRUCT | VMS_VARRAY_UINT32,                          \
    .offset     = offsetof(_state, _field),                                \
}

#define VMSTATE_STRUCT_VARRAY_POINTER_INT32(_field, _state, _field_num,    \
                                            _vmsd, _type) {                \
    .name       = (stringify(_field)),                                     \
    .num_offset = vmstate_offset_value(_state, _field_num, int32_t),       \
    .vmsd       = &(_vmsd),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_POINTER | VMS_VARRAY_INT32 | VMS_STRUCT,             \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

#define VMSTATE_STRUCT_VARRAY_POINTER_UINT32(_field, _state, _field_num,   \
                                             _vmsd, _type) {               \
    .name       = (stringify(_field)),                                     \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),      \
    .vmsd       = &(_vmsd),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_POINTER | VMS_VARRAY_UINT32 | VMS_STRUCT,            \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

#define VMSTATE_STRUCT_VARRAY_POINTER_UINT16(_field, _state, _field_num,   \
                                             _vmsd, _type) {               \
    .name       = (stringify(_field)),                                     \
    .num_offset = vmstate_offset_value(_state, _field_num, uint16_t),      \
    .vmsd       = &(_vmsd),                                                \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_POINTER | VMS_VARRAY_UINT16 | VMS_STRUCT,            \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

#define VMSTATE_STRUCT_VARRAY_ALLOC(_field, _state, _field_num, _version,  \
                                    _vmsd, _type) {                        \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .vmsd       = &(_vmsd),                                                \
    .num_offset = vmstate_offset_value(_state, _field_num, int32_t),       \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_STRUCT | VMS_VARRAY_INT32 | VMS_ALLOC | VMS_POINTER, \
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

#define VMSTATE_STRUCT_VARRAY_UINT32_ALLOC(_field, _state, _field_num,     \
                                           _version, _vmsd, _type) {       \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .vmsd       = &(_vmsd),                                                \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),      \
    .size       = sizeof(_type),                                           \
    .flags      = VMS_STRUCT | VMS_VARRAY_UINT32 | VMS_ALLOC | VMS_POINTER,\
    .offset     = vmstate_offset_pointer(_state, _field, _type),           \
}

/* Byte buffers */

#define VMSTATE_STATIC_BUFFER(_field, _state, _version, _test, _start,     \
                              _size) {                                     \
    .name         = (stringify(_field)),                                   \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .size         = (_size - _start),                                      \
    .info         = &vmstate_info_buffer,                                  \
    .flags        = VMS_BUFFER,                                            \
    .offset       = vmstate_offset_buffer(_state, _field) + _start,        \
}

#define VMSTATE_VBUFFER_MULTIPLY(_field, _state, _version, _test,          \
                                 _field_size, _multiply) {                 \
    .name         = (stringify(_field)),                                   \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .size_offset  = vmstate_offset_value(_state, _field_size, uint32_t),   \
    .size         = (_multiply),                                           \
    .info         = &vmstate_info_buffer,                                  \
    .flags        = VMS_VBUFFER | VMS_POINTER | VMS_MULTIPLY,              \
    .offset       = offsetof(_state, _field),                              \
}

#define VMSTATE_VBUFFER(_field, _state, _version, _test, _field_size) {    \
    .name         = (stringify(_field)),                                   \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .size_offset  = vmstate_offset_value(_state, _field_size, int32_t),    \
    .info         = &vmstate_info_buffer,                                  \
    .flags        = VMS_VBUFFER | VMS_POINTER,                             \
    .offset       = offsetof(_state, _field),                              \
}

#define VMSTATE_VBUFFER_UINT32(_field, _state, _version, _test,            \
                               _field_size) {                              \
    .name         = (stringify(_field)),                                   \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .size_offset  = vmstate_offset_value(_state, _field_size, uint32_t),   \
    .info         = &vmstate_info_buffer,                                  \
    .flags        = VMS_VBUFFER | VMS_POINTER,                             \
    .offset       = offsetof(_state, _field),                              \
}

#define VMSTATE_VBUFFER_ALLOC_UINT32(_field, _state, _version, _test,      \
                                     _field_size) {                        \
    .name         = (stringify(_field)),                                   \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .size_offset  = vmstate_offset_value(_state, _field_size, uint32_t),   \
    .info         = &vmstate_info_buffer,                                  \
    .flags        = VMS_VBUFFER | VMS_POINTER | VMS_ALLOC,                 \
    .offset       = offsetof(_state, _field),                              \
}

#define VMSTATE_BUFFER_UNSAFE_INFO_TEST(_field, _state, _test, _version,   \
                                        _info, _size) {                    \
    .name         = (stringify(_field)),                                   \
    .version_id   = (_version),                                            \
    .field_exists = (_test),                                               \
    .size         = (_size),                                               \
    .info         = &(_info),                                              \
    .flags        = VMS_BUFFER,                                            \
    .offset       = offsetof(_state, _field),                              \
}

#define VMSTATE_BUFFER_UNSAFE_INFO(_field, _state, _version, _info, _size) \
    VMSTATE_BUFFER_UNSAFE_INFO_TEST(_field, _state, NULL, _version,        \
                                    _info, _size)

#define VMSTATE_BUFFER_UNSAFE(_field, _state, _version, _size)             \
    VMSTATE_BUFFER_UNSAFE_INFO(_field, _state, _version,                   \
                               vmstate_info_buffer, _size)

#define VMSTATE_BUFFER_POINTER_UNSAFE(_field, _state, _version, _size) {   \
    .name       = (stringify(_field)),                                     \
    .version_id = (_version),                                              \
    .size       = (_size),                                                 \
    .info       = &vmstate_info_buffer,                                    \
    .flags      = VMS_BUFFER | VMS_POINTER,                                \
    .offset     = offsetof(_state, _field),                                \
}

#define VMSTATE_BUFFER_V(_f, _s, _v)                                       \
    VMSTATE_STATIC_BUFFER(_f, _s, _v, NULL, 0, sizeof(typeof_field(_s, _f)))
#define VMSTATE_BUFFER(_f, _s)                                             \
    VMSTATE_BUFFER_V(_f, _s, 0)
#define VMSTATE_PARTIAL_BUFFER(_f, _s, _size)                              \
    VMSTATE_STATIC_BUFFER(_f, _s, 0, NULL, 0, _size)
#define VMSTATE_BUFFER_START_MIDDLE_V(_f, _s, _start, _v)                  \
    VMSTATE_STATIC_BUFFER(_f, _s, _v, NULL, _start,                        \
                          sizeof(typeof_field(_s, _f)))
#define VMSTATE_BUFFER_START_MIDDLE(_f, _s, _start)                        \
    VMSTATE_BUFFER_START_MIDDLE_V(_f, _s, _start, 0)
#define VMSTATE_BUFFER_TEST(_f, _s, _test)                                 \
    VMSTATE_STATIC_BUFFER(_f, _s, 0, _test, 0,                             \
                          sizeof(typeof_field(_s, _f)))

/*
 * VMSTATE_WITH_TMP: @_tmp_type is a structure whose first member
 * "parent" points to @_state.  On save, pre_save of @_vmsd fills the
 * temporary from the parent; on load, post_load copies it back.
 */
#define VMSTATE_WITH_TMP(_state, _tmp_type, _vmsd) {                       \
    .name = "tmp",                                                         \
    .size = sizeof(_tmp_type) +                                            \
            0 * sizeof(struct {                                            \
                _Static_assert(offsetof(_tmp_type, parent) == 0,           \
                               "parent must come first");                  \
                int dummy_;                                                \
            }) +                                                           \
            type_check_pointer(_state, typeof_field(_tmp_type, parent)),   \
    .vmsd = &(_vmsd),                                                      \
    .info = &vmstate_info_tmp,                                             \
}

/* Bytes that are on the stream but not in the state (skipped on load). */
#define VMSTATE_UNUSED_BUFFER(_test, _version, _size) {                    \
    .name         = "unused",                                              \
    .field_exists = (_test),                                               \
    .version_id   = (_version),                                            \
    .size         = (_size),                                               \
    .info         = &vmstate_info_unused_buffer,                           \
    .flags        = VMS_BUFFER,                                            \
}
#define VMSTATE_UNUSED_V(_v, _size)                                        \
    VMSTATE_UNUSED_BUFFER(NULL, _v, _size)
#define VMSTATE_UNUSED(_size)                                              \
    VMSTATE_UNUSED_V(0, _size)
#define VMSTATE_UNUSED_TEST(_test, _size)                                  \
    VMSTATE_UNUSED_BUFFER(_test, 0, _size)

/*
 * VMSTATE_VALIDATE: on load, @_test(opaque, version) must return true
 * or loading fails naming @_name.  Puts nothing on the stream.
 */
#define VMSTATE_VALIDATE(_name, _test) {                                   \
    .name         = (_name),                                               \
    .field_exists = (_test),                                               \
    .flags        = VMS_ARRAY | VMS_MUST_EXIST,                            \
    .num          = 0,                                                     \
}

/* A bitmap of (int32_t at _field_size) bits at the pointer _field. */
#define VMSTATE_BITMAP(_field, _state, _version, _field_size) {            \
    .name        = (stringify(_field)),                                    \
    .version_id  = (_version),                                             \
    .size_offset = vmstate_offset_value(_state, _field_size, int32_t),     \
    .info        = &vmstate_info_bitmap,                                   \
    .flags       = VMS_VBUFFER | VMS_POINTER,                              \
    .offset      = offsetof(_state, _field),                               \
}

/* Scalars */

#define VMSTATE_BOOL_V(_f, _s, _v)                                         \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_bool, bool)
#define VMSTATE_INT8_V(_f, _s, _v)                                         \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int8, int8_t)
#define VMSTATE_INT16_V(_f, _s, _v)                                        \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int16, int16_t)
#define VMSTATE_INT32_V(_f, _s, _v)                                        \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int32, int32_t)
#define VMSTATE_INT64_V(_f, _s, _v)                                        \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int64, int64_t)
#define VMSTATE_UINT8_V(_f, _s, _v)                                        \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_V(_f, _s, _v)                                       \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_V(_f, _s, _v)                                       \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_V(_f, _s, _v)                                       \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint64, uint64_t)

#define VMSTATE_BOOL(_f, _s)    VMSTATE_BOOL_V(_f, _s, 0)
#define VMSTATE_INT8(_f, _s)    VMSTATE_INT8_V(_f, _s, 0)
#define VMSTATE_INT16(_f, _s)   VMSTATE_INT16_V(_f, _s, 0)
#define VMSTATE_INT32(_f, _s)   VMSTATE_INT32_V(_f, _s, 0)
#define VMSTATE_INT64(_f, _s)   VMSTATE_INT64_V(_f, _s, 0)
#define VMSTATE_UINT8(_f, _s)   VMSTATE_UINT8_V(_f, _s, 0)
#define VMSTATE_UINT16(_f, _s)  VMSTATE_UINT16_V(_f, _s, 0)
#define VMSTATE_UINT32(_f, _s)  VMSTATE_UINT32_V(_f, _s, 0)
#define VMSTATE_UINT64(_f, _s)  VMSTATE_UINT64_V(_f, _s, 0)

#define VMSTATE_BOOL_TEST(_f, _s, _t)                                      \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_bool, bool)
#define VMSTATE_INT8_TEST(_f, _s, _t)                                      \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_int8, int8_t)
#define VMSTATE_INT16_TEST(_f, _s, _t)                                     \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_int16, int16_t)
#define VMSTATE_INT32_TEST(_f, _s, _t)                                     \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_int32, int32_t)
#define VMSTATE_INT64_TEST(_f, _s, _t)                                     \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_int64, int64_t)
#define VMSTATE_UINT8_TEST(_f, _s, _t)                                     \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_TEST(_f, _s, _t)                                    \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_TEST(_f, _s, _t)                                    \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_TEST(_f, _s, _t)                                    \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint64, uint64_t)

/* On load, the value on the stream must equal the current value. */
#define VMSTATE_UINT8_EQUAL(_f, _s, _err_hint)                             \
    VMSTATE_SINGLE_FULL(_f, _s, 0, 0, vmstate_info_uint8_equal, uint8_t,   \
                        _err_hint)
#define VMSTATE_UINT16_EQUAL(_f, _s, _err_hint)                            \
    VMSTATE_SINGLE_FULL(_f, _s, 0, 0, vmstate_info_uint16_equal,           \
                        uint16_t, _err_hint)
#define VMSTATE_UINT16_EQUAL_V(_f, _s, _v, _err_hint)                      \
    VMSTATE_SINGLE_FULL(_f, _s, 0, _v, vmstate_info_uint16_equal,          \
                        uint16_t, _err_hint)
#define VMSTATE_INT32_EQUAL(_f, _s, _err_hint)                             \
    VMSTATE_SINGLE_FULL(_f, _s, 0, 0, vmstate_info_int32_equal, int32_t,   \
                        _err_hint)
#define VMSTATE_UINT32_EQUAL_V(_f, _s, _v, _err_hint)                      \
    VMSTATE_SINGLE_FULL(_f, _s, 0, _v, vmstate_info_uint32_equal,          \
                        uint32_t, _err_hint)
#define VMSTATE_UINT32_EQUAL(_f, _s, _err_hint)                            \
    VMSTATE_UINT32_EQUAL_V(_f, _s, 0, _err_hint)
#define VMSTATE_UINT64_EQUAL_V(_f, _s, _v, _err_hint)                      \
    VMSTATE_SINGLE_FULL(_f, _s, 0, _v, vmstate_info_uint64_equal,          \
                        uint64_t, _err_hint)
#define VMSTATE_UINT64_EQUAL(_f, _s, _err_hint)                            \
    VMSTATE_UINT64_EQUAL_V(_f, _s, 0, _err_hint)

/* On load, 0 <= stream value <= the current value. */
#define VMSTATE_INT32_POSITIVE_LE(_f, _s)                                  \
    VMSTATE_SINGLE(_f, _s, 0, vmstate_info_int32_le, int32_t)

/* Timers: the expiry time in ns (-1: not pending). */
#define VMSTATE_TIMER_PTR_TEST(_f, _s, _test)                              \
    VMSTATE_POINTER_TEST(_f, _s, _test, vmstate_info_timer, QEMUTimer *)
#define VMSTATE_TIMER_PTR_V(_f, _s, _v)                                    \
    VMSTATE_POINTER(_f, _s, _v, vmstate_info_timer, QEMUTimer *)
#define VMSTATE_TIMER_PTR(_f, _s)                                          \
    VMSTATE_TIMER_PTR_TEST(_f, _s, NULL)
#define VMSTATE_TIMER_PTR_ARRAY(_f, _s, _n)                                \
    VMSTATE_ARRAY_OF_POINTER(_f, _s, _n, 0, vmstate_info_timer, QEMUTimer *)
#define VMSTATE_TIMER_PTR_VARRAY(_f, _s, _f_n)                             \
    VMSTATE_VARRAY_OF_POINTER_UINT32(_f, _s, _f_n, 0, vmstate_info_timer,  \
                                     QEMUTimer *)
#define VMSTATE_TIMER_TEST(_f, _s, _test)                                  \
    VMSTATE_SINGLE_TEST(_f, _s, _test, 0, vmstate_info_timer, QEMUTimer)
#define VMSTATE_TIMER_V(_f, _s, _v)                                        \
    VMSTATE_SINGLE(_f, _s, _v, vmstate_info_timer, QEMUTimer)
#define VMSTATE_TIMER(_f, _s)                                              \
    VMSTATE_TIMER_TEST(_f, _s, NULL)
#define VMSTATE_TIMER_ARRAY(_f, _s, _n)                                    \
    VMSTATE_ARRAY(_f, _s, _n, 0, vmstate_info_timer, QEMUTimer)

/* Arrays of scalars */

#define VMSTATE_BOOL_ARRAY_V(_f, _s, _n, _v)                               \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_bool, bool)
#define VMSTATE_BOOL_ARRAY(_f, _s, _n)                                     \
    VMSTATE_BOOL_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_BOOL_SUB_ARRAY(_f, _s, _start, _num)                       \
    VMSTATE_SUB_ARRAY(_f, _s, _start, _num, 0, vmstate_info_bool, bool)

#define VMSTATE_UINT8_ARRAY_V(_f, _s, _n, _v)                              \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT8_ARRAY(_f, _s, _n)                                    \
    VMSTATE_UINT8_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT8_SUB_ARRAY(_f, _s, _start, _num)                      \
    VMSTATE_SUB_ARRAY(_f, _s, _start, _num, 0, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT8_2DARRAY_V(_f, _s, _n1, _n2, _v)                      \
    VMSTATE_2DARRAY(_f, _s, _n1, _n2, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT8_2DARRAY(_f, _s, _n1, _n2)                            \
    VMSTATE_UINT8_2DARRAY_V(_f, _s, _n1, _n2, 0)

#define VMSTATE_UINT16_ARRAY_V(_f, _s, _n, _v)                             \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT16_ARRAY(_f, _s, _n)                                   \
    VMSTATE_UINT16_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT16_SUB_ARRAY(_f, _s, _start, _num)                     \
    VMSTATE_SUB_ARRAY(_f, _s, _start, _num, 0, vmstate_info_uint16,        \
                      uint16_t)
#define VMSTATE_UINT16_2DARRAY_V(_f, _s, _n1, _n2, _v)                     \
    VMSTATE_2DARRAY(_f, _s, _n1, _n2, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT16_2DARRAY(_f, _s, _n1, _n2)                           \
    VMSTATE_UINT16_2DARRAY_V(_f, _s, _n1, _n2, 0)

#define VMSTATE_UINT32_ARRAY_V(_f, _s, _n, _v)                             \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT32_ARRAY(_f, _s, _n)                                   \
    VMSTATE_UINT32_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT32_SUB_ARRAY(_f, _s, _start, _num)                     \
    VMSTATE_SUB_ARRAY(_f, _s, _start, _num, 0, vmstate_info_uint32,        \
                      uint32_t)
#define VMSTATE_UINT32_2DARRAY_V(_f, _s, _n1, _n2, _v)                     \
    VMSTATE_2DARRAY(_f, _s, _n1, _n2, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT32_2DARRAY(_f, _s, _n1, _n2)                           \
    VMSTATE_UINT32_2DARRAY_V(_f, _s, _n1, _n2, 0)

#define VMSTATE_UINT64_ARRAY_V(_f, _s, _n, _v)                             \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint64, uint64_t)
#define VMSTATE_UINT64_ARRAY(_f, _s, _n)                                   \
    VMSTATE_UINT64_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT64_SUB_ARRAY(_f, _s, _start, _num)                     \
    VMSTATE_SUB_ARRAY(_f, _s, _start, _num, 0, vmstate_info_uint64,        \
                      uint64_t)
#define VMSTATE_UINT64_2DARRAY_V(_f, _s, _n1, _n2, _v)                     \
    VMSTATE_2DARRAY(_f, _s, _n1, _n2, _v, vmstate_info_uint64, uint64_t)
#define VMSTATE_UINT64_2DARRAY(_f, _s, _n1, _n2)                           \
    VMSTATE_UINT64_2DARRAY_V(_f, _s, _n1, _n2, 0)

#define VMSTATE_INT8_ARRAY_V(_f, _s, _n, _v)                               \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int8, int8_t)
#define VMSTATE_INT8_ARRAY(_f, _s, _n)                                     \
    VMSTATE_INT8_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT16_ARRAY_V(_f, _s, _n, _v)                              \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int16, int16_t)
#define VMSTATE_INT16_ARRAY(_f, _s, _n)                                    \
    VMSTATE_INT16_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT32_ARRAY_V(_f, _s, _n, _v)                              \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int32, int32_t)
#define VMSTATE_INT32_ARRAY(_f, _s, _n)                                    \
    VMSTATE_INT32_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT64_ARRAY_V(_f, _s, _n, _v)                              \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int64, int64_t)
#define VMSTATE_INT64_ARRAY(_f, _s, _n)                                    \
    VMSTATE_INT64_ARRAY_V(_f, _s, _n, 0)

/* Variable arrays of scalars (count in another field) */
#define VMSTATE_UINT8_VARRAY_UINT32(_f, _s, _num)                          \
    VMSTATE_VARRAY_UINT32(_f, _s, _num, 0, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT32_VARRAY_UINT32(_f, _s, _num)                         \
    VMSTATE_VARRAY_UINT32(_f, _s, _num, 0, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_VARRAY_UINT32(_f, _s, _num)                         \
    VMSTATE_VARRAY_UINT32(_f, _s, _num, 0, vmstate_info_uint64, uint64_t)

#define VMSTATE_END_OF_LIST() { .flags = VMS_END }

/* Walking descriptions */

/**
 * vmstate_load_state: read @opaque's state described by @vmsd, written
 * with version @version_id, from @f.  Runs pre_load and post_load, and
 * loads subsections that follow.  Returns 0, or a negative errno after
 * reporting which description/field failed and what was expected.
 */
int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, int version_id);

/**
 * vmstate_load_state_errp: vmstate_load_state() that returns the
 * failure in @errp instead of reporting it (ours; QEMU 10.1 gave
 * vmstate_load_state itself this parameter).
 */
int vmstate_load_state_errp(QEMUFile *f, const VMStateDescription *vmsd,
                            void *opaque, int version_id, Error **errp);

/**
 * vmstate_save_state: write @opaque's state described by @vmsd (at
 * its current version) and its needed subsections to @f.  @vmdesc may
 * be NULL (a JSON description of the fields is not produced).  Returns
 * 0 or a negative errno (pre_save failed, or the file has an error).
 */
int vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, JSONWriter *vmdesc);

/**
 * vmstate_save_state_errp: vmstate_save_state() with the failure in
 * @errp (ours).
 */
int vmstate_save_state_errp(QEMUFile *f, const VMStateDescription *vmsd,
                            void *opaque, JSONWriter *vmdesc, Error **errp);

/**
 * vmstate_save_state_v: vmstate_save_state() writing the fields of
 * version @version_id (fields newer than that are left out).
 */
int vmstate_save_state_v(QEMUFile *f, const VMStateDescription *vmsd,
                         void *opaque, JSONWriter *vmdesc, int version_id,
                         Error **errp);

/** vmstate_section_needed: whether @vmsd is sent for @opaque. */
bool vmstate_section_needed(const VMStateDescription *vmsd, void *opaque);

/* Registration */

#define VMSTATE_INSTANCE_ID_ANY -1

/**
 * vmstate_register_with_alias_id: add a section for @vmsd/@base to the
 * stream.  Its idstr is @vmsd->name, prefixed by "ID/" where ID is
 * @obj's vmstate id (for a device: qdev_get_dev_path()), @instance_id
 * VMSTATE_INSTANCE_ID_ANY picks the next free one for that idstr.
 * @alias_id and @required_for_version are accepted for QEMU
 * compatibility (no legacy aliases here).  Returns 0 or -1 with @errp.
 */
int vmstate_register_with_alias_id(VMStateIf *obj, uint32_t instance_id,
                                   const VMStateDescription *vmsd,
                                   void *base, int alias_id,
                                   int required_for_version,
                                   Error **errp);

/**
 * vmstate_register: vmstate_register_with_alias_id() without alias;
 * a failure is reported.  Returns 0 or -1.
 */
int vmstate_register(VMStateIf *obj, int instance_id,
                     const VMStateDescription *vmsd, void *opaque);

/**
 * vmstate_register_any: vmstate_register() with the next free instance
 * id.
 */
static inline int vmstate_register_any(VMStateIf *obj,
                                       const VMStateDescription *vmsd,
                                       void *opaque)
{
    return vmstate_register_with_alias_id(obj, VMSTATE_INSTANCE_ID_ANY,
                                          vmsd, opaque, -1, 0, NULL);
}

/**
 * vmstate_unregister: remove the section(s) registered for @vmsd and
 * @opaque (@obj is accepted for QEMU compatibility).
 */
void vmstate_unregister(VMStateIf *obj, const VMStateDescription *vmsd,
                        void *opaque);

/**
 * vmstate_qdev_hooks_init: make qdev register each realized device
 * with a vmsd (idstr "<dev path>/<vmsd name>" or the vmsd name,
 * instance id next free) and unregister it on unrealize.  Already
 * done by a constructor of migration/savevm.c before main() runs;
 * calling it again is harmless.
 */
void vmstate_qdev_hooks_init(void);

#endif
