# Sourced by ./mvnw and .ci/run (POSIX sh): make JAVA_HOME point at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise looks for one in the usual places.
clusterlink_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
clusterlink_select_jdk() {
  clusterlink_path_java=$(command -v java 2>/dev/null || true)
  clusterlink_path_home=""
  if [ -n "$clusterlink_path_java" ]; then
    clusterlink_path_home=$(dirname "$(dirname "$(readlink -f "$clusterlink_path_java")")")
  fi
  case $- in *f*) clusterlink_noglob=1 ;; *) clusterlink_noglob=0 ;; esac
  set +f   # mvnw runs with noglob; the search below needs globbing
  for clusterlink_candidate in "${JAVA_HOME:-}" "$clusterlink_path_home" \
      /usr/lib/jvm/* /opt/java/* /opt/jdk* "${HOME:-/root}"/.sdkman/candidates/java/*; do
    [ -n "$clusterlink_candidate" ] && [ -x "$clusterlink_candidate/bin/java" ] \
      && [ -x "$clusterlink_candidate/bin/javac" ] || continue
    clusterlink_major=$(clusterlink_java_major "$clusterlink_candidate")
    if [ -n "$clusterlink_major" ] && [ "$clusterlink_major" -ge 21 ]; then
      JAVA_HOME="$clusterlink_candidate"
      export JAVA_HOME
      [ "$clusterlink_noglob" = 1 ] && set -f
      return 0
    fi
  done
  [ "$clusterlink_noglob" = 1 ] && set -f
  echo "No JDK >= 21 found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt). Install one and set JAVA_HOME." >&2
  return 1
}
clusterlink_select_jdk
