/**
 * The seeded random soak: a mix of the fault suite's faults for a given time, checked
 * after every quiet period.
 */
package dev.clusterlink.faults.soak;
