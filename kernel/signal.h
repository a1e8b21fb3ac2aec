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
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRERR 2
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3

/* What a handler's siginfo_t says about one signal. */
struct ksiginfo {
	int signo, code;
	int pid;
	uint32_t uid;
	int status;       /* SIGCHLD: exit code or signal */
	uint64_t addr;    /* faults: the address */
	uint64_t value;   /* rt_sigqueueinfo: sigval */
};

struct proc;
/* Post sig to p from the current process (SI_USER) (0 or -errno). */
int signal_send(struct proc *p, int sig);
/* Post a signal with its siginfo. */
int signal_send_info(struct proc *p, const struct ksiginfo *info);
/* Post sig to the calling process (e.g. SIGPIPE from a pipe write). */
void signal_raise_current(int sig);
/* Post sig to p from the kernel (SI_KERNEL). */
int signal_send_kernel(struct proc *p, int sig);

#endif
