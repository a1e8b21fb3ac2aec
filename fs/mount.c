// SPDX-License-Identifier: MIT
/*
 * mount.c - mount(2), umount2(2) and the mount table behind /proc/mounts
 * and /proc/<pid>/mountinfo (mount_internal.h describes the model,
 * mount_show.c prints the table, mount_prop.c does shared subtrees).
 *
 * mount(2) follows Linux's fs/namespace.c path_mount(): the strings are
 * copied in (EFAULT), the target is walked (ENOENT, ENOTDIR, ...), then
 * MS_REMOUNT changes an existing mount's flags and options, MS_BIND makes
 * a bind mount, MS_SHARED/MS_PRIVATE/MS_SLAVE/MS_UNBINDABLE (with MS_REC,
 * for the submounts too) change propagation, MS_MOVE moves a mount tree
 * (EINVAL out of a shared parent or onto the other kind of object), and
 * anything else makes a new mount: unknown type ENODEV, bad option EINVAL,
 * target not a directory ENOTDIR.
 *
 * Every mount is a struct mount: a superblock's root or, for MS_BIND, a
 * directory or file of it, on a mount point inside its parent mount.  The
 * walk carries the mount it is in (namei.c), so ".." at a mount's root
 * leads to its mount point's parent and /proc/mounts names the mount point
 * by that route.  A bind takes its source mount's name, type, flags and
 * peer group; MS_REC copies the source's submounts below the bind's root
 * too (copy_tree; unbindable ones stay behind).  Flags are per mount (a
 * plain remount changes the superblock's for all its mounts).
 *
 * The mount flags are shown in /proc/mounts and enforced by the VFS: ro
 * (EROFS), nodev (EACCES on opening a device), noexec (EACCES on execve,
 * EPERM on PROT_EXEC maps), nosuid (set-ID bits ignored by execve),
 * noatime and nodiratime (reads leave atime; relatime is the rule
 * otherwise, strictatime is recorded).  A remount read-only while a file
 * is open for writing there is EBUSY.
 *
 * umount2(2) takes a mount's root (EINVAL otherwise) and refuses while
 * anything uses the mount (EBUSY): a file, a cwd, a mapping (their
 * references to it), a mount on it; for a superblock's last mount also any
 * use of its inodes its busy() sees.  Other mounts of the same superblock
 * (binds elsewhere) are no bar.  MNT_DETACH takes a busy mount and the
 * mounts below it out of the name space at once; a superblock goes with
 * the last reference to its last mount, or once nothing uses it after
 * that (mount_reap, at the next mount, umount or read of the table).
 */
#include "fs/mount_internal.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

#define MOUNT_DATA_MAX PAGE_SIZE

static struct list_head mounts = LIST_HEAD_INIT(mounts);
static char rootfs_name[] = "rootfs";   /* the root mount is never freed */
static int next_mount_id = 1;

/* /proc/filesystems order is Linux's registration order. */
static struct fs_type *const builtin_types[] = {
	&sysfs_fs_type, &tmpfs_fs_type, &proc_fs_type, &devtmpfs_fs_type,
};
static struct fs_type *extra_types;

void fs_type_register(struct fs_type *type)
{
	struct fs_type **p = &extra_types;

	while (*p)
		p = &(*p)->next;
	type->next = NULL;
	*p = type;
}

static const struct fs_type *find_type(const char *name)
{
	const struct fs_type *t;

	for (size_t i = 0; i < ARRAY_SIZE(builtin_types); i++)
		if (!strcmp(builtin_types[i]->name, name))
			return builtin_types[i];
	for (t = extra_types; t; t = t->next)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

/* The root file system's mount (vfs_init made it) is the first entry. */
struct list_head *mount_table(void)
{
	if (list_empty(&mounts)) {
		struct mount *root = vfs_root_sb->mnt;

		root->id = next_mount_id++;
		root->type = &rootfs_fs_type;
		root->source = rootfs_name;
		root->ns = &init_mnt_ns;
		init_mnt_ns.root = root;
		list_add_tail(&root->link, &mounts);
	}
	return &mounts;
}

int mount_next_id(void)
{
	mount_table();                  /* the root's ID comes first */
	return next_mount_id++;
}

bool mount_sb_first(struct mount *m)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *o = list_entry(l, struct mount, link);
		if (o->sb == m->sb)
			return o == m;
	}
	return false;
}

