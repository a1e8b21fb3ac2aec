// SPDX-License-Identifier: MIT
// sources: tests/unit/fs_host.c fs/attr.c fs/chardev.c fs/cpio.c
// sources: fs/cpio_parse.c fs/dirops.c fs/fdtable.c fs/file.c fs/inode.c
// sources: fs/namei.c fs/open.c fs/path_parse.c fs/pipe.c fs/rename.c
// sources: fs/stat.c fs/tmpfs.c fs/tmpfs_data.c fs/vfs.c fs/flock.c fs/posixlock.c fs/xattr.c fs/fileattr.c
/*
 * test_fs_posixlock.c - fcntl record locks (fs/posixlock.c) on the host
 * under ASan/UBSan: two owners (a descriptor table and its fork), locks
 * split and trimmed by later ones, merged with those of their type they
 * overlap or touch, F_GETLK's answers (Linux's first lock: an owner's
 * together, by start), release on any close
 * and when the table goes, range arithmetic and its errors; open file
 * description locks (owned by the description, released at its last
 * close, l_pid rules).  The guest test flock.c checks the same against
 * Linux (and F_SETLKW's deadlock detection, which needs real sleepers).
 */
#include "tests/unit/fs_host.h"

#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define RD 0
#define WR 1
#define UN 2

struct lk {
	int16_t type, whence;
	int64_t start, len;
	int32_t pid;
};

static long lock(int fd, int cmd, int type, int whence, int64_t start, int64_t len)
{
	struct lk l = { .type = (int16_t)type, .whence = (int16_t)whence, .start = start,
			.len = len };

	return sys_fcntl(fd, (unsigned)cmd, (unsigned long)&l);
}

/* F_GETLK for a type lock on start..+len: the blocking lock, or type UN. */
static struct lk probe(int fd, int type, int64_t start, int64_t len)
{
	struct lk l = { .type = (int16_t)type, .start = start, .len = len };

	if (sys_fcntl(fd, F_GETLK, (unsigned long)&l))
		l.type = -1;
	return l;
}

static void expect_blocker(int fd, int64_t at, int type, int64_t start, int64_t len)
{
	struct lk l = probe(fd, WR, at, 1);

	EXPECT_EQ(l.type, type);
	if (type != UN) {
		EXPECT_EQ(l.start, start);
		EXPECT_EQ(l.len, len);
		EXPECT_EQ(l.pid, 1);
	}
}

static void test_ranges(void)
{
	struct files_state *parent = test_files, *child;
	int fd = (int)sys_open("/tmp/lk", O_RDWR | O_CREAT, 0644), cfd;

	EXPECT(fd >= 0);
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 0, 100), 0);     /* 0..99 */
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, 10, 10), 0);     /* split: 0..9 W, 10..19 R, 20..99 W */
	EXPECT_EQ(lock(fd, F_SETLK, UN, 0, 50, 10), 0);     /* hole 50..59 */
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 95, 0), 0);      /* 95.. to the end */
	child = files_fork(parent);
	test_files = child;
	cfd = (int)sys_open("/tmp/lk", O_RDWR, 0);
	expect_blocker(cfd, 5, WR, 0, 10);
	expect_blocker(cfd, 15, RD, 10, 10);
	expect_blocker(cfd, 30, WR, 20, 30);
	expect_blocker(cfd, 55, UN, 0, 0);
	expect_blocker(cfd, 70, WR, 60, 0);                  /* 95.. merged into 60..99 */
	expect_blocker(cfd, 1000000, WR, 60, 0);
	EXPECT_EQ(probe(cfd, RD, 10, 10).type, UN);          /* reads share */
	EXPECT_EQ(lock(cfd, F_SETLK, RD, 0, 10, 10), 0);
	EXPECT_EQ(lock(cfd, F_SETLK, WR, 0, 50, 10), 0);
	EXPECT_EQ(lock(cfd, F_SETLK, WR, 0, 49, 2), -EAGAIN);
	EXPECT_EQ(lock(cfd, F_SETLKW, WR, 0, 0, 1), -ERESTARTSYS); /* would wait */
	test_files = parent;
	expect_blocker(fd, 55, WR, 50, 10);
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 10, 1), -EAGAIN); /* the child reads 10..19 */
	files_put(child);                                  /* its locks go with it */
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 0, 0), 0);        /* the whole file, merged over */
	sys_close(fd);
	EXPECT_EQ(sys_unlink("/tmp/lk"), 0);
}

