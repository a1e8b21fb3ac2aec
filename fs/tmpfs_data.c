// SPDX-License-Identifier: MIT
/*
 * tmpfs_data.c - the contents of tmpfs regular files: read, write,
 * truncate, freeing (tmpfs_internal.h describes the page tree).
 *
 * Linux's shmem rules: reads stop at i_size and see holes as zeros; writes
 * allocate pages as they go, extend i_size, and set mtime/ctime when they
 * wrote something; truncate sets mtime/ctime, frees whole pages past the
 * new end and zeroes the tail of the last one, so growing the file later
 * shows zeros.  Running out of pages, or past the file system's size limit
 * (half of RAM, Linux's default), is ENOSPC, as a full tmpfs is.
 */
#include "fs/tmpfs_internal.h"
#include "kernel/mm.h"
#include "kernel/vm.h"

#define FANOUT_SHIFT 9
#define FANOUT (1U << FANOUT_SHIFT)
#define MAX_HEIGHT 7            /* 512^6 pages = 2^66 bytes > OFF_MAX */
#define SECTORS_PER_PAGE (PAGE_SIZE / 512)

/* Pages a tree of height h covers (h <= MAX_HEIGHT). */
static uint64_t cap_pages(unsigned h)
{
	return h ? 1ULL << (FANOUT_SHIFT * (h - 1)) : 0;
}

static void tmpfs_page_free(void *page)
{
	page_put(virt_to_phys(page));
}

/* A data page, counted against the file system's size limit. */
static void *data_page_new(struct tmpfs_inode *ti)
{
	struct superblock *sb = ti->vfs.sb;
	void *page;

	if (sb->pages_max && sb->pages_used >= sb->pages_max)
		return NULL;
	page = page_alloc();
	if (page) {
		sb->pages_used++;
		ti->vfs.blocks += SECTORS_PER_PAGE;
	}
	return page;
}

/* Raise the tree until it covers page index pg. */
static bool grow(struct tmpfs_inode *ti, uint64_t pg)
{
	while (pg >= cap_pages(ti->reg.height)) {
		if (ti->reg.height >= MAX_HEIGHT)
			return false;
		if (ti->reg.height && ti->reg.root) {
			void **index = page_alloc();
			if (!index)
				return false;
			index[0] = ti->reg.root;
			ti->reg.root = index;
		}
		ti->reg.height++;
	}
	return true;
}

/* The slot that holds (or will hold) data page pg; NULL when absent. */
static void **find_slot(struct tmpfs_inode *ti, uint64_t pg, bool alloc)
{
	void **slot = &ti->reg.root;

	if (pg >= cap_pages(ti->reg.height) && (!alloc || !grow(ti, pg)))
		return NULL;
	for (unsigned h = ti->reg.height; h > 1; h--) {
		if (!*slot) {
			if (!alloc)
				return NULL;
			*slot = page_alloc();
			if (!*slot)
				return NULL;
		}
		slot = &((void **)*slot)[(pg >> (FANOUT_SHIFT * (h - 2))) & (FANOUT - 1)];
	}
	return slot;
}

static char *data_lookup(struct tmpfs_inode *ti, uint64_t pg)
{
	void **slot = find_slot(ti, pg, false);

	return slot ? *slot : NULL;
}

static char *data_alloc(struct tmpfs_inode *ti, uint64_t pg)
{
	void **slot = find_slot(ti, pg, true);

	if (!slot)
		return NULL;
	if (!*slot)
		*slot = data_page_new(ti);
	return *slot;
}

/*
 * Free every data page at index >= first in the subtree at slot (height h)
 * and every index page left empty.  true when the subtree is now empty.
 */
