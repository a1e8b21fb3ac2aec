// SPDX-License-Identifier: MIT
/*
 * syscall_table.c - x86_64 system call numbers (arch/x86/entry/syscalls/
 * syscall_64.tbl) mapped onto the generic handlers.
 */
#include "kernel/syscall.h"
#include "fs/vfs.h"
#include "ipc/ipc.h"

#define E(nr, fn) [nr] = { SYSCALL(sys_##fn), #fn }

const struct syscall_entry arch_syscalls[] = {
	E(164, settimeofday), E(227, clock_settime),
	E(0, read), E(1, write), E(2, open), E(3, close), E(4, stat), E(5, fstat),
	E(6, lstat), E(8, lseek), E(9, mmap), E(10, mprotect), E(11, munmap),
	E(26, msync), E(28, madvise), E(319, memfd_create),
	E(12, brk), E(13, rt_sigaction), E(14, rt_sigprocmask),
	E(15, rt_sigreturn), E(16, ioctl), E(17, pread64), E(18, pwrite64),
	E(19, readv), E(20, writev), E(21, access), E(22, pipe),
	E(24, sched_yield), E(32, dup), E(33, dup2), E(35, nanosleep),
	E(39, getpid), E(56, clone), E(57, fork), E(58, vfork), E(59, execve),
	E(60, exit), E(61, wait4), E(62, kill), E(63, uname), E(72, fcntl),
	E(74, fsync), E(75, fdatasync), E(76, truncate), E(77, ftruncate),
	E(79, getcwd), E(80, chdir), E(81, fchdir), E(82, rename), E(83, mkdir),
	E(84, rmdir), E(86, link), E(87, unlink), E(88, symlink),
	E(89, readlink), E(95, umask), E(96, gettimeofday), E(102, getuid),
	E(104, getgid), E(107, geteuid), E(108, getegid), E(109, setpgid),
	E(110, getppid), E(111, getpgrp), E(112, setsid), E(121, getpgid),
	E(124, getsid), E(127, rt_sigpending), E(130, rt_sigsuspend),
	E(158, arch_prctl), E(162, sync), E(169, reboot), E(186, gettid),
	E(200, tkill), E(201, time), E(202, futex), E(217, getdents64), E(218, set_tid_address),
	E(228, clock_gettime), E(229, clock_getres), E(230, clock_nanosleep),
	E(231, exit_group), E(234, tgkill), E(257, openat), E(258, mkdirat),
	E(262, newfstatat), E(263, unlinkat), E(264, renameat), E(265, linkat),
	E(266, symlinkat), E(267, readlinkat), E(269, faccessat), E(292, dup3),
	E(293, pipe2), E(316, renameat2), E(318, getrandom), E(332, statx),
	E(435, clone3), E(439, faccessat2), E(85, creat), E(90, chmod), E(91, fchmod),
	E(92, chown), E(93, fchown), E(94, lchown), E(133, mknod),
	E(137, statfs), E(138, fstatfs), E(161, chroot), E(259, mknodat),
	E(260, fchownat), E(268, fchmodat), E(280, utimensat), E(306, syncfs), E(187, readahead),
	E(7, poll), E(23, select), E(270, pselect6), E(271, ppoll),
	E(302, prlimit64), E(97, getrlimit), E(160, setrlimit), E(98, getrusage),
	E(100, times), E(99, sysinfo), E(140, getpriority), E(141, setpriority),
	E(251, ioprio_set), E(252, ioprio_get),
	E(36, getitimer), E(38, setitimer), E(37, alarm),
	E(51, getsockname), E(52, getpeername), E(54, setsockopt),
	E(55, getsockopt), E(48, shutdown), E(157, prctl),
	E(170, sethostname), E(171, setdomainname), E(103, syslog),
	E(272, unshare), E(308, setns), E(155, pivot_root),
	E(204, sched_getaffinity), E(203, sched_setaffinity),
	E(145, sched_getscheduler), E(144, sched_setscheduler), E(142, sched_setparam), E(143, sched_getparam),
	E(146, sched_get_priority_max), E(147, sched_get_priority_min),
	E(148, sched_rr_get_interval),
	E(105, setuid), E(106, setgid), E(113, setreuid), E(114, setregid),
	E(117, setresuid), E(118, getresuid), E(119, setresgid), E(120, getresgid),
	E(122, setfsuid), E(123, setfsgid), E(115, getgroups), E(116, setgroups), E(125, capget), E(73, flock), E(40, sendfile), E(273, set_robust_list), E(274, get_robust_list),
	E(128, rt_sigtimedwait), E(129, rt_sigqueueinfo), E(131, sigaltstack),
	E(297, rt_tgsigqueueinfo), E(247, waitid),
	E(165, mount), E(166, umount2),
	E(222, timer_create), E(223, timer_settime), E(224, timer_gettime),
	E(225, timer_getoverrun), E(226, timer_delete),
	E(285, fallocate),
	E(41, socket), E(42, connect), E(43, accept), E(44, sendto),
	E(45, recvfrom), E(46, sendmsg), E(47, recvmsg), E(49, bind),
	E(50, listen), E(53, socketpair), E(288, accept4), E(299, recvmmsg),
	E(307, sendmmsg),
	E(29, shmget), E(30, shmat), E(31, shmctl), E(67, shmdt), E(64, semget),
	E(65, semop), E(66, semctl), E(220, semtimedop), E(68, msgget), E(69, msgsnd),
	E(70, msgrcv), E(71, msgctl),
	E(153, vhangup),
	E(188, setxattr), E(189, lsetxattr), E(190, fsetxattr), E(191, getxattr),
	E(192, lgetxattr), E(193, fgetxattr), E(194, listxattr), E(195, llistxattr),
	E(196, flistxattr), E(197, removexattr), E(198, lremovexattr),
	E(199, fremovexattr),
};

const unsigned arch_nr_syscalls = ARRAY_SIZE(arch_syscalls);
