/* SPDX-License-Identifier: MIT */
/*
 * tmpfs_internal.h - tmpfs's in-memory inode, shared by tmpfs.c (names,
 * directories, symlinks) and tmpfs_data.c (file contents).
 *
 * File data lives in pages found through a radix tree of 512-way index
 * pages whose height grows with the file (height 1: the root is the one
 * data page; height h covers 512^(h-1) pages).  Missing pages are holes and
 * read as zeros.  Data pages are freed with page_put, so a later shared
 * mapping can take its own page references.
 */
#ifndef FS_TMPFS_INTERNAL_H
#define FS_TMPFS_INTERNAL_H

#include "fs/vfs_internal.h"

/* A name in a directory.  Counted in the inode's nlink, not its refcount. */
struct tmpfs_dirent {
	struct list_head link;          /* in dir.entries, oldest first */
	off_t cookie;                   /* getdents position, grows per entry */
	struct inode *inode;
	size_t len;
	char name[];
};

struct tmpfs_inode {
	struct inode vfs;
	union {
		struct {
			struct list_head entries;
			off_t next_cookie;
			struct inode *parent;   /* holds a ref; NULL for the root */
		} dir;
		struct {
			void *root;             /* radix tree of data pages */
			unsigned height;        /* 0: no data at all */
		} reg;
		struct {
			char *target;           /* vfs.size bytes, not NUL-terminated */
		} lnk;
	};
};

static inline struct tmpfs_inode *tmpfs_i(struct inode *inode)
{
	return container_of(inode, struct tmpfs_inode, vfs);
}

/* tmpfs_data.c */
extern const struct file_ops tmpfs_file_fops;
int tmpfs_truncate(struct inode *inode, uint64_t size);
void tmpfs_free_data(struct tmpfs_inode *ti);

#endif
