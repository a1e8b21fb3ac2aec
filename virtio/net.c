// SPDX-License-Identifier: MIT
/*
 * net.c - the virtio network driver (virtio 1.2 §5.1): one Ethernet
 * interface per device, registered with the network device registry
 * (net/netdev.h), which names it eth0, eth1, ... in probe order.
 *
 * One queue pair, no offloads (neither side computes checksums or
 * segments: §5.1.6.2, §5.1.6.4 with no CSUM/GSO features), no control
 * queue.  Features: VIRTIO_NET_F_MAC (else a random locally administered
 * address, as Linux's eth_hw_addr_random), F_STATUS (the link state from
 * the configuration; a configuration change updates it), F_MTU (receive
 * buffers sized for the device's mtu), and for legacy devices
 * VIRTIO_F_ANY_LAYOUT.  Without MRG_RXBUF every receive buffer must hold a
 * whole frame (§5.1.6.3.1): header, Ethernet header, a VLAN tag, mtu.
 *
 *   receive: the queue is kept full of such buffers; each completion's
 *     frame (less the virtio_net_hdr) goes to netdev_receive, which the
 *     stack copies from, so the same buffer goes straight back to the
 *     device (or waits for room, rx_recycle).  Short frames are dropped
 *     and counted (rx_dropped).
 *   transmit: xmit copies the frame behind a zeroed header into one of a
 *     fixed pool of buffers, adds it and kicks; buffers come back from
 *     the transmit interrupt (and are reaped again in xmit).  With the
 *     pool or the ring full the frame is dropped: -ENOBUFS.
 *
 * The header and the frame share one descriptor (VERSION_1 or
 * ANY_LAYOUT), or take two when a legacy device did not offer
 * ANY_LAYOUT (§5.1.6.6 legacy: the header in its own descriptor).
 *
 * A device that breaks its rings (the core checks used ids and lengths)
 * is reset and failed, its link goes down, and xmit answers -EIO; nothing
 * a device does panics the kernel.
 *
 * Locking: one CPU; interrupts off (the net lock) serialises the queues,
 * the pool and the counters.  The receive and transmit callbacks run in
 * the interrupt handler; xmit is called with interrupts off.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/random.h"
#include "net/netdev.h"
#include "virtio/virtio.h"

#define VNET_QUEUE_MAX 256
#define VNET_MTU_MAX 9000               /* jumbo frames, no larger */
#define VNET_RX_BYTES_MAX (1024 * 1024) /* of receive buffers per device */
#define VNET_VLAN_HLEN 4
#define VNET_LOG_MAX 5                  /* bad-frame messages per device */

struct vnet_txbuf {
	struct vnet_txbuf *next;        /* the free pool */
	uint32_t len;                   /* frame bytes, for the counters */
	uint8_t *data;                  /* [I] header + frame */
};

struct vnet {
	struct virtio_device *vdev;     /* [I] */
	struct netdev dev;
	struct virtqueue *rxq, *txq;    /* [I] */
	uint32_t hdr_len;               /* [I] 12, or 10 (legacy) */
	bool split_hdr;                 /* [I] header in its own descriptor */
	uint32_t rx_size;               /* [I] bytes of a receive buffer */
	uint32_t frame_max;             /* [I] largest frame xmit takes */
	/* interrupts off: */
	uint8_t **rx_bufs;              /* [nrx] every receive buffer */
	unsigned nrx;
	uint8_t **rx_spare;             /* [nspare] ones the ring could not take */
	unsigned nspare;
	struct vnet_txbuf *tx_bufs;     /* [ntx] the transmit pool */
	unsigned ntx;
	struct vnet_txbuf *tx_free;
	unsigned logged;                /* bad-frame messages so far */
	bool broken;
};

/* Describe buf[0..len) to the device: one or two (split header) pieces. */
static unsigned make_sg(struct vnet *vn, struct vq_sg *sg, uint8_t *buf, uint32_t len)
{
	uint64_t addr = virt_to_phys(buf);

	if (!vn->split_hdr) {
		sg[0] = (struct vq_sg){ addr, len };
		return 1;
	}
	sg[0] = (struct vq_sg){ addr, vn->hdr_len };
	sg[1] = (struct vq_sg){ addr + vn->hdr_len, len - vn->hdr_len };
	return 2;
}

