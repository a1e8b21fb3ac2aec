/* SPDX-License-Identifier: MIT */
/* asm_offsets.h - struct trapframe offsets for entry.S (checked in trap.c). */
#ifndef ARCH_ASM_OFFSETS_H
#define ARCH_ASM_OFFSETS_H
#define TF_X30 (30 * 8)
#define TF_SP (31 * 8)
#define TF_PC (32 * 8)
#define TF_PSTATE (33 * 8)
#define TF_ORIG_X0 (34 * 8)
#define TF_ESR (35 * 8)
#define TF_FAR (36 * 8)
#define TF_SIZE (38 * 8)
#endif
