/* SPDX-License-Identifier: MIT */
/*
 * fs_host.h - what the host tests of fs/ share (fs_host.c): the kernel
 * services fs/ needs, stubbed for the host; check counters; a newc writer;
 * small file helpers.  A test lists tests/unit/fs_host.c among its sources.
 *
 * "User" pointers are host pointers, except that addresses below 4096,
 * BAD_USER's megabyte and the kernel half give EFAULT as the real uaccess
 * does.  waitq_sleep cannot block here: it returns -ERESTARTSYS at once,
 * as if a signal arrived, so tests use O_NONBLOCK or check that error.
 */
#ifndef TESTS_UNIT_FS_HOST_H
#define TESTS_UNIT_FS_HOST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/vfs_internal.h"
#include "tests/unit/unit.h"

#define BAD_USER ((void *)0xdeadbeef000UL)
#define KERNEL_PTR ((void *)0xffff800000001000UL)

extern struct fs_state *test_fs;        /* what current_fs() returns */
extern struct files_state *test_files;  /* what current_files() returns */
extern int sigpipes;                    /* SIGPIPEs raised so far */

/* Building newc archives in memory. */
struct cpio_buf {
	unsigned char *p;
	size_t len, cap;
	unsigned ino;
};
void cb_entry_ino(struct cpio_buf *b, const char *name, unsigned mode,
		  const void *data, size_t size, unsigned rmaj, unsigned rmin,
		  unsigned ino, unsigned nlink);
void cb_entry(struct cpio_buf *b, const char *name, unsigned mode,
	      const void *data, size_t size, unsigned rmaj, unsigned rmin);
void cb_trailer(struct cpio_buf *b);

/* vfs_init, a process file state, and the tree of tests/rootfs plus /dev. */
void fs_host_boot(void);
long read_all(const char *path, char *buf, size_t n);
long put_file(const char *path, const char *data);
/* Print the summary line; the exit status for main. */
int fs_host_done(const char *name);

#endif
