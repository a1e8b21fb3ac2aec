/* SPDX-License-Identifier: MIT */
/*
 * boot.S - PVH entry (Xen ELF note 18, XEN_ELFNOTE_PHYS32_ENTRY).
 *
 * QEMU enters pvh_start32 in 32-bit protected mode, paging off, with %ebx the
 * physical address of struct hvm_start_info (xen/include/public/arch-x86/
 * hvm/start_info.h).  We map the first 1 GiB three ways (identity, the
 * direct map at 0xffff800000000000 and the kernel at 0xffffffff80000000)
 * with 2 MiB pages, enter long mode and call kmain(start_info_phys).
 */
#define KERNEL_VMA 0xffffffff80000000
#define PHYS(x) ((x) - KERNEL_VMA)

	.section .note.Xen, "a"
	.balign 4
	.long 4			/* namesz "Xen\0" */
	.long 8			/* descsz */
	.long 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.quad PHYS(pvh_start32)

	.section .boot.text, "ax"
	.code32
	.globl pvh_start32
pvh_start32:
	cli
	cld
	movl %ebx, %edi			/* start info: kmain's first argument */
	movl $PHYS(boot_stack_top), %esp

	/* pd: 512 x 2 MiB identity entries covering 0..1 GiB. */
	movl $PHYS(boot_pd), %ebx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax			/* present, writable, 2 MiB */
	movl %eax, (%ebx,%ecx,8)
	movl $0, 4(%ebx,%ecx,8)
	incl %ecx
	cmpl $512, %ecx
	jb 1b

	movl $PHYS(boot_pd) + 3, %eax
	movl %eax, PHYS(boot_pdpt_low)
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8
	movl $PHYS(boot_pdpt_low) + 3, %eax
	movl %eax, PHYS(boot_pml4)
	movl %eax, PHYS(boot_pml4) + 256 * 8
	movl $PHYS(boot_pdpt_high) + 3, %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8

	movl %cr4, %eax
	orl $0x20, %eax			/* PAE */
	movl %eax, %cr4
	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx		/* EFER */
	rdmsr
	orl $0x900, %eax		/* LME | NXE */
	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax		/* PG | WP | PE */
	movl %eax, %cr0

	lgdt PHYS(boot_gdt_ptr)
	ljmp $0x08, $PHYS(long_entry)

	.code64
long_entry:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movabsq $high_entry, %rax
	jmp *%rax

high_entry:
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	call kmain
2:	hlt
	jmp 2b

	.section .rodata
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08 kernel code, 64-bit */
	.quad 0x00cf92000000ffff	/* 0x10 kernel data */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.section .bss
	.balign 4096
	.globl boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4096
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
