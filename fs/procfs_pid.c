// SPDX-License-Identifier: MIT
/*
 * procfs_pid.c - /proc/<pid>: stat (the 52 fields of fs/proc/array.c's
 * do_task_stat), status, statm, cmdline (read from the process's memory
 * between the argv bounds execve recorded), comm, mounts, mountinfo (of
 * the process's mount namespace), the cwd, root and exe links, the fd and
 * fdinfo directories, and ns (procfs_ns.c).  The links
 * are magic, as Linux's: a walk through one goes to the object itself, so
 * opening /proc/self/fd/N opens the file again even when it has no name
 * (a pipe) or its name is gone (" (deleted)").
 *
 * What the kernel does not track shows as Linux shows an absent figure:
 * page-fault counts and CPU times as 0 (no accounting yet), no controlling
 * tty (tty_nr 0, tpgid -1) until the tty layer exposes one.  A zombie has
 * no memory: its sizes are 0 and its cmdline is empty, as in Linux.
 */
#include "fs/procfs_internal.h"
#include "kernel/mm.h"
#include "kernel/time.h"
#include "kernel/vm.h"
#include <arch/mmu.h>

#define RLIMIT_RSS 5
#define RLIMIT_SIGPENDING 11
#define SIG_IGN_HANDLER 1
#define CMDLINE_MAX (128 * 1024)

static bool pid_valid(long ctx)
{
	return procfs_task(ctx) != NULL;
}

/*
 * Linux's task_dump_owner: a process's files belong to its effective IDs,
 * or to root while it is not dumpable (after a set-ID execve or a change
 * of IDs); its directory itself always to its effective IDs.
 */
static void pid_owner(long pid, struct inode *inode, bool dir)
{
	struct proc *p = procfs_task(pid);

	inode->uid = inode->gid = 0;
	if (p && (dir || !p->not_dumpable)) {
		inode->uid = p->cred.euid;
		inode->gid = p->cred.egid;
	}
}

static void pid_attr(long pid, struct inode *inode)
{
	pid_owner(pid, inode, false);
}

static void pid_dir_attr(long pid, struct inode *inode)
{
	pid_owner(pid, inode, true);
}

static struct vm *task_vm(struct proc *p)
{
	return p->state == P_ZOMBIE ? NULL : p->vm;
}

static char task_state(struct proc *p, const char **name)
{
	switch (p->state) {
	case P_RUNNABLE:
	case P_RUNNING:
		*name = "running";
		return 'R';
	case P_ZOMBIE:
		*name = "zombie";
		return 'Z';
	case P_SLEEPING:
		*name = "sleeping";
		return 'S';
	default:
		*name = "stopped";
		return 'T';
	}
}

/* Sizes in pages, from the areas of the address space. */
struct vm_sizes {
	uint64_t total, rss, data, stack, exe;
	uint64_t start_code, end_code, start_data, end_data;
};

static uint64_t resident(struct vm *vm, struct vma *v)
{
	uint64_t n = 0, va;

	for (va = mmu_next_mapped(vm->root, v->start, v->end); va < v->end;
	     va = mmu_next_mapped(vm->root, va + PAGE_SIZE, v->end))
		n++;
	return n;
}

static void vm_sizes(struct vm *vm, struct vm_sizes *s)
{
	struct list_head *l;

	memset(s, 0, sizeof(*s));
	if (!vm)
		return;
	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		uint64_t pages = (v->end - v->start) / PAGE_SIZE;

		s->total += pages;
		s->rss += resident(vm, v);
		if (v->flags & MAP_GROWSDOWN) {
			s->stack += pages;
		} else if ((v->prot & PROT_EXEC) && v->file) {
			s->exe += pages;
			if (!s->start_code)
				s->start_code = v->start;
			s->end_code = v->end;
		} else if ((v->prot & PROT_WRITE) && !(v->flags & MAP_SHARED)) {
			s->data += pages;
			if (v->file && !s->start_data) {
				s->start_data = v->start;
				s->end_data = v->end;
			}
		}
	}
}