static bool free_from(void **slot, unsigned h, uint64_t first, uint64_t *freed)
{
	uint64_t child_cap;
	bool empty = true;
	void **table;

	if (!*slot)
		return true;
	if (h == 1) {
		if (first)
			return false;
		tmpfs_page_free(*slot);
		*slot = NULL;
		(*freed)++;
		return true;
	}
	table = *slot;
	child_cap = cap_pages(h - 1);
	for (uint64_t i = 0; i < FANOUT; i++) {
		uint64_t base = i * child_cap;

		if (base + child_cap <= first) {
			empty = empty && !table[i];
			continue;
		}
		if (!free_from(&table[i], h - 1, first > base ? first - base : 0, freed))
			empty = false;
	}
	if (empty) {
		tmpfs_page_free(table);
		*slot = NULL;
	}
	return empty;
}

void tmpfs_free_data(struct tmpfs_inode *ti)
{
	uint64_t freed = 0;

	free_from(&ti->reg.root, ti->reg.height, 0, &freed);
	ti->reg.height = 0;
	ti->vfs.blocks = 0;
	ti->vfs.sb->pages_used -= freed;
}

/* The physical address of inode's data page pgoff, or 0 (a hole). */
static uint64_t data_phys(struct inode *inode, uint64_t pgoff)
{
	char *page = data_lookup(tmpfs_i(inode), pgoff);

	return page ? virt_to_phys(page) : 0;
}

