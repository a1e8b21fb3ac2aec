/* SPDX-License-Identifier: MIT */
/*
 * vfs_internal.h - what the files of fs/ share: inodes and their operations,
 * superblocks, the path walk, fd-table internals, helpers for syscalls.
 *
 * The model is the BSD vnode one: there is no dentry cache.  An inode is
 * reached by name through its directory's inode_ops->lookup, which returns a
 * new reference.  Names in a file system are counted by nlink; references
 * from memory (open files, cwd, a walk in progress) by refcount.  When the
 * last reference goes, inode_ops->release runs; tmpfs frees an inode there
 * only once nlink is 0 too.
 *
 * Mounts (struct mount, mount_internal.h): each shows one directory or
 * file of a superblock (its root) at a mount point, an inode of its parent
 * mount.  An inode lists the mounts made on it (inode.mounts), each with
 * its parent; the walk carries the mount it is in and steps into the one
 * made there through it, and ".." at a mount's root leads out through its
 * mount point.  Flags (ro, nosuid, nodev, noexec, atime) are per mount, as
 * in Linux: the mount a walk or an open file (f->mnt) came through decides
 * (mnt_flags_at); a read-only superblock holds for all.
 *
 * Locking: one CPU with interrupts off outside sleeps (kernel/sched.h), so
 * nothing here takes a lock yet.  Field legends: [I] immutable after
 * creation, [F] owned by the file system's operations.
 */
#ifndef FS_VFS_INTERNAL_H
#define FS_VFS_INTERNAL_H

#include "fs/path.h"
#include "fs/vfs.h"
#include "kernel/cred.h"

struct inode;
struct inode_ops;

/* Per-mount flags (MNT_*), as struct mount keeps them. */
#define MNT_NOSUID 0x01u
#define MNT_NODEV 0x02u
#define MNT_NOEXEC 0x04u
#define MNT_NOATIME 0x08u
#define MNT_NODIRATIME 0x10u
#define MNT_RELATIME 0x20u
#define MNT_READONLY 0x40u
#define MNT_NOSYMFOLLOW 0x80u
#define MNT_ATIME_MASK (MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME)

struct superblock {
	uint32_t dev;                   /* [I] st_dev, dev_encode() form */
	uint32_t magic;                 /* [I] statfs f_type */
	struct inode *root;             /* [I] holds a reference */
	/*
	 * The mounts of this file system (mount.c keeps them): how many there
	 * are, with those taken out of the name space but still in use, and
	 * the first one made, which a walk that came through none is in
	 * (mnt_of; NULL once it is unmounted).
	 */
	unsigned mounts;
	struct mount *mnt;
	uint64_t next_ino;              /* [F] inode number allocator */
	uint64_t pages_used;            /* [F] data pages in use */
	uint64_t pages_max;             /* [I] size limit in pages; 0: none */
	const char *name;               /* [I] "tmpfs", "pipefs", ... */
	bool no_space;                  /* [I] statfs shows no blocks (proc, sysfs) */
	/*
	 * MNT_* of the first mount (sb->mnt; mount.c keeps them): what a
	 * walk that came through no mount obeys (mnt_flags_at).
	 */
	unsigned mnt_flags;
	bool rdonly;                    /* the superblock is read-only (SB_RDONLY) */
	/*
	 * Regular files open for writing: a remount read-only is EBUSY; of
	 * them, own_writers through no mount (each mount counts its own).
	 */
	unsigned writers, own_writers;
	/*
	 * [I] What the file system keeps, as Linux 6.1's tmpfs does: trusted.*
	 * and security.* extended attributes (xattr.c), and the inode flags
	 * of FS_IOC_SETFLAGS (fileattr.c).
	 */
	bool has_xattrs, has_fsflags;
};

struct inode {
	unsigned refcount;              /* references from memory */
	uint64_t ino;                   /* [I] */
	struct superblock *sb;          /* [I] */
	uint32_t mode;                  /* S_IF* | permissions */
	uint32_t uid, gid;
	uint32_t nlink;                 /* [F] names that point here */
	uint32_t rdev;                  /* [I] dev_encode() form for S_IFCHR/S_IFBLK */
	uint64_t size;                  /* [F] bytes */
	uint64_t blocks;                /* [F] 512-byte units */
	struct timespec64 atime, mtime, ctime, btime;
	const struct inode_ops *ops;    /* [I] */
	const struct file_ops *fops;    /* [I] for open() of REG/DIR; NULL otherwise */
	int writecount;                 /* >0: open for writing; <0: denied */
	struct mount *mounts;           /* mounted on this inode (vfs.c) */
	struct pipe *pipe;              /* S_IFIFO: the pipe while it is open */
	void *priv;                     /* [F] */
	unsigned iflags;                /* FS_*_FL of FS_IOC_SETFLAGS */
	struct xattr *xattrs;           /* extended attributes, newest first */
};

