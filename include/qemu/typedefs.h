/*
 * Forward declarations of types that many headers pass around by
 * pointer, so that a header can name them without including their full
 * definition (as QEMU's qemu/typedefs.h; osdep.h includes this file).
 * Keep it sorted; only "typedef struct X X;" lines here.  Repeating such
 * a typedef elsewhere is harmless (C11).
 */
#ifndef QEMU_TYPEDEFS_H
#define QEMU_TYPEDEFS_H

typedef struct Error Error;
typedef struct JSONMessageParser JSONMessageParser;
typedef struct Location Location;
typedef struct QBool QBool;
typedef struct QDict QDict;
typedef struct QList QList;
typedef struct QNull QNull;
typedef struct QNum QNum;
typedef struct QObject QObject;
typedef struct QString QString;

#endif
