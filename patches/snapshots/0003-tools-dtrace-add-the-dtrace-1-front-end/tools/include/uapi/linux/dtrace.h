/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * DTrace: the interface between the kernel and its consumers, dtrace(1)
 * first among them.  See Documentation/trace/dtrace.rst.
 *
 * The interface is versioned.  A consumer asks for the version with
 * DTRACEIOC_VERSION before anything else and refuses to go on when the
 * major number differs from the one it was built with; the minor number
 * grows when requests or fields are added in a compatible way.
 */
#ifndef _UAPI_LINUX_DTRACE_H
#define _UAPI_LINUX_DTRACE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define DTRACE_VERSION_MAJOR	0
#define DTRACE_VERSION_MINOR	1

/* The character device, a misc device: /dev/dtrace. */
#define DTRACE_DEVICE_NAME	"dtrace"

/**
 * struct dtrace_version - version of the kernel interface
 * @major: incompatible changes bump this
 * @minor: compatible additions bump this
 * @flags: reserved, zero
 */
struct dtrace_version {
	__u32 major;
	__u32 minor;
	__u32 flags;
	__u32 __reserved;
};

#define DTRACE_IOC_MAGIC	0xd7

#define DTRACEIOC_VERSION	_IOR(DTRACE_IOC_MAGIC, 0x00, struct dtrace_version)

#endif /* _UAPI_LINUX_DTRACE_H */
