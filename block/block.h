/* SPDX-License-Identifier: MIT */
/*
 * block.h - the block layer: disks that drivers register, their
 * partitions (MBR and GPT), and the /dev nodes through which programs read
 * and write them at any byte offset (Linux's block device files).
 *
 * A driver (virtio/blk.c) fills a struct blk_disk and calls
 * blk_disk_add(), which scans the partition table, registers the device
 * numbers (fs/vfs.h blkdev_register) and announces the nodes (devfs_add):
 * /dev/<name> at (major, first_minor) and /dev/<name>N at first_minor + N,
 * as Linux numbers them (virtio_blk: major 254 on Debian's kernel, 16
 * minors a disk).
 *
 * Reads and writes go through the block cache (block/bcache.c, write-back,
 * shared by every node of a disk) unless the file is O_DIRECT; fsync,
 * sync, BLKFLSBUF and the last writer's close write it back and send the
 * driver's flush.  BLKDISCARD, BLKZEROOUT and fallocate reach the
 * driver's discard op.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include "kernel/kernel.h"

#define SECTOR_SIZE 512
#define BLK_MAX_PARTS 15        /* partitions a disk can show (16 minors) */

struct blk_disk;

/*
 * I/O statistics of a disk or a partition, as Linux's struct disk_stats
 * keeps them for /proc/diskstats (block/stat.c).  Requests are counted when
 * they complete, on the partition that holds their first sector and on
 * the whole disk; flushes on the whole disk only.  There is no merging
 * here, so the merge counts stay 0.
 */
enum { BLK_STAT_READ, BLK_STAT_WRITE, BLK_STAT_DISCARD, BLK_STAT_FLUSH,
       BLK_STAT_GROUPS };
struct blk_stats {
	uint64_t ios[BLK_STAT_GROUPS];          /* completed */
	uint64_t sectors[BLK_STAT_GROUPS];
	uint64_t nsecs[BLK_STAT_GROUPS];        /* from submission to completion */
	uint64_t busy_ns, busy_since;           /* time with requests in flight */
	unsigned in_flight;
};

/* A piece of a transfer: physically contiguous kernel memory, a multiple
 * of 512 bytes (the block cache's pages). */
struct blk_seg {
	void *buf;
	uint32_t len;
};

struct blk_disk_ops {
	/*
	 * Move len bytes (a multiple of the block size) between buf and the
	 * disk from 512-byte sector `sector`.  buf is kernel memory that is
	 * physically contiguous (page_alloc_n, kmalloc).  Sleeps until the
	 * device is done (polls before interrupts are wired, at probe).
	 * 0, -EIO, or -EROFS for a write to a read-only disk.
	 */
	int (*rw)(struct blk_disk *d, bool write, uint64_t sector, void *buf,
		  size_t len);
	/* As rw, over nseg segments that follow each other on the disk. */
	int (*rw_segs)(struct blk_disk *d, bool write, uint64_t sector,
		       const struct blk_seg *segs, unsigned nseg);
	/* Make completed writes durable; NULL when the disk has no cache. */
	int (*flush)(struct blk_disk *d);
	/*
	 * Optional: deallocate (BLK_DISCARD) or zero (BLK_ZEROES, and
	 * BLK_ZEROES_UNMAP: the device may deallocate) nsect sectors from
	 * `sector`, within the disk.  Sleeps.  0, -EOPNOTSUPP when the disk
	 * cannot (disk->can tells ahead), -EIO.
	 */
	int (*discard)(struct blk_disk *d, unsigned kind, uint64_t sector,
		       uint64_t nsect);
	/*
	 * Optional, for write-back from a timer: start a write of nseg
	 * segments of at most a page (nseg <= disk->async_segs) from sector,
	 * or with nseg 0 a flush, without sleeping; end(arg, err) runs from
	 * the interrupt when the device is done.  0; or -EAGAIN (queue full),
	 * -EOPNOTSUPP (a flush the disk does not need), -errno, and then end
	 * is never called.
	 */
	int (*write_async)(struct blk_disk *d, uint64_t sector, const struct blk_seg *segs,
			   unsigned nseg, void (*end)(void *arg, int err), void *arg);
	/*
	 * Optional, for readahead: as write_async, a read of nseg >= 1
	 * segments (the block cache's pages) that the caller does not wait
	 * for; plugged as write_async is.
	 */
	int (*read_async)(struct blk_disk *d, uint64_t sector, const struct blk_seg *segs,
			  unsigned nseg, void (*end)(void *arg, int err), void *arg);
	/*
	 * Optional, with write_async: after plug, write_async (and
	 * read_async) queue without notifying the device (a full queue
	 * excepted: -EAGAIN notifies); unplug notifies it once for all of
	 * them.  The caller unplugs
	 * before it sleeps or calls another op, so nothing waits on a
	 * request the device has not been told about.
	 */
	void (*plug)(struct blk_disk *d);
	void (*unplug)(struct blk_disk *d);
};

