// SPDX-License-Identifier: MIT
/*
 * futex.c - fast user-space locking: FUTEX_WAIT and FUTEX_WAKE (and their
 * bitset forms), FUTEX_REQUEUE, FUTEX_CMP_REQUEUE and FUTEX_WAKE_OP, what
 * musl's and glibc's mutexes, condition variables and pthread_join are
 * built on, and the robust futex list a thread leaves at exit.
 *
 * A futex is keyed by address space and address, so the threads of one
 * vm meet on it; a shared (not FUTEX_PRIVATE_FLAG) futex in a MAP_SHARED
 * area is keyed by its physical address instead (vm NULL), so processes
 * mapping the same memory meet too, as Linux's get_futex_key.  One CPU and
 * no preemption in the kernel: the value check and the queueing cannot be
 * raced by a waker.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"
#include <arch/mmu.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu
#define ROBUST_LIST_LIMIT 2048

struct futex_waiter {
	struct list_head link;         /* in futex_waiters */
	struct vm *vm;                 /* NULL: uaddr is a physical address */
	uint64_t uaddr;
	uint32_t bitset;
	struct proc *proc;
	bool woken;
};

static struct list_head futex_waiters = LIST_HEAD_INIT(futex_waiters);

static int wake_bitset(struct vm *vm, uint64_t uaddr, int n, uint32_t bitset)
{
	struct list_head *l, *next;
	int woken = 0;

	list_for_each_safe(l, next, &futex_waiters) {
		struct futex_waiter *w = list_entry(l, struct futex_waiter, link);
		if (woken >= n)
			break;
		if (w->vm != vm || w->uaddr != uaddr || !(w->bitset & bitset))
			continue;
		list_del(&w->link);
		w->woken = true;
		proc_wake(w->proc);
		woken++;
	}
	return woken;
}


/* The key of the futex at uaddr: (vm, uaddr), or (NULL, physical) for a
 * shared futex in shared memory.  Reads the word (faulting it in) into *val. */
static int futex_key(uint64_t uaddr, bool private, struct vm **vm, uint64_t *key,
		     uint32_t *val)
{
	uint64_t pa;
	unsigned prot;

	if (copy_from_user(val, (const void __user *)uaddr, sizeof(*val)))
		return -EFAULT;
	*vm = current->vm;
	*key = uaddr;
	if (!private && vm_is_shared(current->vm, uaddr) &&
	    mmu_lookup(current->vm->root, uaddr, &pa, &prot)) {
		*vm = NULL;
		*key = pa;
	}
	return 0;
}

/* A thread's exit: wake one waiter on its clear_child_tid word. */
void futex_exit_wake(uint64_t uaddr)
{
	struct vm *vm;
	uint64_t key;
	uint32_t val;

	if (!futex_key(uaddr, false, &vm, &key, &val))
		wake_bitset(vm, key, 1, FUTEX_BITSET_MATCH_ANY);
}

/* handle_futex_death: the lock at uaddr that the dead thread tid held
 * gets FUTEX_OWNER_DIED and one waiter is woken to take it over. */
static void robust_death(uint64_t uaddr, int tid, bool pi, bool pending)
{
	uint32_t uval, mval;

	if ((uaddr & 3) || copy_from_user(&uval, (const void __user *)uaddr, 4))
		return;
	if (pending && !pi && !uval) {
		futex_exit_wake(uaddr); /* died between unlock and list removal */
		return;
	}
	if ((uval & FUTEX_TID_MASK) != (uint32_t)tid)
		return;
	mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user((void __user *)uaddr, &mval, 4))
		return;
	if (!pi && (uval & FUTEX_WAITERS))
		futex_exit_wake(uaddr);
}

/* A robust list pointer: the entry, with bit 0 flagging a PI futex. */
static int robust_fetch(uint64_t uaddr, uint64_t *entry, bool *pi)
{
	uint64_t v;

	if (copy_from_user(&v, (const void __user *)uaddr, sizeof(v)))
		return -EFAULT;
	*entry = v & ~1ULL;
	*pi = v & 1;
	return 0;
}

