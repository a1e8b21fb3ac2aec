/* SPDX-License-Identifier: MIT */
/*
 * proc.h - processes: identity, family, address space, files, signals and
 * the scheduler state.  A struct proc is one thread; threads made with
 * CLONE_THREAD form a thread group whose id (tgid, what getpid returns) is
 * the pid of its first thread, the group leader.
 *
 * Locking legend: [I] immutable after creation, [S] scheduler (interrupts
 * off), [P] only the process itself touches it.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include "kernel/kernel.h"
#include "kernel/cred.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/timer.h"
#include <arch/thread.h>
#include <arch/trapframe.h>

#define KSTACK_SIZE 16384

struct uts_ns;
struct mnt_ns;

/* P_STOPPED: stopped by a stop signal; the scheduler skips it until SIGCONT
 * or SIGKILL (kernel/signal.c). */
enum proc_state { P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE, P_STOPPED };

struct rlimit64 {
	uint64_t cur, max;
};
#define RLIM_NLIMITS 16
void rlimit_init(struct rlimit64 *r);

/* Counts for getrusage beyond CPU time. */
struct ru_counts {
	uint64_t minflt, majflt;    /* page faults without and with I/O */
	uint64_t nvcsw, nivcsw;     /* switches away by sleeping, by preemption */
	uint64_t maxrss_kb;         /* peak resident set */
};

struct k_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/* Signal dispositions, shared by CLONE_SIGHAND. */
struct sighand {
	int refs;
	struct k_sigaction action[64];
};

struct proc {
	int pid;                       /* [I] the thread id */
	int tgid;                      /* [I] the thread group's id: its leader's pid */
	struct proc *group_leader;     /* [I] lives until the whole group is reaped */
	struct list_head thread_node;  /* [S] in group_leader->threads */
	/* The leader's only: */
	struct list_head threads;      /* [S] every thread of the group, leader first */
	int live_threads;              /* [S] threads that have not exited */
	bool group_exit;               /* [S] exit_group or a fatal signal is ending it */
	int group_exit_status;         /* [S] its wait status */
	bool group_exec;               /* [S] execve is ending the other threads */
	uint64_t dead_utime_ns, dead_stime_ns; /* [S] threads gone, for the group's sums */
	struct ru_counts dead_ru;      /* [S] the same */
	int pgid, sid;                 /* [P] */
	enum proc_state state;         /* [S] */
	struct proc *parent;           /* [S] */
	struct list_head children;     /* [S] */
	struct list_head sibling;      /* [S] in parent->children */
	struct list_head all;          /* [S] in the process list */
	struct list_head run_link;     /* [S] on the runqueue or the dead list */
	bool timed_out;                /* [S] a timed sleep expired */

	void *kstack;                  /* [I] KSTACK_SIZE bytes */
	struct context *ctx;           /* [S] saved by swtch */
	struct trapframe *tf;          /* [I] top of kstack */
	struct arch_thread arch;       /* [P] */

	struct vm *vm;                 /* [P] */
	struct fs_state *fs;           /* [P] cwd, root, umask (CLONE_FS) */
	struct files_state *files;     /* [P] the fd table (CLONE_FILES) */
	struct uts_ns *uts_ns;         /* [P] its namespaces (kernel/ns.h); */
	struct mnt_ns *mnt_ns;         /* [P] NULL once it has exited */

	uint64_t sig_pending;          /* [S] bit (sig - 1) */
	uint64_t sig_shared;           /* [S] those of them sent to the thread group */
	bool jobctl_stop;              /* [S] another thread stopped the group: stop too */
	uint64_t sig_blocked;          /* [P] */
	uint64_t sig_real_blocked;     /* [P] the mask rt_sigtimedwait lifted its set from */
	uint64_t sig_saved_mask;       /* [P] restored after sigsuspend-like waits */
	bool sig_restore_mask;         /* [P] */
	struct sighand *sighand;       /* [P] */
	struct k_sigaction *sigaction; /* [P] sighand->action */
	int sig_fault_sig;             /* [P] signal of the last synchronous fault */
	struct ksiginfo sig_info[32];  /* [S] info of pending standard signals */
	struct ksiginfo sig_rtq[32];   /* [S] queued real-time signals, in order */
	int sig_rtq_len;               /* [S] */
	int exit_signal;               /* [I] sent to the parent at exit (0: none) */
	bool reaped;                   /* [S] auto-reaped, on the dead list */
	long syscall_nr;               /* [P] -1 outside a syscall */
	struct user_stack sas;         /* [P] sigaltstack (ss_flags: SS_AUTODISARM) */
	int stop_code;                 /* [S] stop signal wait4 has not reported */
	bool continued;                /* [S] continued, not yet reported (WCONTINUED) */
	struct tty *tty;               /* [S] controlling terminal (NULL: none) */
	int tty_old_pgrp;              /* [S] a leader's foreground group when a hangup took its terminal */

