-- Consumer-offset sync (issue 4): what each link's offset sync saw and did, per consumer group and per
-- partition of a mirrored topic. Written by the offset-sync service's rounds and by the mirror worker's
-- final sync on promote and failover; read by GET /api/v1/links/{link}/consumer-groups. The offsets
-- themselves live on the destination cluster, which every round reads again: these rows are the record
-- of the last rounds, never a checkpoint to resume from, so a restart cannot rewind a group.
-- Group names are the same on both clusters; only topic names differ (through the mirror table).
create table consumer_offset_sync_groups (
    link_id             uuid          not null references links (id) on delete cascade,
    group_id            varchar(255)  not null,
    -- why the last round left the whole group alone (e.g. active members on the destination, deleted on
    -- the source); null when the round synced it
    skip_reason         varchar(2000),
    -- members the group had on the destination in the last round
    destination_members integer       not null default 0,
    -- the last round that looked at the group
    last_round_at       timestamptz   not null,
    -- the last round after which every partition of the group was at its translated position
    last_synced_at      timestamptz,
    primary key (link_id, group_id)
);

create table consumer_offset_sync_partitions (
    link_id            uuid          not null,
    group_id           varchar(255)  not null,
    source_topic       varchar(249)  not null,
    partition          integer       not null,
    -- the mirror topic on the destination (the mirror's name, not a string prefix)
    mirror_topic       varchar(249)  not null,
    -- IDENTICAL, SHIFTED or TRANSLATED when the partition was set up
    offset_mode        varchar(16),
    -- the group's committed offset on the source
    source_offset      bigint        not null,
    -- where that puts the group on the destination: translated by the offset mode and clamped to the
    -- mirrored data; null when it cannot be translated (see skip_reason)
    translated_offset  bigint,
    -- true when the source offset was not mirrored yet: translated_offset is the mirrored end
    clamped            boolean       not null default false,
    -- the group's committed offset on the destination after the round (null: none)
    destination_offset bigint,
    -- the last offset the link wrote for this partition, and when
    written_offset     bigint,
    written_at         timestamptz,
    -- why the last round did not put the partition at translated_offset; null when it is there
    skip_reason        varchar(2000),
    -- the last round after which the destination was at translated_offset
    last_synced_at     timestamptz,
    updated_at         timestamptz   not null,
    primary key (link_id, group_id, source_topic, partition),
    foreign key (link_id, group_id) references consumer_offset_sync_groups (link_id, group_id) on delete cascade
);
