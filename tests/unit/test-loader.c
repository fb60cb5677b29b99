/*
 * Image loaders (hw/loader.h): raw images and ELF32/ELF64 executables
 * built byte by byte here, loaded as ROM blobs into guest RAM; bad
 * files fail cleanly.
 */
#include "qemu/osdep.h"
#include <elf.h>
#include "qapi/error.h"
#include "qemu/module.h"
#include "exec/memory.h"
#include "hw/loader.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED
#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (1 * 1024 * 1024)

static char *tmpdir;
static int file_seq;

/* Each test loads at its own window of RAM: blobs stay registered. */
static hwaddr window(int n)
{
    return RAM_BASE + n * 0x10000;
}

static char *write_file(const void *data, size_t len)
{
    char *path = g_strdup_printf("%s/img%d", tmpdir, file_seq++);

    g_assert_true(g_file_set_contents(path, data, len, NULL));
    return path;
}

static uint32_t rd32(hwaddr addr)
{
    return address_space_ldl_le(&address_space_memory, addr, ATTRS, NULL);
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v);
    put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, v);
    put32(p + 4, v >> 32);
}

typedef struct Seg {
    uint64_t paddr;
    const void *data;
    uint32_t filesz;
    uint32_t memsz;
} Seg;

/*
 * An executable with @nseg PT_LOAD segments (data right after the
 * program headers), little-endian, machine EM_RISCV.
 */
