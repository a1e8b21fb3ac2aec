/* SPDX-License-Identifier: MIT */
/*
 * procfd.c - guest test: /proc/<pid>/fd, fdinfo, exe, cwd and root.
 *
 * Mounts its own proc on /proc (the test initramfs has none).  The fd
 * links name what each fd was opened by: a path, "/path (deleted)" once
 * unlinked, "pipe:[ino]" for a pipe; fdinfo shows the position and the
 * flags; opening /proc/self/fd/N opens the same file again, even a pipe
 * or an unlinked file; exe, cwd and root name the program and the
 * directories; ttyname(0) (readlink of fd/0) names the console.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include "check.h"

#define FILE1 "/tmp/procfd_file"

static char *prog;

static long link_of(const char *path, char *buf, size_t size)
{
	long n = readlink(path, buf, size - 1);

	buf[n < 0 ? 0 : n] = '\0';
	return n;
}

static long fd_link(int fd, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return link_of(path, buf, size);
}

static long slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return n;
}

/* The fdinfo fields pos and flags of fd. */
static int fdinfo(int fd, long *pos, unsigned long *flags)
{
	char path[64], buf[256], *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	if (slurp(path, buf, sizeof(buf)) <= 0 || strncmp(buf, "pos:\t", 5))
		return -1;
	*pos = strtol(buf + 5, NULL, 10);
	f = strstr(buf, "\nflags:\t");
	if (!f)
		return -1;
	*flags = strtoul(f + 8, NULL, 8);
	return 0;
}

static int fd_mode(int fd)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return lstat(path, &st) ? -1 : (int)(st.st_mode & 0777);
}

static int reopen(int fd, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return open(path, flags);
}

static int listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		found |= !strcmp(e->d_name, name);
	closedir(d);
	return found;
}

static void test_regular(void)
{
	char buf[128], name[16];
	struct stat a, b;
	unsigned long flags;
	long pos;
	int fd, fd2;

	fd = open(FILE1, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0 && write(fd, "hello", 5) == 5, "a file to look at");
	CHECK(fd_link(fd, buf, sizeof(buf)) > 0 && !strcmp(buf, FILE1),
	      "fd link names the file");
	snprintf(name, sizeof(name), "%d", fd);
	CHECK(listed("/proc/self/fd", name), "fd dir lists the fd");
	CHECK(listed("/proc/self/fd", "0") && listed("/proc/self/fdinfo", "1"),
	      "fd and fdinfo list the standard fds");
	CHECK(!lstat("/proc/self/fd/0", &a) && S_ISLNK(a.st_mode),
	      "fd entries are symlinks");
	fd2 = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(fd_mode(fd) == 0700 && fd_mode(fd2) == 0500,
	      "fd link modes: lrwx------ (rw), lr-x------ (read-only)");
	close(fd2);
	fd2 = open("/dev/null", O_WRONLY);
	CHECK_EQ(fd_mode(fd2), 0300, "fd link mode: l-wx------ (write-only)");
	close(fd2);
	lseek(fd, 3, SEEK_SET);
	CHECK(fdinfo(fd, &pos, &flags) == 0 && pos == 3,
	      "fdinfo: pos");
	CHECK(fdinfo(fd, &pos, &flags) == 0 && (flags & O_ACCMODE) == O_RDWR &&
	      (flags & O_CLOEXEC) && !(flags & O_TRUNC),
	      "fdinfo: flags with O_CLOEXEC");
	fd2 = reopen(fd, O_RDONLY);
	CHECK(fd2 >= 0 && !fstat(fd, &a) && !fstat(fd2, &b) &&
	      a.st_ino == b.st_ino && a.st_dev == b.st_dev,
	      "open fd/N: the same file");
	CHECK(fd2 >= 0 && read(fd2, buf, 5) == 5 && !memcmp(buf, "hello", 5),
	      "open fd/N: its own position (0)");
	CHECK(fdinfo(fd2, &pos, &flags) == 0 && (flags & O_ACCMODE) == O_RDONLY &&
	      !(flags & O_CLOEXEC), "fdinfo of the new fd: its own flags");
	close(fd2);
	CHECK_OK(unlink(FILE1), "unlink the open file");
	CHECK(fd_link(fd, buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, FILE1 " (deleted)"), "fd link: (deleted)");
	fd2 = reopen(fd, O_RDONLY);
	CHECK(fd2 >= 0 && read(fd2, buf, 5) == 5 && !memcmp(buf, "hello", 5),
	      "open fd/N of an unlinked file");
	if (fd2 >= 0)
		close(fd2);
	close(fd);
	CHECK_ERR(fd_link(fd, buf, sizeof(buf)), ENOENT, "a closed fd: ENOENT");
	CHECK_ERR(open("/proc/self/fd/999", O_RDONLY), ENOENT,
		  "open of a closed fd's link: ENOENT");
}

