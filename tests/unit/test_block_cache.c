// SPDX-License-Identifier: MIT
// sources: block/bcache.c
/*
 * test_block_cache.c - the block cache (block/bcache.c) over in-memory
 * disks: writes stay in the cache until a sync, which writes them back
 * coalesced and then flushes; reads see earlier writes; readahead joins
 * sequential reads into fewer requests; a disk whose size is not a whole
 * number of pages; the dirty limit, the cap and memory pressure write
 * back and drop pages; a failed write-back is reported by the next sync
 * and only that one; discard keeps the bytes of cut pages; O_DIRECT's
 * sync_range; background write-back, which writers do not wait for
 * until the hard limit, never changes a page the device is reading, and
 * a sync covers pages written again meanwhile; write-back is plugged, so
 * a sync's runs reach the device with one notification, and the cache
 * never sleeps on a request the device was not told of; asynchronous
 * readahead: a reader waits only for its pages while the window goes on
 * in flight, requests ending out of order or late, writes and drops
 * waiting for reads under way, a failed readahead read again, a full
 * queue.  ASan/UBSan watch every copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block/block_internal.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "tests/unit/unit.h"

int failures, checks;

/* ---- the kernel services bcache.c uses ---------------------------------- */

static uint64_t free_pages = 1 << 20;
static size_t pages_out;

void printk(const char *fmt, ...)
{
	(void)fmt;
}

void *page_alloc_n(size_t n)
{
	pages_out += n;
	return aligned_alloc(PAGE_SIZE, n * PAGE_SIZE);
}

void page_free_n(void *p, size_t n)
{
	pages_out -= n;
	free(p);
}

uint64_t page_total(void)
{
	return 64 * 8;          /* the cap: 64 pages */
}

uint64_t page_free_count(void)
{
	return free_pages;
}

void *kmalloc(size_t size)
{
	return malloc(size);
}

void *kzalloc(size_t size)
{
	return calloc(1, size);
}

void kfree(void *p)
{
	free(p);
}

void waitq_init(struct waitq *wq)
{
	list_init(&wq->waiters);
}

static int sleeps;
static bool interrupt(void);

/* Sleeping lets the oldest asynchronous request of any disk end. */
void waitq_sleep_uninterruptible(struct waitq *wq)
{
	(void)wq;
	sleeps++;
	if (interrupt())
		return;
	printf("FAIL: the cache lock was held with nobody to release it\n");
	exit(1);
}

void waitq_wake(struct waitq *wq)
{
	(void)wq;
}

static struct ktimer *armed;

void timer_add(struct ktimer *t, uint64_t deadline)
{
	t->armed = true;
	t->deadline = deadline;
	armed = t;
}

uint64_t time_monotonic_ns(void)
{
	return 1000;
}

/* Fire the armed timer as the interrupt would. */
static void fire(void)
{
	struct ktimer *t = armed;

	armed = NULL;
	if (t && t->armed) {
		t->armed = false;
		t->fn(t);
	}
}

/* Kernel iobufs only; a NULL one faults. */
int iobuf_copy_out(struct iobuf b, size_t off, const void *src, size_t n)
{
	if (!b.p)
		return -EFAULT;
	memcpy(b.p + off, src, n);
	return 0;
}

int iobuf_copy_in(void *dst, struct iobuf b, size_t off, size_t n)
{
	if (!b.p)
		return -EFAULT;
	memcpy(dst, b.p + off, n);
	return 0;
}

/* ---- an in-memory disk ---------------------------------------------------- */

struct mdisk {
	struct blk_disk d;
	uint8_t *data;
	int reads, writes, flushes;
	int fail_writes;        /* the next n writes fail */
	int fail_reads;         /* the next n asynchronous reads fail */
	int async_busy;         /* write_async: -EAGAIN this many times */
	bool manual;            /* write_async, read_async complete by complete_async */
	int qmax;               /* requests the queue holds (at most 32) */
	bool plugged;           /* write_async does not notify */
	bool lifo;              /* the newest request ends first */
	int notifies;           /* times the device was told of new requests */
	/* the asynchronous requests in flight, oldest first; the device
	 * reads the segments when it completes them */
	struct pend {
		bool write;
		uint64_t sector;
		unsigned nseg;
		struct blk_seg segs[16];
		uint8_t *copy;  /* the segments' bytes at submission */
		void (*end)(void *arg, int err);
		void *end_arg;
		bool told;      /* the device was notified of it */
	} pend[32];
	int npend;
};

