// SPDX-License-Identifier: MIT
// sources: virtio/net.c virtio/virtqueue.c net/netdev.c
/*
 * test_virtio_net.c - the virtio-net driver (virtio/net.c) and the netdev
 * registry (net/netdev.c) against a fake device and a fake stack.  The
 * virtio core's device side is replaced here (feature bits and config
 * space are the test's; queues are real virtqueue.c rings over host
 * memory), and a fake device walks the chains the driver offers, as
 * QEMU would, writing received frames and reading sent ones.
 *
 * Checked: names and ifindexes in probe order; the MAC from the config or
 * a random locally administered one; MTU from the config within bounds;
 * the receive queue kept full; a received frame reaches the stack without
 * its header and is counted; the transmit path's zeroed header and copy;
 * -ENOBUFS when the ring is full, -EINVAL for impossible sizes; the legacy
 * 10-byte header in its own descriptor without ANY_LAYOUT, and a receive
 * buffer that finds no room (no memory for an indirect table) going back
 * later; link changes from the config; and a lying device (short frame:
 * dropped and counted; length beyond the buffer: the device is failed,
 * the link goes down, xmit says -EIO) never crashes the driver.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel.h"
#include "net/netdev.h"
#include "virtio/virtio.h"
#include "tests/unit/unit.h"

char *unit_ram; /* NULL: "physical" addresses are host addresses */

uint64_t virt_to_phys(const void *va) { return (uint64_t)(uintptr_t)va; }
static int kmalloc_fails;       /* make kmalloc fail while set */
void *kmalloc(size_t n) { return kmalloc_fails ? NULL : malloc(n); }
void *kzalloc(size_t n) { return calloc(1, n); }
void kfree(void *p) { free(p); }

int failures, checks;

static char last_log[256];
static int nlogs;

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_log, sizeof(last_log), fmt, ap);
	va_end(ap);
	nlogs++;
}

void random_bytes(void *buf, size_t n)
{
	memset(buf, 0x5b, n);
}

/* ---- the virtio core, device side faked -------------------------------- */

#define QUEUE_NUM 16

static uint8_t config[64];
static int notifies;

uint8_t virtio_cread8(struct virtio_device *vdev, unsigned off) { return config[off]; }

uint16_t virtio_cread16(struct virtio_device *vdev, unsigned off)
{
	return (uint16_t)(config[off] | config[off + 1] << 8);
}

int virtio_find_vqs(struct virtio_device *vdev, unsigned nvqs,
		    void (*const callbacks[])(struct virtqueue *), unsigned max_num)
{
	vdev->vqs = calloc(nvqs, sizeof(*vdev->vqs));
	for (unsigned i = 0; i < nvqs; i++) {
		struct virtqueue *vq = &vdev->vqs[i];
		size_t sz = vq_ring_size(QUEUE_NUM, VRING_USED_ALIGN);
		void *mem = aligned_alloc(4096, (sz + 4095) & ~4095UL);
		memset(mem, 0, sz);
		EXPECT(vq_init(vq, QUEUE_NUM, mem, (uintptr_t)mem, VRING_USED_ALIGN,
			       virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX),
			       virtio_has_feature(vdev, VIRTIO_F_INDIRECT_DESC)) == 0);
		vq->vdev = vdev;
		vq->index = i;
		vq->ring_mem = mem;
		vq->callback = callbacks[i];
	}
	vdev->nvqs = nvqs;
	return 0;
}

void virtio_del_vqs(struct virtio_device *vdev)
{
	for (unsigned i = 0; i < vdev->nvqs; i++) {
		vq_free(&vdev->vqs[i]);
		free(vdev->vqs[i].ring_mem);
	}
	free(vdev->vqs);
	vdev->vqs = NULL;
	vdev->nvqs = 0;
}

void virtio_device_ready(struct virtio_device *vdev) { vdev->ready = true; }

void virtio_device_fail(struct virtio_device *vdev, const char *why)
{
	vdev->failed = true;
}

void vq_notify(struct virtqueue *vq) { notifies++; }