/* Handlers ignored and caught, as sigsets (bit sig - 1). */
static void sig_handled(struct proc *p, uint64_t *ign, uint64_t *cgt)
{
	*ign = *cgt = 0;
	for (int i = 0; i < 64; i++) {
		if (p->sigaction[i].handler == SIG_IGN_HANDLER)
			*ign |= 1ULL << i;
		else if (p->sigaction[i].handler)
			*cgt |= 1ULL << i;
	}
}

static int task_ppid(struct proc *p)
{
	struct proc *parent = p->group_leader->parent;

	return parent ? parent->tgid : 0;
}

/* A zombie leader whose threads all ended counts as one, as in Linux. */
/* stat's priority: prio - MAX_RT_PRIO, so -2..-100 for real-time ones. */
static int task_prio(struct proc *p)
{
	return p->rt_priority ? -1 - p->rt_priority : 20 + p->nice;
}

static int task_threads(struct proc *p)
{
	int n = p->group_leader->live_threads;

	return n ? n : 1;
}

static int show_stat(struct seqbuf *m, long pid)
{
	struct proc *p = procfs_task(pid);
	struct vm *vm;
	struct vm_sizes s;
	uint64_t ign, cgt;
	const char *name;
	char state;

	if (!p)
		return -ESRCH;
	vm = task_vm(p);
	vm_sizes(vm, &s);
	sig_handled(p, &ign, &cgt);
	state = task_state(p, &name);
	seq_printf(m, "%d (%s) %c %d %d %d 0 -1 0 %lu %lu %lu %lu ", p->pid, p->comm,
		   state, task_ppid(p), p->pgid, p->sid,
		   (unsigned long)p->ru.minflt, (unsigned long)p->cru.minflt,
		   (unsigned long)p->ru.majflt, (unsigned long)p->cru.majflt);
	seq_printf(m, "%lu %lu %lu %lu %d %d %d 0 %lu ", ns_to_clock_t(p->utime_ns),
		   ns_to_clock_t(p->stime_ns), ns_to_clock_t(p->cutime_ns), ns_to_clock_t(p->cstime_ns),
		   task_prio(p), p->nice, task_threads(p), ns_to_clock_t(p->start_ns));
	seq_printf(m, "%lu %lu %lu ", (unsigned long)(s.total * PAGE_SIZE),
		   (unsigned long)s.rss, (unsigned long)p->rlim[RLIMIT_RSS].cur);
	seq_printf(m, "%lu %lu %lu 0 0 ", (unsigned long)s.start_code,
		   (unsigned long)s.end_code,
		   (unsigned long)(vm ? vm->start_stack : 0));
	seq_printf(m, "%lu %lu %lu %lu %d 0 0 %d 0 %d %d 0 0 0 ",
		   (unsigned long)(p->sig_pending & 0x7fffffff),
		   (unsigned long)(p->sig_blocked & 0x7fffffff),
		   (unsigned long)(ign & 0x7fffffff), (unsigned long)(cgt & 0x7fffffff),
		   state == 'S', p->exit_signal, p->rt_priority,
		   p->policy & ~SCHED_RESET_ON_FORK);
	seq_printf(m, "%lu %lu %lu %lu %lu %lu %lu %d\n",
		   (unsigned long)s.start_data, (unsigned long)s.end_data,
		   (unsigned long)(vm ? vm->brk_start : 0),
		   (unsigned long)(vm ? vm->arg_start : 0),
		   (unsigned long)(vm ? vm->arg_end : 0),
		   (unsigned long)(vm ? vm->env_start : 0),
		   (unsigned long)(vm ? vm->env_end : 0),
		   p->state == P_ZOMBIE ? p->exit_status : 0);
	return 0;
}

