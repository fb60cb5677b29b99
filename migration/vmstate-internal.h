/*
 * Between the VMState walker (vmstate.c) and the field infos
 * (vmstate-types.c): how an info explains why get() failed.
 */
#ifndef MIGRATION_VMSTATE_INTERNAL_H
#define MIGRATION_VMSTATE_INTERNAL_H

/* Marker written in place of a NULL element of an array of pointers. */
#define VMS_NULLPTR_MARKER 0x30

/*
 * vmstate_info_set_error: record why the current info get() failed;
 * the walker adds it to the error that names the field.  Per thread.
 */
void vmstate_info_set_error(const char *fmt, ...) QEMU_PRINTF(1, 2);

/*
 * vmstate_info_take_error: the recorded reason (caller frees) or NULL,
 * clearing it.
 */
char *vmstate_info_take_error(void);

/* Largest buffer VMS_ALLOC allocates from a size read off the stream. */
#define VMSTATE_ALLOC_MAX (256 * 1024 * 1024)

#endif
