// SPDX-License-Identifier: MIT
/*
 * paging.c - arm64 stage 1 translation with 4 KiB granules and 48-bit
 * virtual addresses (Arm ARM D8): four levels, 512 entries each.
 *
 * TTBR1_EL1 holds the one kernel table: the direct map of RAM at
 * DIRECT_MAP_BASE (2 MiB blocks where aligned, execute-never), device
 * pages that mmu_ioremap adds beside it, and the kernel image at KERNEL_VMA
 * with 4 KiB pages and W^X (text RX, rodata R, data RW).  TTBR0_EL1 holds
 * the current process's table, or an empty table when there is none.
 *
 * User pages are non-global and tagged with their address space's ASID
 * (D8.13), so a switch flushes nothing: each root gets an ASID from a
 * generation-rollover allocator (the scheme of Linux's arm64 context.c),
 * and a single page is invalidated with its root's ASID.  A user page that
 * becomes executable has its new instructions pushed to the I-side first
 * (D7.5.9, instruction cache maintenance).
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

#define CTR_IDC (1UL << 28) /* no D-cache clean needed for I/D coherence */
#define CTR_DIC (1UL << 29) /* no I-cache invalidation needed */
#define CTR_L1IP_PIPT 3UL   /* CTR_EL0.L1Ip [15:14] */
#define TCR_AS (1UL << 36)  /* 16-bit ASIDs */
#define TTBR_ASID_SHIFT 48

#define BLOCK_2M (1UL << 21)

extern char _kernel_start[], _text_end[], _rodata_end[], _kernel_end[];

uint64_t kernel_phys_base; /* set by boot.S */
static uint64_t kernel_root;  /* TTBR1 */
static uint64_t empty_root;   /* TTBR0 with no process, ASID 0 */

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

/*
 * ASIDs (D8.13.2).  An address space's context is its generation in the
 * bits above asid_bits and its ASID below.  Invariants:
 *   - an ASID whose bit is clear in asid_map has no TLB entries;
 *   - a root whose context is of an older generation has none either
 *     (the rollover flushed them and it has not run since);
 * so a page of a root without a live context needs no TLB maintenance.
 * ASID 0 is the empty root's and never handed out.  On a rollover the
 * root in TTBR0 keeps its ASID in the new generation: speculative walks
 * may refill entries for it at any time (Linux's reserved_asids).
 *
 * The context lives in the root table itself: TTBR0 translates [0, 2^48)
 * but user space ends below 2^47, so level-0 entries 256-511 of a user
 * root never map anything; entry ROOT_CTX_SLOT holds the context shifted
 * left by one, bit 0 clear, an invalid descriptor the MMU ignores (D8.3.1).
 * [C] the allocator state is the one CPU's; SMP needs a lock and a
 * reserved ASID per CPU.
 */
#define ROOT_CTX_SLOT 511
#define MAX_ASIDS (1UL << 16)
_Static_assert(USER_TOP <= (uint64_t)256 << 39, "user space reaches the context slot");

static unsigned asid_bits = 8;      /* 8 or 16 (ID_AA64MMFR0_EL1.ASIDBits) */
static uint64_t asid_generation;    /* multiple of 1 << asid_bits */
static uint64_t asid_next = 1;      /* where the next search starts */
static uint64_t asid_map[MAX_ASIDS / 64];
static uint64_t active_root;        /* the table in TTBR0 */

static uint64_t asid_mask(void)
{
	return (1UL << asid_bits) - 1;
}

static uint64_t root_ctx(uint64_t root)
{
	return ((uint64_t *)phys_to_virt(root))[ROOT_CTX_SLOT] >> 1;
}

static void set_root_ctx(uint64_t root, uint64_t ctx)
{
	((uint64_t *)phys_to_virt(root))[ROOT_CTX_SLOT] = ctx << 1;
}

static bool ctx_live(uint64_t ctx)
{
	return ctx && (ctx & ~asid_mask()) == asid_generation;
}

static bool asid_used(uint64_t a)
{
	return asid_map[a / 64] & (1UL << (a % 64));
}

static void asid_mark(uint64_t a, bool used)
{
	if (used)
		asid_map[a / 64] |= 1UL << (a % 64);
	else
		asid_map[a / 64] &= ~(1UL << (a % 64));
}

/* A free ASID, searching from asid_next; 0 when all are taken. */
static uint64_t asid_find(void)
{
	for (uint64_t n = 0; n <= asid_mask(); n++) {
		uint64_t a = (asid_next + n) & asid_mask();
		if (a && !asid_used(a))
			return a;
	}
	return 0;
}

/* Start a new generation: every ASID but the running one is free again. */
static void asid_rollover(void)
{
	uint64_t keep = active_root == empty_root ? 0 : root_ctx(active_root) & asid_mask();

	memset(asid_map, 0, sizeof(asid_map));
	asid_generation += 1UL << asid_bits;
	if (keep) {
		asid_mark(keep, true);
		set_root_ctx(active_root, asid_generation | keep);
	}
	__asm__ volatile("dsb ishst; tlbi vmalle1is; dsb ish; isb" ::: "memory");
}

/* A live context for root, whose context is absent or of an old generation. */
static uint64_t asid_new_context(uint64_t root)
{
	uint64_t a = root_ctx(root) & asid_mask();

	/* Keep the old number when it is free in this generation (as Linux). */
	if (!a || asid_used(a)) {
		a = asid_find();
		if (!a) {
			asid_rollover();
			a = asid_find();
		}
	}
	asid_mark(a, true);
	asid_next = a + 1;
	set_root_ctx(root, asid_generation | a);
	return asid_generation | a;
}

