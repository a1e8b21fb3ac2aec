// SPDX-License-Identifier: MIT
/*
 * vfs.c - bringing the file system up: the tmpfs root, the memory devices,
 * the kernel's own file state, and mounting one file system on a directory.
 *
 * Boot order (kernel/main.c): vfs_init() once memory, time and the process
 * table exist; then cpio_unpack() fills the root from the initramfs.  Until
 * the first process has an fs_state, path lookups run in a kernel file state
 * rooted at "/".
 */
#include "fs/mount_internal.h"
#include "kernel/mm.h"

struct superblock *vfs_root_sb;

void vfs_init(void)
{
	vfs_root_sb = tmpfs_new();
	if (!vfs_root_sb)
		panic("vfs: cannot create the root file system");
	vfs_root_sb->mnt = mount_new(vfs_root_sb, vfs_root_sb->root);
	if (!vfs_root_sb->mnt)
		panic("vfs: cannot create the root mount");
	chardev_init();
	fs_state_init();
}

struct mount *mount_new(struct superblock *sb, struct inode *root)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		return NULL;
	m->refs = 1;
	m->sb = sb;
	m->root = inode_get(root);
	sb->mounts++;
	return m;
}

void mount_link(struct mount *m)
{
	m->next_on_mp = m->mountpoint->mounts;
	m->mountpoint->mounts = m;
}

void mount_hook(struct mount *m, struct mount *parent, struct inode *mp)
{
	m->parent = mount_get(parent);
	m->mountpoint = inode_get(mp);
	mount_link(m);
}

void mount_unhook(struct mount *m)
{
	struct mount **p = &m->mountpoint->mounts;

	while (*p != m)
		p = &(*p)->next_on_mp;
	*p = m->next_on_mp;
	m->next_on_mp = NULL;
}

/*
 * Cover dir with sb's root for walks that come through no mount, or
 * through dir's file system's first (the host unit tests' mounts).
 */
int vfs_mount(struct inode *dir, struct superblock *sb)
{
	struct mount *m;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	m = mount_new(sb, sb->root);
	if (!m)
		return -ENOMEM;
	mount_hook(m, mnt_of(NULL, dir), dir);
	sb->mnt = m;
	sb->mnt_flags = MNT_RELATIME;
	return 0;
}

struct mount *mount_lookup(struct mount *parent, struct inode *inode)
{
	struct mount *m;

	for (m = inode->mounts; m; m = m->next_on_mp)
		if (m->parent == parent)
			return m;
	return NULL;
}

struct mount *mount_get(struct mount *m)
{
	if (m)
		m->refs++;
	return m;
}

unsigned mnt_flags_at(struct mount *mnt, struct inode *inode)
{
	struct superblock *sb = inode->sb;
	struct mount *m = mnt_of(mnt, inode);
	unsigned f = m ? m->mnt_flags : sb->mnt_flags;

	return f | (sb->rdonly ? MNT_READONLY : 0);
}

int mnt_want_write(struct mount *mnt, struct inode *inode)
{
	return (mnt_flags_at(mnt, inode) & MNT_READONLY) ? -EROFS : 0;
}

struct mount *mnt_of(struct mount *mnt, struct inode *inode)
{
	return mnt && mnt->sb == inode->sb ? mnt : inode->sb->mnt;
}

void mount_writers_add(struct mount *m, int n)
{
	m->writers += n;
}

/*
 * Superblocks whose last mount went while something (a file held without
 * its mount, say) still used them: their last mount's record waits here.
 */
static struct list_head mount_parked = LIST_HEAD_INIT(mount_parked);

static void mount_free(struct mount *m)
{
	if (m->type)
		m->type->kill(m->sb);
	kfree(m->source);
	kfree(m);
}

void mount_reap(void)
{
	struct list_head *l, *n;

	list_for_each_safe(l, n, &mount_parked) {
		struct mount *m = list_entry(l, struct mount, link);

		if (m->type->busy(m->sb, 0))
			continue;
		list_del(&m->link);
		mount_free(m);
	}
}

/*
 * The last reference to a mount out of the name space: the superblock
 * goes with its last mount, once nothing uses it.
 */
void mount_put(struct mount *m)
{
	struct superblock *sb;

	if (!m || --m->refs)
		return;
	sb = m->sb;
	inode_put(m->root);
	inode_put(m->mountpoint);
	inode_put(m->mp_dir);
	inode_put(m->root_dir);
	kfree(m->mp_name);
	kfree(m->root_name);
	mount_put(m->parent);
	m->root = m->mountpoint = m->mp_dir = m->root_dir = NULL;
	if (sb->mnt == m)
		sb->mnt = NULL;
	if (--sb->mounts || !m->type) {
		kfree(m->source);
		kfree(m);
	} else if (m->type->busy(sb, 0)) {
		list_add_tail(&m->link, &mount_parked);
	} else {
		mount_free(m);
	}
}
