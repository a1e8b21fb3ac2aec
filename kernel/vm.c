// SPDX-License-Identifier: MIT
/*
 * vm.c - user address spaces.
 *
 * An address space is a sorted list of VMAs over an arch page table.  Pages
 * appear on first touch (vm_fault): zero-filled for anonymous memory, read
 * from the file for private file mappings.  fork shares every present page
 * read-only with a reference; the first write copies it (or just takes it
 * back writable when the writer is the only holder).  Shared mappings map
 * the file's own pages (file_ops.map_page; shared anonymous memory is an
 * unnamed tmpfs file) and are never copied: fork shares them writable.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/vm.h"
#include "fs/vfs.h"
#include <arch/mmu.h>

#define MMAP_TOP 0x00007f0000000000UL
#define MMAP_BOTTOM 0x0000000010000UL

struct vm *vm_new(void)
{
	struct vm *vm = kzalloc(sizeof(*vm));

	if (!vm)
		return NULL;
	vm->root = mmu_new_root();
	if (!vm->root) {
		kfree(vm);
		return NULL;
	}
	list_init(&vm->vmas);
	vm->mmap_base = MMAP_TOP;
	vm->refcount = 1;
	return vm;
}

struct vm *vm_get(struct vm *vm)
{
	vm->refcount++;
	return vm;
}

void vm_put(struct vm *vm)
{
	if (vm && --vm->refcount == 0)
		vm_free(vm);
}

void vm_activate(struct vm *vm)
{
	mmu_switch(vm ? vm->root : mmu_kernel_root());
}

static struct vma *vma_find(struct vm *vm, uint64_t addr)
{
	struct list_head *l;

	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (addr < v->start)
			return NULL;
		if (addr < v->end)
			return v;
	}
	return NULL;
}

bool vm_range_used(struct vm *vm, uint64_t start, uint64_t end)
{
	struct list_head *l;

	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->start < end && v->end > start)
			return true;
	}
	return false;
}

bool vm_range_covered(struct vm *vm, uint64_t start, uint64_t end)
{
	struct list_head *l;
	uint64_t at = start;

	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (at >= end)
			break;
		if (v->end <= at)
			continue;
		if (v->start > at)
			return false;
		at = v->end;
	}
	return at >= end;
}

static unsigned mmu_prot(unsigned prot)
{
	unsigned m = MMU_U;

	if (prot & (PROT_READ | PROT_WRITE | PROT_EXEC))
		m |= MMU_R;
	if (prot & PROT_WRITE)
		m |= MMU_W;
	if (prot & PROT_EXEC)
		m |= MMU_X;
	return m;
}

/* MAP_SHARED over a file that lends its pages (mman.c sets up no other). */
static bool vma_shared(const struct vma *v)
{
	return (v->flags & MAP_SHARED) && v->file && v->file->ops &&
	       v->file->ops->map_page;
}

static void vma_insert(struct vm *vm, struct vma *n)
{
	struct list_head *l;

	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->start > n->start) {
			list_insert_(&n->link, l->prev, l);
			return;
		}
	}
	list_add_tail(&n->link, &vm->vmas);
}

static void unmap_pages(struct vm *vm, uint64_t start, uint64_t end)
{
	for (uint64_t va = mmu_next_mapped(vm->root, start, end); va < end;
	     va = mmu_next_mapped(vm->root, va + PAGE_SIZE, end)) {
		uint64_t pa = mmu_unmap(vm->root, va);
		if (pa) {
			page_put(pa);
			vm->rss--;
		}
	}
}

/* Split v at addr (start < addr < end); the new upper part is returned. */
bool vm_is_shared(struct vm *vm, uint64_t addr)
{
	struct vma *v = vma_find(vm, addr);

	return v && (v->flags & MAP_SHARED);
}

static struct vma *vma_split(struct vma *v, uint64_t addr)
{
	struct vma *n = kmalloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *v;
	n->start = addr;
	if (n->file) {
		n->file_off += addr - v->start;
		file_get(n->file);
	}
	v->end = addr;
	list_insert_(&n->link, &v->link, v->link.next);
	return n;
}

static void vma_free(struct vma *v)
{
	list_del(&v->link);
	if (v->file)
		file_put(v->file);
	kfree(v);
}

int vm_unmap(struct vm *vm, uint64_t start, uint64_t len)
{
	uint64_t end = start + len;
	struct list_head *l, *n;

	list_for_each_safe(l, n, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->end <= start || v->start >= end)
			continue;
		if (v->start < start) {
			if (!vma_split(v, start))
				return -ENOMEM;
			n = v->link.next;
			continue;
		}
		if (v->end > end && !vma_split(v, end))
			return -ENOMEM;
		unmap_pages(vm, v->start, v->end);
		n = v->link.next;
		vma_free(v);
	}
	return 0;
}