static void vnet_log(struct vnet *vn, const char *what, uint32_t len)
{
	if (vn->logged >= VNET_LOG_MAX)
		return;
	vn->logged++;
	printk("%s: %s (%u bytes)%s\n", vn->dev.name, what, len,
	       vn->logged == VNET_LOG_MAX ? "; no more such messages" : "");
}

/* The device lied about its rings: reset it and take the link down. */
static void vnet_break(struct vnet *vn, const char *why)
{
	if (vn->broken)
		return;
	vn->broken = true;
	virtio_device_fail(vn->vdev, why);
	if (vn->dev.link_up) {
		vn->dev.link_up = false;
		if (vn->dev.ifindex)
			netdev_link_changed(&vn->dev);
	}
}

/* ---- receive ---------------------------------------------------------- */

/* Offer one receive buffer (no kick): 0, -ENOSPC, -EIO. */
static int rx_post(struct vnet *vn, uint8_t *buf)
{
	struct vq_sg sg[2];
	unsigned n = make_sg(vn, sg, buf, vn->rx_size);

	return vq_add(vn->rxq, sg, 0, n, buf);
}

/* One completed receive buffer holding len bytes. */
static void rx_frame(struct vnet *vn, uint8_t *buf, uint32_t len)
{
	if (len < vn->hdr_len + NETDEV_ETH_HLEN) {
		vn->dev.rx_dropped++;
		vnet_log(vn, "short frame dropped", len);
		return;
	}
	/* Without GUEST_CSUM or GSO the header carries nothing to act on. */
	netdev_receive(&vn->dev, buf + vn->hdr_len, len - vn->hdr_len);
}

/*
 * Give buf back to the device.  Without memory for an indirect table a
 * split-header chain needs two ring entries where it held one: then buf
 * waits with the spares, and goes back once entries are free.
 */
static void rx_recycle(struct vnet *vn, uint8_t *buf)
{
	if (rx_post(vn, buf))
		vn->rx_spare[vn->nspare++] = buf;
	while (vn->nspare && !rx_post(vn, vn->rx_spare[vn->nspare - 1]))
		vn->nspare--;
}

/* Receive interrupt: hand frames up, give each buffer straight back. */
static void vnet_rx_done(struct virtqueue *vq)
{
	struct vnet *vn = vq->priv;
	void *token;
	uint32_t len;
	int got;

	if (vn->broken)
		return;
	vq_disable_cb(vq);
	do {
		while ((got = vq_get_buf(vq, &token, &len)) == 1) {
			rx_frame(vn, token, len);
			rx_recycle(vn, token);
		}
		vq_kick(vq);
		if (got < 0 || vq->broken) {
			vnet_break(vn, "receive used ring corrupt");
			return;
		}
	} while (!vq_enable_cb(vq));
}

/* Allocate the receive buffers and fill the queue with them: 0 or -errno. */
static int rx_fill(struct vnet *vn)
{
	unsigned per = vn->split_hdr && !vn->rxq->indirect ? 2 : 1; /* ring entries */
	unsigned want = MIN(vn->rxq->num / per, MAX(8u, VNET_RX_BYTES_MAX / vn->rx_size));

	vn->rx_bufs = kzalloc(want * sizeof(*vn->rx_bufs));
	vn->rx_spare = kzalloc(want * sizeof(*vn->rx_spare));
	if (!vn->rx_bufs || !vn->rx_spare)
		return -ENOMEM;
	for (; vn->nrx < want; vn->nrx++) {
		uint8_t *buf = kmalloc(vn->rx_size);
		if (!buf)
			break;
		vn->rx_bufs[vn->nrx] = buf;
		if (rx_post(vn, buf)) {
			vn->rx_spare[vn->nspare++] = buf;
			vn->nrx++;
			break;
		}
	}
	if (!vn->nrx || vn->rxq->in_flight == 0)
		return -ENOMEM;
	vq_kick(vn->rxq);
	return 0;
}

/* ---- transmit --------------------------------------------------------- */

/* Take back what the device has sent; count it. */
static void tx_reap(struct vnet *vn)
{
	void *token;
	uint32_t len;
	int got;

	while ((got = vq_get_buf(vn->txq, &token, &len)) == 1) {
		struct vnet_txbuf *b = token;
		vn->dev.tx_packets++;
		vn->dev.tx_bytes += b->len;
		b->next = vn->tx_free;
		vn->tx_free = b;
	}
	if (got < 0)
		vnet_break(vn, "transmit used ring corrupt");
}

