// SPDX-License-Identifier: MIT
/*
 * rng.c - virtio-rng (virtio 1.2 §5.4): one request queue; each buffer the
 * driver offers comes back filled with entropy from the host, which is
 * mixed into the kernel pool (kernel/random.h).  One buffer is in flight
 * at a time: at probe (waited for), then again every few seconds from a
 * timer, so the pool is reseeded without keeping the host busy.  The first
 * device is also /dev/hwrng's source: a reader's buffer goes to the reader
 * and is not mixed in.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "virtio/virtio.h"
#include <arch/mmu.h>

#define VRNG_BYTES 64
#define VRNG_PERIOD_NS (5 * NSEC_PER_SEC)

struct vrng {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	uint8_t *buf;             /* [I] VRNG_BYTES, device-writable */
	bool busy;                /* a request is with the device */
	bool broken;
	unsigned long mixed;      /* bytes taken in so far */
	struct ktimer refill;
	struct hwrng hwrng;       /* /dev/hwrng's view of this device */
	struct waitq wq;          /* a /dev/hwrng reader: buffer done */
	bool reading;             /* a /dev/hwrng reader owns the buffer */
	bool for_reader;          /* the buffer in flight is a reader's */
	uint32_t reader_len;      /* bytes the reader's buffer came back with */
};

static void vrng_request(struct vrng *r)
{
	struct vq_sg sg = { virt_to_phys(r->buf), VRNG_BYTES };

	if (r->busy || r->broken)
		return;
	if (vq_add(r->vq, &sg, 0, 1, r) == 0) {
		r->busy = true;
		vq_kick(r->vq);
	}
}

static void vrng_refill(struct ktimer *t)
{
	vrng_request(container_of(t, struct vrng, refill));
}

static void vrng_done(struct virtqueue *vq)
{
	struct vrng *r = vq->priv;
	void *token;
	uint32_t len;
	int got;

	do {
		while ((got = vq_get_buf(vq, &token, &len)) == 1) {
			r->busy = false;
			if (r->for_reader) {
				r->reader_len = MIN(len, (uint32_t)VRNG_BYTES);
				continue;
			}
			random_mix(r->buf, MIN(len, (uint32_t)VRNG_BYTES));
			r->mixed += MIN(len, (uint32_t)VRNG_BYTES);
			if (r->mixed && r->mixed == MIN(len, (uint32_t)VRNG_BYTES))
				printk("virtio-rng: %u bytes from the host mixed in\n", len);
		}
		if (got < 0) {
			r->broken = true;
			virtio_device_fail(r->vdev, "used ring corrupt");
			waitq_wake(&r->wq);
			return;
		}
	} while (!vq_enable_cb(vq));
	waitq_wake(&r->wq);
	timer_add(&r->refill, time_monotonic_ns() + VRNG_PERIOD_NS);
}

/* /dev/hwrng: one buffer from the device for the reader. */
static int vrng_hwrng_read(void *priv, void *buf, size_t n, bool wait)
{
	struct vrng *r = priv;
	int err = 0;

	/* One reader at a time, after the pool's request: no two get the same bytes. */
	while ((r->busy || r->reading) && !r->broken) {
		if (!wait)
			return 0;
		err = waitq_sleep(&r->wq);
		if (err)
			return err;
	}
	if (r->broken)
		return -EIO;
	r->reading = r->for_reader = true;
	r->reader_len = 0;
	vrng_request(r);
	while (r->busy && !r->broken && !err)
		err = waitq_sleep(&r->wq);
	r->for_reader = false;          /* if cut short, the pool takes it */
	if (!err && r->broken)
		err = -EIO;
	if (!err) {
		n = MIN(n, (size_t)r->reader_len);
		memcpy(buf, r->buf, n);
		memset(r->buf, 0, VRNG_BYTES);
	}
	r->reading = false;
	waitq_wake(&r->wq);
	return err ? err : (int)n;
}

static int vrng_probe(struct virtio_device *vdev)
{
	static void (*const callbacks[])(struct virtqueue *) = { vrng_done };
	struct vrng *r = kzalloc(sizeof(*r));
	int err = -ENOMEM;

	if (!r)
		return -ENOMEM;
	r->buf = kmalloc(VRNG_BYTES);
	if (!r->buf)
		goto out_free;
	r->vdev = vdev;
	r->refill.fn = vrng_refill;
	waitq_init(&r->wq);
	vdev->priv = r;
	err = virtio_find_vqs(vdev, 1, callbacks, 8);
	if (err)
		goto out_free_buf;
	r->vq = &vdev->vqs[0];
	r->vq->priv = r;
	virtio_device_ready(vdev);
	vrng_request(r);
	printk("virtio-rng: feeding the entropy pool\n");
	/*
	 * As Linux's hwrng core does at registration (add_early_randomness):
	 * the first buffer is mixed in before boot goes on.  Polled, since
	 * probing runs with interrupts off; a device that takes longer than
	 * a second is answered by its interrupt later.
	 */
	for (uint64_t end = time_monotonic_ns() + NSEC_PER_SEC;
	     r->busy && !r->broken && time_monotonic_ns() < end;)
		vrng_done(r->vq);
	r->hwrng = (struct hwrng){ .read = vrng_hwrng_read, .priv = r };
	hwrng_register(&r->hwrng);
	return 0;

out_free_buf:
	kfree(r->buf);
out_free:
	vdev->priv = NULL;
	kfree(r);
	return err;
}

static void vrng_remove(struct virtio_device *vdev)
{
	struct vrng *r = vdev->priv;

	if (r) {
		hwrng_unregister(&r->hwrng);
		timer_cancel(&r->refill);
	}
	virtio_del_vqs(vdev);
}

const struct virtio_driver virtio_rng_driver = {
	.name = "virtio-rng",
	.device_id = VIRTIO_ID_RNG,
	.probe = vrng_probe,
	.remove = vrng_remove,
};
