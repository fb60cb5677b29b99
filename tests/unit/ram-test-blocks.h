/*
 * The RAM blocks the RAM migration unit tests save and load: two blocks,
 * one of them not a multiple of 64 pages, filled with a pattern whose
 * every third page is zero.
 */
#ifndef TESTS_UNIT_RAM_TEST_BLOCKS_H
#define TESTS_UNIT_RAM_TEST_BLOCKS_H

#include "qapi/error.h"
#include "exec/ram_addr.h"
#include "system/ramblock.h"

#define PAGE 4096

typedef struct BlockSpec {
    const char *name;
    uint64_t size;
} BlockSpec;

static const BlockSpec specs[] = {
    { "test.ram0", 2 * 1024 * 1024 },
    { "test.ram1", 64 * PAGE + PAGE },      /* not a multiple of 64 pages */
};

#define NBLOCKS G_N_ELEMENTS(specs)

static RAMBlock *blocks[NBLOCKS];

static void blocks_alloc(void)
{
    for (size_t i = 0; i < NBLOCKS; i++) {
        blocks[i] = qemu_ram_alloc_anon(specs[i].name, specs[i].size, false,
                                        &error_abort);
    }
}

static void blocks_free(void)
{
    for (size_t i = 0; i < NBLOCKS; i++) {
        qemu_ram_free(blocks[i]);
        blocks[i] = NULL;
    }
}

/* Pages: every third zero, the others a pattern of @seed and the page. */
static void fill_pattern(RAMBlock *rb, uint32_t seed)
{
    for (uint64_t p = 0; p < rb->used_length / PAGE; p++) {
        uint32_t *w = (uint32_t *)(rb->host + p * PAGE);

        for (size_t i = 0; i < PAGE / 4; i++) {
            w[i] = p % 3 ? seed * 2654435761u + p * 40503u + i : 0;
        }
    }
}

#endif
