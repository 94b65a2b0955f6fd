#!/bin/sh
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${CLUSTERLINK_JAVA_OPTS:-} -jar "$0" "$@"
