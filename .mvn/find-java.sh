# Sourced by ./wordfleet and ./run-tests: sets java_home to a JDK 21 or newer and java_version to its major version,
# looking at JAVA_HOME, then java on the PATH, then /usr/lib/jvm, or prints an error and exits with status 2.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

find_java() {
  local candidate major
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! java="$(find_java)"; then
  echo "wordfleet: no JDK 21 or newer found; install one and set JAVA_HOME to it" >&2
  exit 2
fi
java_home="$(dirname "$(dirname "$(realpath "$java")")")"
if [ -n "${JAVA_HOME:-}" ] && [ "$(realpath "$java")" != "$(realpath "$JAVA_HOME/bin/java" 2>/dev/null)" ]; then
  echo "wordfleet: JAVA_HOME ($JAVA_HOME) is not a JDK 21 or newer, so the JDK in $java_home is used;" \
    "point JAVA_HOME at a JDK 21 or newer, or unset it, to silence this note" >&2
fi
java_version="$(java_major "$java")"
java_options=()
if [ "$java_version" -ge 24 ]; then
  # Kafka's, Netty's and Maven's use of sun.misc.Unsafe, and lz4's native library, are reported on every start
  # from JDK 24 on.
  java_options+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi
