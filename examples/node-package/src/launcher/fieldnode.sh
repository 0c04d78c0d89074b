#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# @FIELDNODE_NAME@: the fieldnode command of an installed package (the source checkout has its own launcher).
# Runs the CLI on a Java runtime >= 21 (no compiler needed), with a heap sized to this machine's memory.
#
# Environment (also read from @FIELDNODE_DEFAULTS@ when it exists):
#   FIELDNODE_JAVA_HOME   the Java runtime to use (default: the newest >= 21 found, see find_java)
#   FIELDNODE_JAVA_OPTS   JVM options replacing the defaults below
#   FIELDNODE_DRIVERS     a directory of extra driver jars (default /usr/local/lib/fieldnode/drivers.d)
#   FIELDNODE_MEMINFO     where MemTotal is read (default /proc/meminfo; tests point it elsewhere)
#   FIELDNODE_SLOTS       the over-the-air release slots (default /var/lib/fieldnode/app; see choose_slot)
#   FIELDNODE_DRY_RUN=1   print the java command instead of running it
set -eu

# The jars: next to this script in an unpacked tar.gz (bin/../lib), else where the package put them.
here=$(dirname "$(readlink -f "$0")")
if [ -n "${FIELDNODE_LIB:-}" ]; then
  lib=$FIELDNODE_LIB
elif ls "$here/../lib/"fieldnode-device-runtime-*.jar >/dev/null 2>&1; then
  lib=$(cd "$here/../lib" && pwd)
else
  lib=@FIELDNODE_LIB@
fi
if [ -r @FIELDNODE_DEFAULTS@ ]; then
  # shellcheck disable=SC1091
  . @FIELDNODE_DEFAULTS@
fi

# Over-the-air releases (UPDATES.md, SECURITY R25). The package holds the first release in its lib directory; an
# update is unpacked into slots/a or slots/b under FIELDNODE_SLOTS and made current by one rename of the symbolic
# link "current". This launcher, which updates never replace, decides which release runs:
#   - no "current": the package's release;
#   - a "trial" file names the slot on trial (slot= previous= sequence= starts=): the first "run" of it counts the
#     start (starts=1); a later "run" while the trial is still there means the trial never passed its health check
#     (crash, hang, failed check, power cut): "current" goes back to "previous" (or is removed for the package's
#     release), "rolled-back" tells the node why, and the trial ends;
#   - a "trial" naming a slot "current" does not point at is left from a cut before the switch and is dropped;
#   - with no trial in progress, the higher release sequence runs (.fieldnode-release, sequence=N): an apt upgrade
#     whose package release is newer than the slot in "current" removes "current", so the package's release runs
#     and the node reports it as installed; a package without a sequence (0) never displaces a slot.
# Every step is a write to a temporary file and a rename, so a power cut at any instant leaves a release that runs.
slots=${FIELDNODE_SLOTS:-/var/lib/fieldnode/app}
trial_value() {
  sed -n "s/^$1=//p" "$slots/trial" 2>/dev/null | head -n 1
}
release_sequence() {
  # $1 = a release directory; prints its sequence, 0 when it has none
  s=$(sed -n 's/^sequence=\([0-9][0-9]*\)$/\1/p' "$1/.fieldnode-release" 2>/dev/null | head -n 1)
  echo "${s:-0}"
}
package_is_newer() {
  # with no trial in progress: does the package's release have a higher sequence than the slot in "current"?
  [ -L "$slots/current" ] && [ ! -f "$slots/trial" ] || return 1
  [ "$(release_sequence "$lib/..")" -gt "$(release_sequence "$slots/current")" ]
}
choose_slot() {
  # $1 = the fieldnode command
  [ -f "$slots/trial" ] || return 0
  t_slot=$(trial_value slot)
  current=$(readlink "$slots/current" 2>/dev/null || true)
  if [ "$current" != "$t_slot" ]; then
    rm -f "$slots/trial"
    return 0
  fi
  [ "$1" = run ] || return 0
  if [ "$(trial_value starts)" = 0 ]; then
    sed 's/^starts=0$/starts=1/' "$slots/trial" > "$slots/trial.tmp" && mv -f "$slots/trial.tmp" "$slots/trial"
    return 0
  fi
  previous=$(trial_value previous)
  reason=$(trial_value reason)
  sequence=$(trial_value sequence)
  printf 'sequence=%s\nreason=%s\n' "$sequence" "${reason:-trial-did-not-pass-health-check}" \
    > "$slots/rolled-back.tmp" && mv -f "$slots/rolled-back.tmp" "$slots/rolled-back"
  if [ "$previous" = package ] || [ -z "$previous" ]; then
    rm -f "$slots/current"
  else
    ln -sfn "$previous" "$slots/current.next" && mv -fT "$slots/current.next" "$slots/current"
  fi
  rm -f "$slots/trial"
  echo "@FIELDNODE_NAME@: release $sequence did not pass its trial; running $previous" >&2
}
if [ -z "${FIELDNODE_LIB:-}" ] && [ -d "$slots" ]; then
  choose_slot "${1:-}"
  if package_is_newer; then
    # One unlink: a cut before it leaves the slot running, after it the package's. A command run by a user who
    # cannot write here still runs the package's release.
    echo "@FIELDNODE_NAME@: the package's release $(release_sequence "$lib/..") is newer than release $(release_sequence "$slots/current") in $slots/current; running the package's" >&2
    rm -f "$slots/current" 2>/dev/null || true
  elif ls "$slots/current/lib/"fieldnode-device-runtime-*.jar >/dev/null 2>&1; then
    lib=$(cd "$slots/current/lib" && pwd -P)
  fi