static void vnet_tx_done(struct virtqueue *vq)
{
	struct vnet *vn = vq->priv;

	if (vn->broken)
		return;
	vq_disable_cb(vq);
	do {
		tx_reap(vn);
	} while (!vn->broken && !vq_enable_cb(vq));
}

static int tx_drop(struct netdev *dev, int err)
{
	dev->tx_dropped++;
	return err;
}

static int vnet_xmit(struct netdev *dev, const void *frame, size_t len)
{
	struct vnet *vn = dev->priv;
	struct vnet_txbuf *b;
	struct vq_sg sg[2];
	unsigned n;

	if (!vn->broken)
		tx_reap(vn);
	if (vn->broken)
		return tx_drop(dev, -EIO);
	if (len < NETDEV_ETH_HLEN || len > vn->frame_max)
		return tx_drop(dev, -EINVAL);
	if (!vn->tx_free)
		return tx_drop(dev, -ENOBUFS);
	b = vn->tx_free;
	memset(b->data, 0, vn->hdr_len);        /* no offloads: GSO_NONE */
	memcpy(b->data + vn->hdr_len, frame, len);
	b->len = (uint32_t)len;
	n = make_sg(vn, sg, b->data, vn->hdr_len + (uint32_t)len);
	if (vq_add(vn->txq, sg, n, 0, b))
		return tx_drop(dev, vn->txq->broken ? -EIO : -ENOBUFS);
	vn->tx_free = b->next;
	vq_kick(vn->txq);
	return 0;
}

static const struct netdev_ops vnet_ops = {
	.xmit = vnet_xmit,
};

/* The transmit pool: one buffer per ring entry.  0 or -ENOMEM. */
static int tx_alloc(struct vnet *vn)
{
	unsigned n = vn->txq->num;

	vn->tx_bufs = kzalloc(n * sizeof(*vn->tx_bufs));
	if (!vn->tx_bufs)
		return -ENOMEM;
	for (; vn->ntx < n; vn->ntx++) {
		struct vnet_txbuf *b = &vn->tx_bufs[vn->ntx];
		b->data = kmalloc(vn->hdr_len + vn->frame_max);
		if (!b->data)
			return -ENOMEM;
		b->next = vn->tx_free;
		vn->tx_free = b;
	}
	return 0;
}

static void free_bufs(struct vnet *vn)
{
	for (unsigned i = 0; i < vn->nrx; i++)
		kfree(vn->rx_bufs[i]);
	kfree(vn->rx_bufs);
	kfree(vn->rx_spare);
	for (unsigned i = 0; i < vn->ntx; i++)
		kfree(vn->tx_bufs[i].data);
	kfree(vn->tx_bufs);
}

/* ---- configuration ---------------------------------------------------- */

static bool read_link(struct virtio_device *vdev)
{
	if (!virtio_has_feature(vdev, VIRTIO_NET_F_STATUS))
		return true;    /* §5.1.4: the link is assumed up */
	return virtio_cread16(vdev, VNET_CFG_STATUS) & VIRTIO_NET_S_LINK_UP;
}

static void read_mac(struct vnet *vn)
{
	uint8_t *mac = vn->dev.mac;

	if (virtio_has_feature(vn->vdev, VIRTIO_NET_F_MAC)) {
		for (unsigned i = 0; i < NETDEV_ETH_ALEN; i++)
			mac[i] = virtio_cread8(vn->vdev, VNET_CFG_MAC + i);
		return;
	}
	/* Linux's eth_random_addr: unicast, locally administered. */
	random_bytes(mac, NETDEV_ETH_ALEN);
	mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);
}

/* MTU from the device when it gives one (§5.1.4.1), within our buffers. */
static unsigned read_mtu(struct virtio_device *vdev)
{
	unsigned mtu;

	if (!virtio_has_feature(vdev, VIRTIO_NET_F_MTU))
		return NETDEV_ETH_MTU;
	mtu = virtio_cread16(vdev, VNET_CFG_MTU);
	if (mtu < VNET_MIN_MTU) {
		printk("virtio-net: %s: mtu %u too small; using %u\n", vdev->where, mtu,
		       NETDEV_ETH_MTU);
		return NETDEV_ETH_MTU;
	}
	if (mtu > VNET_MTU_MAX) {
		printk("virtio-net: %s: mtu %u; using %u\n", vdev->where, mtu, VNET_MTU_MAX);
		return VNET_MTU_MAX;
	}
	return mtu;
}

