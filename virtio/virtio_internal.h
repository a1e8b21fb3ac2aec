/* SPDX-License-Identifier: MIT */
/*
 * virtio_internal.h - between the virtio core (virtio.c) and its
 * transports (pci.c, mmio.c).  Private to virtio/.
 *
 * The core drives a device through these operations in the order of
 * virtio 1.2 §3.1.1: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK
 * (modern only), queues, DRIVER_OK.  A transport calls
 * virtio_interrupt_queues()/virtio_interrupt_config() from its interrupt
 * handlers.
 */
#ifndef VIRTIO_VIRTIO_INTERNAL_H
#define VIRTIO_VIRTIO_INTERNAL_H

#include "virtio/virtio.h"

struct virtio_transport {
	const char *name;                               /* "pci", "mmio" */
	uint8_t (*get_status)(struct virtio_device *vdev);
	void (*set_status)(struct virtio_device *vdev, uint8_t status);
	/* Write 0 and wait for the device to read back 0: 0 or -EIO. */
	int (*reset)(struct virtio_device *vdev);
	uint64_t (*get_features)(struct virtio_device *vdev);
	void (*set_features)(struct virtio_device *vdev, uint64_t features);
	/* Device configuration, off < config_len: size 1, 2 or 4. */
	uint32_t (*config_read)(struct virtio_device *vdev, unsigned off, unsigned size);
	void (*config_write)(struct virtio_device *vdev, unsigned off, unsigned size,
			     uint32_t v);
	uint32_t (*config_generation)(struct virtio_device *vdev);
	/* The largest size queue index may have; 0: no such queue. */
	unsigned (*queue_max)(struct virtio_device *vdev, unsigned index);
	/* Ring alignment for the used ring the transport needs. */
	unsigned (*ring_align)(struct virtio_device *vdev);
	/* Tell the device where vq's ring is and enable it: 0 or -errno. */
	int (*queue_enable)(struct virtio_device *vdev, struct virtqueue *vq);
	void (*queue_disable)(struct virtio_device *vdev, struct virtqueue *vq);
	void (*notify)(struct virtqueue *vq);
	/* Route interrupts for the device's queues (after queue_enable of
	 * every one) and configuration changes: 0 or -errno. */
	int (*setup_irqs)(struct virtio_device *vdev);
	void (*free_irqs)(struct virtio_device *vdev);
	/* How interrupts arrive, for the boot log: "MSI-X", "INTx", "SPI 48"... */
	void (*describe_irqs)(struct virtio_device *vdev, char *buf, size_t size);
};

/* From transport interrupt handlers. */
void virtio_interrupt_queue(struct virtqueue *vq);
void virtio_interrupt_queues(struct virtio_device *vdev);
void virtio_interrupt_config(struct virtio_device *vdev);

/* Transport discovery (called from virtio_init). */
void virtio_pci_probe_all(void);
void virtio_mmio_probe_all(void);

#endif
