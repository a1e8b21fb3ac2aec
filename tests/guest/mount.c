/* SPDX-License-Identifier: MIT */
/*
 * mount.c - guest test: mount(2), umount2(2) and the file systems BusyBox
 * mounts at boot.
 *
 * tmpfs on a directory under /tmp: options, use, stacking, remount, errors
 * (ENODEV, ENOENT, ENOTDIR, EINVAL, EFAULT) and EBUSY while a file is open,
 * a cwd or a mount is inside, MNT_DETACH; proc on /proc (made here: the
 * test initramfs has none): /proc/self/{stat,status,cmdline,comm}, a
 * child's state, /proc/meminfo, uptime, loadavg, stat, mounts,
 * filesystems, version; devtmpfs and its device nodes; sysfs and the
 * clocksource; mount flags enforced (ro: EROFS, nodev, noexec, nosuid);
 * bind mounts (MS_BIND of a directory or a file, MS_REC, "..", EBUSY,
 * /proc/mounts and mountinfo, flags per mount: remount,bind)
 * and set-user-ID/set-group-ID execve (the test runs itself as "--ids" in
 * an unprivileged child).  Everything is unmounted and removed at the end.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define MNT "/tmp/mnt"
#define TMPFS_MAGIC 0x01021994
#define PROC_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define BAD ((void *)1)

static char **args;

/* The whole file into buf (NUL-terminated); its length or -1. */
static long slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	if (fd < 0)
		return -1;
	while ((size_t)n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return n;
}

static long put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n;
}

static dev_t dev_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? (dev_t)-1 : st.st_dev;
}

/* Does /proc/mounts have a line starting with prefix? */
static int mounts_line(const char *prefix)
{
	static char buf[8192];
	char *line;

	if (slurp("/proc/mounts", buf, sizeof(buf)) < 0)
		return 0;
	for (line = buf; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (!strncmp(line, prefix, strlen(prefix)))
			return 1;
	}
	return 0;
}

static void test_tmpfs(void)
{
	struct statfs sf;
	struct stat st;
	char buf[64];
	dev_t tmp_dev = dev_of("/tmp");

	CHECK_OK(mkdir(MNT, 0755), "mkdir the mount point");
	CHECK_OK(mount("none", MNT, "tmpfs", 0, "size=1m,mode=700"),
		 "mount tmpfs with size= and mode=");
	CHECK(stat(MNT, &st) == 0 && st.st_mode == (S_IFDIR | 0700),
	      "mode= sets the root's mode");
	CHECK(st.st_dev != tmp_dev, "the mount point shows the new file system");
	CHECK(statfs(MNT, &sf) == 0 && sf.f_type == TMPFS_MAGIC,
	      "statfs: TMPFS_MAGIC");
	CHECK_EQ(sf.f_blocks * sf.f_bsize, 1 << 20, "statfs: size=1m");
	CHECK_EQ(put(MNT "/file", "hello"), 5, "write a file in it");
	CHECK(slurp(MNT "/file", buf, sizeof(buf)) == 5 && !strcmp(buf, "hello"),
	      "read it back");
	CHECK_OK(mkdir(MNT "/sub", 0755), "mkdir in it");
	CHECK_EQ(dev_of(MNT "/sub/.."), dev_of(MNT), "'..' inside stays inside");
	CHECK_EQ(dev_of(MNT "/.."), tmp_dev, "'..' of its root leaves it");

	int fd = open(MNT "/file", O_RDONLY);
	CHECK_ERR(umount(MNT), EBUSY, "umount with a file open: EBUSY");
	close(fd);
	CHECK_OK(chdir(MNT "/sub"), "chdir inside");
	CHECK_ERR(umount(MNT), EBUSY, "umount with the cwd inside: EBUSY");
	CHECK_OK(chdir("/"), "chdir out");
	CHECK_OK(mount("none", MNT "/sub", "tmpfs", 0, NULL), "mount below it");
	CHECK_ERR(umount(MNT), EBUSY, "umount with a mount inside: EBUSY");
	CHECK_OK(umount(MNT "/sub"), "umount the inner one");

	CHECK_OK(mount("none", MNT, "tmpfs", MS_REMOUNT, "size=2m"),
		 "remount with a new size");
	CHECK(statfs(MNT, &sf) == 0 && sf.f_blocks * sf.f_bsize == 2 << 20,
	      "statfs: the new size");
	CHECK(slurp(MNT "/file", buf, sizeof(buf)) == 5, "remount keeps the files");
	CHECK_ERR(mount("none", MNT "/sub", "tmpfs", MS_REMOUNT, NULL), EINVAL,
		  "remount of a directory that is no mount: EINVAL");
	CHECK_OK(umount(MNT), "umount");
	CHECK_EQ(dev_of(MNT), tmp_dev, "the directory is back");
	CHECK_ERR(open(MNT "/file", O_RDONLY), ENOENT, "its files are gone");
	CHECK_ERR(umount(MNT), EINVAL, "umount again: EINVAL");

	/* Two on one directory: the last one shows, each umount peels one. */
	CHECK_OK(mount("a", MNT, "tmpfs", 0, NULL), "mount a first tmpfs");
	CHECK_EQ(put(MNT "/first", "1"), 1, "a file in the first");
	CHECK_OK(mount(NULL, MNT, "tmpfs", 0, NULL), "mount a second over it");
	CHECK_ERR(open(MNT "/first", O_RDONLY), ENOENT, "the second hides the first");
	CHECK_OK(umount(MNT), "umount the second");
	CHECK(slurp(MNT "/first", buf, sizeof(buf)) == 1, "the first shows again");
	CHECK_OK(umount(MNT), "umount the first");

	/* MNT_DETACH: gone from the name space; open files still work. */
	CHECK_OK(mount("none", MNT, "tmpfs", 0, NULL), "mount for a lazy umount");
	put(MNT "/kept", "kept");
	fd = open(MNT "/kept", O_RDONLY);
	CHECK_OK(umount2(MNT, MNT_DETACH), "umount2(MNT_DETACH) while busy");
	CHECK_ERR(open(MNT "/kept", O_RDONLY), ENOENT, "detached from the name space");
	CHECK(read(fd, buf, sizeof(buf)) == 4, "an open file still reads");
	close(fd);
}