static void seq_vm_kb(struct seqbuf *m, const char *label, uint64_t pages)
{
	seq_printf(m, "%s\t%8lu kB\n", label,
		   (unsigned long)(pages * (PAGE_SIZE / 1024)));
}

static void status_ids(struct seqbuf *m, struct proc *p)
{
	const struct cred *c = &p->cred;

	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\n", c->uid, c->euid, c->suid, c->fsuid);
	seq_printf(m, "Gid:\t%u\t%u\t%u\t%u\n", c->gid, c->egid, c->sgid, c->fsgid);
	seq_puts(m, "FDSize:\t64\nGroups:\t");
	for (int i = 0; i < c->ngroups; i++)
		seq_printf(m, "%s%u", i ? " " : "", c->groups[i]);
	seq_puts(m, " \n");
}

static void status_vm(struct seqbuf *m, struct proc *p, struct vm *vm)
{
	struct vm_sizes s;

	if (!vm)
		return;
	vm_sizes(vm, &s);
	seq_vm_kb(m, "VmPeak:", s.total);
	seq_vm_kb(m, "VmSize:", s.total);
	seq_vm_kb(m, "VmLck:", 0);
	seq_vm_kb(m, "VmPin:", 0);
	seq_vm_kb(m, "VmHWM:", MAX(s.rss, p->ru.maxrss_kb / (PAGE_SIZE / 1024)));
	seq_vm_kb(m, "VmRSS:", s.rss);
	seq_vm_kb(m, "VmData:", s.data);
	seq_vm_kb(m, "VmStk:", s.stack);
	seq_vm_kb(m, "VmExe:", s.exe);
	seq_vm_kb(m, "VmLib:", 0);
	seq_vm_kb(m, "VmSwap:", 0);
}

static int show_status(struct seqbuf *m, long pid)
{
	struct proc *p = procfs_task(pid);
	uint64_t ign, cgt, umask;
	const char *name;
	char state;
	int ppid;

	if (!p)
		return -ESRCH;
	state = task_state(p, &name);
	ppid = task_ppid(p);
	umask = p->fs ? p->fs->umask : 022;
	seq_printf(m, "Name:\t%s\nUmask:\t0%u%u%u\nState:\t%c (%s)\n", p->comm,
		   (unsigned)(umask >> 6) & 7, (unsigned)(umask >> 3) & 7,
		   (unsigned)umask & 7, state, name);
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		   p->tgid, p->pid, ppid);
	status_ids(m, p);
	seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		   p->tgid, p->pid, p->pgid, p->sid);
	status_vm(m, p, task_vm(p));
	sig_handled(p, &ign, &cgt);
	seq_printf(m, "Threads:\t%d\nSigQ:\t%d/%lu\n", task_threads(p), p->sig_rtq_len,
		   (unsigned long)p->rlim[RLIMIT_SIGPENDING].cur);
	seq_printf(m, "SigPnd:\t%016lx\nShdPnd:\t%016lx\n",
		   (unsigned long)p->sig_pending, (unsigned long)p->sig_pending);
	seq_printf(m, "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
		   (unsigned long)p->sig_blocked, (unsigned long)ign,
		   (unsigned long)cgt);
	seq_printf(m, "CapInh:\t0000000000000000\nCapPrm:\t%s\nCapEff:\t%s\n",
		   p->cred.euid ? "0000000000000000" : "000001ffffffffff",
		   p->cred.euid ? "0000000000000000" : "000001ffffffffff");
	seq_printf(m, "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n"
		   "NoNewPrivs:\t%d\nSeccomp:\t0\n"
		   "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n", p->no_new_privs);
	seq_printf(m, "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
		   (unsigned long)p->ru.nvcsw, (unsigned long)p->ru.nivcsw);
	return 0;
}

static int show_statm(struct seqbuf *m, long pid)
{
	struct proc *p = procfs_task(pid);
	struct vm_sizes s;

	if (!p)
		return -ESRCH;
	vm_sizes(task_vm(p), &s);
	seq_printf(m, "%lu %lu 0 %lu 0 %lu 0\n", (unsigned long)s.total,
		   (unsigned long)s.rss, (unsigned long)s.exe,
		   (unsigned long)(s.data + s.stack));
	return 0;
}

