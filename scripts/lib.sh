# shellcheck shell=bash
# Common settings for the project's scripts.  Sourced, never run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/base.conf
. "$TOP/scripts/base.conf"

# Everything big lives outside the repository.
CACHE=${DTRACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dtrace-linux}
PRISTINE=$CACHE/pristine/linux-$BASE_VERSION	# unpacked base, never modified
SRC=${DTRACE_SRC:-$CACHE/src}			# base + series, a git tree
OUT=${DTRACE_OUT:-$CACHE/build}			# O= build directory
EXPORT=${DTRACE_EXPORT:-$CACHE/series}		# exported series
JOBS=${JOBS:-$(nproc)}
# Debian's python3 (and its modules) before any other on PATH.
export PATH=/usr/bin:/bin:$PATH

# private_apt DIR TYPE: an apt configuration of our own in DIR for
# Debian's $BASE_SUITE (TYPE: deb or deb-src), in APT_OPTS; nothing of
# /etc/apt is read or written.
private_apt() {
	mkdir -p "$1/lists/partial" "$1/cache/archives/partial"
	echo "$2 [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $BASE_MIRROR $BASE_SUITE main" \
		> "$1/sources.list"
	APT_OPTS=(-o "Dir::Etc::SourceList=$1/sources.list"
		  -o Dir::Etc::SourceParts=/dev/null
		  -o "Dir::State::Lists=$1/lists"
		  -o "Dir::Cache=$1/cache"
		  -o Dir::State::Status=/dev/null
		  -o Debug::NoLocking=1
		  -o APT::Sandbox::User=root)
}

msg()  { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
warn() { printf '\033[1;31m!!! WARNING: %s\033[0m\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }
