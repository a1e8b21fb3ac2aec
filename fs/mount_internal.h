/* SPDX-License-Identifier: MIT */
/*
 * mount_internal.h - file system types, the mount table and the text
 * buffers the pseudo file systems fill (mount.c, seqbuf.c), shared by the
 * file systems that can be mounted: tmpfs (tmpfs_mount.c), devtmpfs,
 * procfs, sysfs.
 *
 * A mount (struct mount) shows a directory or file of a superblock (its
 * root) at a mount point inside its parent mount; `mount -t tmpfs` makes a
 * new superblock, a bind mount or a propagated copy another mount of an
 * existing one (mount.c).  Linux shares one superblock between all mounts
 * of sysfs or devtmpfs; here each mount -t gets its own copy, which shows
 * the same thing (fs_type.single keeps Linux's EBUSY for mounting one on
 * its own root).
 *
 * A mount goes through Linux's fs_context steps: the options are parsed
 * into an fs_context first (errors before anything is made), get_tree
 * makes the superblock, reconfigure applies a remount's options.
 */
#ifndef FS_MOUNT_INTERNAL_H
#define FS_MOUNT_INTERNAL_H

#include "fs/vfs_internal.h"
#include "kernel/ns.h"

/* mount(2) flags (uapi/linux/mount.h). */
#define MS_RDONLY 1UL
#define MS_NOSUID 2UL
#define MS_NODEV 4UL
#define MS_NOEXEC 8UL
#define MS_SYNCHRONOUS 16UL
#define MS_REMOUNT 32UL
#define MS_MANDLOCK 64UL
#define MS_DIRSYNC 128UL
#define MS_NOSYMFOLLOW 256UL
#define MS_NOATIME 1024UL
#define MS_NODIRATIME 2048UL
#define MS_BIND 4096UL
#define MS_MOVE 8192UL
#define MS_REC 16384UL
#define MS_SILENT 32768UL
#define MS_POSIXACL (1UL << 16)
#define MS_UNBINDABLE (1UL << 17)
#define MS_PRIVATE (1UL << 18)
#define MS_SLAVE (1UL << 19)
#define MS_SHARED (1UL << 20)
#define MS_RELATIME (1UL << 21)
#define MS_KERNMOUNT (1UL << 22)
#define MS_I_VERSION (1UL << 23)
#define MS_STRICTATIME (1UL << 24)
#define MS_LAZYTIME (1UL << 25)
#define MS_NOUSER (1UL << 31)
#define MS_MGC_VAL 0xc0ed0000UL
#define MS_MGC_MSK 0xffff0000UL
/* What belongs to the superblock rather than the mount (SB_*). */
#define MS_SB_FLAGS (MS_RDONLY | MS_SYNCHRONOUS | MS_MANDLOCK | MS_DIRSYNC | \
		     MS_SILENT | MS_POSIXACL | MS_LAZYTIME | MS_I_VERSION)
/* The superblock flags a remount may change (MS_RMT_MASK). */
#define MS_RMT_MASK (MS_RDONLY | MS_SYNCHRONOUS | MS_MANDLOCK | MS_I_VERSION | \
		     MS_LAZYTIME)

/* umount2(2) flags. */
#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8

/* From fs_type.parse: not an option of this type (Linux's internal ENOPARAM). */
#define ENOPARAM 519

/* Text built in memory, growing as needed (Linux's seq_file, simplified). */
struct seqbuf {
	char *buf;
	size_t len, cap;
	bool failed;            /* out of memory: the text is incomplete */
};
void seq_init(struct seqbuf *m);
void seq_free(struct seqbuf *m);
__printf(2, 3) void seq_printf(struct seqbuf *m, const char *fmt, ...);
void seq_puts(struct seqbuf *m, const char *s);
void seq_write(struct seqbuf *m, const void *p, size_t n);
/* "<n> kB"-style helpers for meminfo and status: "%s%8lu kB\n". */
void seq_kb(struct seqbuf *m, const char *label, uint64_t kb);

/* The options of one mount or remount, parsed before anything changes. */
#define FSO_SIZE 1u
#define FSO_MODE 2u
#define FSO_UID 4u
#define FSO_GID 8u
struct fs_context {
	const struct fs_type *type;
	const char *source;             /* "none" when not given */
	unsigned long sb_flags;         /* MS_SB_FLAGS bits asked for */
	unsigned long sb_mask;          /* which of them the call decides */
	/* tmpfs family (tmpfs, devtmpfs): which of these were given. */
	unsigned set;
	uint64_t size_pages;
	uint32_t mode, uid, gid;
};

struct fs_type {
	const char *name;
	bool nodev;                     /* needs no device: "nodev" in /proc/filesystems */
	bool single;                    /* one instance in Linux (sysfs, devtmpfs) */
	/*
	 * One "key" or "key=value" option (val NULL without '='): 0, -EINVAL
	 * for a bad value (say why with printk), -ENOPARAM for a key that is
	 * not this type's (mount.c reports it).  NULL: the type takes none.
	 * Called for remounts too, before reconfigure.
	 */
	int (*parse)(struct fs_context *fc, const char *key, const char *val);
	/* Make the file system: a superblock with its root. */
	int (*get_tree)(struct fs_context *fc, struct superblock **out);
	/* A remount: apply what fc says (optional). */
	int (*reconfigure)(struct superblock *sb, struct fs_context *fc);
	/* The file system's part of the options in /proc/mounts (",size=..."). */
	void (*show_options)(struct seqbuf *m, struct superblock *sb);
	/*
	 * Is anything (an open file, a cwd, a walk in progress) using sb?
	 * extra: references to sb->root the caller itself holds.
	 */
	bool (*busy)(struct superblock *sb, unsigned extra);
	/* Free the file system; nothing uses it any more. */
	void (*kill)(struct superblock *sb);
	struct fs_type *next;           /* registered types (mount.c) */
};

