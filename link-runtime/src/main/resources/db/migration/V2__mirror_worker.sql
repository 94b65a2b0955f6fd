-- State of the mirror worker (issue 3): leases that fence writers, per-partition offset modes, the
-- exact range maps of TRANSLATED partitions, failover reports and read-only warnings.

alter table mirrors
    add column source_topic_id       varchar(32),
    -- read-only protection warnings, e.g. ACLs that let other principals write to the mirror
    add column warnings              jsonb not null default '[]'::jsonb,
    -- per partition: mirrored offset, source end offset when known, records left behind
    add column failover_report       jsonb,
    add column stopped_at            timestamptz,
    -- principals that got a DENY WRITE ACL from the link on this mirror (removed on promote/failover)
    add column deny_write_principals jsonb not null default '[]'::jsonb;

alter table mirror_partitions
    -- first source offset the mirror copies, fixed once at set-up
    add column start_offset             bigint,
    -- SHIFTED: source offset minus destination offset
    add column offset_delta             bigint,
    add column destination_start_offset bigint,
    add column destination_end_offset   bigint,
    -- records the mirror never copied: skipped under mirror.data.loss.policy=skip or acknowledged
    add column records_lost             bigint not null default 0,
    -- the lease epoch under which the row was last written
    add column lease_epoch              bigint;

-- TRANSLATED partitions: the destination is contiguous, the source has gaps. Each row starts a run of
-- consecutive source offsets copied to consecutive destination offsets; a run ends where the next
-- begins. Written before the first record of a run is sent, so the destination end offset always
-- maps back to exactly one source position.
create table mirror_offset_ranges (
    mirror_id         uuid    not null,
    partition         integer not null,
    source_start      bigint  not null,
    destination_start bigint  not null,
    -- set when the run ends before the next one starts: the destination offsets in between hold
    -- records that are not copies (foreign writes an operator acknowledged)
    length            bigint,
    primary key (mirror_id, partition, source_start),
    foreign key (mirror_id, partition) references mirror_partitions (mirror_id, partition) on delete cascade
);

-- Who may write a mirror: group membership says who should own it, the lease says who may write.
-- A new owner takes a lease only when it was released or has expired (database time), with the next
-- epoch; every write of the worker checks owner and epoch.
create table mirror_leases (
    mirror_id   uuid primary key references mirrors (id) on delete cascade,
    owner       varchar(200),
    epoch       bigint      not null,
    expires_at  timestamptz not null,
    acquired_at timestamptz not null,
    renewed_at  timestamptz not null
);
