// SPDX-License-Identifier: MIT
/*
 * inode.c - inode references, timestamps, permissions, stat, superblocks.
 *
 * An inode lives while something references it (refcount) or a name points
 * to it (nlink); the file system decides in inode_ops->release, called when
 * the last reference goes.  Timestamps follow Linux: writes set mtime and
 * ctime, metadata changes ctime, reads atime under "relatime" (only when
 * atime is older than mtime/ctime or a day old), the default mount option.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"

#define RELATIME_SECS (24 * 60 * 60)

void inode_init(struct inode *inode, struct superblock *sb, uint32_t mode,
		const struct inode_ops *ops)
{
	struct timespec64 now = inode_now();

	inode->refcount = 1;
	inode->ino = ++sb->next_ino;
	inode->sb = sb;
	inode->mode = mode;
	inode->nlink = 1;
	inode->atime = inode->mtime = inode->ctime = inode->btime = now;
	inode->ops = ops;
}

/* Also revives an inode that only names kept (refcount 0, nlink > 0). */
struct inode *inode_get(struct inode *inode)
{
	inode->refcount++;
	return inode;
}

void inode_put(struct inode *inode)
{
	if (!inode)
		return;
	assert(inode->refcount > 0);
	if (--inode->refcount)
		return;
	if (inode->ops && inode->ops->release)
		inode->ops->release(inode);
	else
		kfree(inode);
}

struct timespec64 inode_now(void)
{
	return ns_to_timespec(time_realtime_ns());
}

void inode_touch_mc(struct inode *inode)
{
	inode->mtime = inode->ctime = inode_now();
}

void inode_touch_c(struct inode *inode)
{
	inode->ctime = inode_now();
}

static bool ts_before(struct timespec64 a, struct timespec64 b)
{
	return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

void inode_touch_a(struct inode *inode)
{
	inode_touch_a_at(NULL, inode);
}

void inode_touch_a_at(struct mount *mnt, struct inode *inode)
{
	struct timespec64 now = inode_now();
	unsigned f = mnt_flags_at(mnt, inode);

	if ((inode->iflags & FS_NOATIME_FL) || (f & (MNT_READONLY | MNT_NOATIME)) ||
	    ((f & MNT_NODIRATIME) && S_ISDIR(inode->mode)))
		return;
	if (!ts_before(inode->mtime, inode->atime) ||
	    !ts_before(inode->ctime, inode->atime) ||
	    now.tv_sec - inode->atime.tv_sec >= RELATIME_SECS)
		inode->atime = now;
}

unsigned inode_dtype(uint32_t mode)
{
	return (mode & S_IFMT) >> 12;   /* DT_* equal the S_IFMT nibble */
}

void inode_fill_stat(struct inode *inode, struct user_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = inode->sb->dev;
	st->st_ino = inode->ino;
	st->st_nlink = inode->nlink;
	st->st_mode = inode->mode;
	st->st_uid = inode->uid;
	st->st_gid = inode->gid;
	st->st_rdev = inode->rdev;
	st->st_size = (int64_t)inode->size;
	st->st_blksize = 4096;
	st->st_blocks = (int64_t)inode->blocks;
	st->st_atime_sec = (uint64_t)inode->atime.tv_sec;
	st->st_atime_nsec = (uint64_t)inode->atime.tv_nsec;
	st->st_mtime_sec = (uint64_t)inode->mtime.tv_sec;
	st->st_mtime_nsec = (uint64_t)inode->mtime.tv_nsec;
	st->st_ctime_sec = (uint64_t)inode->ctime.tv_sec;
	st->st_ctime_nsec = (uint64_t)inode->ctime.tv_nsec;
}

/*
 * generic_permission(): the owner's, the group's or everyone else's rwx
 * bits, chosen by the caller's fs IDs; EROFS first for writing what a
 * read-only mount holds (Linux's inode_permission).  fsuid 0
 * (CAP_DAC_OVERRIDE) may read and write anything and execute anything with
 * some x bit, or a directory.  What the bits refuse, the file system's
 * may_access may still grant.
 */
int inode_permission(struct inode *inode, int mask)
{
	return inode_permission_at(NULL, inode, mask);
}

int inode_permission_at(struct mount *mnt, struct inode *inode, int mask)
{
	const struct cred *c = current_cred();
	unsigned bits;

	/* Devices, fifos and sockets stay writable on a read-only mount. */
	if ((mask & MAY_WRITE) && mnt_want_write(mnt, inode) &&
	    (S_ISREG(inode->mode) || S_ISDIR(inode->mode) || S_ISLNK(inode->mode)))
		return -EROFS;
	if ((mask & MAY_WRITE) && inode_immutable(inode))
		return -EPERM;
	if (cred_fs_privileged()) {
		if ((mask & MAY_EXEC) && !S_ISDIR(inode->mode) && !(inode->mode & 0111))
			return -EACCES;
		return 0;
	}
	if (inode->uid == c->fsuid)
		bits = (inode->mode >> 6) & 7;
	else if (cred_in_group(inode->gid))
		bits = (inode->mode >> 3) & 7;
	else
		bits = inode->mode & 7;
	if (!((unsigned)mask & ~bits))
		return 0;
	if (inode->ops->may_access && inode->ops->may_access(inode, mask))
		return 0;
	return -EACCES;
}

/* New names in dir need write and search permission on it (may_create). */
int may_create(struct mount *mnt, struct inode *dir)
{
	return inode_permission_at(mnt, dir, MAY_WRITE | MAY_EXEC);
}

/*
 * Removing or replacing victim's name in dir (may_delete): write and search
 * on dir, and in a sticky directory ownership of the file or the directory.
 */
int may_delete(struct mount *mnt, struct inode *dir, struct inode *victim)
{
	int err = may_create(mnt, dir);

	if (err)
		return err;
	if (inode_append_only(dir) || inode_append_only(victim) ||
	    inode_immutable(victim))
		return -EPERM;
	if ((dir->mode & S_ISVTX) && !cred_fs_privileged() &&
	    victim->uid != current_cred()->fsuid && dir->uid != current_cred()->fsuid)
		return -EPERM;
	return 0;
}

/* Owner or CAP_FOWNER: may change mode, times, and the sticky rules. */
bool inode_owner_or_privileged(struct inode *inode)
{
	return cred_fs_privileged() || inode->uid == current_cred()->fsuid;
}

/* Anonymous device numbers 0:N, as Linux gives tmpfs, pipefs, procfs. */
struct superblock *sb_new(const char *name)
{
	static unsigned next_anon_minor = 1;
	struct superblock *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return NULL;
	sb->dev = dev_encode(0, next_anon_minor++);
	sb->name = name;
	return sb;
}

/* Directories read as EISDIR (generic_read_dir); getdents64 lists them. */
static ssize_t dir_read(struct file *f __unused, struct iobuf b __unused,
			size_t n __unused, off_t *pos __unused)
{
	return -EISDIR;
}

const struct file_ops vfs_dir_fops = {
	.read = dir_read,
};