/*
 * exit_robust_list: the locks on the calling thread's robust list (struct
 * robust_list_head { list, futex_offset, list_op_pending }) and the one
 * it was taking or dropping, at its exit or execve.
 */
void futex_exit_robust(struct proc *p)
{
	uint64_t head = p->robust_list, entry, next, pending;
	bool pi, next_pi, pending_pi;
	int64_t off;
	int limit = ROBUST_LIST_LIMIT;

	p->robust_list = 0;
	if (!head || robust_fetch(head, &entry, &pi) ||
	    copy_from_user(&off, (const void __user *)(head + 8), sizeof(off)) ||
	    robust_fetch(head + 16, &pending, &pending_pi))
		return;
	while (entry != head && limit--) {
		int err = robust_fetch(entry, &next, &next_pi);
		if (entry != pending)
			robust_death(entry + (uint64_t)off, p->pid, pi, false);
		if (err)
			return;
		entry = next;
		pi = next_pi;
	}
	if (pending)
		robust_death(pending + (uint64_t)off, p->pid, pending_pi, true);
}

static long futex_wait(uint64_t uaddr, bool private, uint32_t val, uint64_t deadline,
		       uint32_t bitset)
{
	struct futex_waiter w = { .bitset = bitset, .proc = current };
	uint32_t cur;
	int err;

	if (!bitset)
		return -EINVAL;
	err = futex_key(uaddr, private, &w.vm, &w.uaddr, &cur);
	if (err)
		return err;
	if (cur != val)
		return -EAGAIN;
	list_add_tail(&w.link, &futex_waiters);
	while (!w.woken && !err)
		err = sched_sleep(deadline);
	if (w.woken)
		return 0;
	list_del(&w.link);
	if (err == -ETIMEDOUT)
		return -ETIMEDOUT;
	return deadline ? -EINTR : -ERESTARTSYS;
}

/* Wake up to n waiters on a key and move up to n2 more to key 2. */
static long futex_requeue(struct vm *vm, uint64_t key, int n, int n2, struct vm *vm2,
			  uint64_t key2)
{
	struct list_head *l, *next;
	int done = wake_bitset(vm, key, n, FUTEX_BITSET_MATCH_ANY);

	list_for_each_safe(l, next, &futex_waiters) {
		struct futex_waiter *w = list_entry(l, struct futex_waiter, link);
		if (n2 <= 0)
			break;
		if (w->vm != vm || w->uaddr != key)
			continue;
		w->vm = vm2;
		w->uaddr = key2;
		n2--;
		done++;
	}
	return done;
}

/* FUTEX_WAKE_OP's operation on the old value, or -ENOSYS. */
static int wake_op_apply(uint32_t encoded, uint32_t old, uint32_t *new, bool *cmp)
{
	int op = (encoded >> 28) & 7, how = (encoded >> 24) & 15;
	int32_t oparg = (int32_t)(encoded << 8) >> 20, cmparg = (int32_t)(encoded << 20) >> 20;
	int32_t o = (int32_t)old;

	if (encoded & (8u << 28))
		oparg = 1 << (oparg & 31);
	switch (op) {
	case 0: *new = (uint32_t)oparg; break;           /* FUTEX_OP_SET */
	case 1: *new = old + (uint32_t)oparg; break;     /* FUTEX_OP_ADD */
	case 2: *new = old | (uint32_t)oparg; break;     /* FUTEX_OP_OR */
	case 3: *new = old & ~(uint32_t)oparg; break;    /* FUTEX_OP_ANDN */
	case 4: *new = old ^ (uint32_t)oparg; break;     /* FUTEX_OP_XOR */
	default: return -ENOSYS;
	}
	switch (how) {
	case 0: *cmp = o == cmparg; break;
	case 1: *cmp = o != cmparg; break;
	case 2: *cmp = o < cmparg; break;
	case 3: *cmp = o <= cmparg; break;
	case 4: *cmp = o > cmparg; break;
	case 5: *cmp = o >= cmparg; break;
	default: return -ENOSYS;
	}
	return 0;
}

