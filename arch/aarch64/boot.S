/* SPDX-License-Identifier: MIT */
/*
 * boot.S - the arm64 Image header and entry (Linux Documentation/arm64/
 * booting.rst).
 *
 * The loader enters at the first byte of the Image with the MMU and caches
 * off, x0 the physical address of the device tree blob, at EL2 or EL1.  We
 * drop to EL1 if needed, clear .bss, and build boot page tables in .bss:
 *   TTBR0: identity map of the GiB holding the image (for the MMU switch)
 *   TTBR1: the direct map of physical [0, 4 GiB) at 0xffff800000000000,
 *          [0, 1 GiB) as device memory (QEMU virt keeps its devices there)
 *          and [1, 4 GiB) as normal memory (RAM starts at 1 GiB on virt);
 *          the image at KERNEL_VMA with 2 MiB blocks.
 * then turn the MMU on, jump to the kernel's link address and call
 * kmain(dtb_phys).  paging.c replaces these tables with the real ones.
 */
#define PTE_TABLE 3
#define PTE_BLOCK 1
#define PTE_ATTR_DEVICE (0 << 2)
#define PTE_ATTR_NORMAL (1 << 2)
#define PTE_SH_INNER (3 << 8)
#define PTE_AF (1 << 10)
#define PTE_PXN (1 << 53)
#define PTE_UXN (1 << 54)
#define BLOCK_NORMAL (PTE_BLOCK | PTE_ATTR_NORMAL | PTE_SH_INNER | PTE_AF)
#define BLOCK_DEVICE (PTE_BLOCK | PTE_ATTR_DEVICE | PTE_AF | PTE_PXN | PTE_UXN)

/* MAIR_EL1: attr0 Device-nGnRE, attr1 Normal write-back, attr2 Normal non-cacheable */
#define MAIR_VALUE 0x44ff04
/* TCR_EL1: 48-bit VAs both halves (T0SZ = T1SZ = 16), 4 KiB granules,
 * write-back inner shareable walks; IPS filled in from the CPU. */
#define TCR_VALUE ((16 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | (0 << 14) | \
		   (16 << 16) | (1 << 24) | (1 << 26) | (3 << 28) | (2 << 30))
/* SCTLR_EL1 RES1 bits (ARMv8.0): 11, 20, 22, 23, 28, 29. */
#define SCTLR_RES1 ((1 << 11) | (1 << 20) | (1 << 22) | (1 << 23) | (1 << 28) | (1 << 29))
/* M, C, SA, SA0, SED, I, DZE, UCT, nTWE, UCI: what Linux gives EL0. */
#define SCTLR_VALUE (SCTLR_RES1 | (1 << 0) | (1 << 2) | (1 << 3) | (1 << 4) | \
		     (1 << 8) | (1 << 12) | (1 << 14) | (1 << 15) | (1 << 18) | (1 << 26))

	.section .head.text, "ax"
	.globl _head
_head:
	b primary_entry			/* code0 */
	.long 0				/* code1 */
	.quad 0				/* text_offset */
	.quad _image_size		/* image_size, .bss and .ksyms included */
	.quad 0xa			/* flags: little endian, 4 KiB pages, any 2 MiB base */
	.quad 0, 0, 0			/* res2-res4 */
	.ascii "ARM\x64"		/* magic */
	.long 0				/* res5 (no PE header) */

primary_entry:
	mov x19, x0			/* dtb physical address */
	mrs x21, CurrentEL		/* kept for boot_el */
	mrs x0, CurrentEL
	cmp x0, #(2 << 2)
	b.ne 1f
	bl el2_to_el1
1:	msr daifset, #0xf
	adr x20, _head			/* where we were loaded */
	tst x20, #0x1fffff
	b.ne boot_hang			/* the Image protocol promises 2 MiB alignment */

	/* Clear .bss (the boot page tables live there). */
	adrp x0, __bss_start
	add x0, x0, :lo12:__bss_start
	adrp x1, _bss_end
	add x1, x1, :lo12:_bss_end
2:	cmp x0, x1
	b.hs 3f
	stp xzr, xzr, [x0], #16
	b 2b
