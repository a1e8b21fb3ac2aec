// SPDX-License-Identifier: MIT
/*
 * mount.c - mount(2), umount2(2) and the mount table behind /proc/mounts
 * and /proc/<pid>/mountinfo (mount_internal.h describes the model).
 *
 * mount(2) follows Linux's fs/namespace.c path_mount(): the strings are
 * copied in (EFAULT), the target is walked (ENOENT, ENOTDIR, ...), then
 * MS_REMOUNT changes an existing mount's flags and options, MS_MOVE moves
 * one, MS_PRIVATE/MS_SLAVE/MS_UNBINDABLE are accepted (no mount is ever
 * shared, so every one already is all three), and anything else makes a
 * new mount: unknown type ENODEV, bad option EINVAL, target not a
 * directory ENOTDIR.  Shared subtrees are refused with EINVAL.
 *
 * MS_BIND shows a directory or a file at another path too: a struct mount
 * with its own root and mount point, kept on the mount point's inode by
 * the bind mount the mount point was reached through (its parent).  The
 * walk carries the bind mount it is in (namei.c), so ".." at a bind's root
 * leads to its mount point's parent, and /proc/mounts names the mount
 * point by that route.  A bind takes its source mount's name, type and
 * flags.  Every mount records the bind mount its mount point was reached
 * through (superblock.covered_via), and a walk crosses only the mounts
 * made where it is, or, in an MS_REC bind, where its source was (no
 * copies are made: /proc/mounts lists such submounts once, under the
 * source, and umount through the bind takes the source's one).  Flags are
 * enforced per superblock, so remounting a bind mount (remount,bind,ro)
 * is refused with EINVAL, as is moving one.
 *
 * The mount flags are shown in /proc/mounts and copied into the
 * superblock, where the VFS enforces them: ro (EROFS), nodev (EACCES on
 * opening a device), noexec (EACCES on execve, EPERM on PROT_EXEC maps),
 * nosuid (set-ID bits ignored by execve), noatime and nodiratime (reads
 * leave atime; relatime is the rule otherwise, strictatime is recorded).
 * A remount read-only while a file is open for writing there is EBUSY.
 *
 * umount2(2) of a bind mount takes it (and the binds made through it)
 * out of the name space; a walk or open file in it keeps what it uses.
 * Other mounts: umount2(2) takes a mount's root (EINVAL otherwise) and
 * refuses while anything uses the file system (EBUSY): a file, a cwd, a
 * mapping, a mount below it; the file system's busy() decides by its
 * inodes' reference counts, as Linux does by its mount's.  MNT_DETACH
 * takes a busy mount (and the mounts below it) out of the name space at
 * once; such a file system is freed at a later mount, umount or read of
 * the mount table that finds it no longer used.
 */
#include "fs/mount_internal.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

#define MOUNT_DATA_MAX PAGE_SIZE

static struct list_head mounts = LIST_HEAD_INIT(mounts);
static struct mount root_mount;
static char rootfs_name[] = "rootfs";
static int next_mount_id = 1;

/* /proc/filesystems order is Linux's registration order. */
static struct fs_type *const builtin_types[] = {
	&sysfs_fs_type, &tmpfs_fs_type, &proc_fs_type, &devtmpfs_fs_type,
};
static struct fs_type *extra_types;

static void reap_detached(void);

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

/* The root file system is the first entry, made on first use. */
struct list_head *mount_table(void)
{
	if (list_empty(&mounts)) {
		root_mount.id = next_mount_id++;
		root_mount.sb = vfs_root_sb;
		root_mount.type = &rootfs_fs_type;
		root_mount.source = rootfs_name;
		list_add_tail(&root_mount.link, &mounts);
	}
	return &mounts;
}

struct mount *mount_of_sb(struct superblock *sb)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *m = list_entry(l, struct mount, link);
		if (m->sb == sb && !m->root)
			return m;
	}
	return NULL;
}


