// SPDX-License-Identifier: MIT
/*
 * packet_bpf.c - classic BPF (the filter language of SO_ATTACH_FILTER,
 * socket(7) and Linux's Documentation/networking/filter.rst): checking a
 * program when it is attached and running it on each packet.
 *
 * The checks are Linux's bpf_check_classic: 1 to 4096 instructions, known
 * opcodes only, no division by a constant 0, no shift by 32 or more,
 * scratch memory words 0..15, jumps that land inside the program, and a
 * return as the last instruction.  At run time a load outside the packet
 * ends the program with 0 (drop), as Linux does.  Negative offsets reach
 * the link-layer header (SKF_LL_OFF), the network header (SKF_NET_OFF)
 * and a few of Linux's ancillary values (SKF_AD_OFF: protocol, packet
 * type, interface index, hardware type).
 */
#include "net/bpf_internal.h"

/* Instruction classes, sizes, modes, operations, sources. */
#define BPF_CLASS(c) ((c) & 0x07)
#define BPF_LD 0x00
#define BPF_LDX 0x01
#define BPF_ST 0x02
#define BPF_STX 0x03
#define BPF_ALU 0x04
#define BPF_JMP 0x05
#define BPF_RET 0x06
#define BPF_MISC 0x07
#define BPF_SIZE(c) ((c) & 0x18)
#define BPF_W 0x00
#define BPF_H 0x08
#define BPF_B 0x10
#define BPF_MODE(c) ((c) & 0xe0)
#define BPF_IMM 0x00
#define BPF_ABS 0x20
#define BPF_IND 0x40
#define BPF_MEM 0x60
#define BPF_LEN 0x80
#define BPF_MSH 0xa0
#define BPF_OP(c) ((c) & 0xf0)
#define BPF_ADD 0x00
#define BPF_SUB 0x10
#define BPF_MUL 0x20
#define BPF_DIV 0x30
#define BPF_OR 0x40
#define BPF_AND 0x50
#define BPF_LSH 0x60
#define BPF_RSH 0x70
#define BPF_NEG 0x80
#define BPF_MOD 0x90
#define BPF_XOR 0xa0
#define BPF_JA 0x00
#define BPF_JEQ 0x10
#define BPF_JGT 0x20
#define BPF_JGE 0x30
#define BPF_JSET 0x40
#define BPF_SRC(c) ((c) & 0x08)
#define BPF_K 0x00
#define BPF_X 0x08
#define BPF_RVAL(c) ((c) & 0x18)
#define BPF_A 0x10
#define BPF_MISCOP(c) ((c) & 0xf8)
#define BPF_TAX 0x00
#define BPF_TXA 0x80

#define BPF_MEMWORDS 16

#define SKF_AD_OFF (-0x1000)
#define SKF_AD_PROTOCOL 0
#define SKF_AD_PKTTYPE 4
#define SKF_AD_IFINDEX 8
#define SKF_AD_HATYPE 28
#define SKF_AD_MAX 64
#define SKF_NET_OFF (-0x100000)
#define SKF_LL_OFF (-0x200000)

static bool ancillary_known(uint32_t k)
{
	int32_t off = (int32_t)k - SKF_AD_OFF;

	return off == SKF_AD_PROTOCOL || off == SKF_AD_PKTTYPE ||
	       off == SKF_AD_IFINDEX || off == SKF_AD_HATYPE;
}

/* One instruction's opcode and operands, apart from jump targets. */
static bool insn_ok(const struct sock_filter *f)
{
	unsigned c = f->code;

	switch (BPF_CLASS(c)) {
	case BPF_LD:
	case BPF_LDX:
		if (BPF_CLASS(c) == BPF_LDX &&
		    c != (BPF_LDX | BPF_W | BPF_IMM) && c != (BPF_LDX | BPF_W | BPF_MEM) &&
		    c != (BPF_LDX | BPF_W | BPF_LEN) && c != (BPF_LDX | BPF_B | BPF_MSH))
			return false;
		if (BPF_CLASS(c) == BPF_LD && BPF_SIZE(c) == 0x18)
			return false;
		switch (BPF_MODE(c)) {
		case BPF_IMM:
		case BPF_LEN:
			return BPF_CLASS(c) == BPF_LDX || BPF_SIZE(c) == BPF_W;
		case BPF_MSH:
			return BPF_CLASS(c) == BPF_LDX;
		case BPF_MEM:
			return BPF_SIZE(c) == BPF_W && f->k < BPF_MEMWORDS;
		case BPF_ABS:
			/* Linux refuses ancillary offsets it does not know */
			if ((int32_t)f->k < 0 && (int32_t)f->k >= SKF_AD_OFF &&
			    (int32_t)f->k < SKF_AD_OFF + SKF_AD_MAX)
				return ancillary_known(f->k);
			return true;
		case BPF_IND:
			return true;
		}
		return false;
	case BPF_ST:
	case BPF_STX:
		return c == BPF_CLASS(c) && f->k < BPF_MEMWORDS;
	case BPF_ALU:
		switch (BPF_OP(c)) {
		case BPF_DIV:
		case BPF_MOD:
			return BPF_SRC(c) == BPF_X || f->k != 0;
		case BPF_LSH:
		case BPF_RSH:
			return BPF_SRC(c) == BPF_X || f->k < 32;
		case BPF_NEG:
			return c == (BPF_ALU | BPF_NEG);
		case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_OR:
		case BPF_AND: case BPF_XOR:
			return true;
		}
		return false;
	case BPF_JMP:
		if (BPF_OP(c) == BPF_JA)
			return c == (BPF_JMP | BPF_JA);
		return BPF_OP(c) <= BPF_JSET;
	case BPF_RET:
		return (c & ~0x18) == BPF_RET && BPF_RVAL(c) != 0x18;
	case BPF_MISC:
		return c == (BPF_MISC | BPF_TAX) || c == (BPF_MISC | BPF_TXA);
	}
	return false;
}

