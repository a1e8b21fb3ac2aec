// SPDX-License-Identifier: MIT
/*
 * mount_ns.c - mount namespaces (mount_namespaces(7), Linux's
 * fs/namespace.c copy_mnt_ns, put_mnt_ns, mntns_install).
 *
 * Every attached mount records the namespace it is in (mount.ns); the
 * mount table stays one list, so peer groups and slaves span namespaces
 * as in Linux, while mount(2) and umount(2) act only on mounts of the
 * caller's namespace (check_mnt: EINVAL otherwise) and /proc/<pid>/mounts
 * and mountinfo show only the process's.  A walk never leaves its
 * namespace: it starts at the process's root or cwd mount and steps into
 * mounts whose parent is the mount it is in.
 *
 * A new namespace is a copy of the old one's whole tree, in Linux's
 * order (copy_tree: depth first, children in the order they were
 * mounted), with new mount IDs; each copy keeps its original's flags and
 * propagation (copies of shared mounts are their peers, of slaves slaves
 * of the same master; unbindable ones are copied too).  The root and cwd
 * of the file state that moves along go to their copies.  When its last
 * process leaves and no nsfs file holds it, a namespace's mounts are
 * taken out of it, leaves first, without propagation (umount_tree
 * without UMOUNT_PROPAGATE); what still uses one keeps it.
 */
#include "fs/mount_internal.h"
#include "kernel/mm.h"

struct mnt_ns init_mnt_ns = { { 1, 4026531841u, CLONE_NEWNS }, NULL };

struct mnt_ns *mnt_ns_current(void)
{
	struct mnt_ns *ns = current_mnt_ns();

	return ns ? ns : &init_mnt_ns;
}

struct mnt_ns *mnt_ns_initial(void)
{
	mount_table();                  /* the root mount joins it */
	init_mnt_ns.ns.refs++;
	return &init_mnt_ns;
}

struct ns_common *mnt_ns_common(struct mnt_ns *ns)
{
	return &ns->ns;
}

struct mnt_ns *mnt_ns_of(struct ns_common *ns)
{
	return container_of(ns, struct mnt_ns, ns);
}

bool fs_state_shared(struct fs_state *fs)
{
	return fs->refcount > 1;
}

/* The first child of parent mounted after `after` (NULL: the first). */
static struct mount *next_child(struct mount *parent, struct mount *after)
{
	struct list_head *l = after ? after->link.next : mount_table()->next;

	for (; l != mount_table(); l = l->next) {
		struct mount *c = list_entry(l, struct mount, link);
		if (c->parent == parent)
			return c;
	}
	return NULL;
}

/* The mount after m in a depth-first walk of root's tree (next_mnt). */
static struct mount *next_mnt(struct mount *m, struct mount *root)
{
	struct mount *c = next_child(m, NULL);

	for (; !c && m != root; m = m->parent)
		c = next_child(m->parent, m);
	return c;
}

static int ns_mount_count(struct mnt_ns *ns)
{
	struct list_head *l;
	int n = 0;

	list_for_each(l, mount_table())
		n += list_entry(l, struct mount, link)->ns == ns;
	return n;
}

static int index_of(struct mount **v, int n, struct mount *m)
{
	for (int i = 0; i < n; i++)
		if (v[i] == m)
			return i;
	return -1;
}

/* Copies of old's n mounts, in order: copy[i] of orig[i]; *got: how many. */
static int copy_all(struct mnt_ns *old, struct mount **orig,
		    struct mount **copy, int n, int *got)
{
	struct mount *m;
	int i = 0;

	for (m = old->root; m && i < n; m = next_mnt(m, old->root), i++) {
		int p = m->parent ? index_of(orig, i, m->parent) : -1;

		orig[i] = m;
		copy[i] = mount_clone(m, m->root);
		if (!copy[i])
			break;
		*got = i + 1;
		copy[i]->unbindable = m->unbindable;
		if (i > 0 && (p < 0 || !mount_clone_place(copy[i], m, copy[p])))
			return -ENOMEM;
	}
	return *got == n ? 0 : -ENOMEM;
}

/* The copy of *slot's mount (mnt_of) in the new tree, when it has one. */
static void move_to_copy(struct mount **slot, struct inode *inode,
			 struct mount **orig, struct mount **copy, int n)
{
	int i = index_of(orig, n, mnt_of(*slot, inode));

	if (i < 0)
		return;
	mount_put(*slot);
	*slot = mount_get(copy[i]);
}

static void attach_all(struct mnt_ns *ns, struct mount **copy, int n)
{
	for (int i = 0; i < n; i++) {
		struct mount *c = copy[i];

		if (c->mountpoint)
			mount_link(c);
		c->id = mount_next_id();
		c->ns = ns;
		list_add_tail(&c->link, mount_table());
	}
	ns->root = copy[0];
}

int mnt_ns_copy(struct mnt_ns *old, struct fs_state *fs, struct mnt_ns **out)
{
	int n = ns_mount_count(old), got = 0, err = -ENOMEM;
	struct mount **orig = kmalloc(sizeof(*orig) * (size_t)n * 2), **copy;
	struct mnt_ns *ns = kzalloc(sizeof(*ns));

	mount_reap();
	if (!orig || !ns)
		goto out_free;
	copy = orig + n;
	err = copy_all(old, orig, copy, n, &got);
	if (err) {
		while (got > 0)
			mount_put(copy[--got]);
		goto out_free;
	}
	ns->ns.refs = 1;
	ns->ns.inum = ns_inum_alloc();
	ns->ns.type = CLONE_NEWNS;
	attach_all(ns, copy, n);
	move_to_copy(&fs->root_mnt, fs->root, orig, copy, n);
	move_to_copy(&fs->cwd_mnt, fs->cwd, orig, copy, n);
	kfree(orig);
	*out = ns;
	return 0;

out_free:
	kfree(orig);
	kfree(ns);
	return err;
}

/* A mount of ns with nothing mounted on it, newest first; NULL: none left. */
static struct mount *ns_leaf(struct mnt_ns *ns)
{
	struct list_head *l;

	for (l = mount_table()->prev; l != mount_table(); l = l->prev) {
		struct mount *m = list_entry(l, struct mount, link);
		if (m->ns == ns && !mount_first_child(m))
			return m;
	}
	return NULL;
}

void mnt_ns_free(struct mnt_ns *ns)
{
	struct mount *m;

	assert(ns != &init_mnt_ns);
	while ((m = ns_leaf(ns)))
		mount_detach(m);
	kfree(ns);
}

/* setns: the root and cwd become the topmost mount on ns's root. */
void mnt_ns_enter(struct mnt_ns *ns, struct fs_state *fs)
{
	struct mount *top = ns->root, *c;

	while ((c = mount_lookup(top, top->root)))
		top = c;
	inode_put(fs->root);
	inode_put(fs->cwd);
	fs->root = inode_get(top->root);
	fs->cwd = inode_get(top->root);
	mount_put(fs->root_mnt);
	mount_put(fs->cwd_mnt);
	fs->root_mnt = mount_get(top);
	fs->cwd_mnt = mount_get(top);
}
