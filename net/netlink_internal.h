/* SPDX-License-Identifier: MIT */
/*
 * netlink_internal.h - what netlink.c (AF_NETLINK sockets, netlink(7)) and
 * netlink_route.c (NETLINK_ROUTE, rtnetlink(7)) share: the wire format and
 * the builder of replies.
 *
 * A request is answered while it is sent: the replies (one message, a
 * whole dump ending in NLMSG_DONE, an NLMSG_ERROR ack) are built into
 * datagrams on a struct nl_out and queued for the requester's reads.
 */
#ifndef NET_NETLINK_INTERNAL_H
#define NET_NETLINK_INTERNAL_H

#include "net/net_internal.h"

#define NETLINK_ROUTE 0
#define NETLINK_KOBJECT_UEVENT 15
#define NETLINK_MAX_LINKS 32

/* uapi/linux/netlink.h */
struct nlmsghdr {
	uint32_t nlmsg_len;
	uint16_t nlmsg_type;
	uint16_t nlmsg_flags;
	uint32_t nlmsg_seq;
	uint32_t nlmsg_pid;
};

struct nlattr {
	uint16_t nla_len;
	uint16_t nla_type;
};

#define NLMSG_ALIGN(len) (((len) + 3U) & ~3U)
#define NLMSG_HDRLEN ((uint32_t)sizeof(struct nlmsghdr))
#define NLA_HDRLEN ((uint32_t)sizeof(struct nlattr))

#define NLMSG_NOOP 0x1
#define NLMSG_ERROR 0x2
#define NLMSG_DONE 0x3
#define NLMSG_MIN_TYPE 0x10

#define NLM_F_REQUEST 0x01
#define NLM_F_MULTI 0x02
#define NLM_F_ACK 0x04
#define NLM_F_ECHO 0x08
#define NLM_F_ROOT 0x100
#define NLM_F_MATCH 0x200
#define NLM_F_DUMP (NLM_F_ROOT | NLM_F_MATCH)
#define NLM_F_REPLACE 0x100
#define NLM_F_EXCL 0x200
#define NLM_F_CREATE 0x400
#define NLM_F_CAPPED 0x100      /* in an ack: the request's header only */

/* The replies to one request, for its sender (portid) and its seq. */
struct nl_out {
	struct list_head skbs;          /* struct nl_skb, in order */
	uint32_t portid, seq;
	int err;                        /* -ENOBUFS once a message was lost */
	struct nlmsghdr *msg;           /* the message being built, in buf */
	size_t len;
	char buf[2048];
};

/*
 * Start a message of type and flags whose fixed part (ifinfomsg,
 * ifaddrmsg ...) is hdrlen bytes, zeroed: that part, to fill in.
 */
void *nl_msg_begin(struct nl_out *o, uint16_t type, uint16_t flags, size_t hdrlen);
/* Append attribute type with len bytes of data to the message. */
void nl_attr(struct nl_out *o, uint16_t type, const void *data, size_t len);
void nl_attr_u8(struct nl_out *o, uint16_t type, uint8_t v);
void nl_attr_u32(struct nl_out *o, uint16_t type, uint32_t v);
void nl_attr_str(struct nl_out *o, uint16_t type, const char *s);
/* The message is complete: onto the datagrams. */
void nl_msg_end(struct nl_out *o);

/* A request's attributes past its fixed part, by type (NULL: absent). */
#define NL_ATTR_MAX 64
struct nl_attrs {
	const struct nlattr *a[NL_ATTR_MAX];
};
/* Index h's attributes after hdrlen bytes: 0, -EINVAL when the message
 * is shorter than its fixed part. */
int nl_parse(const struct nlmsghdr *h, size_t hdrlen, struct nl_attrs *at);
static inline const void *nla_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}
static inline size_t nla_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

/*
 * netlink_route.c: one NETLINK_ROUTE request (its header checked to fit
 * the datagram).  Replies go to o; 0 or -errno for the ack, or
 * NL_DUMPED when a dump was answered (it has no ack).
 */
#define NL_DUMPED 1
int rtnl_rcv(const struct nlmsghdr *h, struct nl_out *o);

#endif
