/*
 * Small device-tree building helpers over libfdt for the RISC-V boards
 * (the subset of QEMU's qemu_fdt_* helpers they need, under a riscv_
 * prefix).  Nodes are named by full path; failures report and exit,
 * like QEMU's helpers, since they mean a board bug or no memory.
 */
#ifndef HW_RISCV_FDT_H
#define HW_RISCV_FDT_H

/** riscv_fdt_create: a new empty tree with room to grow to 1 MiB. */
void *riscv_fdt_create(void);

/**
 * riscv_fdt_load: read the blob @filename into a tree with room to
 * grow; NULL with @errp set when unreadable or not a device tree.
 */
void *riscv_fdt_load(const char *filename, Error **errp);

/** riscv_fdt_add_subnode: add node @path (its parent must exist). */
void riscv_fdt_add_subnode(void *fdt, const char *path);

/** riscv_fdt_node_exists: whether @path names a node of @fdt. */
bool riscv_fdt_node_exists(void *fdt, const char *path);

void riscv_fdt_setprop(void *fdt, const char *path, const char *prop,
                       const void *val, int len);
void riscv_fdt_setprop_cell(void *fdt, const char *path, const char *prop,
                            uint32_t val);
void riscv_fdt_setprop_u64(void *fdt, const char *path, const char *prop,
                           uint64_t val);
void riscv_fdt_setprop_string(void *fdt, const char *path, const char *prop,
                              const char *val);
/** riscv_fdt_setprop_string_array: a NUL-separated string list. */
void riscv_fdt_setprop_string_array(void *fdt, const char *path,
                                    const char *prop,
                                    const char *const *vals, int n);
/** riscv_fdt_setprop_cells_n: @n 32-bit cells from @cells. */
void riscv_fdt_setprop_cells_n(void *fdt, const char *path,
                               const char *prop, const uint32_t *cells,
                               int n);

#define riscv_fdt_setprop_cells(fdt, path, prop, ...)                      \
    do {                                                                   \
        const uint32_t cells_[] = { __VA_ARGS__ };                         \
        riscv_fdt_setprop_cells_n(fdt, path, prop, cells_,                 \
                                  ARRAY_SIZE(cells_));                     \
    } while (0)

/** riscv_fdt_pack: pack @fdt (drop free space); returns its size. */
int riscv_fdt_pack(void *fdt);

#endif
