// SPDX-License-Identifier: MIT
/*
 * virtqueue.c - split virtqueues (virtio 1.2 §2.7): ring layout, the free
 * descriptor list, adding buffer chains (direct or through an indirect
 * table, §2.7.5.3), publishing them with notification suppression
 * (§2.7.7, §2.7.10, VIRTIO_F_EVENT_IDX), and taking used chains back.
 *
 * The ring is shared with the device, so the driver's view lives in
 * kernel memory (struct vq_slot) and nothing read back from the ring is
 * trusted: the used index may advance only over chains in flight, an id
 * must name a chain head the device holds, and a length may not exceed
 * what the chain offers to be written.  A device that breaks these rules
 * breaks the queue (-EIO from then on); virtio.c logs it and fails the
 * device.
 *
 * Pure memory logic: tests/unit/test_virtqueue.c runs it against a fake
 * device.  The interface and its call order are in virtio/virtio.h.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include <arch/cpu.h>
#include "virtio/virtio.h"

#define RD16(p) (*(volatile uint16_t *)&(p))
#define RD32(p) (*(volatile uint32_t *)&(p))
#define WR16(p, v) (*(volatile uint16_t *)&(p) = (uint16_t)(v))

/* used_event sits after avail->ring[num]; avail_event after used->ring[num]. */
static uint16_t *used_event(struct virtqueue *vq)
{
	return &vq->avail->ring[vq->num];
}

static uint16_t *avail_event(struct virtqueue *vq)
{
	return (uint16_t *)&vq->used->ring[vq->num];
}

static size_t avail_end(unsigned num)
{
	return 16 * (size_t)num + 4 + 2 * (size_t)num + 2;
}

size_t vq_ring_size(unsigned num, unsigned align)
{
	return ALIGN_UP(avail_end(num), (size_t)align) + 4 + 8 * (size_t)num + 2;
}

static void reset_free_list(struct virtqueue *vq)
{
	for (unsigned i = 0; i < vq->num; i++) {
		vq->slot[i] = (struct vq_slot){ .next = (uint16_t)(i + 1) };
		vq->desc[i].next = (uint16_t)(i + 1);
	}
	vq->free_head = 0;
	vq->num_free = vq->num;
	vq->in_flight = 0;
}

int vq_init(struct virtqueue *vq, unsigned num, void *mem, uint64_t mem_addr,
	    unsigned align, bool event_idx, bool indirect)
{
	size_t used_off = ALIGN_UP(avail_end(num), (size_t)align);

	if (!num || num > VRING_MAX_SIZE || (num & (num - 1)) || !align ||
	    (align & (align - 1)))
		return -EINVAL;
	vq->slot = kzalloc(num * sizeof(*vq->slot));
	if (!vq->slot)
		return -ENOMEM;
	vq->num = (uint16_t)num;
	vq->desc = mem;
	vq->avail = (struct vring_avail *)((char *)mem + 16 * (size_t)num);
	vq->used = (struct vring_used *)((char *)mem + used_off);
	vq->desc_addr = mem_addr;
	vq->avail_addr = mem_addr + 16 * (uint64_t)num;
	vq->used_addr = mem_addr + used_off;
	vq->event_idx = event_idx;
	vq->indirect = indirect;
	vq->avail_idx = vq->kicked_idx = vq->last_used = 0;
	vq->avail_flags = 0;
	vq->broken = false;
	reset_free_list(vq);
	return 0;
}

void vq_free(struct virtqueue *vq)
{
	if (!vq->slot)
		return;
	for (unsigned i = 0; i < vq->num; i++)
		kfree(vq->slot[i].indirect);
	kfree(vq->slot);
	vq->slot = NULL;
}

static void fill(struct vring_desc *d, const struct vq_sg *sg, bool write, bool more)
{
	d->addr = sg->addr;
	d->len = sg->len;
	d->flags = (uint16_t)((write ? VRING_DESC_F_WRITE : 0) |
			      (more ? VRING_DESC_F_NEXT : 0));
}

/* The chain's descriptors in the ring; returns the head. */
static uint16_t add_direct(struct virtqueue *vq, const struct vq_sg *sg,
			   unsigned out, unsigned total)
{
	uint16_t head = vq->free_head, i = head, last = head;

	for (unsigned k = 0; k < total; k++) {
		fill(&vq->desc[i], &sg[k], k >= out, k + 1 < total);
		vq->desc[i].next = vq->slot[i].next;
		last = i;
		i = vq->slot[i].next;
	}
	vq->free_head = vq->slot[last].next;
	vq->slot[head].ndesc = (uint16_t)total;
	return head;
}

/* One ring descriptor pointing at a table holding the chain. */
static uint16_t add_indirect(struct virtqueue *vq, const struct vq_sg *sg,
			     unsigned out, unsigned total, struct vring_desc *table)
{
	uint16_t head = vq->free_head;

	for (unsigned k = 0; k < total; k++) {
		fill(&table[k], &sg[k], k >= out, k + 1 < total);
		table[k].next = (uint16_t)(k + 1);
	}
	vq->desc[head].addr = virt_to_phys(table);
	vq->desc[head].len = (uint32_t)(total * sizeof(*table));
	vq->desc[head].flags = VRING_DESC_F_INDIRECT;
	vq->free_head = vq->slot[head].next;
	vq->slot[head].ndesc = 1;
	vq->slot[head].indirect = table;
	return head;
}

