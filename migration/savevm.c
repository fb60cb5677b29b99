/*
 * The registry of migration sections and the stream they make.
 *
 * Every piece of state that migrates is a section: either a
 * VMStateDescription (devices, CPUs: sent whole, once, with the VM
 * stopped) or a live section with SaveVMHandlers (RAM: sent in passes
 * while the VM runs).  Sections are kept in stream order: higher
 * MigrationPriority first, then registration order.
 *
 * The registry changes under the BQL (device realize/unrealize).  The
 * incoming thread looks sections up with the BQL taken.
 *
 * Stream layout: docs/devel/migration/stream.rst.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"
#include "qemu/queue.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "migration/vmstate.h"
#include "migration/register.h"
#include "migration/qemu-file.h"
#include "migration/savevm.h"
#include "migration/options.h"
#include "migration/validate-uuid.h"
#include "validate-caps.h"
#include "postcopy-ram.h"
#include "return-path.h"

#define IDSTR_MAX 256

typedef struct SaveStateEntry {
    QTAILQ_ENTRY(SaveStateEntry) entry;
    char idstr[IDSTR_MAX];
    uint32_t instance_id;
    int version_id;
    uint32_t section_id;
    const SaveVMHandlers *ops;
    const VMStateDescription *vmsd;
    void *opaque;
} SaveStateEntry;

static QTAILQ_HEAD(, SaveStateEntry) savevm_handlers =
    QTAILQ_HEAD_INITIALIZER(savevm_handlers);
static uint32_t next_section_id;

/* Sections a running qemu_loadvm_state has seen START/FULL for. */
typedef struct LoadStateEntry {
    SaveStateEntry *se;
    uint32_t version_id;
} LoadStateEntry;

static bool switchover_started;
/* Sections of a postcopy load that paused, for its recovery. */
static GHashTable *paused_sections;

/* Registry */

static MigrationPriority se_priority(const SaveStateEntry *se)
{
    return se->vmsd ? se->vmsd->priority : MIG_PRI_DEFAULT;
}

/* Insert after every entry of the same or higher priority. */
static void se_insert(SaveStateEntry *nse)
{
    MigrationPriority pri = se_priority(nse);
    SaveStateEntry *se;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (se_priority(se) < pri) {
            QTAILQ_INSERT_BEFORE(se, nse, entry);
            return;
        }
    }
    QTAILQ_INSERT_TAIL(&savevm_handlers, nse, entry);
}

static SaveStateEntry *se_find(const char *idstr, uint32_t instance_id)
{
    SaveStateEntry *se;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (se->instance_id == instance_id &&
            strcmp(se->idstr, idstr) == 0) {
            return se;
        }
    }
    return NULL;
}

static uint32_t next_instance_id(const char *idstr)
{
    SaveStateEntry *se;
    uint32_t id = 0;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (strcmp(se->idstr, idstr) == 0 && se->instance_id >= id) {
            id = se->instance_id + 1;
        }
    }
    return id;
}

/*
 * The full idstr: "<obj id>/<name>" when @obj has an id, else @name.
 * False with @errp when it does not fit.
 */
static bool make_idstr(char *idstr, VMStateIf *obj, const char *name,
                       Error **errp)
{
    g_autofree char *id = vmstate_if_get_id(obj);
    g_autofree char *full = id ? g_strdup_printf("%s/%s", id, name)
                               : g_strdup(name);

    if (strlen(full) >= IDSTR_MAX) {
        error_setg(errp, "section name '%s' is longer than %d characters",
                   full, IDSTR_MAX - 1);
        return false;
    }
    pstrcpy(idstr, IDSTR_MAX, full);
    return true;
}

static bool se_add(SaveStateEntry *se, uint32_t instance_id, Error **errp)
{
    if (instance_id == (uint32_t)VMSTATE_INSTANCE_ID_ANY) {
        se->instance_id = next_instance_id(se->idstr);
    } else {
        se->instance_id = instance_id;
    }
    if (se_find(se->idstr, se->instance_id)) {
        error_setg(errp, "section '%s' instance %" PRIu32 " is already "
                   "registered", se->idstr, se->instance_id);
        return false;
    }
    se->section_id = next_section_id++;
    se_insert(se);
    return true;
}

int register_savevm_live(const char *idstr, uint32_t instance_id,
                         int version_id, const SaveVMHandlers *ops,
                         void *opaque)
{
    SaveStateEntry *se = g_new0(SaveStateEntry, 1);
    Error *err = NULL;

    se->version_id = version_id;
    se->ops = ops;
    se->opaque = opaque;
    if (!make_idstr(se->idstr, NULL, idstr, &err) ||
        !se_add(se, instance_id, &err)) {
        error_report_err(err);
        g_free(se);
        return -1;
    }
    return 0;
}

