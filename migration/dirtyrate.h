/*
 * calc-dirty-rate / query-dirty-rate: how fast the guest dirties its
 * memory, measured in a thread of its own (QMP commands in
 * qapi/migration.json, HMP calc_dirty_rate and info dirty_rate).
 */
#ifndef MIGRATION_DIRTYRATE_H
#define MIGRATION_DIRTYRATE_H

/* QEMU's limits */
#define DIRTYRATE_MIN_CALC_TIME_MS      50
#define DIRTYRATE_MAX_CALC_TIME_MS      60000
#define DIRTYRATE_MIN_SAMPLE_PAGES      128     /* per GiB */
#define DIRTYRATE_MAX_SAMPLE_PAGES      16384
#define DIRTYRATE_DEFAULT_SAMPLE_PAGES  512
/* page-sampling skips blocks smaller than this (KiB) */
#define DIRTYRATE_MIN_RAMBLOCK_KIB      128

#endif
