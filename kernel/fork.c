// SPDX-License-Identifier: MIT
/*
 * fork.c - fork, vfork, clone and clone3 (processes and threads), and PID 1.
 *
 * A child gets a copy-on-write copy of the address space (vm_fork), a copy
 * of the file state and the signal dispositions, and the parent's registers
 * with a zero return value.  vfork (CLONE_VM|CLONE_VFORK) shares the
 * parent's address space, as Linux's does, and the parent sleeps until the
 * child execs or exits.  CLONE_VM without CLONE_VFORK shares it too (a
 * thread or a clone that runs beside its parent), CLONE_FS the cwd, root
 * and umask, CLONE_FILES the fd table, CLONE_SIGHAND the dispositions,
 * and CLONE_THREAD puts the child in the caller's thread group.
 * CLONE_NEWUTS and CLONE_NEWNS give the child new namespaces
 * (kernel/nsproxy.c); CLONE_NEWNS with CLONE_FS is EINVAL, as in Linux.
 * clone3 takes struct clone_args with Linux 6.1's checks; CLONE_PIDFD,
 * CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP and CLONE_NEWTIME are EINVAL.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/ns.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"
#include "fs/vfs.h"

#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#define CLONE_INTO_CGROUP 0x200000000ULL
#define CLONE_ARGS_SIZE_VER0 64
#define PID_MAX 4194304

/* clone3(2)'s argument (uapi/linux/sched.h), up to CLONE_ARGS_SIZE_VER2. */
struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

/* Set in PID 1 before its first run: exec the init program. */
static const char *init_path;
static const char *const *init_argv, *const *init_envp;
int exec_init(const char *path, const char *const argv[], const char *const envp[]);

/* Runs in a new process, on its kernel stack, before its first return. */
void fork_finish(struct trapframe *tf)
{
	(void)tf;
	if (current->pid == 1 && init_path) {
		const char *path = init_path;
		init_path = NULL;
		if (vfs_open_fd_kernel("/dev/console", O_RDWR) != 0 ||
		    vfs_open_fd_kernel("/dev/console", O_RDWR) != 1 ||
		    vfs_open_fd_kernel("/dev/console", O_RDWR) != 2)
			printk("Warning: unable to open an initial console.\n");
		int err = exec_init(path, init_argv, init_envp);
		if (err)
			panic("Requested init %s failed (error %d).", path, err);
	}
}

static struct proc *copy_process(unsigned long flags, uint64_t newsp, int pid)
{
	struct proc *p = proc_alloc_pid(pid), *parent = current;

