// SPDX-License-Identifier: MIT
/*
 * pci.c - the virtio-pci modern transport (virtio 1.2 §4.1): devices with
 * vendor 0x1af4 and device 0x1040 + type (modern) or 0x1000-0x103f
 * (transitional, type in the subsystem ID), driven through the common,
 * notify, ISR and device configuration structures the vendor capabilities
 * place in memory BARs (§4.1.4).  The legacy I/O port interface is not
 * used.
 *
 * Interrupts: MSI-X where the platform has it (§4.1.5.1.2), one vector for
 * configuration changes and one per queue, or one for all queues when the
 * table is smaller; otherwise the legacy INTx line, shared, with the ISR
 * status telling whether this device interrupted (§4.1.4.5).
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/pci.h"
#include <arch/cpu.h>
#include "virtio/virtio_internal.h"

#define MAX_MSIX 9 /* config + 8 queues each on their own vector */
#define RESET_SPINS 1000000

/* [I] set at probe; [W] when interrupts are wired (virtio_find_vqs). */
struct vpci {
	struct virtio_device vdev;
	struct pci_dev *pci;                            /* [I] */
	volatile uint8_t *common, *isr, *device, *notify; /* [I] mapped structures */
	uint32_t device_len, notify_len, notify_mult;   /* [I] */
	unsigned nvectors;              /* [W] MSI-X vectors; 0: INTx */
	unsigned intx_line;             /* [W] ~0u: none */
	bool irqs_on;                   /* [W] handlers act on this device */
};

static struct vpci *to_vpci(struct virtio_device *vdev)
{
	return container_of(vdev, struct vpci, vdev);
}

static uint8_t vpci_get_status(struct virtio_device *vdev)
{
	return mmio_read8(to_vpci(vdev)->common + VPCI_DEVICE_STATUS);
}

static void vpci_set_status(struct virtio_device *vdev, uint8_t s)
{
	mmio_write8(to_vpci(vdev)->common + VPCI_DEVICE_STATUS, s);
}

/* §4.1.4.3.2: after writing 0, the device is reset once it reads 0. */
static int vpci_reset(struct virtio_device *vdev)
{
	vpci_set_status(vdev, 0);
	for (int i = 0; i < RESET_SPINS; i++) {
		if (!vpci_get_status(vdev))
			return 0;
		arch_cpu_relax();
	}
	return -EIO;
}

static uint64_t vpci_get_features(struct virtio_device *vdev)
{
	volatile uint8_t *c = to_vpci(vdev)->common;
	uint64_t lo, hi;

	mmio_write32(c + VPCI_DEVICE_FEATURE_SELECT, 0);
	lo = mmio_read32(c + VPCI_DEVICE_FEATURE);
	mmio_write32(c + VPCI_DEVICE_FEATURE_SELECT, 1);
	hi = mmio_read32(c + VPCI_DEVICE_FEATURE);
	return hi << 32 | lo;
}

static void vpci_set_features(struct virtio_device *vdev, uint64_t f)
{
	volatile uint8_t *c = to_vpci(vdev)->common;

	mmio_write32(c + VPCI_DRIVER_FEATURE_SELECT, 0);
	mmio_write32(c + VPCI_DRIVER_FEATURE, (uint32_t)f);
	mmio_write32(c + VPCI_DRIVER_FEATURE_SELECT, 1);
	mmio_write32(c + VPCI_DRIVER_FEATURE, (uint32_t)(f >> 32));
}

/* Reads past the device's structure give zeros (the caller's sanity
 * checks then refuse the device), never a wild access. */
static uint32_t vpci_config_read(struct virtio_device *vdev, unsigned off, unsigned size)
{
	struct vpci *v = to_vpci(vdev);

	if (!v->device || off + size > v->device_len)
		return 0;
	if (size == 1)
		return mmio_read8(v->device + off);
	if (size == 2)
		return mmio_read16(v->device + off);
	return mmio_read32(v->device + off);
}

static void vpci_config_write(struct virtio_device *vdev, unsigned off, unsigned size,
			      uint32_t val)
{
	struct vpci *v = to_vpci(vdev);

	if (!v->device || off + size > v->device_len)
		return;
	if (size == 1)
		mmio_write8(v->device + off, (uint8_t)val);
	else if (size == 2)
		mmio_write16(v->device + off, (uint16_t)val);
	else
		mmio_write32(v->device + off, val);
}

static uint32_t vpci_config_generation(struct virtio_device *vdev)
{
	return mmio_read8(to_vpci(vdev)->common + VPCI_CONFIG_GENERATION);
}

static unsigned vpci_queue_max(struct virtio_device *vdev, unsigned index)
{
	volatile uint8_t *c = to_vpci(vdev)->common;

	if (index >= mmio_read16(c + VPCI_NUM_QUEUES))
		return 0;
	mmio_write16(c + VPCI_QUEUE_SELECT, (uint16_t)index);
	return mmio_read16(c + VPCI_QUEUE_SIZE);
}

