package dev.clusterlink.linkmanager.mirror;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the mirror leases the workers keep (table {@code mirror_leases}): which worker
 * copies which mirror.
 */
@Component
class MirrorOwners {

	private final JdbcClient jdbc;

	private final Clock clock;

	MirrorOwners(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Map<UUID, MirrorOwner> of(Collection<UUID> mirrorIds) {
		if (mirrorIds.isEmpty()) {
			return Map.of();
		}
		Instant now = this.clock.instant();
		Map<UUID, MirrorOwner> owners = new HashMap<>();
		this.jdbc
			.sql("select mirror_id, owner, epoch, expires_at from mirror_leases"
					+ " where owner is not null and mirror_id in (:ids)")
			.param("ids", mirrorIds)
			.query((rs, row) -> {
				Instant expires = rs.getTimestamp("expires_at").toInstant();
				return Map.entry(rs.getObject("mirror_id", UUID.class),
						new MirrorOwner(rs.getString("owner"), rs.getLong("epoch"), expires, expires.isAfter(now)));
			})
			.list()
			.forEach((entry) -> owners.put(entry.getKey(), entry.getValue()));
		return owners;
	}

}