/* Inode flags (uapi/linux/fs.h) as the VFS enforces them. */
#define FS_IMMUTABLE_FL 0x00000010
#define FS_APPEND_FL 0x00000020
#define FS_NODUMP_FL 0x00000040
#define FS_NOATIME_FL 0x00000080
static inline bool inode_immutable(const struct inode *inode)
{
	return inode->iflags & FS_IMMUTABLE_FL;
}
static inline bool inode_append_only(const struct inode *inode)
{
	return inode->iflags & FS_APPEND_FL;
}

/* xattr.c: free an inode's extended attributes (with the inode). */
void xattr_drop_all(struct inode *inode);
/* fileattr.c: FS_IOC_*FLAGS, FS_IOC_FSGETXATTR, FIFREEZE, FITHAW; -ENOIOCTLCMD
 * for any other command. */
long fileattr_ioctl(struct file *f, unsigned int cmd, unsigned long arg);
/* A new inode's flags in dir (shmem's SHMEM_FL_INHERITED). */
unsigned fileattr_inherit(struct inode *dir);

/* getdents: the file system calls emit once per entry in order. */
struct dir_ctx {
	off_t pos;   /* where to resume; the file system advances it */
	/*
	 * Hand one entry over.  next is the position just after it (its d_off).
	 * false: no room; stop without advancing pos.
	 */
	bool (*emit)(struct dir_ctx *ctx, const char *name, size_t len,
		     uint64_t ino, unsigned dtype, off_t next);
};

#define DT_DIR 4

static inline bool is_mountpoint(struct inode *inode)
{
	return inode->mounts || inode == inode->sb->root;
}

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2

/*
 * Operations a file system provides.  The VFS has already checked what can
 * be checked generically: dir is a live directory, names are 1..NAME_MAX
 * bytes (not NUL-terminated, never "." or ".."; lookup may get ".."),
 * the name is absent for create/mkdir/symlink/link, victims have the right
 * type and are not mount points.  Inode results come with a reference.
 * Directory-changing operations update nlink, sizes and times as Linux does.
 */
/*
 * Where a "magic" link leads (procfs's fd, exe, cwd, root links): straight
 * to an object rather than through its text, as Linux's nd_jump_link.
 * dir and name say where a non-directory was opened (dir NULL: unknown).
 */
struct link_target {
	struct inode *inode;            /* holds a ref */
	struct inode *dir;              /* holds a ref, or NULL */
	struct mount *mnt;              /* the mount it is in (ref), or NULL */
	char name[NAME_MAX + 1];
};

struct inode_ops {
	int (*lookup)(struct inode *dir, const char *name, size_t len,
		      struct inode **out);                      /* -ENOENT */
	/* Regular files, device nodes, fifos, sockets (mode has the type). */
	int (*create)(struct inode *dir, const char *name, size_t len,
		      uint32_t mode, uint32_t rdev, struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, size_t len,
		     uint32_t mode);
	int (*unlink)(struct inode *dir, const char *name, size_t len,
		      struct inode *victim);
	int (*rmdir)(struct inode *dir, const char *name, size_t len,
		     struct inode *victim);                     /* -ENOTEMPTY */
	/*
	 * Move odir/oname to ndir/nname, replacing what is there (an empty
	 * directory only: -ENOTEMPTY), or swap the two (RENAME_EXCHANGE).
	 * The VFS has checked types, loops and NOREPLACE; same-inode renames
	 * never get here.
	 */
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
		      struct inode *ndir, const char *nname, size_t nlen,
		      unsigned flags);
	int (*link)(struct inode *target, struct inode *dir, const char *name,
		    size_t len);
	int (*symlink)(struct inode *dir, const char *name, size_t len,
		       const char *target, size_t tlen);
	/* Copy up to size bytes of the target (no NUL); its length or -errno. */
	ssize_t (*readlink)(struct inode *inode, char *buf, size_t size);
	/* Optional: a magic link; the walk jumps to *t instead of the text. */
	int (*follow)(struct inode *link, struct link_target *t);
	/*
	 * Optional: grant what the mode bits refuse (procfs: a process may
	 * always look into its own fd directory, proc_fd_permission).
	 */
	bool (*may_access)(struct inode *inode, int mask);
	int (*getdents)(struct inode *dir, struct dir_ctx *ctx);
	/* Change the size of a regular file (sparse growth, shrink frees). */
	int (*truncate)(struct inode *inode, uint64_t size);
	/* Metadata (mode, owner, times) changed in the inode: persist it. */
	void (*dirty)(struct inode *inode);
	/* The last reference is gone. */
	void (*release)(struct inode *inode);
};

/* inode.c */
void inode_init(struct inode *inode, struct superblock *sb, uint32_t mode,
		const struct inode_ops *ops);
