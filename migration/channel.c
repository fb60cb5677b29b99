/*
 * The meeting point of transports and the migration core.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "channel.h"
#include "qemu-file.h"

void migration_channel_process_incoming(QIOChannel *ioc)
{
    Error *err = NULL;

    migration_ioc_process_incoming(ioc, &err);
    if (err) {
        error_report_err(err);
    }
}

void migration_channel_connect(MigrationState *s, QIOChannel *ioc,
                               Error *error)
{
    if (!error && ioc) {
        s->to_dst_file = qemu_file_new_output(ioc);
    }
    migration_connect(s, error);
}
