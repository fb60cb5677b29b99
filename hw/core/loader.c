/*
 * Guest image loaders: raw images and ELF executables, kept as ROM
 * blobs that every machine reset writes into guest memory again.
 */
#include "qemu/osdep.h"
#include <elf.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/units.h"
#include "exec/memory.h"
#include "hw/loader.h"
#include "system/runstate.h"
#include "system/ramblock.h"
#include "migration/misc.h"
#include "qom/object-compat.h"

/* A segment bigger than this is refused (its zeroes are written too). */
#define ELF_MAX_SEGMENT (16 * GiB)

typedef struct Rom {
    char *name;
    AddressSpace *as;
    hwaddr addr;
    uint8_t *data;
    size_t datasize;            /* bytes of data */
    uint64_t romsize;           /* datasize, then zeroes up to this */
} Rom;

static GPtrArray *roms;         /* of Rom *, in the order added */
static bool rom_reset_registered;

typedef struct RomRange {
    hwaddr start, end;
    bool hit;
} RomRange;

static void rom_check_shared_block(RAMBlock *rb, void *opaque)
{
    RomRange *r = opaque;

    if (qemu_ram_is_shared_file(rb) && rb->mr &&
        r->start < rb->mr->addr + rb->used_length &&
        rb->mr->addr < r->end) {
        r->hit = true;
    }
}

/*
 * Until an incoming migration is over, RAM mapped from a shared file
 * (memory-backend-file, share=on) may be the live memory of the source
 * (x-ignore-shared): leave it alone.  Whatever the source does send
 * overwrites the rest anyway.
 */
static bool rom_hits_incoming_shared_ram(Rom *rom)
{
    RomRange r = { rom->addr, rom->addr + rom->romsize, false };

    if (!migration_incoming_uri() || rom->as != &address_space_memory ||
        (phase_check(PHASE_MACHINE_READY) &&
         !runstate_check(RUN_STATE_INMIGRATE))) {
        return false;
    }
    qemu_ram_foreach_block(rom_check_shared_block, &r);
    return r.hit;
}

static void rom_write(Rom *rom)
{
    if (rom_hits_incoming_shared_ram(rom)) {
        return;
    }
    address_space_write_rom(rom->as, rom->addr, MEMTXATTRS_UNSPECIFIED,
                            rom->data, rom->datasize);
    if (rom->romsize > rom->datasize) {
        address_space_set(rom->as, rom->addr + rom->datasize, 0,
                          rom->romsize - rom->datasize,
                          MEMTXATTRS_UNSPECIFIED);
    }
}

void rom_reset_all(void)
{
    for (guint i = 0; roms && i < roms->len; i++) {
        rom_write(roms->pdata[i]);
    }
}

static void rom_reset(void *opaque)
{
    rom_reset_all();
}

/* The blob of @as overlapping [addr, addr + size), or NULL. */
static Rom *rom_find_overlap(AddressSpace *as, hwaddr addr, uint64_t size)
{
    for (guint i = 0; roms && i < roms->len; i++) {
        Rom *rom = roms->pdata[i];

        if (rom->as == as && size && rom->romsize &&
            addr < rom->addr + rom->romsize && rom->addr < addr + size) {
            return rom;
        }
    }
    return NULL;
}

/* Add a blob of @datasize bytes of @data followed by zeroes to @romsize. */
static int rom_add(const char *name, const void *data, size_t datasize,
                   uint64_t romsize, hwaddr addr, AddressSpace *as)
{
    Rom *rom, *other;

    if (!as) {
        as = &address_space_memory;
    }
    if (addr + romsize < addr) {
        error_report("rom: %s does not fit below the top of the address "
                     "space (addr=0x%" PRIx64 ", size=0x%" PRIx64 ")",
                     name, (uint64_t)addr, romsize);
        return -1;
    }
    other = rom_find_overlap(as, addr, romsize);
    if (other) {
        error_report("rom: requested regions overlap (rom %s. "
                     "free=0x%016" PRIx64 ", addr=0x%016" PRIx64 ")",
                     name, (uint64_t)(other->addr + other->romsize),
                     (uint64_t)addr);
        return -1;
    }
    rom = g_new0(Rom, 1);
    rom->name = g_strdup(name);
    rom->as = as;
    rom->addr = addr;
    rom->data = g_memdup2(data, datasize);
    rom->datasize = datasize;
    rom->romsize = romsize;
    if (!roms) {
        roms = g_ptr_array_new();
    }
    g_ptr_array_add(roms, rom);
    if (!rom_reset_registered) {
        qemu_register_reset(rom_reset, NULL);
        rom_reset_registered = true;
    }
    rom_write(rom);
    return 0;
}