/*
 * The argv strings.  A program that wrote over the NUL ending them
 * (setproctitle) gets its string read on into the environment up to the
 * first NUL, as get_mm_cmdline does.
 */
static int show_cmdline(struct seqbuf *m, long pid)
{
	struct proc *p = procfs_task(pid);
	struct vm *vm;
	size_t len, got;
	char *buf;

	if (!p)
		return -ESRCH;
	vm = task_vm(p);
	if (!vm || vm->arg_end <= vm->arg_start)
		return 0;
	len = MIN(vm->env_end - vm->arg_start, (uint64_t)CMDLINE_MAX);
	buf = kmalloc(len ? len : 1);
	if (!buf)
		return -ENOMEM;
	got = vm_read(vm, vm->arg_start, buf, len);
	len = MIN(got, vm->arg_end - vm->arg_start);
	if (len == vm->arg_end - vm->arg_start && len && buf[len - 1])
		len = strnlen(buf, got);
	seq_write(m, buf, len);
	kfree(buf);
	return 0;
}

static int show_comm(struct seqbuf *m, long pid)
{
	struct proc *p = procfs_task(pid);

	if (!p)
		return -ESRCH;
	seq_printf(m, "%s\n", p->comm);
	return 0;
}

/* Its mount namespace's table (EINVAL once it has exited, as Linux). */
static int show_ns_mounts(struct seqbuf *m, long pid,
			  void (*show)(struct seqbuf *m, struct mnt_ns *ns))
{
	struct proc *p = procfs_task(pid);

	if (!p)
		return -ESRCH;
	if (!p->mnt_ns)
		return -EINVAL;
	show(m, p->mnt_ns);
	return 0;
}

static int show_mounts(struct seqbuf *m, long pid)
{
	return show_ns_mounts(m, pid, mount_show_mounts);
}

static int show_mountinfo(struct seqbuf *m, long pid)
{
	return show_ns_mounts(m, pid, mount_show_mountinfo);
}

/*
 * cwd and root: the directory itself (magic links, as Linux's) and the bind
 * mount it was reached through (*mnt, no reference taken).
 */
static struct inode *task_dir(long pid, bool root, struct mount **mnt)
{
	struct proc *p = procfs_task(pid);

	if (!p || !p->fs)
		return NULL;
	*mnt = root ? p->fs->root_mnt : p->fs->cwd_mnt;
	return root ? p->fs->root : p->fs->cwd;
}

/* The directory's path as the reader sees it. */
static int link_dir(struct seqbuf *m, long pid, bool root)
{
	struct mount *mnt;
	struct inode *dir = task_dir(pid, root, &mnt);
	char *buf, *start;
	int err;

	if (!dir)
		return -ENOENT;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	err = vfs_path_in(mnt, dir, buf, &start);
	if (!err)
		seq_puts(m, start);
	kfree(buf);
	return err;
}

static int follow_dir(long pid, bool root, struct link_target *t)
{
	struct mount *mnt;
	struct inode *dir = task_dir(pid, root, &mnt);

	if (!dir)
		return -ENOENT;
	t->inode = inode_get(dir);
	t->mnt = mount_get(mnt);
	return 0;
}

static int link_cwd(struct seqbuf *m, long pid)
{
	return link_dir(m, pid, false);
}

static int link_root(struct seqbuf *m, long pid)
{
	return link_dir(m, pid, true);
}

static int follow_cwd(long pid, struct link_target *t)
{
	return follow_dir(pid, false, t);
}

static int follow_root(long pid, struct link_target *t)
{
	return follow_dir(pid, true, t);
}

