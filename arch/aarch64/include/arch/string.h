/* SPDX-License-Identifier: MIT */
/*
 * arch/string.h - the block copy and fill behind kernel/string.c's memcpy
 * and memset: 64 bytes a round with ldp/stp, then bytes.  In asm so the compiler
 * cannot turn the loops back into calls to memcpy/memset.  Normal memory
 * only (unaligned accesses are fine there with SCTLR_EL1.A clear).
 */
#ifndef ARCH_STRING_H
#define ARCH_STRING_H

#include <stddef.h>
#include <stdint.h>

static inline void arch_memcpy(void *dst, const void *src, size_t n)
{
	uint64_t a, b, c, d, e, f, g, h;

	__asm__ volatile("	subs %2, %2, #64\n"
			 "	b.lo 2f\n"
			 "1:	ldp %3, %4, [%1], #64\n"
			 "	ldp %5, %6, [%1, #-48]\n"
			 "	ldp %7, %8, [%1, #-32]\n"
			 "	ldp %9, %10, [%1, #-16]\n"
			 "	stp %3, %4, [%0], #64\n"
			 "	stp %5, %6, [%0, #-48]\n"
			 "	stp %7, %8, [%0, #-32]\n"
			 "	stp %9, %10, [%0, #-16]\n"
			 "	subs %2, %2, #64\n"
			 "	b.hs 1b\n"
			 "2:	adds %2, %2, #64\n"
			 "	b.eq 4f\n"
			 "3:	ldrb %w3, [%1], #1\n"
			 "	strb %w3, [%0], #1\n"
			 "	subs %2, %2, #1\n"
			 "	b.ne 3b\n"
			 "4:\n"
			 : "+r"(dst), "+r"(src), "+r"(n), "=&r"(a), "=&r"(b), "=&r"(c),
			   "=&r"(d), "=&r"(e), "=&r"(f), "=&r"(g), "=&r"(h)
			 :
			 : "memory", "cc");
}

static inline void arch_memset(void *dst, int c, size_t n)
{
	uint64_t v = (uint8_t)c * 0x0101010101010101UL;

	__asm__ volatile("	subs %1, %1, #64\n"
			 "	b.lo 2f\n"
			 "1:	stp %2, %2, [%0], #64\n"
			 "	stp %2, %2, [%0, #-48]\n"
			 "	stp %2, %2, [%0, #-32]\n"
			 "	stp %2, %2, [%0, #-16]\n"
			 "	subs %1, %1, #64\n"
			 "	b.hs 1b\n"
			 "2:	adds %1, %1, #64\n"
			 "	b.eq 4f\n"
			 "3:	strb %w2, [%0], #1\n"
			 "	subs %1, %1, #1\n"
			 "	b.ne 3b\n"
			 "4:\n"
			 : "+r"(dst), "+r"(n)
			 : "r"(v)
			 : "memory", "cc");
}

#endif
