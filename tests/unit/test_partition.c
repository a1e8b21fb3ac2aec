// SPDX-License-Identifier: MIT
// sources: block/partition.c
/*
 * test_partition.c - partition tables (block/partition.c) on in-memory
 * disks: MBR primaries, an extended partition with a chain of logical
 * ones (numbered from 5, the extended one shown as a 2-sector stub), a
 * GPT with holes in its entry array (numbered by index), the GPT backup
 * header when the primary is corrupt, 4 KiB logical blocks, and hostile
 * tables: EBR loops, partitions past the end, bad CRCs, absurd entry
 * sizes, read errors.  Nothing may crash (ASan/UBSan) or report a
 * partition outside the disk.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block/block.h"
#include "tests/unit/unit.h"

int failures, checks;

void printk(const char *fmt, ...)
{
	(void)fmt;
}

struct disk {
	uint8_t *data;
	uint64_t bytes;
	uint32_t lbs;
	int fail_lba;           /* a block that cannot be read, or -1 */
	int reads;
};

static int disk_read(void *ctx, uint64_t lba, void *buf)
{
	struct disk *d = ctx;

	d->reads++;
	if ((int64_t)lba == d->fail_lba || (lba + 1) * d->lbs > d->bytes)
		return -EIO;
	memcpy(buf, d->data + lba * d->lbs, d->lbs);
	return 0;
}

