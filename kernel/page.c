// SPDX-License-Identifier: MIT
/*
 * page.c - the physical page allocator.
 *
 * One 16-bit reference count per page frame below the top of RAM: 0 is
 * free, PAGE_RESERVED marks holes, firmware and the kernel image.  The count
 * array itself is carved from the first usable RAM above the kernel.
 * Allocation is next-fit over the array; contiguous runs for page_alloc_n.
 * Single pages come first from the most recently freed ones (a stack of
 * HOT_MAX, as Linux's per-CPU lists): memory the guest has used before
 * is backed by the host already, while a page never touched costs the
 * host a fault and a zeroed page (a 2 MiB one with transparent huge
 * pages) on first use.  Measured on QEMU TCG: half of QEMU's time in a
 * cold read of the block cache went into those faults when next-fit
 * walked fresh RAM.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"

#define PAGE_RESERVED 0xffff

static uint16_t *page_ref;   /* [pfn] */
static uint64_t page_count;  /* frames covered by page_ref */
static uint64_t page_next;   /* next-fit cursor */
static uint64_t pages_ram, pages_free;

#define HOT_MAX 16384              /* 64 MiB of pages, in 64 KiB */
static uint32_t hot[HOT_MAX];   /* pfns freed lately, newest at the top */
static unsigned nhot;           /* a ring: the oldest are overwritten */
static unsigned hot_top;

struct ram_range {
	uint64_t start, end;
};
static struct ram_range ram[64];
static int nram;

void page_add_range(uint64_t start, uint64_t end)
{
	start = ALIGN_UP(start, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	if (end > start && nram < (int)ARRAY_SIZE(ram))
		ram[nram++] = (struct ram_range){ start, end };
}

/*
 * Place the count array in the first RAM range that can hold it above
 * `above` (the kernel's end) and mark every frame reserved except RAM.
 */
void page_init_above(uint64_t above)
{
	uint64_t top = 0, bytes, at = 0;

	for (int i = 0; i < nram; i++)
		top = MAX(top, ram[i].end);
	page_count = top / PAGE_SIZE;
	bytes = ALIGN_UP(page_count * sizeof(uint16_t), PAGE_SIZE);
	for (int i = 0; i < nram && !at; i++) {
		uint64_t s = MAX(ram[i].start, ALIGN_UP(above, PAGE_SIZE));
		if (s + bytes <= ram[i].end && s + bytes <= EARLY_MAP_TOP)
			at = s;
	}
	if (!at)
		panic("page: no room for the page array");
	page_ref = phys_to_virt(at);
	for (uint64_t i = 0; i < page_count; i++)
		page_ref[i] = PAGE_RESERVED;
	for (int i = 0; i < nram; i++)
		for (uint64_t p = ram[i].start; p < ram[i].end; p += PAGE_SIZE) {
			page_ref[p / PAGE_SIZE] = 0;
			pages_ram++;
		}
	pages_free = pages_ram;
	page_reserve(0, ALIGN_UP(above, PAGE_SIZE)); /* firmware + kernel image */
	page_reserve(at, at + bytes);
}

void page_reserve(uint64_t start, uint64_t end)
{
	for (uint64_t p = ALIGN_DOWN(start, PAGE_SIZE); p < end && p / PAGE_SIZE < page_count;
	     p += PAGE_SIZE) {
		if (page_ref[p / PAGE_SIZE] == 0)
			pages_free--;
		page_ref[p / PAGE_SIZE] = PAGE_RESERVED;
	}
}

/* Give back a reserved range (the initrd once unpacked). */
void page_unreserve(uint64_t start, uint64_t end)
{
	for (uint64_t p = ALIGN_UP(start, PAGE_SIZE); p + PAGE_SIZE <= end; p += PAGE_SIZE)
		if (page_ref[p / PAGE_SIZE] == PAGE_RESERVED) {
			page_ref[p / PAGE_SIZE] = 0;
			pages_free++;
		}
}

static bool run_free(uint64_t pfn, size_t n)
{
	if (pfn + n > page_count)
		return false;
	for (size_t i = 0; i < n; i++)
		if (page_ref[pfn + i])
			return false;
	return true;
}

/* A page freed lately, or 0 (never a free frame: pfn 0 is firmware's). */
static uint64_t hot_pop(void)
{
	while (nhot) {
		uint64_t pfn;

		nhot--;
		hot_top = (hot_top + HOT_MAX - 1) % HOT_MAX;
		pfn = hot[hot_top];
		/* Stale when a run took it meanwhile. */
		if (pfn && !page_ref[pfn])
			return pfn;
	}
	return 0;
}

static void hot_push(uint64_t pfn)
{
	hot[hot_top] = (uint32_t)pfn;
	hot_top = (hot_top + 1) % HOT_MAX;
	nhot = MIN(nhot + 1, (unsigned)HOT_MAX);
}

void *page_alloc_n(size_t n)
{
	uint64_t pfn = n == 1 ? hot_pop() : 0;

	if (pfn) {
		page_ref[pfn] = 1;
		pages_free--;
		return phys_to_virt(pfn * PAGE_SIZE);
	}
	for (uint64_t tries = 0; tries < page_count; tries++) {
		uint64_t pfn = page_next;

		page_next = (page_next + 1) % page_count;
		if (!run_free(pfn, n))
			continue;
		for (size_t i = 0; i < n; i++)
			page_ref[pfn + i] = 1;
		pages_free -= n;
		page_next = (pfn + n) % page_count;
		return phys_to_virt(pfn * PAGE_SIZE);
	}
	return NULL;
}

void *page_alloc(void)
{
	void *p = page_alloc_n(1);

	if (p)
		memset(p, 0, PAGE_SIZE);
	return p;
}

void page_free_n(void *p, size_t n)
{
	uint64_t pfn = virt_to_phys(p) / PAGE_SIZE;

	for (size_t i = 0; i < n; i++) {
		assert(page_ref[pfn + i] == 1);
		page_ref[pfn + i] = 0;
		hot_push(pfn + i);
	}
	pages_free += n;
}

void page_get(uint64_t phys)
{
	uint16_t *r = &page_ref[phys / PAGE_SIZE];

	assert(*r && *r < PAGE_RESERVED - 1);
	(*r)++;
}

void page_put(uint64_t phys)
{
	uint16_t *r = &page_ref[phys / PAGE_SIZE];

	assert(*r && *r != PAGE_RESERVED);
	if (--*r == 0) {
		pages_free++;
		hot_push(phys / PAGE_SIZE);
	}
}

unsigned page_refcount(uint64_t phys)
{
	return page_ref[phys / PAGE_SIZE];
}

uint64_t page_total(void)
{
	return pages_ram;
}

uint64_t page_free_count(void)
{
	return pages_free;
}
