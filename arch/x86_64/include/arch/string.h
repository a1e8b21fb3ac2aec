/* SPDX-License-Identifier: MIT */
/*
 * arch/string.h - the block copy and fill behind kernel/string.c's memcpy
 * and memset: rep movsq / rep stosq, then rep movsb / rep stosb for the
 * tail (SDM Vol. 1 §7.3.9.3).  Not rep movsb alone, as fast strings would
 * suggest on hardware: TCG runs each step of a rep string instruction as
 * one trip through its translated block, so eight bytes a step move ~8x
 * faster there (see uaccess.S).
 */
#ifndef ARCH_STRING_H
#define ARCH_STRING_H

#include <stddef.h>
#include <stdint.h>

static inline void arch_memcpy(void *dst, const void *src, size_t n)
{
	size_t q = n / 8, tail = n % 8;

	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(q) : : "memory");
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(tail) : : "memory");
}

static inline void arch_memset(void *dst, int c, size_t n)
{
	size_t q = n / 8, tail = n % 8;
	uint64_t v = (uint8_t)c * 0x0101010101010101ULL;

	__asm__ volatile("rep stosq" : "+D"(dst), "+c"(q) : "a"(v) : "memory");
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(tail) : "a"(v) : "memory");
}

#endif
