// SPDX-License-Identifier: MIT
/*
 * tmpfs.c - the in-memory file system of the root: directories, names,
 * symlinks, device nodes (file contents are in tmpfs_data.c); unnamed
 * files for shared anonymous memory and memfd_create.
 *
 * A directory is a list of entries in creation order; each entry gets a
 * cookie, its getdents position, from a per-directory counter, so listing
 * survives entries coming and going ("." is 0, ".." 1, entries from 2).
 * Counts and times as Linux's shmem keeps them: a directory has nlink 2 +
 * subdirectories and a size of 20 bytes per entry plus 40 (BOGO_DIRENT_SIZE);
 * creating or removing a name sets the directory's mtime and ctime, and the
 * ctime of an inode whose link count changes or that is renamed.
 * An inode is freed when both its names (nlink) and references are gone.
 */
#include "fs/tmpfs_internal.h"
#include "kernel/mm.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define BOGO_DIRENT_SIZE 20
#define TMPFS_MAGIC 0x01021994

static const struct inode_ops tmpfs_iops;

static struct inode *tmpfs_alloc(struct superblock *sb, uint32_t mode,
				 uint32_t rdev)
{
	struct tmpfs_inode *ti = kzalloc(sizeof(*ti));

	if (!ti)
		return NULL;
	inode_init(&ti->vfs, sb, mode, &tmpfs_iops);
	ti->vfs.rdev = rdev;
	if (S_ISDIR(mode)) {
		list_init(&ti->dir.entries);
		ti->dir.next_cookie = 2;
		ti->vfs.nlink = 2;
		ti->vfs.size = 2 * BOGO_DIRENT_SIZE;
		ti->vfs.fops = &vfs_dir_fops;
	} else if (S_ISREG(mode)) {
		ti->vfs.fops = &tmpfs_file_fops;
	}
	return &ti->vfs;
}

/* Drop a just-made inode that never got a name. */
static void tmpfs_discard(struct inode *inode)
{
	inode->nlink = 0;
	inode_put(inode);
}

static struct tmpfs_dirent *dirent_new(const char *name, size_t len,
				       struct inode *inode)
{
	struct tmpfs_dirent *de = kmalloc(sizeof(*de) + len);

	if (!de)
		return NULL;
	de->inode = inode;
	de->len = len;
	memcpy(de->name, name, len);
	return de;
}

static struct tmpfs_dirent *dir_find(struct inode *dir, const char *name,
				     size_t len)
{
	struct list_head *p;

	list_for_each(p, &tmpfs_i(dir)->dir.entries) {
		struct tmpfs_dirent *de = list_entry(p, struct tmpfs_dirent, link);
		if (de->len == len && !memcmp(de->name, name, len))
			return de;
	}
	return NULL;
}

static void set_parent(struct inode *child, struct inode *dir)
{
	struct tmpfs_inode *tc = tmpfs_i(child);
	struct inode *old = tc->dir.parent;

	tc->dir.parent = inode_get(dir);
	inode_put(old);
}

/* Link de into dir: the directory side of every new name. */
static void dir_insert(struct inode *dir, struct tmpfs_dirent *de)
{
	struct tmpfs_inode *td = tmpfs_i(dir);

	de->cookie = td->dir.next_cookie++;
	list_add_tail(&de->link, &td->dir.entries);
	dir->size += BOGO_DIRENT_SIZE;
	inode_touch_mc(dir);
	if (S_ISDIR(de->inode->mode)) {
		dir->nlink++;
		set_parent(de->inode, dir);
	}
}

/* Unlink de from dir (directory side only; the inode's nlink is the caller's). */
static void dir_remove(struct inode *dir, struct tmpfs_dirent *de)
{
	list_del(&de->link);
	dir->size -= BOGO_DIRENT_SIZE;
	inode_touch_mc(dir);
	if (S_ISDIR(de->inode->mode))
		dir->nlink--;
	kfree(de);
}

static int tmpfs_lookup(struct inode *dir, const char *name, size_t len,
			struct inode **out)
{
	struct tmpfs_dirent *de;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		struct inode *parent = tmpfs_i(dir)->dir.parent;
		*out = inode_get(parent ? parent : dir);
		return 0;
	}
	de = dir_find(dir, name, len);
	if (!de)
		return -ENOENT;
	*out = inode_get(de->inode);
	return 0;
}

