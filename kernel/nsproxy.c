// SPDX-License-Identifier: MIT
/*
 * nsproxy.c - namespaces (kernel/ns.h): the UTS namespace, the kinds
 * /proc/<pid>/ns lists, and the calls that make and join namespaces, as
 * Linux's kernel/nsproxy.c, kernel/fork.c (ksys_unshare) and
 * kernel/utsname.c do.
 *
 * unshare(2) takes the flags Linux's check_unshare_flags takes; CLONE_NEWNS
 * implies CLONE_FS, CLONE_VM implies CLONE_SIGHAND, which implies
 * CLONE_THREAD, and those three are EINVAL unless nothing shares what they
 * name.  CLONE_FS and CLONE_FILES give a private copy of a shared file
 * state (one struct here holds Linux's fs_struct and files_struct, so
 * either copies both); CLONE_SYSVSEM has no undo list to leave.  New
 * namespaces need CAP_SYS_ADMIN (EPERM); the kinds not offered are EINVAL,
 * logged once.  Everything is made before the caller changes, so a
 * failure changes nothing.
 *
 * setns(2) takes an fd of a /proc/<pid>/ns file (EBADF, EINVAL for any
 * other file or a type that is not the file's), needs CAP_SYS_ADMIN
 * (EPERM), and for a mount namespace an unshared file state (EINVAL); the
 * cwd and root then become the namespace's root.  Joining an initial
 * namespace of a kind not offered is joining the one the caller is in.
 */
#include "kernel/ns.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/vm.h"
#include "fs/vfs.h"

#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_THREAD 0x00010000
#define CLONE_SYSVSEM 0x00040000

/* The kinds made here; the others are EINVAL. */
#define NS_OFFERED (CLONE_NEWUTS | CLONE_NEWNS)
#define NS_ALL (CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET | \
		CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME)

/* Linux's PROC_*_INIT_INO; mnt and net take what Linux 6.1 shows at boot. */
static struct ns_common init_ipc_ns = { 1, 4026531839u, CLONE_NEWIPC };
static struct ns_common init_user_ns = { 1, 4026531837u, CLONE_NEWUSER };
static struct ns_common init_pid_ns = { 1, 4026531836u, CLONE_NEWPID };
static struct ns_common init_cgroup_ns = { 1, 4026531835u, CLONE_NEWCGROUP };
static struct ns_common init_time_ns = { 1, 4026531834u, CLONE_NEWTIME };
static struct ns_common init_net_ns = { 1, 4026531840u, CLONE_NEWNET };
/* The initial ones keep a reference of their own: they never go. */
static struct uts_ns init_uts_ns = {
	{ 1, 4026531838u, CLONE_NEWUTS }, "(none)", "(none)",
};
static unsigned next_inum = 4026531842u;

unsigned ns_inum_alloc(void)
{
	return next_inum++;
}

static struct uts_ns *uts_current(void)
{
	return current && current->uts_ns ? current->uts_ns : &init_uts_ns;
}

struct mnt_ns *current_mnt_ns(void)
{
	return current ? current->mnt_ns : NULL;
}

char *uts_nodename(void)
{
	return uts_current()->nodename;
}

char *uts_domainname(void)
{
	return uts_current()->domainname;
}

/* ---- kinds -------------------------------------------------------------- */

static struct ns_common *uts_of(struct proc *p)
{
	return p->uts_ns ? &p->uts_ns->ns : NULL;
}

static struct ns_common *mnt_of_proc(struct proc *p)
{
	return p->mnt_ns ? mnt_ns_common(p->mnt_ns) : NULL;
}

/* /proc/<pid>/ns's entries (procfs_ns.c names them): label, type, whose. */
static const struct {
	const char *label;
	unsigned long type;
	struct ns_common *fixed;
	struct ns_common *(*of)(struct proc *p);
} kinds[NS_KINDS] = {
	{ "net", CLONE_NEWNET, &init_net_ns, NULL },
	{ "uts", CLONE_NEWUTS, NULL, uts_of },
	{ "ipc", CLONE_NEWIPC, &init_ipc_ns, NULL },
	{ "pid", CLONE_NEWPID, &init_pid_ns, NULL },
	{ "pid", CLONE_NEWPID, &init_pid_ns, NULL },          /* pid_for_children */
	{ "user", CLONE_NEWUSER, &init_user_ns, NULL },
	{ "mnt", CLONE_NEWNS, NULL, mnt_of_proc },
	{ "cgroup", CLONE_NEWCGROUP, &init_cgroup_ns, NULL },
	{ "time", CLONE_NEWTIME, &init_time_ns, NULL },
	{ "time", CLONE_NEWTIME, &init_time_ns, NULL },        /* time_for_children */
};

