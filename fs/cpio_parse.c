// SPDX-License-Identifier: MIT
/*
 * cpio_parse.c - parse newc/crc cpio archives held in memory (fs/cpio.h).
 *
 * The bytes come from whoever built the initrd, so they are untrusted:
 * every field is checked to be hex, every length against the rest of the
 * buffer, and nothing is read past buf + len.  Layout per entry
 * (buffer-format.rst): a 110-byte header, the name with its NUL, padding to
 * a multiple of 4, the data, padding to a multiple of 4.  Offsets are
 * counted from the start of the buffer, which must itself be where the
 * first archive begins.  No libc: also built on the host.
 */
#include "fs/cpio.h"

#define FIELD_COUNT 13

static const char trailer[] = "TRAILER!!!";

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode 8 hex digits; false if any is not hex. */
static bool parse_hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		int d = hex_digit(s[i]);
		if (d < 0)
			return false;
		v = (v << 4) | (uint32_t)d;
	}
	*out = v;
	return true;
}

/* Round up to 4 without wrapping (callers compare with len afterwards). */
static size_t pad4(size_t off)
{
	return off + ((4 - (off & 3)) & 3);
}

static bool is_trailer(const struct cpio_entry *e)
{
	if (e->namelen != sizeof(trailer) - 1)
		return false;
	for (size_t i = 0; i < e->namelen; i++)
		if (e->name[i] != trailer[i])
			return false;
	return true;
}

static int parse_fields(const char *h, struct cpio_entry *e, uint32_t *namesize,
			uint32_t *check, bool *crc)
{
	uint32_t f[FIELD_COUNT];

	if (h[0] != '0' || h[1] != '7' || h[2] != '0' || h[3] != '7' ||
	    h[4] != '0' || (h[5] != '1' && h[5] != '2'))
		return -EINVAL;
	*crc = h[5] == '2';
	for (int i = 0; i < FIELD_COUNT; i++)
		if (!parse_hex8(h + 6 + 8 * i, &f[i]))
			return -EINVAL;
	e->ino = f[0];
	e->mode = f[1];
	e->uid = f[2];
	e->gid = f[3];
	e->nlink = f[4];
	e->mtime = f[5];
	e->filesize = f[6];
	e->devmajor = f[7];
	e->devminor = f[8];
	e->rdevmajor = f[9];
	e->rdevminor = f[10];
	*namesize = f[11];
	*check = f[12];
	return 0;
}

/* The name: namesize bytes at name, the last one the only NUL. */
static int parse_name(const char *name, uint32_t namesize, struct cpio_entry *e)
{
	if (namesize < 2 || namesize > CPIO_NAME_MAX)
		return -EINVAL;
	for (uint32_t i = 0; i + 1 < namesize; i++)
		if (name[i] == '\0')
			return -EINVAL;
	if (name[namesize - 1] != '\0')
		return -EINVAL;
	e->name = name;
	e->namelen = namesize - 1;
	return 0;
}

static uint32_t checksum(const unsigned char *p, size_t n)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return sum;
}

/*
 * Decode the entry at *off (4-aligned; its bounds are not yet known) and
 * advance *off past it and its padding.
 */
static int parse_entry(const unsigned char *b, size_t len, size_t *off,
		       struct cpio_entry *e)
{
	uint32_t namesize, check;
	size_t name_off, data_off, end;
	bool crc;
	int err;

	if (len - *off < CPIO_HEADER_SIZE)
		return -EINVAL;
	err = parse_fields((const char *)b + *off, e, &namesize, &check, &crc);
	if (err)
		return err;
	name_off = *off + CPIO_HEADER_SIZE;
	if (namesize > len - name_off)
		return -EINVAL;
	err = parse_name((const char *)b + name_off, namesize, e);
	if (err)
		return err;
	data_off = pad4(name_off + namesize);
	if (data_off > len || e->filesize > len - data_off)
		return -EINVAL;
	e->data = b + data_off;
	if (crc && checksum(b + data_off, e->filesize) != check)
		return -EINVAL;
	end = pad4(data_off + e->filesize);
	*off = end < len ? end : len;
	return 0;
}

int cpio_parse(const void *buf, size_t len,
	       int (*fn)(const struct cpio_entry *e, void *ctx), void *ctx)
{
	const unsigned char *b = buf;
	bool in_archive = false;
	size_t off = 0;

	for (;;) {
		struct cpio_entry e;
		int err;

		if (!in_archive) {
			/* Between archives: NUL padding, then a 4-aligned header. */
			while (off < len && b[off] == 0)
				off++;
			if (off == len)
				return 0;
			if (off & 3)
				return -EINVAL;
			in_archive = true;
		}
		if (off == len)
			return -EINVAL;         /* no trailer: truncated */
		err = parse_entry(b, len, &off, &e);
		if (err)
			return err;
		if (is_trailer(&e)) {
			in_archive = false;
			continue;
		}
		err = fn(&e, ctx);
		if (err < 0)
			return err;
	}
}
