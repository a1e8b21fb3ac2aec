/* SPDX-License-Identifier: MIT */
/*
 * cpio.h - the newc ("070701") and crc ("070702") cpio format, as the
 * initramfs uses it (Linux Documentation/driver-api/early-userspace/
 * buffer-format.rst), and the parser that walks an archive in memory.
 *
 * The parser (fs/cpio_parse.c) needs only <stdint.h>/<stddef.h> and the
 * errno numbers, so it is also built on the host by tests/unit/test_cpio.c.
 * fs/cpio.c turns the entries into files in the root.
 */
#ifndef FS_CPIO_H
#define FS_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/errno.h"

#define CPIO_HEADER_SIZE 110    /* 6-byte magic and 13 8-digit hex fields */
#define CPIO_NAME_MAX 4096      /* namesize limit, NUL included (PATH_MAX) */

/* One archive member.  Pointers point into the archive buffer. */
struct cpio_entry {
	uint32_t ino, mode, uid, gid, nlink, mtime, filesize;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
	const char *name;       /* NUL-terminated; no NUL inside */
	size_t namelen;         /* without the NUL */
	const void *data;       /* filesize bytes */
};

/*
 * Walk every member of the archive(s) in buf[0..len), calling
 * fn(entry, ctx) for each except the TRAILER!!! markers.  Several archives
 * may follow each other, with NUL padding between them (as Linux allows).
 * Every length is checked against what remains of the buffer before use.
 *
 * Returns 0 when the input is well formed (an empty or all-NUL buffer
 * included), -EINVAL for a malformed or truncated archive (a missing
 * trailer included), or the first negative value fn returns; the entries
 * before the error have been handed to fn.
 */
int cpio_parse(const void *buf, size_t len,
	       int (*fn)(const struct cpio_entry *e, void *ctx), void *ctx);

#endif
