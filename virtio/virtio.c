// SPDX-License-Identifier: MIT
/*
 * virtio.c - the virtio core: binds devices the transports find to
 * drivers, drives device initialisation (virtio 1.2 §3.1.1: reset,
 * ACKNOWLEDGE, DRIVER, feature negotiation, FEATURES_OK, queue setup,
 * DRIVER_OK), allocates and wires virtqueues, reads device configuration
 * under the generation counter (§2.5.1), and dispatches interrupts to
 * queue callbacks and config_changed.  Interface: virtio/virtio.h.
 *
 * The core negotiates on the driver's behalf: the features offered are
 * the device's, less anything neither the driver's table nor the core
 * (VERSION_1, EVENT_IDX, INDIRECT_DESC) handles.  A modern device must
 * offer VERSION_1; a legacy one (MMIO version 1) negotiates 32 bits.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "virtio/virtio_internal.h"

static const struct virtio_driver *const drivers[] = {
	&virtio_blk_driver,
	&virtio_rng_driver,
	&virtio_console_driver,
	&virtio_net_driver,
};

/* The features the core itself handles. */
static const struct virtio_feature core_features[] = {
	{ VIRTIO_F_INDIRECT_DESC, "INDIRECT_DESC" },
	{ VIRTIO_F_EVENT_IDX, "EVENT_IDX" },
	{ VIRTIO_F_VERSION_1, "VERSION_1" },
};

void virtio_init(void)
{
	virtio_mmio_probe_all();
	virtio_pci_probe_all();
}

static const struct virtio_driver *find_driver(uint32_t id)
{
	for (size_t i = 0; i < ARRAY_SIZE(drivers); i++)
		if (drivers[i]->device_id == id)
			return drivers[i];
	return NULL;
}

static void add_status(struct virtio_device *vdev, uint8_t bits)
{
	const struct virtio_transport *t = vdev->transport;

	t->set_status(vdev, t->get_status(vdev) | bits);
}

static uint64_t feature_mask(const struct virtio_feature *f, unsigned n)
{
	uint64_t m = 0;

	for (unsigned i = 0; i < n; i++)
		if (f[i].bit < 64)
			m |= 1ULL << f[i].bit;
	return m;
}

/* §3.1.1 steps 4-6. */
static int negotiate(struct virtio_device *vdev, const struct virtio_driver *drv)
{
	const struct virtio_transport *t = vdev->transport;
	uint64_t offered = t->get_features(vdev);
	uint64_t f = offered & (feature_mask(drv->features, drv->nfeatures) |
				feature_mask(core_features, ARRAY_SIZE(core_features)));

	if (vdev->legacy) {
		f &= 0xffffffffULL;
	} else if (!(f & (1ULL << VIRTIO_F_VERSION_1))) {
		printk("virtio: %s: modern device without VERSION_1 (features %lx)\n",
		       vdev->where, (unsigned long)offered);
		return -EIO;
	}
	t->set_features(vdev, f);
	vdev->features = f;
	if (vdev->legacy)
		return 0;
	add_status(vdev, VIRTIO_STATUS_FEATURES_OK);
	if (!(t->get_status(vdev) & VIRTIO_STATUS_FEATURES_OK)) {
		printk("virtio: %s: device refused features %lx\n", vdev->where,
		       (unsigned long)f);
		return -EIO;
	}
	return 0;
}

static void append_names(char *buf, size_t size, uint64_t *f,
			 const struct virtio_feature *tab, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (tab[i].bit >= 64 || !(*f >> tab[i].bit & 1))
			continue;
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, " %s", tab[i].name);
		*f &= ~(1ULL << tab[i].bit);
	}
}

