// SPDX-License-Identifier: MIT
/*
 * xattr.c - extended attributes: setxattr, lsetxattr, fsetxattr, getxattr,
 * lgetxattr, fgetxattr, listxattr, llistxattr, flistxattr, removexattr,
 * lremovexattr, fremovexattr, and the in-memory store file systems that
 * keep attributes with their inodes use (Linux's simple_xattrs).
 *
 * What is supported is Linux 6.1's tmpfs: the trusted.* and security.*
 * name spaces (user.* came to tmpfs only in 6.6, so here as there it is
 * EOPNOTSUPP; system.* holds POSIX ACLs, which are not implemented, and
 * is EOPNOTSUPP too).  A superblock says whether it keeps attributes
 * (sb->has_xattrs); elsewhere every name is EOPNOTSUPP and lists are empty.
 *
 * The order of the checks is Linux's fs/xattr.c: the path, EROFS, flags
 * (EINVAL), the name (ERANGE when empty or longer than XATTR_NAME_MAX),
 * the size (E2BIG past XATTR_SIZE_MAX), the value (EFAULT), then
 * xattr_permission (immutable and append-only inodes refuse writes;
 * trusted.* needs CAP_SYS_ADMIN, hidden from the unprivileged as ENODATA;
 * user.* only on regular files and directories and by the mode bits),
 * security.capability's header and CAP_SETFCAP, then the name space
 * (EOPNOTSUPP, or EINVAL for a bare prefix).  Attributes are listed
 * newest first and a replaced value keeps its place, as 6.1's list does.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

#define XATTR_CREATE 1
#define XATTR_REPLACE 2
#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536
#define XATTR_LIST_MAX 65536
#define XATTR_CAPS "security.capability"
#define VFS_CAP_REVISION_MASK 0xff000000u
#define VFS_CAP_REVISION_2 0x02000000u
#define VFS_CAP_REVISION_3 0x03000000u
#define XATTR_CAPS_SZ_2 20
#define XATTR_CAPS_SZ_3 24

/* One attribute: the full name ("trusted.x") and its value. */
struct xattr {
	struct xattr *next;             /* newest first */
	size_t size;
	char *value;
	char name[];
};

