/*
 * Booting RISC-V boards: where firmware, kernel, initrd and device
 * tree go, and the mask-ROM reset vector that enters the firmware.
 */
#include "qemu/osdep.h"
#include <elf.h>
#include <libfdt.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/units.h"
#include "exec/memory.h"
#include "hw/riscv/boot.h"
#include "hw/riscv/fdt.h"

bool riscv_is_32bit(RISCVHartArrayState *harts)
{
    return harts->harts[0].env.misa_mxl == MXL_RV32;
}

void riscv_boot_info_init(RISCVBootInfo *info, RISCVHartArrayState *harts)
{
    memset(info, 0, sizeof(*info));
    info->is_32bit = riscv_is_32bit(harts);
}

hwaddr riscv_calc_kernel_start_addr(RISCVBootInfo *info,
                                    hwaddr firmware_end_addr)
{
    return QEMU_ALIGN_UP(firmware_end_addr,
                         info->is_32bit ? 4 * MiB : 2 * MiB);
}

const char *riscv_default_firmware_name(RISCVHartArrayState *harts)
{
    return riscv_is_32bit(harts) ? RISCV32_BIOS_BIN : RISCV64_BIOS_BIN;
}

/* The file @name as given, or in a data directory; NULL if none. */
static char *riscv_find_bios(const char *name)
{
    const char *dirs[] = { QEMU_DATADIR, "/usr/local/share/qemu",
                           "/usr/share/qemu" };

    if (g_file_test(name, G_FILE_TEST_IS_REGULAR)) {
        return g_strdup(name);
    }
    if (strchr(name, '/')) {
        return NULL;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
        char *path = g_build_filename(dirs[i], name, NULL);

        if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
            return path;
        }
        g_free(path);
    }
    /* Debian's opensbi package, when QEMU's data files are absent */
    if (!strcmp(name, RISCV64_BIOS_BIN) &&
        g_file_test(RISCV64_BIOS_DEBIAN, G_FILE_TEST_IS_REGULAR)) {
        return g_strdup(RISCV64_BIOS_DEBIAN);
    }
    return NULL;
}

char *riscv_find_firmware(const char *firmware_filename,
                          const char *default_machine_firmware)
{
    const char *name = firmware_filename;
    char *path;

    if (!name || !strcmp(name, "default")) {
        name = default_machine_firmware;
    } else if (!strcmp(name, "none")) {
        return NULL;
    }
    if (!name) {
        return NULL;
    }
    path = riscv_find_bios(name);
    if (!path && g_file_test(name, G_FILE_TEST_EXISTS)) {
        error_report("RISC-V BIOS \"%s\" is not a regular file", name);
        exit(1);
    }
    if (!path) {
        error_report("Unable to find the RISC-V BIOS \"%s\"", name);
        exit(1);
    }
    return path;
}

hwaddr riscv_load_firmware(MachineState *machine, RISCVBootInfo *info,
                           const char *firmware_filename,
                           hwaddr *firmware_load_addr, symbol_fn_t sym_cb)
{
    uint64_t entry, end;
    ssize_t size;
    Error *err = NULL;

    size = load_elf_ram_sym(firmware_filename, NULL, NULL, NULL, &entry,
                            NULL, &end, NULL, ELFDATA2LSB, EM_RISCV, 1, 0,
                            NULL, true, sym_cb);
    if (size > 0) {
        *firmware_load_addr = entry;
        return end;
    }
    if (size == ELF_LOAD_NOT_ELF) {
        size = load_image_targphys(firmware_filename, *firmware_load_addr,
                                   machine->ram_size, &err);
        if (size > 0) {
            return *firmware_load_addr + size;
        }
    }
    if (err) {
        error_report_err(err);
    } else if (size < 0) {
        error_report("%s: %s", firmware_filename, load_elf_strerror(size));
    } else if (size == 0) {
        error_report("%s: the file is empty", firmware_filename);
    }
    error_report("could not load firmware '%s'", firmware_filename);
    exit(1);
}

