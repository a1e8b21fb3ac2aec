// SPDX-License-Identifier: MIT
/*
 * blkdev.c - disks and partitions as block device files, the way Linux's
 * block/fops.c presents them to programs: read and write at any byte
 * offset (reads stop at the end; writes there fail with ENOSPC), lseek
 * within the device (beyond the end is EINVAL), fsync and sync flush the
 * disk's cache, and the BLK* ioctls that report sizes.  Interface:
 * block/block.h.
 *
 * Transfers go through the block cache (block/bcache.c); O_DIRECT ones,
 * which must be aligned to the logical block size as on Linux, go to the
 * disk through a bounce buffer of up to 1 MiB per step (a page when
 * memory is fragmented).  BLKDISCARD, BLKZEROOUT and fallocate's
 * PUNCH_HOLE and ZERO_RANGE reach the driver's discard op (zeroes written
 * the slow way when the disk has no WRITE_ZEROES, as Linux does).
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"
#include <arch/abi.h>
#include "block/block_internal.h"
#include "fs/vfs.h"

#define CHUNK (1024 * 1024)
#define PIN_PAGES 256           /* user pages an O_DIRECT step pins: 1 MiB */

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
#define BLKDISCARD 0x1277
#define BLKDISCARDZEROES 0x127c
#define BLKSECDISCARD 0x127d
#define BLKZEROOUT 0x127f

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

/* A bounce buffer for n bytes: up to 1 MiB (the driver has all of it in
 * flight at once), less when memory is fragmented, one page at least. */
static char *bounce_alloc(size_t n, size_t *chunk)
{
	*chunk = ALIGN_UP(MIN(n, (size_t)CHUNK), PAGE_SIZE);
	for (;;) {
		char *buf = page_alloc_n(*chunk / PAGE_SIZE);
		if (buf || *chunk == PAGE_SIZE)
			return buf;
		*chunk = ALIGN_UP(*chunk / 4, PAGE_SIZE);
	}
}

/*
 * Linux blkdev_dio_unaligned: O_DIRECT wants the offset, the length and
 * each memory segment aligned to the logical block size (the memory to
 * 512 bytes, the queue's DMA alignment).
 */
static bool direct_aligned(struct bdev *bd, struct iobuf b, size_t n, off_t pos)
{
	uint64_t mask = bd->disk->block_size - 1;

	if (((uint64_t)pos | n) & mask)
		return false;
	if (!b.iov)
		return !((uintptr_t)b.p & (SECTOR_SIZE - 1));
	for (unsigned i = 0; i < b.iovcnt; i++)
		if (((uintptr_t)b.iov[i].base & (SECTOR_SIZE - 1)) || (b.iov[i].len & mask))
			return false;
	return true;
}

/* User pages pinned for the disk to reach directly, one segment each. */
struct pinned {
	struct blk_seg segs[PIN_PAGES];
	uint64_t pa[PIN_PAGES];
	unsigned n;
};

static void unpin(struct pinned *p)
{
	while (p->n)
		page_put(p->pa[--p->n]);
}

/*
 * Fault in and pin the current process's pages under [addr, addr + len)
 * (writable ones, copy-on-write broken, when the disk writes into them),
 * up to PIN_PAGES: the bytes covered, or -EFAULT (nothing left pinned).
 */
static ssize_t pin_user(uint64_t addr, size_t len, bool dev_writes, struct pinned *p)
{
	size_t done = 0;
	uint64_t pa;
	unsigned prot;

	p->n = 0;
	while (done < len && p->n < PIN_PAGES) {
		uint64_t va = addr + done;
		size_t span = MIN(len - done, (size_t)(PAGE_SIZE - va % PAGE_SIZE));
		if (vm_fault(va, dev_writes ? VM_FAULT_WRITE : 0) ||
		    !mmu_lookup(current->vm->root, ALIGN_DOWN(va, PAGE_SIZE), &pa, &prot)) {
			unpin(p);
			return -EFAULT;
		}
		page_get(pa);
		p->pa[p->n] = pa;
		p->segs[p->n++] = (struct blk_seg){ (char *)phys_to_virt(pa) + va % PAGE_SIZE,
						    (uint32_t)span };
		done += span;
	}
	return (ssize_t)done;
}

/* O_DIRECT into or out of a plain user buffer: no copy, the disk moves
 * the data to or from the program's own pages. */
static ssize_t direct_zero_copy(struct bdev *bd, bool write, struct iobuf b, size_t n,
				off_t *pos)
{
	struct pinned *p = kmalloc(sizeof(*p));
	size_t done = 0;
	ssize_t got = 0;
	int err = 0;

	if (!p)
		return -ENOMEM;
	while (done < n && !err) {
		got = pin_user((uint64_t)(uintptr_t)b.p + done, n - done, !write, p);
		if (got < 0)
			break;
		err = bd->disk->ops->rw_segs(bd->disk, write,
					      bd->start + ((uint64_t)*pos + done) / SECTOR_SIZE,
					      p->segs, p->n);
		unpin(p);
		if (!err)
			done += (size_t)got;
	}
	kfree(p);
	*pos += (off_t)done;
	return done ? (ssize_t)done : got < 0 ? got : err;
}

