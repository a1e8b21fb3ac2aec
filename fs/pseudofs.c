// SPDX-License-Identifier: MIT
/*
 * pseudofs.c - read-only trees of generated files under procfs and sysfs
 * (pseudofs_internal.h describes the model).
 *
 * Inode numbers are fixed by the node: 1 for the root, otherwise the
 * node's index in a table of every node seen so far plus its context
 * shifted up, so a node keeps its number for the whole boot.  Live inodes
 * sit on one list, searched by (superblock, node, context); they are few
 * (what open files, cwds and walks hold).
 */
#include "fs/pseudofs_internal.h"
#include "kernel/mm.h"

#define MAX_NODE_IDS 1024
#define CTX_SHIFT 16

static struct list_head pseudo_live = LIST_HEAD_INIT(pseudo_live);
static const struct pseudo_entry *node_ids[MAX_NODE_IDS];
static unsigned nnode_ids;

static const struct inode_ops pseudo_iops, pseudo_magic_iops;
static const struct file_ops pseudo_fops;

static struct pseudo_inode *pseudo_i(struct inode *inode)
{
	return container_of(inode, struct pseudo_inode, vfs);
}

static uint64_t node_ino(const struct pseudo_entry *ent, long ctx)
{
	unsigned id;

	for (id = 0; id < nnode_ids && node_ids[id] != ent; id++)
		;
	if (id == nnode_ids && nnode_ids < MAX_NODE_IDS)
		node_ids[nnode_ids++] = ent;
	return ((uint64_t)ctx << CTX_SHIFT) + 2 + id;
}

static void pseudo_set_attr(struct pseudo_inode *pi)
{
	if (pi->ent->attr)
		pi->ent->attr(pi->ctx, &pi->vfs);
}

static struct inode *pseudo_iget(struct superblock *sb,
				 const struct pseudo_entry *ent, long ctx,
				 struct inode *parent)
{
	struct pseudo_inode *pi;
	struct list_head *l;

	list_for_each(l, &pseudo_live) {
		pi = list_entry(l, struct pseudo_inode, live);
		if (pi->vfs.sb == sb && pi->ent == ent && pi->ctx == ctx) {
			pseudo_set_attr(pi);   /* it may have changed */
			return inode_get(&pi->vfs);
		}
	}
	pi = kzalloc(sizeof(*pi));
	if (!pi)
		return NULL;
	inode_init(&pi->vfs, sb, ent->mode,
		   ent->follow ? &pseudo_magic_iops : &pseudo_iops);
	pi->vfs.ino = parent ? node_ino(ent, ctx) : 1;
	pi->vfs.size = ent->size;
	if (S_ISDIR(ent->mode)) {
		pi->vfs.nlink = 2;
		pi->vfs.fops = &vfs_dir_fops;
	} else if (S_ISREG(ent->mode)) {
		pi->vfs.fops = &pseudo_fops;
	}
	pi->ent = ent;
	pi->ctx = ctx;
	pseudo_set_attr(pi);
	pi->parent = parent ? inode_get(parent) : NULL;
	list_add(&pi->live, &pseudo_live);
	return &pi->vfs;
}

static bool node_valid(struct pseudo_inode *pi)
{
	return !pi->ent->valid || pi->ent->valid(pi->ctx);
}

static bool name_is(const char *a, const char *name, size_t len)
{
	return strlen(a) == len && !memcmp(a, name, len);
}

static int pseudo_lookup(struct inode *dir, const char *name, size_t len,
			 struct inode **out)
{
	struct pseudo_inode *pi = pseudo_i(dir);
	const struct pseudo_entry *c;
	long ctx;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = inode_get(pi->parent ? pi->parent : dir);
		return 0;
	}
	if (!node_valid(pi))
		return -ENOENT;
	for (c = pi->ent->children; c && c->name; c++) {
		if (name_is(c->name, name, len) && (!c->valid || c->valid(pi->ctx))) {
			*out = pseudo_iget(dir->sb, c, pi->ctx, dir);
			return *out ? 0 : -ENOMEM;
		}
	}
	if (!pi->ent->dyn || pi->ent->dyn->lookup(pi->ctx, name, len, &ctx))
		return -ENOENT;
	*out = pseudo_iget(dir->sb, pi->ent->dyn->entry, ctx, dir);
	return *out ? 0 : -ENOMEM;
}

