// SPDX-License-Identifier: MIT
/*
 * fdtable.c - per-process file state, in two parts as Linux's fs_struct and
 * files_struct: fs_state (cwd, root, umask; shared by CLONE_FS) and
 * files_state (the fd table with per-fd FD_CLOEXEC; shared by CLONE_FILES),
 * and their syscalls: close, dup, dup2, dup3,
 * fcntl, umask, chdir, fchdir, chroot, getcwd.
 *
 * The table has FD_MAX (1024, Linux's default RLIMIT_NOFILE) slots; new fds
 * are the lowest free ones (EMFILE when none).  Each slot holds a reference
 * to its file.  Syscalls that use a file take their own reference (fd_get)
 * for the duration, so a close from another thread sharing the table
 * (CLONE_FILES) cannot free it under a sleeping read.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

/* Before the first process (and for the idle task): / as root and cwd,
 * and an empty descriptor table. */
static struct fs_state *kernel_fs;
static struct files_state *kernel_files;

struct fs_state *vfs_fs(void)
{
	struct fs_state *fs = current_fs();

	return fs ? fs : kernel_fs;
}

struct files_state *vfs_files(void)
{
	struct files_state *files = current_files();

	return files ? files : kernel_files;
}

void fs_state_init(void)
{
	kernel_fs = fs_state_new();
	kernel_files = files_new();
	if (!kernel_fs || !kernel_files)
		panic("vfs: no memory for the kernel's file state");
}

struct fs_state *fs_state_new(void)
{
	struct fs_state *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refcount = 1;
	fs->root = inode_get(vfs_root_sb->root);
	fs->cwd = inode_get(vfs_root_sb->root);
	fs->umask = 022;
	return fs;
}

struct fs_state *fs_state_fork(struct fs_state *old)
{
	struct fs_state *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refcount = 1;
	fs->root = inode_get(old->root);
	fs->cwd = inode_get(old->cwd);
	fs->root_mnt = mount_get(old->root_mnt);
	fs->cwd_mnt = mount_get(old->cwd_mnt);
	fs->umask = old->umask;
	return fs;
}

void fs_state_get(struct fs_state *fs)
{
	assert(fs->refcount > 0);
	fs->refcount++;
}

void fs_state_put(struct fs_state *fs)
{
	assert(fs->refcount > 0);
	if (--fs->refcount)
		return;
	inode_put(fs->cwd);
	inode_put(fs->root);
	mount_put(fs->cwd_mnt);
	mount_put(fs->root_mnt);
	kfree(fs);
}

struct files_state *files_new(void)
{
	struct files_state *files = kzalloc(sizeof(*files));

	if (files)
		files->refcount = 1;
	return files;
}

/* dup_fd: every open descriptor and its FD_CLOEXEC. */
struct files_state *files_fork(struct files_state *old)
{
	struct files_state *files = files_new();

	if (!files)
		return NULL;
	for (int fd = 0; fd < FD_MAX; fd++) {
		files->fds[fd] = old->fds[fd];
		if (files->fds[fd])
			file_get(files->fds[fd]);
	}
	memcpy(files->cloexec, old->cloexec, sizeof(files->cloexec));
	return files;
}

static bool fd_cloexec(struct files_state *files, int fd)
{
	return files->cloexec[fd / 64] & (1ULL << (fd % 64));
}

void fd_set_cloexec(struct files_state *files, int fd, bool on)
{
	if (on)
		files->cloexec[fd / 64] |= 1ULL << (fd % 64);
	else
		files->cloexec[fd / 64] &= ~(1ULL << (fd % 64));
}

/* Empty a slot; the file's reference is the caller's to drop. */
static struct file *fd_clear(struct files_state *files, int fd)
{
	struct file *f = files->fds[fd];

	files->fds[fd] = NULL;
	fd_set_cloexec(files, fd, false);
	if (f && f->inode)
		plock_release(files, f->inode); /* any close drops the owner's record locks */
	return f;
}

void files_exec(struct files_state *files)
{
	for (int fd = 0; fd < FD_MAX; fd++)
		if (files->fds[fd] && fd_cloexec(files, fd))
			file_put(fd_clear(files, fd));
}

void files_get(struct files_state *files)
{
	assert(files->refcount > 0);
	files->refcount++;
}

void files_put(struct files_state *files)
{
	assert(files->refcount > 0);
	if (--files->refcount)
		return;
	for (int fd = 0; fd < FD_MAX; fd++)
		if (files->fds[fd])
			file_put(fd_clear(files, fd));
	kfree(files);
}

bool files_shared(struct files_state *files)
{
	return files->refcount > 1;
}

/* Descriptors below RLIMIT_NOFILE are allowed, up to the table's size. */
static int fd_limit(void)
{
	return (int)MIN((unsigned long)FD_MAX, rlimit_nofile());
}

int fd_alloc_from(struct files_state *files, int start)
{
	for (int fd = start; fd < fd_limit(); fd++)
		if (!files->fds[fd])
			return fd;
	return -EMFILE;
}

void fd_install(struct files_state *files, int fd, struct file *f, bool cloexec)
{
	assert(fd >= 0 && fd < FD_MAX && !files->fds[fd]);
	files->fds[fd] = f;
	fd_set_cloexec(files, fd, cloexec);
}

int fd_install_new(struct file *f, bool cloexec)
{
	struct files_state *files = vfs_files();
	int fd = fd_alloc_from(files, 0);

	if (fd < 0) {
		file_put(f);
		return fd;
	}
	fd_install(files, fd, f, cloexec);
	return fd;
}

