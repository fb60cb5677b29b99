/*
 * Booting RISC-V boards: firmware, kernel, initrd and device tree
 * placement, and the reset vector in the mask ROM.  Names follow
 * QEMU's include/hw/riscv/boot.h; where QEMU reads MachineState's
 * fdt, the tree is passed explicitly.
 */
#ifndef HW_RISCV_BOOT_H
#define HW_RISCV_BOOT_H

#include "exec/hwaddr.h"
#include "hw/boards.h"
#include "hw/loader.h"
#include "hw/riscv/riscv_hart.h"

/* Default firmware: QEMU's names, then where Debian's opensbi has it */
#define RISCV32_BIOS_BIN "opensbi-riscv32-generic-fw_dynamic.bin"
#define RISCV64_BIOS_BIN "opensbi-riscv64-generic-fw_dynamic.bin"
#define RISCV64_BIOS_DEBIAN \
    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"

/* OpenSBI's fw_dynamic_info, handed to the firmware in a2 */
#define FW_DYNAMIC_INFO_MAGIC_VALUE     0x4942534f
#define FW_DYNAMIC_INFO_VERSION         0x2
#define FW_DYNAMIC_INFO_NEXT_MODE_U     0x0
#define FW_DYNAMIC_INFO_NEXT_MODE_S     0x1
#define FW_DYNAMIC_INFO_NEXT_MODE_M     0x3

/* What was loaded, for placing what comes next */
typedef struct RISCVBootInfo {
    ssize_t kernel_size;
    hwaddr image_low_addr;      /* lowest byte of the kernel image */
    hwaddr image_high_addr;     /* end (exclusive) of the kernel image */
    uint64_t entry;             /* its ELF entry, or a raw image's start */
    hwaddr initrd_start;
    ssize_t initrd_size;
    bool is_32bit;
} RISCVBootInfo;

/** riscv_is_32bit: whether the harts of @harts are RV32. */
bool riscv_is_32bit(RISCVHartArrayState *harts);

/** riscv_boot_info_init: an empty @info for the harts of @harts. */
void riscv_boot_info_init(RISCVBootInfo *info, RISCVHartArrayState *harts);

/**
 * riscv_calc_kernel_start_addr: where a raw kernel goes after firmware
 * ending at @firmware_end_addr: aligned up to 4 MiB on RV32, 2 MiB on
 * RV64.
 */
hwaddr riscv_calc_kernel_start_addr(RISCVBootInfo *info,
                                    hwaddr firmware_end_addr);

/** riscv_default_firmware_name: QEMU's OpenSBI file name for @harts. */
const char *riscv_default_firmware_name(RISCVHartArrayState *harts);

/**
 * riscv_find_firmware: the path of the firmware to load for -bios
 * @firmware_filename (NULL or "default": @default_machine_firmware;
 * "none": nothing, NULL returned).  A name that is not an existing
 * file is searched in the data directories.  Exits with QEMU's
 * "Unable to find the RISC-V BIOS" error when not found.
 */
char *riscv_find_firmware(const char *firmware_filename,
                          const char *default_machine_firmware);

/**
 * riscv_load_firmware: load @firmware_filename (ELF at its addresses,
 * *@firmware_load_addr becoming its entry; else raw at
 * *@firmware_load_addr).  Returns the end of the loaded image; exits
 * with "could not load firmware" on failure.
 */
hwaddr riscv_load_firmware(MachineState *machine, RISCVBootInfo *info,
                           const char *firmware_filename,
                           hwaddr *firmware_load_addr, symbol_fn_t sym_cb);

/**
 * riscv_find_and_load_firmware: riscv_find_firmware() on
 * machine->firmware then riscv_load_firmware(); returns the end of the
 * firmware, or *@firmware_load_addr when none is loaded.
 */
hwaddr riscv_find_and_load_firmware(MachineState *machine,
                                    RISCVBootInfo *info,
                                    const char *default_machine_firmware,
                                    hwaddr *firmware_load_addr,
                                    symbol_fn_t sym_cb);

/**
 * riscv_load_kernel: load machine->kernel_filename, an ELF image at its
 * addresses or a raw image at @kernel_start_addr, filling @info; then,
 * if @load_initrd, machine->initrd_filename (linux,initrd-start/end in
 * @fdt's /chosen), and machine->kernel_cmdline as /chosen/bootargs.
 * @fdt may be NULL.  Exits with QEMU's "could not load kernel" or
 * "could not load ramdisk" errors.
 */
void riscv_load_kernel(MachineState *machine, RISCVBootInfo *info,
                       void *fdt, hwaddr dram_base, hwaddr kernel_start_addr,
                       bool load_initrd, symbol_fn_t sym_cb);

/**
 * riscv_compute_fdt_addr: where the packed @fdt goes: 2 MiB aligned
 * below the end of the DRAM at @dram_base (@dram_size bytes, 0: all of
 * machine->ram_size), below 3 GiB on RV32.  Exits when that would
 * overlap the kernel or initrd of @info.
 */
uint64_t riscv_compute_fdt_addr(hwaddr dram_base, hwaddr dram_size,
                                MachineState *ms, RISCVBootInfo *info,
                                void *fdt);

/** riscv_load_fdt: add @fdt as a ROM blob at @fdt_addr. */
void riscv_load_fdt(hwaddr fdt_addr, void *fdt);

/**
 * riscv_setup_rom_reset_vec: write the reset vector at @rom_base (a0 =
 * mhartid, a1 = @fdt_load_addr, a2 = the fw_dynamic_info that follows,
 * then jump to @start_addr) and the fw_dynamic_info telling the
 * firmware to enter @kernel_entry in S mode.
 */
void riscv_setup_rom_reset_vec(MachineState *machine,
                               RISCVHartArrayState *harts,
                               hwaddr start_addr, hwaddr rom_base,
                               hwaddr rom_size, uint64_t kernel_entry,
                               uint64_t fdt_load_addr);

/**
 * riscv_rom_copy_firmware_info: the fw_dynamic_info at @rom_base +
 * @reset_vec_size, in 32- or 64-bit layout after the harts' XLEN.
 */
void riscv_rom_copy_firmware_info(MachineState *machine,
                                  RISCVHartArrayState *harts,
                                  hwaddr rom_base, hwaddr rom_size,
                                  uint32_t reset_vec_size,
                                  uint64_t kernel_entry);

#endif