/* design.md: one boot log line per device, transport and features. */
static void log_device(struct virtio_device *vdev)
{
	char names[256] = "", irqs[48] = "";
	uint64_t f = vdev->features;
	const struct virtio_driver *drv = vdev->driver;

	append_names(names, sizeof(names), &f, core_features, ARRAY_SIZE(core_features));
	append_names(names, sizeof(names), &f, drv->features, drv->nfeatures);
	if (vdev->transport->describe_irqs)
		vdev->transport->describe_irqs(vdev, irqs, sizeof(irqs));
	printk("%s: %s (%s%s%s), features %lx:%s\n", drv->name, vdev->where,
	       vdev->legacy ? "legacy" : "modern", irqs[0] ? ", " : "", irqs,
	       (unsigned long)vdev->features, names[0] ? names : " none");
}

int virtio_add_device(struct virtio_device *vdev)
{
	const struct virtio_transport *t = vdev->transport;
	const struct virtio_driver *drv = find_driver(vdev->id);
	static unsigned ndevices;
	int err;

	vdev->index = ndevices++;
	if (t->reset(vdev)) {
		printk("virtio: %s: device does not reset\n", vdev->where);
		return -EIO;
	}
	t->set_status(vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	if (!drv) {
		printk("virtio: %s: device type %u: no driver\n", vdev->where, vdev->id);
		return -ENODEV;
	}
	add_status(vdev, VIRTIO_STATUS_DRIVER);
	err = negotiate(vdev, drv);
	if (err)
		goto out_failed;
	vdev->driver = drv;
	err = drv->probe(vdev);
	if (err)
		goto out_failed;
	virtio_device_ready(vdev);
	log_device(vdev);
	return 0;

out_failed:
	printk("%s: %s: probe failed (error %d)\n", drv->name, vdev->where, -err);
	vdev->driver = NULL;
	add_status(vdev, VIRTIO_STATUS_FAILED);
	vdev->failed = true;
	return err;
}

void virtio_device_ready(struct virtio_device *vdev)
{
	if (vdev->ready)
		return;
	add_status(vdev, VIRTIO_STATUS_DRIVER_OK);
	vdev->ready = true;
}

void virtio_device_fail(struct virtio_device *vdev, const char *why)
{
	if (vdev->failed)
		return;
	printk("virtio: %s: %s; device failed\n", vdev->where, why);
	vdev->failed = true;
	/* Reset first so the device stops using our memory (§2.4). */
	vdev->transport->reset(vdev);
	vdev->transport->set_status(vdev, VIRTIO_STATUS_FAILED);
}

/* ---- virtqueues ----------------------------------------------------- */

static unsigned pow2_floor(unsigned n)
{
	unsigned p = 1;

	while (p * 2 <= n)
		p *= 2;
	return p;
}

static int alloc_vq(struct virtio_device *vdev, struct virtqueue *vq,
		    unsigned index, unsigned max_num)
{
	const struct virtio_transport *t = vdev->transport;
	unsigned max = t->queue_max(vdev, index), align = t->ring_align(vdev);
	unsigned num;
	size_t bytes;
	void *mem;
	int err;

	if (!max)
		return -ENOENT;
	num = pow2_floor(MIN(MIN(max, max_num), (unsigned)VRING_MAX_SIZE));
	bytes = ALIGN_UP(vq_ring_size(num, align), PAGE_SIZE);
	mem = page_alloc_n(bytes / PAGE_SIZE);
	if (!mem)
		return -ENOMEM;
	memset(mem, 0, bytes);
	err = vq_init(vq, num, mem, virt_to_phys(mem), align,
		      virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX),
		      virtio_has_feature(vdev, VIRTIO_F_INDIRECT_DESC));
	if (err) {
		page_free_n(mem, bytes / PAGE_SIZE);
		return err;
	}
	vq->vdev = vdev;
	vq->index = index;
	vq->ring_mem = mem;
	vq->ring_bytes = bytes;
	return 0;
}

static void free_vqs(struct virtqueue *vqs, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		vq_free(&vqs[i]);
		page_free_n(vqs[i].ring_mem, vqs[i].ring_bytes / PAGE_SIZE);
	}
	kfree(vqs);
}

