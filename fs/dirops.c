// SPDX-License-Identifier: MIT
/*
 * dirops.c - syscalls that change or read directories: mkdir(at),
 * mknod(at), rmdir, unlink(at), link(at), symlink(at), readlink(at),
 * getdents64.  (rename lives in rename.c.)
 *
 * Error order follows Linux's fs/namei.c: names that create
 * (filename_create) refuse "." ".." "/" and existing names with EEXIST and
 * a trailing slash on a missing non-directory with ENOENT; removals
 * (do_rmdir, do_unlinkat) map "." to EINVAL, ".." to ENOTEMPTY, "/" to
 * EBUSY for rmdir and anything but a plain name to EISDIR for unlink.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

#define DIRENT64_HEADER 19      /* d_ino, d_off, d_reclen, d_type */

int vfs_mknod(struct inode *dir, const char *name, size_t len, uint32_t mode,
	      uint32_t rdev, struct inode **out)
{
	if (dir->nlink == 0)
		return -ENOENT;         /* a removed directory takes no names */
	if (!dir->ops->create)
		return -EPERM;
	return dir->ops->create(dir, name, len, mode, rdev, out);
}

/* Walk to where a new name goes (filename_create).  w->dir is set on 0. */
static int create_walk(int dirfd, char *path, bool is_dir, struct walk *w)
{
	int err = walk_path(dirfd, path, WALK_PARENT, w);

	if (err)
		return err;
	if (w->last_type != LAST_NORM || w->inode)
		err = -EEXIST;
	else if (w->slash && !is_dir)
		err = -ENOENT;
	else if (w->dir->nlink == 0)
		err = -ENOENT;
	else
		err = may_create(w->mnt, w->dir);
	if (err)
		walk_done(w);
	return err;
}

long sys_mkdirat(int dirfd, const char __user *upath, unsigned int mode)
{
	char *path = getname(upath);
	struct walk w;
	int err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	err = create_walk(dirfd, path, true, &w);
	putname(path);
	if (err)
		return err;
	if (!w.dir->ops->mkdir)
		err = -EPERM;
	else
		err = w.dir->ops->mkdir(w.dir, w.last, w.last_len,
					mode & 01777 & ~vfs_fs()->umask);
	walk_done(&w);
	return err;
}

long sys_mkdir(const char __user *path, unsigned int mode)
{
	return sys_mkdirat(AT_FDCWD, path, mode);
}

