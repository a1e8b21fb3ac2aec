// SPDX-License-Identifier: MIT
/*
 * sysvipc.c - System V IPC (svipc(7)): shared memory, semaphore sets and
 * message queues, each call's successes and errors; attachments across
 * fork, execve and IPC_RMID; SEM_UNDO at exit; blocking operations woken
 * by another process, a timeout, a signal (EINTR) and IPC_RMID (EIDRM);
 * the INFO and STAT commands ipcs uses; /proc/sysvipc and the limits in
 * /proc/sys/kernel.  execve re-runs this program with "shm-exec" and a
 * segment id as arguments to count the attachments after execve.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

static const char *self = "/tests/sysvipc";

static void on_usr1(int sig)
{
	(void)sig;
}

/* Fork a child running fn(arg); its exit status comes from fn's result. */
static pid_t spawn(int (*fn)(long), long arg)
{
	pid_t p = fork();

	if (p == 0)
		_exit(fn(arg));
	return p;
}

/* The child's exit code, or -1 when it did not exit normally. */
static int reap(pid_t p)
{
	int st;

	if (waitpid(p, &st, 0) != p)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Wait (up to 5 s) until semctl(id, num, cmd) says n. */
static int wait_semcnt(int id, int num, int cmd, int n)
{
	for (int i = 0; i < 500; i++) {
		if (semctl(id, num, cmd) == n)
			return 1;
		msleep(10);
	}
	return 0;
}

static long shm_nattch(int id)
{
	struct shmid_ds ds;

	return shmctl(id, IPC_STAT, &ds) ? -1 : (long)ds.shm_nattch;
}

static int become_user(void)
{
	return setgid(1000) || setuid(1000) ? -1 : 0;
}

static void test_shm_get(void)
{
	key_t key = 0x5ee0001;
	struct shmid_ds ds;
	int id, id2;

	CHECK_ERR(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL, "shmget: size 0 is EINVAL");
	CHECK_ERR(shmget(key, 4096, 0600), ENOENT, "shmget: a missing key without IPC_CREAT is ENOENT");
	id = shmget(key, 10000, IPC_CREAT | 0640);
	CHECK(id >= 0, "shmget: IPC_CREAT makes a keyed segment");
	CHECK_ERR(shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
		  "shmget: IPC_CREAT|IPC_EXCL on an existing key is EEXIST");
	CHECK_EQ(shmget(key, 0, 0), id, "shmget: the key finds the same id");
	CHECK_ERR(shmget(key, 20000, 0), EINVAL, "shmget: a size past the segment's is EINVAL");
	id2 = shmget(IPC_PRIVATE, 4096, 0600);
	CHECK(id2 >= 0 && id2 != id, "shmget: IPC_PRIVATE always makes a new segment");
	CHECK_OK(shmctl(id, IPC_STAT, &ds), "shmctl IPC_STAT");
	CHECK(ds.shm_segsz == 10000 && ds.shm_nattch == 0 && ds.shm_cpid == getpid() &&
	      ds.shm_lpid == 0 && ds.shm_perm.key == key && (ds.shm_perm.mode & 0777) == 0640 &&
	      ds.shm_perm.uid == 0 && ds.shm_perm.cuid == 0 && ds.shm_atime == 0 &&
	      ds.shm_ctime > 0, "shmctl IPC_STAT: size, key, mode, owner, creator pid, times");
	ds.shm_perm.mode = 0604;
	CHECK_OK(shmctl(id, IPC_SET, &ds), "shmctl IPC_SET");
	shmctl(id, IPC_STAT, &ds);
	CHECK_EQ(ds.shm_perm.mode & 0777, 0604, "shmctl IPC_SET: the mode changes");
	CHECK_ERR(shmctl(id, IPC_STAT, (struct shmid_ds *)8), EFAULT, "shmctl IPC_STAT: a bad buffer is EFAULT");
	CHECK_ERR(shmctl(id + 1000000, IPC_STAT, &ds), EINVAL, "shmctl: an unknown id is EINVAL");
	CHECK_ERR(shmctl(-1, IPC_STAT, &ds), EINVAL, "shmctl: a negative id is EINVAL");
	CHECK_ERR(shmctl(id, 999, &ds), EINVAL, "shmctl: an unknown command is EINVAL");
	CHECK_OK(shmctl(id, IPC_RMID, NULL), "shmctl IPC_RMID");
	CHECK_ERR(shmctl(id, IPC_STAT, &ds), EINVAL, "shmctl: a removed segment's id is EINVAL");
	CHECK_ERR(shmget(key, 0, 0), ENOENT, "shmget: a removed segment's key is gone");
	shmctl(id2, IPC_RMID, NULL);
}

/* A child running as uid 1000 on a root segment of mode 0600. */
static int shm_user_child(long id)
{
	struct shmid_ds ds;

	if (become_user())
		return 99;
	if (shmat((int)id, NULL, 0) != (void *)-1 || errno != EACCES)
		return 1;
	if (shmctl((int)id, IPC_STAT, &ds) != -1 || errno != EACCES)
		return 2;
	if (shmctl((int)id, IPC_RMID, NULL) != -1 || errno != EPERM)
		return 3;
	if (shmget(0x5ee0002, 0, 0400) != -1 || errno != EACCES)
		return 4;
	if (shmget(0x5ee0002, 0, 0) != (int)id)
		return 5;
	return 0;
}

static int shm_id;               /* the segment shm_fork_child looks at */

static int shm_fork_child(long arg)
{
	char *p = (char *)arg;

	if (strcmp(p, "parent"))
		return 1;
	if (shm_nattch(shm_id) != 4)
		return 2;       /* the parent's two attachments and the copies fork made */
	strcpy(p, "child");
	return 0;
}

static void test_shm_attach(void)
{
	int id = shmget(0x5ee0002, 10000, IPC_CREAT | 0600);
	struct shmid_ds ds;
	char *p, *q, *r;
	void *hole;

	p = shmat(id, NULL, 0);
	CHECK(p != (void *)-1, "shmat: attaches at an address the kernel picks");
	strcpy(p, "parent");
	shmctl(id, IPC_STAT, &ds);
	CHECK(ds.shm_nattch == 1 && ds.shm_lpid == getpid() && ds.shm_atime > 0,
	      "shmat: nattch 1, lpid and atime set");
	q = shmat(id, NULL, SHM_RDONLY);
	CHECK(q != (void *)-1 && q != p && !strcmp(q, "parent"),
	      "shmat SHM_RDONLY: a second mapping of the same memory");
	CHECK_EQ(shm_nattch(id), 2, "shmat: nattch counts both");
	CHECK_ERR(mprotect(q, 4096, PROT_READ | PROT_WRITE), EACCES,
		  "shmat SHM_RDONLY: mprotect PROT_WRITE is EACCES");
	p[8000] = 'x';
	CHECK_EQ(q[8000], 'x', "shmat: the second page is shared too");
	p[4096] = 'r';
	CHECK(!madvise(p + 4096, 4096, MADV_REMOVE) && !p[4096] && !q[4096],
	      "madvise MADV_REMOVE: punches a hole in the segment");
	shm_id = id;
	CHECK_EQ(reap(spawn(shm_fork_child, (long)p)), 0,
		 "fork: the child inherits the attachments (nattch 4), sees and writes the segment");
	CHECK(!strcmp(p, "child"), "fork: the parent sees the child's write");
	CHECK_EQ(shm_nattch(id), 2, "fork: the child's attachments went with its exit");
	CHECK_EQ(reap(spawn(shm_user_child, id)), 0,
		 "permissions: another user gets EACCES (shmat, IPC_STAT, shmget mode) and EPERM (IPC_RMID)");
	CHECK_ERR(shmdt(p + 1), EINVAL, "shmdt: an unaligned address is EINVAL");
	CHECK_ERR(shmdt(p + 4096), EINVAL, "shmdt: an address inside an attachment is EINVAL");
	CHECK_OK(shmdt(q), "shmdt");
	CHECK_EQ(shm_nattch(id), 1, "shmdt: nattch drops");
	shmctl(id, IPC_STAT, &ds);
	CHECK(ds.shm_dtime > 0 && ds.shm_lpid == getpid(), "shmdt: dtime and lpid set");
	CHECK_ERR(shmdt(q), EINVAL, "shmdt: twice is EINVAL");

	hole = mmap(NULL, 5 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, 5 * 4096);
	CHECK_ERR((long)shmat(id, (char *)hole + 100, 0), EINVAL,
		  "shmat: an unaligned address without SHM_RND is EINVAL");
	r = shmat(id, (char *)hole + 100, SHM_RND);
	CHECK(r == hole, "shmat SHM_RND: the address is rounded down");
	CHECK(r != (void *)-1 && !strcmp(r, "child"), "shmat at an address: the same memory");
	CHECK_ERR((long)shmat(id, r, 0), EINVAL, "shmat: over an existing mapping is EINVAL");
	CHECK(shmat(id, r, SHM_REMAP) == r, "shmat SHM_REMAP: replaces the mapping");
	CHECK_EQ(shm_nattch(id), 2, "shmat SHM_REMAP: the replaced attachment is gone");
	CHECK_ERR((long)shmat(-1, NULL, 0), EINVAL, "shmat: a bad id is EINVAL");
	shmdt(r);

	CHECK_OK(shmctl(id, IPC_RMID, NULL), "shmctl IPC_RMID while attached");
	shmctl(id, IPC_STAT, &ds);
	CHECK(ds.shm_perm.key == IPC_PRIVATE && (ds.shm_perm.mode & SHM_DEST) && ds.shm_nattch == 1,
	      "IPC_RMID while attached: the segment lives on, key private, SHM_DEST");
	CHECK_ERR(shmget(0x5ee0002, 0, 0), ENOENT, "IPC_RMID while attached: the key is free");
	CHECK(!strcmp(p, "child"), "IPC_RMID while attached: the memory is still there");
	shmdt(p);
	CHECK_ERR(shmctl(id, IPC_STAT, &ds), EINVAL, "IPC_RMID: the segment goes at the last detach");
}

/* After execve: exit with the segment's attachment count. */
static int shm_exec_child(int id)
{
	return (int)shm_nattch(id);
}

static int shm_exec_fork(long id)
{
	char num[16];

	snprintf(num, sizeof(num), "%ld", id);
	execl(self, self, "shm-exec", num, (char *)NULL);
	return 98;
}

static void test_shm_exec(void)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600);
	void *p = shmat(id, NULL, 0);

	CHECK_EQ(reap(spawn(shm_exec_fork, id)), 1, "execve: drops the attachments fork inherited");
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

static void test_shm_info(void)
{
	int id = shmget(IPC_PRIVATE, 3 * 4096, 0600);
	struct shminfo si;
	struct shm_info info;
	struct shmid_ds ds;
	int max, found = 0;

	max = shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
	CHECK(max >= 0 && si.shmmni == 4096 && si.shmmin == 1 && si.shmmax == 18446744073692774399UL,
	      "shmctl IPC_INFO: the limits");
	max = shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
	CHECK(max >= 0 && info.used_ids >= 1 && info.shm_tot >= 3, "shmctl SHM_INFO: segments and pages");
	for (int i = 0; i <= max; i++)
		if (shmctl(i, SHM_STAT, &ds) == id)
			found = ds.shm_segsz == 3 * 4096;
	CHECK(found, "shmctl SHM_STAT: an index up to SHM_INFO's result gives the id");
	CHECK_EQ(shmctl(id % 32768, SHM_STAT_ANY, &ds), id, "shmctl SHM_STAT_ANY");
	shmctl(id, IPC_RMID, NULL);
}

static void test_sem_basic(void)
{
	key_t key = 0x5ee0003;
	unsigned short all[3] = { 1, 2, 3 }, got[3];
	struct sembuf op[2];
	struct semid_ds ds;
	int id;

	CHECK_ERR(semget(IPC_PRIVATE, 0, 0600), EINVAL, "semget: nsems 0 is EINVAL");
	CHECK_ERR(semget(IPC_PRIVATE, 32001, 0600), EINVAL, "semget: nsems past SEMMSL is EINVAL");
	CHECK_ERR(semget(key, 3, 0600), ENOENT, "semget: a missing key is ENOENT");
	id = semget(key, 3, IPC_CREAT | 0600);
	CHECK(id >= 0, "semget: makes a set of 3");
	CHECK_ERR(semget(key, 3, IPC_CREAT | IPC_EXCL), EEXIST, "semget: IPC_EXCL is EEXIST");
	CHECK_ERR(semget(key, 4, 0), EINVAL, "semget: more semaphores than the set has is EINVAL");
	CHECK_EQ(semget(key, 0, 0), id, "semget: the key finds the set");
	CHECK_EQ(semctl(id, 0, GETVAL), 0, "semctl GETVAL: starts at 0");
	CHECK_OK(semctl(id, 1, SETVAL, (union semun){ .val = 7 }), "semctl SETVAL");
	CHECK_EQ(semctl(id, 1, GETVAL), 7, "semctl GETVAL after SETVAL");
	CHECK_ERR(semctl(id, 1, SETVAL, (union semun){ .val = -1 }), ERANGE, "semctl SETVAL -1 is ERANGE");
	CHECK_ERR(semctl(id, 1, SETVAL, (union semun){ .val = 32768 }), ERANGE,
		  "semctl SETVAL past SEMVMX is ERANGE");
	CHECK_ERR(semctl(id, 3, GETVAL), EINVAL, "semctl GETVAL: semnum out of range is EINVAL");
	CHECK_OK(semctl(id, 0, SETALL, (union semun){ .array = all }), "semctl SETALL");
	CHECK(semctl(id, 0, GETALL, (union semun){ .array = got }) == 0 && got[0] == 1 &&
	      got[1] == 2 && got[2] == 3, "semctl GETALL");
	CHECK_ERR(semctl(id, 0, GETALL, (union semun){ .array = (void *)8 }), EFAULT,
		  "semctl GETALL: a bad buffer is EFAULT");
	op[0] = (struct sembuf){ 0, -1, 0 };
	op[1] = (struct sembuf){ 2, 2, 0 };
	CHECK_OK(semop(id, op, 2), "semop: two operations");
	CHECK(semctl(id, 0, GETVAL) == 0 && semctl(id, 2, GETVAL) == 5, "semop: both applied");
	CHECK_EQ(semctl(id, 2, GETPID), getpid(), "semctl GETPID: the last process to operate");
	op[0] = (struct sembuf){ 2, -1, IPC_NOWAIT };
	op[1] = (struct sembuf){ 0, -1, IPC_NOWAIT };
	CHECK_ERR(semop(id, op, 2), EAGAIN, "semop IPC_NOWAIT: would block is EAGAIN");
	CHECK_EQ(semctl(id, 2, GETVAL), 5, "semop: all or nothing");
	op[0] = (struct sembuf){ 1, 0, IPC_NOWAIT };
	CHECK_ERR(semop(id, op, 1), EAGAIN, "semop: wait-for-zero on a nonzero value blocks");
	op[0] = (struct sembuf){ 0, 0, 0 };
	CHECK_OK(semop(id, op, 1), "semop: wait-for-zero on zero goes through");
	op[0] = (struct sembuf){ 3, 1, 0 };
	CHECK_ERR(semop(id, op, 1), EFBIG, "semop: sem_num past the set is EFBIG");
	CHECK_ERR(semop(id, op, 0), EINVAL, "semop: nsops 0 is EINVAL");
	CHECK_ERR(syscall(SYS_semtimedop, id, op, 501, NULL), E2BIG, "semop: nsops past SEMOPM is E2BIG");
	op[0] = (struct sembuf){ 2, 32767, 0 };
	CHECK_ERR(semop(id, op, 1), ERANGE, "semop: a value past SEMVMX is ERANGE");
	CHECK_ERR(semop(id, (struct sembuf *)8, 1), EFAULT, "semop: a bad array is EFAULT");
	CHECK_ERR(semop(id + 1000000, op, 1), EINVAL, "semop: an unknown id is EINVAL");
	CHECK_OK(semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }), "semctl IPC_STAT");
	CHECK(ds.sem_nsems == 3 && ds.sem_otime > 0 && ds.sem_ctime > 0 && ds.sem_perm.key == key &&
	      (ds.sem_perm.mode & 0777) == 0600, "semctl IPC_STAT: nsems, times, key, mode");
	ds.sem_perm.mode = 0660;
	CHECK_OK(semctl(id, 0, IPC_SET, (union semun){ .buf = &ds }), "semctl IPC_SET");
	semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds });
	CHECK_EQ(ds.sem_perm.mode & 0777, 0660, "semctl IPC_SET: the mode changes");
	CHECK_ERR(semctl(id, 0, 999), EINVAL, "semctl: an unknown command is EINVAL");
	CHECK_OK(semctl(id, 0, IPC_RMID), "semctl IPC_RMID");
	CHECK_ERR(semctl(id, 0, GETVAL), EINVAL, "semctl: a removed set's id is EINVAL");
}

static int sem_wait_child(long id)
{
	struct sembuf op = { 0, -1, 0 };

	return semop((int)id, &op, 1) ? errno : 0;
}

static int sem_zero_child(long id)
{
	struct sembuf op = { 1, 0, 0 };

	return semop((int)id, &op, 1) ? errno : 0;
}

static int sem_signal_child(long id)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	struct sembuf op = { 0, -1, 0 };

	sigaction(SIGUSR1, &sa, NULL);
	return semop((int)id, &op, 1) ? errno : 0;
}

static int sem_undo_child(long id)
{
	struct sembuf op[2] = { { 0, 3, SEM_UNDO }, { 1, -1, SEM_UNDO } };

	return semop((int)id, op, 2) ? errno : 0;
}

static int sem_user_child(long id)
{
	struct sembuf op = { 0, 1, 0 };

	if (become_user())
		return 99;
	if (semctl((int)id, 0, GETVAL) != -1 || errno != EACCES)
		return 1;
	if (semop((int)id, &op, 1) != -1 || errno != EACCES)
		return 2;
	if (semctl((int)id, 0, IPC_RMID) != -1 || errno != EPERM)
		return 3;
	return 0;
}

static void test_sem_wait(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	struct sembuf op = { 0, -1, 0 };
	struct timespec t0, t1, to = { 0, 100000000 };
	pid_t c;
	long ms;

	c = spawn(sem_wait_child, id);
	CHECK(wait_semcnt(id, 0, GETNCNT, 1), "semctl GETNCNT: counts a blocked decrement");
	semop(id, &(struct sembuf){ 0, 1, 0 }, 1);
	CHECK_EQ(reap(c), 0, "semop: another process's increment wakes the waiter");
	CHECK_EQ(semctl(id, 0, GETVAL), 0, "semop: the waiter took the unit");
	CHECK_EQ(semctl(id, 0, GETNCNT), 0, "semctl GETNCNT: 0 once it is done");

	semctl(id, 1, SETVAL, (union semun){ .val = 1 });
	c = spawn(sem_zero_child, id);
	CHECK(wait_semcnt(id, 1, GETZCNT, 1), "semctl GETZCNT: counts a wait for zero");
	semctl(id, 1, SETVAL, (union semun){ .val = 0 });
	CHECK_EQ(reap(c), 0, "semctl SETVAL 0 wakes a wait for zero");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_ERR(semtimedop(id, &op, 1, &to), EAGAIN, "semtimedop: the timeout is EAGAIN");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(ms >= 90, "semtimedop: waited for the timeout");
	CHECK_ERR(semtimedop(id, &op, 1, &(struct timespec){ 0, 1000000000 }), EINVAL,
		  "semtimedop: tv_nsec past a second is EINVAL");

	c = spawn(sem_signal_child, id);
	CHECK(wait_semcnt(id, 0, GETNCNT, 1), "semop: the child blocks");
	kill(c, SIGUSR1);
	CHECK_EQ(reap(c), EINTR, "semop: a signal (even SA_RESTART) ends the wait with EINTR");

	c = spawn(sem_wait_child, id);
	CHECK(wait_semcnt(id, 0, GETNCNT, 1), "semop: the child blocks again");
	semctl(id, 0, IPC_RMID);
	CHECK_EQ(reap(c), EIDRM, "semctl IPC_RMID: the waiter gets EIDRM");
}

/* A pipe: children block reading it until the parent closes its end. */
static int sync_fd = -1, sync_wr = -1;

/* semop(id, {0, +3, SEM_UNDO}), then wait for the parent. */
static int sem_undo_wait_child(long id)
{
	struct sembuf op = { 0, 3, SEM_UNDO };
	char c;

	close(sync_wr);
	if (semop((int)id, &op, 1))
		return errno;
	return read(sync_fd, &c, 1) == 0 ? 0 : 100;
}

static int sem_fifo_child(long id)
{
	struct sembuf op = { 0, -1, 0 };

	return semop((int)id, &op, 1) ? errno : 0;
}

/* Of children a and b, the first to exit (5 s at most): 'a', 'b' or 0. */
static int first_exit(pid_t a, pid_t b)
{
	for (int i = 0; i < 500; i++) {
		if (waitpid(a, NULL, WNOHANG) == a)
			return 'a';
		if (waitpid(b, NULL, WNOHANG) == b)
			return 'b';
		msleep(10);
	}
	return 0;
}

static void test_sem_more(void)
{
	int id = semget(IPC_PRIVATE, 1, 0600), fds[2];
	pid_t a, b;
	int first;

	pipe(fds);
	sync_fd = fds[0];
	sync_wr = fds[1];
	a = spawn(sem_undo_wait_child, id);
	CHECK(wait_semcnt(id, 0, GETVAL, 3), "SEM_UNDO: the child's increment is in");
	semctl(id, 0, SETVAL, (union semun){ .val = 10 });
	close(fds[1]);
	CHECK_EQ(reap(a), 0, "SEM_UNDO: the child exits after SETVAL");
	CHECK_EQ(semctl(id, 0, GETVAL), 10, "SETVAL forgets the adjustments SEM_UNDO would make");

	close(fds[0]);
	pipe(fds);
	sync_fd = fds[0];
	sync_wr = fds[1];
	semctl(id, 0, SETVAL, (union semun){ .val = 0 });
	a = spawn(sem_undo_wait_child, id);
	wait_semcnt(id, 0, GETVAL, 3);
	semctl(id, 0, IPC_RMID);
	close(fds[1]);
	CHECK_EQ(reap(a), 0, "SEM_UNDO: exit after the set was removed");
	close(fds[0]);

	id = semget(IPC_PRIVATE, 1, 0600);
	a = spawn(sem_fifo_child, id);
	wait_semcnt(id, 0, GETNCNT, 1);
	b = spawn(sem_fifo_child, id);
	CHECK(wait_semcnt(id, 0, GETNCNT, 2), "semctl GETNCNT: two waiters");
	semop(id, &(struct sembuf){ 0, 1, 0 }, 1);
	first = first_exit(a, b);
	CHECK_EQ(first, 'a', "semop: waiters are woken in arrival order");
	semop(id, &(struct sembuf){ 0, 1, 0 }, 1);
	CHECK_EQ(reap(first == 'a' ? b : a), 0, "semop: then the second");
	semctl(id, 0, IPC_RMID);
}

static void test_shm_lock(void)
{
	int id = shmget(IPC_PRIVATE, 4096, 0600);
	struct shmid_ds ds;

	CHECK_OK(shmctl(id, SHM_LOCK, NULL), "shmctl SHM_LOCK");
	shmctl(id, IPC_STAT, &ds);
	CHECK(ds.shm_perm.mode & SHM_LOCKED, "shmctl SHM_LOCK: SHM_LOCKED in the mode");
	CHECK_OK(shmctl(id, SHM_UNLOCK, NULL), "shmctl SHM_UNLOCK");
	shmctl(id, IPC_STAT, &ds);
	CHECK(!(ds.shm_perm.mode & SHM_LOCKED), "shmctl SHM_UNLOCK: SHM_LOCKED cleared");
	shmctl(id, IPC_RMID, NULL);
}

static void test_sem_undo(void)
{
	int id = semget(IPC_PRIVATE, 2, 0600);
	unsigned short all[2] = { 0, 5 };
	struct seminfo si;
	struct semid_ds ds;
	int max, found = 0;

	semctl(id, 0, SETALL, (union semun){ .array = all });
	CHECK_EQ(reap(spawn(sem_undo_child, id)), 0, "semop SEM_UNDO in a child");
	CHECK(semctl(id, 0, GETVAL) == 0 && semctl(id, 1, GETVAL) == 5,
	      "SEM_UNDO: the child's exit undid both operations");
	CHECK_EQ(semctl(id, 0, GETPID), reap(spawn(sem_user_child, id)) == 0 ? semctl(id, 0, GETPID) : -1,
		 "permissions: another user gets EACCES (GETVAL, semop) and EPERM (IPC_RMID)");
	max = semctl(0, 0, IPC_INFO, (union semun){ .__buf = &si });
	CHECK(max >= 0 && si.semmsl == 32000 && si.semopm == 500 && si.semvmx == 32767 &&
	      si.semmni == 32000, "semctl IPC_INFO: the limits");
	max = semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
	CHECK(max >= 0 && si.semusz >= 1 && si.semaem >= 2, "semctl SEM_INFO: sets and semaphores in use");
	for (int i = 0; i <= max; i++)
		if (semctl(i, 0, SEM_STAT, (union semun){ .buf = &ds }) == id)
			found = ds.sem_nsems == 2;
	CHECK(found, "semctl SEM_STAT: an index gives the id");
	semctl(id, 0, IPC_RMID);
}

static int msg_recv_child(long id)
{
	struct { long type; char text[16]; } m;

	if (msgrcv((int)id, &m, sizeof(m.text), 5, 0) != 3)
		return errno ? errno : 100;
	return m.type == 5 && !memcmp(m.text, "hey", 3) ? 0 : 101;
}

static int msg_signal_child(long id)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct { long type; char text[16]; } m;

	sigaction(SIGUSR1, &sa, NULL);
	return msgrcv((int)id, &m, sizeof(m.text), 0, 0) < 0 ? errno : 0;
}

static int msg_send_child(long id)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	struct { long type; char text[8]; } m = { 1, "1234567" };

	sigaction(SIGUSR1, &sa, NULL);
	return msgsnd((int)id, &m, 8, 0) ? errno : 0;
}

static int msg_user_child(long id)
{
	struct msqid_ds ds = { 0 };

	if (become_user())
		return 99;
	if (msgctl((int)id, IPC_SET, &ds) != -1 || errno != EPERM)
		return 1;
	if (msgrcv((int)id, &ds, 8, 0, IPC_NOWAIT) != -1 || errno != EACCES)
		return 2;
	return 0;
}

static void send(int id, long type, const char *s)
{
	struct { long type; char text[32]; } m = { type, { 0 } };

	memcpy(m.text, s, strlen(s));
	msgsnd(id, &m, strlen(s), 0);
}

/* Receive with these arguments: the text (empty after an error). */
static const char *recv_text(int id, size_t size, long type, int flg)
{
	static struct { long type; char text[64]; } m;
	ssize_t n;

	memset(&m, 0, sizeof(m));
	n = msgrcv(id, &m, size, type, flg | IPC_NOWAIT);
	return n < 0 ? "" : m.text;
}

static void test_msg_basic(void)
{
	key_t key = 0x5ee0004;
	struct { long type; char text[8200]; } big = { 1, { 0 } };
	struct msqid_ds ds;
	int id;

	CHECK_ERR(msgget(key, 0600), ENOENT, "msgget: a missing key is ENOENT");
	id = msgget(key, IPC_CREAT | 0600);
	CHECK(id >= 0, "msgget: makes a queue");
	CHECK_ERR(msgget(key, IPC_CREAT | IPC_EXCL), EEXIST, "msgget: IPC_EXCL is EEXIST");
	CHECK_EQ(msgget(key, 0), id, "msgget: the key finds it");
	big.type = 0;
	CHECK_ERR(msgsnd(id, &big, 4, 0), EINVAL, "msgsnd: type 0 is EINVAL");
	big.type = 1;
	CHECK_ERR(msgsnd(id, &big, 8193, 0), EINVAL, "msgsnd: past MSGMAX is EINVAL");
	CHECK_ERR(msgsnd(id, (void *)8, 4, 0), EFAULT, "msgsnd: a bad buffer is EFAULT");
	CHECK_ERR(msgsnd(id + 1000000, &big, 4, 0), EINVAL, "msgsnd: an unknown id is EINVAL");
	send(id, 3, "ccc");
	send(id, 1, "a");
	send(id, 2, "bb");
	send(id, 1, "a2");
	CHECK_OK(msgctl(id, IPC_STAT, &ds), "msgctl IPC_STAT");
	CHECK(ds.msg_qnum == 4 && ds.msg_cbytes == 8 && ds.msg_qbytes == 16384 &&
	      ds.msg_lspid == getpid() && ds.msg_lrpid == 0 && ds.msg_stime > 0 && ds.msg_rtime == 0,
	      "msgctl IPC_STAT: count, bytes, limit, pids and times");
	CHECK_ERR(msgrcv(id, &big, 1, 3, IPC_NOWAIT), E2BIG, "msgrcv: a short buffer is E2BIG");
	CHECK(!strcmp(recv_text(id, 1, 3, MSG_NOERROR), "c"), "msgrcv MSG_NOERROR: cut to the buffer");
	CHECK(!strcmp(recv_text(id, 64, 2, 0), "bb"), "msgrcv: type > 0 takes that type");
	CHECK(!strcmp(recv_text(id, 64, 1, MSG_EXCEPT), ""), "msgrcv MSG_EXCEPT: none but type 1 left");
	send(id, 4, "d");
	CHECK(!strcmp(recv_text(id, 64, 1, MSG_EXCEPT), "d"), "msgrcv MSG_EXCEPT: another type");
	send(id, 7, "g");
	CHECK(!strcmp(recv_text(id, 64, -5, 0), "a"), "msgrcv: type < 0 takes the lowest type first");
	CHECK(!strcmp(recv_text(id, 64, 0, 0), "a2"), "msgrcv: type 0 takes the first");
	CHECK(!strcmp(recv_text(id, 64, -5, 0), ""), "msgrcv: type < 0 skips types above it");
	CHECK(!strcmp(recv_text(id, 64, 0, 0), "g"), "msgrcv: the last one");
	CHECK_ERR(msgrcv(id, &big, 64, 0, IPC_NOWAIT), ENOMSG, "msgrcv IPC_NOWAIT: an empty queue is ENOMSG");
	CHECK_ERR(msgrcv(-1, &big, 64, 0, 0), EINVAL, "msgrcv: a bad id is EINVAL");
	msgctl(id, IPC_STAT, &ds);
	CHECK(ds.msg_qnum == 0 && ds.msg_cbytes == 0 && ds.msg_lrpid == getpid() && ds.msg_rtime > 0,
	      "msgctl IPC_STAT: empty, lrpid and rtime set");
	CHECK_ERR(msgctl(id, 999, &ds), EINVAL, "msgctl: an unknown command is EINVAL");
	CHECK_OK(msgctl(id, IPC_RMID, NULL), "msgctl IPC_RMID");
	CHECK_ERR(msgctl(id, IPC_STAT, &ds), EINVAL, "msgctl: a removed queue's id is EINVAL");
}

static void test_msg_wait(void)
{
	int id = msgget(IPC_PRIVATE, 0600);
	struct { long type; char text[8]; } m = { 1, "1234567" };
	struct msqid_ds ds;
	struct msginfo mi;
	int max, found = 0;
	pid_t c;

	c = spawn(msg_recv_child, id);
	msleep(100);
	send(id, 4, "no");
	send(id, 5, "hey");
	CHECK_EQ(reap(c), 0, "msgrcv: a blocked receiver gets the message of its type");
	CHECK(!strcmp(recv_text(id, 64, 0, 0), "no"), "msgrcv: the other message stayed queued");

	msgctl(id, IPC_STAT, &ds);
	ds.msg_qbytes = 10;
	CHECK_OK(msgctl(id, IPC_SET, &ds), "msgctl IPC_SET: msg_qbytes");
	CHECK_OK(msgsnd(id, &m, 8, 0), "msgsnd: fits msg_qbytes");
	CHECK_ERR(msgsnd(id, &m, 8, IPC_NOWAIT), EAGAIN, "msgsnd IPC_NOWAIT: a full queue is EAGAIN");
	c = spawn(msg_send_child, id);
	msleep(100);
	CHECK(!strcmp(recv_text(id, 64, 0, 0), "1234567"), "msgrcv: makes room");
	CHECK_EQ(reap(c), 0, "msgsnd: a blocked sender goes on when there is room");
	msgctl(id, IPC_STAT, &ds);
	CHECK_EQ(ds.msg_qnum, 1, "msgsnd: the blocked sender's message is queued");
	c = spawn(msg_send_child, id);
	msleep(100);
	kill(c, SIGUSR1);
	CHECK_EQ(reap(c), EINTR, "msgsnd: a signal (even SA_RESTART) ends the wait with EINTR");
	recv_text(id, 64, 0, 0);

	c = spawn(msg_signal_child, id);
	msleep(100);
	kill(c, SIGUSR1);
	CHECK_EQ(reap(c), EINTR, "msgrcv: a signal ends the wait with EINTR");
	CHECK_EQ(reap(spawn(msg_user_child, id)), 0,
		 "permissions: another user gets EPERM (IPC_SET) and EACCES (msgrcv)");
	max = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
	CHECK(max >= 0 && mi.msgmax == 8192 && mi.msgmnb == 16384 && mi.msgmni == 32000,
	      "msgctl IPC_INFO: the limits");
	max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
	CHECK(max >= 0 && mi.msgpool >= 1, "msgctl MSG_INFO: queues in use");
	for (int i = 0; i <= max; i++)
		if (msgctl(i, MSG_STAT, &ds) == id)
			found = ds.msg_qbytes == 10;
	CHECK(found, "msgctl MSG_STAT: an index gives the id");

	c = spawn(msg_recv_child, id);
	msleep(100);
	msgctl(id, IPC_RMID, NULL);
	CHECK_EQ(reap(c), EIDRM, "msgctl IPC_RMID: the receiver gets EIDRM");
}

static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

static int spew(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return (int)n;
}

static int file_is(const char *path, const char *want)
{
	char buf[256];

	return slurp(path, buf, sizeof(buf)) >= 0 && !strcmp(buf, want);
}

/* Does the file start with head? */
static int starts(const char *path, const char *head)
{
	char buf[4096];

	return slurp(path, buf, sizeof(buf)) > 0 && !strncmp(buf, head, strlen(head));
}

/* Does the file hold a line whose first field is key (as %10d)? */
static int proc_has_key(const char *path, key_t key)
{
	char buf[4096], want[16];

	snprintf(want, sizeof(want), "\n%10d ", key);
	return slurp(path, buf, sizeof(buf)) > 0 && strstr(buf, want);
}

/* The whole lines of /proc/sysvipc for fresh objects, as Linux prints them. */
static void proc_lines(int shm, int sem, int msg)
{
	struct shmid_ds sd;
	struct semid_ds md;
	struct msqid_ds qd;
	char buf[4096], want[256];

	shmctl(shm, IPC_STAT, &sd);
	snprintf(want, sizeof(want), "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu"
		 " %10llu %21lu %21lu\n", 0x5ee0005, shm, 0600, 100UL, getpid(), 0, 0UL, 0, 0, 0, 0,
		 0ULL, 0ULL, (unsigned long long)sd.shm_ctime, 0UL, 0UL);
	slurp("/proc/sysvipc/shm", buf, sizeof(buf));
	CHECK(strstr(buf, want), "/proc/sysvipc/shm: the segment's line");
	semctl(sem, 0, IPC_STAT, (union semun){ .buf = &md });
	snprintf(want, sizeof(want), "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n",
		 0x5ee0005, sem, 0600, 2, 0, 0, 0, 0, 0ULL, (unsigned long long)md.sem_ctime);
	slurp("/proc/sysvipc/sem", buf, sizeof(buf));
	CHECK(strstr(buf, want), "/proc/sysvipc/sem: the set's line");
	send(msg, 1, "abc");
	msgctl(msg, IPC_STAT, &qd);
	snprintf(want, sizeof(want), "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu"
		 " %10llu\n", 0x5ee0005, msg, 0600, 3UL, 1UL, getpid(), 0, 0, 0, 0, 0,
		 (unsigned long long)qd.msg_stime, 0ULL, (unsigned long long)qd.msg_ctime);
	slurp("/proc/sysvipc/msg", buf, sizeof(buf));
	CHECK(strstr(buf, want), "/proc/sysvipc/msg: the queue's line");
}

