/*
 * The generic loader device: a file, a value or a start address given
 * on the command line or through QMP (see
 * include/hw/core/generic-loader.h).
 */
#include "qemu/osdep.h"
#include <elf.h>
#include "qapi/error.h"
#include "hw/loader.h"
#include "hw/qdev-properties.h"
#include "hw/core/generic-loader.h"
#include "system/cpus.h"
#include "system/runstate.h"
#include "target/riscv/cpu.h"

static void generic_loader_reset(void *opaque)
{
    GenericLoaderState *s = opaque;

    /* Files are ROM blobs, which the loader core writes on reset. */
    if (s->data_len) {
        uint8_t buf[8];

        for (int i = 0; i < s->data_len; i++) {
            int shift = 8 * (s->data_be ? s->data_len - 1 - i : i);
            buf[i] = s->data >> shift;
        }
        address_space_write(&address_space_memory, s->addr,
                            MEMTXATTRS_UNSPECIFIED, buf, s->data_len);
    }
    if (s->set_pc) {
        RISCVCPU *cpu = qemu_get_cpu(s->cpu_num);

        if (cpu) {
            cpu->env.pc = s->addr & cpu->env.xlen_mask;
        }
    }
}

static bool generic_loader_check(GenericLoaderState *s, Error **errp)
{
    bool have_cpu = s->cpu_num != GENERIC_LOADER_CPU_NONE;

    if (s->data_len || s->data || s->data_be) {
        if (s->file || s->force_raw) {
            error_setg(errp, "loader: 'data' cannot be combined with "
                       "'file' or 'force-raw'");
            return false;
        }
        if (s->data_len < 1 || s->data_len > 8) {
            error_setg(errp, "loader: data-len %u is invalid: expected "
                       "1 to 8 bytes (it is required with 'data')",
                       s->data_len);
            return false;
        }
        s->set_pc = false;
    } else if (s->file) {
        s->set_pc = have_cpu;
    } else if (s->force_raw) {
        error_setg(errp, "loader: 'force-raw' needs a 'file'");
        return false;
    } else if (have_cpu) {
        s->set_pc = true;               /* only a start address */
    } else {
        error_setg(errp, "loader: expected 'file', 'data' with 'addr' "
                   "and 'data-len', or 'addr' with 'cpu-num'");
        return false;
    }
    if (have_cpu && !qemu_get_cpu(s->cpu_num)) {
        error_setg(errp, "loader: cpu-num %u does not exist", s->cpu_num);
        return false;
    }
    return true;
}

static bool generic_loader_load_file(GenericLoaderState *s, Error **errp)
{
    uint64_t entry;
    ssize_t size = ELF_LOAD_NOT_ELF;

    if (!s->force_raw) {
        size = load_elf_as(s->file, NULL, NULL, NULL, &entry, NULL, NULL,
                           NULL, ELFDATA2LSB, EM_RISCV, 0, 0, NULL);
        if (size >= 0) {
            s->addr = entry;
            return true;
        }
        if (size != ELF_LOAD_NOT_ELF) {
            error_setg(errp, "loader: cannot load ELF file '%s': %s",
                       s->file, load_elf_strerror(size));
            return false;
        }
    }
    /* Not ELF, or force-raw: the whole file at addr */
    return load_image_targphys_as(s->file, s->addr, UINT64_MAX, NULL,
                                  errp) >= 0;
}

static void generic_loader_realize(DeviceState *dev, Error **errp)
{
    GenericLoaderState *s = GENERIC_LOADER(dev);

    if (!generic_loader_check(s, errp)) {
        return;
    }
    if (s->file && !generic_loader_load_file(s, errp)) {
        return;
    }
    qemu_register_reset(generic_loader_reset, s);
}

static void generic_loader_unrealize(DeviceState *dev)
{
    qemu_unregister_reset(generic_loader_reset, dev);
}

static const Property generic_loader_props[] = {
    DEFINE_PROP_UINT64("addr", GenericLoaderState, addr, 0),
    DEFINE_PROP_UINT64("data", GenericLoaderState, data, 0),
    DEFINE_PROP_UINT8("data-len", GenericLoaderState, data_len, 0),
    DEFINE_PROP_BOOL("data-be", GenericLoaderState, data_be, false),
    DEFINE_PROP_UINT32("cpu-num", GenericLoaderState, cpu_num,
                       GENERIC_LOADER_CPU_NONE),
    DEFINE_PROP_BOOL("force-raw", GenericLoaderState, force_raw, false),
    DEFINE_PROP_STRING("file", GenericLoaderState, file),
};

static void generic_loader_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = generic_loader_realize;
    dc->unrealize = generic_loader_unrealize;
    dc->desc = "Generic loader: a file, a value or a start address";
    dc->user_creatable = true;
    dc->hotpluggable = false;
    device_class_set_props(dc, generic_loader_props);
}

static const TypeInfo generic_loader_info = {
    .name = TYPE_GENERIC_LOADER,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(GenericLoaderState),
    .class_init = generic_loader_class_init,
};

static void generic_loader_register_types(void)
{
    type_register_static(&generic_loader_info);
}

type_init(generic_loader_register_types)
