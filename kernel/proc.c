// SPDX-License-Identifier: MIT
/*
 * proc.c - the process table, the scheduler, sleeping and waking, exit
 * (wait is in wait.c).
 *
 * One CPU; the kernel runs with interrupts off except in the idle loop, so
 * the scheduler state needs no lock: a process gives up the CPU only in
 * schedule().  The timer ends a slice by setting need_resched, acted on at
 * the return to user mode.
 *
 * Real-time processes (SCHED_FIFO, SCHED_RR: rt_priority 1..99) run before
 * the others, the highest priority first (Linux's sched/rt.c): a FIFO one
 * keeps the CPU until it sleeps, yields or a higher one wakes; an RR one
 * also passes it to the next of its priority when its 100 ms slice ends.
 * One preempted by a higher priority goes back to the head of its own.
 * The rest (OTHER, BATCH, IDLE: rt_priority 0) share by round robin.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/ns.h"
#include "kernel/proc.h"
#include "ipc/ipc.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"
#include "fs/vfs.h"
#include <arch/cpu.h>

struct proc *current;
struct list_head proc_list = LIST_HEAD_INIT(proc_list);
bool need_resched;

static struct list_head runqueue = LIST_HEAD_INIT(runqueue);
static struct proc idle_proc;
static struct sighand idle_sighand = { .refs = 1 };
static int next_pid = 1;

struct fs_state *current_fs(void)
{
	return current->fs;
}

struct files_state *current_files(void)
{
	return current->files;
}

void proc_init(void)
{
	idle_proc.pid = 0;
	idle_proc.state = P_RUNNING;
	strlcpy(idle_proc.comm, "swapper", sizeof(idle_proc.comm));
	list_init(&idle_proc.children);
	list_init(&idle_proc.run_link);
	list_init(&idle_proc.cpu_timers);
	idle_proc.group_leader = &idle_proc;
	list_init(&idle_proc.threads);
	list_add_tail(&idle_proc.thread_node, &idle_proc.threads);
	idle_proc.live_threads = 1;
	idle_proc.sighand = &idle_sighand;
	idle_proc.sigaction = idle_sighand.action;
	arch_thread_init(&idle_proc.arch);
	rlimit_init(idle_proc.rlim);
	current = &idle_proc;
}

struct proc *proc_find(int pid)
{
	struct list_head *l;

	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->pid == pid && p->state != P_ZOMBIE)
			return p;
	}
	return NULL;
}

/* Zombies too (kill(2) and wait see them until they are reaped). */
struct proc *proc_find_any(int pid)
{
	struct list_head *l;

	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->pid == pid && !p->reaped)
			return p;
	}
	return NULL;
}

bool pid_in_use(int pid)
{
	struct list_head *l;

	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->pid == pid || p->pgid == pid || p->sid == pid)
			return true;
	}
	return false;
}

static int alloc_pid(void)
{
	do {
		if (next_pid >= 4194304)
			next_pid = 2;
	} while (pid_in_use(next_pid++));
	return next_pid - 1;
}

int proc_last_pid(void)
{
	return next_pid - 1;
}

/* Zombies nobody waits for (SIGCHLD ignored): freed once off their stack. */
static struct list_head dead_list = LIST_HEAD_INIT(dead_list);

static void reap_dead(void)
{
	while (!list_empty(&dead_list)) {
		struct proc *p = list_entry(dead_list.next, struct proc, run_link);
		if (p == current)
			return;
		list_del(&p->run_link);
		proc_discard(p);
	}
}

void proc_bury(struct proc *p)
{
	list_add_tail(&p->run_link, &dead_list);
}

struct proc *proc_alloc(void)
{
	return proc_alloc_pid(0);
}

struct proc *proc_alloc_pid(int pid)
{
	struct proc *p;

