// SPDX-License-Identifier: MIT
/*
 * sysfs_dev.c - the device model of sysfs, as Linux lays it out for the
 * devices drivers announce with devfs_add_dev (fs/vfs.h):
 *
 *	/sys/devices/virtual/<class>/<name>/	dev ("M:m\n"), uevent (MAJOR=,
 *		MINOR=, DEVNAME=, ...), subsystem -> ../../../../class/<class>
 *	/sys/devices/virtual/block/vda/vda1/	a partition, in its disk
 *	/sys/class/<class>/<name>		-> ../../devices/virtual/...
 *	/sys/dev/char/M:m, /sys/dev/block/M:m	-> ../../devices/virtual/...
 *	/sys/block/<disk>			-> ../devices/virtual/block/<disk>
 *
 * (Documentation/ABI/testing/sysfs-dev, sysfs-class, sysfs-block.)  mdev -s
 * and udev walk /sys/dev and read dev and uevent; nothing here depends on
 * where a device sits, so every one sits under /sys/devices/virtual, where
 * Linux puts those without a bus (mem, tty, misc); Linux puts disks and
 * serial ports under their bus (a path of PCI addresses) instead.
 *
 * A device's context is its kind and number (DEV_CTX), so it keeps its
 * identity while it is there; a class's is its place in the class table.
 * Attributes that only some classes have sit in one table (dev_attrs)
 * with a valid() that says which: a class adds its own there.
 */
#include "fs/sysfs_internal.h"
#include "block/block.h"
#include "virtio/virtio.h"

#define CTX_CHAR (1L << 32)
#define CTX_BLOCK (2L << 32)
#define MAX_CLASSES 16
#define CLASS_LEN 16

static long dev_ctx(const struct devnode *d)
{
	return (S_ISBLK(d->mode) ? CTX_BLOCK : CTX_CHAR) | d->rdev;
}

/* A copy of the device of context ctx: false once it is gone. */
static bool dev_get(long ctx, struct devnode *out)
{
	unsigned n;
	const struct devnode *d = devfs_nodes(&n);

	for (unsigned i = 0; i < n; i++) {
		if (d[i].class[0] && dev_ctx(&d[i]) == ctx) {
			*out = d[i];
			return true;
		}
	}
	return false;
}

static bool dev_valid(long ctx)
{
	struct devnode d;

	return dev_get(ctx, &d);
}

/* ---- classes: Linux's built-in ones, then those devices bring --------- */

static char class_names[MAX_CLASSES][CLASS_LEN] = { "block", "mem", "misc", "tty" };
static unsigned nclasses = 4;

static int class_id(const char *name)
{
	for (unsigned i = 0; i < nclasses; i++)
		if (!strcmp(class_names[i], name))
			return (int)i + 1;
	if (nclasses == MAX_CLASSES) {
		printk("sysfs: no room for class %s\n", name);
		return 0;
	}
	strlcpy(class_names[nclasses++], name, CLASS_LEN);
	return (int)nclasses;
}

/* Every device's class has an id (a class appears with its first device). */
static void class_sync(void)
{
	unsigned n;
	const struct devnode *d = devfs_nodes(&n);

	for (unsigned i = 0; i < n; i++)
		if (d[i].class[0])
			class_id(d[i].class);
}

static int class_lookup(long dir __unused, const char *name, size_t len, long *ctx)
{
	class_sync();
	for (unsigned i = 0; i < nclasses; i++) {
		if (strlen(class_names[i]) == len && !memcmp(class_names[i], name, len)) {
			*ctx = i + 1;
			return 0;
		}
	}
	return -ENOENT;
}

static bool class_next(long dir __unused, long *ctx, char *name, size_t size)
{
	class_sync();
	if (*ctx < 1)
		*ctx = 1;
	if (*ctx > (long)nclasses)
		return false;
	strlcpy(name, class_names[*ctx - 1], size);
	return true;
}

/* ---- sets of devices that directories list --------------------------- */

enum dev_set {
	SET_CLASS,      /* /sys/class/<class>: dir is the class id */
	SET_VIRTUAL,    /* /sys/devices/virtual/<class>: the class's whole devices */
	SET_CHILDREN,   /* a disk's partitions: dir is the disk's context */
	SET_CHAR,       /* /sys/dev/char */
	SET_BLOCK,      /* /sys/dev/block */
	SET_DISKS,      /* /sys/block */
};

static bool in_set(const struct devnode *d, enum dev_set set, long dir)
{
	struct devnode p;

	if (!d->class[0])
		return false;
	switch (set) {
	case SET_CLASS:
		return dir >= 1 && dir <= (long)nclasses && !strcmp(d->class, class_names[dir - 1]);
	case SET_VIRTUAL:
		return !d->parent[0] && in_set(d, SET_CLASS, dir);
	case SET_CHILDREN:
		return dev_get(dir, &p) && !strcmp(d->class, p.class) &&
		       !strcmp(d->parent, p.sysname);
	case SET_CHAR:
		return S_ISCHR(d->mode);
	case SET_BLOCK:
		return S_ISBLK(d->mode);
	case SET_DISKS:
		return !d->parent[0] && !strcmp(d->class, "block");
	}
	return false;
}

static void set_name(const struct devnode *d, enum dev_set set, char *name, size_t size)
{
	if (set == SET_CHAR || set == SET_BLOCK)
		snprintf(name, size, "%u:%u", DEV_MAJOR(d->rdev), DEV_MINOR(d->rdev));
	else
		strlcpy(name, d->sysname, size);
}

/* The member with the least context >= *ctx. */
static bool dev_next(enum dev_set set, long dir, long *ctx, char *name, size_t size)
{
	unsigned n;
	const struct devnode *d = devfs_nodes(&n), *best = NULL;

	class_sync();
	for (unsigned i = 0; i < n; i++) {
		long c = dev_ctx(&d[i]);
		if (c >= *ctx && in_set(&d[i], set, dir) && (!best || c < dev_ctx(best)))
			best = &d[i];
	}
	if (!best)
		return false;
	*ctx = dev_ctx(best);
	set_name(best, set, name, size);
	return true;
}

static int dev_lookup(enum dev_set set, long dir, const char *name, size_t len, long *ctx)
{
	char at[32];

	for (*ctx = 0; dev_next(set, dir, ctx, at, sizeof(at)); (*ctx)++)
		if (strlen(at) == len && !memcmp(at, name, len))
			return 0;
	return -ENOENT;
}

#define DEV_SET_OPS(fn, set)                                                    \
	static int fn##_lookup(long dir, const char *name, size_t len, long *ctx) \
	{                                                                       \
		return dev_lookup(set, dir, name, len, ctx);                    \
	}                                                                       \
	static bool fn##_next(long dir, long *ctx, char *name, size_t size)     \
	{                                                                       \
		return dev_next(set, dir, ctx, name, size);                     \
	}
DEV_SET_OPS(class_members, SET_CLASS)
DEV_SET_OPS(virtual_members, SET_VIRTUAL)
DEV_SET_OPS(children, SET_CHILDREN)
DEV_SET_OPS(chars, SET_CHAR)
DEV_SET_OPS(blocks, SET_BLOCK)
DEV_SET_OPS(disks, SET_DISKS)

/* ---- links ------------------------------------------------------------ */

/* "devices/virtual/<class>/[<parent>/]<name>" after `up` "../". */
static int show_dev_path(struct seqbuf *m, long ctx, int up)
{
	struct devnode d;

	if (!dev_get(ctx, &d))
		return -ENOENT;
	while (up--)
		seq_puts(m, "../");
	seq_printf(m, "devices/virtual/%s/", d.class);
	if (d.parent[0])
		seq_printf(m, "%s/", d.parent);
	seq_puts(m, d.sysname);
	return 0;
}

/* /sys/class/<c>/<n> and /sys/dev/<kind>/M:m sit two levels down. */
static int show_link2(struct seqbuf *m, long ctx)
{
	return show_dev_path(m, ctx, 2);
}

static int show_link1(struct seqbuf *m, long ctx)
{
	return show_dev_path(m, ctx, 1);
}

static int show_subsystem(struct seqbuf *m, long ctx)
{
	struct devnode d;

	if (!dev_get(ctx, &d))
		return -ENOENT;
	seq_puts(m, d.parent[0] ? "../../../../../" : "../../../../");
	seq_printf(m, "class/%s", d.class);
	return 0;
}

/* ---- attributes ------------------------------------------------------- */

static int show_dev(struct seqbuf *m, long ctx)
{
	struct devnode d;

	if (!dev_get(ctx, &d))
		return -ENODEV;
	seq_printf(m, "%u:%u\n", DEV_MAJOR(d.rdev), DEV_MINOR(d.rdev));
	return 0;
}

/* The i-th disk (registration order) and its first minor, for a partition. */
static unsigned disk_seq(const struct devnode *disk)
{
	unsigned n, seq = 0;
	const struct devnode *d = devfs_nodes(&n);

	for (unsigned i = 0; i < n; i++) {
		if (in_set(&d[i], SET_DISKS, 0))
			seq++;
		if (&d[i] == disk || (in_set(&d[i], SET_DISKS, 0) &&
				      !strcmp(d[i].sysname, disk->sysname)))
			break;
	}
	return seq;
}

/* Block's disk_uevent and part_uevent (block/genhd.c, partitions/core.c). */
static void block_uevent(struct seqbuf *m, const struct devnode *d)
{
	unsigned n;
	const struct devnode *all = devfs_nodes(&n);

	if (!d->parent[0]) {
		seq_printf(m, "DEVTYPE=disk\nDISKSEQ=%u\n", disk_seq(d));
		return;
	}
	seq_puts(m, "DEVTYPE=partition\n");
	for (unsigned i = 0; i < n; i++)
		if (in_set(&all[i], SET_DISKS, 0) && !strcmp(all[i].sysname, d->parent))
			seq_printf(m, "PARTN=%u\n", DEV_MINOR(d->rdev) - DEV_MINOR(all[i].rdev));
}

