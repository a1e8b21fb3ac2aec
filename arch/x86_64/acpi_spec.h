/* SPDX-License-Identifier: MIT */
/* acpi_spec.h - ACPI table layouts used here (ACPI 6.4 §5.2). */
#ifndef ARCH_X86_ACPI_SPEC_H
#define ARCH_X86_ACPI_SPEC_H

#include "kernel/kernel.h"

struct acpi_rsdp {
	char sig[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t xchecksum;
	uint8_t reserved[3];
} __packed;

struct acpi_header {
	char sig[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem[6];
	char oem_table[8];
	uint32_t oem_rev;
	uint32_t creator;
	uint32_t creator_rev;
} __packed;

struct acpi_gas {
	uint8_t space; /* 0 memory, 1 I/O */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access;
	uint64_t addr;
} __packed;

struct acpi_fadt {
	struct acpi_header h;
	uint32_t facs;
	uint32_t dsdt;
	uint8_t reserved0;
	uint8_t pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt, pm1b_evt, pm1a_cnt, pm1b_cnt, pm2_cnt, pm_tmr;
	uint32_t gpe0, gpe1;
	uint8_t pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len;
	uint8_t gpe0_len, gpe1_len, gpe1_base, cst_cnt;
	uint16_t p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride;
	uint8_t duty_offset, duty_width, day_alrm, mon_alrm, century;
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t minor_version;
	uint64_t x_facs, x_dsdt;
	struct acpi_gas x_pm1a_evt, x_pm1b_evt, x_pm1a_cnt, x_pm1b_cnt;
	struct acpi_gas x_pm2_cnt, x_pm_tmr, x_gpe0, x_gpe1;
	struct acpi_gas sleep_control, sleep_status;
} __packed;

#define FADT_TMR_VAL_EXT (1u << 8)
#define FADT_RESET_REG_SUP (1u << 10)
#define FADT_HW_REDUCED (1u << 20)

struct acpi_madt {
	struct acpi_header h;
	uint32_t lapic_addr;
	uint32_t flags;
	uint8_t entries[];
} __packed;

#define MADT_IOAPIC 1
#define MADT_ISO 2
#define MADT_LAPIC_OVERRIDE 5

struct madt_ioapic {
	uint8_t type, len, id, reserved;
	uint32_t addr;
	uint32_t gsi_base;
} __packed;

struct madt_iso {
	uint8_t type, len, bus, source;
	uint32_t gsi;
	uint16_t flags;
} __packed;

/* MCFG: PCI Firmware Specification 3.2 §4.1.2 (after 8 reserved bytes). */
struct mcfg_entry {
	uint64_t base;
	uint16_t segment;
	uint8_t bus_first;
	uint8_t bus_last;
	uint32_t reserved;
} __packed;

#endif