int tmpfs_truncate(struct inode *inode, uint64_t size)
{
	struct tmpfs_inode *ti = tmpfs_i(inode);
	uint64_t freed = 0;

	if (size > (uint64_t)OFF_MAX)
		return -EFBIG;
	if (size < inode->size) {
		uint64_t first = (size + PAGE_SIZE - 1) / PAGE_SIZE;
		char *tail = data_lookup(ti, size / PAGE_SIZE);

		/* Mappings lose the pages past the end, private copies too:
		 * touching them is SIGBUS now (Linux's shmem_setattr). */
		vm_unmap_file_pages(inode, first, UINT64_MAX, data_phys, true);
		free_from(&ti->reg.root, ti->reg.height, first, &freed);
		inode->blocks -= freed * SECTORS_PER_PAGE;
		inode->sb->pages_used -= freed;
		if (tail && size % PAGE_SIZE)
			memset(tail + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
	}
	inode->size = size;
	inode_touch_mc(inode);
	return 0;
}

static ssize_t tmpfs_read(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct inode *inode = f->inode;
	struct tmpfs_inode *ti = tmpfs_i(inode);
	size_t done = 0;
	int err = 0;

	if (*pos < 0)
		return -EINVAL;
	if ((uint64_t)*pos >= inode->size)
		return 0;
	n = MIN(n, inode->size - (uint64_t)*pos);
	while (done < n) {
		uint64_t off = (uint64_t)*pos + done;
		size_t in = off % PAGE_SIZE, c = MIN(PAGE_SIZE - in, n - done);
		char *page = data_lookup(ti, off / PAGE_SIZE);

		err = page ? iobuf_copy_out(b, done, page + in, c) : iobuf_zero(b, done, c);
		if (err)
			break;
		done += c;
	}
	*pos += (off_t)done;
	if (!(f->flags & O_NOATIME))
		inode_touch_a_at(f->mnt, inode);
	return done ? (ssize_t)done : err;
}

/* Copy one chunk in; on a fault, bytes past the old end go back to zero. */
static int write_chunk(struct tmpfs_inode *ti, struct iobuf b, size_t done,
		       uint64_t off, size_t c)
{
	size_t in = off % PAGE_SIZE;
	char *page = data_alloc(ti, off / PAGE_SIZE);
	int err;

	if (!page)
		return -ENOSPC;
	err = iobuf_copy_in(page + in, b, done, c);
	if (err && off + c > ti->vfs.size) {
		uint64_t from = MAX(off, ti->vfs.size);
		memset(page + from % PAGE_SIZE, 0, off + c - from);
	}
	return err;
}

static ssize_t tmpfs_write(struct file *f, struct iobuf b, size_t n, off_t *pos)
{
	struct inode *inode = f->inode;
	struct tmpfs_inode *ti = tmpfs_i(inode);
	size_t done = 0;
	int err = 0;

	if (*pos < 0)
		return -EINVAL;
	if (n == 0)
		return 0;
	if (*pos == OFF_MAX)
		return -EFBIG;
	n = MIN(n, (uint64_t)(OFF_MAX - *pos));
	while (done < n) {
		uint64_t off = (uint64_t)*pos + done;
		size_t c = MIN(PAGE_SIZE - off % PAGE_SIZE, n - done);

		err = write_chunk(ti, b, done, off, c);
		if (err)
			break;
		done += c;
	}
	if (!done)
		return err;
	*pos += (off_t)done;
	if ((uint64_t)*pos > inode->size)
		inode->size = (uint64_t)*pos;
	inode_touch_mc(inode);
	return (ssize_t)done;
}

/* Free the data pages wholly inside [first, end) (page indexes). */
static void free_range(struct tmpfs_inode *ti, uint64_t first, uint64_t end)
{
	for (uint64_t pg = first; pg < end && pg < cap_pages(ti->reg.height); pg++) {
		void **slot = find_slot(ti, pg, false);
		if (!slot || !*slot)
			continue;
		tmpfs_page_free(*slot);
		*slot = NULL;
		ti->vfs.blocks -= SECTORS_PER_PAGE;
		ti->vfs.sb->pages_used--;
	}
}

/* Zero [off, off + n) inside one page, where the page exists. */
static void zero_in_page(struct tmpfs_inode *ti, uint64_t off, uint64_t n)
{
	char *page = data_lookup(ti, off / PAGE_SIZE);

	if (page && n)
		memset(page + off % PAGE_SIZE, 0, n);
}

/*
 * Linux's shmem_fallocate: allocate the pages of the range (growing the
 * file unless KEEP_SIZE; ENOSPC when the file system is full, with what
 * was allocated kept), or punch a hole: whole pages freed, the edges
 * zeroed.  Mappings lose the hole's pages and find zeros there on the
 * next touch; private copies stay (unmap_mapping_range, even_cows 0).
 */
static long tmpfs_fallocate(struct file *f, int mode, uint64_t off, uint64_t len)
{
	struct inode *inode = f->inode;
	struct tmpfs_inode *ti = tmpfs_i(inode);
	uint64_t end = off + len;

	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	if (mode & FALLOC_FL_PUNCH_HOLE) {
		uint64_t first = ALIGN_UP(off, PAGE_SIZE), last = ALIGN_DOWN(end, PAGE_SIZE);
		if (first > last) {             /* inside one page */
			zero_in_page(ti, off, len);
		} else {
			zero_in_page(ti, off, first - off);
			zero_in_page(ti, last, end - last);
			vm_unmap_file_pages(inode, first / PAGE_SIZE, last / PAGE_SIZE,
					    data_phys, false);
			free_range(ti, first / PAGE_SIZE, last / PAGE_SIZE);
		}
		inode_touch_mc(inode);
		return 0;
	}
	for (uint64_t pg = off / PAGE_SIZE; pg < ALIGN_UP(end, PAGE_SIZE) / PAGE_SIZE; pg++)
		if (!data_alloc(ti, pg))
			return -ENOSPC;
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > inode->size)
		inode->size = end;
	inode->ctime = inode_now();
	return 0;
}

/* The page shared mappings map: made on first touch, zero-filled. */
static void *tmpfs_map_page(struct file *f, uint64_t pgoff, int *err)
{
	struct tmpfs_inode *ti = tmpfs_i(f->inode);
	char *page;

	if (pgoff >= ALIGN_UP(f->inode->size, PAGE_SIZE) / PAGE_SIZE) {
		*err = -EIO;
		return NULL;
	}
	page = data_alloc(ti, pgoff);
	if (!page) {
		*err = -EIO;    /* a full tmpfs: SIGBUS, as Linux's shmem_fault */
		return NULL;
	}
	page_get(virt_to_phys(page));
	return page;
}

const struct file_ops tmpfs_file_fops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.map_page = tmpfs_map_page,
	.fallocate = tmpfs_fallocate,
};
