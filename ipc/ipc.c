// SPDX-License-Identifier: MIT
/*
 * ipc.c - what the three System V IPC kinds share (Linux ipc/util.c): id
 * tables with Linux's id numbers (slots handed out cyclically, a sequence
 * number bumped at each wrap), key lookup, ipcperms, the IPC_SET owner
 * check, the limits and their /proc/sys/kernel files, and the exit hook.
 */
#include "ipc/ipc_internal.h"
#include "kernel/cred.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/time.h"

#define NSEC_PER_SEC_ 1000000000ULL

struct ipc_limits ipc_lim = {
	.shmmax = ~0ULL - (1ULL << 24),         /* SHMMAX */
	.shmall = ~0ULL - (1ULL << 24),         /* SHMALL */
	.shmmni = 4096,
	.semmsl = 32000, .semmns = 32000 * 32000, .semopm = 500, .semmni = 32000,
	.msgmax = 8192, .msgmnb = 16384, .msgmni = 32000,
};

int64_t ipc_now(void)
{
	return (int64_t)(time_realtime_ns() / NSEC_PER_SEC_);
}

int ipc_tgid(void)
{
	return current->tgid;
}

struct ipc_obj *ipc_find_idx(struct ipc_ids *ids, int idx)
{
	if (idx < 0 || idx >= ids->cap)
		return NULL;
	return ids->slot[idx];
}

struct ipc_obj *ipc_find_id(struct ipc_ids *ids, int id)
{
	struct ipc_obj *o;

	if (id < 0)
		return NULL;
	o = ipc_find_idx(ids, id % IPCMNI);
	return o && o->id == id ? o : NULL;
}

struct ipc_obj *ipc_find_key(struct ipc_ids *ids, int key)
{
	for (int i = 0; i <= ids->max_idx; i++)
		if (ids->slot[i] && ids->slot[i]->key == key)
			return ids->slot[i];
	return NULL;
}

static int grow(struct ipc_ids *ids, int want)
{
	int cap = ids->cap ? ids->cap : IPC_MIN_CYCLE;
	struct ipc_obj **n;

	while (cap < want)
		cap *= 2;
	cap = MIN(cap, IPCMNI);
	if (cap <= ids->cap)
		return 0;
	n = kzalloc(sizeof(*n) * (size_t)cap);
	if (!n)
		return -ENOMEM;
	if (ids->slot)
		memcpy(n, ids->slot, sizeof(*n) * (size_t)ids->cap);
	kfree(ids->slot);
	ids->slot = n;
	ids->cap = cap;
	return 0;
}

/* idr_alloc_cyclic over [0, max(in_use * 3 / 2, 64)) as ipc_idr_alloc does. */
static int alloc_idx(struct ipc_ids *ids)
{
	int end = MIN(MAX(ids->in_use * 3 / 2, IPC_MIN_CYCLE), IPCMNI);

	if (grow(ids, end))
		return -ENOMEM;
	for (int i = ids->last_idx + 1; i < end; i++)
		if (!ids->slot[i])
			return i;
	for (int i = 0; i < end && i <= ids->last_idx; i++)
		if (!ids->slot[i])
			return i;
	return -ENOSPC;
}

int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, int key, int flg, int limit)
{
	const struct cred *c = current_cred();
	int idx;

	if (ids->in_use >= limit)
		return -ENOSPC;
	idx = alloc_idx(ids);
	if (idx < 0)
		return idx;
	if (idx <= ids->last_idx && ++ids->seq >= 65536)
		ids->seq = 0;   /* ipcid_seq_max: INT_MAX / IPCMNI */
	ids->last_idx = idx;
	o->key = key;
	o->idx = idx;
	o->id = ids->seq * IPCMNI + idx;
	o->uid = o->cuid = c->euid;
	o->gid = o->cgid = c->egid;
	o->mode = (uint32_t)flg & S_IRWXUGO;
	o->ctime = ipc_now();
	ids->slot[idx] = o;
	ids->in_use++;
	ids->max_idx = MAX(ids->max_idx, idx);
	return 0;
}

void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o)
{
	assert(ids->slot[o->idx] == o);
	ids->slot[o->idx] = NULL;
	ids->in_use--;
	while (ids->max_idx >= 0 && !ids->slot[ids->max_idx])
		ids->max_idx--;
}

int ipc_max_idx(struct ipc_ids *ids)
{
	return ids->in_use ? ids->max_idx : 0;
}

long ipc_get(struct ipc_ids *ids, int key, int flg, const struct ipc_get_ops *ops,
	     void *arg)
{
	struct ipc_obj *o;
	int err;

	if (key == IPC_PRIVATE)
		return ops->create(key, flg, arg);
	o = ipc_find_key(ids, key);
	if (!o)
		return (flg & IPC_CREAT) ? ops->create(key, flg, arg) : -ENOENT;
	if ((flg & IPC_CREAT) && (flg & IPC_EXCL))
		return -EEXIST;
	if (ops->check && (err = ops->check(o, arg)))
		return err;
	if (ipc_perms(o, flg))
		return -EACCES;
	return o->id;
}

int ipc_perms(const struct ipc_obj *o, int flg)
{
	const struct cred *c = current_cred();
	int want = (flg >> 6 | flg >> 3 | flg) & 7;
	uint32_t granted = o->mode;

	if (c->euid == o->cuid || c->euid == o->uid)
		granted >>= 6;
	else if (cred_in_group(o->cgid) || cred_in_group(o->gid))
		granted >>= 3;
	if ((want & ~granted & 7) && !cred_privileged())
		return -EACCES;
	return 0;
}