static void test_close_and_errors(void)
{
	struct files_state *parent = test_files, *child;
	int fd = (int)sys_open("/tmp/lk2", O_RDWR | O_CREAT, 0644);
	int other = (int)sys_open("/tmp/lk2", O_RDONLY, 0), cfd;

	EXPECT_EQ(sys_write(fd, "0123456789", 10), 10);
	EXPECT_EQ(lock(fd, F_SETLK, WR, 1 /* SEEK_CUR */, -5, 2), 0);    /* 5..6 */
	EXPECT_EQ(lock(fd, F_SETLK, WR, 2 /* SEEK_END */, 0, -2), 0);    /* 8..9 */
	child = files_fork(parent);
	test_files = child;
	cfd = (int)sys_open("/tmp/lk2", O_RDWR, 0);
	expect_blocker(cfd, 5, WR, 5, 2);
	expect_blocker(cfd, 8, WR, 8, 2);
	test_files = parent;
	sys_close(other);                                     /* any close drops them */
	test_files = child;
	expect_blocker(cfd, 5, UN, 0, 0);
	test_files = parent;
	files_put(child);

	EXPECT_EQ(lock(fd, F_SETLK, 3, 0, 0, 0), -EINVAL);
	EXPECT_EQ(lock(fd, F_SETLK, RD, 3, 0, 0), -EINVAL);
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, -1, 0), -EINVAL);
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, 2, -3), -EINVAL);
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, OFF_MAX, 2), -EOVERFLOW);
	EXPECT_EQ(probe(fd, UN, 0, 0).type, -1);              /* F_GETLK of F_UNLCK */
	EXPECT_EQ(sys_fcntl(fd, F_SETLK, (unsigned long)BAD_USER), -EFAULT);
	EXPECT_EQ(sys_fcntl(fd, F_GETLK, (unsigned long)KERNEL_PTR), -EFAULT);
	other = (int)sys_open("/tmp/lk2", O_RDONLY, 0);
	EXPECT_EQ(lock(other, F_SETLK, WR, 0, 0, 0), -EBADF);
	EXPECT_EQ(lock(other, F_SETLK, RD, 0, 0, 0), 0);
	sys_close(other);
	sys_close(fd);
	EXPECT_EQ(sys_unlink("/tmp/lk2"), 0);
}

/* The first lock F_GETLK over the whole file meets, as start and len. */
static void expect_first(int fd, int type, int64_t start, int64_t len)
{
	struct lk l = probe(fd, WR, 0, 0);

	EXPECT_EQ(l.type, type);
	EXPECT_EQ(l.start, start);
	EXPECT_EQ(l.len, len);
}