static void test_errors(void)
{
	CHECK_ERR(mount("none", MNT, "nosuchfs", 0, NULL), ENODEV,
		  "unknown type: ENODEV");
	CHECK_ERR(mount("none", "/tmp/nonexistent", "tmpfs", 0, NULL), ENOENT,
		  "missing target: ENOENT");
	CHECK_ERR(mount("none", "/tmp/nonexistent", "nosuchfs", 0, NULL), ENOENT,
		  "missing target before unknown type: ENOENT");
	put("/tmp/mnt-file", "x");
	CHECK_ERR(mount("none", "/tmp/mnt-file", "tmpfs", 0, NULL), ENOTDIR,
		  "target a file: ENOTDIR");
	CHECK_ERR(mount("none", "/tmp/mnt-file/x", "tmpfs", 0, NULL), ENOTDIR,
		  "target under a file: ENOTDIR");
	CHECK_ERR(mount("none", MNT, NULL, 0, NULL), EINVAL, "no type: EINVAL");
	CHECK_ERR(mount("none", MNT, "tmpfs", 0, "bogus=1"), EINVAL,
		  "unknown option: EINVAL");
	CHECK_ERR(mount("none", MNT, "tmpfs", 0, "size=12q"), EINVAL,
		  "bad size: EINVAL");
	CHECK_ERR(mount("none", MNT, "tmpfs", MS_NOUSER, NULL), EINVAL,
		  "MS_NOUSER: EINVAL");
	CHECK_ERR(syscall(SYS_mount, "none", BAD, "tmpfs", 0, NULL), EFAULT,
		  "bad target pointer: EFAULT");
	CHECK_ERR(syscall(SYS_mount, "none", MNT, BAD, 0, NULL), EFAULT,
		  "bad type pointer: EFAULT");
	CHECK_ERR(syscall(SYS_mount, BAD, MNT, "tmpfs", 0, NULL), EFAULT,
		  "bad source pointer: EFAULT");
	CHECK_ERR(syscall(SYS_mount, "none", MNT, "tmpfs", 0, BAD), EFAULT,
		  "bad data pointer: EFAULT");
	CHECK_ERR(umount("/tmp"), EINVAL, "umount of no mount point: EINVAL");
	CHECK_ERR(umount("/tmp/mnt-file"), EINVAL, "umount of a file: EINVAL");
	CHECK_ERR(umount("/tmp/nonexistent"), ENOENT, "umount of nothing: ENOENT");
	CHECK_ERR(umount2(MNT, 0x100), EINVAL, "umount2 with a bad flag: EINVAL");
	CHECK_ERR(syscall(SYS_umount2, BAD, 0), EFAULT, "umount2 bad pointer: EFAULT");
	CHECK_OK(mount(NULL, "/", NULL, MS_PRIVATE, NULL), "MS_PRIVATE on /");
	CHECK_ERR(mount(NULL, "/tmp", NULL, MS_PRIVATE, NULL), EINVAL,
		  "MS_PRIVATE on no mount point: EINVAL");
	unlink("/tmp/mnt-file");
}

/* The fields of /proc/<pid>/stat up to the state; comm without parens. */
static int read_stat(int pid, char *comm, char *state, int *ppid)
{
	char path[64], buf[1024], *open_paren, *close_paren;
	int got_pid;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (slurp(path, buf, sizeof(buf)) <= 0)
		return -1;
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || sscanf(buf, "%d", &got_pid) != 1)
		return -1;
	*close_paren = '\0';
	strcpy(comm, open_paren + 1);
	if (sscanf(close_paren + 2, "%c %d", state, ppid) != 2)
		return -1;
	return got_pid;
}

static int count_fields(const char *s)
{
	int n = 0;

	s = strrchr(s, ')');
	for (n = 2; s && (s = strchr(s, ' ')); s++)
		n++;
	return n;
}

static void test_proc_self(void)
{
	char buf[4096], want[512], comm[64], state;
	int ppid, n = 0;

	CHECK_EQ(read_stat(getpid(), comm, &state, &ppid), getpid(),
		 "/proc/<pid>/stat: the pid");
	CHECK(!strcmp(comm, "mount"), "stat: the comm");
	CHECK_EQ(state, 'R', "stat: running");
	CHECK_EQ(ppid, getppid(), "stat: the ppid");
	CHECK(slurp("/proc/self/stat", buf, sizeof(buf)) > 0 &&
	      count_fields(buf) == 52, "stat has 52 fields");
	CHECK(readlink("/proc/self", buf, sizeof(buf)) > 0 &&
	      atoi(buf) == getpid(), "/proc/self links to the pid");
	for (char **a = args; *a; a++) {
		strcpy(want + n, *a);
		n += strlen(*a) + 1;
	}
	CHECK(slurp("/proc/self/cmdline", buf, sizeof(buf)) == n &&
	      !memcmp(buf, want, n), "/proc/self/cmdline is argv");
	CHECK(slurp("/proc/self/comm", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, "mount\n"), "/proc/self/comm");
	slurp("/proc/self/status", buf, sizeof(buf));
	snprintf(want, sizeof(want), "\nPid:\t%d\nPPid:\t%d\n", getpid(), getppid());
	CHECK(!strncmp(buf, "Name:\tmount\n", 12) && strstr(buf, want) &&
	      strstr(buf, "\nState:\tR (running)\n") && strstr(buf, "\nVmRSS:"),
	      "/proc/self/status");
	CHECK(read_stat(1, comm, &state, &ppid) == 1 && !strcmp(comm, "init"),
	      "/proc/1/stat: init");
	CHECK(slurp("/proc/1/cmdline", buf, sizeof(buf)) == 6 &&
	      !memcmp(buf, "/init", 6), "/proc/1/cmdline");
}

static int proc_lists(const char *name)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;

	while (d && (e = readdir(d)))
		if (!strcmp(e->d_name, name))
			found = 1;
	if (d)
		closedir(d);
	return found;
}

