// SPDX-License-Identifier: MIT
/*
 * blk.c - the virtio block driver (virtio 1.2 §5.2): one disk per device,
 * named vda, vdb, ... in probe order as Linux names them, registered with
 * the block layer (block/block.h) at major 254, 16 minors a disk.
 *
 * Requests are header (out), data (out or in), status (in) chains
 * (§5.2.6); a transfer is split into requests of at most 1 MiB (or
 * size_max) that are all in flight at once on one queue, and several
 * processes' transfers share the queues.  With VIRTIO_BLK_F_MQ there are
 * num_queues of them (up to VBLK_VQS_MAX), used round robin: there is one
 * CPU, so no per-CPU choice to make.  VIRTIO_BLK_F_DISCARD and
 * F_WRITE_ZEROES serve BLKDISCARD, BLKZEROOUT and fallocate, one range a
 * request within max_discard_sectors / max_write_zeroes_sectors (rounded
 * to discard_sector_alignment).  write_async queues one write or flush
 * without sleeping and reports from the interrupt (the block cache's
 * write-back), and read_async one read (its readahead); between plug and
 * unplug they leave the notification to unplug, so a write-back or a
 * readahead window of many runs notifies the device once (Linux's
 * blk_start_plug; virtio_blk's queue_rq notifies on bd->last).  Nothing
 * sleeps while requests sit un-notified: a full ring is notified at once,
 * and the driver notifies every queue before it sleeps.  A caller sleeps
 * until the interrupt handler has taken all its requests back; while the
 * device is being probed (interrupts off), completions are polled.  A
 * read-only device (VIRTIO_BLK_F_RO) refuses writes; VIRTIO_BLK_F_FLUSH
 * makes fsync send a flush.  A device that corrupts its used ring or
 * answers with no status is failed: its requests end with -EIO and so do
 * all later ones.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "block/block.h"
#include "virtio/virtio.h"

#define VBLK_MAJOR 254
#define VBLK_MINORS 16
#define VBLK_QUEUE_MAX 128
#define VBLK_VQS_MAX 8          /* of the device's num_queues, at most */
#define VBLK_SEGS 64            /* data segments per request, at most */
#define VBLK_REQ_MAX (1024 * 1024)
#define POLL_TIMEOUT_NS (30ULL * 1000000000ULL)

struct vblk_req {
	struct virtio_blk_req_hdr hdr;  /* device-readable */
	struct virtio_blk_discard_write_zeroes range; /* device-readable */
	uint8_t status;                 /* device-writable */
	bool done;                      /* [Q] set on completion */
	int err;
	struct vblk_req *next;          /* the caller's batch */
	/* asynchronous (write_async): called at completion, then r is freed */
	void (*end)(void *arg, int err);
	void *end_arg;
	/* [Q] for the disk's statistics (block/stat.c), once queued */
	struct blk_disk *disk;
	unsigned stat_op;
	uint64_t stat_sector, stat_nsect, t0;
};

struct vblk {
	struct virtio_device *vdev;     /* [I] */
	struct virtqueue *vqs;          /* [I] nvqs of them (VIRTIO_BLK_F_MQ) */
	unsigned nvqs;                  /* [I] */
	struct blk_disk disk;           /* [I] */
	uint32_t req_max;               /* [I] data bytes per request */
	uint32_t segs_max;              /* [I] data segments per request */
	uint32_t discard_max, zeroes_max; /* [I] sectors per request */
	/* [Q]: interrupts off on one CPU serialises the queues */
	unsigned next_vq;               /* round robin */
	struct waitq wq;                /* requests done or room in a queue */
	bool polled;                    /* completions polled (probe) */
	bool plugged;                   /* write_async leaves the notify to unplug */
	bool broken;
};

static unsigned ndisks;

