/* SPDX-License-Identifier: MIT */
/*
 * virtio.h - the virtio core as drivers see it: devices, drivers, split
 * virtqueues (virtio 1.2 §2.7) and device configuration access.
 *
 * Shape of a driver (style.md, Drivers): { device id, feature table, probe,
 * remove, config_changed }.  Transports (virtio/pci.c, virtio/mmio.c) find
 * devices and hand them to virtio_add_device(); the core resets the device,
 * negotiates features from the driver's table (§3.1.1), calls probe, and
 * sets DRIVER_OK.  A driver that must do I/O during probe (virtio-blk reads
 * the partition table) calls virtio_device_ready() first.
 *
 * Virtqueue call order (one queue; the caller serialises, for now by
 * running with interrupts off on one CPU):
 *
 *	vq_add()             one buffer chain per call: out segments first
 *	...                  (batch several)
 *	vq_kick()            = vq_kick_prepare() publishes the available
 *	                       index and says whether the device wants a
 *	                       notification, then vq_notify() rings it
 *
 *	on an interrupt, or polling:
 *	vq_disable_cb(); do { while (vq_get_buf() > 0) ...; } while (!vq_enable_cb());
 *
 * vq_get_buf() checks what the device wrote into the used ring (index
 * advance, ids, lengths); a device that lies marks the queue broken and
 * every later call returns -EIO.  Nothing here panics on device input.
 */
#ifndef VIRTIO_VIRTIO_H
#define VIRTIO_VIRTIO_H

#include "kernel/kernel.h"
#include "virtio/virtio_spec.h"

struct virtio_device;
struct virtqueue;

/* One contiguous piece of a buffer: a bus (physical) address and length. */
struct vq_sg {
	uint64_t addr;
	uint32_t len;
};

/*
 * Per-descriptor bookkeeping kept in kernel memory: the ring itself is
 * shared with the device, so nothing read back from it is trusted.
 */
struct vq_slot {
	void *token;            /* the caller's cookie, on a chain's head */
	struct vring_desc *indirect; /* its indirect table, or NULL */
	uint32_t in_len;        /* bytes the device may write to the chain */
	uint16_t ndesc;         /* ring descriptors the chain holds */
	uint16_t next;          /* free list / chain link (shadow of desc.next) */
};

struct virtqueue {
	/* [I] set up once by virtio_find_vqs */
	struct virtio_device *vdev;
	unsigned index;
	uint16_t num;                   /* ring size, a power of 2 */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint64_t desc_addr, avail_addr, used_addr; /* bus addresses */
	void *ring_mem;                 /* what holds the three parts */
	size_t ring_bytes;
	bool event_idx;                 /* VIRTIO_F_EVENT_IDX negotiated */
	bool indirect;                  /* VIRTIO_F_INDIRECT_DESC negotiated */
	void (*callback)(struct virtqueue *vq); /* from the interrupt */
	void *priv;                     /* the driver's */
	void *transport_priv;           /* the transport's (notify address...) */

	/* [Q] by the driver's serialisation of this queue */
	struct vq_slot *slot;           /* [num] */
	uint16_t free_head;             /* first free descriptor */
	uint16_t num_free;              /* free descriptors */
	uint16_t in_flight;             /* chains the device holds */
	uint16_t avail_idx;             /* next available index to publish */
	uint16_t kicked_idx;            /* available index at the last kick */
	uint16_t last_used;             /* next used index to consume */
	uint16_t avail_flags;           /* shadow of avail->flags */
	bool broken;                    /* the device broke the rules: -EIO */
};

/*
 * The ring core (virtio/virtqueue.c), pure memory logic: the host unit test
 * runs it against a fake device.
 */
/* Bytes for a ring of num entries whose used ring starts at a multiple of
 * align (VRING_USED_ALIGN for modern devices, VRING_LEGACY_ALIGN legacy). */
size_t vq_ring_size(unsigned num, unsigned align);
/*
 * Lay a ring out in mem (zeroed, ring_size bytes, bus address mem_addr,
 * aligned to 4096) and initialise the bookkeeping: 0 or -ENOMEM/-EINVAL.
 */
int vq_init(struct virtqueue *vq, unsigned num, void *mem, uint64_t mem_addr,
	    unsigned align, bool event_idx, bool indirect);
void vq_free(struct virtqueue *vq);     /* the bookkeeping, not the ring */
/*
 * Add a chain: sg[0..out) device-readable, sg[out..out+in) device-
 * writable; token (not NULL) comes back from vq_get_buf.  0, -ENOSPC (no
 * room: wait for completions), -EINVAL (empty or oversized), -EIO (broken).
 */
int vq_add(struct virtqueue *vq, const struct vq_sg *sg, unsigned out,
	   unsigned in, void *token);
