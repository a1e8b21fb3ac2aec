// SPDX-License-Identifier: MIT
// sources: fs/cpio_parse.c
/*
 * test_cpio.c - the initramfs parser (fs/cpio_parse.c) against good,
 * truncated, corrupt and random archives.  Every archive lives in a buffer
 * of exactly its length, and the callback reads every name and data byte,
 * so ASan reports any read past what the parser was given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/cpio.h"
#include "tests/unit/unit.h"

int failures, checks;

/* ---- building archives -------------------------------------------------- */

struct arch {
	unsigned char *p;
	size_t len, cap;
};

static void put(struct arch *a, const void *d, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 256;
		a->p = realloc(a->p, a->cap);
	}
	memcpy(a->p + a->len, d, n);
	a->len += n;
}

static void pad(struct arch *a)
{
	while (a->len % 4)
		put(a, "", 1);
}

static uint32_t sum(const void *d, size_t n)
{
	const unsigned char *p = d;
	uint32_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

static void entry_magic(struct arch *a, const char *magic, const char *name,
			unsigned mode, const void *data, size_t size)
{
	char hdr[CPIO_HEADER_SIZE + 1];
	uint32_t check = strcmp(magic, "070702") ? 0 : sum(data, size);

	snprintf(hdr, sizeof(hdr),
		 "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 magic, 7u, mode, 1u, 2u, 1u, 1234u, (unsigned)size, 3u, 4u, 5u,
		 6u, (unsigned)strlen(name) + 1, check);
	put(a, hdr, CPIO_HEADER_SIZE);
	put(a, name, strlen(name) + 1);
	pad(a);
	put(a, data, size);
	pad(a);
}

static void entry(struct arch *a, const char *name, unsigned mode,
		  const void *data, size_t size)
{
	entry_magic(a, "070701", name, mode, data, size);
}

static void trailer(struct arch *a)
{
	entry(a, "TRAILER!!!", 0, "", 0);
}

/* A small archive with a directory, a file, a symlink and the trailer. */
static struct arch sample(void)
{
	struct arch a = { 0 };

	entry(&a, "dir", 040755, "", 0);
	entry(&a, "dir/file", 0100644, "hello, world\n", 13);
	entry(&a, "dir/link", 0120777, "file", 4);
	trailer(&a);
	return a;
}

/* Copy into a buffer of exactly n bytes, so ASan sees any overread. */
static unsigned char *exact(const void *p, size_t n)
{
	unsigned char *b = malloc(n ? n : 1);

	memcpy(b, p, n);
	return b;
}

/* ---- the callback --------------------------------------------------------- */

struct seen {
	int n;
	char names[8][32];
	uint32_t sums[8];
	struct cpio_entry first;
	int fail_at;            /* return -ENOSPC at this entry (1-based) */
};

static int collect(const struct cpio_entry *e, void *ctx)
{
	struct seen *s = ctx;
	uint32_t x = sum(e->name, e->namelen + 1) + sum(e->data, e->filesize);

	if (s->n == 0)
		s->first = *e;
	if (s->n < 8) {
		snprintf(s->names[s->n], sizeof(s->names[0]), "%s", e->name);
		s->sums[s->n] = x;
	}
	s->n++;
	return s->n == s->fail_at ? -ENOSPC : 0;
}

static int parse(const void *p, size_t n, struct seen *s)
{
	unsigned char *b = exact(p, n);
	int r;

	memset(s, 0, sizeof(*s));
	r = cpio_parse(b, n, collect, s);
	free(b);
	return r;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_good(void)
{
	struct arch a = sample();
	struct seen s;

	EXPECT(parse(a.p, a.len, &s) == 0);
	EXPECT(s.n == 3);
	EXPECT(!strcmp(s.names[0], "dir") && !strcmp(s.names[1], "dir/file") &&
	       !strcmp(s.names[2], "dir/link"));
	EXPECT(s.first.ino == 7 && s.first.mode == 040755 && s.first.uid == 1 &&
	       s.first.gid == 2 && s.first.nlink == 1 && s.first.mtime == 1234 &&
	       s.first.devmajor == 3 && s.first.devminor == 4 &&
	       s.first.rdevmajor == 5 && s.first.rdevminor == 6 &&
	       s.first.namelen == 3 && s.first.filesize == 0);
	EXPECT(s.sums[1] == sum("dir/file", 9) + sum("hello, world\n", 13));

	EXPECT(parse("", 0, &s) == 0 && s.n == 0);          /* nothing at all */
	EXPECT(parse("\0\0\0\0\0\0\0\0", 8, &s) == 0 && s.n == 0);

	/* The callback's error stops the walk and comes back. */
	{
		unsigned char *b = exact(a.p, a.len);
		memset(&s, 0, sizeof(s));
		s.fail_at = 2;
		EXPECT(cpio_parse(b, a.len, collect, &s) == -ENOSPC && s.n == 2);
		free(b);
	}
	free(a.p);
}

static void test_concatenated(void)
{
	struct arch a = sample(), b = { 0 };
	struct seen s;

	put(&b, a.p, a.len);
	put(&b, "\0\0\0\0\0\0\0\0", 8);         /* padding between archives */
	entry(&b, "second", 0100600, "2", 1);
	trailer(&b);
	put(&b, "\0\0\0\0", 4);                 /* and after the last */
	EXPECT(parse(b.p, b.len, &s) == 0 && s.n == 4);
	EXPECT(!strcmp(s.names[3], "second"));

	/* A second archive that does not start on a 4-byte boundary. */
	b.len = a.len;
	put(&b, "\0\0", 2);
	put(&b, a.p, a.len);
	EXPECT(parse(b.p, b.len, &s) == -EINVAL);
	free(a.p);
	free(b.p);
}

static void test_crc(void)
{
	struct arch a = { 0 };
	struct seen s;

	entry_magic(&a, "070702", "f", 0100644, "checked", 7);
	trailer(&a);
	EXPECT(parse(a.p, a.len, &s) == 0 && s.n == 1);
	a.p[CPIO_HEADER_SIZE + 4] ^= 1;          /* one data byte changes */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL);
	free(a.p);
}

/* Every proper prefix lacks the trailer: EINVAL, never a crash. */
static void test_truncated(void)
{
	struct arch a = sample();
	struct seen s;
	int bad = 0;

	for (size_t n = 1; n < a.len; n++) {
		int r = parse(a.p, n, &s);
		/* Cutting only the trailer's last padding still leaves it whole. */
		bool whole = n >= a.len - 3 && r == 0;
		if (r != -EINVAL && !whole)
			bad++;
	}
	EXPECT(bad == 0);
	free(a.p);
}

/* Header fields that must be refused. */
static void test_corrupt_fields(void)
{
	struct arch a;
	struct seen s;

	a = sample();
	a.p[5] = '3';                            /* magic 070703 */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL && s.n == 0);
	free(a.p);

	a = sample();
	a.p[6 + 8 * 1 + 3] = 'g';                /* mode is not hex */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL);
	free(a.p);

	a = sample();
	memcpy(a.p + 6 + 8 * 11, "00000000", 8); /* namesize 0 */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL);
	free(a.p);

	a = sample();
	memcpy(a.p + 6 + 8 * 11, "FFFFFFFF", 8); /* namesize past the end */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL);
	free(a.p);

	a = sample();
	memcpy(a.p + 6 + 8 * 11, "00001001", 8); /* namesize over PATH_MAX */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL);
	free(a.p);

	a = sample();
	memcpy(a.p + 6 + 8 * 6, "FFFFFFFF", 8);  /* filesize past the end */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL);
	free(a.p);

	a = sample();
	memcpy(a.p + 6 + 8 * 6, "7FFFFFFD", 8);  /* filesize that wraps offsets */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL);
	free(a.p);

	a = sample();
	a.p[CPIO_HEADER_SIZE + 3] = 'x';         /* name's NUL overwritten */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL);
	free(a.p);

	a = sample();
	a.p[CPIO_HEADER_SIZE + 1] = '\0';        /* a NUL inside the name */
	EXPECT(parse(a.p, a.len, &s) == -EINVAL);
	free(a.p);
}

