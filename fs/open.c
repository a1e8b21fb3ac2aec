// SPDX-License-Identifier: MIT
/*
 * open.c - opening files: open, openat, creat, the kernel's own opens, and
 * the path-based checks that share open's walk: access, faccessat(2),
 * truncate, ftruncate.
 *
 * open(2)'s decisions, in Linux's order (fs/namei.c do_last/do_open):
 * O_CREAT walks to the parent and follows a final symlink unless O_EXCL or
 * O_NOFOLLOW (a dangling link creates its target); "." ".." "/" or a
 * trailing slash with O_CREAT is EISDIR; an existing name with O_EXCL is
 * EEXIST; a directory opened for writing, truncating or creating is EISDIR;
 * O_DIRECTORY on a non-directory ENOTDIR; a symlink left at the end
 * (O_NOFOLLOW) ELOOP.  Character devices open through the chardev registry
 * (ENXIO without a driver), fifos through pipe.c.  O_TRUNC truncates
 * regular files, whatever the access mode, as Linux does.
 */
#include "fs/vfs_internal.h"
#include "kernel/uaccess.h"

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* Kept in f->flags (F_GETFL); O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC are not. */
#define FILE_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_SYNC | O_DSYNC | \
		    O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW |   \
		    O_NOATIME | O_PATH)

static int open_create(struct walk *w, int flags, uint32_t mode, bool *created)
{
	struct fs_state *fs = vfs_fs();
	int err;

	if (w->last_type == LAST_NORM && w->slash)
		return -EISDIR;
	if (w->inode) {
		if (flags & O_EXCL)
			return -EEXIST;
		return S_ISDIR(w->inode->mode) ? -EISDIR : 0;
	}
	mode = S_IFREG | (mode & 07777 & ~fs->umask);
	err = may_create(w->mnt, w->dir);
	if (err)
		return err;
	err = vfs_mknod(w->dir, w->last, w->last_len, mode, 0, &w->inode);
	if (!err)
		*created = true;
	return err;
}

static int open_check(struct inode *inode, int flags)
{
	if (S_ISLNK(inode->mode))
		return (flags & O_PATH) && (flags & O_NOFOLLOW) ? 0 : -ELOOP;
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
		return -ENOTDIR;
	if (flags & O_PATH)
		return 0;
	if (S_ISDIR(inode->mode) &&
	    ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_TRUNC | O_CREAT))))
		return -EISDIR;
	return 0;
}

/* may_open: read and write permission by the access mode (not for a file
 * this open just created, which its creator may open as asked). */
