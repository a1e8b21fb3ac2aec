// SPDX-License-Identifier: MIT
/*
 * devpts.c - the devpts file system (Linux fs/devpts/inode.c): a directory
 * holding "ptmx" (c 5 2, mode ptmxmode=) and one node "N" (c 136 N) for
 * every pseudo-terminal whose master is open (kernel/pty.c announces them
 * with devpts_pty_new and takes them away with devpts_pty_kill).
 *
 * Options as Linux takes them: uid=, gid= and mode= (default 0600) for the
 * slave nodes, ptmxmode= (default 0000) for ptmx, max= and newinstance
 * (accepted).  Linux gives every mount its own set of ptys; here there is
 * one set, which every mounted instance shows, and the options in force are
 * those of the latest mount or remount.  A slave node's owner, group and
 * mode are set when the pty is made and survive chmod and chown.
 *
 * Inodes are made on lookup and freed when no longer referenced; a node's
 * inode number is 3 + N, as in Linux (root 1, ptmx 2).
 */
#include "fs/mount_internal.h"
#include "kernel/mm.h"

#define DEVPTS_MAGIC 0x1cd1
#define PTMX_MAJOR 5
#define PTMX_MINOR 2
#define PTS_MAJOR 136
#define ROOT_INO 1
#define PTMX_INO 2
#define FIRST_INO 3

struct devpts_opts {
	bool setuid, setgid;
	uint32_t uid, gid, mode, ptmxmode;
	unsigned max;
};

static struct devpts_opts opts = { .mode = 0600, .ptmxmode = 0, .max = DEVPTS_MAX_PTYS };

/* The slave nodes, whatever the instance: attributes chosen at creation. */
static struct {
	bool live;
	uint32_t mode, uid, gid;
	struct timespec64 time;
} nodes[DEVPTS_MAX_PTYS];

struct devpts_inode {
	struct inode vfs;
	struct list_head live;          /* every devpts inode in memory */
	int index;                      /* the node's N; -1: root or ptmx */
};

static struct list_head live_inodes = LIST_HEAD_INIT(live_inodes);
static const struct inode_ops devpts_iops;

static struct inode *devpts_inode(struct superblock *sb, uint32_t mode, uint64_t ino,
				  int index)
{
	struct devpts_inode *di = kzalloc(sizeof(*di));

	if (!di)
		return NULL;
	inode_init(&di->vfs, sb, mode, &devpts_iops);
	di->vfs.ino = ino;
	di->index = index;
	list_add_tail(&di->live, &live_inodes);
	return &di->vfs;
}

/* "N" without leading zeros, as the nodes are named; -1 otherwise. */
static int parse_index(const char *name, size_t len)
{
	int n = 0;

	if (!len || len > 6 || (name[0] == '0' && len > 1))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

static int devpts_lookup(struct inode *dir, const char *name, size_t len,
			 struct inode **out)
{
	struct inode *inode;
	int n;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = inode_get(dir);
		return 0;
	}
	if (len == 4 && !memcmp(name, "ptmx", 4)) {
		inode = devpts_inode(dir->sb, S_IFCHR | opts.ptmxmode, PTMX_INO, -1);
		if (!inode)
			return -ENOMEM;
		inode->rdev = dev_encode(PTMX_MAJOR, PTMX_MINOR);
		*out = inode;
		return 0;
	}
	n = parse_index(name, len);
	if (n < 0 || n >= DEVPTS_MAX_PTYS || !nodes[n].live)
		return -ENOENT;
	inode = devpts_inode(dir->sb, S_IFCHR | nodes[n].mode, FIRST_INO + (uint64_t)n, n);
	if (!inode)
		return -ENOMEM;
	inode->rdev = dev_encode(PTS_MAJOR, (unsigned)n);
	inode->uid = nodes[n].uid;
	inode->gid = nodes[n].gid;
	inode->atime = inode->mtime = inode->ctime = inode->btime = nodes[n].time;
	*out = inode;
	return 0;
}

static int devpts_getdents(struct inode *dir, struct dir_ctx *ctx)
{
	char name[12];

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, ROOT_INO, DT_DIR, 1))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		struct mount *m = dir->sb->mnt;
		uint64_t up = m && m->mountpoint ? m->mountpoint->ino : ROOT_INO;
		if (!ctx->emit(ctx, "..", 2, up, DT_DIR, 2))
			return 0;
		ctx->pos = 2;
	}
	if (ctx->pos == 2) {
		if (!ctx->emit(ctx, "ptmx", 4, PTMX_INO, inode_dtype(S_IFCHR), FIRST_INO))
			return 0;
		ctx->pos = FIRST_INO;
	}
	for (off_t n = ctx->pos - FIRST_INO; n < DEVPTS_MAX_PTYS; n++) {
		if (!nodes[n].live)
			continue;
		snprintf(name, sizeof(name), "%d", (int)n);
		if (!ctx->emit(ctx, name, strlen(name), FIRST_INO + (uint64_t)n,
			       inode_dtype(S_IFCHR), FIRST_INO + n + 1))
			return 0;
		ctx->pos = FIRST_INO + n + 1;
	}
	ctx->pos = FIRST_INO + DEVPTS_MAX_PTYS;
	return 0;
}

/* chmod and chown of a slave node stay with the node. */
static void devpts_dirty(struct inode *inode)
{
	struct devpts_inode *di = container_of(inode, struct devpts_inode, vfs);

	if (di->index >= 0 && nodes[di->index].live) {
		nodes[di->index].mode = inode->mode & 07777;
		nodes[di->index].uid = inode->uid;
		nodes[di->index].gid = inode->gid;
	} else if (inode->ino == PTMX_INO) {
		opts.ptmxmode = inode->mode & 07777;
	}
}

