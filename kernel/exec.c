// SPDX-License-Identifier: MIT
/*
 * exec.c - execve: ELF64 executables (ET_EXEC, and ET_DYN: static-pie or
 * PIE), with the program interpreter PT_INTERP names (a dynamic linker:
 * loaded beside the program, where execution starts; AT_BASE says where),
 * and "#!" scripts.  The new image is built in a fresh address space; the
 * old one is dropped only once nothing can fail any more.  The initial
 * stack follows the System V x86-64 / AArch64 ABI: argc, argv, envp, auxv.
 * A set-user-ID or set-group-ID program (not on a nosuid mount) runs with
 * its owner as effective ID (cred_exec); auxv's AT_UID..AT_EGID show the
 * IDs and AT_SECURE whether they differ, and such a process is not
 * dumpable.  A script's own set-ID bits count for nothing: only the
 * interpreter's do, as in Linux.
 */
#include "kernel/kernel.h"
#include "kernel/elf.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/uaccess.h"
#include "kernel/vm.h"
#include "fs/vfs.h"
#include <arch/abi.h>
#include <arch/mmu.h>
#include <arch/signal.h>

#define STACK_TOP USER_TOP
#define STACK_SIZE (8UL << 20)
#define ET_DYN_BASE 0x555555554000UL
/*
 * Linux's limits with the default 8 MiB stack: strings and pointers of
 * argv and envp together at most a quarter of the stack, one string at
 * most 32 pages (MAX_ARG_STRLEN, NUL included); beyond either, E2BIG.
 */
#define ARG_MAX_BYTES (STACK_SIZE / 4)
#define MAX_ARG_STRLEN (32 * PAGE_SIZE)
#define ARGS_FIRST_CAP (2 * MAX_ARG_STRLEN)
#define MAX_ARGS 262144

/* Arguments copied out of the old address space. */
struct exec_args {
	char *buf;          /* argv strings then envp strings, NUL separated */
	size_t len, cap;    /* cap grows up to ARG_MAX_BYTES */
	int argc, envc;
};

/* Room for n more bytes (n <= MAX_ARG_STRLEN), growing the buffer. */
static int args_room(struct exec_args *a, size_t n)
{
	size_t cap;
	char *buf;

	if (a->len + n <= a->cap)
		return 0;
	if (a->len + n > ARG_MAX_BYTES)
		return -E2BIG;
	cap = MIN((size_t)ARG_MAX_BYTES, MAX(2 * a->cap, a->len + n));
	buf = kmalloc(cap);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, a->buf, a->len);
	kfree(a->buf);
	a->buf = buf;
	a->cap = cap;
	return 0;
}

/* The pointers count too: Linux checks strings and pointers together. */
static int args_check_total(const struct exec_args *a)
{
	size_t ptrs = ((size_t)MAX(a->argc, 1) + (size_t)a->envc) * sizeof(uint64_t);

	return a->len + ptrs > ARG_MAX_BYTES ? -E2BIG : 0;
}

static int args_push(struct exec_args *a, const char *s, size_t n)
{
	int err = n + 1 > MAX_ARG_STRLEN ? -E2BIG : args_room(a, n + 1);

	if (err)
		return err;
	memcpy(a->buf + a->len, s, n);
	a->buf[a->len + n] = 0;
	a->len += n + 1;
	return 0;
}

static int args_copy_user(struct exec_args *a, char *const __user *uv, int *count)
{
	for (int i = 0; uv; i++) {
		char *up;
		if (i >= MAX_ARGS)
			return -E2BIG;
		if (copy_from_user(&up, &uv[i], sizeof(up)))
			return -EFAULT;
		if (!up)
			break;
		int err = args_room(a, MIN((size_t)MAX_ARG_STRLEN, ARG_MAX_BYTES - a->len));
		if (err)
			return err;
		long n = strncpy_from_user(a->buf + a->len, up,
					   MIN((size_t)MAX_ARG_STRLEN, a->cap - a->len));
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return (int)n;
		a->len += n + 1;
		(*count)++;
	}
	return 0;
}

