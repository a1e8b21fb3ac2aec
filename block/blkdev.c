// SPDX-License-Identifier: MIT
/*
 * blkdev.c - disks and partitions as block device files, the way Linux's
 * block/fops.c presents them to programs: read and write at any byte
 * offset (reads stop at the end; writes there fail with ENOSPC), lseek
 * within the device (beyond the end is EINVAL), fsync and sync flush the
 * disk's cache, and the BLK* ioctls that report sizes.  Interface:
 * block/block.h.
 *
 * Transfers go through a bounce buffer of up to 64 KiB per step (a page
 * when memory is fragmented; blocks are at most a page): aligned
 * to the logical block size, with the partial blocks at either end read
 * first (read-modify-write).  Several processes may have transfers in
 * flight on one disk; the driver queues them.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"
#include "block/block.h"
#include "fs/vfs.h"

#define CHUNK (64 * 1024)
#define CHUNK_PAGES (CHUNK / PAGE_SIZE)

/* Linux uapi/linux/fs.h */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4
#define BLKROGET 0x125e
#define BLKGETSIZE 0x1260
#define BLKFLSBUF 0x1261
#define BLKSSZGET 0x1268
#define BLKPBSZGET 0x127b
#define BLKGETSIZE64 0x80081272

/* A whole disk or one partition: what a /dev node opens. */
struct bdev {
	struct blk_disk *disk;          /* [I] */
	uint64_t start, sectors;        /* [I] 512-byte sectors */
};

static struct blk_disk *disks;      /* registered at boot, never removed */

static uint64_t bdev_bytes(struct bdev *bd)
{
	return bd->sectors * SECTOR_SIZE;
}

/* Transfer [a0, a1) of the device (block aligned) to or from buf. */
static int xfer(struct bdev *bd, bool write, uint64_t a0, uint64_t a1, void *buf)
{
	return bd->disk->ops->rw(bd->disk, write, bd->start + a0 / SECTOR_SIZE, buf,
				 (size_t)(a1 - a0));
}

/* A bounce buffer: 64 KiB when memory allows, one page at least. */
static char *bounce_alloc(size_t *chunk)
{
	char *buf = page_alloc_n(CHUNK_PAGES);

	*chunk = CHUNK;
	if (!buf) {
		buf = page_alloc_n(1);
		*chunk = PAGE_SIZE;
	}
	return buf;
}

static ssize_t bdev_read(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct bdev *bd = f->priv;
	uint64_t size = bdev_bytes(bd), bs = bd->disk->block_size;
	size_t done = 0, chunk;
	char *buf;
	int err = 0;

	if (*pos < 0)
		return -EINVAL;
	if ((uint64_t)*pos >= size || !n)
		return 0;
	n = (size_t)MIN((uint64_t)n, size - (uint64_t)*pos);
	buf = bounce_alloc(&chunk);
	if (!buf)
		return -ENOMEM;
	while (done < n) {
		uint64_t off = (uint64_t)*pos + done, a0 = ALIGN_DOWN(off, bs);
		size_t span = (size_t)MIN((uint64_t)(n - done), chunk - (off - a0));
		uint64_t a1 = ALIGN_UP(off + span, bs);
		err = xfer(bd, false, a0, a1, buf);
		if (!err && iobuf_copy_out(b, done, buf + (off - a0), span))
			err = -EFAULT;
		if (err)
			break;
		done += span;
	}
	page_free_n(buf, chunk / PAGE_SIZE);
	*pos += (off_t)done;
	return done ? (ssize_t)done : err;
}

/* Fill the partial blocks at either end of [off, off + span) from disk. */
static int read_edges(struct bdev *bd, uint64_t off, size_t span, uint64_t a0,
		      uint64_t a1, char *buf)
{
	uint64_t bs = bd->disk->block_size;
	bool head = off != a0, tail = (off + span) % bs != 0;
	int err = 0;

	if (head)
		err = xfer(bd, false, a0, a0 + bs, buf);
	if (!err && tail && (!head || a1 - bs != a0))
		err = xfer(bd, false, a1 - bs, a1, buf + (a1 - bs - a0));
	return err;
}

static ssize_t bdev_write(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct bdev *bd = f->priv;
	uint64_t size = bdev_bytes(bd), bs = bd->disk->block_size;
	size_t done = 0, chunk;
	char *buf;
	int err = 0;

	if (bd->disk->read_only)
		return -EPERM; /* Linux blkdev_write_iter: bdev_read_only */
	if (*pos < 0)
		return -EINVAL;
	if (!n)
		return 0;
	if ((uint64_t)*pos >= size)
		return -ENOSPC;
	n = (size_t)MIN((uint64_t)n, size - (uint64_t)*pos);
	buf = bounce_alloc(&chunk);
	if (!buf)
		return -ENOMEM;
	while (done < n) {
		uint64_t off = (uint64_t)*pos + done, a0 = ALIGN_DOWN(off, bs);
		size_t span = (size_t)MIN((uint64_t)(n - done), chunk - (off - a0));
		uint64_t a1 = ALIGN_UP(off + span, bs);
		err = read_edges(bd, off, span, a0, a1, buf);
		if (!err && iobuf_copy_in(buf + (off - a0), b, done, span))
			err = -EFAULT;
		if (!err)
			err = xfer(bd, true, a0, a1, buf);
		if (err)
			break;
		done += span;
	}
	page_free_n(buf, chunk / PAGE_SIZE);
	*pos += (off_t)done;
	return done ? (ssize_t)done : err;
}