/* Writes to the limits take effect; then they are put back. */
static void test_sysctl_write(int msg)
{
	struct { long type; char text[8192]; } m = { 1, { 0 } };
	struct seminfo si;

	CHECK(spew("/proc/sys/kernel/msgmax", "100\n") == 4, "/proc/sys/kernel/msgmax: written");
	CHECK(file_is("/proc/sys/kernel/msgmax", "100\n"), "/proc/sys/kernel/msgmax: reads back");
	CHECK_ERR(msgsnd(msg, &m, 101, IPC_NOWAIT), EINVAL, "msgsnd: past the new msgmax is EINVAL");
	spew("/proc/sys/kernel/msgmax", "8192");
	CHECK(spew("/proc/sys/kernel/sem", "250 32000 32 128") > 0, "/proc/sys/kernel/sem: written");
	CHECK(file_is("/proc/sys/kernel/sem", "250\t32000\t32\t128\n"), "/proc/sys/kernel/sem: reads back");
	semctl(0, 0, IPC_INFO, (union semun){ .__buf = &si });
	CHECK(si.semmsl == 250 && si.semopm == 32 && si.semmni == 128, "semctl IPC_INFO: the new limits");
	CHECK_ERR(semget(IPC_PRIVATE, 251, 0600), EINVAL, "semget: past the new semmsl is EINVAL");
	spew("/proc/sys/kernel/sem", "32000 1024000000 500 32000");
	CHECK(file_is("/proc/sys/kernel/sem", "32000\t1024000000\t500\t32000\n"), "/proc/sys/kernel/sem: put back");
}

static void test_proc(void)
{
	int mounted, shm, sem, msg;

	if (mkdir("/proc", 0555) && errno != EEXIST)
		CHECK(0, "mkdir /proc");
	mounted = !mount("proc", "/proc", "proc", 0, NULL);
	CHECK(mounted, "mount proc");
	CHECK(file_is("/proc/sys/kernel/shmmni", "4096\n"), "/proc/sys/kernel/shmmni");
	CHECK(file_is("/proc/sys/kernel/shmmax", "18446744073692774399\n"), "/proc/sys/kernel/shmmax");
	CHECK(file_is("/proc/sys/kernel/shmall", "18446744073692774399\n"), "/proc/sys/kernel/shmall");
	CHECK(file_is("/proc/sys/kernel/sem", "32000\t1024000000\t500\t32000\n"), "/proc/sys/kernel/sem");
	CHECK(file_is("/proc/sys/kernel/msgmax", "8192\n") && file_is("/proc/sys/kernel/msgmnb", "16384\n") &&
	      file_is("/proc/sys/kernel/msgmni", "32000\n"), "/proc/sys/kernel/msg{max,mnb,mni}");
	shm = shmget(0x5ee0005, 100, IPC_CREAT | 0600);
	sem = semget(0x5ee0005, 2, IPC_CREAT | 0600);
	msg = msgget(0x5ee0005, IPC_CREAT | 0600);
	CHECK(starts("/proc/sysvipc/shm", "       key      shmid perms                  size  cpid  lpid"
		     " nattch   uid   gid  cuid  cgid      atime      dtime      ctime"
		     "                   rss                  swap\n"), "/proc/sysvipc/shm: the header");
	CHECK(proc_has_key("/proc/sysvipc/shm", 0x5ee0005), "/proc/sysvipc/shm: lists the segment");
	CHECK(starts("/proc/sysvipc/sem", "       key      semid perms      nsems   uid   gid  cuid  cgid"
		     "      otime      ctime\n"), "/proc/sysvipc/sem: the header");
	CHECK(proc_has_key("/proc/sysvipc/sem", 0x5ee0005), "/proc/sysvipc/sem: lists the set");
	CHECK(starts("/proc/sysvipc/msg", "       key      msqid perms      cbytes       qnum lspid lrpid"
		     "   uid   gid  cuid  cgid      stime      rtime      ctime\n"),
	      "/proc/sysvipc/msg: the header");
	CHECK(proc_has_key("/proc/sysvipc/msg", 0x5ee0005), "/proc/sysvipc/msg: lists the queue");
	proc_lines(shm, sem, msg);
	test_sysctl_write(msg);
	shmctl(shm, IPC_RMID, NULL);
	semctl(sem, 0, IPC_RMID);
	msgctl(msg, IPC_RMID, NULL);
	if (mounted)
		umount("/proc");
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "shm-exec"))
		return shm_exec_child(atoi(argv[2]));
	if (argv[0] && argv[0][0] == '/')
		self = argv[0];
	check_begin("sysvipc");
	test_shm_get();
	test_shm_attach();
	test_shm_exec();
	test_shm_info();
	test_sem_basic();
	test_sem_wait();
	test_sem_undo();
	test_sem_more();
	test_shm_lock();
	test_msg_basic();
	test_msg_wait();
	test_proc();
	return check_done();
}