/* Insert s as argv[0] before the existing argv (for "#!" scripts). */
static int args_prepend(struct exec_args *a, const char *s)
{
	size_t n = strlen(s) + 1;
	int err = n > MAX_ARG_STRLEN ? -E2BIG : args_room(a, n);

	if (err)
		return err;
	memmove(a->buf + n, a->buf, a->len);
	memcpy(a->buf, s, n);
	a->len += n;
	a->argc++;
	return 0;
}

/* Drop argv[0] (replaced by the script path for "#!" scripts). */
static void args_shift(struct exec_args *a)
{
	size_t n;

	if (!a->argc)
		return;
	n = strlen(a->buf) + 1;
	memmove(a->buf, a->buf + n, a->len - n);
	a->len -= n;
	a->argc--;
}

struct loaded {
	uint64_t entry, phdr, phnum, brk, base;
	uint64_t start;         /* where execution begins: entry, or the interpreter's */
	uint64_t interp_base;   /* AT_BASE: the interpreter's load bias, or 0 */
};

/*
 * Map f's loadable segments into vm.  ET_DYN goes at ET_DYN_BASE, or for
 * the interpreter (interp) wherever the mmap area has room, as Linux puts
 * ld.so among the mappings.
 */
static int load_segments(struct vm *vm, struct file *f, struct elf64_ehdr *eh,
			 struct elf64_phdr *ph, bool interp, struct loaded *out)
{
	uint64_t lo, hi, base = 0;
	int err = elf_check_phdrs(ph, eh->e_phnum, file_size(f), USER_TOP, &lo, &hi);

	if (err)
		return err == -EINVAL ? -ENOEXEC : err;
	if (eh->e_type == ET_DYN && interp) {
		uint64_t at = vm_find_free(vm, hi - lo);
		if (!at)
			return -ENOMEM;
		base = at - lo;
	} else if (eh->e_type == ET_DYN) {
		base = ET_DYN_BASE - lo;
	}
	out->phdr = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr *p = &ph[i];
		if (p->p_type == PT_PHDR)
			out->phdr = base + p->p_vaddr;
		if (p->p_type != PT_LOAD)
			continue;
		unsigned prot = (p->p_flags & PF_R ? PROT_READ : 0) |
				(p->p_flags & PF_W ? PROT_WRITE : 0) |
				(p->p_flags & PF_X ? PROT_EXEC : 0);
		uint64_t va = base + p->p_vaddr;
		uint64_t start = ALIGN_DOWN(va, PAGE_SIZE);
		uint64_t fend = ALIGN_UP(va + p->p_filesz, PAGE_SIZE);
		uint64_t mend = ALIGN_UP(va + p->p_memsz, PAGE_SIZE);
		uint64_t off = p->p_offset - (va - start);
		if (fend > start) {
			err = vm_map_fixed(vm, start, fend - start, prot, MAP_PRIVATE, f,
					   off, p->p_offset + p->p_filesz);
			if (err)
				return err;
		}
		if (mend > MAX(fend, start)) {
			uint64_t s = MAX(fend, start);
			err = vm_map_fixed(vm, s, mend - s, prot,
					   MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, 0);
			if (err)
				return err;
		}
		if (!out->phdr && p->p_offset <= eh->e_phoff &&
		    eh->e_phoff < p->p_offset + p->p_filesz)
			out->phdr = va + (eh->e_phoff - p->p_offset);
	}
	out->entry = base + eh->e_entry;
	out->phnum = eh->e_phnum;
	out->brk = base + hi;
	out->base = base;
	return 0;
}

/*
 * The arch's signal-return trampoline, one read+exec page below the stack
 * (with a guard page between): what arm64 handlers return to when the C
 * library sets no restorer, as Linux's vDSO provides.
 */
