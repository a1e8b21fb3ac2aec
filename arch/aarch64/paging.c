// SPDX-License-Identifier: MIT
/*
 * paging.c - arm64 stage 1 translation with 4 KiB granules and 48-bit
 * virtual addresses (Arm ARM D8): four levels, 512 entries each.
 *
 * TTBR1_EL1 holds the one kernel table: the direct map of RAM at
 * DIRECT_MAP_BASE (2 MiB blocks where aligned, execute-never), device
 * pages that mmu_ioremap adds beside it, and the kernel image at KERNEL_VMA
 * with 4 KiB pages and W^X (text RX, rodata R, data RW).  TTBR0_EL1 holds
 * the current process's table (user pages are non-global, ASID 0; a switch
 * invalidates them), or an empty table when there is none.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/aarch64/aarch64_internal.h"

#define PTE_VALID (1UL << 0)
#define PTE_TABLE (1UL << 1) /* levels 0-2: next table; level 3: a page */
#define PTE_PAGE (1UL << 1)
#define PTE_ATTR(i) ((uint64_t)(i) << 2)
#define ATTR_DEVICE 0        /* MAIR attr0: Device-nGnRE (boot.S) */
#define ATTR_NORMAL 1        /* MAIR attr1: Normal write-back */
#define PTE_USER (1UL << 6)  /* AP[1]: EL0 access */
#define PTE_RDONLY (1UL << 7) /* AP[2] */
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF (1UL << 10)
#define PTE_NG (1UL << 11)
#define PTE_PXN (1UL << 53)
#define PTE_UXN (1UL << 54)
#define PTE_SW_SHIFT 55      /* software bits [58:55]: the MMU_* prot */
#define PTE_SW_MASK (15UL << PTE_SW_SHIFT)
#define PTE_ADDR 0x0000fffffffff000UL

#define BLOCK_2M (1UL << 21)

extern char _kernel_start[], _text_end[], _rodata_end[], _kernel_end[];

uint64_t kernel_phys_base; /* set by boot.S */
static uint64_t kernel_root;  /* TTBR1 */
static uint64_t empty_root;   /* TTBR0 with no process */

/* Device ranges mapped before paging_init (the boot map covered them). */
static struct {
	uint64_t pa, size;
} early_io[8];
static int nearly_io;

uint64_t virt_to_phys(const void *va)
{
	uint64_t v = (uint64_t)va;

	if (v >= KERNEL_VMA)
		return v - KERNEL_VMA + kernel_phys_base;
	return v - DIRECT_MAP_BASE;
}

static uint64_t *table_of(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDR);
}

/* The level-3 entry for va, allocating tables on the way. */
static uint64_t *walk(uint64_t root, uint64_t va, bool alloc)
{
	uint64_t *t = phys_to_virt(root);

	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t *e = &t[(va >> shift) & 511];

		if (!(*e & PTE_VALID)) {
			if (!alloc)
				return NULL;
			void *n = page_alloc();
			if (!n)
				return NULL;
			__asm__ volatile("dsb ishst" ::: "memory");
			*e = virt_to_phys(n) | PTE_VALID | PTE_TABLE;
		}
		if (!(*e & PTE_TABLE))
			return NULL; /* a block: no page entries below */
		t = table_of(*e);
	}
	return &t[(va >> 12) & 511];
}

/*
 * A user page with no access (PROT_NONE) keeps its frame in an invalid
 * descriptor: the hardware ignores every bit but bit 0 there, the software
 * bits say it is mapped (Linux's PTE_PROT_NONE does the same).
 */
static bool pte_mapped(uint64_t e)
{
	return (e & PTE_VALID) || (e & PTE_SW_MASK);
}

static uint64_t prot_bits(unsigned prot)
{
	uint64_t b = PTE_VALID | PTE_PAGE | PTE_AF | PTE_SH_INNER |
		     PTE_ATTR(ATTR_NORMAL) | ((uint64_t)(prot & 15) << PTE_SW_SHIFT);

	if (prot & MMU_U) {
		if (!(prot & (MMU_R | MMU_W | MMU_X)))
			return (uint64_t)MMU_U << PTE_SW_SHIFT;
		b |= PTE_NG | PTE_PXN | PTE_USER;
		if (!(prot & MMU_X))
			b |= PTE_UXN;
	} else {
		b |= PTE_UXN;
		if (!(prot & MMU_X))
			b |= PTE_PXN;
	}
	if (!(prot & MMU_W))
		b |= PTE_RDONLY;
	return b;
}

static void tlb_flush_va(uint64_t va)
{
	__asm__ volatile("dsb ishst; tlbi vaae1is, %0; dsb ish; isb"
			 ::"r"((va >> 12) & ((1UL << 44) - 1)) : "memory");
}

