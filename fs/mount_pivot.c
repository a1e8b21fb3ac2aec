// SPDX-License-Identifier: MIT
/*
 * mount_pivot.c - pivot_root(2), in the order of Linux 6.1's
 * fs/namespace.c: the mount at new_root becomes the caller's root mount
 * and the old root mount goes onto put_old, inside the caller's mount
 * namespace; every process whose root or cwd was the old root moves to
 * the new one (chroot_fs_refs).
 *
 * Errors, checked before anything changes: EPERM without CAP_SYS_ADMIN;
 * the walks' own (ENOENT, ENOTDIR: both must be directories); EINVAL when
 * put_old's mount, new_root's parent or the root's parent is shared, or a
 * mount is not in the caller's namespace; ENOENT for a removed new_root;
 * EINVAL when the root is mounted nowhere (the initramfs's rootfs cannot
 * be pivoted; Linux 6.1 says EINVAL for pivot_root("/", "/") there, not
 * EBUSY); EBUSY when new_root or put_old is in the root mount; EINVAL
 * when the root or new_root is not the root of its mount or new_root is
 * mounted nowhere, when put_old is not at or below new_root, or new_root
 * not below the root.
 */
#include "fs/mount_internal.h"
#include "kernel/proc.h"

static int walk_dir(const char __user *upath, struct walk *w)
{
	char *path = getname(upath);
	int err;

	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	err = walk_path(AT_FDCWD, path, WALK_FOLLOW, w);
	putname(path);
	if (!err && !S_ISDIR(w->inode->mode)) {
		walk_done(w);
		err = -ENOTDIR;
	}
	return err;
}

/* Is obj in m at or below dir of top, climbing out through mount points? */
static bool reachable(struct mount *m, struct inode *obj, struct mount *top,
		      struct inode *dir)
{
	for (int i = 0; m && m != top && m->parent && i < 4096; i++) {
		obj = m->mountpoint;
		m = m->parent;
	}
	return m == top && mount_under(obj, NULL, dir);
}

static bool shared(struct mount *m)
{
	return m && m->group;
}

/* The checks of pivot_root, in Linux's order. */
static int may_pivot(struct walk *nw, struct walk *ow, struct mount *root_mnt,
		     struct inode *root)
{
	struct mount *new_mnt = nw->mnt, *old_mnt = ow->mnt;
	struct mnt_ns *ns = mnt_ns_current();

	if (!new_mnt || !old_mnt || !root_mnt)
		return -EINVAL;
	if (shared(old_mnt) || shared(new_mnt->parent) || shared(root_mnt->parent))
		return -EINVAL;
	if (root_mnt->ns != ns || new_mnt->ns != ns)
		return -EINVAL;
	if (nw->inode->nlink == 0)
		return -ENOENT;
	if (!root_mnt->parent)
		return -EINVAL;         /* before EBUSY: Linux's pivot_root("/", "/") */
	if (new_mnt == root_mnt || old_mnt == root_mnt)
		return -EBUSY;
	if (root != root_mnt->root)
		return -EINVAL;
	if (nw->inode != new_mnt->root || !new_mnt->parent)
		return -EINVAL;
	if (!reachable(old_mnt, ow->inode, new_mnt, nw->inode) ||
	    !reachable(new_mnt, nw->inode, root_mnt, root))
		return -EINVAL;
	return 0;
}

/* A root or cwd slot on (from, from_mnt) moves to to's root. */
static void move_slot(struct inode **slot, struct mount **mslot,
		      struct inode *from, struct mount *from_mnt, struct mount *to)
{
	if (*slot != from || mnt_of(*mslot, *slot) != from_mnt)
		return;
	inode_put(*slot);
	*slot = inode_get(to->root);
	mount_put(*mslot);
	*mslot = mount_get(to);
}

/* chroot_fs_refs: every process rooted or standing at the old root moves. */
static void move_fs_refs(struct inode *root, struct mount *root_mnt,
			 struct mount *new_mnt)
{
	struct list_head *l;

	list_for_each(l, &proc_list) {
		struct fs_state *fs = list_entry(l, struct proc, all)->fs;

		if (!fs)
			continue;
		move_slot(&fs->root, &fs->root_mnt, root, root_mnt, new_mnt);
		move_slot(&fs->cwd, &fs->cwd_mnt, root, root_mnt, new_mnt);
	}
}

/* new_mnt takes root_mnt's place; root_mnt goes on ow's object. */
static void pivot(struct mount *new_mnt, struct mount *root_mnt, struct walk *ow)
{
	struct mount *ex_parent = new_mnt->parent, *root_parent = root_mnt->parent;
	struct inode *ex_mp = new_mnt->mountpoint, *root_mp = root_mnt->mountpoint;

	mount_unhook(new_mnt);
	mount_unhook(root_mnt);
	mount_hook(root_mnt, ow->mnt, ow->inode);
	mount_hook(new_mnt, root_parent, root_mp);
	inode_put(ex_mp);
	mount_put(ex_parent);
	inode_put(root_mp);
	mount_put(root_parent);
}

long sys_pivot_root(const char __user *new_root, const char __user *put_old)
{
	struct fs_state *fs = vfs_fs();
	struct mount *root_mnt;
	struct walk nw, ow;
	long err;

	if (!cred_privileged())
		return -EPERM;
	err = walk_dir(new_root, &nw);
	if (err)
		return err;
	err = walk_dir(put_old, &ow);
	if (err) {
		walk_done(&nw);
		return err;
	}
	root_mnt = mnt_of(fs->root_mnt, fs->root);
	err = may_pivot(&nw, &ow, root_mnt, fs->root);
	if (!err) {
		struct inode *root = inode_get(fs->root);

		mount_get(root_mnt);
		pivot(nw.mnt, root_mnt, &ow);
		move_fs_refs(root, root_mnt, nw.mnt);
		mount_put(root_mnt);
		inode_put(root);
	}
	walk_done(&ow);
	walk_done(&nw);
	return err;
}
