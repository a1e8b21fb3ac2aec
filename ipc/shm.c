// SPDX-License-Identifier: MIT
/*
 * shm.c - System V shared memory (shmget(2), shmat(2), shmdt(2),
 * shmctl(2); Linux ipc/shm.c).
 *
 * A segment's memory is an unnamed tmpfs file, as shared anonymous memory
 * is.  Each shmat maps a file of its own over that file's inode (an
 * attachment, file_alias), so the mappings fork copies, munmap splits and
 * exec and exit drop are counted by that file's references: shm_nattch is
 * their sum over the segment's attachments, as Linux counts the mappings.
 * When an attachment's last mapping goes, its release updates the detach
 * time and pid and frees a segment marked for deletion (IPC_RMID while
 * attached: the key became private, the id still reaches it).
 */
#include "ipc/ipc_internal.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"
#include "fs/vfs.h"
#include <arch/mmu.h>

#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000
#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15
#define SHM_DEST 01000
#define SHM_LOCKED 02000
#define SHMLBA PAGE_SIZE        /* x86_64 and arm64 (asm-generic/shmparam.h) */
#define SHMMIN 1

struct shmid64_ds {
	struct ipc64_perm shm_perm;
	uint64_t shm_segsz;
	int64_t shm_atime, shm_dtime, shm_ctime;
	int32_t shm_cpid, shm_lpid;
	uint64_t shm_nattch;
	uint64_t unused4_, unused5_;
};

struct shminfo64 {
	uint64_t shmmax, shmmin, shmmni, shmseg, shmall;
	uint64_t unused_[4];
};

