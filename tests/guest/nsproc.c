/* SPDX-License-Identifier: MIT */
/*
 * nsproc.c - guest test: Linux namespaces (namespaces(7), unshare(2),
 * setns(2)) for the UTS and mount namespaces.
 *
 * /proc/<pid>/ns holds a magic link per namespace type, "uts:[4026531838]"
 * style, whose target's st_ino is the namespace's inode number; the
 * initial namespaces have Linux's fixed numbers (PROC_*_INIT_INO).  A
 * child's unshare(CLONE_NEWUTS) gives it its own host and domain name
 * (uname, /proc/sys/kernel/hostname); clone(CLONE_NEWUTS|CLONE_NEWNS)
 * does the same at birth.  unshare(CLONE_NEWNS) gives a copy of the mount
 * tree: mounts and umounts in one namespace are not seen in the other,
 * /proc/<pid>/mounts and mountinfo show the process's own namespace, and
 * copies of a shared mount stay peers of it (a mount under it shows in
 * both) until made private.  setns() with an fd of /proc/<pid>/ns/uts or
 * mnt joins that namespace (the cwd becomes its root); a wrong nstype is
 * EINVAL, a file that is no namespace EINVAL, no CAP_SYS_ADMIN EPERM.
 * pivot_root(2) from a chroot in a namespace of its own (the initramfs's
 * rootfs cannot be pivoted).  unshare(CLONE_FILES) gives a private copy of
 * a shared fd table; flags unshare does not take are EINVAL.  Everything is undone at the end.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include "check.h"

#define T "/tmp/nsproc"

static int mounted_proc;

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* The text of a file (NUL-terminated, at most size - 1 bytes), or "". */
static char *slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = 0, r;

	buf[0] = '\0';
	if (fd < 0)
		return buf;
	while ((size_t)n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return buf;
}

/* readlink of /proc/<pid>/ns/<name> into buf ("" on failure). */
static char *ns_link(int pid, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, name);
	n = readlink(path, buf, size - 1);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

static char *hostname(char *buf)
{
	struct utsname u;

	if (uname(&u))
		return strcpy(buf, "?");
	return strcpy(buf, u.nodename);
}

/* Does /proc/<pid>/<file> name a mount on path? */
static int mounted_in(int pid, const char *file, const char *path)
{
	static char buf[16384];
	char name[64], pat[128];

	snprintf(name, sizeof(name), "/proc/%d/%s", pid, file);
	snprintf(pat, sizeof(pat), " %s ", path);
	return strstr(slurp(name, buf, sizeof(buf)), pat) != NULL;
}

/* The optional fields of path's mountinfo line ("" when none). */
static char *prop_of(const char *path, char *out)
{
	static char buf[16384];
	char pat[128], *line, *dash;

	out[0] = '\0';
	snprintf(pat, sizeof(pat), " %s ", path);
	line = strstr(slurp("/proc/self/mountinfo", buf, sizeof(buf)), pat);
	if (!line)
		return strcpy(out, "none");
	line += strlen(pat);
	dash = strstr(line, " - ");
	if (dash)
		*dash = '\0';
	line = strchr(line, ' ');       /* past the mount options */
	return strcpy(out, line ? line + 1 : "");
}

