/* SPDX-License-Identifier: MIT */
/*
 * ipc_internal.h - what shm.c, sem.c and msg.c share (ipc.c): the id
 * tables, keys, permission checks, the user ABI's struct ipc64_perm and
 * the limits (Linux 6.1 defaults, changed through /proc/sys/kernel).
 *
 * The kernel runs one CPU with interrupts off outside sleeps, so the tables
 * and every object are [L]: changed only between sleeps.
 */
#ifndef IPC_IPC_INTERNAL_H
#define IPC_IPC_INTERNAL_H

#include "ipc/ipc.h"

#define IPC_PRIVATE 0
#define IPC_CREAT 01000
#define IPC_EXCL 02000
#define IPC_NOWAIT 04000
#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2
#define IPC_INFO 3
#define S_IRWXUGO 0777
#define S_IRUGO 0444
#define S_IWUGO 0222
#define S_IXUGO 0111

/* id = seq * IPCMNI + idx (ipc/util.h's ipc_buildid without ipcmni_extend). */
#define IPCMNI 32768
#define IPC_MIN_CYCLE 64        /* RADIX_TREE_MAP_SIZE: ids cycle at least this far */

/* struct ipc64_perm (asm-generic/ipcbuf.h; x86_64 and arm64 alike). */
struct ipc64_perm {
	int32_t key;
	uint32_t uid, gid, cuid, cgid;
	uint32_t mode;
	uint16_t seq;
	uint16_t pad2_;
	uint64_t unused1_, unused2_;
};

/* One object's name and permissions, at the head of each segment/set/queue. */
struct ipc_obj {
	int key;                /* [L] IPC_PRIVATE once removed */
	int id;                 /* [I] */
	int idx;                /* [I] slot in its table */
	uint32_t uid, gid, cuid, cgid;  /* [L] */
	uint32_t mode;          /* [L] permissions | SHM_DEST, SHM_LOCKED */
	int64_t ctime;          /* [L] last change, seconds */
};

struct ipc_ids {
	struct ipc_obj **slot;  /* [L] by idx; cap of them */
	int cap;
	int in_use;
	int max_idx;            /* highest idx in use, -1: none */
	int last_idx;           /* allocation cycles on from here */
	int seq;
};

struct ipc_limits {
	uint64_t shmmax, shmall;
	int shmmni;
	int semmsl, semmns, semopm, semmni;
	int msgmax, msgmnb, msgmni;
};
extern struct ipc_limits ipc_lim;

int64_t ipc_now(void);                  /* realtime seconds */
int ipc_tgid(void);                     /* the caller's process id */
/* The object with this key, or NULL. */
struct ipc_obj *ipc_find_key(struct ipc_ids *ids, int key);
/* The object with this id (the sequence must match), or NULL: EINVAL. */
struct ipc_obj *ipc_find_id(struct ipc_ids *ids, int id);
/* The object in slot idx (SHM_STAT and friends), or NULL. */
struct ipc_obj *ipc_find_idx(struct ipc_ids *ids, int idx);
/*
 * Enter o under key with flg's permission bits, owned by the caller:
 * 0, -ENOSPC (limit objects already) or -ENOMEM.
 */
int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, int key, int flg, int limit);
void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o);
/* The highest idx in use, or 0 when none (the *_INFO commands' result). */
int ipc_max_idx(struct ipc_ids *ids);

/*
 * The get calls' common part (ipcget): find key or make the object.
 * create(key, flg, arg) makes and enters one: its id or -errno.
 * check(o, arg): more checks on an existing one (a size, nsems): 0/-EINVAL.
 */
struct ipc_get_ops {
	long (*create)(int key, int flg, void *arg);
	int (*check)(struct ipc_obj *o, void *arg);
};
long ipc_get(struct ipc_ids *ids, int key, int flg, const struct ipc_get_ops *ops,
	     void *arg);

/* ipcperms: may the caller use o as flg's S_IRUGO/S_IWUGO ask?  0/-EACCES. */
int ipc_perms(const struct ipc_obj *o, int flg);
/*
 * What IPC_STAT (id) or the *_STAT commands (an index) read: the object,
 * or ERR_PTR -EINVAL (none) or -EACCES (not readable; stat_any: the
 * *_STAT_ANY command, which needs no permission).
 */
struct ipc_obj *ipc_stat_obj(struct ipc_ids *ids, int id, int cmd, int stat_any);
/* What IPC_SET and IPC_RMID change: the object, or ERR_PTR -EINVAL or
 * -EPERM (not the owner's, the creator's or privileged). */
struct ipc_obj *ipc_change_obj(struct ipc_ids *ids, int id);
void ipc_perm_to_user(const struct ipc_obj *o, struct ipc64_perm *p);
/* IPC_SET: owner and permission bits from p; the change time. */
void ipc_set_perm(struct ipc_obj *o, const struct ipc64_perm *p);
/* Log once an unknown command, EINVAL. */
long ipc_bad_cmd(const char *call, int cmd);

/* Helpers for the per-kind /proc/sysvipc files. */
typedef void (*ipc_put_fn)(void *ctx, const char *s);
__printf(3, 4) void ipc_putf(ipc_put_fn put, void *ctx, const char *fmt, ...);
void shm_proc_show(ipc_put_fn put, void *ctx);
void sem_proc_show(ipc_put_fn put, void *ctx);
void msg_proc_show(ipc_put_fn put, void *ctx);
void sem_exit(int tgid);

#endif
