/* SPDX-License-Identifier: MIT */
/*
 * vfs.h - the virtual file system: inodes, open files, per-process file
 * state (fd table, cwd, root, umask), path walk, character devices.
 *
 * Locking: the kernel runs with interrupts off outside sleeps (kernel/sched.h),
 * so on one CPU these structures need no locks yet; fields note what will.
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include "kernel/kernel.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include <arch/abi.h>

/* Mode bits (Linux uapi/linux/stat.h). */
#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISUID 04000
#define S_ISGID 02000
#define S_ISVTX 01000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISBLK(m) (((m) & S_IFMT) == S_IFBLK)

#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_EMPTY_PATH 0x1000

#define AT_NO_AUTOMOUNT 0x800
#define AT_EACCESS 0x200          /* faccessat: shares its value with AT_REMOVEDIR */
#define AT_STATX_SYNC_TYPE 0x6000

#define PATH_MAX 4096
#define NAME_MAX 255

#define MKDEV(ma, mi) (((uint32_t)(ma) << 8) | (uint32_t)(mi)) /* old 16-bit */
#define DEV_MAJOR(d) (((d) >> 8) & 0xfff)
#define DEV_MINOR(d) (((d) & 0xff) | (((d) >> 12) & 0xfff00))
/* A device number as user space sees it (Linux new_encode_dev), any minor. */
static inline uint32_t dev_encode(unsigned major, unsigned minor)
{
	return (minor & 0xffu) | ((major & 0xfffu) << 8) | ((minor & ~0xffu) << 12);
}

struct inode;
struct file;

/*
 * A transfer buffer: user or kernel memory.  File operations move data only
 * through iobuf_copy_out/in, so the same code serves read(2) and the kernel's
 * own reads (execve, mmap faults).
 */
struct io_vec {                 /* struct iovec's layout */
	char *base;
	size_t len;
};
struct iobuf {
	char *p;
	bool user;
	/*
	 * readv/writev: when iov is set, p is unused and offsets run through
	 * the iovcnt segments in order (already checked to be user memory).
	 */
	const struct io_vec *iov;
	unsigned iovcnt;
};
int iobuf_copy_out(struct iobuf b, size_t off, const void *src, size_t n);
int iobuf_copy_in(void *dst, struct iobuf b, size_t off, size_t n);

/* poll(2) event bits (uapi/asm-generic/poll.h). */
#define POLLIN 0x0001
#define POLLPRI 0x0002
#define POLLOUT 0x0004
#define POLLERR 0x0008
#define POLLHUP 0x0010
#define POLLNVAL 0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200

struct poll_table;
/* From a poll op: also wake the poller when wq is woken (pt may be NULL). */
void poll_wait(struct poll_table *pt, struct waitq *wq);

struct file_ops {
	ssize_t (*read)(struct file *f, struct iobuf buf, size_t n, off_t *pos);
	ssize_t (*write)(struct file *f, struct iobuf buf, size_t n, off_t *pos);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	int (*open)(struct file *f);
	void (*release)(struct file *f);
	/*
	 * Optional.  NULL: regular files and directories seek generically,
	 * anything else (pipes, ttys) gives -ESPIPE and refuses pread/pwrite.
	 */
	off_t (*lseek)(struct file *f, off_t off, int whence);
	/*
	 * Optional: the POLL* events ready now; queue on the wait queues that
	 * announce changes with poll_wait.  NULL: always readable and writable.
	 */
	unsigned (*poll)(struct file *f, struct poll_table *pt);
	/*
	 * Optional: write what the file holds to stable storage (fsync,
	 * fdatasync; block devices flush their disk).  NULL: regular files and
	 * directories succeed (nothing is cached), anything else is EINVAL.
	 */
	int (*fsync)(struct file *f);
	/*
	 * A character device sendfile(2) may not read from: a terminal
	 * (Linux's ttys have no splice_read, so sendfile is EINVAL and
	 * programs such as BusyBox's cat fall back to read(2)).
	 */
	bool no_sendfile;
	/*
	 * Optional: the file's page at page index pgoff, with a reference for
	 * the caller (page_put), made when it is a hole; for MAP_SHARED
	 * mappings, which see and make the file's changes.  NULL with *err
	 * set: -EIO past the end of the file or no room (SIGBUS).  Files
	 * without it get no writable shared mappings.
	 */
	void *(*map_page)(struct file *f, uint64_t pgoff, int *err);
	/*
	 * Optional: fallocate(2) after the generic checks (FALLOC_FL_* below;
	 * off + len does not overflow).  NULL: EOPNOTSUPP.
	 */
	long (*fallocate)(struct file *f, int mode, uint64_t off, uint64_t len);
};

