// SPDX-License-Identifier: MIT
/*
 * tmpfs_mount.c - tmpfs as a mountable type: its options (size=, mode=,
 * uid=, gid=, as Linux's mm/shmem.c takes them), a fresh instance per
 * mount, remounting with a new size, what /proc/mounts shows, and taking
 * an instance apart at umount.  The root file system is a tmpfs too
 * ("rootfs", never unmounted).
 *
 * busy: with no dentry cache, an instance is in use exactly when one of
 * its inodes has a reference the tree itself does not explain.  A tmpfs
 * directory is referenced by the sb (the root) and by each subdirectory
 * (its parent pointer); everything else (open files, cwds, mappings,
 * mount points, walks in progress) shows as a surplus.
 */
#include "fs/tmpfs_internal.h"
#include "fs/mount_internal.h"
#include "kernel/mm.h"

#define TMPFS_DEFAULT_MODE (S_ISVTX | 0777)

static uint64_t default_pages(void)
{
	return page_total() / 2;
}

/* memparse(): a number with an optional k/m/g/t/p/e suffix; end at *rest. */
static uint64_t parse_size(const char *s, const char **rest)
{
	uint64_t v = 0;
	int shift = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	switch (*s) {
	case 'e': case 'E': shift += 10; /* fall through */
	case 'p': case 'P': shift += 10; /* fall through */
	case 't': case 'T': shift += 10; /* fall through */
	case 'g': case 'G': shift += 10; /* fall through */
	case 'm': case 'M': shift += 10; /* fall through */
	case 'k': case 'K': shift += 10;
		s++;
	}
	*rest = s;
	return v << shift;
}

/* A whole option value as an unsigned 32-bit number in base (mode= is octal). */
bool mount_parse_uint(const char *s, unsigned base, uint32_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (*s < '0' || d >= base)
			return false;
		v = v * base + d;
		if (v > 0xffffffffu)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

static int bad_value(struct fs_context *fc, const char *key)
{
	printk("%s: Bad value for '%s'\n", fc->type->name, key);
	return -EINVAL;
}

int tmpfs_parse(struct fs_context *fc, const char *key, const char *val)
{
	if (!strcmp(key, "size")) {
		const char *rest;
		uint64_t bytes;

		if (!val || !*val)
			return bad_value(fc, key);
		bytes = parse_size(val, &rest);
		if (*rest == '%') {     /* of RAM, rounded as Linux does */
			bytes = bytes * PAGE_SIZE * page_total() / 100;
			rest++;
		}
		if (*rest)
			return bad_value(fc, key);
		fc->size_pages = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
		fc->set |= FSO_SIZE;
		return 0;
	}
	if (!strcmp(key, "mode")) {
		if (!mount_parse_uint(val, 8, &fc->mode))
			return bad_value(fc, key);
		fc->mode &= 07777;
		fc->set |= FSO_MODE;
		return 0;
	}
	if (!strcmp(key, "uid") || !strcmp(key, "gid")) {
		bool uid = key[0] == 'u';
		if (!mount_parse_uint(val, 10, uid ? &fc->uid : &fc->gid))
			return bad_value(fc, key);
		fc->set |= uid ? FSO_UID : FSO_GID;
		return 0;
	}
	if (!strcmp(key, "inode64") && !val)
		return 0;               /* inode numbers are 64-bit anyway */
	return -ENOPARAM;
}

static int tmpfs_get_tree(struct fs_context *fc, struct superblock **out)
{
	struct superblock *sb = tmpfs_new();

	if (!sb)
		return -ENOMEM;
	sb->pages_max = (fc->set & FSO_SIZE) ? fc->size_pages : default_pages();
	sb->root->mode = S_IFDIR |
		((fc->set & FSO_MODE) ? fc->mode : TMPFS_DEFAULT_MODE);
	sb->root->uid = fc->uid;
	sb->root->gid = fc->gid;
	*out = sb;
	return 0;
}

/*
 * shmem_reconfigure: only the size changes (mode, uid and gid are taken
 * and ignored, as there); smaller than what is in use is EINVAL.
 */
static int tmpfs_reconfigure(struct superblock *sb, struct fs_context *fc)
{
	if (!(fc->set & FSO_SIZE))
		return 0;
	if (fc->size_pages && fc->size_pages < sb->pages_used)
		return -EINVAL;
	sb->pages_max = fc->size_pages;
	return 0;
}

static void seq_octal(struct seqbuf *m, uint32_t v)
{
	char buf[8];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v && i > 0);
	while (i > (int)sizeof(buf) - 4)        /* at least three digits, %03o */
		buf[--i] = '0';
	seq_puts(m, buf + i);
}