static void test_proc_child(void)
{
	char name[16], comm[64], state = 0, path[64];
	int ppid, status, tries, fds[2];
	pid_t child;

	if (pipe(fds))
		CHECK(0, "pipe");
	child = fork();
	if (child == 0) {
		read(fds[0], name, 1);          /* nothing comes: it sleeps */
		_exit(0);
	}
	snprintf(name, sizeof(name), "%d", child);
	for (tries = 0; tries < 100; tries++) {
		if (read_stat(child, comm, &state, &ppid) == child && state == 'S')
			break;
		sched_yield();
	}
	CHECK_EQ(state, 'S', "a child blocked in read is sleeping");
	CHECK_EQ(ppid, getpid(), "its ppid");
	CHECK(proc_lists(name) && proc_lists("self"), "/proc lists it and self");
	kill(child, SIGKILL);
	for (tries = 0; tries < 100; tries++) {
		if (read_stat(child, comm, &state, &ppid) == child && state == 'Z')
			break;
		sched_yield();
		usleep(1000);
	}
	CHECK_EQ(state, 'Z', "killed and not waited for: a zombie");
	snprintf(path, sizeof(path), "/proc/%d/cmdline", child);
	char buf[64];
	CHECK_EQ(slurp(path, buf, sizeof(buf)), 0, "a zombie's cmdline is empty");
	waitpid(child, &status, 0);
	close(fds[0]);
	close(fds[1]);
	snprintf(path, sizeof(path), "/proc/%d", child);
	CHECK_ERR(open(path, O_RDONLY), ENOENT, "reaped: its directory is gone");
}

static void test_proc_files(void)
{
	static char buf[16384];
	double up, idle, l1, l5, l15;
	unsigned long kb;
	int run, total, last;
	struct statfs sf;

	CHECK(slurp("/proc/meminfo", buf, sizeof(buf)) > 0 &&
	      sscanf(buf, "MemTotal: %lu kB", &kb) == 1 && kb > 0 &&
	      strstr(buf, "\nMemFree:") && strstr(buf, "\nMemAvailable:"),
	      "/proc/meminfo: MemTotal, MemFree, MemAvailable");
	CHECK(strstr(buf, "\nCached:") && strstr(buf, "\nSwapTotal:") &&
	      strstr(buf, "\nShmem:"), "/proc/meminfo: Cached, SwapTotal, Shmem");
	CHECK(slurp("/proc/uptime", buf, sizeof(buf)) > 0 &&
	      sscanf(buf, "%lf %lf", &up, &idle) == 2 && up > 0,
	      "/proc/uptime parses");
	CHECK(slurp("/proc/loadavg", buf, sizeof(buf)) > 0 &&
	      sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &run, &total,
		     &last) == 6 && run >= 1 && total >= 2,
	      "/proc/loadavg parses");
	CHECK(slurp("/proc/stat", buf, sizeof(buf)) > 0 &&
	      !strncmp(buf, "cpu  ", 5) && strstr(buf, "\nbtime ") &&
	      strstr(buf, "\nprocs_running "), "/proc/stat: cpu, btime, procs_running");
	CHECK(slurp("/proc/version", buf, sizeof(buf)) > 0 &&
	      !strncmp(buf, "Linux version ", 14), "/proc/version");
	CHECK(slurp("/proc/filesystems", buf, sizeof(buf)) > 0 &&
	      strstr(buf, "nodev\ttmpfs\n") && strstr(buf, "nodev\tproc\n") &&
	      strstr(buf, "nodev\tsysfs\n") && strstr(buf, "nodev\tdevtmpfs\n"),
	      "/proc/filesystems");
	CHECK(slurp("/proc/cmdline", buf, sizeof(buf)) > 0 &&
	      strstr(buf, "console="), "/proc/cmdline");
	CHECK(mounts_line("rootfs / rootfs rw"), "/proc/mounts: rootfs first");
	CHECK(mounts_line("proc /proc proc rw,relatime 0 0"),
	      "/proc/mounts: the proc mount");
	CHECK(readlink("/proc/mounts", buf, sizeof(buf)) == 11 &&
	      !strncmp(buf, "self/mounts", 11), "/proc/mounts links to self/mounts");
	CHECK(statfs("/proc", &sf) == 0 && sf.f_type == PROC_MAGIC,
	      "statfs: PROC_SUPER_MAGIC");
	CHECK_OK(mount("none", MNT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=64k"),
		 "mount a tmpfs with flags");
	CHECK(mounts_line("none /tmp/mnt tmpfs rw,nosuid,nodev,relatime,size=64k,inode64 0 0"),
	      "/proc/mounts shows its flags and options");
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT | MS_RDONLY, NULL),
		 "remount read-only");
	CHECK(mounts_line("none /tmp/mnt tmpfs ro,relatime,size=64k"),
	      "/proc/mounts shows ro");
	CHECK_OK(umount(MNT), "umount it");
}

/* ---- mount flags and set-ID execve ------------------------------------- */

#define PROBE_UID 1000
#define PROBE_GID 1100
#define FILE_GID 4321

/*
 * Run as "mount --ids": what execve gave this process, as exit status bits:
 * 1 euid 0, 2 saved uid 0, 4 uid PROBE_UID, 8 egid FILE_GID, 16 AT_SECURE,
 * 32 not dumpable.
 */
static int ids_probe(void)
{
	uid_t r, e, s;

	getresuid(&r, &e, &s);
	return (e == 0) | (s == 0) << 1 | (r == PROBE_UID) << 2 |
	       (getegid() == FILE_GID) << 3 | (getauxval(AT_SECURE) != 0) << 4 |
	       (prctl(PR_GET_DUMPABLE) == 0) << 5;
}

