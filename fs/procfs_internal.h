/* SPDX-License-Identifier: MIT */
/*
 * procfs_internal.h - what procfs.c (the /proc root and the system-wide
 * files) and procfs_pid.c (the /proc/<pid> directories) share.
 */
#ifndef FS_PROCFS_INTERNAL_H
#define FS_PROCFS_INTERNAL_H

#include "fs/pseudofs_internal.h"
#include "kernel/proc.h"

#define PROC_SUPER_MAGIC 0x9fa0

/* Keep in step with sys_uname (kernel/sys.c). */
#define UTS_RELEASE "6.1.0-levitate"
#define UTS_VERSION "#1 LevitateOS"

/* The process with this pid, zombies included; NULL when there is none. */
struct proc *procfs_task(long pid);
/* /proc/net (procfs_net.c). */
extern const struct pseudo_entry proc_net_entries[];
/* /proc/sys (procfs_sys.c). */
extern const struct pseudo_entry proc_sys_entries[];
/* /proc/<pid>/ns (procfs_ns.c). */
extern const struct pseudo_entry proc_ns_entries[];
/* /proc/<pid>: its entries (procfs_pid.c). */
extern const struct pseudo_entry proc_pid_dir;
/* A decimal name (a pid, an fd): 0, or -ENOENT when it is not one. */
int procfs_name_num(const char *name, size_t len, long *out);
/* /proc/<pid>/sched (procfs_sched.c). */
int procfs_show_sched(struct seqbuf *m, long pid);
/* "sec.centisec" of a time in nanoseconds. */
void seq_centis(struct seqbuf *m, uint64_t ns);

/* /proc/sysvipc and /proc/sys/kernel's System V IPC limits (procfs_ipc.c). */
extern const struct pseudo_entry proc_sysvipc_entries[];
#define PROC_IPC_SYSCTLS(X) X(msgmax, IPC_CTL_MSGMAX) X(msgmnb, IPC_CTL_MSGMNB) \
	X(msgmni, IPC_CTL_MSGMNI) X(sem, IPC_CTL_SEM) X(shmall, IPC_CTL_SHMALL) \
	X(shmmax, IPC_CTL_SHMMAX) X(shmmni, IPC_CTL_SHMMNI)
#define PROC_IPC_DECLARE(n, which) int proc_ipc_show_##n(struct seqbuf *m, long ctx); \
	int proc_ipc_store_##n(long ctx, const char *buf, size_t len);
PROC_IPC_SYSCTLS(PROC_IPC_DECLARE)

#endif
