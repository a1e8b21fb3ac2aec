/* SPDX-License-Identifier: MIT */
/*
 * virtio_spec.h - virtio wire formats (Virtual I/O Device (VIRTIO) Version
 * 1.2): device status and feature bits (§2.1, §2.2, §6), split virtqueues
 * (§2.7), the PCI capabilities and common configuration (§4.1.4), the MMIO
 * register block, versions 1 (legacy) and 2 (§4.2.2, §4.2.4), and the block
 * device's configuration and requests (§5.2), and the network device's
 * (§5.1).  Every multi-byte field is
 * little-endian; both architectures here are little-endian, so the structs
 * use plain integer types.
 */
#ifndef VIRTIO_VIRTIO_SPEC_H
#define VIRTIO_VIRTIO_SPEC_H

#include <stdint.h>

/* §2.1 Device Status Field */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* §6 Reserved Feature Bits */
#define VIRTIO_F_ANY_LAYOUT 27         /* legacy devices (§2.7.4.3 legacy) */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED 34
#define VIRTIO_F_IN_ORDER 35
#define VIRTIO_F_ORDER_PLATFORM 36
#define VIRTIO_F_SR_IOV 37
#define VIRTIO_F_NOTIFICATION_DATA 38

/* §5 Device Types */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

/*
 * §5.3 Console Device.  Queues: 0 receiveq(port 0), 1 transmitq(port 0);
 * with MULTIPORT 2 control receiveq, 3 control transmitq, then
 * 2(N+1) and 2(N+1)+1 for port N >= 1 (§5.3.2).
 */
#define VIRTIO_CONSOLE_F_SIZE 0
#define VIRTIO_CONSOLE_F_MULTIPORT 1
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2
#define VCON_CFG_COLS 0          /* le16 */
#define VCON_CFG_ROWS 2          /* le16 */
#define VCON_CFG_MAX_NR_PORTS 4  /* le32 */
/* §5.3.6.2 Multiport Device Operation: control messages, either way. */
struct virtio_console_control {
	uint32_t id;    /* port number */
	uint16_t event;
	uint16_t value;
};
#define VIRTIO_CONSOLE_DEVICE_READY 0
#define VIRTIO_CONSOLE_DEVICE_ADD 1
#define VIRTIO_CONSOLE_DEVICE_REMOVE 2
#define VIRTIO_CONSOLE_PORT_READY 3
#define VIRTIO_CONSOLE_CONSOLE_PORT 4
#define VIRTIO_CONSOLE_RESIZE 5
#define VIRTIO_CONSOLE_PORT_OPEN 6
#define VIRTIO_CONSOLE_PORT_NAME 7

/* §2.7.5 The Virtqueue Descriptor Table */
#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4
struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* §2.7.6 The Virtqueue Available Ring; used_event follows ring[num]. */
#define VRING_AVAIL_F_NO_INTERRUPT 1
struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

/* §2.7.8 The Virtqueue Used Ring; avail_event follows ring[num]. */
#define VRING_USED_F_NO_NOTIFY 1
struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};
struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
};

/* §2.7 alignment of the three parts; legacy transports (§2.7.2 legacy
 * interface) want the used ring on its own page after one contiguous area. */
#define VRING_DESC_ALIGN 16
#define VRING_AVAIL_ALIGN 2
#define VRING_USED_ALIGN 4
#define VRING_LEGACY_ALIGN 4096
#define VRING_MAX_SIZE 32768

/* §2.7.7.2: is the other side's event index between old and new? */
static inline int vring_need_event(uint16_t event_idx, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event_idx - 1) < (uint16_t)(new_idx - old);
}

/* §4.1.2 PCI Device Discovery */
#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_MODERN_BASE 0x1040 /* 0x1040 + device type */
#define VIRTIO_PCI_LEGACY_FIRST 0x1000 /* transitional devices */
#define VIRTIO_PCI_LEGACY_LAST 0x103f

/* §4.1.4 Virtio Structure PCI Capabilities */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4
#define VIRTIO_PCI_CAP_PCI_CFG 5
struct virtio_pci_cap {
	uint8_t cap_vndr;     /* PCI_CAP_ID_VNDR */
	uint8_t cap_next;
	uint8_t cap_len;
	uint8_t cfg_type;
	uint8_t bar;
	uint8_t id;
	uint8_t padding[2];
	uint32_t offset;
	uint32_t length;
};
/* The notify capability adds notify_off_multiplier after the above. */
#define VIRTIO_PCI_NOTIFY_MULT_OFF 16

/* §4.1.4.3 Common configuration structure layout (byte offsets) */
#define VPCI_DEVICE_FEATURE_SELECT 0
#define VPCI_DEVICE_FEATURE 4
#define VPCI_DRIVER_FEATURE_SELECT 8
#define VPCI_DRIVER_FEATURE 12
#define VPCI_CONFIG_MSIX_VECTOR 16
#define VPCI_NUM_QUEUES 18
#define VPCI_DEVICE_STATUS 20
#define VPCI_CONFIG_GENERATION 21
#define VPCI_QUEUE_SELECT 22
#define VPCI_QUEUE_SIZE 24
#define VPCI_QUEUE_MSIX_VECTOR 26
#define VPCI_QUEUE_ENABLE 28
#define VPCI_QUEUE_NOTIFY_OFF 30
#define VPCI_QUEUE_DESC 32
#define VPCI_QUEUE_DRIVER 40
#define VPCI_QUEUE_DEVICE 48
#define VPCI_COMMON_MIN_LEN 56
#define VIRTIO_MSI_NO_VECTOR 0xffff

