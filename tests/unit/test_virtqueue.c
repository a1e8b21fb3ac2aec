// SPDX-License-Identifier: MIT
// sources: virtio/virtqueue.c
/*
 * test_virtqueue.c - the split virtqueue core (virtio/virtqueue.c) against
 * a fake device that follows virtio 1.2 §2.7 from the device's side: it
 * reads the available ring, walks direct and indirect chains, writes the
 * device-writable buffers, fills the used ring and decides on interrupts
 * with or without VIRTIO_F_EVENT_IDX.  Checked: the ring layout, the free
 * list under random add/complete orders (no descriptor lost or shared),
 * batching and notification suppression, interrupt suppression, and that
 * a lying device (used index beyond what is in flight, bad ids, lengths
 * beyond the writable space, ids used twice) breaks the queue with -EIO.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel.h"
#include "virtio/virtio.h"
#include "tests/unit/unit.h"

char *unit_ram; /* NULL: "physical" addresses are host addresses */

uint64_t virt_to_phys(const void *va) { return (uint64_t)(uintptr_t)va; }
void *kmalloc(size_t n) { return malloc(n); }
void *kzalloc(size_t n) { return calloc(1, n); }
void kfree(void *p) { free(p); }

int failures, checks;

static uint64_t rng = 0x243f6a8885a308d3ULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* ---- the fake device ---------------------------------------------- */

struct fake {
	struct virtqueue *vq;           /* only to find the ring */
	uint16_t last_avail;            /* next available entry to take */
	uint16_t used_idx;              /* next used entry to write */
	uint16_t irq_old;               /* used_idx at the last interrupt decision */
	int interrupts, notifies_wanted;
	unsigned pending[VRING_MAX_SIZE]; /* heads taken, not yet used */
	unsigned npending;
};

static uint16_t *f_used_event(struct fake *f) { return &f->vq->avail->ring[f->vq->num]; }
static uint16_t *f_avail_event(struct fake *f) { return (uint16_t *)&f->vq->used->ring[f->vq->num]; }

/* Take every new available head (a device would start working on them). */
static void fake_take(struct fake *f)
{
	while (f->last_avail != f->vq->avail->idx) {
		uint16_t head = f->vq->avail->ring[f->last_avail % f->vq->num];
		f->pending[f->npending++] = head;
		f->last_avail++;
	}
	if (f->vq->event_idx)
		*f_avail_event(f) = f->last_avail;
}

/* Walk a chain; write `fill` into its writable parts; bytes written. */
static uint32_t fake_process(struct fake *f, uint16_t head, uint8_t fill)
{
	struct vring_desc *table = f->vq->desc;
	unsigned i = head, n = 0, max = f->vq->num;
	uint32_t written = 0;

	if (table[head].flags & VRING_DESC_F_INDIRECT) {
		max = table[head].len / sizeof(struct vring_desc);
		table = (struct vring_desc *)(uintptr_t)table[head].addr;
		i = 0;
	}
	for (;;) {
		EXPECT(n++ < max);
		if (n > max)
			break;
		struct vring_desc *d = &table[i];
		EXPECT(!(d->flags & VRING_DESC_F_INDIRECT));
		if (d->flags & VRING_DESC_F_WRITE) {
			memset((void *)(uintptr_t)d->addr, fill, d->len);
			written += d->len;
		}
		if (!(d->flags & VRING_DESC_F_NEXT))
			break;
		i = d->next;
	}
	return written;
}

static void fake_use(struct fake *f, uint16_t id, uint32_t len)
{
	struct vring_used_elem *e = &f->vq->used->ring[f->used_idx % f->vq->num];

	e->id = id;
	e->len = len;
	__sync_synchronize();
	f->used_idx++;
	f->vq->used->idx = f->used_idx;
}

/* Complete pending chain k (in any order), honest. */
static void fake_complete(struct fake *f, unsigned k)
{
	uint16_t head = (uint16_t)f->pending[k];
	uint32_t len = fake_process(f, head, (uint8_t)head);

	f->pending[k] = f->pending[--f->npending];
	fake_use(f, head, len);
}

/* §2.7.10: interrupt unless suppressed. */
static void fake_maybe_interrupt(struct fake *f)
{
	bool want;

	if (f->vq->event_idx)
		want = vring_need_event(*f_used_event(f), f->used_idx, f->irq_old);
	else
		want = !(f->vq->avail->flags & VRING_AVAIL_F_NO_INTERRUPT);
	f->irq_old = f->used_idx;
	if (want)
		f->interrupts++;
}