/* Linux's dev_uevent (drivers/base/core.c), then the class's part. */
static int show_uevent(struct seqbuf *m, long ctx)
{
	struct devnode d;

	if (!dev_get(ctx, &d))
		return -ENODEV;
	seq_printf(m, "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\n", DEV_MAJOR(d.rdev),
		   DEV_MINOR(d.rdev), d.name);
	if (d.devmode)
		seq_printf(m, "DEVMODE=0%o\n", d.mode & 0777);
	if (!strcmp(d.class, "block"))
		block_uevent(m, &d);
	return 0;
}

/* virtio-ports: name, once the port has one (PORT_NAME), as in Linux. */
static const char *vport_of(long ctx)
{
	struct devnode d;
	long port;

	if (!dev_get(ctx, &d) || strcmp(d.class, "virtio-ports") ||
	    vport_lookup(d.name, strlen(d.name), &port))
		return NULL;
	return vport_name(port);
}

static bool vport_named(long ctx)
{
	const char *name = vport_of(ctx);

	return name && name[0];
}

static int show_vport_name(struct seqbuf *m, long ctx)
{
	if (!vport_named(ctx))
		return -ENODEV;
	seq_printf(m, "%s\n", vport_of(ctx));
	return 0;
}

/* block: the I/O statistics of a disk or partition, as Linux's part_stat_show
 * (block/genhd.c) writes them: /proc/diskstats's numbers in columns 8 wide. */
static bool block_info(long ctx, struct blk_node_info *n)
{
	struct devnode d;

	if (!dev_get(ctx, &d) || strcmp(d.class, "block"))
		return false;
	for (unsigned i = 0; blk_node(i, n); i++)
		if (!strcmp(n->name, d.name))
			return true;
	return false;
}

static bool block_valid(long ctx)
{
	struct blk_node_info n;

	return block_info(ctx, &n);
}

static int show_block_stat(struct seqbuf *m, long ctx)
{
	struct blk_node_info n;
	unsigned long f[BLK_STAT_FIELDS];

	if (!block_info(ctx, &n))
		return -ENODEV;
	blk_stat_fields(n.stats, f);
	for (unsigned k = 0; k < BLK_STAT_FIELDS; k++)
		seq_printf(m, k ? " %8lu" : "%8lu", f[k]);
	seq_puts(m, "\n");
	return 0;
}

#define DEV_LINK(n, fn) { .name = n, .mode = S_IFLNK | 0777, .valid = dev_valid, \
			  .link = fn }
#define DEV_FILE(n, perm, fn, ok) { .name = n, .mode = S_IFREG | (perm),       \
				    .size = SYSFS_FILE_SIZE, .valid = ok, .show = fn }

/* Every device's attributes; those of one class say so in valid(). */
static const struct pseudo_entry dev_attrs[] = {
	DEV_FILE("dev", 0444, show_dev, dev_valid),
	DEV_LINK("subsystem", show_subsystem),
	/* 0644 as in Linux; writing an event is not done here (EINVAL) */
	DEV_FILE("uevent", 0644, show_uevent, dev_valid),
	DEV_FILE("name", 0444, show_vport_name, vport_named),
	DEV_FILE("stat", 0444, show_block_stat, block_valid),
	{ .name = NULL },
};

/* ---- the directories -------------------------------------------------- */

static const struct pseudo_entry dev_dir;
static const struct pseudo_dyn children_dyn = {
	.lookup = children_lookup, .next = children_next, .entry = &dev_dir,
};
static const struct pseudo_entry dev_dir = {
	.name = "", .mode = S_IFDIR | 0755, .valid = dev_valid,
	.children = dev_attrs, .dyn = &children_dyn,
};
static const struct pseudo_entry link2 = DEV_LINK("", show_link2);
static const struct pseudo_entry link1 = DEV_LINK("", show_link1);

static const struct pseudo_dyn class_members_dyn = {
	.lookup = class_members_lookup, .next = class_members_next, .entry = &link2,
};
static const struct pseudo_dyn virtual_members_dyn = {
	.lookup = virtual_members_lookup, .next = virtual_members_next, .entry = &dev_dir,
};
static const struct pseudo_entry class_dir = {
	.name = "", .mode = S_IFDIR | 0755, .dyn = &class_members_dyn,
};
static const struct pseudo_entry virtual_class_dir = {
	.name = "", .mode = S_IFDIR | 0755, .dyn = &virtual_members_dyn,
};

const struct pseudo_dyn sysfs_classes = {
	.lookup = class_lookup, .next = class_next, .entry = &class_dir,
};
const struct pseudo_dyn sysfs_virtual = {
	.lookup = class_lookup, .next = class_next, .entry = &virtual_class_dir,
};
const struct pseudo_dyn sysfs_dev_char = {
	.lookup = chars_lookup, .next = chars_next, .entry = &link2,
};
const struct pseudo_dyn sysfs_dev_block = {
	.lookup = blocks_lookup, .next = blocks_next, .entry = &link2,
};
const struct pseudo_dyn sysfs_block = {
	.lookup = disks_lookup, .next = disks_next, .entry = &link1,
};
