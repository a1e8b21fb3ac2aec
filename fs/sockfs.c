// SPDX-License-Identifier: MIT
/*
 * sockfs.c - what sockets need from the VFS: an anonymous S_IFSOCK inode on
 * "sockfs" for each socket's open file (fstat shows S_IFSOCK, as Linux's
 * sockfs does), installing such a file as an fd, and the S_IFSOCK names
 * AF_UNIX binds and connects to (unix(7)): the inode is the address, so
 * net/ keeps the reference it gets here and compares inode pointers.
 */
#include "fs/vfs_internal.h"
#include "kernel/mm.h"

#define SOCKFS_MAGIC 0x534F434B

static struct superblock *sock_sb;
static const struct inode_ops sock_iops = { 0 };       /* release: kfree */

struct file *sockfs_file(const struct file_ops *ops, void *priv, unsigned flags)
{
	struct inode *inode = kzalloc(sizeof(*inode));
	struct file *f;

	if (!sock_sb && (sock_sb = sb_new("sockfs")))
		sock_sb->magic = SOCKFS_MAGIC;
	if (!inode || !sock_sb) {
		kfree(inode);
		return NULL;
	}
	inode_init(inode, sock_sb, S_IFSOCK | 0777, &sock_iops);
	f = file_alloc(inode, O_RDWR | (flags & O_NONBLOCK), ops);
	inode_put(inode);
	if (f)
		f->priv = priv;
	return f;
}

void sockfs_ids(const struct file *f, uint64_t *ino, uint32_t *uid)
{
	*ino = f->inode->ino;
	*uid = f->inode->uid;
}

int sockfs_install(struct file *f, bool cloexec)
{
	return fd_install_new(f, cloexec);
}

int sockfs_lookup(const char *path, struct inode **out)
{
	char *p = getname_kernel(path);
	struct inode *inode;
	int err;

	if (IS_ERR(p))
		return (int)PTR_ERR(p);
	err = walk_path_inode(AT_FDCWD, p, WALK_FOLLOW, &inode);
	putname(p);
	if (err)
		return err;
	err = inode_permission(inode, MAY_WRITE);
	if (!err && (inode->mode & S_IFMT) != S_IFSOCK)
		err = -ECONNREFUSED;
	if (err) {
		inode_put(inode);
		return err;
	}
	*out = inode;
	return 0;
}

void sockfs_inode_put(struct inode *inode)
{
	inode_put(inode);
}