/* ---- helpers -------------------------------------------------------- */

static struct virtqueue *new_vq(unsigned num, bool event_idx, bool indirect,
				void **mem_out)
{
	struct virtqueue *vq = calloc(1, sizeof(*vq));
	size_t sz = vq_ring_size(num, VRING_USED_ALIGN);
	void *mem = aligned_alloc(4096, (sz + 4095) & ~4095UL);

	memset(mem, 0, sz);
	EXPECT(vq_init(vq, num, mem, (uintptr_t)mem, VRING_USED_ALIGN, event_idx,
		       indirect) == 0);
	*mem_out = mem;
	return vq;
}

static void free_vq(struct virtqueue *vq, void *mem)
{
	vq_free(vq);
	free(vq);
	free(mem);
}

struct req {
	uint8_t out[24];
	uint8_t in[40];
	uint8_t status;
	int done;
};

static int add_req(struct virtqueue *vq, struct req *r)
{
	struct vq_sg sg[3] = {
		{ (uintptr_t)r->out, sizeof(r->out) },
		{ (uintptr_t)r->in, sizeof(r->in) },
		{ (uintptr_t)&r->status, 1 },
	};
	return vq_add(vq, sg, 1, 2, r);
}

/* ---- tests ---------------------------------------------------------- */

static void test_layout(void)
{
	void *mem;
	struct virtqueue *vq = new_vq(256, false, false, &mem);

	/* desc 4096, avail 4 + 512 + 2 (to 4616 aligned), used 4 + 2048 + 2 */
	EXPECT(vq_ring_size(256, 4) == 4616 + 2054);
	EXPECT(vq_ring_size(256, 4096) == 8192 + 6 + 8 * 256);
	EXPECT((char *)vq->avail == (char *)mem + 4096);
	EXPECT((uintptr_t)vq->used % 4 == 0);
	EXPECT(vq->avail_addr == vq->desc_addr + 4096);
	EXPECT(vq->num_free == 256);
	free_vq(vq, mem);
	struct virtqueue bad = { 0 };
	EXPECT(vq_init(&bad, 100, mem, 0, 4, false, false) == -EINVAL);
	EXPECT(vq_init(&bad, 0, mem, 0, 4, false, false) == -EINVAL);
}

/* Fill, complete in random order, check the tokens and the free list. */
static void test_random_order(bool event_idx, bool indirect)
{
	enum { NUM = 16, ROUNDS = 2000 };
	void *mem;
	struct virtqueue *vq = new_vq(NUM, event_idx, indirect, &mem);
	struct fake f = { .vq = vq };
	struct req reqs[NUM * 3];
	int outstanding = 0, completed = 0;

	memset(reqs, 0, sizeof(reqs));
	for (int round = 0; round < ROUNDS; round++) {
		/* add until full */
		for (unsigned i = 0; i < NUM * 3; i++) {
			if (reqs[i].done == 1)
				continue;
			int err = add_req(vq, &reqs[i]);
			if (err == -ENOSPC)
				break;
			EXPECT(err == 0);
			reqs[i].done = 1; /* in flight */
			outstanding++;
		}
		EXPECT(vq->num_free < 3 || indirect);
		if (vq_kick_prepare(vq))
			f.notifies_wanted++;
		fake_take(&f);
		/* complete a random number in random order */
		unsigned n = 1 + rnd(f.npending);
		for (unsigned k = 0; k < n && f.npending; k++)
			fake_complete(&f, rnd(f.npending));
		fake_maybe_interrupt(&f);
		void *tok;
		uint32_t len;
		int got;
		while ((got = vq_get_buf(vq, &tok, &len)) == 1) {
			struct req *r = tok;
			EXPECT(r >= reqs && r < reqs + NUM * 3);
			EXPECT(r->done == 1);
			EXPECT(len == sizeof(r->in) + 1);
			EXPECT(r->in[0] == r->status && r->in[39] == r->status);
			r->done = 0;
			outstanding--;
			completed++;
		}
		EXPECT(got == 0);
		EXPECT(vq->in_flight == (unsigned)outstanding);
	}
	/* drain */
	while (f.npending)
		fake_complete(&f, 0);
	void *tok;
	uint32_t len;
	while (vq_get_buf(vq, &tok, &len) == 1)
		outstanding--;
	EXPECT(outstanding == 0);
	EXPECT(vq->num_free == NUM);
	/* The free list reaches every descriptor exactly once. */
	unsigned seen[NUM] = { 0 }, i = vq->free_head;
	for (unsigned k = 0; k < NUM; k++) {
		EXPECT(i < NUM);
		if (i >= NUM)
			break;
		seen[i]++;
		i = vq->slot[i].next;
	}
	for (unsigned k = 0; k < NUM; k++)
		EXPECT(seen[k] == 1);
	EXPECT(completed > ROUNDS);
	free_vq(vq, mem);
}

