// SPDX-License-Identifier: MIT
/*
 * cpio.c - unpack the initramfs into the root file system (cpio_unpack).
 *
 * cpio_parse() (cpio_parse.c) checks the archive and hands over one entry
 * at a time; this file turns each into a file as Linux's init/initramfs.c
 * does: an existing name of another type is removed first (clean_path);
 * directories that exist get the archive's mode and owner; regular files are
 * truncated and written; symlinks replace whatever was there; device nodes,
 * fifos and sockets are made with mknod; entries of any of those types with
 * nlink >= 2 and an (ino, dev, type) seen before become hard links to the
 * first name (the data, if any, is written through the link).  Mode, owner
 * and mtime (atime too) come from the header; directory mtimes are applied
 * at the end, after their contents stopped changing them.
 *
 * A bad entry (a missing parent, a name too long) is logged and skipped, as
 * Linux does; a malformed archive stops the unpacking with -EINVAL and
 * running out of memory with -ENOMEM.
 */
#include "fs/cpio.h"
#include "fs/vfs_internal.h"
#include "kernel/mm.h"

#define MAX_LOGGED 10

struct cpio_link {              /* a name that later entries may link to */
	struct cpio_link *next;
	uint32_t ino, major, minor, type;
	char name[];
};

struct cpio_dir {               /* a directory whose mtime is set at the end */
	struct cpio_dir *next;
	struct inode *inode;    /* holds a ref */
	uint32_t mtime;
};

struct cpio_state {
	char *path;             /* PATH_MAX scratch: "/" + entry name */
	struct cpio_link *links;
	struct cpio_dir *dirs;
	unsigned entries, errors;
};

static void set_attrs(struct inode *inode, const struct cpio_entry *e)
{
	struct timespec64 t = { e->mtime, 0 };

	if (!S_ISLNK(inode->mode))
		inode->mode = (inode->mode & S_IFMT) | (e->mode & 07777);
	inode->uid = e->uid;
	inode->gid = e->gid;
	inode->atime = inode->mtime = t;
}

/* Walk to the entry's name; w->dir is its parent, w->inode what is there. */
static int entry_walk(struct cpio_state *st, const struct cpio_entry *e,
		      struct walk *w)
{
	int err;

	if (e->namelen + 2 > PATH_MAX)
		return -ENAMETOOLONG;
	st->path[0] = '/';
	memcpy(st->path + 1, e->name, e->namelen + 1);
	err = walk_path(AT_FDCWD, st->path, WALK_PARENT, w);
	if (!err && !w->dir)
		err = -EINVAL;
	return err;
}

/* clean_path: remove what is there if its type differs (any type: want 0). */
static int clean_path(struct walk *w, uint32_t want)
{
	struct inode *old = w->inode;
	int err;

	if (!old || ((old->mode ^ want) & S_IFMT) == 0)
		return 0;
	if (w->last_type != LAST_NORM || is_mountpoint(old))
		return -EBUSY;
	if (S_ISDIR(old->mode))
		err = w->dir->ops->rmdir(w->dir, w->last, w->last_len, old);
	else
		err = w->dir->ops->unlink(w->dir, w->last, w->last_len, old);
	if (err)
		return err;
	inode_put(old);
	w->inode = NULL;
	return 0;
}

static int unpack_dir(struct cpio_state *st, const struct cpio_entry *e,
		      struct walk *w)
{
	struct cpio_dir *d = kmalloc(sizeof(*d));
	int err;

	if (!d)
		return -ENOMEM;
	err = clean_path(w, S_IFDIR);
	if (!err && !w->inode) {
		err = w->dir->ops->mkdir(w->dir, w->last, w->last_len, e->mode & 07777);
		if (!err)
			err = w->dir->ops->lookup(w->dir, w->last, w->last_len, &w->inode);
	}
	if (err) {
		kfree(d);
		return err;
	}
	set_attrs(w->inode, e);
	d->inode = inode_get(w->inode);
	d->mtime = e->mtime;
	d->next = st->dirs;
	st->dirs = d;
	return 0;
}

static int write_data(struct inode *inode, const struct cpio_entry *e)
{
	struct iobuf b = { .p = (char *)e->data, .user = false };
	struct file *f;
	off_t pos = 0;
	ssize_t n = 0;

	if (!e->filesize)
		return 0;
	f = file_alloc(inode, O_WRONLY, inode->fops);
	if (!f)
		return -ENOMEM;
	while ((size_t)pos < e->filesize) {
		n = vfs_write(f, b, e->filesize - (size_t)pos, &pos);
		if (n <= 0)
			break;
		b.p += n;
	}
	file_put(f);
	return n < 0 ? (int)n : (size_t)pos < e->filesize ? -ENOSPC : 0;
}

/* An earlier name of the same hard-linked inode, or NULL. */
static struct cpio_link *find_link(struct cpio_state *st,
				   const struct cpio_entry *e)
{
	for (struct cpio_link *l = st->links; l; l = l->next)
		if (l->ino == e->ino && l->major == e->devmajor &&
		    l->minor == e->devminor && l->type == (e->mode & S_IFMT))
			return l;
	return NULL;
}

