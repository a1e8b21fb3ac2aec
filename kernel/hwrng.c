// SPDX-License-Identifier: MIT
/*
 * hwrng.c - /dev/hwrng (misc 10,183), as Linux's hw_random core offers it:
 * a read goes straight to the hardware random source a driver registered
 * (virtio-rng), blocking until all the bytes asked for have come, or
 * EAGAIN with O_NONBLOCK when none are ready; ENODEV with no source.  The
 * node exists whether or not a source does, as with Linux's built-in core.
 * Only readers: opening it for writing is EINVAL.
 */
#include "kernel/kernel.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "fs/vfs.h"

#define HWRNG_MAJOR 10
#define HWRNG_MINOR 183
#define HWRNG_CHUNK 64

static const struct hwrng *current_rng;   /* [I after probe] or NULL */

void hwrng_register(const struct hwrng *rng)
{
	if (!current_rng)
		current_rng = rng;
}

void hwrng_unregister(const struct hwrng *rng)
{
	if (current_rng == rng)
		current_rng = NULL;
}

static int hwrng_open(struct file *f)
{
	return (f->flags & O_ACCMODE) == O_RDONLY ? 0 : -EINVAL;
}

static ssize_t hwrng_read(struct file *f, struct iobuf b, size_t n, off_t *pos __unused)
{
	uint8_t chunk[HWRNG_CHUNK];
	size_t done = 0;
	int got = 0;

	while (done < n) {
		if (!current_rng) {
			got = -ENODEV;
			break;
		}
		got = current_rng->read(current_rng->priv, chunk,
					MIN(n - done, sizeof(chunk)), !(f->flags & O_NONBLOCK));
		if (got <= 0) {
			if (!got)
				got = -EAGAIN;
			break;
		}
		if (iobuf_copy_out(b, done, chunk, (size_t)got)) {
			got = -EFAULT;
			break;
		}
		done += (size_t)got;
		if (done < n && signal_pending()) {
			got = -ERESTARTSYS;
			break;
		}
	}
	memset(chunk, 0, sizeof(chunk));
	return done ? (ssize_t)done : got;
}

static const struct file_ops hwrng_fops = {
	.open = hwrng_open,
	.read = hwrng_read,
};

void hwrng_init(void)
{
	chardev_register(HWRNG_MAJOR, HWRNG_MINOR, &hwrng_fops);
	/* A misc device: /sys/class/misc/hw_random, as Linux names it. */
	devfs_add_dev("hwrng", S_IFCHR | 0600, HWRNG_MAJOR, HWRNG_MINOR,
		      (struct devclass){ "misc", "hw_random", NULL, false });
}
