// SPDX-License-Identifier: MIT
/*
 * console.c - the virtio console driver (virtio 1.2 §5.3), shaped after
 * Linux's drivers/char/virtio_console.c:
 *
 *   - A console port is a terminal, /dev/hvcN (229,N, N counting console
 *     ports in the order the devices name them), with the line discipline
 *     and job control of kernel/tty.c; `console=hvc0` makes it
 *     /dev/console.  Without VIRTIO_CONSOLE_F_MULTIPORT port 0 is the one
 *     port and a console; VIRTIO_CONSOLE_F_SIZE gives its window size.
 *   - With MULTIPORT the device announces ports on the control queue
 *     (§5.3.6.2): PORT_ADD, then, after our PORT_READY, CONSOLE_PORT,
 *     PORT_NAME and PORT_OPEN (the host side is connected); RESIZE sets a
 *     console's window size.  Every port is a character device
 *     /dev/vportNpM (N: the virtio device's index, M: the port; major 253
 *     for the first device, one less for each further one, where Linux
 *     takes dynamic ones), and a named port also gets the link udev makes,
 *     /dev/virtio-ports/NAME -> ../vportNpM, and, as in Linux,
 *     /sys/class/virtio-ports/vportNpM/name (fs/sysfs.c: vport_next...).
 *
 * Ports behave as Linux's: one open at a time (EBUSY), a console port only
 * through its hvc (ENXIO); open and the last close tell the host with
 * PORT_OPEN 1/0; data that comes while the port is closed is dropped.
 * read returns end of file when nothing is queued and the host is not
 * connected, and otherwise waits (EAGAIN with O_NONBLOCK); write waits
 * while the host is not connected or the transmit queue is full; poll says
 * POLLHUP while the host is not connected.  Each read takes from one
 * received buffer, each write sends at most 32 KiB, as in Linux.
 *
 * Ports announced while the device is being probed are set up before
 * probe returns, so console=hvc0 finds hvc0 (ctrl_poll); later ones come
 * from the control queue's interrupt (hot plug: QEMU's device_add).
 * PORT_REMOVE (device_del) is Linux's unplug_port: the node and link
 * leave /dev, unread data goes, and an open file of the port reads and
 * writes ENODEV and polls POLLHUP; the port is freed when that file is
 * closed (or at once when none is open), so a later PORT_ADD of the same
 * id starts afresh.  The port's queues stay the device's: their receive
 * buffers wait there for the next port with that id (Linux detaches and
 * frees them, then gives new ones).  A console port's hvc outlives it
 * (its output is dropped), as the tty layer cannot take a tty away.
 *
 * Locking: as the rest of the kernel, one CPU with interrupts off outside
 * sleeps (kernel/sched.h) serialises the queues and port state.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "fs/vfs.h"
#include "virtio/virtio.h"
#include <arch/cpu.h>

#define HVC_MAJOR 229
#define VPORT_MAJOR 253
#define VCON_MAX_DEVICES 4
#define VCON_MAX_PORTS 32       /* Linux's virtio-serial limit is 31 + 1 */
#define VCON_MAX_HVC 8
#define VCON_QUEUE_MAX 64
#define VCON_RX_BUFS 8          /* receive pages per port, and for control */
#define VCON_BUF PAGE_SIZE
#define VPORT_WRITE_MAX (32 * 1024)
#define SPIN_NS (2ULL * NSEC_PER_SEC)
#define PROBE_QUIET_NS (50ULL * 1000000ULL)
#define PROBE_MAX_NS (1ULL * NSEC_PER_SEC)
#define NO_PORT 0xffffffffu     /* VIRTIO_CONSOLE_BAD_ID */

/* A receive buffer: one page the device fills. */
struct vcon_buf {
	char *data;                 /* [I] a page */
	uint32_t len, off;          /* bytes the device wrote; read so far */
	struct vcon_buf *next;      /* the port's queue of received buffers */
};

struct vcon;

