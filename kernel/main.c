// SPDX-License-Identifier: MIT
/*
 * main.c - kernel entry after the arch boot code: bring up memory, traps,
 * clocks, the tty and file system layers, unpack the initramfs, and start
 * PID 1 the way Linux does, with its command line conventions
 * (Documentation/admin-guide/kernel-parameters.rst): console=, rdinit=,
 * init=, quiet, loglevel=, panic=; other words go to init as arguments,
 * and name=value pairs as environment.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/panic.h"
#include "kernel/pci.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/timer.h"
#include "kernel/time.h"
#include "kernel/tty.h"
#include "fs/vfs.h"
#include "net/net.h"
#include "virtio/virtio.h"
#include <arch/cpu.h>

void time_init(void);

#define MAX_INIT_ARGS 32

static char cmdline[2048];
static const char *init_argv[MAX_INIT_ARGS + 2] = { NULL };
static const char *init_envp[MAX_INIT_ARGS + 3] = { "HOME=/", "TERM=linux" };
static const char *rdinit = "/init", *init_opt, *console_name;
/* init= is kept for the root file system, which comes with virtio-blk. */

static long parse_int(const char *s)
{
	long v = 0, sign = 1;

	if (*s == '-')
		sign = -1, s++;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v * sign;
}

static void add_word(const char **vec, int *n, const char *w)
{
	if (*n < MAX_INIT_ARGS)
		vec[(*n)++] = w;
}

/*
 * Cut the next word off *p as Linux's next_arg does: spaces inside double
 * quotes do not split, and a quote opening the word or its value is
 * dropped together with the closing one.
 */
static char *next_word(char **p)
{
	char *w = *p, *eq = NULL;
	bool in_quote = false, quoted = false;
	size_t i;

	if (*w == '"') {
		w++;
		in_quote = quoted = true;
	}
	for (i = 0; w[i] && (in_quote || (w[i] != ' ' && w[i] != '\t')); i++) {
		if (!eq && w[i] == '=')
			eq = &w[i];
		if (w[i] == '"')
			in_quote = !in_quote;
	}
	*p = w[i] ? &w[i + 1] : &w[i];
	if (w[i])
		w[i] = 0;
	if ((quoted || (eq && eq[1] == '"')) && i > 0 && w[i - 1] == '"')
		w[i - 1] = 0;
	if (eq && eq[1] == '"')
		memmove(eq + 1, eq + 2, strlen(eq + 2) + 1);
	return w;
}

static void parse_cmdline(void)
{
	int argc = 1, envc = 2;
	bool rest_to_init = false;
	char *p = cmdline;

	strlcpy(cmdline, boot_info.cmdline ? boot_info.cmdline : "", sizeof(cmdline));
	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		char *w = next_word(&p);
		char *eq = strchr(w, '=');
		if (rest_to_init) {
			add_word(init_argv, &argc, w);
		} else if (!strcmp(w, "--")) {
			rest_to_init = true;
		} else if (!strncmp(w, "console=", 8)) {
			console_name = w + 8;
			char *comma = strchr(w + 8, ',');
			if (comma)
				*comma = 0;
		} else if (!strncmp(w, "rdinit=", 7)) {
			rdinit = w + 7;
		} else if (!strncmp(w, "init=", 5)) {
			init_opt = w + 5;
		} else if (!strcmp(w, "quiet")) {
			printk_quiet = 1;
		} else if (!strncmp(w, "loglevel=", 9)) {
			printk_quiet = parse_int(w + 9) < 5;
		} else if (!strncmp(w, "panic=", 6)) {
			panic_timeout = (int)parse_int(w + 6);
		} else if (eq ? !memchr(w, '.', (size_t)(eq - w)) : !strchr(w, '.')) {
			if (eq)
				add_word(init_envp, &envc, w);
			else
				add_word(init_argv, &argc, w);
		}
	}
}

static void unpack_initramfs(void)
{
	int err;

	if (!boot_info.initrd)
		return;
	err = cpio_unpack(boot_info.initrd, boot_info.initrd_size);
	if (err)
		printk("Initramfs unpacking failed: error %d\n", -err);
	page_unreserve(virt_to_phys(boot_info.initrd),
		       virt_to_phys(boot_info.initrd) + boot_info.initrd_size);
}

/*
 * rdinit= from the initramfs, as Linux: when it is not there Linux mounts
 * root= and runs init= (or /sbin/init...) from it.  Mounting a root device
 * comes with virtio-blk; until then that path ends in Linux's panic.
 */
static const char *choose_init(void)
{
	struct file *f;

	if (vfs_open_kernel(rdinit, O_RDONLY, &f) == 0) {
		file_put(f);
		return rdinit;
	}
	panic("VFS: Unable to mount root fs on unknown-block(0,0)");
}

void kmain(uint64_t boot_arg)
{
	arch_early_init(boot_arg);
	parse_cmdline();
	printk("LevitateOS 0.1 (Linux ABI 6.1) starting\n");
	printk("Command line: %s\n", boot_info.cmdline);
	printk("Memory: %luK available of %luK\n", page_free_count() * 4,
	       page_total() * 4);
	arch_init();
	time_init();
	random_init();
	timer_init();
	proc_init();
	vfs_init();
	tty_init();
	hwrng_init();
	net_init();
	arch_devices_init();
	pci_init();
	virtio_init();
	if (console_name)
		tty_set_console(console_name);
	unpack_initramfs();
	const char *init = choose_init();
	init_argv[0] = init;
	printk("Run %s as init process\n", init);
	proc_start_init(init, init_argv, init_envp);
	idle_loop();
}
