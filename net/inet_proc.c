// SPDX-License-Identifier: MIT
/*
 * inet_proc.c - the text of /proc/net/dev, tcp, tcp6, udp, udp6, route and
 * if_inet6 in Linux's formats (proc(5); Linux's dev_seq_show,
 * tcp4_seq_show, tcp6_seq_show, udp4_format_sock, fib_route_seq_show,
 * if6_seq_show), and /proc/net/arp from lwIP's ARP table (arp_seq_show),
 * which netstat, ifconfig, route and arp read.  fs/procfs_net.c
 * makes the files; the text goes out a line at a time through put().
 *
 * Sockets come from lwIP's pcb lists: TCP listening, connected and
 * TIME_WAIT ones, bound UDP ones.  An AF_INET6 socket shows in the "6"
 * files, its IPv4 peers v4-mapped; uid and inode are its file's (what
 * netstat -p and fuser look for in /proc/<pid>/fd).
 */
#include "fs/vfs.h"
#include "net/inet_internal.h"
#include "net/netdev.h"
#include "lwip/etharp.h"
#include "lwip/priv/tcp_priv.h"

#define LINE_MAX 256
#define TCP4_PAD 149            /* Linux pads /proc/net/tcp lines to this */
#define UDP4_PAD 127
#define ROUTE_PAD 127
#define LINUX_CLOSE 7
#define LINUX_ESTABLISHED 1

struct proc_out {
	void (*put)(void *ctx, const char *s);
	void *ctx;
	char line[LINE_MAX];
};

/* The line, padded with spaces to pad characters (Linux's seq_pad). */
static void out_line(struct proc_out *o, size_t pad)
{
	size_t n = strlen(o->line);

	while (n < pad && n < sizeof(o->line) - 2)
		o->line[n++] = ' ';
	o->line[n++] = '\n';
	o->line[n] = 0;
	o->put(o->ctx, o->line);
}

/* ---- /proc/net/dev --------------------------------------------------------- */

static void show_dev(struct proc_out *o)
{
	struct netif *n;

	o->put(o->ctx, "Inter-|   Receive                                                |  Transmit\n"
		" face |bytes    packets errs drop fifo frame compressed multicast|"
		"bytes    packets errs drop fifo colls carrier compressed\n");
	NETIF_FOREACH(n) {
		struct inet_if_stats st;

		inet_if_stats(n, &st);
		snprintf(o->line, sizeof(o->line),
			 "%6s: %7llu %7llu %4u %4llu %4u %5u %10u %9u %8llu %7llu %4u %4llu %4u %5u %7u %10u\n",
			 inet_if_name(n), (unsigned long long)st.rx_bytes,
			 (unsigned long long)st.rx_packets, 0, (unsigned long long)st.rx_dropped,
			 0, 0, 0, 0, (unsigned long long)st.tx_bytes,
			 (unsigned long long)st.tx_packets, 0, (unsigned long long)st.tx_dropped,
			 0, 0, 0, 0);
		o->put(o->ctx, o->line);
	}
}

/* ---- sockets ----------------------------------------------------------------- */

static const uint8_t linux_tcp_state[] = {
	[CLOSED] = 7, [LISTEN] = 0x0A, [SYN_SENT] = 2, [SYN_RCVD] = 3,
	[ESTABLISHED] = 1, [FIN_WAIT_1] = 4, [FIN_WAIT_2] = 5, [CLOSE_WAIT] = 8,
	[CLOSING] = 0x0B, [LAST_ACK] = 9, [TIME_WAIT] = 6,
};

/* The uid and inode of a pcb's socket (0 when it has no open file). */
static void sock_ids(struct inet_sock *is, unsigned *uid, unsigned long *ino)
{
	uint64_t i = 0;
	uint32_t u = 0;

	if (is && is->sock.file)
		sockfs_ids(is->sock.file, &i, &u);
	*uid = u;
	*ino = (unsigned long)i;
}

/* Which file a pcb shows in: its socket's family, or its addresses'. */
static bool pcb_v6(const ip_addr_t *local, void *arg)
{
	struct inet_sock *is = arg;

	if (is)
		return is->sock.family == AF_INET6;
	return !IP_IS_V4_VAL(*local);
}

