// SPDX-License-Identifier: MIT
/*
 * procfs_ipc.c - the System V IPC files of /proc (proc(5)): /proc/sysvipc
 * and the limits in /proc/sys/kernel, their text made by ipc/.
 */
#include "fs/procfs_internal.h"
#include "ipc/ipc.h"

static void put(void *ctx, const char *s)
{
	seq_puts(ctx, s);
}

#define IPC_SHOW(fn, which)                                     \
	static int fn(struct seqbuf *m, long ctx __unused)      \
	{                                                       \
		ipc_proc_show(which, put, m);                   \
		return 0;                                       \
	}
IPC_SHOW(show_shm, IPC_PROC_SHM)
IPC_SHOW(show_sem, IPC_PROC_SEM)
IPC_SHOW(show_msg, IPC_PROC_MSG)

const struct pseudo_entry proc_sysvipc_entries[] = {
	{ .name = "msg", .mode = S_IFREG | 0444, .show = show_msg },
	{ .name = "sem", .mode = S_IFREG | 0444, .show = show_sem },
	{ .name = "shm", .mode = S_IFREG | 0444, .show = show_shm },
	{ .name = NULL },
};

/* /proc/sys/kernel/<name>, one pair of functions per limit. */
#define IPC_SYSCTL(n, which)                                                  \
	int proc_ipc_show_##n(struct seqbuf *m, long ctx __unused)             \
	{                                                                     \
		char buf[64];                                                 \
		ipc_sysctl_show(which, buf, sizeof(buf));                     \
		seq_puts(m, buf);                                             \
		return 0;                                                     \
	}                                                                     \
	int proc_ipc_store_##n(long ctx __unused, const char *buf, size_t len) \
	{                                                                     \
		return ipc_sysctl_store(which, buf, len);                     \
	}
PROC_IPC_SYSCTLS(IPC_SYSCTL)
