/* SPDX-License-Identifier: MIT */
/*
 * arch/cc.h - lwIP's compiler and platform port for the kernel (lwIP's
 * doc: "Porting lwIP", src/include/lwip/arch.h): the kernel's fixed-width
 * types and string functions, little-endian byte order on both arches,
 * and diagnostics through printk.  An lwIP assertion is logged and lwIP
 * goes on (its LWIP_ERROR checks return an error after it): what a packet
 * says must never stop the kernel.
 */
#ifndef NET_LWIP_ARCH_CC_H
#define NET_LWIP_ARCH_CC_H

#include "kernel/kernel.h"

#define BYTE_ORDER LITTLE_ENDIAN

/* The C library headers lwIP would include: the kernel has its own. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_LIMITS_H 1
#define LWIP_NO_UNISTD_H 1
#define LWIP_NO_CTYPE_H 1
#define SSIZE_MAX LONG_MAX      /* ssize_t is kernel.h's */
#ifndef LONG_MAX
#define LONG_MAX __LONG_MAX__
#endif
#ifndef INT_MAX
#define INT_MAX __INT_MAX__
#endif
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "zu"

#define lwip_htons(x) __builtin_bswap16(x)
#define lwip_htonl(x) __builtin_bswap32(x)

#define LWIP_PLATFORM_DIAG(x) do { printk x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) \
	printk("lwip: assertion \"%s\" failed at %s:%d\n", (x), __FILE__, __LINE__)

/* lwIP's random numbers (initial sequence numbers, ports): the pool's. */
uint32_t lwip_port_rand(void);
#define LWIP_RAND() lwip_port_rand()

/* lwIP's heap (lwipopts.h: MEM_LIBC_MALLOC): the kernel's. */
void *lwip_port_malloc(size_t size);
void *lwip_port_calloc(size_t n, size_t size);
void lwip_port_free(void *p);

#endif