/* The mount whose root dir is, or NULL when dir is no mount's root. */
static struct mount *mount_at(struct inode *dir)
{
	return dir == dir->sb->root ? mount_of_sb(dir->sb) : NULL;
}

static struct mount *mount_parent(struct mount *m)
{
	struct inode *mp = m->root ? m->mountpoint : m->sb->covered;

	if (m->parent)
		return m->parent;
	return mp ? mount_of_sb(mp->sb) : NULL;
}

/* The bind mount whose root the walk ended on, or NULL. */
static struct mount *bind_at(struct walk *w)
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

static bool mount_rdonly(struct mount *mnt)
{
	return (mnt->mnt_flags & MNT_READONLY) || (mnt->sb_flags & MS_RDONLY);
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
	if (!m->root)
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
static int new_mount_context(struct fs_context *fc, struct inode *dir,
			     const char *typename, unsigned long flags,
			     const char *source, char *data)
{
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
	top = mount_at(dir);
	if (top && top->type == fc->type && fc->type->single)
		return -EBUSY;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->nlink == 0)
		return -ENOENT;         /* a removed directory (cant_mount) */
	return 0;
}

static int do_new_mount(struct walk *at, const char *typename,
			unsigned long flags, const char *source, char *data)
{
	struct inode *dir = at->inode;
	struct fs_context fc = { 0 };
	struct superblock *sb;
	struct mount *m;
	int err;

	err = new_mount_context(&fc, dir, typename, flags, source, data);
	if (err)
		return err;
	m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	mount_table();                  /* the root's entry (and ID) come first */
	m->source = kstrdup(fc.source);
	if (!m->source) {
		err = -ENOMEM;
		goto out_free_m;
	}
	err = fc.type->get_tree(&fc, &sb);
	if (err)
		goto out_free_source;
	err = vfs_mount_via(dir, sb, at->mnt);
	if (err)
		goto out_kill;
	m->id = next_mount_id++;
	m->sb = sb;
	m->type = fc.type;
	m->parent = mount_get(at->mnt);
	mount_set_flags(m, mnt_flags_of(flags), fc.sb_flags);
	list_add_tail(&m->link, mount_table());
	return 0;

out_kill:
	fc.type->kill(sb);
out_free_source:
	kfree(m->source);
out_free_m:
	kfree(m);
	return err;
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
 * Regular files open for writing through m: a bind's own count, or for a
 * superblock's own mount those not opened through a bind of it.
 */
static unsigned mount_writers(struct mount *m)
{
	return m->root ? m->writers : m->sb->own_writers;
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

	if (!m)
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

	if (!m)
		return -EINVAL;
	mnt_flags = remount_mnt_flags(m, flags);
	err = may_set_flags(m, mnt_flags, m->sb_flags);
	if (!err)
		mount_set_flags(m, mnt_flags, m->sb_flags);
	return err;
}

/* MS_PRIVATE and friends: exactly one propagation type. */
static int do_change_type(bool is_mount, unsigned long flags)
{
	unsigned long type = flags & ~(MS_REC | MS_SILENT);

	if (!is_mount)
		return -EINVAL;
	if (type != MS_PRIVATE && type != MS_SLAVE && type != MS_UNBINDABLE &&
	    type != MS_SHARED)
		return -EINVAL;
	if (type == MS_SHARED) {
		printk_once("mount: shared subtrees (MS_SHARED) are not supported\n");
		return -EINVAL;
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

/* Put a bind mount on top of dir's (its new mount point: a reference). */
static void bind_hook(struct mount *m, struct inode *dir)
{
	m->mountpoint = inode_get(dir);
	m->next_bind = dir->binds;
	dir->binds = m;
}

/* Take a bind mount off its mount point's list. */
static void bind_unhook(struct mount *m)
{
	struct mount **p;

	for (p = &m->mountpoint->binds; *p != m; p = &(*p)->next_bind)
		;
	*p = m->next_bind;
}

/* A file's bind names its new mount point by directory and name. */
static int move_bind_names(struct mount *m, struct walk *at)
{
	char *name;

	if (!m->mp_dir)
		return 0;
	if (!at->dir)
		return -EINVAL;
	name = kstrdup(at->last);
	if (!name)
		return -ENOMEM;
	kfree(m->mp_name);
	m->mp_name = name;
	inode_put(m->mp_dir);
	m->mp_dir = inode_get(at->dir);
	return 0;
}

/* MS_MOVE of a bind mount: off its mount point onto at's object. */
static int move_bind(struct mount *m, struct walk *at)
{
	struct inode *dir = at->inode;
	struct mount *p;
	int err;

	if (S_ISDIR(dir->mode) != S_ISDIR(m->root->mode))
		return -ENOTDIR;
	for (p = at->mnt; p; p = mount_parent(p))
		if (p == m)
			return -ELOOP;  /* into itself */
	err = move_bind_names(m, at);
	if (err)
		return err;
	bind_unhook(m);
	inode_put(m->mountpoint);
	bind_hook(m, dir);
	mount_put(m->parent);
	m->parent = mount_get(at->mnt);
	return 0;
}

/* MS_MOVE: the mount at source now covers dir. */
static int do_move(struct walk *at, const char *source)
{
	struct inode *dir = at->inode;
	struct mount *m, *p;
	struct inode *covered;
	struct walk w;
	int err;

	err = walk_source(source, &w);
	if (err)
		return err;
	if (bind_at(&w)) {
		err = move_bind(bind_at(&w), at);
		walk_done(&w);
		return err;
	}
	m = mount_at(w.inode);
	walk_done(&w);
	if (!m || !m->sb->covered)
		return -EINVAL;
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	for (p = mount_of_sb(dir->sb); p; p = mount_parent(p))
		if (p == m)
			return -ELOOP;  /* into itself */
	covered = m->sb->covered;
	vfs_uncover(m->sb);
	m->sb->covered = NULL;
	err = vfs_mount_via(dir, m->sb, at->mnt);
	if (err)
		vfs_mount_via(covered, m->sb, m->parent);  /* back where it was */
	inode_put(covered);
	if (err)
		return err;
	mount_put(m->parent);
	m->parent = mount_get(at->mnt);
	return 0;
}

/*
 * The source of a bind mount: the mount it shows a part of, the one the
 * walk came through or else its superblock's own.
 */
static struct mount *bind_source(struct walk *src)
{
	return src->mnt ? src->mnt : mount_of_sb(src->inode->sb);
}

/* A file's bind names its mount point and root by directory and name. */
static bool bind_names(struct mount *m, struct walk *src, struct walk *at)
{
	if (S_ISDIR(m->root->mode) || !src->dir || !at->dir)
		return true;
	m->root_dir = inode_get(src->dir);
	m->mp_dir = inode_get(at->dir);
	m->root_name = kstrdup(src->last);
	m->mp_name = kstrdup(at->last);
	return m->root_name && m->mp_name;
}

/* The bind mount's record: the source's type, name and flags. */
static struct mount *bind_new(struct mount *from, struct walk *src,
			      struct walk *at)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		return NULL;
	m->refs = 1;                    /* the mount table's */
	m->sb = src->inode->sb;
	m->type = from->type;
	m->mnt_flags = from->mnt_flags;
	m->sb_flags = from->sb_flags;
	m->root = inode_get(src->inode);
	m->source = kstrdup(from->source);
	if (!m->source || !bind_names(m, src, at)) {
		mount_put(m);
		return NULL;
	}
	return m;
}

/*
 * MS_BIND: the directory or file at source shows at dir too (do_loopback).
 * The submounts of a mounted file system come along with or without MS_REC
 * (mounts are kept by their mount point's inode); bind mounts below the
 * source do not.
 */
static int do_bind(struct walk *at, const char *source, bool rec)
{
	struct inode *dir = at->inode;
	struct mount *from, *m;
	struct walk src;
	int err;

	err = walk_source(source, &src);
	if (err)
		return err;
	from = bind_source(&src);
	if (!from)
		err = -EINVAL;
	else if (S_ISDIR(dir->mode) != S_ISDIR(src.inode->mode))
		err = -ENOTDIR;         /* graft_tree */
	else if (dir->nlink == 0)
		err = -ENOENT;
	else if (!(m = bind_new(from, &src, at)))
		err = -ENOMEM;
	if (!err) {
		mount_table();
		m->id = next_mount_id++;
		bind_hook(m, dir);
		m->parent = mount_get(at->mnt);
		m->rec = rec;
		m->src = mount_get(src.mnt);
		list_add_tail(&m->link, mount_table());
	}
	walk_done(&src);
	return err;
}

/* The mount a remount acts on: the one whose root the walk ended on. */
static struct mount *remount_target(struct walk *at)
{
	struct mount *b = bind_at(at);

	return b ? b : mount_at(at->inode);
}

static int path_mount(const char *source, struct walk *at, const char *type,
		      unsigned long flags, char *data)
{
	struct inode *dir = at->inode;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_NOUSER)
		return -EINVAL;
	if (!cred_privileged())
		return -EPERM;          /* CAP_SYS_ADMIN (may_mount) */
	reap_detached();
	if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
		return do_reconfigure_mnt(remount_target(at), flags);
	if (flags & MS_REMOUNT)
		return do_remount(remount_target(at), flags, data);
	if (flags & MS_BIND)
		return do_bind(at, source, flags & MS_REC);
	if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		return do_change_type(bind_at(at) || mount_at(dir), flags);
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

static void mount_free(struct mount *m)
{
	mount_put(m->parent);
	kfree(m->source);
	kfree(m);
}

/* Take m out of the name space: no walk reaches it any more. */
static void detach(struct mount *m)
{
	struct inode *covered = m->sb->covered;

	vfs_uncover(m->sb);
	m->sb->covered = NULL;
	inode_put(covered);
	list_del(&m->link);
}

/*
 * Lazily detached file systems still in use, with their covered
 * references: freed by reap_detached once nothing uses them.
 */
static struct list_head detached = LIST_HEAD_INIT(detached);

static void reap_detached(void)
{
	bool freed = true;

	while (freed) {
		struct list_head *l, *n;

		freed = false;
		list_for_each_safe(l, n, &detached) {
			struct mount *m = list_entry(l, struct mount, link);

			if (m->type->busy(m->sb, 0))
				continue;
			list_del(&m->link);
			inode_put(m->sb->covered);
			m->sb->covered = NULL;
			m->type->kill(m->sb);
			mount_free(m);
			freed = true;   /* its covered inode may free another */
		}
	}
}

static struct mount *first_child(struct mount *m)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *c = list_entry(l, struct mount, link);
		if (mount_parent(c) == m)
			return c;
	}
	return NULL;
}

