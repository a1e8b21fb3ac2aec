/* SPDX-License-Identifier: MIT */
/*
 * arch/string.h - the block copy and fill behind kernel/string.c's memcpy
 * and memset: rep movsb / rep stosb (fast strings, SDM Vol. 1 §7.3.9.3).
 */
#ifndef ARCH_STRING_H
#define ARCH_STRING_H

#include <stddef.h>

static inline void arch_memcpy(void *dst, const void *src, size_t n)
{
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

static inline void arch_memset(void *dst, int c, size_t n)
{
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
}

#endif
