#!/bin/sh
exec java ${CLUSTERLINK_JAVA_OPTS:-} -jar "$0" "$@"
