/* SPDX-License-Identifier: MIT */
/*
 * legacy.h - path and poll system calls x86_64 has and arm64 lacks
 * (asm-generic keeps only the *at forms and ppoll: include/uapi/
 * asm-generic/unistd.h).  Checks that call them raw - to pass a bad
 * pointer past libc - use these: the old call where it exists, its
 * equivalent where it does not; the kernel's answer must be the same.
 */
#ifndef LEGACY_H
#define LEGACY_H

#include <fcntl.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifdef SYS_open
#define raw_open(p, f) syscall(SYS_open, p, f)
#define raw_mkdir(p, m) syscall(SYS_mkdir, p, m)
#define raw_unlink(p) syscall(SYS_unlink, p)
#define raw_rename(a, b) syscall(SYS_rename, a, b)
#define raw_readlink(p, b, n) syscall(SYS_readlink, p, b, n)
#define raw_pipe(fds) syscall(SYS_pipe, fds)
#define raw_stat(p, st) syscall(SYS_stat, p, st)
#define raw_lstat(p, st) syscall(SYS_lstat, p, st)
#define raw_poll(fds, n, ms) syscall(SYS_poll, fds, n, ms)
#else
#define raw_open(p, f) syscall(SYS_openat, AT_FDCWD, p, f)
#define raw_mkdir(p, m) syscall(SYS_mkdirat, AT_FDCWD, p, m)
#define raw_unlink(p) syscall(SYS_unlinkat, AT_FDCWD, p, 0)
#define raw_rename(a, b) syscall(SYS_renameat, AT_FDCWD, a, AT_FDCWD, b)
#define raw_readlink(p, b, n) syscall(SYS_readlinkat, AT_FDCWD, p, b, n)
#define raw_pipe(fds) syscall(SYS_pipe2, fds, 0)
#define raw_stat(p, st) syscall(SYS_newfstatat, AT_FDCWD, p, st, 0)
#define raw_lstat(p, st) syscall(SYS_newfstatat, AT_FDCWD, p, st, AT_SYMLINK_NOFOLLOW)
/* poll(2) as libc does it there: ppoll with the timeout as a timespec. */
#define raw_poll(fds, n, ms)                                                   \
	syscall(SYS_ppoll, fds, n,                                             \
		(ms) < 0 ? NULL : &(struct timespec){ (ms) / 1000, (ms) % 1000 * 1000000L }, \
		NULL, 8)
#endif

#endif
