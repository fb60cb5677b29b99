/*
 * Device-tree building helpers over libfdt.
 */
#include "qemu/osdep.h"
#include <libfdt.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/units.h"
#include "hw/riscv/fdt.h"

#define FDT_MAX_SIZE (1 * MiB)

static void fdt_check(int ret, const char *what, const char *path,
                      const char *prop)
{
    if (ret < 0) {
        error_report("device tree: %s %s%s%s failed: %s", what, path,
                     prop ? ":" : "", prop ? prop : "", fdt_strerror(ret));
        exit(1);
    }
}

void *riscv_fdt_create(void)
{
    void *fdt = g_malloc0(FDT_MAX_SIZE);

    fdt_check(fdt_create_empty_tree(fdt, FDT_MAX_SIZE), "create", "/",
              NULL);
    return fdt;
}

void *riscv_fdt_load(const char *filename, Error **errp)
{
    g_autofree char *data = NULL;
    g_autoptr(GError) gerr = NULL;
    gsize len;
    void *fdt;
    size_t size;

    if (!g_file_get_contents(filename, &data, &len, &gerr)) {
        error_setg(errp, "Could not open '%s': %s", filename, gerr->message);
        return NULL;
    }
    if (len < sizeof(struct fdt_header) || fdt_check_header(data) ||
        fdt_totalsize(data) > len) {
        error_setg(errp, "'%s' is not a valid device tree blob", filename);
        return NULL;
    }
    /* Room for what the board adds (/chosen, bootargs, initrd) */
    size = MAX((size_t)fdt_totalsize(data) + 64 * KiB, FDT_MAX_SIZE);
    fdt = g_malloc0(size);
    if (fdt_open_into(data, fdt, size) < 0) {
        error_setg(errp, "'%s' is not a valid device tree blob", filename);
        g_free(fdt);
        return NULL;
    }
    return fdt;
}

static int node_offset(void *fdt, const char *path)
{
    int off = fdt_path_offset(fdt, path);

    fdt_check(off, "find node", path, NULL);
    return off;
}

bool riscv_fdt_node_exists(void *fdt, const char *path)
{
    return fdt_path_offset(fdt, path) >= 0;
}

void riscv_fdt_add_subnode(void *fdt, const char *path)
{
    const char *slash = strrchr(path, '/');
    g_autofree char *parent = NULL;
    int parent_off;

    if (!slash || !slash[1]) {
        error_report("device tree: bad node path '%s'", path);
        exit(1);
    }
    parent = slash == path ? g_strdup("/") : g_strndup(path, slash - path);
    parent_off = node_offset(fdt, parent);
    fdt_check(fdt_add_subnode(fdt, parent_off, slash + 1), "add node", path,
              NULL);
}

void riscv_fdt_setprop(void *fdt, const char *path, const char *prop,
                       const void *val, int len)
{
    fdt_check(fdt_setprop(fdt, node_offset(fdt, path), prop, val, len),
              "set property", path, prop);
}

void riscv_fdt_setprop_cell(void *fdt, const char *path, const char *prop,
                            uint32_t val)
{
    fdt_check(fdt_setprop_u32(fdt, node_offset(fdt, path), prop, val),
              "set property", path, prop);
}

void riscv_fdt_setprop_u64(void *fdt, const char *path, const char *prop,
                           uint64_t val)
{
    fdt_check(fdt_setprop_u64(fdt, node_offset(fdt, path), prop, val),
              "set property", path, prop);
}

void riscv_fdt_setprop_string(void *fdt, const char *path, const char *prop,
                              const char *val)
{
    fdt_check(fdt_setprop_string(fdt, node_offset(fdt, path), prop, val),
              "set property", path, prop);
}

void riscv_fdt_setprop_string_array(void *fdt, const char *path,
                                    const char *prop,
                                    const char *const *vals, int n)
{
    GString *s = g_string_new(NULL);

    for (int i = 0; i < n; i++) {
        g_string_append_len(s, vals[i], strlen(vals[i]) + 1);
    }
    riscv_fdt_setprop(fdt, path, prop, s->str, s->len);
    g_string_free(s, true);
}

void riscv_fdt_setprop_cells_n(void *fdt, const char *path,
                               const char *prop, const uint32_t *cells,
                               int n)
{
    g_autofree fdt32_t *be = g_new(fdt32_t, n ? n : 1);

    for (int i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    riscv_fdt_setprop(fdt, path, prop, be, n * sizeof(fdt32_t));
}

int riscv_fdt_pack(void *fdt)
{
    fdt_check(fdt_pack(fdt), "pack", "/", NULL);
    return fdt_totalsize(fdt);
}