/* fallocate modes (Linux uapi/linux/falloc.h) */
#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#define FALLOC_FL_NO_HIDE_STALE 0x04
#define FALLOC_FL_ZERO_RANGE 0x10
#define FALLOC_FL_KNOWN 0x7f
long vfs_fallocate(struct file *f, int mode, off_t offset, off_t len);

struct mount;
struct file {
	unsigned refcount;
	unsigned flags;          /* O_* status flags (O_APPEND, O_NONBLOCK, access mode) */
	off_t pos;
	struct inode *inode;     /* holds a reference */
	const struct file_ops *ops;
	void *priv;
	/*
	 * Where it was opened, for /proc/<pid>/fd: the directory (holds a
	 * ref) and the name in it; NULL for directories (their own path is
	 * found by climbing "..") and for files with no name (pipes).
	 */
	struct inode *dir;
	char *name;
	/* The mount it was opened through (ref), or NULL. */
	struct mount *mnt;
};

/* The file state a process carries: cwd, root and umask (shared by
 * CLONE_FS) and the fd table (shared by CLONE_FILES). */
#define FD_MAX 1024
struct fs_state;
struct files_state;

/* Kernel entry points (implemented in fs/). */
void vfs_init(void);                                   /* tmpfs root */
int cpio_unpack(const void *data, size_t len);          /* into the root */
struct fs_state *fs_state_new(void);                    /* for init */
struct fs_state *fs_state_fork(struct fs_state *fs);    /* copy for fork */
void fs_state_put(struct fs_state *fs);                 /* at exit */
void fs_state_get(struct fs_state *fs);                 /* share (CLONE_FS) */
struct fs_state *current_fs(void);                      /* kernel/proc.c */
/* Is the cwd/root state shared with another process (CLONE_FS)? */
bool fs_state_shared(struct fs_state *fs);
struct files_state *files_new(void);                    /* for init */
struct files_state *files_fork(struct files_state *files); /* copy for fork */
void files_exec(struct files_state *files);             /* close O_CLOEXEC fds */
void files_put(struct files_state *files);              /* at exit */
void files_get(struct files_state *files);              /* share (CLONE_FILES) */
bool files_shared(struct files_state *files);
struct files_state *current_files(void);                /* kernel/proc.c */

/*
 * Mount namespaces (fs/mount_ns.c); kernel/nsproxy.c counts their
 * references through their ns_common (kernel/ns.h).
 */
struct mnt_ns;
struct ns_common;
struct mnt_ns *mnt_ns_initial(void);    /* with a reference for the caller */
struct mnt_ns *current_mnt_ns(void);    /* kernel/nsproxy.c; NULL: no process */
struct ns_common *mnt_ns_common(struct mnt_ns *ns);
struct mnt_ns *mnt_ns_of(struct ns_common *ns);
/* A copy of old's mount tree; fs's root and cwd move to their copies. */
int mnt_ns_copy(struct mnt_ns *old, struct fs_state *fs, struct mnt_ns **out);
/* The last reference is gone: take its mounts out of it. */
void mnt_ns_free(struct mnt_ns *ns);
/* setns: fs's root and cwd become ns's root. */
void mnt_ns_enter(struct mnt_ns *ns, struct fs_state *fs);
/* The namespace an open /proc/<pid>/ns file refers to, or NULL (procfs_ns.c). */
struct ns_common *nsfs_ns(struct file *f);
unsigned long rlimit_nofile(void);      /* RLIMIT_NOFILE soft limit (kernel/resource.c) */

