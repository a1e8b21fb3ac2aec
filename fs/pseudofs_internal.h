/* SPDX-License-Identifier: MIT */
/*
 * pseudofs_internal.h - the layer under procfs and sysfs: a tree of
 * read-only files, directories and symlinks described by static tables,
 * whose file contents are generated when read (pseudofs.c).
 *
 * An inode exists while it is referenced; a lookup returns the live inode
 * of the same node when there is one (a small inode cache), so a directory
 * keeps its identity while something (a cwd, a mount on it) holds it.
 * Nodes carry a context number inherited from their parent: procfs's
 * per-process nodes have the pid there.  A directory may add entries made
 * on the fly after its table (procfs's pid directories).
 *
 * File contents are made by the node's show() when a read starts at offset
 * 0 and kept with the open file until then; so a reader sees one snapshot,
 * and a program that seeks back to 0 and reads again gets fresh numbers.
 */
#ifndef FS_PSEUDOFS_INTERNAL_H
#define FS_PSEUDOFS_INTERNAL_H

#include "fs/mount_internal.h"

struct pseudo_inode;

/*
 * Entries a directory makes on the fly, in increasing context order; dir
 * is the directory's own context (procfs's fd directories: the pid).
 */
struct pseudo_dyn {
	/* The context of the entry called name, or -ENOENT. */
	int (*lookup)(long dir, const char *name, size_t len, long *ctx);
	/* The first entry with a context >= *ctx: set *ctx and its name; false: none. */
	bool (*next)(long dir, long *ctx, char *name, size_t size);
	const struct pseudo_entry *entry;       /* what each of them is */
};

struct pseudo_entry {
	const char *name;                       /* NULL ends a table */
	uint32_t mode;                          /* S_IFDIR/S_IFREG/S_IFLNK | permissions */
	uint64_t size;                          /* st_size of a file (sysfs: 4096) */
	const struct pseudo_entry *children;    /* a directory's table */
	const struct pseudo_dyn *dyn;           /* a directory's made entries */
	/* Does the node exist (a process directory; an attribute a device has
	 * only at times: lookup and readdir skip it)?  NULL: always. */
	bool (*valid)(long ctx);
	/* A file's contents: 0 or -errno (-ESRCH: the process is gone). */
	int (*show)(struct seqbuf *m, long ctx);
	/*
	 * Optional: a write of len bytes at offset 0 (a sysctl), already
	 * copied in and NUL-terminated: 0 or -errno.  NULL: writes are EINVAL.
	 */
	int (*store)(long ctx, const char *buf, size_t len);
	/* lseek's SEEK_END works, from size (else EINVAL, as Linux's seq
	 * files have it; sysfs attributes have a size and seek). */
	bool seek_end;
	/* A symlink's target: 0 or -errno. */
	int (*link)(struct seqbuf *m, long ctx);
	/* Optional: makes the symlink a magic one (inode_ops.follow). */
	int (*follow)(long ctx, struct link_target *t);
	/*
	 * Optional: set the inode's owner (a process's files; NULL: root's)
	 * and permissions, which may change; called at each lookup.
	 */
	void (*attr)(long ctx, struct inode *inode);
	/* Optional: the caller may use it whatever the mode says. */
	bool (*may_access)(long ctx);
};

struct pseudo_inode {
	struct inode vfs;
	struct list_head live;                  /* in the inode cache */
	const struct pseudo_entry *ent;         /* [I] */
	long ctx;                               /* [I] */
	struct inode *parent;                   /* [I] holds a ref; NULL for the root */
};

/* A new superblock whose root is the directory root (name: "proc", "sysfs"). */
struct superblock *pseudo_sb_new(const char *name, uint32_t magic,
				 const struct pseudo_entry *root);
bool pseudo_busy(struct superblock *sb, unsigned extra);
void pseudo_kill(struct superblock *sb);

/* The RTC's files (sysfs_rtc.c): /sys/class/rtc, the RTC's parent under
 * /sys/devices, /sys/power and /proc/driver. */
extern const struct pseudo_entry sysfs_rtc_class[];
extern const struct pseudo_dyn sysfs_rtc_bus;
extern const struct pseudo_entry sysfs_power_entries[];
extern const struct pseudo_entry procfs_driver_entries[];

#endif
