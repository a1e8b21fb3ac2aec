// SPDX-License-Identifier: MIT
/*
 * paging.c - x86_64 4-level page tables (Intel SDM Vol. 3A §4.5).
 *
 * The kernel half is built once at boot: a direct map of physical memory at
 * DIRECT_MAP_BASE (2 MiB pages, NX; RAM write-back, everything else, the
 * PCI hole below 4 GiB included, uncached) and the kernel image at KERNEL_VMA with
 * 4 KiB pages and W^X (text RX, rodata R, data RW+NX).  Every user root copies
 * the kernel half's PML4 entries, which never change after boot.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/x86_64/x86_internal.h"

#define PTE_P (1UL << 0)
#define PTE_W (1UL << 1)
#define PTE_U (1UL << 2)
#define PTE_PWT (1UL << 3)
#define PTE_PCD (1UL << 4)
#define PTE_PS (1UL << 7)
#define PTE_G (1UL << 8)
#define PTE_PROTNONE (1UL << 9) /* software: mapped, no access (P clear) */
#define PTE_NX (1UL << 63)
#define PTE_ADDR 0x000ffffffffff000UL

#define KERNEL_VMA 0xffffffff80000000UL
#define BLOCK_2M 0x200000UL
/* PWT|PCD select PAT entry 3, UC at reset (SDM Vol. 3A §11.12.3). */
#define PTE_UC (PTE_PCD | PTE_PWT)

extern char _kernel_start[], _text_end[], _rodata_end[], _kernel_end[];

static uint64_t kernel_root;
static uint64_t direct_top; /* end of the 2 MiB direct map */

uint64_t virt_to_phys(const void *va)
{
	uint64_t v = (uint64_t)va;

	if (v >= KERNEL_VMA)
		return v - KERNEL_VMA;
	return v - DIRECT_MAP_BASE;
}

static uint64_t *table_of(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDR);
}

/* The entry for va at the last level, allocating tables on the way. */
static uint64_t *walk(uint64_t root, uint64_t va, bool alloc)
{
	uint64_t *t = phys_to_virt(root);

	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t *e = &t[(va >> shift) & 511];

		if (!(*e & PTE_P)) {
			if (!alloc)
				return NULL;
			void *n = page_alloc();
			if (!n)
				return NULL;
			*e = virt_to_phys(n) | PTE_P | PTE_W |
			     (va < USER_TOP ? PTE_U : 0);
		}
		assert(!(*e & PTE_PS));
		t = table_of(*e);
	}
	return &t[(va >> 12) & 511];
}

/* A page with no access keeps its frame with P clear (Linux _PAGE_PROTNONE). */
static bool pte_mapped(uint64_t e)
{
	return e & (PTE_P | PTE_PROTNONE);
}

static uint64_t prot_bits(unsigned prot)
{
	uint64_t b = PTE_P;

	if (!(prot & (MMU_R | MMU_W | MMU_X)))
		return PTE_PROTNONE | PTE_NX;

	if (prot & MMU_W)
		b |= PTE_W;
	if (prot & MMU_U)
		b |= PTE_U;
	if (!(prot & MMU_X))
		b |= PTE_NX;
	return b;
}

int mmu_map(uint64_t root, uint64_t va, uint64_t pa, unsigned prot)
{
	uint64_t *e = walk(root, va, true);

	if (!e)
		return -ENOMEM;
	*e = pa | prot_bits(prot);
	mmu_flush(va);
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
	mmu_flush(va);
	return pa;
}

bool mmu_lookup(uint64_t root, uint64_t va, uint64_t *pa, unsigned *prot)
{
	uint64_t *e = walk(root, va, false);

	if (!e || !pte_mapped(*e))
		return false;
	*pa = *e & PTE_ADDR;
	if (!(*e & PTE_P)) {
		*prot = MMU_U;
		return true;
	}
	*prot = MMU_R | ((*e & PTE_W) ? MMU_W : 0) | ((*e & PTE_U) ? MMU_U : 0) |
		((*e & PTE_NX) ? 0 : MMU_X);
	return true;
}

