// SPDX-License-Identifier: MIT
/*
 * rename.c - rename, renameat, renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE).
 *
 * The checks and their order are Linux's do_renameat2/vfs_rename: flags,
 * both parent walks, EXDEV across mounts, "." ".." "/" as either name
 * (EBUSY; EEXIST with NOREPLACE), a missing source (ENOENT), NOREPLACE onto
 * an existing name (EEXIST), EXCHANGE with a missing target (ENOENT),
 * trailing slashes on non-directories (ENOTDIR), a directory moved under
 * itself (EINVAL) or over one of its ancestors (ENOTEMPTY), renaming onto
 * the same inode (success, nothing done), then the type rules (EISDIR,
 * ENOTDIR) and mount points (EBUSY).  The file system does the move and
 * refuses a non-empty target directory (ENOTEMPTY).
 */
#include "fs/vfs_internal.h"

#define RENAME_WHITEOUT 4

/* Is a the directory d or one of its ancestors (same file system)? */
static int is_ancestor(struct inode *a, struct inode *d, bool *result)
{
	struct inode *cur = inode_get(d), *parent;
	int err = 0;

	*result = false;
	while (cur != a && cur != cur->sb->root) {
		err = cur->ops->lookup(cur, "..", 2, &parent);
		if (err)
			break;
		inode_put(cur);
		cur = parent;
	}
	*result = cur == a;
	inode_put(cur);
	return err;
}

/* The parent walks and the checks on names alone. */
static int rename_names(struct walk *o, struct walk *n, unsigned flags)
{
	if (o->dir->sb != n->dir->sb ||
	    dir_mnt(o->mnt, o->inode, o->dir) != dir_mnt(n->mnt, n->inode, n->dir))
		return -EXDEV;          /* another mount, if only a bind */
	if (o->last_type != LAST_NORM)
		return -EBUSY;
	if (n->last_type != LAST_NORM)
		return flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
	if (!o->inode)
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && n->inode)
		return -EEXIST;
	if (flags & RENAME_EXCHANGE) {
		if (!n->inode)
			return -ENOENT;
		if (!S_ISDIR(n->inode->mode) && n->slash)
			return -ENOTDIR;
	}
	if (!S_ISDIR(o->inode->mode) &&
	    (o->slash || (!(flags & RENAME_EXCHANGE) && n->slash)))
		return -ENOTDIR;
	return 0;
}

/* A directory may not move below itself, nor over an ancestor of its source. */
static int rename_loops(struct walk *o, struct walk *n, unsigned flags)
{
	bool anc;
	int err;

	if (S_ISDIR(o->inode->mode)) {
		err = is_ancestor(o->inode, n->dir, &anc);
		if (err)
			return err;
		if (anc)
			return -EINVAL;
	}
	if (n->inode && S_ISDIR(n->inode->mode)) {
		err = is_ancestor(n->inode, o->dir, &anc);
		if (err)
			return err;
		if (anc)
			return flags & RENAME_EXCHANGE ? -EINVAL : -ENOTEMPTY;
	}
	return 0;
}

static int rename_checked(struct walk *o, struct walk *n, unsigned flags)
{
	int err = rename_names(o, n, flags);

	if (!err)
		err = rename_loops(o, n, flags);
	if (err)
		return err;
	if (o->inode == n->inode)
		return 0;
	if (n->inode && !(flags & RENAME_EXCHANGE)) {
		if (S_ISDIR(o->inode->mode) && !S_ISDIR(n->inode->mode))
			return -ENOTDIR;
		if (!S_ISDIR(o->inode->mode) && S_ISDIR(n->inode->mode))
			return -EISDIR;
	}
	if (walk_mountpoint(o) || (n->inode && walk_mountpoint(n)))
		return -EBUSY;
	int err2 = may_delete(o->mnt, o->dir, o->inode);
	if (!err2)
		err2 = n->inode ? may_delete(n->mnt, n->dir, n->inode) :
		       may_create(n->mnt, n->dir);
	if (err2)
		return err2;
	if (!o->dir->ops->rename)
		return -EPERM;
	return o->dir->ops->rename(o->dir, o->last, o->last_len, n->dir,
				   n->last, n->last_len, flags);
}

long sys_renameat2(int olddirfd, const char __user *oldpath, int newdirfd,
		   const char __user *newpath, unsigned int flags)
{
	char *opath, *npath = NULL;
	struct walk o, n;
	long err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_EXCHANGE) &&
	    (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT) {
		printk_once("fs: RENAME_WHITEOUT is not supported\n");
		return -EINVAL;
	}
	opath = getname(oldpath);
	if (IS_ERR(opath))
		return PTR_ERR(opath);
	npath = getname(newpath);
	err = IS_ERR(npath) ? PTR_ERR(npath) : 0;
	if (err)
		goto out_opath;
	err = walk_path(olddirfd, opath, WALK_PARENT, &o);
	if (err)
		goto out_npath;
	err = walk_path(newdirfd, npath, WALK_PARENT, &n);
	if (!err) {
		err = rename_checked(&o, &n, flags);
		walk_done(&n);
	}
	walk_done(&o);
out_npath:
	putname(npath);
out_opath:
	putname(opath);
	return err;
}

long sys_renameat(int olddirfd, const char __user *oldpath, int newdirfd,
		  const char __user *newpath)
{
	return sys_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

long sys_rename(const char __user *oldpath, const char __user *newpath)
{
	return sys_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}