static void detach_lazy(struct mount *m);
static void unbind(struct mount *m);

/* References to m from other mounts (binds made from it, mounts on it). */
static unsigned mount_ties(struct mount *m, struct list_head *list)
{
	struct list_head *l;
	unsigned n = 0;

	list_for_each(l, list) {
		struct mount *c = list_entry(l, struct mount, link);
		n += (c->src == m) + (c->parent == m);
	}
	return n;
}

/*
 * Is a bind mount in use: an open file, a cwd or root, a walk other than
 * the caller's (extra references) beside the mount table's and other
 * mounts' (propagate_mount_busy)?
 */
static bool bind_busy(struct mount *m, unsigned extra)
{
	return m->refs > 1 + extra + mount_ties(m, mount_table()) +
	       mount_ties(m, &detached);
}

/*
 * umount of a bind mount: EBUSY with mounts on it or while something uses
 * it, unless MNT_DETACH; what is open in it keeps its records then.
 */
static int umount_bind(struct mount *m, int flags)
{
	if (!cred_privileged())
		return -EPERM;
	if (!(flags & MNT_DETACH) && (first_child(m) || bind_busy(m, 1)))
		return -EBUSY;
	unbind(m);
	return 0;
}

static void detach_child(struct mount *c)
{
	if (c->root)
		unbind(c);
	else
		detach_lazy(c);
}

/*
 * A bind mount and the mounts made through it leave the name space; walks
 * in them keep their records until they are done.
 */
static void unbind(struct mount *m)
{
	struct mount *c;

	while ((c = first_child(m)))
		detach_child(c);
	bind_unhook(m);
	list_del(&m->link);
	mount_put(m);
}


/*
 * MNT_DETACH: m and every mount below it leave the name space now; those
 * in use wait on the detached list (their ".." still leads where it did).
 */
static void detach_lazy(struct mount *m)
{
	struct mount *c;

	while ((c = first_child(m)))
		detach_child(c);
	if (m->type->busy(m->sb, 0)) {
		vfs_uncover(m->sb);
		list_del(&m->link);
		list_add_tail(&m->link, &detached);
		return;
	}
	detach(m);
	m->type->kill(m->sb);
	mount_free(m);
}

static int do_umount(struct inode *root, int flags)
{
	struct mount *m;

	if (!cred_privileged())
		return -EPERM;          /* can_umount: may_mount() first */
	reap_detached();
	m = mount_at(root);
	if (!m)
		return -EINVAL;
	if (!m->sb->covered)
		return -EINVAL;         /* the root file system stays (Linux: EINVAL too) */
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	if (flags & MNT_DETACH) {
		inode_put(root);
		detach_lazy(m);
		return 0;
	}
	if (m->type->busy(m->sb, 1))
		return -EBUSY;
	inode_put(root);
	detach(m);
	m->type->kill(m->sb);
	mount_free(m);
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
	} else if (bind_at(&w)) {
		err = umount_bind(bind_at(&w), flags);
	} else {
		err = do_umount(w.inode, flags);
		if (!err)
			w.inode = NULL; /* do_umount dropped it */
	}
	walk_done(&w);
	return err;
}