	if (!p)
		return ERR_PTR(-EAGAIN);
	p->vm = (flags & CLONE_VM) ? vm_get(parent->vm) : vm_fork(parent->vm);
	if (!p->vm)
		goto out_free;
	if (flags & CLONE_FS)
		fs_state_get(parent->fs);
	p->fs = (flags & CLONE_FS) ? parent->fs : fs_state_fork(parent->fs);
	if (!p->fs)
		goto out_free_vm;
	if (flags & CLONE_FILES)
		files_get(parent->files);
	p->files = (flags & CLONE_FILES) ? parent->files : files_fork(parent->files);
	if (!p->files)
		goto out_free_fs;
	if (ns_fork(p, parent, flags))
		goto out_free_files;
	if (flags & CLONE_SIGHAND) {
		sighand_put(p->sighand);
		p->sighand = parent->sighand;
		p->sighand->refs++;
		p->sigaction = p->sighand->action;
	} else {
		memcpy(p->sigaction, parent->sigaction, sizeof(p->sighand->action));
	}
	p->pgid = parent->pgid;
	p->sid = parent->sid;
	p->sig_blocked = parent->sig_blocked;
	p->sas = parent->sas;
	p->tty = parent->tty;
	arch_thread_save(&parent->arch);
	memcpy(&p->arch, &parent->arch, sizeof(p->arch));
	memcpy(p->comm, parent->comm, sizeof(p->comm));
	memcpy(p->rlim, parent->rlim, sizeof(p->rlim));
	p->cred = parent->cred;
	p->nice = parent->nice;
	p->rt_priority = parent->rt_priority;
	/* sched_fork: RESET_ON_FORK is not inherited; it makes a real-time
	 * child SCHED_OTHER at nice 0 and undoes a negative nice. */
	p->policy = parent->policy & ~SCHED_RESET_ON_FORK;
	if ((parent->policy & SCHED_RESET_ON_FORK) && sched_rt_policy(p->policy)) {
		p->policy = SCHED_OTHER;
		p->rt_priority = 0;
		p->nice = 0;
	}
	if ((parent->policy & SCHED_RESET_ON_FORK) && p->nice < 0)
		p->nice = 0;
	p->no_new_privs = parent->no_new_privs;
	p->ioprio = parent->ioprio;
	p->ctx = arch_stack_init((uint64_t)p->kstack + KSTACK_SIZE, parent->tf, &p->tf);
	arch_tf_fork_child(p->tf);
	if (newsp)
		arch_tf_set_sp(p->tf, newsp);
	if (flags & CLONE_THREAD) {
		/* A thread: its group's parent, on no parent's child list. */
		struct proc *leader = parent->group_leader;
		p->tgid = leader->tgid;
		p->group_leader = leader;
		list_del(&p->thread_node);
		list_add_tail(&p->thread_node, &leader->threads);
		leader->live_threads++;
		p->parent = leader->parent;
		return p;
	}
	/* The children of every thread are the leader's (wait4 from any
	 * thread sees them), as is its parent. */
	parent = parent->group_leader;
	p->exit_signal = (int)(flags & CSIGNAL);
	p->parent = (flags & CLONE_PARENT) && parent->parent ? parent->parent : parent;
	list_add_tail(&p->sibling, &p->parent->children);
	return p;

out_free_files:
	files_put(p->files);
	p->files = NULL;
out_free_fs:
	fs_state_put(p->fs);
	p->fs = NULL;
out_free_vm:
	vm_put(p->vm);
out_free:
	p->vm = NULL;
	proc_discard(p);
	return ERR_PTR(-ENOMEM);
}

static long do_clone(unsigned long flags, uint64_t newsp, int __user *parent_tid,
		     int __user *child_tid, uint64_t tls, int set_tid)
{
	struct proc *p;
	int err;

	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_NEWNS) && (flags & CLONE_FS))
		return -EINVAL;
	if (flags & CLONE_PIDFD) {
		printk_once("clone: flags %lx not supported yet\n", flags);
		return -EINVAL;
	}
	/* CLONE_NEWTIME is CSIGNAL's bit 7 here: clone3 and unshare only. */
	err = ns_clone_check(flags & ~CLONE_NEWTIME);
	if (err)
		return err;
	p = copy_process(flags, newsp, set_tid);
	if (IS_ERR(p))
		return PTR_ERR(p);
	if (flags & CLONE_SETTLS)
		arch_set_tls(&p->arch, tls);
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = (uint64_t)child_tid;
	if (flags & CLONE_PARENT_SETTID)
		(void)copy_to_user(parent_tid, &p->pid, sizeof(int)); /* as Linux: unchecked */
	if ((flags & CLONE_CHILD_SETTID) && (flags & CLONE_VM)) {
		copy_to_user(child_tid, &p->pid, sizeof(int));
	} else if (flags & CLONE_CHILD_SETTID) {
		/* The child's copy of the page gets its own tid. */
		struct vm *save = current->vm;
		current->vm = p->vm;
		vm_activate(p->vm);
		copy_to_user(child_tid, &p->pid, sizeof(int));
		current->vm = save;
		vm_activate(save);
	}
	int pid = p->pid;
	if (flags & CLONE_VFORK)
		p->vfork_pending = true;
	proc_make_runnable(p);
	while (p && (flags & CLONE_VFORK) && p->vfork_pending)
		waitq_sleep_uninterruptible(&p->vfork_wait);
	return pid;
}