struct mount *mount_first_child(struct mount *m)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *c = list_entry(l, struct mount, link);
		if (c->parent == m)
			return c;
	}
	return NULL;
}

/* Is m in the caller's mount namespace (check_mnt)? */
static bool mount_attached(struct mount *m)
{
	mount_table();                  /* the root joins the initial namespace */
	return m && m->ns && m->ns == mnt_ns_current();
}

/* The mount whose root the walk ended on, or NULL. */
static struct mount *mount_at(struct walk *w)
{
	return w->mnt && w->mnt->root == w->inode ? w->mnt : NULL;
}

/* ---- options ------------------------------------------------------------ */

/* The flags any file system takes as options (vfs_parse_sb_flag). */
static const struct {
	const char *name;
	unsigned long flag;
	bool set;
} sb_flag_opts[] = {
	{ "ro", MS_RDONLY, true }, { "rw", MS_RDONLY, false },
	{ "sync", MS_SYNCHRONOUS, true }, { "async", MS_SYNCHRONOUS, false },
	{ "dirsync", MS_DIRSYNC, true },
	{ "mand", MS_MANDLOCK, true }, { "nomand", MS_MANDLOCK, false },
	{ "lazytime", MS_LAZYTIME, true }, { "nolazytime", MS_LAZYTIME, false },
};

static int parse_one(struct fs_context *fc, char *opt)
{
	char *val = strchr(opt, '=');
	int err = -ENOPARAM;

	if (val)
		*val++ = '\0';
	for (size_t i = 0; !val && i < ARRAY_SIZE(sb_flag_opts); i++) {
		if (strcmp(opt, sb_flag_opts[i].name))
			continue;
		fc->sb_mask |= sb_flag_opts[i].flag;
		if (sb_flag_opts[i].set)
			fc->sb_flags |= sb_flag_opts[i].flag;
		else
			fc->sb_flags &= ~sb_flag_opts[i].flag;
		return 0;
	}
	if (!strcmp(opt, "source") && val)
		return 0;       /* the source is the call's own argument here */
	if (fc->type->parse)
		err = fc->type->parse(fc, opt, val);
	if (err == -ENOPARAM)
		printk("%s: Unknown parameter '%s'\n", fc->type->name, opt);
	return err == -ENOPARAM ? -EINVAL : err;
}

/* "a,b=c,..." (data is modified); empty options are skipped as Linux does. */
static int parse_options(struct fs_context *fc, char *data)
{
	while (data && *data) {
		char *opt = data, *comma = strchr(data, ',');
		int err;

		data = comma ? comma + 1 : NULL;
		if (comma)
			*comma = '\0';
		if (!*opt)
			continue;
		err = parse_one(fc, opt);
		if (err)
			return err;
	}
	return 0;
}

/* ---- mounting ----------------------------------------------------------- */

static unsigned mnt_flags_of(unsigned long flags)
{
	unsigned f = 0;

	if (!(flags & MS_NOATIME))
		f |= MNT_RELATIME;
	if (flags & MS_NOSUID)
		f |= MNT_NOSUID;
	if (flags & MS_NODEV)
		f |= MNT_NODEV;
	if (flags & MS_NOEXEC)
		f |= MNT_NOEXEC;
	if (flags & MS_NOATIME)
		f |= MNT_NOATIME;
	if (flags & MS_NODIRATIME)
		f |= MNT_NODIRATIME;
	if (flags & MS_STRICTATIME)
		f &= ~(MNT_RELATIME | MNT_NOATIME);
	if (flags & MS_RDONLY)
		f |= MNT_READONLY;
	if (flags & MS_NOSYMFOLLOW)
		f |= MNT_NOSYMFOLLOW;
	return f;
}

/*
 * New flags for m, and superblock flags for every mount of it; the
 * superblock keeps its own mount's (mnt_flags_at) and read-only state.
 */
static void mount_set_flags(struct mount *m, unsigned mnt_flags,
			    unsigned long sb_flags)
{
	struct superblock *sb = m->sb;
	struct list_head *l;

	m->mnt_flags = mnt_flags;
	if (sb->mnt == m)
		sb->mnt_flags = mnt_flags;
	sb->rdonly = sb_flags & MS_RDONLY;
	m->sb_flags = sb_flags;
	list_for_each(l, mount_table()) {
		struct mount *b = list_entry(l, struct mount, link);
		if (b->sb == sb)
			b->sb_flags = sb_flags;         /* they share the superblock */
	}
}