void vq_kick(struct virtqueue *vq)
{
	if (vq_kick_prepare(vq))
		vq_notify(vq);
}

/* ---- the fake stack ---------------------------------------------------- */

static struct netdev *added[8];
static int nadded, nlink;
static uint8_t got[2048];
static size_t got_len;
static int ngot;

void stack_netdev_added(struct netdev *dev) { added[nadded++] = dev; }
void stack_netdev_link(struct netdev *dev) { nlink++; }
bool stack_lo_info(struct netdev_info *out) { (void)out; return false; }

/* kernel/string.c's, which the host's libc lacks (netdev_info copies names). */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = 0;
	}
	return n;
}

void stack_netdev_input(struct netdev *dev, const void *frame, size_t len)
{
	memcpy(got, frame, len < sizeof(got) ? len : sizeof(got));
	got_len = len;
	ngot++;
}

/* ---- the fake device ----------------------------------------------------- */

struct fdev {
	struct virtio_device vdev;
	uint16_t last_avail[2];
	uint16_t used_idx[2];
};

/* A chain's descriptors (direct or through an indirect table). */
static unsigned chain(struct virtqueue *vq, uint16_t head, struct vring_desc **out)
{
	struct vring_desc *table = vq->desc;
	unsigned i = head, n = 0;

	if (table[head].flags & VRING_DESC_F_INDIRECT) {
		table = (struct vring_desc *)(uintptr_t)table[head].addr;
		i = 0;
	}
	for (;;) {
		out[n++] = &table[i];
		if (!(table[i].flags & VRING_DESC_F_NEXT) || n == 8)
			return n;
		i = table[i].next;
	}
}

/* Take the next available chain of queue q: its head, or -1. */
static int take(struct fdev *f, unsigned q)
{
	struct virtqueue *vq = &f->vdev.vqs[q];

	if (f->last_avail[q] == vq->avail->idx)
		return -1;
	return vq->avail->ring[f->last_avail[q]++ % vq->num];
}

static void use(struct fdev *f, unsigned q, uint16_t id, uint32_t len)
{
	struct virtqueue *vq = &f->vdev.vqs[q];
	struct vring_used_elem *e = &vq->used->ring[f->used_idx[q] % vq->num];

	e->id = id;
	e->len = len;
	vq->used->idx = ++f->used_idx[q];
}

/* Receive: write hdr + frame into the next buffer, use it with len
 * (the true length unless lie is nonzero), interrupt. */
static void deliver(struct fdev *f, const void *frame, size_t n, uint32_t hdr,
		    uint32_t lie, unsigned *ndesc)
{
	struct vring_desc *d[8];
	int head = take(f, 0);
	uint8_t buf[4096];
	size_t off = 0;
	unsigned nd;

	EXPECT(head >= 0);
	if (head < 0)
		return;
	memset(buf, 0, hdr);
	memcpy(buf + hdr, frame, n);
	nd = chain(&f->vdev.vqs[0], (uint16_t)head, d);
	if (ndesc)
		*ndesc = nd;
	for (unsigned k = 0; k < nd && off < hdr + n; k++) {
		size_t c = MIN((size_t)d[k]->len, hdr + n - off);
		EXPECT(d[k]->flags & VRING_DESC_F_WRITE);
		memcpy((void *)(uintptr_t)d[k]->addr, buf + off, c);
		off += c;
	}
	use(f, 0, (uint16_t)head, lie ? lie : (uint32_t)(hdr + n));
	f->vdev.vqs[0].callback(&f->vdev.vqs[0]);
}