static void req_done(struct vblk_req *r, int err)
{
	void (*end)(void *arg, int err) = r->end;
	void *arg = r->end_arg;

	if (r->disk)
		blk_io_done(r->disk, r->stat_op, r->stat_sector, r->stat_nsect, r->t0);
	r->err = err;
	r->done = true;
	if (end) {
		kfree(r);
		end(arg, err);
	}
}

static void fail_req(void *token, void *arg)
{
	req_done(token, -EIO);
}

static void complete(struct vblk_req *r, uint32_t len)
{
	if (len < 1)
		req_done(r, -EIO); /* no status byte written */
	else if (r->status == VIRTIO_BLK_S_OK)
		req_done(r, 0);
	else
		req_done(r, r->status == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP : -EIO);
}

/* The device lied or hung: it is reset, and every request fails. */
static void vblk_break(struct vblk *vb, const char *why)
{
	vb->broken = true;
	virtio_device_fail(vb->vdev, why);
	for (unsigned i = 0; i < vb->nvqs; i++)
		vq_detach_all(&vb->vqs[i], fail_req, NULL);
}

/* Take back every used request of vq; on a lying device, fail them all. */
static void vblk_reap(struct vblk *vb, struct virtqueue *vq)
{
	void *token;
	uint32_t len;
	int got;

	do {
		while ((got = vq_get_buf(vq, &token, &len)) == 1)
			complete(token, len);
		if (got < 0) {
			vblk_break(vb, "used ring corrupt");
			break;
		}
	} while (!vb->broken && !vq_enable_cb(vq));
	waitq_wake(&vb->wq);
}

static void vblk_done(struct virtqueue *vq)
{
	vblk_reap(vq->priv, vq);
}

/* Let the device see every request queued on any of vb's queues. */
static void kick_all(struct vblk *vb)
{
	for (unsigned i = 0; i < vb->nvqs; i++)
		vq_kick(&vb->vqs[i]);
}

/* Until cond(arg): sleep for the interrupt, or poll during probe. */
static int vblk_wait(struct vblk *vb, bool (*cond)(void *), void *arg)
{
	uint64_t deadline = vb->polled ? time_monotonic_ns() + POLL_TIMEOUT_NS : 0;

	kick_all(vb);           /* a plugged write_async's requests too */
	while (!cond(arg)) {
		if (!vb->polled) {
			waitq_sleep_uninterruptible(&vb->wq);
			continue;
		}
		for (unsigned i = 0; i < vb->nvqs && !vb->broken; i++)
			vblk_reap(vb, &vb->vqs[i]);
		if (!cond(arg) && time_monotonic_ns() > deadline) {
			vblk_break(vb, "requests not completed in 30 s");
			return -EIO;
		}
	}
	return 0;
}

static bool batch_done(void *arg)
{
	for (struct vblk_req *r = arg; r; r = r->next)
		if (!r->done)
			return false;
	return true;
}

struct room {
	struct vblk *vb;
	struct virtqueue *vq;
};

static bool has_room(void *arg)
{
	struct room *rm = arg;

	return rm->vb->broken || rm->vq->num_free > 0;
}

/* A queued request starts counting in the disk's statistics (discard and
 * write-zeroes ranges are in r->range; write zeroes count as writes). */
static void req_account(struct vblk *vb, struct vblk_req *r, const struct blk_seg *segs,
			unsigned nseg)
{
	uint32_t type = r->hdr.type;

	r->stat_sector = r->hdr.sector;
	r->stat_nsect = 0;
	if (type == VIRTIO_BLK_T_DISCARD || type == VIRTIO_BLK_T_WRITE_ZEROES) {
		r->stat_sector = r->range.sector;
		r->stat_nsect = r->range.num_sectors;
	} else {
		for (unsigned i = 0; i < nseg; i++)
			r->stat_nsect += segs[i].len / SECTOR_SIZE;
	}
	r->stat_op = type == VIRTIO_BLK_T_IN ? BLK_STAT_READ :
		     type == VIRTIO_BLK_T_FLUSH ? BLK_STAT_FLUSH :
		     type == VIRTIO_BLK_T_DISCARD ? BLK_STAT_DISCARD : BLK_STAT_WRITE;
	r->disk = &vb->disk;
	r->t0 = blk_io_start(r->disk, r->stat_op, r->stat_sector);
}