/* Exec path as PROBE_UID/PROBE_GID: the probe's bits, or -1. */
static int exec_probe(const char *path)
{
	char *argv[] = { (char *)path, "--ids", NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setgid(PROBE_GID) || setuid(PROBE_UID))
			_exit(120);
		execv(path, argv);
		_exit(errno == EACCES ? 121 : 122);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static long copy_file(const char *from, const char *to)
{
	static char buf[4096];
	int in = open(from, O_RDONLY), out;
	long n, total = 0;

	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		total += write(out, buf, n) == n ? n : 0;
	close(in);
	close(out);
	return in < 0 || out < 0 ? -1 : total;
}

static void test_setid(void)
{
	CHECK(copy_file(args[0], MNT "/suid") > 0, "copy the test program");
	CHECK_OK(chown(MNT "/suid", 0, FILE_GID), "chown root:" "4321");
	CHECK_OK(chmod(MNT "/suid", 06755), "chmod 6755");
	CHECK_EQ(exec_probe(MNT "/suid"), 63,
		 "set-ID exec: euid, saved uid, egid, AT_SECURE, not dumpable");
	CHECK_OK(chmod(MNT "/suid", 0755), "chmod 755");
	CHECK_EQ(exec_probe(MNT "/suid"), 4, "plain exec: the caller's IDs");
	CHECK_OK(chmod(MNT "/suid", 02745), "chmod 2745: set-GID, no group x");
	CHECK_EQ(exec_probe(MNT "/suid"), 4, "set-GID without group x: ignored");
	CHECK_OK(chmod(MNT "/suid", 06755), "chmod 6755 again");
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT | MS_NOSUID, NULL),
		 "remount nosuid");
	CHECK(mounts_line("none /tmp/mnt tmpfs rw,nosuid,relatime"),
	      "/proc/mounts: nosuid");
	CHECK_EQ(exec_probe(MNT "/suid"), 4, "nosuid: set-ID bits ignored");
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT | MS_NOEXEC, NULL),
		 "remount noexec");
	CHECK_EQ(exec_probe(MNT "/suid"), 121, "noexec: execve EACCES");
	CHECK_ERR(access(MNT "/suid", X_OK), EACCES, "noexec: access X_OK");
	int fd = open(MNT "/suid", O_RDONLY);
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0) ==
	      MAP_FAILED && errno == EPERM, "noexec: mmap PROT_EXEC EPERM");
	void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "noexec: mmap PROT_READ works");
	CHECK_ERR(mprotect(p, 4096, PROT_READ | PROT_EXEC), EACCES,
		  "noexec: mprotect PROT_EXEC EACCES");
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(fd);
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT, NULL), "remount exec");
	CHECK_EQ(exec_probe(MNT "/suid"), 63, "set-ID again after remount");
	unlink(MNT "/suid");
}

#define OLD_ATIME 1000

/* Set an old atime (before the file's mtime), read, return the atime then. */
static long atime_after_read(const char *path)
{
	struct timespec ts[2] = { { OLD_ATIME, 0 }, { 0, UTIME_OMIT } };
	struct stat st;
	char c;
	int fd;

	if (utimensat(AT_FDCWD, path, ts, 0) && errno != EROFS)
		return -1;
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, &c, 1) != 1 || fstat(fd, &st))
		st.st_atime = -1;
	close(fd);
	return st.st_atime;
}

/* ro: writing, creating, removing and changing attributes are EROFS. */
static void test_rdonly(void)
{
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	int fd;

	CHECK(put(MNT "/f", "data") == 4, "a file");
	CHECK_OK(mkdir(MNT "/d", 0755), "a directory");
	CHECK_OK(mknod(MNT "/null", S_IFCHR | 0666, makedev(1, 3)), "a device");
	ts[0].tv_sec = OLD_ATIME;
	ts[0].tv_nsec = 0;
	ts[1].tv_nsec = UTIME_OMIT;
	CHECK_OK(utimensat(AT_FDCWD, MNT "/f", ts, 0), "an old atime");
	ts[0].tv_nsec = ts[1].tv_nsec = UTIME_NOW;
	fd = open(MNT "/f", O_WRONLY);
	CHECK_ERR(mount("none", MNT, NULL, MS_REMOUNT | MS_RDONLY, NULL), EBUSY,
		  "remount ro with a file open for writing: EBUSY");
	close(fd);
	fd = open(MNT "/null", O_WRONLY);
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT | MS_RDONLY, NULL),
		 "remount ro (a device open for writing does not count)");
	close(fd);
	CHECK(atime_after_read(MNT "/f") == OLD_ATIME, "ro: reading keeps atime");
	CHECK(mounts_line("none /tmp/mnt tmpfs ro,relatime"),
	      "/proc/mounts: ro");
	CHECK_ERR(open(MNT "/f", O_WRONLY), EROFS, "ro: open for writing");
	CHECK_ERR(open(MNT "/f", O_RDONLY | O_TRUNC), EROFS, "ro: O_TRUNC");
	CHECK_ERR(open(MNT "/new", O_WRONLY | O_CREAT, 0644), EROFS, "ro: create");
	fd = open(MNT "/f", O_RDONLY | O_CREAT, 0644);
	CHECK(fd >= 0, "ro: O_CREAT of an existing file, read-only");
	close(fd);
	CHECK_ERR(mkdir(MNT "/e", 0755), EROFS, "ro: mkdir");
	CHECK_ERR(mknod(MNT "/fifo", S_IFIFO | 0644, 0), EROFS, "ro: mknod");
	CHECK_ERR(unlink(MNT "/f"), EROFS, "ro: unlink");
	CHECK_ERR(rmdir(MNT "/d"), EROFS, "ro: rmdir");
	CHECK_ERR(rename(MNT "/f", MNT "/g"), EROFS, "ro: rename");
	CHECK_ERR(link(MNT "/f", MNT "/g"), EROFS, "ro: link");
	CHECK_ERR(symlink("f", MNT "/s"), EROFS, "ro: symlink");
	CHECK_ERR(chmod(MNT "/f", 0600), EROFS, "ro: chmod");
	CHECK_ERR(chown(MNT "/f", 1, 1), EROFS, "ro: chown");
	CHECK_ERR(utimensat(AT_FDCWD, MNT "/f", ts, 0), EROFS, "ro: utimensat");
	CHECK_ERR(truncate(MNT "/f", 0), EROFS, "ro: truncate");
	CHECK_ERR(access(MNT "/f", W_OK), EROFS, "ro: access W_OK");
	CHECK_OK(access(MNT "/f", R_OK), "ro: access R_OK");
	fd = open(MNT "/null", O_WRONLY);
	CHECK(fd >= 0 && write(fd, "x", 1) == 1, "ro: a device is still writable");
	close(fd);
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT | MS_NODEV, NULL),
		 "remount rw,nodev");
	CHECK(mounts_line("none /tmp/mnt tmpfs rw,nodev,relatime"),
	      "/proc/mounts: rw,nodev");
	CHECK_ERR(open(MNT "/null", O_RDONLY), EACCES, "nodev: open a device");
	CHECK(put(MNT "/f", "more") == 4, "rw again: write");
	CHECK(atime_after_read(MNT "/f") != OLD_ATIME, "rw: reading sets atime");
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT | MS_NOATIME, NULL),
		 "remount noatime");
	CHECK(atime_after_read(MNT "/f") == OLD_ATIME, "noatime: reading keeps atime");
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT | MS_RELATIME, NULL),
		 "remount dev,relatime");
	fd = open(MNT "/null", O_RDONLY);
	CHECK(fd >= 0, "dev again: open a device");
	close(fd);
	unlink(MNT "/null");
	unlink(MNT "/f");
	rmdir(MNT "/d");
}