static int map_sigtramp(struct vm *vm)
{
	size_t len;
	const void *code = arch_sigtramp_code(&len);
	uint64_t at = STACK_TOP - STACK_SIZE - 2 * PAGE_SIZE;
	int err;

	if (!code)
		return 0;
	err = vm_map_fixed(vm, at, PAGE_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, 0);
	if (!err && copy_to_user((void *)at, code, len))
		err = -EFAULT;
	if (!err)
		err = vm_protect(vm, at, at + PAGE_SIZE, PROT_READ | PROT_EXEC);
	if (!err)
		vm->sigtramp = at;
	return err;
}

/* Push bytes onto the new stack (current vm is the new one). */
static int push(uint64_t *sp, const void *data, size_t n)
{
	*sp -= n;
	return copy_to_user((void *)*sp, data, n);
}

/* What the new image runs as: its IDs and whether they are set-ID ones. */
struct exec_cred {
	struct cred cred;
	bool secure;            /* AT_SECURE; the process is not dumpable */
};

static int build_stack(struct exec_args *a, struct loaded *ld, const char *execfn,
		       const struct exec_cred *ec, uint64_t *sp_out)
{
	const struct cred *c = &ec->cred;
	uint64_t sp = STACK_TOP, strs, execfn_at, random_at, platform_at;
	uint8_t rnd[16];
	int nptr = a->argc + a->envc;

	if (push(&sp, execfn, strlen(execfn) + 1))
		return -EFAULT;
	execfn_at = sp;
	if (push(&sp, a->buf, a->len))
		return -EFAULT;
	strs = sp;
	if (push(&sp, ELF_PLATFORM, sizeof(ELF_PLATFORM)))
		return -EFAULT;
	platform_at = sp;
	random_bytes(rnd, sizeof(rnd));
	sp = ALIGN_DOWN(sp, 16);
	if (push(&sp, rnd, sizeof(rnd)))
		return -EFAULT;
	random_at = sp;

	uint64_t auxv[] = {
		3, ld->phdr, 4, sizeof(struct elf64_phdr), 5, ld->phnum,
		6, PAGE_SIZE, 7, ld->interp_base, 8, 0, 9, ld->entry, 11, c->uid, 12, c->euid,
		13, c->gid, 14, c->egid, 15, platform_at, 16, arch_elf_hwcap(),
		17, 100, 23, ec->secure,
		25, random_at, 26, 0, 31, execfn_at, 0, 0,
	};
	size_t words = 1 + (size_t)nptr + 2 + ARRAY_SIZE(auxv);
	sp = ALIGN_DOWN(sp - words * 8, 16);
	uint64_t *vec = kmalloc(words * 8);
	if (!vec)
		return -ENOMEM;
	size_t w = 0;
	vec[w++] = (uint64_t)a->argc;
	uint64_t s = strs, arg_end = strs + a->len;
	for (int i = 0; i < nptr; i++) {
		if (i == a->argc) {
			vec[w++] = 0;
			arg_end = s;
		}
		vec[w++] = s;
		s += strlen(a->buf + (s - strs)) + 1;
	}
	if (a->argc == nptr)
		vec[w++] = 0;
	vec[w++] = 0;
	memcpy(&vec[w], auxv, sizeof(auxv));
	int err = copy_to_user((void *)sp, vec, words * 8);
	kfree(vec);
	*sp_out = sp;
	current->vm->arg_start = strs;  /* the new space (exec_image) */
	current->vm->arg_end = current->vm->env_start = arg_end;
	current->vm->env_end = strs + a->len;
	current->vm->start_stack = sp;
	return err;
}