/* §4.1.4.5 ISR status */
#define VIRTIO_ISR_QUEUE 1
#define VIRTIO_ISR_CONFIG 2

/* §4.2.2 MMIO Device Register Layout (version 2) and §4.2.4 (legacy) */
#define VIRTIO_MMIO_MAGIC 0x74726976 /* "virt" */
#define VMMIO_MAGIC 0x000
#define VMMIO_VERSION 0x004
#define VMMIO_DEVICE_ID 0x008
#define VMMIO_VENDOR_ID 0x00c
#define VMMIO_DEVICE_FEATURES 0x010
#define VMMIO_DEVICE_FEATURES_SEL 0x014
#define VMMIO_DRIVER_FEATURES 0x020
#define VMMIO_DRIVER_FEATURES_SEL 0x024
#define VMMIO_LEGACY_GUEST_PAGE_SIZE 0x028 /* v1 only */
#define VMMIO_QUEUE_SEL 0x030
#define VMMIO_QUEUE_NUM_MAX 0x034
#define VMMIO_QUEUE_NUM 0x038
#define VMMIO_LEGACY_QUEUE_ALIGN 0x03c     /* v1 only */
#define VMMIO_LEGACY_QUEUE_PFN 0x040       /* v1 only */
#define VMMIO_QUEUE_READY 0x044
#define VMMIO_QUEUE_NOTIFY 0x050
#define VMMIO_INTERRUPT_STATUS 0x060
#define VMMIO_INTERRUPT_ACK 0x064
#define VMMIO_STATUS 0x070
#define VMMIO_QUEUE_DESC_LOW 0x080
#define VMMIO_QUEUE_DESC_HIGH 0x084
#define VMMIO_QUEUE_DRIVER_LOW 0x090
#define VMMIO_QUEUE_DRIVER_HIGH 0x094
#define VMMIO_QUEUE_DEVICE_LOW 0x0a0
#define VMMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VMMIO_CONFIG_GENERATION 0x0fc
#define VMMIO_CONFIG 0x100

/* §5.2.3 Block device feature bits */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_GEOMETRY 4
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_TOPOLOGY 10
#define VIRTIO_BLK_F_CONFIG_WCE 11
#define VIRTIO_BLK_F_MQ 12
#define VIRTIO_BLK_F_DISCARD 13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

/* §5.2.4 Block device configuration layout (byte offsets) */
#define VBLK_CFG_CAPACITY 0      /* le64, 512-byte sectors */
#define VBLK_CFG_SIZE_MAX 8      /* le32 */
#define VBLK_CFG_SEG_MAX 12      /* le32 */
#define VBLK_CFG_BLK_SIZE 20     /* le32 */
#define VBLK_CFG_NUM_QUEUES 34   /* le16 */
#define VBLK_CFG_MAX_DISCARD_SECTORS 36
#define VBLK_CFG_MAX_DISCARD_SEG 40
#define VBLK_CFG_DISCARD_ALIGN 44
#define VBLK_CFG_MAX_WZ_SECTORS 48
#define VBLK_CFG_MAX_WZ_SEG 52

/* §5.2.6 Device Operation */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_T_DISCARD 11
#define VIRTIO_BLK_T_WRITE_ZEROES 13
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2
struct virtio_blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};
struct virtio_blk_discard_write_zeroes {
	uint64_t sector;
	uint32_t num_sectors;
	uint32_t flags;   /* bit 0: unmap */
};

/* §5.1.3 Network device feature bits (the ones named here) */
#define VIRTIO_NET_F_CSUM 0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_F_CTRL_VQ 17

/* §5.1.4 Network device configuration layout (byte offsets) */
#define VNET_CFG_MAC 0           /* u8[6], with VIRTIO_NET_F_MAC */
#define VNET_CFG_STATUS 6        /* le16, with VIRTIO_NET_F_STATUS */
#define VNET_CFG_MTU 10          /* le16, with VIRTIO_NET_F_MTU */
#define VIRTIO_NET_S_LINK_UP 1
#define VIRTIO_NET_S_ANNOUNCE 2
#define VNET_MIN_MTU 68          /* §5.1.4.1: a smaller mtu is not honoured */

/*
 * §5.1.6 Device Operation: every packet starts with this header.  It is
 * 12 bytes with VERSION_1 or VIRTIO_NET_F_MRG_RXBUF, else (legacy) 10:
 * num_buffers is left out (§5.1.6 legacy interface).
 */
struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};
#define VIRTIO_NET_HDR_LEN 12
#define VIRTIO_NET_HDR_LEGACY_LEN 10
#define VIRTIO_NET_HDR_GSO_NONE 0

#endif