void mmu_protect(uint64_t root, uint64_t va, unsigned prot)
{
	uint64_t *e = walk(root, va, false);

	if (e && pte_mapped(*e)) {
		*e = (*e & PTE_ADDR) | prot_bits(prot);
		mmu_flush(va);
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
			if (shift == 12 ? pte_mapped(e) : (e & PTE_P)) {
				if (shift == 12)
					return va;
				t = table_of(e);
				continue;
			}
			break;
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
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

void mmu_switch(uint64_t root)
{
	if (read_cr3() != root)
		write_cr3(root);
}

uint64_t mmu_kernel_root(void)
{
	return kernel_root;
}

uint64_t mmu_new_root(void)
{
	uint64_t *t = page_alloc();

	if (!t)
		return 0;
	memcpy(t + 256, (uint64_t *)phys_to_virt(kernel_root) + 256, 256 * 8);
	return virt_to_phys(t);
}

static void free_level(uint64_t *t, int level)
{
	for (int i = 0; i < 512; i++) {
		if (!(t[i] & PTE_P))
			continue;
		if (level > 1)
			free_level(table_of(t[i]), level - 1);
		if (level > 1)
			page_free_n(table_of(t[i]), 1);
	}
}

void mmu_free_root(uint64_t root)
{
	uint64_t *t = phys_to_virt(root);

	/* Levels below the PML4's user half: PDPT(3) -> PD(2) -> PT(1). */
	for (int i = 0; i < 256; i++) {
		if (!(t[i] & PTE_P))
			continue;
		free_level(table_of(t[i]), 3);
		page_free_n(table_of(t[i]), 1);
	}
	page_free_n(t, 1);
}

void *mmu_ioremap(uint64_t pa, uint64_t size)
{
	uint64_t start = ALIGN_DOWN(pa, PAGE_SIZE), end = ALIGN_UP(pa + size, PAGE_SIZE);

	/* The direct map covers the low 4 GiB and all RAM, uncached where it
	 * is not RAM (see map_direct).  Devices beyond it (64-bit PCI BARs)
	 * get uncached 4 KiB pages at the same place. */
	if (!kernel_root || end <= direct_top)
		return phys_to_virt(pa);
	for (uint64_t p = MAX(start, direct_top); p < end; p += PAGE_SIZE) {
		uint64_t *e = walk(kernel_root, (uint64_t)phys_to_virt(p), true);
		if (!e)
			panic("paging: no memory for a device mapping at %lx", p);
		if (!(*e & PTE_P)) {
			*e = p | PTE_P | PTE_W | PTE_UC | PTE_G | PTE_NX;
			mmu_flush((uint64_t)phys_to_virt(p));
		}
	}
	return phys_to_virt(pa);
}

enum ram_cover { RAM_NONE, RAM_SOME, RAM_ALL };

/* How much of [start, end) the memory map says is RAM (entries are disjoint). */
static enum ram_cover ram_cover(uint64_t start, uint64_t end)
{
	uint64_t covered = 0, s, e;

	for (int i = 0; ram_range(i, &s, &e); i++)
		if (s < end && e > start)
			covered += MIN(e, end) - MAX(s, start);
	if (!covered)
		return RAM_NONE;
	return covered >= end - start ? RAM_ALL : RAM_SOME;
}

/*
 * The direct map of [0, top): RAM write-back, anything else uncached, so
 * device registers anywhere below 4 GiB (q35's PCI hole, the APICs, the
 * ECAM) are never cached, whatever the RAM size.  A 2 MiB block holding
 * both is mapped with 4 KiB pages; a page holding any RAM is write-back.
 */
static void map_direct(uint64_t top)
{
	const uint64_t flags = PTE_P | PTE_W | PTE_G | PTE_NX;

	for (uint64_t pa = 0; pa < top; pa += BLOCK_2M) {
		uint64_t va = DIRECT_MAP_BASE + pa;
		uint64_t *t = phys_to_virt(kernel_root);
		enum ram_cover c = ram_cover(pa, pa + BLOCK_2M);

		if (c == RAM_SOME) {
			for (uint64_t p = pa; p < pa + BLOCK_2M; p += PAGE_SIZE) {
				uint64_t *e = walk(kernel_root, DIRECT_MAP_BASE + p, true);
				if (!e)
					panic("paging: no memory");
				*e = p | flags |
				     (ram_cover(p, p + PAGE_SIZE) == RAM_NONE ? PTE_UC : 0);
			}
			continue;
		}
		for (int shift = 39; shift > 21; shift -= 9) {
			uint64_t *e = &t[(va >> shift) & 511];
			if (!(*e & PTE_P))
				*e = virt_to_phys(page_alloc()) | PTE_P | PTE_W;
			t = table_of(*e);
		}
		t[(va >> 21) & 511] = pa | flags | PTE_PS | (c == RAM_NONE ? PTE_UC : 0);
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
		if (mmu_map(kernel_root, va, va - KERNEL_VMA, prot))
			panic("paging: out of memory mapping the kernel");
	}
}

/*
 * Build the kernel half and switch to it.  ram_top: highest RAM address.
 * The kernel-half PML4 entries are all allocated here so user roots can
 * share them by copying.
 */
void paging_init(uint64_t ram_top)
{
	uint64_t *root = page_alloc();

	if (!root)
		panic("paging: no memory");
	kernel_root = virt_to_phys(root);
	direct_top = ALIGN_UP(MAX(ram_top, 0x100000000UL), BLOCK_2M);
	map_direct(direct_top);
	map_kernel_image();
	for (int i = 256; i < 512; i++)
		if (!(root[i] & PTE_P))
			root[i] = virt_to_phys(page_alloc()) | PTE_P | PTE_W;
	write_cr3(kernel_root);
}