/* An address as Linux's "%08X" of __be32 words; v6 maps IPv4. */
static int fmt_addr(char *p, size_t size, const ip_addr_t *a, uint16_t port, bool v6)
{
	uint32_t w[4] = { 0, 0, 0, 0 };

	if (IP_IS_V4_VAL(*a)) {
		w[3] = ip4_addr_get_u32(ip_2_ip4(a));
		if (v6 && w[3])
			w[2] = PP_HTONL(0xffffU);
	} else if (IP_IS_V6_VAL(*a)) {
		memcpy(w, ip_2_ip6(a)->addr, sizeof(w));
	}
	if (!v6)
		return snprintf(p, size, "%08X:%04X", w[3], port);
	return snprintf(p, size, "%08X%08X%08X%08X:%04X", w[0], w[1], w[2], w[3], port);
}

static void tcp_line(struct proc_out *o, int i, struct tcp_pcb *p, bool v6)
{
	struct inet_sock *is = p->callback_arg;
	char la[48], ra[48];
	uint32_t txq = 0, rxq = 0;
	unsigned long ino;
	unsigned uid;

	fmt_addr(la, sizeof(la), &p->local_ip, p->local_port, v6);
	/* A listening pcb's remote address is not set. */
	fmt_addr(ra, sizeof(ra), p->state == LISTEN ? IP_ANY_TYPE : &p->remote_ip,
		 p->state == LISTEN ? 0 : p->remote_port, v6);
	if (p->state != LISTEN && p->state != CLOSED) {
		txq = p->snd_lbb - p->lastack;
		rxq = is ? (uint32_t)is->rq_bytes : 0;
	}
	sock_ids(is, &uid, &ino);
	snprintf(o->line, sizeof(o->line),
		 "%4d: %s %s %02X %08X:%08X 00:00000000 00000000 %5u %8d %lu 1 0000000000000000 100 0 0 10 0",
		 i, la, ra, linux_tcp_state[p->state], txq, rxq, uid, 0, ino);
	if (v6) {
		strlcpy(o->line + strlen(o->line), "\n", 2);
		o->put(o->ctx, o->line);
	} else {
		out_line(o, TCP4_PAD);
	}
}

static void show_tcp(struct proc_out *o, bool v6)
{
	struct tcp_pcb *const lists[] = { tcp_listen_pcbs.pcbs, tcp_active_pcbs, tcp_tw_pcbs };
	int i = 0;

	if (v6)
		o->put(o->ctx, "  sl  local_address                         remote_address"
			"                        st tx_queue rx_queue tr tm->when retrnsmt"
			"   uid  timeout inode\n");
	else {
		strlcpy(o->line, "  sl  local_address rem_address   st tx_queue rx_queue tr"
			" tm->when retrnsmt   uid  timeout inode", sizeof(o->line));
		out_line(o, TCP4_PAD);
	}
	for (size_t l = 0; l < ARRAY_SIZE(lists); l++)
		for (struct tcp_pcb *p = lists[l]; p; p = p->next)
			if (pcb_v6(&p->local_ip, p->callback_arg) == v6)
				tcp_line(o, i++, p, v6);
}

static void show_udp(struct proc_out *o, bool v6)
{
	int i = 0;

	if (v6)
		o->put(o->ctx, "  sl  local_address                         remote_address"
			"                        st tx_queue rx_queue tr tm->when retrnsmt"
			"   uid  timeout inode ref pointer drops\n");
	else {
		strlcpy(o->line, "   sl  local_address rem_address   st tx_queue rx_queue tr"
			" tm->when retrnsmt   uid  timeout inode ref pointer drops", sizeof(o->line));
		out_line(o, UDP4_PAD);
	}
	for (struct udp_pcb *u = udp_pcbs; u; u = u->next) {
		struct inet_sock *is = u->recv_arg;
		char la[48], ra[48];
		unsigned long ino;
		unsigned uid;

		if (!u->local_port || pcb_v6(&u->local_ip, is) != v6)
			continue;
		sock_ids(is, &uid, &ino);
		fmt_addr(la, sizeof(la), &u->local_ip, u->local_port, v6);
		fmt_addr(ra, sizeof(ra), &u->remote_ip, u->remote_port, v6);
		snprintf(o->line, sizeof(o->line),
			 "%5d: %s %s %02X %08X:%08X 00:00000000 00000000 %5u %8d %lu 2 0000000000000000 0",
			 i++, la, ra, is && is->state == INET_CONNECTED ? LINUX_ESTABLISHED : LINUX_CLOSE,
			 0U, is ? (unsigned)is->rq_bytes : 0U, uid, 0, ino);
		if (v6) {
			strlcpy(o->line + strlen(o->line), "\n", 2);
			o->put(o->ctx, o->line);
		} else {
			out_line(o, UDP4_PAD);
		}
	}
}

