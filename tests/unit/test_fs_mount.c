// SPDX-License-Identifier: MIT
// sources: tests/unit/fs_host.c fs/attr.c fs/chardev.c fs/cpio.c
// sources: fs/cpio_parse.c fs/dirops.c fs/fdtable.c fs/file.c fs/inode.c
// sources: fs/namei.c fs/open.c fs/path_parse.c fs/pipe.c fs/rename.c
// sources: fs/stat.c fs/tmpfs.c fs/tmpfs_data.c fs/vfs.c fs/flock.c fs/posixlock.c fs/xattr.c fs/fileattr.c
// sources: fs/mount.c fs/mount_prop.c fs/mount_show.c fs/tmpfs_mount.c
// sources: fs/devtmpfs.c fs/seqbuf.c fs/mount_ns.c
// sources: fs/pseudofs.c fs/sysfs.c fs/sysfs_dev.c net/netdev.c
// sources: fs/sysfs_rtc.c kernel/rtc_lib.c tests/unit/rtc_none.c
/*
 * test_fs_mount.c - mount(2) and umount2(2) on the host under ASan, UBSan
 * and LeakSanitizer: tmpfs instances taken apart at umount (a deep tree,
 * hard links, file data, device nodes: every byte must come back), the
 * busy rules, stacking, MS_MOVE, lazy detaching and its later freeing,
 * option parsing, the /proc/mounts and mountinfo text, devtmpfs nodes
 * (also ones announced while mounted), and sysfs through the pseudo file
 * system layer.  procfs needs the process table: the guest test covers it.
 */
#include "tests/unit/fs_host.h"
#include "fs/mount_internal.h"
#include "block/block.h"
#include "net/netdev.h"
#include "virtio/virtio.h"

/* sysfs links net/netdev.c; no protocol stack here, no devices either. */
void stack_netdev_added(struct netdev *dev) { (void)dev; }
void stack_netdev_input(struct netdev *dev, const void *frame, size_t len)
{
	(void)dev; (void)frame; (void)len;
}
void stack_netdev_link(struct netdev *dev) { (void)dev; }
bool stack_lo_info(struct netdev_info *out) { (void)out; return false; }

/* virtio/console.c's ports for /sys/class/virtio-ports: one, vport0p1
 * (context 3), with the name test_sysfs gives it. */
static const char *vport_stub_name;

int vport_lookup(const char *name, size_t len, long *ctx)
{
	if (!vport_stub_name || len != 8 || memcmp(name, "vport0p1", 8))
		return -ENOENT;
	*ctx = 3;
	return 0;
}

bool vport_next(long *ctx, char *name, size_t size)
{
	if (!vport_stub_name || *ctx > 3)
		return false;
	*ctx = 3;
	snprintf(name, size, "vport0p1");
	return true;
}

const char *vport_name(long ctx)
{
	return ctx == 3 ? vport_stub_name : NULL;
}

/* What the sources above need and the kernel's other files provide. */
const char *arch_clocksource_name(void) { return "tsc"; }
/* The caller's mount namespace: NULL, the initial one, but in test_mnt_ns. */
static struct mnt_ns *host_ns;
struct mnt_ns *current_mnt_ns(void) { return host_ns; }
unsigned ns_inum_alloc(void) { return 4026531842u; }
/* No disks: /sys/block is empty. */
bool blk_node(unsigned i, struct blk_node_info *out) { (void)i; (void)out; return false; }
void blk_stat_fields(const struct blk_stats *s, unsigned long f[BLK_STAT_FIELDS])
{
	(void)s;
	(void)f;
}

/* procfs lives with the process table; a stand-in type here. */
static int noproc_get_tree(struct fs_context *fc, struct superblock **out)
{
	(void)fc;
	(void)out;
	return -ENOMEM;
}
struct fs_type proc_fs_type = { .name = "proc", .nodev = true,
				.get_tree = noproc_get_tree };

#define DEPTH 3000

static long mnt(const char *src, const char *dst, const char *type,
		unsigned long flags, const char *data)
{
	return sys_mount(src, dst, type, flags, data);
}

static void mounts_text(char *buf, size_t size, bool info)
{
	struct seqbuf m;

	seq_init(&m);
	if (info)
		mount_show_mountinfo(&m, mnt_ns_current());
	else
		mount_show_mounts(&m, mnt_ns_current());
	snprintf(buf, size, "%s", m.buf ? m.buf : "");
	seq_free(&m);
}

