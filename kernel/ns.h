/* SPDX-License-Identifier: MIT */
/*
 * ns.h - namespaces (namespaces(7)): what every kind has in common, the
 * UTS namespace (host and domain name), and the calls that make and join
 * them (kernel/nsproxy.c: clone's CLONE_NEW* flags, unshare(2), setns(2)).
 *
 * A process holds one namespace of each kind it can leave (struct proc's
 * uts_ns and mnt_ns, each a counted reference); the mount namespace is
 * the VFS's (fs/mount_ns.c).  The kinds LevitateOS does not offer (cgroup,
 * ipc, net, pid, time, user) are each the one initial namespace, with
 * Linux's inode numbers; making a new one is EINVAL, as on a Linux built
 * without it.  A namespace lives while a process is in it or an open file
 * of /proc/<pid>/ns (nsfs, fs/procfs_ns.c) refers to it.
 */
#ifndef KERNEL_NS_H
#define KERNEL_NS_H

#include "kernel/kernel.h"

/* clone(2)/unshare(2) flags that make namespaces (uapi/linux/sched.h). */
#define CLONE_NEWTIME 0x00000080
#define CLONE_NEWNS 0x00020000
#define CLONE_NEWCGROUP 0x02000000
#define CLONE_NEWUTS 0x04000000
#define CLONE_NEWIPC 0x08000000
#define CLONE_NEWUSER 0x10000000
#define CLONE_NEWPID 0x20000000
#define CLONE_NEWNET 0x40000000

/* What every namespace has: its type (CLONE_NEW*) and inode number. */
struct ns_common {
	unsigned refs;          /* processes in it, nsfs inodes of it */
	unsigned inum;          /* [I] st_ino of its nsfs file */
	unsigned long type;     /* [I] CLONE_NEW* */
};

struct uts_ns {
	struct ns_common ns;
	char nodename[65], domainname[65];      /* [P] of the processes in it */
};

struct proc;

/* The caller's host and domain name buffers (65 bytes, NUL-terminated). */
char *uts_nodename(void);
char *uts_domainname(void);

/* The kinds /proc/<pid>/ns lists, in Linux's order (ns_entries[]). */
#define NS_KINDS 10
/* The name in the link of kind i ("pid" for pid_for_children). */
const char *ns_kind_label(int i);
/* The same for a namespace type (CLONE_NEW*). */
const char *ns_type_label(unsigned long type);
/* p's namespace of kind i, or NULL (p has exited). */
struct ns_common *ns_of(struct proc *p, int i);
struct ns_common *ns_get(struct ns_common *ns);
void ns_put(struct ns_common *ns);
/* A fresh inode number for a new namespace. */
unsigned ns_inum_alloc(void);

/* fork: p's namespaces, its parent's or new ones (flags: CLONE_NEW*). */
int ns_fork(struct proc *p, struct proc *parent, unsigned long flags);
/* The namespaces of PID 1: the initial ones. */
void ns_init_proc(struct proc *p);
/* exit: p leaves its namespaces. */
void ns_exit(struct proc *p);
/* clone's checks of its CLONE_NEW* flags: 0, -EINVAL or -EPERM. */
int ns_clone_check(unsigned long flags);

#endif
