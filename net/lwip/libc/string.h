/* SPDX-License-Identifier: MIT */
/*
 * string.h for lwIP's own files only (kernel.scons puts net/lwip/libc on
 * their include path): the kernel's string functions stand for libc's.
 */
#include "kernel/kernel.h"