/* Publish added chains; true when the device asked to be notified. */
bool vq_kick_prepare(struct virtqueue *vq);
/* Ring the doorbell (the transport's notify). */
void vq_notify(struct virtqueue *vq);
/* vq_kick_prepare then, when wanted, vq_notify. */
void vq_kick(struct virtqueue *vq);
/*
 * Take one used chain: 1 with *token and *len (bytes written) set, 0 when
 * none is there, -EIO when the device wrote something impossible (the
 * queue is then broken).
 */
int vq_get_buf(struct virtqueue *vq, void **token, uint32_t *len);
/* Ask for no interrupts (a hint: the device may still send one). */
void vq_disable_cb(struct virtqueue *vq);
/* Ask for interrupts again; false when used chains are already waiting. */
bool vq_enable_cb(struct virtqueue *vq);
bool vq_has_used(struct virtqueue *vq);
/* After the device is reset: hand back every token still in flight
 * (through fn), so the driver can fail them. */
void vq_detach_all(struct virtqueue *vq, void (*fn)(void *token, void *arg),
		   void *arg);

/* ---- devices and drivers ------------------------------------------- */

struct virtio_transport;

struct virtio_device {
	/* [I] from the transport */
	uint32_t id;                    /* device type (VIRTIO_ID_*) */
	unsigned index;                 /* N of Linux's virtioN: order found */
	char where[40];                 /* "pci 0000:00:03.0", "mmio feb00e00" */
	const struct virtio_transport *transport;
	void *transport_priv;
	bool legacy;                    /* virtio 0.9.5 interface (MMIO v1) */
	/* [I] after negotiation */
	uint64_t features;
	const struct virtio_driver *driver;
	void *priv;                     /* the driver's */
	struct virtqueue *vqs;          /* [nvqs] */
	unsigned nvqs;
	bool ready;                     /* DRIVER_OK set */
	bool failed;
};

/* A feature bit a driver handles, with its name for the boot log. */
struct virtio_feature {
	uint8_t bit;
	const char *name;
};

struct virtio_driver {
	const char *name;               /* "virtio-blk" */
	uint32_t device_id;
	const struct virtio_feature *features; /* the bits the driver handles */
	unsigned nfeatures;
	int (*probe)(struct virtio_device *vdev);
	void (*remove)(struct virtio_device *vdev);
	void (*config_changed)(struct virtio_device *vdev);
};

static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned bit)
{
	return bit < 64 && (vdev->features >> bit) & 1;
}

/* Discover devices on every transport and bind drivers (at boot). */
void virtio_init(void);
/* From a transport: a device was found.  0 or -errno (logged). */
int virtio_add_device(struct virtio_device *vdev);
/*
 * Set up nvqs queues, queue i calling callbacks[i] (may be NULL) on used
 * buffers; sizes are the device's maximum, capped at max_num.  Wires the
 * interrupts.  0 or -errno; on failure nothing is left set up.
 */
int virtio_find_vqs(struct virtio_device *vdev, unsigned nvqs,
		    void (*const callbacks[])(struct virtqueue *), unsigned max_num);
void virtio_del_vqs(struct virtio_device *vdev);
/* Set DRIVER_OK now (before probe returns), so the driver can do I/O. */
void virtio_device_ready(struct virtio_device *vdev);
/* Reset the device (it drops every buffer) and mark it failed. */
void virtio_device_fail(struct virtio_device *vdev, const char *why);

/*
 * Device-specific configuration (§2.5), read consistently: retried while
 * the configuration generation changes under the read.
 */
uint8_t virtio_cread8(struct virtio_device *vdev, unsigned off);
uint16_t virtio_cread16(struct virtio_device *vdev, unsigned off);
uint32_t virtio_cread32(struct virtio_device *vdev, unsigned off);
uint64_t virtio_cread64(struct virtio_device *vdev, unsigned off);
void virtio_cwrite8(struct virtio_device *vdev, unsigned off, uint8_t v);

/* The drivers (one table in virtio.c lists them). */
extern const struct virtio_driver virtio_blk_driver;
extern const struct virtio_driver virtio_rng_driver;
extern const struct virtio_driver virtio_console_driver;
extern const struct virtio_driver virtio_net_driver;

/*
 * The virtio-console ports for /sys/class/virtio-ports (fs/sysfs.c), each
 * known by a context: the one called name (-ENOENT); the first with a
 * context >= *ctx (false: none); a port's PORT_NAME ("" before it, NULL:
 * the port is gone).
 */
int vport_lookup(const char *name, size_t len, long *ctx);
bool vport_next(long *ctx, char *name, size_t size);
const char *vport_name(long ctx);

#endif
