#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# build.sh - link kpdb's libFuzzer targets.
#
#   tests/fuzz/build.sh BUILDDIR [OUTDIR] [TARGET]...
#
# BUILDDIR is a kpdb build directory configured with clang and the fuzzer's
# coverage instrumentation, for example
#   CC=clang ./configure --enable-sanitizers CFLAGS='-g -O1 -fsanitize=fuzzer-no-link'
#   make libkpdb.a
# (scripts/test-hardening does exactly that).  Each target fuzz-T.c is
# linked with -fsanitize=fuzzer,address,undefined against BUILDDIR/libkpdb.a
# into OUTDIR/fuzz-T (default OUTDIR: BUILDDIR/tests/fuzz).  Without TARGET,
# every target is built; `events-raw` (fuzz-events.c fed raw pages, see
# README.md) only when named.  Extra objects (a throwaway stub while a module is
# missing) can be given in $FUZZ_EXTRA_OBJS.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:?usage: build.sh BUILDDIR [OUTDIR] [TARGET]...}
build=$(cd "$build" && pwd)
out=${2:-$build/tests/fuzz}
[ $# -ge 2 ] && shift 2 || shift $#
targets=${*:-split probe-spec batch events dwarf btf kcore}
cc=${FUZZ_CC:-clang}

[ -f "$build/libkpdb.a" ] || { echo "build.sh: no $build/libkpdb.a: run 'make libkpdb.a' there" >&2; exit 1; }
mkdir -p "$out"
deps="libtracefs libtraceevent libdw libelf libbpf libdebuginfod readline"
cflags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-include $build/config.h -I$top/include -I$here $(pkg-config --cflags $deps)"
libs="$build/libkpdb.a ${FUZZ_EXTRA_OBJS:-} $(pkg-config --libs $deps)"

# The -x reader target runs real commands: keep every file, program and
# fork away from them (see fuzz-batch.c).
wraps=""
for f in open open64 openat openat64 fopen fopen64 creat mkdir unlink rmdir rename execve \
	 execv execvp execvpe fork vfork posix_spawn posix_spawnp system popen; do
	wraps="$wraps -Wl,--wrap=$f"
done

status=0
for t in $targets; do
	src=$here/fuzz-$t.c
	extra=""
	case $t in
	batch) extra="$wraps -DFUZZ_WRAPPED" ;;
	events) extra="-I$top/tests $top/tests/rb-gen.c" ;;
	events-raw) src=$here/fuzz-events.c; extra="-I$top/tests $top/tests/rb-gen.c -DFUZZ_EVENTS_RAW" ;;
	*) [ -f "$src" ] || { echo "build.sh: no target '$t'" >&2; status=1; continue; } ;;
	esac
	case $t in
	dwarf|kcore)
		fixture=$build/tests/fixtures/dwarf-fx-O2
		[ -f "$fixture" ] || make -C "$build" tests/fixtures/dwarf-fx-O2 >/dev/null ||
			{ echo "build.sh: cannot make $fixture" >&2; status=1; continue; }
		extra="-DFUZZ_FIXTURE=\"$fixture\"" ;;
	esac
	# shellcheck disable=SC2086
	if $cc $cflags $extra -o "$out/fuzz-$t" "$src" $libs -lm; then
		echo "built $out/fuzz-$t"
	else
		echo "build.sh: cannot build fuzz-$t" >&2
		status=1
	fi
done
exit $status