static int mrw(struct blk_disk *d, bool write, uint64_t sector, void *buf, size_t len)
{
	struct mdisk *m = (struct mdisk *)d;

	if (len % SECTOR_SIZE || sector * SECTOR_SIZE + len > d->sectors * SECTOR_SIZE) {
		printf("FAIL: request beyond the disk: sector %llu len %zu\n",
		       (unsigned long long)sector, len);
		failures++;
		return -EIO;
	}
	if (write) {
		m->writes++;
		if (m->fail_writes) {
			m->fail_writes--;
			return -EIO;
		}
		memcpy(m->data + sector * SECTOR_SIZE, buf, len);
	} else {
		m->reads++;
		memcpy(buf, m->data + sector * SECTOR_SIZE, len);
	}
	return 0;
}

static int mflush(struct blk_disk *d)
{
	((struct mdisk *)d)->flushes++;
	return 0;
}

/* Segments each a multiple of 512 bytes, at most a page. */
static int mrw_segs(struct blk_disk *d, bool write, uint64_t sector,
		    const struct blk_seg *segs, unsigned nseg)
{
	struct mdisk *m = (struct mdisk *)d;
	int reads = m->reads, writes = m->writes, err = 0;

	for (unsigned i = 0; i < nseg && !err; i++) {
		if (segs[i].len % SECTOR_SIZE || segs[i].len > PAGE_SIZE) {
			printf("FAIL: segment of %u bytes\n", segs[i].len);
			failures++;
		}
		err = mrw(d, write, sector, segs[i].buf, segs[i].len);
		sector += segs[i].len / SECTOR_SIZE;
	}
	m->reads = reads + !write;      /* one transfer */
	m->writes = writes + write;
	return err;
}

/* The device hears of every request queued on m. */
static void notify(struct mdisk *m)
{
	bool news = false;

	for (int i = 0; i < m->npend; i++) {
		news |= !m->pend[i].told;
		m->pend[i].told = true;
	}
	m->notifies += news;
}

/* A failing asynchronous read: the pages get garbage, as a device may leave. */
static int mread_fail(struct mdisk *m, const struct blk_seg *segs, unsigned nseg)
{
	m->fail_reads--;
	m->reads++;
	for (unsigned i = 0; i < nseg; i++)
		memset(segs[i].buf, 0xee, segs[i].len);
	return -EIO;
}

static int masync(struct blk_disk *d, bool write, uint64_t sector,
		  const struct blk_seg *segs, unsigned nseg,
		  void (*end)(void *arg, int err), void *arg)
{
	struct mdisk *m = (struct mdisk *)d;
	int err = 0;

	if (m->async_busy) {
		m->async_busy--;
		notify(m);      /* a full queue is notified at once */
		return -EAGAIN;
	}
	if (nseg > d->async_segs || nseg > 16) {
		printf("FAIL: %u segments asynchronously\n", nseg);
		failures++;
		return -EINVAL;
	}
	if (!write && !nseg) {
		printf("FAIL: a read of no segments\n");
		failures++;
		return -EINVAL;
	}
	if (!m->manual) {
		if (!write && m->fail_reads)
			err = mread_fail(m, segs, nseg);
		else if (nseg)
			err = mrw_segs(d, write, sector, segs, nseg);
		else
			m->flushes++;
		end(arg, err);          /* done at once */
		return 0;
	}
	if (m->npend == m->qmax) {
		notify(m);
		return -EAGAIN;
	}
	struct pend *q = &m->pend[m->npend++];
	q->write = write;
	q->sector = sector;
	q->nseg = nseg;
	q->told = false;
	q->copy = malloc(nseg * PAGE_SIZE + 1);
	for (unsigned i = 0; i < nseg; i++) {
		q->segs[i] = segs[i];
		memcpy(q->copy + i * PAGE_SIZE, segs[i].buf, segs[i].len);
	}
	q->end = end;
	q->end_arg = arg;
	if (!m->plugged)
		notify(m);
	return 0;
}

static int mwrite_async(struct blk_disk *d, uint64_t sector, const struct blk_seg *segs,
			unsigned nseg, void (*end)(void *arg, int err), void *arg)
{
	return masync(d, true, sector, segs, nseg, end, arg);
}

static int mread_async(struct blk_disk *d, uint64_t sector, const struct blk_seg *segs,
		       unsigned nseg, void (*end)(void *arg, int err), void *arg)
{
	return masync(d, false, sector, segs, nseg, end, arg);
}