struct file *fd_lookup(int fd)
{
	struct files_state *files = vfs_files();

	if (fd < 0 || fd >= FD_MAX)
		return NULL;
	return files->fds[fd];
}

struct file *fd_get_raw(int fd)
{
	struct file *f = fd_lookup(fd);

	if (f)
		file_get(f);
	return f;
}

struct file *fd_get(int fd)
{
	struct file *f = fd_lookup(fd);

	if (!f || (f->flags & O_PATH))
		return NULL;
	file_get(f);
	return f;
}

long sys_close(int fd)
{
	struct files_state *files = vfs_files();

	if (!fd_lookup(fd))
		return -EBADF;
	file_put(fd_clear(files, fd));
	return 0;
}

/* Duplicate oldfd at the lowest free fd >= start. */
static long dup_from(int oldfd, int start, bool cloexec)
{
	struct files_state *files = vfs_files();
	struct file *f = fd_lookup(oldfd);
	int fd;

	if (!f)
		return -EBADF;
	fd = fd_alloc_from(files, start);
	if (fd < 0)
		return fd;
	file_get(f);
	fd_install(files, fd, f, cloexec);
	return fd;
}

long sys_dup(int oldfd)
{
	return dup_from(oldfd, 0, false);
}

/* dup2/dup3: newfd is closed first, silently. */
static long dup_to(int oldfd, int newfd, bool cloexec)
{
	struct files_state *files = vfs_files();
	struct file *f = fd_lookup(oldfd), *old;

	if (newfd < 0 || newfd >= fd_limit() || !f)
		return -EBADF;
	file_get(f);
	old = fd_clear(files, newfd);
	fd_install(files, newfd, f, cloexec);
	if (old)
		file_put(old);
	return newfd;
}

long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fd_lookup(oldfd) ? newfd : -EBADF;
	return dup_to(oldfd, newfd, false);
}

long sys_dup3(int oldfd, int newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return dup_to(oldfd, newfd, flags & O_CLOEXEC);
}

static long fcntl_setfl(struct file *f, unsigned long arg)
{
	if (f->flags & O_PATH)
		return -EBADF;
	if (((arg ^ f->flags) & O_APPEND) && f->inode && inode_append_only(f->inode))
		return -EPERM;
	f->flags = (f->flags & ~SETFL_MASK) | ((unsigned)arg & SETFL_MASK);
	return 0;
}

long sys_fcntl(int fd, unsigned int cmd, unsigned long arg)
{
	struct files_state *files = vfs_files();
	struct file *f = fd_lookup(fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= (unsigned long)fd_limit())
			return -EINVAL;
		return dup_from(fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return fd_cloexec(files, fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec(files, fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		return fcntl_setfl(f, arg);
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return plock_fcntl(f, cmd, (void __user *)arg);
	}
	return -EINVAL;
}

long sys_umask(int mask)
{
	struct fs_state *fs = vfs_fs();
	uint32_t old = fs->umask;

	fs->umask = (uint32_t)mask & 0777;
	return old;
}

/*
 * Make inode (a new reference, consumed) the cwd or the root, with the
 * mount it was reached through (mnt: a reference, consumed).
 */
static long set_dir(struct inode *inode, struct mount *mnt,
		    struct inode **slot, struct mount **mslot)
{
	int err = 0;

	if (!S_ISDIR(inode->mode))
		err = -ENOTDIR;
	else
		err = inode_permission(inode, MAY_EXEC);
	if (err) {
		inode_put(inode);
		mount_put(mnt);
		return err;
	}
	inode_put(*slot);
	*slot = inode;
	mount_put(*mslot);
	*mslot = mnt;
	return 0;
}

/* chdir, chroot: the walk's object and mount go to the slots. */
static long set_dir_path(const char __user *upath, bool root)
{
	struct fs_state *fs = vfs_fs();
	char *path = getname(upath);
	struct walk w;
	long err;

	if (IS_ERR(path))
		return PTR_ERR(path);
	err = walk_path(AT_FDCWD, path, WALK_FOLLOW, &w);
	putname(path);
	if (err)
		return err;
	err = set_dir(w.inode, w.mnt, root ? &fs->root : &fs->cwd,
		      root ? &fs->root_mnt : &fs->cwd_mnt);
	w.inode = NULL;
	w.mnt = NULL;
	walk_done(&w);
	return err;
}

long sys_chdir(const char __user *path)
{
	return set_dir_path(path, false);
}

long sys_fchdir(int fd)
{
	struct fs_state *fs = vfs_fs();
	struct file *f = fd_lookup(fd);

	if (!f)
		return -EBADF;
	/* The mount it was opened through: ".." leads out through it. */
	return set_dir(inode_get(f->inode), mount_get(f->mnt), &fs->cwd,
		       &fs->cwd_mnt);
}

long sys_chroot(const char __user *path)
{
	return set_dir_path(path, true);
}

/* The syscall returns the length with the NUL (glibc/musl rely on it). */
long sys_getcwd(char __user *buf, size_t size)
{
	char *kbuf = kmalloc(PATH_MAX), *path;
	long err;
	size_t len;

	if (!kbuf)
		return -ENOMEM;
	err = vfs_getcwd(kbuf, &path);
	if (err)
		goto out_free;
	len = strlen(path) + 1;
	err = -ERANGE;
	if (len > size)
		goto out_free;
	err = copy_to_user(buf, path, len) ? -EFAULT : (long)len;
out_free:
	kfree(kbuf);
	return err;
}
