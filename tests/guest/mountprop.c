/* SPDX-License-Identifier: MIT */
/*
 * mountprop.c - guest test: shared subtrees (mount(2) with MS_SHARED,
 * MS_SLAVE, MS_PRIVATE, MS_UNBINDABLE and MS_REC; sharedsubtree.rst) and
 * what bind mounts copy.
 *
 * Everything happens in a tmpfs on /tmp/mprop (a private mount: the test
 * initramfs's root is private, as Linux's rootfs is without systemd):
 * peers see each other's mounts and umounts, a slave receives but does not
 * send, a private mount neither; binds of a shared mount join its peer
 * group; a copy propagated under a mount already there; MS_MOVE into a
 * shared mount and its EINVAL cases; BusyBox's
 * "mount bind+rshared" case; MS_REC binds of shared trees;
 * mountinfo's optional fields (shared:N, master:N, unbindable); MS_BIND of
 * an unbindable mount is EINVAL and MS_REC leaves one behind; MS_REC copies
 * submounts as mounts of their own (their flags, their IDs); umount of a
 * file system's mount while a bind of it is elsewhere, and while a
 * detached bind of it is still in use; a tree of mounts 200 deep copied
 * and detached.  Everything is undone at the end.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "check.h"

#define T "/tmp/mprop"

static int mounted_proc;

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

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/*
 * The last mountinfo line of a mount on path (the topmost, unless a copy
 * slid under one) with the source src (NULL: any): its ID, parent ID,
 * mount options (opts) and optional fields (fields, "" when none).
 * Returns the ID, or -1 when there is none.
 */
