// SPDX-License-Identifier: MIT
/*
 * stat.c - per-disk and per-partition I/O statistics (Linux's
 * block/blk-core.c accounting and block/genhd.c's diskstats_show), kept
 * in struct blk_disk and shown as /proc/diskstats (blk_diskstats_line).
 *
 * The driver reports each request when it hands it to the device and when
 * it completes.  A request counts on the whole disk and on the partition
 * that holds its first sector (the innermost one: a logical partition
 * rather than its extended one), as Linux counts a partition's I/O on the
 * partition and its disk; flushes count on the whole disk only, as Linux's
 * blk_account_io_flush.  Busy time (io_ticks) is the time with at least
 * one request in flight; the weighted time is the sum of the requests'
 * times, as 6.1 computes it.  Interface: block/block.h.
 */
#include "block/block.h"
#include "kernel/time.h"

#define NSEC_PER_MSEC 1000000ULL

/* The partition sector lies in (0: none). */
static unsigned part_of(struct blk_disk *d, uint64_t sector)
{
	unsigned best = 0;

	for (unsigned p = 1; p <= BLK_MAX_PARTS; p++) {
		if (!d->part_sectors[p] || sector < d->part_start[p] ||
		    sector - d->part_start[p] >= d->part_sectors[p])
			continue;
		if (!best || d->part_sectors[p] < d->part_sectors[best])
			best = p;
	}
	return best;
}

static void stat_start(struct blk_stats *s, uint64_t now)
{
	if (!s->in_flight++)
		s->busy_since = now;
}

static void stat_done(struct blk_stats *s, unsigned op, uint64_t nsect, uint64_t ns,
		      uint64_t now)
{
	s->ios[op]++;
	s->sectors[op] += nsect;
	s->nsecs[op] += ns;
	if (s->in_flight && !--s->in_flight)
		s->busy_ns += now - s->busy_since;
}

uint64_t blk_io_start(struct blk_disk *d, unsigned op, uint64_t sector)
{
	uint64_t now = time_monotonic_ns();
	unsigned p = op == BLK_STAT_FLUSH ? 0 : part_of(d, sector);

	stat_start(&d->stats[0], now);
	if (p)
		stat_start(&d->stats[p], now);
	return now;
}

void blk_io_done(struct blk_disk *d, unsigned op, uint64_t sector, uint64_t nsect,
		 uint64_t t0)
{
	uint64_t now = time_monotonic_ns();
	unsigned p = op == BLK_STAT_FLUSH ? 0 : part_of(d, sector);

	if (op >= BLK_STAT_GROUPS)
		return;
	stat_done(&d->stats[0], op, nsect, now - t0, now);
	if (p)
		stat_done(&d->stats[p], op, nsect, now - t0, now);
}

static unsigned long ms(uint64_t ns)
{
	return (unsigned long)(ns / NSEC_PER_MSEC);
}

/*
 * The 17 numbers of a /proc/diskstats line after the name, and of
 * /sys/block/<disk>/stat (whose widths differ): reads, merges, sectors,
 * ms; the same for writes; in flight, busy ms, weighted ms; discards;
 * flushes and their ms.
 */
void blk_stat_fields(const struct blk_stats *s, unsigned long f[BLK_STAT_FIELDS])
{
	uint64_t now = time_monotonic_ns(), busy = s->busy_ns, all = 0;
	unsigned n = 0;

	if (s->in_flight)
		busy += now - s->busy_since;
	for (unsigned op = 0; op < BLK_STAT_GROUPS; op++)
		all += s->nsecs[op];
	for (unsigned op = BLK_STAT_READ; op <= BLK_STAT_WRITE; op++) {
		f[n++] = (unsigned long)s->ios[op];
		f[n++] = 0;
		f[n++] = (unsigned long)s->sectors[op];
		f[n++] = ms(s->nsecs[op]);
	}
	f[n++] = s->in_flight;
	f[n++] = ms(busy);
	f[n++] = ms(all);
	f[n++] = (unsigned long)s->ios[BLK_STAT_DISCARD];
	f[n++] = 0;
	f[n++] = (unsigned long)s->sectors[BLK_STAT_DISCARD];
	f[n++] = ms(s->nsecs[BLK_STAT_DISCARD]);
	f[n++] = (unsigned long)s->ios[BLK_STAT_FLUSH];
	f[n++] = ms(s->nsecs[BLK_STAT_FLUSH]);
}