void unregister_savevm(VMStateIf *obj, const char *idstr, void *opaque)
{
    char full[IDSTR_MAX];
    SaveStateEntry *se, *next;

    if (!make_idstr(full, obj, idstr, NULL)) {
        return;
    }
    QTAILQ_FOREACH_SAFE(se, &savevm_handlers, entry, next) {
        if (strcmp(se->idstr, full) == 0 && se->opaque == opaque) {
            QTAILQ_REMOVE(&savevm_handlers, se, entry);
            g_free(se);
        }
    }
}

int vmstate_register_with_alias_id(VMStateIf *obj, uint32_t instance_id,
                                   const VMStateDescription *vmsd,
                                   void *base, int alias_id,
                                   int required_for_version,
                                   Error **errp)
{
    SaveStateEntry *se = g_new0(SaveStateEntry, 1);

    se->version_id = vmsd->version_id;
    se->vmsd = vmsd;
    se->opaque = base;
    if (!make_idstr(se->idstr, obj, vmsd->name, errp) ||
        !se_add(se, instance_id, errp)) {
        g_free(se);
        return -1;
    }
    return 0;
}

int vmstate_register(VMStateIf *obj, int instance_id,
                     const VMStateDescription *vmsd, void *opaque)
{
    Error *err = NULL;

    if (vmstate_register_with_alias_id(obj, instance_id, vmsd, opaque, -1,
                                       0, &err) < 0) {
        error_report_err(err);
        return -1;
    }
    return 0;
}

void vmstate_unregister(VMStateIf *obj, const VMStateDescription *vmsd,
                        void *opaque)
{
    SaveStateEntry *se, *next;

    QTAILQ_FOREACH_SAFE(se, &savevm_handlers, entry, next) {
        if (se->vmsd == vmsd && se->opaque == opaque) {
            QTAILQ_REMOVE(&savevm_handlers, se, entry);
            g_free(se);
        }
    }
}

/* qdev: realized devices with a vmsd get a section */

static bool qdev_vmstate_register(DeviceState *dev, Error **errp)
{
    return vmstate_register_with_alias_id(VMSTATE_IF(dev),
                                          VMSTATE_INSTANCE_ID_ANY,
                                          qdev_get_vmsd(dev), dev, -1, 0,
                                          errp) == 0;
}

static void qdev_vmstate_unregister(DeviceState *dev)
{
    vmstate_unregister(VMSTATE_IF(dev), qdev_get_vmsd(dev), dev);
}

void vmstate_qdev_hooks_init(void)
{
    qdev_set_vmstate_hooks(qdev_vmstate_register, qdev_vmstate_unregister);
}

/*
 * Installed before main() so that no device can be realized before
 * them (board code, tests); vmstate_qdev_hooks_init() may still be
 * called, it is idempotent.
 */
static void __attribute__((constructor)) vmstate_qdev_hooks_ctor(void)
{
    vmstate_qdev_hooks_init();
}

/* The configuration section: the machine type */

typedef struct ConfigState {
    uint32_t len;
    char *name;
    bool name_allocated;
    QemuUUID uuid;              /* configuration/uuid (validate-uuid) */
    /* configuration/capabilities: the validated ones that are on */
    uint32_t caps_count;
    MigrationCapability *caps;
    MigrationCapability caps_buf[MIGRATION_CAPABILITY__MAX];
} ConfigState;

static const char *local_machine_name(void)
{
    /* No machine (unit tests, tools): an empty name. */
    return current_machine ? MACHINE_GET_CLASS(current_machine)->name : "";
}

static int configuration_pre_save(void *opaque)
{
    ConfigState *s = opaque;

    s->name = (char *)local_machine_name();
    s->len = strlen(s->name);
    migration_uuid_get(&s->uuid);
    s->caps = s->caps_buf;
    s->caps_count = migration_caps_get(s->caps);
    return 0;
}

static int configuration_pre_load(void *opaque)
{
    ConfigState *s = opaque;

    s->name = NULL;
    s->len = 0;
    s->name_allocated = true;
    return 0;
}

static bool configuration_len_valid(void *opaque, int version_id)
{
    ConfigState *s = opaque;

    return s->len < IDSTR_MAX;
}

static bool configuration_post_load_errp(void *opaque, int version_id,
                                         Error **errp)
{
    ConfigState *s = opaque;
    const char *local = local_machine_name();

    if (s->len != strlen(local) ||
        (s->len && memcmp(s->name, local, s->len) != 0)) {
        error_setg(errp, "Machine type received is '%.*s' and local is "
                   "'%s'", (int)s->len, s->name ? s->name : "", local);
        return false;
    }
    /* Here, not in the subsection: a source may send no list at all. */
    return migration_caps_check(s->caps, s->caps_count, errp);
}