struct shm_info {
	int32_t used_ids;
	uint64_t shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

struct shm_seg {
	struct ipc_obj perm;
	uint64_t segsz;                 /* [I] bytes asked for */
	int64_t atime, dtime;           /* [L] */
	int cpid, lpid;                 /* [L] */
	struct file *file;              /* [I] the memory: an unnamed tmpfs file */
	struct list_head attaches;      /* [L] struct shm_attach.link */
};

/* One shmat: its file's references are the mappings made from it. */
struct shm_attach {
	struct list_head link;
	struct shm_seg *seg;
	struct file *file;
};

static struct ipc_ids shm_ids = { .max_idx = -1, .last_idx = -1 };
static uint64_t shm_tot;                /* [L] pages of every segment */

static uint64_t seg_pages(const struct shm_seg *s)
{
	return ALIGN_UP(s->segsz, PAGE_SIZE) / PAGE_SIZE;
}

static uint64_t seg_nattch(const struct shm_seg *s)
{
	uint64_t n = 0;
	struct list_head *l;

	list_for_each(l, &s->attaches)
		n += list_entry(l, struct shm_attach, link)->file->refcount;
	return n;
}

static struct shm_seg *seg_by_id(int id)
{
	return (struct shm_seg *)ipc_find_id(&shm_ids, id);
}

static void seg_destroy(struct shm_seg *s)
{
	ipc_remove(&shm_ids, &s->perm);
	shm_tot -= seg_pages(s);
	file_put(s->file);
	kfree(s);
}

/* IPC_RMID: now, or at the last detach (the key is free at once; the
 * segment stays in the table, "dest", as Linux keeps it). */
static void seg_rmid(struct shm_seg *s)
{
	if (list_empty(&s->attaches)) {
		seg_destroy(s);
		return;
	}
	s->perm.mode |= SHM_DEST;
	s->perm.key = IPC_PRIVATE;
}

static void *shm_map_page(struct file *f, uint64_t pgoff, int *err)
{
	struct shm_attach *a = f->priv;

	return a->seg->file->ops->map_page(a->seg->file, pgoff, err);
}

/* MADV_REMOVE over an attachment punches the hole in the segment. */
static long shm_fallocate(struct file *f, int mode, uint64_t off, uint64_t len)
{
	struct shm_attach *a = f->priv;

	return a->seg->file->ops->fallocate(a->seg->file, mode, off, len);
}

/* The attachment's last mapping is gone (shm_close). */
static void shm_release(struct file *f)
{
	struct shm_attach *a = f->priv;
	struct shm_seg *s = a->seg;

	list_del(&a->link);
	kfree(a);
	s->dtime = ipc_now();
	s->lpid = ipc_tgid();
	if ((s->perm.mode & SHM_DEST) && list_empty(&s->attaches))
		seg_destroy(s);
}

static const struct file_ops shm_fops = {
	.map_page = shm_map_page,
	.fallocate = shm_fallocate,
	.release = shm_release,
};

static long shm_create(int key, int flg, void *arg)
{
	uint64_t size = *(uint64_t *)arg, pages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	struct shm_seg *s;
	int err;

	if (size < SHMMIN || size > ipc_lim.shmmax)
		return -EINVAL;
	if (pages * PAGE_SIZE < size || shm_tot + pages < shm_tot || /* wrapped */
	    shm_tot + pages > ipc_lim.shmall)
		return -ENOSPC;
	s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->file = tmpfs_anon_file(pages * PAGE_SIZE);
	if (!s->file) {
		kfree(s);
		return -ENOMEM;
	}
	err = ipc_add(&shm_ids, &s->perm, key, flg, ipc_lim.shmmni);
	if (err) {
		file_put(s->file);
		kfree(s);
		return err;
	}
	s->segsz = size;
	s->cpid = ipc_tgid();
	list_init(&s->attaches);
	shm_tot += pages;
	return s->perm.id;
}

static int shm_check(struct ipc_obj *o, void *arg)
{
	return ((struct shm_seg *)o)->segsz < *(uint64_t *)arg ? -EINVAL : 0;
}

static const struct ipc_get_ops shm_get_ops = { .create = shm_create, .check = shm_check };

long sys_shmget(int key, uint64_t size, int shmflg)
{
	return ipc_get(&shm_ids, key, shmflg, &shm_get_ops, &size);
}

/* Where shmat maps: addr after SHM_RND, or a free range; 0 with *err. */
static uint64_t shmat_where(uint64_t addr, uint64_t len, int flg, int *err)
{
	struct vm *vm = current->vm;

	*err = -EINVAL;
	if (!addr) {
		if (flg & SHM_REMAP)
			return 0;
		addr = vm_find_free(vm, len);
		if (!addr)
			*err = -ENOMEM;
		return addr;
	}
	if (addr & (SHMLBA - 1)) {
		if (!(flg & SHM_RND))
			return 0;
		addr &= ~(SHMLBA - 1);
		if (!addr && (flg & SHM_REMAP))
			return 0;
		if (!addr)      /* rounded to 0: do_mmap picks a place (no MAP_FIXED hint) */
			return shmat_where(0, len, flg, err);
	}
	if (addr + len < addr || addr + len > USER_TOP)
		return 0;
	if (!(flg & SHM_REMAP) && vm_range_used(vm, addr, addr + len))
		return 0;
	return addr;
}

long sys_shmat(int shmid, uint64_t addr, int shmflg)
{
	struct shm_seg *s = seg_by_id(shmid);
	unsigned prot = PROT_READ, acc = S_IRUGO;
	struct shm_attach *a;
	uint64_t len, at;
	int err;

	if (shmid < 0 || !s)
		return -EINVAL;
	if (!(shmflg & SHM_RDONLY)) {
		prot |= PROT_WRITE;
		acc |= S_IWUGO;
	}
	if (shmflg & SHM_EXEC) {
		prot |= PROT_EXEC;
		acc |= S_IXUGO;
	}
	if (ipc_perms(&s->perm, (int)acc))
		return -EACCES;
	len = seg_pages(s) * PAGE_SIZE;
	at = shmat_where(addr, len, shmflg, &err);
	if (!at)
		return err;
	a = kzalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->seg = s;
	a->file = file_alias(s->file, (shmflg & SHM_RDONLY) ? O_RDONLY : O_RDWR,
			     &shm_fops, a);
	if (!a->file) {
		kfree(a);
		return -ENOMEM;
	}
	list_add_tail(&a->link, &s->attaches);
	err = vm_map_fixed(current->vm, at, len, prot, MAP_SHARED, a->file, 0, ~0ULL);
	s->atime = ipc_now();
	s->lpid = ipc_tgid();
	file_put(a->file);      /* the mapping's reference is the attachment now */
	return err ? err : (long)at;
}

/* The mapping of attachment f at or above addr and below end, or NULL. */
static struct vma *attach_vma(uint64_t addr, uint64_t end, struct file *f)
{
	struct list_head *l;

	list_for_each(l, &current->vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->start >= addr && v->end <= end && v->file &&
		    (f ? v->file == f : v->file->ops == &shm_fops && v->start == addr) &&
		    v->file_off == v->start - addr)
			return v;
	}
	return NULL;
}

/* Unmap the attachment mapped at addr: its mappings within the segment's size. */
long sys_shmdt(uint64_t addr)
{
	struct vma *v;
	struct file *f;
	uint64_t end;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	v = attach_vma(addr, USER_TOP, NULL);
	if (!v)
		return -EINVAL;
	f = v->file;
	end = addr + seg_pages(((struct shm_attach *)f->priv)->seg) * PAGE_SIZE;
	file_get(f);    /* the search below compares with it */
	while ((v = attach_vma(addr, end, f)))
		vm_unmap(current->vm, v->start, v->end - v->start);
	file_put(f);
	return 0;
}