	reap_dead();
	p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->kstack = kmalloc(KSTACK_SIZE);
	p->sighand = kzalloc(sizeof(*p->sighand));
	if (!p->kstack || !p->sighand) {
		kfree(p->kstack);
		kfree(p->sighand);
		kfree(p);
		return NULL;
	}
	p->sighand->refs = 1;
	p->sigaction = p->sighand->action;
	p->pid = p->tgid = pid ? pid : alloc_pid();
	/* A thread group of one until clone(CLONE_THREAD) says otherwise. */
	p->group_leader = p;
	list_init(&p->threads);
	list_add_tail(&p->thread_node, &p->threads);
	p->live_threads = 1;
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->run_link);
	list_init(&p->cpu_timers);
	waitq_init(&p->child_wait);
	waitq_init(&p->vfork_wait);
	p->syscall_nr = -1;
	p->start_ns = time_monotonic_ns();
	arch_thread_init(&p->arch);
	list_add_tail(&p->all, &proc_list);
	return p;
}

void group_times(struct proc *p, uint64_t *utime_ns, uint64_t *stime_ns,
		 struct ru_counts *ru)
{
	struct proc *leader = p->group_leader, *t;

	*utime_ns = leader->dead_utime_ns;
	*stime_ns = leader->dead_stime_ns;
	*ru = leader->dead_ru;
	for_each_thread(p, t) {
		*utime_ns += t->utime_ns;
		*stime_ns += t->stime_ns;
		ru_counts_add(ru, &t->ru);
	}
}

void sighand_put(struct sighand *sh)
{
	if (!--sh->refs)
		kfree(sh);
}

void proc_discard(struct proc *p)
{
	list_del(&p->all);
	list_del(&p->sibling);
	list_del(&p->thread_node);
	sighand_put(p->sighand);
	kfree(p->kstack);
	kfree(p);
}

void proc_make_runnable(struct proc *p)
{
	p->state = P_RUNNABLE;
	list_add_tail(&p->run_link, &runqueue);
	if (p->rt_priority > current->rt_priority)
		need_resched = true;    /* it preempts at the return to user mode */
}

/* The runnable process to run next: the first of the highest priority. */
static struct proc *pick_next(void)
{
	struct proc *best = NULL;
	struct list_head *l;

	list_for_each(l, &runqueue) {
		struct proc *p = list_entry(l, struct proc, run_link);
		if (!best || p->rt_priority > best->rt_priority)
			best = p;
	}
	return best;
}

/* Does running prev keep the CPU against next, the best runnable one? */
static bool keeps_cpu(struct proc *prev, struct proc *next, bool yield)
{
	if (next->rt_priority != prev->rt_priority)
		return prev->rt_priority > next->rt_priority;
	if (!prev->rt_priority || yield)
		return false;           /* round robin; sched_yield */
	if ((prev->policy & ~SCHED_RESET_ON_FORK) == SCHED_FIFO)
		return true;
	return time_monotonic_ns() < prev->rr_slice_end;
}

static void sched_switch(bool yield)
{
	struct proc *prev = current, *next;

	need_resched = false;
	if (prev->state == P_RUNNING && prev != &idle_proc) {
		next = pick_next();
		if (!next || keeps_cpu(prev, next, yield))
			return; /* nothing else may have the CPU */
		prev->state = P_RUNNABLE;
		if (prev->rt_priority && next->rt_priority > prev->rt_priority)
			list_add(&prev->run_link, &runqueue);
		else
			list_add_tail(&prev->run_link, &runqueue);
	}
	next = pick_next();
	if (next)
		list_del(&next->run_link);
	else
		next = &idle_proc;
	if ((next->policy & ~SCHED_RESET_ON_FORK) == SCHED_RR &&
	    time_monotonic_ns() >= next->rr_slice_end)
		next->rr_slice_end = time_monotonic_ns() + SCHED_RR_SLICE_NS;
	next->state = P_RUNNING;
	if (next == prev)
		return;
	acct_switch(prev, next);
	current = next;
	vm_activate(next->vm);
	arch_thread_switch(&prev->arch, &next->arch,
			   (uint64_t)next->kstack + KSTACK_SIZE);
	swtch(&prev->ctx, next->ctx);
}

void schedule(void)
{
	sched_switch(false);
}