static void test_mount_flags(void)
{
	CHECK_OK(mount("none", MNT, "tmpfs", 0, NULL), "mount a tmpfs for flags");
	test_rdonly();
	test_setid();
	CHECK_OK(umount(MNT), "umount the flags tmpfs");
}

/* Does /proc/self/mountinfo have a line with s in it? */
static int mountinfo_has(const char *s)
{
	static char buf[8192];

	return slurp("/proc/self/mountinfo", buf, sizeof(buf)) > 0 &&
	       strstr(buf, s) != NULL;
}

static ino_t ino_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_ino;
}

/* A bind mount of a directory: the same files, ".." back out, umount. */
static void test_bind_dir(void)
{
	char buf[64];

	CHECK_OK(mount(MNT "/a/src", MNT "/dst", NULL, MS_BIND, NULL),
		 "MS_BIND a directory");
	CHECK(ino_of(MNT "/dst/f") == ino_of(MNT "/a/src/f") &&
	      dev_of(MNT "/dst/f") == dev_of(MNT "/a/src/f"),
	      "the bind shows the source's files");
	CHECK_EQ(put(MNT "/dst/new", "new"), 3, "write a file through the bind");
	CHECK_ERR(rename(MNT "/dst/new", MNT "/a/new"), EXDEV,
		  "rename from a bind to its source's file system: EXDEV");
	CHECK_ERR(link(MNT "/dst/new", MNT "/a/new"), EXDEV,
		  "link across the bind: EXDEV");
	CHECK_OK(rename(MNT "/dst/new", MNT "/dst/new2"), "rename inside the bind");
	CHECK_OK(rename(MNT "/dst/new2", MNT "/dst/new"), "and back");
	CHECK(slurp(MNT "/a/src/new", buf, sizeof(buf)) == 3,
	      "the file shows in the source");
	CHECK_EQ(ino_of(MNT "/dst/.."), ino_of(MNT),
		 "'..' of the bind's root is the mount point's parent");
	CHECK_EQ(ino_of(MNT "/dst/sub/../.."), ino_of(MNT),
		 "'..' twice from inside the bind leaves it");
	CHECK_EQ(ino_of(MNT "/a/src/.."), ino_of(MNT "/a"),
		 "'..' of the source is its own parent");
	CHECK(mounts_line("bsrc " MNT "/dst tmpfs rw"),
	      "/proc/mounts: the source's device and type at the mount point");
	CHECK(mountinfo_has(" /a/src " MNT "/dst rw"),
	      "mountinfo: the root inside the file system, the mount point");
	CHECK_OK(chdir(MNT "/dst/sub"), "chdir into the bind");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, MNT "/dst/sub"),
	      "getcwd: the path through the bind");
	CHECK_EQ(ino_of("../.."), ino_of(MNT), "'..' from the cwd leaves the bind");
	CHECK_OK(chdir(".."), "chdir to the bind's root");
	CHECK_OK(chdir(".."), "chdir out of it");
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, MNT), "getcwd: out");
	CHECK_OK(chdir("/"), "chdir /");
	CHECK_ERR(rmdir(MNT "/dst"), EBUSY, "rmdir of the mount point: EBUSY");
	CHECK_ERR(rename(MNT "/dst", MNT "/moved"), EBUSY,
		  "rename of the mount point: EBUSY");
	CHECK_ERR(umount(MNT), EBUSY, "umount of the file system under it: EBUSY");
	CHECK_OK(mount(MNT "/dst/sub", MNT "/b", NULL, MS_BIND, NULL),
		 "bind from inside a bind");
	CHECK_EQ(ino_of(MNT "/b/.."), ino_of(MNT), "its '..' is its mount point's");
	CHECK(mounts_line("bsrc " MNT "/b tmpfs"), "/proc/mounts shows it");
	CHECK_OK(umount(MNT "/b"), "umount it");
	CHECK_OK(mount(MNT "/dst", MNT "/b", NULL, MS_MOVE, NULL), "MS_MOVE the bind");
	CHECK(ino_of(MNT "/b/f") == ino_of(MNT "/a/src/f") &&
	      access(MNT "/dst/f", F_OK) != 0, "it shows at the new place only");
	CHECK_EQ(ino_of(MNT "/b/.."), ino_of(MNT), "'..' of its root: the new parent");
	CHECK(mounts_line("bsrc " MNT "/b tmpfs") && !mounts_line("bsrc " MNT "/dst "),
	      "/proc/mounts: the new mount point");
	CHECK_ERR(mount(MNT "/b", MNT "/b/sub", NULL, MS_MOVE, NULL), ELOOP,
		  "MS_MOVE into itself: ELOOP");
	CHECK_OK(mount(MNT "/b", MNT "/dst", NULL, MS_MOVE, NULL), "and back");
	CHECK_OK(umount(MNT "/dst"), "umount the bind");
	CHECK_ERR(stat(MNT "/dst/f", &(struct stat){ 0 }), ENOENT,
		  "the mount point is empty again");
	CHECK(!mounts_line("bsrc " MNT "/dst "), "/proc/mounts no longer shows it");
	CHECK_ERR(umount(MNT "/dst"), EINVAL, "umount again: EINVAL");
}

