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
	chardev_init();
	fs_state_init();
}

/*
 * Cover the directory dir with sb's root: walks into dir now reach sb, and
 * ".." from sb's root leads back out through dir.  EBUSY when dir already
 * has a mount or is the root of one; ENOTDIR when it is not a directory.
 */
int vfs_mount(struct inode *dir, struct superblock *sb)
{
	return vfs_mount_via(dir, sb, NULL);
}

int vfs_mount_via(struct inode *dir, struct superblock *sb, struct mount *via)
{
	struct superblock *s;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	for (s = dir->mounted; s; s = s->next_covering)
		if (s->covered_via == via)
			return -EBUSY;
	if (sb->covered)
		return -EBUSY;
	sb->covered = inode_get(dir);
	sb->covered_via = via;
	sb->next_covering = dir->mounted;
	dir->mounted = sb;
	return 0;
}

struct superblock *vfs_mounted(struct inode *dir, struct mount *via)
{
	struct superblock *sb;

	for (sb = dir->mounted; sb; sb = sb->next_covering)
		if (mount_shows(sb, via))
			return sb;
	return NULL;
}

void vfs_uncover(struct superblock *sb)
{
	struct superblock **p = &sb->covered->mounted;

	while (*p != sb)
		p = &(*p)->next_covering;
	*p = sb->next_covering;
	sb->next_covering = NULL;
}

struct mount *mount_bind_on(struct mount *parent, struct inode *inode)
{
	struct mount *m;

	for (m = inode->binds; m; m = m->next_bind)
		if (m->parent == parent)
			return m;
	return NULL;
}

bool mount_shows(struct superblock *sb, struct mount *at)
{
	for (;;) {
		if (sb->covered_via == at)
			return true;
		if (!at || !at->rec)
			return false;
		at = at->src;
	}
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
	unsigned f = mnt && mnt->sb == sb ? mnt->mnt_flags : sb->mnt_flags;

	return f | (sb->rdonly ? MNT_READONLY : 0);
}

int mnt_want_write(struct mount *mnt, struct inode *inode)
{
	return (mnt_flags_at(mnt, inode) & MNT_READONLY) ? -EROFS : 0;
}

struct mount *mnt_of(struct mount *mnt, struct inode *inode)
{
	return mnt && mnt->sb == inode->sb ? mnt : NULL;
}

void mount_writers_add(struct mount *m, int n)
{
	m->writers += n;
}

/* The last reference to a bind mount taken out of the name space. */
void mount_put(struct mount *m)
{
	if (!m || --m->refs)
		return;
	inode_put(m->root);
	inode_put(m->mountpoint);
	inode_put(m->mp_dir);
	inode_put(m->root_dir);
	kfree(m->mp_name);
	kfree(m->root_name);
	mount_put(m->parent);
	mount_put(m->src);
	kfree(m->source);
	kfree(m);
}