/* O_DIRECT: [pos, pos + n) (aligned, within the device) straight to the
 * disk, from the program's pages or (iovecs, kernel buffers) through a
 * bounce buffer; the cache's copy written back first and, for a write,
 * forgotten. */
static ssize_t direct_io(struct bdev *bd, bool write, struct iobuf b, size_t n,
			 off_t *pos)
{
	uint64_t base = bd->start * SECTOR_SIZE + (uint64_t)*pos;
	size_t done = 0, chunk;
	char *buf;
	int err;

	if (!direct_aligned(bd, b, n, *pos))
		return -EINVAL;
	err = bcache_sync_range(bd->disk, base, n, write);
	if (err)
		return err;
	if (b.user && !b.iov && bd->disk->ops->rw_segs)
		return direct_zero_copy(bd, write, b, n, pos);
	buf = bounce_alloc(n, &chunk);
	if (!buf)
		return -ENOMEM;
	while (done < n) {
		uint64_t off = (uint64_t)*pos + done;
		size_t span = MIN(n - done, chunk);
		if (write && iobuf_copy_in(buf, b, done, span))
			err = -EFAULT;
		if (!err)
			err = xfer(bd, write, off, off + span, buf);
		if (!err && !write && iobuf_copy_out(b, done, buf, span))
			err = -EFAULT;
		if (err)
			break;
		done += span;
	}
	page_free_n(buf, chunk / PAGE_SIZE);
	*pos += (off_t)done;
	return done ? (ssize_t)done : err;
}

static ssize_t bdev_read(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct bdev *bd = f->priv;
	uint64_t size = bdev_bytes(bd);
	ssize_t got;

	if (*pos < 0)
		return -EINVAL;
	if ((uint64_t)*pos >= size || !n)
		return 0;
	n = (size_t)MIN((uint64_t)n, size - (uint64_t)*pos);
	if (f->flags & O_DIRECT)
		return direct_io(bd, false, b, n, pos);
	got = bcache_read(bd->disk, bd->start * SECTOR_SIZE + (uint64_t)*pos, b, n);
	if (got > 0)
		*pos += got;
	return got;
}

static ssize_t bdev_write(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct bdev *bd = f->priv;
	uint64_t size = bdev_bytes(bd);
	ssize_t put;

	if (bd->disk->read_only)
		return -EPERM; /* Linux blkdev_write_iter: bdev_read_only */
	if (*pos < 0)
		return -EINVAL;
	if (!n)
		return 0;
	if ((uint64_t)*pos >= size)
		return -ENOSPC;
	n = (size_t)MIN((uint64_t)n, size - (uint64_t)*pos);
	if (f->flags & O_DIRECT)
		return direct_io(bd, true, b, n, pos);
	put = bcache_write(bd->disk, bd->start * SECTOR_SIZE + (uint64_t)*pos, b, n);
	if (put > 0)
		*pos += put;
	return put;
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
	return bcache_sync(((struct bdev *)f->priv)->disk);
}

