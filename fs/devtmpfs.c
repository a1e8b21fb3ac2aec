// SPDX-License-Identifier: MIT
/*
 * devtmpfs.c - the devtmpfs file system: a tmpfs that comes filled with a
 * node for every device the drivers announced (devfs_add in chardev.c),
 * as Linux's drivers/base/devtmpfs.c fills /dev.  Nodes announced later
 * (a disk found after boot) appear in every mounted instance, and nodes
 * taken away (a port unplugged: devfs_remove) leave them.  Names with
 * a '/' ("pts/0") get their directories made (0755); a node may be a
 * symbolic link (devfs_add_link).
 *
 * Linux keeps one devtmpfs instance and mounts it wherever asked; here
 * each mount is filled afresh, so nodes made by hand in one mount do not
 * show in another.  Options are checked as tmpfs options and, as in Linux
 * (the instance already exists), not applied.
 */
#include "fs/mount_internal.h"

#define DEVTMPFS_MODE 0755

static int lookup_name(struct inode *dir, const char *name, size_t len,
		       struct inode **out)
{
	return dir->ops->lookup(dir, name, len, out);
}

/* The last name of d in dir: a node or a link, unless the name is there. */
static int make_leaf(struct inode *dir, const char *name, size_t len,
		     const struct devnode *d)
{
	struct inode *child;
	int err = lookup_name(dir, name, len, &child);

	if (err != -ENOENT) {
		if (!err)
			inode_put(child);
		return err;
	}
	if (S_ISLNK(d->mode))
		return dir->ops->symlink(dir, name, len, d->target, strlen(d->target));
	err = dir->ops->create(dir, name, len, d->mode, d->rdev, &child);
	if (!err)
		inode_put(child);
	return err;
}

/* One node in sb; an existing name is left alone. */
static int devtmpfs_make(struct superblock *sb, const struct devnode *d)
{
	struct inode *dir = inode_get(sb->root), *child;
	const char *p = d->name;
	int err;

	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		err = -EINVAL;
		if (!len || len > NAME_MAX)
			break;
		if (!slash) {
			err = make_leaf(dir, p, len, d);
			break;
		}
		err = lookup_name(dir, p, len, &child);
		if (err == -ENOENT) {
			err = dir->ops->mkdir(dir, p, len, DEVTMPFS_MODE);
			if (!err)
				err = lookup_name(dir, p, len, &child);
		}
		if (err)
			break;
		inode_put(dir);
		dir = child;
		err = -ENOTDIR;
		if (!S_ISDIR(dir->mode))
			break;
		p = slash + 1;
	}
	inode_put(dir);
	return err;
}

/*
 * Take the rest p of d's name out of dir when the node there is still d's
 * (Linux's dev_mynode: one made by hand in its place stays), then each
 * directory on the way that this leaves empty, as Linux's delete_path
 * (and udev, for links) do.
 */
static int devtmpfs_unmake(struct inode *dir, const char *p, const struct devnode *d)
{
	const char *slash = strchr(p, '/');
	size_t len = slash ? (size_t)(slash - p) : strlen(p);
	struct inode *child;
	int err;

	if (!len || len > NAME_MAX)
		return -EINVAL;
	err = lookup_name(dir, p, len, &child);
	if (err)
		return err;
	if (slash) {
		err = S_ISDIR(child->mode) ? devtmpfs_unmake(child, slash + 1, d) : -ENOTDIR;
		if (!err)       /* -ENOTEMPTY while others are there */
			dir->ops->rmdir(dir, p, len, child);
	} else if ((child->mode & S_IFMT) != (d->mode & S_IFMT) ||
		   (!S_ISLNK(d->mode) && child->rdev != d->rdev)) {
		err = -ENOENT;
	} else {
		err = dir->ops->unlink(dir, p, len, child);
	}
	inode_put(child);
	return err;
}

/* A node was announced (added) or taken away: so in every mount. */
void devtmpfs_node_changed(const struct devnode *d, bool added)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *m = list_entry(l, struct mount, link);
		if (m->type != &devtmpfs_fs_type || !mount_sb_first(m))
			continue;
		if (added && devtmpfs_make(m->sb, d))
			printk("devtmpfs: cannot make /dev/%s\n", d->name);
		if (!added)     /* gone already (rm) is fine */
			devtmpfs_unmake(m->sb->root, d->name, d);
	}
}

static int devtmpfs_get_tree(struct fs_context *fc __unused,
			     struct superblock **out)
{
	struct superblock *sb = tmpfs_new();
	const struct devnode *nodes;
	unsigned n;

	if (!sb)
		return -ENOMEM;
	sb->root->mode = S_IFDIR | DEVTMPFS_MODE;
	nodes = devfs_nodes(&n);
	for (unsigned i = 0; i < n; i++) {
		if (devtmpfs_make(sb, &nodes[i]))
			printk("devtmpfs: cannot make /dev/%s\n", nodes[i].name);
	}
	devfs_set_notify(devtmpfs_node_changed);
	*out = sb;
	return 0;
}

struct fs_type devtmpfs_fs_type = {
	.name = "devtmpfs",
	.nodev = true,
	.single = true,
	.parse = tmpfs_parse,
	.get_tree = devtmpfs_get_tree,
	.show_options = tmpfs_show_options,
	.busy = tmpfs_busy,
	.kill = tmpfs_kill,
};
