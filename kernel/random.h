/* SPDX-License-Identifier: MIT */
/* random.h - the kernel entropy pool behind getrandom and /dev/urandom. */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include "kernel/kernel.h"

void random_init(void);
void random_bytes(void *buf, size_t n);
void random_mix(const void *buf, size_t n);

/*
 * A hardware random source behind /dev/hwrng (hwrng.c): read up to n bytes
 * into buf; wait for them when wait, else 0 when none are ready.  Returns
 * the bytes read (> 0) or -errno.
 */
struct hwrng {
	int (*read)(void *priv, void *buf, size_t n, bool wait);
	void *priv;
};
void hwrng_init(void);                  /* the /dev/hwrng node; after vfs_init */
void hwrng_register(const struct hwrng *rng);   /* the first one serves */
void hwrng_unregister(const struct hwrng *rng);

#endif
