/*
 * Loading guest images: raw files and ELF executables placed in guest
 * physical memory, as QEMU's hw/loader.h.
 *
 * Loaded images are kept as "ROM blobs": each is written into its
 * address space (with address_space_write_rom(), so it may land in ROM
 * or RAM) now and again on every machine reset, so a rebooted guest
 * finds its firmware and kernel as they were first loaded.
 */
#ifndef HW_LOADER_H
#define HW_LOADER_H

#include "exec/memory.h"

/**
 * get_image_size: the size in bytes of the file @filename, or -1 with
 * @errp set when it cannot be opened.
 */
int64_t get_image_size(const char *filename, Error **errp);

/**
 * load_image_size: read up to @size bytes of @filename into @addr (a
 * host buffer); returns the number of bytes read or -1.
 */
ssize_t load_image_size(const char *filename, void *addr, size_t size);

/**
 * load_image_targphys_as: load the whole file @filename as a ROM blob
 * at guest physical address @addr of @as (NULL: address_space_memory).
 * Returns its size, or -1 with @errp set if the file cannot be read
 * or is larger than @max_sz.
 */
ssize_t load_image_targphys_as(const char *filename, hwaddr addr,
                               uint64_t max_sz, AddressSpace *as,
                               Error **errp);

/** load_image_targphys: load_image_targphys_as() on the system memory. */
ssize_t load_image_targphys(const char *filename, hwaddr addr,
                            uint64_t max_sz, Error **errp);

/* Negative results of the ELF loaders (see load_elf_strerror()) */
#define ELF_LOAD_FAILED       -1
#define ELF_LOAD_NOT_ELF      -2
#define ELF_LOAD_WRONG_ARCH   -3
#define ELF_LOAD_WRONG_ENDIAN -4
#define ELF_LOAD_TOO_BIG      -5

/** load_elf_strerror: the message of an ELF_LOAD_* result. */
const char *load_elf_strerror(ssize_t error);

/*
 * Called for every symbol of the ELF symbol table (name, st_info,
 * value, size), as QEMU's symbol_fn_t.
 */
typedef void (*symbol_fn_t)(const char *st_name, int st_info,
                            uint64_t st_value, uint64_t st_size);

/**
 * load_elf_ram_sym: load the PT_LOAD segments of the 32- or 64-bit
 * ELF executable @filename as ROM blobs of @as (NULL: the system
 * memory), at their physical addresses (p_paddr), passed through
 * @translate_fn when given.  Bytes past p_filesz up to p_memsz are
 * zeroes.
 *
 * @elf_note_fn: unused (QEMU compatibility), may be NULL.
 * @pentry: the entry point (bit 0 cleared if @clear_lsb).
 * @lowaddr/@highaddr: lowest loaded address and the end (exclusive)
 * of the highest segment.  32-bit values are zero-extended.
 * @pflags: e_flags.
 * @elf_data_order: ELFDATA2LSB or ELFDATA2MSB (only LSB images load:
 * an image of the other order fails with ELF_LOAD_WRONG_ENDIAN).
 * @elf_machine: the e_machine expected (EM_RISCV), EM_NONE for any.
 * @data_swab: must be 0.
 * @load_rom: must be true (images are always ROM blobs).
 * @sym_cb: called for each symbol, may be NULL.
 *
 * Returns the total size of the loaded segments, or ELF_LOAD_*.
 * Malformed files fail cleanly; nothing is loaded unless all
 * segments are valid.
 */
ssize_t load_elf_ram_sym(const char *filename,
                         uint64_t (*elf_note_fn)(void *, void *, bool),
                         uint64_t (*translate_fn)(void *, uint64_t),
                         void *translate_opaque, uint64_t *pentry,
                         uint64_t *lowaddr, uint64_t *highaddr,
                         uint32_t *pflags, int elf_data_order,
                         int elf_machine, int clear_lsb, int data_swab,
                         AddressSpace *as, bool load_rom,
                         symbol_fn_t sym_cb);

/** load_elf_as: load_elf_ram_sym() without symbols. */
ssize_t load_elf_as(const char *filename,
                    uint64_t (*elf_note_fn)(void *, void *, bool),
                    uint64_t (*translate_fn)(void *, uint64_t),
                    void *translate_opaque, uint64_t *pentry,
                    uint64_t *lowaddr, uint64_t *highaddr, uint32_t *pflags,
                    int elf_data_order, int elf_machine, int clear_lsb,
                    int data_swab, AddressSpace *as);

/** load_elf: load_elf_as() on the system memory. */
ssize_t load_elf(const char *filename,
                 uint64_t (*elf_note_fn)(void *, void *, bool),
                 uint64_t (*translate_fn)(void *, uint64_t),
                 void *translate_opaque, uint64_t *pentry,
                 uint64_t *lowaddr, uint64_t *highaddr, uint32_t *pflags,
                 int elf_data_order, int elf_machine, int clear_lsb,
                 int data_swab);

/**
 * rom_add_blob_fixed_as: keep a copy of @len bytes of @blob, named
 * @name, to be written at @addr of @as on every reset (and once now).
 * Returns 0, or -1 after reporting an error when the blob overlaps one
 * already added to the same address space.
 */
int rom_add_blob_fixed_as(const char *name, const void *blob, size_t len,
                          hwaddr addr, AddressSpace *as);

/** rom_add_blob_fixed: rom_add_blob_fixed_as() on the system memory. */
#define rom_add_blob_fixed(_f, _b, _l, _a) \
    rom_add_blob_fixed_as(_f, _b, _l, _a, &address_space_memory)

/**
 * rom_ptr_for_as: the host copy of the ROM blob bytes at @addr..
 * @addr + @size - 1 of @as, if one blob holds all of them, else NULL.
 * Changes to it are written on the next reset.
 */
void *rom_ptr_for_as(AddressSpace *as, hwaddr addr, size_t size);

/** rom_reset_all: write every ROM blob into its address space again. */
void rom_reset_all(void);

#endif
