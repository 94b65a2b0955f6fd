-- Built-in verification of mirrors (issue 13, point 1): one row per run of the link manager's verifier,
-- which compares a mirror's source and destination partition by partition over a source-offset range.
-- The per-partition report is jsonb, rewritten while the run progresses (about once a second).
create table verifications (
    id                 uuid primary key,
    mirror_id          uuid             not null references mirrors (id) on delete cascade,
    -- QUEUED, RUNNING, MATCHED, MISMATCHED, FAILED, CANCELLED
    state              varchar(16)      not null,
    state_reason       text,
    -- the range as requested (null: each partition's mirror start / its mirrored offset at the call)
    from_offset        bigint,
    to_offset          bigint,
    -- per partition [fromOffset, toOffset) of source offsets, fixed at the call
    ranges             jsonb            not null,
    -- per partition: status, counts, matched ranges, first mismatch, missing and extra records
    partitions         jsonb            not null,
    offsets_total      bigint           not null default 0,
    offsets_done       bigint           not null default 0,
    records_compared   bigint           not null default 0,
    records_per_second double precision not null default 0,
    requested_by       varchar(200)     not null,
    -- the link-manager process running it; it renews heartbeat_at while the run is live, so that a
    -- run whose process died is failed by any instance (the stale sweep, a singleton job)
    instance_id        varchar(64)      not null,
    heartbeat_at       timestamptz      not null,
    created_at         timestamptz      not null,
    started_at         timestamptz,
    finished_at        timestamptz
);

create index verifications_by_mirror on verifications (mirror_id, created_at desc, id);
create index verifications_live on verifications (state) where state in ('QUEUED', 'RUNNING');
