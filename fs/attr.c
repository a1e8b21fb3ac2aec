// SPDX-License-Identifier: MIT
/*
 * attr.c - changing inode metadata: chmod, fchmod, fchmodat, chown, lchown,
 * fchown, fchownat, utimensat.
 *
 * The ownership rules of notify_change(): chmod and explicit times need the
 * owner (or privilege), chown gives files away only when privileged, chown
 * clears set-user-ID (and set-group-ID when group-executable) on
 * non-directories, every change sets ctime, and utimensat takes
 * UTIME_NOW/UTIME_OMIT per timestamp.
 */
#include "fs/vfs_internal.h"
#include "kernel/uaccess.h"

#define UTIME_NOW ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)
#define NO_ID 0xffffffffU

/* notify_change: mode, owner and explicit times of an immutable or
 * append-only inode stay (touching "now" only the immutable's). */
static int attr_locked(struct inode *inode, bool touch)
{
	if (inode_immutable(inode) || (!touch && inode_append_only(inode)))
		return -EPERM;
	return 0;
}

static void attr_changed(struct inode *inode)
{
	inode_touch_c(inode);
	if (inode->ops->dirty)
		inode->ops->dirty(inode);
}

/* chmod: the owner or a privileged caller; a non-member loses S_ISGID. */
static int set_mode(struct mount *mnt, struct inode *inode, unsigned int mode)
{
	if (mnt_want_write(mnt, inode))
		return -EROFS;          /* before ownership */
	if (attr_locked(inode, false))
		return -EPERM;
	if (!inode_owner_or_privileged(inode))
		return -EPERM;
	if (!cred_fs_privileged() && !cred_in_group(inode->gid))
		mode &= ~(unsigned)S_ISGID;
	inode->mode = (inode->mode & S_IFMT) | (mode & 07777);
	attr_changed(inode);
	return 0;
}

long sys_fchmodat(int dirfd, const char __user *path, unsigned int mode)
{
	struct inode *inode;
	struct mount *mnt;
	int err = walk_user_mnt(dirfd, path, WALK_FOLLOW, &inode, &mnt);

	if (err)
		return err;
	err = set_mode(mnt, inode, mode);
	inode_put(inode);
	mount_put(mnt);
	return err;
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
	int err = set_mode(f->mnt, f->inode, mode);
	file_put(f);
	return err;
}

/*
 * chown: only a privileged caller gives a file away; the owner may change
 * its group to one it belongs to (chown_ok/chgrp_ok in Linux).
 */
static int set_owner(struct mount *mnt, struct inode *inode, unsigned int uid,
		     unsigned int gid)
{
	if (mnt_want_write(mnt, inode))
		return -EROFS;
	if (!cred_privileged()) {
		if (uid != NO_ID && uid != inode->uid)
			return -EPERM;
		if (gid != NO_ID && gid != inode->gid &&
		    (inode->uid != current_cred()->fsuid || !cred_in_group(gid)))
			return -EPERM;
		if (uid != NO_ID && inode->uid != current_cred()->fsuid)
			return -EPERM;
	}
	if (uid == NO_ID && gid == NO_ID)
		return 0;
	if (attr_locked(inode, false))
		return -EPERM;
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
	return 0;
}

long sys_fchownat(int dirfd, const char __user *path, unsigned int uid,
		  unsigned int gid, int flags)
{
	unsigned wflags = WALK_FOLLOW;
	struct inode *inode;
	struct mount *mnt;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		wflags &= ~WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wflags |= WALK_EMPTY;
	err = walk_user_mnt(dirfd, path, wflags, &inode, &mnt);
	if (err)
		return err;
	err = set_owner(mnt, inode, uid, gid);
	inode_put(inode);
	mount_put(mnt);
	return err;
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
	int err = set_owner(f->mnt, f->inode, uid, gid);
	file_put(f);
	return err;
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

/*
 * Explicit times need ownership (or privilege); "now" also write permission.
 */
static int set_times(struct mount *mnt, struct inode *inode,
		     struct timespec64 ts[2])
{
	struct timespec64 now = inode_now();
	bool explicit = (ts[0].tv_nsec != UTIME_NOW && ts[0].tv_nsec != UTIME_OMIT) ||
			(ts[1].tv_nsec != UTIME_NOW && ts[1].tv_nsec != UTIME_OMIT);

	if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (mnt_want_write(mnt, inode))
		return -EROFS;
	if (attr_locked(inode, ts[0].tv_nsec == UTIME_NOW && ts[1].tv_nsec == UTIME_NOW))
		return -EPERM;
	if (!inode_owner_or_privileged(inode)) {
		if (explicit)
			return -EPERM;
		if (inode_permission_at(mnt, inode, MAY_WRITE))
			return -EACCES;
	}
	if (ts[0].tv_nsec != UTIME_OMIT)
		inode->atime = ts[0].tv_nsec == UTIME_NOW ? now : ts[0];
	if (ts[1].tv_nsec != UTIME_OMIT)
		inode->mtime = ts[1].tv_nsec == UTIME_NOW ? now : ts[1];
	attr_changed(inode);
	return 0;
}

long sys_utimensat(int dirfd, const char __user *path,
		   const void __user *times, int flags)
{
	unsigned wflags = WALK_FOLLOW;
	struct timespec64 ts[2];
	struct inode *inode;
	struct mount *mnt;
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
		err = set_times(f->mnt, f->inode, ts);
		file_put(f);
		return err;
	}
	if (flags & AT_SYMLINK_NOFOLLOW)
		wflags &= ~WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wflags |= WALK_EMPTY;
	err = walk_user_mnt(dirfd, path, wflags, &inode, &mnt);
	if (err)
		return err;
	err = set_times(mnt, inode, ts);
	inode_put(inode);
	mount_put(mnt);
	return err;
}
