// SPDX-License-Identifier: MIT
/*
 * sem.c - System V semaphore sets (semget(2), semop(2), semtimedop(2),
 * semctl(2); Linux ipc/sem.c).
 *
 * A semop applies all its operations or none.  One that would block
 * waits on its set's queue in arrival order; after every change the queue
 * is tried again from its head, and a waiter whose operations now succeed
 * is done and woken (update_queue), the scan starting over after one that
 * changed values.  SEM_UNDO keeps per-process adjustments (shared by the
 * threads of a group, as CLONE_SYSVSEM makes them), applied at its exit.
 * Signals end a wait with EINTR, a timeout with EAGAIN, IPC_RMID with EIDRM.
 */
#include "ipc/ipc_internal.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include <arch/abi.h>

#define SEM_UNDO 0x1000
#define GETPID 11
#define GETVAL 12
#define GETALL 13
#define GETNCNT 14
#define GETZCNT 15
#define SETVAL 16
#define SETALL 17
#define SEM_STAT 18
#define SEM_INFO 19
#define SEM_STAT_ANY 20
#define SEMVMX 32767
#define SEMAEM SEMVMX
#define SEMUSZ 20
#define SEMOPS_ON_STACK 16

struct sembuf {
	uint16_t sem_num;
	int16_t sem_op;
	int16_t sem_flg;
};

struct semid64_ds {
	struct ipc64_perm sem_perm;
	struct user_semid_tail t;
};

struct seminfo {
	int32_t semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz,
		semvmx, semaem;
};

struct sem {
	int val;                        /* [L] */
	int pid;                        /* [L] last to operate on it */
};

struct sem_set {
	struct ipc_obj perm;
	int nsems;                      /* [I] */
	int64_t otime;                  /* [L] last semop */
	struct list_head pending;       /* [L] struct sem_waiter.link, in arrival order */
	struct list_head undos;         /* [L] struct sem_undo.set_link */
	struct sem sems[];
};

/* A blocked semop, on its sleeper's stack. */
struct sem_waiter {
	struct list_head link;
	struct proc *proc;
	const struct sembuf *sops;
	unsigned nsops;
	struct sem_undo *undo;          /* NULL when no SEM_UNDO */
	bool alter;
	int blocking;                   /* the operation that blocks it */
	int tgid;
	int status;                     /* 1 waiting, else its result */
};

/* One process's SEM_UNDO adjustments to one set. */
struct sem_undo {
	struct list_head set_link;
	struct list_head all_link;      /* in sem_undo_all */
	struct sem_set *set;
	int tgid;
	int16_t adj[];
};

static struct ipc_ids sem_ids = { .max_idx = -1, .last_idx = -1 };
static int sem_used;                    /* [L] semaphores in all sets */
static struct list_head sem_undo_all = LIST_HEAD_INIT(sem_undo_all); /* [L] */

static struct sem_set *set_by_id(int id)
{
	return (struct sem_set *)ipc_find_id(&sem_ids, id);
}

static void undo_free(struct sem_undo *u)
{
	list_del(&u->set_link);
	list_del(&u->all_link);
	kfree(u);
}

/* IPC_RMID: wake every waiter with EIDRM, drop the adjustments, free. */
static void set_destroy(struct sem_set *s)
{
	struct list_head *l, *n;

	list_for_each_safe(l, n, &s->pending) {
		struct sem_waiter *w = list_entry(l, struct sem_waiter, link);
		list_del(&w->link);
		w->status = -EIDRM;
		proc_wake(w->proc);
	}
	list_for_each_safe(l, n, &s->undos)
		undo_free(list_entry(l, struct sem_undo, set_link));
	ipc_remove(&sem_ids, &s->perm);
	sem_used -= s->nsems;
	kfree(s);
}

/*
 * Try sops on s (perform_atomic_semop): 0 and applied, 1 would block
 * (*blocking: which), -EAGAIN (it would, but IPC_NOWAIT), -ERANGE.
 */
static int sem_try(struct sem_set *s, const struct sembuf *sops, unsigned n,
		   struct sem_undo *u, int tgid, int *blocking)
{
	unsigned i;
	int err = 0;