/* The checks before a new mount makes anything (do_new_mount's order). */
static int new_mount_context(struct fs_context *fc, struct walk *at,
			     const char *typename, unsigned long flags,
			     const char *source, char *data)
{
	struct inode *dir = at->inode;
	struct mount *top;
	int err;

	if (!typename)
		return -EINVAL;
	fc->type = find_type(typename);
	if (!fc->type)
		return -ENODEV;
	fc->source = source ? source : "none";
	fc->sb_flags = flags & MS_SB_FLAGS;
	err = parse_options(fc, data);
	if (err)
		return err;
	/* One instance in Linux: mounting it again on its own root is EBUSY. */
	top = mount_at(at);
	if (top && top->type == fc->type && fc->type->single)
		return -EBUSY;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->nlink == 0)
		return -ENOENT;         /* a removed directory (cant_mount) */
	return 0;
}

/* Place a new tree's top on at's object inside at's mount. */
static int place_top(struct mount *m, struct walk *at)
{
	m->parent = mount_get(at->mnt);
	m->mountpoint = inode_get(at->inode);
	if (S_ISDIR(at->inode->mode) || !at->dir)
		return 0;
	m->mp_dir = inode_get(at->dir);
	m->mp_name = kstrdup(at->last);
	return m->mp_name ? 0 : -ENOMEM;
}

/* One mount as a tree: placed at at, then attached with its copies. */
static int graft_one(struct mount *m, struct walk *at)
{
	struct list_head tree = LIST_HEAD_INIT(tree);

	list_add_tail(&m->link, &tree);
	if (place_top(m, at)) {
		mount_tree_free(&tree);
		return -ENOMEM;
	}
	return mount_graft(&tree);
}

static int do_new_mount(struct walk *at, const char *typename,
			unsigned long flags, const char *source, char *data)
{
	struct fs_context fc = { 0 };
	struct superblock *sb;
	struct mount *m;
	char *name;
	int err;

	if (!mount_attached(at->mnt))
		return -EINVAL;
	err = new_mount_context(&fc, at, typename, flags, source, data);
	if (err)
		return err;
	name = kstrdup(fc.source);
	if (!name)
		return -ENOMEM;
	err = fc.type->get_tree(&fc, &sb);
	if (err) {
		kfree(name);
		return err;
	}
	m = mount_new(sb, sb->root);
	if (!m) {
		kfree(name);
		fc.type->kill(sb);
		return -ENOMEM;
	}
	m->type = fc.type;
	m->source = name;
	sb->mnt = m;
	mount_set_flags(m, mnt_flags_of(flags), fc.sb_flags);
	return graft_one(m, at);
}

/* A remount's mount flags: with no atime flag given, the old atime ones. */
static unsigned remount_mnt_flags(struct mount *m, unsigned long flags)
{
	unsigned f = mnt_flags_of(flags);

	if (!(flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)))
		f = (f & ~MNT_ATIME_MASK) | (m->mnt_flags & MNT_ATIME_MASK);
	return f;
}

/*
 * Regular files open for writing through m, and for a superblock's first
 * mount those opened through no mount.
 */
static unsigned mount_writers(struct mount *m)
{
	return m->writers + (m == m->sb->mnt ? m->sb->own_writers : 0);
}

/*
 * Going read-only while a file is open for writing is EBUSY: through the
 * mount for the mount's flag (mnt_make_readonly), anywhere on the
 * superblock for its flag (sb_prepare_remount_readonly).
 */
static int may_set_flags(struct mount *m, unsigned mnt_flags,
			 unsigned long sb_flags)
{
	if ((sb_flags & MS_RDONLY) && !m->sb->rdonly && m->sb->writers)
		return -EBUSY;
	if ((mnt_flags & MNT_READONLY) && !(m->mnt_flags & MNT_READONLY) &&
	    mount_writers(m))
		return -EBUSY;
	return 0;
}

/*
 * MS_REMOUNT: new flags and options for the mount m (the superblock's
 * flags and options change for all its mounts, as in Linux).
 */