static unsigned vpci_ring_align(struct virtio_device *vdev)
{
	return VRING_USED_ALIGN;
}

static void write64(volatile uint8_t *p, uint64_t v)
{
	mmio_write32(p, (uint32_t)v);
	mmio_write32(p + 4, (uint32_t)(v >> 32));
}

/* The queue's vector: its own, or the shared one, or none (INTx). */
static uint16_t queue_vector(struct vpci *v, unsigned index)
{
	if (!v->nvectors)
		return VIRTIO_MSI_NO_VECTOR;
	return v->nvectors == 2 ? 1 : (uint16_t)(1 + index);
}

/* §4.1.5.1.3 Virtqueue Configuration. */
static int vpci_queue_enable(struct virtio_device *vdev, struct virtqueue *vq)
{
	struct vpci *v = to_vpci(vdev);
	volatile uint8_t *c = v->common;
	uint16_t vec = queue_vector(v, vq->index);
	uint64_t off;

	mmio_write16(c + VPCI_QUEUE_SELECT, (uint16_t)vq->index);
	mmio_write16(c + VPCI_QUEUE_SIZE, vq->num);
	if (vec != VIRTIO_MSI_NO_VECTOR) {
		mmio_write16(c + VPCI_QUEUE_MSIX_VECTOR, vec);
		if (mmio_read16(c + VPCI_QUEUE_MSIX_VECTOR) != vec) {
			printk("virtio: %s: queue %u refused MSI-X vector %u\n",
			       vdev->where, vq->index, vec);
			return -EIO;
		}
	}
	off = (uint64_t)mmio_read16(c + VPCI_QUEUE_NOTIFY_OFF) * v->notify_mult;
	if (off + 2 > v->notify_len) {
		printk("virtio: %s: queue %u notify offset %lx beyond the notify area\n",
		       vdev->where, vq->index, (unsigned long)off);
		return -EIO;
	}
	vq->transport_priv = (void *)(v->notify + off);
	write64(c + VPCI_QUEUE_DESC, vq->desc_addr);
	write64(c + VPCI_QUEUE_DRIVER, vq->avail_addr);
	write64(c + VPCI_QUEUE_DEVICE, vq->used_addr);
	mmio_write16(c + VPCI_QUEUE_ENABLE, 1);
	return 0;
}

/* Queues are only switched off by a reset (no VIRTIO_F_RING_RESET). */
static void vpci_queue_disable(struct virtio_device *vdev, struct virtqueue *vq)
{
	vq->transport_priv = NULL;
}

static void vpci_notify(struct virtqueue *vq)
{
	if (vq->transport_priv)
		mmio_write16(vq->transport_priv, (uint16_t)vq->index);
}

static void vpci_config_irq(void *arg)
{
	struct vpci *v = arg;

	if (v->irqs_on)
		virtio_interrupt_config(&v->vdev);
}

static void vpci_queue_irq(void *arg)
{
	struct virtqueue *vq = arg;

	if (to_vpci(vq->vdev)->irqs_on)
		virtio_interrupt_queue(vq);
}

static void vpci_queues_irq(void *arg)
{
	struct vpci *v = arg;

	if (v->irqs_on)
		virtio_interrupt_queues(&v->vdev);
}

/* Legacy interrupt, perhaps shared: reading the ISR says (and clears) ours. */
static void vpci_intx_irq(void *arg)
{
	struct vpci *v = arg;
	uint8_t isr;

	if (!v->irqs_on)
		return;
	isr = mmio_read8(v->isr);
	arch_rmb();
	if (isr & VIRTIO_ISR_QUEUE)
		virtio_interrupt_queues(&v->vdev);
	if (isr & VIRTIO_ISR_CONFIG)
		virtio_interrupt_config(&v->vdev);
}

static int setup_msix(struct vpci *v, unsigned n)
{
	void (*fns[MAX_MSIX])(void *);
	void *args[MAX_MSIX];
	volatile uint8_t *c = v->common;
	int err;

	fns[0] = vpci_config_irq;
	args[0] = v;
	for (unsigned i = 1; i < n; i++) {
		fns[i] = n == 2 ? vpci_queues_irq : vpci_queue_irq;
		args[i] = n == 2 ? (void *)v : (void *)&v->vdev.vqs[i - 1];
	}
	err = pci_msix_enable(v->pci, n, fns, args);
	if (err)
		return err;
	mmio_write16(c + VPCI_CONFIG_MSIX_VECTOR, 0);
	if (mmio_read16(c + VPCI_CONFIG_MSIX_VECTOR) != 0) {
		pci_msix_disable(v->pci);
		return -EIO;
	}
	v->nvectors = n;
	return 0;
}

