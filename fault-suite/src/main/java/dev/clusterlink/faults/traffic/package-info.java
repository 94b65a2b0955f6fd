/**
 * Load for a source topic whose every acknowledged record is remembered, so that an
 * oracle can check nothing acknowledged was lost.
 */
package dev.clusterlink.faults.traffic;
