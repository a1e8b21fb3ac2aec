// SPDX-License-Identifier: MIT
/*
 * chardev.c - the character device registry and the memory devices of
 * Linux's drivers/char/mem.c and random.c:
 *
 *	1,3 /dev/null     reads end of file, writes vanish
 *	1,5 /dev/zero     reads zeros, writes vanish
 *	1,7 /dev/full     reads zeros, writes fail with ENOSPC
 *	1,8 /dev/random   reads the kernel entropy pool (random_bytes),
 *	1,9 /dev/urandom  writes are mixed into it
 *
 * open() of a S_IFCHR inode looks its number up here; no driver is ENXIO,
 * as in Linux.  Other subsystems (tty, virtio-console) register their own.
 * The registry is filled at boot, so a fixed table is enough.
 */
#include "fs/vfs_internal.h"
#include "kernel/random.h"
#include "kernel/sched.h"

#define MAX_CHARDEVS 64
#define RANDOM_CHUNK 256

struct chardev {
	uint32_t rdev;                  /* dev_encode() form */
	const struct file_ops *ops;
	void *priv;
};

/* One table per kind: character devices and block devices. */
struct devtable {
	struct chardev dev[MAX_CHARDEVS];
	unsigned n;
};
static struct devtable chardevs, blkdevs;

static void devtable_add(struct devtable *t, unsigned major, unsigned minor,
			 const struct file_ops *ops, void *priv)
{
	uint32_t rdev = dev_encode(major, minor);

	for (unsigned i = 0; i < t->n; i++) {
		if (t->dev[i].rdev == rdev) {
			t->dev[i].ops = ops;
			t->dev[i].priv = priv;
			return;
		}
	}
	assert(t->n < MAX_CHARDEVS);
	t->dev[t->n++] = (struct chardev){ rdev, ops, priv };
}

static const struct file_ops *devtable_find(struct devtable *t, uint32_t rdev,
					    void **priv)
{
	for (unsigned i = 0; i < t->n; i++) {
		if (t->dev[i].rdev == rdev) {
			*priv = t->dev[i].priv;
			return t->dev[i].ops;
		}
	}
	return NULL;
}

void chardev_register_priv(unsigned major, unsigned minor,
			   const struct file_ops *ops, void *priv)
{
	devtable_add(&chardevs, major, minor, ops, priv);
}

void chardev_register(unsigned major, unsigned minor, const struct file_ops *ops)
{
	chardev_register_priv(major, minor, ops, NULL);
}

/* Drivers of a range of minors (pty slaves), after the single devices. */
#define MAX_CHARRANGES 4
static struct {
	unsigned major, first, count;
	const struct file_ops *ops;
} charranges[MAX_CHARRANGES];
static unsigned ncharranges;

void chardev_register_range(unsigned major, unsigned first, unsigned count,
			    const struct file_ops *ops)
{
	assert(ncharranges < MAX_CHARRANGES);
	charranges[ncharranges].major = major;
	charranges[ncharranges].first = first;
	charranges[ncharranges].count = count;
	charranges[ncharranges++].ops = ops;
}

const struct file_ops *chardev_lookup(uint32_t rdev, void **priv)
{
	const struct file_ops *ops = devtable_find(&chardevs, rdev, priv);

	for (unsigned i = 0; !ops && i < ncharranges; i++) {
		if (DEV_MAJOR(rdev) == charranges[i].major &&
		    DEV_MINOR(rdev) - charranges[i].first < charranges[i].count) {
			/* The open finds the minor's place in the range here. */
			*priv = (void *)(uintptr_t)(DEV_MINOR(rdev) - charranges[i].first);
			ops = charranges[i].ops;
		}
	}
	return ops;
}

void blkdev_register(unsigned major, unsigned minor, const struct file_ops *ops,
		     void *priv)
{
	devtable_add(&blkdevs, major, minor, ops, priv);
}

const struct file_ops *blkdev_lookup(uint32_t rdev, void **priv)
{
	return devtable_find(&blkdevs, rdev, priv);
}

/*
 * The device nodes drivers announce, for devtmpfs to show under /dev:
 * filled at boot and as devices appear.
 */
#define MAX_DEVNODES 128
static struct devnode devnodes[MAX_DEVNODES];
static unsigned ndevnodes;
static void (*devfs_notify)(const struct devnode *d, bool added);

void devfs_set_notify(void (*fn)(const struct devnode *d, bool added))
{
	devfs_notify = fn;
}

static struct devnode *devnode_new(const char *name, uint32_t mode)
{
	struct devnode *d;

	if (ndevnodes == MAX_DEVNODES || strlen(name) >= sizeof(d->name)) {
		printk("devfs: no room for /dev/%s%s\n", name,
		       ndevnodes == MAX_DEVNODES ? "" : " (name too long)");
		return NULL;
	}
	d = &devnodes[ndevnodes++];
	memset(d, 0, sizeof(*d));
	strlcpy(d->name, name, sizeof(d->name));
	d->mode = mode;
	return d;
}

void devfs_add_dev(const char *name, uint32_t mode, unsigned major, unsigned minor,
		   struct devclass dc)
{
	struct devnode *d = devnode_new(name, mode);

