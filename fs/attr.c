// SPDX-License-Identifier: MIT
/*
 * attr.c - changing inode metadata: chmod, fchmod, fchmodat, chown, lchown,
 * fchown, fchownat, utimensat.
 *
 * Every caller is root for now, so the ownership and permission rules of
 * notify_change() reduce to what root sees: chown still clears set-user-ID
 * (and set-group-ID when group-executable) on non-directories, every change
 * sets ctime, and utimensat takes UTIME_NOW/UTIME_OMIT per timestamp.
 */
#include "fs/vfs_internal.h"
#include "kernel/uaccess.h"

#define UTIME_NOW ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)
#define NO_ID 0xffffffffU

static void attr_changed(struct inode *inode)
{
	inode_touch_c(inode);
	if (inode->ops->dirty)
		inode->ops->dirty(inode);
}

static void set_mode(struct inode *inode, unsigned int mode)
{
	inode->mode = (inode->mode & S_IFMT) | (mode & 07777);
	attr_changed(inode);
}

long sys_fchmodat(int dirfd, const char __user *path, unsigned int mode)
{
	struct inode *inode;
	int err = walk_user(dirfd, path, WALK_FOLLOW, &inode);

	if (err)
		return err;
	set_mode(inode, mode);
	inode_put(inode);
	return 0;
}

long sys_chmod(const char __user *path, unsigned int mode)
{
	return sys_fchmodat(AT_FDCWD, path, mode);
}

long sys_fchmod(int fd, unsigned int mode)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	set_mode(f->inode, mode);
	file_put(f);
	return 0;
}

static void set_owner(struct inode *inode, unsigned int uid, unsigned int gid)
{
	if (uid == NO_ID && gid == NO_ID)
		return;
	if (uid != NO_ID)
		inode->uid = uid;
	if (gid != NO_ID)
		inode->gid = gid;
	if (!S_ISDIR(inode->mode)) {
		inode->mode &= ~S_ISUID;
		if (inode->mode & 010)
			inode->mode &= ~S_ISGID;
	}
	attr_changed(inode);
}

long sys_fchownat(int dirfd, const char __user *path, unsigned int uid,
		  unsigned int gid, int flags)
{
	unsigned wflags = WALK_FOLLOW;
	struct inode *inode;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		wflags &= ~WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wflags |= WALK_EMPTY;
	err = walk_user(dirfd, path, wflags, &inode);
	if (err)
		return err;
	set_owner(inode, uid, gid);
	inode_put(inode);
	return 0;
}

long sys_chown(const char __user *path, unsigned int uid, unsigned int gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

long sys_lchown(const char __user *path, unsigned int uid, unsigned int gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown(int fd, unsigned int uid, unsigned int gid)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	set_owner(f->inode, uid, gid);
	file_put(f);
	return 0;
}

/* Read and check utimensat's two timespecs; NULL means "now" for both. */
static int get_times(const void __user *utimes, struct timespec64 ts[2])
{
	if (!utimes) {
		ts[0].tv_nsec = ts[1].tv_nsec = UTIME_NOW;
		return 0;
	}
	if (copy_from_user(ts, utimes, 2 * sizeof(ts[0])))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (ts[i].tv_nsec == UTIME_NOW || ts[i].tv_nsec == UTIME_OMIT)
			continue;
		if (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= (int64_t)NSEC_PER_SEC)
			return -EINVAL;
	}
	return 0;
}

static void set_times(struct inode *inode, struct timespec64 ts[2])
{
	struct timespec64 now = inode_now();

	if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
		return;
	if (ts[0].tv_nsec != UTIME_OMIT)
		inode->atime = ts[0].tv_nsec == UTIME_NOW ? now : ts[0];
	if (ts[1].tv_nsec != UTIME_OMIT)
		inode->mtime = ts[1].tv_nsec == UTIME_NOW ? now : ts[1];
	attr_changed(inode);
}

long sys_utimensat(int dirfd, const char __user *path,
		   const void __user *times, int flags)
{
	unsigned wflags = WALK_FOLLOW;
	struct timespec64 ts[2];
	struct inode *inode;
	struct file *f;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = get_times(times, ts);
	if (err)
		return err;
	if (!path && dirfd != AT_FDCWD) {
		/* utimensat(fd, NULL, ...): the futimens case. */
		if (flags & AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		f = fd_get(dirfd);
		if (!f)
			return -EBADF;
		set_times(f->inode, ts);
		file_put(f);
		return 0;
	}
	if (flags & AT_SYMLINK_NOFOLLOW)
		wflags &= ~WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wflags |= WALK_EMPTY;
	err = walk_user(dirfd, path, wflags, &inode);
	if (err)
		return err;
	set_times(inode, ts);
	inode_put(inode);
	return 0;
}