/* A single file bound over another; mismatched types are ENOTDIR. */
static void test_bind_file(void)
{
	char buf[64];

	put(MNT "/one", "one");
	put(MNT "/two", "second");
	CHECK_OK(mount(MNT "/one", MNT "/two", NULL, MS_BIND, NULL),
		 "MS_BIND a file over a file");
	CHECK(slurp(MNT "/two", buf, sizeof(buf)) == 3 && !strcmp(buf, "one"),
	      "the target reads as the source");
	CHECK(mounts_line("bsrc " MNT "/two tmpfs rw"),
	      "/proc/mounts: the file's mount point");
	CHECK(mountinfo_has(" /one " MNT "/two rw"),
	      "mountinfo: the file inside the file system, the mount point");
	CHECK_ERR(unlink(MNT "/two"), EBUSY, "unlink of the mount point: EBUSY");
	CHECK_ERR(mount(MNT "/one", MNT "/dst", NULL, MS_BIND, NULL), ENOTDIR,
		  "a file onto a directory: ENOTDIR");
	CHECK_ERR(mount(MNT "/a", MNT "/one", NULL, MS_BIND, NULL), ENOTDIR,
		  "a directory onto a file: ENOTDIR");
	CHECK_ERR(mount(MNT "/nonesuch", MNT "/dst", NULL, MS_BIND, NULL), ENOENT,
		  "a missing source: ENOENT");
	CHECK_OK(umount(MNT "/two"), "umount the file bind");
	CHECK(slurp(MNT "/two", buf, sizeof(buf)) == 6, "the file is back");
}

/*
 * Without MS_REC the source's submounts stay behind, with it they come
 * along; a mount made through a bind shows there only.
 */
static void test_bind_rec(void)
{
	CHECK_OK(mount("inner", MNT "/a/src/sub", "tmpfs", 0, NULL),
		 "a mount inside the source");
	put(MNT "/a/src/sub/in", "in");
	CHECK_OK(mount(MNT "/a/src", MNT "/dst", NULL, MS_BIND, NULL),
		 "MS_BIND without MS_REC");
	CHECK(dev_of(MNT "/dst/sub") == dev_of(MNT) &&
	      access(MNT "/dst/sub/in", F_OK) != 0,
	      "the submount stays behind");
	CHECK_OK(mount("thru", MNT "/dst/sub", "tmpfs", 0, NULL),
		 "a mount made through the bind");
	CHECK(dev_of(MNT "/dst/sub") != dev_of(MNT) &&
	      dev_of(MNT "/dst/sub") != dev_of(MNT "/a/src/sub"),
	      "it shows in the bind");
	CHECK(access(MNT "/a/src/sub/in", F_OK) == 0,
	      "the source still shows its own");
	CHECK(mounts_line("thru " MNT "/dst/sub tmpfs"),
	      "/proc/mounts: it is under the bind");
	CHECK_ERR(umount(MNT "/dst"), EBUSY, "umount of a bind with a mount on it: EBUSY");
	CHECK_OK(umount(MNT "/dst/sub"), "umount the mount made through it");
	CHECK_OK(umount(MNT "/dst"), "umount the bind");
	CHECK_OK(mount(MNT "/a/src", MNT "/dst", NULL, MS_BIND | MS_REC, NULL),
		 "MS_BIND | MS_REC");
	CHECK(dev_of(MNT "/dst/sub") == dev_of(MNT "/a/src/sub") &&
	      ino_of(MNT "/dst/sub/in") == ino_of(MNT "/a/src/sub/in"),
	      "the submount shows in the bind");
	CHECK_EQ(ino_of(MNT "/dst/sub/../.."), ino_of(MNT),
		 "'..' out of the submount and the bind");
	CHECK_OK(umount2(MNT "/dst", MNT_DETACH), "umount2(MNT_DETACH) the bind");
	CHECK_EQ(dev_of(MNT "/a/src/sub"), dev_of(MNT "/a/src/sub/in"),
		 "the source keeps its submount");
	CHECK_OK(umount(MNT "/a/src/sub"), "umount the submount");
}

