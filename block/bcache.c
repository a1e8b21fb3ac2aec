// SPDX-License-Identifier: MIT
/*
 * bcache.c - the block cache: every disk's data as page-sized buffers keyed
 * by (disk, page of the disk), shared by all the disk's nodes (a partition
 * is a window on its disk).  Interface: block/block_internal.h.
 *
 * Reads fill missing pages from the disk, several at once (up to RUN_MAX
 * pages per transfer).  A sequential stream (a read that continues where
 * the last one on the disk ended, or starts at the disk's first page) is
 * read ahead asynchronously, as Linux does (mm/readahead.c): a window of
 * pages is requested without waiting, the reader waits only for the
 * pages it wants (being read: rd), and when it reaches the window's
 * marker (ra_async pages from its end) the next window, four then two
 * times as large up to RA_MAX pages (a quarter of the cap in a small
 * cache), is requested, so the disk works while the reader copies.  A
 * window goes out plugged, in requests of up to the driver's async_segs
 * pages.  Readahead only fills pages that are missing; it stops at a full
 * queue or a cache full of pages it may not drop.  A readahead request that fails leaves its pages
 * marked (ioerr); a reader that wants one reads it again synchronously,
 * and that read's error is the one it sees.  Writes land in the
 * pages (a page only partly written is read first) and mark them dirty;
 * nothing is written until write-back: fsync, sync, BLKFLSBUF, the last
 * writer's close, the dirty limits, memory pressure (fewer than LOW_WATER
 * free pages in the system), or the periodic timer (every WB_PERIOD_NS;
 * see the end of this file).  Write-back coalesces consecutive dirty
 * pages into transfers and queues them plugged (block.h), so that the
 * device hears of a whole write-back once, not once a transfer; it
 * unplugs before it sleeps.  fsync waits for every transfer in flight and
 * ends with the disk's flush, so what an fsync acknowledged is on stable
 * storage.  A failed write-back leaves the pages clean and an error that
 * the disk's next fsync returns (as Linux's errseq does): nothing
 * reported durable was lost unreported.
 *
 * Writers do not wait for the disk until they must: at the background
 * limit (a quarter of the cap dirty) a miss starts writing every dirty
 * page and goes on; only at the hard limit (half the cap dirty or being
 * written) does it wait for transfers to end.  A page being written
 * (wb, from submission to the completion interrupt) is clean, and its
 * data must not change while the device may be reading it: a write to
 * it first waits for that transfer, then dirties it again, so the next
 * write-back (and so any later fsync) carries the new bytes.  Pages
 * being written are never dropped.
 *
 * Clean pages are dropped least recently used first once the cache holds
 * its cap: an eighth of RAM (at least CAP_MIN pages), halved again and
 * again while free memory is short, back when it is not.
 *
 * The disk moves data straight to and from the cached pages (the driver's
 * rw_segs: one segment a page), with no copy on the way.
 *
 * Locking: one sleeping lock (bc.busy) for the whole cache, held across
 * the disk I/O of an operation, so a page is never seen half filled.
 * Background transfers outlive the lock: their completion interrupts
 * (the kernel runs with interrupts off except while sleeping or idle)
 * clear wb, count them down and may be waited for on bc.io_wq.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "fs/vfs.h"
#include "block/block_internal.h"

#define DIV_ROUND_UP(x, y) (((x) + (y) - 1) / (y))

#define HASH_MIN_BITS 10                /* the table: 2^10 chains, at least */
#define HASH_MAX_BITS 20
#define RUN_MAX 256                     /* pages per disk transfer: 1 MiB */
#define RA_MAX 512                      /* readahead window: 2 MiB at most */
#define CAP_MIN 64
#define DIRTY_DIV 2                     /* hard limit: the cap / DIRTY_DIV */
#define BG_DIV 4                        /* background limit: the cap / BG_DIV */
#define LOW_WATER 256                   /* free pages below which we write back */
#define WB_PERIOD_NS (5ULL * 1000000000ULL) /* dirty pages wait at most about this */