static void mplug(struct blk_disk *d)
{
	((struct mdisk *)d)->plugged = true;
}

static void munplug(struct blk_disk *d)
{
	struct mdisk *m = (struct mdisk *)d;

	m->plugged = false;
	notify(m);
}

/* m's request i (0: the oldest) ends.  A write's device reads the
 * segments now, and they must hold what they held at submission; a
 * read's fills them now. */
static void complete_at(struct mdisk *m, int i)
{
	struct pend q = m->pend[i];
	int err = 0;

	if (!q.told) {
		printf("FAIL: waited for a request the device was not told of\n");
		failures++;
	}
	memmove(m->pend + i, m->pend + i + 1, (size_t)(--m->npend - i) * sizeof(q));
	if (!q.write) {
		free(q.copy);
		err = m->fail_reads ? mread_fail(m, q.segs, q.nseg) :
				      mrw_segs(&m->d, false, q.sector, q.segs, q.nseg);
		q.end(q.end_arg, err);
		return;
	}
	for (unsigned i = 0; i < q.nseg; i++)
		if (memcmp(q.copy + i * PAGE_SIZE, q.segs[i].buf, q.segs[i].len)) {
			printf("FAIL: a page changed while the device read it\n");
			failures++;
		}
	free(q.copy);
	if (q.nseg)
		err = mrw_segs(&m->d, true, q.sector, q.segs, q.nseg);
	else
		m->flushes++;
	q.end(q.end_arg, err);
}

static void complete_one(struct mdisk *m)
{
	complete_at(m, 0);
}

/* The device's interrupts, one after another, until nothing is in flight. */
static int complete_async(struct mdisk *m)
{
	int n = 0;

	while (m->npend) {
		complete_one(m);
		n++;
	}
	return n;
}

static const struct blk_disk_ops mops = {
	.rw = mrw, .rw_segs = mrw_segs, .flush = mflush, .write_async = mwrite_async,
	.read_async = mread_async, .plug = mplug, .unplug = munplug,
};

/* Kept reachable: the cache may hold pages of every disk to the end. */
static struct mdisk *all_disks[16];
static unsigned ndisks;

/* An interrupt: some disk's oldest request ends.  false: none in flight. */
static bool interrupt(void)
{
	for (unsigned i = 0; i < ndisks; i++)
		if (all_disks[i]->plugged) {
			printf("FAIL: slept with a disk plugged\n");
			failures++;
		}
	for (unsigned i = 0; i < ndisks; i++)
		if (all_disks[i]->npend) {
			struct mdisk *m = all_disks[i];
			complete_at(m, m->lifo ? m->npend - 1 : 0);
			return true;
		}
	return false;
}

static struct mdisk *new_disk(uint64_t bytes)
{
	struct mdisk *m = calloc(1, sizeof(*m));

	all_disks[ndisks++] = m;
	m->d.sectors = bytes / SECTOR_SIZE;
	m->d.block_size = SECTOR_SIZE;
	m->d.ops = &mops;
	m->d.async_segs = 16;
	m->qmax = 32;
	m->data = malloc(bytes);
	for (uint64_t i = 0; i < bytes; i++)
		m->data[i] = (uint8_t)(i * 31 + (i >> 12));
	return m;
}

static struct iobuf kbuf(void *p)
{
	return (struct iobuf){ .p = p };
}

static size_t cached(void)
{
	size_t count, ndirty, cap;

	bcache_stats(&count, &ndirty, &cap);
	return count;
}

static size_t dirty(void)
{
	size_t count, ndirty, cap;

	bcache_stats(&count, &ndirty, &cap);
	return ndirty;
}

/* ---- tests ----------------------------------------------------------------- */

