// SPDX-License-Identifier: MIT
/*
 * syscall_table.c - arm64 system call numbers (the asm-generic table,
 * include/uapi/asm-generic/unistd.h) mapped onto the generic handlers.
 * arm64 has only the *at and clone forms: no open, stat, pipe, fork...
 */
#include "kernel/syscall.h"
#include "fs/vfs.h"
#include "ipc/ipc.h"

/* arm64 passes clone's tls before child_tid (CONFIG_CLONE_BACKWARDS: (flags,
 * newsp, parent_tid, tls, child_tid)); the generic handler takes x86_64's
 * order (flags, newsp, parent_tid, child_tid, tls). */
static long sys_clone_arm64(unsigned long flags, uint64_t newsp,
			    int __user *parent_tid, uint64_t tls,
			    int __user *child_tid)
{
	return sys_clone(flags, newsp, parent_tid, child_tid, tls);
}

#define E(nr, fn) [nr] = { SYSCALL(sys_##fn), #fn }

const struct syscall_entry arch_syscalls[] = {
	E(112, clock_settime), E(170, settimeofday),
	E(17, getcwd), E(23, dup), E(24, dup3), E(25, fcntl), E(29, ioctl),
	E(33, mknodat), E(34, mkdirat), E(35, unlinkat), E(36, symlinkat),
	E(37, linkat), E(38, renameat), E(43, statfs), E(44, fstatfs),
	E(45, truncate), E(46, ftruncate), E(48, faccessat), E(49, chdir),
	E(50, fchdir), E(51, chroot), E(52, fchmod), E(53, fchmodat),
	E(54, fchownat), E(55, fchown), E(56, openat), E(57, close),
	E(59, pipe2), E(61, getdents64), E(62, lseek), E(63, read),
	E(64, write), E(65, readv), E(66, writev), E(67, pread64),
	E(68, pwrite64), E(72, pselect6), E(73, ppoll), E(78, readlinkat),
	E(79, newfstatat), E(80, fstat), E(81, sync), E(82, fsync),
	E(83, fdatasync), E(88, utimensat), E(93, exit), E(94, exit_group),
	E(96, set_tid_address), E(98, futex), E(101, nanosleep), E(102, getitimer),
	E(103, setitimer), E(113, clock_gettime), E(114, clock_getres),
	E(115, clock_nanosleep), E(124, sched_yield), E(129, kill),
	E(130, tkill), E(131, tgkill), E(133, rt_sigsuspend),
	E(134, rt_sigaction), E(135, rt_sigprocmask), E(136, rt_sigpending),
	E(139, rt_sigreturn), E(140, setpriority), E(141, getpriority),
	E(30, ioprio_set), E(31, ioprio_get),
	E(142, reboot), E(153, times), E(154, setpgid), E(155, getpgid),
	E(156, getsid), E(157, setsid), E(160, uname), E(163, getrlimit),
	E(164, setrlimit), E(165, getrusage), E(166, umask),
	E(169, gettimeofday), E(172, getpid), E(173, getppid), E(174, getuid),
	E(175, geteuid), E(176, getgid), E(177, getegid), E(178, gettid),
	E(179, sysinfo), E(214, brk), E(215, munmap), E(220, clone_arm64),
	E(221, execve), E(222, mmap), E(226, mprotect),
	E(227, msync), E(233, madvise), E(279, memfd_create), E(260, wait4),
	E(261, prlimit64), E(267, syncfs), E(213, readahead), E(276, renameat2), E(278, getrandom),
	E(291, statx), E(435, clone3), E(439, faccessat2),
	E(204, getsockname), E(205, getpeername), E(208, setsockopt),
	E(209, getsockopt), E(210, shutdown), E(167, prctl),
	E(161, sethostname), E(162, setdomainname), E(116, syslog),
	E(97, unshare), E(268, setns), E(41, pivot_root),
	E(123, sched_getaffinity), E(122, sched_setaffinity),
	E(120, sched_getscheduler), E(119, sched_setscheduler), E(118, sched_setparam), E(121, sched_getparam),
	E(125, sched_get_priority_max), E(126, sched_get_priority_min),
	E(127, sched_rr_get_interval),
	E(146, setuid), E(144, setgid), E(145, setreuid), E(143, setregid),
	E(147, setresuid), E(148, getresuid), E(149, setresgid), E(150, getresgid),
	E(151, setfsuid), E(152, setfsgid), E(158, getgroups), E(159, setgroups), E(90, capget), E(32, flock), E(71, sendfile), E(99, set_robust_list), E(100, get_robust_list),
	E(132, sigaltstack), E(137, rt_sigtimedwait), E(138, rt_sigqueueinfo),
	E(240, rt_tgsigqueueinfo), E(95, waitid),
	E(40, mount), E(39, umount2),
	E(107, timer_create), E(110, timer_settime), E(108, timer_gettime),
	E(109, timer_getoverrun), E(111, timer_delete),
	E(47, fallocate),
	E(198, socket), E(199, socketpair), E(200, bind), E(201, listen),
	E(202, accept), E(203, connect), E(206, sendto), E(207, recvfrom),
	E(211, sendmsg), E(212, recvmsg), E(242, accept4), E(243, recvmmsg),
	E(269, sendmmsg),
	E(186, msgget), E(187, msgctl), E(188, msgrcv), E(189, msgsnd), E(190, semget),
	E(191, semctl), E(192, semtimedop), E(193, semop), E(194, shmget), E(195, shmctl),
	E(196, shmat), E(197, shmdt),
	E(58, vhangup),
	E(5, setxattr), E(6, lsetxattr), E(7, fsetxattr), E(8, getxattr),
	E(9, lgetxattr), E(10, fgetxattr), E(11, listxattr), E(12, llistxattr),
	E(13, flistxattr), E(14, removexattr), E(15, lremovexattr),
	E(16, fremovexattr),
};

const unsigned arch_nr_syscalls = ARRAY_SIZE(arch_syscalls);