/* Wait for the child; its exit code, or 100 + signal. */
static int reap(int pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static void sync_read(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		_exit(90);
}

static void sync_write(int fd)
{
	if (write(fd, "x", 1) != 1)
		_exit(91);
}

static void test_links(void)
{
	static const struct {
		const char *name, *want;
	} fixed[] = {
		{ "uts", "uts:[4026531838]" }, { "ipc", "ipc:[4026531839]" },
		{ "user", "user:[4026531837]" }, { "pid", "pid:[4026531836]" },
		{ "pid_for_children", "pid:[4026531836]" },
		{ "cgroup", "cgroup:[4026531835]" }, { "time", "time:[4026531834]" },
		{ "time_for_children", "time:[4026531834]" },
		/* Dynamic in Linux; these are what 6.1 shows at boot. */
		{ "mnt", "mnt:[4026531841]" }, { "net", "net:[4026531840]" },
	};
	char buf[64], what[96];
	struct stat st, st2;
	DIR *d;
	struct dirent *e;
	int n = 0, fd;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		snprintf(what, sizeof(what), "ns/%s is %s", fixed[i].name, fixed[i].want);
		CHECK(!strcmp(ns_link(getpid(), fixed[i].name, buf, sizeof(buf)),
			      fixed[i].want), what);
	}
	CHECK(!strcmp(ns_link(0, "uts", buf, sizeof(buf)), ""),
	      "no /proc/0/ns/uts");
	CHECK_OK(lstat("/proc/self/ns/uts", &st), "lstat ns/uts");
	CHECK(S_ISLNK(st.st_mode), "ns/uts is a symlink");
	CHECK_OK(stat("/proc/self/ns/uts", &st), "stat ns/uts");
	CHECK_EQ(st.st_ino, 4026531838L, "its target's st_ino is the namespace's");
	CHECK(S_ISREG(st.st_mode), "its target is a regular file");
	CHECK_OK(stat("/proc/self/ns/ipc", &st2), "stat ns/ipc");
	CHECK(st.st_dev == st2.st_dev && st2.st_ino == 4026531839L,
	      "ns files share one device, each its own inode");
	CHECK_OK(stat("/proc/self/ns/pid_for_children", &st2), "stat ns/pid_for_children");
	CHECK_EQ(st2.st_ino, 4026531836L, "pid_for_children is the pid namespace");
	d = opendir("/proc/self/ns");
	CHECK(d != NULL, "opendir /proc/self/ns");
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	CHECK_EQ(n, 10, "ten namespace links");
	fd = open("/proc/self/ns/uts", O_RDONLY);
	CHECK(fd >= 0, "open ns/uts");
	CHECK(fstat(fd, &st2) == 0 && st2.st_ino == 4026531838L, "fstat: its inode");
	CHECK_ERR(read(fd, buf, sizeof(buf)), EINVAL, "read of a namespace file: EINVAL");
	snprintf(what, sizeof(what), "/proc/self/fd/%d", fd);
	n = (int)readlink(what, buf, sizeof(buf) - 1);
	buf[n < 0 ? 0 : n] = '\0';
	CHECK(!strcmp(buf, "uts:[4026531838]"), "its fd link reads uts:[4026531838]");
	close(fd);
}

/* Child: a UTS namespace of its own. */
static int uts_child(int ready, int go)
{
	char buf[128];
	struct stat st;
	unsigned long ino = 0;

	if (unshare(CLONE_NEWUTS))
		return 10;
	if (sethostname("nsproc-child", 12) || setdomainname("nsdom", 5))
		return 11;
	if (strcmp(hostname(buf), "nsproc-child"))
		return 12;
	if (strcmp(slurp("/proc/sys/kernel/hostname", buf, sizeof(buf)), "nsproc-child\n"))
		return 13;
	if (strcmp(slurp("/proc/sys/kernel/domainname", buf, sizeof(buf)), "nsdom\n"))
		return 14;
	ns_link(getpid(), "uts", buf, sizeof(buf));
	if (!strcmp(buf, "uts:[4026531838]") || sscanf(buf, "uts:[%lu]", &ino) != 1)
		return 15;
	if (stat("/proc/self/ns/uts", &st) || st.st_ino != ino)
		return 16;
	sync_write(ready);
	sync_read(go);
	return 0;
}

/* Grandchild: join the child's UTS namespace through fd. */
static int uts_join(int fd)
{
	char buf[128];

	if (syscall(SYS_setns, fd, CLONE_NEWNS) != -1 || errno != EINVAL)
		return 20;
	if (setns(fd, CLONE_NEWUTS))
		return 21;
	if (strcmp(hostname(buf), "nsproc-child"))
		return 22;
	if (setns(fd, 0))
		return 23;
	return 0;
}

/* Grandchild: without privilege, setns and unshare are EPERM. */
static int uts_unprivileged(int fd)
{
	char buf[64];

	if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
		return 30;
	if (setns(fd, CLONE_NEWUTS) != -1 || errno != EPERM)
		return 31;
	if (unshare(CLONE_NEWUTS) != -1 || errno != EPERM)
		return 32;
	if (unshare(CLONE_NEWNS) != -1 || errno != EPERM)
		return 33;
	if (unshare(CLONE_NEWPID | CLONE_NEWIPC) != -1 || errno != EPERM)
		return 36;
	if (readlink("/proc/1/ns/uts", buf, sizeof(buf)) != -1 || errno != EACCES)
		return 34;      /* another user's process */
	if (readlink("/proc/self/ns/uts", buf, sizeof(buf)) <= 0)
		return 35;
	return 0;
}