int rom_add_blob_fixed_as(const char *name, const void *blob, size_t len,
                          hwaddr addr, AddressSpace *as)
{
    return rom_add(name, blob, len, len, addr, as);
}

void *rom_ptr_for_as(AddressSpace *as, hwaddr addr, size_t size)
{
    for (guint i = 0; roms && i < roms->len; i++) {
        Rom *rom = roms->pdata[i];

        if (rom->as == as && addr >= rom->addr &&
            addr - rom->addr + size <= rom->datasize) {
            return rom->data + (addr - rom->addr);
        }
    }
    return NULL;
}

/* ---- Raw images ------------------------------------------------------- */

int64_t get_image_size(const char *filename, Error **errp)
{
    struct stat st;

    if (stat(filename, &st) < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        error_setg(errp, "'%s' is not a regular file", filename);
        return -1;
    }
    return st.st_size;
}

ssize_t load_image_size(const char *filename, void *addr, size_t size)
{
    int fd = open(filename, O_RDONLY);
    size_t done = 0;

    if (fd < 0) {
        return -1;
    }
    while (done < size) {
        ssize_t n = read(fd, (uint8_t *)addr + done, size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            close(fd);
            return -1;
        }
        if (n == 0) {
            break;
        }
        done += n;
    }
    close(fd);
    return done;
}

/* The whole file in a new buffer, or NULL with @errp set. */
static uint8_t *read_whole_file(const char *filename, uint64_t max_sz,
                                size_t *len, Error **errp)
{
    int64_t size = get_image_size(filename, errp);
    uint8_t *buf;

    if (size < 0) {
        return NULL;
    }
    if ((uint64_t)size > max_sz) {
        error_setg(errp, "'%s' is too large: %" PRId64 " bytes, at most "
                   "%" PRIu64 " fit", filename, size, max_sz);
        return NULL;
    }
    buf = g_malloc(size ? size : 1);
    if (load_image_size(filename, buf, size) != size) {
        error_setg(errp, "Could not read '%s'", filename);
        g_free(buf);
        return NULL;
    }
    *len = size;
    return buf;
}

ssize_t load_image_targphys_as(const char *filename, hwaddr addr,
                               uint64_t max_sz, AddressSpace *as,
                               Error **errp)
{
    size_t len;
    g_autofree uint8_t *buf = read_whole_file(filename, max_sz, &len, errp);

    if (!buf) {
        return -1;
    }
    if (len && rom_add(filename, buf, len, len, addr, as) < 0) {
        error_setg(errp, "Could not place '%s' at 0x%" PRIx64, filename,
                   (uint64_t)addr);
        return -1;
    }
    return len;
}

ssize_t load_image_targphys(const char *filename, hwaddr addr,
                            uint64_t max_sz, Error **errp)
{
    return load_image_targphys_as(filename, addr, max_sz, NULL, errp);
}

/* ---- ELF -------------------------------------------------------------- */

const char *load_elf_strerror(ssize_t error)
{
    switch (error) {
    case 0:
        return "No error";
    case ELF_LOAD_FAILED:
        return "Failed to load ELF";
    case ELF_LOAD_NOT_ELF:
        return "The image is not ELF";
    case ELF_LOAD_WRONG_ARCH:
        return "The image is from incompatible architecture";
    case ELF_LOAD_WRONG_ENDIAN:
        return "The image has incorrect endianness";
    case ELF_LOAD_TOO_BIG:
        return "The image segments are too big to load";
    default:
        return "Unknown error";
    }
}

/* One program header or symbol, widened to 64 bits. */
typedef struct ElfSeg {
    uint32_t type;
    uint64_t offset, paddr, filesz, memsz;
} ElfSeg;

typedef struct ElfImage {
    const uint8_t *buf;
    size_t len;
    bool is64;
} ElfImage;

static uint16_t get16(const uint8_t *p)
{
    return p[0] | (p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) | ((uint32_t)get16(p + 2) << 16);
}

static uint64_t get64(const uint8_t *p)
{
    return get32(p) | ((uint64_t)get32(p + 4) << 32);
}

/* Whether [off, off + size) lies inside the file. */
static bool in_file(const ElfImage *img, uint64_t off, uint64_t size)
{
    return off <= img->len && size <= img->len - off;
}