static int info_of(const char *path, const char *src, int *parent, char *opts,
		   char *fields)
{
	static char buf[16384];
	int fd = open("/proc/self/mountinfo", O_RDONLY), id = -1;
	ssize_t n = 0, r;
	char *line, *save;

	if (fd < 0)
		return -1;
	while ((size_t)n < sizeof(buf) - 1 &&
	       (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char mp[256], o[256], rest[512], source[64];
		int i, p;

		if (sscanf(line, "%d %d %*s %*s %255s %255s %511[^\n]",
			   &i, &p, mp, o, rest) != 5 || strcmp(mp, path))
			continue;
		if (src && (!strstr(rest, "- ") ||
			    sscanf(strstr(rest, "- "), "- %*s %63s", source) != 1 ||
			    strcmp(source, src)))
			continue;
		id = i;                 /* the last line: the topmost */
		if (parent)
			*parent = p;
		if (opts)
			strcpy(opts, o);
		if (fields) {
			char *dash = strstr(rest, "- ");
			size_t len = dash ? (size_t)(dash - rest) : 0;

			memcpy(fields, rest, len);
			while (len && fields[len - 1] == ' ')
				len--;
			fields[len] = '\0';
		}
	}
	return id;
}

static int info(const char *path, int *parent, char *opts, char *fields)
{
	return info_of(path, NULL, parent, opts, fields);
}

/* The optional fields of path's mount ("?" when it is none). */
static const char *fields_of(const char *path)
{
	static char f[256];

	if (info(path, NULL, NULL, f) < 0)
		strcpy(f, "?");
	return f;
}

/* Its peer group ID (shared:N), 0 when not shared. */
static int group_of(const char *path)
{
	const char *s = strstr(fields_of(path), "shared:");

	return s ? atoi(s + 7) : 0;
}

static int bind(const char *src, const char *dst, unsigned long flags)
{
	return mount(src, dst, NULL, MS_BIND | flags, NULL);
}

static int make(const char *path, unsigned long type)
{
	return mount(NULL, path, NULL, type, NULL);
}

static void mkdirs(const char *const *paths)
{
	for (; *paths; paths++)
		mkdir(*paths, 0755);
}

/* a bound onto itself and made shared, then bound onto b: peers. */
static void shared_pair(const char *a, const char *b)
{
	CHECK_OK(bind(a, a, 0), "bind onto itself");
	CHECK_OK(make(a, MS_SHARED), "make-shared");
	CHECK_OK(bind(a, b, 0), "bind the shared mount elsewhere");
}

/* The root and a new mount are private: no optional fields. */
static void test_private_default(void)
{
	CHECK(strcmp(fields_of("/"), "") == 0, "mountinfo: / is private");
	CHECK(strcmp(fields_of(T), "") == 0, "mountinfo: a new tmpfs is private");
}

/*
 * Peers: a bind of a shared mount joins its group, and a mount or umount
 * in either shows in the other.
 */
static void test_peers(void)
{
	static const char *const dirs[] = { T "/a", T "/b", T "/a/x", T "/a/y",
					    NULL };
	mkdirs(dirs);
	shared_pair(T "/a", T "/b");
	CHECK(group_of(T "/a") > 0, "mountinfo: a is shared:N");
	CHECK(group_of(T "/b") == group_of(T "/a"),
	      "mountinfo: b is in a's peer group");
	CHECK_OK(mount("px", T "/a/x", "tmpfs", 0, NULL), "mount in a");
	CHECK(put(T "/a/x/f", "f") == 1 && exists(T "/b/x/f"),
	      "the mount in a shows in its peer b");
	CHECK(dev_of(T "/b/x") == dev_of(T "/a/x"), "b/x: the same file system");
	CHECK(group_of(T "/a/x") > 0 && group_of(T "/a/x") == group_of(T "/b/x") &&
	      group_of(T "/a/x") != group_of(T "/a"),
	      "the new mount and its copy: peers in a new group");
	CHECK_OK(mount("py", T "/b/y", "tmpfs", 0, NULL), "mount in b");
	CHECK(dev_of(T "/a/y") == dev_of(T "/b/y") && dev_of(T "/a/y") != dev_of(T),
	      "the mount in b shows in its peer a");
	CHECK_OK(umount(T "/b/x"), "umount in b");
	CHECK(dev_of(T "/a/x") == dev_of(T) && !exists(T "/a/x/f"),
	      "the umount in b takes a's copy too");
	CHECK_OK(umount(T "/a/y"), "umount in a");
	CHECK(dev_of(T "/b/y") == dev_of(T), "the umount in a takes b's copy too");
}

/* A slave receives from its master's group and sends nothing back. */
static void test_slave(void)
{
	char want[32];

	CHECK_OK(make(T "/b", MS_SLAVE), "make-slave b");
	snprintf(want, sizeof(want), "master:%d", group_of(T "/a"));
	CHECK(strcmp(fields_of(T "/b"), want) == 0, "mountinfo: b is master:N of a");
	CHECK_OK(mount("sx", T "/a/x", "tmpfs", 0, NULL), "mount in the master");
	CHECK(dev_of(T "/b/x") == dev_of(T "/a/x"), "the slave receives it");
	snprintf(want, sizeof(want), "master:%d", group_of(T "/a/x"));
	CHECK(strcmp(fields_of(T "/b/x"), want) == 0,
	      "mountinfo: the slave's copy is a slave of the new mount");
	CHECK_OK(mount("sy", T "/b/y", "tmpfs", 0, NULL), "mount in the slave");
	CHECK(dev_of(T "/a/y") == dev_of(T), "the master does not receive it");
	CHECK_OK(umount(T "/b/y"), "umount it");
	CHECK_OK(umount(T "/b/x"), "umount the slave's copy");
	CHECK(dev_of(T "/a/x") != dev_of(T), "the master keeps its mount");
	CHECK_OK(umount(T "/a/x"), "umount in the master");
	CHECK_OK(make(T "/b", MS_PRIVATE), "make-private b");
	CHECK(strcmp(fields_of(T "/b"), "") == 0, "mountinfo: b is private");
	CHECK_OK(mount("pz", T "/a/x", "tmpfs", 0, NULL), "mount in a again");
	CHECK(dev_of(T "/b/x") == dev_of(T), "a private mount does not receive");
	CHECK_OK(umount(T "/a/x"), "umount it");
}

/*
 * A copy propagated onto a spot that has a mount already goes under that
 * mount, which then sits on the copy's root.
 */
static void test_tuck(void)
{
	static const char *const dirs[] = { T "/t", T "/t/x", T "/t2", NULL };
	int copy, parent;

	mkdirs(dirs);
	CHECK_OK(bind(T "/t", T "/t", 0), "bind t onto itself");
	CHECK_OK(mount("old", T "/t/x", "tmpfs", 0, NULL), "a private mount on t/x");
	put(T "/t/x/old", "old");
	CHECK_OK(make(T "/t", MS_SHARED), "make-shared t");
	CHECK_OK(bind(T "/t", T "/t2", 0), "bind t onto t2: no submount");
	CHECK(!exists(T "/t2/x/old"), "t2/x is empty");
	CHECK_OK(mount("new", T "/t2/x", "tmpfs", 0, NULL), "mount on t2/x");
	CHECK(exists(T "/t/x/old"), "t/x still shows the old mount");
	copy = info_of(T "/t/x", "new", &parent, NULL, NULL);
	CHECK(copy > 0 && parent == info(T "/t", NULL, NULL, NULL),
	      "mountinfo: the copy is on t/x in t");
	CHECK(info_of(T "/t/x", "old", &parent, NULL, NULL) > 0 && parent == copy,
	      "mountinfo: the old mount is on the copy's root");
	CHECK_OK(umount(T "/t/x"), "umount the old mount (on top)");
	CHECK(dev_of(T "/t/x") == dev_of(T "/t2/x") && dev_of(T "/t/x") != dev_of(T),
	      "the copy of the new mount was under it");
	CHECK_OK(umount(T "/t2/x"), "umount the new mount");
	CHECK(dev_of(T "/t/x") == dev_of(T), "its copy went too");
	CHECK_OK(umount(T "/t2"), "umount t2");
	CHECK_OK(umount(T "/t"), "umount t");
}

/* MS_UNBINDABLE: no MS_BIND of it; MS_REC leaves it behind. */
static void test_unbindable(void)
{
	static const char *const dirs[] = { T "/u", T "/u/in", T "/c", NULL };

	mkdirs(dirs);
	CHECK_OK(make(T "/b", MS_UNBINDABLE), "make-unbindable b");
	CHECK(strcmp(fields_of(T "/b"), "unbindable") == 0,
	      "mountinfo: b is unbindable");
	CHECK_ERR(bind(T "/b", T "/c", 0), EINVAL, "MS_BIND of it: EINVAL");
	CHECK_ERR(bind(T "/b", T "/c", MS_REC), EINVAL, "MS_REC of it: EINVAL");
	CHECK_OK(umount(T "/b"), "umount b");
	CHECK_OK(umount(T "/a"), "umount a");
	CHECK_OK(mount("ub", T "/u/in", "tmpfs", 0, NULL), "a submount");
	CHECK_OK(make(T "/u/in", MS_UNBINDABLE), "make it unbindable");
	CHECK_OK(bind(T "/u", T "/c", MS_REC), "MS_REC bind of its parent");
	CHECK(dev_of(T "/c/in") == dev_of(T) && info(T "/c/in", 0, 0, 0) < 0,
	      "the unbindable submount stays behind");
	CHECK_OK(umount(T "/c"), "umount the bind");
	CHECK_OK(umount(T "/u/in"), "umount the submount");
}

/*
 * MS_MOVE into a shared mount: copies go to its peers and the moved mount
 * joins the copy's group.  Not out of a shared parent, not an unbindable
 * mount into a shared one, not a file onto a directory (EINVAL).
 */
static void test_move(void)
{
	static const char *const dirs[] = { T "/p", T "/q", T "/mv", T "/p/in",
					    NULL };

	mkdirs(dirs);
	shared_pair(T "/p", T "/q");
	CHECK_OK(mount("mv", T "/mv", "tmpfs", 0, NULL), "a private tmpfs");
	put(T "/mv/f", "f");
	CHECK_OK(mount(T "/mv", T "/p/in", NULL, MS_MOVE, NULL), "MS_MOVE it into p");
	CHECK(exists(T "/p/in/f") && !exists(T "/mv/f"), "it moved");
	CHECK(exists(T "/q/in/f"), "the peer q got a copy");
	CHECK(group_of(T "/p/in") > 0 && group_of(T "/p/in") == group_of(T "/q/in"),
	      "mountinfo: the moved mount and the copy are peers");
	CHECK_ERR(mount(T "/p/in", T "/mv", NULL, MS_MOVE, NULL), EINVAL,
		  "MS_MOVE out of a shared parent: EINVAL");
	CHECK_OK(umount(T "/q/in"), "umount the copy");
	CHECK(!exists(T "/p/in/f"), "the moved mount went with it");
	CHECK_OK(mount("ub", T "/mv", "tmpfs", 0, NULL), "a tmpfs");
	CHECK_OK(make(T "/mv", MS_UNBINDABLE), "make it unbindable");
	CHECK_ERR(mount(T "/mv", T "/p/in", NULL, MS_MOVE, NULL), EINVAL,
		  "MS_MOVE of an unbindable mount into a shared one: EINVAL");
	CHECK_OK(umount(T "/mv"), "umount it");
	put(T "/file1", "1");
	put(T "/file2", "2");
	CHECK_OK(bind(T "/file1", T "/file2", 0), "bind a file");
	CHECK_ERR(mount(T "/file2", T "/mv", NULL, MS_MOVE, NULL), EINVAL,
		  "MS_MOVE of a file's mount onto a directory: EINVAL");
	CHECK_OK(umount(T "/file2"), "umount the file's bind");
	CHECK_OK(umount(T "/q"), "umount q");
	CHECK_OK(umount(T "/p"), "umount p");
}

/* BusyBox's testsuite, mount.tests "mount bind+rshared". */
static void test_bind_rshared(void)
{
	static const char *const dirs[] = { T "/dir", T "/s1", T "/s2", NULL };

	mkdirs(dirs);
	put(T "/dir/a", "a");
	CHECK_OK(bind(T "/s1", T "/s1", 0), "bind s1 onto itself");
	CHECK_OK(make(T "/s1", MS_SHARED | MS_REC), "make-rshared s1");
	CHECK_OK(bind(T "/s2", T "/s2", 0), "bind s2 onto itself");
	CHECK_OK(make(T "/s2", MS_SHARED | MS_REC), "make-rshared s2");
	CHECK_OK(bind(T "/s2", T "/s1", 0), "bind s2 onto s1");
	CHECK_OK(bind(T "/dir", T "/s2", 0), "bind dir onto s2");
	CHECK(exists(T "/s2/a"), "s2 shows dir");
	CHECK(exists(T "/s1/a"), "s1 shows dir too: the bind joined s2's group");
	CHECK(group_of(T "/s1") == group_of(T "/s2") && group_of(T "/s1") > 0,
	      "mountinfo: the top mounts of s1 and s2 are peers");
	CHECK_OK(umount(T "/s1"), "umount s1's top");
	CHECK(!exists(T "/s2/a"), "s2's copy went with it");
	CHECK_OK(umount(T "/s2"), "umount s2");
	CHECK_OK(umount(T "/s1"), "umount s1's bind of s2");
	CHECK_OK(umount(T "/s1"), "umount s1");
	CHECK_ERR(umount(T "/s1"), EINVAL, "s1 is no mount point now");
}

/*
 * MS_REC of a shared tree: the copies of its submounts are their peers, so
 * a mount below one shows below the other.
 */
static void test_rbind_shared(void)
{
	static const char *const dirs[] = { T "/r", T "/r/sub", T "/rc", NULL };

	mkdirs(dirs);
	CHECK_OK(bind(T "/r", T "/r", 0), "bind r onto itself");
	CHECK_OK(mount("rsub", T "/r/sub", "tmpfs", 0, NULL), "a submount");
	mkdir(T "/r/sub/z", 0755);
	CHECK_OK(make(T "/r", MS_SHARED | MS_REC), "make-rshared r");
	CHECK(group_of(T "/r/sub") > 0, "the submount is shared too");
	CHECK_OK(bind(T "/r", T "/rc", MS_REC), "MS_REC bind of r");
	CHECK(group_of(T "/rc/sub") == group_of(T "/r/sub"),
	      "the submount's copy is its peer");
	CHECK(group_of(T "/rc") == group_of(T "/r"), "the bind is r's peer");
	CHECK_OK(mount("rz", T "/r/sub/z", "tmpfs", 0, NULL), "mount below the submount");
	CHECK(dev_of(T "/rc/sub/z") == dev_of(T "/r/sub/z"), "it shows in the copy");
	CHECK_OK(umount(T "/rc/sub/z"), "umount it in the copy");
	CHECK(dev_of(T "/r/sub/z") == dev_of(T "/r/sub"), "and it is gone in r");
	CHECK_ERR(umount(T "/rc"), EBUSY, "umount of the bind with a submount: EBUSY");
	CHECK_OK(umount2(T "/rc", MNT_DETACH), "MNT_DETACH the bind");
	CHECK(dev_of(T "/r/sub") == dev_of(T),
	      "the copy's umount took r's submount, its peer, too");
	CHECK_OK(umount2(T "/r", MNT_DETACH), "MNT_DETACH r");
}

/*
 * MS_REC copies submounts as mounts of their own: their flags, their own
 * IDs and parents, flags changed per copy.
 */
static void test_rbind_copies(void)
{
	static const char *const dirs[] = { T "/src", T "/src/sub", T "/dst", NULL };
	char o1[256], o2[256];
	int id1, id2, p2, top;

	mkdirs(dirs);
	CHECK_OK(mount("sub", T "/src/sub", "tmpfs", MS_NOEXEC | MS_NOSUID, NULL),
		 "a nosuid,noexec submount");
	CHECK_OK(bind(T "/src", T "/dst", MS_REC), "MS_REC bind");
	id1 = info(T "/src/sub", NULL, o1, NULL);
	id2 = info(T "/dst/sub", &p2, o2, NULL);
	top = info(T "/dst", NULL, NULL, NULL);
	CHECK(id2 > 0 && id2 != id1, "the copy is a mount of its own");
	CHECK(p2 == top, "its parent is the bind");
	CHECK(!strcmp(o2, "rw,nosuid,noexec,relatime") && !strcmp(o1, o2),
	      "it has the submount's flags");
	CHECK_OK(mount(NULL, T "/dst/sub", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY,
		       NULL), "remount,bind,ro the copy");
	CHECK_ERR(put(T "/dst/sub/f", "f"), EROFS, "the copy is ro");
	CHECK(put(T "/src/sub/f", "f") == 1, "the submount stays rw");
	info(T "/src/sub", NULL, o1, NULL);
	CHECK(!strcmp(o1, "rw,nosuid,noexec,relatime"), "mountinfo: its flags kept");
	CHECK_OK(umount(T "/dst/sub"), "umount the copy");
	CHECK(exists(T "/src/sub/f"), "the submount stays");
	CHECK_OK(umount(T "/dst"), "umount the bind");
	CHECK_OK(umount(T "/src/sub"), "umount the submount");
}

/*
 * umount of a file system's mount while a bind of it is elsewhere, and
 * while a detached bind of it is still in use.
 */
static void test_umount_bound(void)
{
	static const char *const dirs[] = { T "/m", T "/n", NULL };
	char buf[8];
	int fd;

	mkdirs(dirs);
	CHECK_OK(mount("bound", T "/m", "tmpfs", 0, NULL), "a tmpfs");
	put(T "/m/f", "f");
	CHECK_OK(bind(T "/m", T "/n", 0), "a bind of it");
	CHECK_OK(umount(T "/m"), "umount the tmpfs's own mount while bound");
	CHECK(exists(T "/n/f") && !exists(T "/m/f"), "the bind still shows it");
	CHECK_OK(bind(T "/n", T "/m", 0), "bind it back");
	fd = open(T "/n/f", O_RDONLY);
	CHECK_OK(umount2(T "/n", MNT_DETACH), "MNT_DETACH the bind with a file open");
	CHECK_OK(umount(T "/m"), "umount the last mount: the detached one is no bar");
	CHECK(read(fd, buf, sizeof(buf)) == 1, "the file still reads");
	close(fd);
}

/* A tree of mounts DEEP levels deep: MS_REC copies it, MNT_DETACH takes it. */
#define DEEP 200
static void test_deep(void)
{
	char path[16 + 2 * DEEP] = T "/deep", copy[sizeof(path) + 1];
	size_t len = strlen(path);
	int ok = 1;

	mkdir(path, 0755);
	mkdir(T "/deepc", 0755);
	for (int i = 0; i < DEEP && ok; i++) {
		strcpy(path + len, "/d");
		len += 2;
		ok = mkdir(path, 0755) == 0 &&
		     mount("deep", path, "tmpfs", 0, NULL) == 0;
	}
	CHECK(ok, "a tree of mounts 200 deep");
	CHECK_OK(bind(T "/deep", T "/deepc", MS_REC), "MS_REC bind of it");
	snprintf(copy, sizeof(copy), T "/deepc%s", path + strlen(T "/deep"));
	CHECK(dev_of(copy) == dev_of(path) && dev_of(copy) != dev_of(T),
	      "the deepest mount shows in the copy");
	CHECK_OK(umount2(T "/deepc", MNT_DETACH), "MNT_DETACH the copy");
	CHECK_OK(umount2(T "/deep/d", MNT_DETACH), "MNT_DETACH the tree");
	CHECK(dev_of(T "/deep/d") == dev_of(T), "all gone");
}

int main(void)
{
	check_begin("mountprop");
	if (!exists("/proc/self/mountinfo")) {
		mkdir("/proc", 0555);
		mounted_proc = mount("proc", "/proc", "proc", 0, NULL) == 0;
	}
	mkdir(T, 0755);
	CHECK_OK(mount("mprop", T, "tmpfs", 0, NULL), "a tmpfs to work in");
	test_private_default();
	test_peers();
	test_slave();
	test_unbindable();
	test_tuck();
	test_move();
	test_bind_rshared();
	test_rbind_shared();
	test_rbind_copies();
	test_umount_bound();
	test_deep();
	CHECK_OK(umount(T), "umount the tmpfs");
	CHECK_OK(rmdir(T), "remove its mount point");
	if (mounted_proc) {
		umount("/proc");
		rmdir("/proc");
	}
	return check_done();
}
