// SPDX-License-Identifier: MIT
/*
 * file.c - open files and the data syscalls: read, write, readv, writev,
 * pread64, pwrite64, lseek, ioctl, fsync, fdatasync, sync, syncfs.
 *
 * Errors and their order follow Linux's fs/read_write.c: a bad or O_PATH fd
 * is EBADF, a file not open for reading (writing) EBADF, a file with no
 * read (write) method EINVAL, a buffer outside user space EFAULT before any
 * I/O, counts clamped to MAX_RW_COUNT.  pread/pwrite and lseek need a
 * seekable file (ESPIPE).  readv/writev hand the whole vector to the file
 * in one call (struct iobuf with iov), so a pipe read never blocks between
 * segments and a writev of up to PIPE_BUF bytes stays atomic.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

#define IOV_ON_STACK 8

/* ioctls every file answers (asm-generic/ioctls.h, the same on arm64). */
#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451

/* Contiguous bytes of b at offset off: *p and *avail; false past the end. */
static bool iobuf_at(struct iobuf b, size_t off, char **p, size_t *avail)
{
	if (!b.iov) {
		*p = b.p + off;
		*avail = SIZE_MAX;
		return true;
	}
	for (unsigned i = 0; i < b.iovcnt; i++) {
		if (off < b.iov[i].len) {
			*p = b.iov[i].base + off;
			*avail = b.iov[i].len - off;
			return true;
		}
		off -= b.iov[i].len;
	}
	return false;
}

int iobuf_copy_out(struct iobuf b, size_t off, const void *src, size_t n)
{
	const char *s = src;

	while (n) {
		size_t avail, c;
		char *p;

		if (!iobuf_at(b, off, &p, &avail))
			return -EFAULT;
		c = MIN(n, avail);
		if (!b.user)
			memcpy(p, s, c);
		else if (copy_to_user(p, s, c))
			return -EFAULT;
		off += c;
		s += c;
		n -= c;
	}
	return 0;
}

int iobuf_copy_in(void *dst, struct iobuf b, size_t off, size_t n)
{
	char *d = dst;

	while (n) {
		size_t avail, c;
		char *p;

		if (!iobuf_at(b, off, &p, &avail))
			return -EFAULT;
		c = MIN(n, avail);
		if (!b.user)
			memcpy(d, p, c);
		else if (copy_from_user(d, p, c))
			return -EFAULT;
		off += c;
		d += c;
		n -= c;
	}
	return 0;
}

int iobuf_zero(struct iobuf b, size_t off, size_t n)
{
	while (n) {
		size_t avail, c;
		char *p;

		if (!iobuf_at(b, off, &p, &avail))
			return -EFAULT;
		c = MIN(n, avail);
		if (!b.user)
			memset(p, 0, c);
		else if (clear_user(p, c))
			return -EFAULT;
		off += c;
		n -= c;
	}
	return 0;
}

/* Regular files open for writing count against running them (ETXTBSY). */
static bool counts_as_writer(struct file *f)
{
	return f->inode && S_ISREG(f->inode->mode) && file_writable(f);
}

struct file *file_alloc(struct inode *inode, unsigned flags,
			const struct file_ops *ops)
{
	return file_alloc_at(NULL, inode, flags, ops);
}

/* A writer counts for its superblock and for the bind it came through. */
static void count_writer(struct file *f, int n)
{
	f->inode->writecount += n;
	f->inode->sb->writers += (unsigned)n;
	if (f->mnt)
		mount_writers_add(f->mnt, n);
	else
		f->inode->sb->own_writers += (unsigned)n;
}

struct file *file_alloc_at(struct mount *mnt, struct inode *inode,
			   unsigned flags, const struct file_ops *ops)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->refcount = 1;
	f->flags = flags;
	f->inode = inode ? inode_get(inode) : NULL;
	f->mnt = inode ? mount_get(mnt_of(mnt, inode)) : NULL;
	f->ops = ops;
	if (counts_as_writer(f))
		count_writer(f, 1);
	return f;
}

unsigned file_mnt_flags(struct file *f)
{
	return mnt_flags_at(f->mnt, f->inode);
}

void file_get(struct file *f)
{
	assert(f->refcount > 0);
	f->refcount++;
}

void file_put(struct file *f)
{
	assert(f->refcount > 0);
	if (--f->refcount)
		return;
	if (f->ops && f->ops->release)
		f->ops->release(f);
	flock_release(f);
	if (f->inode)
		plock_release(f, f->inode); /* its OFD locks */
	if (counts_as_writer(f))
		count_writer(f, -1);
	mount_put(f->mnt);
	inode_put(f->inode);
	inode_put(f->dir);
	kfree(f->name);
	kfree(f);
}

bool file_readable(struct file *f)
{
	unsigned acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_RDONLY || acc == O_RDWR);
}

bool file_writable(struct file *f)
{
	unsigned acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
}

uint32_t file_mode(struct file *f)
{
	return f->inode ? f->inode->mode : 0;
}

uint64_t file_size(struct file *f)
{
	return f->inode ? f->inode->size : 0;
}