struct vcon_port {
	struct vcon *vc;            /* [I] */
	unsigned id;                /* [I] */
	struct virtqueue *rxq, *txq; /* [I] */
	char dev[16];               /* [I] "vport0p1" */
	char name[64];              /* PORT_NAME; "" until then */
	struct tty *tty;            /* a console port's hvc */
	bool console;
	bool host_connected;        /* PORT_OPEN from the device */
	bool guest_connected;       /* open here (always, for a console) */
	bool removed;               /* PORT_REMOVE */
	bool linked;                /* /dev/virtio-ports/NAME made */
	struct vcon_buf *in_head, *in_tail; /* received, not yet read */
	struct waitq wq;            /* data, host (dis)connection, room */
};

struct vcon {
	struct virtio_device *vdev; /* [I] */
	unsigned index;             /* [I] N of vportNpM */
	unsigned major;             /* [I] of its vport nodes */
	bool multiport;             /* [I] */
	unsigned max_ports;         /* [I] */
	struct virtqueue *c_ivq, *c_ovq; /* [I] control queues, or NULL */
	struct vcon_port *ports[VCON_MAX_PORTS];
	bool broken;
};

static unsigned ndevices;
static struct vcon *vcons[VCON_MAX_DEVICES];
/* hvcN -> its port (the tty write routine gets only the tty). */
static struct vcon_port *hvc_port[VCON_MAX_HVC];
static struct tty *hvc_tty[VCON_MAX_HVC];
static unsigned nhvc;

static void vcon_fail(struct vcon *vc, const char *why)
{
	vc->broken = true;
	virtio_device_fail(vc->vdev, why);
	for (unsigned i = 0; i < vc->max_ports; i++)
		if (vc->ports[i])
			waitq_wake(&vc->ports[i]->wq);
}

/* ---- buffers ---------------------------------------------------------- */

static struct vcon_buf *buf_new(void)
{
	struct vcon_buf *b = kzalloc(sizeof(*b));

	if (!b)
		return NULL;
	b->data = page_alloc();
	if (!b->data) {
		kfree(b);
		return NULL;
	}
	return b;
}

/* Offer b to the device for it to fill (no kick). */
static int buf_add(struct virtqueue *vq, struct vcon_buf *b)
{
	struct vq_sg sg = { virt_to_phys(b->data), VCON_BUF };

	b->len = b->off = 0;
	b->next = NULL;
	return vq_add(vq, &sg, 0, 1, b);
}

static void buf_free(struct vcon_buf *b)
{
	page_free_n(b->data, 1);
	kfree(b);
}

/* Hand b back to the device (no kick); freed when that fails (broken). */
static void buf_recycle(struct virtqueue *vq, struct vcon_buf *b)
{
	if (buf_add(vq, b))
		buf_free(b);
}

/* Give vq up to n fresh buffers; how many it took. */
static unsigned fill_queue(struct virtqueue *vq, unsigned n)
{
	unsigned added = 0;

	while (added < n && vq->num_free) {
		struct vcon_buf *b = buf_new();
		if (!b)
			break;
		if (buf_add(vq, b)) {
			buf_free(b);
			break;
		}
		added++;
	}
	vq_kick(vq);
	return added;
}

/* Free what the device has sent of the copies given to a transmit queue. */
static void tx_reap(struct vcon *vc, struct virtqueue *vq)
{
	void *token;
	uint32_t len;
	int got;

	while ((got = vq_get_buf(vq, &token, &len)) == 1)
		kfree(token);
	if (got < 0 && !vc->broken)
		vcon_fail(vc, "transmit used ring corrupt");
}

