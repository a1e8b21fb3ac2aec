// SPDX-License-Identifier: MIT
/*
 * msg.c - System V message queues (msgget(2), msgsnd(2), msgrcv(2),
 * msgctl(2); Linux ipc/msg.c).
 *
 * A sent message goes straight to the first waiting receiver it suits
 * (pipelined_send; one whose buffer is too small without MSG_NOERROR gets
 * E2BIG instead), else to the end of the queue.  Senders wait while the
 * queue's bytes or count would pass msg_qbytes and try again whenever a
 * message leaves.  Signals end waits with EINTR, IPC_RMID with EIDRM.
 */
#include "ipc/ipc_internal.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"

#define MSG_STAT 11
#define MSG_INFO 12
#define MSG_STAT_ANY 13
#define MSG_NOERROR 010000
#define MSG_EXCEPT 020000
#define MSG_COPY 040000
#define MSGSSZ 16
#define MSGSEG 0xffff

struct msqid64_ds {
	struct ipc64_perm msg_perm;
	int64_t msg_stime, msg_rtime, msg_ctime;
	uint64_t msg_cbytes, msg_qnum, msg_qbytes;
	int32_t msg_lspid, msg_lrpid;
	uint64_t unused4_, unused5_;
};

struct msginfo {
	int32_t msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	uint16_t msgseg;
};

struct msg_msg {
	struct list_head link;
	long type;
	size_t len;
	char text[];
};

struct msg_queue {
	struct ipc_obj perm;
	int64_t stime, rtime;           /* [L] */
	int lspid, lrpid;               /* [L] */
	uint64_t cbytes, qnum, qbytes;  /* [L] */
	struct list_head msgs;          /* [L] struct msg_msg.link */
	struct list_head receivers;     /* [L] struct msg_waiter.link */
	struct list_head senders;       /* [L] struct msg_waiter.link */
};

/* A sleeping sender or receiver, on its stack. */
struct msg_waiter {
	struct list_head link;
	struct proc *proc;
	long type;                      /* receivers: what they take */
	int mode;                       /* receivers: SEARCH_* */
	size_t maxsize;                 /* receivers: room (MSG_NOERROR: any) */
	struct msg_msg *msg;            /* receivers: handed over by a sender */
	int status;                     /* 1 waiting, 0 woken, -E2BIG, -EIDRM */
};

enum { SEARCH_ANY, SEARCH_EQUAL, SEARCH_NOTEQUAL, SEARCH_LESSEQUAL, SEARCH_NUMBER };

static struct ipc_ids msg_ids = { .max_idx = -1, .last_idx = -1 };
static uint64_t msg_hdrs, msg_bytes;    /* [L] messages queued in all queues */

static struct msg_queue *queue_by_id(int id)
{
	return (struct msg_queue *)ipc_find_id(&msg_ids, id);
}

static void wake_list(struct list_head *h, int status)
{
	struct list_head *l, *n;

	list_for_each_safe(l, n, h) {
		struct msg_waiter *w = list_entry(l, struct msg_waiter, link);
		list_del(&w->link);
		w->status = status;
		proc_wake(w->proc);
	}
}

static void queue_destroy(struct msg_queue *q)
{
	struct list_head *l, *n;

	wake_list(&q->receivers, -EIDRM);
	wake_list(&q->senders, -EIDRM);
	list_for_each_safe(l, n, &q->msgs) {
		struct msg_msg *m = list_entry(l, struct msg_msg, link);
		msg_hdrs--;
		msg_bytes -= m->len;
		kfree(m);
	}
	ipc_remove(&msg_ids, &q->perm);
	kfree(q);
}

static long msg_create(int key, int flg, void *arg)
{
	struct msg_queue *q = kzalloc(sizeof(*q));
	int err;

	if (!q)
		return -ENOMEM;
	err = ipc_add(&msg_ids, &q->perm, key, flg, ipc_lim.msgmni);
	if (err) {
		kfree(q);
		return err;
	}
	q->qbytes = (uint64_t)ipc_lim.msgmnb;
	list_init(&q->msgs);
	list_init(&q->receivers);
	list_init(&q->senders);
	return q->perm.id;
}

