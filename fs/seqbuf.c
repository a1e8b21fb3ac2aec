// SPDX-License-Identifier: MIT
/*
 * seqbuf.c - text built in memory for the pseudo files (/proc, /sys) and
 * the mount table's listings: a buffer that doubles when a line does not
 * fit.  Out of memory, the text stops short and `failed` says so; the
 * reader then gets ENOMEM rather than a silently truncated file.
 */
#include "fs/mount_internal.h"
#include "kernel/mm.h"

#define SEQ_FIRST 1024

void seq_init(struct seqbuf *m)
{
	memset(m, 0, sizeof(*m));
}

void seq_free(struct seqbuf *m)
{
	kfree(m->buf);
	seq_init(m);
}

/* Room for need more bytes and a NUL. */
static bool seq_room(struct seqbuf *m, size_t need)
{
	size_t cap = m->cap ? m->cap : SEQ_FIRST;
	char *p;

	if (m->failed)
		return false;
	if (m->len + need < m->cap)
		return true;
	while (m->len + need >= cap)
		cap *= 2;
	p = kmalloc(cap);
	if (!p) {
		m->failed = true;
		return false;
	}
	if (m->buf)
		memcpy(p, m->buf, m->len);
	kfree(m->buf);
	m->buf = p;
	m->cap = cap;
	return true;
}

void seq_write(struct seqbuf *m, const void *p, size_t n)
{
	if (!seq_room(m, n))
		return;
	memcpy(m->buf + m->len, p, n);
	m->len += n;
	m->buf[m->len] = '\0';
}

void seq_puts(struct seqbuf *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_printf(struct seqbuf *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!seq_room(m, 0))
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->len, m->cap - m->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= m->cap - m->len) {
		if (!seq_room(m, (size_t)n))
			return;
		va_start(ap, fmt);
		vsnprintf(m->buf + m->len, m->cap - m->len, fmt, ap);
		va_end(ap);
	}
	m->len += (size_t)n;
}

/* Linux's meminfo layout: the label padded to 16 columns, then "%8lu kB". */
void seq_kb(struct seqbuf *m, const char *label, uint64_t kb)
{
	seq_printf(m, "%-16s%8lu kB\n", label, (unsigned long)kb);
}