int vm_map_fixed(struct vm *vm, uint64_t start, uint64_t len, unsigned prot,
		 unsigned flags, struct file *file, uint64_t off, uint64_t file_end)
{
	struct vma *v = kzalloc(sizeof(*v));
	int err;

	if (!v)
		return -ENOMEM;
	err = vm_unmap(vm, start, len);
	if (err) {
		kfree(v);
		return err;
	}
	v->start = start;
	v->end = start + len;
	v->prot = prot;
	v->flags = flags;
	v->file = file;
	v->file_off = off;
	v->file_end = file_end;
	if (file)
		file_get(file);
	vma_insert(vm, v);
	return 0;
}

uint64_t vm_find_free(struct vm *vm, uint64_t len)
{
	uint64_t top = vm->mmap_base;
	struct list_head *l;

	/* Walk VMAs from the highest down, looking for a gap below top. */
	for (l = vm->vmas.prev; l != &vm->vmas; l = l->prev) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->start >= top)
			continue;
		if (v->end <= top - len && top - len >= MMAP_BOTTOM)
			return top - len;
		top = MIN(top, v->start);
		if (top < len)
			return 0;
	}
	return top >= len + MMAP_BOTTOM ? top - len : 0;
}

/*
 * A private mapping of a file that lends its pages (tmpfs): a read maps the
 * file's own page read-only, as Linux maps the page cache, so the mapping
 * sees the file's later writes until it writes the page itself (fault_cow
 * copies it then: the file holds a reference too).  Every process running
 * a program then shares its text, and so does QEMU's translation cache,
 * which is keyed by physical address: with a copy per exec, TCG translated
 * BusyBox's code again for every command (the testsuite ran 2.8x Linux's
 * time; now less than Linux's).
 */
static bool private_lends(const struct vma *v)
{
	return !(v->flags & (MAP_SHARED | MAP_ANONYMOUS)) && v->file &&
	       v->file->ops && v->file->ops->map_page;
}

/* ... for the page at file offset off: one wholly inside both the file and
 * the file part of the mapping (an ELF segment's last page, zeroed past its
 * end for bss, is a copy). */
static bool private_lends_page(const struct vma *v, uint64_t off)
{
	return private_lends(v) && off + PAGE_SIZE <= v->file_end &&
	       off < ALIGN_UP(file_size(v->file), PAGE_SIZE);
}

static int fault_file_page(struct vm *vm, struct vma *v, uint64_t va, unsigned prot)
{
	int err = -ENOMEM;
	char *page = v->file->ops->map_page(v->file, (v->file_off + (va - v->start)) /
						     PAGE_SIZE, &err);

	if (!page)
		return err;
	if (mmu_map(vm->root, va, virt_to_phys(page), prot)) {
		page_put(virt_to_phys(page));
		return -ENOMEM;
	}
	return 0;
}

/* Bring in the page at va for v (access: VM_FAULT_*): zero or file contents. */
static int fault_in(struct vm *vm, struct vma *v, uint64_t va, unsigned access)
{
	uint64_t off = v->file_off + (va - v->start);
	char *page;

	if (vma_shared(v))
		return fault_file_page(vm, v, va, mmu_prot(v->prot));
	if (v->file && !(v->flags & MAP_ANONYMOUS) && v->file_end == ~0ULL &&
	    off >= ALIGN_UP(file_size(v->file), PAGE_SIZE))
		return -EIO; /* wholly past the end of the file: SIGBUS */
	if (!(access & VM_FAULT_WRITE) && private_lends_page(v, off))
		return fault_file_page(vm, v, va, mmu_prot(v->prot) & ~MMU_W);
	page = page_alloc();
	if (!page)
		return -ENOMEM;
	if (v->file && off < v->file_end) {
		size_t n = MIN(PAGE_SIZE, v->file_end - off);
		ssize_t r = file_read_kernel(v->file, page, n, (off_t)off);
		if (r < 0) {
			page_free_n(page, 1);
			return -EFAULT;
		}
	}
	if (mmu_map(vm->root, va, virt_to_phys(page), mmu_prot(v->prot))) {
		page_free_n(page, 1);
		return -ENOMEM;
	}
	return 0;
}

/* Write to a present read-only page of a writable VMA: copy on write. */
static int fault_cow(struct vm *vm, struct vma *v, uint64_t va, uint64_t pa)
{
	char *page;

	if (page_refcount(pa) == 1 || vma_shared(v)) {
		mmu_protect(vm->root, va, mmu_prot(v->prot));
		return 0;
	}
	page = page_alloc_n(1);
	if (!page)
		return -ENOMEM;
	memcpy(page, phys_to_virt(pa), PAGE_SIZE);
	if (mmu_map(vm->root, va, virt_to_phys(page), mmu_prot(v->prot))) {
		page_free_n(page, 1);
		return -ENOMEM;
	}
	page_put(pa);
	return 0;
}