static const struct ipc_get_ops msg_get_ops = { .create = msg_create };

long sys_msgget(int key, int msgflg)
{
	return ipc_get(&msg_ids, key, msgflg, &msg_get_ops, NULL);
}

static bool msg_suits(const struct msg_msg *m, long type, int mode)
{
	switch (mode) {
	case SEARCH_EQUAL: return m->type == type;
	case SEARCH_NOTEQUAL: return m->type != type;
	case SEARCH_LESSEQUAL: return m->type <= type;
	default: return true;
	}
}

/* Hand m to a waiting receiver it suits (pipelined_send): true if taken. */
static bool msg_hand_over(struct msg_queue *q, struct msg_msg *m)
{
	struct list_head *l, *n;

	list_for_each_safe(l, n, &q->receivers) {
		struct msg_waiter *r = list_entry(l, struct msg_waiter, link);
		if (!msg_suits(m, r->type, r->mode))
			continue;
		list_del(&r->link);
		proc_wake(r->proc);
		if (r->maxsize < m->len) {
			r->status = -E2BIG;
			continue;
		}
		r->status = 0;
		r->msg = m;
		q->lrpid = r->proc->tgid;
		q->rtime = ipc_now();
		return true;
	}
	return false;
}

static bool queue_full(const struct msg_queue *q, size_t len)
{
	return len + q->cbytes > q->qbytes || 1 + q->qnum > q->qbytes;
}

/* Queue m on q (checked and waited for by the caller): 0, or what ended the wait. */
static long msg_send(struct msg_queue *q, struct msg_msg *m, int flg)
{
	while (queue_full(q, m->len)) {
		struct msg_waiter w = { .proc = current, .status = 1 };
		int err;
		if (flg & IPC_NOWAIT)
			return -EAGAIN;
		list_add_tail(&w.link, &q->senders);
		err = sched_sleep(0);
		if (w.status == -EIDRM)
			return -EIDRM;
		if (w.status == 1)
			list_del(&w.link);
		if (err)
			return -EINTR;
		if (ipc_perms(&q->perm, S_IWUGO))
			return -EACCES;
	}
	q->lspid = ipc_tgid();
	q->stime = ipc_now();
	if (msg_hand_over(q, m))
		return 0;
	list_add_tail(&m->link, &q->msgs);
	q->cbytes += m->len;
	q->qnum++;
	msg_hdrs++;
	msg_bytes += m->len;
	return 0;
}

long sys_msgsnd(int msqid, const void __user *msgp, uint64_t msgsz, int msgflg)
{
	struct msg_queue *q;
	struct msg_msg *m;
	long type, err;

	if (copy_from_user(&type, msgp, sizeof(type)))
		return -EFAULT;
	if (msgsz > (uint64_t)ipc_lim.msgmax || msqid < 0 || type < 1)
		return -EINVAL;
	m = kmalloc(sizeof(*m) + msgsz);
	if (!m)
		return -ENOMEM;
	m->type = type;
	m->len = msgsz;
	err = -EFAULT;
	if (copy_from_user(m->text, (const char __user *)msgp + sizeof(long), msgsz))
		goto out_free;
	err = -EINVAL;
	q = queue_by_id(msqid);
	if (!q)
		goto out_free;
	err = -EACCES;
	if (ipc_perms(&q->perm, S_IWUGO))
		goto out_free;
	err = msg_send(q, m, msgflg);
	if (!err)
		return 0;
out_free:
	kfree(m);
	return err;
}

/* The message a receive of (type, mode) takes now (find_msg), or NULL. */
static struct msg_msg *msg_find(struct msg_queue *q, long type, int mode)
{
	struct msg_msg *found = NULL;
	struct list_head *l;
	long count = 0;

