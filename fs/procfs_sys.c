// SPDX-License-Identifier: MIT
/*
 * procfs_sys.c - /proc/sys, the sysctl files (proc_sys(5)) that describe
 * this kernel: the identity uname shows, the host and domain names (which
 * root may write, as sethostname), the capabilities prctl knows.
 */
#include "fs/procfs_internal.h"
#include "kernel/cred.h"
#include "kernel/syscall.h"

static int show_cap_last_cap(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%d\n", CAP_LAST_CAP);
	return 0;
}

static int show_ostype(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, "Linux\n");
	return 0;
}

static int show_osrelease(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, UTS_RELEASE "\n");
	return 0;
}

static int show_version(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, UTS_VERSION "\n");
	return 0;
}

static int show_hostname(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%s\n", uts_nodename());
	return 0;
}

static int show_domainname(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%s\n", uts_domainname());
	return 0;
}

/*
 * A string sysctl (proc_dostring): the value ends at the first newline
 * and longer ones are cut to the room there is.  The file's mode already
 * kept out whoever may not write it.
 */
static int store_uts(char *dst, const char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && n < 64 && buf[n] != '\n')
		n++;
	memcpy(dst, buf, n);
	dst[n] = 0;
	return 0;
}

static int store_hostname(long ctx __unused, const char *buf, size_t len)
{
	return store_uts(uts_nodename(), buf, len);
}

static int store_domainname(long ctx __unused, const char *buf, size_t len)
{
	return store_uts(uts_domainname(), buf, len);
}

/* Not seq files: lseek's SEEK_END works (proc_sys_file_operations). */
#define SYS_FILE(n, fn) { .name = n, .mode = S_IFREG | 0444, .show = fn, .seek_end = true }
#define SYS_RW(n, fn, st) { .name = n, .mode = S_IFREG | 0644, .show = fn, .store = st, \
			    .seek_end = true }
#define SYS_IPC(n) SYS_RW(#n, proc_ipc_show_##n, proc_ipc_store_##n)

static const struct pseudo_entry kernel_entries[] = {
	SYS_FILE("cap_last_cap", show_cap_last_cap),
	SYS_RW("domainname", show_domainname, store_domainname),
	SYS_RW("hostname", show_hostname, store_hostname),
	SYS_IPC(msgmax), SYS_IPC(msgmnb), SYS_IPC(msgmni),
	SYS_FILE("osrelease", show_osrelease),
	SYS_FILE("ostype", show_ostype),
	SYS_IPC(sem), SYS_IPC(shmall), SYS_IPC(shmmax), SYS_IPC(shmmni),
	SYS_FILE("version", show_version),
	{ .name = NULL },
};

const struct pseudo_entry proc_sys_entries[] = {
	{ .name = "kernel", .mode = S_IFDIR | 0555, .children = kernel_entries },
	{ .name = NULL },
};