/* Open a path (relative to the current cwd) for the kernel's own use. */
int vfs_open_kernel(const char *path, int flags, struct file **out);
/* Open a path and install it as the lowest free fd of the current process. */
int vfs_open_fd_kernel(const char *path, int flags);
ssize_t file_read_kernel(struct file *f, void *buf, size_t n, off_t off);
void file_get(struct file *f);
void file_put(struct file *f);
/* Resolve an fd of the current process; NULL when not open (no new reference). */
struct file *fd_lookup(int fd);
/*
 * An unnamed tmpfs file of size bytes, open read-write, on a kernel-internal
 * instance (Linux shmem_file_setup): the memory behind MAP_SHARED anonymous
 * mappings and memfd_create.  NULL when out of memory.
 */
struct file *tmpfs_anon_file(uint64_t size);
/* Mode (S_IF* | perms) and size of an open file. */
uint32_t file_mode(struct file *f);
uint64_t file_size(struct file *f);
/* Pages of memory the file's data holds (st_blocks in pages). */
uint64_t file_pages(struct file *f);
/*
 * Another open file on f's inode with its own ops and priv, or NULL (out
 * of memory): System V shared memory makes one per shmat, as Linux does.
 */
struct file *file_alias(struct file *f, unsigned flags, const struct file_ops *ops,
			void *priv);
/*
 * Executable by the caller?  0, -EACCES (not a regular file with an x bit)
 * or -ETXTBSY (open for writing somewhere).
 */
int file_may_exec(struct file *f);
/* On a noexec mount?  (mmap PROT_EXEC: EPERM; execve: EACCES.) */
bool file_noexec(struct file *f);
/* An append-only file (chattr +a): no shared mappings of a writable fd. */
bool file_append_only(struct file *f);
/*
 * For execve: the file's S_ISUID, S_ISGID and group-execute bits (none on
 * a nosuid mount), and its owner.
 */
uint32_t file_exec_setid(struct file *f, uint32_t *uid, uint32_t *gid);
/*
 * While a program runs from f: opening its file for writing fails with
 * ETXTBSY (Linux's deny_write_access).  0 or -ETXTBSY; pair with allow.
 */
int file_deny_write(struct file *f);
void file_allow_write(struct file *f);

/* Character devices by (major, minor); open() of a S_IFCHR inode looks here. */
void chardev_register(unsigned major, unsigned minor, const struct file_ops *ops);
/* Block devices the same way (virtio-blk: /dev/vda...). */
void blkdev_register(unsigned major, unsigned minor, const struct file_ops *ops,
		     void *priv);
/* sync(2) for devices: the block layer's hook (block/block.h), or NULL. */
extern void (*vfs_sync_devices)(void);
/*
 * Announce a device node (name relative to /dev, mode S_IFCHR/S_IFBLK |
 * permissions) for devtmpfs to show; drivers call this when they find a
 * device.
 */
void devfs_add(const char *name, uint32_t mode, unsigned major, unsigned minor);
/*
 * Where a device shows in sysfs (fs/sysfs_dev.c), as Linux's device_create
 * places it: /sys/class/<class>/<sysname>, /sys/dev/{char,block}/M:m, and
 * its dev and uevent attributes.  sysname NULL: the node's name (misc's
 * hwrng is "hw_random"); parent: a partition's disk ("vda"); devmode: the
 * uevent says DEVMODE= (classes whose devnode() sets a mode: mem, tty's
 * /dev/tty and /dev/ptmx).
 */
struct devclass {
	const char *class;              /* "mem", "tty", "misc", "block", ... */
	const char *sysname;
	const char *parent;
	bool devmode;
};
/* devfs_add for a device that also shows in sysfs. */
void devfs_add_dev(const char *name, uint32_t mode, unsigned major, unsigned minor,
		   struct devclass dc);
/* A symbolic link in /dev (udev's /dev/virtio-ports/NAME -> ../vport0p1). */
void devfs_add_link(const char *name, const char *target);
/* The device is gone: its node or link leaves /dev (and directories it
 * leaves empty, as Linux's devtmpfs and udev remove them). */
