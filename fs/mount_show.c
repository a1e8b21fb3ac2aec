// SPDX-License-Identifier: MIT
/*
 * mount_show.c - the mount table as text: /proc/mounts ("source mountpoint
 * type options 0 0", show_vfsmnt), /proc/<pid>/mountinfo (show_mountinfo,
 * with the optional fields shared:N, master:N and unbindable of
 * sharedsubtree.rst), as Linux's fs/proc_namespace.c prints them, for one
 * mount namespace's mounts.  Mount points are named as the reader sees
 * them; a mount outside the reader's root is left out.
 */
#include "fs/mount_internal.h"
#include "kernel/mm.h"

static bool mount_rdonly(struct mount *mnt)
{
	return (mnt->mnt_flags & MNT_READONLY) || (mnt->sb_flags & MS_RDONLY);
}

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
	if (mnt->mountpoint)
		return seq_path(m, mnt->parent, mnt->mountpoint, NULL, false);
	seq_puts(m, "/");
	return true;
}

/* mountinfo's root: where in its file system the mount starts, then " ". */
static bool seq_root(struct seqbuf *m, struct mount *mnt)
{
	if (mnt->root_dir) {
		if (!seq_path(m, NULL, mnt->root_dir, mnt->root_name, true))
			return false;
	} else if (!seq_path(m, NULL, mnt->root, NULL, true)) {
		return false;
	}
	seq_puts(m, " ");
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
void mount_show_mounts(struct seqbuf *m, struct mnt_ns *ns)
{
	struct list_head *l;

	mount_reap();
	list_for_each(l, mount_table()) {
		struct mount *mnt = list_entry(l, struct mount, link);
		size_t at = m->len;

		if (mnt->ns != ns)
			continue;
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

/* The optional fields: propagation (show_mountinfo). */
static void seq_propagation(struct seqbuf *m, struct mount *mnt)
{
	if (mnt->group)
		seq_printf(m, " shared:%d", mnt->group);
	if (mnt->master)
		seq_printf(m, " master:%d", mnt->master);
	if (mnt->unbindable)
		seq_puts(m, " unbindable");
}

/*
 * "id parent major:minor root mountpoint mount-options optional-fields -
 * type source super-options" (show_mountinfo); the root's parent is itself.
 */
void mount_show_mountinfo(struct seqbuf *m, struct mnt_ns *ns)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *mnt = list_entry(l, struct mount, link);
		struct mount *parent = mnt->parent ? mnt->parent : mnt;
		size_t at = m->len;

		if (mnt->ns != ns)
			continue;
		seq_printf(m, "%d %d %u:%u ", mnt->id, parent->id,
			   (unsigned)DEV_MAJOR(mnt->sb->dev),
			   (unsigned)DEV_MINOR(mnt->sb->dev));
		if (!seq_root(m, mnt) || !seq_mountpoint(m, mnt)) {
			m->len = at;
			continue;
		}
		seq_puts(m, (mnt->mnt_flags & MNT_READONLY) ? " ro" : " rw");
		seq_mnt_opts(m, mnt);
		seq_propagation(m, mnt);
		seq_printf(m, " - %s ", mnt->type->name);
		seq_escaped(m, mnt->source);
		seq_puts(m, (mnt->sb_flags & MS_RDONLY) ? " ro" : " rw");
		seq_sb_opts(m, mnt);
		if (mnt->type->show_options)
			mnt->type->show_options(m, mnt->sb);
		seq_puts(m, "\n");
	}
}
