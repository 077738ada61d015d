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
	struct dtrace_state *state;
	int ret;

	ret = dtrace_open_permitted();
	if (ret)
		return ret;
	state = dtrace_state_create();
	if (!state)
		return -ENOMEM;
	file->private_data = state;
	return 0;
}

/* However the consumer went away, nothing of it stays enabled. */
static int dtrace_release(struct inode *inode, struct file *file)
{
	struct dtrace_state *state = file->private_data;

	if (state)
		dtrace_state_destroy(state);
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

static long dtrace_ioc_probematch(void __user *uarg)
{
	struct dtrace_probematch pm;
	struct dtrace_probe *p;
	int ret;

	if (copy_from_user(&pm, uarg, sizeof(pm)))
		return -EFAULT;
	if (!dtrace_desc_valid(&pm.desc) || pm.desc.flags || pm.__reserved)
		return -EINVAL;
	if (!pm.start)
		dtrace_probe_provide(&pm.desc);
	mutex_lock(&dtrace_lock);
	ret = dtrace_probe_match_next(&pm.desc, pm.start, &p);
	if (!ret) {
		dtrace_probe_fill(p, &pm.desc);
		pm.nargs = p->nargs;
		pm.nenabled = p->nenabled;
	}
	mutex_unlock(&dtrace_lock);
	if (ret)
		return ret;
	return copy_to_user(uarg, &pm, sizeof(pm)) ? -EFAULT : 0;
}

static long dtrace_ioc_enable(struct dtrace_state *state, void __user *uarg)
{
	struct dtrace_enable *en;
	long ret;

	en = memdup_user(uarg, sizeof(*en));
	if (IS_ERR(en))
		return PTR_ERR(en);
	memset(en->errmsg, 0, sizeof(en->errmsg));
	en->nmatched = 0;
	ret = dtrace_state_enable(state, en, en->errmsg, sizeof(en->errmsg));
	if (copy_to_user(uarg, en, sizeof(*en)))
		ret = -EFAULT;
	kfree(en);
	return ret;
}

static long dtrace_ioc_epdesc(struct dtrace_state *state, void __user *uarg)
{
	struct dtrace_epdesc ep;
	long ret;

	if (copy_from_user(&ep, uarg, sizeof(ep)))
		return -EFAULT;
	ret = dtrace_state_epdesc(state, &ep, u64_to_user_ptr(ep.recs));
	if (ret)
		return ret;
	return copy_to_user(uarg, &ep, sizeof(ep)) ? -EFAULT : 0;
}

static long dtrace_ioc_aggdesc(struct dtrace_state *state, void __user *uarg)
{
	struct dtrace_aggdesc ad;
	long ret;

	if (copy_from_user(&ad, uarg, sizeof(ad)))
		return -EFAULT;
	ret = dtrace_agg_desc(state, &ad, u64_to_user_ptr(ad.recs));
	if (ret)
		return ret;
	return copy_to_user(uarg, &ad, sizeof(ad)) ? -EFAULT : 0;
}

static long dtrace_ioc_state(struct dtrace_state *state, unsigned int cmd,
			     void __user *uarg)
{
	union {
		struct dtrace_opt opt;
		struct dtrace_status st;
		struct dtrace_bufdesc bd;
	} u;
	long ret;

	switch (cmd) {
	case DTRACEIOC_SETOPT:
		if (copy_from_user(&u.opt, uarg, sizeof(u.opt)))
			return -EFAULT;
		return dtrace_state_setopt(state, &u.opt);
	case DTRACEIOC_ENABLE:
		return dtrace_ioc_enable(state, uarg);
	case DTRACEIOC_EPDESC:
		return dtrace_ioc_epdesc(state, uarg);
	case DTRACEIOC_GO:
		return dtrace_state_go(state);
	case DTRACEIOC_STOP:
		return dtrace_state_stop(state);
	case DTRACEIOC_STATUS:
		dtrace_state_status(state, &u.st);
		return copy_to_user(uarg, &u.st, sizeof(u.st)) ? -EFAULT : 0;
	case DTRACEIOC_BUFSNAP:
		if (copy_from_user(&u.bd, uarg, sizeof(u.bd)))
			return -EFAULT;
		ret = dtrace_state_bufsnap(state, &u.bd);
		if (ret)
			return ret;
		return copy_to_user(uarg, &u.bd, sizeof(u.bd)) ? -EFAULT : 0;
	case DTRACEIOC_AGGDESC:
		return dtrace_ioc_aggdesc(state, uarg);
	case DTRACEIOC_AGGSNAP:
		if (copy_from_user(&u.bd, uarg, sizeof(u.bd)))
			return -EFAULT;
		ret = dtrace_agg_snap(state, &u.bd);
		if (ret)
			return ret;
		return copy_to_user(uarg, &u.bd, sizeof(u.bd)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

long dtrace_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct dtrace_state *state = file ? file->private_data : NULL;
	void __user *uarg = (void __user *)arg;
	long ret;

	switch (cmd) {
	case DTRACEIOC_VERSION:
		return dtrace_ioc_version(uarg);
	case DTRACEIOC_PROBEMATCH:
		return dtrace_ioc_probematch(uarg);
	}
	if (!state)
		return -ENOTTY;
	mutex_lock(&state->ioctl_lock);
	ret = dtrace_ioc_state(state, cmd, uarg);
	mutex_unlock(&state->ioctl_lock);
	return ret;
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

	ret = dtrace_state_init();
	if (!ret)
		ret = dtrace_provider_init();
	if (ret) {
		pr_err("cannot initialise: %d\n", ret);
		return ret;
	}

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
