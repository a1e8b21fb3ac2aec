// SPDX-License-Identifier: MIT
/*
 * mmio.c - the virtio-mmio transport (virtio 1.2 §4.2): version 2 and the
 * legacy version 1 register layout (§4.2.4; QEMU's virtio-mmio devices
 * are version 1 unless force-legacy=off).  Devices come from the firmware
 * (arch_virtio_mmio_device: ACPI on x86 microvm, the device tree on arm64
 * virt) and from Linux's command line syntax
 *
 *	virtio_mmio.device=<size>@<base>:<irq>[:<id>]
 *
 * (Documentation/admin-guide/kernel-parameters.txt), which QEMU microvm
 * passes when ACPI is off.  One interrupt line per device; the interrupt
 * status register says queue or configuration (§4.2.2).
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include <arch/cpu.h>
#include "kernel/devices.h"
#include <arch/mmu.h>
#include "virtio/virtio_internal.h"

#define MAX_DEVICES 64
#define RESET_SPINS 1000000
#define LEGACY_PAGE 4096

/* [I] set at probe; [W] when interrupts are wired (virtio_find_vqs). */
struct vmmio {
	struct virtio_device vdev;
	volatile uint8_t *regs;         /* [I] */
	uint64_t base, size;            /* [I] */
	unsigned irq, irq_flags;        /* [I] platform line */
	unsigned version;               /* [I] 1 (legacy) or 2 */
	bool irq_registered, irqs_on;   /* [W] */
};

static uint64_t seen[MAX_DEVICES]; /* bases probed, so no device twice */
static unsigned nseen;

static struct vmmio *to_vmmio(struct virtio_device *vdev)
{
	return container_of(vdev, struct vmmio, vdev);
}

static uint32_t rd(struct vmmio *m, unsigned off)
{
	return mmio_read32(m->regs + off);
}

static void wr(struct vmmio *m, unsigned off, uint32_t v)
{
	mmio_write32(m->regs + off, v);
}

static uint8_t vmmio_get_status(struct virtio_device *vdev)
{
	return (uint8_t)rd(to_vmmio(vdev), VMMIO_STATUS);
}

static void vmmio_set_status(struct virtio_device *vdev, uint8_t s)
{
	wr(to_vmmio(vdev), VMMIO_STATUS, s);
}

static int vmmio_reset(struct virtio_device *vdev)
{
	vmmio_set_status(vdev, 0);
	for (int i = 0; i < RESET_SPINS; i++) {
		if (!vmmio_get_status(vdev))
			return 0;
		arch_cpu_relax();
	}
	return -EIO;
}

static uint64_t vmmio_get_features(struct virtio_device *vdev)
{
	struct vmmio *m = to_vmmio(vdev);
	uint64_t lo, hi;

	wr(m, VMMIO_DEVICE_FEATURES_SEL, 0);
	lo = rd(m, VMMIO_DEVICE_FEATURES);
	wr(m, VMMIO_DEVICE_FEATURES_SEL, 1);
	hi = rd(m, VMMIO_DEVICE_FEATURES);
	return hi << 32 | lo;
}

