// SPDX-License-Identifier: MIT
/*
 * namei.c - the path walk: from a path string to an inode.
 *
 * Follows path_resolution(7): absolute paths start at the process root and
 * ignore dirfd; relative ones at the cwd or at dirfd (which must be a
 * directory: ENOTDIR).  "." stays, ".." climbs (never above the process
 * root, and out of a mounted file system through its mount point).  Every
 * component but the last must be a directory (ENOTDIR); symlinks met on the
 * way are followed, the last one only when asked (WALK_FOLLOW) or when a
 * trailing slash forces it; more than 40 in one walk gives ELOOP (Linux's
 * MAXSYMLINKS).  A component over NAME_MAX bytes gives ENAMETOOLONG when it
 * is looked up, as Linux's file systems do; a path of PATH_MAX bytes or more
 * is refused when copied in.
 *
 * Symlinks are spliced into the path text: the link's target followed by
 * what remained after it goes into a second PATH_MAX buffer, and the walk
 * goes on there.  So the walk is a loop with no recursion.  Magic links
 * (procfs's fd/N, cwd, root, exe: inode_ops.follow) are not text: the walk
 * jumps to the object they lead to.
 *
 * Paths back from objects: getcwd and vfs_path_of climb ".." and look each
 * directory's name up in its parent; file_path names an open file by the
 * directory and name it was opened with (open.c records them).
 */
#include "fs/mount_internal.h"
#include "kernel/mm.h"
#include "kernel/uaccess.h"

#define MAX_SYMLINKS 40

struct walker {
	struct fs_state *fs;
	const char *p;          /* what is left to walk */
	char *path;             /* the buffer p points into */
	char *spare;            /* the other buffer */
	char *alloc;            /* the buffer we allocated (on the first link) */
	struct inode *cur;      /* directory we are in (ref) */
	struct mount *mnt;      /* the mount cur is in (ref) */
	unsigned links;
	/* Where a magic link that ended the path was opened (dir: ref). */
	struct inode *jump_dir;
	char jump_name[NAME_MAX + 1];
};

char *getname(const char __user *upath)
{
	char *buf = kmalloc(PATH_MAX);
	long n;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(buf, upath, PATH_MAX);
	if (n < 0) {
		kfree(buf);
		return ERR_PTR(n);
	}
	return buf;
}