static struct disk new_disk(uint64_t bytes, uint32_t lbs)
{
	struct disk d = { calloc(1, bytes), bytes, lbs, -1, 0 };
	return d;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void mbr_entry(uint8_t *sector, int i, uint8_t type, uint32_t start, uint32_t n)
{
	uint8_t *e = sector + 446 + 16 * i;

	e[4] = type;
	put32(e + 8, start);
	put32(e + 12, n);
	sector[510] = 0x55;
	sector[511] = 0xaa;
}

static int scan(struct disk *d, struct blk_part *p, unsigned max)
{
	return part_scan(disk_read, d, d->bytes / 512, d->lbs, p, max);
}

static void test_mbr(void)
{
	struct disk d = new_disk(64 << 20, 512);
	struct blk_part p[BLK_MAX_PARTS];
	uint8_t *s0 = d.data;

	EXPECT(scan(&d, p, BLK_MAX_PARTS) == 0); /* no signature */
	mbr_entry(s0, 0, 0x83, 2048, 4096);
	mbr_entry(s0, 2, 0x0c, 8192, 1000);
	mbr_entry(s0, 3, 0x05, 16384, 40000);
	/* logical chain: EBR at 16384 -> 16384 + 10000 -> 16384 + 20000 */
	uint8_t *e1 = d.data + 16384 * 512ULL, *e2 = e1 + 10000 * 512ULL, *e3 = e1 + 20000 * 512ULL;
	mbr_entry(e1, 0, 0x83, 63, 5000);
	mbr_entry(e1, 1, 0x05, 10000, 9000);
	mbr_entry(e2, 0, 0x82, 63, 4000);
	mbr_entry(e2, 1, 0x05, 20000, 9000);
	mbr_entry(e3, 0, 0x83, 2048, 100);
	int n = scan(&d, p, BLK_MAX_PARTS);
	EXPECT(n == 6);
	EXPECT(p[0].number == 1 && p[0].start == 2048 && p[0].sectors == 4096);
	EXPECT(p[1].number == 3 && p[1].start == 8192 && p[1].sectors == 1000);
	EXPECT(p[2].number == 4 && p[2].start == 16384 && p[2].sectors == 2);
	EXPECT(p[3].number == 5 && p[3].start == 16384 + 63 && p[3].sectors == 5000);
	EXPECT(p[4].number == 6 && p[4].start == 26384 + 63 && p[4].sectors == 4000);
	EXPECT(p[5].number == 7 && p[5].start == 36384 + 2048 && p[5].sectors == 100);

	/* An EBR chain that loops back on itself ends; no hang, no overflow. */
	mbr_entry(e3, 1, 0x05, 10000, 9000);
	n = scan(&d, p, BLK_MAX_PARTS);
	EXPECT(n > 0 && n <= BLK_MAX_PARTS);
	for (int i = 0; i < n; i++)
		EXPECT(p[i].number >= 1 && p[i].number <= BLK_MAX_PARTS);

	/* Past the end of the disk: dropped. */
	memset(d.data, 0, 1 << 20);
	mbr_entry(s0, 0, 0x83, 2048, 0xffffffff);
	mbr_entry(s0, 1, 0x83, 0xfffffff0, 10);
	mbr_entry(s0, 2, 0x83, 4096, 8);
	n = scan(&d, p, BLK_MAX_PARTS);
	EXPECT(n == 1 && p[0].number == 3);

	/* Read errors come back as errors. */
	d.fail_lba = 0;
	EXPECT(scan(&d, p, BLK_MAX_PARTS) == -EIO);
	free(d.data);
}

struct gpt_spec {
	uint64_t first, last;
	int index;
};

/* A GPT with the given entries; primary and backup. */
static void make_gpt(struct disk *d, const struct gpt_spec *sp, int n)
{
	uint32_t lbs = d->lbs, nent = 128, esz = 128;
	uint64_t blocks = d->bytes / lbs, tblocks = nent * esz / lbs;
	uint8_t *entries = calloc(nent, esz);

	for (int i = 0; i < n; i++) {
		uint8_t *e = entries + sp[i].index * esz;
		memset(e, 0xaf, 16);
		memset(e + 16, i + 1, 16);
		put64(e + 32, sp[i].first);
		put64(e + 40, sp[i].last);
	}
	uint32_t ecrc = crc32_ieee(0, entries, nent * esz);
	memset(d->data, 0, lbs);
	mbr_entry(d->data, 0, 0xee, 1, (uint32_t)(blocks - 1));
	for (int copy = 0; copy < 2; copy++) {
		uint64_t my = copy ? blocks - 1 : 1, alt = copy ? 1 : blocks - 1;
		uint64_t table = copy ? blocks - 1 - tblocks : 2;
		uint8_t *h = d->data + my * lbs;
		memset(h, 0, lbs);
		memcpy(h, "EFI PART", 8);
		put32(h + 8, 0x10000);
		put32(h + 12, 92);
		put64(h + 24, my);
		put64(h + 32, alt);
		put64(h + 40, 2 + tblocks);
		put64(h + 48, blocks - 2 - tblocks);
		put64(h + 72, table);
		put32(h + 80, nent);
		put32(h + 84, esz);
		put32(h + 88, ecrc);
		put32(h + 16, crc32_ieee(0, h, 92));
		memcpy(d->data + table * lbs, entries, nent * esz);
	}
	free(entries);
}

static void test_gpt(uint32_t lbs)
{
	struct disk d = new_disk(16 << 20, lbs);
	struct blk_part p[BLK_MAX_PARTS];
	uint64_t spb = lbs / 512;
	struct gpt_spec sp[] = { { 100, 199, 0 }, { 300, 399, 2 }, { 400, 400, 14 },
				 { 500, 599, 20 } };

	make_gpt(&d, sp, 4);
	int n = scan(&d, p, BLK_MAX_PARTS);
	EXPECT(n == 3); /* entry 21 is beyond what a disk shows */
	EXPECT(p[0].number == 1 && p[0].start == 100 * spb && p[0].sectors == 100 * spb);
	EXPECT(p[1].number == 3 && p[1].start == 300 * spb);
	EXPECT(p[2].number == 15 && p[2].sectors == spb);

	/* Primary header corrupt: the backup serves. */
	d.data[lbs + 30] ^= 1;
	n = scan(&d, p, BLK_MAX_PARTS);
	EXPECT(n == 3 && p[1].number == 3);
	/* Both corrupt: nothing. */
	d.data[d.bytes - lbs + 30] ^= 1;
	EXPECT(scan(&d, p, BLK_MAX_PARTS) == 0);

	/* Entry array CRC wrong in both copies: nothing. */
	make_gpt(&d, sp, 4);
	d.data[2 * lbs + 40] ^= 1;
	d.data[d.bytes - lbs - 128 * 128 + 40] ^= 1;
	EXPECT(scan(&d, p, BLK_MAX_PARTS) == 0);

	/* An entry outside the usable area is dropped. */
	struct gpt_spec bad[] = { { 100, 199, 0 }, { 10, (16 << 20) / lbs + 5, 1 } };
	make_gpt(&d, bad, 2);
	n = scan(&d, p, BLK_MAX_PARTS);
	EXPECT(n == 1 && p[0].number == 1);
	free(d.data);
}

/* Absurd header fields with a correct CRC: refused, never trusted. */
static void test_gpt_hostile(void)
{
	struct disk d = new_disk(4 << 20, 512);
	struct blk_part p[BLK_MAX_PARTS];
	struct gpt_spec sp[] = { { 100, 199, 0 } };
	uint8_t *h = d.data + 512;

	make_gpt(&d, sp, 1);
	memset(d.data + d.bytes - 512, 0, 512); /* no backup */
	put32(h + 80, 0x7fffffff);               /* entries */
	put32(h + 16, 0);
	put32(h + 16, crc32_ieee(0, h, 92));
	EXPECT(scan(&d, p, BLK_MAX_PARTS) == 0);
	make_gpt(&d, sp, 1);
	memset(d.data + d.bytes - 512, 0, 512);
	put32(h + 84, 4096);                     /* entry size above the block */
	put32(h + 16, 0);
	put32(h + 16, crc32_ieee(0, h, 92));
	EXPECT(scan(&d, p, BLK_MAX_PARTS) == 0);
	make_gpt(&d, sp, 1);
	memset(d.data + d.bytes - 512, 0, 512);
	put32(h + 12, 100000);                   /* header size */
	EXPECT(scan(&d, p, BLK_MAX_PARTS) == 0);
	/* A tiny disk, a bad block size. */
	struct disk t = new_disk(512, 512);
	EXPECT(scan(&t, p, BLK_MAX_PARTS) == 0);
	EXPECT(part_scan(disk_read, &t, 1, 1000, p, BLK_MAX_PARTS) == -EINVAL);
	free(t.data);
	free(d.data);
}

static void test_crc(void)
{
	EXPECT(crc32_ieee(0, "123456789", 9) == 0xcbf43926u);
	EXPECT(crc32_ieee(0, "", 0) == 0);
}

int main(void)
{
	test_crc();
	test_mbr();
	test_gpt(512);
	test_gpt(4096);
	test_gpt_hostile();
	printf("test_partition: %d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
