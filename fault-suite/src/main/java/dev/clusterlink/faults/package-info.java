/**
 * The fault suite: runs the suite as processes, injects faults and checks both clusters
 * at every offset.
 */
package dev.clusterlink.faults;
