package dev.clusterlink.linkmanager.mirror;

import java.time.Instant;

/**
 * The mirror worker that holds (or last held) a mirror's lease.
 *
 * @param instanceId the worker instance ({@code clusterlink.worker.instance-id})
 * @param epoch the lease epoch: it grows by one at every change of owner
 * @param leaseExpiresAt when the lease runs out unless renewed
 * @param live whether the lease had not run out when it was read
 */
public record MirrorOwner(String instanceId, long epoch, Instant leaseExpiresAt, boolean live) {
}
