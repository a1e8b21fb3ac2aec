/* SPDX-License-Identifier: MIT */
/* signal.h - signal numbers (x86_64 and arm64 share them) and sending. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/kernel.h"

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define NSIG 64

/* si_code values (uapi/asm-generic/siginfo.h) */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TKILL (-6)
#define SI_TIMER (-2)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRERR 2
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

/* sigaltstack ss_flags */
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)

/* What a handler's siginfo_t says about one signal. */
struct ksiginfo {
	int signo, code;
	int pid;
	uint32_t uid;
	int status;       /* SIGCHLD: exit code or signal */
	uint64_t addr;    /* faults: the address */
	uint64_t value;   /* rt_sigqueueinfo: sigval */
};

/* stack_t (sigaltstack, a frame's uc_stack): the same on both arches. */
struct user_stack {
	uint64_t ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
};

/* siginfo_t as the kernel writes it (uapi asm-generic/siginfo.h, 64-bit). */
struct user_siginfo {
	int32_t si_signo, si_errno, si_code, pad;
	union {
		struct {
			int32_t pid;
			uint32_t uid;
			uint64_t value;   /* sigval of kill/rt/queue signals */
		} kill;
		struct {
			int32_t pid;
			uint32_t uid;
			int32_t status;
		} chld;
		uint64_t addr;    /* faults */
		uint8_t raw[112];
	};
};
_Static_assert(sizeof(struct user_siginfo) == 128, "siginfo_t");

struct proc;
struct k_sigaction;
/* Post sig to p from the current process (SI_USER) (0 or -errno). */
int signal_send(struct proc *p, int sig);
/* Post a signal with its siginfo. */
int signal_send_info(struct proc *p, const struct ksiginfo *info);
/* Post sig to the calling process (e.g. SIGPIPE from a pipe write). */
void signal_raise_current(int sig);
/* Post sig to p from the kernel (SI_KERNEL). */
int signal_send_kernel(struct proc *p, int sig);
/* The same, directed at the thread p rather than its thread group. */
int signal_send_thread(struct proc *p, const struct ksiginfo *info);
int signal_send_thread_kernel(struct proc *p, int sig);
/* Take over group signals other threads hold blocked that mask unblocks. */
void signal_claim(uint64_t mask);
/* Move p's share of the group's signals in mask to a thread that takes them. */
void signal_retarget(struct proc *p, uint64_t mask);
/* siginfo_t for info, as a handler or sigtimedwait sees it. */
void signal_fill_siginfo(struct user_siginfo *si, const struct ksiginfo *info);

/*
 * Handler frames and the alternate stack (arch signal.c).  The stack top a
 * frame for ka goes below, given the interrupted sp; *alt is set when that
 * is the alternate stack, where the whole frame must then fit
 * (signal_on_altstack of its lowest address), else the frame fails.
 */
uint64_t signal_frame_stack(const struct k_sigaction *ka, uint64_t sp, bool *alt);
bool signal_on_altstack(uint64_t sp);
/* uc_stack of a frame interrupting sp; applies SS_AUTODISARM. */
void signal_save_altstack(struct user_stack *uss, uint64_t sp);
/* rt_sigreturn: uc_stack back into effect as sigaltstack would (errors ignored). */
void signal_restore_altstack(const struct user_stack *uss, uint64_t sp);

/* Take the lowest pending signal of mask off p's pending set (0: none). */
int signal_dequeue_mask(struct proc *p, uint64_t mask, struct ksiginfo *info);

/* jobctl.c: process groups, sessions and job-control reporting. */
/*
 * Is process group pgid orphaned (POSIX: no member has a parent in another
 * group of the same session)?  exiting, when set, is leaving: it counts
 * neither as a member nor as a parent.  An empty group counts as orphaned.
 */
bool pgrp_orphaned(int pgid, const struct proc *exiting);
/* Post sig from the kernel to every member of pgid (0 or -ESRCH). */
int pgrp_signal(int pgid, int sig);
/* Tell p's parent that p stopped or continued (CLD_STOPPED/CLD_CONTINUED). */
void jobctl_notify_parent(struct proc *p, int why, int sig);
/* At exit, before p's children go to init: the session's terminal and
 * newly orphaned groups with stopped members (SIGHUP, SIGCONT). */
void jobctl_exit(struct proc *p);

#endif
