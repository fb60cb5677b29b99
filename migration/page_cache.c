/*
 * Direct-mapped page cache for xbzrle.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "page_cache.h"

/* A page sent within this many passes is not replaced by another. */
#define CACHED_PAGE_LIFETIME 2

typedef struct CacheItem {
    uint64_t it_addr;
    uint64_t it_age;
    uint8_t *it_data;
} CacheItem;

struct PageCache {
    CacheItem *page_cache;
    size_t page_size;
    size_t max_num_items;       /* a power of 2 */
};

PageCache *cache_init(uint64_t new_size, size_t page_size, Error **errp)
{
    PageCache *cache;
    uint64_t num_pages;

    if (!page_size || new_size < page_size) {
        error_setg(errp, "xbzrle cache size %" PRIu64 " is smaller than a "
                   "page (%zu bytes)", new_size, page_size);
        return NULL;
    }
    num_pages = new_size / page_size;
    /* Round down to a power of two so that the slot is a mask. */
    num_pages = 1ULL << (63 - __builtin_clzll(num_pages));
    if (num_pages > SIZE_MAX / sizeof(CacheItem)) {
        error_setg(errp, "xbzrle cache size %" PRIu64 " is too large",
                   new_size);
        return NULL;
    }
    cache = g_new0(PageCache, 1);
    cache->page_size = page_size;
    cache->max_num_items = num_pages;
    cache->page_cache = g_try_new0(CacheItem, num_pages);
    if (!cache->page_cache) {
        error_setg(errp, "cannot allocate an xbzrle cache of %" PRIu64
                   " pages", num_pages);
        g_free(cache);
        return NULL;
    }
    return cache;
}

void cache_fini(PageCache *cache)
{
    if (!cache) {
        return;
    }
    for (size_t i = 0; i < cache->max_num_items; i++) {
        g_free(cache->page_cache[i].it_data);
    }
    g_free(cache->page_cache);
    g_free(cache);
}

static CacheItem *cache_get_by_addr(const PageCache *cache, uint64_t addr)
{
    size_t pos = (addr / cache->page_size) & (cache->max_num_items - 1);

    return &cache->page_cache[pos];
}

uint8_t *get_cached_data(const PageCache *cache, uint64_t addr)
{
    return cache_get_by_addr(cache, addr)->it_data;
}

bool cache_is_cached(const PageCache *cache, uint64_t addr,
                     uint64_t current_age)
{
    CacheItem *it = cache_get_by_addr(cache, addr);

    if (it->it_data && it->it_addr == addr) {
        it->it_age = current_age;
        return true;
    }
    return false;
}

int cache_insert(PageCache *cache, uint64_t addr, const uint8_t *pdata,
                 uint64_t current_age)
{
    CacheItem *it = cache_get_by_addr(cache, addr);

    if (it->it_data && it->it_addr != addr &&
        it->it_age + CACHED_PAGE_LIFETIME > current_age) {
        return -1;              /* the resident page is still in use */
    }
    if (!it->it_data) {
        it->it_data = g_try_malloc(cache->page_size);
        if (!it->it_data) {
            return -1;
        }
    }
    if (it->it_data != pdata) {
        memcpy(it->it_data, pdata, cache->page_size);
    }
    it->it_age = current_age;
    it->it_addr = addr;
    return 0;
}

int64_t cache_size(const PageCache *cache)
{
    return cache->max_num_items;
}
