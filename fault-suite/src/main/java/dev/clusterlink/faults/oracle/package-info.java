/**
 * Compares a source topic with its mirror on another cluster at every offset, and checks
 * that acknowledged records are there.
 */
package dev.clusterlink.faults.oracle;