/* Make an inode and give it a name; the new inode comes back referenced. */
static int tmpfs_make(struct inode *dir, const char *name, size_t len,
		      uint32_t mode, uint32_t rdev, struct inode **out)
{
	struct inode *inode = tmpfs_alloc(dir->sb, mode, rdev);
	struct tmpfs_dirent *de;

	if (!inode)
		return -ENOSPC;
	de = dirent_new(name, len, inode);
	if (!de) {
		tmpfs_discard(inode);
		return -ENOSPC;
	}
	inode->uid = current_cred()->fsuid;
	inode->iflags = fileattr_inherit(dir);
	/* A set-group-ID directory hands its group (and, to directories, the
	 * bit) down, as in Linux's inode_init_owner. */
	if (dir->mode & S_ISGID) {
		inode->gid = dir->gid;
		if (S_ISDIR(inode->mode))
			inode->mode |= S_ISGID;
	} else {
		inode->gid = current_cred()->fsgid;
	}
	dir_insert(dir, de);
	*out = inode;
	return 0;
}

static int tmpfs_create(struct inode *dir, const char *name, size_t len,
			uint32_t mode, uint32_t rdev, struct inode **out)
{
	return tmpfs_make(dir, name, len, mode, rdev, out);
}

static int tmpfs_mkdir(struct inode *dir, const char *name, size_t len,
		       uint32_t mode)
{
	struct inode *inode;
	int err = tmpfs_make(dir, name, len, S_IFDIR | (mode & 07777), 0, &inode);

	if (!err)
		inode_put(inode);
	return err;
}

static int tmpfs_symlink(struct inode *dir, const char *name, size_t len,
			 const char *target, size_t tlen)
{
	char *copy = kmalloc(tlen ? tlen : 1);
	struct inode *inode;
	int err;

	if (!copy)
		return -ENOSPC;
	memcpy(copy, target, tlen);
	err = tmpfs_make(dir, name, len, S_IFLNK | 0777, 0, &inode);
	if (err) {
		kfree(copy);
		return err;
	}
	tmpfs_i(inode)->lnk.target = copy;
	inode->size = tlen;
	inode_put(inode);
	return 0;
}

static ssize_t tmpfs_readlink(struct inode *inode, char *buf, size_t size)
{
	size_t n = MIN(size, inode->size);

	memcpy(buf, tmpfs_i(inode)->lnk.target, n);
	return (ssize_t)n;
}

static int tmpfs_link(struct inode *target, struct inode *dir,
		      const char *name, size_t len)
{
	struct tmpfs_dirent *de = dirent_new(name, len, target);

	if (!de)
		return -ENOSPC;
	dir_insert(dir, de);
	target->nlink++;
	inode_touch_c(target);
	return 0;
}

static int tmpfs_unlink(struct inode *dir, const char *name, size_t len,
			struct inode *victim)
{
	struct tmpfs_dirent *de = dir_find(dir, name, len);

	if (!de || de->inode != victim)
		return -ENOENT;
	dir_remove(dir, de);
	victim->nlink--;
	inode_touch_c(victim);
	return 0;
}

static int tmpfs_rmdir(struct inode *dir, const char *name, size_t len,
		       struct inode *victim)
{
	struct tmpfs_dirent *de = dir_find(dir, name, len);

	if (!de || de->inode != victim)
		return -ENOENT;
	if (!list_empty(&tmpfs_i(victim)->dir.entries))
		return -ENOTEMPTY;
	dir_remove(dir, de);
	victim->nlink = 0;
	inode_touch_c(victim);
	return 0;
}

/* RENAME_EXCHANGE: the two entries trade inodes. */
static int rename_exchange(struct inode *odir, struct tmpfs_dirent *ode,
			   struct inode *ndir, struct tmpfs_dirent *nde)
{
	struct inode *a = ode->inode, *b = nde->inode;

	ode->inode = b;
	nde->inode = a;
	if (odir != ndir && S_ISDIR(a->mode) != S_ISDIR(b->mode)) {
		struct inode *gains = S_ISDIR(a->mode) ? ndir : odir;
		struct inode *loses = S_ISDIR(a->mode) ? odir : ndir;
		gains->nlink++;
		loses->nlink--;
	}
	if (S_ISDIR(a->mode))
		set_parent(a, ndir);
	if (S_ISDIR(b->mode))
		set_parent(b, odir);
	inode_touch_mc(odir);
	inode_touch_mc(ndir);
	inode_touch_c(a);
	inode_touch_c(b);
	return 0;
}