/* Transmit: gather the next sent chain into out; its length, or 0. */
static size_t sent(struct fdev *f, uint8_t *out, unsigned *ndesc, bool complete)
{
	struct vring_desc *d[8];
	int head = take(f, 1);
	size_t n = 0;
	unsigned nd;

	if (head < 0)
		return 0;
	nd = chain(&f->vdev.vqs[1], (uint16_t)head, d);
	if (ndesc)
		*ndesc = nd;
	for (unsigned k = 0; k < nd; k++) {
		EXPECT(!(d[k]->flags & VRING_DESC_F_WRITE));
		memcpy(out + n, (void *)(uintptr_t)d[k]->addr, d[k]->len);
		n += d[k]->len;
	}
	if (complete) {
		use(f, 1, (uint16_t)head, 0);
		f->vdev.vqs[1].callback(&f->vdev.vqs[1]);
	}
	return n;
}

static struct fdev *probe(uint64_t features, int expect)
{
	struct fdev *f = calloc(1, sizeof(*f));

	f->vdev.id = VIRTIO_ID_NET;
	f->vdev.features = features;
	f->vdev.legacy = !(features >> VIRTIO_F_VERSION_1 & 1);
	snprintf(f->vdev.where, sizeof(f->vdev.where), "fake");
	EXPECT(virtio_net_driver.probe(&f->vdev) == expect);
	return f;
}

static struct netdev *devof(struct fdev *f)
{
	return added[nadded - 1]->priv == f->vdev.priv ? added[nadded - 1] : NULL;
}

#define F(b) (1ULL << (b))
#define MODERN (F(VIRTIO_F_VERSION_1) | F(VIRTIO_NET_F_MAC) | F(VIRTIO_NET_F_STATUS))

static const uint8_t mac1[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };

static void set_config(const uint8_t *mac, uint16_t status, uint16_t mtu)
{
	memcpy(config, mac, 6);
	config[6] = (uint8_t)status;
	config[7] = (uint8_t)(status >> 8);
	config[10] = (uint8_t)mtu;
	config[11] = (uint8_t)(mtu >> 8);
}