struct ipc_obj *ipc_stat_obj(struct ipc_ids *ids, int id, int cmd, int stat_any)
{
	struct ipc_obj *o = cmd == IPC_STAT ? ipc_find_id(ids, id) : ipc_find_idx(ids, id);

	if (!o)
		return ERR_PTR(-EINVAL);
	if (cmd != stat_any && ipc_perms(o, S_IRUGO))
		return ERR_PTR(-EACCES);
	return o;
}

struct ipc_obj *ipc_change_obj(struct ipc_ids *ids, int id)
{
	struct ipc_obj *o = ipc_find_id(ids, id);
	uint32_t euid = current_cred()->euid;

	if (!o)
		return ERR_PTR(-EINVAL);
	if (euid != o->cuid && euid != o->uid && !cred_privileged())
		return ERR_PTR(-EPERM);
	return o;
}

void ipc_perm_to_user(const struct ipc_obj *o, struct ipc64_perm *p)
{
	memset(p, 0, sizeof(*p));
	p->key = o->key;
	p->uid = o->uid;
	p->gid = o->gid;
	p->cuid = o->cuid;
	p->cgid = o->cgid;
	p->mode = o->mode;
	p->seq = (uint16_t)(o->id / IPCMNI);
}

void ipc_set_perm(struct ipc_obj *o, const struct ipc64_perm *p)
{
	o->uid = p->uid;
	o->gid = p->gid;
	o->mode = (o->mode & ~(uint32_t)S_IRWXUGO) | (p->mode & S_IRWXUGO);
	o->ctime = ipc_now();
}

long ipc_bad_cmd(const char *call, int cmd)
{
	printk_once("%s: command %d is not supported\n", call, cmd);
	return -EINVAL;
}

void ipc_exit(int tgid)
{
	sem_exit(tgid);
}

void ipc_putf(ipc_put_fn put, void *ctx, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	put(ctx, line);
}

void ipc_proc_show(enum ipc_proc_file which, ipc_put_fn put, void *ctx)
{
	if (which == IPC_PROC_SHM)
		shm_proc_show(put, ctx);
	else if (which == IPC_PROC_SEM)
		sem_proc_show(put, ctx);
	else
		msg_proc_show(put, ctx);
}

void ipc_sysctl_show(enum ipc_sysctl which, char *buf, size_t size)
{
	const struct ipc_limits *l = &ipc_lim;

	switch (which) {
	case IPC_CTL_SHMMAX: snprintf(buf, size, "%llu\n", (unsigned long long)l->shmmax); break;
	case IPC_CTL_SHMALL: snprintf(buf, size, "%llu\n", (unsigned long long)l->shmall); break;
	case IPC_CTL_SHMMNI: snprintf(buf, size, "%d\n", l->shmmni); break;
	case IPC_CTL_SEM:
		snprintf(buf, size, "%d\t%d\t%d\t%d\n", l->semmsl, l->semmns, l->semopm, l->semmni);
		break;
	case IPC_CTL_MSGMAX: snprintf(buf, size, "%d\n", l->msgmax); break;
	case IPC_CTL_MSGMNB: snprintf(buf, size, "%d\n", l->msgmnb); break;
	case IPC_CTL_MSGMNI: snprintf(buf, size, "%d\n", l->msgmni); break;
	}
}

/* Up to n decimal numbers separated by blanks: how many, or -EINVAL. */
static int parse_nums(const char *buf, size_t len, uint64_t *v, int n)
{
	size_t i = 0;
	int got = 0;

	while (i < len && got < n) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
			i++;
		if (i == len)
			break;
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
		v[got] = 0;
		for (; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) {
			if (v[got] > (~0ULL - 9) / 10)
				return -EINVAL;
			v[got] = v[got] * 10 + (uint64_t)(buf[i] - '0');
		}
		got++;
	}
	return got ? got : -EINVAL;
}

int ipc_sysctl_store(enum ipc_sysctl which, const char *buf, size_t len)
{
	struct ipc_limits *l = &ipc_lim;
	uint64_t v[4];
	int n = parse_nums(buf, len, v, which == IPC_CTL_SEM ? 4 : 1);

	if (n < 0)
		return n;
	if (which == IPC_CTL_SHMMAX || which == IPC_CTL_SHMALL) {
		*(which == IPC_CTL_SHMMAX ? &l->shmmax : &l->shmall) = v[0];
		return 0;
	}
	for (int i = 0; i < n; i++)
		if (v[i] > 0x7fffffff)
			return -EINVAL;
	switch (which) {
	case IPC_CTL_SHMMNI: if (v[0] > IPCMNI) return -EINVAL; l->shmmni = (int)v[0]; break;
	case IPC_CTL_MSGMAX: l->msgmax = (int)v[0]; break;
	case IPC_CTL_MSGMNB: l->msgmnb = (int)v[0]; break;
	case IPC_CTL_MSGMNI: if (v[0] > IPCMNI) return -EINVAL; l->msgmni = (int)v[0]; break;
	case IPC_CTL_SEM:
		/* proc_dointvec takes the values given; sem_check_semmni. */
		if (n == 4 && v[3] > IPCMNI)
			return -EINVAL;
		for (int i = 0; i < n; i++)
			(&l->semmsl)[i] = (int)v[i];
		break;
	default:
		break;
	}
	return 0;
}