/* Read "#!interp [arg]" from the first line; 0 when not a script. */
static int parse_shebang(const char *buf, size_t n, char *interp, char *arg)
{
	size_t i = 2, j;

	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	while (i < n && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	for (j = 0; i < n && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n';)
		interp[j++] = buf[i++];
	interp[j] = 0;
	while (i < n && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	for (j = 0; i < n && buf[i] != '\n';)
		arg[j++] = buf[i++];
	while (j && (arg[j - 1] == ' ' || arg[j - 1] == '\t'))
		j--;
	arg[j] = 0;
	if (i == n && n == 256)
		return -ENOEXEC; /* interpreter line too long */
	return interp[0] ? 1 : -ENOEXEC;
}

static int open_exec(const char *path, struct file **out)
{
	int err = vfs_open_kernel(path, O_RDONLY, out);

	if (err)
		return err;
	err = file_may_exec(*out);
	if (err)
		file_put(*out);
	return err;
}

/*
 * Linux's de_thread: the other threads of the group end (without ending
 * the group), and a thread other than the leader takes over the leader's
 * pid, parent and children; the dispositions become the process's own.
 */
static void exec_single_thread(struct proc *p)
{
	struct proc *leader = p->group_leader, *t;
	struct list_head *l, *n;

	if (leader->live_threads > 1) {
		leader->group_exec = true;
		for_each_thread(p, t)
			if (t != p && t->state != P_ZOMBIE)
				signal_send_thread_kernel(t, SIGKILL);
		while (leader->live_threads > 1)
			waitq_sleep_uninterruptible(&leader->child_wait);
		leader->group_exec = false;
	}
	if (p != leader) {
		p->pid = leader->pid;
		p->group_leader = p;
		list_del(&leader->thread_node);
		list_init(&leader->thread_node);
		list_init(&p->threads);
		list_del(&p->thread_node);
		list_add_tail(&p->thread_node, &p->threads);
		p->live_threads = 1;
		p->exit_signal = leader->exit_signal;
		p->start_ns = leader->start_ns;
		p->cutime_ns = leader->cutime_ns;
		p->cstime_ns = leader->cstime_ns;
		p->cru = leader->cru;
		p->dead_utime_ns = leader->dead_utime_ns + leader->utime_ns;
		p->dead_stime_ns = leader->dead_stime_ns + leader->stime_ns;
		p->dead_ru = leader->dead_ru;
		ru_counts_add(&p->dead_ru, &leader->ru);
		list_add(&p->sibling, &leader->sibling);
		list_del(&leader->sibling);
		list_init(&leader->sibling);
		list_for_each_safe(l, n, &leader->children) {
			struct proc *c = list_entry(l, struct proc, sibling);
			list_del(&c->sibling);
			list_add_tail(&c->sibling, &p->children);
			for_each_thread(c, t)
				t->parent = p;
		}
		leader->reaped = true;
		proc_bury(leader);
	}
	if (p->sighand->refs > 1) {
		struct sighand *sh = kzalloc(sizeof(*sh));
		if (sh) { /* else keep sharing: the reset below is the same */
			memcpy(sh->action, p->sighand->action, sizeof(sh->action));
			sh->refs = 1;
			sighand_put(p->sighand);
			p->sighand = sh;
			p->sigaction = sh->action;
		}
	}
}

/* The point of no return: install the new image in the current process. */
/* nfiles: a private copy of a shared fd table (begin_new_exec's
 * unshare_files), or NULL. */
static void exec_commit(struct vm *nvm, struct files_state *nfiles, struct loaded *ld,
			uint64_t sp, const char *path, const struct exec_cred *ec)
{
	struct proc *p = current;
	struct vm *old = p->vm;
	const char *base = strrchr(path, '/');

	exec_single_thread(p);
	futex_exit_robust(p);           /* exec_mm_release, in the old space */
	p->vm = nvm;
	vm_put(old); /* a vfork child drops its borrowed space here */
	vm_activate(nvm);
	nvm->brk_start = nvm->brk = ld->brk;
	if (nfiles) {
		files_put(p->files);
		p->files = nfiles;
	}
	files_exec(p->files);
	p->cred = ec->cred;
	p->not_dumpable = ec->secure;   /* begin_new_exec's set_dumpable */
	signal_exec_reset(p);
	ptimer_release(p);
	strlcpy(p->comm, base ? base + 1 : path, sizeof(p->comm));
	arch_thread_init(&p->arch);
	arch_thread_switch(NULL, &p->arch, (uint64_t)p->kstack + KSTACK_SIZE);
	arch_tf_exec(p->tf, ld->start, sp);
	if (p->vfork_pending) {
		p->vfork_pending = false;
		waitq_wake(&p->vfork_wait);
	}
}

/* f's ELF header and program headers (*ph kmalloc'd); 0 or -ENOEXEC/-ENOMEM. */
static int read_elf(struct file *f, struct elf64_ehdr *eh, struct elf64_phdr **ph)
{
	size_t phsz;

	if (file_read_kernel(f, eh, sizeof(*eh), 0) != sizeof(*eh) ||
	    elf_check_header(eh, ELF_MACHINE))
		return -ENOEXEC;
	phsz = (size_t)eh->e_phnum * sizeof(**ph);
	*ph = kmalloc(phsz);
	if (!*ph)
		return -ENOMEM;
	if (file_read_kernel(f, *ph, phsz, (off_t)eh->e_phoff) != (ssize_t)phsz) {
		kfree(*ph);
		return -ENOEXEC;
	}
	return 0;
}

/* The PT_INTERP path, opened for execution; *out NULL when there is none. */
static int open_interp(struct file *f, const struct elf64_ehdr *eh,
		       const struct elf64_phdr *ph, struct file **out)
{
	char *name;
	int err;

	*out = NULL;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_INTERP)
			continue;
		/* Linux: at least "/" and NUL, at most PATH_MAX, NUL-terminated. */
		if (ph[i].p_filesz < 2 || ph[i].p_filesz > PATH_MAX)
			return -ENOEXEC;
		name = kmalloc(ph[i].p_filesz);
		if (!name)
			return -ENOMEM;
		err = -ENOEXEC;
		if (file_read_kernel(f, name, ph[i].p_filesz, (off_t)ph[i].p_offset) ==
			    (ssize_t)ph[i].p_filesz && !name[ph[i].p_filesz - 1])
			err = open_exec(name, out);
		kfree(name);
		return err;
	}
	return 0;
}

/* Load the interpreter into vm: execution starts at its entry. */
static int load_interp(struct vm *vm, struct file *fi, struct loaded *ld)
{
	struct elf64_ehdr eh;
	struct elf64_phdr *ph;
	struct loaded il;
	int err;

	/* Linux's answers: a short read is EIO, anything but ELF ELIBBAD. */
	if (file_size(fi) < sizeof(eh))
		return -EIO;
	err = read_elf(fi, &eh, &ph);
	if (err)
		return err == -ENOEXEC ? -ELIBBAD : err;
	err = load_segments(vm, fi, &eh, ph, true, &il);
	kfree(ph);
	if (err)
		return err;
	ld->start = il.entry;
	ld->interp_base = il.base;
	return 0;
}

/* The IDs after exec of f (set-ID bits, unless its mount is nosuid). */
static void exec_cred_of(struct file *f, struct exec_cred *ec)
{
	uint32_t uid, gid, setid = file_exec_setid(f, &uid, &gid);

	if (current->no_new_privs)
		setid = 0; /* set-id bits do not apply (no_new_privs(2) man page) */
	ec->cred = current->cred;
	ec->secure = cred_exec(&ec->cred, setid, uid, gid);
}

static int exec_image(const char *path, struct file *f, struct exec_args *a)
{
	struct exec_cred ec;
	struct elf64_ehdr eh;
	struct elf64_phdr *ph;
	struct loaded ld;
	struct vm *nvm, *old = current->vm;
	struct file *interp;
	struct files_state *nfiles = NULL;
	uint64_t sp;
	int err;

	err = read_elf(f, &eh, &ph);
	if (err)
		return err;
	err = open_interp(f, &eh, ph, &interp);
	if (err)
		goto out_free_ph;
	err = -ENOMEM;
	nvm = vm_new();
	if (!nvm)
		goto out_put_interp;
	err = load_segments(nvm, f, &eh, ph, false, &ld);
	ld.start = ld.entry;
	ld.interp_base = 0;
	if (!err && interp)
		err = load_interp(nvm, interp, &ld);
	if (!err)
		err = vm_map_fixed(nvm, STACK_TOP - STACK_SIZE, STACK_SIZE,
				   PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
				   MAP_GROWSDOWN, NULL, 0, 0);
	if (err)
		goto out_free_vm;
	exec_cred_of(f, &ec);
	current->vm = nvm; /* build the stack in the new space */
	vm_activate(nvm);
	err = map_sigtramp(nvm);
	if (!err)
		err = build_stack(a, &ld, path, &ec, &sp);
	current->vm = old;
	vm_activate(old);
	if (!err && files_shared(current->files) &&
	    !(nfiles = files_fork(current->files)))
		err = -ENOMEM;
	if (err)
		goto out_free_vm;
	exec_commit(nvm, nfiles, &ld, sp, path, &ec);
	if (interp)
		file_put(interp);
	kfree(ph);
	return 0;

out_free_vm:
	vm_free(nvm);
out_put_interp:
	if (interp)
		file_put(interp);
out_free_ph:
	kfree(ph);
	return err;
}

static int do_execve(const char *path, struct exec_args *a)
{
	char buf[256], interp[256], arg[256];
	char *cur = kmalloc(PATH_MAX);
	int err = -ELOOP;

	if (!cur)
		return -ENOMEM;
	strlcpy(cur, path, PATH_MAX);
	for (int depth = 0; depth < 5; depth++) {
		struct file *f;
		err = open_exec(cur, &f);
		if (err)
			break;
		ssize_t n = file_read_kernel(f, buf, sizeof(buf), 0);
		int sh = n < 0 ? (int)n : parse_shebang(buf, (size_t)n, interp, arg);
		/*
		 * The name the caller gave, not the interpreter's, becomes
		 * comm and AT_EXECFN, as on Linux (bprm->filename): pidof
		 * finds a script by its own name.
		 */
		if (sh == 0)
			err = exec_image(path, f, a);
		file_put(f);
		if (sh <= 0) {
			err = sh < 0 ? sh : err;
			break;
		}
		/* argv becomes: interp [arg] script argv[1..] */
		args_shift(a);
		if ((err = args_prepend(a, cur)) ||
		    (arg[0] && (err = args_prepend(a, arg))) ||
		    (err = args_prepend(a, interp)))
			break;
		strlcpy(cur, interp, PATH_MAX);
		err = -ELOOP;
	}
	kfree(cur);
	return err;
}

long sys_execve(const char __user *upath, char *const __user *argv,
		char *const __user *envp)
{
	struct exec_args a = { 0 };
	char *path = kmalloc(PATH_MAX);
	long err;

	if (!path)
		return -ENOMEM;
	err = strncpy_from_user(path, upath, PATH_MAX);
	if (err < 0)
		goto out;
	if (err == 0) {
		err = -ENOENT;
		goto out;
	}
	a.cap = ARGS_FIRST_CAP;
	a.buf = kmalloc(a.cap);
	err = -ENOMEM;
	if (!a.buf)
		goto out;
	err = args_copy_user(&a, argv, &a.argc);
	if (!err)
		err = args_copy_user(&a, envp, &a.envc);
	if (!err)
		err = args_check_total(&a);
	if (!err)
		err = do_execve(path, &a);
	kfree(a.buf);
out:
	kfree(path);
	return err;
}

/* Start PID 1 (called in its context from fork_finish). */
int exec_init(const char *path, const char *const argv[], const char *const envp[])
{
	struct exec_args a = { 0 };
	int err;

	a.cap = ARGS_FIRST_CAP;
	a.buf = kmalloc(a.cap);
	if (!a.buf)
		return -ENOMEM;
	for (int i = 0; argv[i]; i++, a.argc++)
		if ((err = args_push(&a, argv[i], strlen(argv[i]))))
			goto out;
	for (int i = 0; envp[i]; i++, a.envc++)
		if ((err = args_push(&a, envp[i], strlen(envp[i]))))
			goto out;
	err = do_execve(path, &a);
out:
	kfree(a.buf);
	return err;
}