static bool has_prefix(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

static struct xattr **xattr_find(struct inode *inode, const char *name)
{
	struct xattr **pp = &inode->xattrs;

	while (*pp && strcmp((*pp)->name, name))
		pp = &(*pp)->next;
	return pp;
}

static void xattr_free(struct xattr *x)
{
	kfree(x->value);
	kfree(x);
}

void xattr_drop_all(struct inode *inode)
{
	while (inode->xattrs) {
		struct xattr *x = inode->xattrs;

		inode->xattrs = x->next;
		xattr_free(x);
	}
}

/* Copy a name in (setxattr_copy): ERANGE when empty or too long. */
static int xattr_name_copy(char name[XATTR_NAME_MAX + 1], const char __user *uname)
{
	long n = strncpy_from_user(name, uname, XATTR_NAME_MAX + 1);

	if (n == 0 || n == -ENAMETOOLONG)
		return -ERANGE;
	return n < 0 ? (int)n : 0;
}

/* xattr_permission(): the VFS's rules before the file system sees a name. */
static int xattr_permission(struct mount *mnt, struct inode *inode,
			    const char *name, int mask)
{
	bool write = mask & MAY_WRITE;

	if (write && (inode->iflags & (FS_IMMUTABLE_FL | FS_APPEND_FL)))
		return -EPERM;
	if (has_prefix(name, "security.") || has_prefix(name, "system."))
		return 0;
	if (has_prefix(name, "trusted.")) {
		if (!cred_privileged())
			return write ? -EPERM : -ENODATA;
		return 0;
	}
	if (has_prefix(name, "user.")) {
		if (!S_ISREG(inode->mode) && !S_ISDIR(inode->mode))
			return write ? -EPERM : -ENODATA;
		if (S_ISDIR(inode->mode) && (inode->mode & S_ISVTX) && write &&
		    !inode_owner_or_privileged(inode))
			return -EPERM;
	}
	return inode_permission_at(mnt, inode, mask);
}

/*
 * Setting security.capability needs a valid v2 or v3 header and
 * CAP_SETFCAP (cap_convert_nscap).  Debian's 6.1 runs the BPF LSM, whose
 * inode_setxattr/removexattr hooks answer 0 and so skip commoncap's
 * CAP_SYS_ADMIN check of the other security.* names: anyone may set and
 * remove those, as the guest test sees on Debian.
 */
static int xattr_security_check(const char *name, const void *value, size_t size)
{
	uint32_t magic;

	if (strcmp(name, XATTR_CAPS) || !value || !size)
		return 0;
	if (size < sizeof(magic))
		return -EINVAL;
	memcpy(&magic, value, sizeof(magic));
	magic &= VFS_CAP_REVISION_MASK;
	if (!(size == XATTR_CAPS_SZ_2 && magic == VFS_CAP_REVISION_2) &&
	    !(size == XATTR_CAPS_SZ_3 && magic == VFS_CAP_REVISION_3))
		return -EINVAL;
	return cred_privileged() ? 0 : -EPERM;
}

/* xattr_resolve_name(): a name space this inode's file system keeps. */
static int xattr_resolve(struct inode *inode, const char *name)
{
	static const char *const spaces[] = { "trusted.", "security." };

	if (!inode->sb->has_xattrs)
		return -EOPNOTSUPP;
	for (size_t i = 0; i < ARRAY_SIZE(spaces); i++) {
		if (has_prefix(name, spaces[i]))
			return name[strlen(spaces[i])] ? 0 : -EINVAL;
	}
	return -EOPNOTSUPP;
}

/* simple_xattr_set(): value NULL removes; the flags decide on presence. */
static int xattr_store(struct inode *inode, const char *name, void *value,
		       size_t size, int flags)
{
	struct xattr **pp = xattr_find(inode, name), *x = NULL;
	size_t len = strlen(name) + 1;

	if (*pp && (flags & XATTR_CREATE))
		return -EEXIST;
	if (!*pp && (flags & XATTR_REPLACE || !value))
		return -ENODATA;
	if (value) {
		x = kmalloc(sizeof(*x) + len);
		if (!x)
			return -ENOMEM;
		memcpy(x->name, name, len);
		x->value = value;
		x->size = size;
	}
	if (*pp) {
		struct xattr *old = *pp;

		if (x)
			x->next = old->next;
		*pp = x ? x : old->next;
		xattr_free(old);
	} else {
		x->next = inode->xattrs;
		inode->xattrs = x;
	}
	inode_touch_c(inode);
	return 0;
}

/* The checks from xattr_permission on, then the change (value: kernel
 * memory the store takes over on success; NULL removes). */
static int xattr_change(struct mount *mnt, struct inode *inode, const char *name,
			void *value, size_t size, int flags)
{
	int err = xattr_permission(mnt, inode, name, MAY_WRITE);

	if (!err)
		err = xattr_security_check(name, value, size);
	if (!err)
		err = xattr_resolve(inode, name);
	if (!err)
		err = xattr_store(inode, name, value, size, value ? flags : XATTR_REPLACE);
	return err;
}

static long do_setxattr(struct mount *mnt, struct inode *inode,
			const char __user *uname, const void __user *uvalue,
			size_t size, int flags)
{
	char name[XATTR_NAME_MAX + 1];
	char *value;
	int err;

	if (mnt_want_write(mnt, inode))
		return -EROFS;
	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	err = xattr_name_copy(name, uname);
	if (err)
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	value = kmalloc(size ? size : 1);       /* a 0-byte value is kept, not removed */
	if (!value)
		return -ENOMEM;
	if (copy_from_user(value, uvalue, size))
		err = -EFAULT;
	else
		err = xattr_change(mnt, inode, name, value, size, flags);
	if (err)
		kfree(value);
	return err;
}

static long do_getxattr(struct mount *mnt, struct inode *inode,
			const char __user *uname, void __user *uvalue, size_t size)
{
	char name[XATTR_NAME_MAX + 1];
	struct xattr *x;
	int err = xattr_name_copy(name, uname);

	if (!err)
		err = xattr_permission(mnt, inode, name, MAY_READ);
	if (!err)
		err = xattr_resolve(inode, name);
	if (err)
		return err;
	x = *xattr_find(inode, name);
	if (!x)
		return -ENODATA;
	if (!size)
		return (long)x->size;
	if (x->size > MIN(size, (size_t)XATTR_SIZE_MAX))
		return -ERANGE;
	if (copy_to_user(uvalue, x->value, x->size))
		return -EFAULT;
	return (long)x->size;
}

/* simple_xattr_list(): trusted.* only for CAP_SYS_ADMIN. */
static long do_listxattr(struct inode *inode, char __user *ulist, size_t size)
{
	bool trusted = cred_privileged();
	size_t total = 0, off = 0;
	struct xattr *x;

	if (size > XATTR_LIST_MAX)
		size = XATTR_LIST_MAX;
	for (x = inode->xattrs; x; x = x->next) {
		if (trusted || !has_prefix(x->name, "trusted."))
			total += strlen(x->name) + 1;
	}
	if (!size)
		return (long)total;
	if (total > size)
		return size >= XATTR_LIST_MAX ? -E2BIG : -ERANGE;
	for (x = inode->xattrs; x; x = x->next) {
		size_t len = strlen(x->name) + 1;

		if (!trusted && has_prefix(x->name, "trusted."))
			continue;
		if (copy_to_user(ulist + off, x->name, len))
			return -EFAULT;
		off += len;
	}
	return (long)total;
}

static long do_removexattr(struct mount *mnt, struct inode *inode,
			   const char __user *uname)
{
	char name[XATTR_NAME_MAX + 1];
	int err;

	if (mnt_want_write(mnt, inode))
		return -EROFS;
	err = xattr_name_copy(name, uname);
	if (err)
		return err;
	return xattr_change(mnt, inode, name, NULL, 0, XATTR_REPLACE);
}

/*
 * The three forms of each call: a path followed through symlinks, a path
 * whose last symlink is the object (l*), an open file (f*, EBADF for O_PATH).
 */
enum xattr_op { XOP_SET, XOP_GET, XOP_LIST, XOP_REMOVE };

struct xattr_args {
	const char __user *name;
	void __user *value;
	size_t size;
	int flags;
};

static long xattr_do(enum xattr_op op, struct mount *mnt, struct inode *inode,
		     const struct xattr_args *a)
{
	switch (op) {
	case XOP_SET:
		return do_setxattr(mnt, inode, a->name, a->value, a->size, a->flags);
	case XOP_GET:
		return do_getxattr(mnt, inode, a->name, a->value, a->size);
	case XOP_LIST:
		return do_listxattr(inode, a->value, a->size);
	case XOP_REMOVE:
		return do_removexattr(mnt, inode, a->name);
	}
	return -EINVAL;
}

static long xattr_path(const char __user *path, bool follow, enum xattr_op op,
		       const struct xattr_args *a)
{
	struct inode *inode;
	struct mount *mnt;
	long err = walk_user_mnt(AT_FDCWD, path, follow ? WALK_FOLLOW : 0,
				 &inode, &mnt);

	if (err)
		return err;
	err = xattr_do(op, mnt, inode, a);
	inode_put(inode);
	mount_put(mnt);
	return err;
}

static long xattr_fd(int fd, enum xattr_op op, const struct xattr_args *a)
{
	struct file *f = fd_get(fd);
	long err;

	if (!f)
		return -EBADF;
	err = f->inode ? xattr_do(op, f->mnt, f->inode, a) : -EOPNOTSUPP;
	file_put(f);
	return err;
}

#define SET_ARGS { .name = name, .value = (void __user *)value, .size = size, .flags = flags }
#define GET_ARGS { .name = name, .value = value, .size = size }
#define LIST_ARGS { .value = list, .size = size }
#define REMOVE_ARGS { .name = name }

long sys_setxattr(const char __user *path, const char __user *name,
		  const void __user *value, size_t size, int flags)
{
	struct xattr_args a = SET_ARGS;

	return xattr_path(path, true, XOP_SET, &a);
}

long sys_lsetxattr(const char __user *path, const char __user *name,
		   const void __user *value, size_t size, int flags)
{
	struct xattr_args a = SET_ARGS;

	return xattr_path(path, false, XOP_SET, &a);
}

long sys_fsetxattr(int fd, const char __user *name, const void __user *value,
		   size_t size, int flags)
{
	struct xattr_args a = SET_ARGS;

	return xattr_fd(fd, XOP_SET, &a);
}

long sys_getxattr(const char __user *path, const char __user *name,
		  void __user *value, size_t size)
{
	struct xattr_args a = GET_ARGS;

	return xattr_path(path, true, XOP_GET, &a);
}

long sys_lgetxattr(const char __user *path, const char __user *name,
		   void __user *value, size_t size)
{
	struct xattr_args a = GET_ARGS;

	return xattr_path(path, false, XOP_GET, &a);
}

long sys_fgetxattr(int fd, const char __user *name, void __user *value,
		   size_t size)
{
	struct xattr_args a = GET_ARGS;

	return xattr_fd(fd, XOP_GET, &a);
}

long sys_listxattr(const char __user *path, char __user *list, size_t size)
{
	struct xattr_args a = LIST_ARGS;

	return xattr_path(path, true, XOP_LIST, &a);
}

long sys_llistxattr(const char __user *path, char __user *list, size_t size)
{
	struct xattr_args a = LIST_ARGS;

	return xattr_path(path, false, XOP_LIST, &a);
}

long sys_flistxattr(int fd, char __user *list, size_t size)
{
	struct xattr_args a = LIST_ARGS;

	return xattr_fd(fd, XOP_LIST, &a);
}

long sys_removexattr(const char __user *path, const char __user *name)
{
	struct xattr_args a = REMOVE_ARGS;

	return xattr_path(path, true, XOP_REMOVE, &a);
}

long sys_lremovexattr(const char __user *path, const char __user *name)
{
	struct xattr_args a = REMOVE_ARGS;

	return xattr_path(path, false, XOP_REMOVE, &a);
}

long sys_fremovexattr(int fd, const char __user *name)
{
	struct xattr_args a = REMOVE_ARGS;

	return xattr_fd(fd, XOP_REMOVE, &a);
}