int bpf_check(const struct sock_filter *prog, unsigned len)
{
	if (len == 0 || len > BPF_MAXINSNS)
		return -EINVAL;
	for (unsigned pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];

		if (!insn_ok(f))
			return -EINVAL;
		if (BPF_CLASS(f->code) != BPF_JMP)
			continue;
		if (BPF_OP(f->code) == BPF_JA) {
			if (f->k >= len - pc - 1)
				return -EINVAL;
		} else if (pc + f->jt + 1 >= len || pc + f->jf + 1 >= len) {
			return -EINVAL;
		}
	}
	return BPF_CLASS(prog[len - 1].code) == BPF_RET ? 0 : -EINVAL;
}

/* A big-endian load of size bytes at off from base: false if outside. */
static bool load(const uint8_t *base, size_t blen, uint64_t off, unsigned size,
		 uint32_t *v)
{
	if (off + size > blen)
		return false;
	*v = 0;
	for (unsigned i = 0; i < size; i++)
		*v = (*v << 8) | base[off + i];
	return true;
}

/* BPF_ABS and BPF_IND: k may name the headers or ancillary data. */
static bool load_at(const struct bpf_pkt *p, int64_t k, unsigned size, uint32_t *v)
{
	if (k >= 0)
		return load(p->data, p->len, (uint64_t)k, size, v);
	if (k >= SKF_AD_OFF) {
		switch (k - SKF_AD_OFF) {
		case SKF_AD_PROTOCOL:   *v = p->proto; return true;
		case SKF_AD_PKTTYPE:    *v = p->pkttype; return true;
		case SKF_AD_IFINDEX:    *v = (uint32_t)p->ifindex; return true;
		case SKF_AD_HATYPE:     *v = p->hatype; return true;
		}
		return false;
	}
	if (k >= SKF_NET_OFF && k < SKF_NET_OFF + 0x100000)
		return p->frame_len >= p->net_off &&
		       load(p->frame + p->net_off, p->frame_len - p->net_off,
			    (uint64_t)(k - SKF_NET_OFF), size, v);
	if (k >= SKF_LL_OFF && k < SKF_LL_OFF + 0x100000)
		return load(p->frame, p->frame_len, (uint64_t)(k - SKF_LL_OFF), size, v);
	return false;
}

static uint32_t alu(unsigned op, uint32_t a, uint32_t b)
{
	switch (op) {
	case BPF_ADD: return a + b;
	case BPF_SUB: return a - b;
	case BPF_MUL: return a * b;
	case BPF_DIV: return a / b;     /* b != 0: checked by the caller */
	case BPF_MOD: return a % b;
	case BPF_OR:  return a | b;
	case BPF_AND: return a & b;
	case BPF_XOR: return a ^ b;
	case BPF_LSH: return b < 32 ? a << b : 0;
	case BPF_RSH: return b < 32 ? a >> b : 0;
	case BPF_NEG: return -a;
	}
	return 0;
}

static bool jump_taken(unsigned op, uint32_t a, uint32_t b)
{
	switch (op) {
	case BPF_JEQ:  return a == b;
	case BPF_JGT:  return a > b;
	case BPF_JGE:  return a >= b;
	case BPF_JSET: return (a & b) != 0;
	}
	return false;
}

static const unsigned load_size[] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2, [BPF_B >> 3] = 1 };

uint32_t bpf_run(const struct sock_filter *prog, const struct bpf_pkt *p)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 }, v;

	/* bpf_check made sure every jump goes forward and ends in a return. */
	for (unsigned pc = 0;; pc++) {
		const struct sock_filter *f = &prog[pc];
		unsigned c = f->code;

		switch (BPF_CLASS(c)) {
		case BPF_LD:
		case BPF_LDX:
			switch (BPF_MODE(c)) {
			case BPF_IMM: v = f->k; break;
			case BPF_LEN: v = (uint32_t)p->len; break;
			case BPF_MEM: v = mem[f->k]; break;
			case BPF_MSH:   /* 4 * (P[k:1] & 0xf): an IPv4 header's length */
				if (!load_at(p, (int32_t)f->k, 1, &v))
					return 0;
				v = (v & 0xf) << 2;
				break;
			default:
				if (!load_at(p, (int64_t)(int32_t)f->k +
					     (BPF_MODE(c) == BPF_IND ? (int64_t)x : 0),
					     load_size[BPF_SIZE(c) >> 3], &v))
					return 0;
			}
			if (BPF_CLASS(c) == BPF_LD)
				a = v;
			else
				x = v;
			break;
		case BPF_ST:
			mem[f->k] = a;
			break;
		case BPF_STX:
			mem[f->k] = x;
			break;
		case BPF_ALU:
			v = BPF_SRC(c) == BPF_X ? x : f->k;
			if ((BPF_OP(c) == BPF_DIV || BPF_OP(c) == BPF_MOD) && v == 0)
				return 0;
			a = alu(BPF_OP(c), a, v);
			break;
		case BPF_JMP:
			if (BPF_OP(c) == BPF_JA)
				pc += f->k;
			else
				pc += jump_taken(BPF_OP(c), a, BPF_SRC(c) == BPF_X ? x : f->k)
				      ? f->jt : f->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(c) == BPF_A ? a : BPF_RVAL(c) == BPF_X ? x : f->k;
		case BPF_MISC:
			if (c == (BPF_MISC | BPF_TAX))
				x = a;
			else
				a = x;
			break;
		}
	}
}