static bool configuration_caps_needed(void *opaque)
{
    return migration_caps_needed();
}

static bool configuration_caps_count_valid(void *opaque, int version_id)
{
    ConfigState *s = opaque;

    return s->caps_count <= MIGRATION_CAPABILITY__MAX;
}

static const VMStateDescription vmstate_configuration_caps = {
    .name = "configuration/capabilities",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = configuration_caps_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_V(caps_count, ConfigState, 1),
        VMSTATE_VALIDATE("capability count", configuration_caps_count_valid),
        VMSTATE_VARRAY_UINT32_ALLOC(caps, ConfigState, caps_count, 1,
                                    vmstate_info_capability,
                                    MigrationCapability),
        VMSTATE_END_OF_LIST()
    },
};

static bool configuration_uuid_needed(void *opaque)
{
    return migration_uuid_needed();
}

static bool configuration_uuid_post_load(void *opaque, int version_id,
                                         Error **errp)
{
    ConfigState *s = opaque;

    return migration_uuid_check(&s->uuid, errp);
}

static const VMStateDescription vmstate_configuration_uuid = {
    .name = "configuration/uuid",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = configuration_uuid_needed,
    .post_load_errp = configuration_uuid_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY_V(uuid.data, ConfigState, sizeof(QemuUUID), 1),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_configuration = {
    .name = "configuration",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_load = configuration_pre_load,
    .post_load_errp = configuration_post_load_errp,
    .pre_save = configuration_pre_save,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(len, ConfigState),
        VMSTATE_VALIDATE("machine type name length", configuration_len_valid),
        VMSTATE_VBUFFER_ALLOC_UINT32(name, ConfigState, 0, NULL, len),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_configuration_caps,
        &vmstate_configuration_uuid,
        NULL
    },
};

/* Writing */

static void save_section_header(QEMUFile *f, SaveStateEntry *se,
                                uint8_t type)
{
    qemu_put_byte(f, type);
    qemu_put_be32(f, se->section_id);
    if (type == QEMU_VM_SECTION_START || type == QEMU_VM_SECTION_FULL) {
        qemu_put_counted_string(f, se->idstr);
        qemu_put_be32(f, se->instance_id);
        qemu_put_be32(f, se->version_id);
    }
}

static void save_section_footer(QEMUFile *f, SaveStateEntry *se)
{
    if (migrate_send_section_footer()) {
        qemu_put_byte(f, QEMU_VM_SECTION_FOOTER);
        qemu_put_be32(f, se->section_id);
    }
}

static bool se_is_active(SaveStateEntry *se)
{
    return !se->ops->is_active || se->ops->is_active(se->opaque);
}

/* Record @err as the file's error (the caller reads it from there). */
static int fail_file(QEMUFile *f, int ret, Error *err)
{
    if (ret >= 0) {
        ret = -EINVAL;
    }
    qemu_file_set_error_obj(f, ret, err);
    return ret;
}

void qemu_savevm_state_header(QEMUFile *f)
{
    qemu_put_be32(f, QEMU_VM_FILE_MAGIC);
    qemu_put_be32(f, QEMU_VM_FILE_VERSION);
    if (migrate_send_configuration()) {
        ConfigState cs = { 0 };
        Error *err = NULL;
        int ret;

        qemu_put_byte(f, QEMU_VM_CONFIGURATION);
        ret = vmstate_save_state_errp(f, &vmstate_configuration, &cs, NULL,
                                      &err);
        if (ret < 0) {
            fail_file(f, ret, err);
        }
    }
}

/* A whole vmstate section: header, fields, footer. */
static int save_full_section(QEMUFile *f, SaveStateEntry *se, Error **errp)
{
    int ret;

    save_section_header(f, se, QEMU_VM_SECTION_FULL);
    ret = vmstate_save_state_errp(f, se->vmsd, se->opaque, NULL, errp);
    if (ret < 0) {
        error_prepend(errp, "section '%s' instance %" PRIu32 ": ",
                      se->idstr, se->instance_id);
        return ret;
    }
    save_section_footer(f, se);
    return 0;
}

