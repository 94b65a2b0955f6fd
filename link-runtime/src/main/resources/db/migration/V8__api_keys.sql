-- API keys of the link manager (issue 12). The key itself (clk_<key_id>_<secret>) is never stored:
-- secret_hash is a slow salted hash ({pbkdf2@SpringSecurity_v5_8}...) of the whole key.
create table api_keys (
    id           uuid primary key,
    key_id       varchar(12) not null unique,
    name         varchar(100) not null,
    role         varchar(16) not null check (role in ('viewer', 'operator', 'admin')),
    -- null: every link; else a JSON array of link names the key may see
    links        jsonb,
    secret_hash  varchar(255) not null,
    created_at   timestamptz not null,
    created_by   varchar(200) not null,
    -- written at most once a minute per key
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   varchar(200),
    version      bigint not null
);

-- a name is unique among the keys that are not revoked
create unique index api_keys_active_name on api_keys (name) where revoked_at is null;

-- accepted: a change that was made; refused: a change that authentication or authorization refused
alter table audit_log add column outcome varchar(16) not null default 'accepted';
