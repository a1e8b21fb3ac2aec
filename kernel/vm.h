/* SPDX-License-Identifier: MIT */
/*
 * vm.h - user address spaces: a sorted list of areas (VMAs) over the arch
 * page tables; demand-zero and file-backed private pages, copy-on-write
 * after fork, brk and mmap.
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include "kernel/kernel.h"

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x100
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_STACK 0x20000
#define MAP_FIXED_NOREPLACE 0x100000

#define VM_FAULT_WRITE 1u
#define VM_FAULT_EXEC 2u

struct file;
struct inode;

struct vma {
	struct list_head link;
	uint64_t start, end;   /* page aligned, [start, end) */
	unsigned prot;         /* PROT_* */
	unsigned flags;        /* MAP_* */
	struct file *file;     /* private file mapping, or NULL */
	uint64_t file_off;     /* file offset of start */
	uint64_t file_end;     /* bytes past this (file offset) read as zero */
};

struct vm {
	unsigned refcount;           /* processes sharing it (vfork) */
	uint64_t root;               /* page table root (physical) */
	struct list_head vmas;       /* sorted by start */
	uint64_t brk_start, brk;     /* program break */
	uint64_t mmap_base;          /* top-down allocation starts below this */
	uint64_t sigtramp;           /* signal return trampoline page, or 0 */
	uint64_t rss;                /* pages mapped (shared ones counted too) */
	/* Set by execve: where argv and envp strings and the initial stack are
	 * (/proc/<pid>/cmdline, /proc/<pid>/stat). */
	uint64_t arg_start, arg_end, env_start, env_end, start_stack;
};

struct vm *vm_new(void);
struct vm *vm_fork(struct vm *src);
void vm_free(struct vm *vm);
struct vm *vm_get(struct vm *vm);
/* Is addr in a MAP_SHARED area (futex.c keys those by physical address)? */
bool vm_is_shared(struct vm *vm, uint64_t addr);
void vm_put(struct vm *vm);    /* vm_free at the last reference */
void vm_activate(struct vm *vm);
/* 0, or why not: -EFAULT (nothing mapped: SEGV_MAPERR), -EACCES (not
 * allowed: SEGV_ACCERR), -EIO (past the end of a file: SIGBUS), -ENOMEM. */
int vm_fault(uint64_t addr, unsigned access);
/* Map [start, start+len) (fixed address; replaces what is there). */
int vm_map_fixed(struct vm *vm, uint64_t start, uint64_t len, unsigned prot,
		 unsigned flags, struct file *file, uint64_t off, uint64_t file_end);
int vm_unmap(struct vm *vm, uint64_t start, uint64_t len);
/* A free range of len bytes, top-down below mmap_base; 0 when none. */
uint64_t vm_find_free(struct vm *vm, uint64_t len);
/* Does any VMA overlap [start, end)? */
bool vm_range_used(struct vm *vm, uint64_t start, uint64_t end);
/* Do VMAs cover all of [start, end)? */
bool vm_range_covered(struct vm *vm, uint64_t start, uint64_t end);
int vm_protect(struct vm *vm, uint64_t start, uint64_t end, unsigned prot);
/*
 * MADV_DONTNEED over [start, end): drop the pages, so the next touch finds
 * zeros (private anonymous), the file (private file), or the file's page
 * again (shared).  -ENOMEM when part of the range is unmapped (the rest is
 * still done); -EINVAL when private_anon_only and a VMA is not (MADV_FREE).
 */
int vm_drop_pages(struct vm *vm, uint64_t start, uint64_t end, bool private_anon_only);
/*
 * Truncate and hole punching (Linux's unmap_mapping_range): in every
 * address space, drop the pages that mappings of inode map at file pages
 * [first, end), so the next touch faults again (SIGBUS past the end of the
 * file, the hole's zeros).  Of private mappings, only the pages still the
 * file's own go (file_page(inode, pgoff) is the file's page's physical
 * address), or with even_cows (truncate) their copies too - but not an ELF
 * segment's, whose data and bss were never the file's.
 */
void vm_unmap_file_pages(struct inode *inode, uint64_t first, uint64_t end,
			 uint64_t (*file_page)(struct inode *inode, uint64_t pgoff), bool even_cows);
/* MADV_REMOVE over [start, end): punch the hole in the shared file. */
int vm_remove(struct vm *vm, uint64_t start, uint64_t end);
/*
 * Copy up to len bytes at user address uaddr of vm (not necessarily the
 * current one) into kbuf, through its page tables; stops at the first page
 * that is not present.  Returns the bytes copied.
 */
size_t vm_read(struct vm *vm, uint64_t uaddr, void *kbuf, size_t len);

#endif