int qemu_savevm_state_setup(QEMUFile *f, Error **errp)
{
    SaveStateEntry *se;
    int ret;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (se->ops && se->ops->save_prepare && se_is_active(se)) {
            ret = se->ops->save_prepare(se->opaque, errp);
            if (ret < 0) {
                return ret;
            }
        }
    }
    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (se->vmsd && se->vmsd->early_setup) {
            if (!vmstate_section_needed(se->vmsd, se->opaque)) {
                continue;
            }
            ret = save_full_section(f, se, errp);
            if (ret < 0) {
                qemu_file_set_error(f, ret);
                return ret;
            }
            continue;
        }
        if (!se->ops || !se->ops->save_setup || !se_is_active(se)) {
            continue;
        }
        save_section_header(f, se, QEMU_VM_SECTION_START);
        ret = se->ops->save_setup(f, se->opaque, errp);
        save_section_footer(f, se);
        if (ret < 0) {
            if (errp && !*errp) {
                error_setg(errp, "setup of section '%s' failed: %s",
                           se->idstr, strerror(-ret));
            }
            qemu_file_set_error(f, ret);
            return ret;
        }
    }
    ret = qemu_file_get_error(f);
    if (ret < 0) {
        error_setg(errp, "writing the stream failed: %s", strerror(-ret));
    }
    return ret;
}

int qemu_savevm_state_iterate(QEMUFile *f, bool postcopy)
{
    SaveStateEntry *se;
    int ret;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (!se->ops || !se->ops->save_live_iterate || !se_is_active(se)) {
            continue;
        }
        if (se->ops->is_active_iterate &&
            !se->ops->is_active_iterate(se->opaque)) {
            continue;
        }
        if (postcopy && !(se->ops->has_postcopy &&
                          se->ops->has_postcopy(se->opaque))) {
            continue;
        }
        save_section_header(f, se, QEMU_VM_SECTION_PART);
        ret = se->ops->save_live_iterate(f, se->opaque);
        save_section_footer(f, se);
        if (ret < 0) {
            Error *err = NULL;

            error_setg(&err, "iteration of section '%s' failed: %s",
                       se->idstr, strerror(-ret));
            return fail_file(f, ret, err);
        }
        if (ret == 0) {
            /* This one has more to send: the next ones wait for it. */
            return qemu_file_get_error(f) ?: 0;
        }
    }
    ret = qemu_file_get_error(f);
    return ret < 0 ? ret : 1;
}

static void pending_sum(bool exact, uint64_t *must_precopy,
                        uint64_t *can_postcopy)
{
    SaveStateEntry *se;

    *must_precopy = 0;
    *can_postcopy = 0;
    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (!se->ops || !se_is_active(se)) {
            continue;
        }
        if (exact && se->ops->state_pending_exact) {
            se->ops->state_pending_exact(se->opaque, must_precopy,
                                         can_postcopy);
        } else if (se->ops->state_pending_estimate) {
            se->ops->state_pending_estimate(se->opaque, must_precopy,
                                            can_postcopy);
        }
    }
}

void qemu_savevm_state_pending_estimate(uint64_t *must_precopy,
                                        uint64_t *can_postcopy)
{
    pending_sum(false, must_precopy, can_postcopy);
}

void qemu_savevm_state_pending_exact(uint64_t *must_precopy,
                                     uint64_t *can_postcopy)
{
    pending_sum(true, must_precopy, can_postcopy);
}

static int complete_iterables(QEMUFile *f)
{
    SaveStateEntry *se;
    int ret;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (!se->ops || !se->ops->save_live_complete_precopy ||
            !se_is_active(se)) {
            continue;
        }
        save_section_header(f, se, QEMU_VM_SECTION_END);
        ret = se->ops->save_live_complete_precopy(f, se->opaque);
        save_section_footer(f, se);
        if (ret < 0) {
            Error *err = NULL;

            error_setg(&err, "completing section '%s' failed: %s",
                       se->idstr, strerror(-ret));
            return fail_file(f, ret, err);
        }
    }
    return qemu_file_get_error(f);
}

int qemu_savevm_state_postcopy_devices(QEMUFile *f, Error **errp)
{
    SaveStateEntry *se;
    int ret;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (!se->vmsd || se->vmsd->early_setup) {
            continue;
        }
        if (!vmstate_section_needed(se->vmsd, se->opaque)) {
            continue;
        }
        ret = save_full_section(f, se, errp);
        if (ret < 0) {
            qemu_file_set_error(f, ret);
            return ret;
        }
    }
    return 0;
}

int qemu_savevm_state_complete_precopy_non_iterable(QEMUFile *f,
                                                    Error **errp)
{
    int ret;

    ret = qemu_savevm_state_postcopy_devices(f, errp);
    if (ret < 0) {
        return ret;
    }
    qemu_put_byte(f, QEMU_VM_EOF);
    ret = qemu_fflush(f);
    if (ret < 0 || (ret = qemu_file_get_error(f)) < 0) {
        error_setg(errp, "writing the stream failed: %s", strerror(-ret));
        return ret;
    }
    return 0;
}

