// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the /dev/dtrace entry points: who may open the device,
 * and what the ioctls copy to and from user memory.
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/mman.h>
#include <linux/uaccess.h>
#include <uapi/linux/dtrace.h>

#include "dtrace.h"

/* Run dtrace_open_permitted() with only the given capabilities effective. */
static int open_permitted_with(bool perfmon, bool sys_admin)
{
	const struct cred *old;
	struct cred *cred;
	int ret;

	cred = prepare_creds();
	if (!cred)
		return -ENOMEM;

	cred->cap_effective = CAP_EMPTY_SET;
	if (perfmon)
		cap_raise(cred->cap_effective, CAP_PERFMON);
	if (sys_admin)
		cap_raise(cred->cap_effective, CAP_SYS_ADMIN);

	old = override_creds(cred);
	ret = dtrace_open_permitted();
	revert_creds(old);
	put_cred(cred);

	return ret;
}

static void dtrace_open_needs_capability(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, open_permitted_with(false, false), -EPERM);
}

static void dtrace_open_perfmon(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, open_permitted_with(true, false), 0);
}

static void dtrace_open_sys_admin(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, open_permitted_with(false, true), 0);
}

static unsigned long user_page(struct kunit *test)
{
	unsigned long addr;

	addr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "no user memory for the test");
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	return addr;
}

static void dtrace_ioctl_version(struct kunit *test)
{
	unsigned long uaddr = user_page(test);
	struct dtrace_version ver;

	memset(&ver, 0xa5, sizeof(ver));
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)uaddr, &ver,
					   sizeof(ver)), 0);

	KUNIT_ASSERT_EQ(test, dtrace_ioctl(NULL, DTRACEIOC_VERSION, uaddr), 0);
	KUNIT_ASSERT_EQ(test, copy_from_user(&ver, (void __user *)uaddr,
					     sizeof(ver)), 0);
	KUNIT_EXPECT_EQ(test, ver.major, DTRACE_VERSION_MAJOR);
	KUNIT_EXPECT_EQ(test, ver.minor, DTRACE_VERSION_MINOR);
	KUNIT_EXPECT_EQ(test, ver.flags, 0);
	KUNIT_EXPECT_EQ(test, ver.__reserved, 0);
}

static void dtrace_ioctl_version_efault(struct kunit *test)
{
	/* Unmapped and kernel addresses are both refused, never written. */
	KUNIT_EXPECT_EQ(test, dtrace_ioctl(NULL, DTRACEIOC_VERSION, 0),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, dtrace_ioctl(NULL, DTRACEIOC_VERSION,
					   (unsigned long)test), -EFAULT);
}

static void dtrace_ioctl_unknown(struct kunit *test)
{
	unsigned long uaddr = user_page(test);

	KUNIT_EXPECT_EQ(test, dtrace_ioctl(NULL, 0, uaddr), -ENOTTY);
	/* Right number, wrong size: a different request. */
	KUNIT_EXPECT_EQ(test, dtrace_ioctl(NULL, _IOR(DTRACE_IOC_MAGIC, 0x00,
						      __u64), uaddr), -ENOTTY);
	KUNIT_EXPECT_EQ(test, dtrace_ioctl(NULL, _IOR(DTRACE_IOC_MAGIC, 0x3f,
						      struct dtrace_version),
					   uaddr), -ENOTTY);
}

static struct kunit_case dtrace_dev_cases[] = {
	KUNIT_CASE(dtrace_open_needs_capability),
	KUNIT_CASE(dtrace_open_perfmon),
	KUNIT_CASE(dtrace_open_sys_admin),
	KUNIT_CASE(dtrace_ioctl_version),
	KUNIT_CASE(dtrace_ioctl_version_efault),
	KUNIT_CASE(dtrace_ioctl_unknown),
	{}
};

static struct kunit_suite dtrace_dev_suite = {
	.name = "dtrace_dev",
	.test_cases = dtrace_dev_cases,
};

kunit_test_suite(dtrace_dev_suite);

MODULE_DESCRIPTION("KUnit tests for the DTrace device");
MODULE_LICENSE("GPL");
