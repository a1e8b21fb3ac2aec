/* SPDX-License-Identifier: MIT */
/*
 * mm.h - physical pages, the kernel heap, and per-process address spaces.
 *
 * Physical memory is reached through the direct map: phys_to_virt()/
 * virt_to_phys().  Pages carry a reference count (copy-on-write fork shares
 * pages between address spaces).
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include "kernel/kernel.h"
#include <arch/mmu.h>

#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12

/* page.c: physical page allocator.  Returned memory is direct-mapped. */
void page_add_range(uint64_t start, uint64_t end); /* usable RAM, first */
void page_init_above(uint64_t kernel_end);         /* then build the array */
void page_reserve(uint64_t start, uint64_t end);
void page_unreserve(uint64_t start, uint64_t end);
void *page_alloc(void);                 /* one zeroed page or NULL */
void *page_alloc_n(size_t n);           /* n contiguous pages, not zeroed */
void page_free_n(void *p, size_t n);
void page_get(uint64_t phys);           /* take a reference */
void page_put(uint64_t phys);           /* drop a reference; frees at 0 */
unsigned page_refcount(uint64_t phys);
uint64_t page_total(void);              /* pages of RAM */
uint64_t page_free_count(void);

/* kmalloc.c: kernel heap.  kmalloc never sleeps; NULL when out of memory. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

#endif