static int remember_link(struct cpio_state *st, const struct cpio_entry *e)
{
	struct cpio_link *l = kmalloc(sizeof(*l) + e->namelen + 2);

	if (!l)
		return -ENOMEM;
	l->ino = e->ino;
	l->major = e->devmajor;
	l->minor = e->devminor;
	l->type = e->mode & S_IFMT;
	l->name[0] = '/';
	memcpy(l->name + 1, e->name, e->namelen + 1);
	l->next = st->links;
	st->links = l;
	return 0;
}

/* Make the entry a hard link to first; w->inode is the linked inode after. */
static int make_link(struct walk *w, const char *first)
{
	char *path = getname_kernel(first);
	struct inode *target;
	int err;

	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	err = walk_path_inode(AT_FDCWD, path, 0, &target);
	putname(path);
	if (err)
		return err;
	err = w->dir->ops->link(target, w->dir, w->last, w->last_len);
	if (err) {
		inode_put(target);
		return err;
	}
	w->inode = target;
	return 0;
}

/* Regular files, device nodes, fifos, sockets. */
static int unpack_node(struct cpio_state *st, const struct cpio_entry *e,
		       struct walk *w)
{
	uint32_t type = e->mode & S_IFMT;
	struct cpio_link *l = e->nlink >= 2 ? find_link(st, e) : NULL;
	uint32_t rdev = 0;
	int err;

	err = clean_path(w, type);
	if (!err && w->inode && (l || !S_ISREG(type)))
		err = clean_path(w, 0);         /* replaced outright */
	if (err)
		return err;
	if (l) {
		err = make_link(w, l->name);
		return err ? err : write_data(w->inode, e);
	}
	if (e->nlink >= 2 && (err = remember_link(st, e)))
		return err;
	if (type == S_IFCHR || type == S_IFBLK)
		rdev = dev_encode(e->rdevmajor, e->rdevminor);
	if (w->inode)
		err = vfs_truncate(w->inode, 0);
	else
		err = vfs_mknod(w->dir, w->last, w->last_len,
				type | (e->mode & 07777), rdev, &w->inode);
	if (err)
		return err;
	set_attrs(w->inode, e);
	err = S_ISREG(type) ? write_data(w->inode, e) : 0;
	set_attrs(w->inode, e);         /* the write moved mtime */
	return err;
}

static int unpack_symlink(const struct cpio_entry *e, struct walk *w)
{
	const char *target = e->data;
	struct inode *inode;
	int err;

	if (!e->filesize || e->filesize >= PATH_MAX ||
	    memchr(target, '\0', e->filesize))
		return -EINVAL;
	err = clean_path(w, 0);
	if (!err)
		err = w->dir->ops->symlink(w->dir, w->last, w->last_len, target,
					   e->filesize);
	if (!err && !w->dir->ops->lookup(w->dir, w->last, w->last_len, &inode)) {
		set_attrs(inode, e);
		inode_put(inode);
	}
	return err;
}

static int unpack_entry(const struct cpio_entry *e, void *ctx)
{
	struct cpio_state *st = ctx;
	uint32_t type = e->mode & S_IFMT;
	struct walk w;
	int err;

	err = entry_walk(st, e, &w);
	if (!err) {
		if (w.last_type == LAST_ROOT || w.last_type == LAST_DOT) {
			/* "." or "/": the root itself, which only a dir can be. */
			err = S_ISDIR(type) ? 0 : -EEXIST;
			if (!err)
				set_attrs(w.inode, e);
		} else if (w.last_type != LAST_NORM) {
			err = -EINVAL;          /* a name ending in ".." */
		} else if (S_ISDIR(type)) {
			err = unpack_dir(st, e, &w);
		} else if (S_ISLNK(type)) {
			err = unpack_symlink(e, &w);
		} else if (S_ISREG(type) || type == S_IFCHR || type == S_IFBLK ||
			   type == S_IFIFO || type == S_IFSOCK) {
			err = unpack_node(st, e, &w);
		}
		walk_done(&w);
	}
	st->entries++;
	if (err == -ENOMEM)
		return err;
	if (err && st->errors++ < MAX_LOGGED)
		printk("initramfs: %s: error %d, skipped\n", e->name, -err);
	return 0;
}

static void finish(struct cpio_state *st)
{
	while (st->links) {
		struct cpio_link *l = st->links;
		st->links = l->next;
		kfree(l);
	}
	while (st->dirs) {
		struct cpio_dir *d = st->dirs;
		st->dirs = d->next;
		d->inode->atime = d->inode->mtime = (struct timespec64){ d->mtime, 0 };
		inode_put(d->inode);
		kfree(d);
	}
}

int cpio_unpack(const void *data, size_t len)
{
	struct cpio_state st = { 0 };
	const unsigned char *b = data;
	int err;

	if (len >= 2 && b[0] == 0x1f && b[1] == 0x8b) {
		printk("initramfs: compressed archives are not supported yet\n");
		return -EINVAL;
	}
	st.path = kmalloc(PATH_MAX);
	if (!st.path)
		return -ENOMEM;
	err = cpio_parse(data, len, unpack_entry, &st);
	finish(&st);
	kfree(st.path);
	if (err)
		printk("initramfs: archive unpacked up to entry %u: error %d\n",
		       st.entries, -err);
	return err;
}