uint64_t file_pages(struct file *f)
{
	return f->inode ? f->inode->blocks / (PAGE_SIZE / 512) : 0;
}

struct file *file_alias(struct file *f, unsigned flags, const struct file_ops *ops,
			void *priv)
{
	struct file *n = file_alloc(f->inode, flags, ops);

	if (n)
		n->priv = priv;
	return n;
}

bool file_noexec(struct file *f)
{
	return f->inode && (file_mnt_flags(f) & MNT_NOEXEC);
}

bool file_append_only(struct file *f)
{
	return f->inode && inode_append_only(f->inode);
}

uint32_t file_exec_setid(struct file *f, uint32_t *uid, uint32_t *gid)
{
	struct inode *inode = f->inode;

	*uid = inode->uid;
	*gid = inode->gid;
	if (file_mnt_flags(f) & MNT_NOSUID)
		return 0;
	return inode->mode & (S_ISUID | S_ISGID | 010);
}

int file_may_exec(struct file *f)
{
	int err;

	if (!f->inode || !S_ISREG(f->inode->mode) || file_noexec(f))
		return -EACCES;
	err = inode_permission(f->inode, MAY_EXEC);
	if (!err && f->inode->writecount > 0)
		err = -ETXTBSY;
	return err;
}

int file_deny_write(struct file *f)
{
	if (f->inode->writecount > 0)
		return -ETXTBSY;
	f->inode->writecount--;
	return 0;
}

void file_allow_write(struct file *f)
{
	assert(f->inode->writecount < 0);
	f->inode->writecount++;
}

static bool file_seekable(struct file *f)
{
	uint32_t mode = file_mode(f);

	return (f->ops && f->ops->lseek) || S_ISREG(mode) || S_ISDIR(mode) ||
	       (mode & S_IFMT) == S_IFBLK;
}

ssize_t vfs_read(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	if (!file_readable(f))
		return -EBADF;
	if (!f->ops || !f->ops->read)
		return -EINVAL;
	if (b.user && !b.iov && !user_range_ok(b.p, n))
		return -EFAULT;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	return f->ops->read(f, b, n, pos);
}

ssize_t vfs_write(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	if (!file_writable(f))
		return -EBADF;
	if (!f->ops || !f->ops->write)
		return -EINVAL;
	if (b.user && !b.iov && !user_range_ok(b.p, n))
		return -EFAULT;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	/* O_APPEND goes to the end, for pwrite too (a documented Linux bug). */
	if ((f->flags & O_APPEND) && S_ISREG(file_mode(f)))
		*pos = (off_t)f->inode->size;
	return f->ops->write(f, b, n, pos);
}

ssize_t file_read_kernel(struct file *f, void *buf, size_t n, off_t off)
{
	struct iobuf b = { .p = buf, .user = false };

	return vfs_read(f, b, n, &off);
}

ssize_t sys_read(int fd, void __user *buf, size_t count)
{
	struct file *f = fd_get(fd);
	struct iobuf b = { .p = buf, .user = true };
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_read(f, b, count, &f->pos);
	file_put(f);
	return ret;
}

ssize_t sys_write(int fd, const void __user *buf, size_t count)
{
	struct file *f = fd_get(fd);
	struct iobuf b = { .p = (char *)buf, .user = true };
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_write(f, b, count, &f->pos);
	file_put(f);
	return ret;
}

static ssize_t positional_io(int fd, void __user *buf, size_t count, off_t off,
			     bool write)
{
	struct iobuf b = { .p = buf, .user = true };
	struct file *f;
	ssize_t ret;

	if (off < 0)
		return -EINVAL;
	f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (!file_seekable(f))
		ret = -ESPIPE;
	else if (write)
		ret = vfs_write(f, b, count, &off);
	else
		ret = vfs_read(f, b, count, &off);
	file_put(f);
	return ret;
}

ssize_t sys_pread64(int fd, void __user *buf, size_t count, off_t off)
{
	return positional_io(fd, buf, count, off, false);
}

ssize_t sys_pwrite64(int fd, const void __user *buf, size_t count, off_t off)
{
	return positional_io(fd, (void __user *)buf, count, off, true);
}

/*
 * Copy in and check a user iovec array (import_iovec): each length must
 * fit in ssize_t (EINVAL), each segment lie in user space (EFAULT); the
 * total is clamped to MAX_RW_COUNT.  Returns the total.
 */
ssize_t import_iovec(const void __user *uiov, int iovcnt, struct io_vec *iov)
{
	size_t total = 0;

	if (copy_from_user(iov, uiov, (size_t)iovcnt * sizeof(*iov)))
		return -EFAULT;
	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].len > (size_t)SSIZE_MAX)
			return -EINVAL;
		if (!user_range_ok(iov[i].base, iov[i].len))
			return -EFAULT;
		if (iov[i].len > (size_t)MAX_RW_COUNT - total)
			iov[i].len = (size_t)MAX_RW_COUNT - total;
		total += iov[i].len;
	}
	return (ssize_t)total;
}

