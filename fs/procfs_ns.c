// SPDX-License-Identifier: MIT
/*
 * procfs_ns.c - /proc/<pid>/ns (Linux's fs/proc/namespaces.c) and the nsfs
 * files its links lead to (fs/nsfs.c).
 *
 * Each entry is a magic link per namespace kind (kernel/ns.h), read as
 * "uts:[4026531838]" (the kind's label and the namespace's inode number);
 * a walk through it reaches an nsfs file: a regular file, mode 0444, whose
 * st_ino is that number, on one nsfs device.  Opening it gives the fd
 * setns(2) takes (nsfs_ns), shown in /proc/<pid>/fd as the link reads
 * (nsfs_label); reading it is EINVAL.  The file holds a
 * reference to the namespace, so a namespace lives on while one is open.
 * Another process's links are read and followed only as Linux's
 * ptrace_may_access(PTRACE_MODE_READ_FSCREDS) allows (EACCES otherwise):
 * with privilege, or with the caller's fs IDs all of the target's IDs and
 * the target dumpable.
 */
#include "fs/procfs_internal.h"
#include "kernel/mm.h"

#define NSFS_MAGIC 0x6e736673

static struct superblock *nsfs_sb;

static void nsfs_release(struct inode *inode)
{
	ns_put(inode->priv);
	kfree(inode);
}

static const struct inode_ops nsfs_iops = { .release = nsfs_release };

static ssize_t nsfs_read(struct file *f __unused, struct iobuf b __unused,
			 size_t n __unused, off_t *pos __unused)
{
	return -EINVAL;
}

static const struct file_ops nsfs_fops = { .read = nsfs_read };

/* An nsfs inode for ns (a reference to it taken), or NULL. */
static struct inode *nsfs_inode(struct ns_common *ns)
{
	struct inode *inode;

	if (!nsfs_sb && (nsfs_sb = sb_new("nsfs")))
		nsfs_sb->magic = NSFS_MAGIC;
	if (!nsfs_sb || !(inode = kzalloc(sizeof(*inode))))
		return NULL;
	inode_init(inode, nsfs_sb, S_IFREG | 0444, &nsfs_iops);
	inode->ino = ns->inum;
	inode->fops = &nsfs_fops;
	inode->priv = ns_get(ns);
	return inode;
}

const char *nsfs_label(struct inode *inode)
{
	struct ns_common *ns = nsfs_sb && inode->sb == nsfs_sb ? inode->priv : NULL;

	return ns ? ns_type_label(ns->type) : NULL;
}

struct ns_common *nsfs_ns(struct file *f)
{
	return f && f->inode && nsfs_sb && f->inode->sb == nsfs_sb &&
	       f->ops == &nsfs_fops ? f->inode->priv : NULL;
}

static bool ns_may_access(struct proc *p)
{
	const struct cred *c = current_cred(), *t = &p->cred;

	if (cred_privileged() || (current && p->tgid == current->tgid))
		return true;
	return !p->not_dumpable &&
	       c->fsuid == t->uid && c->fsuid == t->euid && c->fsuid == t->suid &&
	       c->fsgid == t->gid && c->fsgid == t->egid && c->fsgid == t->sgid;
}

/* The namespace of kind i of the process pid: 0, -ENOENT or -EACCES. */
static int task_ns(long pid, int i, struct ns_common **ns)
{
	struct proc *p = procfs_task(pid);

	*ns = ns_of(p, i);
	if (!*ns)
		return -ENOENT;
	return ns_may_access(p) ? 0 : -EACCES;
}

static int ns_link(struct seqbuf *m, long pid, int i)
{
	struct ns_common *ns;
	int err = task_ns(pid, i, &ns);

	if (!err)
		seq_printf(m, "%s:[%u]", ns_kind_label(i), ns->inum);
	return err;
}

static int ns_follow(long pid, int i, struct link_target *t)
{
	struct ns_common *ns;
	int err = task_ns(pid, i, &ns);

	if (err)
		return err;
	t->inode = nsfs_inode(ns);
	return t->inode ? 0 : -ENOMEM;
}

/* One link and one follow function per kind (pseudo_entry has no argument). */
#define NS_ENTRY(i)                                                       \
	static int ns_link_##i(struct seqbuf *m, long pid)                \
	{                                                                 \
		return ns_link(m, pid, i);                                \
	}                                                                 \
	static int ns_follow_##i(long pid, struct link_target *t)         \
	{                                                                 \
		return ns_follow(pid, i, t);                              \
	}
NS_ENTRY(0) NS_ENTRY(1) NS_ENTRY(2) NS_ENTRY(3) NS_ENTRY(4)
NS_ENTRY(5) NS_ENTRY(6) NS_ENTRY(7) NS_ENTRY(8) NS_ENTRY(9)

#define NS_LINK(i, n) { .name = n, .mode = S_IFLNK | 0777, \
			.link = ns_link_##i, .follow = ns_follow_##i }

/* Linux's ns_entries[] order; the names are ns_kind_name(i)'s. */
const struct pseudo_entry proc_ns_entries[] = {
	NS_LINK(0, "net"), NS_LINK(1, "uts"), NS_LINK(2, "ipc"),
	NS_LINK(3, "pid"), NS_LINK(4, "pid_for_children"), NS_LINK(5, "user"),
	NS_LINK(6, "mnt"), NS_LINK(7, "cgroup"), NS_LINK(8, "time"),
	NS_LINK(9, "time_for_children"),
	{ .name = NULL },
};
