// SPDX-License-Identifier: MIT
// sources: net/packet_bpf.c
/*
 * test_packet_bpf.c - the classic BPF of packet sockets (net/packet_bpf.c):
 * the checks at SO_ATTACH_FILTER (Linux's bpf_check_classic) and running
 * programs: udhcpc's filter (UDP to port 68, no fragments) on DHCP and
 * other packets, arithmetic, scratch memory, loads past the end (drop),
 * the link-layer and network-header offsets and ancillary data.
 */
#include <stdio.h>
#include <string.h>

#include "net/bpf_internal.h"

static int failures, checks;
#define EXPECT(c)                                                          \
	do {                                                               \
		checks++;                                                  \
		if (!(c)) {                                                \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
			failures++;                                        \
		}                                                          \
	} while (0)

#define STMT(code, k) { (uint16_t)(code), 0, 0, (uint32_t)(k) }
#define JUMP(code, k, jt, jf) { (uint16_t)(code), (jt), (jf), (uint32_t)(k) }
#define LEN(a) ((unsigned)(sizeof(a) / sizeof((a)[0])))

/* BusyBox udhcpc's filter (networking/udhcp/dhcpc.c), opcodes spelled out. */
static const struct sock_filter udhcpc[] = {
	STMT(0x30, 9),                  /* ldb [9]: the IP protocol */
	JUMP(0x15, 17, 0, 6),           /* jeq #UDP */
	STMT(0x28, 6),                  /* ldh [6]: flags, fragment offset */
	JUMP(0x45, 0x1fff, 4, 0),       /* jset #0x1fff: a fragment */
	STMT(0xb1, 0),                  /* ldxb 4*([0]&0xf) */
	STMT(0x48, 2),                  /* ldh [x+2]: the UDP destination port */
	JUMP(0x15, 68, 0, 1),           /* jeq #68 */
	STMT(0x06, 0x7fffffff),         /* ret #0x7fffffff */
	STMT(0x06, 0),                  /* ret #0 */
};

static struct bpf_pkt pkt(const uint8_t *frame, size_t len, size_t off)
{
	return (struct bpf_pkt){ frame + off, frame, len - off, len, 14, 0x0800, 0, 1, 2 };
}

/* An Ethernet frame with an IPv4 header (ihl words) and a UDP header. */
static size_t ip_udp(uint8_t *f, int proto, int ihl, int dport, int frag)
{
	memset(f, 0, 128);
	f[12] = 0x08;
	f[14] = (uint8_t)(0x40 | ihl);
	f[14 + 6] = (uint8_t)(frag >> 8);
	f[14 + 7] = (uint8_t)frag;
	f[14 + 9] = (uint8_t)proto;
	f[14 + ihl * 4 + 2] = (uint8_t)(dport >> 8);
	f[14 + ihl * 4 + 3] = (uint8_t)dport;
	return 14 + (size_t)ihl * 4 + 8;
}

static void test_udhcpc(void)
{
	uint8_t f[128];
	size_t n;
	struct bpf_pkt p;

	EXPECT(bpf_check(udhcpc, LEN(udhcpc)) == 0);
	n = ip_udp(f, 17, 5, 68, 0);
	p = pkt(f, n, 14);
	EXPECT(bpf_run(udhcpc, &p) == 0x7fffffff);
	n = ip_udp(f, 17, 7, 68, 0);    /* IP options: X skips them */
	p = pkt(f, n, 14);
	EXPECT(bpf_run(udhcpc, &p) == 0x7fffffff);
	n = ip_udp(f, 17, 5, 67, 0);
	p = pkt(f, n, 14);
	EXPECT(bpf_run(udhcpc, &p) == 0);
	n = ip_udp(f, 6, 5, 68, 0);
	p = pkt(f, n, 14);
	EXPECT(bpf_run(udhcpc, &p) == 0);
	n = ip_udp(f, 17, 5, 68, 0x2001);       /* more fragments, offset 1 */
	p = pkt(f, n, 14);
	EXPECT(bpf_run(udhcpc, &p) == 0);
	n = ip_udp(f, 17, 5, 68, 0x4000);       /* don't fragment alone */
	p = pkt(f, n, 14);
	EXPECT(bpf_run(udhcpc, &p) == 0x7fffffff);
	p = pkt(f, 14 + 21, 14);        /* the UDP header cut off: a load fails */
	EXPECT(bpf_run(udhcpc, &p) == 0);
}

