/* SPDX-License-Identifier: MIT */
/*
 * net_internal.h - what the files of net/ share: struct socket, the
 * per-family operations, the kernel's view of one sendmsg/recvmsg, and
 * AF_UNIX's structures.
 *
 * Locking: the kernel runs with interrupts off outside sleeps on one CPU
 * (kernel/sched.h), so nothing here takes a lock yet.  Legends: [I]
 * immutable after creation, [S] changed only by the socket's own calls and
 * its peer's (one CPU).
 */
#ifndef NET_NET_INTERNAL_H
#define NET_NET_INTERNAL_H

#include "fs/vfs.h"
#include "kernel/sched.h"
#include "net/net.h"

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_NETLINK 16
#define AF_PACKET 17
#define AF_MAX 46

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC O_CLOEXEC

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2
#define RCV_SHUTDOWN 1          /* Linux's sk_shutdown bits */
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#define POLLRDHUP 0x2000

#define SOL_SOCKET 1
#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2
#define SCM_MAX_FD 253

#define SOCK_BUF_DEFAULT 212992 /* net.core.wmem_default, rmem_default */
#define SOCK_ADDR_MAX 128       /* struct sockaddr_storage */

struct ucred {
	int32_t pid;
	uint32_t uid, gid;
};

/* An address in kernel memory. */
struct sock_addr {
	int len;                        /* 0: none */
	char buf[SOCK_ADDR_MAX];
};

/*
 * One sendmsg or recvmsg as a family sees it.  Sending: data and len are
 * the payload, to the destination (or none), fds and cred the control
 * messages already checked (fds hold references the family takes over).
 * Receiving: the family fills addr with the source, fds (references for
 * the socket layer to install) and cred (has_cred) and sets MSG_TRUNC and
 * MSG_EOR in out_flags.
 */
struct sock_msg {
	struct iobuf data;
	size_t len;
	int flags;                      /* MSG_* from the caller */
	bool nonblock;                  /* O_NONBLOCK or MSG_DONTWAIT */
	uint64_t deadline;              /* SO_RCVTIMEO/SO_SNDTIMEO end; 0: none */
	struct sock_addr addr;
	struct file *fds[SCM_MAX_FD];
	int nfds;
	bool has_cred;
	struct ucred cred;
	int cm_level, cm_type;          /* a protocol's control message (IPV6_HOPLIMIT, */
	unsigned cm_len;                /* IP_PKTINFO, IPV6_PKTINFO); cm_len 0: none */
	uint32_t cm_data[5];            /* struct tpacket_auxdata the largest */
	int out_flags;
};

struct socket;
struct poll_table;

/* A family's operations; unset ones are EOPNOTSUPP. */
struct sock_ops {
	/* The last reference from a file (or an unaccepted connection) is gone. */
	void (*release)(struct socket *s);
	int (*bind)(struct socket *s, const struct sock_addr *a);
	int (*connect)(struct socket *s, const struct sock_addr *a, bool nonblock);
	int (*listen)(struct socket *s, int backlog);
	/* A connection, as a socket with no file yet. */
	int (*accept)(struct socket *s, struct socket **out, bool nonblock);
	/* Own (peer false) or peer address into a; 0 or -errno. */
	int (*getname)(struct socket *s, struct sock_addr *a, bool peer);
	ssize_t (*sendmsg)(struct socket *s, struct sock_msg *m);
	ssize_t (*recvmsg)(struct socket *s, struct sock_msg *m);
	unsigned (*poll)(struct socket *s, struct poll_table *pt);
	int (*shutdown)(struct socket *s, int how);
	int (*pair)(struct socket *a, struct socket *b);
	/* SO_PEERCRED; -ENOTCONN when there is no peer. */
	int (*peercred)(struct socket *s, struct ucred *c);
	/* FIONREAD: bytes ready to read. */
	int (*inq)(struct socket *s);
	/*
	 * Options of the family's levels, and SOL_SOCKET ones it acts on
	 * (called after the socket layer stored those it knows): 0, -errno,
	 * -ENOPROTOOPT for one it does not know.
	 */
	int (*setsockopt)(struct socket *s, int level, int name,
			  const void __user *uval, int len);
	/* An option's value into val (16 bytes at most), its length into
	 * *len: 0 or -errno; -ENOPROTOOPT for one it does not know. */
	int (*getsockopt)(struct socket *s, int level, int name, void *val, int *len);
};

struct socket {
	int family, type;               /* [I] */
	const struct sock_ops *ops;     /* [I] */
	struct file *file;              /* [S] the open file; NULL until accepted */
	int err;                        /* [S] pending SO_ERROR */
	int sndbuf, rcvbuf;             /* [S] SO_SNDBUF, SO_RCVBUF */
	bool passcred;                  /* [S] SO_PASSCRED */
	bool listening;                 /* [S] SO_ACCEPTCONN */
	uint64_t rcvtimeo, sndtimeo;    /* [S] SO_RCVTIMEO, SO_SNDTIMEO in ns; 0: none */
	bool reuseaddr, keepalive;      /* [S] accepted and reported only, */
	bool dontroute;                 /* [S] as SO_DONTROUTE (arping sets it) */
	int bound_dev_if;               /* [S] SO_BINDTODEVICE's ifindex; 0: none */
	struct waitq wait;              /* any change: data, room, peer, state */
};

struct net_family {
	int family;
	/* A new socket of type (SOCK_* without flags): -ESOCKTNOSUPPORT,
	 * -EPROTONOSUPPORT, -ENOMEM. */
	int (*create)(int type, int protocol, struct socket **out);
};

/* socket.c */
/* The socket open as fd, its file referenced in *fp; ERR_PTR(-EBADF or
 * -ENOTSOCK). */