	for (i = 0; i < n; i++) {
		const struct sembuf *op = &sops[i];
		int v = s->sems[op->sem_num].val + op->sem_op;

		if ((!op->sem_op && s->sems[op->sem_num].val) || v < 0) {
			*blocking = (int)i;
			err = (op->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
			break;
		}
		if (v > SEMVMX) {
			err = -ERANGE;
			break;
		}
		if (op->sem_flg & SEM_UNDO) {
			int adj = u->adj[op->sem_num] - op->sem_op;
			if (adj < -SEMAEM - 1 || adj > SEMAEM) {
				err = -ERANGE;
				break;
			}
		}
		s->sems[op->sem_num].val = v;
	}
	if (err) {
		while (i-- > 0)
			s->sems[sops[i].sem_num].val -= sops[i].sem_op;
		return err;
	}
	for (i = 0; i < n; i++) {
		if (sops[i].sem_flg & SEM_UNDO)
			u->adj[sops[i].sem_num] -= sops[i].sem_op;
		s->sems[sops[i].sem_num].pid = tgid;
	}
	s->otime = ipc_now();
	return 0;
}

/* Values changed: complete the waiters that can go now (update_queue). */
static void sem_update(struct sem_set *s)
{
	struct list_head *l, *n;
	bool again = true;

	while (again) {
		again = false;
		list_for_each_safe(l, n, &s->pending) {
			struct sem_waiter *w = list_entry(l, struct sem_waiter, link);
			int r = sem_try(s, w->sops, w->nsops, w->undo, w->tgid, &w->blocking);
			if (r == 1)
				continue;
			list_del(&w->link);
			w->status = r;
			proc_wake(w->proc);
			if (!r && w->alter) {
				again = true;
				break;
			}
		}
	}
}

static long sem_create(int key, int flg, void *arg)
{
	int nsems = *(int *)arg, err;
	struct sem_set *s;

	if (!nsems)
		return -EINVAL;
	if (sem_used + nsems > ipc_lim.semmns)
		return -ENOSPC;
	s = kzalloc(sizeof(*s) + sizeof(struct sem) * (size_t)nsems);
	if (!s)
		return -ENOMEM;
	err = ipc_add(&sem_ids, &s->perm, key, flg, ipc_lim.semmni);
	if (err) {
		kfree(s);
		return err;
	}
	s->nsems = nsems;
	list_init(&s->pending);
	list_init(&s->undos);
	sem_used += nsems;
	return s->perm.id;
}

static int sem_check(struct ipc_obj *o, void *arg)
{
	return *(int *)arg > ((struct sem_set *)o)->nsems ? -EINVAL : 0;
}

static const struct ipc_get_ops sem_get_ops = { .create = sem_create, .check = sem_check };

long sys_semget(int key, int nsems, int semflg)
{
	if (nsems < 0 || nsems > ipc_lim.semmsl)
		return -EINVAL;
	return ipc_get(&sem_ids, key, semflg, &sem_get_ops, &nsems);
}

/* The caller's adjustments to s, made when it has none: NULL: ENOMEM. */
static struct sem_undo *undo_get(struct sem_set *s, int tgid)
{
	struct list_head *l;
	struct sem_undo *u;

	list_for_each(l, &s->undos) {
		u = list_entry(l, struct sem_undo, set_link);
		if (u->tgid == tgid)
			return u;
	}
	u = kzalloc(sizeof(*u) + sizeof(int16_t) * (size_t)s->nsems);
	if (!u)
		return NULL;
	u->set = s;
	u->tgid = tgid;
	list_add_tail(&u->set_link, &s->undos);
	list_add_tail(&u->all_link, &sem_undo_all);
	return u;
}

/* Sleep until w is done: its result, -EINTR (signal) or -EAGAIN (timeout). */
static long sem_wait(struct sem_set *s, struct sem_waiter *w, uint64_t deadline)
{
	int err = 0;

	list_add_tail(&w->link, &s->pending);
	while (w->status == 1 && !err)
		err = sched_sleep(deadline);
	if (w->status != 1)
		return w->status;
	list_del(&w->link);
	return err == -ETIMEDOUT ? -EAGAIN : -EINTR;
}

static long do_semop(int semid, const struct sembuf *sops, unsigned nsops, uint64_t deadline)
{
	struct sem_waiter w = { .proc = current, .sops = sops, .nsops = nsops,
				.tgid = ipc_tgid(), .status = 1 };
	struct sem_set *s = set_by_id(semid);
	bool undo = false;
	unsigned max = 0;
	int r;

	for (unsigned i = 0; i < nsops; i++) {
		max = MAX(max, sops[i].sem_num);
		undo |= (sops[i].sem_flg & SEM_UNDO) != 0;
		w.alter |= sops[i].sem_op != 0;
	}
	if (!s)
		return -EINVAL;
	if (max >= (unsigned)s->nsems)
		return -EFBIG;
	if (ipc_perms(&s->perm, w.alter ? S_IWUGO : S_IRUGO))
		return -EACCES;
	if (undo && !(w.undo = undo_get(s, w.tgid)))
		return -ENOMEM;
	r = sem_try(s, sops, nsops, w.undo, w.tgid, &w.blocking);
	if (r == 0 && w.alter)
		sem_update(s);
	if (r <= 0)
		return r;
	return sem_wait(s, &w, deadline);
}

long sys_semtimedop(int semid, void __user *usops, unsigned nsops,
		    const struct timespec64 __user *timeout)
{
	struct sembuf stack[SEMOPS_ON_STACK], *sops = stack;
	uint64_t deadline = 0, ns;
	long err;

	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > (unsigned)ipc_lim.semopm)
		return -E2BIG;
	if (nsops > SEMOPS_ON_STACK && !(sops = kmalloc(sizeof(*sops) * nsops)))
		return -ENOMEM;
	err = copy_from_user(sops, usops, sizeof(*sops) * nsops) ? -EFAULT : 0;
	if (!err && timeout) {
		err = timespec_from_user(timeout, &ns);
		deadline = time_monotonic_ns() + ns;
		deadline += !deadline;
	}
	if (!err)
		err = do_semop(semid, sops, nsops, deadline);
	if (sops != stack)
		kfree(sops);
	return err;
}