	list_for_each(l, &q->msgs) {
		struct msg_msg *m = list_entry(l, struct msg_msg, link);
		if (mode == SEARCH_NUMBER) {
			if (count++ == type)
				return m;
			continue;
		}
		if (!msg_suits(m, type, mode))
			continue;
		if (mode != SEARCH_LESSEQUAL || m->type == 1)
			return m;
		if (!found || m->type < found->type)
			found = m;
	}
	return found;
}

static void msg_unlink(struct msg_queue *q, struct msg_msg *m)
{
	list_del(&m->link);
	q->cbytes -= m->len;
	q->qnum--;
	msg_hdrs--;
	msg_bytes -= m->len;
	q->lrpid = ipc_tgid();
	q->rtime = ipc_now();
	wake_list(&q->senders, 0);
}

/* Copy m out as struct msgbuf: the bytes of text copied, or -EFAULT. */
static long msg_put(void __user *msgp, const struct msg_msg *m, size_t room)
{
	size_t n = MIN(room, m->len);

	if (copy_to_user(msgp, &m->type, sizeof(long)) ||
	    copy_to_user((char __user *)msgp + sizeof(long), m->text, n))
		return -EFAULT;
	return (long)n;
}

/* Wait on q for a message of (type, mode): it, or NULL with *err. */
static struct msg_msg *msg_wait(struct msg_queue *q, long type, int mode, size_t maxsize,
				long *err)
{
	struct msg_waiter w = { .proc = current, .type = type, .mode = mode,
				.maxsize = maxsize, .status = 1 };
	int e;

	list_add_tail(&w.link, &q->receivers);
	e = sched_sleep(0);
	if (w.status == 1)
		list_del(&w.link);
	*err = w.status < 0 ? w.status : e ? -EINTR : 0;
	return w.msg;
}

static int msg_mode(long *type, int flg)
{
	if (flg & MSG_COPY)
		return SEARCH_NUMBER;
	if (!*type)
		return SEARCH_ANY;
	if (*type < 0) {
		*type = *type == INT64_MIN ? INT64_MAX : -*type;
		return SEARCH_LESSEQUAL;
	}
	return (flg & MSG_EXCEPT) ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
}

long sys_msgrcv(int msqid, void __user *msgp, uint64_t msgsz, long msgtyp, int msgflg)
{
	int mode = msg_mode(&msgtyp, msgflg);
	struct msg_queue *q;
	struct msg_msg *m;
	long err, n;

	if (msqid < 0 || (int64_t)msgsz < 0)
		return -EINVAL;
	if ((msgflg & MSG_COPY) && ((msgflg & MSG_EXCEPT) || !(msgflg & IPC_NOWAIT)))
		return -EINVAL;
	q = queue_by_id(msqid);
	if (!q)
		return -EINVAL;
	for (;;) {
		if (ipc_perms(&q->perm, S_IRUGO))
			return -EACCES;
		m = msg_find(q, msgtyp, mode);
		if (m && msgsz < m->len && !(msgflg & MSG_NOERROR))
			return -E2BIG;
		if (m && mode == SEARCH_NUMBER)
			return msg_put(msgp, m, msgsz);
		if (m) {
			msg_unlink(q, m);
			break;
		}
		if (msgflg & IPC_NOWAIT)
			return -ENOMSG;
		m = msg_wait(q, msgtyp, mode, (msgflg & MSG_NOERROR) ? ~(size_t)0 : msgsz, &err);
		if (m)
			break;
		if (err)
			return err;
	}
	n = msg_put(msgp, m, msgsz);
	kfree(m);
	return n;
}