/* ---- listings ----------------------------------------------------------- */

/* Spaces, tabs, newlines and backslashes as octal escapes (mangle()). */
static void seq_escaped(struct seqbuf *m, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\') {
			char esc[5] = { '\\', (char)('0' + ((*s >> 6) & 7)),
					(char)('0' + ((*s >> 3) & 7)),
					(char)('0' + (*s & 7)), 0 };
			seq_puts(m, esc);
		} else {
			seq_write(m, s, 1);
		}
	}
}

/*
 * dir's path, then name when given: as the reader sees it through ctx, or
 * inside its own file system.
 */
static bool seq_path(struct seqbuf *m, struct mount *ctx, struct inode *dir,
		     const char *name, bool in_sb)
{
	char *buf = kmalloc(PATH_MAX), *start;
	bool ok;

	if (!buf) {
		m->failed = true;
		return false;
	}
	if (in_sb)
		ok = vfs_path_in_sb(dir, buf, &start) == 0;
	else
		ok = vfs_path_in(ctx, dir, buf, &start) == 0;
	if (ok)
		seq_escaped(m, start);
	if (ok && name) {
		if (strcmp(start, "/"))
			seq_puts(m, "/");
		seq_escaped(m, name);
	}
	kfree(buf);
	return ok;
}

/* Where m is mounted, as the reader sees it; false when not reachable. */
static bool seq_mountpoint(struct seqbuf *m, struct mount *mnt)
{
	if (mnt->mp_dir)
		return seq_path(m, mnt->parent, mnt->mp_dir, mnt->mp_name, false);
	if (mnt->root)
		return seq_path(m, mnt->parent, mnt->mountpoint, NULL, false);
	if (!mnt->sb->covered) {
		seq_puts(m, "/");
		return true;
	}
	return seq_path(m, mnt->parent, mnt->sb->covered, NULL, false);
}

