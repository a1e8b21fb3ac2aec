// SPDX-License-Identifier: MIT
/*
 * blk.c - the virtio block driver (virtio 1.2 §5.2): one disk per device,
 * named vda, vdb, ... in probe order as Linux names them, registered with
 * the block layer (block/block.h) at major 254, 16 minors a disk.
 *
 * Requests are header (out), data (out or in), status (in) chains on
 * queue 0 (§5.2.6); a transfer is split into requests of at most 64 KiB
 * (or size_max) that are all in flight at once, and several processes'
 * transfers share the queue.  A caller sleeps until the interrupt handler
 * has taken all its requests back; while the device is being probed
 * (interrupts off), completions are polled.  A read-only device
 * (VIRTIO_BLK_F_RO) refuses writes; VIRTIO_BLK_F_FLUSH makes fsync send a
 * flush.  A device that corrupts its used ring or answers with no status
 * is failed: its requests end with -EIO and so do all later ones.
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
#define VBLK_REQ_MAX (64 * 1024)
#define POLL_TIMEOUT_NS (30ULL * 1000000000ULL)

struct vblk_req {
	struct virtio_blk_req_hdr hdr;  /* device-readable */
	uint8_t status;                 /* device-writable */
	bool done;                      /* [Q] set on completion */
	int err;
	struct vblk_req *next;          /* the caller's batch */
};

struct vblk {
	struct virtio_device *vdev;     /* [I] */
	struct virtqueue *vq;           /* [I] */
	struct blk_disk disk;           /* [I] */
	uint32_t req_max;               /* [I] data bytes per request */
	/* [Q]: interrupts off on one CPU serialises the queue */
	struct waitq wq;                /* requests done or room in the queue */
	bool polled;                    /* completions polled (probe) */
	bool broken;
};

static unsigned ndisks;

static void fail_req(void *token, void *arg)
{
	struct vblk_req *r = token;

	r->err = -EIO;
	r->done = true;
}

static void complete(struct vblk_req *r, uint32_t len)
{
	if (len < 1)
		r->err = -EIO; /* no status byte written */
	else if (r->status == VIRTIO_BLK_S_OK)
		r->err = 0;
	else
		r->err = r->status == VIRTIO_BLK_S_UNSUPP ? -EOPNOTSUPP : -EIO;
	r->done = true;
}

/* Take back every used request; on a lying device, fail them all. */
static void vblk_reap(struct vblk *vb)
{
	void *token;
	uint32_t len;
	int got;

	do {
		while ((got = vq_get_buf(vb->vq, &token, &len)) == 1)
			complete(token, len);
		if (got < 0) {
			vb->broken = true;
			virtio_device_fail(vb->vdev, "used ring corrupt");
			vq_detach_all(vb->vq, fail_req, NULL);
			break;
		}
	} while (!vq_enable_cb(vb->vq));
	waitq_wake(&vb->wq);
}

static void vblk_done(struct virtqueue *vq)
{
	vblk_reap(vq->priv);
}

