package dev.clusterlink.command;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A change notification on the command topic (DESIGN.md §3). Commands are never the only
 * copy of anything: a consumer re-reads the entity from Postgres and reconciles, so a
 * lost, duplicated or reordered command changes nothing. Each command is keyed by
 * {@link #key()}, the ownership key of the entity, so that it lands on the command
 * partition whose owner does the work.
 *
 * <p>
 * Wire format (JSON, one record per command):
 * {@code {"type":"MirrorChanged","entityId":"…",
 * "entityVersion":3,"timestamp":"2026-11-22T10:00:00Z","change":"UPSERTED","link":"l1","mirror":"orders"}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = ClusterChanged.class, name = "ClusterChanged"),
		@JsonSubTypes.Type(value = LinkChanged.class, name = "LinkChanged"),
		@JsonSubTypes.Type(value = MirrorChanged.class, name = "MirrorChanged") })
public sealed interface Command permits ClusterChanged, LinkChanged, MirrorChanged {

	/** The id of the changed entity (its primary key in the state store). */
	UUID entityId();

	/** The entity's version after the change (optimistic-locking version). */
	long entityVersion();

	/** When the change was committed. */
	Instant timestamp();

	/** Whether the entity was created or updated, or deleted. */
	Change change();

	/** The record key: the ownership key of DESIGN.md §3. */
	@JsonIgnore
	String key();

	/** What happened to the entity. */
	enum Change {

		UPSERTED, DELETED

	}

}