static int vpci_setup_irqs(struct virtio_device *vdev)
{
	struct vpci *v = to_vpci(vdev);
	int err = -ENOSPC;

	v->irqs_on = true;
	if (v->nvectors)
		return 0; /* wired by an earlier find_vqs */
	if (1 + vdev->nvqs <= MAX_MSIX)
		err = setup_msix(v, 1 + vdev->nvqs);
	if (err == -ENOSPC || err == -EIO)
		err = setup_msix(v, 2);
	if (!err)
		return 0;
	mmio_write16(v->common + VPCI_CONFIG_MSIX_VECTOR, VIRTIO_MSI_NO_VECTOR);
	if (v->intx_line != ~0u)
		return 0;
	err = pci_intx_register(v->pci, vpci_intx_irq, v, &v->intx_line);
	if (err) {
		v->intx_line = ~0u;
		printk("virtio: %s: neither MSI-X nor a legacy interrupt (error %d)\n",
		       vdev->where, -err);
	}
	return err;
}

/* Handlers stay registered (lines and vectors are not given back); the
 * flag makes them ignore this device until it is wired again. */
static void vpci_free_irqs(struct virtio_device *vdev)
{
	to_vpci(vdev)->irqs_on = false;
}

static void vpci_describe_irqs(struct virtio_device *vdev, char *buf, size_t size)
{
	struct vpci *v = to_vpci(vdev);

	if (v->nvectors)
		snprintf(buf, size, "MSI-X, %u vectors", v->nvectors);
	else if (v->intx_line != ~0u)
		snprintf(buf, size, "INTx, line %u", v->intx_line);
}

static const struct virtio_transport vpci_transport = {
	.name = "pci",
	.get_status = vpci_get_status,
	.set_status = vpci_set_status,
	.reset = vpci_reset,
	.get_features = vpci_get_features,
	.set_features = vpci_set_features,
	.config_read = vpci_config_read,
	.config_write = vpci_config_write,
	.config_generation = vpci_config_generation,
	.queue_max = vpci_queue_max,
	.ring_align = vpci_ring_align,
	.queue_enable = vpci_queue_enable,
	.queue_disable = vpci_queue_disable,
	.notify = vpci_notify,
	.setup_irqs = vpci_setup_irqs,
	.free_irqs = vpci_free_irqs,
	.describe_irqs = vpci_describe_irqs,
};

/* Map the first capability of each type the driver can use (§4.1.4). */
static void find_structures(struct vpci *v)
{
	struct pci_dev *d = v->pci;

	for (unsigned cap = pci_find_cap(d, PCI_CAP_ID_VNDR, 0); cap;
	     cap = pci_find_cap(d, PCI_CAP_ID_VNDR, cap)) {
		uint8_t type = pci_read8(d, cap + 3), bar = pci_read8(d, cap + 4);
		uint32_t off = pci_read32(d, cap + 8), len = pci_read32(d, cap + 12);
		volatile void *p = len ? pci_bar_map(d, bar, off, len) : NULL;

		if (!p)
			continue;
		if (type == VIRTIO_PCI_CAP_COMMON_CFG && !v->common &&
		    len >= VPCI_COMMON_MIN_LEN) {
			v->common = p;
		} else if (type == VIRTIO_PCI_CAP_NOTIFY_CFG && !v->notify) {
			v->notify = p;
			v->notify_len = len;
			v->notify_mult = pci_read32(d, cap + VIRTIO_PCI_NOTIFY_MULT_OFF);
		} else if (type == VIRTIO_PCI_CAP_ISR_CFG && !v->isr) {
			v->isr = p;
		} else if (type == VIRTIO_PCI_CAP_DEVICE_CFG && !v->device) {
			v->device = p;
			v->device_len = len;
		}
	}
}

static void probe_one(struct pci_dev *d)
{
	struct vpci *v;
	uint32_t type;

	if (d->device >= VIRTIO_PCI_MODERN_BASE)
		type = d->device - VIRTIO_PCI_MODERN_BASE;
	else
		type = pci_read16(d, PCI_SUBSYSTEM_ID);
	v = kzalloc(sizeof(*v));
	if (!v)
		return;
	v->pci = d;
	v->intx_line = ~0u;
	v->vdev.id = type;
	v->vdev.transport = &vpci_transport;
	snprintf(v->vdev.where, sizeof(v->vdev.where), "pci %s", d->name);
	pci_enable(d);
	find_structures(v);
	if (!v->common || !v->notify || !v->isr) {
		printk("virtio: %s: device type %u has no modern interface; ignored\n",
		       v->vdev.where, type);
		kfree(v);
		return;
	}
	if (virtio_add_device(&v->vdev) && !v->vdev.failed)
		kfree(v); /* no driver: nothing refers to it */
}

void virtio_pci_probe_all(void)
{
	for (struct pci_dev *d = pci_next(NULL); d; d = pci_next(d))
		if (d->vendor == VIRTIO_PCI_VENDOR &&
		    d->device >= VIRTIO_PCI_LEGACY_FIRST && d->device <= 0x107f)
			probe_one(d);
}
