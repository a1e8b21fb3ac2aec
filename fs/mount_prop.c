// SPDX-License-Identifier: MIT
/*
 * mount_prop.c - shared subtrees: peer groups, slaves and the copies of
 * mount trees that bind mounts and propagation make (Linux's
 * Documentation/filesystems/sharedsubtree.rst, fs/pnode.c).
 *
 * A mount is private (group 0, master 0), shared (group N: its peers are
 * the mounts with the same group), a slave (master N: it receives what is
 * mounted in group N but sends nothing back), shared and a slave, or
 * unbindable (private, and MS_BIND of it is EINVAL).  Group IDs are the
 * smallest free ones, as Linux's ida hands them out; a group lives while a
 * mount in the name space has it.  Nothing links peers or slaves to each
 * other: the mount table is scanned, which is cheap at these sizes.
 *
 * A mount or bind on a mount point inside a shared mount P is made as a
 * tree (the new mount and, for MS_REC, copies of its submounts), made
 * shared, and copied to every mount that receives from P's group and
 * shows the mount point: peers get peer copies, slaves slave copies (made
 * shared again when the slave is shared, and those copies are what its own
 * peers and slaves receive).  MS_MOVE into a shared mount propagates the
 * same way, from stand-in copies of the moved tree (which takes their peer
 * groups).  Mount IDs are given at attach.  All copies are made before any
 * is attached, so running out of memory changes nothing.  An umount under
 * a shared mount takes the mount on the same mount point in every
 * receiving mount too, when nothing is mounted on it.  Where a receiver
 * has a mount on the spot already, the copy slides under it, as in Linux.
 */
#include "fs/mount_internal.h"
#include "kernel/mm.h"

/* Is any mount in the table or in trees[0..n) in the group id? */
static bool group_in_use(int id, struct list_head *trees, int n)
{
	struct list_head *l;

	list_for_each(l, mount_table())
		if (list_entry(l, struct mount, link)->group == id)
			return true;
	for (int i = 0; i < n; i++)
		list_for_each(l, &trees[i])
			if (list_entry(l, struct mount, link)->group == id)
				return true;
	return false;
}

/* The smallest group ID nothing uses (mnt_alloc_group_id). */
static int group_new(struct list_head *trees, int n)
{
	int id = 1;

	while (group_in_use(id, trees, n))
		id++;
	return id;
}

/* The group group's members are slaves of, 0 when none (or no member). */
static int group_master(int group)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *m = list_entry(l, struct mount, link);
		if (m->group == group)
			return m->master;
	}
	return 0;
}

/*
 * m leaves its peer group: when it was the last member, the group's
 * slaves become slaves of its master (or private), as Linux's
 * transfer_propagation does.  m is out of the table or about to be.
 */
static void group_leave(struct mount *m)
{
	int group = m->group;
	struct list_head *l;

	m->group = 0;
	if (!group)
		return;
	list_for_each(l, mount_table()) {
		struct mount *q = list_entry(l, struct mount, link);
		if (q != m && q->group == group)
			return;
	}
	list_for_each(l, mount_table()) {
		struct mount *q = list_entry(l, struct mount, link);
		if (q->master == group)
			q->master = m->master;
	}
}

void mount_make_private(struct mount *m)
{
	group_leave(m);
	m->master = 0;
	m->unbindable = false;
}

/* MS_SLAVE: a slave of its old peers; alone, of what it was a slave of. */
static void make_slave(struct mount *m)
{
	int group = m->group;
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *q = list_entry(l, struct mount, link);
		if (group && q != m && q->group == group) {
			m->group = 0;
			m->master = group;
			break;
		}
	}
	group_leave(m);
	m->unbindable = false;
}

void mount_set_propagation(struct mount *m, unsigned long type)
{
	switch (type) {
	case MS_SHARED:
		if (!m->group)
			m->group = group_new(NULL, 0);
		m->unbindable = false;
		break;
	case MS_SLAVE:
		make_slave(m);
		break;
	case MS_PRIVATE:
		mount_make_private(m);
		break;
	case MS_UNBINDABLE:
		mount_make_private(m);
		m->unbindable = true;
		break;
	}
}

/* ---- trees ------------------------------------------------------------- */