/* New code in a user page: make the instruction side see it (D8.14). */
static void sync_icache(uint64_t pa)
{
	uint64_t ctr = read_sysreg(ctr_el0);
	char *p = phys_to_virt(pa);

	if (!(ctr & (1UL << 28))) { /* IDC clear: clean to PoU */
		size_t line = 4UL << ((ctr >> 16) & 15);
		for (size_t off = 0; off < PAGE_SIZE; off += line)
			__asm__ volatile("dc cvau, %0" ::"r"(p + off) : "memory");
		__asm__ volatile("dsb ish" ::: "memory");
	}
	if (!(ctr & (1UL << 29))) /* DIC clear */
		__asm__ volatile("ic iallu; dsb ish; isb" ::: "memory");
}

int mmu_map(uint64_t root, uint64_t va, uint64_t pa, unsigned prot)
{
	uint64_t *e = walk(root, va, true);
	uint64_t old;

	if (!e)
		return -ENOMEM;
	if ((prot & MMU_X) && (prot & MMU_U))
		sync_icache(pa);
	old = *e;
	if ((old & PTE_VALID) && (old & PTE_ADDR) != pa) {
		*e = 0; /* break before make (D8.16.1) */
		tlb_flush_va(va);
		old = 0;
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	*e = pa | prot_bits(prot);
	if (old & PTE_VALID)
		tlb_flush_va(va);
	else
		__asm__ volatile("dsb ishst; isb" ::: "memory");
	return 0;
}

uint64_t mmu_unmap(uint64_t root, uint64_t va)
{
	uint64_t *e = walk(root, va, false);
	uint64_t pa;

	if (!e || !pte_mapped(*e))
		return 0;
	pa = *e & PTE_ADDR;
	*e = 0;
	tlb_flush_va(va);
	return pa;
}

bool mmu_lookup(uint64_t root, uint64_t va, uint64_t *pa, unsigned *prot)
{
	uint64_t *e = walk(root, va, false);

	if (!e || !pte_mapped(*e))
		return false;
	*pa = *e & PTE_ADDR;
	*prot = (unsigned)(*e >> PTE_SW_SHIFT) & 15;
	return true;
}

void mmu_protect(uint64_t root, uint64_t va, unsigned prot)
{
	uint64_t *e = walk(root, va, false);

	if (e && pte_mapped(*e)) {
		if ((prot & MMU_X) && (prot & MMU_U))
			sync_icache(*e & PTE_ADDR);
		*e = (*e & PTE_ADDR) | prot_bits(prot);
		tlb_flush_va(va);
	}
}

/*
 * The first address in [va, end) with a mapping, or end; whole absent
 * tables are skipped, so sparse terabyte ranges cost little.
 */
uint64_t mmu_next_mapped(uint64_t root, uint64_t va, uint64_t end)
{
	while (va < end) {
		uint64_t *t = phys_to_virt(root);
		int shift;

		for (shift = 39; shift >= 12; shift -= 9) {
			uint64_t e = t[(va >> shift) & 511];
			if (shift == 12 && pte_mapped(e))
				return va;
			if (shift == 12 || !(e & PTE_VALID) || !(e & PTE_TABLE))
				break;
			t = table_of(e);
		}
		/* Nothing at this level: go to the next entry's start. */
		uint64_t step = 1UL << shift;
		uint64_t next = (va & ~(step - 1)) + step;
		if (next <= va)
			return end;
		va = next;
	}
	return end;
}

void mmu_flush(uint64_t va)
{
	tlb_flush_va(va);
}

void mmu_switch(uint64_t root)
{
	if (root == kernel_root)
		root = empty_root;
	if (!root || read_sysreg(ttbr0_el1) == root)
		return;
	write_sysreg(ttbr0_el1, root);
	/* Every process uses ASID 0: drop the previous one's user entries. */
	__asm__ volatile("isb; tlbi aside1, xzr; dsb nsh; isb" ::: "memory");
}

uint64_t mmu_kernel_root(void)
{
	return kernel_root;
}

uint64_t mmu_new_root(void)
{
	uint64_t *t = page_alloc();

	return t ? virt_to_phys(t) : 0;
}

static void free_level(uint64_t *t, int level)
{
	for (int i = 0; i < 512; i++) {
		if (!(t[i] & PTE_VALID))
			continue;
		if (level > 1) {
			free_level(table_of(t[i]), level - 1);
			page_free_n(table_of(t[i]), 1);
		}
	}
}

void mmu_free_root(uint64_t root)
{
	/* L0 -> L1(3) -> L2(2) -> L3(1): every entry above level 3 is a table. */
	free_level(phys_to_virt(root), 4);
	page_free_n(phys_to_virt(root), 1);
}

static void map_device_page(uint64_t pa)
{
	uint64_t va = (uint64_t)phys_to_virt(pa);
	uint64_t *e = walk(kernel_root, va, true);

	if (!e)
		panic("paging: no memory for a device mapping at %lx", pa);
	if (*e & PTE_VALID)
		return;
	*e = pa | PTE_VALID | PTE_PAGE | PTE_AF | PTE_ATTR(ATTR_DEVICE) |
	     PTE_PXN | PTE_UXN;
	__asm__ volatile("dsb ishst; isb" ::: "memory");
}

/*
 * Device registers at phys_to_virt(pa), Device-nGnRE.  Before paging_init
 * the boot map's device GiB serves; the range is recorded and mapped again
 * in the real tables.
 */
void *mmu_ioremap(uint64_t pa, uint64_t size)
{
	uint64_t start = ALIGN_DOWN(pa, PAGE_SIZE), end = ALIGN_UP(pa + size, PAGE_SIZE);

	if (ram_contains(pa, size))
		return phys_to_virt(pa);
	if (!kernel_root) {
		if (end > 0x40000000UL || nearly_io == (int)ARRAY_SIZE(early_io))
			panic("ioremap: %lx before paging is up", pa);
		early_io[nearly_io].pa = start;
		early_io[nearly_io++].size = end - start;
		return phys_to_virt(pa);
	}
	for (uint64_t p = start; p < end; p += PAGE_SIZE)
		map_device_page(p);
	return phys_to_virt(pa);
}

/* Normal memory [start, end) in the direct map: 2 MiB blocks where they fit. */
static void map_ram(uint64_t start, uint64_t end)
{
	uint64_t prot = PTE_VALID | PTE_AF | PTE_SH_INNER | PTE_ATTR(ATTR_NORMAL) |
			PTE_PXN | PTE_UXN;

	for (uint64_t pa = start; pa < end;) {
		uint64_t va = (uint64_t)phys_to_virt(pa);
		if (!(pa & (BLOCK_2M - 1)) && pa + BLOCK_2M <= end) {
			uint64_t *t = phys_to_virt(kernel_root);
			for (int shift = 39; shift > 21; shift -= 9) {
				uint64_t *e = &t[(va >> shift) & 511];
				if (!(*e & PTE_VALID)) {
					void *n = page_alloc();
					if (!n)
						panic("paging: no memory");
					*e = virt_to_phys(n) | PTE_VALID | PTE_TABLE;
				}
				t = table_of(*e);
			}
			t[(va >> 21) & 511] = pa | prot; /* block: bit 1 clear */
			pa += BLOCK_2M;
		} else {
			uint64_t *e = walk(kernel_root, va, true);
			if (!e)
				panic("paging: no memory");
			*e = pa | prot | PTE_PAGE;
			pa += PAGE_SIZE;
		}
	}
}

static void map_kernel_image(void)
{
	uint64_t start = (uint64_t)_kernel_start, end = (uint64_t)_kernel_end;

	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		unsigned prot = MMU_R;

		if (va < (uint64_t)_text_end)
			prot |= MMU_X;
		else if (va >= (uint64_t)_rodata_end)
			prot |= MMU_W;
		if (mmu_map(kernel_root, va, va - KERNEL_VMA + kernel_phys_base, prot))
			panic("paging: out of memory mapping the kernel");
	}
}

/*
 * Build the kernel table and switch to it.  ram_* ranges (cpu.c) are RAM.
 * The old and new tables map the running code at the same address with the
 * same attributes, so TTBR1 is swapped in place and the TLB flushed.
 */
void paging_init(void)
{
	uint64_t *root = page_alloc(), *empty = page_alloc();
	uint64_t start, end;

	if (!root || !empty)
		panic("paging: no memory");
	kernel_root = virt_to_phys(root);
	empty_root = virt_to_phys(empty);
	for (int i = 0; ram_range(i, &start, &end); i++)
		map_ram(start, end);
	map_kernel_image();
	for (int i = 0; i < nearly_io; i++)
		for (uint64_t p = 0; p < early_io[i].size; p += PAGE_SIZE)
			map_device_page(early_io[i].pa + p);
	__asm__ volatile("dsb ish" ::: "memory");
	write_sysreg(ttbr1_el1, kernel_root);
	write_sysreg(ttbr0_el1, empty_root);
	__asm__ volatile("isb; tlbi vmalle1; dsb nsh; isb" ::: "memory");
}
