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
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->mounted || sb->covered)
		return -EBUSY;
	sb->covered = inode_get(dir);
	dir->mounted = sb;
	return 0;
}

struct mount *mount_bind_on(struct mount *parent, struct inode *inode)
{
	struct mount *m;

	for (m = inode->binds; m; m = m->next_bind)
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
	kfree(m->source);
	kfree(m);
}