/* A tree's mounts are linked by `link`, parents before children. */
static int tree_index(struct list_head *tree, struct mount *m)
{
	struct list_head *l;
	int i = 0;

	list_for_each(l, tree) {
		if (list_entry(l, struct mount, link) == m)
			return i;
		i++;
	}
	return -1;
}

static struct mount *tree_nth(struct list_head *tree, int n)
{
	struct list_head *l;

	list_for_each(l, tree)
		if (n-- == 0)
			return list_entry(l, struct mount, link);
	return NULL;
}

void mount_tree_free(struct list_head *tree)
{
	while (!list_empty(tree)) {
		struct mount *m = list_entry(tree->prev, struct mount, link);

		list_del(&m->link);
		mount_put(m);
	}
}

/*
 * A copy of from showing root (in from's file system), with from's type,
 * name, flags and propagation (clone_mnt), in no tree; its mount ID comes
 * when it is attached.
 */
struct mount *mount_clone(struct mount *from, struct inode *root)
{
	struct mount *m = mount_new(from->sb, root);

	if (!m)
		return NULL;
	m->type = from->type;
	m->mnt_flags = from->mnt_flags;
	m->sb_flags = from->sb_flags;
	m->group = from->group;
	m->master = from->master;
	m->source = kstrdup(from->source);
	if (from->root_dir && root == from->root) {
		m->root_dir = inode_get(from->root_dir);
		m->root_name = kstrdup(from->root_name);
	}
	if (!m->source || (m->root_dir && !m->root_name)) {
		mount_put(m);
		return NULL;
	}
	return m;
}

bool mount_clone_place(struct mount *c, struct mount *from,
		       struct mount *parent)
{
	c->parent = mount_get(parent);
	c->mountpoint = inode_get(from->mountpoint);
	if (!from->mp_dir)
		return true;
	c->mp_dir = inode_get(from->mp_dir);
	c->mp_name = kstrdup(from->mp_name);
	return c->mp_name != NULL;
}

/* Is obj (a file, named in the directory dir) at or below root? */
bool mount_under(struct inode *obj, struct inode *dir, struct inode *root)
{
	struct inode *cur;
	bool found = false;

	if (obj == root)
		return true;
	if (obj->sb != root->sb || !S_ISDIR(root->mode))
		return false;
	cur = inode_get(S_ISDIR(obj->mode) || !dir ? obj : dir);
	for (int i = 0; i < PATH_MAX && S_ISDIR(cur->mode); i++) {
		struct inode *up;

		if (cur == root || cur == cur->sb->root) {
			found = cur == root;
			break;
		}
		if (cur->ops->lookup(cur, "..", 2, &up))
			break;
		inode_put(cur);
		cur = up;
	}
	inode_put(cur);
	return found;
}

static int table_count(void)
{
	struct list_head *l;
	int n = 0;

	list_for_each(l, mount_table())
		n++;
	return n;
}

/*
 * Copies of the mounts below the tree's top's source from, at or below
 * root, each placed in the copy of its parent (copy_tree, breadth first:
 * orig[i] is what the tree's i-th mount copies; *origp gets it when not
 * NULL).  Unbindable ones and what is below them stay behind.
 */
int mount_copy_submounts(struct mount *from, struct inode *root,
			 struct list_head *tree, struct mount ***origp)
{
	struct mount **orig = kmalloc(sizeof(*orig) * (size_t)(table_count() + 1));
	struct list_head *t, *l;
	int n = 1, i = 0, err = 0;

	if (!orig)
		return -ENOMEM;
	orig[0] = from;
	for (t = tree->next; !err && t != tree; t = t->next, i++) {
		list_for_each(l, mount_table()) {
			struct mount *c = list_entry(l, struct mount, link), *cc;

			if (c->parent != orig[i] || c->unbindable ||
			    (i == 0 && !mount_under(c->mountpoint, c->mp_dir, root)))
				continue;
			cc = mount_clone(c, c->root);
			if (!cc) {
				err = -ENOMEM;
				break;
			}
			list_add_tail(&cc->link, tree);
			orig[n++] = c;
			if (!mount_clone_place(cc, c, list_entry(t, struct mount, link))) {
				err = -ENOMEM;
				break;
			}
		}
	}
	if (err || !origp)
		kfree(orig);
	else
		*origp = orig;
	return err;
}

/* ---- propagation --------------------------------------------------------- */