	if (!d)
		return;
	d->rdev = dev_encode(major, minor);
	if (dc.class) {
		strlcpy(d->class, dc.class, sizeof(d->class));
		strlcpy(d->sysname, dc.sysname ? dc.sysname : name, sizeof(d->sysname));
		strlcpy(d->parent, dc.parent ? dc.parent : "", sizeof(d->parent));
		d->devmode = dc.devmode;
	}
	if (devfs_notify)
		devfs_notify(d, true);
}

void devfs_add(const char *name, uint32_t mode, unsigned major, unsigned minor)
{
	devfs_add_dev(name, mode, major, minor, (struct devclass){ NULL, NULL, NULL, false });
}

void devfs_add_link(const char *name, const char *target)
{
	struct devnode *d = devnode_new(name, S_IFLNK | 0777);

	if (!d)
		return;
	strlcpy(d->target, target, sizeof(d->target));
	if (devfs_notify)
		devfs_notify(d, true);
}

void devfs_remove(const char *name)
{
	for (unsigned i = 0; i < ndevnodes; i++) {
		struct devnode d = devnodes[i];
		if (strcmp(d.name, name))
			continue;
		devnodes[i] = devnodes[--ndevnodes];
		if (devfs_notify)
			devfs_notify(&d, false);
		return;
	}
}

const struct devnode *devfs_nodes(unsigned *n)
{
	*n = ndevnodes;
	return devnodes;
}

static ssize_t null_read(struct file *f __unused, struct iobuf b __unused,
			 size_t n __unused, off_t *pos __unused)
{
	return 0;
}

static ssize_t null_write(struct file *f __unused, struct iobuf b __unused,
			  size_t n, off_t *pos __unused)
{
	return (ssize_t)n;
}

/* null, zero and full seek to 0 whatever is asked (null_lseek). */
static off_t mem_lseek(struct file *f, off_t off __unused, int whence __unused)
{
	return f->pos = 0;
}

static ssize_t zero_read(struct file *f __unused, struct iobuf b, size_t n,
			 off_t *pos __unused)
{
	int err = iobuf_zero(b, 0, n);

	return err ? err : (ssize_t)n;
}

static ssize_t full_write(struct file *f __unused, struct iobuf b __unused,
			  size_t n __unused, off_t *pos __unused)
{
	return -ENOSPC;
}

/* Stop early for a signal, as Linux does between pages. */
static ssize_t random_read(struct file *f __unused, struct iobuf b, size_t n,
			   off_t *pos __unused)
{
	char chunk[RANDOM_CHUNK];
	size_t done = 0;

	while (done < n) {
		size_t c = MIN(n - done, sizeof(chunk));

		if (done && done % 4096 == 0 && signal_pending())
			break;
		random_bytes(chunk, c);
		if (iobuf_copy_out(b, done, chunk, c))
			return done ? (ssize_t)done : -EFAULT;
		done += c;
	}
	memset(chunk, 0, sizeof(chunk));
	return (ssize_t)done;
}

static ssize_t random_write(struct file *f __unused, struct iobuf b, size_t n,
			    off_t *pos __unused)
{
	char chunk[RANDOM_CHUNK];
	size_t done = 0;

	while (done < n) {
		size_t c = MIN(n - done, sizeof(chunk));

		if (iobuf_copy_in(chunk, b, done, c))
			return done ? (ssize_t)done : -EFAULT;
		random_mix(chunk, c);
		done += c;
	}
	return (ssize_t)done;
}

/* noop_llseek: the offset stays where it is. */
static off_t random_lseek(struct file *f, off_t off __unused, int whence __unused)
{
	return f->pos;
}

static const struct file_ops null_fops = {
	.read = null_read, .write = null_write, .lseek = mem_lseek,
};
static const struct file_ops zero_fops = {
	.read = zero_read, .write = null_write, .lseek = mem_lseek,
};
static const struct file_ops full_fops = {
	.read = zero_read, .write = full_write, .lseek = mem_lseek,
};
static const struct file_ops random_fops = {
	.read = random_read, .write = random_write, .lseek = random_lseek,
};

/* mem_class's devnode() gives each its mode: uevent has DEVMODE. */
#define MEM_CLASS ((struct devclass){ "mem", NULL, NULL, true })

void chardev_init(void)
{
	chardev_register(1, 3, &null_fops);
	chardev_register(1, 5, &zero_fops);
	chardev_register(1, 7, &full_fops);
	chardev_register(1, 8, &random_fops);
	chardev_register(1, 9, &random_fops);
	devfs_add_dev("null", S_IFCHR | 0666, 1, 3, MEM_CLASS);
	devfs_add_dev("zero", S_IFCHR | 0666, 1, 5, MEM_CLASS);
	devfs_add_dev("full", S_IFCHR | 0666, 1, 7, MEM_CLASS);
	devfs_add_dev("random", S_IFCHR | 0666, 1, 8, MEM_CLASS);
	devfs_add_dev("urandom", S_IFCHR | 0666, 1, 9, MEM_CLASS);
}