static void test_tmpfs_lifecycle(void)
{
	struct user_stat st;
	char buf[4096];
	long fd;

	EXPECT_EQ(sys_mkdir("/mnt", 0755), 0);
	EXPECT_EQ(mnt("my src", "/mnt", "tmpfs", 0, "size=1m,mode=700"), 0);
	EXPECT_EQ(sys_stat("/mnt", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFDIR | 0700);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(strstr(buf, "rootfs / rootfs rw,size=") == buf);
	EXPECT(strstr(buf, "\nmy\\040src /mnt tmpfs rw,relatime,size=1024k,mode=700,inode64 0 0\n"));
	mounts_text(buf, sizeof(buf), true);
	EXPECT(strstr(buf, "1 1 0:") == buf);
	EXPECT(strstr(buf, " / /mnt rw,relatime - tmpfs my\\040src rw,size=1024k,mode=700,inode64\n"));

	/* A tree to take apart: deep, linked, with data and nodes. */
	EXPECT_EQ(sys_chdir("/mnt"), 0);
	for (int i = 0; i < DEPTH; i++) {
		if (sys_mkdir("d", 0755) || sys_chdir("d"))
			break;
		if (i % 500 == 0)
			put_file("f", "data in a deep file");
	}
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(put_file("/mnt/big", "x"), 1);
	fd = sys_open("/mnt/big", O_WRONLY, 0);
	EXPECT_EQ(sys_pwrite64((int)fd, "y", 1, 300000), 1);
	sys_close((int)fd);
	EXPECT_EQ(sys_link("/mnt/big", "/mnt/big2"), 0);
	EXPECT_EQ(sys_symlink("big", "/mnt/sym"), 0);
	EXPECT_EQ(sys_mknod("/mnt/null", S_IFCHR | 0666, MKDEV(1, 3)), 0);
	EXPECT_EQ(sys_mkdir("/mnt/e", 0755), 0);

	/* Busy: an open file, a cwd, a mount below; then free. */
	fd = sys_open("/mnt/big2", O_RDONLY, 0);
	EXPECT_EQ(sys_umount2("/mnt", 0), -EBUSY);
	sys_close((int)fd);
	EXPECT_EQ(sys_chdir("/mnt/d/d"), 0);
	EXPECT_EQ(sys_umount2("/mnt", 0), -EBUSY);
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(mnt("x", "/mnt/e", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(sys_umount2("/mnt", 0), -EBUSY);
	EXPECT_EQ(sys_rmdir("/mnt/e"), -EBUSY);
	EXPECT_EQ(sys_umount2("/mnt/e", 0), 0);
	EXPECT_EQ(sys_umount2("/mnt", UMOUNT_NOFOLLOW), 0);
	EXPECT_EQ(sys_umount2("/mnt", 0), -EINVAL);
	EXPECT_EQ(sys_stat("/mnt/big", &st), -ENOENT);
	EXPECT_EQ(sys_umount2("/", 0), -EINVAL);
	EXPECT_EQ(sys_umount2("/mnt", 0x100), -EINVAL);
}

static void test_stack_and_move(void)
{
	struct user_stat a, b;
	char buf[4096];

	EXPECT_EQ(mnt("one", "/mnt", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(put_file("/mnt/one", "1"), 1);
	EXPECT_EQ(mnt("two", "/mnt", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(sys_stat("/mnt/one", &a), -ENOENT);
	EXPECT_EQ(sys_stat("/mnt/..", &a), 0);
	EXPECT_EQ(sys_stat("/", &b), 0);
	EXPECT_EQ(a.st_ino, b.st_ino);          /* ".." crosses both */
	EXPECT_EQ(sys_mkdir("/mnt/in", 0755), 0);
	EXPECT_EQ(sys_mkdir("/other", 0755), 0);
	/* MS_MOVE the top one to /other; it may not go inside itself. */
	EXPECT_EQ(mnt("/mnt", "/mnt/in", NULL, MS_MOVE, NULL), -ELOOP);
	EXPECT_EQ(mnt("/mnt", "/other", NULL, MS_MOVE, NULL), 0);
	EXPECT_EQ(sys_stat("/other/in", &a), 0);
	EXPECT_EQ(read_all("/mnt/one", buf, sizeof(buf)), 1);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(strstr(buf, "\none /mnt tmpfs") && strstr(buf, "\ntwo /other tmpfs"));
	EXPECT_EQ(mnt("/data", "/other", NULL, MS_MOVE, NULL), -EINVAL);
	EXPECT_EQ(sys_umount2("/other", 0), 0);
	EXPECT_EQ(sys_umount2("/mnt", 0), 0);
	EXPECT_EQ(sys_rmdir("/other"), 0);
}

static void test_lazy(void)
{
	char buf[4096];
	long fd;

	EXPECT_EQ(mnt("lazy", "/mnt", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(sys_mkdir("/mnt/sub", 0755), 0);
	EXPECT_EQ(mnt("below", "/mnt/sub", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(put_file("/mnt/sub/f", "kept"), 4);
	fd = sys_open("/mnt/sub/f", O_RDONLY, 0);
	EXPECT_EQ(sys_umount2("/mnt", MNT_DETACH), 0);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(!strstr(buf, "lazy") && !strstr(buf, "below"));
	EXPECT_EQ(sys_read((int)fd, buf, sizeof(buf)), 4);
	sys_close((int)fd);
	/* The next mount-table operation frees both (LeakSanitizer checks). */
	mounts_text(buf, sizeof(buf), false);
}

/* Bind mounts: the walk goes in and out, umount frees every record. */
static void test_bind(void)
{
	struct user_stat a, b;
	char buf[4096];
	long fd;

	EXPECT_EQ(mnt("/data", "/mnt", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(read_all("/mnt/hello.txt", buf, sizeof(buf)), 13);
	EXPECT_EQ(sys_stat("/mnt/..", &a), 0);
	EXPECT_EQ(sys_stat("/", &b), 0);
	EXPECT_EQ(a.st_ino, b.st_ino);
	EXPECT_EQ(sys_mkdir("/data/d", 0755), 0);
	EXPECT_EQ(sys_mkdir("/data/e", 0755), 0);
	/* A bind made through a bind, on top of one; "..": back through both. */
	EXPECT_EQ(mnt("/mnt/d", "/mnt/e", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(mnt("/data", "/mnt/e", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(read_all("/mnt/e/hello.txt", buf, sizeof(buf)), 13);
	EXPECT_EQ(read_all("/data/e/hello.txt", buf, sizeof(buf)), -ENOENT);
	EXPECT_EQ(sys_stat("/mnt/e/../..", &a), 0);
	EXPECT_EQ(a.st_ino, b.st_ino);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(strstr(buf, "\nrootfs /mnt rootfs rw,size=262144k,inode64 0 0\n"
			   "rootfs /mnt/e rootfs rw,size=262144k,inode64 0 0\n"
			   "rootfs /mnt/e rootfs rw,size=262144k,inode64 0 0\n"));
	mounts_text(buf, sizeof(buf), true);
	EXPECT(strstr(buf, "\n8 1 0:1 /data /mnt rw - rootfs rootfs rw,"));
	EXPECT(strstr(buf, "\n9 8 0:1 /data/d /mnt/e rw - rootfs rootfs rw,"));
	EXPECT(strstr(buf, "\n10 9 0:1 /data /mnt/e rw - rootfs rootfs rw,"));
	EXPECT_EQ(sys_chdir("/mnt/e"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 7);
	EXPECT(!strcmp(buf, "/mnt/e"));
	EXPECT_EQ(sys_stat("../..", &a), 0);
	EXPECT_EQ(a.st_ino, b.st_ino);
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(sys_rmdir("/mnt/e"), -EBUSY);
	EXPECT_EQ(sys_umount2("/mnt", 0), -EBUSY);  /* binds made through it */
	fd = sys_open("/mnt/e/hello.txt", O_RDONLY, 0);
	EXPECT(fd >= 0);
	EXPECT_EQ(sys_umount2("/mnt", MNT_DETACH), 0);
	EXPECT_EQ(sys_close((int)fd), 0);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(!strstr(buf, "/mnt"));
	EXPECT_EQ(sys_rmdir("/data/d"), 0);
	EXPECT_EQ(sys_rmdir("/data/e"), 0);
	/* "/" bound below itself: ".." and getcwd in it are not the root's. */
	EXPECT_EQ(mnt("/", "/mnt", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(sys_stat("/mnt/data/..", &a), 0);
	EXPECT_EQ(sys_stat("/", &b), 0);
	EXPECT_EQ(a.st_ino, b.st_ino);
	EXPECT_EQ(sys_chdir("/mnt"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 5);
	EXPECT(!strcmp(buf, "/mnt"));
	EXPECT_EQ(sys_stat("..", &a), 0);
	EXPECT_EQ(a.st_ino, b.st_ino);
	EXPECT_EQ(sys_stat("mnt/data", &a), -ENOENT);  /* not MS_REC: no bind on mnt */
	EXPECT_EQ(sys_chdir("/"), 0);
	EXPECT_EQ(sys_umount2("/mnt", 0), 0);
	/* A file over a file. */
	EXPECT_EQ(mnt("/data/hello.txt", "/data/big", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(read_all("/data/big", buf, sizeof(buf)), 13);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(strstr(buf, "\nrootfs /data/big rootfs rw,"));
	mounts_text(buf, sizeof(buf), true);
	EXPECT(strstr(buf, " /data/hello.txt /data/big rw - rootfs rootfs rw,"));
	EXPECT_EQ(sys_unlink("/data/big"), -EBUSY);
	EXPECT_EQ(mnt("/data", "/data/big", NULL, MS_BIND, NULL), -ENOTDIR);
	EXPECT_EQ(sys_umount2("/data/big", 0), 0);
	EXPECT_EQ(sys_stat("/data/big", &a), 0);
	EXPECT_EQ(a.st_size, 10000);
}

/*
 * Flags per mount: remount,bind,ro holds for the bind only (a writer
 * through it is EBUSY, one through the source is no bar); open files keep
 * the bind they came through (umount EBUSY, MNT_DETACH frees it after).
 */
static void test_bind_flags(void)
{
	char buf[4096];
	long fd, wfd;

	EXPECT_EQ(mnt("/data", "/mnt", NULL, MS_BIND, NULL), 0);
	fd = sys_open("/mnt/hello.txt", O_WRONLY, 0);
	EXPECT(fd >= 0);
	EXPECT_EQ(mnt("none", "/mnt", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
		  -EBUSY);
	EXPECT_EQ(sys_close((int)fd), 0);
	wfd = sys_open("/data/hello.txt", O_WRONLY, 0);
	EXPECT(wfd >= 0);
	EXPECT_EQ(mnt("none", "/mnt", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), 0);
	EXPECT_EQ(sys_open("/mnt/hello.txt", O_WRONLY, 0), -EROFS);
	EXPECT_EQ(sys_mkdir("/mnt/x", 0755), -EROFS);
	EXPECT_EQ(sys_chmod("/mnt/hello.txt", 0600), -EROFS);
	EXPECT_EQ(sys_mkdir("/data/x", 0755), 0);
	EXPECT_EQ(sys_rmdir("/mnt/x"), -EROFS);
	EXPECT_EQ(sys_rmdir("/data/x"), 0);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(strstr(buf, "\nrootfs /mnt rootfs ro,"));
	mounts_text(buf, sizeof(buf), true);
	EXPECT(strstr(buf, " /data /mnt ro - rootfs rootfs rw,"));
	EXPECT_EQ(sys_close((int)wfd), 0);
	fd = sys_open("/mnt/hello.txt", O_RDONLY, 0);
	EXPECT(fd >= 0);
	EXPECT_EQ(sys_umount2("/mnt", 0), -EBUSY);
	EXPECT_EQ(sys_umount2("/mnt", MNT_DETACH), 0);
	EXPECT_EQ(sys_read((int)fd, buf, sizeof(buf)), 13);
	EXPECT_EQ(sys_close((int)fd), 0);
	/* A writer through a detached bind is no bar to "/" going ro. */
	EXPECT_EQ(mnt("/data", "/mnt", NULL, MS_BIND, NULL), 0);
	wfd = sys_open("/mnt/hello.txt", O_WRONLY, 0);
	EXPECT(wfd >= 0);
	EXPECT_EQ(sys_umount2("/mnt", MNT_DETACH), 0);
	fd = sys_open("/data/hello.txt", O_WRONLY, 0);
	EXPECT_EQ(mnt("none", "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL),
		  -EBUSY);
	EXPECT_EQ(sys_close((int)fd), 0);
	EXPECT_EQ(mnt("none", "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), 0);
	EXPECT_EQ(sys_mkdir("/data/x", 0755), -EROFS);
	EXPECT_EQ(mnt("none", "/", NULL, MS_REMOUNT | MS_BIND, NULL), 0);
	EXPECT_EQ(sys_close((int)wfd), 0);
}

/* MS_MOVE of a bind mount: a directory's, a file's (mountinfo names it). */
static void test_bind_move(void)
{
	char buf[4096];

	EXPECT_EQ(mnt("/data", "/mnt", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(sys_mkdir("/data/d", 0755), 0);
	EXPECT_EQ(mnt("/mnt", "/mnt/d", NULL, MS_MOVE, NULL), -ELOOP);
	EXPECT_EQ(mnt("/mnt", "/data/d", NULL, MS_MOVE, NULL), 0);
	EXPECT_EQ(read_all("/data/d/hello.txt", buf, sizeof(buf)), 13);
	EXPECT_EQ(read_all("/mnt/hello.txt", buf, sizeof(buf)), -ENOENT);
	mounts_text(buf, sizeof(buf), true);
	EXPECT(strstr(buf, " /data /data/d rw - rootfs rootfs rw,"));
	EXPECT_EQ(sys_umount2("/data/d", 0), 0);
	EXPECT_EQ(sys_rmdir("/data/d"), 0);
	EXPECT_EQ(mnt("/data/hello.txt", "/data/big", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(put_file("/data/f2", "f2"), 2);
	EXPECT_EQ(mnt("/data/big", "/mnt", NULL, MS_MOVE, NULL), -EINVAL);
	EXPECT_EQ(mnt("/data/big", "/data/f2", NULL, MS_MOVE, NULL), 0);
	EXPECT_EQ(read_all("/data/f2", buf, sizeof(buf)), 13);
	mounts_text(buf, sizeof(buf), true);
	EXPECT(strstr(buf, " /data/hello.txt /data/f2 rw - rootfs rootfs rw,"));
	EXPECT_EQ(sys_umount2("/data/f2", 0), 0);
	EXPECT_EQ(sys_unlink("/data/f2"), 0);
}

static void test_options(void)
{
	char buf[4096];
	struct user_stat st;

	EXPECT_EQ(mnt("n", "/mnt", "nosuchfs", 0, NULL), -ENODEV);
	EXPECT_EQ(mnt("n", "/mnt", NULL, 0, NULL), -EINVAL);
	EXPECT_EQ(mnt("n", "/nonexistent", "tmpfs", 0, NULL), -ENOENT);
	EXPECT_EQ(mnt("n", "/data/hello.txt", "tmpfs", 0, NULL), -ENOTDIR);
	printk_quiet = 1;
	EXPECT_EQ(mnt("n", "/mnt", "tmpfs", 0, "bogus"), -EINVAL);
	EXPECT_EQ(mnt("n", "/mnt", "tmpfs", 0, "size=1x"), -EINVAL);
	EXPECT_EQ(mnt("n", "/mnt", "tmpfs", 0, "mode=9"), -EINVAL);
	EXPECT_EQ(mnt("n", "/mnt", "tmpfs", 0, "uid=-1"), -EINVAL);
	EXPECT_EQ(mnt("n", "/mnt", "sysfs", 0, "size=1m"), -EINVAL);
	EXPECT_EQ(mnt(BAD_USER, "/mnt", "tmpfs", 0, NULL), -EFAULT);
	EXPECT_EQ(mnt("n", "/mnt", "tmpfs", 0, BAD_USER), -EFAULT);
	EXPECT_EQ(mnt("n", "/mnt", "tmpfs", MS_NOUSER, NULL), -EINVAL);
	EXPECT_EQ(mnt("n", "/mnt", "tmpfs", MS_BIND, NULL), -ENOENT);
	EXPECT_EQ(mnt("", "/mnt", NULL, MS_BIND, NULL), -EINVAL);
	EXPECT_EQ(mnt("n", "/", NULL, MS_SHARED | MS_SLAVE, NULL), -EINVAL);
	EXPECT_EQ(mnt("n", "/", NULL, MS_PRIVATE | MS_REC, NULL), 0);
	EXPECT_EQ(mnt("n", "/mnt", NULL, MS_PRIVATE, NULL), -EINVAL);
	/* Empty options, ro/rw/sync, size in percent and with suffixes. */
	EXPECT_EQ(mnt(NULL, "/mnt", "tmpfs", MS_MGC_VAL | MS_NOSUID,
		      ",,size=10%,ro,rw,sync,uid=5,gid=6,inode64,mode=1755,"), 0);
	EXPECT_EQ(sys_stat("/mnt", &st), 0);
	EXPECT(st.st_mode == (S_IFDIR | 01755) && st.st_uid == 5 && st.st_gid == 6);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(strstr(buf, "\nnone /mnt tmpfs rw,sync,nosuid,relatime,size=52432k,mode=1755,uid=5,gid=6,inode64 0 0\n"));
	EXPECT_EQ(mnt(NULL, "/mnt", NULL, MS_REMOUNT | MS_RDONLY | MS_NOATIME, "size=2g"), 0);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(strstr(buf, "\nnone /mnt tmpfs ro,noatime,size=2097152k,mode=1755,uid=5,gid=6,inode64 0 0\n"));
	EXPECT_EQ(mnt(NULL, "/mnt", NULL, MS_REMOUNT, "size=0"), 0);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(strstr(buf, "\nnone /mnt tmpfs rw,noatime,size=0k,mode=1755"));
	EXPECT_EQ(mnt(NULL, "/data", NULL, MS_REMOUNT, NULL), -EINVAL);
	EXPECT_EQ(sys_umount2("/mnt", 0), 0);
	printk_quiet = 0;
	mounts_text(buf, sizeof(buf), false);
	EXPECT(!strstr(buf, "/mnt"));
	struct seqbuf m;
	seq_init(&m);
	mount_show_filesystems(&m);
	EXPECT(!strcmp(m.buf, "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\n"));
	seq_free(&m);
}

static void test_devtmpfs(void)
{
	struct user_stat st;
	char buf[4096];

	devfs_add("ttyS0", S_IFCHR | 0600, 4, 64);
	EXPECT_EQ(mnt("devtmpfs", "/mnt", "devtmpfs", 0, "mode=0755"), 0);
	EXPECT_EQ(sys_stat("/mnt", &st), 0);
	EXPECT_EQ(st.st_mode, S_IFDIR | 0755);
	EXPECT_EQ(sys_stat("/mnt/null", &st), 0);
	EXPECT(st.st_mode == (S_IFCHR | 0666) && st.st_rdev == dev_encode(1, 3));
	EXPECT_EQ(sys_stat("/mnt/ttyS0", &st), 0);
	EXPECT(st.st_mode == (S_IFCHR | 0600) && st.st_rdev == dev_encode(4, 64));
	EXPECT_EQ(read_all("/mnt/zero", buf, 8), 8);
	EXPECT_EQ(mnt("devtmpfs", "/mnt", "devtmpfs", 0, NULL), -EBUSY);
	/* Announced while mounted, in a subdirectory. */
	devfs_add("pts/ptmx", S_IFCHR | 0666, 5, 2);
	devfs_add("vda", S_IFBLK | 0660, 254, 0);
	EXPECT_EQ(sys_stat("/mnt/pts/ptmx", &st), 0);
	EXPECT(S_ISCHR(st.st_mode) && st.st_rdev == dev_encode(5, 2));
	EXPECT_EQ(sys_stat("/mnt/vda", &st), 0);
	EXPECT_EQ(st.st_mode & S_IFMT, S_IFBLK);
	/* Taken away: the node, a link and the directory it leaves empty. */
	devfs_add("vport0p1", S_IFCHR | 0600, 253, 1);
	devfs_add_link("virtio-ports/org.x", "../vport0p1");
	EXPECT_EQ(sys_stat("/mnt/virtio-ports/org.x", &st), 0);
	devfs_remove("virtio-ports/org.x");
	devfs_remove("vport0p1");
	EXPECT_EQ(sys_stat("/mnt/vport0p1", &st), -ENOENT);
	EXPECT_EQ(sys_stat("/mnt/virtio-ports", &st), -ENOENT);
	/* One made by hand in its place stays. */
	EXPECT_EQ(sys_mknod("/mnt/vport0p1", S_IFCHR | 0600, dev_encode(1, 3)), 0);
	devfs_add("vport0p1", S_IFCHR | 0600, 253, 1);
	devfs_remove("vport0p1");
	EXPECT_EQ(sys_stat("/mnt/vport0p1", &st), 0);
	EXPECT_EQ(sys_unlink("/mnt/vport0p1"), 0);
	mounts_text(buf, sizeof(buf), false);
	EXPECT(strstr(buf, "\ndevtmpfs /mnt devtmpfs rw,relatime,mode=755,inode64 0 0\n"));
	EXPECT_EQ(sys_umount2("/mnt", 0), 0);
}

static void test_sysfs(void)
{
	struct user_stat st;
	char buf[4096], dents[4096];
	long fd, n;

	EXPECT_EQ(sys_mkdir("/sys", 0555), 0);
	EXPECT_EQ(mnt("sysfs", "/sys", "sysfs", 0, NULL), 0);
	EXPECT_EQ(read_all("/sys/devices/system/clocksource/clocksource0/current_clocksource",
			   buf, sizeof(buf)), 4);
	EXPECT(!memcmp(buf, "tsc\n", 4));
	EXPECT_EQ(sys_stat("/sys/devices/system/clocksource/clocksource0/current_clocksource", &st), 0);
	EXPECT(st.st_size == 4096 && S_ISREG(st.st_mode));
	EXPECT_EQ(sys_stat("/sys/class", &st), 0);
	EXPECT(S_ISDIR(st.st_mode));
	EXPECT_EQ(sys_stat("/sys/nothing", &st), -ENOENT);
	/* A port's name file is there once it has a name, as in Linux. */
	vport_stub_name = "";
	devfs_add_dev("vport0p1", S_IFCHR | 0600, 253, 1,
		      (struct devclass){ "virtio-ports", NULL, NULL, false });
	EXPECT_EQ(sys_stat("/sys/class/virtio-ports/vport0p1", &st), 0);
	EXPECT_EQ(sys_stat("/sys/class/virtio-ports/vport0p1/name", &st), -ENOENT);
	vport_stub_name = "org.x";
	EXPECT_EQ(read_all("/sys/class/virtio-ports/vport0p1/name", buf, sizeof(buf)), 6);
	EXPECT(!memcmp(buf, "org.x\n", 6));
	EXPECT_EQ(read_all("/sys/dev/char/253:1/dev", buf, sizeof(buf)), 6);
	EXPECT(!memcmp(buf, "253:1\n", 6));
	EXPECT_EQ(read_all("/sys/class/virtio-ports/vport0p1/uevent", buf, sizeof(buf)), 35);
	EXPECT(!memcmp(buf, "MAJOR=253\nMINOR=1\nDEVNAME=vport0p1\n", 35));
	EXPECT_EQ(sys_readlink("/sys/dev/char/253:1", buf, sizeof(buf)), 43);
	EXPECT(!memcmp(buf, "../../devices/virtual/virtio-ports/vport0p1", 43));
	devfs_remove("vport0p1");
	EXPECT_EQ(sys_stat("/sys/class/virtio-ports/vport0p1", &st), -ENOENT);
	EXPECT_EQ(sys_stat("/sys/dev/char/253:1", &st), -ENOENT);
	vport_stub_name = NULL;
	/* A disk and its partition: /sys/block, the partition in the disk. */
	devfs_add_dev("vda", S_IFBLK | 0660, 254, 0, (struct devclass){ "block", NULL, NULL, false });
	devfs_add_dev("vda1", S_IFBLK | 0660, 254, 1, (struct devclass){ "block", NULL, "vda", false });
	EXPECT_EQ(read_all("/sys/block/vda/vda1/dev", buf, sizeof(buf)), 6);
	EXPECT_EQ(read_all("/sys/class/block/vda1/uevent", buf, sizeof(buf)), 57);
	EXPECT(!memcmp(buf, "MAJOR=254\nMINOR=1\nDEVNAME=vda1\nDEVTYPE=partition\nPARTN=1\n", 57));
	EXPECT_EQ(sys_readlink("/sys/dev/block/254:1/subsystem", buf, sizeof(buf)), 26);
	EXPECT(!memcmp(buf, "../../../../../class/block", 26));
	EXPECT_EQ(sys_stat("/sys/block/vda1", &st), -ENOENT);
	devfs_remove("vda1");
	devfs_remove("vda");
	EXPECT_EQ(sys_mkdir("/sys/new", 0755), -EPERM);
	fd = sys_open("/sys", O_RDONLY | O_DIRECTORY, 0);
	n = sys_getdents64((int)fd, dents, sizeof(dents));
	EXPECT(n > 0);
	sys_close((int)fd);
	/* Same node, same inode while held: a cwd keeps it busy. */
	EXPECT_EQ(sys_chdir("/sys/devices/system"), 0);
	EXPECT_EQ(sys_getcwd(buf, sizeof(buf)), 20);
	EXPECT(!strcmp(buf, "/sys/devices/system"));
	EXPECT_EQ(sys_umount2("/sys", 0), -EBUSY);
	EXPECT_EQ(sys_chdir("/"), 0);
	/* A tmpfs mounted on a sysfs directory stays visible. */
	EXPECT_EQ(mnt("t", "/sys/fs", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(put_file("/sys/fs/x", "x"), 1);
	EXPECT_EQ(read_all("/sys/fs/x", buf, sizeof(buf)), 1);
	EXPECT_EQ(sys_umount2("/sys", 0), -EBUSY);
	EXPECT_EQ(sys_umount2("/sys/fs", 0), 0);
	EXPECT_EQ(mnt("sysfs", "/sys", "sysfs", 0, NULL), -EBUSY);
	EXPECT_EQ(sys_umount2("/sys", 0), 0);
	EXPECT_EQ(sys_rmdir("/sys"), 0);
}

/* Does /proc/self/mountinfo have a line with s in it? */
static bool info_has(const char *s)
{
	static char buf[8192];

	mounts_text(buf, sizeof(buf), true);
	return strstr(buf, s) != NULL;
}

/*
 * BusyBox's "mount bind+rshared": binds of shared mounts join their peer
 * group, and a bind on one peer shows in the other.  Then slaves receive
 * but do not send, and umount propagates.
 */
static void test_shared(void)
{
	struct user_stat a, b;

	EXPECT_EQ(sys_mkdir("/s1", 0755), 0);
	EXPECT_EQ(sys_mkdir("/s2", 0755), 0);
	EXPECT_EQ(mnt("/s1", "/s1", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(mnt(NULL, "/s1", NULL, MS_SHARED | MS_REC, NULL), 0);
	EXPECT_EQ(mnt("/s2", "/s2", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(mnt(NULL, "/s2", NULL, MS_SHARED | MS_REC, NULL), 0);
	EXPECT(info_has(" / /s1 rw shared:1 - rootfs") || info_has(" /s1 /s1 rw shared:1 - "));
	EXPECT(info_has(" /s2 /s2 rw shared:2 - "));
	EXPECT_EQ(mnt("/s2", "/s1", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(mnt("/data", "/s2", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(sys_stat("/s1/hello.txt", &a), 0);
	EXPECT_EQ(sys_stat("/data/hello.txt", &b), 0);
	EXPECT_EQ(a.st_ino, b.st_ino);
	EXPECT(info_has(" /data /s2 rw shared:3 - "));
	EXPECT(info_has(" /data /s1 rw shared:3 - "));
	/* umount on one peer takes the other's copy; the rest one by one. */
	EXPECT_EQ(sys_umount2("/s1", 0), 0);
	EXPECT_EQ(sys_stat("/s2/hello.txt", &a), -ENOENT);
	EXPECT_EQ(sys_umount2("/s2", 0), 0);
	EXPECT_EQ(sys_umount2("/s1", 0), 0);
	EXPECT_EQ(sys_umount2("/s1", 0), 0);
	EXPECT_EQ(sys_umount2("/s1", 0), -EINVAL);
	EXPECT_EQ(sys_umount2("/s2", 0), -EINVAL);
	EXPECT(!info_has("shared:"));
	/* A slave: receives, sends nothing; private: neither. */
	EXPECT_EQ(mnt("/s1", "/s1", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(mnt(NULL, "/s1", NULL, MS_SHARED, NULL), 0);
	EXPECT_EQ(mnt("/s1", "/s2", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(mnt(NULL, "/s2", NULL, MS_SLAVE, NULL), 0);
	EXPECT(info_has(" /s1 /s2 rw master:1 - "));
	EXPECT_EQ(sys_mkdir("/s1/d", 0755), 0);
	EXPECT_EQ(mnt("t", "/s1/d", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(put_file("/s1/d/f", "f"), 1);
	EXPECT_EQ(sys_stat("/s2/d/f", &a), 0);
	EXPECT(info_has(" / /s1/d rw,relatime shared:2 - tmpfs t rw"));
	EXPECT(info_has(" / /s2/d rw,relatime master:2 - tmpfs t rw"));
	EXPECT_EQ(sys_umount2("/s2/d", 0), 0);
	EXPECT_EQ(sys_stat("/s1/d/f", &a), 0);
	EXPECT_EQ(mnt("u", "/s2/d", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(sys_stat("/s1/d/f", &a), 0);
	EXPECT_EQ(sys_umount2("/s2/d", 0), 0);
	EXPECT_EQ(sys_umount2("/s1/d", 0), 0);
	/* Unbindable: MS_BIND of it is EINVAL. */
	EXPECT_EQ(mnt(NULL, "/s2", NULL, MS_UNBINDABLE, NULL), 0);
	EXPECT(info_has(" /s1 /s2 rw unbindable - "));
	EXPECT_EQ(mnt("/s2", "/s1/d", NULL, MS_BIND, NULL), -EINVAL);
	EXPECT_EQ(sys_umount2("/s2", 0), 0);
	EXPECT_EQ(sys_umount2("/s1", 0), 0);
	EXPECT_EQ(sys_rmdir("/s1/d"), 0);
	EXPECT_EQ(sys_rmdir("/s1"), 0);
	EXPECT_EQ(sys_rmdir("/s2"), 0);
}

/* MS_MOVE of a tree into a shared mount: its peer gets a copy. */
static void test_move_shared(void)
{
	struct user_stat a;

	EXPECT_EQ(sys_mkdir("/p", 0755), 0);
	EXPECT_EQ(sys_mkdir("/q", 0755), 0);
	EXPECT_EQ(sys_mkdir("/p/in", 0755), 0);
	EXPECT_EQ(mnt("/p", "/p", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(mnt(NULL, "/p", NULL, MS_SHARED, NULL), 0);
	EXPECT_EQ(mnt("/p", "/q", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(mnt("mv", "/mnt", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(sys_mkdir("/mnt/sub", 0755), 0);
	EXPECT_EQ(mnt("mvsub", "/mnt/sub", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(put_file("/mnt/sub/f", "f"), 1);
	EXPECT_EQ(mnt("/mnt", "/p/in", NULL, MS_MOVE, NULL), 0);
	EXPECT_EQ(sys_stat("/q/in/sub/f", &a), 0);
	EXPECT(info_has(" / /p/in rw,relatime shared:2 - tmpfs mv rw"));
	EXPECT(info_has(" / /q/in rw,relatime shared:2 - tmpfs mv rw"));
	EXPECT(info_has(" / /q/in/sub rw,relatime shared:3 - tmpfs mvsub rw"));
	EXPECT_EQ(sys_umount2("/q/in", MNT_DETACH), 0);
	EXPECT_EQ(sys_stat("/p/in/sub", &a), -ENOENT);
	EXPECT_EQ(sys_umount2("/q", 0), 0);
	EXPECT_EQ(sys_umount2("/p", 0), 0);
	EXPECT(!info_has("shared:"));
	EXPECT_EQ(sys_rmdir("/p/in"), 0);
	EXPECT_EQ(sys_rmdir("/p"), 0);
	EXPECT_EQ(sys_rmdir("/q"), 0);
}

/* MS_REC copies submounts with their own flags; umount while bound. */
static void test_rbind(void)
{
	struct user_stat a;
	long fd;

	EXPECT_EQ(mnt("top", "/mnt", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(sys_mkdir("/mnt/sub", 0755), 0);
	EXPECT_EQ(sys_mkdir("/mnt/dst", 0755), 0);
	EXPECT_EQ(mnt("sub", "/mnt/sub", "tmpfs", MS_NOEXEC, NULL), 0);
	EXPECT_EQ(put_file("/mnt/sub/f", "f"), 1);
	EXPECT_EQ(mnt("/mnt", "/mnt/dst", NULL, MS_BIND | MS_REC, NULL), 0);
	EXPECT_EQ(sys_stat("/mnt/dst/sub/f", &a), 0);
	EXPECT(info_has("\n28 1 0:11 / /mnt rw,relatime - tmpfs top rw"));
	EXPECT(info_has("\n31 30 0:12 / /mnt/dst/sub rw,noexec,relatime - tmpfs sub rw"));
	EXPECT_EQ(mnt(NULL, "/mnt/dst/sub", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), 0);
	EXPECT_EQ(put_file("/mnt/dst/sub/g", "g"), -EROFS);
	EXPECT_EQ(put_file("/mnt/sub/g", "g"), 1);
	EXPECT(info_has(" / /mnt/dst/sub ro,relatime - tmpfs sub rw"));
	EXPECT(info_has(" / /mnt/sub rw,noexec,relatime - tmpfs sub rw"));
	/* The file system's own mount goes while a bind of it stays. */
	EXPECT_EQ(sys_umount2("/mnt/dst/sub", MNT_DETACH), 0);
	EXPECT_EQ(sys_umount2("/mnt/dst", 0), 0);
	EXPECT_EQ(mnt("/mnt/sub", "/mnt/dst", NULL, MS_BIND, NULL), 0);
	EXPECT_EQ(sys_umount2("/mnt/sub", 0), 0);
	EXPECT_EQ(sys_stat("/mnt/dst/g", &a), 0);
	fd = sys_open("/mnt/dst/g", O_RDONLY, 0);
	EXPECT_EQ(sys_umount2("/mnt/dst", MNT_DETACH), 0);
	EXPECT_EQ(sys_umount2("/mnt", 0), 0);   /* the detached bind is no bar */
	EXPECT_EQ(sys_close((int)fd), 0);
}

/* A tree of mounts 200 deep: MS_REC copies all of it. */
static void test_deep(void)
{
	static char path[1024] = "/dp", copy[1100];
	size_t len = strlen(path);
	struct user_stat a, b;
	int i;

	EXPECT_EQ(sys_mkdir("/dp", 0755), 0);
	EXPECT_EQ(sys_mkdir("/dpc", 0755), 0);
	for (i = 0; i < 200; i++) {
		strcpy(path + len, "/d");
		len += 2;
		if (sys_mkdir(path, 0755) || mnt("deep", path, "tmpfs", 0, NULL))
			break;
	}
	EXPECT_EQ(i, 200);
	EXPECT_EQ(mnt("/dp", "/dpc", NULL, MS_BIND | MS_REC, NULL), 0);
	snprintf(copy, sizeof(copy), "/dpc%s", path + 3);
	EXPECT_EQ(sys_stat(path, &a), 0);
	EXPECT_EQ(sys_stat(copy, &b), 0);
	EXPECT_EQ(a.st_dev, b.st_dev);
	EXPECT_EQ(sys_umount2("/dpc", MNT_DETACH), 0);
	EXPECT_EQ(sys_umount2("/dp/d", MNT_DETACH), 0);
	EXPECT_EQ(sys_rmdir("/dpc"), 0);
}

/* Enter namespace ns (NULL: the initial one) with the file state fs. */
static void host_enter(struct mnt_ns *ns, struct fs_state *fs)
{
	host_ns = ns;
	test_fs = fs;
}

/*
 * A copy of the mount tree: mounts and umounts in one namespace are not
 * the other's, but the copy of a shared mount is its peer; the root and
 * cwd of the file state that moves along go to their copies; a freed
 * namespace gives back everything (LeakSanitizer).
 */
static void test_mnt_ns(void)
{
	struct fs_state *fs1 = test_fs, *fs2;
	struct mnt_ns *ns2 = NULL;
	struct user_stat st;

	EXPECT_EQ(sys_mkdir("/n", 0755), 0);
	EXPECT_EQ(mnt("a", "/n", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(sys_mkdir("/n/x", 0755), 0);
	EXPECT_EQ(sys_mkdir("/n/y", 0755), 0);
	EXPECT_EQ(mnt("x", "/n/x", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(mnt(NULL, "/n", NULL, MS_SHARED, NULL), 0);
	EXPECT_EQ(sys_chdir("/n/x"), 0);
	fs2 = fs_state_fork(fs1);
	EXPECT_EQ(mnt_ns_copy(mnt_ns_current(), fs2, &ns2), 0);
	host_enter(ns2, fs2);
	EXPECT(info_has(" / /n rw,relatime shared:1 - tmpfs a rw"));
	EXPECT(fs2->cwd_mnt && fs2->cwd_mnt->ns == ns2);
	EXPECT_EQ(sys_chdir("/"), 0);
	/* Its umount goes to the peer's copy in the first, fs1's cwd. */
	EXPECT_EQ(sys_umount2("/n/x", 0), -EBUSY);
	host_enter(NULL, fs1);
	EXPECT_EQ(sys_chdir("/"), 0);
	host_enter(ns2, fs2);
	EXPECT_EQ(sys_umount2("/n/x", 0), 0);
	EXPECT_EQ(mnt("y", "/n/y", "tmpfs", 0, NULL), 0);
	host_enter(NULL, fs1);
	EXPECT(!info_has("/n/x"));
	EXPECT(info_has(" / /n/y rw,relatime shared:2 - tmpfs y rw"));
	EXPECT_EQ(sys_umount2("/n/y", 0), 0);            /* and ns2's peer */
	EXPECT_EQ(mnt("x2", "/n/x", "tmpfs", 0, NULL), 0);
	EXPECT_EQ(mnt(NULL, "/n", NULL, MS_PRIVATE, NULL), 0);
	EXPECT_EQ(mnt("y2", "/n/y", "tmpfs", 0, NULL), 0);
	host_enter(ns2, fs2);
	EXPECT(!info_has("/n/y"));
	EXPECT(info_has(" / /n/x rw,relatime shared:2 - tmpfs x2 rw"));
	EXPECT_EQ(sys_stat("/n/x", &st), 0);
	host_enter(NULL, fs1);
	EXPECT(info_has(" / /n/x rw,relatime shared:2 - tmpfs x2 rw"));
	fs_state_put(fs2);
	mnt_ns_free(ns2);                                /* x2 stays shared, alone */
	EXPECT(info_has(" / /n/x rw,relatime shared:2 - tmpfs x2 rw"));
	EXPECT_EQ(sys_umount2("/n/x", 0), 0);
	EXPECT_EQ(sys_umount2("/n/y", 0), 0);
	EXPECT_EQ(sys_umount2("/n", 0), 0);
	EXPECT_EQ(sys_rmdir("/n"), 0);
}

int main(void)
{
	fs_host_boot();
	test_tmpfs_lifecycle();
	test_stack_and_move();
	test_lazy();
	test_bind();
	test_bind_flags();
	test_bind_move();
	test_options();
	test_shared();
	test_rbind();
	test_move_shared();
	test_deep();
	test_mnt_ns();
	test_devtmpfs();
	test_sysfs();
	EXPECT_EQ(sys_rmdir("/mnt"), 0);
	return fs_host_done("test_fs_mount");
}
