/*
 * The VMState walker: saves and loads a structure described by a
 * VMStateDescription, field by field, then its subsections.
 *
 * On the stream a description is just its fields in order (no names,
 * no lengths), followed by the subsections that are needed, each as
 * QEMU_VM_SUBSECTION, counted name, be32 version, fields...  The
 * reader peeks for QEMU_VM_SUBSECTION to know whether one follows.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "migration/vmstate-internal.h"

static __thread char *info_error;

void vmstate_info_set_error(const char *fmt, ...)
{
    va_list ap;

    g_free(info_error);
    va_start(ap, fmt);
    info_error = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

char *vmstate_info_take_error(void)
{
    char *msg = info_error;

    info_error = NULL;
    return msg;
}

static bool field_is_end(const VMStateField *field)
{
    return (field->flags & VMS_END) || !field->name;
}

/* Whether @field is on the stream for @version_id. */
static bool field_exists(const VMStateField *field, void *opaque,
                         int version_id)
{
    if (field->field_exists) {
        return field->field_exists(opaque, version_id);
    }
    return field->version_id <= version_id;
}

/* Number of elements of @field, or -1 when the count is invalid. */
static int64_t field_n_elems(void *opaque, const VMStateField *field)
{
    int64_t n = 1;

    if (field->flags & VMS_ARRAY) {
        n = field->num;
    } else if (field->flags & VMS_VARRAY_INT32) {
        n = *(int32_t *)((char *)opaque + field->num_offset);
    } else if (field->flags & VMS_VARRAY_UINT32) {
        n = *(uint32_t *)((char *)opaque + field->num_offset);
    } else if (field->flags & VMS_VARRAY_UINT16) {
        n = *(uint16_t *)((char *)opaque + field->num_offset);
    } else if (field->flags & VMS_VARRAY_UINT8) {
        n = *(uint8_t *)((char *)opaque + field->num_offset);
    }
    if (field->flags & VMS_MULTIPLY_ELEMENTS) {
        n *= field->num;
    }
    return n < 0 ? -1 : n;
}

/* Size of one element of @field, or -1 when the size is invalid. */
static int64_t field_size(void *opaque, const VMStateField *field)
{
    int64_t size = field->size;

    if (field->flags & VMS_VBUFFER) {
        size = *(int32_t *)((char *)opaque + field->size_offset);
        if (field->flags & VMS_MULTIPLY) {
            /* The multiplied sizes are uint32 counts. */
            size = *(uint32_t *)((char *)opaque + field->size_offset);
            size *= field->size;
        }
    }
    return size < 0 ? -1 : size;
}

/*
 * VMS_ALLOC: make room for @n elements of @size bytes at the pointer
 * stored at @ptr.  Bounded, since the sizes come from the stream.
 */
static bool field_alloc(void *ptr, const VMStateField *field,
                        int64_t size, int64_t n, Error **errp)
{
    int64_t total;

    if (!(field->flags & VMS_POINTER) || !(field->flags & VMS_ALLOC)) {
        return true;
    }
    total = size * n;
    if (n && size && total / n != size) {
        total = INT64_MAX;
    }
    if (total > VMSTATE_ALLOC_MAX) {
        error_setg(errp, "field '%s' would need %" PRId64 " bytes, more "
                   "than the %d allowed", field->name, total,
                   VMSTATE_ALLOC_MAX);
        return false;
    }
    /* The loader owns what it allocates: a second load replaces it. */
    g_free(*(void **)ptr);
    *(void **)ptr = total ? g_malloc0(total) : NULL;
    return true;
}

static bool run_pre_load(const VMStateDescription *vmsd, void *opaque,
                         Error **errp)
{
    int ret;

    if (vmsd->pre_load_errp) {
        Error *local_err = NULL;

        if (!vmsd->pre_load_errp(opaque, &local_err)) {
            if (!local_err) {
                error_setg(&local_err, "pre_load failed");
            }
            error_propagate_prepend(errp, local_err, "%s: ", vmsd->name);
            return false;
        }
    } else if (vmsd->pre_load) {
        ret = vmsd->pre_load(opaque);
        if (ret) {
            error_setg(errp, "%s: pre_load failed: %s", vmsd->name,
                       strerror(ret < 0 ? -ret : ret));
            return false;
        }
    }
    return true;
}