void devfs_remove(const char *name);
struct devnode {
	char name[64];
	char target[32];                /* S_IFLNK: what the link names */
	uint32_t mode, rdev;
	/* sysfs (struct devclass); class "" for a node that is not there */
	char class[16], sysname[24], parent[16];
	bool devmode;
};
const struct devnode *devfs_nodes(unsigned *n);
/* As chardev_register; open() finds priv in f->priv before calling ops->open. */
void chardev_register_priv(unsigned major, unsigned minor,
			   const struct file_ops *ops, void *priv);
/* One driver for minors first..first+count-1 of major (pty slaves); its
 * open finds minor - first in f->priv (as a uintptr_t). */
void chardev_register_range(unsigned major, unsigned first, unsigned count,
			    const struct file_ops *ops);

/*
 * sockfs (fs/sockfs.c, fs/dirops.c) for net/: a socket's open file on an
 * anonymous S_IFSOCK inode (NULL: out of memory), installed as the lowest
 * free fd (consumes the reference; -EMFILE); the S_IFSOCK name an AF_UNIX
 * bind makes (-EADDRINUSE when it exists) and the one a connect finds
 * (-ECONNREFUSED: not a socket); both give an inode reference.
 */
struct file *sockfs_file(const struct file_ops *ops, void *priv, unsigned flags);
int sockfs_install(struct file *f, bool cloexec);
/* A socket file's inode number and owner, as /proc/net shows them. */
void sockfs_ids(const struct file *f, uint64_t *ino, uint32_t *uid);
int sockfs_mknod(const char *path, struct inode **out);
int sockfs_lookup(const char *path, struct inode **out);
void sockfs_inode_put(struct inode *inode);
/* readv's iovec import (fs/file.c): the total length or -errno. */
ssize_t import_iovec(const void __user *uiov, int iovcnt, struct io_vec *iov);
#define UIO_MAXIOV 1024

/* devpts (fs/devpts.c): /dev/pts/N for the pty slaves kernel/pty.c makes. */
#define DEVPTS_MAX_PTYS 64
void devpts_init(void);                 /* make "devpts" mountable */
int devpts_pty_new(unsigned index);     /* show N: 0, or -ENOSPC past max= */
void devpts_pty_kill(unsigned index);   /* N is gone */

/*
 * Syscall handlers (Linux names and argument order; 0/value or -errno).
 * A blocked call interrupted by a signal returns -ERESTARTSYS.
 */
ssize_t sys_read(int fd, void __user *buf, size_t count);
ssize_t sys_write(int fd, const void __user *buf, size_t count);
ssize_t sys_readv(int fd, const void __user *iov, int iovcnt);
ssize_t sys_writev(int fd, const void __user *iov, int iovcnt);
ssize_t sys_pread64(int fd, void __user *buf, size_t count, off_t off);
ssize_t sys_pwrite64(int fd, const void __user *buf, size_t count, off_t off);
long sys_open(const char __user *path, int flags, unsigned int mode);
long sys_openat(int dirfd, const char __user *path, int flags, unsigned int mode);
long sys_creat(const char __user *path, unsigned int mode);
long sys_close(int fd);
off_t sys_lseek(int fd, off_t off, unsigned int whence);
long sys_stat(const char __user *path, struct user_stat __user *st);
long sys_fstat(int fd, struct user_stat __user *st);
long sys_lstat(const char __user *path, struct user_stat __user *st);
long sys_newfstatat(int dirfd, const char __user *path,
		    struct user_stat __user *st, int flags);
long sys_statx(int dirfd, const char __user *path, int flags, unsigned int mask,
	       void __user *statxbuf);
long sys_statfs(const char __user *path, void __user *buf);
long sys_fstatfs(int fd, void __user *buf);
long sys_getdents64(int fd, void __user *dirp, unsigned int count);
long sys_mkdir(const char __user *path, unsigned int mode);
long sys_mkdirat(int dirfd, const char __user *path, unsigned int mode);
long sys_mknod(const char __user *path, unsigned int mode, unsigned int dev);
long sys_mknodat(int dirfd, const char __user *path, unsigned int mode,
		 unsigned int dev);
