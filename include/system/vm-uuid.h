/*
 * The VM's UUID (-uuid): what query-uuid and "info uuid" show, and what
 * the validate-uuid migration capability compares.
 */
#ifndef SYSTEM_VM_UUID_H
#define SYSTEM_VM_UUID_H

#include "qemu/uuid.h"

/**
 * qemu_vm_uuid_set_str: set the VM's UUID from its text form @str.
 * Fails, naming @str, when @str is not a UUID.
 */
bool qemu_vm_uuid_set_str(const char *str, Error **errp);

/**
 * qemu_vm_uuid: the VM's UUID, or NULL when -uuid was not given (QMP
 * then shows the nil UUID).
 */
const QemuUUID *qemu_vm_uuid(void);

#endif