/* Queue a copy of s[0..n) on a transmit queue: 0, -ENOSPC, -ENOMEM, -EIO. */
static int tx_send(struct vcon *vc, struct virtqueue *vq, const void *s, size_t n)
{
	char *copy;
	struct vq_sg sg;
	int err;

	if (vc->broken)
		return -EIO;
	tx_reap(vc, vq);
	if (!vq->num_free)
		return -ENOSPC;
	copy = kmalloc(n);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, s, n);
	sg = (struct vq_sg){ virt_to_phys(copy), (uint32_t)n };
	err = vq_add(vq, &sg, 1, 0, copy);
	if (err) {
		kfree(copy);
		return err;
	}
	vq_kick(vq);
	return 0;
}

/*
 * As tx_send, waiting (spinning) up to SPIN_NS for room: for the control
 * queue and console output, which may come from interrupts, as Linux's
 * __send_control_msg and put_chars spin.
 */
static int tx_send_spin(struct vcon *vc, struct virtqueue *vq, const void *s, size_t n)
{
	uint64_t deadline = time_monotonic_ns() + SPIN_NS;
	int err;

	while ((err = tx_send(vc, vq, s, n)) == -ENOSPC && time_monotonic_ns() < deadline)
		arch_cpu_relax();
	return err;
}

static void send_ctrl(struct vcon *vc, uint32_t id, uint16_t event, uint16_t value)
{
	struct virtio_console_control c = { id, event, value };

	if (vc->c_ovq && tx_send_spin(vc, vc->c_ovq, &c, sizeof(c)))
		printk("virtio-console: %s: control message %u for port %u lost\n",
		       vc->vdev->where, event, id);
}

/* ---- console ports: /dev/hvcN ---------------------------------------- */

static struct vcon_port *port_of_tty(struct tty *t)
{
	for (unsigned i = 0; i < nhvc; i++)
		if (hvc_tty[i] == t)
			return hvc_port[i];
	return NULL;
}

/* The tty's output: sent at once (the host takes any amount). */
static void hvc_write(struct tty *t, const char *s, size_t n)
{
	struct vcon_port *p = port_of_tty(t);

	while (p && !p->removed && n) {
		size_t c = MIN(n, (size_t)VCON_BUF);
		if (tx_send_spin(p->vc, p->txq, s, c))
			return;
		s += c;
		n -= c;
	}
}

static void port_make_console(struct vcon_port *p)
{
	char name[16];

	if (p->console)
		return;
	if (nhvc == VCON_MAX_HVC) {
		printk("virtio-console: no room for another hvc (port %u)\n", p->id);
		return;
	}
	snprintf(name, sizeof(name), "hvc%u", nhvc);
	hvc_port[nhvc] = p;     /* before output can come */
	p->tty = tty_register(name, HVC_MAJOR, nhvc, hvc_write);
	if (!p->tty) {
		printk("virtio-console: cannot register %s\n", name);
		return;
	}
	tty_std_cflag(p->tty);
	hvc_tty[nhvc++] = p->tty;
	p->console = true;
	p->guest_connected = true;
	printk("virtio-console: %s is port %u of %s\n", name, p->id, p->vc->vdev->where);
	send_ctrl(p->vc, p->id, VIRTIO_CONSOLE_PORT_OPEN, 1);
}

/* ---- receiving ------------------------------------------------------- */

/* One buffer of port data: to the terminal, to the reader's queue, or
 * (nobody has the port open) back to the device, as Linux drops it. */
static void port_receive(struct vcon_port *p, struct vcon_buf *b)
{
	if (p->console && p->tty) {
		tty_receive(p->tty, b->data, b->len);
	} else if (p->guest_connected && b->len) {
		if (p->in_tail)
			p->in_tail->next = b;
		else
			p->in_head = b;
		p->in_tail = b;
		waitq_wake(&p->wq);
		return;
	}
	buf_recycle(p->rxq, b);
}

/* The port whose data queue vq is (§5.3.2), or NULL: none (now). */
static struct vcon_port *port_of_vq(struct vcon *vc, struct virtqueue *vq)
{
	unsigned id = vq->index < 2 ? 0 : vq->index / 2 - 1;

	return id < vc->max_ports ? vc->ports[id] : NULL;
}

