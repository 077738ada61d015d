// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: the /dev/dtrace character device.
 *
 * Every consumer talks to the kernel through an open file of this device:
 * it asks for the interface version, and (as the core grows) lists probes,
 * uploads enablings and reads buffers with ioctls on it.
 *
 * Who may open it is decided at open time, not by the file mode: the
 * caller needs CAP_PERFMON or CAP_SYS_ADMIN (what perf asks of a system
 * wide tracer), and the kernel must not be locked down, since DTrace reads
 * kernel memory and places probes in kernel text.
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/miscdevice.h>
#include <linux/security.h>
#include <linux/uaccess.h>
#include <uapi/linux/dtrace.h>

#include "dtrace.h"

/**
 * dtrace_open_permitted - may the current task use DTrace?
 *
 * Return: 0 if it may, -EPERM if it lacks both CAP_PERFMON and
 * CAP_SYS_ADMIN, or the error of the lockdown LSM.
 */
int dtrace_open_permitted(void)
{
	if (!perfmon_capable())
		return -EPERM;

	return security_locked_down(LOCKDOWN_DTRACE);
}

static int dtrace_open(struct inode *inode, struct file *file)
{
	return dtrace_open_permitted();
}

static int dtrace_release(struct inode *inode, struct file *file)
{
	return 0;
}

static long dtrace_ioc_version(void __user *uarg)
{
	struct dtrace_version ver = {
		.major = DTRACE_VERSION_MAJOR,
		.minor = DTRACE_VERSION_MINOR,
	};

	if (copy_to_user(uarg, &ver, sizeof(ver)))
		return -EFAULT;

	return 0;
}

long dtrace_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case DTRACEIOC_VERSION:
		return dtrace_ioc_version(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations dtrace_fops = {
	.owner		= THIS_MODULE,
	.open		= dtrace_open,
	.release	= dtrace_release,
	.unlocked_ioctl	= dtrace_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/*
 * The file mode lets anyone reach dtrace_open(), which decides by
 * capability: a task given CAP_PERFMON need not be root.
 */
static struct miscdevice dtrace_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= DTRACE_DEVICE_NAME,
	.fops	= &dtrace_fops,
	.mode	= 0666,
};

static int __init dtrace_dev_init(void)
{
	int ret;

	ret = misc_register(&dtrace_miscdev);
	if (ret) {
		pr_err("cannot register /dev/%s: %d\n", DTRACE_DEVICE_NAME, ret);
		return ret;
	}

	pr_info("interface version %u.%u\n",
		DTRACE_VERSION_MAJOR, DTRACE_VERSION_MINOR);
	return 0;
}
device_initcall(dtrace_dev_init);