static void asid_init(void)
{
	if (((read_sysreg(id_aa64mmfr0_el1) >> 4) & 15) == 2) {
		asid_bits = 16;
		write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_AS);
	}
	asid_generation = 1UL << asid_bits;
}

/*
 * Drop the TLB entry for va in root: by ASID for a user root that may have
 * entries (see above), in every ASID for the kernel's global pages.
 */
static void flush_page(uint64_t root, uint64_t va)
{
	uint64_t arg = (va >> 12) & ((1UL << 44) - 1), ctx;

	if (root == kernel_root) {
		__asm__ volatile("dsb ishst; tlbi vaae1is, %0; dsb ish; isb"
				 ::"r"(arg) : "memory");
		return;
	}
	ctx = root_ctx(root);
	if (!ctx_live(ctx)) {
		__asm__ volatile("dsb ishst" ::: "memory");
		return;
	}
	arg |= (ctx & asid_mask()) << TTBR_ASID_SHIFT;
	__asm__ volatile("dsb ishst; tlbi vae1is, %0; dsb ish; isb" ::"r"(arg) : "memory");
}

static bool pte_user_exec(uint64_t e)
{
	return (e & PTE_VALID) && (e & PTE_USER) && !(e & PTE_UXN);
}

/*
 * New code in a user page, written through the direct map: clean the
 * D-cache to the point of unification, then invalidate the I-cache
 * (D7.5.9.3), steps CTR_EL0.IDC/DIC say the CPU does not need skipped.
 * A PIPT I-cache is invalidated by the direct map's addresses; any other
 * may hold the lines under the user's alias, so it is invalidated whole.
 * Inner shareable, so every CPU's I-cache sees the new code.
 */
static void sync_icache(uint64_t pa)
{
	uint64_t ctr = read_sysreg(ctr_el0);
	char *p = phys_to_virt(pa);

	if (!(ctr & CTR_IDC)) {
		size_t line = 4UL << ((ctr >> 16) & 15); /* DminLine */
		for (size_t off = 0; off < PAGE_SIZE; off += line)
			__asm__ volatile("dc cvau, %0" ::"r"(p + off) : "memory");
	}
	__asm__ volatile("dsb ish" ::: "memory");
	if (!(ctr & CTR_DIC)) {
		if (((ctr >> 14) & 3) == CTR_L1IP_PIPT) {
			size_t line = 4UL << (ctr & 15); /* IminLine */
			for (size_t off = 0; off < PAGE_SIZE; off += line)
				__asm__ volatile("ic ivau, %0" ::"r"(p + off) : "memory");
		} else {
			__asm__ volatile("ic ialluis" ::: "memory");
		}
		__asm__ volatile("dsb ish" ::: "memory");
	}
	__asm__ volatile("isb" ::: "memory");
}

int mmu_map(uint64_t root, uint64_t va, uint64_t pa, unsigned prot)
{
	uint64_t *e = walk(root, va, true);
	uint64_t old, new;

	if (!e)
		return -ENOMEM;
	old = *e;
	new = pa | prot_bits(prot);
	if (pte_user_exec(new) && !(pte_user_exec(old) && (old & PTE_ADDR) == pa))
		sync_icache(pa);
	if ((old & PTE_VALID) && (old & PTE_ADDR) != pa) {
		*e = 0; /* break before make (D8.16.1) */
		flush_page(root, va);
		old = 0;
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	*e = new;
	if (old & PTE_VALID)
		flush_page(root, va);
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
	flush_page(root, va);
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

	uint64_t new;

	if (!e || !pte_mapped(*e))
		return;
	new = (*e & PTE_ADDR) | prot_bits(prot);
	if (pte_user_exec(new) && !pte_user_exec(*e))
		sync_icache(new & PTE_ADDR);
	*e = new;
	flush_page(root, va);
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

/* Drop va from the TLB in every address space. */
void mmu_flush(uint64_t va)
{
	flush_page(kernel_root, va);
}

/* TTBR0 holds the table and its ASID together, so one write switches both. */
void mmu_switch(uint64_t root)
{
	uint64_t ctx = 0;

	if (root == kernel_root)
		root = empty_root;
	if (!root || root == active_root)
		return;
	if (root != empty_root) {
		ctx = root_ctx(root);
		if (!ctx_live(ctx))
			ctx = asid_new_context(root);
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	write_sysreg(ttbr0_el1, root | (ctx & asid_mask()) << TTBR_ASID_SHIFT);
	__asm__ volatile("isb" ::: "memory");
	active_root = root;
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

/*
 * Its ASID goes back to the pool with no entries left behind, so the next
 * owner starts clean.
 */
void mmu_free_root(uint64_t root)
{
	uint64_t ctx;

	if (root == active_root)
		mmu_switch(empty_root);
	ctx = root_ctx(root);
	if (ctx_live(ctx)) {
		__asm__ volatile("dsb ishst; tlbi aside1is, %0; dsb ish; isb"
				 ::"r"((ctx & asid_mask()) << TTBR_ASID_SHIFT) : "memory");
		asid_mark(ctx & asid_mask(), false);
	}
	/* L0 -> L1(3) -> L2(2) -> L3(1): every valid entry above level 3 is a table. */
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
	asid_init();
	for (int i = 0; ram_range(i, &start, &end); i++)
		map_ram(start, end);
	map_kernel_image();
	for (int i = 0; i < nearly_io; i++)
		for (uint64_t p = 0; p < early_io[i].size; p += PAGE_SIZE)
			map_device_page(early_io[i].pa + p);
	__asm__ volatile("dsb ish" ::: "memory");
	write_sysreg(ttbr1_el1, kernel_root);
	write_sysreg(ttbr0_el1, empty_root);
	active_root = empty_root;
	__asm__ volatile("isb; tlbi vmalle1; dsb nsh; isb" ::: "memory");
}