int virtio_find_vqs(struct virtio_device *vdev, unsigned nvqs,
		    void (*const callbacks[])(struct virtqueue *), unsigned max_num)
{
	const struct virtio_transport *t = vdev->transport;
	struct virtqueue *vqs = kzalloc(nvqs * sizeof(*vqs));
	unsigned made = 0, enabled = 0;
	int err = -ENOMEM;

	if (!vqs)
		return -ENOMEM;
	for (; made < nvqs; made++) {
		err = alloc_vq(vdev, &vqs[made], made, max_num);
		if (err)
			goto out_free_vqs;
		vqs[made].callback = callbacks[made];
	}
	vdev->vqs = vqs;
	vdev->nvqs = nvqs;
	err = t->setup_irqs(vdev);
	if (err)
		goto out_free_vqs;
	for (; enabled < nvqs; enabled++) {
		err = t->queue_enable(vdev, &vqs[enabled]);
		if (err)
			goto out_disable;
	}
	return 0;

out_disable:
	while (enabled--)
		t->queue_disable(vdev, &vqs[enabled]);
	t->free_irqs(vdev);
out_free_vqs:
	vdev->vqs = NULL;
	vdev->nvqs = 0;
	free_vqs(vqs, made);
	return err;
}

void virtio_del_vqs(struct virtio_device *vdev)
{
	const struct virtio_transport *t = vdev->transport;

	if (!vdev->vqs)
		return;
	t->reset(vdev);
	for (unsigned i = 0; i < vdev->nvqs; i++)
		t->queue_disable(vdev, &vdev->vqs[i]);
	t->free_irqs(vdev);
	free_vqs(vdev->vqs, vdev->nvqs);
	vdev->vqs = NULL;
	vdev->nvqs = 0;
}

void vq_notify(struct virtqueue *vq)
{
	vq->vdev->transport->notify(vq);
}

void vq_kick(struct virtqueue *vq)
{
	if (vq_kick_prepare(vq))
		vq_notify(vq);
}

/* ---- interrupts ----------------------------------------------------- */

void virtio_interrupt_queue(struct virtqueue *vq)
{
	if (vq->callback)
		vq->callback(vq);
}

void virtio_interrupt_queues(struct virtio_device *vdev)
{
	for (unsigned i = 0; i < vdev->nvqs; i++)
		virtio_interrupt_queue(&vdev->vqs[i]);
}

void virtio_interrupt_config(struct virtio_device *vdev)
{
	if (vdev->driver && vdev->driver->config_changed && !vdev->failed)
		vdev->driver->config_changed(vdev);
}

/* ---- configuration space -------------------------------------------- */

/* A read of size bytes at off that no configuration change tore. */
static uint64_t cread(struct virtio_device *vdev, unsigned off, unsigned size)
{
	const struct virtio_transport *t = vdev->transport;
	uint32_t gen, lo, hi = 0;
	int tries = 0;

	do {
		gen = t->config_generation(vdev);
		if (size == 8) {
			lo = t->config_read(vdev, off, 4);
			hi = t->config_read(vdev, off + 4, 4);
		} else {
			lo = t->config_read(vdev, off, size);
		}
	} while (t->config_generation(vdev) != gen && ++tries < 100);
	if (tries == 100)
		printk_once("virtio: %s: configuration generation never settles\n",
			    vdev->where);
	return (uint64_t)hi << 32 | lo;
}

uint8_t virtio_cread8(struct virtio_device *vdev, unsigned off)
{
	return (uint8_t)cread(vdev, off, 1);
}

uint16_t virtio_cread16(struct virtio_device *vdev, unsigned off)
{
	return (uint16_t)cread(vdev, off, 2);
}

uint32_t virtio_cread32(struct virtio_device *vdev, unsigned off)
{
	return (uint32_t)cread(vdev, off, 4);
}

uint64_t virtio_cread64(struct virtio_device *vdev, unsigned off)
{
	return cread(vdev, off, 8);
}

void virtio_cwrite8(struct virtio_device *vdev, unsigned off, uint8_t v)
{
	vdev->transport->config_write(vdev, off, 1, v);
}