/* Take what the device filled: to the port, or, with none, back to it. */
static void rx_reap(struct vcon *vc, struct virtqueue *vq)
{
	struct vcon_port *p = port_of_vq(vc, vq);
	void *token;
	uint32_t len;
	int got;

	while ((got = vq_get_buf(vq, &token, &len)) == 1) {
		struct vcon_buf *b = token;
		b->len = len;
		if (p)
			port_receive(p, b);
		else
			buf_recycle(vq, b);
	}
	if (got < 0)
		vcon_fail(vc, "receive used ring corrupt");
}

static void port_rx_done(struct virtqueue *vq)
{
	struct vcon *vc = vq->priv;

	if (!vc)
		return;
	do
		rx_reap(vc, vq);
	while (!vc->broken && !vq_enable_cb(vq));
	vq_kick(vq);
}

static void port_tx_done(struct virtqueue *vq)
{
	struct vcon *vc = vq->priv;
	struct vcon_port *p;

	if (!vc)
		return;
	do
		tx_reap(vc, vq);
	while (!vc->broken && !vq_enable_cb(vq));
	p = port_of_vq(vc, vq);
	if (p)
		waitq_wake(&p->wq);
}

/* ---- ports ----------------------------------------------------------- */

static const struct file_ops vport_fops;

/* The receive and transmit queues of port id (§5.3.2). */
static unsigned rx_index(unsigned id)
{
	return id == 0 ? 0 : 2 * (id + 1);
}

static void port_add(struct vcon *vc, uint32_t id)
{
	struct vcon_port *p;

	if (id >= vc->max_ports) {
		printk("virtio-console: %s: port %u beyond max_nr_ports %u\n",
		       vc->vdev->where, id, vc->max_ports);
		return;
	}
	if (vc->ports[id]) {    /* Linux: already there, say ready again */
		send_ctrl(vc, id, VIRTIO_CONSOLE_PORT_READY, 1);
		return;
	}
	p = kzalloc(sizeof(*p));
	if (!p)
		goto out_fail;
	p->vc = vc;
	p->id = id;
	p->rxq = &vc->vdev->vqs[rx_index(id)];
	p->txq = &vc->vdev->vqs[rx_index(id) + 1];
	waitq_init(&p->wq);
	/* A port that had this id before left its buffers there. */
	if (p->rxq->in_flight < VCON_RX_BUFS)
		fill_queue(p->rxq, VCON_RX_BUFS - p->rxq->in_flight);
	if (!p->rxq->in_flight) {
		kfree(p);
		goto out_fail;
	}
	vc->ports[id] = p;
	snprintf(p->dev, sizeof(p->dev), "vport%up%u", vc->index, id);
	chardev_register_priv(vc->major, id, &vport_fops, p);
	devfs_add_dev(p->dev, S_IFCHR | 0600, vc->major, id,
		      (struct devclass){ "virtio-ports", NULL, NULL, false });
	send_ctrl(vc, id, VIRTIO_CONSOLE_PORT_READY, 1);
	return;

out_fail:
	printk("virtio-console: %s: out of memory for port %u\n", vc->vdev->where, id);
	send_ctrl(vc, id, VIRTIO_CONSOLE_PORT_READY, 0);
}

static void port_link_name(struct vcon_port *p, char *buf, size_t size)
{
	snprintf(buf, size, "virtio-ports/%s", p->name);
}

/* PORT_NAME: keep the name; link it in /dev/virtio-ports as udev does. */
static void port_name(struct vcon_port *p, const char *s, size_t n)
{
	char link[96], target[24];

	if (p->name[0] || !n)
		return;
	n = MIN(n, sizeof(p->name) - 1);
	memcpy(p->name, s, n);
	p->name[n] = 0;
	printk("virtio-console: %s is \"%s\"\n", p->dev, p->name);
	if (!p->name[0] || strchr(p->name, '/') || !strcmp(p->name, ".") ||
	    !strcmp(p->name, "..")) {
		printk("virtio-console: %s: no /dev/virtio-ports link for that name\n", p->dev);
		return;
	}
	port_link_name(p, link, sizeof(link));
	snprintf(target, sizeof(target), "../%s", p->dev);
	devfs_add_link(link, target);
	p->linked = true;
}