static void test_pipe_dir(void)
{
	char buf[128], want[64];
	struct stat st;
	int p[2], fd;

	CHECK_OK(pipe(p), "pipe");
	fstat(p[0], &st);
	snprintf(want, sizeof(want), "pipe:[%lu]", (unsigned long)st.st_ino);
	CHECK(fd_link(p[0], buf, sizeof(buf)) > 0 && !strcmp(buf, want) &&
	      fd_link(p[1], buf, sizeof(buf)) > 0 && !strcmp(buf, want),
	      "fd link: pipe:[ino] on both ends");
	CHECK(write(p[1], "xy", 2) == 2, "write the pipe");
	fd = reopen(p[0], O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 2) == 2 && !memcmp(buf, "xy", 2),
	      "open fd/N of a pipe reads the pipe");
	if (fd >= 0)
		close(fd);
	close(p[0]);
	close(p[1]);

	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(fd_link(fd, buf, sizeof(buf)) > 0 && !strcmp(buf, "/tmp"),
	      "fd link of a directory");
	snprintf(want, sizeof(want), "/proc/self/fd/%d/", fd);
	CHECK(!stat(want, &st) && S_ISDIR(st.st_mode), "a directory's fd/N/");
	close(fd);
	fd = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(fd_link(fd, buf, sizeof(buf)) > 0 && !strcmp(buf, "/"),
	      "fd link of /");
	close(fd);
}

static void test_links(void)
{
	char buf[256], cwd[256];
	struct stat a, b;

	CHECK(link_of("/proc/self/exe", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, prog), "exe names the program");
	CHECK(!stat("/proc/self/exe", &a) && !stat(prog, &b) &&
	      a.st_ino == b.st_ino, "exe leads to the program");
	CHECK_OK(chdir("/tmp"), "chdir /tmp");
	CHECK(getcwd(cwd, sizeof(cwd)) &&
	      link_of("/proc/self/cwd", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, cwd), "cwd link");
	CHECK(link_of("/proc/self/root", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, "/"), "root link");
	CHECK(!stat("/proc/self/cwd/.", &a) && !stat("/tmp", &b) &&
	      a.st_ino == b.st_ino, "walk through cwd/");
	chdir("/");
}

/* fd 0 is the console the runner has: ttyname reads fd/0. */
static void test_tty(void)
{
	char *name = ttyname(0);

	CHECK(name && !strcmp(name, "/dev/console"),
	      "ttyname(0): /dev/console");
}