struct inode *inode_get(struct inode *inode);
void inode_put(struct inode *inode);
struct timespec64 inode_now(void);
void inode_touch_mc(struct inode *inode);   /* mtime = ctime = now */
void inode_touch_c(struct inode *inode);    /* ctime = now */
void inode_touch_a(struct inode *inode);    /* atime, relatime rules */
void inode_touch_a_at(struct mount *mnt, struct inode *inode);
unsigned inode_dtype(uint32_t mode);
void inode_fill_stat(struct inode *inode, struct user_stat *st);
struct superblock *sb_new(const char *name);
extern const struct file_ops vfs_dir_fops;
/* Permission check; root for now: MAY_EXEC needs an x bit or a directory. */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4
bool inode_owner_or_privileged(struct inode *inode);
/* mnt: the mount dir (inode) was reached through, as mnt_flags_at. */
int may_create(struct mount *mnt, struct inode *dir);
int may_delete(struct mount *mnt, struct inode *dir, struct inode *victim);
int inode_permission(struct inode *inode, int mask);
int inode_permission_at(struct mount *mnt, struct inode *inode, int mask);

/* namei.c: the path walk. */
enum { LAST_NORM = PATH_NORM, LAST_DOT = PATH_DOT, LAST_DOTDOT = PATH_DOTDOT,
       LAST_ROOT };
#define WALK_FOLLOW 1   /* follow a symlink as the last component */
#define WALK_PARENT 2   /* the last component may be missing */
#define WALK_EMPTY 4    /* "" names the start (AT_EMPTY_PATH) */

struct mount;
struct walk {
	struct inode *dir;          /* directory holding the last component (ref) */
	/* The mount the object was reached through (ref), or NULL. */
	struct mount *mnt;
	struct inode *inode;        /* the object (ref); NULL when missing */
	char last[NAME_MAX + 1];    /* the last component, NUL-terminated */
	size_t last_len;
	int last_type;
	bool slash;                 /* the path ended with '/' */
};
/* Copy a path into a PATH_MAX kernel buffer; ERR_PTR(-errno) on failure. */
char *getname(const char __user *upath);
char *getname_kernel(const char *path);
void putname(char *name);
/* path (PATH_MAX bytes, from getname) is used as scratch space. */
int walk_path(int dirfd, char *path, unsigned flags, struct walk *w);
void walk_done(struct walk *w);
/* Walk and return only the object (with a reference). */
int walk_path_inode(int dirfd, char *path, unsigned flags, struct inode **out);
int walk_user(int dirfd, const char __user *upath, unsigned flags,
	      struct inode **out);
/* The same, with the mount it was reached through (ref; mount_put). */
int walk_user_mnt(int dirfd, const char __user *upath, unsigned flags,
		  struct inode **out, struct mount **mnt);
/*
 * The mount dir is in, for obj in it reached through mnt (when obj is
 * mnt's root, mnt was made through its parent), as mnt_of.
 */
struct mount *dir_mnt(struct mount *mnt, struct inode *obj, struct inode *dir);
/* The object is a mount point (EBUSY for unlink, rmdir, rename). */
bool walk_mountpoint(const struct walk *w);
/* One step: "..", or a name (mount points crossed); new reference. */
int vfs_lookup(struct inode *dir, const char *name, size_t len,
	       struct inode **out);
/* The cwd as a path at *start inside buf (PATH_MAX bytes); 0 or -errno. */
int vfs_getcwd(char *buf, char **start);
/* The same for any directory, as the caller's root sees it. */
int vfs_path_of(struct inode *dir, char *buf, char **start);
/* The same for dir reached through the mount mnt. */
int vfs_path_in(struct mount *mnt, struct inode *dir, char *buf, char **start);
/* A directory's path inside its own file system (mountinfo's root). */
int vfs_path_in_sb(struct inode *dir, char *buf, char **start);
/* An open file's name as /proc/<pid>/fd shows it, the same way. */
int file_path(struct file *f, char *buf, char **start);
/* procfs_ns.c: "uts" and the like for an nsfs inode ("uts:[ino]"), or NULL. */
const char *nsfs_label(struct inode *inode);

#define SSIZE_MAX 0x7fffffffffffffffL
#define OFF_MAX ((off_t)0x7fffffffffffffffL)
/* lseek's whence */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3
#define SEEK_HOLE 4
/* lseek from the file's size (file.c): the new offset or -errno. */
off_t generic_lseek(struct file *f, off_t off, int whence);
#define ENOIOCTLCMD 515         /* internal: "not mine", never seen by users */