static bool run_post_load(const VMStateDescription *vmsd, void *opaque,
                          int version_id, Error **errp)
{
    int ret;

    if (vmsd->post_load_errp) {
        Error *local_err = NULL;

        if (!vmsd->post_load_errp(opaque, version_id, &local_err)) {
            if (!local_err) {
                error_setg(&local_err, "post_load failed");
            }
            error_propagate_prepend(errp, local_err, "%s: ", vmsd->name);
            return false;
        }
    } else if (vmsd->post_load) {
        ret = vmsd->post_load(opaque, version_id);
        if (ret) {
            error_setg(errp, "%s: post_load failed: %s", vmsd->name,
                       strerror(ret < 0 ? -ret : ret));
            return false;
        }
    }
    return true;
}

static int subsections_load(QEMUFile *f, const VMStateDescription *vmsd,
                            void *opaque, Error **errp);

/* Load one element of @field at @elem. */
static int element_load(QEMUFile *f, const VMStateField *field,
                        void *elem, size_t size, Error **errp)
{
    g_autofree char *why = NULL;
    int ret;

    if (field->flags & VMS_ARRAY_OF_POINTER) {
        void *ptr = *(void **)elem;

        if (!ptr) {
            /* A NULL element here: the stream must say NULL too. */
            int marker = qemu_get_byte(f);

            if (marker != VMS_NULLPTR_MARKER) {
                error_setg(errp, "expected a NULL element (0x%x), got 0x%x",
                           VMS_NULLPTR_MARKER, marker);
                return -EINVAL;
            }
            return 0;
        }
        elem = ptr;
    }
    if (field->flags & VMS_STRUCT) {
        return vmstate_load_state_errp(f, field->vmsd, elem,
                                       field->vmsd->version_id, errp);
    }
    if (field->flags & VMS_VSTRUCT) {
        return vmstate_load_state_errp(f, field->vmsd, elem,
                                       field->struct_version_id, errp);
    }
    if (!field->info) {
        error_setg(errp, "no way to load it (no info)");
        return -EINVAL;
    }
    vmstate_info_take_error();
    ret = field->info->get(f, elem, size, field);
    if (ret < 0) {
        why = vmstate_info_take_error();
        error_setg(errp, "%s", why ? why : strerror(-ret));
        if (field->err_hint) {
            error_append_hint(errp, "%s\n", field->err_hint);
        }
    }
    return ret;
}

static int field_load(QEMUFile *f, const VMStateField *field, void *opaque,
                      Error **errp)
{
    void *first = (char *)opaque + field->offset;
    int64_t n = field_n_elems(opaque, field);
    int64_t size = field_size(opaque, field);
    int64_t i;

    if (n < 0 || size < 0) {
        error_setg(errp, "invalid %s %" PRId64, n < 0 ? "count" : "size",
                   n < 0 ? n : size);
        return -EINVAL;
    }
    if (!field_alloc(first, field, size, n, errp)) {
        return -ENOMEM;
    }
    if (field->flags & VMS_POINTER) {
        first = *(void **)first;
        if (!first && n && size) {
            error_setg(errp, "no storage for %" PRId64 " element(s) "
                       "(NULL pointer)", n);
            return -EINVAL;
        }
    }
    for (i = 0; i < n; i++) {
        void *elem = (char *)first + size * i;
        int ret = element_load(f, field, elem, size, errp);

        if (ret < 0) {
            if (n > 1) {
                error_prepend(errp, "element %" PRId64 ": ", i);
            }
            return ret;
        }
        if (qemu_file_get_error(f)) {
            error_setg(errp, "the stream ended or failed (%s)",
                       strerror(-qemu_file_get_error(f)));
            return qemu_file_get_error(f);
        }
    }
    return 0;
}

