/* SPDX-License-Identifier: MIT */
/*
 * syscall.h - the generic system call handlers the arch tables point at.
 * Each arch has its own number table (arch/<a>/syscall_table.c); the
 * handlers are shared.  Handlers take their Linux arguments with natural C
 * types and return a value or -errno.  File system handlers are declared in
 * fs/vfs.h.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/kernel.h"
#include "kernel/signal.h"

typedef long (*syscall_fn)(long, long, long, long, long, long);
#define SYSCALL(fn) ((syscall_fn)(void (*)(void))(fn))

struct syscall_entry {
	syscall_fn fn;
	const char *name;
};
extern const struct syscall_entry arch_syscalls[];
extern const unsigned arch_nr_syscalls;

struct k_sigaction;
struct trapframe;

/* proc.c, fork.c, exec.c */
long sys_exit(int code);
long sys_exit_group(int code);
long sys_wait4(int pid, int __user *status, int options, void __user *rusage);
long sys_getpid(void);
long sys_gettid(void);
long sys_getppid(void);
long sys_set_tid_address(int __user *tidptr);
long sys_sched_yield(void);
long sys_clone(unsigned long flags, uint64_t newsp, int __user *parent_tid,
	       int __user *child_tid, uint64_t tls);
long sys_clone3(const void __user *uargs, size_t size);
long sys_fork(void);
struct timespec64;
long sys_futex(uint32_t __user *uaddr, int op, uint32_t val,
	       const struct timespec64 __user *uts, uint32_t __user *uaddr2, uint32_t val3);
long sys_vfork(void);
long sys_execve(const char __user *path, char *const __user *argv,
		char *const __user *envp);

/* signal.c */
long sys_rt_sigaction(int sig, const struct k_sigaction __user *act,
		      struct k_sigaction __user *oact, size_t sigsetsize);
long sys_rt_sigprocmask(int how, const uint64_t __user *set, uint64_t __user *oset,
			size_t sigsetsize);
long sys_rt_sigpending(uint64_t __user *set, size_t sigsetsize);
long sys_rt_sigsuspend(const uint64_t __user *mask, size_t sigsetsize);
long sys_rt_sigreturn(void);
long sys_kill(int pid, int sig);
long sys_tkill(int tid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
struct user_stack;
struct user_siginfo;
struct timespec64;
long sys_sigaltstack(const struct user_stack __user *uss, struct user_stack __user *uoss);
long sys_rt_sigtimedwait(const uint64_t __user *uthese, struct user_siginfo __user *uinfo,
			 const struct timespec64 __user *uts, size_t sigsetsize);
long sys_rt_sigqueueinfo(int pid, int sig, const struct user_siginfo __user *uinfo);
long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig,
			   const struct user_siginfo __user *uinfo);
long sys_waitid(int which, int id, struct user_siginfo __user *infop, int options,
		void __user *rusage);

/* mman.c */
long sys_brk(uint64_t addr);
long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off);
long sys_munmap(uint64_t addr, uint64_t len);
long sys_mprotect(uint64_t addr, uint64_t len, int prot);
long sys_madvise(uint64_t addr, uint64_t len, int advice);
long sys_msync(uint64_t addr, uint64_t len, int flags);
long sys_memfd_create(const char __user *name, unsigned flags);

/* time.c */
long sys_clock_gettime(int clk, void __user *ts);
long sys_clock_getres(int clk, void __user *ts);
long sys_gettimeofday(void __user *tv, void __user *tz);
long sys_settimeofday(const void __user *tv, const void __user *tz);
long sys_clock_settime(int clk, const void __user *ts);
long sys_nanosleep(const void __user *req, void __user *rem);
long sys_clock_nanosleep(int clk, int flags, const void __user *req, void __user *rem);
long sys_time(int64_t __user *t);

/* sys.c */
long sys_uname(void __user *buf);
long sys_getrandom(void __user *buf, size_t len, unsigned flags);
long sys_reboot(int magic1, int magic2, unsigned cmd, void __user *arg);
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_getpgid(int pid);
long sys_setpgid(int pid, int pgid);
long sys_getpgrp(void);
long sys_getsid(int pid);
long sys_setsid(void);
long sys_vhangup(void);

/* poll.c */
long sys_poll(void __user *ufds, unsigned nfds, int timeout_ms);
long sys_ppoll(void __user *ufds, unsigned nfds, const void __user *uts,
	       const uint64_t __user *umask, size_t sigsetsize);
long sys_select(int n, uint64_t __user *in, uint64_t __user *out,
		uint64_t __user *ex, void __user *utv);
long sys_pselect6(int n, uint64_t __user *in, uint64_t __user *out,
		  uint64_t __user *ex, const void __user *uts, const void __user *usig);