/* Unread data goes back to the device. */
static void port_discard(struct vcon_port *p)
{
	while (p->in_head) {
		struct vcon_buf *b = p->in_head;
		p->in_head = b->next;
		buf_recycle(p->rxq, b);
	}
	p->in_tail = NULL;
	vq_kick(p->rxq);
}

static void port_free(struct vcon_port *p)
{
	printk("virtio-console: %s freed\n", p->dev);
	kfree(p);
}

/*
 * PORT_REMOVE, Linux's unplug_port: the id is free for the next PORT_ADD
 * at once; the struct goes with the last close (vport_release).  QEMU
 * has given the transmit buffers back (len 0) before it says so.
 */
static void port_remove(struct vcon_port *p)
{
	struct vcon *vc = p->vc;
	char link[96];

	vc->ports[p->id] = NULL;
	chardev_register_priv(vc->major, p->id, &vport_fops, NULL);
	if (p->linked) {
		port_link_name(p, link, sizeof(link));
		devfs_remove(link);
	}
	devfs_remove(p->dev);
	port_discard(p);
	rx_reap(vc, p->rxq);    /* no port now: back to the device */
	vq_kick(p->rxq);
	tx_reap(vc, p->txq);
	p->removed = true;
	p->host_connected = false;
	waitq_wake(&p->wq);
	printk("virtio-console: %s removed\n", p->dev);
	if (!p->guest_connected)
		port_free(p);
}

/* RESIZE: struct virtio_console_resize { le16 cols, rows } (§5.3.6.2). */
static void port_resize(struct vcon_port *p, const char *s, size_t n)
{
	uint16_t cr[2];

	if (!p->tty || n < sizeof(cr))
		return;
	memcpy(cr, s, sizeof(cr));
	tty_resize(p->tty, cr[1], cr[0]);
}

/* ---- the control queue ----------------------------------------------- */

static void ctrl_receive(struct vcon *vc, const char *msg, uint32_t len)
{
	struct virtio_console_control c;
	struct vcon_port *p;

	if (len < sizeof(c)) {
		printk_once("virtio-console: %s: short control message\n", vc->vdev->where);
		return;
	}
	memcpy(&c, msg, sizeof(c));
	if (c.event == VIRTIO_CONSOLE_DEVICE_ADD) {
		port_add(vc, c.id);
		return;
	}
	p = c.id < vc->max_ports ? vc->ports[c.id] : NULL;
	if (!p || p->removed) {
		printk("virtio-console: %s: event %u for port %u, which is not there\n",
		       vc->vdev->where, c.event, c.id);
		return;
	}
	switch (c.event) {
	case VIRTIO_CONSOLE_DEVICE_REMOVE:
		port_remove(p);
		break;
	case VIRTIO_CONSOLE_CONSOLE_PORT:
		if (c.value)
			port_make_console(p);
		break;
	case VIRTIO_CONSOLE_RESIZE:
		port_resize(p, msg + sizeof(c), len - sizeof(c));
		break;
	case VIRTIO_CONSOLE_PORT_OPEN:
		p->host_connected = c.value != 0;
		waitq_wake(&p->wq);
		break;
	case VIRTIO_CONSOLE_PORT_NAME:
		port_name(p, msg + sizeof(c), len - sizeof(c));
		break;
	default:
		printk_once("virtio-console: %s: unknown control event %u\n",
			    vc->vdev->where, c.event);
	}
}