/* Make a type mountable by name (after the built-in ones). */
void fs_type_register(struct fs_type *type);

struct mount {
	struct list_head link;          /* in the mount table, oldest first */
	int id;                         /* [I] mountinfo's mount ID */
	struct superblock *sb;          /* [I] */
	/*
	 * root: the directory or file it shows (ref); mountpoint: the inode
	 * of parent it covers (refs).  NULL parent and mount point: "/", or a
	 * mount taken out of the name space (".." stays at its root).
	 */
	struct inode *root, *mountpoint;
	struct mount *parent;
	struct mount *next_on_mp;       /* on the same mount point (vfs.c) */
	/* A file's bind: the directories and names of mount point and root. */
	struct inode *mp_dir, *root_dir;        /* refs */
	char *mp_name, *root_name;
	/* The mount table's, children's, walks', open files', cwds'. */
	unsigned refs;
	const struct fs_type *type;     /* [I] */
	char *source;                   /* [I] as given, "none" when NULL */
	unsigned mnt_flags;             /* MNT_* */
	unsigned long sb_flags;         /* MS_SB_FLAGS bits */
	unsigned writers;               /* regular files open for writing (f->mnt) */
	/*
	 * Propagation (sharedsubtree.rst): mounts with the same group are
	 * peers (shared:N); master is the group this one receives from as a
	 * slave (master:N); 0: none.  Peer group IDs are mountinfo's.
	 */
	int group, master;
	bool unbindable;
	struct mnt_ns *ns;              /* the namespace it is in; NULL: none */
};

/* A mount namespace (mount_ns.c): its mounts are those with this ns. */
struct mnt_ns {
	struct ns_common ns;
	struct mount *root;             /* [I] its "/" */
};
extern struct mnt_ns init_mnt_ns;
/* The caller's mount namespace (the initial one before there is a process). */
struct mnt_ns *mnt_ns_current(void);
/* mount.c: take m (nothing mounted on it) out of its namespace. */
void mount_detach(struct mount *m);

/* The mount table, oldest first, "/" (rootfs) always first. */
struct list_head *mount_table(void);
/* Is m the first mount of its superblock in the table (count it once)? */
bool mount_sb_first(struct mount *m);

/* mount.c: a new mount ID; the first mount with m as its parent, or NULL. */
int mount_next_id(void);
struct mount *mount_first_child(struct mount *m);

/*
 * mount_prop.c: shared subtrees.  A tree is a list (by link) of mounts
 * not yet attached, parents first, each with parent and mount point set.
 */
/* MS_SHARED, MS_SLAVE, MS_PRIVATE or MS_UNBINDABLE for m alone. */
void mount_set_propagation(struct mount *m, unsigned long type);
void mount_make_private(struct mount *m);
/* Does q receive what is mounted in the peer group `group`? */
bool mount_receives(struct mount *q, int group);
/* A copy of from showing root (ref taken), in no tree (ID 0 until attached). */
struct mount *mount_clone(struct mount *from, struct inode *root);
/* c goes on from's mount point (a file's: with its names) inside parent. */
bool mount_clone_place(struct mount *c, struct mount *from, struct mount *parent);
/*
 * Copies of from's submounts at or below root, after tree's top; *orig
 * (when not NULL): what each of the tree's mounts copies (kfree it).
 */
int mount_copy_submounts(struct mount *from, struct inode *root,
			 struct list_head *tree, struct mount ***orig);
/* Attach tree, propagated to the top's parent's receivers (consumed). */
int mount_graft(struct list_head *tree);
/* MS_MOVE of m onto mp (a file's: named in mp_dir) in dest, a shared mount. */
int mount_move_propagate(struct mount *m, struct mount *dest,
			 struct inode *mp, struct inode *mp_dir,
			 const char *mp_name);
void mount_tree_free(struct list_head *tree);
/* Is obj (a file named in dir, or a directory) at or below root? */
bool mount_under(struct inode *obj, struct inode *dir, struct inode *root);
/* A mount an umount on mp inside p takes along, or NULL (one at a time). */
struct mount *mount_peer_copy(struct mount *p, struct inode *mp);
bool mount_peer_copies_busy(struct mount *p, struct inode *mp);

/* The text of /proc/mounts and of /proc/<pid>/mountinfo for namespace ns. */
void mount_show_mounts(struct seqbuf *m, struct mnt_ns *ns);
void mount_show_mountinfo(struct seqbuf *m, struct mnt_ns *ns);
void mount_show_filesystems(struct seqbuf *m);

/* The built-in types (tmpfs_mount.c, devtmpfs.c, procfs.c, sysfs.c). */
extern struct fs_type rootfs_fs_type, tmpfs_fs_type, devtmpfs_fs_type,
	proc_fs_type, sysfs_fs_type;

/* tmpfs_mount.c: for devtmpfs, which is a tmpfs with device nodes. */
int tmpfs_parse(struct fs_context *fc, const char *key, const char *val);
void tmpfs_show_options(struct seqbuf *m, struct superblock *sb);
bool tmpfs_busy(struct superblock *sb, unsigned extra);
void tmpfs_kill(struct superblock *sb);
/* Pages of file data in all mounted tmpfs instances (meminfo's Shmem). */
uint64_t tmpfs_pages_in_use(void);

/* devtmpfs.c: a device node was announced (devfs_add) or taken away
 * (devfs_remove); so in every mount. */
void devtmpfs_node_changed(const struct devnode *d, bool added);

/* tmpfs_mount.c: an option value as an unsigned 32-bit number in base. */
bool mount_parse_uint(const char *s, unsigned base, uint32_t *out);

#endif