/* An open file's name (file_path) and the jump to it. */
static int link_file(struct seqbuf *m, struct file *f)
{
	char *buf, *start;
	int err;

	if (!f)
		return -ENOENT;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	err = file_path(f, buf, &start);
	if (!err)
		seq_puts(m, start);
	kfree(buf);
	return err;
}

static int follow_file(struct file *f, struct link_target *t)
{
	if (!f || !f->inode)
		return -ENOENT;
	t->inode = inode_get(f->inode);
	t->mnt = mount_get(f->mnt);
	if (f->dir) {
		t->dir = inode_get(f->dir);
		strlcpy(t->name, f->name, sizeof(t->name));
	}
	return 0;
}

/*
 * exe: the file the program was loaded from, which is what its first
 * file-backed executable mapping maps (execve loads no interpreter).
 */
static struct file *task_exe(long pid)
{
	struct proc *p = procfs_task(pid);
	struct vm *vm = p ? task_vm(p) : NULL;
	struct list_head *l;

	if (!vm)
		return NULL;
	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->file && (v->prot & PROT_EXEC))
			return v->file;
	}
	return NULL;
}

/*
 * maps: one line per mapping as Linux prints it; the name column starts
 * at 74 (Linux pads to 25 + 6 * sizeof(void *) - 1).  The signal return
 * trampoline page plays the vDSO's part and is named so.
 */
static void show_map_name(struct seqbuf *m, size_t line, struct vm *vm,
			  struct vma *v, char *buf)
{
	const char *name = NULL;
	char *start;

	if (v->file && !file_path(v->file, buf, &start))
		name = start;
	else if (v->file)
		return;
	else if (v->flags & MAP_GROWSDOWN)
		name = "[stack]";
	else if (v->start == vm->sigtramp)
		name = "[vdso]";
	else if (v->start <= vm->brk && v->end > vm->brk_start)
		name = "[heap]";
	if (!name)
		return;
	while (m->len < line + 73 && !m->failed)
		seq_puts(m, " ");
	seq_puts(m, name);
}

/*
 * smaps' counts of a mapping, those this kernel keeps: its size and the
 * pages present (nothing is swapped or locked).  Sharing and dirtiness
 * (Pss, Shared_*, Private_*) are not tracked per page, so they are left
 * out rather than guessed.
 */
static void show_smap(struct seqbuf *m, struct vm *vm, struct vma *v)
{
	seq_printf(m, "Size:           %8lu kB\nKernelPageSize: %8lu kB\n"
		   "MMUPageSize:    %8lu kB\nRss:            %8lu kB\n",
		   (unsigned long)((v->end - v->start) >> 10), PAGE_SIZE >> 10,
		   PAGE_SIZE >> 10, (unsigned long)(resident(vm, v) * (PAGE_SIZE >> 10)));
	seq_puts(m, "Swap:                  0 kB\nSwapPss:               0 kB\n"
		 "Locked:                0 kB\n");
}

static int show_vmas(struct seqbuf *m, long pid, bool smaps)
{
	struct proc *p = procfs_task(pid);
	struct vm *vm = p ? task_vm(p) : NULL;
	struct list_head *l;
	char *buf;

	if (!p)
		return -ESRCH;
	if (!vm)
		return 0;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		struct inode *ino = v->file ? v->file->inode : NULL;
		size_t line = m->len;

		seq_printf(m, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
			   (unsigned long)v->start, (unsigned long)v->end,
			   v->prot & PROT_READ ? 'r' : '-', v->prot & PROT_WRITE ? 'w' : '-',
			   v->prot & PROT_EXEC ? 'x' : '-', v->flags & MAP_SHARED ? 's' : 'p',
			   (unsigned long)(ino ? v->file_off : 0),
			   ino ? DEV_MAJOR(ino->sb->dev) : 0, ino ? DEV_MINOR(ino->sb->dev) : 0,
			   (unsigned long)(ino ? ino->ino : 0));
		show_map_name(m, line, vm, v, buf);
		seq_puts(m, "\n");
		if (smaps)
			show_smap(m, vm, v);
	}
	kfree(buf);
	return 0;
}

