/* SPDX-License-Identifier: MIT */
/*
 * modules.h - what the virtio-blk test and benchmark inits share: loading
 * Linux's virtio modules from /lib/modules (finit_module, in dependency
 * order).  LevitateOS has the drivers built in and answers ENOSYS, which
 * is ignored.
 */
#ifndef TESTS_BLK_MODULES_H
#define TESTS_BLK_MODULES_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const modules[] = {
	"virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
	"virtio_pci", "virtio_mmio", "virtio_blk",
};

static void load_modules(void)
{
	char path[64];

	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		snprintf(path, sizeof(path), "/lib/modules/%s.ko", modules[i]);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		if (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != ENOSYS &&
		    errno != EEXIST)
			printf("# finit_module %s: errno %d\n", modules[i], errno);
		close(fd);
	}
}

#endif