static void vmmio_set_features(struct virtio_device *vdev, uint64_t f)
{
	struct vmmio *m = to_vmmio(vdev);

	wr(m, VMMIO_DRIVER_FEATURES_SEL, 0);
	wr(m, VMMIO_DRIVER_FEATURES, (uint32_t)f);
	wr(m, VMMIO_DRIVER_FEATURES_SEL, 1);
	wr(m, VMMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
}

static uint32_t vmmio_config_read(struct virtio_device *vdev, unsigned off, unsigned size)
{
	struct vmmio *m = to_vmmio(vdev);
	volatile uint8_t *p = m->regs + VMMIO_CONFIG + off;

	if (VMMIO_CONFIG + off + size > m->size)
		return 0;
	if (size == 1)
		return mmio_read8(p);
	if (size == 2)
		return mmio_read16(p);
	return mmio_read32(p);
}

static void vmmio_config_write(struct virtio_device *vdev, unsigned off, unsigned size,
			       uint32_t v)
{
	struct vmmio *m = to_vmmio(vdev);
	volatile uint8_t *p = m->regs + VMMIO_CONFIG + off;

	if (VMMIO_CONFIG + off + size > m->size)
		return;
	if (size == 1)
		mmio_write8(p, (uint8_t)v);
	else if (size == 2)
		mmio_write16(p, (uint16_t)v);
	else
		mmio_write32(p, v);
}

static uint32_t vmmio_config_generation(struct virtio_device *vdev)
{
	struct vmmio *m = to_vmmio(vdev);

	return m->version >= 2 ? rd(m, VMMIO_CONFIG_GENERATION) : 0;
}

static unsigned vmmio_queue_max(struct virtio_device *vdev, unsigned index)
{
	struct vmmio *m = to_vmmio(vdev);

	wr(m, VMMIO_QUEUE_SEL, index);
	return rd(m, VMMIO_QUEUE_NUM_MAX);
}

static unsigned vmmio_ring_align(struct virtio_device *vdev)
{
	return to_vmmio(vdev)->version == 1 ? VRING_LEGACY_ALIGN : VRING_USED_ALIGN;
}

static int vmmio_queue_enable(struct virtio_device *vdev, struct virtqueue *vq)
{
	struct vmmio *m = to_vmmio(vdev);

	wr(m, VMMIO_QUEUE_SEL, vq->index);
	wr(m, VMMIO_QUEUE_NUM, vq->num);
	if (m->version == 1) {
		/* §4.2.4: one contiguous ring, found by its page frame number. */
		if (vq->desc_addr % LEGACY_PAGE || vq->desc_addr / LEGACY_PAGE > 0xffffffffULL)
			return -EINVAL;
		wr(m, VMMIO_LEGACY_GUEST_PAGE_SIZE, LEGACY_PAGE);
		wr(m, VMMIO_LEGACY_QUEUE_ALIGN, VRING_LEGACY_ALIGN);
		wr(m, VMMIO_LEGACY_QUEUE_PFN, (uint32_t)(vq->desc_addr / LEGACY_PAGE));
		return 0;
	}
	if (rd(m, VMMIO_QUEUE_READY)) {
		printk("virtio: %s: queue %u already live\n", vdev->where, vq->index);
		return -EIO;
	}
	wr(m, VMMIO_QUEUE_DESC_LOW, (uint32_t)vq->desc_addr);
	wr(m, VMMIO_QUEUE_DESC_HIGH, (uint32_t)(vq->desc_addr >> 32));
	wr(m, VMMIO_QUEUE_DRIVER_LOW, (uint32_t)vq->avail_addr);
	wr(m, VMMIO_QUEUE_DRIVER_HIGH, (uint32_t)(vq->avail_addr >> 32));
	wr(m, VMMIO_QUEUE_DEVICE_LOW, (uint32_t)vq->used_addr);
	wr(m, VMMIO_QUEUE_DEVICE_HIGH, (uint32_t)(vq->used_addr >> 32));
	wr(m, VMMIO_QUEUE_READY, 1);
	return 0;
}

static void vmmio_queue_disable(struct virtio_device *vdev, struct virtqueue *vq)
{
	struct vmmio *m = to_vmmio(vdev);

	wr(m, VMMIO_QUEUE_SEL, vq->index);
	if (m->version == 1)
		wr(m, VMMIO_LEGACY_QUEUE_PFN, 0);
	else
		wr(m, VMMIO_QUEUE_READY, 0);
}

static void vmmio_notify(struct virtqueue *vq)
{
	wr(to_vmmio(vq->vdev), VMMIO_QUEUE_NOTIFY, vq->index);
}

static void vmmio_irq(void *arg)
{
	struct vmmio *m = arg;
	uint32_t status;

	if (!m->irqs_on)
		return;
	status = rd(m, VMMIO_INTERRUPT_STATUS);
	if (!status)
		return;
	wr(m, VMMIO_INTERRUPT_ACK, status);
	arch_rmb();
	if (status & VIRTIO_ISR_QUEUE)
		virtio_interrupt_queues(&m->vdev);
	if (status & VIRTIO_ISR_CONFIG)
		virtio_interrupt_config(&m->vdev);
}

static int vmmio_setup_irqs(struct virtio_device *vdev)
{
	struct vmmio *m = to_vmmio(vdev);
	int err;

	if (!m->irq_registered) {
		err = arch_irq_line_register(m->irq, m->irq_flags, vmmio_irq, m);
		if (err) {
			printk("virtio: %s: interrupt %u: error %d\n", vdev->where,
			       m->irq, -err);
			return err;
		}
		m->irq_registered = true;
	}
	m->irqs_on = true;
	return 0;
}

static void vmmio_free_irqs(struct virtio_device *vdev)
{
	to_vmmio(vdev)->irqs_on = false;
}

static void vmmio_describe_irqs(struct virtio_device *vdev, char *buf, size_t size)
{
	struct vmmio *m = to_vmmio(vdev);

	snprintf(buf, size, "line %u %s", m->irq, m->irq_flags & IRQ_LEVEL ? "level" : "edge");
}

static const struct virtio_transport vmmio_transport = {
	.name = "mmio",
	.get_status = vmmio_get_status,
	.set_status = vmmio_set_status,
	.reset = vmmio_reset,
	.get_features = vmmio_get_features,
	.set_features = vmmio_set_features,
	.config_read = vmmio_config_read,
	.config_write = vmmio_config_write,
	.config_generation = vmmio_config_generation,
	.queue_max = vmmio_queue_max,
	.ring_align = vmmio_ring_align,
	.queue_enable = vmmio_queue_enable,
	.queue_disable = vmmio_queue_disable,
	.notify = vmmio_notify,
	.setup_irqs = vmmio_setup_irqs,
	.free_irqs = vmmio_free_irqs,
	.describe_irqs = vmmio_describe_irqs,
};

static void probe_one(const struct arch_mmio_device *d)
{
	struct vmmio *m;
	volatile uint8_t *regs;
	uint32_t magic, version, id;

	for (unsigned i = 0; i < nseen; i++)
		if (seen[i] == d->base)
			return;
	if (nseen < MAX_DEVICES)
		seen[nseen++] = d->base;
	if (d->size < VMMIO_CONFIG) {
		printk("virtio: mmio %lx: region of %lx bytes is too small\n",
		       (unsigned long)d->base, (unsigned long)d->size);
		return;
	}
	regs = mmu_ioremap(d->base, d->size);
	magic = mmio_read32(regs + VMMIO_MAGIC);
	version = mmio_read32(regs + VMMIO_VERSION);
	id = mmio_read32(regs + VMMIO_DEVICE_ID);
	if (magic != VIRTIO_MMIO_MAGIC || (version != 1 && version != 2)) {
		printk("virtio: mmio %lx: magic %x version %u: not a virtio device\n",
		       (unsigned long)d->base, magic, version);
		return;
	}
	if (!id)
		return; /* an empty slot (QEMU creates many) */
	m = kzalloc(sizeof(*m));
	if (!m)
		return;
	*m = (struct vmmio){ .regs = regs, .base = d->base, .size = d->size,
			     .irq = d->irq, .irq_flags = d->irq_flags, .version = version };
	m->vdev.id = id;
	m->vdev.legacy = version == 1;
	m->vdev.transport = &vmmio_transport;
	snprintf(m->vdev.where, sizeof(m->vdev.where), "mmio %lx", (unsigned long)d->base);
	if (virtio_add_device(&m->vdev) && !m->vdev.failed && !m->irq_registered)
		kfree(m);
}

/* memparse-style: a number in C notation with an optional K, M or G. */
static uint64_t parse_num(const char **s)
{
	uint64_t v = 0;
	unsigned base = 10;
	const char *p = *s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (;; p++) {
		unsigned dgt;
		if (*p >= '0' && *p <= '9')
			dgt = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			dgt = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			dgt = (unsigned)(*p - 'A' + 10);
		else
			break;
		v = v * base + dgt;
	}
	if (*p == 'K' || *p == 'k')
		v <<= 10, p++;
	else if (*p == 'M' || *p == 'm')
		v <<= 20, p++;
	else if (*p == 'G' || *p == 'g')
		v <<= 30, p++;
	*s = p;
	return v;
}

/* virtio_mmio.device=<size>@<base>:<irq>[:<id>] */
static bool parse_device(const char *s, struct arch_mmio_device *d)
{
	d->size = parse_num(&s);
	if (*s++ != '@')
		return false;
	d->base = parse_num(&s);
	if (*s++ != ':')
		return false;
	d->irq = (unsigned)parse_num(&s);
	d->irq_flags = IRQ_LEVEL;
	return d->size && d->base && (*s == ':' || *s == ' ' || !*s);
}

static void probe_cmdline(void)
{
	static const char key[] = "virtio_mmio.device=";
	const char *p = boot_info.cmdline;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, sizeof(key) - 1)) {
			struct arch_mmio_device d;
			if (parse_device(p + sizeof(key) - 1, &d))
				probe_one(&d);
			else
				printk("virtio: cannot parse a %s argument\n", key);
		}
		while (*p && *p != ' ')
			p++;
	}
}

void virtio_mmio_probe_all(void)
{
	struct arch_mmio_device d;

	probe_cmdline();
	for (unsigned i = 0; arch_virtio_mmio_device(i, &d); i++)
		probe_one(&d);
}
