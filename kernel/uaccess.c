// SPDX-License-Identifier: MIT
/*
 * uaccess.c - range checks around the arch copy routines.  A pointer into
 * the kernel half is refused before any access; an unmapped user page
 * faults inside the arch routine and comes back as -EFAULT.
 */
#include "kernel/kernel.h"
#include "kernel/uaccess.h"
#include <arch/mmu.h>

long arch_copy_user(void *dst, const void *src, size_t n);
long arch_clear_user(void *dst, size_t n);
long arch_strncpy_user(char *dst, const char *src, size_t max);

bool user_range_ok(const void __user *p, size_t n)
{
	uint64_t a = (uint64_t)p;

	return a <= USER_TOP && n <= USER_TOP - a;
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!user_range_ok(src, n))
		return -EFAULT;
	return (int)arch_copy_user(dst, src, n);
}

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return (int)arch_copy_user(dst, src, n);
}

int clear_user(void __user *dst, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return (int)arch_clear_user(dst, n);
}

long strncpy_from_user(char *dst, const char __user *src, size_t max)
{
	uint64_t a = (uint64_t)src;
	size_t lim = max;
	long n;

	if (a >= USER_TOP)
		return -EFAULT;
	if (lim > USER_TOP - a)
		lim = USER_TOP - a;
	n = arch_strncpy_user(dst, src, lim);
	if (n < 0)
		return n;
	if ((size_t)n == lim) {
		/* No NUL within reach: too long, or it ran off user space. */
		return lim == max ? -ENAMETOOLONG : -EFAULT;
	}
	return n;
}