int qemu_savevm_state_complete_precopy(QEMUFile *f, bool iterable_only)
{
    Error *err = NULL;
    int ret;

    ret = complete_iterables(f);
    if (ret < 0) {
        return ret;
    }
    if (iterable_only) {
        return qemu_fflush(f) < 0 ? qemu_file_get_error(f) : 0;
    }
    ret = qemu_savevm_state_complete_precopy_non_iterable(f, &err);
    if (ret < 0) {
        return fail_file(f, ret, err);
    }
    return 0;
}

static void savevm_command_send(QEMUFile *f, enum qemu_vm_cmd cmd,
                                uint16_t len, const uint8_t *data)
{
    qemu_put_byte(f, QEMU_VM_COMMAND);
    qemu_put_be16(f, cmd);
    qemu_put_be16(f, len);
    if (len) {
        qemu_put_buffer(f, data, len);
    }
}

void qemu_savevm_command_send(QEMUFile *f, enum qemu_vm_cmd cmd,
                              uint16_t len, const uint8_t *data)
{
    savevm_command_send(f, cmd, len, data);
}

int qemu_savevm_state_complete_postcopy(QEMUFile *f)
{
    SaveStateEntry *se;
    int ret;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (!se->ops || !se->ops->save_live_complete_postcopy ||
            !se_is_active(se)) {
            continue;
        }
        save_section_header(f, se, QEMU_VM_SECTION_END);
        ret = se->ops->save_live_complete_postcopy(f, se->opaque);
        save_section_footer(f, se);
        if (ret < 0) {
            Error *err = NULL;

            error_setg(&err, "completing section '%s' in postcopy failed: "
                       "%s", se->idstr, strerror(-ret));
            return fail_file(f, ret, err);
        }
    }
    qemu_put_byte(f, QEMU_VM_EOF);
    qemu_fflush(f);
    return qemu_file_get_error(f);
}

void qemu_savevm_maybe_send_switchover_start(QEMUFile *f)
{
    if (migrate_send_switchover_start()) {
        savevm_command_send(f, MIG_CMD_SWITCHOVER_START, 0, NULL);
    }
}

void qemu_savevm_send_open_return_path(QEMUFile *f)
{
    savevm_command_send(f, MIG_CMD_OPEN_RETURN_PATH, 0, NULL);
}

void qemu_savevm_send_ping(QEMUFile *f, uint32_t value)
{
    uint8_t buf[4] = { value >> 24, value >> 16, value >> 8, value };

    savevm_command_send(f, MIG_CMD_PING, sizeof(buf), buf);
}

void qemu_savevm_state_cleanup(void)
{
    SaveStateEntry *se;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (se->ops && se->ops->save_cleanup) {
            se->ops->save_cleanup(se->opaque);
        }
    }
}

bool qemu_savevm_state_blocked(Error **errp)
{
    SaveStateEntry *se;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (se->vmsd && se->vmsd->unmigratable) {
            error_setg(errp, "State blocked by non-migratable device '%s'",
                       se->idstr);
            return true;
        }
    }
    return false;
}

bool qemu_savevm_state_guest_unplug_pending(void)
{
    SaveStateEntry *se;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (se->vmsd && se->vmsd->dev_unplug_pending &&
            se->vmsd->dev_unplug_pending(se->opaque)) {
            return true;
        }
    }
    return false;
}

int qemu_save_device_state(QEMUFile *f)
{
    Error *err = NULL;
    int ret;

    qemu_savevm_state_header(f);
    ret = qemu_savevm_state_complete_precopy_non_iterable(f, &err);
    if (ret < 0) {
        error_report_err(err);
    }
    return ret;
}

/* Reading */

/* Run the statement with the BQL held, taking it unless the caller has. */
#define WITH_BQL(...)                                                      \
    do {                                                                   \
        bool had_bql_ = bql_locked();                                      \
        if (!had_bql_) {                                                   \
            bql_lock();                                                    \
        }                                                                  \
        __VA_ARGS__;                                                       \
        if (!had_bql_) {                                                   \
            bql_unlock();                                                  \
        }                                                                  \
    } while (0)

static int stream_error(QEMUFile *f, Error **errp, const char *where)
{
    int ret = qemu_file_get_error(f);

    if (ret >= 0) {
        return 0;
    }
    error_setg(errp, "the stream ended or failed %s: %s", where,
               strerror(-ret));
    return ret;
}

int qemu_loadvm_stream_error(QEMUFile *f, Error **errp, const char *where)
{
    return stream_error(f, errp, where);
}