static long msg_info(int cmd, void __user *buf)
{
	struct msginfo i = {
		.msgmni = ipc_lim.msgmni, .msgmax = ipc_lim.msgmax, .msgmnb = ipc_lim.msgmnb,
		.msgssz = MSGSSZ, .msgseg = MSGSEG,
	};

	if (cmd == MSG_INFO) {
		i.msgpool = msg_ids.in_use;
		i.msgmap = (int32_t)MIN(msg_hdrs, 0x7fffffffULL);
		i.msgtql = (int32_t)MIN(msg_bytes, 0x7fffffffULL);
	} else {
		i.msgmap = ipc_lim.msgmnb;
		i.msgpool = (int32_t)((int64_t)ipc_lim.msgmni * ipc_lim.msgmnb / 1024);
		i.msgtql = ipc_lim.msgmnb;
	}
	if (copy_to_user(buf, &i, sizeof(i)))
		return -EFAULT;
	return ipc_max_idx(&msg_ids);
}

static long msg_stat(int msqid, int cmd, void __user *buf)
{
	struct ipc_obj *o = ipc_stat_obj(&msg_ids, msqid, cmd, MSG_STAT_ANY);
	struct msg_queue *q = container_of(o, struct msg_queue, perm);
	struct msqid64_ds d;

	if (IS_ERR(o))
		return PTR_ERR(o);
	memset(&d, 0, sizeof(d));
	ipc_perm_to_user(&q->perm, &d.msg_perm);
	d.msg_stime = q->stime;
	d.msg_rtime = q->rtime;
	d.msg_ctime = q->perm.ctime;
	d.msg_cbytes = q->cbytes;
	d.msg_qnum = q->qnum;
	d.msg_qbytes = q->qbytes;
	d.msg_lspid = q->lspid;
	d.msg_lrpid = q->lrpid;
	if (copy_to_user(buf, &d, sizeof(d)))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : q->perm.id;
}

static long msg_change(int msqid, int cmd, void __user *buf)
{
	struct msqid64_ds d;
	struct msg_queue *q;
	struct ipc_obj *o;

	if (cmd == IPC_SET && copy_from_user(&d, buf, sizeof(d)))
		return -EFAULT;
	o = ipc_change_obj(&msg_ids, msqid);
	if (IS_ERR(o))
		return PTR_ERR(o);
	q = container_of(o, struct msg_queue, perm);
	if (cmd == IPC_RMID) {
		queue_destroy(q);
		return 0;
	}
	if (d.msg_qbytes > (uint64_t)ipc_lim.msgmnb && !cred_privileged())
		return -EPERM;
	q->qbytes = d.msg_qbytes;
	ipc_set_perm(&q->perm, &d.msg_perm);
	wake_list(&q->senders, 0);      /* more room, perhaps; or no permission */
	return 0;
}

long sys_msgctl(int msqid, int cmd, void __user *buf)
{
	if (msqid < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO:
		return msg_info(cmd, buf);
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY:
		return msg_stat(msqid, cmd, buf);
	case IPC_SET:
	case IPC_RMID:
		return msg_change(msqid, cmd, buf);
	default:
		return ipc_bad_cmd("msgctl", cmd);
	}
}

void msg_proc_show(ipc_put_fn put, void *ctx)
{
	put(ctx, "       key      msqid perms      cbytes       qnum lspid lrpid"
		 "   uid   gid  cuid  cgid      stime      rtime      ctime\n");
	for (int i = 0; i <= msg_ids.max_idx; i++) {
		struct msg_queue *q = (struct msg_queue *)ipc_find_idx(&msg_ids, i);
		if (!q)
			continue;
		ipc_putf(put, ctx, "%10d %10d  %4o  %10llu %10llu %5d %5d %5u %5u %5u %5u"
			 " %10lld %10lld %10lld\n",
			 q->perm.key, q->perm.id, q->perm.mode,
			 (unsigned long long)q->cbytes, (unsigned long long)q->qnum,
			 q->lspid, q->lrpid, q->perm.uid, q->perm.gid, q->perm.cuid,
			 q->perm.cgid, (long long)q->stime, (long long)q->rtime,
			 (long long)q->perm.ctime);
	}
}