/* The trees of one mount: [0] the original, then the copies. */
struct graft {
	struct list_head *trees;
	int n, cap;
	struct mount *top;              /* trees[0]'s top */
	bool top_covered;               /* a mount of the tree is on its root */
};

/*
 * A copy of trees[src] on top's mount point inside q: peer copies keep
 * the source's groups; slave copies are slaves of them, shared again
 * (new groups) when q is shared.
 */
static int tree_copy(struct graft *g, int src, struct mount *q, bool slave)
{
	struct list_head *from = &g->trees[src], *to = &g->trees[g->n];
	struct mount *top = list_entry(from->next, struct mount, link);
	struct list_head *l;

	if (g->n == g->cap)
		return -ENOMEM;         /* more copies than mounts: cannot be */
	list_init(to);
	g->n++;
	list_for_each(l, from) {
		struct mount *m = list_entry(l, struct mount, link);
		struct mount *c = mount_clone(m, m->root), *parent;

		if (!c)
			return -ENOMEM;
		list_add_tail(&c->link, to);
		if (slave) {
			c->master = m->group;
			c->group = q->group ? group_new(g->trees, g->n) : 0;
		}
		parent = m == top ? q : tree_nth(to, tree_index(from, m->parent));
		if (!mount_clone_place(c, m, parent))
			return -ENOMEM;
	}
	return 0;
}

/*
 * Does q get a copy: it shows the mount point, and what is mounted there
 * already can go on the copy's root (not when the tree covers it)?
 */
static bool receives_here(struct graft *g, struct mount *q)
{
	struct mount *top = g->top;

	return q != top->parent && q->sb == top->mountpoint->sb &&
	       mount_under(top->mountpoint, top->mp_dir, q->root) &&
	       (!g->top_covered || !mount_lookup(q, top->mountpoint));
}

/* Is q the first mount of its group in the table? */
static bool group_first(struct mount *q)
{
	struct list_head *l;

	list_for_each(l, mount_table()) {
		struct mount *m = list_entry(l, struct mount, link);
		if (m->group == q->group)
			return m == q;
	}
	return false;
}

/*
 * Copies for group's members and slaves (propagate_mnt).  depth 0: the
 * top's parent's group, whose members get peer copies of trees[src].
 * Deeper: a shared slave's group, whose first receiving member gets a
 * slave copy of trees[src] and the others peer copies of that one.  Each
 * group's slaves get slave copies of what its members got.
 */