void idle_loop(void)
{
	for (;;) {
		reap_dead();
		if (!list_empty(&runqueue))
			schedule();
		else
			arch_wait_for_irq();
	}
}

/* A sleeper becomes runnable; it takes its own waiters off their queues. */
void proc_wake(struct proc *p)
{
	if (p->state == P_SLEEPING)
		proc_make_runnable(p);
}

void waitq_init(struct waitq *wq)
{
	list_init(&wq->waiters);
}

void waiter_add(struct waitq *wq, struct waiter *w)
{
	w->proc = current;
	list_add_tail(&w->link, &wq->waiters);
}

void waiter_del(struct waiter *w)
{
	list_del(&w->link); /* harmless when waitq_wake already did */
}

static void sleep_on(struct waitq *wq)
{
	struct waiter w;

	waiter_add(wq, &w);
	current->state = P_SLEEPING;
	schedule();
	waiter_del(&w);
}

int waitq_sleep(struct waitq *wq)
{
	if (signal_pending())
		return -ERESTARTSYS;
	sleep_on(wq);
	return signal_pending() ? -ERESTARTSYS : 0;
}

void waitq_sleep_uninterruptible(struct waitq *wq)
{
	sleep_on(wq);
}

struct sleep_timer {
	struct ktimer t;
	struct proc *p;
};

static void sleep_timeout(struct ktimer *t)
{
	struct sleep_timer *st = container_of(t, struct sleep_timer, t);

	st->p->timed_out = true;
	proc_wake(st->p);
}

int sched_sleep(uint64_t deadline)
{
	struct sleep_timer st = { .p = current };

	if (signal_pending())
		return -ERESTARTSYS;
	if (deadline && time_monotonic_ns() >= deadline)
		return -ETIMEDOUT;
	current->timed_out = false;
	if (deadline) {
		st.t.fn = sleep_timeout;
		timer_add(&st.t, deadline);
	}
	current->state = P_SLEEPING;
	schedule();
	if (deadline)
		timer_cancel(&st.t);
	if (signal_pending())
		return -ERESTARTSYS;
	return current->timed_out ? -ETIMEDOUT : 0;
}

int waitq_sleep_until(struct waitq *wq, uint64_t deadline)
{
	struct waiter w;
	int err;

	waiter_add(wq, &w);
	err = sched_sleep(deadline);
	waiter_del(&w);
	return err;
}

void waitq_wake(struct waitq *wq)
{
	while (!list_empty(&wq->waiters)) {
		struct waiter *w = list_entry(wq->waiters.next, struct waiter, link);
		list_del(&w->link);
		proc_wake(w->proc);
	}
}

static void reparent_children(struct proc *p)
{
	struct proc *init = proc_find(1);
	struct list_head *l, *n;

	list_for_each_safe(l, n, &p->children) {
		struct proc *c = list_entry(l, struct proc, sibling);
		struct proc *t;
		list_del(&c->sibling);
		for_each_thread(c, t)
			t->parent = init;
		if (c->pdeath_signal)
			signal_send_kernel(c, c->pdeath_signal);
		if (init) {
			list_add_tail(&c->sibling, &init->children);
			if (c->state == P_ZOMBIE)
				waitq_wake(&init->child_wait);
		}
	}
}

/* SIGCHLD (or the clone exit signal) with CLD_* info; auto-reap when the
 * parent ignores SIGCHLD (POSIX: SA_NOCLDWAIT behaviour). */
static void notify_parent(struct proc *p)
{
	struct proc *parent = p->parent;
	int st = p->exit_status;
	struct ksiginfo info = { .signo = p->exit_signal, .pid = p->pid };

	if (!parent)
		return;
	if (st & 0x7f) {
		info.code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info.status = st & 0x7f;
	} else {
		info.code = CLD_EXITED;
		info.status = (st >> 8) & 0xff;
	}
	struct k_sigaction *ka = &parent->sigaction[SIGCHLD - 1];
	if (p->exit_signal == SIGCHLD &&
	    (ka->handler == 1 /* SIG_IGN */ || (ka->flags & 0x2 /* SA_NOCLDWAIT */))) {
		list_del(&p->sibling);
		p->parent = NULL;
		p->reaped = true;
		list_add_tail(&p->run_link, &dead_list);
		waitq_wake(&parent->child_wait);
		return;
	}
	if (p->exit_signal)
		signal_send_info(parent, &info);
	waitq_wake(&parent->child_wait);
}

