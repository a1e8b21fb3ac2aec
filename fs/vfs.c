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
#include "fs/vfs_internal.h"

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