static void test_write_back(void)
{
	struct mdisk *m = new_disk(1 << 20);
	uint8_t w[10000], r[10000], before[10000];

	for (size_t i = 0; i < sizeof(w); i++)
		w[i] = (uint8_t)(i ^ 0x5a);
	memcpy(before, m->data + 1000, sizeof(before));
	EXPECT(bcache_write(&m->d, 1000, kbuf(w), sizeof(w)) == sizeof(w));
	EXPECT(m->writes == 0);
	EXPECT(!memcmp(m->data + 1000, before, sizeof(before)));
	EXPECT(bcache_read(&m->d, 1000, kbuf(r), sizeof(r)) == sizeof(r));
	EXPECT(!memcmp(r, w, sizeof(w)));
	EXPECT(dirty() == 3);
	EXPECT(bcache_sync(&m->d) == 0);
	EXPECT(!memcmp(m->data + 1000, w, sizeof(w)));
	EXPECT(m->writes == 1);         /* three pages, one request */
	EXPECT(m->flushes == 1);
	EXPECT(dirty() == 0);
	/* A whole page written needs no read. */
	int reads = m->reads;
	EXPECT(bcache_write(&m->d, 65536, kbuf(w), PAGE_SIZE) == PAGE_SIZE);
	EXPECT(m->reads == reads);
	EXPECT(bcache_sync(&m->d) == 0 && !memcmp(m->data + 65536, w, PAGE_SIZE));
}

static void test_readahead(void)
{
	struct mdisk *m = new_disk(1 << 20);
	uint8_t r[PAGE_SIZE];
	int ok = 1;

	for (int i = 0; i < 64; i++) {
		ok &= bcache_read(&m->d, 512 * 1024 + (uint64_t)i * PAGE_SIZE, kbuf(r),
				  PAGE_SIZE) == PAGE_SIZE;
		ok &= !memcmp(r, m->data + 512 * 1024 + i * PAGE_SIZE, PAGE_SIZE);
	}
	EXPECT(ok);
	/* Windows of 2, 4, 8, then 16 pages (a quarter of the cap). */
	EXPECT(m->reads <= 10);
}

static void test_short_last_page(void)
{
	struct mdisk *m = new_disk(PAGE_SIZE * 3 + 1536);
	uint8_t w[300], r[300];

	memset(w, 0xab, sizeof(w));
	EXPECT(bcache_write(&m->d, PAGE_SIZE * 3 + 1536 - 300, kbuf(w), 300) == 300);
	EXPECT(bcache_read(&m->d, PAGE_SIZE * 3 + 1536 - 300, kbuf(r), 300) == 300);
	EXPECT(!memcmp(r, w, 300));
	EXPECT(bcache_sync(&m->d) == 0);
	EXPECT(!memcmp(m->data + PAGE_SIZE * 3 + 1536 - 300, w, 300));
}

static void test_limits(void)
{
	struct mdisk *m = new_disk(4 << 20);
	uint8_t *w = malloc(200 * PAGE_SIZE), *r = malloc(200 * PAGE_SIZE);

	for (size_t i = 0; i < 200 * PAGE_SIZE; i++)
		w[i] = (uint8_t)(i * 7 + 1);
	EXPECT(bcache_write(&m->d, 0, kbuf(w), 200 * PAGE_SIZE) == 200 * PAGE_SIZE);
	EXPECT(cached() <= 64);
	EXPECT(dirty() <= 32);
	EXPECT(m->writes > 0);
	EXPECT(bcache_read(&m->d, 0, kbuf(r), 200 * PAGE_SIZE) == 200 * PAGE_SIZE);
	EXPECT(!memcmp(r, w, 200 * PAGE_SIZE));
	EXPECT(bcache_sync(&m->d) == 0);
	EXPECT(!memcmp(m->data, w, 200 * PAGE_SIZE));
	/* Memory pressure: the next miss writes everything back. */
	EXPECT(bcache_write(&m->d, 100, kbuf(w), 10) == 10);
	EXPECT(dirty() == 1);
	free_pages = 10;
	EXPECT(bcache_read(&m->d, 3 << 20, kbuf(r), 10) == 10);
	EXPECT(dirty() == 0);
	EXPECT(!memcmp(m->data + 100, w, 10));
	free_pages = 1 << 20;
	EXPECT(bcache_read(&m->d, 2 << 20, kbuf(r), 10) == 10);
	size_t count, ndirty, cap;
	bcache_stats(&count, &ndirty, &cap);
	EXPECT(cap == 64);              /* the cap is back */
	free(w);
	free(r);
}