/* fdtable.c */
/* The calling process's file state, or the kernel's before there is one. */
struct fs_state *vfs_fs(void);
struct files_state *vfs_files(void);
void fs_state_init(void);
/* Linux's fs_struct: shared by CLONE_FS. */
struct fs_state {
	unsigned refcount;
	struct inode *root;                 /* holds a ref */
	struct inode *cwd;                  /* holds a ref */
	/* The mounts root and cwd were reached through (refs), or NULL. */
	struct mount *root_mnt, *cwd_mnt;
	uint32_t umask;
};
/* Linux's files_struct: shared by CLONE_FILES. */
struct files_state {
	unsigned refcount;
	struct file *fds[FD_MAX];           /* each holds a ref */
	uint64_t cloexec[FD_MAX / 64];
};
int fd_alloc_from(struct files_state *files, int start); /* lowest free or -EMFILE */
void fd_install(struct files_state *files, int fd, struct file *f, bool cloexec);
int fd_install_new(struct file *f, bool cloexec);       /* consumes f's ref */
void fd_set_cloexec(struct files_state *files, int fd, bool on);
/* fd -> file with a new reference, or NULL; fd_get refuses O_PATH files. */
struct file *fd_get(int fd);
struct file *fd_get_raw(int fd);

/* file.c */
struct file *file_alloc(struct inode *inode, unsigned flags,
			const struct file_ops *ops);
/* The same for inode reached through the mount mnt (f->mnt). */
struct file *file_alloc_at(struct mount *mnt, struct inode *inode,
			   unsigned flags, const struct file_ops *ops);
/* The MNT_* flags that hold for an open file (mnt_flags_at). */
unsigned file_mnt_flags(struct file *f);
bool file_readable(struct file *f);
bool file_writable(struct file *f);
int vfs_open(int dirfd, char *path, int flags, uint32_t mode,
	     struct file **out);
ssize_t vfs_read(struct file *f, struct iobuf b, size_t n, off_t *pos);
void flock_release(struct file *f);       /* flock.c: at the last close */
/* posixlock.c: fcntl record locks; plock_release drops owner's on inode
 * (owner: a descriptor table, or a description for its OFD locks). */
long plock_fcntl(struct file *f, unsigned int cmd, void __user *ufl);
void plock_release(const void *owner, struct inode *inode);
ssize_t vfs_write(struct file *f, struct iobuf b, size_t n, off_t *pos);
int iobuf_zero(struct iobuf b, size_t off, size_t n);
#define MAX_RW_COUNT 0x7ffff000L

/* chardev.c: the driver of a device number (dev_encode form), or NULL. */
const struct file_ops *chardev_lookup(uint32_t rdev, void **priv);
const struct file_ops *blkdev_lookup(uint32_t rdev, void **priv);
void chardev_init(void);
/* Called with each node devfs_add announces (added) or devfs_remove takes
 * away from now on (devtmpfs). */
void devfs_set_notify(void (*fn)(const struct devnode *d, bool added));

/* pipe.c: open() of a fifo (file_ops.open). */
extern const struct file_ops fifo_fops;

/* tmpfs.c */
struct superblock *tmpfs_new(void);

/* vfs.c */
extern struct superblock *vfs_root_sb;
/* Mount sb on dir as a walk with no mount sees it (host unit tests). */
int vfs_mount(struct inode *dir, struct superblock *sb);
/* A new mount of sb showing root (ref taken), in no name space yet. */
struct mount *mount_new(struct superblock *sb, struct inode *root);
/* Hang m on mp, made through parent (refs taken), as the newest there. */
void mount_hook(struct mount *m, struct mount *parent, struct inode *mp);
/* The same with m's parent and mount point already set. */
void mount_link(struct mount *m);
/* Take m off its mount point (the references stay m's). */
void mount_unhook(struct mount *m);
/* The mount on inode made through parent, or NULL. */
struct mount *mount_lookup(struct mount *parent, struct inode *inode);
/*
 * Free the superblocks whose last mount went while something still used
 * them (mount_put parks them), now that nothing does.
 */
void mount_reap(void);
struct mount *mount_get(struct mount *m);       /* NULL stays NULL */
/*
 * The MNT_* flags that hold for inode reached through the mount mnt (NULL,
 * or a mount of another file system: mnt_of's), MNT_READONLY also for a
 * read-only superblock.
 */
unsigned mnt_flags_at(struct mount *mnt, struct inode *inode);
/* EROFS when writing there is refused by the mount (mnt_want_write). */
int mnt_want_write(struct mount *mnt, struct inode *inode);
/* The mount inode is in, reached through mnt: mnt, else its sb's first. */
struct mount *mnt_of(struct mount *mnt, struct inode *inode);
/* Regular files open for writing through the mount m. */
void mount_writers_add(struct mount *m, int n);
void mount_put(struct mount *m);

/* Helpers for dirops.c/open.c. */
int vfs_mknod(struct inode *dir, const char *name, size_t len, uint32_t mode,
	      uint32_t rdev, struct inode **out);
int vfs_truncate(struct inode *inode, off_t length);

#endif
