// SPDX-License-Identifier: MIT
/*
 * partition.c - partition tables: MBR with extended/logical partitions
 * (the IBM PC layout Linux's block/partitions/msdos.c reads) and GPT
 * (UEFI 2.9 §5.3, as block/partitions/efi.c checks it: protective MBR,
 * header signature, size and CRC, my_lba, entry array CRC; the backup
 * header at the last LBA when the primary is bad).
 *
 * Numbering follows Linux: MBR primaries 1-4 (an extended partition is
 * shown as a 2-sector stub), logical partitions from 5 in chain order;
 * GPT entries by their index + 1.
 *
 * Pure code over a read callback: tests/unit/test_partition.c runs it.
 */
#include "kernel/kernel.h"
#include "block/block.h"

#define MBR_SIG_OFF 510
#define MBR_TABLE_OFF 446
#define MBR_TYPE_GPT 0xee
#define MAX_LOGICAL 64
#define GPT_SIG "EFI PART"
#define GPT_HDR_MIN 92
#define GPT_ENTRY_MIN 128
#define GPT_MAX_ENTRIES 1024
#define BLOCK_MAX 4096

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

uint32_t crc32_ieee(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

struct scan {
	int (*read)(void *ctx, uint64_t lba, void *buf);
	void *ctx;
	uint64_t sectors;               /* disk size, 512-byte sectors */
	uint32_t lbs, spb;              /* block size, sectors per block */
	struct blk_part *out;
	unsigned max, n;
	uint8_t buf[BLOCK_MAX];
	uint8_t hdr[BLOCK_MAX];         /* the GPT header in use */
};

/* Record partition `number` of `count` blocks at block `start`. */
static void put(struct scan *s, unsigned number, uint64_t start, uint64_t count)
{
	uint64_t st = start * s->spb, len = count * s->spb;

	if (!count || s->n == s->max)
		return;
	if (number > BLK_MAX_PARTS) {
		printk("partition %u: more than %u partitions; ignored\n", number,
		       BLK_MAX_PARTS);
		return;
	}
	if (st >= s->sectors || len > s->sectors - st) {
		printk("partition %u: beyond the end of the disk; ignored\n", number);
		return;
	}
	s->out[s->n++] = (struct blk_part){ number, st, len };
}

static bool is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

/* The chain of extended boot records: entry 0 a logical partition
 * (relative to its EBR), entry 1 the next EBR (relative to the first). */
static int scan_logical(struct scan *s, uint64_t ext_start, uint64_t ext_len)
{
	uint64_t ebr = ext_start;
	unsigned number = 5;
	int err;

	for (int guard = 0; guard < MAX_LOGICAL; guard++) {
		if ((err = s->read(s->ctx, ebr, s->buf)))
			return err;
		if (s->buf[MBR_SIG_OFF] != 0x55 || s->buf[MBR_SIG_OFF + 1] != 0xaa)
			return 0;
		const uint8_t *e0 = s->buf + MBR_TABLE_OFF, *e1 = e0 + 16;
		uint64_t next = le32(e1 + 8);
		if (e0[4] && !is_extended(e0[4]))
			put(s, number++, ebr + le32(e0 + 8), le32(e0 + 12));
		if (!e1[4] || !is_extended(e1[4]) || !next || next >= ext_len)
			return 0;
		ebr = ext_start + next;
	}
	return 0;
}

static int scan_mbr(struct scan *s)
{
	uint8_t table[64];
	int err;

	memcpy(table, s->buf + MBR_TABLE_OFF, sizeof(table));
	for (unsigned i = 0; i < 4; i++) {
		const uint8_t *e = table + 16 * i;
		uint64_t start = le32(e + 8), len = le32(e + 12);
		if (!e[4] || !len)
			continue;
		if (is_extended(e[4])) {
			put(s, i + 1, start, MIN(len, (uint64_t)(2 + s->spb - 1) / s->spb));
			if ((err = scan_logical(s, start, len)))
				return err;
		} else {
			put(s, i + 1, start, len);
		}
	}
	return 0;
}

/* A GPT header at lba that checks out; its fields through *hdr. */
static bool gpt_header_ok(struct scan *s, uint64_t lba, uint8_t *hdr)
{
	uint32_t size, crc;
	uint64_t blocks = s->sectors / s->spb;

	if (s->read(s->ctx, lba, hdr))
		return false;
	size = le32(hdr + 12);
	if (memcmp(hdr, GPT_SIG, 8) || size < GPT_HDR_MIN || size > s->lbs)
		return false;
	crc = le32(hdr + 16);
	memset(hdr + 16, 0, 4);
	if (crc32_ieee(0, hdr, size) != crc || le64(hdr + 24) != lba)
		return false;
	uint64_t first = le64(hdr + 40), last = le64(hdr + 48);
	uint32_t nent = le32(hdr + 80), esz = le32(hdr + 84);
	return first <= last && last < blocks && nent <= GPT_MAX_ENTRIES &&
	       esz >= GPT_ENTRY_MIN && esz % 8 == 0 && esz <= s->lbs &&
	       s->lbs % esz == 0 && le64(hdr + 72) < blocks;
}

static int scan_gpt_entries(struct scan *s, const uint8_t *hdr)
{
	uint64_t lba = le64(hdr + 72), first = le64(hdr + 40), last = le64(hdr + 48);
	uint32_t nent = le32(hdr + 80), esz = le32(hdr + 84), want = le32(hdr + 88);
	uint32_t per = s->lbs / esz, crc = 0;
	static const uint8_t zero[16];

	/* First pass: the array's CRC; second: the entries. */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = 0; i < nent; i++) {
			if (i % per == 0 && s->read(s->ctx, lba + i / per, s->buf))
				return -EIO;
			const uint8_t *e = s->buf + (i % per) * esz;
			if (pass == 0) {
				crc = crc32_ieee(crc, e, esz);
				continue;
			}
			uint64_t st = le64(e + 32), end = le64(e + 40);
			if (!memcmp(e, zero, 16))
				continue;
			if (st < first || end > last || end < st) {
				printk("GPT: entry %u outside the usable blocks; ignored\n", i + 1);
				continue;
			}
			put(s, i + 1, st, end - st + 1);
		}
		if (pass == 0 && crc != want) {
			printk("GPT: partition entry array CRC mismatch\n");
			return -EUCLEAN;
		}
	}
	return 0;
}