hwaddr riscv_find_and_load_firmware(MachineState *machine,
                                    RISCVBootInfo *info,
                                    const char *default_machine_firmware,
                                    hwaddr *firmware_load_addr,
                                    symbol_fn_t sym_cb)
{
    g_autofree char *filename = riscv_find_firmware(machine->firmware,
                                                    default_machine_firmware);

    if (!filename) {
        return *firmware_load_addr;
    }
    return riscv_load_firmware(machine, info, filename, firmware_load_addr,
                               sym_cb);
}

/* Make sure @fdt has a /chosen node to hold boot parameters. */
static void fdt_ensure_chosen(void *fdt)
{
    if (!riscv_fdt_node_exists(fdt, "/chosen")) {
        riscv_fdt_add_subnode(fdt, "/chosen");
    }
}

static void riscv_load_initrd(MachineState *machine, RISCVBootInfo *info,
                              void *fdt, hwaddr dram_base)
{
    const char *filename = machine->initrd_filename;
    hwaddr dram_end = dram_base + machine->ram_size;
    hwaddr start;
    ssize_t size = -1;
    Error *err = NULL;

    /*
     * Far enough above the kernel that it can decompress itself: half
     * of RAM on small machines, 512 MiB from 1 GiB of RAM on.
     */
    start = info->image_low_addr + MIN(machine->ram_size / 2, 512 * MiB);
    if (start < dram_end) {
        size = load_image_targphys(filename, start, dram_end - start, &err);
    }
    if (size < 0) {
        if (err) {
            error_report_err(err);
        }
        error_report("could not load ramdisk '%s'", filename);
        exit(1);
    }
    info->initrd_start = start;
    info->initrd_size = size;
    if (fdt) {
        fdt_ensure_chosen(fdt);
        riscv_fdt_setprop_u64(fdt, "/chosen", "linux,initrd-start", start);
        riscv_fdt_setprop_u64(fdt, "/chosen", "linux,initrd-end",
                              start + size);
    }
}

void riscv_load_kernel(MachineState *machine, RISCVBootInfo *info,
                       void *fdt, hwaddr dram_base, hwaddr kernel_start_addr,
                       bool load_initrd, symbol_fn_t sym_cb)
{
    const char *filename = machine->kernel_filename;
    uint64_t low, high, entry;
    ssize_t size;
    Error *err = NULL;

    /*
     * The kernel is entered at its lowest address, not its ELF entry,
     * as with a raw image (kernels may have separate SBI and ELF
     * entry points).
     */
    size = load_elf_ram_sym(filename, NULL, NULL, NULL, &entry, &low, &high,
                            NULL, ELFDATA2LSB, EM_RISCV, 1, 0, NULL, true,
                            sym_cb);
    if (size > 0) {
        info->kernel_size = size;
        info->image_low_addr = low;
        info->image_high_addr = high;
        info->entry = entry;
    } else if (size == ELF_LOAD_NOT_ELF) {
        size = load_image_targphys(filename, kernel_start_addr,
                                   dram_base + machine->ram_size -
                                   MIN(kernel_start_addr,
                                       dram_base + machine->ram_size),
                                   &err);
        if (size > 0) {
            info->kernel_size = size;
            info->image_low_addr = kernel_start_addr;
            info->image_high_addr = kernel_start_addr + size;
            info->entry = kernel_start_addr;
        }
    }
    if (size <= 0) {
        if (err) {
            error_report_err(err);
        } else if (size < 0) {
            error_report("%s: %s", filename, load_elf_strerror(size));
        }
        error_report("could not load kernel '%s'", filename);
        exit(1);
    }
    if (info->is_32bit) {
        info->image_low_addr = (uint32_t)info->image_low_addr;
        info->entry = (uint32_t)info->entry;
    }
    if (load_initrd && machine->initrd_filename) {
        riscv_load_initrd(machine, info, fdt, dram_base);
    }
    if (fdt && machine->kernel_cmdline && *machine->kernel_cmdline) {
        fdt_ensure_chosen(fdt);
        riscv_fdt_setprop_string(fdt, "/chosen", "bootargs",
                                 machine->kernel_cmdline);
    }
}