long sys_semop(int semid, void __user *sops, unsigned nsops)
{
	return sys_semtimedop(semid, sops, nsops, NULL);
}

/* Processes waiting in s for semaphore num to grow (or, zero, to be 0). */
static int sem_count(struct sem_set *s, int num, bool zero)
{
	struct list_head *l;
	int n = 0;

	list_for_each(l, &s->pending) {
		struct sem_waiter *w = list_entry(l, struct sem_waiter, link);
		const struct sembuf *op = &w->sops[w->blocking];
		if (op->sem_num == num && (zero ? op->sem_op == 0 : op->sem_op < 0))
			n++;
	}
	return n;
}

/* SETVAL, SETALL: the adjustments to what was set are forgotten. */
static void sem_set_done(struct sem_set *s, int num)
{
	struct list_head *l;

	list_for_each(l, &s->undos) {
		struct sem_undo *u = list_entry(l, struct sem_undo, set_link);
		if (num >= 0)
			u->adj[num] = 0;
		else
			memset(u->adj, 0, sizeof(int16_t) * (size_t)s->nsems);
	}
	s->perm.ctime = ipc_now();
	sem_update(s);
}

static long sem_setval(int semid, int num, int val)
{
	struct sem_set *s;

	if (val > SEMVMX || val < 0)
		return -ERANGE;
	s = set_by_id(semid);
	if (!s)
		return -EINVAL;
	if (num < 0 || num >= s->nsems)
		return -EINVAL;
	if (ipc_perms(&s->perm, S_IWUGO))
		return -EACCES;
	s->sems[num].val = val;
	s->sems[num].pid = ipc_tgid();
	sem_set_done(s, num);
	return 0;
}

static long sem_all(struct sem_set *s, int cmd, void __user *uarr)
{
	size_t len = sizeof(uint16_t) * (size_t)s->nsems;
	uint16_t *v = kmalloc(len);
	long err = 0;

	if (!v)
		return -ENOMEM;
	if (cmd == GETALL) {
		for (int i = 0; i < s->nsems; i++)
			v[i] = (uint16_t)s->sems[i].val;
		err = copy_to_user(uarr, v, len) ? -EFAULT : 0;
	} else if (copy_from_user(v, uarr, len)) {
		err = -EFAULT;
	} else {
		for (int i = 0; i < s->nsems && !err; i++)
			if (v[i] > SEMVMX)
				err = -ERANGE;
		for (int i = 0; i < s->nsems && !err; i++) {
			s->sems[i].val = v[i];
			s->sems[i].pid = ipc_tgid();
		}
		if (!err)
			sem_set_done(s, -1);
	}
	kfree(v);
	return err;
}

/* semctl_main: GETALL, SETALL and the one-semaphore reads. */
static long sem_main(int semid, int num, int cmd, unsigned long arg)
{
	struct sem_set *s = set_by_id(semid);

	if (!s)
		return -EINVAL;
	if (ipc_perms(&s->perm, cmd == SETALL ? S_IWUGO : S_IRUGO))
		return -EACCES;
	if (cmd == GETALL || cmd == SETALL)
		return sem_all(s, cmd, (void __user *)arg);
	if (num < 0 || num >= s->nsems)
		return -EINVAL;
	switch (cmd) {
	case GETVAL: return s->sems[num].val;
	case GETPID: return s->sems[num].pid;
	case GETNCNT: return sem_count(s, num, false);
	default: return sem_count(s, num, true);
	}
}