static int in_child(int (*fn)(int), int arg)
{
	int pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	return reap(pid);
}

static void test_uts(void)
{
	char before[128], buf[128], path[64];
	int ready[2], go[2], pid, fd, nfd;

	hostname(before);
	if (pipe(ready) || pipe(go)) {
		CHECK(0, "pipes");
		return;
	}
	pid = fork();
	if (pid == 0)
		_exit(uts_child(ready[1], go[0]));
	sync_read(ready[0]);
	CHECK(!strcmp(hostname(buf), before), "the child's sethostname leaves ours");
	CHECK(strcmp(ns_link(pid, "uts", buf, sizeof(buf)), "uts:[4026531838]"),
	      "the child's ns/uts differs from ours");
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", pid);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open the child's ns/uts");
	CHECK_EQ(in_child(uts_join, fd), 0, "setns joins the child's UTS namespace");
	CHECK_EQ(in_child(uts_unprivileged, fd), 0,
		 "without CAP_SYS_ADMIN: EPERM; another user's ns links: EACCES");
	CHECK(!strcmp(hostname(buf), before), "our host name is unchanged");
	nfd = open("/proc/self/ns", O_RDONLY | O_DIRECTORY);
	CHECK_ERR(setns(nfd, 0), EINVAL, "setns with a directory: EINVAL");
	close(nfd);
	CHECK_ERR(setns(1000, 0), EBADF, "setns with a closed fd: EBADF");
	sync_write(go[1]);
	CHECK_EQ(reap(pid), 0, "the child's checks in its UTS namespace");
	CHECK_OK(setns(fd, CLONE_NEWUTS), "the namespace outlives its last process while an fd holds it");
	CHECK(!strcmp(hostname(buf), "nsproc-child"), "we now have its host name");
	close(fd);
	fd = open("/proc/1/ns/uts", O_RDONLY);
	CHECK_OK(setns(fd, CLONE_NEWUTS), "back to the initial UTS namespace");
	CHECK(!strcmp(hostname(buf), before), "and its host name");
	close(fd);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

static int clone_child(void *arg)
{
	char buf[128];

	(void)arg;
	if (sethostname("cloned", 6))
		return 40;
	if (strcmp(hostname(buf), "cloned"))
		return 41;
	if (mount("none", T "/c", "tmpfs", 0, NULL))
		return 42;
	return mounted_in(getpid(), "mounts", T "/c") ? 0 : 43;
}

static void test_clone(void)
{
	static char stack[65536];
	char before[128], buf[128];
	int pid;

	hostname(before);
	mkdir(T "/c", 0755);
	pid = clone(clone_child, stack + sizeof(stack),
		    CLONE_NEWUTS | CLONE_NEWNS | SIGCHLD, NULL);
	CHECK(pid > 0, "clone(CLONE_NEWUTS | CLONE_NEWNS)");
	CHECK_EQ(pid > 0 ? reap(pid) : -1, 0, "the clone's host name and mount are its own");
	CHECK(!strcmp(hostname(buf), before), "our host name is unchanged");
	CHECK(!mounted_in(getpid(), "mounts", T "/c"), "its mount is not ours");
}

/* Child: a mount namespace of its own, with a mount and an umount in it. */
static int mnt_child(int ready, int go)
{
	if (unshare(CLONE_NEWNS))
		return 50;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 51;
	if (mount("inner", T "/a", "tmpfs", 0, NULL))
		return 52;
	if (close(open(T "/a/f", O_CREAT | O_WRONLY, 0644)))
		return 53;
	if (umount(T "/b"))
		return 54;
	if (!mounted_in(getpid(), "mounts", T "/a") ||
	    !mounted_in(getpid(), "mountinfo", T "/a") ||
	    mounted_in(getpid(), "mounts", T "/b"))
		return 55;
	if (chdir(T))
		return 56;
	sync_write(ready);
	sync_read(go);
	return 0;
}