uint64_t riscv_compute_fdt_addr(hwaddr dram_base, hwaddr dram_size,
                                MachineState *ms, RISCVBootInfo *info,
                                void *fdt)
{
    int fdtsize = riscv_fdt_pack(fdt);
    hwaddr dram_end, top, limit = 0;
    uint64_t addr;

    if (info->initrd_size) {
        limit = info->initrd_start + info->initrd_size;
    } else if (info->kernel_size) {
        limit = info->image_high_addr;
    }
    dram_end = dram_base + (dram_size ? MIN(ms->ram_size, dram_size)
                                      : ms->ram_size);
    /* RV32 must reach it with 32-bit addresses: stay below 3 GiB */
    if (info->is_32bit && dram_base < 3072 * MiB) {
        top = MIN(dram_end, 3072 * MiB);
    } else {
        top = dram_end;
    }
    if (top < dram_base + fdtsize) {
        error_report("Not enough memory to place DTB after kernel/initrd");
        exit(1);
    }
    addr = QEMU_ALIGN_DOWN(top - fdtsize, 2 * MiB);
    if (addr < dram_base || (limit && addr < limit)) {
        error_report("Not enough memory to place DTB after kernel/initrd");
        exit(1);
    }
    return addr;
}

void riscv_load_fdt(hwaddr fdt_addr, void *fdt)
{
    if (rom_add_blob_fixed_as("fdt", fdt, fdt_totalsize(fdt), fdt_addr,
                              &address_space_memory) < 0) {
        exit(1);
    }
}

void riscv_rom_copy_firmware_info(MachineState *machine,
                                  RISCVHartArrayState *harts,
                                  hwaddr rom_base, hwaddr rom_size,
                                  uint32_t reset_vec_size,
                                  uint64_t kernel_entry)
{
    const uint64_t fields[6] = {
        FW_DYNAMIC_INFO_MAGIC_VALUE, FW_DYNAMIC_INFO_VERSION,
        kernel_entry, FW_DYNAMIC_INFO_NEXT_MODE_S,
        0,      /* options */
        0,      /* boot_hart */
    };
    unsigned width = riscv_is_32bit(harts) ? 4 : 8;
    uint8_t dinfo[sizeof(fields)];

    /* Little-endian fields of XLEN bits each */
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        for (unsigned b = 0; b < width; b++) {
            dinfo[i * width + b] = fields[i] >> (8 * b);
        }
    }
    if (G_N_ELEMENTS(fields) * width > rom_size - reset_vec_size) {
        error_report("not enough space to store dynamic firmware info");
        exit(1);
    }
    if (rom_add_blob_fixed_as("mrom.finfo", dinfo,
                              G_N_ELEMENTS(fields) * width,
                              rom_base + reset_vec_size,
                              &address_space_memory) < 0) {
        exit(1);
    }
}

void riscv_setup_rom_reset_vec(MachineState *machine,
                               RISCVHartArrayState *harts,
                               hwaddr start_addr, hwaddr rom_base,
                               hwaddr rom_size, uint64_t kernel_entry,
                               uint64_t fdt_load_addr)
{
    bool rv32 = riscv_is_32bit(harts);
    uint32_t vec[10] = {
        0x00000297,                     /* auipc t0, 0 */
        0x02828613,                     /* addi  a2, t0, 40 (the info) */
        0xf1402573,                     /* csrr  a0, mhartid */
        rv32 ? 0x0202a583 : 0x0202b583, /* lw/ld a1, 32(t0) */
        rv32 ? 0x0182a283 : 0x0182b283, /* lw/ld t0, 24(t0) */
        0x00028067,                     /* jr    t0 */
        (uint32_t)start_addr,
        rv32 ? 0 : (uint32_t)(start_addr >> 32),
        (uint32_t)fdt_load_addr,
        rv32 ? 0 : (uint32_t)(fdt_load_addr >> 32),
    };
    uint8_t bytes[sizeof(vec)];

    for (size_t i = 0; i < G_N_ELEMENTS(vec); i++) {
        for (unsigned b = 0; b < 4; b++) {
            bytes[i * 4 + b] = vec[i] >> (8 * b);
        }
    }
    if (rom_add_blob_fixed_as("mrom.reset", bytes, sizeof(bytes), rom_base,
                              &address_space_memory) < 0) {
        exit(1);
    }
    riscv_rom_copy_firmware_info(machine, harts, rom_base, rom_size,
                                 sizeof(bytes), kernel_entry);
}