/* mountinfo's root: where in its file system a bind mount starts, then " ". */
static bool seq_root(struct seqbuf *m, struct mount *mnt)
{
	if (mnt->root_dir) {
		if (!seq_path(m, NULL, mnt->root_dir, mnt->root_name, true))
			return false;
	} else if (mnt->root && !seq_path(m, NULL, mnt->root, NULL, true)) {
		return false;
	}
	seq_puts(m, mnt->root ? " " : "/ ");
	return true;
}

static void seq_sb_opts(struct seqbuf *m, struct mount *mnt)
{
	if (mnt->sb_flags & MS_SYNCHRONOUS)
		seq_puts(m, ",sync");
	if (mnt->sb_flags & MS_DIRSYNC)
		seq_puts(m, ",dirsync");
	if (mnt->sb_flags & MS_MANDLOCK)
		seq_puts(m, ",mand");
	if (mnt->sb_flags & MS_LAZYTIME)
		seq_puts(m, ",lazytime");
}

static void seq_mnt_opts(struct seqbuf *m, struct mount *mnt)
{
	static const struct {
		unsigned flag;
		const char *name;
	} opts[] = {
		{ MNT_NOSUID, ",nosuid" }, { MNT_NODEV, ",nodev" },
		{ MNT_NOEXEC, ",noexec" }, { MNT_NOATIME, ",noatime" },
		{ MNT_NODIRATIME, ",nodiratime" }, { MNT_RELATIME, ",relatime" },
		{ MNT_NOSYMFOLLOW, ",nosymfollow" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (mnt->mnt_flags & opts[i].flag)
			seq_puts(m, opts[i].name);
}

/* "source mountpoint type options 0 0" (show_vfsmnt). */
void mount_show_mounts(struct seqbuf *m)
{
	struct list_head *l;

	reap_detached();
	list_for_each(l, mount_table()) {
		struct mount *mnt = list_entry(l, struct mount, link);
		size_t at = m->len;

		seq_escaped(m, mnt->source);
		seq_puts(m, " ");
		if (!seq_mountpoint(m, mnt)) {
			m->len = at;
			continue;
		}
		seq_printf(m, " %s %s", mnt->type->name,
			   mount_rdonly(mnt) ? "ro" : "rw");
		seq_sb_opts(m, mnt);
		seq_mnt_opts(m, mnt);
		if (mnt->type->show_options)
			mnt->type->show_options(m, mnt->sb);
		seq_puts(m, " 0 0\n");
	}
}

/*
 * "id parent major:minor root mountpoint mount-options - type source
 * super-options" (show_mountinfo); the root's parent is itself.
 */
void mount_show_mountinfo(struct seqbuf *m)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *mnt = list_entry(l, struct mount, link);
		struct mount *parent = mount_parent(mnt);
		size_t at = m->len;

		seq_printf(m, "%d %d %u:%u ", mnt->id,
			   parent ? parent->id : mnt->id,
			   (unsigned)DEV_MAJOR(mnt->sb->dev),
			   (unsigned)DEV_MINOR(mnt->sb->dev));
		if (!seq_root(m, mnt) || !seq_mountpoint(m, mnt)) {
			m->len = at;
			continue;
		}
		seq_puts(m, (mnt->mnt_flags & MNT_READONLY) ? " ro" : " rw");
		seq_mnt_opts(m, mnt);
		seq_printf(m, " - %s ", mnt->type->name);
		seq_escaped(m, mnt->source);
		seq_puts(m, (mnt->sb_flags & MS_RDONLY) ? " ro" : " rw");
		seq_sb_opts(m, mnt);
		if (mnt->type->show_options)
			mnt->type->show_options(m, mnt->sb);
		seq_puts(m, "\n");
	}
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