static int show_maps(struct seqbuf *m, long pid)
{
	return show_vmas(m, pid, false);
}

static int show_smaps(struct seqbuf *m, long pid)
{
	return show_vmas(m, pid, true);
}

static int link_exe(struct seqbuf *m, long pid)
{
	return link_file(m, task_exe(pid));
}

static int follow_exe(long pid, struct link_target *t)
{
	return follow_file(task_exe(pid), t);
}

/*
 * fd/N and fdinfo/N: the context is the pid and the fd together, so a
 * node knows both.
 */
#define FD_BITS 10
_Static_assert(FD_MAX == 1 << FD_BITS, "fd contexts hold FD_MAX fds");
#define FD_CTX(pid, fd) (((pid) << FD_BITS) | (fd))

static struct files_state *task_files(long ctx)
{
	struct proc *p = procfs_task(ctx >> FD_BITS);

	return p ? p->files : NULL;
}

static struct file *task_file(long ctx)
{
	struct files_state *files = task_files(ctx);

	return files ? files->fds[ctx & (FD_MAX - 1)] : NULL;
}

static bool fd_valid(long ctx)
{
	return task_file(ctx) != NULL;
}

static int fd_dyn_lookup(long pid, const char *name, size_t len, long *ctx)
{
	long fd;

	if (procfs_name_num(name, len, &fd) || fd >= FD_MAX ||
	    !task_file(FD_CTX(pid, fd)))
		return -ENOENT;
	*ctx = FD_CTX(pid, fd);
	return 0;
}

static bool fd_next(long pid, long *ctx, char *name, size_t size)
{
	long fd = *ctx > FD_CTX(pid, 0) ? *ctx - FD_CTX(pid, 0) : 0;

	for (; fd < FD_MAX; fd++) {
		if (!task_file(FD_CTX(pid, fd)))
			continue;
		*ctx = FD_CTX(pid, fd);
		snprintf(name, size, "%ld", fd);
		return true;
	}
	return false;
}

static int link_fd(struct seqbuf *m, long ctx)
{
	return link_file(m, task_file(ctx));
}

static int follow_fd(long ctx, struct link_target *t)
{
	return follow_file(task_file(ctx), t);
}

/* fdinfo/N: the position, the status flags (with O_CLOEXEC), the mount. */
static int show_fdinfo(struct seqbuf *m, long ctx)
{
	struct files_state *files = task_files(ctx);
	struct file *f = task_file(ctx);
	int fd = (int)(ctx & (FD_MAX - 1));
	unsigned flags;
	struct mount *mnt;

	if (!f)
		return -ENOENT;
	flags = f->flags;
	if (files->cloexec[fd / 64] & (1ULL << (fd % 64)))
		flags |= O_CLOEXEC;
	mnt = f->inode ? mnt_of(f->mnt, f->inode) : NULL;
	seq_printf(m, "pos:\t%ld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n",
		   (long)f->pos, flags, mnt ? mnt->id : 0,
		   (unsigned long)(f->inode ? f->inode->ino : 0));
	return 0;
}

/* The fd directories are always open to their own process. */
static bool pid_is_self(long pid)
{
	struct proc *p = procfs_task(pid);

	return current && p && p->tgid == current->tgid;
}

static void fdinfo_attr(long ctx, struct inode *inode)
{
	pid_attr(ctx >> FD_BITS, inode);
}

/* An fd link's permissions say how the file is open (proc_fd_instantiate). */
static void fd_attr(long ctx, struct inode *inode)
{
	struct file *f = task_file(ctx);

	fdinfo_attr(ctx, inode);
	inode->mode = S_IFLNK;
	if (f && file_readable(f))
		inode->mode |= 0500;
	if (f && file_writable(f))
		inode->mode |= 0300;
}