/* Add one request with nseg (<= VBLK_SEGS) data segments to vq: 0,
 * -ENOSPC (the ring is full), -EIO. */
static int queue_req(struct vblk *vb, struct virtqueue *vq, struct vblk_req *r,
		     const struct blk_seg *segs, unsigned nseg, bool write)
{
	struct vq_sg sg[VBLK_SEGS + 2];
	unsigned n = 0;
	int err;

	sg[n++] = (struct vq_sg){ virt_to_phys(&r->hdr), sizeof(r->hdr) };
	for (unsigned i = 0; i < nseg; i++)
		sg[n++] = (struct vq_sg){ virt_to_phys(segs[i].buf), segs[i].len };
	sg[n++] = (struct vq_sg){ virt_to_phys(&r->status), 1 };
	r->status = 0xff;
	if (vb->broken)
		return -EIO;
	err = write ? vq_add(vq, sg, n - 1, 1, r) : vq_add(vq, sg, 1, n - 1, r);
	if (!err)
		req_account(vb, r, segs, nseg);
	return err;
}

/* Queue one request on vq; sleeps while the ring is full. */
static int submit(struct vblk *vb, struct virtqueue *vq, struct vblk_req *r,
		  const struct blk_seg *segs, unsigned nseg, bool write)
{
	struct room rm = { vb, vq };
	int err;

	for (;;) {
		err = queue_req(vb, vq, r, segs, nseg, write);
		if (err != -ENOSPC)
			return err;
		vq_kick(vq);
		err = vblk_wait(vb, has_room, &rm);
		if (err)
			return err;
	}
}

static struct vblk_req *new_req(uint32_t type, uint64_t sector)
{
	struct vblk_req *r = kzalloc(sizeof(*r));

	if (r)
		r->hdr = (struct virtio_blk_req_hdr){ .type = type, .sector = sector };
	return r;
}

/* The queue for a caller's batch: round robin over the device's queues. */
static struct virtqueue *pick_vq(struct vblk *vb)
{
	return &vb->vqs[vb->next_vq++ % vb->nvqs];
}

/* Wait for a submitted batch on vq and free it: its first error, or 0. */
static int finish_batch(struct vblk *vb, struct virtqueue *vq, struct vblk_req *batch,
			int err)
{
	vq_kick(vq);
	if (vblk_wait(vb, batch_done, batch))
		err = -EIO;
	while (batch) {
		struct vblk_req *r = batch;
		if (!err)
			err = r->err;
		batch = r->next;
		kfree(r);
	}
	return err;
}

/* Queue one request of nseg segments on vq and add it to the batch. */
static int batch_add(struct vblk *vb, struct virtqueue *vq, struct vblk_req ***tail,
		     bool write, uint64_t sector, const struct blk_seg *segs, unsigned nseg)
{
	struct vblk_req *r = new_req(write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, sector);
	int err;

	if (!r)
		return -ENOMEM;
	err = submit(vb, vq, r, segs, nseg, write);
	if (err) {
		kfree(r);
		return err;
	}
	**tail = r;
	*tail = &r->next;
	return 0;
}

static int check_range(struct blk_disk *d, bool write, uint64_t sector, uint64_t len)
{
	if (write && d->read_only)
		return -EROFS;
	if (len % SECTOR_SIZE || sector > d->sectors || len / SECTOR_SIZE > d->sectors - sector)
		return -EINVAL;
	return 0;
}