static uint8_t *build_elf(bool is64, uint64_t entry, const Seg *segs,
                          int nseg, size_t *len)
{
    size_t ehsize = is64 ? 64 : 52, phsize = is64 ? 56 : 32;
    size_t off = ehsize + phsize * nseg, total = off;
    uint8_t *b;

    for (int i = 0; i < nseg; i++) {
        total += segs[i].filesz;
    }
    b = g_malloc0(total);
    memcpy(b, ELFMAG, SELFMAG);
    b[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
    b[EI_DATA] = ELFDATA2LSB;
    b[EI_VERSION] = EV_CURRENT;
    put16(b + 16, ET_EXEC);
    put16(b + 18, EM_RISCV);
    put32(b + 20, EV_CURRENT);
    if (is64) {
        put64(b + 24, entry);
        put64(b + 32, ehsize);             /* phoff */
        put32(b + 48, 0x5);                /* flags: RVC, double float */
        put16(b + 52, ehsize);
        put16(b + 54, phsize);
        put16(b + 56, nseg);
    } else {
        put32(b + 24, entry);
        put32(b + 28, ehsize);
        put32(b + 36, 0x5);
        put16(b + 40, ehsize);
        put16(b + 42, phsize);
        put16(b + 44, nseg);
    }
    for (int i = 0; i < nseg; i++) {
        uint8_t *ph = b + ehsize + i * phsize;

        put32(ph, PT_LOAD);
        if (is64) {
            put32(ph + 4, PF_R | PF_X);
            put64(ph + 8, off);
            put64(ph + 16, segs[i].paddr);
            put64(ph + 24, segs[i].paddr);
            put64(ph + 32, segs[i].filesz);
            put64(ph + 40, segs[i].memsz);
        } else {
            put32(ph + 4, off);
            put32(ph + 8, segs[i].paddr);
            put32(ph + 12, segs[i].paddr);
            put32(ph + 16, segs[i].filesz);
            put32(ph + 20, segs[i].memsz);
            put32(ph + 24, PF_R | PF_X);
        }
        memcpy(b + off, segs[i].data, segs[i].filesz);
        off += segs[i].filesz;
    }
    *len = total;
    return b;
}

static ssize_t load(const char *path, uint64_t *entry, uint64_t *low,
                    uint64_t *high)
{
    return load_elf(path, NULL, NULL, NULL, entry, low, high, NULL,
                    ELFDATA2LSB, EM_RISCV, 1, 0);
}

static void test_elf64(void)
{
    static const uint32_t code[] = { 0x001002b7, 0x0000006f };
    static const uint32_t data[] = { 0xdeadbeef };
    hwaddr base = window(0);
    Seg segs[] = {
        { base, code, sizeof(code), sizeof(code) },
        /* data, then 0x100 bytes of bss */
        { base + 0x1000, data, sizeof(data), sizeof(data) + 0x100 },
    };
    size_t len;
    g_autofree uint8_t *elf = build_elf(true, base + 1, segs, 2, &len);
    g_autofree char *path = write_file(elf, len);
    uint64_t entry, low, high;
    uint32_t flags;

    /* Garbage where the bss goes: loading must clear it */
    address_space_stl_le(&address_space_memory, base + 0x1080, 0x55aa55aa,
                         ATTRS, NULL);
    g_assert_cmpint(load_elf(path, NULL, NULL, NULL, &entry, &low, &high,
                             &flags, ELFDATA2LSB, EM_RISCV, 1, 0), ==,
                    sizeof(code) + sizeof(data) + 0x100);
    g_assert_cmphex(entry, ==, base);           /* bit 0 cleared */
    g_assert_cmphex(low, ==, base);
    g_assert_cmphex(high, ==, base + 0x1000 + sizeof(data) + 0x100);
    g_assert_cmphex(flags, ==, 0x5);
    g_assert_cmphex(rd32(base), ==, 0x001002b7);
    g_assert_cmphex(rd32(base + 4), ==, 0x0000006f);
    g_assert_cmphex(rd32(base + 0x1000), ==, 0xdeadbeef);
    g_assert_cmphex(rd32(base + 0x1080), ==, 0);

    /* A reset writes the image again over what the guest changed */
    address_space_stl_le(&address_space_memory, base, 0, ATTRS, NULL);
    address_space_stl_le(&address_space_memory, base + 0x1004, 7, ATTRS,
                         NULL);
    rom_reset_all();
    g_assert_cmphex(rd32(base), ==, 0x001002b7);
    g_assert_cmphex(rd32(base + 0x1004), ==, 0);

    /* The same image again overlaps what is loaded: refused */
    g_assert_cmpint(load(path, NULL, NULL, NULL), ==, ELF_LOAD_FAILED);
}

static void test_elf32(void)
{
    static const uint8_t bytes[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    hwaddr base = window(1);
    Seg seg = { base + 0x10, bytes, sizeof(bytes), sizeof(bytes) };
    size_t len;
    g_autofree uint8_t *elf = build_elf(false, base + 0x10, &seg, 1, &len);
    g_autofree char *path = write_file(elf, len);
    uint64_t entry, low, high;

    g_assert_cmpint(load(path, &entry, &low, &high), ==, sizeof(bytes));
    /* 32-bit addresses are not sign-extended */
    g_assert_cmphex(entry, ==, base + 0x10);
    g_assert_cmphex(low, ==, base + 0x10);
    g_assert_cmphex(high, ==, base + 0x18);
    g_assert_cmphex(rd32(base + 0x10), ==, 0x04030201);
    g_assert_cmphex(rd32(base + 0x14), ==, 0x08070605);
}

static uint64_t add_0x100(void *opaque, uint64_t addr)
{
    return addr + 0x100;
}

static void test_elf_translate(void)
{
    static const uint32_t word = 0x12345678;
    hwaddr base = window(2);
    Seg seg = { base, &word, 4, 4 };
    size_t len;
    g_autofree uint8_t *elf = build_elf(true, base, &seg, 1, &len);
    g_autofree char *path = write_file(elf, len);
    uint64_t low;

    g_assert_cmpint(load_elf(path, NULL, add_0x100, NULL, NULL, &low, NULL,
                             NULL, ELFDATA2LSB, EM_RISCV, 0, 0), ==, 4);
    g_assert_cmphex(low, ==, base + 0x100);
    g_assert_cmphex(rd32(base + 0x100), ==, word);
}

/* A valid one-segment image at @base to be broken by the caller */
static uint8_t *good_elf(hwaddr base, size_t *len)
{
    static const uint32_t word = 0x11111111;
    Seg seg = { base, &word, 4, 4 };

    return build_elf(true, base, &seg, 1, len);
}

static ssize_t load_bytes(const uint8_t *b, size_t len)
{
    g_autofree char *path = write_file(b, len);

    return load(path, NULL, NULL, NULL);
}

static void test_elf_bad(void)
{
    hwaddr base = window(3);
    size_t len;
    g_autofree uint8_t *elf = good_elf(base, &len);
    g_autofree uint8_t *b = g_malloc(len);

    /* Not ELF at all, or too short to be */
    g_assert_cmpint(load_bytes((const uint8_t *)"hello world", 11), ==,
                    ELF_LOAD_NOT_ELF);
    g_assert_cmpint(load_bytes(elf, 20), ==, ELF_LOAD_NOT_ELF);
    g_assert_cmpint(load(tmpdir, NULL, NULL, NULL), ==, ELF_LOAD_FAILED);
    g_assert_cmpint(load("/nonexistent/x.elf", NULL, NULL, NULL), ==,
                    ELF_LOAD_FAILED);

    memcpy(b, elf, len);
    b[EI_CLASS] = 7;
    g_assert_cmpint(load_bytes(b, len), ==, ELF_LOAD_NOT_ELF);

    memcpy(b, elf, len);
    b[EI_DATA] = ELFDATA2MSB;
    g_assert_cmpint(load_bytes(b, len), ==, ELF_LOAD_WRONG_ENDIAN);

    memcpy(b, elf, len);
    put16(b + 18, EM_X86_64);
    g_assert_cmpint(load_bytes(b, len), ==, ELF_LOAD_WRONG_ARCH);

    /* Program headers past the end of the file */
    memcpy(b, elf, len);
    put64(b + 32, 0x100000);
    g_assert_cmpint(load_bytes(b, len), ==, ELF_LOAD_FAILED);

    /* Segment data past the end of the file */
    memcpy(b, elf, len);
    put64(b + 64 + 8, len);
    g_assert_cmpint(load_bytes(b, len), ==, ELF_LOAD_FAILED);

    /* More file bytes than memory bytes */
    memcpy(b, elf, len);
    put64(b + 64 + 40, 2);
    g_assert_cmpint(load_bytes(b, len), ==, ELF_LOAD_FAILED);

    /* A segment too big to hold, and one wrapping around 2^64 */
    memcpy(b, elf, len);
    put64(b + 64 + 40, 1ULL << 40);
    g_assert_cmpint(load_bytes(b, len), ==, ELF_LOAD_TOO_BIG);
    memcpy(b, elf, len);
    put64(b + 64 + 24, ~0ULL - 1);
    g_assert_cmpint(load_bytes(b, len), ==, ELF_LOAD_TOO_BIG);

    /* Truncated in the middle of the program headers */
    g_assert_cmpint(load_bytes(elf, 80), ==, ELF_LOAD_FAILED);

    g_assert_cmpstr(load_elf_strerror(ELF_LOAD_WRONG_ARCH), ==,
                    "The image is from incompatible architecture");

    /* None of that loaded anything; the intact image still loads */
    g_assert_cmpint(load_bytes(elf, len), ==, 4);
    g_assert_cmphex(rd32(base), ==, 0x11111111);
}

static void test_elf_overlapping_segments(void)
{
    static const uint32_t words[2] = { 1, 2 };
    hwaddr base = window(4);
    Seg segs[] = {
        { base, words, 8, 8 },
        { base + 4, words, 8, 8 },
    };
    size_t len;
    g_autofree uint8_t *elf = build_elf(true, base, segs, 2, &len);
    g_autofree char *path = write_file(elf, len);

    g_assert_cmpint(load(path, NULL, NULL, NULL), ==, ELF_LOAD_FAILED);
    g_assert_cmphex(rd32(base), ==, 0);
}

static void test_raw_image(void)
{
    static const uint8_t data[] = "raw image bytes!";
    hwaddr base = window(5);
    g_autofree char *path = write_file(data, 16);
    Error *err = NULL;

    g_assert_cmpint(get_image_size(path, &error_abort), ==, 16);
    g_assert_cmpint(load_image_targphys(path, base, 16, &error_abort), ==,
                    16);
    g_assert_cmphex(rd32(base), ==, 0x20776172);        /* "raw " */
    g_assert_nonnull(rom_ptr_for_as(&address_space_memory, base + 4, 4));
    g_assert_null(rom_ptr_for_as(&address_space_memory, base + 8, 16));

    /* Larger than allowed */
    g_assert_cmpint(load_image_targphys(path, base + 0x100, 15, &err), ==,
                    -1);
    g_assert_nonnull(strstr(error_get_pretty(err), "too large"));
    error_free(err);
    err = NULL;

    /* Missing file: the error names it */
    g_assert_cmpint(load_image_targphys("/nonexistent/raw.bin", base, 16,
                                        &err), ==, -1);
    g_assert_nonnull(strstr(error_get_pretty(err), "/nonexistent/raw.bin"));
    error_free(err);
    err = NULL;
    g_assert_cmpint(get_image_size("/nonexistent/raw.bin", NULL), ==, -1);

    /* Over the blob already there */
    g_assert_cmpint(load_image_targphys(path, base + 8, 16, &err), ==, -1);
    error_free(err);
}

static void test_blob_overlap(void)
{
    static const uint8_t blob[8] = { 0xaa };
    hwaddr base = window(6);

    g_assert_cmpint(rom_add_blob_fixed("a", blob, 8, base), ==, 0);
    g_assert_cmpint(rom_add_blob_fixed("b", blob, 8, base + 8), ==, 0);
    g_assert_cmpint(rom_add_blob_fixed("c", blob, 8, base + 12), ==, -1);
    g_assert_cmpint(rom_add_blob_fixed("d", blob, 8, ~0ULL - 3), ==, -1);
    g_assert_cmphex(rd32(base + 8), ==, 0xaa);
}

int main(int argc, char **argv)
{
    MemoryRegion *ram = g_new0(MemoryRegion, 1);
    int ret;

    g_test_init(&argc, &argv, NULL);
    module_call_init(MODULE_INIT_QOM);
    memory_region_init_ram(ram, NULL, "test.ram", RAM_SIZE, &error_abort);
    memory_region_add_subregion(get_system_memory(), RAM_BASE, ram);
    tmpdir = g_dir_make_tmp("test-loader-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);

    g_test_add_func("/loader/elf64", test_elf64);
    g_test_add_func("/loader/elf32", test_elf32);
    g_test_add_func("/loader/elf-translate", test_elf_translate);
    g_test_add_func("/loader/elf-bad", test_elf_bad);
    g_test_add_func("/loader/elf-overlapping-segments",
                    test_elf_overlapping_segments);
    g_test_add_func("/loader/raw", test_raw_image);
    g_test_add_func("/loader/blob-overlap", test_blob_overlap);
    ret = g_test_run();

    for (int i = 0; i < file_seq; i++) {
        g_autofree char *path = g_strdup_printf("%s/img%d", tmpdir, i);
        unlink(path);
    }
    rmdir(tmpdir);
    return ret;
}
