/*
 * Page cache for xbzrle: the last copy sent of recently sent pages,
 * direct-mapped by RAM address, with an age per entry so that a page
 * sent in the current or previous bitmap pass is not evicted by
 * another (QEMU's migration/page_cache.h API).
 */
#ifndef MIGRATION_PAGE_CACHE_H
#define MIGRATION_PAGE_CACHE_H

typedef struct PageCache PageCache;

/**
 * cache_init: a cache of at most @cache_size bytes of pages of
 * @page_size bytes (the number of pages is rounded down to a power of
 * 2).  NULL with @errp set if @cache_size is less than a page or the
 * memory cannot be had.
 */
PageCache *cache_init(uint64_t cache_size, size_t page_size, Error **errp);

/** cache_fini: free @cache and its pages (NULL is fine). */
void cache_fini(PageCache *cache);

/**
 * cache_is_cached: whether the page at @addr is in @cache; if so its
 * age becomes @current_age.
 */
bool cache_is_cached(const PageCache *cache, uint64_t addr,
                     uint64_t current_age);

/** get_cached_data: the cached page for @addr's slot (may be NULL). */
uint8_t *get_cached_data(const PageCache *cache, uint64_t addr);

/**
 * cache_insert: store a copy of @pdata as the page at @addr with age
 * @current_age.  Returns 0, or -1 if the slot holds another page that
 * is still fresh (it stays) or memory ran out.
 */
int cache_insert(PageCache *cache, uint64_t addr, const uint8_t *pdata,
                 uint64_t current_age);

/** cache_size: how many pages @cache holds. */
int64_t cache_size(const PageCache *cache);

#endif