/* Submit [sector, +len) as a batch of requests and wait for all of them. */
static int vblk_rw(struct blk_disk *d, bool write, uint64_t sector, void *buf,
		   size_t len)
{
	struct vblk *vb = d->priv;
	struct virtqueue *vq = pick_vq(vb);
	struct vblk_req *batch = NULL, **tail = &batch;
	int err = check_range(d, write, sector, len);

	if (err)
		return err;
	for (size_t off = 0; off < len && !err;) {
		struct blk_seg seg = { (char *)buf + off,
				       (uint32_t)MIN((size_t)vb->req_max, len - off) };
		err = batch_add(vb, vq, &tail, write, sector + off / SECTOR_SIZE, &seg, 1);
		off += seg.len;
	}
	return finish_batch(vb, vq, batch, err);
}

/* Segments that fit one request from segs: at least one, at most segs_max
 * and req_max bytes. */
static unsigned segs_fit(struct vblk *vb, const struct blk_seg *segs, unsigned nseg)
{
	uint64_t bytes = segs[0].len;
	unsigned n = 1;

	while (n < nseg && n < vb->segs_max && bytes + segs[n].len <= vb->req_max)
		bytes += segs[n++].len;
	return n;
}

/* As vblk_rw, over segments: as few requests as the limits allow. */
static int vblk_rw_segs(struct blk_disk *d, bool write, uint64_t sector,
			const struct blk_seg *segs, unsigned nseg)
{
	struct vblk *vb = d->priv;
	struct virtqueue *vq = pick_vq(vb);
	struct vblk_req *batch = NULL, **tail = &batch;
	uint64_t len = 0;
	int err = 0;

	for (unsigned i = 0; i < nseg && !err; i++)
		if (segs[i].len % SECTOR_SIZE || segs[i].len > vb->req_max)
			err = -EINVAL;
		else
			len += segs[i].len;
	if (!err)
		err = check_range(d, write, sector, len);
	if (err)
		return err;
	for (unsigned i = 0; i < nseg && !err;) {
		unsigned n = segs_fit(vb, segs + i, nseg - i);
		err = batch_add(vb, vq, &tail, write, sector, segs + i, n);
		for (; n; n--, i++)
			sector += segs[i].len / SECTOR_SIZE;
	}
	return finish_batch(vb, vq, batch, err);
}

static int vblk_flush(struct blk_disk *d)
{
	struct vblk *vb = d->priv;
	struct virtqueue *vq = pick_vq(vb);
	struct vblk_req *r;
	int err;

	if (!virtio_has_feature(vb->vdev, VIRTIO_BLK_F_FLUSH))
		return 0;
	r = new_req(VIRTIO_BLK_T_FLUSH, 0);
	if (!r)
		return -ENOMEM;
	err = submit(vb, vq, r, NULL, 0, false);
	if (err) {
		kfree(r);
		return err;
	}
	return finish_batch(vb, vq, r, 0);
}

/*
 * DISCARD or WRITE_ZEROES (§5.2.6.2) over [sector, +nsect): one segment a
 * request, each within max_discard_sectors / max_write_zeroes_sectors
 * (already rounded to the discard alignment), all in flight at once.
 */
static int vblk_discard(struct blk_disk *d, unsigned kind, uint64_t sector,
			uint64_t nsect)
{
	struct vblk *vb = d->priv;
	struct virtqueue *vq;
	struct vblk_req *batch = NULL, **tail = &batch;
	uint32_t type = kind == BLK_DISCARD ? VIRTIO_BLK_T_DISCARD : VIRTIO_BLK_T_WRITE_ZEROES;
	uint32_t max = kind == BLK_DISCARD ? vb->discard_max : vb->zeroes_max;
	int err = 0;

	if (!(d->can & kind) || !max)
		return -EOPNOTSUPP;
	if (d->read_only)
		return -EROFS;
	if (sector > d->sectors || nsect > d->sectors - sector)
		return -EINVAL;
	vq = pick_vq(vb);
	for (uint64_t done = 0; done < nsect && !err;) {
		uint32_t n = (uint32_t)MIN((uint64_t)max, nsect - done);
		struct vblk_req *r = new_req(type, 0);
		if (!r) {
			err = -ENOMEM;
			break;
		}
		r->range = (struct virtio_blk_discard_write_zeroes){
			.sector = sector + done, .num_sectors = n,
			.flags = kind == BLK_ZEROES_UNMAP ? 1 : 0 };
		err = submit(vb, vq, r, &(struct blk_seg){ &r->range, sizeof(r->range) }, 1,
			     true);
		if (err) {
			kfree(r);
			break;
		}
		*tail = r;
		tail = &r->next;
		done += n;
	}
	return finish_batch(vb, vq, batch, err);
}