/* Handle what the device sent on the control queue: how many messages. */
static unsigned ctrl_reap(struct vcon *vc)
{
	struct virtqueue *vq = vc->c_ivq;
	unsigned n = 0;
	void *token;
	uint32_t len;
	int got;

	do {
		while ((got = vq_get_buf(vq, &token, &len)) == 1) {
			struct vcon_buf *b = token;
			ctrl_receive(vc, b->data, len);
			buf_recycle(vq, b);
			n++;
		}
		if (got < 0) {
			vcon_fail(vc, "control used ring corrupt");
			return n;
		}
	} while (!vq_enable_cb(vq));
	vq_kick(vq);
	return n;
}

static void ctrl_rx_done(struct virtqueue *vq)
{
	struct vcon *vc = vq->priv;

	if (!vc->broken)
		ctrl_reap(vc);
}

static void ctrl_tx_done(struct virtqueue *vq)
{
	struct vcon *vc = vq->priv;

	do
		tx_reap(vc, vq);
	while (!vc->broken && !vq_enable_cb(vq));
}

/*
 * During probe (no interrupts yet): take the port announcements until the
 * device has been quiet for a while after the first, so the ports exist
 * when probe returns.  (QEMU may answer from its I/O thread, later than
 * the notification; a port that comes later still is set up from the
 * interrupt, and a late hvc0 still becomes the console: tty.h.)
 */
static void ctrl_poll(struct vcon *vc)
{
	uint64_t now = time_monotonic_ns(), end = now + PROBE_MAX_NS;
	uint64_t quiet = end;

	while (!vc->broken && now < end && now < quiet) {
		if (ctrl_reap(vc))
			quiet = time_monotonic_ns() + PROBE_QUIET_NS;
		tx_reap(vc, vc->c_ovq);
		arch_cpu_relax();
		now = time_monotonic_ns();
	}
}

/* ---- /dev/vportNpM ----------------------------------------------------- */

static int vport_open(struct file *f)
{
	struct vcon_port *p = f->priv;

	if (!p || p->removed || p->console)
		return -ENXIO;  /* a console port is opened as its hvc */
	if (p->guest_connected)
		return -EBUSY;
	p->guest_connected = true;
	tx_reap(p->vc, p->txq);
	send_ctrl(p->vc, p->id, VIRTIO_CONSOLE_PORT_OPEN, 1);
	return 0;
}

static void vport_release(struct file *f)
{
	struct vcon_port *p = f->priv;

	p->guest_connected = false;
	if (p->removed) {       /* its queues may be another port's now */
		port_free(p);
		return;
	}
	send_ctrl(p->vc, p->id, VIRTIO_CONSOLE_PORT_OPEN, 0);
	port_discard(p);
	tx_reap(p->vc, p->txq);
}

static ssize_t vport_read(struct file *f, struct iobuf b, size_t n, off_t *pos __unused)
{
	struct vcon_port *p = f->priv;
	struct vcon_buf *buf;
	size_t c;
	int err;

	while (!p->in_head || p->removed) {
		if (p->removed || p->vc->broken)
			return -ENODEV;
		if (!p->host_connected)
			return 0;       /* Linux: nobody there, end of file */
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = waitq_sleep(&p->wq);
		if (err)
			return err;
	}
	buf = p->in_head;
	c = MIN(n, (size_t)(buf->len - buf->off));
	if (iobuf_copy_out(b, 0, buf->data + buf->off, c))
		return -EFAULT;
	buf->off += (uint32_t)c;
	if (buf->off == buf->len) {
		p->in_head = buf->next;
		if (!p->in_head)
			p->in_tail = NULL;
		buf_recycle(p->rxq, buf);
		vq_kick(p->rxq);
	}
	return (ssize_t)c;
}

/* Linux's will_write_block, negated. */
static bool port_writable(struct vcon_port *p)
{
	if (!p->host_connected || p->removed || p->vc->broken)
		return false;
	tx_reap(p->vc, p->txq);
	return p->txq->num_free > 0;
}

