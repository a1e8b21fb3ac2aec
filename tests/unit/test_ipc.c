// SPDX-License-Identifier: MIT
// sources: ipc/ipc.c
/*
 * test_ipc.c - the System V IPC id tables and keys (ipc/ipc.c) on the host
 * under ASan/UBSan: Linux's id numbers (slots handed out cyclically over
 * at least 64, a sequence bumped at each wrap), lookups by key, id and
 * index, the get calls' IPC_CREAT/IPC_EXCL/ENOENT/EEXIST rules, ipcperms
 * for owner, group and others, the object limit, and the sysctl text.
 * The guest test sysvipc.c checks the system calls against Linux.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc/ipc_internal.h"
#include "kernel/proc.h"
#include "tests/unit/unit.h"

int failures, checks;
int printk_quiet;
static struct proc me = { .pid = 7, .tgid = 7 };
struct proc *current = &me;
static struct cred cred;

void printk(const char *fmt, ...) { (void)fmt; }
void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	abort();
}
void *kmalloc(size_t size) { return malloc(size ? size : 1); }
void *kzalloc(size_t size) { return calloc(1, size ? size : 1); }
void kfree(void *p) { free(p); }
uint64_t time_realtime_ns(void) { return 1700000000ULL * 1000000000ULL; }
const struct cred *current_cred(void) { return &cred; }
bool cred_privileged(void) { return cred.euid == 0; }
bool cred_in_group(uint32_t gid) { return gid == cred.fsgid; }
void sem_exit(int tgid) { (void)tgid; }
void shm_proc_show(ipc_put_fn put, void *ctx) { (void)put; (void)ctx; }
void sem_proc_show(ipc_put_fn put, void *ctx) { (void)put; (void)ctx; }
void msg_proc_show(ipc_put_fn put, void *ctx) { (void)put; (void)ctx; }

static struct ipc_ids ids = { .max_idx = -1, .last_idx = -1 };

static long create(int key, int flg, void *arg)
{
	struct ipc_obj *o = calloc(1, sizeof(*o));
	int err = ipc_add(&ids, o, key, flg, *(int *)arg);

	if (err) {
		free(o);
		return err;
	}
	return o->id;
}

static const struct ipc_get_ops ops = { .create = create };

static void drop(int id)
{
	struct ipc_obj *o = ipc_find_id(&ids, id);

	ipc_remove(&ids, o);
	free(o);
}

static void test_ids(void)
{
	int limit = 1000, a, b, c, last = -1, first[63];

	a = (int)ipc_get(&ids, IPC_PRIVATE, 0600, &ops, &limit);
	b = (int)ipc_get(&ids, IPC_PRIVATE, 0600, &ops, &limit);
	EXPECT_EQ(a, 0);
	EXPECT_EQ(b, 1);
	EXPECT_EQ(ipc_max_idx(&ids), 1);
	drop(a);
	c = (int)ipc_get(&ids, IPC_PRIVATE, 0600, &ops, &limit);
	EXPECT_EQ(c, 2);                /* cyclic: the freed slot 0 waits */
	EXPECT(ipc_find_id(&ids, a) == NULL);
	EXPECT(ipc_find_idx(&ids, 2) == ipc_find_id(&ids, c));
	for (int i = 3; i < 64; i++) {   /* few in use: the cycle is 64 slots */
		last = (int)ipc_get(&ids, IPC_PRIVATE, 0600, &ops, &limit);
		drop(last);
	}
	EXPECT_EQ(last, 63);
	a = (int)ipc_get(&ids, IPC_PRIVATE, 0600, &ops, &limit);
	EXPECT_EQ(a, IPCMNI + 0);       /* wrapped to slot 0: the sequence went up */
	EXPECT(ipc_find_id(&ids, 0) == NULL);
	EXPECT(ipc_find_id(&ids, a) != NULL);
	EXPECT_EQ(ipc_max_idx(&ids), 2);
	EXPECT_EQ(ipc_get(&ids, IPC_PRIVATE, 0600, &ops, &limit), IPCMNI + 3);
	drop(IPCMNI + 3);
	for (int i = 0; i < 63; i++)    /* more in use: the cycle widens to in_use * 3 / 2 */
		first[i] = (int)ipc_get(&ids, IPC_PRIVATE, 0600, &ops, &limit);
	EXPECT_EQ(first[62], IPCMNI + 66);
	for (int i = 0; i < 63; i++)
		drop(first[i]);
	drop(a);
	drop(b);
	drop(c);
	EXPECT_EQ(ids.in_use, 0);
	EXPECT_EQ(ids.max_idx, -1);
	EXPECT_EQ(ipc_max_idx(&ids), 0);
}

