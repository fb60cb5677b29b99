/*
 * Validated capabilities (see validate-caps.h).  A capability travels
 * by name, so a destination that does not know a name says which.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-types.h"
#include "qemu-file.h"
#include "migration.h"
#include "validate-caps.h"
#include "vmstate-internal.h"

/* Only these: the others may differ between the two sides. */
static bool should_validate(int cap)
{
    return cap == MIGRATION_CAPABILITY_X_IGNORE_SHARED ||
           cap == MIGRATION_CAPABILITY_MAPPED_RAM;
}

static bool cap_on(int cap)
{
    return migrate_get_current()->capabilities[cap];
}

bool migration_caps_needed(void)
{
    return migration_caps_get(NULL) > 0;
}

uint32_t migration_caps_get(MigrationCapability *caps)
{
    uint32_t n = 0;

    for (int i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        if (should_validate(i) && cap_on(i)) {
            if (caps) {
                caps[n] = i;
            }
            n++;
        }
    }
    return n;
}

bool migration_caps_check(const MigrationCapability *caps, uint32_t n,
                          Error **errp)
{
    bool source[MIGRATION_CAPABILITY__MAX] = { false };
    g_autoptr(GString) diff = g_string_new(NULL);

    for (uint32_t i = 0; i < n; i++) {
        source[caps[i]] = true;
    }
    for (int i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        if (should_validate(i) && source[i] != cap_on(i)) {
            g_string_append_printf(diff, "%sCapability %s is %s, but "
                                   "received capability is %s",
                                   diff->len ? "; " : "",
                                   MigrationCapability_str(i),
                                   cap_on(i) ? "on" : "off",
                                   source[i] ? "on" : "off");
        }
    }
    if (diff->len) {
        error_setg(errp, "%s", diff->str);
        return false;
    }
    return true;
}

static int get_capability(QEMUFile *f, void *pv, size_t size,
                          const VMStateField *field)
{
    MigrationCapability *cap = pv;
    char name[256];

    qemu_get_counted_string(f, name);
    if (qemu_file_get_error(f)) {
        vmstate_info_set_error("the stream ended in a capability name");
        return -EIO;
    }
    for (int i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        if (!strcmp(MigrationCapability_str(i), name)) {
            *cap = i;
            return 0;
        }
    }
    vmstate_info_set_error("Received unknown capability %s", name);
    return -EINVAL;
}

static int put_capability(QEMUFile *f, void *pv, size_t size,
                          const VMStateField *field, JSONWriter *vmdesc)
{
    qemu_put_counted_string(f, MigrationCapability_str(
                                   *(MigrationCapability *)pv));
    return 0;
}

const VMStateInfo vmstate_info_capability = {
    .name = "capability",
    .get = get_capability,
    .put = put_capability,
};
