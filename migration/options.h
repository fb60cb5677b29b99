/*
 * Accessors for the migration parameters and capabilities of the
 * migration object, as the data path reads them.  Names are QEMU's.
 */
#ifndef MIGRATION_OPTIONS_H
#define MIGRATION_OPTIONS_H

#include "qapi/qapi-types.h"

/* Capabilities */
bool migrate_auto_converge(void);
bool migrate_events(void);
bool migrate_ignore_shared(void);
bool migrate_mapped_ram(void);
bool migrate_multifd(void);
bool migrate_pause_before_switchover(void);
bool migrate_postcopy_ram(void);
bool migrate_release_ram(void);
bool migrate_return_path(void);
bool migrate_switchover_ack(void);
bool migrate_postcopy_blocktime(void);
bool migrate_validate_uuid(void);
bool migrate_xbzrle(void);
bool migrate_zero_copy_send(void);

/* Parameters */
uint64_t migrate_avail_switchover_bandwidth(void);
uint8_t migrate_cpu_throttle_increment(void);
uint8_t migrate_cpu_throttle_initial(void);
bool migrate_cpu_throttle_tailslow(void);
uint64_t migrate_downtime_limit(void);
uint8_t migrate_max_cpu_throttle(void);
uint64_t migrate_max_bandwidth(void);
uint64_t migrate_max_postcopy_bandwidth(void);
int migrate_multifd_channels(void);
MultiFDCompression migrate_multifd_compression(void);
int migrate_multifd_zlib_level(void);
int migrate_multifd_zstd_level(void);
uint8_t migrate_throttle_trigger_threshold(void);
uint64_t migrate_xbzrle_cache_size(void);
ZeroPageDetection migrate_zero_page_detection(void);

/* Stream format switches (compat properties of the migration object) */
bool migrate_store_global_state(void);
bool migrate_send_configuration(void);
bool migrate_send_section_footer(void);
bool migrate_send_switchover_start(void);
bool migrate_multifd_flush_after_each_section(void);

#endif