const char *ns_kind_label(int i)
{
	return kinds[i].label;
}

const char *ns_type_label(unsigned long type)
{
	for (int i = 0; i < NS_KINDS; i++)
		if (kinds[i].type == type)
			return kinds[i].label;
	return "anon_inode";
}

struct ns_common *ns_of(struct proc *p, int i)
{
	if (!p || p->state == P_ZOMBIE || !p->uts_ns)
		return NULL;            /* gone: its namespaces with it */
	return kinds[i].of ? kinds[i].of(p) : kinds[i].fixed;
}

struct ns_common *ns_get(struct ns_common *ns)
{
	if (ns)
		ns->refs++;
	return ns;
}

void ns_put(struct ns_common *ns)
{
	if (!ns || --ns->refs)
		return;
	if (ns->type == CLONE_NEWNS)
		mnt_ns_free(mnt_ns_of(ns));
	else if (ns->type == CLONE_NEWUTS)
		kfree(container_of(ns, struct uts_ns, ns));
	/* The initial ones keep their own reference and never get here. */
}

/* ---- making namespaces -------------------------------------------------- */

static struct uts_ns *uts_copy(struct uts_ns *old)
{
	struct uts_ns *u = kzalloc(sizeof(*u));

	if (!u)
		return NULL;
	u->ns.refs = 1;
	u->ns.inum = ns_inum_alloc();
	u->ns.type = CLONE_NEWUTS;
	memcpy(u->nodename, old->nodename, sizeof(u->nodename));
	memcpy(u->domainname, old->domainname, sizeof(u->domainname));
	return u;
}

/*
 * CLONE_NEW* flags: EPERM without privilege, then EINVAL for the kinds
 * not offered (as a Linux built without them: copy_namespaces asks for
 * CAP_SYS_ADMIN first).
 */
int ns_clone_check(unsigned long flags)
{
	if (!(flags & NS_ALL))
		return 0;
	if (!cred_privileged())
		return -EPERM;
	if (flags & NS_ALL & ~NS_OFFERED) {
		printk_once("namespaces: only uts and mnt are offered (flags %lx)\n",
			    flags);
		return -EINVAL;
	}
	return 0;
}

/*
 * New namespaces for flags: *uts and *mnt are NULL where none is asked
 * for; fs is the file state whose root and cwd move into the new mount
 * namespace (the last step, so nothing needs undoing after it).
 */
static int ns_make(struct proc *from, unsigned long flags, struct fs_state *fs,
		   struct uts_ns **uts, struct mnt_ns **mnt)
{
	int err;

	*uts = NULL;
	*mnt = NULL;
	if ((flags & CLONE_NEWUTS) && !(*uts = uts_copy(from->uts_ns)))
		return -ENOMEM;
	if (flags & CLONE_NEWNS) {
		err = mnt_ns_copy(from->mnt_ns, fs, mnt);
		if (err) {
			ns_put(*uts ? &(*uts)->ns : NULL);
			*uts = NULL;
			return err;
		}
	}
	return 0;
}

void ns_init_proc(struct proc *p)
{
	p->uts_ns = container_of(ns_get(&init_uts_ns.ns), struct uts_ns, ns);
	p->mnt_ns = mnt_ns_initial();
}

int ns_fork(struct proc *p, struct proc *parent, unsigned long flags)
{
	struct uts_ns *uts;
	struct mnt_ns *mnt;
	int err = ns_make(parent, flags, p->fs, &uts, &mnt);

	if (err)
		return err;
	p->uts_ns = uts ? uts : container_of(ns_get(&parent->uts_ns->ns),
					     struct uts_ns, ns);
	p->mnt_ns = mnt ? mnt : mnt_ns_of(ns_get(mnt_ns_common(parent->mnt_ns)));
	return 0;
}