3:
	/* TTBR0: identity map of the image's GiB. */
	adrp x0, boot_l0_lo
	adrp x1, boot_l1_lo
	ubfx x2, x20, #39, #9
	orr x3, x1, #PTE_TABLE
	str x3, [x0, x2, lsl #3]
	ubfx x2, x20, #30, #9
	lsr x3, x20, #30
	lsl x3, x3, #30
	ldr x4, =BLOCK_NORMAL
	orr x3, x3, x4
	str x3, [x1, x2, lsl #3]

	/* TTBR1 level 0: the direct map (entry 256) and the image (511). */
	adrp x0, boot_l0_hi
	adrp x1, boot_l1_dm
	orr x3, x1, #PTE_TABLE
	str x3, [x0, #256 * 8]
	adrp x1, boot_l1_k
	orr x3, x1, #PTE_TABLE
	str x3, [x0, #511 * 8]

	/* Direct map: 1 GiB blocks, device then normal. */
	adrp x1, boot_l1_dm
	ldr x3, =BLOCK_DEVICE
	str x3, [x1]
	ldr x4, =(BLOCK_NORMAL | PTE_PXN | PTE_UXN)
	mov x5, #1
4:	lsl x3, x5, #30
	orr x3, x3, x4
	str x3, [x1, x5, lsl #3]
	add x5, x5, #1
	cmp x5, #4
	b.lo 4b

	/* The image: KERNEL_VMA (level 1 entry 510) -> x20, 2 MiB blocks. */
	adrp x1, boot_l1_k
	adrp x2, boot_l2_k
	orr x3, x2, #PTE_TABLE
	str x3, [x1, #510 * 8]
	ldr x6, =_image_size
	mov x7, #0x1fffff
	add x6, x6, x7
	lsr x6, x6, #21
	ldr x4, =(BLOCK_NORMAL | PTE_UXN)
	mov x5, #0
5:	add x3, x20, x5, lsl #21
	orr x3, x3, x4
	str x3, [x2, x5, lsl #3]
	add x5, x5, #1
	cmp x5, x6
	b.lo 5b

	/* Written with the caches off: drop any stale lines over the tables. */
	adrp x0, boot_tables
	adrp x1, boot_tables_end
6:	dc ivac, x0
	add x0, x0, #64
	cmp x0, x1
	b.lo 6b
	dsb sy

	ldr x0, =MAIR_VALUE
	msr mair_el1, x0
	mrs x1, id_aa64mmfr0_el1
	and x1, x1, #7			/* PARange */
	cmp x1, #5
	mov x2, #5
	csel x1, x1, x2, ls		/* at most 48 bits */
	ldr x0, =TCR_VALUE
	bfi x0, x1, #32, #3		/* IPS */
	msr tcr_el1, x0
	adrp x0, boot_l0_lo
	msr ttbr0_el1, x0
	adrp x0, boot_l0_hi
	msr ttbr1_el1, x0
	mov x0, #(3 << 20)		/* CPACR_EL1.FPEN: FP/SIMD at EL0 and EL1 */
	msr cpacr_el1, x0
	mrs x0, cntkctl_el1
	orr x0, x0, #2			/* EL0VCTEN: user may read CNTVCT_EL0 */
	msr cntkctl_el1, x0
	isb
	ic iallu
	tlbi vmalle1
	dsb nsh
	ldr x0, =SCTLR_VALUE
	msr sctlr_el1, x0
	isb
	ldr x0, =high_entry
	br x0

/*
 * From EL2 (QEMU -M virt,virtualization=on): let EL1 run AArch64 with the
 * physical timer, FP/SIMD and (GICv3) the system register CPU interface,
 * then return to the caller at EL1h with interrupts masked.
 */
el2_to_el1:
	mov x0, #(1 << 31)		/* HCR_EL2.RW */
	msr hcr_el2, x0
	mrs x0, cnthctl_el2
	orr x0, x0, #3			/* EL1PCTEN, EL1PCEN */
	msr cnthctl_el2, x0
	msr cntvoff_el2, xzr
	mrs x0, midr_el1
	msr vpidr_el2, x0
	mrs x0, mpidr_el1
	msr vmpidr_el2, x0
	mov x0, #0x33ff			/* CPTR_EL2: no FP/SIMD traps */
	msr cptr_el2, x0
	msr hstr_el2, xzr
	msr vttbr_el2, xzr
	mrs x0, id_aa64pfr0_el1
	ubfx x0, x0, #24, #4		/* GIC system register interface? */
	cbz x0, 1f
	mrs x0, S3_4_C12_C9_5		/* ICC_SRE_EL2 */
	orr x0, x0, #1			/* SRE */
	orr x0, x0, #8			/* Enable: EL1 may use SRE */
	msr S3_4_C12_C9_5, x0
	isb
1:	ldr x0, =SCTLR_RES1
	msr sctlr_el1, x0
	mov x0, #0x3c5			/* EL1h, DAIF masked */
	msr spsr_el2, x0
	msr elr_el2, x30
	eret

boot_hang:
	wfe
	b boot_hang
	.ltorg

	.text
high_entry:
	adrp x0, boot_stack_top
	add x0, x0, :lo12:boot_stack_top
	mov sp, x0
	adrp x0, vectors
	add x0, x0, :lo12:vectors
	msr vbar_el1, x0
	isb
	adrp x0, kernel_phys_base
	str x20, [x0, :lo12:kernel_phys_base]
	lsr x21, x21, #2
	adrp x0, boot_el
	str x21, [x0, :lo12:boot_el]
	mov x29, #0
	mov x30, #0
	mov x0, x19
	bl kmain
7:	wfi
	b 7b

	.section .bss
	.balign 4096
boot_tables:
boot_l0_lo:	.skip 4096
boot_l1_lo:	.skip 4096
boot_l0_hi:	.skip 4096
boot_l1_dm:	.skip 4096
boot_l1_k:	.skip 4096
boot_l2_k:	.skip 4096
boot_tables_end:
	.balign 16
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
