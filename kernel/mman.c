// SPDX-License-Identifier: MIT
/* mman.c - brk, mmap, munmap, mprotect: argument checks, then kernel/vm.c. */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/vm.h"
#include "fs/vfs.h"
#include <arch/mmu.h>

#define MAP_TYPE 0x0f
#define MAP_SHARED_VALIDATE 0x03

long sys_brk(uint64_t addr)
{
	struct vm *vm = current->vm;
	uint64_t old = ALIGN_UP(vm->brk, PAGE_SIZE), want = ALIGN_UP(addr, PAGE_SIZE);

	if (addr < vm->brk_start || addr >= USER_TOP - (8UL << 20) - (1UL << 30))
		return (long)vm->brk;
	if (want > old) {
		/* Refuse to grow over another mapping. */
		if (vm_range_used(vm, old, want))
			return (long)vm->brk;
		if (vm_map_fixed(vm, old, want - old, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, 0))
			return (long)vm->brk;
	} else if (want < old) {
		vm_unmap(vm, want, old - want);
	}
	vm->brk = addr;
	return (long)addr;
}

long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off)
{
	struct vm *vm = current->vm;
	struct file *f = NULL, *anon = NULL;
	unsigned type = flags & MAP_TYPE;
	uint64_t at;
	int err;

	if (!len)
		return -EINVAL;
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	if (type != MAP_PRIVATE && type != MAP_SHARED &&
	    (type != MAP_SHARED_VALIDATE || (flags & MAP_ANONYMOUS)))
		return -EINVAL;
	if (len > USER_TOP)
		return -ENOMEM;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!(flags & MAP_ANONYMOUS)) {
		f = fd_lookup(fd);
		if (!f)
			return -EBADF;
		if ((f->flags & O_ACCMODE) == O_WRONLY)
			return -EACCES;
		if (type != MAP_PRIVATE && (prot & PROT_WRITE) &&
		    (f->flags & O_ACCMODE) != O_RDWR)
			return -EACCES;
		if (type != MAP_PRIVATE && (f->flags & O_ACCMODE) == O_RDWR &&
		    file_append_only(f))
			return -EACCES;
		if ((prot & PROT_EXEC) && file_noexec(f))
			return -EPERM;          /* path_noexec in do_mmap */
		if (!S_ISREG(file_mode(f))) {
			if (!S_ISCHR(file_mode(f)))
				return -ENODEV;
			f = NULL; /* /dev/zero and friends: anonymous memory */
			flags |= MAP_ANONYMOUS;
			off = 0;
		}
		if (f && type != MAP_PRIVATE && (prot & PROT_WRITE) &&
		    !(f->ops && f->ops->map_page)) {
			printk_once("mmap: shared writable mappings of this file system "
				    "are not supported yet\n");
			return -ENODEV;
		}
	}
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (addr + len > USER_TOP || addr + len < addr)
			return -ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
		    vm_range_used(vm, addr, addr + len))
			return -EEXIST;
		at = addr;
	} else {
		at = ALIGN_DOWN(addr, PAGE_SIZE);
		if (!at || at + len > USER_TOP || vm_range_used(vm, at, at + len))
			at = vm_find_free(vm, len);
		if (!at)
			return -ENOMEM;
	}
	if (type != MAP_PRIVATE) {
		flags = (flags & ~MAP_TYPE) | MAP_SHARED;
		/* Shared anonymous memory is an unnamed tmpfs file (Linux shmem). */
		if (flags & MAP_ANONYMOUS) {
			f = anon = tmpfs_anon_file(len);
			if (!anon)
				return -ENOMEM;
			off = 0;
		}
	}
	err = vm_map_fixed(vm, at, len, (unsigned)prot & 7,
			   (unsigned)flags | (f ? 0 : MAP_ANONYMOUS), f, (uint64_t)off,
			   ~0ULL);
	if (anon)
		file_put(anon);         /* the mapping holds its own reference */
	return err ? err : (long)at;
}

long sys_munmap(uint64_t addr, uint64_t len)
{
	if ((addr & (PAGE_SIZE - 1)) || !len)
		return -EINVAL;
	if (addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	return vm_unmap(current->vm, addr, ALIGN_UP(len, PAGE_SIZE));
}

#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_LAST 25            /* MADV_COLLAPSE */
#define MADV_REMOVE 9
/* Advice Linux knows: 0-4 and 8-25. */
#define MADV_VALID(a) ((a) >= 0 && (a) <= MADV_LAST && ((a) < 5 || (a) > 7))

/*
 * Advice that changes what memory holds is done (DONTNEED, FREE: the pages
 * go now rather than under pressure, which Linux allows; REMOVE punches a
 * hole in the file of a shared mapping); advice about
 * paging, merging, huge pages, dumps and fork inheritance is accepted and
 * has nothing to act on here.
 */
long sys_madvise(uint64_t addr, uint64_t len, int advice)
{
	uint64_t end;

	if (!MADV_VALID(advice) || (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	end = addr + len;
	if (end < addr || end > USER_TOP)
		return -EINVAL;
	if (!len)
		return 0;
	if (advice == MADV_DONTNEED || advice == MADV_FREE)
		return vm_drop_pages(current->vm, addr, end, advice == MADV_FREE);
	if (advice == MADV_REMOVE)
		return vm_remove(current->vm, addr, end);
	return vm_range_covered(current->vm, addr, end) ? 0 : -ENOMEM;
}

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

/* Shared mappings are the file's own pages (tmpfs): nothing to write back. */
long sys_msync(uint64_t addr, uint64_t len, int flags)
{
	if ((addr & (PAGE_SIZE - 1)) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (addr + len < addr || addr + len > USER_TOP)
		return -ENOMEM;
	return vm_range_covered(current->vm, addr, addr + len) ? 0 : -ENOMEM;
}

/* Does [start, end) map a file from a noexec mount?  (No PROT_EXEC then.) */
static bool maps_noexec(struct vm *vm, uint64_t start, uint64_t end)
{
	struct list_head *l;

	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->start < end && v->end > start && v->file &&
		    file_noexec(v->file))
			return true;
	}
	return false;
}

long sys_mprotect(uint64_t addr, uint64_t len, int prot)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x01000000 | 0x02000000))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len)
		return 0;
	if (addr + len > USER_TOP || addr + len < addr)
		return -ENOMEM;
	if ((prot & PROT_EXEC) && maps_noexec(current->vm, addr, addr + len))
		return -EACCES;         /* the mapping lacks VM_MAYEXEC */
	return vm_protect(current->vm, addr, addr + len, (unsigned)prot & 7);
}
