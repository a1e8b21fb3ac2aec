/* SPDX-License-Identifier: MIT */
/*
 * path.h - pure helpers on path strings, shared by the path walk (namei.c)
 * and getcwd, and compiled on the host by tests/unit/test_path.c.
 *
 * Nothing here touches inodes or the kernel: only <stddef.h>/<stdbool.h>
 * and kernel/errno.h (plain #defines), so fs/path_parse.c builds anywhere.
 */
#ifndef FS_PATH_H
#define FS_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/errno.h"

enum { PATH_NORM, PATH_DOT, PATH_DOTDOT };

/*
 * The next component at *p: leading slashes are skipped, *name and *len
 * describe the component, and *p is left just after it (on a '/' or the
 * NUL).  false when only slashes remain.
 */
bool path_next(const char **p, const char **name, size_t *len);
/* Only slashes (or nothing) left at p? */
bool path_at_end(const char *p);
/* PATH_DOT for ".", PATH_DOTDOT for "..", PATH_NORM otherwise. */
int path_component_type(const char *name, size_t len);
/*
 * Replace a symlink in a path: out = target (tlen bytes) followed by rest
 * (NUL-terminated; what followed the link's name).  out may be target
 * itself (the link was read there) but must not overlap rest.  0, or -ENAMETOOLONG when the result and its NUL do not fit
 * in size bytes.
 */
int path_splice(char *out, size_t size, const char *target, size_t tlen,
		const char *rest);
/*
 * Build a path from its end (getcwd): buf[*start..size) holds the path so
 * far (initially *start == size - 1 and buf[size - 1] == '\0').  Prepend
 * "/" and the name.  0, or -ENAMETOOLONG when it does not fit.
 */
int path_prepend(char *buf, size_t *start, const char *name, size_t len);

#endif