static int do_remount(struct mount *m, unsigned long flags, char *data)
{
	struct fs_context fc = { 0 };
	unsigned long sb_flags;
	unsigned mnt_flags;
	int err;

	if (!mount_attached(m))
		return -EINVAL;
	fc.type = m->type;
	fc.sb_flags = flags & MS_SB_FLAGS;
	fc.sb_mask = MS_RMT_MASK;
	err = parse_options(&fc, data);
	if (err)
		return err;
	mnt_flags = remount_mnt_flags(m, flags);
	sb_flags = (m->sb_flags & ~fc.sb_mask) | (fc.sb_flags & fc.sb_mask);
	err = may_set_flags(m, mnt_flags, sb_flags);
	if (err)
		return err;
	if (m->type->reconfigure) {
		err = m->type->reconfigure(m->sb, &fc);
		if (err)
			return err;
	}
	mount_set_flags(m, mnt_flags, sb_flags);
	return 0;
}

/* MS_REMOUNT | MS_BIND: only the mount's own flags change. */
static int do_reconfigure_mnt(struct mount *m, unsigned long flags)
{
	unsigned mnt_flags;
	int err;

	if (!mount_attached(m))
		return -EINVAL;
	mnt_flags = remount_mnt_flags(m, flags);
	err = may_set_flags(m, mnt_flags, m->sb_flags);
	if (!err)
		mount_set_flags(m, mnt_flags, m->sb_flags);
	return err;
}

/* Is m below top (or top itself)? */
static bool mount_below(struct mount *m, struct mount *top)
{
	for (; m; m = m->parent)
		if (m == top)
			return true;
	return false;
}

/*
 * MS_SHARED and friends: exactly one propagation type, for the mount at
 * the target and with MS_REC every mount below it (do_change_type).
 */
static int do_change_type(struct mount *m, unsigned long flags)
{
	unsigned long type = flags & ~(MS_REC | MS_SILENT);
	struct list_head *l;

	if (!m || !mount_attached(m))
		return -EINVAL;
	if (type != MS_PRIVATE && type != MS_SLAVE && type != MS_UNBINDABLE &&
	    type != MS_SHARED)
		return -EINVAL;
	if (!(flags & MS_REC)) {
		mount_set_propagation(m, type);
		return 0;
	}
	list_for_each(l, mount_table()) {
		struct mount *c = list_entry(l, struct mount, link);
		if (mount_below(c, m))
			mount_set_propagation(c, type);
	}
	return 0;
}

/* Walk to the source of MS_MOVE or MS_BIND (EINVAL when none is given). */
static int walk_source(const char *source, struct walk *w)
{
	char *path;
	int err;

	if (!source || !*source)
		return -EINVAL;
	path = getname_kernel(source);
	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	err = walk_path(AT_FDCWD, path, WALK_FOLLOW, w);
	putname(path);
	return err;
}

/* Is a mount of m's tree unbindable (tree_contains_unbindable)? */
static bool tree_unbindable(struct mount *m)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *c = list_entry(l, struct mount, link);
		if (c->unbindable && mount_below(c, m))
			return true;
	}
	return false;
}

/* The checks of do_move_mount, in its order. */
static int may_move(struct mount *m, struct walk *at)
{
	if (!mount_attached(at->mnt) || !mount_attached(m) || !m->mountpoint)
		return -EINVAL;
	if (S_ISDIR(at->inode->mode) != S_ISDIR(m->root->mode))
		return -EINVAL;
	if (m->parent->group)
		return -EINVAL;         /* out of a shared parent */
	if (at->mnt->group && tree_unbindable(m))
		return -EINVAL;
	if (m->mp_dir && !at->dir)
		return -EINVAL;
	if (mount_below(at->mnt, m))
		return -ELOOP;          /* into itself */
	return 0;
}

/*
 * MS_MOVE: the mount at source, with its tree, now covers at's object
 * (do_move_mount); into a shared mount, copies go to its receivers.
 */
static int do_move(struct walk *at, const char *source)
{
	struct mount *m;
	char *name = NULL;
	struct walk w;
	int err;

	err = walk_source(source, &w);
	if (err)
		return err;
	m = mount_get(mount_at(&w));
	walk_done(&w);
	err = may_move(m, at);
	if (!err && m->mp_dir && !(name = kstrdup(at->last)))
		err = -ENOMEM;
	if (!err && at->mnt->group)
		err = mount_move_propagate(m, at->mnt, at->inode,
					   m->mp_dir ? at->dir : NULL, name);
	if (!err) {
		mount_unhook(m);
		inode_put(m->mountpoint);
		mount_put(m->parent);
		mount_hook(m, at->mnt, at->inode);
		if (name) {
			kfree(m->mp_name);
			m->mp_name = name;
			name = NULL;
			inode_put(m->mp_dir);
			m->mp_dir = inode_get(at->dir);
		}
	}
	kfree(name);
	mount_put(m);
	return err;
}

