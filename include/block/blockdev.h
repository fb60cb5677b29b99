/*
 * Command line block options: -drive and -blockdev.
 */
#ifndef BLOCK_BLOCKDEV_H
#define BLOCK_BLOCKDEV_H

#include "qapi/error.h"

/*
 * drive_new_from_str: -drive OPTARG ("file=IMG,format=raw,if=none,id=d0",
 * also readonly=on, node-name=, cache=, media=disk).  Creates the named
 * BlockBackend a device takes with drive=ID.  Only if=none is supported.
 */
bool drive_new_from_str(const char *optarg, Error **errp);

/*
 * blockdev_new_from_str: -blockdev OPTARG (keyval or JSON):
 * "driver=file,node-name=f0,filename=IMG" or
 * "driver=raw,node-name=r0,file=f0" (file may also be nested:
 * file.driver=file,file.filename=IMG); read-only=on.  Devices take the
 * node with drive=NODE.
 */
bool blockdev_new_from_str(const char *optarg, Error **errp);

#endif