struct socket *sock_lookup(int fd, struct file **fp);
void sock_init(struct socket *s, int family, int type, const struct sock_ops *ops);
/* The calling process's credentials as SO_PEERCRED and SCM_CREDENTIALS show. */
struct ucred sock_cred_now(void);
/* move_addr_to_user: as much of a as *ulen allows, then its real length. */
int sock_addr_out(const struct sock_addr *a, void __user *ua, int __user *ulen);
/* When a call with timeout timeo (ns, 0: none) started now gives up. */
uint64_t sock_deadline(uint64_t timeo);
/*
 * Sleep on wq in a socket call until deadline (0: none): 0 to look again,
 * -EAGAIN once the deadline passes, and for a signal -ERESTARTSYS, or
 * -EINTR when there is a timeout (Linux's sock_intr_errno).
 */
int sock_sleep(struct waitq *wq, uint64_t deadline);
/* SIGPIPE for a send on a broken connection unless MSG_NOSIGNAL; -EPIPE. */
int sock_epipe(const struct sock_msg *m);

/* ifioctl.c: the interface and route ioctls (SIOCGIFCONF, SIOCGIFFLAGS ...),
 * on a socket of any family as Linux's dev_ioctl; -ENOTTY for others. */
long net_dev_ioctl(unsigned int cmd, unsigned long arg);
/* The ifindex of the interface called name (NUL-terminated), or -ENODEV. */
int net_dev_index(const char *name);

/* ---- AF_PACKET (af_packet.c; its filters: bpf_internal.h) ---- */

extern const struct net_family packet_family;

/* ---- AF_UNIX (af_unix.c: names and connections; af_unix_io.c: data) ---- */

#define UNIX_PATH_MAX 108
#define UNIX_ADDR_MAX (2 + UNIX_PATH_MAX)       /* struct sockaddr_un */

enum unix_state { UNIX_CLOSE, UNIX_LISTEN, UNIX_CONNECTED };

/*
 * One queued message (a datagram, a seqpacket record or a piece of a
 * stream), charged to its sender's send buffer until it is read.
 */
struct unix_skb {
	struct list_head link;          /* on the receiver's rq */
	struct unix_sock *owner;        /* the sender (holds a reference) */
	size_t len, off;                /* payload bytes; stream: read so far */
	size_t truesize;                /* charged to owner->wmem */
	struct sock_addr from;          /* the sender's name when sent */
	struct ucred cred;
	struct file **fds;              /* SCM_RIGHTS in flight (references) */
	int nfds;
	char data[];
};

struct unix_sock {
	struct socket sock;
	unsigned refs;                  /* file, peers, queued skbs, accept queue */
	enum unix_state state;          /* [S] */
	bool dead;                      /* [S] closed: no file, no name */
	unsigned shut;                  /* [S] RCV_SHUTDOWN | SEND_SHUTDOWN */
	struct unix_sock *peer;         /* [S] holds a reference */
	struct sock_addr addr;          /* [S] the bound name; len 0: none */
	struct inode *inode;            /* [S] a path name's inode (reference) */
	struct list_head bound;         /* [S] on the table of names while bound */
	struct list_head rq;            /* [S] struct unix_skb.link */
	unsigned rq_len;                /* [S] messages on rq */
	size_t wmem;                    /* [S] truesize of our unread skbs */
	struct list_head accq;          /* [S] listener: unaccepted connections */
	struct list_head acc_link;      /* [S] on the listener's accq */
	unsigned acc_len;               /* [S] */
	int backlog;                    /* [S] listen(2) */
	bool has_peercred;              /* [S] */
	struct ucred peercred;          /* [S] SO_PEERCRED */
	struct list_head all;           /* [S] on the collector's list of sockets */
	unsigned inflight;              /* [S] SCM_RIGHTS messages holding our file */
	long gc_refs;                   /* [S] the collector's scratch */
	bool gc_cand, gc_alive, gc_scanned;
};

static inline struct unix_sock *unix_sk(struct socket *s)
{
	return container_of(s, struct unix_sock, sock);
}

extern const struct net_family unix_family;
/* af_inet.c */
extern const struct net_family inet_family, inet6_family;
/* netlink.c */
extern const struct net_family netlink_family;
void unix_hold(struct unix_sock *u);
void unix_put(struct unix_sock *u);
/* Check an address (unix_validate_addr); the connected-to socket of a name
 * with a reference: -ENOENT, -ECONNREFUSED, -EPROTOTYPE. */
int unix_find(const struct sock_addr *a, int type, struct unix_sock **out);
int unix_addr_check(const struct sock_addr *a);
int unix_autobind(struct unix_sock *u);
/* af_unix_io.c */
ssize_t unix_stream_sendmsg(struct socket *s, struct sock_msg *m);
ssize_t unix_stream_recvmsg(struct socket *s, struct sock_msg *m);
ssize_t unix_dgram_sendmsg(struct socket *s, struct sock_msg *m);
ssize_t unix_dgram_recvmsg(struct socket *s, struct sock_msg *m);
unsigned unix_poll(struct socket *s, struct poll_table *pt);
int unix_inq(struct socket *s);
void unix_purge(struct unix_sock *u);
void unix_skb_free(struct unix_skb *skb);
/* af_unix_gc.c */
void unix_gc_track(struct unix_sock *u);        /* from creation */
void unix_gc_untrack(struct unix_sock *u);      /* to freeing */
/* n files start (delta 1) or stop (-1) being in flight in a message. */
void unix_inflight(struct file **fds, int n, int delta);
/* Free what only in-flight messages keep alive. */
void unix_gc(void);
/* /proc/net/unix (net_proc_show). */
void unix_proc_show(void (*put)(void *ctx, const char *s), void *ctx);

#endif