/*
 * One thread ends.  A thread other than the leader is freed at once; the
 * leader stays a zombie, and its parent hears of the group (once, with the
 * group's status) only when the last thread is gone, as in Linux.
 */
void proc_exit(int wait_status)
{
	struct proc *p = current, *leader = p->group_leader;
	bool last = leader->live_threads == 1;

	if (leader->group_exit)
		wait_status = leader->group_exit_status;
	if (p->tgid == 1 && last)
		panic("Attempted to kill init! exitcode=0x%08x", wait_status);
	futex_exit_robust(p);
	if (p->clear_child_tid) {
		/* pthread_join sleeps on this word until the thread is gone. */
		int zero = 0;
		if (!copy_to_user((void *)p->clear_child_tid, &zero, sizeof(zero)))
			futex_exit_wake(p->clear_child_tid);
	}
	timer_cancel(&p->itimer);
	ptimer_release(p);
	if (!leader->group_exit)
		signal_retarget(p, ~0ULL); /* exit_signals */
	if (p->files)
		files_put(p->files);
	p->files = NULL;
	if (p->fs)
		fs_state_put(p->fs);
	p->fs = NULL;
	ns_exit(p);
	vm_put(p->vm);
	p->vm = NULL;
	if (last) {
		ipc_exit(leader->tgid);         /* SEM_UNDO */
		jobctl_exit(leader);
		reparent_children(leader);
	}
	p->exit_status = wait_status;
	p->state = P_ZOMBIE;
	if (p->vfork_pending) {
		p->vfork_pending = false;
		waitq_wake(&p->vfork_wait);
	}
	if (p != leader) {
		leader->dead_utime_ns += p->utime_ns;
		leader->dead_stime_ns += p->stime_ns;
		ru_counts_add(&leader->dead_ru, &p->ru);
		list_del(&p->thread_node);
		list_init(&p->thread_node);
		p->reaped = true;
		proc_bury(p);
	}
	--leader->live_threads;
	if (leader->group_exec)
		waitq_wake(&leader->child_wait); /* exec_single_thread waits */
	if (last) {
		if (leader->group_exit) /* else the leader's own status, as Linux */
			leader->exit_status = leader->group_exit_status;
		notify_parent(leader);
	}
	schedule();
	panic("zombie %d scheduled", p->pid);
}

/* exit_group, or a fatal signal: the other threads get SIGKILL and end
 * with this status when they next leave the kernel. */
void proc_group_exit(int wait_status)
{
	struct proc *leader = current->group_leader, *t;

	if (leader->group_exec) /* an execve ends this thread, not the group */
		proc_exit(wait_status);
	if (!leader->group_exit) {
		leader->group_exit = true;
		leader->group_exit_status = wait_status;
		for_each_thread(current, t)
			if (t != current && t->state != P_ZOMBIE)
				signal_send_thread_kernel(t, SIGKILL);
	}
	proc_exit(wait_status);
}

long sys_exit(int code)
{
	proc_exit((code & 0xff) << 8);
}

long sys_exit_group(int code)
{
	proc_group_exit((code & 0xff) << 8);
}

long sys_getpid(void)
{
	return current->tgid;
}

long sys_gettid(void)
{
	return current->pid;
}

long sys_getppid(void)
{
	struct proc *parent = current->group_leader->parent;

	return parent ? parent->tgid : 0;
}

long sys_set_tid_address(int __user *tidptr)
{
	current->clear_child_tid = (uint64_t)tidptr;
	return current->pid;
}

/* A real-time process yields only to others of its priority. */
long sys_sched_yield(void)
{
	sched_switch(true);
	return 0;
}