static long sem_info(int cmd, void __user *buf)
{
	struct seminfo i = {
		.semmni = ipc_lim.semmni, .semmns = ipc_lim.semmns,
		.semmsl = ipc_lim.semmsl, .semopm = ipc_lim.semopm, .semvmx = SEMVMX,
		.semmnu = ipc_lim.semmns, .semmap = ipc_lim.semmns, .semume = ipc_lim.semopm,
		.semusz = cmd == SEM_INFO ? sem_ids.in_use : SEMUSZ,
		.semaem = cmd == SEM_INFO ? sem_used : SEMAEM,
	};

	if (copy_to_user(buf, &i, sizeof(i)))
		return -EFAULT;
	return ipc_max_idx(&sem_ids);
}

static long sem_stat(int semid, int cmd, void __user *buf)
{
	struct ipc_obj *o = ipc_stat_obj(&sem_ids, semid, cmd, SEM_STAT_ANY);
	struct sem_set *s = container_of(o, struct sem_set, perm);
	struct semid64_ds d;

	if (IS_ERR(o))
		return PTR_ERR(o);
	memset(&d, 0, sizeof(d));
	ipc_perm_to_user(&s->perm, &d.sem_perm);
	d.t.sem_otime = s->otime;
	d.t.sem_ctime = s->perm.ctime;
	d.t.sem_nsems = (uint64_t)s->nsems;
	if (copy_to_user(buf, &d, sizeof(d)))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : s->perm.id;
}

static long sem_change(int semid, int cmd, void __user *buf)
{
	struct semid64_ds d;
	struct sem_set *s;
	struct ipc_obj *o;

	if (cmd == IPC_SET && copy_from_user(&d, buf, sizeof(d)))
		return -EFAULT;
	o = ipc_change_obj(&sem_ids, semid);
	if (IS_ERR(o))
		return PTR_ERR(o);
	s = container_of(o, struct sem_set, perm);
	if (cmd == IPC_SET)
		ipc_set_perm(&s->perm, &d.sem_perm);
	else
		set_destroy(s);
	return 0;
}

long sys_semctl(int semid, int semnum, int cmd, unsigned long arg)
{
	if (semid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO:
		return sem_info(cmd, (void __user *)arg);
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY:
		return sem_stat(semid, cmd, (void __user *)arg);
	case GETALL:
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
	case SETALL:
		return sem_main(semid, semnum, cmd, arg);
	case SETVAL:
		return sem_setval(semid, semnum, (int)arg);   /* little-endian: val is the low half */
	case IPC_SET:
	case IPC_RMID:
		return sem_change(semid, cmd, (void __user *)arg);
	default:
		return ipc_bad_cmd("semctl", cmd);
	}
}

/* exit_sem: apply the group's adjustments, each value kept in [0, SEMVMX]. */
void sem_exit(int tgid)
{
	struct list_head *l, *n;

	list_for_each_safe(l, n, &sem_undo_all) {
		struct sem_undo *u = list_entry(l, struct sem_undo, all_link);
		struct sem_set *s = u->set;
		if (u->tgid != tgid)
			continue;
		for (int i = 0; i < s->nsems; i++) {
			if (!u->adj[i])
				continue;
			s->sems[i].val = MIN(MAX(s->sems[i].val + u->adj[i], 0), SEMVMX);
			s->sems[i].pid = tgid;
		}
		undo_free(u);
		sem_update(s);          /* frees no adjustments: n stays */
	}
}

void sem_proc_show(ipc_put_fn put, void *ctx)
{
	put(ctx, "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n");
	for (int i = 0; i <= sem_ids.max_idx; i++) {
		struct sem_set *s = (struct sem_set *)ipc_find_idx(&sem_ids, i);
		if (!s)
			continue;
		ipc_putf(put, ctx, "%10d %10d  %4o %10u %5u %5u %5u %5u %10lld %10lld\n",
			 s->perm.key, s->perm.id, s->perm.mode, (unsigned)s->nsems,
			 s->perm.uid, s->perm.gid, s->perm.cuid, s->perm.cgid,
			 (long long)s->otime, (long long)s->perm.ctime);
	}
}