static void test_errors(void)
{
	struct mdisk *m = new_disk(1 << 20);
	uint8_t w[100] = { 1, 2, 3 };

	EXPECT(bcache_write(&m->d, 0, kbuf(w), sizeof(w)) == sizeof(w));
	m->fail_writes = 1;
	EXPECT(bcache_sync(&m->d) == -EIO);
	EXPECT(bcache_sync(&m->d) == 0);        /* reported once */
	EXPECT(bcache_write(&m->d, 0, kbuf(NULL), 10) == -EFAULT);
	EXPECT(bcache_read(&m->d, 0, kbuf(NULL), 10) == -EFAULT);
	/* A fault on a page with nothing else in it leaves nothing behind. */
	uint8_t r[PAGE_SIZE];
	EXPECT(bcache_write(&m->d, 200 * PAGE_SIZE, kbuf(NULL), PAGE_SIZE) == -EFAULT);
	EXPECT(dirty() == 0);
	EXPECT(bcache_read(&m->d, 200 * PAGE_SIZE, kbuf(r), PAGE_SIZE) == PAGE_SIZE);
	EXPECT(!memcmp(r, m->data + 200 * PAGE_SIZE, PAGE_SIZE));
}

static int zero_op(struct blk_disk *d, uint64_t off, uint64_t len, void *arg)
{
	(*(int *)arg)++;
	memset(((struct mdisk *)d)->data + off, 0, len);
	return 0;
}

static void test_discard(void)
{
	struct mdisk *m = new_disk(1 << 20);
	uint8_t w[1024], r[PAGE_SIZE * 3], zero[PAGE_SIZE * 2] = { 0 };
	int calls = 0;

	memset(w, 0x77, sizeof(w));
	/* Dirty bytes either side of a cut at 8192 + 512 .. 16384 + 512. */
	EXPECT(bcache_write(&m->d, 8192, kbuf(w), 1024) == 1024);
	EXPECT(bcache_write(&m->d, 16384 + 512, kbuf(w), 1024) == 1024);
	EXPECT(bcache_discard(&m->d, 8192 + 512, 8192, zero_op, &calls) == 0);
	EXPECT(calls == 1);
	EXPECT(bcache_read(&m->d, 8192, kbuf(r), sizeof(r)) == sizeof(r));
	EXPECT(!memcmp(r, w, 512));
	EXPECT(!memcmp(r + 512, zero, 8192));
	EXPECT(!memcmp(r + 8192 + 512, w, 1024));
	EXPECT(bcache_sync(&m->d) == 0);
	EXPECT(!memcmp(m->data + 8192, r, sizeof(r)));
}

static void test_sync_range(void)
{
	struct mdisk *m = new_disk(1 << 20);
	uint8_t w[100], r[100];

	memset(w, 0x31, sizeof(w));
	EXPECT(bcache_write(&m->d, 4096 * 5, kbuf(w), sizeof(w)) == sizeof(w));
	EXPECT(bcache_sync_range(&m->d, 4096 * 5, 4096, false) == 0);
	EXPECT(!memcmp(m->data + 4096 * 5, w, sizeof(w)));
	/* The disk changes behind the cache (O_DIRECT): dropped pages see it. */
	memset(m->data + 4096 * 5, 0x42, 100);
	EXPECT(bcache_sync_range(&m->d, 4096 * 5, 4096, true) == 0);
	EXPECT(bcache_read(&m->d, 4096 * 5, kbuf(r), sizeof(r)) == sizeof(r));
	EXPECT(r[0] == 0x42 && r[99] == 0x42);
}

static void test_two_disks(void)
{
	struct mdisk *a = new_disk(1 << 20), *b = new_disk(1 << 20);
	uint8_t wa[10] = "aaaaaaaaa", wb[10] = "bbbbbbbbb", r[10];

	EXPECT(bcache_write(&a->d, 0, kbuf(wa), 10) == 10);
	EXPECT(bcache_write(&b->d, 0, kbuf(wb), 10) == 10);
	EXPECT(bcache_read(&a->d, 0, kbuf(r), 10) == 10 && !memcmp(r, wa, 10));
	EXPECT(bcache_sync(&a->d) == 0);
	EXPECT(!memcmp(a->data, wa, 10) && memcmp(b->data, wb, 10));
	EXPECT(b->writes == 0 && b->flushes == 0);
	EXPECT(bcache_sync(NULL) == 0);         /* sync(2): every disk */
	EXPECT(!memcmp(b->data, wb, 10));
	bcache_invalidate_clean(&b->d);
	EXPECT(bcache_read(&b->d, 0, kbuf(r), 10) == 10 && !memcmp(r, wb, 10));
}