static int check_section_footer(QEMUFile *f, SaveStateEntry *se,
                                uint32_t section_id, Error **errp)
{
    uint8_t type;
    uint32_t id;

    if (!migrate_send_section_footer()) {
        return 0;
    }
    type = qemu_get_byte(f);
    if (type != QEMU_VM_SECTION_FOOTER) {
        if (stream_error(f, errp, "before a section footer")) {
            return -EIO;
        }
        error_setg(errp, "Missing section footer for '%s' (found 0x%02x, "
                   "expected 0x%02x)", se->idstr, type,
                   QEMU_VM_SECTION_FOOTER);
        return -EINVAL;
    }
    id = qemu_get_be32(f);
    if (stream_error(f, errp, "in a section footer")) {
        return -EIO;
    }
    if (id != section_id) {
        error_setg(errp, "Mismatched section id in footer for '%s': read "
                   "0x%" PRIx32 ", expected 0x%" PRIx32, se->idstr, id,
                   section_id);
        return -EINVAL;
    }
    return 0;
}

/* Load one section's payload. */
static int load_section_data(QEMUFile *f, SaveStateEntry *se,
                             uint32_t version_id, Error **errp)
{
    int ret;

    if (se->vmsd) {
        WITH_BQL(ret = vmstate_load_state_errp(f, se->vmsd, se->opaque,
                                               version_id, errp));
        return ret;
    }
    if (!se->ops->load_state) {
        error_setg(errp, "section '%s' cannot be loaded", se->idstr);
        return -EINVAL;
    }
    ret = se->ops->load_state(f, se->opaque, version_id);
    if (ret < 0) {
        Error *ferr_obj = NULL;
        int ferr = qemu_file_get_error_obj(f, &ferr_obj);

        /* The section may have said why on the file (RAM does) */
        if (ferr_obj) {
            error_propagate_prepend(errp, ferr_obj, "loading section '%s' "
                                    "failed: ", se->idstr);
        } else {
            error_setg(errp, "loading section '%s' failed: %s", se->idstr,
                       strerror(ferr < 0 ? -ferr : -ret));
        }
    }
    return ret;
}

static int load_section_start_full(QEMUFile *f, GHashTable *loaded,
                                   Error **errp)
{
    char idstr[256];
    uint32_t section_id, instance_id, version_id;
    LoadStateEntry *le;
    SaveStateEntry *se;
    size_t len;
    int ret;

    section_id = qemu_get_be32(f);
    len = qemu_get_counted_string(f, idstr);
    instance_id = qemu_get_be32(f);
    version_id = qemu_get_be32(f);
    if (stream_error(f, errp, "in a section header")) {
        return -EIO;
    }
    if (!len) {
        error_setg(errp, "section 0x%" PRIx32 " has an empty name",
                   section_id);
        return -EINVAL;
    }
    WITH_BQL(se = se_find(idstr, instance_id));
    if (!se) {
        error_setg(errp, "Unknown section or instance '%s' %" PRIu32 ": "
                   "make sure the destination VM has the same devices as "
                   "the source", idstr, instance_id);
        return -ENOENT;
    }
    if (version_id > (uint32_t)se->version_id) {
        error_setg(errp, "section '%s' has version %" PRIu32 ", newer "
                   "than the %d this binary supports", idstr, version_id,
                   se->version_id);
        return -EINVAL;
    }
    le = g_new0(LoadStateEntry, 1);
    le->se = se;
    le->version_id = version_id;
    g_hash_table_insert(loaded, GUINT_TO_POINTER(section_id), le);

    ret = load_section_data(f, se, version_id, errp);
    if (ret < 0) {
        error_prepend(errp, "error while loading state for instance 0x%"
                      PRIx32 " of device '%s': ", instance_id, idstr);
        return ret;
    }
    return check_section_footer(f, se, section_id, errp);
}

static int load_section_part_end(QEMUFile *f, GHashTable *loaded,
                                 Error **errp)
{
    uint32_t section_id = qemu_get_be32(f);
    LoadStateEntry *le;
    int ret;

    if (stream_error(f, errp, "in a section header")) {
        return -EIO;
    }
    le = g_hash_table_lookup(loaded, GUINT_TO_POINTER(section_id));
    if (!le) {
        error_setg(errp, "Unknown section id 0x%" PRIx32 " (no START "
                   "section came before)", section_id);
        return -EINVAL;
    }
    if (le->se->vmsd) {
        error_setg(errp, "section '%s' is not a live section but came in "
                   "parts", le->se->idstr);
        return -EINVAL;
    }
    ret = load_section_data(f, le->se, le->version_id, errp);
    if (ret < 0) {
        return ret;
    }
    return check_section_footer(f, le->se, section_id, errp);
}