char *getname_kernel(const char *path)
{
	size_t n = strnlen(path, PATH_MAX);
	char *buf;

	if (n >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	memcpy(buf, path, n + 1);
	return buf;
}

void putname(char *name)
{
	kfree(name);
}

/*
 * Switch the walk's mount to m (a new reference is taken); the walk enters
 * or leaves a mount.
 */
static void set_mnt(struct mount **mnt, struct mount *m)
{
	m = mount_get(m);
	mount_put(*mnt);
	*mnt = m;
}

/* Is dir the root of the mount *mnt (or, with none, of its file system)? */
static bool at_mount_root(struct mount *mnt, struct inode *dir)
{
	return mnt ? dir == mnt->root : dir == dir->sb->root;
}

/*
 * ".." from dir: stays at the process root and at the root of a mount that
 * is mounted nowhere, leaves mounts through their mount points.  *mnt is
 * the mount dir is in (updated).
 */
static int lookup_dotdot(struct fs_state *fs, struct mount **mnt,
			 struct inode *dir, struct inode **out)
{
	struct mount *root_mnt = mnt_of(fs->root_mnt, fs->root);

	while (at_mount_root(*mnt, dir)) {
		if ((dir == fs->root && *mnt == root_mnt) ||
		    !*mnt || !(*mnt)->mountpoint) {
			*out = inode_get(dir);
			return 0;
		}
		dir = (*mnt)->mountpoint;       /* the parent holds a ref */
		set_mnt(mnt, (*mnt)->parent);
	}
	if (dir == fs->root && *mnt == root_mnt) {
		*out = inode_get(dir);
		return 0;
	}
	return dir->ops->lookup(dir, "..", 2, out);
}

/* Step into what is mounted on child (consumes and returns a reference). */
static struct inode *cross_mounts(struct mount **mnt, struct inode *child)
{
	struct mount *m;

	while (child->mounts && (m = mount_lookup(*mnt, child))) {
		struct inode *next = inode_get(m->root);

		set_mnt(mnt, m);
		inode_put(child);
		child = next;
	}
	return child;
}

/* One step from dir in the mount *mnt (which the step may change). */
static int lookup_in(struct mount **mnt, struct inode *dir, const char *name,
		     size_t len, struct inode **out)
{
	struct inode *child;
	int err;

	switch (path_component_type(name, len)) {
	case PATH_DOT:
		*out = inode_get(dir);
		return 0;
	case PATH_DOTDOT:
		return lookup_dotdot(vfs_fs(), mnt, dir, out);
	}
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	err = inode_permission(dir, MAY_EXEC);
	if (err)
		return err;
	err = dir->ops->lookup(dir, name, len, &child);
	if (err)
		return err;
	*out = cross_mounts(mnt, child);
	return 0;
}

int vfs_lookup(struct inode *dir, const char *name, size_t len,
	       struct inode **out)
{
	struct mount *mnt = mount_get(mnt_of(NULL, dir));
	int err = lookup_in(&mnt, dir, name, len, out);

	mount_put(mnt);
	return err;
}

/* Where a walk begins; an empty path with WALK_EMPTY ends it there. */
static int walk_start(struct walker *k, int dirfd, unsigned flags,
		      struct walk *w)
{
	struct inode *start;
	struct file *f;

	if (k->p[0] == '/') {
		k->cur = inode_get(k->fs->root);
		k->mnt = mount_get(mnt_of(k->fs->root_mnt, k->cur));
		return 0;
	}
	if (!k->p[0] && !(flags & WALK_EMPTY))
		return -ENOENT;
	if (dirfd == AT_FDCWD) {
		start = k->fs->cwd;
		k->mnt = mount_get(mnt_of(k->fs->cwd_mnt, start));
	} else {
		f = fd_lookup(dirfd);
		if (!f)
			return -EBADF;
		start = f->inode;
		if (!start)
			return -ENOTDIR;        /* a file with no inode behind it */
		k->mnt = mount_get(mnt_of(f->mnt, start));
	}
	if (!k->p[0]) {
		w->inode = inode_get(start);
		w->mnt = k->mnt;
		k->mnt = NULL;
		w->last_type = LAST_ROOT;
		return 1;
	}
	if (!S_ISDIR(start->mode))
		return -ENOTDIR;
	k->cur = inode_get(start);
	return 0;
}

/*
 * A magic link: the walk goes on from the object itself.  When the path
 * ends there, the object is the result, named as where it was opened.
 */
static int follow_jump(struct walker *k, struct inode *link)
{
	struct link_target t = { 0 };
	int err = link->ops->follow(link, &t);

	if (err)
		return err;
	if (*k->p && !S_ISDIR(t.inode->mode)) {
		inode_put(t.inode);
		inode_put(t.dir);
		mount_put(t.mnt);
		return -ENOTDIR;        /* "fd/3/" on a file */
	}
	inode_put(k->cur);
	k->cur = t.inode;
	set_mnt(&k->mnt, mnt_of(t.mnt, t.inode));
	mount_put(t.mnt);
	k->jump_dir = t.dir;
	memcpy(k->jump_name, t.name, sizeof(t.name));
	return 0;
}

/* Replace the link at the walk's position by its target. */
static int follow_link(struct walker *k, struct inode *link)
{
	ssize_t n;
	char *tmp;
	int err;

	if (++k->links > MAX_SYMLINKS)
		return -ELOOP;
	if (link->ops->follow)
		return follow_jump(k, link);
	if (!k->alloc) {
		k->alloc = k->spare = kmalloc(PATH_MAX);
		if (!k->alloc)
			return -ENOMEM;
	}
	n = link->ops->readlink(link, k->spare, PATH_MAX);
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	err = path_splice(k->spare, PATH_MAX, k->spare, (size_t)n, k->p);
	if (err)
		return err;
	tmp = k->path;
	k->path = k->spare;
	k->spare = tmp;
	k->p = k->path;
	if (k->p[0] == '/') {
		inode_put(k->cur);
		k->cur = inode_get(k->fs->root);
		set_mnt(&k->mnt, mnt_of(k->fs->root_mnt, k->cur));
	}
	return 0;
}

/*
 * The last component: fill w.  Returns 0 when done, 1 when the component
 * was a symlink to follow (child is then still referenced in *link).
 */
static int walk_last(struct walker *k, const char *name, size_t len,
		     unsigned flags, struct walk *w, struct inode **link)
{
	struct inode *child;
	bool follow;
	int err;

	w->slash = *k->p == '/';
	w->last_type = path_component_type(name, len);
	err = lookup_in(&k->mnt, k->cur, name, len, &child);
	if (err == -ENOENT && (flags & WALK_PARENT))
		child = NULL;
	else if (err)
		return err;
	follow = child && S_ISLNK(child->mode) &&
		 ((flags & WALK_FOLLOW) || (w->slash && !(flags & WALK_PARENT)));
	if (follow) {
		*link = child;
		return 1;
	}
	if (child && w->slash && !(flags & WALK_PARENT) && !S_ISDIR(child->mode)) {
		inode_put(child);
		return -ENOTDIR;
	}
	memcpy(w->last, name, len);     /* len <= NAME_MAX: lookup checked */
	w->last[len] = '\0';
	w->last_len = len;
	w->dir = k->cur;
	w->inode = child;
	w->mnt = k->mnt;
	k->cur = NULL;
	k->mnt = NULL;
	return 0;
}

/* Only slashes left: "/" itself, a link to "/", or a magic link's object. */
static void walk_end_at(struct walker *k, struct walk *w)
{
	w->last_type = LAST_ROOT;
	w->inode = k->cur;
	w->mnt = k->mnt;
	k->mnt = NULL;
	if (k->jump_dir) {
		w->last_type = LAST_NORM;
		w->dir = k->jump_dir;
		w->last_len = strlen(k->jump_name);
		memcpy(w->last, k->jump_name, w->last_len + 1);
		k->jump_dir = NULL;
	} else {
		w->dir = inode_get(k->cur);
	}
	k->cur = NULL;
}

static int walk_loop(struct walker *k, unsigned flags, struct walk *w)
{
	for (;;) {
		struct inode *child;
		const char *name;
		size_t len;
		int err;

		if (!path_next(&k->p, &name, &len)) {
			walk_end_at(k, w);
			return 0;
		}
		inode_put(k->jump_dir);
		k->jump_dir = NULL;
		if (!S_ISDIR(k->cur->mode))
			return -ENOTDIR;
		if (path_at_end(k->p)) {
			err = walk_last(k, name, len, flags, w, &child);
			if (err <= 0)
				return err;
		} else {
			err = lookup_in(&k->mnt, k->cur, name, len, &child);
			if (err)
				return err;
			if (!S_ISLNK(child->mode)) {
				inode_put(k->cur);
				k->cur = child;
				continue;
			}
		}
		err = follow_link(k, child);
		inode_put(child);
		if (err)
			return err;
	}
}

int walk_path(int dirfd, char *path, unsigned flags, struct walk *w)
{
	struct walker k = { .fs = vfs_fs(), .p = path, .path = path };
	int err;

	memset(w, 0, sizeof(*w));
	err = walk_start(&k, dirfd, flags, w);
	if (err == 0)
		err = walk_loop(&k, flags, w);
	inode_put(k.cur);
	mount_put(k.mnt);
	inode_put(k.jump_dir);
	kfree(k.alloc);
	if (err < 0) {
		walk_done(w);
		return err;
	}
	return 0;
}

void walk_done(struct walk *w)
{
	inode_put(w->dir);
	inode_put(w->inode);
	mount_put(w->mnt);
	w->dir = w->inode = NULL;
	w->mnt = NULL;
}

bool walk_mountpoint(const struct walk *w)
{
	return is_mountpoint(w->inode) || (w->mnt && w->mnt->root == w->inode);
}

/* The object and, when mnt is not NULL, the mount it is in. */
static int walk_path_obj(int dirfd, char *path, unsigned flags,
			 struct inode **out, struct mount **mnt)
{
	struct walk w;
	int err;

	err = walk_path(dirfd, path, flags & ~WALK_PARENT, &w);
	if (err)
		return err;
	*out = w.inode;
	w.inode = NULL;
	if (mnt) {
		*mnt = w.mnt;
		w.mnt = NULL;
	}
	walk_done(&w);
	return 0;
}

int walk_path_inode(int dirfd, char *path, unsigned flags, struct inode **out)
{
	return walk_path_obj(dirfd, path, flags, out, NULL);
}

int walk_user(int dirfd, const char __user *upath, unsigned flags,
	      struct inode **out)
{
	return walk_user_mnt(dirfd, upath, flags, out, NULL);
}

int walk_user_mnt(int dirfd, const char __user *upath, unsigned flags,
		  struct inode **out, struct mount **mnt)
{
	char *path = getname(upath);
	int err;

	if (IS_ERR(path))
		return (int)PTR_ERR(path);
	err = walk_path_obj(dirfd, path, flags, out, mnt);
	putname(path);
	return err;
}

/* getcwd: find the name under which dir lists the inode number ino. */
struct find_ctx {
	struct dir_ctx ctx;
	uint64_t ino;
	char *name;
	size_t len;
	bool found;
};

static bool find_emit(struct dir_ctx *ctx, const char *name, size_t len,
		      uint64_t ino, unsigned dtype __unused, off_t next __unused)
{
	struct find_ctx *fc = container_of(ctx, struct find_ctx, ctx);

	if (ino != fc->ino || path_component_type(name, len) != PATH_NORM)
		return true;
	memcpy(fc->name, name, len);
	fc->len = len;
	fc->found = true;
	return false;
}

static int find_name(struct inode *dir, uint64_t ino, char *name, size_t *len)
{
	struct find_ctx fc = { .ctx = { .pos = 0, .emit = find_emit },
			       .ino = ino, .name = name };
	int err;

	do {
		off_t before = fc.ctx.pos;
		err = dir->ops->getdents(dir, &fc.ctx);
		if (err)
			return err;
		if (fc.ctx.pos == before)
			break;
	} while (!fc.found);
	if (!fc.found)
		return -ENOENT;
	*len = fc.len;
	return 0;
}

/* Climb from dir to its parent, prepending dir's name. */
static int getcwd_step(char *buf, size_t *at, struct inode **dir)
{
	char name[NAME_MAX + 1];
	struct inode *parent;
	size_t len;
	int err;

	err = (*dir)->ops->lookup(*dir, "..", 2, &parent);
	if (err)
		return err;
	err = find_name(parent, (*dir)->ino, name, &len);
	if (!err)
		err = path_prepend(buf, at, name, len);
	inode_put(*dir);
	*dir = parent;
	return err;
}

int vfs_getcwd(char *buf, char **start)
{
	return vfs_path_in(vfs_fs()->cwd_mnt, vfs_fs()->cwd, buf, start);
}

/*
 * Prepend from's path, as the caller's root sees it, to buf[*at..]; from
 * is in the mount mnt (as mnt_of).
 */
static int path_of_at(struct mount *mnt, struct inode *from, char *buf,
		      size_t *at)
{
	struct fs_state *fs = vfs_fs();
	struct mount *root_mnt = mnt_of(fs->root_mnt, fs->root);
	struct inode *dir = inode_get(from);
	int err = 0;

	mnt = mnt_of(mnt, from);
	if (dir->nlink == 0)
		err = -ENOENT;          /* removed: Linux says ENOENT too */
	while (!err && (dir != fs->root || mnt != root_mnt)) {
		if (at_mount_root(mnt, dir)) {
			if (!mnt || !mnt->mountpoint)
				break;          /* outside the process root */
			inode_put(dir);
			dir = inode_get(mnt->mountpoint);
			mnt = mnt->parent;      /* mnt holds a reference to it */
			continue;
		}
		err = getcwd_step(buf, at, &dir);
	}
	inode_put(dir);
	return err;
}

int vfs_path_of(struct inode *from, char *buf, char **start)
{
	return vfs_path_in(NULL, from, buf, start);
}

/* A path built at buf[at..]: "/" when empty. */
static void path_done(char *buf, size_t at, char **start)
{
	if (at == PATH_MAX - 1)
		buf[--at] = '/';
	*start = buf + at;
}

int vfs_path_in(struct mount *mnt, struct inode *from, char *buf, char **start)
{
	size_t at = PATH_MAX - 1;
	int err;

	buf[at] = '\0';
	err = path_of_at(mnt, from, buf, &at);
	if (!err)
		path_done(buf, at, start);
	return err;
}

int vfs_path_in_sb(struct inode *from, char *buf, char **start)
{
	struct inode *dir = inode_get(from);
	size_t at = PATH_MAX - 1;
	int err = 0;

	buf[at] = '\0';
	while (!err && dir != dir->sb->root)
		err = getcwd_step(buf, &at, &dir);
	inode_put(dir);
	if (!err)
		path_done(buf, at, start);
	return err;
}

/*
 * The name /proc/<pid>/fd shows (d_path): the path it was opened by, with
 * " (deleted)" once its last name is gone; "pipe:[ino]" and the like for
 * what has no name.
 */
struct mount *dir_mnt(struct mount *mnt, struct inode *obj, struct inode *dir)
{
	if (mnt && obj && mnt->root == obj)
		mnt = mnt->parent;
	return mnt_of(mnt, dir);
}

int file_path(struct file *f, char *buf, char **start)
{
	static const char deleted[] = " (deleted)";
	struct inode *inode = f->inode;
	size_t at = PATH_MAX - 1;
	int err;

	if (inode && S_ISDIR(inode->mode))
		return vfs_path_in(f->mnt, inode, buf, start);
	buf[at] = '\0';
	if (!inode || !f->dir) {
		const char *kind = !inode ? "anon_inode" :
				   S_ISFIFO(inode->mode) ? "pipe" :
				   (inode->mode & S_IFMT) == S_IFSOCK ? "socket" :
				   nsfs_label(inode) ? nsfs_label(inode) : "anon_inode";
		snprintf(buf, PATH_MAX, "%s:[%lu]", kind,
			 (unsigned long)(inode ? inode->ino : 0));
		*start = buf;
		return 0;
	}
	if (inode->nlink == 0) {
		at -= sizeof(deleted) - 1;
		memcpy(buf + at, deleted, sizeof(deleted) - 1);
	}
	err = path_prepend(buf, &at, f->name, strlen(f->name));
	if (!err)
		err = path_of_at(dir_mnt(f->mnt, inode, f->dir), f->dir, buf, &at);
	if (err)
		return err;
	*start = buf + at;
	return 0;
}