/* discard kinds; also the bits of blk_disk.can */
#define BLK_DISCARD 1u
#define BLK_ZEROES 2u
#define BLK_ZEROES_UNMAP 4u

struct blk_disk {
	/* [I] filled by the driver before blk_disk_add */
	char name[16];                  /* "vda" */
	unsigned major, first_minor;
	uint64_t sectors;               /* capacity in 512-byte sectors */
	uint32_t block_size;            /* logical block size: 512..4096, 2^n */
	uint32_t phys_block_size;
	bool read_only;
	unsigned can;                   /* BLK_DISCARD | BLK_ZEROES ... */
	unsigned async_segs;            /* page segments a write_async may carry */
	const struct blk_disk_ops *ops;
	void *priv;                     /* the driver's */
	/* [I] set by blk_disk_add */
	unsigned nparts;
	struct blk_disk *next;
	/* [C] by the block cache's lock (block/bcache.c) */
	int wb_err;                     /* failed write-back, for the next fsync */
	uint64_t ra_next;               /* page after the last read */
	uint64_t ra_start;              /* readahead: the latest window's first page, */
	unsigned ra_size;               /* its pages (0: no sequential stream), */
	unsigned ra_async;              /* and its last ra_async pages start the next */
	unsigned writers;               /* open for writing: sync at the last close */
	/*
	 * [Q] by the driver's queue lock (interrupts off): statistics of the
	 * whole disk (0) and of partition N, whose sectors part_start[N] on
	 * (part_sectors[N] of them; 0: none) [I] after blk_disk_add.
	 */
	struct blk_stats stats[1 + BLK_MAX_PARTS];
	uint64_t part_start[1 + BLK_MAX_PARTS], part_sectors[1 + BLK_MAX_PARTS];
};

/*
 * A driver's requests, for the statistics: blk_io_start when one is handed
 * to the device (its start time back), blk_io_done when it completes
 * (from the interrupt too).  op: BLK_STAT_*; sectors [sector, +nsect).
 */
uint64_t blk_io_start(struct blk_disk *d, unsigned op, uint64_t sector);
/* The 17 numbers /proc/diskstats shows after a node's name, in its order. */
#define BLK_STAT_FIELDS 17
void blk_stat_fields(const struct blk_stats *s, unsigned long f[BLK_STAT_FIELDS]);
void blk_io_done(struct blk_disk *d, unsigned op, uint64_t sector, uint64_t nsect,
		 uint64_t t0);

/* Register the disk, its partitions and their nodes: 0 or -errno. */
int blk_disk_add(struct blk_disk *d);
/* sync(2): flush every disk. */
void blk_sync_all(void);

/* The block device nodes, disks then their partitions in registration
 * order (/proc/partitions): the i-th, or false past the last. */
struct blk_node_info {
	const char *name;
	unsigned major, minor;
	uint64_t sectors;
	bool whole;                     /* a disk, not a partition */
	const struct blk_stats *stats;  /* its statistics, live */
};
bool blk_node(unsigned i, struct blk_node_info *out);

/* ---- partition tables (block/partition.c, pure) --------------------- */

struct blk_part {
	unsigned number;                /* 1..: vda1 ... */
	uint64_t start, sectors;        /* in 512-byte sectors */
};

/*
 * Read the partition table of a disk of `sectors` 512-byte sectors and
 * logical block size lbs: GPT behind a protective MBR (UEFI 2.9 §5.3),
 * else MBR with logical partitions in an extended one (numbered from 5,
 * as Linux does).  read(ctx, lba, buf) reads one logical block.  Fills
 * up to max entries; returns how many, 0 for none, or -errno from read.
 * Entries that fall outside the disk are dropped (logged).
 */
int part_scan(int (*read)(void *ctx, uint64_t lba, void *buf), void *ctx,
	      uint64_t sectors, uint32_t lbs, struct blk_part *out, unsigned max);

/* CRC-32 (IEEE 802.3, as GPT uses it). */
uint32_t crc32_ieee(uint32_t crc, const void *buf, size_t len);

#endif