/* Linux blkdev_llseek -> fixed_size_llseek: the device's size bounds it. */
static off_t bdev_lseek(struct file *f, off_t off, int whence)
{
	off_t size = (off_t)bdev_bytes(f->priv), base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		return f->pos = whence == SEEK_DATA ? off : size;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > size - off) || base + off < 0 || base + off > size)
		return -EINVAL;
	return f->pos = base + off;
}

static int bdev_fsync(struct file *f)
{
	struct blk_disk *d = ((struct bdev *)f->priv)->disk;

	return d->ops->flush ? d->ops->flush(d) : 0;
}

static long put_user_u64(unsigned long arg, uint64_t v)
{
	return copy_to_user((void __user *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long put_user_int(unsigned long arg, int v)
{
	return copy_to_user((void __user *)arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long bdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct bdev *bd = f->priv;

	switch (cmd) {
	case BLKGETSIZE64:
		return put_user_u64(arg, bdev_bytes(bd));
	case BLKGETSIZE:
		return put_user_u64(arg, bd->sectors);
	case BLKSSZGET:
		return put_user_int(arg, (int)bd->disk->block_size);
	case BLKPBSZGET:
		return put_user_int(arg, (int)bd->disk->phys_block_size);
	case BLKROGET:
		return put_user_int(arg, bd->disk->read_only);
	case BLKFLSBUF:
		return 0; /* no cache to drop */
	}
	return -ENOTTY;
}

static const struct file_ops bdev_fops = {
	.read = bdev_read,
	.write = bdev_write,
	.lseek = bdev_lseek,
	.ioctl = bdev_ioctl,
	.fsync = bdev_fsync,
};

static struct bdev *new_bdev(struct blk_disk *d, uint64_t start, uint64_t sectors)
{
	struct bdev *bd = kzalloc(sizeof(*bd));

	if (bd)
		*bd = (struct bdev){ d, start, sectors };
	return bd;
}

/* part_scan's reader: one logical block through a DMA-safe buffer. */
static int read_block(void *ctx, uint64_t lba, void *out)
{
	struct blk_disk *d = ctx;
	uint64_t spb = d->block_size / SECTOR_SIZE;
	void *buf;
	int err;

	if (lba >= d->sectors / spb)
		return -EIO;
	buf = kmalloc(d->block_size);
	if (!buf)
		return -ENOMEM;
	err = d->ops->rw(d, false, lba * spb, buf, d->block_size);
	if (!err)
		memcpy(out, buf, d->block_size);
	kfree(buf);
	return err;
}

static void add_node(struct blk_disk *d, const char *name, unsigned minor,
		     uint64_t start, uint64_t sectors)
{
	struct bdev *bd = new_bdev(d, start, sectors);

	if (!bd) {
		printk("%s: out of memory\n", name);
		return;
	}
	blkdev_register(d->major, minor, &bdev_fops, bd);
	devfs_add(name, S_IFBLK | 0660, d->major, minor);
}

static void scan_partitions(struct blk_disk *d)
{
	struct blk_part parts[BLK_MAX_PARTS];
	char line[160], name[24];
	int n = part_scan(read_block, d, d->sectors, d->block_size, parts,
			  BLK_MAX_PARTS);

	if (n < 0) {
		printk("%s: cannot read the partition table (error %d)\n", d->name, -n);
		return;
	}
	snprintf(line, sizeof(line), " %s:", d->name);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(line);
		snprintf(name, sizeof(name), "%s%u", d->name, parts[i].number);
		add_node(d, name, d->first_minor + parts[i].number, parts[i].start,
			 parts[i].sectors);
		snprintf(line + len, sizeof(line) - len, " %s", name);
	}
	d->nparts = (unsigned)n;
	if (n)
		printk("%s\n", line);
}

void blk_sync_all(void)
{
	for (struct blk_disk *d = disks; d; d = d->next)
		if (d->ops->flush && !d->read_only)
			d->ops->flush(d);
}

int blk_disk_add(struct blk_disk *d)
{
	if (!d->block_size)
		d->block_size = SECTOR_SIZE;
	if (!d->phys_block_size)
		d->phys_block_size = d->block_size;
	if (d->block_size < SECTOR_SIZE || d->block_size > PAGE_SIZE ||
	    (d->block_size & (d->block_size - 1)))
		return -EINVAL;
	add_node(d, d->name, d->first_minor, 0, d->sectors);
	scan_partitions(d);
	d->next = disks;
	disks = d;
	vfs_sync_devices = blk_sync_all;
	return 0;
}
