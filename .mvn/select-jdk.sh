# SPDX-License-Identifier: Apache-2.0
# Sourced by ./mvnw and ./fieldnode (POSIX sh). Makes JAVA_HOME point at a JDK >= 21, because the
# default `java` on many machines (and on Raspberry Pi OS bookworm) is 17. Keeps a suitable JAVA_HOME
# or `java` on the PATH; otherwise picks the newest JDK >= 21 from the usual install places.
# Sets nothing and stops with one sentence when no such JDK exists.

fieldnode_java_major() {
  # $1 = a JDK home; prints its feature version (e.g. 25) read from its `release` file or `java -version`.
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | sed 's/^1$/8/'
  elif [ -x "$1/bin/java" ]; then
    "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p'
  fi
}

fieldnode_select_jdk() {
  need=21
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(fieldnode_java_major "$JAVA_HOME")
    [ "${v:-0}" -ge "$need" ] && return 0
  elif command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(fieldnode_java_major "$home")
    if [ "${v:-0}" -ge "$need" ]; then
      JAVA_HOME=$home
      export JAVA_HOME
      return 0
    fi
  fi
  best=""
  best_v=0
  case $- in *f*) noglob=1; set +f ;; *) noglob=0 ;; esac
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/jdk* \
      "${HOME:-/nonexistent}"/.sdkman/candidates/java/* "${HOME:-/nonexistent}"/.jdks/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    v=$(fieldnode_java_major "$home")
    if [ "${v:-0}" -ge "$need" ] && [ "${v:-0}" -gt "$best_v" ]; then
      best=$home
      best_v=$v
    fi
  done
  [ "$noglob" = 1 ] && set -f
  if [ -z "$best" ]; then
    echo "fieldnode needs a JDK 21 or newer (25 recommended), and none was found: install one (for example 'sudo apt install openjdk-21-jdk-headless') or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}