/* Positions: 0 ".", 1 "..", then the table, then the made entries by context. */
static int pseudo_getdents(struct inode *dir, struct dir_ctx *ctx)
{
	struct pseudo_inode *pi = pseudo_i(dir);
	const struct pseudo_entry *c = pi->ent->children;
	const struct pseudo_dyn *dyn = pi->ent->dyn;
	off_t n = 0, base;
	char name[24];
	long at;

	if (!node_valid(pi))
		return -ENOENT;
	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->ino, DT_DIR, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct inode *up = pi->parent ? pi->parent : dir;
		if (!ctx->emit(ctx, "..", 2, up->ino, DT_DIR, 2))
			return 0;
		ctx->pos = 2;
	}
	for (; c && c[n].name; n++) {
		if (ctx->pos > 2 + n || (c[n].valid && !c[n].valid(pi->ctx)))
			continue;
		if (!ctx->emit(ctx, c[n].name, strlen(c[n].name),
			       node_ino(&c[n], pi->ctx), inode_dtype(c[n].mode),
			       3 + n))
			return 0;
		ctx->pos = 3 + n;
	}
	base = 2 + n;
	if (!dyn)
		return 0;
	for (at = MAX(ctx->pos - base, 0);
	     dyn->next(pi->ctx, &at, name, sizeof(name)); at++) {
		if (!ctx->emit(ctx, name, strlen(name), node_ino(dyn->entry, at),
			       inode_dtype(dyn->entry->mode), base + at + 1))
			return 0;
		ctx->pos = base + at + 1;
	}
	return 0;
}

static ssize_t pseudo_readlink(struct inode *inode, char *buf, size_t size)
{
	struct pseudo_inode *pi = pseudo_i(inode);
	struct seqbuf m;
	ssize_t n;
	int err;

	seq_init(&m);
	err = node_valid(pi) ? pi->ent->link(&m, pi->ctx) : -ENOENT;
	if (!err && m.failed)
		err = -ENOMEM;
	n = err ? err : (ssize_t)MIN(size, m.len);
	if (n > 0)
		memcpy(buf, m.buf, (size_t)n);
	seq_free(&m);
	return n;
}

static int pseudo_follow(struct inode *inode, struct link_target *t)
{
	struct pseudo_inode *pi = pseudo_i(inode);

	return node_valid(pi) ? pi->ent->follow(pi->ctx, t) : -ENOENT;
}

static bool pseudo_may_access(struct inode *inode, int mask __unused)
{
	struct pseudo_inode *pi = pseudo_i(inode);

	return pi->ent->may_access && pi->ent->may_access(pi->ctx);
}

static void pseudo_release(struct inode *inode)
{
	struct pseudo_inode *pi = pseudo_i(inode);

	list_del(&pi->live);
	inode_put(pi->parent);
	kfree(pi);
}

/* A sysctl opened with O_TRUNC (a shell's "echo 1 > file"): nothing to cut. */
static int pseudo_truncate(struct inode *inode, uint64_t size __unused)
{
	return pseudo_i(inode)->ent->store ? 0 : -EINVAL;
}

static const struct inode_ops pseudo_iops = {
	.lookup = pseudo_lookup,
	.readlink = pseudo_readlink,
	.getdents = pseudo_getdents,
	.may_access = pseudo_may_access,
	.release = pseudo_release,
	.truncate = pseudo_truncate,
};

static const struct inode_ops pseudo_magic_iops = {
	.lookup = pseudo_lookup,
	.readlink = pseudo_readlink,
	.follow = pseudo_follow,
	.getdents = pseudo_getdents,
	.may_access = pseudo_may_access,
	.release = pseudo_release,
};

