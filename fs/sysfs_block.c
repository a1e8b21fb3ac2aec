// SPDX-License-Identifier: MIT
/*
 * sysfs_block.c - /sys/block/<disk>/ with the disk's I/O statistics
 * (stat) and a directory per partition holding its own (<disk>N/stat), as
 * Linux's block/genhd.c part_stat_show writes them: the 17 numbers of
 * /proc/diskstats in columns 8 wide.  The node of a disk or partition is
 * its index in the block layer's list plus one (block/block.h blk_node).
 */
#include "fs/pseudofs_internal.h"
#include "block/block.h"

#define SYSFS_FILE_SIZE 4096

/* Node ctx - 1, if it is a disk (want_whole) or a partition of disk. */
static bool block_node(long ctx, bool want_whole, long disk, struct blk_node_info *n)
{
	struct blk_node_info d;

	if (ctx < 1 || !blk_node((unsigned)ctx - 1, n) || n->whole != want_whole)
		return false;
	if (want_whole)
		return true;
	return disk >= 1 && blk_node((unsigned)disk - 1, &d) && d.whole &&
	       d.major == n->major && n->minor > d.minor && n->minor - d.minor <= BLK_MAX_PARTS;
}

static int block_lookup(long dir, bool whole, const char *name, size_t len, long *ctx)
{
	struct blk_node_info n;

	for (long i = 1; blk_node((unsigned)i - 1, &n); i++) {
		if (block_node(i, whole, dir, &n) && strlen(n.name) == len &&
		    !memcmp(n.name, name, len)) {
			*ctx = i;
			return 0;
		}
	}
	return -ENOENT;
}

static bool block_next(long dir, bool whole, long *ctx, char *name, size_t size)
{
	struct blk_node_info n;

	for (long i = MAX(*ctx, 1L); blk_node((unsigned)i - 1, &n); i++) {
		if (block_node(i, whole, dir, &n)) {
			*ctx = i;
			strlcpy(name, n.name, size);
			return true;
		}
	}
	return false;
}

static int disk_lookup(long dir, const char *name, size_t len, long *ctx)
{
	return block_lookup(dir, true, name, len, ctx);
}

static bool disk_next(long dir, long *ctx, char *name, size_t size)
{
	return block_next(dir, true, ctx, name, size);
}

static int part_lookup(long dir, const char *name, size_t len, long *ctx)
{
	return block_lookup(dir, false, name, len, ctx);
}

static bool part_next(long dir, long *ctx, char *name, size_t size)
{
	return block_next(dir, false, ctx, name, size);
}

static int show_block_stat(struct seqbuf *m, long ctx)
{
	struct blk_node_info n;
	unsigned long f[BLK_STAT_FIELDS];

	if (ctx < 1 || !blk_node((unsigned)ctx - 1, &n))
		return -ENODEV;
	blk_stat_fields(n.stats, f);
	for (unsigned k = 0; k < BLK_STAT_FIELDS; k++)
		seq_printf(m, k ? " %8lu" : "%8lu", f[k]);
	seq_puts(m, "\n");
	return 0;
}

static const struct pseudo_entry part_entries[] = {
	{ .name = "stat", .mode = S_IFREG | 0444, .size = SYSFS_FILE_SIZE,
	  .show = show_block_stat },
	{ .name = NULL },
};
static const struct pseudo_entry part_dir =
	{ .name = "", .mode = S_IFDIR | 0755, .children = part_entries };
static const struct pseudo_dyn parts = {
	.lookup = part_lookup, .next = part_next, .entry = &part_dir,
};
static const struct pseudo_entry disk_dir =
	{ .name = "", .mode = S_IFDIR | 0755, .children = part_entries, .dyn = &parts };
const struct pseudo_dyn sysfs_block_disks = {
	.lookup = disk_lookup, .next = disk_next, .entry = &disk_dir,
};