/* The timer writes dirty pages back without anyone syncing. */
static void test_timer(void)
{
	struct mdisk *m = new_disk(1 << 20);
	uint8_t *w = malloc(40 * PAGE_SIZE);

	EXPECT(bcache_sync(NULL) == 0 && dirty() == 0);
	memset(w, 0x6b, 40 * PAGE_SIZE);
	m->d.async_segs = 8;
	/* 14 pages: under the background limit (16) */
	EXPECT(bcache_write(&m->d, 100, kbuf(w), 13 * PAGE_SIZE) == 13 * PAGE_SIZE);
	EXPECT(armed != NULL);
	/* The queue is full the first time: the lock is let go, and the
	 * timer tries again. */
	m->async_busy = 1;
	m->manual = true;
	fire();
	EXPECT(dirty() == 14 && armed != NULL && m->npend == 0);
	int writes = m->writes, flushes = m->flushes;
	fire();
	EXPECT(m->npend == 1);
	EXPECT(complete_async(m) == 3);         /* 8 pages, 6 pages, the flush */
	EXPECT(m->writes == writes + 2 && m->flushes == flushes + 1);
	EXPECT(dirty() == 0 && !memcmp(m->data + 100, w, 13 * PAGE_SIZE));
	/* The lock is free again. */
	m->manual = false;
	EXPECT(bcache_read(&m->d, 100, kbuf(w), 10) == 10);
	free(w);
}

/* Fill the pages [first, +n) of the disk through the cache with tag's pattern. */
static void write_pages(struct mdisk *m, uint64_t first, unsigned n, uint8_t tag)
{
	uint8_t w[PAGE_SIZE];

	for (unsigned i = 0; i < n; i++) {
		memset(w, tag ^ (uint8_t)(first + i), PAGE_SIZE);
		EXPECT(bcache_write(&m->d, (first + i) * PAGE_SIZE, kbuf(w), PAGE_SIZE) ==
		       PAGE_SIZE);
	}
}

/* Do the disk's pages [first, +n) hold tag's pattern? */
static bool disk_has(struct mdisk *m, uint64_t first, unsigned n, uint8_t tag)
{
	for (unsigned i = 0; i < n; i++)
		for (size_t j = 0; j < PAGE_SIZE; j++)
			if (m->data[(first + i) * PAGE_SIZE + j] != (uint8_t)(tag ^ (first + i)))
				return false;
	return true;
}

/*
 * Background write-back: writers go on while it is in flight, wait for a
 * page only to write it again, and for the disk only at the hard limit;
 * a sync waits for all of it and covers pages written again meanwhile.
 */
