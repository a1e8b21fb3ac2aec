/* SPDX-License-Identifier: MIT */
/*
 * uaccess.h - copying between kernel and user memory.
 *
 * Every access to a user pointer goes through these.  A bad pointer (kernel
 * address, unmapped, no permission) gives -EFAULT, never a kernel fault:
 * the copy routines carry exception-table fixups (arch/x86_64/uaccess.S).
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include "kernel/kernel.h"

/* 0 or -EFAULT. */
int copy_from_user(void *dst, const void __user *src, size_t n);
int copy_to_user(void __user *dst, const void *src, size_t n);
int clear_user(void __user *dst, size_t n);
/*
 * Copy a NUL-terminated string of at most max-1 bytes plus NUL.
 * Returns its length, -EFAULT, or -ENAMETOOLONG when it does not fit.
 */
long strncpy_from_user(char *dst, const char __user *src, size_t max);
/* Is [p, p+n) entirely in the user half?  (does not check mappings) */
bool user_range_ok(const void __user *p, size_t n);

#endif
