// SPDX-License-Identifier: MIT
/*
 * kmalloc.c - the kernel heap.
 *
 * Power-of-two size classes from 32 bytes to 2 KiB are carved out of whole
 * pages; larger requests take contiguous pages.  Every block starts with a
 * 16-byte header naming its class (or page count), so kfree needs no size.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"

#define HDR 16
#define MIN_SHIFT 5
#define MAX_SHIFT 11
#define KMAGIC 0x6b6d616cu

struct khdr {
	uint32_t magic;
	uint32_t shift;  /* size class, or 0 for a page run */
	uint64_t npages; /* for page runs */
};

struct kfree_obj {
	struct kfree_obj *next;
};
static struct kfree_obj *freelist[MAX_SHIFT + 1];

static void refill(int shift)
{
	char *page = page_alloc_n(1);
	size_t sz = 1UL << shift;

	if (!page)
		return;
	for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz) {
		struct kfree_obj *o = (struct kfree_obj *)(page + off);
		o->next = freelist[shift];
		freelist[shift] = o;
	}
}

void *kmalloc(size_t size)
{
	struct khdr *h;
	int shift = MIN_SHIFT;

	if (size + HDR > (1UL << MAX_SHIFT)) {
		size_t n = (size + HDR + PAGE_SIZE - 1) / PAGE_SIZE;
		h = page_alloc_n(n);
		if (!h)
			return NULL;
		*h = (struct khdr){ KMAGIC, 0, n };
		return (char *)h + HDR;
	}
	while ((1UL << shift) < size + HDR)
		shift++;
	if (!freelist[shift])
		refill(shift);
	if (!freelist[shift])
		return NULL;
	h = (struct khdr *)freelist[shift];
	freelist[shift] = freelist[shift]->next;
	*h = (struct khdr){ KMAGIC, (uint32_t)shift, 0 };
	return (char *)h + HDR;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	struct khdr *h;

	if (!p)
		return;
	h = (struct khdr *)((char *)p - HDR);
	assert(h->magic == KMAGIC);
	h->magic = 0;
	if (h->shift == 0) {
		page_free_n(h, h->npages);
		return;
	}
	uint32_t shift = h->shift; /* o->next overwrites the header */
	struct kfree_obj *o = (struct kfree_obj *)h;
	o->next = freelist[shift];
	freelist[shift] = o;
}