static void devpts_release(struct inode *inode)
{
	struct devpts_inode *di = container_of(inode, struct devpts_inode, vfs);

	list_del(&di->live);
	kfree(di);
}

static const struct inode_ops devpts_iops = {
	.lookup = devpts_lookup,
	.getdents = devpts_getdents,
	.dirty = devpts_dirty,
	.release = devpts_release,
};

int devpts_pty_new(unsigned index)
{
	const struct cred *c = current_cred();

	if (index >= DEVPTS_MAX_PTYS || index >= opts.max)
		return -ENOSPC;
	nodes[index].live = true;
	nodes[index].mode = opts.mode;
	nodes[index].uid = opts.setuid ? opts.uid : c->fsuid;
	nodes[index].gid = opts.setgid ? opts.gid : c->fsgid;
	nodes[index].time = inode_now();
	return 0;
}

void devpts_pty_kill(unsigned index)
{
	if (index < DEVPTS_MAX_PTYS)
		nodes[index].live = false;
}

/* ---- mounting ----------------------------------------------------------- */

/*
 * The options of the mount being parsed.  struct fs_context holds the
 * tmpfs family's; devpts keeps its own here between parse and get_tree
 * (or reconfigure), which run in the same mount(2) call.
 */
static const struct fs_context *parsing;
static struct devpts_opts parsed;

static int devpts_parse(struct fs_context *fc, const char *key, const char *val)
{
	uint32_t v;

	if (parsing != fc) {
		parsing = fc;
		parsed = (struct devpts_opts){ .mode = 0600, .max = DEVPTS_MAX_PTYS };
	}
	if (!strcmp(key, "newinstance") && !val)
		return 0; /* every mount is one instance here (see above) */
	if (!strcmp(key, "uid") || !strcmp(key, "gid") || !strcmp(key, "max")) {
		if (!mount_parse_uint(val, 10, &v))
			return -EINVAL;
		if (key[0] == 'u') {
			parsed.setuid = true;
			parsed.uid = v;
		} else if (key[0] == 'g') {
			parsed.setgid = true;
			parsed.gid = v;
		} else {
			parsed.max = MIN(v, (uint32_t)DEVPTS_MAX_PTYS);
		}
		return 0;
	}
	if (!strcmp(key, "mode") || !strcmp(key, "ptmxmode")) {
		if (!mount_parse_uint(val, 8, &v))
			return -EINVAL;
		if (key[0] == 'm')
			parsed.mode = v & 07777;
		else
			parsed.ptmxmode = v & 07777;
		return 0;
	}
	return -ENOPARAM;
}

/* The options a mount asked for (defaults when it gave none). */
static void take_options(struct fs_context *fc)
{
	if (parsing == fc)
		opts = parsed;
	else
		opts = (struct devpts_opts){ .mode = 0600, .max = DEVPTS_MAX_PTYS };
	parsing = NULL;
}

static int devpts_get_tree(struct fs_context *fc, struct superblock **out)
{
	struct superblock *sb = sb_new("devpts");

	if (!sb)
		return -ENOMEM;
	sb->magic = DEVPTS_MAGIC;
	sb->next_ino = FIRST_INO + DEVPTS_MAX_PTYS;
	sb->root = devpts_inode(sb, S_IFDIR | 0755, ROOT_INO, -1);
	if (!sb->root) {
		kfree(sb);
		return -ENOMEM;
	}
	sb->root->fops = &vfs_dir_fops;
	sb->root->nlink = 2;
	take_options(fc);
	*out = sb;
	return 0;
}

static int devpts_reconfigure(struct superblock *sb __unused, struct fs_context *fc)
{
	take_options(fc);
	return 0;
}

/* ",key=%03o" (printk's formats have no octal). */
static void show_octal(struct seqbuf *m, const char *key, uint32_t v)
{
	char buf[8];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v && i > 0);
	while (i > (int)sizeof(buf) - 4)
		buf[--i] = '0';
	seq_printf(m, ",%s=%s", key, buf + i);
}

static void devpts_show_options(struct seqbuf *m, struct superblock *sb __unused)
{
	if (opts.setuid)
		seq_printf(m, ",uid=%u", opts.uid);
	if (opts.setgid)
		seq_printf(m, ",gid=%u", opts.gid);
	show_octal(m, "mode", opts.mode);
	show_octal(m, "ptmxmode", opts.ptmxmode);
	if (opts.max < DEVPTS_MAX_PTYS)
		seq_printf(m, ",max=%u", opts.max);
}

static bool devpts_busy(struct superblock *sb, unsigned extra)
{
	struct list_head *l;

	if (sb->root->refcount > 1 + extra)
		return true;
	list_for_each(l, &live_inodes) {
		struct devpts_inode *di = list_entry(l, struct devpts_inode, live);
		if (di->vfs.sb == sb && &di->vfs != sb->root)
			return true;
	}
	return false;
}

static void devpts_kill(struct superblock *sb)
{
	inode_put(sb->root);
	kfree(sb);
}

static struct fs_type devpts_fs_type = {
	.name = "devpts",
	.nodev = true,
	.parse = devpts_parse,
	.get_tree = devpts_get_tree,
	.reconfigure = devpts_reconfigure,
	.show_options = devpts_show_options,
	.busy = devpts_busy,
	.kill = devpts_kill,
};

void devpts_init(void)
{
	fs_type_register(&devpts_fs_type);
}