long sys_mknodat(int dirfd, const char __user *upath, unsigned int mode,
		 unsigned int dev)
{
	uint32_t type = mode & S_IFMT;
	struct inode *inode;
	struct walk w;
	char *path;
	int err;

	if (type == 0)
		type = S_IFREG;
	else if (type == S_IFDIR)
		return -EPERM;
	else if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK &&
		 type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	path = getname(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = create_walk(dirfd, path, false, &w);
	putname(path);
	if (err)
		return err;
	mode = type | (mode & 07777 & ~vfs_fs()->umask);
	err = vfs_mknod(w.dir, w.last, w.last_len, mode,
			type == S_IFCHR || type == S_IFBLK ? dev : 0, &inode);
	if (!err)
		inode_put(inode);
	walk_done(&w);
	return err;
}

long sys_mknod(const char __user *path, unsigned int mode, unsigned int dev)
{
	return sys_mknodat(AT_FDCWD, path, mode, dev);
}

/* Walk to a name being removed; w->inode is set on 0. */
static int remove_walk(int dirfd, const char __user *upath, bool rmdir,
		       struct walk *w)
{
	char *path = getname(upath);
	int err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	err = walk_path(dirfd, path, WALK_PARENT, w);
	putname(path);
	if (err)
		return err;
	if (rmdir && w->last_type == LAST_DOT)
		err = -EINVAL;
	else if (rmdir && w->last_type == LAST_DOTDOT)
		err = -ENOTEMPTY;
	else if (rmdir && w->last_type == LAST_ROOT)
		err = -EBUSY;
	else if (w->last_type != LAST_NORM)
		err = -EISDIR;
	else if (!w->inode)
		err = -ENOENT;
	if (err)
		walk_done(w);
	return err;
}

static long do_rmdir(int dirfd, const char __user *upath)
{
	struct walk w;
	int err = remove_walk(dirfd, upath, true, &w);

	if (err)
		return err;
	if (!S_ISDIR(w.inode->mode))
		err = -ENOTDIR;
	else if (walk_mountpoint(&w))
		err = -EBUSY;
	else if ((err = may_delete(w.mnt, w.dir, w.inode)))
		;
	else if (!w.dir->ops->rmdir)
		err = -EPERM;
	else
		err = w.dir->ops->rmdir(w.dir, w.last, w.last_len, w.inode);
	walk_done(&w);
	return err;
}

static long do_unlink(int dirfd, const char __user *upath)
{
	struct walk w;
	int err = remove_walk(dirfd, upath, false, &w);

	if (err)
		return err;
	if (S_ISDIR(w.inode->mode))
		err = -EISDIR;
	else if (w.slash)
		err = -ENOTDIR;
	else if (walk_mountpoint(&w))
		err = -EBUSY;
	else if ((err = may_delete(w.mnt, w.dir, w.inode)))
		;
	else if (!w.dir->ops->unlink)
		err = -EPERM;
	else
		err = w.dir->ops->unlink(w.dir, w.last, w.last_len, w.inode);
	walk_done(&w);
	return err;
}

long sys_rmdir(const char __user *path)
{
	return do_rmdir(AT_FDCWD, path);
}

long sys_unlink(const char __user *path)
{
	return do_unlink(AT_FDCWD, path);
}

long sys_unlinkat(int dirfd, const char __user *path, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if (flags & AT_REMOVEDIR)
		return do_rmdir(dirfd, path);
	return do_unlink(dirfd, path);
}

static int link_new_name(struct mount *mnt, struct inode *old, int newdirfd,
			 const char __user *unew)
{
	char *path = getname(unew);
	struct walk w;
	int err;

	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	err = create_walk(newdirfd, path, false, &w);
	putname(path);
	if (err)
		return err;
	if (w.dir->sb != old->sb ||
	    mnt_of(mnt, old) != dir_mnt(w.mnt, w.inode, w.dir))
		err = -EXDEV;           /* another mount, if only a bind */
	else if (S_ISDIR(old->mode) || inode_append_only(old) ||
		 inode_immutable(old))
		err = -EPERM;
	else if (old->nlink == 0)
		err = -ENOENT;
	else if (!w.dir->ops->link)
		err = -EPERM;
	else
		err = w.dir->ops->link(old, w.dir, w.last, w.last_len);
	walk_done(&w);
	return err;
}

long sys_linkat(int olddirfd, const char __user *oldpath, int newdirfd,
		const char __user *newpath, int flags)
{
	unsigned wflags = 0;
	struct inode *old;
	struct mount *mnt;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		wflags |= WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wflags |= WALK_EMPTY;
	err = walk_user_mnt(olddirfd, oldpath, wflags, &old, &mnt);
	if (err)
		return err;
	err = link_new_name(mnt, old, newdirfd, newpath);
	inode_put(old);
	mount_put(mnt);
	return err;
}

long sys_link(const char __user *oldpath, const char __user *newpath)
{
	return sys_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

long sys_symlinkat(const char __user *utarget, int newdirfd,
		   const char __user *ulink)
{
	char *target, *path;
	struct walk w;
	int err;

	target = getname(utarget);
	if (IS_ERR(target))
		return PTR_ERR(target);
	err = -ENOENT;                  /* an empty target, as getname says */
	if (!target[0])
		goto out_target;
	path = getname(ulink);
	err = IS_ERR(path) ? (int)PTR_ERR(path) : 0;
	if (err)
		goto out_target;
	err = create_walk(newdirfd, path, false, &w);
	putname(path);
	if (err)
		goto out_target;
	if (!w.dir->ops->symlink)
		err = -EPERM;
	else
		err = w.dir->ops->symlink(w.dir, w.last, w.last_len, target,
					  strlen(target));
	walk_done(&w);
out_target:
	putname(target);
	return err;
}

long sys_symlink(const char __user *target, const char __user *linkpath)
{
	return sys_symlinkat(target, AT_FDCWD, linkpath);
}

long sys_readlinkat(int dirfd, const char __user *upath, char __user *buf,
		    int bufsiz)
{
	struct inode *inode;
	char *kbuf, *path;
	ssize_t n;
	bool empty;
	int err;

	if (bufsiz <= 0)
		return -EINVAL;
	path = getname(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	empty = !path[0];
	err = walk_path_inode(dirfd, path, WALK_EMPTY, &inode);
	putname(path);
	if (err)
		return err;
	n = empty ? -ENOENT : -EINVAL;
	kbuf = kmalloc(PATH_MAX);
	if (!kbuf)
		n = -ENOMEM;
	else if (S_ISLNK(inode->mode) && inode->ops->readlink)
		n = inode->ops->readlink(inode, kbuf, PATH_MAX);
	if (n > bufsiz)
		n = bufsiz;
	if (n > 0 && copy_to_user(buf, kbuf, (size_t)n))
		n = -EFAULT;
	if (n >= 0)
		inode_touch_a(inode);
	kfree(kbuf);
	inode_put(inode);
	return n;
}

long sys_readlink(const char __user *path, char __user *buf, int bufsiz)
{
	return sys_readlinkat(AT_FDCWD, path, buf, bufsiz);
}

struct getdents_ctx {
	struct dir_ctx ctx;
	char __user *buf;
	size_t count;
	size_t used;
	int error;
};

/* One struct linux_dirent64, 8-byte aligned, copied straight to user. */
static bool getdents_emit(struct dir_ctx *ctx, const char *name, size_t len,
			  uint64_t ino, unsigned dtype, off_t next)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN_UP(DIRENT64_HEADER + len + 1, 8);
	char rec[ALIGN_UP(DIRENT64_HEADER + NAME_MAX + 1, 8)];
	uint16_t r16 = (uint16_t)reclen;
	int64_t off = next;

	if (reclen > g->count - g->used) {
		if (!g->used)
			g->error = -EINVAL;
		return false;
	}
	memset(rec, 0, reclen);
	memcpy(rec, &ino, 8);
	memcpy(rec + 8, &off, 8);
	memcpy(rec + 16, &r16, 2);
	rec[18] = (char)dtype;
	memcpy(rec + DIRENT64_HEADER, name, len);
	if (copy_to_user(g->buf + g->used, rec, reclen)) {
		g->error = -EFAULT;
		return false;
	}
	g->used += reclen;
	return true;
}

long sys_getdents64(int fd, void __user *dirp, unsigned int count)
{
	struct getdents_ctx g = { .ctx = { .emit = getdents_emit },
				  .buf = dirp, .count = count };
	struct inode *dir;
	struct file *f;
	long err;

	f = fd_get(fd);
	if (!f)
		return -EBADF;
	dir = f->inode;
	err = -ENOTDIR;
	if (!dir || !S_ISDIR(dir->mode) || !dir->ops->getdents)
		goto out_put;
	err = -EFAULT;
	if (!user_range_ok(dirp, count))
		goto out_put;
	err = -ENOENT;
	if (dir->nlink == 0)
		goto out_put;
	g.ctx.pos = f->pos;
	err = dir->ops->getdents(dir, &g.ctx);
	f->pos = g.ctx.pos;
	inode_touch_a_at(f->mnt, dir);
	if (g.used)
		err = (long)g.used;
	else if (!err)
		err = g.error;
out_put:
	file_put(f);
	return err;
}

/* bind(2) of an AF_UNIX path (fs/sockfs.c): a new S_IFSOCK name, EADDRINUSE
 * when the name exists (Linux unix_bind_bsd). */
int sockfs_mknod(const char *kpath, struct inode **out)
{
	char *path = getname_kernel(kpath);
	struct walk w;
	int err;

	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	err = create_walk(AT_FDCWD, path, false, &w);
	putname(path);
	if (err)
		return err == -EEXIST ? -EADDRINUSE : err;
	err = vfs_mknod(w.dir, w.last, w.last_len,
			S_IFSOCK | (0777 & ~vfs_fs()->umask), 0, out);
	walk_done(&w);
	return err;
}