/* A pty: the master is /dev/ptmx, the slave /dev/pts/N (ttyname). */
static void test_pty(void)
{
	char name[64], buf[128], *tty;
	int mounted, m, s = -1;

	mkdir("/dev/pts", 0755);
	mounted = !mount("devpts", "/dev/pts", "devpts", 0, "ptmxmode=0666");
	if (mknod("/dev/ptmx", S_IFCHR | 0666, makedev(5, 2)) && errno != EEXIST)
		CHECK(0, "mknod /dev/ptmx");
	m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	CHECK(m >= 0 && !grantpt(m) && !unlockpt(m) &&
	      !ptsname_r(m, name, sizeof(name)), "a pty");
	if (m >= 0)
		s = open(name, O_RDWR | O_NOCTTY);
	CHECK(fd_link(m, buf, sizeof(buf)) > 0 && !strcmp(buf, "/dev/ptmx"),
	      "the master's fd link: /dev/ptmx");
	tty = s >= 0 ? ttyname(s) : NULL;
	CHECK(tty && !strcmp(tty, name) && !strncmp(name, "/dev/pts/", 9),
	      "ttyname of the slave: /dev/pts/N");
	close(s);
	close(m);
	if (mounted)
		umount("/dev/pts");
}

/* Another process's fd dir: the parent looks at a child's. */
static void test_other(void)
{
	char path[64], buf[128];
	int go[2], fd;
	pid_t pid;

	pipe(go);
	pid = fork();
	if (pid == 0) {
		int f = open("/tmp", O_RDONLY | O_DIRECTORY);
		dup2(f, 9);
		close(go[1]);
		read(go[0], buf, 1);    /* wait for the parent to look */
		_exit(0);
	}
	close(go[0]);
	snprintf(path, sizeof(path), "/proc/%d/fd/9", (int)pid);
	for (int i = 0; i < 1000 && link_of(path, buf, sizeof(buf)) < 0; i++)
		usleep(1000);
	CHECK(!strcmp(buf, "/tmp"), "another process's fd link");
	fd = open(path, O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open another process's fd link");
	if (fd >= 0)
		close(fd);
	close(go[1]);
	waitpid(pid, NULL, 0);
	CHECK_ERR(link_of(path, buf, sizeof(buf)), ENOENT,
		  "a reaped process's fd link: ENOENT");
}

/*
 * An unprivileged process reads its own fd links, not init's (EACCES).
 * Right after setuid it is not dumpable and its /proc files are root's,
 * yet its fd directory stays open to it.  Exit status bits say what
 * failed.
 */
static int unprivileged_view(void)
{
	struct stat st;
	char buf[128];
	int bad = 0;

	if (setgid(1100) || setuid(1000))
		return 64;
	if (prctl(PR_GET_DUMPABLE) != 0 || stat("/proc/self/fd", &st) ||
	    st.st_uid != 0)
		bad |= 1;
	if (fd_link(0, buf, sizeof(buf)) <= 0)
		bad |= 2;
	errno = 0;
	if (link_of("/proc/1/fd/0", buf, sizeof(buf)) >= 0 || errno != EACCES)
		bad |= 4;
	if (!ttyname(0))
		bad |= 8;
	return bad;
}

static void test_unprivileged(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(unprivileged_view());
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 64,
	      "setuid to an unprivileged user");
	CHECK(WIFEXITED(status) && (WEXITSTATUS(status) & 1) == 0,
	      "after setuid: not dumpable, /proc/self/fd is root's");
	CHECK(WIFEXITED(status) && (WEXITSTATUS(status) & 2) == 0,
	      "an unprivileged process reads its fd links");
	CHECK(WIFEXITED(status) && (WEXITSTATUS(status) & 4) == 0,
	      "not init's: EACCES");
	CHECK(WIFEXITED(status) && (WEXITSTATUS(status) & 8) == 0,
	      "ttyname(0) as an unprivileged process");
}

int main(int argc, char **argv)
{
	(void)argc;
	prog = argv[0];
	check_begin("procfd");
	if (mkdir("/proc", 0555) && errno != EEXIST)
		CHECK(0, "mkdir /proc");
	CHECK_OK(mount("proc", "/proc", "proc", 0, NULL), "mount proc");
	test_regular();
	test_pipe_dir();
	test_links();
	test_tty();
	test_pty();
	test_other();
	test_unprivileged();
	CHECK_OK(umount("/proc"), "umount proc");
	return check_done();
}