static void test_checks(void)
{
	static struct sock_filter big[4097];
	struct sock_filter ret0[] = { STMT(0x06, 0) };
	struct sock_filter no_ret[] = { STMT(0x30, 0) };
	struct sock_filter jt_out[] = { JUMP(0x15, 0, 1, 0), STMT(0x06, 0) };
	struct sock_filter ja_out[] = { STMT(0x05, 1), STMT(0x06, 0) };
	struct sock_filter div0[] = { STMT(0x34, 0), STMT(0x06, 0) };
	struct sock_filter mod0[] = { STMT(0x94, 0), STMT(0x06, 0) };
	struct sock_filter divx[] = { STMT(0x3c, 0), STMT(0x16, 0) };
	struct sock_filter shift32[] = { STMT(0x64, 32), STMT(0x06, 0) };
	struct sock_filter mem16[] = { STMT(0x02, 16), STMT(0x06, 0) };
	struct sock_filter ldmem16[] = { STMT(0x60, 16), STMT(0x06, 0) };
	struct sock_filter bad_op[] = { STMT(0xd4, 0), STMT(0x06, 0) };
	struct sock_filter ld_msh[] = { STMT(0xa0, 0), STMT(0x06, 0) };
	/* SKF_AD_NLATTR: one this kernel does not offer */
	struct sock_filter ad_unknown[] = { STMT(0x20, -0x1000 + 12), STMT(0x06, 0) };
	struct sock_filter ad_ok[] = { STMT(0x20, -0x1000 + 8), STMT(0x16, 0) };

	EXPECT(bpf_check(ret0, 0) == -EINVAL);
	EXPECT(bpf_check(ret0, 1) == 0);
	for (unsigned i = 0; i < LEN(big); i++)
		big[i] = (struct sock_filter)STMT(0x06, 0);
	EXPECT(bpf_check(big, 4096) == 0);
	EXPECT(bpf_check(big, 4097) == -EINVAL);
	EXPECT(bpf_check(no_ret, 1) == -EINVAL);
	EXPECT(bpf_check(jt_out, 2) == -EINVAL);
	EXPECT(bpf_check(ja_out, 2) == -EINVAL);
	EXPECT(bpf_check(div0, 2) == -EINVAL);
	EXPECT(bpf_check(mod0, 2) == -EINVAL);
	EXPECT(bpf_check(divx, 2) == 0);
	EXPECT(bpf_check(shift32, 2) == -EINVAL);
	EXPECT(bpf_check(mem16, 2) == -EINVAL);
	EXPECT(bpf_check(ldmem16, 2) == -EINVAL);
	EXPECT(bpf_check(bad_op, 2) == -EINVAL);
	EXPECT(bpf_check(ld_msh, 2) == -EINVAL);
	EXPECT(bpf_check(ad_unknown, 2) == -EINVAL);
	EXPECT(bpf_check(ad_ok, 2) == 0);
}

static void test_run(void)
{
	uint8_t f[64] = { 0 };
	struct bpf_pkt p;
	/* ((len + 6) * 3 - 4) / 2 % 7, through memory and X */
	struct sock_filter arith[] = {
		STMT(0x80, 0),          /* ld len */
		STMT(0x04, 6),          /* add #6 */
		STMT(0x24, 3),          /* mul #3 */
		STMT(0x14, 4),          /* sub #4 */
		STMT(0x02, 5),          /* st M[5] */
		STMT(0x01, 2),          /* ldx #2 */
		STMT(0x60, 5),          /* ld M[5] */
		STMT(0x3c, 0),          /* div x */
		STMT(0x94, 7),          /* mod #7 */
		STMT(0x16, 0),          /* ret a */
	};
	struct sock_filter divx0[] = { STMT(0x01, 0), STMT(0x3c, 0), STMT(0x06, 9) };
	struct sock_filter ll[] = { STMT(0x28, -0x200000 + 12), STMT(0x16, 0) };
	struct sock_filter net[] = { STMT(0x30, -0x100000 + 0), STMT(0x16, 0) };
	struct sock_filter anc[] = {
		STMT(0x20, -0x1000 + 0),        /* protocol */
		STMT(0x02, 0),
		STMT(0x20, -0x1000 + 8),        /* ifindex */
		STMT(0x07, 0),                  /* tax */
		STMT(0x60, 0),
		STMT(0x0c, 0),                  /* add x */
		STMT(0x16, 0),
	};
	struct sock_filter past[] = { STMT(0x20, 18), STMT(0x06, 1) };
	struct sock_filter ind[] = { STMT(0x01, 16), STMT(0x50, 3), STMT(0x16, 0) };

	p = pkt(f, 34, 14);             /* 20 bytes from the network header */
	EXPECT(bpf_run(arith, &p) == ((20 + 6) * 3 - 4) / 2 % 7);
	EXPECT(bpf_run(divx0, &p) == 0);        /* division by X == 0 drops */
	f[12] = 0x08;
	f[13] = 0x06;
	EXPECT(bpf_run(ll, &p) == 0x0806);
	f[14] = 0x45;
	EXPECT(bpf_run(net, &p) == 0x45);
	EXPECT(bpf_run(anc, &p) == 0x0800 + 2);
	EXPECT(bpf_run(past, &p) == 0); /* 4 bytes at 18 of 20: outside */
	f[14 + 19] = 0x5a;
	EXPECT(bpf_run(ind, &p) == 0x5a);
	p = pkt(f, 34, 0);              /* SOCK_RAW: data is the frame */
	EXPECT(bpf_run(net, &p) == 0x45);
	EXPECT(bpf_run(ll, &p) == 0x0806);
}

int main(void)
{
	test_udhcpc();
	test_checks();
	test_run();
	printf("%d checks, %d failures\n", checks, failures);
	return failures != 0;
}
