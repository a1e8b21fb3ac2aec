/* SPDX-License-Identifier: MIT */
/*
 * arch/mmu.h - page tables as generic code sees them.
 *
 * arm64 with 4 KiB pages and 48-bit virtual addresses (Arm ARM D8): user
 * space [0, USER_TOP) is translated through TTBR0_EL1, one root table per
 * address space; the kernel half through TTBR1_EL1, one table for all.
 * Physical memory is mapped at DIRECT_MAP_BASE.  Protections are MMU_*
 * bits; the arch maps them to AP/UXN/PXN.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdbool.h>
#include <stdint.h>

#define DIRECT_MAP_BASE 0xffff800000000000UL
#define USER_TOP 0x00007ffffffff000UL
/* Physical memory below this is in the direct map from the first
 * instruction of C (boot.S maps [1 GiB, 4 GiB) as RAM; [0, 1 GiB) holds
 * devices on QEMU virt). */
#define EARLY_MAP_TOP 0x100000000UL

#define MMU_R 1u
#define MMU_W 2u
#define MMU_X 4u
#define MMU_U 8u

static inline void *phys_to_virt(uint64_t pa) { return (void *)(pa + DIRECT_MAP_BASE); }
uint64_t virt_to_phys(const void *va);

uint64_t mmu_new_root(void);                 /* 0 when out of memory */
void mmu_free_root(uint64_t root);           /* frees the user-half tables only */
int mmu_map(uint64_t root, uint64_t va, uint64_t pa, unsigned prot);
/* Remove a mapping; returns the physical page it held, or 0. */
uint64_t mmu_unmap(uint64_t root, uint64_t va);
/* Physical page and protection at va; false when not mapped. */
bool mmu_lookup(uint64_t root, uint64_t va, uint64_t *pa, unsigned *prot);
void mmu_protect(uint64_t root, uint64_t va, unsigned prot);
/* First mapped page address in [va, end), or end (skips empty tables). */
uint64_t mmu_next_mapped(uint64_t root, uint64_t va, uint64_t end);
void mmu_switch(uint64_t root);
uint64_t mmu_kernel_root(void);
void mmu_flush(uint64_t va);
/* Map device registers into kernel space, uncached. */
void *mmu_ioremap(uint64_t pa, uint64_t size);

#endif
