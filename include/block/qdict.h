/*
 * QEMU keeps the flat-dict helpers (qdict_flatten(), qdict_crumple(),
 * qdict_extract_subqdict(), ...) in this header; here they are declared in
 * qobject/qdict.h, which this header includes.
 */
#ifndef BLOCK_QDICT_H
#define BLOCK_QDICT_H

#include "qobject/qdict.h"

#endif