/* futex_wake_op: change *uaddr2, wake n on uaddr and, if the old value of
 * *uaddr2 passes the comparison, n2 on uaddr2. */
static long futex_wake_op(uint64_t uaddr, bool private, int n, uint32_t __user *uaddr2,
			  int n2, uint32_t encoded)
{
	struct vm *vm, *vm2;
	uint64_t key, key2;
	uint32_t unused, old, new;
	bool cmp;
	int err, done;

	if ((uint64_t)uaddr2 & 3)
		return -EINVAL;
	err = futex_key(uaddr, private, &vm, &key, &unused);
	if (!err)
		err = futex_key((uint64_t)uaddr2, private, &vm2, &key2, &old);
	if (!err)
		err = wake_op_apply(encoded, old, &new, &cmp);
	if (err)
		return err;
	if (copy_to_user(uaddr2, &new, sizeof(new)))
		return -EFAULT;
	done = wake_bitset(vm, key, n, FUTEX_BITSET_MATCH_ANY);
	if (cmp)
		done += wake_bitset(vm2, key2, n2, FUTEX_BITSET_MATCH_ANY);
	return done;
}

/* The monotonic deadline of a FUTEX_WAIT timeout (relative) or a
 * FUTEX_WAIT_BITSET one (absolute, on CLOCK_REALTIME if asked). */
static int futex_deadline(const struct timespec64 __user *uts, bool absolute,
			  bool realtime, uint64_t *deadline)
{
	uint64_t now = time_monotonic_ns(), t;
	int err;

	*deadline = 0;
	if (!uts)
		return 0;
	if ((err = timespec_from_user(uts, &t)))
		return err;
	if (t > 4000000000ULL * NSEC_PER_SEC)
		return 0; /* centuries away: never */
	if (!absolute)
		t += now;
	else if (realtime)
		t = t > time_realtime_ns() ? now + (t - time_realtime_ns()) : now;
	*deadline = t ? t : 1;
	return 0;
}

long sys_futex(uint32_t __user *uaddr, int op, uint32_t val,
	       const struct timespec64 __user *uts, uint32_t __user *uaddr2, uint32_t val3)
{
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	bool realtime = op & FUTEX_CLOCK_REALTIME, private = op & FUTEX_PRIVATE_FLAG;
	uint64_t addr = (uint64_t)uaddr, deadline, key, key2;
	struct vm *vm, *vm2;
	uint32_t cur, unused;
	int err;

	if (addr & 3)
		return -EINVAL;
	if (realtime && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		err = futex_deadline(uts, cmd == FUTEX_WAIT_BITSET, realtime, &deadline);
		return err ? err : futex_wait(addr, private, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		err = futex_key(addr, private, &vm, &key, &cur);
		return err ? err : wake_bitset(vm, key, (int)val, val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if ((uint64_t)uaddr2 & 3)
			return -EINVAL;
		err = futex_key(addr, private, &vm, &key, &cur);
		if (!err)
			err = futex_key((uint64_t)uaddr2, private, &vm2, &key2, &unused);
		if (err)
			return err;
		if (cmd == FUTEX_CMP_REQUEUE && cur != val3)
			return -EAGAIN;
		/* The timeout argument carries the count to requeue. */
		return futex_requeue(vm, key, (int)val, (int)(long)uts, vm2, key2);
	case FUTEX_WAKE_OP:
		/* The timeout argument carries the second count. */
		return futex_wake_op(addr, private, (int)val, uaddr2, (int)(long)uts, val3);
	default:
		return -ENOSYS;
	}
}