/* A fault was fixed for the current process: getrusage's counts. */
static int fault_count(struct vm *vm, int err, bool mapped)
{
	if (err)
		return err;
	current->ru.minflt++; /* pages come from memory or the cache: no majflt */
	vm->rss += mapped;
	current->ru.maxrss_kb = MAX(current->ru.maxrss_kb, vm->rss * (PAGE_SIZE / 1024));
	return 0;
}

int vm_fault(uint64_t addr, unsigned access)
{
	struct vm *vm = current ? current->vm : NULL;
	uint64_t va = ALIGN_DOWN(addr, PAGE_SIZE), pa;
	unsigned prot;
	struct vma *v;

	if (!vm || !(v = vma_find(vm, addr)))
		return -EFAULT;
	if ((access & VM_FAULT_WRITE) && !(v->prot & PROT_WRITE))
		return -EACCES;
	if ((access & VM_FAULT_EXEC) && !(v->prot & PROT_EXEC))
		return -EACCES;
	if (!(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EACCES;
	if (!mmu_lookup(vm->root, va, &pa, &prot))
		return fault_count(vm, fault_in(vm, v, va, access), true);
	if ((access & VM_FAULT_WRITE) && !(prot & MMU_W))
		return fault_count(vm, fault_cow(vm, v, va, pa), false);
	return 0; /* already fixed (another path mapped it) */
}

struct vm *vm_fork(struct vm *src)
{
	struct vm *vm = vm_new();
	struct list_head *l;

	if (!vm)
		return NULL;
	vm->brk_start = src->brk_start;
	vm->brk = src->brk;
	vm->mmap_base = src->mmap_base;
	vm->sigtramp = src->sigtramp;
	vm->arg_start = src->arg_start;
	vm->arg_end = src->arg_end;
	vm->env_start = src->env_start;
	vm->env_end = src->env_end;
	vm->start_stack = src->start_stack;
	list_for_each(l, &src->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		struct vma *n = kmalloc(sizeof(*n));
		if (!n)
			goto out_free_vm;
		*n = *v;
		if (n->file)
			file_get(n->file);
		list_add_tail(&n->link, &vm->vmas);
		for (uint64_t va = mmu_next_mapped(src->root, v->start, v->end);
		     va < v->end; va = mmu_next_mapped(src->root, va + PAGE_SIZE, v->end)) {
			uint64_t pa;
			unsigned prot;
			if (!mmu_lookup(src->root, va, &pa, &prot))
				continue;
			if (!vma_shared(v)) {
				prot &= ~MMU_W;
				mmu_protect(src->root, va, prot);
			}
			if (mmu_map(vm->root, va, pa, prot))
				goto out_free_vm;
			page_get(pa);
			vm->rss++;
		}
	}
	return vm;

out_free_vm:
	vm_free(vm);
	return NULL;
}

void vm_free(struct vm *vm)
{
	struct list_head *l, *n;

	if (!vm)
		return;
	list_for_each_safe(l, n, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		unmap_pages(vm, v->start, v->end);
		vma_free(v);
	}
	if (current && current->vm == vm)
		mmu_switch(mmu_kernel_root());
	mmu_free_root(vm->root);
	kfree(vm);
}

/* Change protection of [start, end): every page must be mapped (ENOMEM). */
int vm_protect(struct vm *vm, uint64_t start, uint64_t end, unsigned prot)
{
	struct list_head *l;
	uint64_t at = start;

	for (at = start; at < end;) {
		struct vma *v = vma_find(vm, at);
		if (!v)
			return -ENOMEM;
		/* A shared mapping writes the file: only if it was opened so. */
		if ((prot & PROT_WRITE) && (v->flags & MAP_SHARED) && v->file &&
		    (v->file->flags & O_ACCMODE) != O_RDWR)
			return -EACCES;
		at = v->end;
	}
	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->end <= start || v->start >= end)
			continue;
		if (v->start < start) {
			if (!vma_split(v, start))
				return -ENOMEM;
			continue; /* the upper half comes next */
		}
		if (v->end > end && !vma_split(v, end))
			return -ENOMEM;
		v->prot = prot;
		for (uint64_t va = mmu_next_mapped(vm->root, v->start, v->end);
		     va < v->end; va = mmu_next_mapped(vm->root, va + PAGE_SIZE, v->end)) {
			uint64_t pa;
			unsigned p;
			if (!mmu_lookup(vm->root, va, &pa, &p))
				continue;
			unsigned np = mmu_prot(prot);
			if (page_refcount(pa) > 1 && !vma_shared(v))
				np &= ~MMU_W;
			mmu_protect(vm->root, va, np);
		}
	}
	return 0;
}

