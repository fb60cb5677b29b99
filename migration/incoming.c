/*
 * The -incoming option: a URI or "defer" for the destination of a
 * migration, and "config:" migration parameters that exist from
 * start-up on, before the migration object does.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-visit.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/visitor.h"
#include "qemu/keyval.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "migration/misc.h"
#include "migration.h"

#define INCOMING_CONFIG_PREFIX "config:"

static char *incoming_uri;
/* The config: options given so far, merged; NULL if none. */
static MigrateSetParameters *incoming_config;

const char *migration_incoming_uri(void)
{
    return incoming_uri;
}

/* key=value,... (keyval) or a JSON object -> MigrateSetParameters */
static MigrateSetParameters *incoming_config_parse(const char *text,
                                                   Error **errp)
{
    MigrateSetParameters *params = NULL;
    QObject *obj;
    Visitor *v;

    while (g_ascii_isspace(*text)) {
        text++;
    }
    if (*text == '{' || *text == '[') {
        obj = qobject_from_json(text, errp);
        if (!obj) {
            return NULL;
        }
        if (qobject_type(obj) != QTYPE_QDICT) {
            error_setg(errp, "expected a JSON object of migration "
                       "parameters after 'config:'");
            qobject_unref(obj);
            return NULL;
        }
        v = qobject_input_visitor_new(obj);
    } else {
        QDict *dict = keyval_parse(text, NULL, NULL, errp);

        if (!dict) {
            return NULL;
        }
        obj = QOBJECT(dict);
        v = qobject_input_visitor_new_keyval(obj);
    }
    visit_type_MigrateSetParameters(v, NULL, &params, errp);
    visit_free(v);
    qobject_unref(obj);
    return params;
}

/* Later config: options override earlier ones, member by member. */
static MigrateSetParameters *incoming_config_merge(MigrateSetParameters *old,
                                                   MigrateSetParameters *new)
{
    QDict *dict = migrate_set_params_to_qdict(old);
    QDict *changes = migrate_set_params_to_qdict(new);
    MigrateSetParameters *merged = NULL;
    Visitor *v;

    migrate_params_overlay(dict, changes, false);
    v = qobject_input_visitor_new(QOBJECT(dict));
    visit_type_MigrateSetParameters(v, NULL, &merged, &error_abort);
    visit_free(v);
    qobject_unref(dict);
    qobject_unref(changes);
    return merged;
}

/* Range checks of the values given, before anything starts. */
static bool incoming_config_check(const MigrateSetParameters *params,
                                  Error **errp)
{
    MigrationParameters empty = { 0 };
    g_autoptr(MigrationParameters) given = migrate_params_merge(&empty,
                                                                params, errp);

    return given && migrate_params_check(given, errp);
}

bool migration_incoming_parse_option(const char *optarg, Error **errp)
{
    MigrateSetParameters *params;

    if (!g_str_has_prefix(optarg, INCOMING_CONFIG_PREFIX)) {
        if (!*optarg) {
            error_setg(errp, "-incoming needs a URI, 'defer', or "
                       "'config:' followed by migration parameters");
            return false;
        }
        g_free(incoming_uri);
        incoming_uri = g_strdup(optarg);
        return true;
    }

    params = incoming_config_parse(optarg + strlen(INCOMING_CONFIG_PREFIX),
                                   errp);
    if (!params) {
        return false;
    }
    if (!incoming_config_check(params, errp)) {
        qapi_free_MigrateSetParameters(params);
        return false;
    }
    if (incoming_config) {
        MigrateSetParameters *merged = incoming_config_merge(incoming_config,
                                                             params);
        qapi_free_MigrateSetParameters(incoming_config);
        qapi_free_MigrateSetParameters(params);
        params = merged;
    }
    incoming_config = params;
    return true;
}

bool migration_incoming_apply_config(MigrationState *s, Error **errp)
{
    if (incoming_config && !migrate_params_apply(s, incoming_config, errp)) {
        error_prepend(errp, "-incoming config: ");
        return false;
    }
    return true;
}

void migration_incoming_cleanup(void)
{
    qapi_free_MigrateSetParameters(incoming_config);
    incoming_config = NULL;
    g_free(incoming_uri);
    incoming_uri = NULL;
}