static int open_permission(struct mount *mnt, struct inode *inode, int flags,
			   bool created)
{
	int mask = 0, err;

	if (created || (flags & O_PATH))
		return 0;
	if ((flags & O_ACCMODE) == O_RDONLY || (flags & O_ACCMODE) == O_RDWR)
		mask |= MAY_READ;
	if ((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR ||
	    (flags & O_TRUNC))
		mask |= MAY_WRITE;
	err = inode_permission_at(mnt, inode, mask);
	if (!err && inode_append_only(inode) &&
	    (((flags & O_ACCMODE) != O_RDONLY && !(flags & O_APPEND)) ||
	     (flags & O_TRUNC)))
		err = -EPERM;
	return err;
}

/* The file operations an open inode gets; NULL with *err set if none. */
static const struct file_ops *open_fops(struct mount *mnt, struct inode *inode,
					int flags, void **priv, int *err)
{
	const struct file_ops *ops = NULL;

	*err = 0;
	*priv = NULL;
	if (flags & O_PATH)
		return NULL;
	if ((S_ISCHR(inode->mode) || S_ISBLK(inode->mode)) &&
	    (mnt_flags_at(mnt, inode) & MNT_NODEV)) {
		*err = -EACCES;                 /* may_open_dev */
		return NULL;
	}
	switch (inode->mode & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
		return inode->fops;
	case S_IFCHR:
		ops = chardev_lookup(inode->rdev, priv);
		if (!ops)
			*err = -ENXIO;
		return ops;
	case S_IFBLK:
		ops = blkdev_lookup(inode->rdev, priv);
		if (!ops)
			*err = -ENXIO;
		return ops;
	case S_IFIFO:
		return &fifo_fops;
	default:                        /* sockets */
		*err = -ENXIO;
		return NULL;
	}
}

/* Make the open file for a checked inode; O_TRUNC applied after. */
static int open_file(struct mount *mnt, struct inode *inode, int flags,
		     bool created, struct file **out)
{
	const struct file_ops *ops;
	unsigned fflags;
	struct file *f;
	void *priv;
	int err;

	ops = open_fops(mnt, inode, flags, &priv, &err);
	if (err)
		return err;
	if (S_ISREG(inode->mode) && !(flags & O_PATH) &&
	    ((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR) &&
	    inode->writecount < 0)
		return -ETXTBSY;        /* a program runs from it */
	fflags = (unsigned)flags & FILE_FLAGS;
	if (!(flags & O_PATH))
		fflags |= O_LARGEFILE;
	f = file_alloc_at(mnt, inode, fflags, ops);
	if (!f)
		return -ENOMEM;
	f->priv = priv;
	if (ops && ops->open) {
		err = ops->open(f);
		if (err) {
			f->ops = NULL;  /* never opened: no release */
			file_put(f);
			return err;
		}
	}
	if ((flags & O_TRUNC) && !created && !(flags & O_PATH) &&
	    S_ISREG(inode->mode)) {
		err = vfs_truncate(inode, 0);
		if (err) {
			file_put(f);
			return err;
		}
	}
	*out = f;
	return 0;
}

/*
 * Keep where a non-directory was opened, for its path in /proc/<pid>/fd;
 * without memory for the name the file is still open, only unnamed.
 */
static void open_record_name(struct file *f, struct walk *w)
{
	if (S_ISDIR(w->inode->mode) || w->last_type != LAST_NORM ||
	    w->dir == w->inode)
		return;
	f->name = kstrdup(w->last);
	if (f->name)
		f->dir = inode_get(w->dir);
}

int vfs_open(int dirfd, char *path, int flags, uint32_t mode,
	     struct file **out)
{
	unsigned wflags = 0;
	bool created = false;
	struct walk w;
	int err;

	if ((flags & O_TMPFILE) == O_TMPFILE) {
		printk_once("fs: O_TMPFILE is not supported\n");
		return -EOPNOTSUPP;
	}
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if (!(flags & O_NOFOLLOW))
		wflags |= WALK_FOLLOW;
	if (flags & O_CREAT) {
		wflags |= WALK_PARENT;
		if (flags & O_EXCL)
			wflags &= ~WALK_FOLLOW;
	}
	err = walk_path(dirfd, path, wflags, &w);
	if (err)
		return err;
	if (flags & O_CREAT)
		err = open_create(&w, flags, mode, &created);
	if (!err)
		err = open_check(w.inode, flags);
	if (!err)
		err = open_permission(w.mnt, w.inode, flags, created);
	if (!err)
		err = open_file(w.mnt, w.inode, flags, created, out);
	if (!err)
		open_record_name(*out, &w);
	walk_done(&w);
	return err;
}

int vfs_open_kernel(const char *path, int flags, struct file **out)
{
	char *name = getname_kernel(path);
	int err;

	if (IS_ERR(name))
		return (int)PTR_ERR(name);
	err = vfs_open(AT_FDCWD, name, flags, 0, out);
	putname(name);
	return err;
}

int vfs_open_fd_kernel(const char *path, int flags)
{
	struct file *f;
	int err;

	if (fd_alloc_from(vfs_files(), 0) < 0)
		return -EMFILE;
	err = vfs_open_kernel(path, flags, &f);
	if (err)
		return err;
	return fd_install_new(f, flags & O_CLOEXEC);
}

long sys_openat(int dirfd, const char __user *upath, int flags,
		unsigned int mode)
{
	struct file *f;
	char *path;
	int err;

	/* Linux reserves the fd first: a full table is EMFILE before ENOENT. */
	if (fd_alloc_from(vfs_files(), 0) < 0)
		return -EMFILE;
	path = getname(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = vfs_open(dirfd, path, flags, mode, &f);
	putname(path);
	if (err)
		return err;
	return fd_install_new(f, flags & O_CLOEXEC);
}

long sys_open(const char __user *path, int flags, unsigned int mode)
{
	return sys_openat(AT_FDCWD, path, flags, mode);
}

long sys_creat(const char __user *path, unsigned int mode)
{
	return sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

static int access_inode(struct mount *mnt, struct inode *inode, int mode)
{
	int err = inode_permission_at(mnt, inode,
				      ((mode & X_OK) ? MAY_EXEC : 0) |
				      ((mode & W_OK) ? MAY_WRITE : 0) |
				      ((mode & R_OK) ? MAY_READ : 0));

	if (!err && (mode & X_OK) && S_ISREG(inode->mode) &&
	    (mnt_flags_at(mnt, inode) & MNT_NOEXEC))
		err = -EACCES;          /* do_faccessat's path_noexec */
	return err;
}

/*
 * The permission bits for the real IDs, or with AT_EACCESS the fs IDs
 * (access_override_creds): a set-user-ID program asks for its user.
 */
long sys_faccessat2(int dirfd, const char __user *path, int mode, int flags)
{
	unsigned wflags = WALK_FOLLOW;
	struct inode *inode;
	uint32_t uid = current_cred()->uid, gid = current_cred()->gid;
	struct mount *mnt;
	int err;

	if (mode & ~(F_OK | X_OK | W_OK | R_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		wflags &= ~WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wflags |= WALK_EMPTY;
	if (!(flags & AT_EACCESS))
		cred_swap_fs_ids(&uid, &gid);
	err = walk_user_mnt(dirfd, path, wflags, &inode, &mnt);
	if (!err) {
		err = access_inode(mnt, inode, mode);
		inode_put(inode);
		mount_put(mnt);
	}
	if (!(flags & AT_EACCESS))
		cred_swap_fs_ids(&uid, &gid);
	return err;
}

long sys_faccessat(int dirfd, const char __user *path, int mode)
{
	return sys_faccessat2(dirfd, path, mode, 0);
}

long sys_access(const char __user *path, int mode)
{
	return sys_faccessat2(AT_FDCWD, path, mode, 0);
}

int vfs_truncate(struct inode *inode, off_t length)
{
	if (length < 0)
		return -EINVAL;
	if (inode->writecount < 0)
		return -ETXTBSY;
	if (!inode->ops->truncate)
		return -EINVAL;
	return inode->ops->truncate(inode, (uint64_t)length);
}

long sys_truncate(const char __user *path, off_t length)
{
	struct inode *inode;
	struct mount *mnt;
	int err;

	if (length < 0)
		return -EINVAL;
	err = walk_user_mnt(AT_FDCWD, path, WALK_FOLLOW, &inode, &mnt);
	if (err)
		return err;
	if (S_ISDIR(inode->mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->mode))
		err = -EINVAL;
	else
		err = mnt_want_write(mnt, inode);
	if (!err)
		err = inode_permission_at(mnt, inode, MAY_WRITE);
	if (!err && inode_append_only(inode))
		err = -EPERM;
	if (!err)
		err = vfs_truncate(inode, length);
	inode_put(inode);
	mount_put(mnt);
	return err;
}

long sys_ftruncate(int fd, off_t length)
{
	struct file *f;
	int err;

	if (length < 0)
		return -EINVAL;
	f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (!S_ISREG(file_mode(f)) || !file_writable(f))
		err = -EINVAL;
	else if (inode_append_only(f->inode))
		err = -EPERM;
	else
		err = vfs_truncate(f->inode, length);
	file_put(f);
	return err;
}

/* fallocate(2) and MADV_REMOVE: Linux vfs_fallocate's checks in its order, then the file's op. */
long vfs_fallocate(struct file *f, int mode, off_t offset, off_t len)
{
	uint32_t fmode;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~FALLOC_FL_KNOWN)
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && (mode & FALLOC_FL_ZERO_RANGE))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	if (!file_writable(f))
		return -EBADF;
	if (f->inode && (inode_immutable(f->inode) ||
			 ((mode & ~FALLOC_FL_KEEP_SIZE) && inode_append_only(f->inode))))
		return -EPERM;
	fmode = file_mode(f);
	if (S_ISFIFO(fmode))
		return -ESPIPE;
	if (S_ISDIR(fmode))
		return -EISDIR;
	if (!S_ISREG(fmode) && !S_ISBLK(fmode))
		return -ENODEV;
	if (offset > OFF_MAX - len)
		return -EFBIG;
	if (!f->ops || !f->ops->fallocate)
		return -EOPNOTSUPP;
	return f->ops->fallocate(f, mode, (uint64_t)offset, (uint64_t)len);
}

long sys_fallocate(int fd, int mode, off_t offset, off_t len)
{
	struct file *f = fd_lookup(fd);

	if (!f || (f->flags & O_PATH))
		return -EBADF;
	return vfs_fallocate(f, mode, offset, len);
}