/* Flip every byte of the archive in turn: any result but a crash is fine. */
static void test_every_byte(void)
{
	struct arch a = sample();
	struct seen s;
	int ok = 0;

	for (size_t i = 0; i < a.len; i++) {
		for (int v = 0; v < 3; v++) {
			static const unsigned char vals[] = { 0x00, 0xff, 'F' };
			unsigned char *b = exact(a.p, a.len);
			int r;

			b[i] = vals[v];
			memset(&s, 0, sizeof(s));
			r = cpio_parse(b, a.len, collect, &s);
			ok += r == 0 || r == -EINVAL;
			free(b);
		}
	}
	EXPECT(ok == (int)(3 * a.len));
	free(a.p);
}

/* Random bytes, and random mutations of a good archive. */
static void test_random(void)
{
	struct arch a = sample();
	uint32_t x = 12345;
	struct seen s;
	int ok = 0, runs = 20000;

	for (int i = 0; i < runs; i++) {
		size_t n = i % 2 ? a.len : (size_t)(x % 600);
		unsigned char *b = malloc(n ? n : 1);

		if (i % 2) {
			memcpy(b, a.p, n);
			for (int k = 0; k < 4; k++) {
				x = x * 1103515245 + 12345;
				b[(x >> 8) % n] = (unsigned char)(x >> 20);
			}
		} else {
			for (size_t k = 0; k < n; k++) {
				x = x * 1103515245 + 12345;
				b[k] = (unsigned char)(x >> 16);
			}
			if (n >= 6)
				memcpy(b, "070701", 6);
		}
		memset(&s, 0, sizeof(s));
		int r = cpio_parse(b, n, collect, &s);
		ok += r == 0 || r == -EINVAL;
		free(b);
		x = x * 1103515245 + 12345;
	}
	EXPECT(ok == runs);
	free(a.p);
}

int main(void)
{
	test_good();
	test_concatenated();
	test_crc();
	test_truncated();
	test_corrupt_fields();
	test_every_byte();
	test_random();
	printf("test_cpio: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
