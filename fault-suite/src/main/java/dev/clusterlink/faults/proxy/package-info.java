/**
 * A TCP proxy on loopback whose network faults (latency, bandwidth, resets, refusal,
 * blackhole) are switched at runtime.
 */
package dev.clusterlink.faults.proxy;