static ssize_t vport_write(struct file *f, struct iobuf b, size_t n, off_t *pos __unused)
{
	struct vcon_port *p = f->priv;
	char *copy;
	struct vq_sg sg;
	int err;

	if (!n)
		return 0;
	while (!port_writable(p)) {
		if (p->removed || p->vc->broken)
			return -ENODEV;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		err = waitq_sleep(&p->wq);
		if (err)
			return err;
	}
	n = MIN(n, (size_t)VPORT_WRITE_MAX);
	copy = kmalloc(n);
	if (!copy)
		return -ENOMEM;
	if (iobuf_copy_in(copy, b, 0, n)) {
		kfree(copy);
		return -EFAULT;
	}
	sg = (struct vq_sg){ virt_to_phys(copy), (uint32_t)n };
	err = vq_add(p->txq, &sg, 1, 0, copy);
	if (err) {
		kfree(copy);
		return err;
	}
	vq_kick(p->txq);
	return (ssize_t)n;
}

static unsigned vport_poll(struct file *f, struct poll_table *pt)
{
	struct vcon_port *p = f->priv;
	unsigned mask = 0;

	poll_wait(pt, &p->wq);
	if (p->removed)
		return POLLHUP;
	if (p->in_head || !p->host_connected)
		mask |= POLLIN | POLLRDNORM;
	if (port_writable(p))
		mask |= POLLOUT;
	if (!p->host_connected)
		mask |= POLLHUP;
	return mask;
}

static const struct file_ops vport_fops = {
	.open = vport_open,
	.release = vport_release,
	.read = vport_read,
	.write = vport_write,
	.poll = vport_poll,
	.no_sendfile = true,
};

/* ---- /sys/class/virtio-ports: context device * VCON_MAX_PORTS + id ---- */

static struct vcon_port *port_of_ctx(long ctx)
{
	struct vcon *vc;

	if (ctx < 0 || ctx >= (long)ndevices * VCON_MAX_PORTS)
		return NULL;
	vc = vcons[ctx / VCON_MAX_PORTS];
	return vc->ports[ctx % VCON_MAX_PORTS];
}

int vport_lookup(const char *name, size_t len, long *ctx)
{
	long c = 0;
	char dev[16];

	while (vport_next(&c, dev, sizeof(dev))) {
		if (strlen(dev) == len && !memcmp(dev, name, len)) {
			*ctx = c;
			return 0;
		}
		c++;
	}
	return -ENOENT;
}

bool vport_next(long *ctx, char *name, size_t size)
{
	for (long c = MAX(*ctx, 0L); c < (long)ndevices * VCON_MAX_PORTS; c++) {
		struct vcon_port *p = port_of_ctx(c);
		if (p) {
			*ctx = c;
			strlcpy(name, p->dev, size);
			return true;
		}
	}
	return false;
}

const char *vport_name(long ctx)
{
	struct vcon_port *p = port_of_ctx(ctx);

	return p ? p->name : NULL;
}

/* ---- the device ---------------------------------------------------------- */

/* Queue i: port data in (even) or out (odd), or the control queues 2, 3. */
static int find_vqs(struct vcon *vc)
{
	struct virtio_device *vdev = vc->vdev;
	unsigned nvqs = vc->multiport ? 2 * (vc->max_ports + 1) : 2;
	void (**cbs)(struct virtqueue *) = kmalloc(nvqs * sizeof(*cbs));
	int err;

	if (!cbs)
		return -ENOMEM;
	for (unsigned i = 0; i < nvqs; i++)
		cbs[i] = i % 2 ? port_tx_done : port_rx_done;
	if (vc->multiport) {
		cbs[2] = ctrl_rx_done;
		cbs[3] = ctrl_tx_done;
	}
	err = virtio_find_vqs(vdev, nvqs, cbs, VCON_QUEUE_MAX);
	kfree(cbs);
	if (err)
		return err;
	if (vc->multiport) {
		vc->c_ivq = &vdev->vqs[2];
		vc->c_ovq = &vdev->vqs[3];
	}
	for (unsigned i = 0; i < nvqs; i++)
		vdev->vqs[i].priv = vc;
	return 0;
}