int vmstate_load_state_errp(QEMUFile *f, const VMStateDescription *vmsd,
                            void *opaque, int version_id, Error **errp)
{
    const VMStateField *field;
    int ret;

    if (version_id > vmsd->version_id) {
        error_setg(errp, "%s: incoming version_id %d is too new for local "
                   "version_id %d", vmsd->name, version_id,
                   vmsd->version_id);
        return -EINVAL;
    }
    if (version_id < vmsd->minimum_version_id) {
        error_setg(errp, "%s: incoming version_id %d is too old for local "
                   "minimum version_id %d", vmsd->name, version_id,
                   vmsd->minimum_version_id);
        return -EINVAL;
    }
    if (!run_pre_load(vmsd, opaque, errp)) {
        return -EINVAL;
    }
    for (field = vmsd->fields; field && !field_is_end(field); field++) {
        if (!field_exists(field, opaque, version_id)) {
            if (field->flags & VMS_MUST_EXIST) {
                error_setg(errp, "%s: input validation failed: %s",
                           vmsd->name, field->name);
                return -EINVAL;
            }
            continue;
        }
        ret = field_load(f, field, opaque, errp);
        if (ret < 0) {
            error_prepend(errp, "%s: field '%s': ", vmsd->name, field->name);
            return ret;
        }
    }
    ret = subsections_load(f, vmsd, opaque, errp);
    if (ret < 0) {
        return ret;
    }
    if (!run_post_load(vmsd, opaque, version_id, errp)) {
        return -EINVAL;
    }
    return 0;
}

int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, int version_id)
{
    Error *err = NULL;
    int ret = vmstate_load_state_errp(f, vmsd, opaque, version_id, &err);

    if (ret < 0) {
        error_report_err(err);
    }
    return ret;
}

static const VMStateDescription *
subsection_find(const VMStateDescription *vmsd, const char *name)
{
    const VMStateDescription * const *sub;

    for (sub = vmsd->subsections; sub && *sub; sub++) {
        if (strcmp((*sub)->name, name) == 0) {
            return *sub;
        }
    }
    return NULL;
}

/*
 * Load the subsections that follow.  A subsection of @vmsd is named
 * "<vmsd name>/..."; anything else belongs to an enclosing level.
 */
static int subsections_load(QEMUFile *f, const VMStateDescription *vmsd,
                            void *opaque, Error **errp)
{
    size_t prefix_len = strlen(vmsd->name);

    for (;;) {
        char name[256];
        const VMStateDescription *sub;
        uint8_t *peeked;
        uint32_t version;
        int len, ret;

        if (qemu_peek_byte(f, 0) != QEMU_VM_SUBSECTION) {
            return 0;
        }
        len = qemu_peek_byte(f, 1);
        if (len < (int)prefix_len + 1) {
            return 0;
        }
        if (qemu_peek_buffer(f, &peeked, len, 2) != (size_t)len) {
            return 0;
        }
        if (memcmp(peeked, vmsd->name, prefix_len) != 0 ||
            peeked[prefix_len] != '/') {
            return 0;
        }
        memcpy(name, peeked, len);
        name[len] = '\0';
        sub = subsection_find(vmsd, name);
        if (!sub) {
            error_setg(errp, "%s: unknown subsection '%s'", vmsd->name,
                       name);
            return -ENOENT;
        }
        qemu_file_skip(f, 2 + len);
        version = qemu_get_be32(f);
        if (qemu_file_get_error(f)) {
            error_setg(errp, "%s: the stream ended in subsection '%s'",
                       vmsd->name, name);
            return qemu_file_get_error(f);
        }
        if (version > INT32_MAX) {
            error_setg(errp, "%s: invalid version %" PRIu32, name, version);
            return -EINVAL;
        }
        ret = vmstate_load_state_errp(f, sub, opaque, version, errp);
        if (ret < 0) {
            return ret;
        }
    }
}

bool vmstate_section_needed(const VMStateDescription *vmsd, void *opaque)
{
    return !vmsd->needed || vmsd->needed(opaque);
}

/* Save one element of @field at @elem. */
static int element_save(QEMUFile *f, const VMStateField *field,
                        void *elem, size_t size, JSONWriter *vmdesc,
                        Error **errp)
{
    int ret;

    if (field->flags & VMS_ARRAY_OF_POINTER) {
        elem = *(void **)elem;
        if (!elem) {
            qemu_put_byte(f, VMS_NULLPTR_MARKER);
            return 0;
        }
    }
    if (field->flags & VMS_STRUCT) {
        return vmstate_save_state_errp(f, field->vmsd, elem, vmdesc, errp);
    }
    if (field->flags & VMS_VSTRUCT) {
        return vmstate_save_state_v(f, field->vmsd, elem, vmdesc,
                                    field->struct_version_id, errp);
    }
    if (!field->info) {
        error_setg(errp, "no way to save it (no info)");
        return -EINVAL;
    }
    ret = field->info->put(f, elem, size, field, vmdesc);
    if (ret < 0) {
        g_autofree char *why = vmstate_info_take_error();

        error_setg(errp, "%s", why ? why : strerror(-ret));
    }
    return ret;
}