static long shm_info(int cmd, void __user *buf)
{
	if (cmd == IPC_INFO) {
		struct shminfo64 i = {
			.shmmax = ipc_lim.shmmax, .shmmin = SHMMIN,
			.shmmni = (uint64_t)ipc_lim.shmmni, .shmseg = (uint64_t)ipc_lim.shmmni,
			.shmall = ipc_lim.shmall,
		};
		if (copy_to_user(buf, &i, sizeof(i)))
			return -EFAULT;
	} else {
		struct shm_info i = { .used_ids = shm_ids.in_use, .shm_tot = shm_tot };
		for (int n = 0; n <= shm_ids.max_idx; n++) {
			struct shm_seg *s = (struct shm_seg *)ipc_find_idx(&shm_ids, n);
			if (s)
				i.shm_rss += file_pages(s->file);
		}
		if (copy_to_user(buf, &i, sizeof(i)))
			return -EFAULT;
	}
	return ipc_max_idx(&shm_ids);
}

static long shm_stat(int shmid, int cmd, void __user *buf)
{
	struct ipc_obj *o = ipc_stat_obj(&shm_ids, shmid, cmd, SHM_STAT_ANY);
	struct shm_seg *s = container_of(o, struct shm_seg, perm);
	struct shmid64_ds d;

	if (IS_ERR(o))
		return PTR_ERR(o);
	memset(&d, 0, sizeof(d));
	ipc_perm_to_user(&s->perm, &d.shm_perm);
	d.shm_segsz = s->segsz;
	d.shm_atime = s->atime;
	d.shm_dtime = s->dtime;
	d.shm_ctime = s->perm.ctime;
	d.shm_cpid = s->cpid;
	d.shm_lpid = s->lpid;
	d.shm_nattch = seg_nattch(s);
	if (copy_to_user(buf, &d, sizeof(d)))
		return -EFAULT;
	return cmd == IPC_STAT ? 0 : s->perm.id;
}

static long shm_change(int shmid, int cmd, void __user *buf)
{
	struct shmid64_ds d;
	struct shm_seg *s;
	struct ipc_obj *o;

	if (cmd == IPC_SET && copy_from_user(&d, buf, sizeof(d)))
		return -EFAULT;
	o = ipc_change_obj(&shm_ids, shmid);
	if (IS_ERR(o))
		return PTR_ERR(o);
	s = container_of(o, struct shm_seg, perm);
	if (cmd == IPC_SET)
		ipc_set_perm(&s->perm, &d.shm_perm);
	else
		seg_rmid(s);
	return 0;
}

/* SHM_LOCK, SHM_UNLOCK: nothing is ever swapped; the flag is what shows. */
static long shm_lock(int shmid, int cmd)
{
	struct shm_seg *s = seg_by_id(shmid);
	uint32_t euid = current_cred()->euid;

	if (!s)
		return -EINVAL;
	if (!cred_privileged() && euid != s->perm.uid && euid != s->perm.cuid)
		return -EPERM;
	if (cmd == SHM_LOCK)
		s->perm.mode |= SHM_LOCKED;
	else
		s->perm.mode &= ~(uint32_t)SHM_LOCKED;
	return 0;
}

long sys_shmctl(int shmid, int cmd, void __user *buf)
{
	if (cmd < 0 || shmid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shm_info(cmd, buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		return shm_stat(shmid, cmd, buf);
	case IPC_SET:
	case IPC_RMID:
		return shm_change(shmid, cmd, buf);
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shm_lock(shmid, cmd);
	default:
		return ipc_bad_cmd("shmctl", cmd);
	}
}

void shm_proc_show(ipc_put_fn put, void *ctx)
{
	put(ctx, "       key      shmid perms                  size  cpid  lpid nattch"
		 "   uid   gid  cuid  cgid      atime      dtime      ctime"
		 "                   rss                  swap\n");
	for (int n = 0; n <= shm_ids.max_idx; n++) {
		struct shm_seg *s = (struct shm_seg *)ipc_find_idx(&shm_ids, n);
		if (!s)
			continue;
		ipc_putf(put, ctx, "%10d %10d  %4o %21llu %5d %5d  %5llu %5u %5u %5u %5u"
			 " %10lld %10lld %10lld %21llu %21llu\n",
			 s->perm.key, s->perm.id, s->perm.mode,
			 (unsigned long long)s->segsz, s->cpid, s->lpid,
			 (unsigned long long)seg_nattch(s), s->perm.uid, s->perm.gid,
			 s->perm.cuid, s->perm.cgid, (long long)s->atime,
			 (long long)s->dtime, (long long)s->perm.ctime,
			 (unsigned long long)(file_pages(s->file) * PAGE_SIZE), 0ULL);
	}
}