static ssize_t vector_io(int fd, const void __user *uiov, int iovcnt, bool write)
{
	struct io_vec small[IOV_ON_STACK], *iov = small;
	struct file *f;
	ssize_t total;

	f = fd_get(fd);
	if (!f)
		return -EBADF;
	total = -EINVAL;
	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		goto out_put;
	total = 0;
	if (iovcnt == 0)
		goto out_put;
	if (iovcnt > IOV_ON_STACK) {
		iov = kmalloc((size_t)iovcnt * sizeof(*iov));
		total = -ENOMEM;
		if (!iov)
			goto out_put;
	}
	total = import_iovec(uiov, iovcnt, iov);
	if (total >= 0) {
		struct iobuf b = { .user = true, .iov = iov,
				   .iovcnt = (unsigned)iovcnt };
		if (write)
			total = vfs_write(f, b, (size_t)total, &f->pos);
		else
			total = vfs_read(f, b, (size_t)total, &f->pos);
	}
	if (iov != small)
		kfree(iov);
out_put:
	file_put(f);
	return total;
}

ssize_t sys_readv(int fd, const void __user *iov, int iovcnt)
{
	return vector_io(fd, iov, iovcnt, false);
}

ssize_t sys_writev(int fd, const void __user *iov, int iovcnt)
{
	return vector_io(fd, iov, iovcnt, true);
}

/* Regular files: SEEK_DATA/SEEK_HOLE see one extent of data, as tmpfs once did. */
off_t generic_lseek(struct file *f, off_t off, int whence)
{
	off_t size = (off_t)file_size(f), base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		if (S_ISDIR(file_mode(f)))
			return -EINVAL;
		base = size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (!S_ISREG(file_mode(f)))
			return -EINVAL;
		if (off < 0 || off >= size)
			return -ENXIO;
		return f->pos = whence == SEEK_DATA ? off : size;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > OFF_MAX - off) || base + off < 0)
		return -EINVAL;
	return f->pos = base + off;
}

off_t sys_lseek(int fd, off_t off, unsigned int whence)
{
	struct file *f = fd_get(fd);
	off_t ret;

	if (!f)
		return -EBADF;
	if (whence > SEEK_HOLE)
		ret = -EINVAL;
	else if (f->ops && f->ops->lseek)
		ret = f->ops->lseek(f, off, (int)whence);
	else if (file_seekable(f))
		ret = generic_lseek(f, off, (int)whence);
	else
		ret = -ESPIPE;
	file_put(f);
	return ret;
}

/* FIOCLEX, FIONCLEX, FIONBIO, FIONREAD on regular files (do_vfs_ioctl),
 * then inode flags and freezing (fileattr.c). */
static long generic_ioctl(int fd, struct file *f, unsigned int cmd,
			  unsigned long arg)
{
	int on;

	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		fd_set_cloexec(vfs_files(), fd, cmd == FIOCLEX);
		return 0;
	case FIONBIO:
		if (copy_from_user(&on, (void __user *)arg, sizeof(on)))
			return -EFAULT;
		if (on)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		return 0;
	case FIONREAD:
		if (!S_ISREG(file_mode(f)))
			break;
		on = (int)MIN((off_t)file_size(f) - MIN(f->pos, (off_t)file_size(f)),
			      (off_t)0x7fffffff);
		return copy_to_user((void __user *)arg, &on, sizeof(on)) ? -EFAULT : 0;
	}
	return fileattr_ioctl(f, cmd, arg);
}

long sys_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fd_get(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = generic_ioctl(fd, f, cmd, arg);
	if (ret == -ENOIOCTLCMD)
		ret = f->ops && f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
	file_put(f);
	return ret;
}

/*
 * Everything lives in memory, so there is nothing to write back: fsync of a
 * tmpfs file or directory succeeds (noop_fsync); files without an fsync
 * method in Linux (pipes, character devices) give EINVAL.
 */
static long do_fsync(int fd)
{
	struct file *f = fd_get(fd);
	uint32_t mode;
	long ret;

	if (!f)
		return -EBADF;
	mode = file_mode(f);
	if (f->ops && f->ops->fsync)
		ret = f->ops->fsync(f);
	else
		ret = S_ISREG(mode) || S_ISDIR(mode) ? 0 : -EINVAL;
	file_put(f);
	return ret;
}

long sys_fsync(int fd)
{
	return do_fsync(fd);
}

long sys_fdatasync(int fd)
{
	return do_fsync(fd);
}

void (*vfs_sync_devices)(void);

/* Every file system is in memory; what is left to write is the disks'
 * caches (block devices are written through). */
long sys_sync(void)
{
	if (vfs_sync_devices)
		vfs_sync_devices();
	return 0;
}

/*
 * Every file's data is in memory already, so there is nothing to read
 * ahead; the checks are Linux's (ksys_readahead): a file open for reading
 * that has a page cache, which here means a regular file.
 */
long sys_readahead(int fd, int64_t offset __unused, size_t count __unused)
{
	struct file *f = fd_get(fd);
	long err = 0;

	if (!f)
		return -EBADF;
	if (!file_readable(f))
		err = -EBADF;
	else if (!f->inode || !S_ISREG(f->inode->mode))
		err = -EINVAL;
	file_put(f);
	return err;
}

long sys_syncfs(int fd)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}