struct bbuf {
	struct blk_disk *disk;          /* [C] */
	uint64_t index;                 /* [C] byte offset / PAGE_SIZE */
	uint32_t len;                   /* [C] disk bytes in it (short at the end) */
	bool dirty;                     /* [C] */
	bool wb;                        /* [C] being written: data must not change */
	bool rd;                        /* [C] being read (readahead): no data yet */
	bool ioerr;                     /* [C] its readahead failed: read it again */
	char *data;                     /* [C] one page */
	struct bbuf *hnext;             /* [C] hash chain */
	struct list_head lru;           /* [C] bc.lru, most recent first */
	struct list_head dlink;         /* [C] bc.dirty, when dirty */
};

/* [C]: by bc.busy, except busy and wq themselves (one CPU, no preemption). */
static struct {
	bool busy;
	struct waitq wq;
	bool ready;
	struct bbuf **hash;             /* 2^hash_bits chains, about one page each */
	unsigned hash_bits;
	struct list_head lru, dirty;
	size_t count, ndirty, cap;
	size_t cap_full;                /* the cap when memory is not short */
	struct blk_seg segs[RUN_MAX];   /* the transfer being set up */
	unsigned inflight;              /* write-back requests started, not done */
	size_t nwb;                     /* pages in them (wb) */
	size_t nrd;                     /* pages being read ahead (rd) */
	int round_err;                  /* the first error of this write-back */
	struct blk_disk *round_disk;    /* its disk; NULL: every disk */
	struct blk_disk *plugged;       /* has write-back not yet notified */
	struct waitq io_wq;             /* one of them is done */
	/* the periodic write-back, which holds the lock from the timer until
	 * its last completion interrupt */
	struct ktimer timer;
	struct blk_disk *wb_disk;       /* being written back */
	uint64_t wb_first;              /* the run in flight: pages [first, +n) */
	unsigned wb_n;
} bc;

static void wb_tick(struct ktimer *t);
static void wait_reads(void);

/* A chain for about every page the cache may hold, when memory allows. */
static void hash_init(void)
{
	static struct bbuf *fallback[1u << HASH_MIN_BITS];
	unsigned bits = HASH_MIN_BITS;

	while (bits < HASH_MAX_BITS && (1ULL << bits) < bc.cap_full)
		bits++;
	while (bits > HASH_MIN_BITS && !(bc.hash = kzalloc(sizeof(*bc.hash) << bits)))
		bits--;
	if (bits == HASH_MIN_BITS)
		bc.hash = fallback;
	bc.hash_bits = bits;
}

static void bc_init(void)
{
	waitq_init(&bc.wq);
	waitq_init(&bc.io_wq);
	list_init(&bc.lru);
	list_init(&bc.dirty);
	/* An eighth: a sequential read of a sixteenth, with its readahead,
	 * stays cached (LRU drops the very pages a second pass wants next
	 * when the cap is exceeded). */
	bc.cap_full = MAX((size_t)(page_total() / 8), (size_t)CAP_MIN);
	bc.cap = bc.cap_full;
	hash_init();
	bc.timer.fn = wb_tick;
	bc.ready = true;
}

/* Take the cache lock; sleeps (not interruptibly) while another holds it. */
static void bc_lock(void)
{
	if (!bc.ready)
		bc_init();
	while (bc.busy)
		waitq_sleep_uninterruptible(&bc.wq);
	bc.busy = true;
}

static void bc_unlock(void)
{
	bc.busy = false;
	waitq_wake(&bc.wq);
}

static unsigned hash_of(struct blk_disk *d, uint64_t index)
{
	/* Fibonacci hashing: the top bits, so that consecutive pages spread */
	uint64_t h = (index + ((uintptr_t)d >> 4) * 0x100000001b3ULL) * 0x9e3779b97f4a7c15ULL;

	return (unsigned)(h >> (64 - bc.hash_bits));
}

static struct bbuf *lookup(struct blk_disk *d, uint64_t index)
{
	for (struct bbuf *b = bc.hash[hash_of(d, index)]; b; b = b->hnext)
		if (b->disk == d && b->index == index)
			return b;
	return NULL;
}

static uint64_t disk_bytes(struct blk_disk *d)
{
	return d->sectors * SECTOR_SIZE;
}