/* Grandchild: join the child's mount namespace through fd. */
static int mnt_join(int fd)
{
	char cwd[256];

	if (setns(fd, CLONE_NEWUTS) != -1 || errno != EINVAL)
		return 60;
	if (chdir(T "/b"))
		return 61;
	if (setns(fd, CLONE_NEWNS))
		return 62;
	if (!getcwd(cwd, sizeof(cwd)) || strcmp(cwd, "/"))
		return 63;
	if (!exists(T "/a/f") || exists(T "/b/g"))
		return 64;
	if (!mounted_in(getpid(), "mounts", T "/a"))
		return 65;
	return 0;
}

static void test_mnt(void)
{
	char buf[64], mine[64], path[64];
	int ready[2], go[2], pid, fd;

	CHECK_OK(mkdir(T "/a", 0755), "mkdir a");
	CHECK_OK(mkdir(T "/b", 0755), "mkdir b");
	CHECK_OK(mount("outer", T "/b", "tmpfs", 0, NULL), "mount on b");
	CHECK_OK(close(open(T "/b/g", O_CREAT | O_WRONLY, 0644)), "a file in b");
	ns_link(getpid(), "mnt", mine, sizeof(mine));
	if (pipe(ready) || pipe(go)) {
		CHECK(0, "pipes");
		return;
	}
	pid = fork();
	if (pid == 0)
		_exit(mnt_child(ready[1], go[0]));
	sync_read(ready[0]);
	CHECK(strcmp(ns_link(pid, "mnt", buf, sizeof(buf)), mine),
	      "the child's ns/mnt differs from ours");
	CHECK(!exists(T "/a/f"), "the child's mount on a is not ours");
	CHECK(!mounted_in(getpid(), "mounts", T "/a"), "nor in our /proc/self/mounts");
	CHECK(mounted_in(pid, "mounts", T "/a"), "/proc/<child>/mounts shows it");
	CHECK(mounted_in(pid, "mountinfo", T "/a"), "and /proc/<child>/mountinfo");
	CHECK(exists(T "/b/g"), "the child's umount of b is not ours");
	CHECK(mounted_in(getpid(), "mountinfo", T "/b"), "b is in our mountinfo");
	CHECK(!mounted_in(pid, "mountinfo", T "/b"), "not in the child's");
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", pid);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open the child's ns/mnt");
	CHECK_EQ(in_child(mnt_join, fd), 0, "setns joins the child's mount namespace");
	close(fd);
	sync_write(go[1]);
	CHECK_EQ(reap(pid), 0, "the child's checks in its mount namespace");
	CHECK_OK(umount(T "/b"), "umount b");
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

/* Child: copies of a shared mount stay its peers; private ones do not. */
static int shared_child(int ready, int go)
{
	char f[128];

	if (unshare(CLONE_NEWNS))
		return 70;
	if (strncmp(prop_of(T, f), "shared:", 7))
		return 71;
	if (mount("peer", T "/a", "tmpfs", 0, NULL))
		return 72;
	sync_write(ready);
	sync_read(go);
	if (umount(T "/a"))
		return 73;
	if (mount(NULL, T, NULL, MS_PRIVATE, NULL))
		return 74;
	if (mount("priv", T "/b", "tmpfs", 0, NULL))
		return 75;
	sync_write(ready);
	sync_read(go);
	return 0;
}