static void elf_get_phdr(const ElfImage *img, const uint8_t *p, ElfSeg *s)
{
    s->type = get32(p);
    if (img->is64) {
        s->offset = get64(p + 8);
        s->paddr = get64(p + 24);
        s->filesz = get64(p + 32);
        s->memsz = get64(p + 40);
    } else {
        s->offset = get32(p + 4);
        s->paddr = get32(p + 12);
        s->filesz = get32(p + 16);
        s->memsz = get32(p + 20);
    }
}

/* Report every symbol of the SHT_SYMTAB sections to @sym_cb. */
static void elf_walk_symbols(const ElfImage *img, uint64_t shoff,
                             unsigned shentsize, unsigned shnum,
                             symbol_fn_t sym_cb)
{
    unsigned want = img->is64 ? 64 : 40;

    if (!shoff || shentsize < want ||
        !in_file(img, shoff, (uint64_t)shentsize * shnum)) {
        return;
    }
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = img->buf + shoff + (uint64_t)i * shentsize;
        uint64_t off, size, entsize, str_off, str_size;
        uint32_t link;
        const uint8_t *strsh;

        if (get32(sh + 4) != SHT_SYMTAB) {
            continue;
        }
        off = img->is64 ? get64(sh + 24) : get32(sh + 16);
        size = img->is64 ? get64(sh + 32) : get32(sh + 20);
        link = get32(sh + (img->is64 ? 40 : 24));
        entsize = img->is64 ? 24 : 16;
        if (link >= shnum || !in_file(img, off, size)) {
            continue;
        }
        strsh = img->buf + shoff + (uint64_t)link * shentsize;
        str_off = img->is64 ? get64(strsh + 24) : get32(strsh + 16);
        str_size = img->is64 ? get64(strsh + 32) : get32(strsh + 20);
        if (!in_file(img, str_off, str_size) || !str_size) {
            continue;
        }
        for (uint64_t s = 0; s + entsize <= size; s += entsize) {
            const uint8_t *sym = img->buf + off + s;
            uint32_t name = get32(sym);
            int info = sym[img->is64 ? 4 : 12];
            uint64_t value = img->is64 ? get64(sym + 8) : get32(sym + 4);
            uint64_t ssize = img->is64 ? get64(sym + 16) : get32(sym + 8);
            const char *str = (const char *)img->buf + str_off;

            if (name >= str_size || !memchr(str + name, 0, str_size - name)) {
                continue;
            }
            sym_cb(str + name, info, value, ssize);
        }
    }
}