fi

java_major() {
  # $1 = a Java home; prints its feature version, from its release file or from java -version
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | sed 's/^1$/8/'
  elif [ -x "$1/bin/java" ]; then
    "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p'
  fi
}

find_java() {
  for home in "${FIELDNODE_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    if [ -n "$home" ] && [ -x "$home/bin/java" ] && [ "$(java_major "$home")" -ge 21 ] 2>/dev/null; then
      echo "$home/bin/java"
      return 0
    fi
  done
  best=""
  best_v=0
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$home/bin/java" ] || continue
    v=$(java_major "$home")
    if [ "${v:-0}" -ge 21 ] && [ "${v:-0}" -gt "$best_v" ]; then
      best=$home/bin/java
      best_v=$v
    fi
  done
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if [ "$(java_major "$home")" -ge 21 ] 2>/dev/null; then
      best=$home/bin/java
    fi
  fi
  [ -n "$best" ] || return 1
  echo "$best"
}

if ! java=$(find_java); then
  echo "@FIELDNODE_NAME@: no Java runtime 21 or newer found: install one (apt install openjdk-21-jre-headless, or Temurin 21/25 from Adoptium) or set FIELDNODE_JAVA_HOME in @FIELDNODE_DEFAULTS@" >&2
  exit 1
fi

# Heap: an eighth of MemTotal, between 64 and 256 MiB (org.fieldnode.runtime.config.Board.recommendedHeapMib):
# 64 MiB on a Pi Zero 2 W (512 MiB), 128 MiB on 1 GiB boards, 256 MiB from 2 GiB on.
mem_kib=$(sed -n 's/^MemTotal: *\([0-9][0-9]*\) kB$/\1/p' "${FIELDNODE_MEMINFO:-/proc/meminfo}" 2>/dev/null || true)
heap=$(( ${mem_kib:-1048576} / 1024 / 8 ))
[ "$heap" -lt 64 ] && heap=64
[ "$heap" -gt 256 ] && heap=256
# -Xms8m: start from the 8 MiB a 512 MiB board gets by default (1/64 of RAM) on larger boards too, and grow only
# as needed (a node's steady RSS was 74 MiB with it and 89 MiB without on the bench machine; BENCHMARKS.md).
java_opts=${FIELDNODE_JAVA_OPTS:-"-Xms8m -Xmx${heap}m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"}

classpath="$lib/*"
# Driver jars are not put on the class path: the runtime loads a jar of drivers.d only when root owns it and its
# directories and nobody else can write them (org.fieldnode.runtime.sampling.DriverJars; one warning per refused jar).
drivers=${FIELDNODE_DRIVERS:-/usr/local/lib/fieldnode/drivers.d}

if [ "${FIELDNODE_DRY_RUN:-0}" = 1 ]; then
  echo "$java $java_opts -Dfieldnode.drivers=$drivers -Dfieldnode.drivers.owners=root -cp $classpath @FIELDNODE_MAIN@ $*"
  exit 0
fi
# shellcheck disable=SC2086
exec "$java" $java_opts "-Dfieldnode.drivers=$drivers" -Dfieldnode.drivers.owners=root -cp "$classpath" \
  @FIELDNODE_MAIN@ "$@"
