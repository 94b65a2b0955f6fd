-- The state store every service shares (DESIGN.md §3). Desired state (clusters, links, mirrors and
-- their requested lifecycle) is written by the link manager; observed state (mirror partitions) by
-- the service that observes it. Every entity carries a version bumped by each change (optimistic
-- locking); commands on the command topic carry that version.

create table clusters (
    id                uuid primary key,
    name              varchar(100) not null unique,
    bootstrap_servers varchar(2000) not null,
    -- allow-listed client properties without secrets
    properties        jsonb not null default '{}'::jsonb,
    -- secret client properties: key -> AES-GCM token "v1:<keyId>:<base64url>" (never plaintext)
    secret_properties jsonb not null default '{}'::jsonb,
    version           bigint not null,
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);

create table links (
    id                     uuid primary key,
    name                   varchar(100) not null unique,
    source_cluster_id      uuid not null references clusters (id),
    destination_cluster_id uuid not null references clusters (id),
    -- link configs the operator set, canonical strings; defaults are not stored
    configs                jsonb not null default '{}'::jsonb,
    state                  varchar(32) not null,
    state_reason           varchar(2000),
    state_changed_at       timestamptz not null,
    version                bigint not null,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    constraint links_distinct_clusters check (source_cluster_id <> destination_cluster_id)
);

create index links_source_cluster on links (source_cluster_id);
create index links_destination_cluster on links (destination_cluster_id);

create table mirrors (
    id                     uuid primary key,
    link_id                uuid not null references links (id) on delete cascade,
    -- copied from the link: a mirror topic name is unique on its destination cluster
    destination_cluster_id uuid not null references clusters (id),
    name                   varchar(249) not null,
    source_topic           varchar(249) not null,
    state                  varchar(32) not null,
    state_reason           varchar(2000),
    stopped_by             varchar(16),
    state_changed_at       timestamptz not null,
    version                bigint not null,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    constraint mirrors_name_per_destination unique (destination_cluster_id, name),
    constraint mirrors_source_per_link unique (link_id, source_topic)
);

create index mirrors_state on mirrors (state);

-- Observed per-partition progress, written by the mirror worker that owns the mirror.
create table mirror_partitions (
    mirror_id           uuid not null references mirrors (id) on delete cascade,
    partition           integer not null,
    state               varchar(32) not null,
    offset_mode         varchar(16),
    source_start_offset bigint,
    source_end_offset   bigint,
    -- the next source offset to copy
    mirrored_offset     bigint,
    lag                 bigint,
    last_error          varchar(2000),
    version             bigint not null default 0,
    updated_at          timestamptz not null,
    primary key (mirror_id, partition)
);

create table audit_log (
    id             bigserial primary key,
    occurred_at    timestamptz not null default now(),
    actor          varchar(200) not null,
    client_address varchar(100),
    request_id     varchar(100),
    action         varchar(64) not null,
    entity_type    varchar(32) not null,
    entity_name    varchar(400) not null,
    entity_id      uuid,
    entity_version bigint,
    -- what changed, never a secret value
    details        jsonb not null default '{}'::jsonb
);

create index audit_log_occurred on audit_log (occurred_at desc, id desc);
create index audit_log_entity on audit_log (entity_type, entity_name);

-- ShedLock: one instance of the link manager runs each singleton job (auto-create, availability checks).
create table shedlock (
    name       varchar(64) primary key,
    lock_until timestamptz not null,
    locked_at  timestamptz not null,
    locked_by  varchar(255) not null
);