ssize_t load_elf_ram_sym(const char *filename,
                         uint64_t (*elf_note_fn)(void *, void *, bool),
                         uint64_t (*translate_fn)(void *, uint64_t),
                         void *translate_opaque, uint64_t *pentry,
                         uint64_t *lowaddr, uint64_t *highaddr,
                         uint32_t *pflags, int elf_data_order,
                         int elf_machine, int clear_lsb, int data_swab,
                         AddressSpace *as, bool load_rom,
                         symbol_fn_t sym_cb)
{
    g_autofree uint8_t *buf = NULL;
    g_autofree ElfSeg *segs = NULL;
    ElfImage img;
    size_t len;
    uint64_t phoff, shoff, entry, low = UINT64_MAX, high = 0, total = 0;
    unsigned phentsize, phnum, shentsize, shnum, machine, nseg = 0;
    uint32_t flags;
    Error *err = NULL;

    buf = read_whole_file(filename, 64 * GiB, &len, &err);
    if (!buf) {
        error_free(err);
        return ELF_LOAD_FAILED;
    }
    if (len < EI_NIDENT || memcmp(buf, ELFMAG, SELFMAG)) {
        return ELF_LOAD_NOT_ELF;
    }
    if (buf[EI_CLASS] != ELFCLASS32 && buf[EI_CLASS] != ELFCLASS64) {
        return ELF_LOAD_NOT_ELF;
    }
    img = (ElfImage) { buf, len, buf[EI_CLASS] == ELFCLASS64 };
    if (len < (img.is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr))) {
        return ELF_LOAD_NOT_ELF;
    }
    if (buf[EI_DATA] != ELFDATA2LSB || elf_data_order != ELFDATA2LSB ||
        data_swab) {
        return ELF_LOAD_WRONG_ENDIAN;
    }
    machine = get16(buf + 18);
    if (elf_machine != EM_NONE && machine != (unsigned)elf_machine) {
        return ELF_LOAD_WRONG_ARCH;
    }
    if (img.is64) {
        entry = get64(buf + 24);
        phoff = get64(buf + 32);
        shoff = get64(buf + 40);
        flags = get32(buf + 48);
        phentsize = get16(buf + 54);
        phnum = get16(buf + 56);
        shentsize = get16(buf + 58);
        shnum = get16(buf + 60);
    } else {
        entry = get32(buf + 24);
        phoff = get32(buf + 28);
        shoff = get32(buf + 32);
        flags = get32(buf + 36);
        phentsize = get16(buf + 42);
        phnum = get16(buf + 44);
        shentsize = get16(buf + 46);
        shnum = get16(buf + 48);
    }
    if (phentsize < (img.is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)) ||
        !in_file(&img, phoff, (uint64_t)phentsize * phnum)) {
        return ELF_LOAD_FAILED;
    }

    /* Check every segment before loading any. */
    segs = g_new0(ElfSeg, phnum ? phnum : 1);
    for (unsigned i = 0; i < phnum; i++) {
        ElfSeg *s = &segs[nseg];

        elf_get_phdr(&img, buf + phoff + (uint64_t)i * phentsize, s);
        if (s->type != PT_LOAD || !s->memsz) {
            continue;
        }
        if (s->filesz > s->memsz || !in_file(&img, s->offset, s->filesz)) {
            return ELF_LOAD_FAILED;
        }
        if (s->memsz > ELF_MAX_SEGMENT) {
            return ELF_LOAD_TOO_BIG;
        }
        if (translate_fn) {
            s->paddr = translate_fn(translate_opaque, s->paddr);
        }
        if (s->paddr + s->memsz < s->paddr) {
            return ELF_LOAD_TOO_BIG;
        }
        low = MIN(low, s->paddr);
        high = MAX(high, s->paddr + s->memsz);
        total += s->memsz;
        nseg++;
    }
    if (!nseg) {
        return ELF_LOAD_FAILED;
    }
    for (unsigned i = 0; i < nseg; i++) {
        for (unsigned j = 0; j < i; j++) {
            if (segs[i].paddr < segs[j].paddr + segs[j].memsz &&
                segs[j].paddr < segs[i].paddr + segs[i].memsz) {
                return ELF_LOAD_FAILED;
            }
        }
    }
    for (unsigned i = 0; i < nseg; i++) {
        if (rom_find_overlap(as ? as : &address_space_memory, segs[i].paddr,
                             segs[i].memsz)) {
            error_report("rom: '%s' overlaps an image already loaded at "
                         "0x%" PRIx64, filename, segs[i].paddr);
            return ELF_LOAD_FAILED;
        }
    }
    for (unsigned i = 0; i < nseg; i++) {
        g_autofree char *name = g_strdup_printf("%s ELF program header "
                                                "segment %u", filename, i);

        if (rom_add(name, buf + segs[i].offset, segs[i].filesz,
                    segs[i].memsz, segs[i].paddr, as) < 0) {
            return ELF_LOAD_FAILED;
        }
    }
    if (sym_cb) {
        elf_walk_symbols(&img, shoff, shentsize, shnum, sym_cb);
    }
    if (pentry) {
        *pentry = clear_lsb ? entry & ~1ULL : entry;
    }
    if (lowaddr) {
        *lowaddr = low;
    }
    if (highaddr) {
        *highaddr = high;
    }
    if (pflags) {
        *pflags = flags;
    }
    return total;
}

ssize_t load_elf_as(const char *filename,
                    uint64_t (*elf_note_fn)(void *, void *, bool),
                    uint64_t (*translate_fn)(void *, uint64_t),
                    void *translate_opaque, uint64_t *pentry,
                    uint64_t *lowaddr, uint64_t *highaddr, uint32_t *pflags,
                    int elf_data_order, int elf_machine, int clear_lsb,
                    int data_swab, AddressSpace *as)
{
    return load_elf_ram_sym(filename, elf_note_fn, translate_fn,
                            translate_opaque, pentry, lowaddr, highaddr,
                            pflags, elf_data_order, elf_machine, clear_lsb,
                            data_swab, as, true, NULL);
}

ssize_t load_elf(const char *filename,
                 uint64_t (*elf_note_fn)(void *, void *, bool),
                 uint64_t (*translate_fn)(void *, uint64_t),
                 void *translate_opaque, uint64_t *pentry,
                 uint64_t *lowaddr, uint64_t *highaddr, uint32_t *pflags,
                 int elf_data_order, int elf_machine, int clear_lsb,
                 int data_swab)
{
    return load_elf_as(filename, elf_note_fn, translate_fn, translate_opaque,
                       pentry, lowaddr, highaddr, pflags, elf_data_order,
                       elf_machine, clear_lsb, data_swab, NULL);
}