static uint64_t disk_pages(struct blk_disk *d)
{
	return DIV_ROUND_UP(disk_bytes(d), (uint64_t)PAGE_SIZE);
}

static void set_dirty(struct bbuf *b, bool dirty)
{
	if (b->dirty == dirty)
		return;
	b->dirty = dirty;
	if (dirty) {
		list_add_tail(&b->dlink, &bc.dirty);
		bc.ndirty++;
		if (!bc.timer.armed)
			timer_add(&bc.timer, time_monotonic_ns() + WB_PERIOD_NS);
	} else {
		list_del(&b->dlink);
		bc.ndirty--;
	}
}

static void drop(struct bbuf *b)
{
	struct bbuf **pp = &bc.hash[hash_of(b->disk, b->index)];

	while (*pp != b)
		pp = &(*pp)->hnext;
	*pp = b->hnext;
	set_dirty(b, false);
	list_del(&b->lru);
	page_free_n(b->data, 1);
	kfree(b);
	bc.count--;
}

/* Forget the cached pages of d in [first, last], dirty or not. */
static void drop_range(struct blk_disk *d, uint64_t first, uint64_t last)
{
	struct list_head *p, *n;

	wait_reads();           /* the device may be filling some of them */
	list_for_each_safe(p, n, &bc.lru) {
		struct bbuf *b = list_entry(p, struct bbuf, lru);
		if (b->disk == d && b->index >= first && b->index <= last)
			drop(b);
	}
}

/* bc.segs for the cached pages [first, +n) of d. */
static void set_segs(struct blk_disk *d, uint64_t first, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct bbuf *p = lookup(d, first + i);
		bc.segs[i] = (struct blk_seg){ p->data, p->len };
	}
}

/* A failed write-back of d: for d's next fsync, and for this round of
 * write-back (writeback_range) when it is d's. */
static void note_err(struct blk_disk *d, int err)
{
	if (err && !d->wb_err)
		d->wb_err = err;
	if (err && !bc.round_err && (!bc.round_disk || bc.round_disk == d))
		bc.round_err = err;
}

/* A write-back or readahead request in flight: pages [first, +n) of disk. */
struct io_run {
	struct blk_disk *disk;
	uint64_t first;
	unsigned n;
};

/* Pages [first, +n) of d are (not) being written. */
static void set_wb(struct blk_disk *d, uint64_t first, unsigned n, bool wb)
{
	for (unsigned i = 0; i < n; i++)
		lookup(d, first + i)->wb = wb;
	if (wb)
		bc.nwb += n;
	else
		bc.nwb -= n;
}

/* A write-back request is done (the interrupt): errors wait in wb_err. */
static void run_done(void *arg, int err)
{
	struct io_run *r = arg;

	set_wb(r->disk, r->first, r->n, false);
	note_err(r->disk, err);
	kfree(r);
	bc.inflight--;
	waitq_wake(&bc.io_wq);
}

/* Queue pages [first, +n) of d (bc.segs) as a request of its own:
 * 0, -EAGAIN (the queue is full) or another -errno. */