static const char *const mig_cmd_names[MIG_CMD_MAX] = {
    [MIG_CMD_INVALID] = "INVALID",
    [MIG_CMD_OPEN_RETURN_PATH] = "OPEN_RETURN_PATH",
    [MIG_CMD_PING] = "PING",
    [MIG_CMD_POSTCOPY_ADVISE] = "POSTCOPY_ADVISE",
    [MIG_CMD_POSTCOPY_LISTEN] = "POSTCOPY_LISTEN",
    [MIG_CMD_POSTCOPY_RUN] = "POSTCOPY_RUN",
    [MIG_CMD_POSTCOPY_RAM_DISCARD] = "POSTCOPY_RAM_DISCARD",
    [MIG_CMD_PACKAGED] = "PACKAGED",
    [MIG_CMD_ENABLE_COLO] = "ENABLE_COLO",
    [MIG_CMD_POSTCOPY_RESUME] = "POSTCOPY_RESUME",
    [MIG_CMD_RECV_BITMAP] = "RECV_BITMAP",
    [MIG_CMD_SWITCHOVER_START] = "SWITCHOVER_START",
};

static int loadvm_switchover_start(Error **errp)
{
    SaveStateEntry *se;
    int ret;

    switchover_started = true;
    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (!se->ops || !se->ops->switchover_start) {
            continue;
        }
        ret = se->ops->switchover_start(se->opaque);
        if (ret < 0) {
            error_setg(errp, "switchover start of section '%s' failed: %s",
                       se->idstr, strerror(-ret));
            return ret;
        }
    }
    return 0;
}

static int loadvm_main(QEMUFile *f, GHashTable *loaded, Error **errp);

int qemu_loadvm_state_main(QEMUFile *f, Error **errp)
{
    g_autoptr(GHashTable) loaded =
        g_hash_table_new_full(NULL, NULL, NULL, g_free);

    return loadvm_main(f, loaded, errp);
}

static int load_command(QEMUFile *f, Error **errp)
{
    uint16_t cmd = qemu_get_be16(f);
    uint16_t len = qemu_get_be16(f);
    int expected = -1;

    if (stream_error(f, errp, "in a command")) {
        return -EIO;
    }
    if (cmd == MIG_CMD_INVALID || cmd >= MIG_CMD_MAX) {
        error_setg(errp, "Unknown migration command 0x%x (expected 1 to %d)",
                   cmd, MIG_CMD_MAX - 1);
        return -EINVAL;
    }
    switch (cmd) {
    case MIG_CMD_OPEN_RETURN_PATH:
    case MIG_CMD_SWITCHOVER_START:
    case MIG_CMD_POSTCOPY_LISTEN:
    case MIG_CMD_POSTCOPY_RUN:
    case MIG_CMD_POSTCOPY_RESUME:
        expected = 0;
        break;
    case MIG_CMD_PING:
    case MIG_CMD_PACKAGED:
        expected = 4;
        break;
    case MIG_CMD_POSTCOPY_ADVISE:
        expected = len == 0 ? 0 : 16;
        break;
    case MIG_CMD_POSTCOPY_RAM_DISCARD:
    case MIG_CMD_RECV_BITMAP:
        expected = len;
        break;
    default:
        error_setg(errp, "Migration command %s is not supported",
                   mig_cmd_names[cmd]);
        return -ENOTSUP;
    }
    if (len != expected) {
        error_setg(errp, "Migration command %s has length %u (expected %d)",
                   mig_cmd_names[cmd], len, expected);
        return -EINVAL;
    }
    switch (cmd) {
    case MIG_CMD_OPEN_RETURN_PATH:
        return migration_rp_dest_open(f, errp) ? 0 : -EINVAL;
    case MIG_CMD_PING: {
        uint32_t val = qemu_get_be32(f);

        if (stream_error(f, errp, "in a PING command")) {
            return -EIO;
        }
        if (migration_rp_dest_is_open()) {
            migration_rp_send_pong(val);
        }
        return 0;
    }
    case MIG_CMD_SWITCHOVER_START:
        return loadvm_switchover_start(errp);
    case MIG_CMD_POSTCOPY_ADVISE:
    case MIG_CMD_POSTCOPY_RAM_DISCARD:
    case MIG_CMD_PACKAGED:
    case MIG_CMD_POSTCOPY_LISTEN:
    case MIG_CMD_POSTCOPY_RUN:
    case MIG_CMD_POSTCOPY_RESUME:
    case MIG_CMD_RECV_BITMAP:
        return loadvm_postcopy_command(f, cmd, len, errp);
    }
    return 0;
}