static int read_config(struct vcon *vc)
{
	struct virtio_device *vdev = vc->vdev;

	vc->multiport = virtio_has_feature(vdev, VIRTIO_CONSOLE_F_MULTIPORT);
	vc->max_ports = 1;
	if (!vc->multiport)
		return 0;
	vc->max_ports = virtio_cread32(vdev, VCON_CFG_MAX_NR_PORTS);
	if (!vc->max_ports) {
		printk("virtio-console: %s: max_nr_ports 0\n", vdev->where);
		return -EIO;
	}
	if (vc->max_ports > VCON_MAX_PORTS) {
		printk("virtio-console: %s: using %u of %u ports\n", vdev->where,
		       VCON_MAX_PORTS, vc->max_ports);
		vc->max_ports = VCON_MAX_PORTS;
	}
	return 0;
}

/* VIRTIO_CONSOLE_F_SIZE without MULTIPORT: port 0's window size. */
static void read_size(struct vcon *vc)
{
	struct vcon_port *p = vc->ports[0];

	if (vc->multiport || !p || !p->tty ||
	    !virtio_has_feature(vc->vdev, VIRTIO_CONSOLE_F_SIZE))
		return;
	tty_resize(p->tty, virtio_cread16(vc->vdev, VCON_CFG_ROWS),
		   virtio_cread16(vc->vdev, VCON_CFG_COLS));
}

/* Without MULTIPORT: port 0, a console whose host side is always there. */
static void add_single_port(struct vcon *vc)
{
	port_add(vc, 0);
	if (!vc->ports[0])
		return;
	vc->ports[0]->host_connected = true;
	port_make_console(vc->ports[0]);
	read_size(vc);
}

static int vcon_probe(struct virtio_device *vdev)
{
	struct vcon *vc;
	int err;

	if (ndevices == VCON_MAX_DEVICES)
		return -ENOSPC;
	vc = kzalloc(sizeof(*vc));
	if (!vc)
		return -ENOMEM;
	vc->vdev = vdev;
	vc->index = vdev->index;
	vc->major = VPORT_MAJOR - ndevices;
	vdev->priv = vc;
	err = read_config(vc);
	if (err)
		goto out_free;
	err = find_vqs(vc);
	if (err)
		goto out_free;
	virtio_device_ready(vdev);
	if (!vc->multiport) {
		add_single_port(vc);
	} else {
		err = -ENOMEM;
		if (!fill_queue(vc->c_ivq, VCON_RX_BUFS))
			goto out_del_vqs;
		send_ctrl(vc, NO_PORT, VIRTIO_CONSOLE_DEVICE_READY, 1);
		ctrl_poll(vc);
	}
	vcons[ndevices++] = vc;
	return 0;

out_del_vqs:
	virtio_del_vqs(vdev);
out_free:
	vdev->priv = NULL;
	kfree(vc);
	return err;
}

/* Devices are never unplugged while running; remove is for a failed bind. */
static void vcon_remove(struct virtio_device *vdev)
{
	virtio_del_vqs(vdev);
}

static void vcon_config_changed(struct virtio_device *vdev)
{
	struct vcon *vc = vdev->priv;

	if (vc)
		read_size(vc);
}

static const struct virtio_feature vcon_features[] = {
	{ VIRTIO_CONSOLE_F_SIZE, "SIZE" },
	{ VIRTIO_CONSOLE_F_MULTIPORT, "MULTIPORT" },
};

const struct virtio_driver virtio_console_driver = {
	.name = "virtio-console",
	.device_id = VIRTIO_ID_CONSOLE,
	.features = vcon_features,
	.nfeatures = ARRAY_SIZE(vcon_features),
	.probe = vcon_probe,
	.remove = vcon_remove,
	.config_changed = vcon_config_changed,
};
