/* SPDX-License-Identifier: MIT */
/* asm_offsets.h - struct trapframe offsets for entry.S (checked in trap.c). */
#ifndef ARCH_ASM_OFFSETS_H
#define ARCH_ASM_OFFSETS_H
#define TF_VECTOR (15 * 8)
#define TF_ERR (16 * 8)
#define TF_RIP (17 * 8)
#define TF_CS (18 * 8)
#define TF_RFLAGS (19 * 8)
#define TF_RSP (20 * 8)
#define TF_SS (21 * 8)
#define TF_VEC_SYSCALL 0x100
#endif