int vq_add(struct virtqueue *vq, const struct vq_sg *sg, unsigned out,
	   unsigned in, void *token)
{
	unsigned total = out + in;
	struct vring_desc *table = NULL;
	uint64_t in_len = 0;
	uint16_t head;

	if (vq->broken)
		return -EIO;
	if (!total || !token || total > VRING_MAX_SIZE)
		return -EINVAL;
	if (vq->indirect && total > 1)
		table = kmalloc(total * sizeof(*table));
	if (!table && total > vq->num)
		return -EINVAL;
	if (vq->num_free < (table ? 1 : total)) {
		kfree(table);
		return -ENOSPC;
	}
	for (unsigned k = out; k < total; k++)
		in_len += sg[k].len;
	head = table ? add_indirect(vq, sg, out, total, table)
		     : add_direct(vq, sg, out, total);
	vq->num_free -= vq->slot[head].ndesc;
	vq->slot[head].token = token;
	vq->slot[head].in_len = (uint32_t)MIN(in_len, (uint64_t)UINT32_MAX);
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	vq->avail_idx++;
	vq->in_flight++;
	return 0;
}

bool vq_kick_prepare(struct virtqueue *vq)
{
	uint16_t old = vq->kicked_idx, now = vq->avail_idx;

	if (old == now || vq->broken)
		return false;
	/* The ring entries and descriptors before the index (§2.7.13). */
	arch_wmb();
	WR16(vq->avail->idx, now);
	vq->kicked_idx = now;
	/* The index store before reading the device's suppression state. */
	arch_mb();
	if (vq->event_idx)
		return vring_need_event(RD16(*avail_event(vq)), now, old);
	return !(RD16(vq->used->flags) & VRING_USED_F_NO_NOTIFY);
}

static int broken(struct virtqueue *vq)
{
	vq->broken = true;
	return -EIO;
}

/* Return the chain at head to the free list. */
static void free_chain(struct virtqueue *vq, uint16_t head)
{
	struct vq_slot *s = &vq->slot[head];
	uint16_t last = head;

	for (unsigned k = 1; k < s->ndesc; k++)
		last = vq->slot[last].next;
	vq->slot[last].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += s->ndesc;
	kfree(s->indirect);
	s->indirect = NULL;
	s->token = NULL;
	s->ndesc = 0;
	vq->in_flight--;
}

int vq_get_buf(struct virtqueue *vq, void **token, uint32_t *len)
{
	uint16_t used_idx, pending;
	uint32_t id, n;

	if (vq->broken)
		return -EIO;
	used_idx = RD16(vq->used->idx);
	if (used_idx == vq->last_used)
		return 0;
	pending = (uint16_t)(used_idx - vq->last_used);
	if (pending > vq->in_flight)
		return broken(vq);
	/* Read the entry only after seeing the index that covers it. */
	arch_rmb();
	id = RD32(vq->used->ring[vq->last_used & (vq->num - 1)].id);
	n = RD32(vq->used->ring[vq->last_used & (vq->num - 1)].len);
	if (id >= vq->num || !vq->slot[id].token || n > vq->slot[id].in_len)
		return broken(vq);
	*token = vq->slot[id].token;
	*len = n;
	free_chain(vq, (uint16_t)id);
	vq->last_used++;
	if (vq->event_idx && !(vq->avail_flags & VRING_AVAIL_F_NO_INTERRUPT)) {
		WR16(*used_event(vq), vq->last_used);
		arch_mb();
	}
	return 1;
}

bool vq_has_used(struct virtqueue *vq)
{
	return !vq->broken && RD16(vq->used->idx) != vq->last_used;
}

void vq_disable_cb(struct virtqueue *vq)
{
	if (vq->avail_flags & VRING_AVAIL_F_NO_INTERRUPT)
		return;
	vq->avail_flags |= VRING_AVAIL_F_NO_INTERRUPT;
	if (vq->event_idx) /* an event index the device will not reach soon */
		WR16(*used_event(vq), vq->last_used + 0x8000);
	else
		WR16(vq->avail->flags, vq->avail_flags);
}

bool vq_enable_cb(struct virtqueue *vq)
{
	if (vq->avail_flags & VRING_AVAIL_F_NO_INTERRUPT) {
		vq->avail_flags &= (uint16_t)~VRING_AVAIL_F_NO_INTERRUPT;
		if (!vq->event_idx)
			WR16(vq->avail->flags, vq->avail_flags);
	}
	if (vq->event_idx)
		WR16(*used_event(vq), vq->last_used);
	/* Publish the request before checking for chains already used. */
	arch_mb();
	return !vq_has_used(vq);
}

void vq_detach_all(struct virtqueue *vq, void (*fn)(void *token, void *arg),
		   void *arg)
{
	for (unsigned i = 0; i < vq->num; i++) {
		void *token = vq->slot[i].token;
		kfree(vq->slot[i].indirect);
		vq->slot[i].indirect = NULL;
		vq->slot[i].token = NULL;
		if (token && fn)
			fn(token, arg);
	}
	reset_free_list(vq);
	vq->avail_idx = vq->kicked_idx = vq->last_used = 0;
}