long sys_clone(unsigned long flags, uint64_t newsp, int __user *parent_tid,
	       int __user *child_tid, uint64_t tls)
{
	return do_clone(flags, newsp, parent_tid, child_tid, tls, 0);
}

long sys_fork(void)
{
	return sys_clone(SIGCHLD, 0, NULL, NULL, 0);
}

long sys_vfork(void)
{
	return sys_clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, NULL, NULL, 0);
}

/* Create PID 1 in the current (boot) context; it execs path on first run. */
void proc_start_init(const char *path, const char *const argv[],
		     const char *const envp[])
{
	struct proc *p = proc_alloc();
	struct trapframe tf = { 0 };

	if (!p || !(p->vm = vm_new()) || !(p->fs = fs_state_new()) ||
	    !(p->files = files_new()))
		panic("init: out of memory");
	ns_init_proc(p);
	assert(p->pid == 1);
	p->pgid = p->sid = 1;
	rlimit_init(p->rlim);
	strlcpy(p->comm, "init", sizeof(p->comm));
	p->ctx = arch_stack_init((uint64_t)p->kstack + KSTACK_SIZE, &tf, &p->tf);
	init_path = path;
	init_argv = argv;
	init_envp = envp;
	proc_make_runnable(p);
}

/* copy_struct_from_user: a larger struct than ours must end in zeros. */
static int clone3_copy(const void __user *uargs, size_t size, struct clone_args *a)
{
	uint8_t c;

	memset(a, 0, sizeof(*a));
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (copy_from_user(a, uargs, MIN(size, sizeof(*a))))
		return -EFAULT;
	for (size_t off = sizeof(*a); off < size; off++) {
		if (copy_from_user(&c, (const uint8_t __user *)uargs + off, 1))
			return -EFAULT;
		if (c)
			return -E2BIG;
	}
	return 0;
}

/*
 * copy_clone_args_from_user and clone3_args_valid, in Linux 6.1's order;
 * *tid gets set_tid's one pid (one pid namespace level here) or 0.
 */
static int clone3_check(const struct clone_args *a, int *tid)
{
	int32_t want;

	*tid = 0;
	if (a->set_tid_size > 32 || (!a->set_tid && a->set_tid_size) ||
	    (a->set_tid && !a->set_tid_size))
		return -EINVAL;
	if (a->exit_signal & ~(uint64_t)CSIGNAL || a->exit_signal > NSIG)
		return -EINVAL;
	if ((a->flags & CLONE_INTO_CGROUP) && a->cgroup > INT32_MAX)
		return -EINVAL;
	if (a->set_tid_size &&
	    copy_from_user(&want, (const void __user *)a->set_tid, sizeof(want)))
		return -EFAULT;
	if (a->flags & ~(0xffffffffULL | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if (a->flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
		return -EINVAL;
	if ((a->flags & (CLONE_THREAD | CLONE_PARENT)) && a->exit_signal)
		return -EINVAL;
	if (a->stack ? !a->stack_size : a->stack_size != 0)
		return -EINVAL;
	if (a->flags & (CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP | CLONE_NEWTIME)) {
		printk_once("clone3: flags %lx not supported yet\n", (unsigned long)a->flags);
		return -EINVAL;
	}
	if (!a->set_tid_size)
		return 0;
	/* alloc_pid: one level only, in range, privileged, free. */
	if (a->set_tid_size > 1 || want < 1 || want >= PID_MAX)
		return -EINVAL;
	if (!cred_privileged())
		return -EPERM;
	if (pid_in_use(want))
		return -EEXIST;
	*tid = want;
	return 0;
}

long sys_clone3(const void __user *uargs, size_t size)
{
	struct clone_args a;
	int tid, err;

	err = clone3_copy(uargs, size, &a);
	if (!err)
		err = clone3_check(&a, &tid);
	if (err)
		return err;
	/* The stack is given as its lowest address and size. */
	return do_clone((unsigned long)a.flags | (unsigned long)a.exit_signal,
			a.stack ? a.stack + a.stack_size : 0,
			(int __user *)a.parent_tid, (int __user *)a.child_tid, a.tls, tid);
}