/* Merging as Linux's posix_lock_inode does, seen by another owner. */
static void test_merge(void)
{
	struct files_state *parent = test_files, *child = files_fork(parent);
	int fd = (int)sys_open("/tmp/lk4", O_RDWR | O_CREAT, 0644), cfd, o;

	test_files = child;
	cfd = (int)sys_open("/tmp/lk4", O_RDWR, 0);
	test_files = parent;
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 0, 10), 0);
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 10, 10), 0);     /* touching: one 0..19 */
	test_files = child;
	expect_blocker(cfd, 15, WR, 0, 20);
	test_files = parent;
	EXPECT_EQ(lock(fd, F_SETLK, UN, 0, 5, 10), 0);      /* 0..4, 15..19 */
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, 5, 10), 0);      /* W 0..4, R 5..14, W 15..19 */
	test_files = child;
	expect_blocker(cfd, 2, WR, 0, 5);
	expect_blocker(cfd, 10, RD, 5, 10);
	expect_blocker(cfd, 17, WR, 15, 5);
	test_files = parent;
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 5, 10), 0);      /* all three in one */
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, 30, -10), 0);    /* R 20..29: another type */
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, 25, 0), 0);      /* R 20.. to the end */
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, 8, 4), 0);       /* W 0..7, R 8..11, W 12..19 */
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, 10, 2), 0);      /* inside: no change */
	test_files = child;
	expect_blocker(cfd, 5, WR, 0, 8);
	expect_blocker(cfd, 9, RD, 8, 4);
	expect_blocker(cfd, 12, WR, 12, 8);
	expect_blocker(cfd, 1000, RD, 20, 0);
	test_files = parent;
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, 0, 0), 0);       /* one read lock 0.. */
	test_files = child;
	expect_first(cfd, RD, 0, 0);
	test_files = parent;

	/* F_GETLK names an owner's first lock by start, not by age. */
	EXPECT_EQ(lock(fd, F_SETLK, UN, 0, 0, 0), 0);
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 50, 10), 0);
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 0, 10), 0);
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 30, 10), 0);
	test_files = child;
	expect_first(cfd, WR, 0, 10);
	test_files = parent;
	EXPECT_EQ(lock(fd, F_SETLK, UN, 0, 0, 10), 0);
	test_files = child;
	expect_first(cfd, WR, 30, 10);
	test_files = parent;

	/* ... and owners in the order their locks came: a new one goes last. */
	EXPECT_EQ(lock(fd, F_SETLK, UN, 0, 0, 0), 0);
	o = (int)sys_open("/tmp/lk4", O_RDWR, 0);
	EXPECT_EQ(lock(o, F_OFD_SETLK, WR, 0, 100, 10), 0);
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 0, 10), 0);
	EXPECT_EQ(lock(fd, F_SETLK, RD, 0, 0, 5), 0);       /* replaced in place */
	test_files = child;
	expect_first(cfd, WR, 100, 10);
	test_files = parent;
	sys_close(o);                                         /* its locks and ours go */
	EXPECT_EQ(lock(fd, F_SETLK, WR, 0, 0, 0), 0);
	files_put(child);
	sys_close(fd);
	EXPECT_EQ(sys_unlink("/tmp/lk4"), 0);
}

static long ofd(int fd, int cmd, int type, int64_t start, int64_t len, int32_t pid)
{
	struct lk l = { .type = (int16_t)type, .start = start, .len = len, .pid = pid };

	return sys_fcntl(fd, (unsigned)cmd, (unsigned long)&l);
}

static void test_ofd(void)
{
	int a = (int)sys_open("/tmp/lk3", O_RDWR | O_CREAT, 0644);
	int b = (int)sys_open("/tmp/lk3", O_RDWR, 0), d;
	struct lk l = { .type = WR, .len = 0 };

	EXPECT_EQ(ofd(a, F_OFD_SETLK, WR, 0, 10, 0), 0);
	EXPECT_EQ(ofd(b, F_OFD_SETLK, RD, 5, 1, 0), -EAGAIN);    /* another description */
	EXPECT_EQ(lock(a, F_SETLK, RD, 0, 5, 1), -EAGAIN);       /* the table is another owner */
	EXPECT_EQ(sys_fcntl(b, F_OFD_GETLK, (unsigned long)&l), 0);
	EXPECT_EQ(l.type, WR);
	EXPECT_EQ(l.len, 10);
	EXPECT_EQ(l.pid, -1);
	EXPECT_EQ(ofd(b, F_OFD_SETLKW, WR, 0, 1, 0), -ERESTARTSYS); /* would wait */
	EXPECT_EQ(ofd(b, F_OFD_SETLK, WR, 20, 1, 7), -EINVAL);   /* l_pid must be 0 */
	EXPECT_EQ(ofd(b, F_OFD_GETLK, WR, 20, 1, 7), -EINVAL);
	d = (int)sys_dup(a);
	EXPECT_EQ(ofd(d, F_OFD_SETLK, WR, 0, 20, 0), 0);         /* the same owner */
	sys_close(a);
	EXPECT_EQ(ofd(b, F_OFD_SETLK, RD, 15, 1, 0), -EAGAIN);   /* the dup keeps it */
	sys_close(d);                                            /* the last close */
	EXPECT_EQ(ofd(b, F_OFD_SETLK, WR, 0, 0, 0), 0);
	sys_close(b);
	EXPECT_EQ(sys_unlink("/tmp/lk3"), 0);
}

int main(void)
{
	fs_host_boot();
	test_ranges();
	test_close_and_errors();
	test_merge();
	test_ofd();
	return fs_host_done("test_fs_posixlock");
}