static void test_background(void)
{
	struct mdisk *m = new_disk(4 << 20);

	EXPECT(bcache_sync(NULL) == 0 && dirty() == 0);
	m->manual = true;
	/* The 17th dirty page starts writing the 16 before it; nobody waits. */
	sleeps = 0;
	write_pages(m, 0, 20, 0x10);
	EXPECT(sleeps == 0);
	EXPECT(m->npend == 1 && dirty() == 4);
	EXPECT(m->writes == 0);         /* the device has not read them yet */
	/* A page being written, written again: waits for its request first
	 * (complete_one checks the page did not change under the device). */
	write_pages(m, 3, 1, 0x20);
	EXPECT(sleeps == 1 && m->npend == 0);
	EXPECT(disk_has(m, 0, 16, 0x10));
	EXPECT(dirty() == 5);
	/* Another round in flight; sync waits for it, writes page 3 again
	 * and then flushes. */
	write_pages(m, 20, 12, 0x10);
	EXPECT(m->npend > 0);
	int flushes = m->flushes;
	EXPECT(bcache_sync(&m->d) == 0);
	EXPECT(m->npend == 0 && dirty() == 0 && m->flushes == flushes + 1);
	EXPECT(disk_has(m, 0, 3, 0x10) && disk_has(m, 3, 1, 0x20) &&
	       disk_has(m, 4, 28, 0x10));
	/* The hard limit: with nothing completing, writers wait for the disk
	 * and dirty plus in-flight pages stay under half the cap. */
	sleeps = 0;
	write_pages(m, 100, 80, 0x30);
	EXPECT(sleeps > 0);
	EXPECT(dirty() + (size_t)m->npend * 16 <= 32);
	EXPECT(bcache_sync(&m->d) == 0 && disk_has(m, 100, 80, 0x30));
	/* Dropping pages (BLKFLSBUF, O_DIRECT) waits for their requests. */
	write_pages(m, 200, 20, 0x40);
	EXPECT(m->npend == 1);
	bcache_invalidate_clean(&m->d);
	EXPECT(m->npend == 0 && disk_has(m, 200, 16, 0x40));
	write_pages(m, 220, 20, 0x40);
	EXPECT(m->npend > 0);
	EXPECT(bcache_sync_range(&m->d, 200 * PAGE_SIZE, 40 * PAGE_SIZE, true) == 0);
	EXPECT(m->npend == 0 && disk_has(m, 200, 40, 0x40));
	/* A background write that fails: the next sync says so, once. */
	write_pages(m, 300, 20, 0x50);
	EXPECT(m->npend == 1);
	m->fail_writes = 1;
	EXPECT(complete_async(m) == 1);
	write_pages(m, 300, 1, 0x60);   /* not being written any more */
	EXPECT(bcache_sync(&m->d) == -EIO);
	EXPECT(bcache_sync(&m->d) == 0);
	EXPECT(disk_has(m, 300, 1, 0x60) && disk_has(m, 316, 4, 0x50));
	/* The timer writes the dirty pages while the background request is
	 * still in flight, and lets the lock go at its flush. */
	write_pages(m, 400, 20, 0x70);
	EXPECT(m->npend == 1 && dirty() == 4);
	fire();
	EXPECT(m->npend == 2);
	flushes = m->flushes;
	EXPECT(complete_async(m) == 3);         /* 16 pages, 4 pages, the flush */
	EXPECT(m->flushes == flushes + 1 && dirty() == 0 && disk_has(m, 400, 20, 0x70));
	/* The queue full with nothing in flight: written at once. */
	m->async_busy = 1;
	write_pages(m, 500, 20, 0x71);
	EXPECT(m->npend == 0 && dirty() == 4 && disk_has(m, 500, 16, 0x71));
	EXPECT(bcache_sync(&m->d) == 0 && disk_has(m, 500, 20, 0x71));
	/* Another disk's background write fails while this one syncs: the
	 * error is that disk's, for its next sync. */
	struct mdisk *o = new_disk(1 << 20);
	m->manual = false;
	o->manual = true;
	write_pages(o, 0, 20, 0x72);
	EXPECT(o->npend == 1);
	o->fail_writes = 1;
	write_pages(m, 600, 1, 0x73);
	EXPECT(bcache_sync_range(&m->d, 600 * PAGE_SIZE, PAGE_SIZE, false) == 0);
	EXPECT(o->npend == 0 && bcache_sync(&m->d) == 0);
	EXPECT(bcache_sync(&o->d) == -EIO && disk_has(o, 16, 4, 0x72));
	o->manual = false;
}

/*
 * Write-back is plugged: a sync's runs reach the device with one
 * notification; with more runs than the queue holds, the device hears of
 * a full queue before the cache sleeps for room (complete_one checks).
 */
static void test_plug(void)
{
	struct mdisk *m = new_disk(1 << 20);
	int writes;

	EXPECT(bcache_sync(NULL) == 0 && dirty() == 0);
	m->manual = true;
	for (unsigned i = 0; i < 10; i++)
		write_pages(m, 2 * i, 1, 0x80);         /* ten runs of a page */
	EXPECT(m->npend == 0 && dirty() == 10);
	m->notifies = 0;
	writes = m->writes;
	EXPECT(bcache_sync(&m->d) == 0);
	EXPECT(m->notifies == 1 && m->writes == writes + 10 && !m->plugged);
	for (unsigned i = 0; i < 10; i++)
		EXPECT(disk_has(m, 2 * i, 1, 0x80));
	/* A queue of four: told when full, and of the rest at the end. */
	m->qmax = 4;
	for (unsigned i = 0; i < 10; i++)
		write_pages(m, 2 * i + 1, 1, 0x81);
	m->notifies = 0;
	sleeps = 0;
	EXPECT(bcache_sync(&m->d) == 0);
	EXPECT(sleeps >= 6 && m->notifies > 1 && m->notifies < 10 && !m->plugged);
	for (unsigned i = 0; i < 10; i++)
		EXPECT(disk_has(m, 2 * i + 1, 1, 0x81));
	m->qmax = 32;
	m->manual = false;
}

/* Read [off, +len) through the cache: does it match the disk? */
static bool read_ok(struct mdisk *m, uint64_t off, size_t len)
{
	uint8_t *r = malloc(len);
	bool ok = bcache_read(&m->d, off, kbuf(r), len) == (ssize_t)len &&
		  !memcmp(r, m->data + off, len);

	free(r);
	return ok;
}

