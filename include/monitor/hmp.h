/*
 * Human monitor commands.  Each handler gets the monitor to print to and
 * the arguments parsed from the command line (see monitor/hmp-cmds-table.c
 * for the argument specification of each command).
 */
#ifndef MONITOR_HMP_H
#define MONITOR_HMP_H

#include "monitor/monitor.h"

/*
 * hmp_handle_error: if @err is set, print "Error: <message>" to the
 * monitor, free it and return true; false otherwise.
 */
bool hmp_handle_error(Monitor *mon, Error *err);

/* help [cmd]: the command list, or the help of one command. */
void hmp_help(Monitor *mon, const QDict *qdict);
/* info: the list of info subcommands. */
void hmp_info_help(Monitor *mon, const QDict *qdict);
/* info version: "11.1.0". */
void hmp_info_version(Monitor *mon, const QDict *qdict);
/* info chardev: "label: filename=..." for each chardev. */
void hmp_info_chardev(Monitor *mon, const QDict *qdict);
/* info history: the command line history. */
void hmp_info_history(Monitor *mon, const QDict *qdict);
/* chardev-add, chardev-remove, chardev-send-break */
void hmp_chardev_add(Monitor *mon, const QDict *qdict);
void hmp_chardev_remove(Monitor *mon, const QDict *qdict);
void hmp_chardev_send_break(Monitor *mon, const QDict *qdict);
/* ringbuf_write, ringbuf_read */
void hmp_ringbuf_write(Monitor *mon, const QDict *qdict);
void hmp_ringbuf_read(Monitor *mon, const QDict *qdict);

/* Run state (system/). */
void hmp_info_status(Monitor *mon, const QDict *qdict);
void hmp_stop(Monitor *mon, const QDict *qdict);
void hmp_cont(Monitor *mon, const QDict *qdict);
void hmp_quit(Monitor *mon, const QDict *qdict);
void hmp_system_reset(Monitor *mon, const QDict *qdict);
void hmp_system_powerdown(Monitor *mon, const QDict *qdict);

/* Memory (system/physmem.c). */
void hmp_info_ramblock(Monitor *mon, const QDict *qdict);
void hmp_info_mtree(Monitor *mon, const QDict *qdict);
/* info uuid: the VM's UUID (-uuid), nil when none was given. */
void hmp_info_uuid(Monitor *mon, const QDict *qdict);

/* QOM and qdev (qom/, system/qdev-monitor.c). */
void hmp_info_qom_tree(Monitor *mon, const QDict *qdict);
void hmp_info_qtree(Monitor *mon, const QDict *qdict);
void hmp_info_qdm(Monitor *mon, const QDict *qdict);
void hmp_qom_list(Monitor *mon, const QDict *qdict);
void hmp_qom_get(Monitor *mon, const QDict *qdict);
void hmp_qom_set(Monitor *mon, const QDict *qdict);
void hmp_device_add(Monitor *mon, const QDict *qdict);
void hmp_device_del(Monitor *mon, const QDict *qdict);
void hmp_object_add(Monitor *mon, const QDict *qdict);
void hmp_object_del(Monitor *mon, const QDict *qdict);

/* Migration (migration/). */
void hmp_info_migrate_parameters(Monitor *mon, const QDict *qdict);
void hmp_info_migrate_capabilities(Monitor *mon, const QDict *qdict);
void hmp_migrate_set_parameter(Monitor *mon, const QDict *qdict);
void hmp_migrate_set_capability(Monitor *mon, const QDict *qdict);
void hmp_info_migrate(Monitor *mon, const QDict *qdict);
/* calc_dirty_rate [-r] [-b] second [sample_pages_per_GB] */
void hmp_calc_dirty_rate(Monitor *mon, const QDict *qdict);
/* info dirty_rate: the last calc_dirty_rate measurement. */
void hmp_info_dirty_rate(Monitor *mon, const QDict *qdict);
void hmp_migrate(Monitor *mon, const QDict *qdict);
void hmp_migrate_cancel(Monitor *mon, const QDict *qdict);
void hmp_migrate_continue(Monitor *mon, const QDict *qdict);
void hmp_migrate_start_postcopy(Monitor *mon, const QDict *qdict);
void hmp_migrate_recover(Monitor *mon, const QDict *qdict);
void hmp_migrate_pause(Monitor *mon, const QDict *qdict);
void hmp_migrate_incoming(Monitor *mon, const QDict *qdict);

/* target/riscv/monitor.c */
void hmp_cpu(Monitor *mon, const QDict *qdict);
void hmp_info_cpus(Monitor *mon, const QDict *qdict);
void hmp_info_registers(Monitor *mon, const QDict *qdict);
void hmp_memory_dump(Monitor *mon, const QDict *qdict);
void hmp_physical_memory_dump(Monitor *mon, const QDict *qdict);

#endif