static int tmpfs_rename(struct inode *odir, const char *oname, size_t olen,
			struct inode *ndir, const char *nname, size_t nlen,
			unsigned flags)
{
	struct tmpfs_dirent *ode = dir_find(odir, oname, olen);
	struct tmpfs_dirent *nde = dir_find(ndir, nname, nlen), *de;
	struct inode *moved, *victim;

	if (!ode || (!nde && (flags & RENAME_EXCHANGE)))
		return -ENOENT;
	if (flags & RENAME_EXCHANGE)
		return rename_exchange(odir, ode, ndir, nde);
	victim = nde ? nde->inode : NULL;
	if (victim && S_ISDIR(victim->mode) &&
	    !list_empty(&tmpfs_i(victim)->dir.entries))
		return -ENOTEMPTY;
	moved = ode->inode;
	de = dirent_new(nname, nlen, moved);
	if (!de)
		return -ENOSPC;
	if (victim) {
		dir_remove(ndir, nde);
		victim->nlink = S_ISDIR(victim->mode) ? 0 : victim->nlink - 1;
		inode_touch_c(victim);
	}
	dir_remove(odir, ode);
	dir_insert(ndir, de);
	inode_touch_c(moved);
	return 0;
}

static int tmpfs_getdents(struct inode *dir, struct dir_ctx *ctx)
{
	struct tmpfs_inode *td = tmpfs_i(dir);
	struct list_head *p;

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->ino, DT_DIR, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct inode *parent = td->dir.parent ? td->dir.parent : dir;
		if (!ctx->emit(ctx, "..", 2, parent->ino, DT_DIR, 2))
			return 0;
		ctx->pos = 2;
	}
	list_for_each(p, &td->dir.entries) {
		struct tmpfs_dirent *de = list_entry(p, struct tmpfs_dirent, link);

		if (de->cookie < ctx->pos)
			continue;
		if (!ctx->emit(ctx, de->name, de->len, de->inode->ino,
			       inode_dtype(de->inode->mode), de->cookie + 1))
			return 0;
		ctx->pos = de->cookie + 1;
	}
	return 0;
}

/* Last reference gone: free the inode if no name is left either. */
static void tmpfs_release(struct inode *inode)
{
	struct tmpfs_inode *ti = tmpfs_i(inode);

	if (inode->nlink)
		return;
	xattr_drop_all(inode);
	if (S_ISREG(inode->mode))
		tmpfs_free_data(ti);
	else if (S_ISLNK(inode->mode))
		kfree(ti->lnk.target);
	else if (S_ISDIR(inode->mode))
		inode_put(ti->dir.parent);
	kfree(ti);
}

static const struct inode_ops tmpfs_iops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.link = tmpfs_link,
	.symlink = tmpfs_symlink,
	.readlink = tmpfs_readlink,
	.getdents = tmpfs_getdents,
	.truncate = tmpfs_truncate,
	.release = tmpfs_release,
};

struct file *tmpfs_anon_file(uint64_t size)
{
	static struct superblock *shm_sb;   /* [I] made on first use, never mounted */
	struct inode *inode;
	struct file *f;

	if (!shm_sb && !(shm_sb = tmpfs_new()))
		return NULL;
	inode = tmpfs_alloc(shm_sb, S_IFREG | 0777, 0);
	if (!inode)
		return NULL;
	inode->nlink = 0;       /* no name: freed with the last reference */
	inode->size = size;
	f = file_alloc(inode, O_RDWR, inode->fops);
	inode_put(inode);
	return f;
}

#define MFD_CLOEXEC 1u
#define MFD_ALLOW_SEALING 2u
#define MFD_NAME_MAX 249        /* NAME_MAX less "memfd:" */

/*
 * memfd_create: an unnamed tmpfs file, empty, open read-write.  Sealing is
 * not implemented, so MFD_ALLOW_SEALING is refused rather than pretended.
 */
long sys_memfd_create(const char __user *uname, unsigned flags)
{
	char name[MFD_NAME_MAX + 1];
	struct file *f;
	long len = strncpy_from_user(name, uname, sizeof(name));

	if (len == -ENAMETOOLONG)
		return -EINVAL;
	if (len < 0)
		return len;
	if (flags & ~MFD_CLOEXEC)
		return -EINVAL;
	f = tmpfs_anon_file(0);
	if (!f)
		return -ENOMEM;
	return fd_install_new(f, flags & MFD_CLOEXEC);
}

/* Like Linux's tmpfs default (size=50%), so files cannot starve the kernel. */
struct superblock *tmpfs_new(void)
{
	struct superblock *sb = sb_new("tmpfs");

	if (!sb)
		return NULL;
	sb->magic = TMPFS_MAGIC;
	sb->pages_max = page_total() / 2;
	sb->has_xattrs = sb->has_fsflags = true;
	sb->root = tmpfs_alloc(sb, S_IFDIR | 0755, 0);
	if (!sb->root) {
		kfree(sb);
		return NULL;
	}
	return sb;
}