/* resource.c */
struct rlimit64;
long sys_prlimit64(int pid, unsigned resource, const struct rlimit64 __user *unew,
		   struct rlimit64 __user *uold);
long sys_getrlimit(unsigned resource, struct rlimit64 __user *r);
long sys_setrlimit(unsigned resource, const struct rlimit64 __user *r);
long sys_getrusage(int who, void __user *ru);
long sys_times(void __user *buf);
long sys_sysinfo(void __user *info);
long sys_getpriority(int which, int who);
long sys_setpriority(int which, int who, int nice);
long sys_ioprio_set(int which, int who, int ioprio);
long sys_ioprio_get(int which, int who);
long sys_getitimer(int which, void __user *cur);
long sys_setitimer(int which, const void __user *unew, void __user *uold);
long sys_alarm(unsigned seconds);
unsigned long rlimit_nofile(void);

long sys_set_robust_list(void __user *head, size_t len);
long sys_get_robust_list(int pid, void __user *head_ptr, size_t __user *len_ptr);

long sys_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4,
	       unsigned long a5);

long sys_getpeername(int fd, void __user *addr, void __user *len);
long sys_getsockname(int fd, void __user *addr, void __user *len);
long sys_getsockopt(int fd, int level, int name, void __user *val, void __user *len);
long sys_setsockopt(int fd, int level, int name, const void __user *val, int len);
long sys_shutdown(int fd, int how);
/* net/ */
long sys_socket(int family, int type, int protocol);
long sys_socketpair(int family, int type, int protocol, int __user *sv);
long sys_bind(int fd, const void __user *addr, int len);
long sys_connect(int fd, const void __user *addr, int len);
long sys_listen(int fd, int backlog);
long sys_accept(int fd, void __user *addr, int __user *len);
long sys_accept4(int fd, void __user *addr, int __user *len, int flags);
long sys_sendto(int fd, const void __user *buf, size_t len, int flags,
		const void __user *addr, int alen);
long sys_recvfrom(int fd, void __user *buf, size_t len, int flags,
		  void __user *addr, int __user *alen);
long sys_sendmsg(int fd, const void __user *msg, int flags);
long sys_recvmsg(int fd, void __user *msg, int flags);
long sys_sendmmsg(int fd, void __user *vec, unsigned vlen, int flags);
long sys_recvmmsg(int fd, void __user *vec, unsigned vlen, int flags,
		  const void __user *timeout);

/* cred.c */
long sys_setuid(uint32_t uid);
long sys_setgid(uint32_t gid);
long sys_setreuid(uint32_t r, uint32_t e);
long sys_setregid(uint32_t r, uint32_t e);
long sys_setresuid(uint32_t r, uint32_t e, uint32_t s);
long sys_setresgid(uint32_t r, uint32_t e, uint32_t s);
long sys_getresuid(uint32_t __user *r, uint32_t __user *e, uint32_t __user *s);
long sys_getresgid(uint32_t __user *r, uint32_t __user *e, uint32_t __user *s);
long sys_setfsuid(uint32_t id);
long sys_setfsgid(uint32_t id);
long sys_getgroups(int size, uint32_t __user *list);
long sys_setgroups(int size, const uint32_t __user *list);
struct cap_header;
struct cap_data;
long sys_capget(struct cap_header __user *hp, struct cap_data __user *dp);

long sys_sethostname(const char __user *name, int len);
long sys_setdomainname(const char __user *name, int len);
long sys_unshare(unsigned long flags);
long sys_setns(int fd, int nstype);
long sys_syslog(int type, char __user *buf, int len);
long sys_sched_getaffinity(int pid, unsigned len, void __user *mask);
long sys_sched_setaffinity(int pid, unsigned len, const void __user *mask);
long sys_sched_getscheduler(int pid);
long sys_sched_setscheduler(int pid, int policy, const void __user *param);
long sys_sched_setparam(int pid, const void __user *param);
long sys_sched_getparam(int pid, void __user *param);
long sys_sched_get_priority_max(int policy);
long sys_sched_get_priority_min(int policy);
long sys_sched_rr_get_interval(int pid, void __user *interval);

/* ptimer.c */
long sys_timer_create(int clock, const void __user *usev, int __user *uid);
long sys_timer_settime(int id, int flags, const void __user *unew, void __user *uold);
long sys_timer_gettime(int id, void __user *cur);
long sys_timer_getoverrun(int id);
long sys_timer_delete(int id);

/* block/blkdev.c */
long sys_fallocate(int fd, int mode, off_t offset, off_t len);

/* arch */
long sys_arch_prctl(int code, uint64_t addr);

#endif
