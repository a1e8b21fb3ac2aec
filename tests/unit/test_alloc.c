// SPDX-License-Identifier: MIT
// sources: kernel/page.c kernel/kmalloc.c
/*
 * test_alloc.c - the physical page allocator and the kernel heap on a
 * simulated 16 MiB machine: reservations, exhaustion, contiguous runs,
 * reference counts, and kmalloc size classes and page runs, with ASan
 * watching every byte.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "tests/unit/unit.h"

#define RAM (16UL << 20)
char *unit_ram;

uint64_t virt_to_phys(const void *va)
{
	return (uint64_t)((const char *)va - unit_ram);
}
int failures, checks;

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	abort();
}

static void test_pages(void)
{
	uint64_t total, before;

	page_add_range(0, 0x9f000);
	page_add_range(0x100000, RAM);
	page_init_above(0x200000); /* a "kernel" in [1 MiB, 2 MiB) */
	total = page_total();
	EXPECT(total == 0x9f + (RAM - 0x100000) / PAGE_SIZE);
	before = page_free_count();
	EXPECT(before < total);

	char *p = page_alloc();
	EXPECT(p != NULL);
	EXPECT(virt_to_phys(p) >= 0x200000); /* never the kernel or low memory */
	for (size_t i = 0; i < PAGE_SIZE; i++)
		EXPECT(p[i] == 0) ;
	EXPECT(page_refcount(virt_to_phys(p)) == 1);
	page_get(virt_to_phys(p));
	EXPECT(page_refcount(virt_to_phys(p)) == 2);
	page_put(virt_to_phys(p));
	EXPECT(page_free_count() == before - 1);
	page_put(virt_to_phys(p));
	EXPECT(page_free_count() == before);

	char *run = page_alloc_n(64);
	EXPECT(run != NULL);
	for (int i = 0; i < 64; i++)
		EXPECT(page_refcount(virt_to_phys(run) + i * PAGE_SIZE) == 1);
	page_free_n(run, 64);
	EXPECT(page_free_count() == before);

	/* Exhaust memory, then give it all back. */
	size_t n = 0, cap = before + 1;
	void **all = malloc(cap * sizeof(void *));
	while ((all[n] = page_alloc_n(1)) != NULL)
		n++;
	EXPECT(n == before);
	EXPECT(page_alloc() == NULL);
	EXPECT(page_alloc_n(2) == NULL);
	for (size_t i = 0; i < n; i++)
		page_free_n(all[i], 1);
	free(all);
	EXPECT(page_free_count() == before);

	/* Reserved ranges stay out until unreserved. */
	page_reserve(0x400000, 0x500000);
	EXPECT(page_free_count() == before - 256);
	page_unreserve(0x400000, 0x500000);
	EXPECT(page_free_count() == before);
}

static void test_kmalloc(void)
{
	uint64_t before = page_free_count();
	void *small[1000];

	for (int i = 0; i < 1000; i++) {
		small[i] = kmalloc((size_t)(i % 300) + 1);
		EXPECT(small[i] != NULL);
		memset(small[i], 0xab, (size_t)(i % 300) + 1);
	}
	for (int i = 0; i < 1000; i++)
		kfree(small[i]);
	char *z = kzalloc(100);
	for (int i = 0; i < 100; i++)
		EXPECT(z[i] == 0);
	kfree(z);
	/* Size-class pages stay cached; page runs go back to the allocator. */
	EXPECT(page_free_count() <= before);
	uint64_t mid = page_free_count();
	char *big = kmalloc(5 * PAGE_SIZE + 7);
	EXPECT(big != NULL);
	EXPECT(page_free_count() == mid - 6); /* header + data: 6 pages */
	memset(big, 1, 5 * PAGE_SIZE + 7);
	kfree(big);
	kfree(NULL);
	EXPECT(page_free_count() == mid);
}

int main(void)
{
	unit_ram = aligned_alloc(PAGE_SIZE, RAM);
	memset(unit_ram, 0x5a, RAM);
	test_pages();
	test_kmalloc();
	printf("test_alloc: %s\n", failures ? "FAILED" : "ok");
	free(unit_ram);
	return failures != 0;
}