static int field_save(QEMUFile *f, const VMStateField *field, void *opaque,
                      JSONWriter *vmdesc, Error **errp)
{
    void *first = (char *)opaque + field->offset;
    int64_t n = field_n_elems(opaque, field);
    int64_t size = field_size(opaque, field);
    int64_t i;

    if (n < 0 || size < 0) {
        error_setg(errp, "invalid %s %" PRId64, n < 0 ? "count" : "size",
                   n < 0 ? n : size);
        return -EINVAL;
    }
    if (field->flags & VMS_POINTER) {
        first = *(void **)first;
        if (!first && n && size) {
            error_setg(errp, "NULL pointer for %" PRId64 " element(s)", n);
            return -EINVAL;
        }
    }
    for (i = 0; i < n; i++) {
        int ret = element_save(f, field, (char *)first + size * i, size,
                               vmdesc, errp);

        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

static int subsections_save(QEMUFile *f, const VMStateDescription *vmsd,
                            void *opaque, JSONWriter *vmdesc, Error **errp)
{
    const VMStateDescription * const *sub;

    for (sub = vmsd->subsections; sub && *sub; sub++) {
        int ret;

        if (!vmstate_section_needed(*sub, opaque)) {
            continue;
        }
        qemu_put_byte(f, QEMU_VM_SUBSECTION);
        qemu_put_counted_string(f, (*sub)->name);
        qemu_put_be32(f, (*sub)->version_id);
        ret = vmstate_save_state_errp(f, *sub, opaque, vmdesc, errp);
        if (ret < 0) {
            return ret;
        }
    }
    return 0;
}

int vmstate_save_state_v(QEMUFile *f, const VMStateDescription *vmsd,
                         void *opaque, JSONWriter *vmdesc, int version_id,
                         Error **errp)
{
    const VMStateField *field;
    int ret = 0;

    if (vmsd->pre_save_errp) {
        Error *local_err = NULL;

        if (!vmsd->pre_save_errp(opaque, &local_err)) {
            if (!local_err) {
                error_setg(&local_err, "pre_save failed");
            }
            error_propagate_prepend(errp, local_err, "%s: ", vmsd->name);
            return -EINVAL;
        }
    } else if (vmsd->pre_save) {
        ret = vmsd->pre_save(opaque);
        if (ret) {
            error_setg(errp, "%s: pre_save failed: %s", vmsd->name,
                       strerror(ret < 0 ? -ret : ret));
            return ret < 0 ? ret : -EINVAL;
        }
    }
    for (field = vmsd->fields; field && !field_is_end(field); field++) {
        if (!field_exists(field, opaque, version_id)) {
            continue;
        }
        ret = field_save(f, field, opaque, vmdesc, errp);
        if (ret < 0) {
            error_prepend(errp, "%s: field '%s': ", vmsd->name, field->name);
            break;
        }
    }
    if (ret >= 0) {
        ret = subsections_save(f, vmsd, opaque, vmdesc, errp);
    }
    if (vmsd->post_save) {
        int ps = vmsd->post_save(opaque);

        if (ps && ret >= 0) {
            error_setg(errp, "%s: post_save failed", vmsd->name);
            ret = ps < 0 ? ps : -EINVAL;
        }
    }
    if (ret >= 0 && qemu_file_get_error(f)) {
        ret = qemu_file_get_error(f);
        error_setg(errp, "%s: the stream failed (%s)", vmsd->name,
                   strerror(-ret));
    }
    return ret < 0 ? ret : 0;
}

int vmstate_save_state_errp(QEMUFile *f, const VMStateDescription *vmsd,
                            void *opaque, JSONWriter *vmdesc, Error **errp)
{
    return vmstate_save_state_v(f, vmsd, opaque, vmdesc, vmsd->version_id,
                                errp);
}

int vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, JSONWriter *vmdesc)
{
    Error *err = NULL;
    int ret = vmstate_save_state_errp(f, vmsd, opaque, vmdesc, &err);

    if (ret < 0) {
        error_report_err(err);
    }
    return ret;
}