static void test_keys_and_perms(void)
{
	int limit = 2, id;
	struct ipc_obj *o;

	EXPECT_EQ(ipc_get(&ids, 42, 0600, &ops, &limit), -ENOENT);
	id = (int)ipc_get(&ids, 42, IPC_CREAT | 0640, &ops, &limit);
	EXPECT(id >= 0);
	EXPECT_EQ(ipc_get(&ids, 42, 0, &ops, &limit), id);
	EXPECT_EQ(ipc_get(&ids, 42, IPC_CREAT, &ops, &limit), id);
	EXPECT_EQ(ipc_get(&ids, 42, IPC_CREAT | IPC_EXCL, &ops, &limit), -EEXIST);
	EXPECT(ipc_get(&ids, IPC_PRIVATE, 0, &ops, &limit) >= 0);
	EXPECT_EQ(ipc_get(&ids, IPC_PRIVATE, 0, &ops, &limit), -ENOSPC);
	o = ipc_find_key(&ids, 42);
	EXPECT(o && o->id == id && (o->mode & 0777) == 0640 && o->cuid == 0);
	cred.euid = cred.fsgid = 1000;          /* other */
	EXPECT_EQ(ipc_perms(o, 0), 0);
	EXPECT_EQ(ipc_perms(o, 0400), -EACCES);
	EXPECT_EQ(ipc_get(&ids, 42, 0400, &ops, &limit), -EACCES);
	EXPECT(IS_ERR(ipc_change_obj(&ids, id)) && PTR_ERR(ipc_change_obj(&ids, id)) == -EPERM);
	EXPECT_EQ(PTR_ERR(ipc_stat_obj(&ids, id, IPC_STAT, -1)), -EACCES);
	cred.fsgid = 0;                         /* group: read only */
	EXPECT_EQ(ipc_perms(o, 0400), 0);
	EXPECT_EQ(ipc_perms(o, 0200), -EACCES);
	o->uid = 1000;                          /* owner: read and write */
	EXPECT_EQ(ipc_perms(o, 0600), 0);
	EXPECT(ipc_change_obj(&ids, id) == o);
	EXPECT_EQ(ipc_perms(o, 0100), -EACCES);
	cred.euid = cred.fsgid = 0;
	EXPECT_EQ(ipc_perms(o, 0777), 0);       /* privileged */
	EXPECT_EQ(PTR_ERR(ipc_change_obj(&ids, id + IPCMNI)), -EINVAL);
	for (int i = 0; i <= ids.max_idx; i++)
		if (ids.slot[i])
			drop(ids.slot[i]->id);
}

static void test_sysctl(void)
{
	char buf[64];

	ipc_sysctl_show(IPC_CTL_SEM, buf, sizeof(buf));
	EXPECT(!strcmp(buf, "32000\t1024000000\t500\t32000\n"));
	ipc_sysctl_show(IPC_CTL_SHMMAX, buf, sizeof(buf));
	EXPECT(!strcmp(buf, "18446744073692774399\n"));
	EXPECT_EQ(ipc_sysctl_store(IPC_CTL_MSGMAX, "100\n", 4), 0);
	EXPECT_EQ(ipc_lim.msgmax, 100);
	EXPECT_EQ(ipc_sysctl_store(IPC_CTL_MSGMAX, "x", 1), -EINVAL);
	EXPECT_EQ(ipc_sysctl_store(IPC_CTL_SHMMNI, "40000", 5), -EINVAL);
	EXPECT_EQ(ipc_sysctl_store(IPC_CTL_SEM, "250 32000 32 128", 16), 0);
	EXPECT(ipc_lim.semmsl == 250 && ipc_lim.semmns == 32000 && ipc_lim.semopm == 32 &&
	       ipc_lim.semmni == 128);
	EXPECT_EQ(ipc_sysctl_store(IPC_CTL_SEM, "1 2 3 99999", 11), -EINVAL);
	EXPECT_EQ(ipc_sysctl_store(IPC_CTL_SHMALL, "99999999999999999999", 20), -EINVAL);
}

int main(void)
{
	test_ids();
	test_keys_and_perms();
	test_sysctl();
	printf("test_ipc: %d checks, %d failures\n", checks, failures);
	return failures != 0;
}
