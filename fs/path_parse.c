// SPDX-License-Identifier: MIT
/*
 * path_parse.c - pure path-string helpers (fs/path.h): component iteration,
 * symlink splicing, getcwd's back-to-front builder.
 *
 * Linux semantics (path_resolution(7)): runs of slashes count as one, a
 * trailing slash is remembered by the caller (path_at_end after the last
 * component sees only slashes), "." and ".." are ordinary components here
 * and interpreted by the walk.  No libc: this file is also built on the host.
 */
#include "fs/path.h"

bool path_next(const char **p, const char **name, size_t *len)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == '/')
		s++;
	if (!*s) {
		*p = s;
		return false;
	}
	while (s[n] && s[n] != '/')
		n++;
	*name = s;
	*len = n;
	*p = s + n;
	return true;
}

bool path_at_end(const char *p)
{
	while (*p == '/')
		p++;
	return *p == '\0';
}

int path_component_type(const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return PATH_DOT;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return PATH_DOTDOT;
	return PATH_NORM;
}

int path_splice(char *out, size_t size, const char *target, size_t tlen,
		const char *rest)
{
	size_t rlen = 0;

	while (rest[rlen])
		rlen++;
	if (tlen >= size || rlen >= size - tlen)
		return -ENAMETOOLONG;
	if (out != target)
		for (size_t i = 0; i < tlen; i++)
			out[i] = target[i];
	for (size_t i = 0; i <= rlen; i++)
		out[tlen + i] = rest[i];
	return 0;
}

int path_prepend(char *buf, size_t *start, const char *name, size_t len)
{
	if (*start < len + 1)
		return -ENAMETOOLONG;
	*start -= len + 1;
	buf[*start] = '/';
	for (size_t i = 0; i < len; i++)
		buf[*start + 1 + i] = name[i];
	return 0;
}