/*
 * Asynchronous readahead: the reader waits for its own pages only, the
 * rest of the window stays in flight, plugged into one notification;
 * requests that end out of order or late, writes to pages being read,
 * drops while reads are under way, failed and refused readahead.
 */
static void test_readahead_async(void)
{
	struct mdisk *m = new_disk(1 << 20);
	uint8_t w[100];
	int reads;

	EXPECT(bcache_sync(NULL) == 0 && dirty() == 0);
	m->manual = true;
	m->d.async_segs = 2;
	/* 4 pages from the start: a window of 8 in four requests of 2. */
	m->notifies = 0;
	sleeps = 0;
	EXPECT(read_ok(m, 0, 4 * PAGE_SIZE));
	EXPECT(m->notifies == 1 && sleeps == 2 && m->npend == 2);
	/* At the marker (page 4) the next window, 16 pages, goes out; the
	 * reader waits only for its own pages. */
	EXPECT(read_ok(m, 4 * PAGE_SIZE, 4 * PAGE_SIZE));
	EXPECT(m->npend == 8);
	/* A write into a page being read waits for the read, then lands. */
	memset(w, 0x3c, sizeof(w));
	EXPECT(bcache_write(&m->d, 22 * PAGE_SIZE + 10, kbuf(w), sizeof(w)) == sizeof(w));
	EXPECT(bcache_sync(&m->d) == 0 && !memcmp(m->data + 22 * PAGE_SIZE + 10, w, 100));
	/* the rest of the page is the disk's, not what a late read left */
	EXPECT(m->data[22 * PAGE_SIZE + 9] == (uint8_t)((22 * PAGE_SIZE + 9) * 31 + 22) &&
	       m->data[22 * PAGE_SIZE + 110] == (uint8_t)((22 * PAGE_SIZE + 110) * 31 + 22));
	/* Requests ending newest first: the reader still gets its bytes. */
	m->lifo = true;
	reads = m->reads;
	EXPECT(read_ok(m, 8 * PAGE_SIZE, 16 * PAGE_SIZE));      /* cached */
	EXPECT(m->reads == reads && m->npend == 8);     /* and [24, 40) */
	EXPECT(read_ok(m, 24 * PAGE_SIZE, 2 * PAGE_SIZE));
	EXPECT(m->npend == 0);          /* [40, 56) ended before [24, 26) */
	EXPECT(read_ok(m, 26 * PAGE_SIZE, 30 * PAGE_SIZE));
	/* BLKFLSBUF waits for the reads under way and forgets their pages. */
	EXPECT(m->npend > 0);
	bcache_invalidate_clean(&m->d);
	EXPECT(m->npend == 0);
	m->lifo = false;
	/* A new stream from the start, its first request failing: the pages
	 * are read again when wanted, and the reader sees the disk's bytes. */
	m->fail_reads = 1;
	EXPECT(read_ok(m, 0, 4 * PAGE_SIZE));
	EXPECT(m->fail_reads == 0);
	/* O_DIRECT's drop waits for the window in flight. */
	EXPECT(m->npend > 0);
	memset(m->data + 6 * PAGE_SIZE, 0x55, PAGE_SIZE);
	EXPECT(bcache_sync_range(&m->d, 0, 8 * PAGE_SIZE, true) == 0);
	EXPECT(m->npend == 0);
	EXPECT(read_ok(m, 6 * PAGE_SIZE, PAGE_SIZE));
	/* A queue of one request: the rest of the window is refused and
	 * read when wanted. */
	bcache_invalidate_clean(&m->d);
	m->qmax = 1;
	EXPECT(read_ok(m, 0, 16 * PAGE_SIZE));
	EXPECT(read_ok(m, 16 * PAGE_SIZE, 16 * PAGE_SIZE));
	EXPECT(complete_async(m) >= 0 && m->npend == 0);
	m->qmax = 32;
	/* Random reads read nothing ahead. */
	reads = m->reads;
	EXPECT(read_ok(m, 200 * PAGE_SIZE, 100));
	EXPECT(read_ok(m, 150 * PAGE_SIZE, 100));
	EXPECT(m->reads == reads + 2 && m->npend == 0);
	m->manual = false;
}

int main(void)
{
	test_write_back();
	test_readahead();
	test_short_last_page();
	test_limits();
	test_errors();
	test_discard();
	test_sync_range();
	test_two_disks();
	test_timer();
	test_background();
	test_plug();
	test_readahead_async();
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures != 0;
}
