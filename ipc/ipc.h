/* SPDX-License-Identifier: MIT */
/*
 * ipc.h - System V IPC (svipc(7)): shared memory segments, semaphore sets
 * and message queues, named by keys and ids, guarded by ipc_perm modes.
 * The system calls are Linux's (shmget(2), semop(2), msgrcv(2)...), with
 * Linux 6.1's limits and its /proc/sys/kernel and /proc/sysvipc files.
 */
#ifndef IPC_IPC_H
#define IPC_IPC_H

#include "kernel/kernel.h"

struct timespec64;

/* shm.c */
long sys_shmget(int key, uint64_t size, int shmflg);
long sys_shmat(int shmid, uint64_t addr, int shmflg);
long sys_shmdt(uint64_t addr);
long sys_shmctl(int shmid, int cmd, void __user *buf);
/* sem.c */
long sys_semget(int key, int nsems, int semflg);
long sys_semop(int semid, void __user *sops, unsigned nsops);
long sys_semtimedop(int semid, void __user *sops, unsigned nsops,
		    const struct timespec64 __user *timeout);
long sys_semctl(int semid, int semnum, int cmd, unsigned long arg);
/* msg.c */
long sys_msgget(int key, int msgflg);
long sys_msgsnd(int msqid, const void __user *msgp, uint64_t msgsz, int msgflg);
long sys_msgrcv(int msqid, void __user *msgp, uint64_t msgsz, long msgtyp, int msgflg);
long sys_msgctl(int msqid, int cmd, void __user *buf);

/*
 * The last thread of thread group tgid is exiting (kernel/proc.c): apply
 * its semaphore adjustments (SEM_UNDO).  Its shared memory attachments go
 * with its address space.
 */
void ipc_exit(int tgid);

/* /proc/sysvipc/{shm,sem,msg}: the text, handed to put piece by piece. */
enum ipc_proc_file { IPC_PROC_SHM, IPC_PROC_SEM, IPC_PROC_MSG };
void ipc_proc_show(enum ipc_proc_file which, void (*put)(void *ctx, const char *s),
		   void *ctx);

/* /proc/sys/kernel/{shmmax,shmall,shmmni,sem,msgmax,msgmnb,msgmni}. */
enum ipc_sysctl {
	IPC_CTL_SHMMAX, IPC_CTL_SHMALL, IPC_CTL_SHMMNI, IPC_CTL_SEM,
	IPC_CTL_MSGMAX, IPC_CTL_MSGMNB, IPC_CTL_MSGMNI,
};
/* The value as the file shows it ("32000\t1024000000\t500\t32000\n"). */
void ipc_sysctl_show(enum ipc_sysctl which, char *buf, size_t size);
/* A write of len bytes: 0 or -EINVAL (not a number, out of range). */
int ipc_sysctl_store(enum ipc_sysctl which, const char *buf, size_t len);

#endif