static int load_header(QEMUFile *f, Error **errp)
{
    uint32_t magic = qemu_get_be32(f);
    uint32_t version = qemu_get_be32(f);

    if (stream_error(f, errp, "in the stream header")) {
        return -EIO;
    }
    if (magic != QEMU_VM_FILE_MAGIC) {
        error_setg(errp, "Not a migration stream: bad magic 0x%08" PRIx32
                   " (expected 0x%08x, \"QEVM\")", magic,
                   QEMU_VM_FILE_MAGIC);
        return -EINVAL;
    }
    if (version != QEMU_VM_FILE_VERSION) {
        error_setg(errp, "Unsupported migration stream version %" PRIu32
                   " (expected %d)", version, QEMU_VM_FILE_VERSION);
        return -ENOTSUP;
    }
    if (qemu_peek_byte(f, 0) == QEMU_VM_CONFIGURATION) {
        ConfigState cs = { 0 };
        int ret;

        qemu_file_skip(f, 1);
        ret = vmstate_load_state_errp(f, &vmstate_configuration, &cs, 1,
                                      errp);
        if (cs.name_allocated) {
            g_free(cs.name);
            g_free(cs.caps);
        }
        return ret;
    }
    if (migrate_send_configuration()) {
        if (stream_error(f, errp, "after the stream header")) {
            return -EIO;
        }
        error_setg(errp, "Configuration section missing (found 0x%02x, "
                   "expected 0x%02x)", qemu_peek_byte(f, 0),
                   QEMU_VM_CONFIGURATION);
        return -EINVAL;
    }
    return 0;
}

static int load_setup(QEMUFile *f, Error **errp)
{
    SaveStateEntry *se;
    int ret;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (!se->ops || !se->ops->load_setup) {
            continue;
        }
        if (se->ops->is_active && !se->ops->is_active(se->opaque)) {
            continue;
        }
        ret = se->ops->load_setup(f, se->opaque, errp);
        if (ret < 0) {
            if (errp && !*errp) {
                error_setg(errp, "load setup of section '%s' failed: %s",
                           se->idstr, strerror(-ret));
            }
            return ret;
        }
    }
    return 0;
}

void qemu_loadvm_state_cleanup(void)
{
    SaveStateEntry *se;

    QTAILQ_FOREACH(se, &savevm_handlers, entry) {
        if (se->ops && se->ops->load_cleanup) {
            se->ops->load_cleanup(se->opaque);
        }
    }
}

int qemu_loadvm_state_resume(QEMUFile *f, Error **errp)
{
    g_autoptr(GHashTable) loaded = g_steal_pointer(&paused_sections);
    int ret;

    if (!loaded) {
        error_setg(errp, "no paused postcopy load to resume");
        return -EINVAL;
    }
    ret = loadvm_main(f, loaded, errp);
    ret = loadvm_postcopy_end(ret, errp);
    if (ret < 0 && postcopy_state_get() == POSTCOPY_INCOMING_RUNNING) {
        paused_sections = g_steal_pointer(&loaded);
    }
    qemu_loadvm_state_cleanup();
    return ret;
}

bool qemu_loadvm_switchover_started(void)
{
    return switchover_started;
}

static int loadvm_main(QEMUFile *f, GHashTable *loaded, Error **errp)
{
    for (;;) {
        int type = qemu_get_byte(f);
        int ret;

        if (stream_error(f, errp, "between sections")) {
            return -EIO;
        }
        switch (type) {
        case QEMU_VM_EOF:
            return 0;
        case QEMU_VM_SECTION_START:
        case QEMU_VM_SECTION_FULL:
            ret = load_section_start_full(f, loaded, errp);
            break;
        case QEMU_VM_SECTION_PART:
        case QEMU_VM_SECTION_END:
            ret = load_section_part_end(f, loaded, errp);
            break;
        case QEMU_VM_COMMAND:
            ret = load_command(f, errp);
            break;
        default:
            error_setg(errp, "Unknown section type 0x%02x", type);
            return -EINVAL;
        }
        if (ret < 0 || ret == LOADVM_QUIT) {
            return ret;
        }
        ret = stream_error(f, errp, "in a section");
        if (ret < 0) {
            return ret;
        }
    }
}

int qemu_loadvm_state(QEMUFile *f, Error **errp)
{
    g_autoptr(GHashTable) loaded = NULL;
    int ret;

    switchover_started = false;
    ret = load_header(f, errp);
    if (ret < 0) {
        return ret;
    }
    ret = load_setup(f, errp);
    if (ret == 0) {
        loaded = g_hash_table_new_full(NULL, NULL, NULL, g_free);
        ret = loadvm_main(f, loaded, errp);
        ret = loadvm_postcopy_end(ret, errp);
        if (ret < 0 && postcopy_state_get() == POSTCOPY_INCOMING_RUNNING) {
            /* A postcopy recovery goes on with these sections. */
            g_clear_pointer(&paused_sections, g_hash_table_unref);
            paused_sections = g_steal_pointer(&loaded);
        }
    }
    qemu_loadvm_state_cleanup();
    return ret;
}