static void frame_fill(uint8_t *fr, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		fr[i] = (uint8_t)(i * 13 + seed);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_receive(struct fdev *f, struct netdev *dev, uint32_t hdr)
{
	uint8_t fr[1514];
	int before = ngot;
	uint64_t rx = dev->rx_packets;
	unsigned full = f->vdev.vqs[0].in_flight;   /* buffers the ring holds */

	EXPECT(full == QUEUE_NUM / (f->vdev.vqs[0].indirect ? 1 : hdr == 10 ? 2 : 1));

	frame_fill(fr, sizeof(fr), 1);
	for (int i = 0; i < 3 * QUEUE_NUM; i++) {  /* around the ring */
		deliver(f, fr, 60 + i, hdr, 0, NULL);
		EXPECT(got_len == 60u + i && !memcmp(got, fr, got_len));
	}
	EXPECT(ngot == before + 3 * QUEUE_NUM);
	EXPECT(dev->rx_packets == rx + 3 * QUEUE_NUM);
	EXPECT(f->vdev.vqs[0].in_flight == full);          /* refilled */
	deliver(f, fr, sizeof(fr), hdr, 0, NULL);          /* the largest */
	EXPECT(got_len == sizeof(fr) && !memcmp(got, fr, sizeof(fr)));
	/* Shorter than an Ethernet header: dropped, counted, logged. */
	before = ngot;
	deliver(f, fr, 13, hdr, 0, NULL);
	deliver(f, fr, 0, hdr, 3, NULL);
	EXPECT(ngot == before);
	EXPECT(dev->rx_dropped == 2);
	EXPECT(strstr(last_log, "short frame"));
	EXPECT(f->vdev.vqs[0].in_flight == full);
	EXPECT(!f->vdev.failed);
}

static void test_transmit(struct fdev *f, struct netdev *dev, uint32_t hdr)
{
	uint8_t fr[1518], out[2048];
	unsigned nd;
	size_t n;

	frame_fill(fr, sizeof(fr), 7);
	EXPECT(dev->ops->xmit(dev, fr, 60) == 0);
	n = sent(f, out, &nd, true);
	EXPECT(n == hdr + 60);
	EXPECT(out[0] == 0 && out[1] == 0 && !memcmp(out, (uint8_t[12]){ 0 }, hdr));
	EXPECT(!memcmp(out + hdr, fr, 60));
	EXPECT(dev->tx_packets == 1 && dev->tx_bytes == 60);
	/* Largest with a VLAN tag; one byte more; less than a header. */
	EXPECT(dev->ops->xmit(dev, fr, 1518) == 0);
	EXPECT(sent(f, out, NULL, true) == hdr + 1518 && !memcmp(out + hdr, fr, 1518));
	EXPECT(dev->ops->xmit(dev, fr, 1519) == -EINVAL);
	EXPECT(dev->ops->xmit(dev, fr, 13) == -EINVAL);
	EXPECT(dev->tx_dropped == 2);
	/* The device sits on everything: the ring fills, then -ENOBUFS. */
	int ok = 0, err = 0;
	for (int i = 0; i < 2 * QUEUE_NUM; i++) {
		int r = dev->ops->xmit(dev, fr, 100);
		if (r == 0)
			ok++;
		else
			err = r;
	}
	EXPECT(ok >= QUEUE_NUM / 2 && ok <= QUEUE_NUM && err == -ENOBUFS);
	EXPECT(dev->tx_dropped == 2u + 2 * QUEUE_NUM - ok);
	/* It sends them; interrupts give the buffers back. */
	for (int i = 0; i < ok; i++)
		EXPECT(sent(f, out, NULL, true) == hdr + 100);
	EXPECT(dev->tx_packets == 2u + ok);
	EXPECT(dev->ops->xmit(dev, fr, 100) == 0);
	EXPECT(sent(f, out, NULL, true) == hdr + 100);
}

static void test_modern(void)
{
	set_config(mac1, VIRTIO_NET_S_LINK_UP, 0);
	struct fdev *f = probe(MODERN | F(VIRTIO_F_INDIRECT_DESC) | F(VIRTIO_F_EVENT_IDX), 0);
	struct netdev *dev = devof(f);

	EXPECT(dev && !strcmp(dev->name, "eth0") && dev->ifindex == 2);
	EXPECT(dev == netdev_first());
	EXPECT(!memcmp(dev->mac, mac1, 6) && dev->mtu == 1500 && dev->link_up);
	EXPECT(f->vdev.ready && f->vdev.vqs[0].in_flight == QUEUE_NUM && notifies > 0);
	test_receive(f, dev, 12);
	test_transmit(f, dev, 12);
	/* Link changes from the config. */
	set_config(mac1, 0, 0);
	virtio_net_driver.config_changed(&f->vdev);
	EXPECT(!dev->link_up && nlink == 1);
	virtio_net_driver.config_changed(&f->vdev);
	EXPECT(nlink == 1);
	set_config(mac1, VIRTIO_NET_S_LINK_UP, 0);
	virtio_net_driver.config_changed(&f->vdev);
	EXPECT(dev->link_up && nlink == 2);
	/* A length beyond the buffer: the device is failed, never trusted again. */
	uint8_t fr[64] = { 0 };
	deliver(f, fr, 60, 12, 5000, NULL);
	EXPECT(f->vdev.failed && !dev->link_up && nlink == 3);
	EXPECT(dev->ops->xmit(dev, fr, 60) == -EIO);
	virtio_net_driver.config_changed(&f->vdev);
	EXPECT(!dev->link_up);
}

/* Legacy, no ANY_LAYOUT: a 10-byte header in its own descriptor. */
static void test_legacy_split(void)
{
	uint8_t fr[100], out[256];
	unsigned nd = 0;

	set_config(mac1, VIRTIO_NET_S_LINK_UP, 0);
	struct fdev *f = probe(F(VIRTIO_NET_F_MAC), 0);
	struct netdev *dev = devof(f);

	EXPECT(dev && !strcmp(dev->name, "eth1") && dev->ifindex == 3);
	EXPECT(netdev_first()->next == dev);
	EXPECT(dev->link_up);           /* no STATUS: assumed up */
	frame_fill(fr, sizeof(fr), 3);
	deliver(f, fr, sizeof(fr), 10, 0, &nd);
	EXPECT(nd == 2 && f->vdev.vqs[0].desc[0].len == 10);
	EXPECT(got_len == sizeof(fr) && !memcmp(got, fr, sizeof(fr)));
	test_receive(f, dev, 10);
	EXPECT(dev->ops->xmit(dev, fr, sizeof(fr)) == 0);
	EXPECT(sent(f, out, &nd, true) == 10 + sizeof(fr) && nd == 2);
	EXPECT(!memcmp(out + 10, fr, sizeof(fr)));
}

/*
 * Split headers through indirect tables, and no memory for one: a buffer
 * that no longer fits the ring waits, and goes back once there is room.
 */
static void test_rx_no_memory(void)
{
	uint8_t fr[80];

	set_config(mac1, VIRTIO_NET_S_LINK_UP, 0);
	struct fdev *f = probe(F(VIRTIO_NET_F_MAC) | F(VIRTIO_F_INDIRECT_DESC), 0);
	struct netdev *dev = devof(f);
	struct virtqueue *rxq = &f->vdev.vqs[0];

	EXPECT(rxq->in_flight == QUEUE_NUM);
	frame_fill(fr, sizeof(fr), 4);
	kmalloc_fails = 1;
	deliver(f, fr, sizeof(fr), 10, 0, NULL);   /* needs 2 entries, 1 free */
	EXPECT(rxq->in_flight == QUEUE_NUM - 1);
	deliver(f, fr, sizeof(fr), 10, 0, NULL);   /* 2 free: it goes back direct */
	EXPECT(rxq->in_flight == QUEUE_NUM - 1);
	kmalloc_fails = 0;
	for (int i = 0; i < 2 * QUEUE_NUM; i++) {
		deliver(f, fr, sizeof(fr), 10, 0, NULL);
		EXPECT(got_len == sizeof(fr) && !memcmp(got, fr, sizeof(fr)));
	}
	EXPECT(rxq->in_flight == QUEUE_NUM);       /* the spare went back */
	EXPECT(dev->rx_packets == 2 + 2 * QUEUE_NUM && !f->vdev.failed);
}

/* Legacy with ANY_LAYOUT, no MAC, an MTU: one descriptor, random MAC. */
static void test_legacy_any_layout(void)
{
	uint8_t fr[100];
	unsigned nd = 0;

	set_config(mac1, 0, 4000);
	struct fdev *f = probe(F(VIRTIO_F_ANY_LAYOUT) | F(VIRTIO_NET_F_MTU), 0);
	struct netdev *dev = devof(f);

	EXPECT(dev && !strcmp(dev->name, "eth2") && dev->mtu == 4000);
	EXPECT(!(dev->mac[0] & 1) && (dev->mac[0] & 2));
	frame_fill(fr, sizeof(fr), 9);
	deliver(f, fr, sizeof(fr), 10, 0, &nd);
	EXPECT(nd == 1 && got_len == sizeof(fr) && !memcmp(got, fr, sizeof(fr)));
	uint8_t big[4018];
	frame_fill(big, sizeof(big), 2);
	EXPECT(dev->ops->xmit(dev, big, sizeof(big)) == 0);
	EXPECT(dev->ops->xmit(dev, big, sizeof(big) + 1) == -EINVAL);
}

static void test_mtu_bounds(void)
{
	set_config(mac1, 1, 20);
	struct fdev *f = probe(MODERN | F(VIRTIO_NET_F_MTU), 0);
	EXPECT(devof(f)->mtu == 1500);
	set_config(mac1, 1, 65535);
	f = probe(MODERN | F(VIRTIO_NET_F_MTU), 0);
	EXPECT(devof(f)->mtu == 9000);
	EXPECT(!strcmp(devof(f)->name, "eth5") && devof(f)->ifindex == 7);
}

int main(void)
{
	test_modern();
	test_legacy_split();
	test_legacy_any_layout();
	test_rx_no_memory();
	test_mtu_bounds();
	printf("%d checks, %d failures\n", checks, failures);
	return failures != 0;
}