/* A bind made read-only by remount,bind: writing through it is EROFS. */
static void test_bind_ro(void)
{
	char link[32], target[64];
	struct statfs sf;
	int fd, dfd;
	ssize_t n;

	fd = open(MNT "/dst/f", O_WRONLY);
	CHECK_ERR(mount("none", MNT "/dst", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY,
			NULL), EBUSY,
		  "remount,bind,ro with a file open for writing through it: EBUSY");
	close(fd);
	fd = open(MNT "/a/src/f", O_WRONLY);
	CHECK_OK(mount("none", MNT "/dst", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY,
		       NULL), "remount,bind,ro (a writer through the source is no bar)");
	CHECK_EQ(write(fd, "f", 1), 1, "the file open through the source writes");
	close(fd);
	CHECK(mounts_line("bsrc " MNT "/dst tmpfs ro,relatime"),
	      "/proc/mounts: the bind is ro");
	CHECK(mounts_line("bsrc " MNT " tmpfs rw,relatime"),
	      "/proc/mounts: its source stays rw");
	CHECK(mountinfo_has(" /a/src " MNT "/dst ro,relatime - tmpfs bsrc rw"),
	      "mountinfo: the mount is ro, the file system rw");
	CHECK(!statfs(MNT "/dst", &sf) && (sf.f_flags & ST_RDONLY),
	      "statfs: the bind is ro");
	CHECK(!statfs(MNT "/a", &sf) && !(sf.f_flags & ST_RDONLY),
	      "statfs: its source is rw");
	fd = open(MNT "/dst", O_RDONLY | O_DIRECTORY);
	CHECK(!fstatfs(fd, &sf) && (sf.f_flags & ST_RDONLY),
	      "fstatfs of a directory opened through the bind: ro");
	close(fd);
	CHECK_ERR(open(MNT "/dst/f", O_WRONLY), EROFS, "ro bind: open for writing");
	CHECK_ERR(mkdir(MNT "/dst/e", 0755), EROFS, "ro bind: mkdir");
	CHECK_ERR(unlink(MNT "/dst/f"), EROFS, "ro bind: unlink");
	CHECK_ERR(rename(MNT "/dst/f", MNT "/dst/g"), EROFS, "ro bind: rename");
	CHECK_ERR(chmod(MNT "/dst/f", 0600), EROFS, "ro bind: chmod");
	CHECK_ERR(truncate(MNT "/dst/f", 0), EROFS, "ro bind: truncate");
	CHECK_ERR(access(MNT "/dst/f", W_OK), EROFS, "ro bind: access W_OK");
	dfd = open(MNT "/dst", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(openat(dfd, "new", O_WRONLY | O_CREAT, 0644), EROFS,
		  "ro bind: openat from a directory opened through it");
	close(dfd);
	fd = open(MNT "/dst/f", O_RDONLY);
	CHECK_ERR(fchmod(fd, 0600), EROFS, "ro bind: fchmod of a file opened through it");
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	CHECK_ERR(open(link, O_WRONLY), EROFS,
		  "ro bind: reopening it through /proc/self/fd for writing");
	n = readlink(link, target, sizeof(target) - 1);
	CHECK(n > 0 && (target[n] = '\0', !strcmp(target, MNT "/dst/f")),
	      "/proc/self/fd: the path through the bind");
	close(fd);
	CHECK_OK(chdir(MNT "/dst"), "chdir into the ro bind");
	n = readlink("/proc/self/cwd", target, sizeof(target) - 1);
	CHECK(n > 0 && (target[n] = '\0', !strcmp(target, MNT "/dst")),
	      "/proc/self/cwd: the path through the bind");
	CHECK_ERR(open("/proc/self/cwd/new", O_WRONLY | O_CREAT, 0644), EROFS,
		  "ro bind: creating through /proc/self/cwd");
	CHECK_OK(chdir("/"), "chdir out");
	CHECK_OK(mkdir(MNT "/a/src/e", 0755), "the source stays writable");
	rmdir(MNT "/a/src/e");
	CHECK_OK(mount(MNT "/dst", MNT "/b", NULL, MS_BIND, NULL), "a bind of the ro bind");
	CHECK(mounts_line("bsrc " MNT "/b tmpfs ro"), "it starts ro as its source");
	CHECK_OK(umount(MNT "/b"), "umount it");
	CHECK_OK(mount("none", MNT "/dst", NULL, MS_REMOUNT | MS_BIND, NULL),
		 "remount,bind,rw");
	CHECK_EQ(put(MNT "/dst/f", "f"), 1, "rw bind: write");
	CHECK_OK(mount("none", MNT "/dst", NULL, MS_REMOUNT | MS_BIND | MS_NOATIME,
		       NULL), "remount,bind,noatime");
	CHECK(atime_after_read(MNT "/dst/f") == OLD_ATIME,
	      "noatime bind: reading keeps atime");
	CHECK(atime_after_read(MNT "/a/src/f") != OLD_ATIME,
	      "the source: reading sets atime");
	CHECK_OK(mount("none", MNT "/dst", NULL, MS_REMOUNT | MS_BIND | MS_RELATIME,
		       NULL), "remount,bind,relatime");
}

/* nosuid, noexec, nodev on a bind hold there only; a plain remount is global. */
static void test_bind_noexec(void)
{
	int fd;

	copy_file(args[0], MNT "/a/src/x");
	chmod(MNT "/a/src/x", 0755);
	mknod(MNT "/a/src/null", S_IFCHR | 0666, makedev(1, 3));
	CHECK_OK(mount("none", MNT "/dst", NULL,
		       MS_REMOUNT | MS_BIND | MS_NOEXEC | MS_NODEV, NULL),
		 "remount,bind,noexec,nodev");
	CHECK(mounts_line("bsrc " MNT "/dst tmpfs rw,nodev,noexec,relatime"),
	      "/proc/mounts: the bind's flags");
	CHECK_ERR(access(MNT "/dst/x", X_OK), EACCES, "noexec bind: access X_OK");
	CHECK_EQ(exec_probe(MNT "/dst/x"), 121, "noexec bind: execve EACCES");
	CHECK_ERR(open(MNT "/dst/null", O_RDONLY), EACCES, "nodev bind: open a device");
	fd = open(MNT "/a/src/null", O_RDONLY);
	CHECK(fd >= 0, "the source: open a device");
	close(fd);
	CHECK_OK(access(MNT "/a/src/x", X_OK), "the source: access X_OK");
	CHECK_OK(chown(MNT "/a/src/x", 0, FILE_GID), "chown root:" "4321");
	CHECK_OK(chmod(MNT "/a/src/x", 06755), "chmod 6755");
	CHECK_OK(mount("none", MNT "/dst", NULL, MS_REMOUNT | MS_BIND | MS_NOSUID,
		       NULL), "remount,bind,nosuid");
	CHECK_EQ(exec_probe(MNT "/dst/x"), 4, "nosuid bind: set-ID bits ignored");
	CHECK_EQ(exec_probe(MNT "/a/src/x"), 63, "the source: set-ID exec");
	CHECK_OK(mount("none", MNT "/dst", NULL, MS_REMOUNT | MS_RDONLY, NULL),
		 "a plain remount ro of the bind");
	CHECK_ERR(mkdir(MNT "/a/src/e", 0755), EROFS,
		  "the file system is read-only: the source too");
	CHECK(mountinfo_has(" / " MNT " rw,relatime - tmpfs bsrc ro"),
	      "mountinfo: the source mount rw, its file system ro");
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT, NULL),
		 "a plain remount rw of the source");
	CHECK_OK(mkdir(MNT "/a/src/e", 0755), "the source is writable");
	rmdir(MNT "/a/src/e");
	CHECK_ERR(mkdir(MNT "/dst/e", 0755), EROFS, "the bind keeps its own ro");
	CHECK_OK(access(MNT "/dst/x", X_OK), "the plain remount cleared its noexec");
	unlink(MNT "/a/src/x");
	unlink(MNT "/a/src/null");
}

/*
 * The file system's own mount made ro by remount,bind: binds stay rw, and
 * a plain remount of a bind leaves the own mount's flags alone.
 */
static void test_bind_own_ro(void)
{
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
		 "remount,bind,ro of the file system's own mount");
	CHECK_OK(mount("none", MNT "/dst", NULL, MS_REMOUNT | MS_NOSUID, NULL),
		 "a plain remount rw,nosuid of the bind");
	CHECK_OK(mkdir(MNT "/dst/e", 0755), "the bind is writable");
	CHECK_ERR(mkdir(MNT "/a/src/e2", 0755), EROFS, "the own mount stays ro");
	CHECK(mounts_line("bsrc " MNT " tmpfs ro,relatime"),
	      "/proc/mounts: the own mount ro");
	CHECK(mounts_line("bsrc " MNT "/dst tmpfs rw,nosuid,relatime"),
	      "/proc/mounts: the bind rw,nosuid");
	CHECK_OK(mount("none", MNT, NULL, MS_REMOUNT | MS_BIND, NULL),
		 "remount,bind,rw of the own mount");
	CHECK_OK(rmdir(MNT "/a/src/e"), "the own mount is writable again");
}

