// SPDX-License-Identifier: MIT
/*
 * cred.c - user and group IDs: get*id, set*id (POSIX and Linux rules:
 * privileged callers set anything, others only among their real, effective
 * and saved IDs), the fs IDs that follow the effective ones, and the
 * supplementary groups.
 */
#include "kernel/kernel.h"
#include "kernel/cred.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"

#define NO_ID 0xffffffffU

const struct cred *current_cred(void)
{
	return &current->cred;
}

bool cred_privileged(void)
{
	return current->cred.euid == 0;
}

bool cred_fs_privileged(void)
{
	return current->cred.fsuid == 0;
}

bool cred_in_group(uint32_t gid)
{
	const struct cred *c = &current->cred;

	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

/*
 * Linux's bprm_fill_uid and cap_bprm_creds_from_file: the owner becomes
 * the effective user ID of a set-user-ID program, its group the effective
 * group ID of a set-group-ID one (only with group execute: without it the
 * bit means mandatory locking); the saved and fs IDs follow the effective
 * ones at every execve.
 */
bool cred_exec(struct cred *c, uint32_t setid, uint32_t uid, uint32_t gid)
{
	if (setid & 04000)
		c->euid = uid;
	if ((setid & 02010) == 02010)
		c->egid = gid;
	c->suid = c->fsuid = c->euid;
	c->sgid = c->fsgid = c->egid;
	return c->euid != c->uid || c->egid != c->gid;
}

void cred_swap_fs_ids(uint32_t *fsuid, uint32_t *fsgid)
{
	struct cred *c = &current->cred;
	uint32_t u = c->fsuid, g = c->fsgid;

	c->fsuid = *fsuid;
	c->fsgid = *fsgid;
	*fsuid = u;
	*fsgid = g;
}

long sys_getuid(void) { return current->cred.uid; }
long sys_geteuid(void) { return current->cred.euid; }
long sys_getgid(void) { return current->cred.gid; }
long sys_getegid(void) { return current->cred.egid; }

/*
 * commit_creds' rule: a process whose effective or fs IDs change is no
 * longer dumpable (suid_dumpable 0), so its /proc files turn root's.
 */
static long cred_changed(const struct cred *old, long ret)
{
	const struct cred *c = &current->cred;

	if (ret >= 0 && (c->euid != old->euid || c->egid != old->egid ||
			 c->fsuid != old->fsuid || c->fsgid != old->fsgid))
		current->not_dumpable = true;
	return ret;
}

/* May an unprivileged caller take id?  Only one it already has. */
static bool id_allowed(uint32_t id, uint32_t r, uint32_t e, uint32_t s)
{
	return id == r || id == e || id == s;
}

/* setresuid/setresgid core on one triple (NO_ID: leave as is). */
static long set_res(uint32_t *r, uint32_t *e, uint32_t *s, uint32_t *fs,
		    uint32_t nr, uint32_t ne, uint32_t ns)
{
	if (!cred_privileged() &&
	    ((nr != NO_ID && !id_allowed(nr, *r, *e, *s)) ||
	     (ne != NO_ID && !id_allowed(ne, *r, *e, *s)) ||
	     (ns != NO_ID && !id_allowed(ns, *r, *e, *s))))
		return -EPERM;
	if (nr != NO_ID)
		*r = nr;
	if (ne != NO_ID)
		*e = ne;
	if (ns != NO_ID)
		*s = ns;
	*fs = *e;
	return 0;
}

static long do_setresuid(uint32_t r, uint32_t e, uint32_t s)
{
	struct cred *c = &current->cred;

	return set_res(&c->uid, &c->euid, &c->suid, &c->fsuid, r, e, s);
}

static long do_setresgid(uint32_t r, uint32_t e, uint32_t s)
{
	struct cred *c = &current->cred;

	return set_res(&c->gid, &c->egid, &c->sgid, &c->fsgid, r, e, s);
}

/* setuid: privileged sets all three; others only the effective ID. */
static long do_setuid(uint32_t uid)
{
	struct cred *c = &current->cred;

	if (uid == NO_ID)
		return -EINVAL;
	if (cred_privileged())
		return set_res(&c->uid, &c->euid, &c->suid, &c->fsuid, uid, uid, uid);
	return set_res(&c->uid, &c->euid, &c->suid, &c->fsuid, NO_ID, uid, NO_ID);
}

static long do_setgid(uint32_t gid)
{
	struct cred *c = &current->cred;

	if (gid == NO_ID)
		return -EINVAL;
	if (cred_privileged())
		return set_res(&c->gid, &c->egid, &c->sgid, &c->fsgid, gid, gid, gid);
	return set_res(&c->gid, &c->egid, &c->sgid, &c->fsgid, NO_ID, gid, NO_ID);
}

/* setreuid: the saved ID follows the new effective one when the real ID
 * is set or the effective one changes away from the real one. */
static long do_setreuid(uint32_t r, uint32_t e)
{
	struct cred *c = &current->cred;
	uint32_t s = NO_ID;

	if (r != NO_ID || (e != NO_ID && e != c->uid))
		s = e != NO_ID ? e : c->euid;
	if (!cred_privileged() && r != NO_ID && r != c->uid && r != c->euid)
		return -EPERM;
	if (!cred_privileged() && e != NO_ID && !id_allowed(e, c->uid, c->euid, c->suid))
		return -EPERM;
	struct cred save = *c;
	c->euid = 0; /* the checks are done: apply as privileged */
	long err = set_res(&c->uid, &c->euid, &c->suid, &c->fsuid, r,
			   e != NO_ID ? e : save.euid, s);
	if (err)
		*c = save;
	return err;
}

static long do_setregid(uint32_t r, uint32_t e)
{
	struct cred *c = &current->cred;
	uint32_t s = NO_ID;

	if (r != NO_ID || (e != NO_ID && e != c->gid))
		s = e != NO_ID ? e : c->egid;
	if (!cred_privileged() && r != NO_ID && r != c->gid && r != c->egid)
		return -EPERM;
	if (!cred_privileged() && e != NO_ID && !id_allowed(e, c->gid, c->egid, c->sgid))
		return -EPERM;
	if (r != NO_ID)
		c->gid = r;
	if (e != NO_ID)
		c->egid = e;
	if (s != NO_ID)
		c->sgid = s;
	c->fsgid = c->egid;
	return 0;
}

static long put_res(uint32_t r, uint32_t e, uint32_t s, uint32_t __user *ur,
		    uint32_t __user *ue, uint32_t __user *us)
{
	if (copy_to_user(ur, &r, 4) || copy_to_user(ue, &e, 4) || copy_to_user(us, &s, 4))
		return -EFAULT;
	return 0;
}

long sys_getresuid(uint32_t __user *r, uint32_t __user *e, uint32_t __user *s)
{
	const struct cred *c = &current->cred;

	return put_res(c->uid, c->euid, c->suid, r, e, s);
}

long sys_getresgid(uint32_t __user *r, uint32_t __user *e, uint32_t __user *s)
{
	const struct cred *c = &current->cred;

	return put_res(c->gid, c->egid, c->sgid, r, e, s);
}

/* setfsuid/setfsgid return the old value and never fail visibly. */
static long do_setfsuid(uint32_t id)
{
	struct cred *c = &current->cred;
	uint32_t old = c->fsuid;

	if (cred_privileged() || id_allowed(id, c->uid, c->euid, c->suid) || id == c->fsuid)
		c->fsuid = id;
	return old;
}

static long do_setfsgid(uint32_t id)
{
	struct cred *c = &current->cred;
	uint32_t old = c->fsgid;

	if (cred_privileged() || id_allowed(id, c->gid, c->egid, c->sgid) || id == c->fsgid)
		c->fsgid = id;
	return old;
}

long sys_setresuid(uint32_t r, uint32_t e, uint32_t s)
{
	struct cred old = current->cred;

	return cred_changed(&old, do_setresuid(r, e, s));
}

long sys_setresgid(uint32_t r, uint32_t e, uint32_t s)
{
	struct cred old = current->cred;

	return cred_changed(&old, do_setresgid(r, e, s));
}

long sys_setuid(uint32_t uid)
{
	struct cred old = current->cred;

	return cred_changed(&old, do_setuid(uid));
}

long sys_setgid(uint32_t gid)
{
	struct cred old = current->cred;

	return cred_changed(&old, do_setgid(gid));
}

long sys_setreuid(uint32_t r, uint32_t e)
{
	struct cred old = current->cred;

	return cred_changed(&old, do_setreuid(r, e));
}

long sys_setregid(uint32_t r, uint32_t e)
{
	struct cred old = current->cred;

	return cred_changed(&old, do_setregid(r, e));
}

long sys_setfsuid(uint32_t id)
{
	struct cred old = current->cred;

	return cred_changed(&old, do_setfsuid(id));
}

long sys_setfsgid(uint32_t id)
{
	struct cred old = current->cred;

	return cred_changed(&old, do_setfsgid(id));
}

long sys_getgroups(int size, uint32_t __user *list)
{
	const struct cred *c = &current->cred;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(list, c->groups, (size_t)c->ngroups * 4))
		return -EFAULT;
	return c->ngroups;
}

