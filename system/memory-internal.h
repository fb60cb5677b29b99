/*
 * Private to the memory API: flat views and their lookup.
 */
#ifndef SYSTEM_MEMORY_INTERNAL_H
#define SYSTEM_MEMORY_INTERNAL_H

#include "exec/memory.h"

/* One disjoint range of an address space and the region behind it. */
typedef struct FlatRange {
    MemoryRegion *mr;           /* a terminating region (never an alias) */
    hwaddr offset_in_region;
    Int128 start;
    Int128 size;
    bool readonly;
    bool nonvolatile;
    bool romd_mode;
} FlatRange;

/* A rendered address space: ranges sorted by address, refcounted. */
struct FlatView {
    int ref;
    FlatRange *ranges;
    unsigned nr;
    unsigned nr_allocated;
    MemoryRegion *root;
};

/* flatview_lookup: the range holding @addr, or NULL (unassigned). */
FlatRange *flatview_lookup(FlatView *view, hwaddr addr);

/*
 * flatview_next_start: start of the first range above @addr, or 2^64
 * when none (for skipping a hole).
 */
Int128 flatview_next_start(FlatView *view, hwaddr addr);

/* After a write into @mr's RAM: invalidate code, mark pages dirty. */
void memory_ram_write_done(MemoryRegion *mr, hwaddr offset, hwaddr len);

#endif