static int queue_run(struct blk_disk *d, uint64_t first, unsigned n)
{
	struct io_run *r = kmalloc(sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	*r = (struct io_run){ d, first, n };
	set_wb(d, first, n, true);
	bc.inflight++;
	err = d->ops->write_async(d, first * (PAGE_SIZE / SECTOR_SIZE), bc.segs, n,
				  run_done, r);
	if (err) {
		bc.inflight--;
		set_wb(d, first, n, false);
		kfree(r);
	}
	return err;
}

/* The device of bc.plugged hears of its queued write-back now. */
static void unplug(void)
{
	struct blk_disk *d = bc.plugged;

	if (d) {
		bc.plugged = NULL;
		d->ops->unplug(d);
	}
}

/* Queue d's write-back without notifying its device, until unplug(). */
static void plug(struct blk_disk *d)
{
	if (bc.plugged == d)
		return;
	unplug();
	if (d->ops->plug) {
		d->ops->plug(d);
		bc.plugged = d;
	}
}

/*
 * Start writing pages [first, +n) of d, all cached, dirty and not being
 * written, and mark them clean: being written (wb) until the request is
 * done, or written already when the disk has no asynchronous writes.
 * Many runs are in flight at once, plugged: the caller unplugs when it
 * has queued them all.  While the queue is full this unplugs and sleeps
 * for a completion.  Errors go to wb_err.
 */
static void start_run(struct blk_disk *d, uint64_t first, unsigned n)
{
	int err = -EAGAIN;

	set_segs(d, first, n);
	for (unsigned i = 0; i < n; i++)
		set_dirty(lookup(d, first + i), false);
	while (err == -EAGAIN && d->ops->write_async) {
		plug(d);
		err = queue_run(d, first, n);
		if (err == -EAGAIN && !bc.inflight)
			break;          /* nothing to wait for: write it ourselves */
		if (err == -EAGAIN) {
			unplug();
			waitq_sleep_uninterruptible(&bc.io_wq);
		}
	}
	if (err) {
		unplug();
		note_err(d, d->ops->rw_segs(d, true, first * (PAGE_SIZE / SECTOR_SIZE),
					    bc.segs, n));
	}
}

/* Until every started run is done. */
static void wait_runs(void)
{
	while (bc.inflight)
		waitq_sleep_uninterruptible(&bc.io_wq);
}

/* Until b is not being written (its data may change again) nor read. */
static void wait_page(struct bbuf *b)
{
	if (b->wb || b->rd)
		unplug();
	while (b->wb || b->rd)
		waitq_sleep_uninterruptible(&bc.io_wq);
}

/* Until no readahead is in flight (before pages are dropped). */
static void wait_reads(void)
{
	if (bc.nrd)
		unplug();
	while (bc.nrd)
		waitq_sleep_uninterruptible(&bc.io_wq);
}

/* Pages an asynchronous request carries. */
static unsigned async_max(struct blk_disk *d)
{
	return MAX(1u, MIN((unsigned)RUN_MAX, d->async_segs));
}

/* Pages a write-back request carries. */
static unsigned run_max(struct blk_disk *d)
{
	return d->ops->write_async ? async_max(d) : RUN_MAX;
}

static bool dirty_at(struct blk_disk *d, uint64_t index)
{
	struct bbuf *b = lookup(d, index);

	return b && b->dirty;
}

/* Start writing back b and the dirty pages around it, in runs. */
static void write_around(struct bbuf *b)
{
	struct blk_disk *d = b->disk;
	uint64_t start = b->index;
	unsigned max = run_max(d);

	while (start > 0 && dirty_at(d, start - 1))
		start--;
	while (dirty_at(d, start)) {
		unsigned n = 1;
		while (n < max && dirty_at(d, start + n))
			n++;
		start_run(d, start, n);
		start += n;
	}
}

/* Start writing back the dirty pages of d (NULL: every disk) in
 * [first, last] page indexes, all requests in flight at once, and tell
 * the devices. */
static void start_range(struct blk_disk *d, uint64_t first, uint64_t last)
{
	struct list_head *p, *n;

restart:
	list_for_each_safe(p, n, &bc.dirty) {
		struct bbuf *b = list_entry(p, struct bbuf, dlink);
		if ((d && b->disk != d) || b->index < first || b->index > last)
			continue;
		write_around(b);
		goto restart;   /* write_around cleaned pages the walk may hold */
	}
	unplug();
}

/*
 * Write back the dirty pages of d (NULL: every disk) in [first, last]
 * page indexes and wait for them and every other request in flight.
 * 0, or the first error (which also waits in wb_err for the next sync).
 */
static int writeback_range(struct blk_disk *d, uint64_t first, uint64_t last)
{
	bc.round_err = 0;
	bc.round_disk = d;
	start_range(d, first, last);
	wait_runs();
	return bc.round_err;
}

static int flush_disk(struct blk_disk *d)
{
	int err = 0;

	if (d->ops->flush && !d->read_only)
		err = d->ops->flush(d);
	if (!err) {
		err = d->wb_err;
		d->wb_err = 0;
	}
	return err;
}

/* Drop clean pages, least recently used first, until `need` more fit
 * under the cap. */
static void shrink(size_t need)
{
	struct list_head *p = bc.lru.prev;

	while (bc.count + need > bc.cap && p != &bc.lru) {
		struct bbuf *b = list_entry(p, struct bbuf, lru);
		p = p->prev;
		if (!b->dirty && !b->wb && !b->rd)
			drop(b);
	}
}

/*
 * At the background limit, start writing every dirty page; at the hard
 * limit, also wait until enough of them are done.
 */
static void throttle(void)
{
	if (bc.ndirty >= bc.cap / BG_DIV)
		start_range(NULL, 0, UINT64_MAX);
	while (bc.ndirty + bc.nwb >= bc.cap / DIRTY_DIV) {
		if (bc.ndirty)
			start_range(NULL, 0, UINT64_MAX);
		else
			waitq_sleep_uninterruptible(&bc.io_wq);
	}
}

/* Before taking a page: keep dirty pages and the cache within bounds. */
static void make_room(void)
{
	if (page_free_count() < LOW_WATER)
		writeback_range(NULL, 0, UINT64_MAX);
	else
		throttle();
	if (page_free_count() < LOW_WATER)
		bc.cap = MAX(bc.count / 2, (size_t)CAP_MIN);
	else if (page_free_count() > 4 * LOW_WATER)
		bc.cap = bc.cap_full;
	shrink(1);
}

static struct bbuf *new_buf(struct blk_disk *d, uint64_t index)
{
	struct bbuf *b = kzalloc(sizeof(*b));
	unsigned h = hash_of(d, index);

	if (!b)
		return NULL;
	b->data = page_alloc_n(1);
	if (!b->data) {
		kfree(b);
		return NULL;
	}
	b->disk = d;
	b->index = index;
	b->len = (uint32_t)MIN((uint64_t)PAGE_SIZE, disk_bytes(d) - index * PAGE_SIZE);
	b->hnext = bc.hash[h];
	bc.hash[h] = b;
	list_add(&b->lru, &bc.lru);
	bc.count++;
	return b;
}

/* Read the missing pages [index, +n) (none cached) at once; fewer when
 * memory runs out. */
static int fill_run(struct blk_disk *d, uint64_t index, unsigned n)
{
	unsigned got = 0;
	int err;

	while (got < n && new_buf(d, index + got))
		got++;
	if (!got)
		return -ENOMEM;
	set_segs(d, index, got);
	err = d->ops->rw_segs(d, false, index * (PAGE_SIZE / SECTOR_SIZE), bc.segs, got);
	if (err)
		drop_range(d, index, index + got - 1);
	return err;
}

/* A readahead request is done (the interrupt): its pages hold data, or
 * are marked for a synchronous read when someone wants them. */
static void read_done(void *arg, int err)
{
	struct io_run *r = arg;

	for (unsigned i = 0; i < r->n; i++) {
		struct bbuf *b = lookup(r->disk, r->first + i);
		b->rd = false;
		b->ioerr = err != 0;
	}
	bc.nrd -= r->n;
	kfree(r);
	waitq_wake(&bc.io_wq);
}

/* Start reading the missing pages [index, +n) of d (none cached, n at
 * most async_max) without waiting: 0, or -errno with nothing started. */
static int read_run_async(struct blk_disk *d, uint64_t index, unsigned n)
{
	struct io_run *r = kmalloc(sizeof(*r));
	unsigned got = 0;
	int err = -ENOMEM;

	while (r && got < n && new_buf(d, index + got))
		got++;
	if (got) {
		*r = (struct io_run){ d, index, got };
		set_segs(d, index, got);
		for (unsigned i = 0; i < got; i++)
			lookup(d, index + i)->rd = true;
		bc.nrd += got;
		err = d->ops->read_async(d, index * (PAGE_SIZE / SECTOR_SIZE), bc.segs, got,
					 read_done, r);
		if (!err)
			return 0;
		for (unsigned i = 0; i < got; i++)
			lookup(d, index + i)->rd = false;
		bc.nrd -= got;
		drop_range(d, index, index + got - 1);
	}
	kfree(r);
	return err;
}

/*
 * Read ahead the pages [first, end) of d that are not cached: all the
 * requests in flight at once, plugged.  It stops early when the cache is
 * full of pages it may not drop, memory runs out or the queue is full:
 * what is left is read when it is wanted.  Without read_async, the
 * pages are read now.
 */
static void read_ahead(struct blk_disk *d, uint64_t first, uint64_t end)
{
	unsigned max = async_max(d);
	bool roomy = false;

	end = MIN(end, disk_pages(d));
	/* A window cached at both ends is taken as cached (a second pass):
	 * a page missing between is read when wanted, and a warm stream
	 * costs two lookups a window, not one a page. */
	if (first < end && lookup(d, first) && lookup(d, end - 1))
		return;
	while (first < end) {
		unsigned n = 0;
		while (first < end && lookup(d, first))
			first++;
		while (n < max && first + n < end && !lookup(d, first + n))
			n++;
		if (!n)
			break;
		if (!roomy)
			make_room();    /* once: it may write back and sleep */
		roomy = true;
		shrink(n);
		if (bc.count + n > bc.cap)
			break;
		if (!d->ops->read_async) {
			if (fill_run(d, first, n))
				break;
		} else {
			plug(d);
			if (read_run_async(d, first, n))
				break;
		}
		first += n;
	}
	unplug();
}

static unsigned roundup_pow2(unsigned n)
{
	unsigned p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* The largest window: RA_MAX, or less where the cache is small. */
static unsigned ra_max(void)
{
	return (unsigned)MAX((size_t)1, MIN((size_t)RA_MAX, bc.cap / 4));
}

/*
 * Where a read of pages [first, last] starts (Linux's
 * ondemand_readahead): a sequential stream, or a read from the disk's
 * first page, whose pages are not all read ahead already starts a window
 * a few times the read (up to ra_max); other reads end the stream and
 * read nothing ahead.
 */
static void ra_begin(struct blk_disk *d, uint64_t first, uint64_t last)
{
	unsigned max = ra_max(), req = (unsigned)MIN(last - first + 1, (uint64_t)max);
	bool seq = first == d->ra_next || first + 1 == d->ra_next;
	unsigned n = roundup_pow2(req);

	if (!seq && first != 0) {
		d->ra_size = 0;
		return;
	}
	if (seq && d->ra_size && first < d->ra_start + d->ra_size)
		return;         /* within the stream's windows: ra_marker goes on */
	d->ra_start = first;
	d->ra_size = n <= max / 32 ? 4 * n : n <= max / 4 ? 2 * n : max;
	d->ra_async = d->ra_size > req ? d->ra_size - req : d->ra_size;
	read_ahead(d, d->ra_start, d->ra_start + d->ra_size);
}

/*
 * The reader of a stream is at page index: at the window's marker, the
 * next window (four, then two times larger, up to ra_max) is requested,
 * so that the disk keeps a window or two ahead of the reader.
 */
static void ra_marker(struct blk_disk *d, uint64_t index)
{
	unsigned max = ra_max(), n = d->ra_size;

	if (!n || index != d->ra_start + n - d->ra_async ||
	    d->ra_start + n >= disk_pages(d))
		return;
	d->ra_start += n;
	d->ra_size = n < max / 16 ? 4 * n : n <= max / 2 ? 2 * n : max;
	d->ra_async = d->ra_size;
	read_ahead(d, d->ra_start, d->ra_start + d->ra_size);
}

/*
 * The page at index, cached and filled, most recently used; missing
 * pages up to `want` (exclusive) come in the same request.  A page being
 * read ahead is waited for; one whose readahead failed is read again.
 * NULL with *err on failure.
 */
static struct bbuf *get_page(struct blk_disk *d, uint64_t index, uint64_t want,
			     int *err)
{
	struct bbuf *b = lookup(d, index);
	unsigned n = 1;

	if (b)
		wait_page(b);
	if (b && b->ioerr) {
		drop(b);
		b = NULL;
	}
	if (!b) {
		make_room();
		want = MIN(want, disk_pages(d));
		while (n < RUN_MAX && index + n < want && !lookup(d, index + n))
			n++;
		*err = fill_run(d, index, n);
		if (*err)
			return NULL;
		b = lookup(d, index);
	}
	list_del(&b->lru);
	list_add(&b->lru, &bc.lru);
	return b;
}

/* A page about to be overwritten whole: no need to read it first. */
static struct bbuf *get_page_whole(struct blk_disk *d, uint64_t index, int *err)
{
	struct bbuf *b = lookup(d, index);

	if (b)
		return get_page(d, index, index + 1, err);
	make_room();
	b = new_buf(d, index);
	if (!b)
		*err = -ENOMEM;
	return b;
}

ssize_t bcache_read(struct blk_disk *d, uint64_t off, struct iobuf buf, size_t n)
{
	uint64_t want = DIV_ROUND_UP(off + n, (uint64_t)PAGE_SIZE);
	size_t done = 0;
	int err = 0;

	if (!n)
		return 0;
	bc_lock();
	ra_begin(d, off / PAGE_SIZE, want - 1);
	while (done < n) {
		uint64_t pos = off + done;
		size_t in = (size_t)(pos % PAGE_SIZE);
		size_t span = MIN(n - done, PAGE_SIZE - in);
		struct bbuf *b;

		if (!in || !done)
			ra_marker(d, pos / PAGE_SIZE);
		b = get_page(d, pos / PAGE_SIZE, want, &err);
		if (!b)
			break;
		if (iobuf_copy_out(buf, done, b->data + in, span)) {
			err = -EFAULT;
			break;
		}
		done += span;
	}
	d->ra_next = DIV_ROUND_UP(off + done, (uint64_t)PAGE_SIZE);
	bc_unlock();
	return done ? (ssize_t)done : err;
}

/*
 * Into the page at pos: whole pages need no read, partial ones are read
 * first (the rest of their blocks must survive).
 */
static struct bbuf *get_for_write(struct blk_disk *d, uint64_t pos, size_t span,
				  int *err)
{
	uint64_t index = pos / PAGE_SIZE;
	uint32_t len = (uint32_t)MIN((uint64_t)PAGE_SIZE, disk_bytes(d) - index * PAGE_SIZE);

	if (pos % PAGE_SIZE == 0 && span >= len)
		return get_page_whole(d, index, err);
	return get_page(d, index, index + 1, err);
}

ssize_t bcache_write(struct blk_disk *d, uint64_t off, struct iobuf buf, size_t n)
{
	size_t done = 0;
	int err = 0;

	bc_lock();
	while (done < n) {
		uint64_t pos = off + done;
		size_t in = (size_t)(pos % PAGE_SIZE);
		size_t span = MIN(n - done, PAGE_SIZE - in);
		struct bbuf *b = get_for_write(d, pos, span, &err);
		if (!b)
			break;
		wait_page(b);
		if (iobuf_copy_in(b->data + in, buf, done, span)) {
			/* A whole page just made holds garbage: forget it. */
			if (!b->dirty && span == b->len)
				drop(b);
			err = -EFAULT;
			break;
		}
		set_dirty(b, true);
		done += span;
	}
	bc_unlock();
	return done ? (ssize_t)done : err;
}

int bcache_sync(struct blk_disk *d)
{
	int err, e;

	bc_lock();
	err = writeback_range(d, 0, UINT64_MAX);
	if (d) {
		e = flush_disk(d);
		err = err ? err : e;
	}
	bc_unlock();
	return err;
}

int bcache_sync_range(struct blk_disk *d, uint64_t off, uint64_t len, bool drop_too)
{
	uint64_t first = off / PAGE_SIZE, last = (off + len - 1) / PAGE_SIZE;
	int err;

	if (!len)
		return 0;
	bc_lock();
	err = writeback_range(d, first, last);
	if (drop_too)
		drop_range(d, first, last);
	bc_unlock();
	return err;
}

int bcache_discard(struct blk_disk *d, uint64_t off, uint64_t len,
		   int (*op)(struct blk_disk *d, uint64_t off, uint64_t len, void *arg),
		   void *arg)
{
	uint64_t first = off / PAGE_SIZE, last = (off + len - 1) / PAGE_SIZE;
	int err;

	if (!len)
		return op(d, off, len, arg);
	bc_lock();
	/* Pages cut by the range keep their other bytes: write those back. */
	err = writeback_range(d, first, first);
	if (!err)
		err = writeback_range(d, last, last);
	if (!err) {
		drop_range(d, first, last);
		err = op(d, off, len, arg);
	}
	bc_unlock();
	return err;
}

void bcache_invalidate_clean(struct blk_disk *d)
{
	struct list_head *p, *n;

	bc_lock();
	wait_runs();            /* pages being written are clean but kept */
	wait_reads();
	d->ra_size = 0;         /* a new stream reads ahead again */
	list_for_each_safe(p, n, &bc.lru) {
		struct bbuf *b = list_entry(p, struct bbuf, lru);
		if (b->disk == d && !b->dirty)
			drop(b);
	}
	bc_unlock();
}

void bcache_stats(size_t *count, size_t *ndirty, size_t *cap)
{
	*count = bc.count;
	*ndirty = bc.ndirty;
	*cap = bc.cap;
}

/* ---- periodic write-back, from the timer ----------------------------------
 *
 * The timer cannot sleep, so it writes with the driver's write_async: it
 * takes the cache lock when free (else it tries again a period later),
 * writes one disk's dirty runs one after another from the completion
 * interrupts, flushes the disk and lets the lock go; processes that want
 * the cache meanwhile sleep in bc_lock.  Errors wait in wb_err for the
 * disk's next fsync.
 */

static void wb_next(void);

static void wb_end(void)
{
	bc.wb_disk = NULL;
	bc_unlock();
	if (bc.ndirty && !bc.timer.armed)
		timer_add(&bc.timer, time_monotonic_ns() + WB_PERIOD_NS);
}

static void wb_flushed(void *arg, int err)
{
	note_err(bc.wb_disk, err);
	wb_end();
}

static void wb_wrote(void *arg, int err)
{
	for (unsigned i = 0; i < bc.wb_n; i++)
		set_dirty(lookup(bc.wb_disk, bc.wb_first + i), false);
	note_err(bc.wb_disk, err);
	wb_next();
}

static struct bbuf *first_dirty(struct blk_disk *d)
{
	struct list_head *p;

	list_for_each(p, &bc.dirty) {
		struct bbuf *b = list_entry(p, struct bbuf, dlink);
		if (b->disk == d)
			return b;
	}
	return NULL;
}

/* Start the next run of wb_disk, or its flush when none is left. */
static void wb_next(void)
{
	struct blk_disk *d = bc.wb_disk;
	struct bbuf *b = first_dirty(d);
	unsigned max = MIN((unsigned)RUN_MAX, d->async_segs);
	int err;

	if (!b) {
		err = d->ops->write_async(d, 0, NULL, 0, wb_flushed, NULL);
		if (err)
			wb_flushed(NULL, err == -EOPNOTSUPP ? 0 : err);
		return;
	}
	bc.wb_first = b->index;
	while (bc.wb_first > 0 && dirty_at(d, bc.wb_first - 1))
		bc.wb_first--;
	bc.wb_n = 0;
	while (bc.wb_n < max && dirty_at(d, bc.wb_first + bc.wb_n))
		bc.wb_n++;
	set_segs(d, bc.wb_first, bc.wb_n);
	err = d->ops->write_async(d, bc.wb_first * (PAGE_SIZE / SECTOR_SIZE), bc.segs,
				  bc.wb_n, wb_wrote, NULL);
	if (err)
		wb_end();       /* the queue is full, say: next period */
}

static void wb_tick(struct ktimer *t)
{
	struct blk_disk *d;

	if (!bc.ndirty)
		return;
	if (bc.busy) {
		timer_add(&bc.timer, time_monotonic_ns() + WB_PERIOD_NS);
		return;
	}
	d = list_entry(bc.dirty.next, struct bbuf, dlink)->disk;
	if (!d->ops->write_async || !d->async_segs)
		return;         /* written back when a process syncs */
	bc.busy = true;
	bc.wb_disk = d;
	wb_next();
}
