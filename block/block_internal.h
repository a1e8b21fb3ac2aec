/* SPDX-License-Identifier: MIT */
/*
 * block_internal.h - the block cache (block/bcache.c) as the block device
 * files (block/blkdev.c) use it.  Offsets are bytes from the start of the
 * disk; callers keep them within the disk.  Every call takes the cache
 * lock and may sleep for the disk.
 */
#ifndef BLOCK_BLOCK_INTERNAL_H
#define BLOCK_BLOCK_INTERNAL_H

#include "block/block.h"
#include "fs/vfs.h"

/*
 * Bytes read or written (short only at a fault or error), or -errno.
 * Either may return with write-back of dirty pages still in flight (past
 * the background limit); the sync calls below wait for all of it.
 */
ssize_t bcache_read(struct blk_disk *d, uint64_t off, struct iobuf buf, size_t n);
ssize_t bcache_write(struct blk_disk *d, uint64_t off, struct iobuf buf, size_t n);
/*
 * Write back d's dirty pages, then flush the disk (d NULL: write back
 * every disk, no flush).  0, or the first error since the disk's last
 * sync (a failed write-back earlier included).
 */
int bcache_sync(struct blk_disk *d);
/* Write back the dirty pages over [off, off + len); drop_too: then forget
 * them (O_DIRECT: reads see what is cached, writes replace it). */
int bcache_sync_range(struct blk_disk *d, uint64_t off, uint64_t len, bool drop_too);
/*
 * Forget [off, off + len) (pages cut by its ends are written back first)
 * and run op, under the cache lock so no read refills the range
 * before the device has changed it.  op's result.
 */
int bcache_discard(struct blk_disk *d, uint64_t off, uint64_t len,
		   int (*op)(struct blk_disk *d, uint64_t off, uint64_t len, void *arg),
		   void *arg);
/* BLKFLSBUF after a sync: forget d's clean pages. */
void bcache_invalidate_clean(struct blk_disk *d);
/* Pages cached, dirty, and the cap (tests, /proc some day). */
void bcache_stats(size_t *count, size_t *ndirty, size_t *cap);

#endif