static const struct pseudo_entry fd_entry = {
	.name = "<fd>", .mode = S_IFLNK | 0700, .valid = fd_valid,
	.link = link_fd, .follow = follow_fd, .attr = fd_attr,
};

static const struct pseudo_entry fdinfo_entry = {
	.name = "<fd>", .mode = S_IFREG | 0444, .valid = fd_valid,
	.show = show_fdinfo, .attr = fdinfo_attr,
};

static const struct pseudo_dyn fd_dyn = {
	.lookup = fd_dyn_lookup, .next = fd_next, .entry = &fd_entry,
};

static const struct pseudo_dyn fdinfo_dyn = {
	.lookup = fd_dyn_lookup, .next = fd_next, .entry = &fdinfo_entry,
};

/* task/: the threads of the group, by tid. */
static int task_lookup(long pid, const char *name, size_t len, long *ctx)
{
	struct proc *p = procfs_task(pid), *t;
	long tid;

	if (!p || procfs_name_num(name, len, &tid) || !(t = procfs_task(tid)) ||
	    t->group_leader != p->group_leader)
		return -ENOENT;
	*ctx = tid;
	return 0;
}

static bool task_next(long pid, long *ctx, char *name, size_t size)
{
	struct proc *p = procfs_task(pid), *t;
	long best = -1;

	if (!p)
		return false;
	for_each_thread(p, t)
		if (t->pid >= *ctx && (best < 0 || t->pid < best))
			best = t->pid;
	if (best < 0)
		return false;
	*ctx = best;
	snprintf(name, size, "%ld", best);
	return true;
}

#define PID_FILE(n, fn) { .name = n, .mode = S_IFREG | 0444, .show = fn, \
			  .attr = pid_attr }
#define PID_LINK(n, fn, j) { .name = n, .mode = S_IFLNK | 0777, .link = fn, \
			    .follow = j, .attr = pid_attr }
#define PID_DIR(n, d) { .name = n, .mode = S_IFDIR | 0500, .dyn = d, \
			.attr = pid_attr, .may_access = pid_is_self }

/* task: the process's threads, each a directory like the process's own
 * but for task itself (Linux's tid_base_stuff). */
static const struct pseudo_entry tid_dir;

static const struct pseudo_dyn task_dyn = {
	.lookup = task_lookup, .next = task_next, .entry = &tid_dir,
};

/* "task" comes first so that a thread's directory can leave it out. */
static const struct pseudo_entry pid_entries[] = {
	{ .name = "task", .mode = S_IFDIR | 0555, .dyn = &task_dyn, .attr = pid_dir_attr },
	PID_FILE("cmdline", show_cmdline),
	PID_FILE("comm", show_comm),
	PID_LINK("cwd", link_cwd, follow_cwd),
	PID_LINK("exe", link_exe, follow_exe),
	PID_DIR("fd", &fd_dyn),
	PID_DIR("fdinfo", &fdinfo_dyn),
	PID_FILE("maps", show_maps),
	PID_FILE("mountinfo", show_mountinfo),
	PID_FILE("mounts", show_mounts),
	{ .name = "ns", .mode = S_IFDIR | 0511, .children = proc_ns_entries,
	  .attr = pid_attr },
	PID_LINK("root", link_root, follow_root),
	PID_FILE("sched", procfs_show_sched),
	PID_FILE("smaps", show_smaps),
	PID_FILE("stat", show_stat),
	PID_FILE("statm", show_statm),
	PID_FILE("status", show_status),
	{ .name = NULL },
};

static const struct pseudo_entry tid_dir = {
	.name = "<tid>",
	.mode = S_IFDIR | 0555,
	.children = pid_entries + 1,
	.valid = pid_valid,
	.attr = pid_dir_attr,
};

const struct pseudo_entry proc_pid_dir = {
	.name = "<pid>",
	.mode = S_IFDIR | 0555,
	.children = pid_entries,
	.valid = pid_valid,
	.attr = pid_dir_attr,
};