static int propagate_group(struct graft *g, int group, int src, int depth)
{
	int feed = depth == 0 ? src : -1, err = 0;
	struct list_head *l;

	if (depth > 32)
		return 0;               /* a loop of masters: cannot be */
	list_for_each(l, mount_table()) {
		struct mount *q = list_entry(l, struct mount, link);

		if (q->group != group || !receives_here(g, q))
			continue;
		if (feed < 0) {
			feed = g->n;
			err = tree_copy(g, src, q, true);
		} else {
			err = tree_copy(g, feed, q, false);
		}
		if (err)
			return err;
	}
	list_for_each(l, mount_table()) {
		struct mount *q = list_entry(l, struct mount, link);

		if (feed < 0 || q->master != group)
			continue;
		if (q->group && group_first(q))
			err = propagate_group(g, q->group, feed, depth + 1);
		else if (!q->group && receives_here(g, q))
			err = tree_copy(g, feed, q, true);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Put a tree's mounts on their mount points and into the table.  What a
 * copy's mount point has on it already goes on the copy's root: the copy
 * slides under it (mnt_change_mountpoint).
 */
static void tree_attach(struct list_head *tree)
{
	struct mount *top = list_entry(tree->next, struct mount, link);
	struct mount *e = mount_lookup(top->parent, top->mountpoint);

	while (!list_empty(tree)) {
		struct mount *m = list_entry(tree->next, struct mount, link);

		list_del(&m->link);
		mount_link(m);
		m->ns = m->parent->ns;
		if (!m->id)
			m->id = mount_next_id();
		list_add_tail(&m->link, mount_table());
	}
	if (!e)
		return;
	mount_unhook(e);
	inode_put(e->mountpoint);
	mount_put(e->parent);
	mount_hook(e, top, top->root);
}

/*
 * Attach tree (its top placed by the caller, which it consumes) with its
 * copies in every mount that receives from the top's parent
 * (attach_recursive_mnt): all made first, then all attached.  With orig,
 * the tree stands in for the mounts orig[] (MS_MOVE, which moves those):
 * they get its peer groups, and it goes (orig is consumed too).
 */
static int graft(struct list_head *tree, struct mount **orig)
{
	struct mount *top = list_entry(tree->next, struct mount, link);
	struct graft g = { .top = top, .n = 1 };
	struct list_head *l;
	int err = 0, i;

	g.cap = table_count() + 1;
	g.trees = kmalloc(sizeof(*g.trees) * (size_t)g.cap);
	if (!g.trees) {
		mount_tree_free(tree);
		kfree(orig);
		return -ENOMEM;
	}
	list_init(&g.trees[0]);
	while (!list_empty(tree)) {
		l = tree->next;
		list_del(l);
		list_add_tail(l, &g.trees[0]);
	}
	if (top->parent->group) {
		list_for_each(l, &g.trees[0]) {
			struct mount *m = list_entry(l, struct mount, link);
			if (!m->group)
				m->group = group_new(g.trees, 1);
			g.top_covered |= m->parent == top && m->mountpoint == top->root;
		}
		err = propagate_group(&g, top->parent->group, 0, 0);
	}
	i = 0;
	list_for_each(l, &g.trees[0]) {
		if (!err && orig && !orig[i]->group)
			orig[i]->group = list_entry(l, struct mount, link)->group;
		i++;
	}
	for (i = 0; i < g.n; i++)
		if (err || (i == 0 && orig))
			mount_tree_free(&g.trees[i]);
		else
			tree_attach(&g.trees[i]);
	kfree(g.trees);
	kfree(orig);
	return err;
}

int mount_graft(struct list_head *tree)
{
	return graft(tree, NULL);
}

/*
 * MS_MOVE of m onto mp inside dest, a shared mount: copies of m's tree
 * for dest's receivers, made from stand-in copies placed as m will be;
 * m's tree gets their peer groups.  The caller moves m after.
 */
int mount_move_propagate(struct mount *m, struct mount *dest,
			 struct inode *mp, struct inode *mp_dir,
			 const char *mp_name)
{
	struct list_head tree = LIST_HEAD_INIT(tree);
	struct mount *top = mount_clone(m, m->root), **orig;
	int err;

	if (!top)
		return -ENOMEM;
	list_add_tail(&top->link, &tree);
	top->parent = mount_get(dest);
	top->mountpoint = inode_get(mp);
	if (mp_dir) {
		top->mp_dir = inode_get(mp_dir);
		top->mp_name = kstrdup(mp_name);
	}
	err = mp_dir && !top->mp_name ? -ENOMEM :
	      mount_copy_submounts(m, m->root, &tree, &orig);
	if (err) {
		mount_tree_free(&tree);
		return err;
	}
	return graft(&tree, orig);
}

/*
 * The mounts an umount on mp inside p takes along (propagate_umount): the
 * one on mp in each mount that receives from p, when nothing is mounted
 * on it.  *pos: where the scan of the table goes on (start: the table).
 */
static struct mount *peer_copy_next(struct mount *p, struct inode *mp,
				    struct list_head **pos)
{
	while ((*pos = (*pos)->next) != mount_table()) {
		struct mount *q = list_entry(*pos, struct mount, link);
		struct mount *c;

		if (q == p || !mount_receives(q, p->group))
			continue;
		c = mount_lookup(q, mp);
		if (c && !mount_first_child(c))
			return c;
	}
	return NULL;
}

struct mount *mount_peer_copy(struct mount *p, struct inode *mp)
{
	struct list_head *pos = mount_table();

	return p && p->group ? peer_copy_next(p, mp, &pos) : NULL;
}

/* Is one of them in use (propagate_mount_busy)? */
bool mount_peer_copies_busy(struct mount *p, struct inode *mp)
{
	struct list_head *pos = mount_table();
	struct mount *c;

	if (!p || !p->group)
		return false;
	while ((c = peer_copy_next(p, mp, &pos)))
		if (c->refs > 1)
			return true;
	return false;
}

/* Does q receive from group: a member, a slave, a slave of a slave ...? */
bool mount_receives(struct mount *q, int group)
{
	int g = q->group ? q->group : q->master;

	for (int i = 0; g && i < 32; i++, g = group_master(g))
		if (g == group)
			return true;
	return false;
}
