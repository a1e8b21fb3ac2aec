/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for <arch/mmu.h>: unit tests put this folder first on the
 * include path, so allocator code sees "physical memory" as a host buffer
 * (unit_ram) instead of the kernel's direct map.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdint.h>

extern char *unit_ram;
#define USER_TOP 0x00007ffffffff000UL
#define EARLY_MAP_TOP (1UL << 40)
#define MMU_R 1u
#define MMU_W 2u
#define MMU_X 4u
#define MMU_U 8u

static inline void *phys_to_virt(uint64_t pa) { return unit_ram + pa; }
uint64_t virt_to_phys(const void *va); /* defined by the test */

#endif
