// SPDX-License-Identifier: MIT
/*
 * port.c - lwIP's platform for the kernel (lwIP's doc/NO_SYS_SampleCode.c
 * and "Porting lwIP"): its heap, clock, random numbers and timers, the net
 * lock every lwIP call is made under, and lo.
 *
 * The net lock masks interrupts (arch_irq_save); it nests.  When the
 * outermost holder lets go, packets lwIP looped back (lo, and datagrams to
 * an interface's own address) are delivered, then the one kernel timer is
 * set for lwIP's next timeout (sys_timeouts_sleeptime), whose callback runs
 * sys_check_timeouts.  So there is no periodic tick while lwIP is idle.
 *
 * lo is lwIP's loopback netif (the first netif: lwIP index 1, ifindex 1).
 * Linux starts with lo down and without addresses; bringing it up adds
 * 127.0.0.1/8 and ::1.  Here the same.
 */
#include "kernel/mm.h"
#include "kernel/random.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "net/inet_internal.h"
#include "lwip/init.h"
#include "lwip/ip4.h"
#include "lwip/prot/ip4.h"
#include "lwip/timeouts.h"
#include <arch/cpu.h>

#define NS_PER_MS 1000000ULL
#define LOOP_ROUNDS 256         /* deliveries per unlock before the timer's turn */

static unsigned net_depth;      /* [N] holders, nested */
static struct ktimer net_timer; /* [N] lwIP's next timeout */
static struct netif *lo;        /* [I] after net_init */
uint64_t inet_lo_packets, inet_lo_bytes;
int inet_lo_mtu = 65536;                /* Linux's loopback default */

void *lwip_port_malloc(size_t size)
{
	return kmalloc(size);
}

void *lwip_port_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kzalloc(n * size);
}

void lwip_port_free(void *p)
{
	kfree(p);
}

uint32_t lwip_port_rand(void)
{
	uint32_t r;

	random_bytes(&r, sizeof(r));
	return r;
}

int lwip_port_atoi(const char *s)
{
	int n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}

u32_t sys_now(void)
{
	return (u32_t)(time_monotonic_ns() / NS_PER_MS);
}

unsigned long net_lock(void)
{
	unsigned long flags = arch_irq_save();

	net_depth++;
	return flags;
}

void net_assert_held(void)
{
	assert(net_depth > 0);
}

/*
 * Are packets looped back, waiting for netif_poll?  They are lo's traffic
 * on Linux (also those to an interface's own address): count them, as
 * lwIP keeps no counters without LWIP_STATS.  A queue chains its packets'
 * pbufs; a packet's last pbuf has len == tot_len.
 */
static bool loop_pending(void)
{
	struct netif *n;
	bool any = false;

	NETIF_FOREACH(n)
		for (struct pbuf *p = n->loop_first, *q; p; p = q->next) {
			inet_lo_packets++;
			inet_lo_bytes += p->tot_len;
			packet_lo_tap(p);
			any = true;
			for (q = p; q->len != q->tot_len && q->next; q = q->next)
				;
		}
	return any;
}

/* Timeouts fire from net_timer; the loop queue is drained by unlock. */
static void net_timer_set(void)
{
	u32_t ms = sys_timeouts_sleeptime();

	if (ms == SYS_TIMEOUTS_SLEEPTIME_INFINITE) {
		timer_cancel(&net_timer);
		return;
	}
	timer_add(&net_timer, time_monotonic_ns() + (uint64_t)ms * NS_PER_MS);
}

void net_unlock(unsigned long flags)
{
	assert(net_depth > 0);
	if (net_depth == 1) {
		for (int i = 0; i < LOOP_ROUNDS && loop_pending(); i++)
			netif_poll_all();
		net_timer_set();
	}
	net_depth--;
	arch_irq_restore(flags);
}

static void net_timer_fn(struct ktimer *t __unused)
{
	unsigned long fl = net_lock();

	sys_check_timeouts();
	net_unlock(fl);
}

struct netif *inet_lo(void)
{
	return lo;
}

void inet_lo_set_up(bool up)
{
	ip4_addr_t a, m;

	net_assert_held();
	if (up == netif_is_up(lo))
		return;
	if (up) {
		IP4_ADDR(&a, 127, 0, 0, 1);
		IP4_ADDR(&m, 255, 0, 0, 0);
		if (ip4_addr_isany_val(*netif_ip4_addr(lo)))
			netif_set_addr(lo, &a, &m, netif_ip4_gw(lo));
		ip_addr_copy_from_ip6(lo->ip6_addr[0], *IP6_ADDR_ANY6);
		IP_ADDR6_HOST(&lo->ip6_addr[0], 0, 0, 0, 1);
		netif_ip6_addr_set_state(lo, 0, IP6_ADDR_VALID);
		netif_set_up(lo);
		/* No router solicitations on lo (lwIP would send them from ::1). */
		lo->rs_count = 0;
		return;
	}
	/* As Linux: down keeps lo's IPv4 addresses and drops ::1. */
	netif_set_down(lo);
	for (int i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++)
		netif_ip6_addr_set_state(lo, i, IP6_ADDR_INVALID);
}

/*
 * LWIP_HOOK_IP4_INPUT.  Linux's lo answers every address of 127.0.0.0/8
 * (its local route), lwIP's only lo's own.  A packet lo carries to another
 * one is taken in with lo wearing that address while ip4_input handles it
 * (what it sends back goes through lo's queue, after).  The address is set
 * in place: netif_set_ipaddr would end the connections on 127.0.0.1.
 * 1: the packet is eaten.
 */
int lwip_port_ip4_input(struct pbuf *p, struct netif *inp)
{
	ip4_addr_t *own = (ip4_addr_t *)netif_ip4_addr(inp);
	ip4_addr_t dst, saved;

	if (inp != lo || p->len < IP_HLEN || !netif_is_up(lo))
		return 0;
	ip4_addr_copy(dst, ((struct ip_hdr *)p->payload)->dest);
	if (ip4_addr_cmp(&dst, own) || !ip4_addr_netcmp(&dst, own, netif_ip4_netmask(lo)) ||
	    ip4_addr_isbroadcast(&dst, lo))
		return 0;
	saved = *own;
	*own = dst;
	ip4_input(p, inp);
	*own = saved;
	return 1;
}

void net_init(void)
{
	unsigned long fl = net_lock();

	net_timer.fn = net_timer_fn;
	lwip_init();
	lo = netif_get_by_index(1);
	assert(lo);
	/* lo's checksums are pointless: what it sends it receives. */
	NETIF_SET_CHECKSUM_CTRL(lo, NETIF_CHECKSUM_DISABLE_ALL);
	inet_lo_set_up(false);
	/* Linux boots with lo down and without addresses. */
	netif_set_addr(lo, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4);
	inet_icmp_init();
	net_unlock(fl);
}