/* One read or write, or a flush (a write of nseg 0), without sleeping;
 * end(arg, err) from the interrupt.  The device is notified now, or at
 * unplug when plugged; a full ring is notified at once, as the caller
 * will wait for room. */
static int vblk_async(struct blk_disk *d, bool write, uint64_t sector,
		      const struct blk_seg *segs, unsigned nseg,
		      void (*end)(void *arg, int err), void *arg)
{
	struct vblk *vb = d->priv;
	struct virtqueue *vq = pick_vq(vb);
	struct vblk_req *r;
	uint64_t len = 0;
	int err;

	if (!nseg && !write)
		return -EINVAL;
	if (!nseg && !virtio_has_feature(vb->vdev, VIRTIO_BLK_F_FLUSH))
		return -EOPNOTSUPP;
	if (nseg && segs_fit(vb, segs, nseg) != nseg)
		return -EINVAL;
	for (unsigned i = 0; i < nseg; i++)
		len += segs[i].len;
	err = check_range(d, write, sector, len);
	if (err)
		return err;
	r = new_req(!write ? VIRTIO_BLK_T_IN : nseg ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH,
		    nseg ? sector : 0);
	if (!r)
		return -ENOMEM;
	r->end = end;
	r->end_arg = arg;
	err = queue_req(vb, vq, r, segs, nseg, write);
	if (err) {
		kfree(r);
		if (err == -ENOSPC)
			vq_kick(vq);
		return err == -ENOSPC ? -EAGAIN : err;
	}
	if (!vb->plugged)
		vq_kick(vq);
	return 0;
}

static int vblk_write_async(struct blk_disk *d, uint64_t sector, const struct blk_seg *segs,
			    unsigned nseg, void (*end)(void *arg, int err), void *arg)
{
	return vblk_async(d, true, sector, segs, nseg, end, arg);
}

/* The block cache's readahead: the reader waits only for what it wants. */
static int vblk_read_async(struct blk_disk *d, uint64_t sector, const struct blk_seg *segs,
			   unsigned nseg, void (*end)(void *arg, int err), void *arg)
{
	return vblk_async(d, false, sector, segs, nseg, end, arg);
}

static void vblk_plug(struct blk_disk *d)
{
	struct vblk *vb = d->priv;

	vb->plugged = true;
}

static void vblk_unplug(struct blk_disk *d)
{
	struct vblk *vb = d->priv;

	vb->plugged = false;
	kick_all(vb);
}

static const struct blk_disk_ops vblk_ops = {
	.rw = vblk_rw,
	.flush = vblk_flush,
	.rw_segs = vblk_rw_segs,
	.discard = vblk_discard,
	.write_async = vblk_write_async,
	.read_async = vblk_read_async,
	.plug = vblk_plug,
	.unplug = vblk_unplug,
};

/* Linux's virtblk_name_format: vda..vdz, vdaa... */
static void disk_name(char *buf, size_t size, unsigned index)
{
	if (index < 26)
		snprintf(buf, size, "vd%c", 'a' + index);
	else
		snprintf(buf, size, "vd%c%c", 'a' + index / 26 - 1, 'a' + index % 26);
}

/* Sectors a request may cover: max, rounded down to the alignment. */
static uint32_t discard_limit(uint32_t max, uint32_t align)
{
	if (align > 1 && max >= align)
		max -= max % align;
	return max;
}