long sys_rmdir(const char __user *path);
long sys_unlink(const char __user *path);
long sys_unlinkat(int dirfd, const char __user *path, int flags);
long sys_rename(const char __user *oldpath, const char __user *newpath);
long sys_renameat(int olddirfd, const char __user *oldpath, int newdirfd,
		  const char __user *newpath);
long sys_renameat2(int olddirfd, const char __user *oldpath, int newdirfd,
		   const char __user *newpath, unsigned int flags);
long sys_link(const char __user *oldpath, const char __user *newpath);
long sys_linkat(int olddirfd, const char __user *oldpath, int newdirfd,
		const char __user *newpath, int flags);
long sys_symlink(const char __user *target, const char __user *linkpath);
long sys_symlinkat(const char __user *target, int newdirfd,
		   const char __user *linkpath);
long sys_readlink(const char __user *path, char __user *buf, int bufsiz);
long sys_readlinkat(int dirfd, const char __user *path, char __user *buf,
		    int bufsiz);
long sys_chdir(const char __user *path);
long sys_fchdir(int fd);
long sys_chroot(const char __user *path);
long sys_getcwd(char __user *buf, size_t size);
long sys_dup(int oldfd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_fcntl(int fd, unsigned int cmd, unsigned long arg);
long sys_pipe(int __user *fds);
long sys_pipe2(int __user *fds, int flags);
long sys_ioctl(int fd, unsigned int cmd, unsigned long arg);
long sys_umask(int mask);
long sys_sync(void);
long sys_flock(int fd, unsigned int op);
ssize_t sys_sendfile(int out_fd, int in_fd, off_t __user *uoff, size_t count);
long sys_syncfs(int fd);
long sys_readahead(int fd, int64_t offset, size_t count);
long sys_fsync(int fd);
long sys_fdatasync(int fd);
long sys_access(const char __user *path, int mode);
long sys_faccessat(int dirfd, const char __user *path, int mode);
long sys_faccessat2(int dirfd, const char __user *path, int mode, int flags);
long sys_truncate(const char __user *path, off_t length);
long sys_ftruncate(int fd, off_t length);
long sys_chmod(const char __user *path, unsigned int mode);
long sys_fchmod(int fd, unsigned int mode);
long sys_fchmodat(int dirfd, const char __user *path, unsigned int mode);
long sys_chown(const char __user *path, unsigned int uid, unsigned int gid);
long sys_lchown(const char __user *path, unsigned int uid, unsigned int gid);
long sys_fchown(int fd, unsigned int uid, unsigned int gid);
long sys_fchownat(int dirfd, const char __user *path, unsigned int uid,
		  unsigned int gid, int flags);
long sys_utimensat(int dirfd, const char __user *path,
		   const void __user *times, int flags);
long sys_mount(const char __user *source, const char __user *target,
	       const char __user *fstype, unsigned long flags,
	       const void __user *data);
long sys_umount2(const char __user *target, int flags);
long sys_pivot_root(const char __user *new_root, const char __user *put_old);
long sys_setxattr(const char __user *path, const char __user *name,
		  const void __user *value, size_t size, int flags);
long sys_lsetxattr(const char __user *path, const char __user *name,
		   const void __user *value, size_t size, int flags);
long sys_fsetxattr(int fd, const char __user *name, const void __user *value,
		   size_t size, int flags);
long sys_getxattr(const char __user *path, const char __user *name,
		  void __user *value, size_t size);
long sys_lgetxattr(const char __user *path, const char __user *name,
		   void __user *value, size_t size);
long sys_fgetxattr(int fd, const char __user *name, void __user *value,
		   size_t size);
long sys_listxattr(const char __user *path, char __user *list, size_t size);
long sys_llistxattr(const char __user *path, char __user *list, size_t size);
long sys_flistxattr(int fd, char __user *list, size_t size);
long sys_removexattr(const char __user *path, const char __user *name);
long sys_lremovexattr(const char __user *path, const char __user *name);
long sys_fremovexattr(int fd, const char __user *name);
/* mount(2) for the kernel's own use (kernel strings): 0 or -errno. */
int vfs_mount_kernel(const char *source, const char *target, const char *fstype,
		     unsigned long flags, const char *data);

#endif