int vm_drop_pages(struct vm *vm, uint64_t start, uint64_t end, bool private_anon_only)
{
	struct list_head *l;

	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->end <= start || v->start >= end)
			continue;
		if (private_anon_only && (v->file || (v->flags & MAP_SHARED)))
			return -EINVAL;
	}
	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		if (v->end > start && v->start < end)
			unmap_pages(vm, MAX(v->start, start), MIN(v->end, end));
	}
	return vm_range_covered(vm, start, end) ? 0 : -ENOMEM;
}

/*
 * Drop v's pages at file pages [first, end): all of them, or (file_page
 * given) only those that are still the file's own, not private copies.
 */
static void unmap_file_range(struct vm *vm, struct vma *v, uint64_t first, uint64_t end,
			     uint64_t (*file_page)(struct inode *inode, uint64_t pgoff))
{
	uint64_t vfirst = v->file_off / PAGE_SIZE;
	uint64_t vend = vfirst + (v->end - v->start) / PAGE_SIZE;
	uint64_t from, to;

	first = MAX(first, vfirst);
	end = MIN(end, vend);
	if (first >= end)
		return;
	from = v->start + (first - vfirst) * PAGE_SIZE;
	to = v->start + (end - vfirst) * PAGE_SIZE;
	if (!file_page) {
		unmap_pages(vm, from, to);
		return;
	}
	for (uint64_t va = mmu_next_mapped(vm->root, from, to); va < to;
	     va = mmu_next_mapped(vm->root, va + PAGE_SIZE, to)) {
		uint64_t pa;
		unsigned prot;
		if (mmu_lookup(vm->root, va, &pa, &prot) &&
		    pa == file_page(v->file->inode, vfirst + (va - v->start) / PAGE_SIZE))
			unmap_pages(vm, va, va + PAGE_SIZE);
	}
}

void vm_unmap_file_pages(struct inode *inode, uint64_t first, uint64_t end,
			 uint64_t (*file_page)(struct inode *inode, uint64_t pgoff), bool even_cows)
{
	struct list_head *pl, *l;

	list_for_each(pl, &proc_list) {
		struct vm *vm = list_entry(pl, struct proc, all)->vm;
		if (!vm)
			continue;
		list_for_each(l, &vm->vmas) {
			struct vma *v = list_entry(l, struct vma, link);
			if (!v->file || v->file->inode != inode)
				continue;
			/* An ELF segment's copies (its data, its bss page) stay. */
			bool cows = even_cows && v->file_end == ~0ULL;
			if (vma_shared(v))
				unmap_file_range(vm, v, first, end, NULL);
			else if (private_lends(v))
				unmap_file_range(vm, v, first, end, cows ? NULL : file_page);
		}
	}
}

/*
 * Linux's madvise_remove for each VMA over the range: EINVAL without a
 * file, EACCES unless shared and writable (PROT_WRITE now, as 6.1 has it;
 * later kernels accept a mapping mprotect could make writable), then the
 * file's fallocate(PUNCH_HOLE | KEEP_SIZE), whose error ends the walk.  A
 * gap is ENOMEM once the rest is done; nothing mapped from start on:
 * ENOMEM at once.
 */
int vm_remove(struct vm *vm, uint64_t start, uint64_t end)
{
	struct list_head *l;
	int gap = 0;

	list_for_each(l, &vm->vmas) {
		struct vma *v = list_entry(l, struct vma, link);
		uint64_t to = MIN(v->end, end);
		long err;
		if (v->end <= start)
			continue;
		if (v->start >= end)
			break;
		if (v->start > start)
			gap = -ENOMEM;
		start = MAX(start, v->start);
		if (!v->file)
			return -EINVAL;
		if (!(v->flags & MAP_SHARED) || !(v->prot & PROT_WRITE))
			return -EACCES;
		err = vfs_fallocate(v->file, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				    (off_t)(v->file_off + (start - v->start)), (off_t)(to - start));
		if (err)
			return (int)err;
		start = to;
	}
	return start < end ? -ENOMEM : gap;
}

size_t vm_read(struct vm *vm, uint64_t uaddr, void *kbuf, size_t len)
{
	size_t done = 0;

	while (done < len && uaddr + done < USER_TOP) {
		uint64_t va = uaddr + done, pa;
		size_t in = va % PAGE_SIZE, c = MIN(PAGE_SIZE - in, len - done);
		unsigned prot;

		if (!mmu_lookup(vm->root, va - in, &pa, &prot) || !(prot & MMU_U))
			break;
		memcpy((char *)kbuf + done, (char *)phys_to_virt(pa) + in, c);
		done += c;
	}
	return done;
}