static bool writable(struct file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

static int bdev_open(struct file *f)
{
	if (writable(f))
		((struct bdev *)f->priv)->disk->writers++;
	return 0;
}

/* Linux syncs a block device at its last close (blkdev_put); here the
 * last writer's close does, which is when there can be dirty pages. */
static void bdev_release(struct file *f)
{
	struct blk_disk *d = ((struct bdev *)f->priv)->disk;

	if (writable(f) && !--d->writers)
		bcache_sync(d);
}

/* bcache_discard's op: the range is gone from the cache; change the disk. */
static int discard_op(struct blk_disk *d, uint64_t off, uint64_t len, void *arg)
{
	unsigned kind = *(unsigned *)arg;
	size_t chunk, step;
	char *zero;
	int err = 0;

	if (!len)
		return 0;
	if (d->can & kind)
		return d->ops->discard(d, kind, off / SECTOR_SIZE, len / SECTOR_SIZE);
	if (kind != BLK_ZEROES)
		return -EOPNOTSUPP;
	/* Linux __blkdev_issue_zero_pages: write zeroes the slow way. */
	zero = bounce_alloc((size_t)MIN(len, (uint64_t)CHUNK), &chunk);
	if (!zero)
		return -ENOMEM;
	memset(zero, 0, chunk);
	for (uint64_t done = 0; done < len && !err; done += step) {
		step = (size_t)MIN((uint64_t)chunk, len - done);
		err = d->ops->rw(d, true, (off + done) / SECTOR_SIZE, zero, step);
	}
	page_free_n(zero, chunk / PAGE_SIZE);
	return err;
}

/* [start, start + len) of the node (checked) through discard_op. */
static int bdev_discard(struct bdev *bd, unsigned kind, uint64_t start, uint64_t len)
{
	return bcache_discard(bd->disk, bd->start * SECTOR_SIZE + start, len, discard_op,
			      &kind);
}

/*
 * Linux block/ioctl.c blk_ioctl_discard and blk_ioctl_zeroout: a range
 * of 512-byte multiples within the device, on a file open for writing.
 */
static long ioctl_discard(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct bdev *bd = f->priv;
	uint64_t range[2], end, size = bdev_bytes(bd), mask = bd->disk->block_size - 1;

	if (!writable(f))
		return -EBADF;
	if (cmd == BLKSECDISCARD)
		return -EOPNOTSUPP;     /* no virtio secure erase here */
	if (cmd == BLKDISCARD && !(bd->disk->can & BLK_DISCARD))
		return -EOPNOTSUPP;
	if (copy_from_user(range, (const void __user *)arg, sizeof(range)))
		return -EFAULT;
	end = range[0] + range[1];
	if (((range[0] | range[1]) & (SECTOR_SIZE - 1)) || end < range[0] || end > size)
		return -EINVAL;
	if ((cmd == BLKZEROOUT && !range[1]) || ((range[0] | range[1]) & mask))
		return -EINVAL;
	return bdev_discard(bd, cmd == BLKZEROOUT ? BLK_ZEROES : BLK_DISCARD, range[0],
			    range[1]);
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
	case BLKFLSBUF: {
		int err = bcache_sync(bd->disk);
		bcache_invalidate_clean(bd->disk);
		return err;
	}
	case BLKDISCARDZEROES:
		return put_user_int(arg, 0);
	case BLKDISCARD:
	case BLKSECDISCARD:
	case BLKZEROOUT:
		return ioctl_discard(f, cmd, arg);
	}
	return -ENOTTY;
}

static long bdev_fallocate(struct file *f, int mode, uint64_t start, uint64_t len);

static const struct file_ops bdev_fops = {
	.fallocate = bdev_fallocate,
	.read = bdev_read,
	.write = bdev_write,
	.lseek = bdev_lseek,
	.ioctl = bdev_ioctl,
	.fsync = bdev_fsync,
	.open = bdev_open,
	.release = bdev_release,
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

/* Every node, in order, for /proc/partitions. */
#define MAX_NODES 256
static struct blk_node_info nodes[MAX_NODES];
static char node_names[MAX_NODES][24];
static unsigned nnodes;

bool blk_node(unsigned i, struct blk_node_info *out)
{
	if (i >= nnodes)
		return false;
	*out = nodes[i];
	return true;
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
	/* A partition sits in its disk's sysfs directory (/sys/block/vda/vda1). */
	devfs_add_dev(name, S_IFBLK | 0660, d->major, minor,
		      (struct devclass){ "block", NULL,
					 minor == d->first_minor ? NULL : d->name, false });
	if (nnodes < MAX_NODES) {
		strlcpy(node_names[nnodes], name, sizeof(node_names[nnodes]));
		unsigned part = minor - d->first_minor;

		nodes[nnodes] = (struct blk_node_info){ node_names[nnodes], d->major, minor,
							sectors, part == 0, &d->stats[part] };
		d->part_start[part] = start;
		d->part_sectors[part] = sectors;
		nnodes++;
	}
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
		bcache_sync(d);
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

/* Linux block/fops.c blkdev_fallocate: the range, cut at the end with
 * KEEP_SIZE, in logical blocks; punching a hole zeroes with unmap and no
 * fallback, NO_HIDE_STALE discards. */
static long bdev_fallocate(struct file *f, int mode, uint64_t start, uint64_t len)
{
	struct bdev *bd = f->priv;
	uint64_t size = bdev_bytes(bd), mask = bd->disk->block_size - 1;
	unsigned kind;

	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE |
		     FALLOC_FL_NO_HIDE_STALE))
		return -EOPNOTSUPP;
	if (start >= size)
		return -EINVAL;
	if (len > size - start) {
		if (!(mode & FALLOC_FL_KEEP_SIZE))
			return -EINVAL;
		len = size - start;
	}
	if ((start | len) & mask)
		return -EINVAL;
	switch (mode) {
	case FALLOC_FL_ZERO_RANGE:
	case FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE:
		kind = BLK_ZEROES;
		break;
	case FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE:
		kind = BLK_ZEROES_UNMAP;
		break;
	case FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE | FALLOC_FL_NO_HIDE_STALE:
		kind = BLK_DISCARD;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return bdev_discard(bd, kind, start, len);
}