static int scan_gpt(struct scan *s)
{
	uint8_t *hdr = s->hdr;
	uint64_t blocks = s->sectors / s->spb;

	if (gpt_header_ok(s, 1, hdr) && !scan_gpt_entries(s, hdr))
		return 0;
	s->n = 0;
	if (blocks > 1 && gpt_header_ok(s, blocks - 1, hdr)) {
		printk("GPT: primary header or table bad; using the backup\n");
		if (!scan_gpt_entries(s, hdr))
			return 0;
	}
	s->n = 0;
	printk("GPT: no valid header; no partitions\n");
	return 0;
}

int part_scan(int (*read)(void *ctx, uint64_t lba, void *buf), void *ctx,
	      uint64_t sectors, uint32_t lbs, struct blk_part *out, unsigned max)
{
	static struct scan s; /* big; boot-time probing runs one at a time */
	bool gpt = false;
	int err;

	if (lbs < SECTOR_SIZE || lbs > BLOCK_MAX || (lbs & (lbs - 1)))
		return -EINVAL;
	s = (struct scan){ read, ctx, sectors, lbs, lbs / SECTOR_SIZE, out, max, 0,
			   { 0 }, { 0 } };
	if (sectors < s.spb)
		return 0;
	if ((err = read(ctx, 0, s.buf)))
		return err;
	if (s.buf[MBR_SIG_OFF] != 0x55 || s.buf[MBR_SIG_OFF + 1] != 0xaa)
		return 0;
	for (unsigned i = 0; i < 4; i++)
		gpt |= s.buf[MBR_TABLE_OFF + 16 * i + 4] == MBR_TYPE_GPT;
	err = gpt ? scan_gpt(&s) : scan_mbr(&s);
	return err ? err : (int)s.n;
}