/* A file's bind names its root by directory and name. */
static int bind_root_names(struct mount *m, struct walk *src)
{
	if (S_ISDIR(m->root->mode) || !src->dir)
		return 0;
	inode_put(m->root_dir);
	kfree(m->root_name);
	m->root_dir = inode_get(src->dir);
	m->root_name = kstrdup(src->last);
	return m->root_name ? 0 : -ENOMEM;
}

/* The checks of do_loopback, in its order. */
static int may_bind(struct mount *from, struct walk *src, struct walk *at)
{
	if (!from || from->unbindable)
		return -EINVAL;
	if (!mount_attached(from) || !mount_attached(at->mnt))
		return -EINVAL;
	if (S_ISDIR(at->inode->mode) != S_ISDIR(src->inode->mode))
		return -ENOTDIR;        /* graft_tree */
	if (at->inode->nlink == 0)
		return -ENOENT;
	return 0;
}

/*
 * MS_BIND: the directory or file at source shows at the target too
 * (do_loopback): a clone of the source mount, and with MS_REC copies of
 * its submounts at or below the source.
 */
static int do_bind(struct walk *at, const char *source, bool rec)
{
	struct list_head tree = LIST_HEAD_INIT(tree);
	struct mount *from, *m;
	struct walk src;
	int err;

	err = walk_source(source, &src);
	if (err)
		return err;
	from = src.mnt;
	err = may_bind(from, &src, at);
	if (!err && !(m = mount_clone(from, src.inode)))
		err = -ENOMEM;
	if (!err) {
		list_add_tail(&m->link, &tree);
		err = bind_root_names(m, &src);
		if (!err)
			err = place_top(m, at);
		if (!err && rec)
			err = mount_copy_submounts(from, src.inode, &tree, NULL);
		if (err)
			mount_tree_free(&tree);
		else
			err = mount_graft(&tree);
	}
	walk_done(&src);
	return err;
}

static int path_mount(const char *source, struct walk *at, const char *type,
		      unsigned long flags, char *data)
{
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_NOUSER)
		return -EINVAL;
	if (!cred_privileged())
		return -EPERM;          /* CAP_SYS_ADMIN (may_mount) */
	mount_reap();
	if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
		return do_reconfigure_mnt(mount_at(at), flags);
	if (flags & MS_REMOUNT)
		return do_remount(mount_at(at), flags, data);
	if (flags & MS_BIND)
		return do_bind(at, source, flags & MS_REC);
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return do_change_type(mount_at(at), flags);
	if (flags & MS_MOVE)
		return do_move(at, source);
	return do_new_mount(at, type, flags, source, data);
}

/* A mount string (type, source): NULL stays NULL; too long is EINVAL. */
static int copy_mount_string(const char __user *u, char **out)
{
	char *s;
	long n;

	*out = NULL;
	if (!u)
		return 0;
	s = getname(u);
	if (IS_ERR(s)) {
		n = PTR_ERR(s);
		return n == -ENAMETOOLONG ? -EINVAL : (int)n;
	}
	*out = s;
	return 0;
}

/* The options page: up to a page, NUL-terminated (copy_mount_options). */
static int copy_mount_data(const void __user *u, char **out)
{
	char *s;
	long n;

	*out = NULL;
	if (!u)
		return 0;
	s = kmalloc(MOUNT_DATA_MAX);
	if (!s)
		return -ENOMEM;
	n = strncpy_from_user(s, u, MOUNT_DATA_MAX);
	if (n == -ENAMETOOLONG)
		n = copy_from_user(s, u, MOUNT_DATA_MAX);
	if (n < 0) {
		kfree(s);
		return (int)n;
	}
	s[MOUNT_DATA_MAX - 1] = '\0';
	*out = s;
	return 0;
}

/* Walk to the target (path is scratch space) and mount there. */
static int mount_on_path(const char *source, char *path, const char *type,
			 unsigned long flags, char *data)
{
	struct walk w;
	int err = walk_path(AT_FDCWD, path, WALK_FOLLOW, &w);

	if (err)
		return err;
	err = path_mount(source, &w, type, flags, data);
	walk_done(&w);
	return err;
}