/* ---- routes and IPv6 addresses ------------------------------------------------ */

static void route_line(struct proc_out *o, struct netif *n, uint32_t dst,
		       uint32_t gw, unsigned flags, uint32_t mask)
{
	snprintf(o->line, sizeof(o->line), "%s\t%08X\t%08X\t%04X\t0\t0\t0\t%08X\t0\t0\t0",
		 inet_if_name(n), dst, gw, flags, mask);
	out_line(o, ROUTE_PAD);
}

static void show_route(struct proc_out *o)
{
	struct netif *n;

	strlcpy(o->line, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask"
		"\t\tMTU\tWindow\tIRTT", sizeof(o->line));
	out_line(o, ROUTE_PAD);
	/* lo's routes are in Linux's local table, which this file does not show. */
	NETIF_FOREACH(n) {
		uint32_t a = ip4_addr_get_u32(netif_ip4_addr(n));
		uint32_t m = ip4_addr_get_u32(netif_ip4_netmask(n));
		uint32_t gw = ip4_addr_get_u32(netif_ip4_gw(n));

		if (!inet_if_dev(n) || !netif_is_up(n) || !a)
			continue;
		if (n == netif_default && gw)
			route_line(o, n, 0, gw, 0x3, 0);        /* RTF_UP | RTF_GATEWAY */
		route_line(o, n, a & m, 0, 0x1, m);
	}
}

static void show_if_inet6(struct proc_out *o)
{
	struct netif *n;

	NETIF_FOREACH(n)
		for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
			const ip6_addr_t *a = netif_ip6_addr(n, i);
			u8_t st = netif_ip6_addr_state(n, i);
			const uint8_t *b = (const uint8_t *)a->addr;
			char hex[33];
			unsigned scope = ip6_addr_isloopback(a) ? 0x10
				       : ip6_addr_islinklocal(a) ? 0x20 : 0;

			if (ip6_addr_isinvalid(st))
				continue;
			for (int k = 0; k < 16; k++)
				snprintf(hex + 2 * k, 3, "%02x", b[k]);
			snprintf(o->line, sizeof(o->line), "%s %02x %02x %02x %02x %8s\n",
				 hex, netif_get_index(n), ip6_addr_isloopback(a) ? 128 : 64,
				 scope, ip6_addr_istentative(st) ? 0xc0 : 0x80, inet_if_name(n));
			o->put(o->ctx, o->line);
		}
}

/*
 * lwIP keeps complete entries only (Linux's ATF_COM); they never are
 * permanent (ATF_PERM) here.
 */
static void show_arp(struct proc_out *o)
{
	o->put(o->ctx, "IP address       HW type     Flags       HW address            Mask     Device\n");
	for (size_t i = 0; i < ARP_TABLE_SIZE; i++) {
		ip4_addr_t *ip;
		struct netif *n;
		struct eth_addr *mac;
		char ipbuf[16], hw[18];
		const uint8_t *a;

		if (!etharp_get_entry(i, &ip, &n, &mac))
			continue;
		a = mac->addr;
		ip4addr_ntoa_r(ip, ipbuf, sizeof(ipbuf));
		snprintf(hw, sizeof(hw), "%02x:%02x:%02x:%02x:%02x:%02x",
			 a[0], a[1], a[2], a[3], a[4], a[5]);
		snprintf(o->line, sizeof(o->line), "%-16s 0x%-10x0x%-10x%-17s     %-8s %s\n",
			 ipbuf, 1, 0x2, hw, "*", inet_if_name(n));
		o->put(o->ctx, o->line);
	}
}

void net_proc_show(enum net_proc which, void (*put)(void *ctx, const char *s), void *ctx)
{
	static struct proc_out o;       /* [N] one reader at a time under the lock */
	unsigned long fl = net_lock();

	o.put = put;
	o.ctx = ctx;
	switch (which) {
	case NET_PROC_DEV:      show_dev(&o); break;
	case NET_PROC_TCP:      show_tcp(&o, false); break;
	case NET_PROC_TCP6:     show_tcp(&o, true); break;
	case NET_PROC_UDP:      show_udp(&o, false); break;
	case NET_PROC_UDP6:     show_udp(&o, true); break;
	case NET_PROC_ROUTE:    show_route(&o); break;
	case NET_PROC_IF_INET6: show_if_inet6(&o); break;
	case NET_PROC_ARP:      show_arp(&o); break;
	case NET_PROC_UNIX:     unix_proc_show(put, ctx); break;
	}
	net_unlock(fl);
}