static void test_shared(void)
{
	char f[128];
	int ready[2], go[2], pid;
	struct stat st, top;

	CHECK_OK(mount(NULL, T, NULL, MS_SHARED, NULL), "make it shared");
	if (pipe(ready) || pipe(go)) {
		CHECK(0, "pipes");
		return;
	}
	pid = fork();
	if (pid == 0)
		_exit(shared_child(ready[1], go[0]));
	sync_read(ready[0]);
	stat(T, &top);
	CHECK(stat(T "/a", &st) == 0 && st.st_dev != top.st_dev,
	      "a mount under the child's peer copy shows here");
	CHECK(!strncmp(prop_of(T "/a", f), "shared:", 7), "as a shared mount");
	sync_write(go[1]);
	sync_read(ready[0]);
	CHECK(stat(T "/a", &st) == 0 && st.st_dev == top.st_dev,
	      "the child's umount there shows here too");
	CHECK(stat(T "/b", &st) == 0 && st.st_dev == top.st_dev,
	      "a mount after it made its copy private does not");
	sync_write(go[1]);
	CHECK_EQ(reap(pid), 0, "the child's checks of propagation");
	CHECK_OK(mount(NULL, T, NULL, MS_PRIVATE, NULL), "make it private again");
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

static long pivot(const char *new_root, const char *put_old)
{
	return syscall(SYS_pivot_root, new_root, put_old);
}

/* Child: pivot_root in a mount namespace of its own, from a chroot. */
static int pivot_child(int unused)
{
	char cwd[64];

	(void)unused;
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 100;
	if (pivot("/", "/") != -1 || errno != EINVAL)
		return 101;
	if (mkdir(T "/p", 0755) || mount("p", T "/p", "tmpfs", 0, NULL) ||
	    mkdir(T "/p/new", 0755) || mount("n", T "/p/new", "tmpfs", 0, NULL) ||
	    mkdir(T "/p/new/old", 0755) ||
	    close(open(T "/p/new/marker", O_CREAT | O_WRONLY, 0644)))
		return 102;
	if (pivot(T "/p/new", T "/p/new/old") != -1 || errno != EINVAL)
		return 103;     /* the initramfs's rootfs cannot be pivoted */
	if (pivot(T "/p/new/marker", T "/p/new/old") != -1 || errno != ENOTDIR)
		return 104;
	if (chroot(T "/p") || chdir("/"))
		return 105;
	if (pivot("/new/old", "/new/old") != -1 || errno != EINVAL)
		return 106;     /* not the root of a mount */
	if (pivot("/new", "/") != -1 || errno != EBUSY)
		return 107;     /* put_old in the root mount */
	if (pivot("/new", "/new/old"))
		return 108;
	if (!exists("/marker") || !exists("/old/new"))
		return 109;
	if (!getcwd(cwd, sizeof(cwd)) || strcmp(cwd, "/"))
		return 110;
	if (umount2("/old", MNT_DETACH) || exists("/old/new"))
		return 111;
	return 0;
}

static int pivot_unprivileged(int unused)
{
	(void)unused;
	if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
		return 120;
	return pivot("/", "/") == -1 && errno == EPERM ? 0 : 121;
}

static void test_pivot(void)
{
	CHECK_EQ(in_child(pivot_child, 0), 0, "pivot_root in a new mount namespace");
	CHECK(exists(T "/p") && !exists(T "/p/new/marker"), "its mounts are not ours");
	CHECK_EQ(in_child(pivot_unprivileged, 0), 0, "pivot_root without CAP_SYS_ADMIN: EPERM");
}

static int files_child(int fd)
{
	if (unshare(CLONE_FILES))
		return 80;
	if (dup2(fd, 99) != 99)
		return 81;
	return 0;
}

static void test_unshare_flags(void)
{
	int pid;

	CHECK_ERR(unshare(CLONE_SETTLS), EINVAL, "unshare(CLONE_SETTLS): EINVAL");
	CHECK_ERR(unshare(0x11), EINVAL, "unshare with a signal number: EINVAL");
	CHECK_OK(unshare(0), "unshare(0)");
	CHECK_OK(unshare(CLONE_FS | CLONE_FILES | CLONE_SYSVSEM),
		 "unshare(CLONE_FS | CLONE_FILES | CLONE_SYSVSEM) with nothing shared");
	CHECK_OK(unshare(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD),
		 "unshare(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD) single-threaded");
	/* A child sharing our fd table takes a copy: its new fd is not ours. */
	pid = (int)syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		_exit(files_child(1));
	CHECK_EQ(reap(pid), 0, "the child's unshare(CLONE_FILES) and dup2");
	CHECK_ERR(fcntl(99, F_GETFD), EBADF, "its fd 99 is not in our table");
}

int main(void)
{
	check_begin("nsproc");
	if (!exists("/proc/self/ns")) {
		mkdir("/proc", 0555);
		mounted_proc = mount("proc", "/proc", "proc", 0, NULL) == 0;
	}
	mkdir(T, 0755);
	CHECK_OK(mount("nsproc", T, "tmpfs", 0, NULL), "mount a tmpfs for the test");
	test_links();
	test_uts();
	test_clone();
	test_mnt();
	test_shared();
	test_pivot();
	test_unshare_flags();
	umount2(T, MNT_DETACH);
	rmdir(T);
	if (mounted_proc) {
		umount("/proc");
		rmdir("/proc");
	}
	return check_done();
}