/* Indirect chains use one ring descriptor each. */
static void test_indirect_capacity(void)
{
	void *mem;
	struct virtqueue *vq = new_vq(8, false, true, &mem);
	struct req r[9];
	int n = 0;

	memset(r, 0, sizeof(r));
	while (n < 9 && add_req(vq, &r[n]) == 0)
		n++;
	EXPECT(n == 8);
	EXPECT(vq->desc[0].flags == VRING_DESC_F_INDIRECT);
	EXPECT(vq->desc[0].len == 3 * sizeof(struct vring_desc));
	free_vq(vq, mem);

	/* Without indirect: 3 per request; too long a chain never fits. */
	vq = new_vq(8, false, false, &mem);
	n = 0;
	while (n < 9 && add_req(vq, &r[n]) == 0)
		n++;
	EXPECT(n == 2);
	struct vq_sg big[9] = { { 0 } };
	for (int i = 0; i < 9; i++)
		big[i] = (struct vq_sg){ (uintptr_t)&r[0].in[i], 1 };
	EXPECT(vq_add(vq, big, 9, 0, &r[0]) == -EINVAL);
	EXPECT(vq_add(vq, big, 0, 0, &r[0]) == -EINVAL);
	EXPECT(vq_add(vq, big, 1, 0, NULL) == -EINVAL);
	free_vq(vq, mem);
}

/* Notifications: flag mode and event index mode, batching. */
static void test_notify_suppression(void)
{
	void *mem;
	struct virtqueue *vq = new_vq(16, false, false, &mem);
	struct req r[4];

	memset(r, 0, sizeof(r));
	EXPECT(!vq_kick_prepare(vq)); /* nothing added */
	add_req(vq, &r[0]);
	EXPECT(vq->avail->idx == 0);  /* not published before the kick */
	EXPECT(vq_kick_prepare(vq));
	EXPECT(vq->avail->idx == 1);
	vq->used->flags = VRING_USED_F_NO_NOTIFY;
	add_req(vq, &r[1]);
	EXPECT(!vq_kick_prepare(vq));
	free_vq(vq, mem);

	vq = new_vq(16, true, false, &mem);
	struct fake f = { .vq = vq };
	add_req(vq, &r[0]);
	EXPECT(vq_kick_prepare(vq));  /* avail_event 0: the device wants 0 -> 1 */
	fake_take(&f);                /* avail_event = 1 */
	add_req(vq, &r[1]);
	add_req(vq, &r[2]);
	EXPECT(vq_kick_prepare(vq));  /* 1 -> 3 crosses 1 */
	/* the device has not caught up: avail_event still 1 */
	add_req(vq, &r[3]);
	EXPECT(!vq_kick_prepare(vq)); /* 3 -> 4 does not cross 1 again */
	fake_take(&f);
	EXPECT(*f_avail_event(&f) == 4);
	free_vq(vq, mem);
}

/* Interrupt suppression through flags and used_event. */
static void test_interrupt_suppression(bool event_idx)
{
	void *mem;
	struct virtqueue *vq = new_vq(16, event_idx, false, &mem);
	struct fake f = { .vq = vq };
	struct req r[4];
	void *tok;
	uint32_t len;

	memset(r, 0, sizeof(r));
	EXPECT(vq_enable_cb(vq));
	add_req(vq, &r[0]);
	vq_kick_prepare(vq);
	fake_take(&f);
	fake_complete(&f, 0);
	fake_maybe_interrupt(&f);
	EXPECT(f.interrupts == 1);
	vq_disable_cb(vq);
	EXPECT(vq_get_buf(vq, &tok, &len) == 1);
	add_req(vq, &r[1]);
	vq_kick_prepare(vq);
	fake_take(&f);
	fake_complete(&f, 0);
	fake_maybe_interrupt(&f);
	EXPECT(f.interrupts == 1); /* suppressed */
	EXPECT(!vq_enable_cb(vq)); /* one is waiting */
	EXPECT(vq_get_buf(vq, &tok, &len) == 1);
	EXPECT(vq_enable_cb(vq));
	add_req(vq, &r[2]);
	vq_kick_prepare(vq);
	fake_take(&f);
	fake_complete(&f, 0);
	fake_maybe_interrupt(&f);
	EXPECT(f.interrupts == 2);
	free_vq(vq, mem);
}

