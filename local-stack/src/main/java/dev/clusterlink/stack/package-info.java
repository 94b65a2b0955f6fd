/**
 * The local stack: two Kafka brokers, PostgreSQL and the four services as processes on
 * one machine, started and stopped by PID.
 */
package dev.clusterlink.stack;
