/* SPDX-License-Identifier: MIT */
/* random.h - the kernel entropy pool behind getrandom and /dev/urandom. */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include "kernel/kernel.h"

void random_init(void);
void random_bytes(void *buf, size_t n);
void random_mix(const void *buf, size_t n);

#endif