static void read_config(struct vnet *vn)
{
	struct virtio_device *vdev = vn->vdev;
	bool modern = virtio_has_feature(vdev, VIRTIO_F_VERSION_1);

	vn->hdr_len = modern || virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF)
			      ? VIRTIO_NET_HDR_LEN : VIRTIO_NET_HDR_LEGACY_LEN;
	vn->split_hdr = !modern && !virtio_has_feature(vdev, VIRTIO_F_ANY_LAYOUT);
	read_mac(vn);
	vn->dev.mtu = read_mtu(vdev);
	vn->frame_max = NETDEV_ETH_HLEN + VNET_VLAN_HLEN + vn->dev.mtu;
	vn->rx_size = vn->hdr_len + vn->frame_max;
	vn->dev.link_up = read_link(vdev);
}

static void vnet_config_changed(struct virtio_device *vdev)
{
	struct vnet *vn = vdev->priv;
	bool up;

	if (!vn || vn->broken || !vn->dev.ifindex)
		return;
	up = read_link(vdev);
	if (up == vn->dev.link_up)
		return;
	vn->dev.link_up = up;
	printk("%s: link %s\n", vn->dev.name, up ? "up" : "down");
	netdev_link_changed(&vn->dev);
}

/* ---- probe ------------------------------------------------------------ */

static int vnet_probe(struct virtio_device *vdev)
{
	static void (*const callbacks[])(struct virtqueue *) = { vnet_rx_done,
								 vnet_tx_done };
	struct vnet *vn = kzalloc(sizeof(*vn));
	const uint8_t *m;
	int err;

	if (!vn)
		return -ENOMEM;
	vn->vdev = vdev;
	vn->dev.ops = &vnet_ops;
	vn->dev.priv = vn;
	vdev->priv = vn;
	read_config(vn);
	/* §5.1.2: receiveq1 is queue 0, transmitq1 queue 1. */
	err = virtio_find_vqs(vdev, 2, callbacks, VNET_QUEUE_MAX);
	if (err)
		goto out_free;
	vn->rxq = &vdev->vqs[0];
	vn->txq = &vdev->vqs[1];
	vn->rxq->priv = vn->txq->priv = vn;
	err = tx_alloc(vn);
	if (err)
		goto out_del_vqs;
	/* Notifications only after DRIVER_OK (§3.1.1): ready, then fill. */
	virtio_device_ready(vdev);
	err = rx_fill(vn);
	if (err)
		goto out_del_vqs;
	err = netdev_register(&vn->dev);
	if (err)
		goto out_del_vqs;
	m = vn->dev.mac;
	printk("%s: %02x:%02x:%02x:%02x:%02x:%02x, mtu %u, link %s, %u receive buffers\n",
	       vn->dev.name, m[0], m[1], m[2], m[3], m[4], m[5], vn->dev.mtu,
	       vn->dev.link_up ? "up" : "down", vn->nrx);
	return 0;

out_del_vqs:
	virtio_del_vqs(vdev);   /* resets the device: it lets go of the buffers */
	free_bufs(vn);
out_free:
	vdev->priv = NULL;
	kfree(vn);
	return err;
}

/* Interfaces are never unplugged; remove only stops the device. */
static void vnet_remove(struct virtio_device *vdev)
{
	struct vnet *vn = vdev->priv;

	if (vn)
		vnet_break(vn, "removed");
	virtio_del_vqs(vdev);
}

static const struct virtio_feature vnet_features[] = {
	{ VIRTIO_NET_F_MTU, "MTU" },
	{ VIRTIO_NET_F_MAC, "MAC" },
	{ VIRTIO_NET_F_STATUS, "STATUS" },
	{ VIRTIO_F_ANY_LAYOUT, "ANY_LAYOUT" },
};

const struct virtio_driver virtio_net_driver = {
	.name = "virtio-net",
	.device_id = VIRTIO_ID_NET,
	.features = vnet_features,
	.nfeatures = ARRAY_SIZE(vnet_features),
	.probe = vnet_probe,
	.remove = vnet_remove,
	.config_changed = vnet_config_changed,
};