/* Until cond(arg): sleep for the interrupt, or poll during probe. */
static int vblk_wait(struct vblk *vb, bool (*cond)(void *), void *arg)
{
	uint64_t deadline = vb->polled ? time_monotonic_ns() + POLL_TIMEOUT_NS : 0;

	while (!cond(arg)) {
		if (!vb->polled) {
			waitq_sleep_uninterruptible(&vb->wq);
			continue;
		}
		vblk_reap(vb);
		if (!cond(arg) && time_monotonic_ns() > deadline) {
			vb->broken = true;
			virtio_device_fail(vb->vdev, "requests not completed in 30 s");
			vq_detach_all(vb->vq, fail_req, NULL);
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

static bool has_room(void *arg)
{
	struct vblk *vb = arg;

	return vb->broken || vb->vq->num_free > 0;
}

/* Queue one request; sleeps while the ring is full. */
static int submit(struct vblk *vb, struct vblk_req *r, void *data, uint32_t len,
		  bool write)
{
	struct vq_sg sg[3];
	unsigned out = 1, in = 0, n = 0;
	int err;

	sg[n++] = (struct vq_sg){ virt_to_phys(&r->hdr), sizeof(r->hdr) };
	if (len) {
		sg[n++] = (struct vq_sg){ virt_to_phys(data), len };
		if (write)
			out++;
		else
			in++;
	}
	sg[n++] = (struct vq_sg){ virt_to_phys(&r->status), 1 };
	in++;
	r->status = 0xff;
	for (;;) {
		if (vb->broken)
			return -EIO;
		err = vq_add(vb->vq, sg, out, in, r);
		if (err != -ENOSPC)
			return err;
		vq_kick(vb->vq);
		err = vblk_wait(vb, has_room, vb);
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

/* Submit [sector, +len) as a batch of requests and wait for all of them. */
static int vblk_rw(struct blk_disk *d, bool write, uint64_t sector, void *buf,
		   size_t len)
{
	struct vblk *vb = d->priv;
	struct vblk_req *batch = NULL, **tail = &batch;
	int err = 0;

	if (write && d->read_only)
		return -EROFS;
	if (len % SECTOR_SIZE || sector > d->sectors || len / SECTOR_SIZE > d->sectors - sector)
		return -EINVAL;
	for (size_t off = 0; off < len && !err;) {
		uint32_t n = (uint32_t)MIN((size_t)vb->req_max, len - off);
		struct vblk_req *r = new_req(write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN,
					     sector + off / SECTOR_SIZE);
		if (!r) {
			err = -ENOMEM;
			break;
		}
		err = submit(vb, r, (char *)buf + off, n, write);
		if (err) {
			kfree(r);
			break;
		}
		*tail = r;
		tail = &r->next;
		off += n;
	}
	vq_kick(vb->vq);
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

static int vblk_flush(struct blk_disk *d)
{
	struct vblk *vb = d->priv;
	struct vblk_req *r;
	int err;

	if (!virtio_has_feature(vb->vdev, VIRTIO_BLK_F_FLUSH))
		return 0;
	r = new_req(VIRTIO_BLK_T_FLUSH, 0);
	if (!r)
		return -ENOMEM;
	err = submit(vb, r, NULL, 0, false);
	if (!err) {
		vq_kick(vb->vq);
		err = vblk_wait(vb, batch_done, r) ? -EIO : r->err;
	}
	kfree(r);
	return err;
}

static const struct blk_disk_ops vblk_ops = {
	.rw = vblk_rw,
	.flush = vblk_flush,
};

/* Linux's virtblk_name_format: vda..vdz, vdaa... */
static void disk_name(char *buf, size_t size, unsigned index)
{
	if (index < 26)
		snprintf(buf, size, "vd%c", 'a' + index);
	else
		snprintf(buf, size, "vd%c%c", 'a' + index / 26 - 1, 'a' + index % 26);
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
	return 0;
}

static int vblk_probe(struct virtio_device *vdev)
{
	static void (*const callbacks[])(struct virtqueue *) = { vblk_done };
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
	err = virtio_find_vqs(vdev, 1, callbacks, VBLK_QUEUE_MAX);
	if (err)
		goto out_free;
	vb->vq = &vdev->vqs[0];
	vb->vq->priv = vb;
	d = &vb->disk;
	disk_name(d->name, sizeof(d->name), ndisks);
	d->major = VBLK_MAJOR;
	d->first_minor = ndisks * VBLK_MINORS;
	d->ops = &vblk_ops;
	d->priv = vb;
	printk("%s: %lu %u-byte logical blocks (%lu MiB)%s%s\n", d->name,
	       (unsigned long)(d->sectors / (d->block_size / SECTOR_SIZE)), d->block_size,
	       (unsigned long)(d->sectors >> 11), d->read_only ? ", read-only" : "",
	       virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH) ? ", write cache" : "");
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
