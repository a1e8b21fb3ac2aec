// SPDX-License-Identifier: MIT
/*
 * stat.c - stat, fstat, lstat, newfstatat, statx, statfs and fstatfs.
 *
 * struct user_stat is the arch's struct stat (arch/abi.h); struct statx is
 * the one layout all architectures share (include/uapi/linux/stat.h), as is
 * the 64-bit struct statfs (asm-generic/statfs.h).  As Linux 6.1 does,
 * statx reports the basic fields, the mount id and the birth time whatever
 * was asked for, and fills unknown fields with zeros.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

#define STATX_BASIC_STATS 0x7ffU
#define STATX_BTIME 0x800U
#define STATX_MNT_ID 0x1000U
#define STATX__RESERVED 0x80000000U
#define STATX_ATTR_AUTOMOUNT 0x1000
#define STATX_ATTR_MOUNT_ROOT 0x2000
#define STATX_ATTR_DAX 0x200000

struct statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor;
	uint32_t stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align, stx_dio_offset_align;
	uint64_t spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "struct statx is 256 bytes");

static long stat_to_user(struct inode *inode, struct user_stat __user *ust)
{
	struct user_stat st;

	inode_fill_stat(inode, &st);
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

static long stat_path(int dirfd, const char __user *path,
		      struct user_stat __user *st, unsigned wflags)
{
	struct inode *inode;
	long err = walk_user(dirfd, path, wflags, &inode);

	if (err)
		return err;
	err = stat_to_user(inode, st);
	inode_put(inode);
	return err;
}

long sys_stat(const char __user *path, struct user_stat __user *st)
{
	return stat_path(AT_FDCWD, path, st, WALK_FOLLOW);
}

long sys_lstat(const char __user *path, struct user_stat __user *st)
{
	return stat_path(AT_FDCWD, path, st, 0);
}

long sys_fstat(int fd, struct user_stat __user *st)
{
	struct file *f = fd_get_raw(fd);
	long err;

	if (!f)
		return -EBADF;
	err = f->inode ? stat_to_user(f->inode, st) : -EBADF;
	file_put(f);
	return err;
}

static unsigned stat_wflags(int flags)
{
	unsigned wflags = WALK_FOLLOW;

	if (flags & AT_SYMLINK_NOFOLLOW)
		wflags &= ~WALK_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		wflags |= WALK_EMPTY;
	return wflags;
}

long sys_newfstatat(int dirfd, const char __user *path,
		    struct user_stat __user *st, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	return stat_path(dirfd, path, st, stat_wflags(flags));
}

static struct statx_timestamp statx_ts(struct timespec64 t)
{
	return (struct statx_timestamp){ t.tv_sec, (uint32_t)t.tv_nsec, 0 };
}

static void fill_statx(struct inode *inode, struct statx *x)
{
	memset(x, 0, sizeof(*x));
	x->stx_mask = STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID;
	x->stx_blksize = 4096;
	x->stx_attributes_mask = STATX_ATTR_AUTOMOUNT | STATX_ATTR_MOUNT_ROOT |
				 STATX_ATTR_DAX;
	if (inode == inode->sb->root)
		x->stx_attributes = STATX_ATTR_MOUNT_ROOT;
	if (inode->sb->has_fsflags) {
		/* STATX_ATTR_IMMUTABLE, _APPEND, _NODUMP share FS_*_FL's values. */
		unsigned shown = FS_IMMUTABLE_FL | FS_APPEND_FL | FS_NODUMP_FL;

		x->stx_attributes_mask |= shown;
		x->stx_attributes |= inode->iflags & shown;
	}
	x->stx_nlink = inode->nlink;
	x->stx_uid = inode->uid;
	x->stx_gid = inode->gid;
	x->stx_mode = (uint16_t)inode->mode;
	x->stx_ino = inode->ino;
	x->stx_size = inode->size;
	x->stx_blocks = inode->blocks;
	x->stx_atime = statx_ts(inode->atime);
	x->stx_btime = statx_ts(inode->btime);
	x->stx_ctime = statx_ts(inode->ctime);
	x->stx_mtime = statx_ts(inode->mtime);
	x->stx_rdev_major = DEV_MAJOR(inode->rdev);
	x->stx_rdev_minor = DEV_MINOR(inode->rdev);
	x->stx_dev_major = DEV_MAJOR(inode->sb->dev);
	x->stx_dev_minor = DEV_MINOR(inode->sb->dev);
	x->stx_mnt_id = DEV_MINOR(inode->sb->dev);
}

long sys_statx(int dirfd, const char __user *path, int flags, unsigned int mask,
	       void __user *statxbuf)
{
	struct inode *inode;
	struct statx x;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	err = walk_user(dirfd, path, stat_wflags(flags), &inode);
	if (err)
		return err;
	fill_statx(inode, &x);
	inode_put(inode);
	return copy_to_user(statxbuf, &x, sizeof(x)) ? -EFAULT : 0;
}

struct user_statfs {
	int64_t f_type;
	int64_t f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen;
	int64_t f_frsize;
	int64_t f_flags;
	int64_t f_spare[4];
};
_Static_assert(sizeof(struct user_statfs) == 120, "struct statfs is 120 bytes");

#define ST_VALID 0x0020

/* f_flags: the mount's flags as ST_* (calculate_f_flags). */
static int64_t statfs_flags(unsigned mnt_flags)
{
	static const struct {
		unsigned mnt;
		int64_t st;
	} map[] = {
		{ MNT_READONLY, 0x0001 }, { MNT_NOSUID, 0x0002 },
		{ MNT_NODEV, 0x0004 }, { MNT_NOEXEC, 0x0008 },
		{ MNT_NOATIME, 0x0400 }, { MNT_NODIRATIME, 0x0800 },
		{ MNT_RELATIME, 0x1000 }, { MNT_NOSYMFOLLOW, 0x2000 },
	};
	int64_t f = ST_VALID;

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (mnt_flags & map[i].mnt)
			f |= map[i].st;
	return f;
}

/*
 * Sizes in pages: the limit and use for tmpfs, RAM for the others; the
 * flags of the mount inode was reached through.
 */
static long statfs_to_user(struct mount *mnt, struct inode *inode,
			   void __user *buf)
{
	struct superblock *sb = inode->sb;
	struct user_statfs st = { 0 };
	uint64_t max = sb->pages_max ? sb->pages_max : page_total();
	uint64_t used = sb->pages_max ? sb->pages_used : max - page_free_count();

	st.f_type = sb->magic;
	st.f_bsize = st.f_frsize = PAGE_SIZE;
	if (!sb->no_space) {            /* else all 0, as simple_statfs */
		st.f_blocks = max;
		st.f_bfree = st.f_bavail = used < max ? max - used : 0;
		st.f_files = max;
		st.f_ffree = sb->next_ino < max ? max - sb->next_ino : 0;
	}
	st.f_namelen = NAME_MAX;
	st.f_flags = statfs_flags(mnt_flags_at(mnt, inode));
	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_statfs(const char __user *path, void __user *buf)
{
	struct inode *inode;
	struct mount *mnt;
	long err = walk_user_mnt(AT_FDCWD, path, WALK_FOLLOW, &inode, &mnt);

	if (err)
		return err;
	err = statfs_to_user(mnt, inode, buf);
	inode_put(inode);
	mount_put(mnt);
	return err;
}

long sys_fstatfs(int fd, void __user *buf)
{
	struct file *f = fd_get_raw(fd);
	long err;

	if (!f)
		return -EBADF;
	err = f->inode ? statfs_to_user(f->mnt, f->inode, buf) : -EBADF;
	file_put(f);
	return err;
}