long sys_setgroups(int size, const uint32_t __user *list)
{
	struct cred *c = &current->cred;
	uint32_t g[NGROUPS_MAX_K];

	if (!cred_privileged())
		return -EPERM;
	if (size < 0 || size > 65536)
		return -EINVAL;
	if (size > NGROUPS_MAX_K) {
		printk_once("setgroups: more than %d groups are not supported yet\n",
			    NGROUPS_MAX_K);
		return -ENOMEM;
	}
	if (copy_from_user(g, list, (size_t)size * 4))
		return -EFAULT;
	memcpy(c->groups, g, (size_t)size * 4);
	c->ngroups = size;
	return 0;
}

#define CAP_VERSION_1 0x19980330 /* one 32-bit set */
#define CAP_VERSION_2 0x20071026 /* two, as version 3 */
#define CAP_VERSION_3 0x20080522

struct cap_header {
	uint32_t version;
	int pid;
};

struct cap_data {
	uint32_t effective, permitted, inheritable;
};

/*
 * capget: root holds every capability in its permitted and effective
 * sets, anyone else none (cred.h: privilege is uid 0), as
 * /proc/<pid>/status's CapPrm and CapEff say.
 */
long sys_capget(struct cap_header __user *hp, struct cap_data __user *dp)
{
	struct cap_header h;
	struct cap_data d[2];
	struct proc *p;
	unsigned n;

	if (copy_from_user(&h, hp, sizeof(h)))
		return -EFAULT;
	if (h.version != CAP_VERSION_1 && h.version != CAP_VERSION_2 &&
	    h.version != CAP_VERSION_3) {
		/* Tell the caller the version this kernel speaks. */
		h.version = CAP_VERSION_3;
		if (copy_to_user(&hp->version, &h.version, sizeof(h.version)))
			return -EFAULT;
		return dp ? -EINVAL : 0;
	}
	if (h.pid < 0)
		return -EINVAL;
	p = h.pid ? proc_find(h.pid) : current;
	if (!p)
		return -ESRCH;
	if (!dp)
		return 0;
	memset(d, 0, sizeof(d));
	if (p->cred.euid == 0) {
		d[0].effective = d[0].permitted = 0xffffffff;
		d[1].effective = d[1].permitted = (1u << (CAP_LAST_CAP - 31)) - 1;
	}
	n = h.version == CAP_VERSION_1 ? 1 : 2;
	return copy_to_user(dp, d, n * sizeof(d[0])) ? -EFAULT : 0;
}