/* The open file's snapshot of the contents. */
static ssize_t pseudo_read(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct pseudo_inode *pi = pseudo_i(f->inode);
	struct seqbuf *m = f->priv;
	size_t c;
	int err;

	if (*pos < 0)
		return -EINVAL;
	if (!m) {
		m = f->priv = kzalloc(sizeof(*m));
		if (!m)
			return -ENOMEM;
	}
	if (*pos == 0 || !m->buf) {
		seq_free(m);
		err = pi->ent->show(m, pi->ctx);
		if (!err && m->failed)
			err = -ENOMEM;
		if (err) {
			seq_free(m);
			return err;
		}
	}
	if ((size_t)*pos >= m->len)
		return 0;
	c = MIN(n, m->len - (size_t)*pos);
	err = iobuf_copy_out(b, 0, m->buf + *pos, c);
	if (err)
		return err;
	*pos += (off_t)c;
	return (ssize_t)c;
}

/*
 * Opening a file with no write bit for writing is EACCES even for root,
 * as sysfs (kernfs_fop_open) and /proc/sys (test_perm) refuse it.
 */
static int pseudo_open(struct file *f)
{
	struct pseudo_inode *pi = pseudo_i(f->inode);
	unsigned acc = f->flags & O_ACCMODE;

	if ((acc == O_WRONLY || acc == O_RDWR) && !(pi->ent->mode & 0222))
		return -EACCES;
	return 0;
}

/*
 * A write goes to the node's store() whole, as Linux's sysctls take a
 * value: one write from offset 0 of at most a page (longer ones are
 * EINVAL here); a write further on does nothing.
 */
static ssize_t pseudo_write(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct pseudo_inode *pi = pseudo_i(f->inode);
	char *buf;
	int err;

	if (!pi->ent->store)
		return -EINVAL;
	if (*pos < 0 || n >= PAGE_SIZE)
		return -EINVAL;
	if (*pos > 0)
		return (ssize_t)n;
	buf = kmalloc(n + 1);
	if (!buf)
		return -ENOMEM;
	err = iobuf_copy_in(buf, b, 0, n);
	buf[n] = 0;
	if (!err)
		err = pi->ent->store(pi->ctx, buf, n);
	kfree(buf);
	if (err)
		return err;
	*pos += (off_t)n;
	return (ssize_t)n;
}

static void pseudo_file_release(struct file *f)
{
	struct seqbuf *m = f->priv;

	if (m) {
		seq_free(m);
		kfree(m);
	}
}

/*
 * Most procfs files are Linux seq files, whose seq_lseek takes SEEK_SET
 * and SEEK_CUR only; sysfs attributes (size 4096) and sysctls (seek_end)
 * seek from their size as generic_file_llseek does.
 */
static off_t pseudo_lseek(struct file *f, off_t off, int whence)
{
	const struct pseudo_entry *ent = pseudo_i(f->inode)->ent;

	if (!ent->size && !ent->seek_end && whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	return generic_lseek(f, off, whence);
}

static const struct file_ops pseudo_fops = {
	.read = pseudo_read,
	.write = pseudo_write,
	.lseek = pseudo_lseek,
	.open = pseudo_open,
	.release = pseudo_file_release,
};

struct superblock *pseudo_sb_new(const char *name, uint32_t magic,
				 const struct pseudo_entry *root)
{
	struct superblock *sb = sb_new(name);

	if (!sb)
		return NULL;
	sb->magic = magic;
	sb->no_space = true;
	sb->root = pseudo_iget(sb, root, 0, NULL);
	if (!sb->root) {
		kfree(sb);
		return NULL;
	}
	return sb;
}

/* Any inode but the root alive, or the root held by more than sb and extra. */
bool pseudo_busy(struct superblock *sb, unsigned extra)
{
	struct list_head *l;

	if (sb->root->refcount > 1 + extra)
		return true;
	list_for_each(l, &pseudo_live) {
		struct pseudo_inode *pi = list_entry(l, struct pseudo_inode, live);
		if (pi->vfs.sb == sb && &pi->vfs != sb->root)
			return true;
	}
	return false;
}

void pseudo_kill(struct superblock *sb)
{
	inode_put(sb->root);
	kfree(sb);
}