/* §5.2.4: DISCARD and WRITE_ZEROES limits; a zero limit means none. */
static void read_discard_config(struct vblk *vb)
{
	struct virtio_device *vdev = vb->vdev;
	uint32_t align = 0;

	if (virtio_has_feature(vdev, VIRTIO_BLK_F_DISCARD)) {
		align = virtio_cread32(vdev, VBLK_CFG_DISCARD_ALIGN);
		vb->discard_max = discard_limit(virtio_cread32(vdev,
					VBLK_CFG_MAX_DISCARD_SECTORS), align);
		if (vb->discard_max && virtio_cread32(vdev, VBLK_CFG_MAX_DISCARD_SEG))
			vb->disk.can |= BLK_DISCARD;
	}
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_WRITE_ZEROES)) {
		vb->zeroes_max = discard_limit(virtio_cread32(vdev, VBLK_CFG_MAX_WZ_SECTORS),
					       align);
		if (vb->zeroes_max && virtio_cread32(vdev, VBLK_CFG_MAX_WZ_SEG))
			vb->disk.can |= BLK_ZEROES | BLK_ZEROES_UNMAP;
	}
}

/* §5.2.4: num_queues with VIRTIO_BLK_F_MQ (one CPU: a few are plenty). */
static unsigned queue_count(struct virtio_device *vdev)
{
	unsigned n = 1;

	if (virtio_has_feature(vdev, VIRTIO_BLK_F_MQ))
		n = virtio_cread16(vdev, VBLK_CFG_NUM_QUEUES);
	return MAX(1u, MIN(n, (unsigned)VBLK_VQS_MAX));
}

/* The configuration, checked: a device that describes nonsense is refused. */
static int read_config(struct vblk *vb)
{
	struct virtio_device *vdev = vb->vdev;
	struct blk_disk *d = &vb->disk;
	uint32_t bs = SECTOR_SIZE, size_max;

	d->sectors = virtio_cread64(vdev, VBLK_CFG_CAPACITY);
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_BLK_SIZE))
		bs = virtio_cread32(vdev, VBLK_CFG_BLK_SIZE);
	if (bs < SECTOR_SIZE || bs > PAGE_SIZE || (bs & (bs - 1))) {
		printk("virtio-blk: %s: block size %u makes no sense\n", vdev->where, bs);
		return -EIO;
	}
	if (d->sectors >> 55) {
		printk("virtio-blk: %s: capacity %lx sectors makes no sense\n", vdev->where,
		       (unsigned long)d->sectors);
		return -EIO;
	}
	d->sectors = ALIGN_DOWN(d->sectors, (uint64_t)(bs / SECTOR_SIZE));
	d->block_size = bs;
	d->phys_block_size = bs;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_TOPOLOGY)) {
		uint8_t exp = virtio_cread8(vdev, 24);
		if (exp < 4)
			d->phys_block_size = bs << exp;
	}
	/* Linux virtblk_probe: one segment a request without SEG_MAX. */
	vb->segs_max = 1;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX))
		vb->segs_max = MAX(1u, MIN(virtio_cread32(vdev, VBLK_CFG_SEG_MAX),
					   (uint32_t)VBLK_SEGS));
	vb->req_max = VBLK_REQ_MAX;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SIZE_MAX)) {
		size_max = virtio_cread32(vdev, VBLK_CFG_SIZE_MAX);
		if (size_max < bs) {
			printk("virtio-blk: %s: size_max %u below the block size\n",
			       vdev->where, size_max);
			return -EIO;
		}
		vb->req_max = MIN(vb->req_max, ALIGN_DOWN(size_max, bs));
	}
	d->read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	read_discard_config(vb);
	return 0;
}

