/* SPDX-License-Identifier: MIT */
/*
 * dtb_spec.h - the flattened device tree format (Devicetree Specification
 * v0.4, chapter 5): header, memory reservation block, structure tokens.
 * All fields are big-endian.
 */
#ifndef ARCH_AARCH64_DTB_SPEC_H
#define ARCH_AARCH64_DTB_SPEC_H

#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 0x1u
#define FDT_END_NODE 0x2u
#define FDT_PROP 0x3u
#define FDT_NOP 0x4u
#define FDT_END 0x9u

struct fdt_header {
	uint32_t magic;
	uint32_t totalsize;
	uint32_t off_dt_struct;
	uint32_t off_dt_strings;
	uint32_t off_mem_rsvmap;
	uint32_t version;
	uint32_t last_comp_version;
	uint32_t boot_cpuid_phys;
	uint32_t size_dt_strings;  /* version 3 on */
	uint32_t size_dt_struct;   /* version 17 on */
};

struct fdt_reserve_entry {
	uint64_t address;
	uint64_t size;
};

#endif