	int exit_status;               /* [S] wait status once a zombie */
	struct waitq child_wait;       /* [S] wait4 sleeps here */
	struct waitq vfork_wait;       /* [S] parent of vfork sleeps here */
	bool vfork_pending;            /* [S] */
	uint64_t clear_child_tid;      /* [P] */
	uint64_t robust_list;          /* [P] set_robust_list head, walked at exit */
	int pdeath_signal;             /* [P] prctl(PR_SET_PDEATHSIG) */
	struct cred cred;              /* [P] copied at fork */
	bool not_dumpable;             /* [P] prctl(PR_SET_DUMPABLE, 0) */
	bool no_new_privs;             /* [P] prctl(PR_SET_NO_NEW_PRIVS): kept by fork and execve */
	char comm[16];                 /* [P] */
	struct rlimit64 rlim[RLIM_NLIMITS]; /* [P] inherited at fork */
	int nice;                      /* [P] -20..19 */
	int policy;                    /* [P] SCHED_* [| SCHED_RESET_ON_FORK] */
	int rt_priority;               /* [P] 1..99 under SCHED_FIFO and RR, else 0 */
	uint64_t rr_slice_end;         /* [P] SCHED_RR: when its slice ends (monotonic ns) */
	int ioprio;                    /* [P] ioprio_set's class << 13 | level; 0 none */
	struct ktimer itimer;          /* [S] ITIMER_REAL */
	uint64_t itimer_interval;      /* [S] ns; 0: one shot */
	struct ptimer *ptimers;        /* [S] POSIX timers (ptimer.c), or NULL */
	uint64_t start_ns;             /* [I] */
	uint64_t utime_ns, stime_ns;   /* [S] CPU time in user and kernel mode */
	uint64_t cutime_ns, cstime_ns; /* [P] the same for waited-for children */
	uint64_t acct_stamp;           /* [S] when the last charge was made */
	struct list_head cpu_timers;   /* [S] timers on this process's CPU clocks */
	struct ktimer cpu_tick;        /* [S] the nearest of them, while running */
	struct cpu_timer itimer_cpu[2]; /* [S] ITIMER_VIRTUAL, ITIMER_PROF */
	uint64_t itimer_cpu_interval[2]; /* [S] ns; 0: one shot */
	struct ru_counts ru;           /* [S] this process's counts */
	struct ru_counts cru;          /* [P] the same for waited-for children */
};

extern struct proc *current;
extern struct list_head proc_list;

void proc_init(void);
struct proc *proc_find(int pid);
struct proc *proc_find_any(int pid); /* zombies included */
/* Create a process (not yet runnable) copying parent's registers. */
struct proc *proc_alloc(void);
/* The same with the pid given (clone3's set_tid; checked free), 0: any. */
struct proc *proc_alloc_pid(int pid);
bool pid_in_use(int pid); /* as a thread, process group or session id */
void proc_make_runnable(struct proc *p);
void proc_discard(struct proc *p); /* undo proc_alloc */
void sighand_put(struct sighand *sh);
/* CPU times and counts of p's whole thread group (the dead threads too). */
void group_times(struct proc *p, uint64_t *utime_ns, uint64_t *stime_ns,
		 struct ru_counts *ru);
void proc_bury(struct proc *p); /* free a reaped zombie once off its stack */
/* futex.c: wake one waiter on the word a thread's exit cleared. */
void futex_exit_wake(uint64_t uaddr);
/* futex.c: the robust futex list of p (current) at its exit or execve. */
void futex_exit_robust(struct proc *p);
void ptimer_release(struct proc *p); /* ptimer.c: at execve and exit */
void ptimer_delivered(struct proc *p, int id, int overrun); /* its signal went out */
__noreturn void proc_exit(int wait_status);      /* this thread */
__noreturn void proc_group_exit(int wait_status); /* every thread of the group */
/* Iterate over the threads of p's group. */
#define for_each_thread(p, t) \
	for ((t) = list_entry((p)->group_leader->threads.next, struct proc, thread_node); \
	     &(t)->thread_node != &(p)->group_leader->threads; \
	     (t) = list_entry((t)->thread_node.next, struct proc, thread_node))
void proc_start_init(const char *path, const char *const argv[],
		     const char *const envp[]);
void idle_loop(void) __noreturn;

/* CPU-time accounting (acct.c), sampled where the CPU changes mode or
 * process: entry from user mode charges user time, the return to user
 * mode and a switch away charge kernel time. */
extern uint64_t cpu_user_ns, cpu_system_ns; /* every process, since boot */
void acct_enter_kernel(void);
void acct_enter_user(void);
void acct_switch(struct proc *prev, struct proc *next);
uint64_t acct_cpu_ns(void); /* current's user + kernel time, charged up to now */
void acct_exit(struct proc *p); /* detach the timers on p's clocks */
void acct_init(void);           /* start the load average's sampling */
/* The 1, 5 and 15 minute load averages, fixed point with 11 + shift
 * fraction bits (shift 5: sysinfo's SI_LOAD_SHIFT of 16). */
void acct_loadavg(unsigned long loads[3], int shift);
int proc_last_pid(void);        /* the pid handed out last */
/* Write a struct rusage with these times and counts (resource.c); -EFAULT or 0. */
long rusage_put(void __user *ru, uint64_t utime_ns, uint64_t stime_ns,
		const struct ru_counts *c);
/* Add c to sum (maxrss: the larger). */
void ru_counts_add(struct ru_counts *sum, const struct ru_counts *c);

/* Wake a sleeper (from a waitq or a timed sleep). */
void proc_wake(struct proc *p);
extern bool need_resched;

/* signal.c */
void signal_deliver(struct trapframe *tf);
void signal_fault(int sig, uint64_t addr);
void signal_fault_code(int sig, int code, uint64_t addr);
void signal_exec_reset(struct proc *p);

#endif
