// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/dtrace: who may open it, and what the version request returns.
 *
 * The device decides at open time: CAP_PERFMON or CAP_SYS_ADMIN is
 * needed, whatever the uid.  Each case that changes credentials runs in a
 * child of its own, so the test process keeps root's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/dtrace.h>

#include "../kselftest_harness.h"

#define DEV_PATH	"/dev/" DTRACE_DEVICE_NAME
#define NOBODY		65534

/* Set the effective, permitted and inheritable sets to exactly @caps. */
static int set_caps(uint64_t caps)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {
		{ .effective = (uint32_t)caps, .permitted = (uint32_t)caps },
		{ .effective = caps >> 32, .permitted = caps >> 32 },
	};

	return syscall(SYS_capset, &hdr, data);
}

/* errno of open(DEV_PATH) as seen by a child with @uid and @caps. */
static int open_errno_as(uid_t uid, uint64_t caps)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd;

		if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0))
			_exit(200);
		if (uid != 0 && setresuid(uid, uid, uid))
			_exit(201);
		if (set_caps(caps))
			_exit(202);
		fd = open(DEV_PATH, O_RDWR);
		if (fd >= 0)
			_exit(0);
		_exit(errno > 0 && errno < 200 ? errno : 199);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define CAP(c)	(1ULL << (c))

FIXTURE(dev) {
	int fd;
};

FIXTURE_SETUP(dev)
{
	if (geteuid() != 0)
		SKIP(return, "must be run as root");
	self->fd = open(DEV_PATH, O_RDWR);
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", DEV_PATH, strerror(errno));
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(dev, is_a_character_device)
{
	struct stat st;

	ASSERT_EQ(0, fstat(self->fd, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	/* The mode lets anyone reach open(), which checks capabilities. */
	EXPECT_EQ(0666U, st.st_mode & 0777);
}

TEST_F(dev, version_matches_header)
{
	struct dtrace_version ver;

	memset(&ver, 0xa5, sizeof(ver));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_VERSION, &ver));
	EXPECT_EQ((__u32)DTRACE_VERSION_MAJOR, ver.major);
	EXPECT_EQ((__u32)DTRACE_VERSION_MINOR, ver.minor);
	EXPECT_EQ(0U, ver.flags);
	EXPECT_EQ(0U, ver.__reserved);
}

TEST_F(dev, version_bad_pointer)
{
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_VERSION, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_VERSION, (void *)-4096L));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(dev, unknown_request)
{
	char buf[64];

	EXPECT_EQ(-1, ioctl(self->fd, _IOR(DTRACE_IOC_MAGIC, 0x3f, buf), buf));
	EXPECT_EQ(ENOTTY, errno);
	/* The right number with the wrong size is another request. */
	EXPECT_EQ(-1, ioctl(self->fd, _IOR(DTRACE_IOC_MAGIC, 0x00, buf), buf));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, 0x5401 /* TCGETS */, buf));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(dev, open_unprivileged_user)
{
	EXPECT_EQ(EPERM, open_errno_as(NOBODY, 0));
}

TEST_F(dev, open_root_without_caps)
{
	EXPECT_EQ(EPERM, open_errno_as(0, 0));
	/* Capabilities other than the two that count do not help. */
	EXPECT_EQ(EPERM, open_errno_as(0, CAP(CAP_SYS_PTRACE) |
					  CAP(CAP_DAC_OVERRIDE)));
}

TEST_F(dev, open_user_with_cap_perfmon)
{
	EXPECT_EQ(0, open_errno_as(NOBODY, CAP(CAP_PERFMON)));
}

TEST_F(dev, open_user_with_cap_sys_admin)
{
	EXPECT_EQ(0, open_errno_as(NOBODY, CAP(CAP_SYS_ADMIN)));
}

TEST_F(dev, open_root_with_cap_perfmon_only)
{
	EXPECT_EQ(0, open_errno_as(0, CAP(CAP_PERFMON)));
}

TEST_HARNESS_MAIN