void ns_exit(struct proc *p)
{
	if (p->uts_ns)
		ns_put(&p->uts_ns->ns);
	if (p->mnt_ns)
		ns_put(mnt_ns_common(p->mnt_ns));
	p->uts_ns = NULL;
	p->mnt_ns = NULL;
}

/* ---- unshare(2) ----------------------------------------------------------- */

/* check_unshare_flags: what unshare takes, and what must not be shared. */
static int unshare_check(unsigned long flags)
{
	struct proc *p = current;

	if (flags & ~(CLONE_THREAD | CLONE_FS | CLONE_NEWNS | CLONE_SIGHAND |
		      CLONE_VM | CLONE_FILES | CLONE_SYSVSEM | NS_ALL))
		return -EINVAL;
	if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) &&
	    p->group_leader->live_threads > 1)
		return -EINVAL;
	if ((flags & (CLONE_SIGHAND | CLONE_VM)) && p->sighand->refs > 1)
		return -EINVAL;
	if ((flags & CLONE_VM) && p->vm->refcount > 1)
		return -EINVAL;
	return ns_clone_check(flags);
}

long sys_unshare(unsigned long flags)
{
	struct fs_state *fs = NULL;
	struct files_state *files = NULL;
	struct uts_ns *uts;
	struct mnt_ns *mnt;
	int err;

	if (flags & CLONE_NEWUSER)
		flags |= CLONE_THREAD | CLONE_FS;
	if (flags & CLONE_VM)
		flags |= CLONE_SIGHAND;
	if (flags & CLONE_SIGHAND)
		flags |= CLONE_THREAD;
	if (flags & CLONE_NEWNS)
		flags |= CLONE_FS;
	err = unshare_check(flags);
	if (err)
		return err;
	if ((flags & CLONE_FS) && fs_state_shared(current->fs) &&
	    !(fs = fs_state_fork(current->fs)))
		return -ENOMEM;
	err = -ENOMEM;
	if ((flags & CLONE_FILES) && files_shared(current->files) &&
	    !(files = files_fork(current->files)))
		goto out_put_fs;
	err = ns_make(current, flags, fs ? fs : current->fs, &uts, &mnt);
	if (err)
		goto out_put_files;
	if (fs) {
		fs_state_put(current->fs);
		current->fs = fs;
	}
	if (files) {
		files_put(current->files);
		current->files = files;
	}
	if (uts) {
		ns_put(&current->uts_ns->ns);
		current->uts_ns = uts;
	}
	if (mnt) {
		ns_put(mnt_ns_common(current->mnt_ns));
		current->mnt_ns = mnt;
	}
	return 0;

out_put_files:
	if (files)
		files_put(files);
out_put_fs:
	if (fs)
		fs_state_put(fs);
	return err;
}

/* ---- setns(2) ------------------------------------------------------------- */

/* Join ns (checked to be the file's, of the type asked for). */
static int ns_install(struct ns_common *ns)
{
	struct proc *p = current;

	if (ns->type == CLONE_NEWUSER)
		return -EINVAL;         /* userns_install: already in it */
	if (ns->type == CLONE_NEWNS && fs_state_shared(p->fs))
		return -EINVAL;         /* mntns_install: fs->users != 1 */
	if (!cred_privileged())
		return -EPERM;
	if (ns->type == CLONE_NEWUTS) {
		ns_put(&p->uts_ns->ns);
		p->uts_ns = container_of(ns_get(ns), struct uts_ns, ns);
	} else if (ns->type == CLONE_NEWNS) {
		mnt_ns_enter(mnt_ns_of(ns), p->fs);
		ns_get(ns);
		ns_put(mnt_ns_common(p->mnt_ns));
		p->mnt_ns = mnt_ns_of(ns);
	}
	return 0;
}

long sys_setns(int fd, int nstype)
{
	struct file *f = fd_lookup(fd);
	struct ns_common *ns;

	if (!f)
		return -EBADF;
	ns = nsfs_ns(f);
	if (!ns || (nstype && (unsigned long)(unsigned)nstype != ns->type))
		return -EINVAL;
	return ns_install(ns);
}