/* A lying device breaks the queue; nothing crashes. */
static void test_lies(void)
{
	void *mem, *tok;
	uint32_t len;
	struct req r[4];
	struct virtqueue *vq;
	struct fake f;

	memset(r, 0, sizeof(r));
	/* used index moves by more than is in flight */
	vq = new_vq(8, false, false, &mem);
	add_req(vq, &r[0]);
	vq_kick_prepare(vq);
	vq->used->ring[0] = (struct vring_used_elem){ 0, 1 };
	vq->used->ring[1] = (struct vring_used_elem){ 0, 1 };
	vq->used->idx = 2;
	EXPECT(vq_get_buf(vq, &tok, &len) == -EIO);
	EXPECT(vq->broken);
	EXPECT(add_req(vq, &r[1]) == -EIO);
	EXPECT(vq_get_buf(vq, &tok, &len) == -EIO);
	free_vq(vq, mem);

	/* id out of range, id not a head in flight */
	vq = new_vq(8, false, false, &mem);
	add_req(vq, &r[0]);
	vq_kick_prepare(vq);
	vq->used->ring[0] = (struct vring_used_elem){ 99, 1 };
	vq->used->idx = 1;
	EXPECT(vq_get_buf(vq, &tok, &len) == -EIO);
	free_vq(vq, mem);
	vq = new_vq(8, false, false, &mem);
	add_req(vq, &r[0]);
	vq_kick_prepare(vq);
	vq->used->ring[0] = (struct vring_used_elem){ 1, 1 }; /* 1 is inside the chain */
	vq->used->idx = 1;
	EXPECT(vq_get_buf(vq, &tok, &len) == -EIO);
	free_vq(vq, mem);

	/* length beyond the writable space (41 bytes) */
	vq = new_vq(8, false, true, &mem);
	add_req(vq, &r[0]);
	vq_kick_prepare(vq);
	vq->used->ring[0] = (struct vring_used_elem){ 0, 42 };
	vq->used->idx = 1;
	EXPECT(vq_get_buf(vq, &tok, &len) == -EIO);
	free_vq(vq, mem);

	/* the same id used twice */
	vq = new_vq(8, false, false, &mem);
	f = (struct fake){ .vq = vq };
	add_req(vq, &r[0]);
	add_req(vq, &r[1]);
	vq_kick_prepare(vq);
	fake_take(&f);
	fake_use(&f, 0, 41);
	EXPECT(vq_get_buf(vq, &tok, &len) == 1 && tok == &r[0]);
	fake_use(&f, 0, 41);
	EXPECT(vq_get_buf(vq, &tok, &len) == -EIO);
	free_vq(vq, mem);
}

static int detached;
static void count_detached(void *token, void *arg)
{
	(void)token;
	(void)arg;
	detached++;
}

static void test_detach(void)
{
	void *mem;
	struct virtqueue *vq = new_vq(8, false, true, &mem);
	struct req r[3];

	memset(r, 0, sizeof(r));
	for (int i = 0; i < 3; i++)
		add_req(vq, &r[i]);
	vq_kick_prepare(vq);
	vq_detach_all(vq, count_detached, NULL);
	EXPECT(detached == 3);
	EXPECT(vq->num_free == 8 && vq->in_flight == 0);
	free_vq(vq, mem);
}

int main(void)
{
	test_layout();
	test_random_order(false, false);
	test_random_order(true, false);
	test_random_order(false, true);
	test_random_order(true, true);
	test_indirect_capacity();
	test_notify_suppression();
	test_interrupt_suppression(false);
	test_interrupt_suppression(true);
	test_lies();
	test_detach();
	printf("test_virtqueue: %d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