static int vblk_probe(struct virtio_device *vdev)
{
	static void (*const callbacks[VBLK_VQS_MAX])(struct virtqueue *) = {
		vblk_done, vblk_done, vblk_done, vblk_done,
		vblk_done, vblk_done, vblk_done, vblk_done,
	};
	struct vblk *vb = kzalloc(sizeof(*vb));
	struct blk_disk *d;
	int err;

	if (!vb)
		return -ENOMEM;
	vb->vdev = vdev;
	vdev->priv = vb;
	waitq_init(&vb->wq);
	err = read_config(vb);
	if (err)
		goto out_free;
	vb->nvqs = queue_count(vdev);
	err = virtio_find_vqs(vdev, vb->nvqs, callbacks, VBLK_QUEUE_MAX);
	if (err)
		goto out_free;
	vb->vqs = vdev->vqs;
	for (unsigned i = 0; i < vb->nvqs; i++) {
		vb->vqs[i].priv = vb;
		/* Without indirect descriptors a request takes nseg + 2 of them. */
		if (!vb->vqs[i].indirect)
			vb->segs_max = MAX(1u, MIN(vb->segs_max, vb->vqs[i].num - 2u));
	}
	d = &vb->disk;
	disk_name(d->name, sizeof(d->name), ndisks);
	d->major = VBLK_MAJOR;
	d->first_minor = ndisks * VBLK_MINORS;
	d->ops = &vblk_ops;
	d->priv = vb;
	d->async_segs = MIN(vb->segs_max, vb->req_max / PAGE_SIZE);
	printk("%s: %lu %u-byte logical blocks (%lu MiB)%s%s%s%s, %u queue%s\n", d->name,
	       (unsigned long)(d->sectors / (d->block_size / SECTOR_SIZE)), d->block_size,
	       (unsigned long)(d->sectors >> 11), d->read_only ? ", read-only" : "",
	       virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH) ? ", write cache" : "",
	       d->can & BLK_DISCARD ? ", discard" : "",
	       d->can & BLK_ZEROES ? ", write zeroes" : "", vb->nvqs,
	       vb->nvqs == 1 ? "" : "s");
	/* The partition scan reads the disk: the device must be live. */
	vb->polled = true;
	virtio_device_ready(vdev);
	err = blk_disk_add(d);
	vb->polled = false;
	if (err)
		goto out_del_vqs;
	ndisks++;
	return 0;

out_del_vqs:
	virtio_del_vqs(vdev);
out_free:
	vdev->priv = NULL;
	kfree(vb);
	return err;
}

/* Disks are never unplugged while running; remove is for a failed bind. */
static void vblk_remove(struct virtio_device *vdev)
{
	virtio_del_vqs(vdev);
}

static void vblk_config_changed(struct virtio_device *vdev)
{
	struct vblk *vb = vdev->priv;

	if (vb)
		printk("%s: capacity now %lu sectors (not resized while running)\n",
		       vb->disk.name,
		       (unsigned long)virtio_cread64(vdev, VBLK_CFG_CAPACITY));
}

static const struct virtio_feature vblk_features[] = {
	{ VIRTIO_BLK_F_SIZE_MAX, "SIZE_MAX" },
	{ VIRTIO_BLK_F_SEG_MAX, "SEG_MAX" },
	{ VIRTIO_BLK_F_RO, "RO" },
	{ VIRTIO_BLK_F_BLK_SIZE, "BLK_SIZE" },
	{ VIRTIO_BLK_F_FLUSH, "FLUSH" },
	{ VIRTIO_BLK_F_TOPOLOGY, "TOPOLOGY" },
	{ VIRTIO_BLK_F_MQ, "MQ" },
	{ VIRTIO_BLK_F_DISCARD, "DISCARD" },
	{ VIRTIO_BLK_F_WRITE_ZEROES, "WRITE_ZEROES" },
};

const struct virtio_driver virtio_blk_driver = {
	.name = "virtio-blk",
	.device_id = VIRTIO_ID_BLOCK,
	.features = vblk_features,
	.nfeatures = ARRAY_SIZE(vblk_features),
	.probe = vblk_probe,
	.remove = vblk_remove,
	.config_changed = vblk_config_changed,
};
