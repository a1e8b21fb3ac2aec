// SPDX-License-Identifier: MIT
/*
 * fileattr.c - the ioctls every file answers before its own driver does
 * (Linux's do_vfs_ioctl): inode flags through FS_IOC_GETFLAGS,
 * FS_IOC_SETFLAGS, FS_IOC_FSGETXATTR and FS_IOC_FSSETXATTR (fs/ioctl.c's
 * fileattr calls), and FIFREEZE/FITHAW.
 *
 * Flags are kept where Linux 6.1's tmpfs keeps them (sb->has_fsflags):
 * immutable (a), append-only (i), nodump (d) and noatime (A); any other
 * flag is EOPNOTSUPP, a change of i or a needs CAP_LINUX_IMMUTABLE, and
 * any change the owner or CAP_FOWNER.  New inodes take d and A from their
 * directory (SHMEM_FL_INHERITED).  Elsewhere the commands go on to the
 * file's driver (ENOTTY from most), as vfs_fileattr_get's ENOIOCTLCMD.
 * The VFS enforces the flags (inode.c, open.c, attr.c, dirops.c, xattr.c).
 *
 * No file system here can be frozen, so FIFREEZE is EOPNOTSUPP and FITHAW,
 * finding nothing frozen, EINVAL (thaw_super), both after CAP_SYS_ADMIN.
 */
#include "fs/vfs_internal.h"
#include "kernel/uaccess.h"

#define FS_IOC_GETFLAGS 0x80086601u     /* _IOR('f', 1, long) */
#define FS_IOC_SETFLAGS 0x40086602u     /* _IOW('f', 2, long) */
#define FS_IOC_FSGETXATTR 0x801c581fu   /* _IOR('X', 31, struct fsxattr) */
#define FS_IOC_FSSETXATTR 0x401c5820u   /* _IOW('X', 32, struct fsxattr) */
#define FIFREEZE 0xc0045877u            /* _IOWR('X', 119, int) */
#define FITHAW 0xc0045878u              /* _IOWR('X', 120, int) */

#define FS_MODIFIABLE (FS_IMMUTABLE_FL | FS_APPEND_FL | FS_NODUMP_FL | FS_NOATIME_FL)
#define FS_INHERITED (FS_NODUMP_FL | FS_NOATIME_FL)

/* struct fsxattr (uapi/linux/fs.h) and the flags fileattr_fill_flags maps. */
struct fsxattr {
	uint32_t fsx_xflags, fsx_extsize, fsx_nextents, fsx_projid;
	uint32_t fsx_cowextsize;
	uint8_t fsx_pad[8];
};
#define FS_SYNC_FL 0x00000008
#define FS_DAX_FL 0x02000000
#define FS_PROJINHERIT_FL 0x20000000
static const uint32_t flag_map[][2] = {         /* FS_*_FL, FS_XFLAG_* */
	{ FS_SYNC_FL, 0x20 }, { FS_IMMUTABLE_FL, 0x08 }, { FS_APPEND_FL, 0x10 },
	{ FS_NODUMP_FL, 0x80 }, { FS_NOATIME_FL, 0x40 }, { FS_DAX_FL, 0x8000 },
	{ FS_PROJINHERIT_FL, 0x200 },
};

static uint32_t flags_map(uint32_t in, int from, uint32_t *rest)
{
	uint32_t out = 0;

	*rest = in;
	for (size_t i = 0; i < ARRAY_SIZE(flag_map); i++) {
		if (in & flag_map[i][from]) {
			out |= flag_map[i][!from];
			*rest &= ~flag_map[i][from];
		}
	}
	return out;
}

unsigned fileattr_inherit(struct inode *dir)
{
	return dir && dir->sb->has_fsflags ? dir->iflags & FS_INHERITED : 0;
}

/* vfs_fileattr_set + shmem_fileattr_set; extra: what tmpfs cannot keep. */
static long fileattr_set(struct file *f, uint32_t flags, bool extra)
{
	struct inode *inode = f->inode;

	if (mnt_want_write(f->mnt, inode))
		return -EROFS;
	if (!inode->sb->has_fsflags)
		return -ENOIOCTLCMD;
	if (!inode_owner_or_privileged(inode))
		return -EPERM;
	if (((flags ^ inode->iflags) & (FS_APPEND_FL | FS_IMMUTABLE_FL)) &&
	    !cred_privileged())
		return -EPERM;          /* CAP_LINUX_IMMUTABLE */
	if (extra || (flags & ~FS_MODIFIABLE))
		return -EOPNOTSUPP;
	inode->iflags = flags;
	inode_touch_c(inode);
	return 0;
}

static long fsxattr_get(struct inode *inode, void __user *arg)
{
	struct fsxattr fa = { 0 };
	uint32_t rest;

	fa.fsx_xflags = flags_map(inode->iflags, 0, &rest);
	return copy_to_user(arg, &fa, sizeof(fa)) ? -EFAULT : 0;
}

static long fsxattr_set(struct file *f, void __user *arg)
{
	struct fsxattr fa;
	uint32_t flags, rest;

	if (copy_from_user(&fa, arg, sizeof(fa)))
		return -EFAULT;
	flags = flags_map(fa.fsx_xflags, 1, &rest);
	return fileattr_set(f, flags, rest || fa.fsx_extsize || fa.fsx_projid ||
			    fa.fsx_cowextsize);
}

static long fileattr_flags(struct file *f, unsigned int cmd, void __user *arg)
{
	uint32_t flags;

	switch (cmd) {
	case FS_IOC_GETFLAGS:
		if (!f->inode->sb->has_fsflags)
			return -ENOIOCTLCMD;
		flags = f->inode->iflags;
		return copy_to_user(arg, &flags, sizeof(flags)) ? -EFAULT : 0;
	case FS_IOC_SETFLAGS:
		if (copy_from_user(&flags, arg, sizeof(flags)))
			return -EFAULT;
		return fileattr_set(f, flags, false);
	case FS_IOC_FSGETXATTR:
		if (!f->inode->sb->has_fsflags)
			return -ENOIOCTLCMD;
		return fsxattr_get(f->inode, arg);
	case FS_IOC_FSSETXATTR:
		return fsxattr_set(f, arg);
	}
	return -ENOIOCTLCMD;
}

long fileattr_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (!f->inode)
		return -ENOIOCTLCMD;
	switch (cmd) {
	case FIFREEZE:
	case FITHAW:
		if (!cred_privileged())
			return -EPERM;
		return cmd == FIFREEZE ? -EOPNOTSUPP : -EINVAL;
	}
	return fileattr_flags(f, cmd, (void __user *)arg);
}
