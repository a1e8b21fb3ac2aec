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
/* /proc/<pid>: its entries (procfs_pid.c). */
extern const struct pseudo_entry proc_pid_dir;
/* A decimal name (a pid, an fd): 0, or -ENOENT when it is not one. */
int procfs_name_num(const char *name, size_t len, long *out);
/* /proc/<pid>/sched (procfs_sched.c). */
int procfs_show_sched(struct seqbuf *m, long pid);
/* "sec.centisec" of a time in nanoseconds. */
void seq_centis(struct seqbuf *m, uint64_t ns);

#endif
