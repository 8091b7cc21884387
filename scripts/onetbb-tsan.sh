#!/usr/bin/env bash
# Builds oneTBB instrumented with ThreadSanitizer, for ./scripts/test --tsan.
#   scripts/onetbb-tsan.sh PREFIX
# Why: Debian's libtbb12 is not instrumented, so ThreadSanitizer cannot see the
# synchronisation inside its scheduler (the atomics of its task queues) and
# reports every hand-over of a task between threads as a data race in oneTBB's
# own headers. oneTBB supports an instrumented build (its TBB_SANITIZE option);
# this script makes one from Debian's own source package of the installed
# version (apt-get source, from Debian's archive with its signatures checked,
# Debian's patches applied), so headers and library match. Nothing is installed
# system-wide: the library goes to PREFIX, and the apt lists used to find the
# source live in PREFIX/../apt.
set -euo pipefail
prefix=$(realpath -m "${1:?usage: scripts/onetbb-tsan.sh PREFIX}")
work=$(dirname "$prefix")/onetbb-src
version=$(dpkg-query -W -f='${source:Version}' libtbb-dev)
stamp="$prefix/.built-from-onetbb-$version"
if [ -f "$stamp" ]; then
  exit 0
fi

echo "Building oneTBB $version with ThreadSanitizer into $prefix (once)"
apt_dir=$(dirname "$prefix")/apt
mkdir -p "$apt_dir/lists/partial" "$work"
cat > "$apt_dir/sources.list" <<SOURCES
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm bookworm-updates main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
SOURCES
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$apt_dir/lists" -o APT::Sandbox::User=root -qq)
apt-get "${apt_opts[@]}" update
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && apt-get "${apt_opts[@]}" source "onetbb=$version")
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'onetbb-*' | head -n 1)
[ -n "$src" ] || { echo "error: apt-get source onetbb=$version gave no source tree in $work" >&2; exit 1; }

# GCC warns (-Wtsan) that ThreadSanitizer does not model the atomic_thread_fence
# calls of oneTBB's sleep/wake-up code: expected, kept in the log.
step() {  # step LOG COMMAND...: runs COMMAND, its output to LOG; shows LOG's end if it fails
  local log=$1
  shift
  if ! "$@" > "$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "error: failed: $* (log: $log)" >&2
    exit 1
  fi
}
step "$work/configure.log" cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTBB_SANITIZE=thread \
  -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF -DTBB_DISABLE_HWLOC_AUTOMATIC_SEARCH=ON \
  -DCMAKE_INSTALL_PREFIX="$prefix"
step "$work/build.log" cmake --build "$work/build" -j "$(nproc 2>/dev/null || echo 2)"
step "$work/install.log" cmake --install "$work/build"
touch "$stamp"