long sys_mount(const char __user *usource, const char __user *utarget,
	       const char __user *utype, unsigned long flags,
	       const void __user *udata)
{
	char *type, *source = NULL, *data = NULL, *target;
	long err;

	err = copy_mount_string(utype, &type);
	if (!err)
		err = copy_mount_string(usource, &source);
	if (!err)
		err = copy_mount_data(udata, &data);
	if (!err) {
		target = getname(utarget);
		err = IS_ERR(target) ? PTR_ERR(target) :
		      mount_on_path(source, target, type, flags, data);
		if (!IS_ERR(target))
			putname(target);
	}
	kfree(data);
	if (source)
		putname(source);
	if (type)
		putname(type);
	return err;
}

int vfs_mount_kernel(const char *source, const char *target, const char *type,
		     unsigned long flags, const char *data)
{
	char *path = getname_kernel(target), *copy = NULL;
	int err;

	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	if (data && !(copy = kstrdup(data))) {
		putname(path);
		return -ENOMEM;
	}
	err = mount_on_path(source, path, type, flags, copy);
	putname(path);
	kfree(copy);
	return err;
}

/* ---- unmounting --------------------------------------------------------- */

void mount_detach(struct mount *m)
{
	if (m->mountpoint)
		mount_unhook(m);
	list_del(&m->link);
	m->ns = NULL;
	mount_make_private(m);
	if (m->sb->mnt == m)
		m->sb->mnt = NULL;
	inode_put(m->mountpoint);
	mount_put(m->parent);
	m->parent = NULL;
	m->mountpoint = NULL;
	mount_put(m);                   /* the table's reference */
}

/*
 * The same, and the mounts the umount propagates to (every one of them
 * receives from m's parent, so one pass from there finds them all).
 * Walks and files in them keep what they use.
 */
static void umount_one(struct mount *m)
{
	struct mount *parent = mount_get(m->parent), *c;
	struct inode *mp = inode_get(m->mountpoint);

	mount_detach(m);
	while ((c = mount_peer_copy(parent, mp)))
		mount_detach(c);
	inode_put(mp);
	mount_put(parent);
}

/*
 * MNT_DETACH: m and every mount below it, leaves first (no recursion);
 * a leaf's umount may propagate to m itself.
 */
static void umount_tree(struct mount *m)
{
	struct mount *c, *leaf;

	mount_get(m);
	while (m->mountpoint) {
		for (leaf = m; (c = mount_first_child(leaf)); leaf = c)
			;
		umount_one(leaf);
	}
	mount_put(m);
}

/*
 * Is m in use beyond the mount table's reference and the caller's walk
 * (propagate_mount_busy), or, as its superblock's last mount, its file
 * system beyond m's root and the walk's?
 */
static bool umount_busy(struct mount *m)
{
	if (mount_first_child(m) || m->refs > 2)
		return true;
	if (mount_peer_copies_busy(m->parent, m->mountpoint))
		return true;
	return m->sb->mounts == 1 && m->root == m->sb->root &&
	       m->type->busy(m->sb, 2);
}

static int do_umount(struct mount *m, int flags)
{
	if (!cred_privileged())
		return -EPERM;          /* can_umount: may_mount() first */
	mount_reap();
	if (!mount_attached(m) || !m->mountpoint)
		return -EINVAL;         /* not a mount, or "/": Linux says EINVAL too */
	if (flags & MNT_DETACH) {
		umount_tree(m);
		return 0;
	}
	if (umount_busy(m))
		return -EBUSY;
	umount_one(m);
	return 0;
}

long sys_umount2(const char __user *target, int flags)
{
	struct walk w;
	char *path;
	long err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	path = getname(target);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = walk_path(AT_FDCWD, path,
			(flags & UMOUNT_NOFOLLOW) ? 0 : WALK_FOLLOW, &w);
	putname(path);
	if (err)
		return err;
	if (flags & MNT_EXPIRE) {
		/* Marking for expiry needs a timer-driven reaper we lack. */
		printk_once("umount2: MNT_EXPIRE is not supported\n");
		err = -EINVAL;
	} else {
		err = do_umount(mount_at(&w), flags);
	}
	walk_done(&w);
	return err;
}

void mount_show_filesystems(struct seqbuf *m)
{
	const struct fs_type *t;

	for (size_t i = 0; i < ARRAY_SIZE(builtin_types); i++)
		seq_printf(m, "%s\t%s\n", builtin_types[i]->nodev ? "nodev" : "",
			   builtin_types[i]->name);
	for (t = extra_types; t; t = t->next)
		seq_printf(m, "%s\t%s\n", t->nodev ? "nodev" : "", t->name);
}