/* shmem_show_options: what differs from the defaults, then inode64. */
void tmpfs_show_options(struct seqbuf *m, struct superblock *sb)
{
	uint32_t mode = sb->root->mode & 07777;

	if (sb->pages_max != default_pages())
		seq_printf(m, ",size=%luk", (unsigned long)(sb->pages_max * (PAGE_SIZE / 1024)));
	if (mode != TMPFS_DEFAULT_MODE) {
		seq_puts(m, ",mode=");
		seq_octal(m, mode);
	}
	if (sb->root->uid)
		seq_printf(m, ",uid=%u", sb->root->uid);
	if (sb->root->gid)
		seq_printf(m, ",gid=%u", sb->root->gid);
	seq_puts(m, ",inode64");
}

/* The root file system: its size always, as Linux's rootfs line has it. */
static void rootfs_show_options(struct seqbuf *m, struct superblock *sb)
{
	seq_printf(m, ",size=%luk,inode64",
		   (unsigned long)(sb->pages_max * (PAGE_SIZE / 1024)));
}

static bool stack_grow(struct list_head ***stack, size_t *cap)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	struct list_head **n = kmalloc(ncap * sizeof(*n));

	if (!n)
		return false;
	if (*stack)
		memcpy(n, *stack, *cap * sizeof(*n));
	kfree(*stack);
	*stack = n;
	*cap = ncap;
	return true;
}

/* Walk every inode; true at the first with references the tree does not explain. */
bool tmpfs_busy(struct superblock *sb, unsigned extra)
{
	struct inode *root = sb->root, *dir = root;
	struct list_head **stack = NULL, *pos;
	size_t depth = 0, cap = 0;
	bool busy = root->refcount != 1 + extra + (root->nlink - 2);

	pos = tmpfs_i(dir)->dir.entries.next;
	while (!busy) {
		struct tmpfs_dirent *de;
		struct inode *child;

		if (pos == &tmpfs_i(dir)->dir.entries) {
			if (!depth)
				break;
			pos = stack[--depth]->next;
			dir = tmpfs_i(dir)->dir.parent;
			continue;
		}
		de = list_entry(pos, struct tmpfs_dirent, link);
		child = de->inode;
		if (!S_ISDIR(child->mode)) {
			busy = child->refcount != 0;
			pos = pos->next;
			continue;
		}
		busy = child->refcount != child->nlink - 2;
		if (depth == cap && !stack_grow(&stack, &cap)) {
			busy = true;            /* cannot tell: refuse */
			break;
		}
		stack[depth++] = pos;
		dir = child;
		pos = tmpfs_i(dir)->dir.entries.next;
	}
	kfree(stack);
	return busy;
}

/* Drop a name; free the inode when it was the last thing holding it. */
static void drop_name(struct tmpfs_dirent *de)
{
	struct inode *inode = de->inode;

	list_del(&de->link);
	kfree(de);
	inode->nlink = S_ISDIR(inode->mode) ? 0 : inode->nlink - 1;
	if (!inode->nlink && !inode->refcount) {
		inode_get(inode);
		inode_put(inode);       /* tmpfs_release frees it */
	}
}

/* Free everything, deepest first, without recursion (trees can be deep). */
void tmpfs_kill(struct superblock *sb)
{
	struct inode *dir = sb->root;

	for (;;) {
		struct tmpfs_inode *td = tmpfs_i(dir);

		if (!list_empty(&td->dir.entries)) {
			struct tmpfs_dirent *de = list_entry(td->dir.entries.next,
							     struct tmpfs_dirent, link);
			struct inode *child = de->inode;

			if (S_ISDIR(child->mode) &&
			    !list_empty(&tmpfs_i(child)->dir.entries)) {
				dir = child;
				continue;
			}
			drop_name(de);
			continue;
		}
		if (dir == sb->root)
			break;
		dir = td->dir.parent;
	}
	sb->root->nlink = 0;
	inode_put(sb->root);
	kfree(sb);
}

uint64_t tmpfs_pages_in_use(void)
{
	struct list_head *l;
	uint64_t n = 0;

	list_for_each(l, mount_table()) {
		struct mount *m = list_entry(l, struct mount, link);
		if ((m->type == &tmpfs_fs_type || m->type == &rootfs_fs_type ||
		     m->type == &devtmpfs_fs_type) && mount_sb_first(m))
			n += m->sb->pages_used;
	}
	return n;
}

struct fs_type tmpfs_fs_type = {
	.name = "tmpfs",
	.nodev = true,
	.parse = tmpfs_parse,
	.get_tree = tmpfs_get_tree,
	.reconfigure = tmpfs_reconfigure,
	.show_options = tmpfs_show_options,
	.busy = tmpfs_busy,
	.kill = tmpfs_kill,
};

/* Not mountable by name (Linux lists no "rootfs" in /proc/filesystems). */
struct fs_type rootfs_fs_type = {
	.name = "rootfs",
	.nodev = true,
	.parse = tmpfs_parse,
	.reconfigure = tmpfs_reconfigure,
	.show_options = rootfs_show_options,
	.busy = tmpfs_busy,
	.kill = tmpfs_kill,
};