/* umount of a bind in use is EBUSY; MNT_DETACH still works. */
static void test_bind_busy(void)
{
	char buf[8];
	int fd = open(MNT "/dst/f", O_RDONLY);

	CHECK_ERR(umount(MNT "/dst"), EBUSY, "umount of a bind with a file open: EBUSY");
	close(fd);
	CHECK_OK(chdir(MNT "/dst"), "chdir into the bind");
	CHECK_ERR(umount(MNT "/dst"), EBUSY, "umount of a bind with a cwd in it: EBUSY");
	CHECK_OK(chdir("/"), "chdir out");
	fd = open(MNT "/dst", O_RDONLY | O_DIRECTORY);
	CHECK_OK(fchdir(fd), "fchdir to a directory opened through the bind");
	close(fd);
	CHECK_EQ(ino_of(".."), ino_of(MNT), "'..' leads out through the bind");
	CHECK_ERR(umount(MNT "/dst"), EBUSY, "umount with that cwd: EBUSY");
	CHECK_OK(chdir("/"), "chdir out again");
	fd = open(MNT "/dst/f", O_RDONLY);
	CHECK_OK(umount2(MNT "/dst", MNT_DETACH), "MNT_DETACH with a file open");
	CHECK(read(fd, buf, sizeof(buf)) == 1, "the file still reads");
	close(fd);
	CHECK(!mounts_line("bsrc " MNT "/dst "), "/proc/mounts no longer shows it");
}

/* Flags per mount: a bind's own, apart from its source's. */
static void test_bind_flags(void)
{
	CHECK_OK(mount(MNT "/a/src", MNT "/dst", NULL, MS_BIND, NULL),
		 "MS_BIND for flags");
	test_bind_ro();
	test_bind_noexec();
	test_bind_own_ro();
	test_bind_busy();
}

static void test_bind(void)
{
	CHECK_OK(mount("bsrc", MNT, "tmpfs", 0, NULL), "a tmpfs for binds");
	mkdir(MNT "/a", 0755);
	mkdir(MNT "/a/src", 0755);
	mkdir(MNT "/a/src/sub", 0755);
	mkdir(MNT "/dst", 0755);
	mkdir(MNT "/b", 0755);
	put(MNT "/a/src/f", "f");
	test_bind_dir();
	test_bind_file();
	test_bind_rec();
	test_bind_flags();
	CHECK_OK(umount(MNT), "umount the tmpfs");
}

static void test_proc(void)
{
	if (mkdir("/proc", 0555) && errno != EEXIST)
		CHECK(0, "mkdir /proc");
	CHECK_OK(mount("proc", "/proc", "proc", 0, NULL), "mount proc");
	test_proc_self();
	test_proc_child();
	test_proc_files();
	test_mount_flags();
	test_bind();
	int fd = open("/proc/meminfo", O_RDONLY);
	CHECK_ERR(umount("/proc"), EBUSY, "umount proc with a file open: EBUSY");
	close(fd);
	CHECK_OK(umount("/proc"), "umount proc");
	CHECK_ERR(open("/proc/meminfo", O_RDONLY), ENOENT, "proc is gone");
	rmdir("/proc");
}

static int is_chr(const char *path, unsigned ma, unsigned mi)
{
	struct stat st;

	return !stat(path, &st) && S_ISCHR(st.st_mode) &&
	       major(st.st_rdev) == ma && minor(st.st_rdev) == mi;
}

static void test_devtmpfs(void)
{
	char buf[16];
	int fd;

	CHECK_OK(mount("devtmpfs", MNT, "devtmpfs", 0, NULL), "mount devtmpfs");
	CHECK(is_chr(MNT "/null", 1, 3), "devtmpfs: null");
	CHECK(is_chr(MNT "/zero", 1, 5), "devtmpfs: zero");
	CHECK(is_chr(MNT "/full", 1, 7), "devtmpfs: full");
	CHECK(is_chr(MNT "/urandom", 1, 9), "devtmpfs: urandom");
	CHECK(is_chr(MNT "/console", 5, 1), "devtmpfs: console");
	CHECK(is_chr(MNT "/tty", 5, 0), "devtmpfs: tty");
	fd = open(MNT "/zero", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == sizeof(buf) && !buf[0] &&
	      !buf[15], "devtmpfs: zero reads zeros");
	close(fd);
	CHECK_ERR(mount("devtmpfs", MNT, "devtmpfs", 0, NULL), EBUSY,
		  "devtmpfs again on itself: EBUSY");
	CHECK_OK(umount(MNT), "umount devtmpfs");
}

static void test_sysfs(void)
{
	static const char *const names[] = {
#ifdef __x86_64__
		"tsc\n", "tsc-early\n", "kvm-clock\n", "hpet\n", "acpi_pm\n",
#else
		"arch_sys_counter\n",
#endif
	};
	char buf[64];
	struct statfs sf;
	struct stat st;
	int known = 0;

	if (mkdir("/sys", 0555) && errno != EEXIST)
		CHECK(0, "mkdir /sys");
	CHECK_OK(mount("sysfs", "/sys", "sysfs", 0, NULL), "mount sysfs");
	CHECK(slurp("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		    buf, sizeof(buf)) > 1, "sysfs: current_clocksource reads");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		known |= !strcmp(buf, names[i]);
	CHECK(known, "sysfs: a clocksource Linux has here");
	CHECK(!stat("/sys/kernel", &st) && S_ISDIR(st.st_mode) &&
	      !stat("/sys/class", &st) && S_ISDIR(st.st_mode) &&
	      !stat("/sys/block", &st) && S_ISDIR(st.st_mode),
	      "sysfs: kernel, class, block");
	CHECK(statfs("/sys", &sf) == 0 && sf.f_type == SYSFS_MAGIC,
	      "statfs: SYSFS_MAGIC");
	CHECK_ERR(mount("sysfs", "/sys", "sysfs", 0, NULL), EBUSY,
		  "sysfs again on itself: EBUSY");
	CHECK_OK(umount("/sys"), "umount sysfs");
	rmdir("/sys");
}

int main(int argc, char **argv)
{
	args = argv;
	if (argc > 1 && !strcmp(argv[1], "--ids"))
		return ids_probe();
	check_begin("mount");
	test_tmpfs();
	test_errors();
	test_proc();
	test_devtmpfs();
	test_sysfs();
	CHECK_OK(rmdir(MNT), "the mount point is an empty directory again");
	return check_done();
}
