-- ACL sync (issue 5): the destination ACLs each link created, its ledger. ACL sync deletes only ACLs
-- listed here, so an ACL made by hand on the destination is never touched. A row is written as
-- PENDING before createAcls and becomes CREATED once the creation is confirmed and audited, so a
-- service stopped between the two settles the row in its next round without a duplicate or a loss.
-- Deleting a link drops its rows and leaves its ACLs on the destination (nothing is deleted).
create table acl_sync_bindings (
    link_id         uuid          not null references links (id) on delete cascade,
    resource_type   varchar(32)   not null,
    resource_name   varchar(1000) not null,
    pattern_type    varchar(16)   not null,
    principal       varchar(1000) not null,
    host            varchar(255)  not null,
    operation       varchar(32)   not null,
    permission_type varchar(16)   not null,
    -- PENDING or CREATED
    state           varchar(16)   not null,
    -- the rule that produced it, e.g. "ALLOW ALL narrowed to READ"
    rule            varchar(200)  not null,
    -- the source ACL it came from, as text
    source_binding  varchar(2000) not null,
    created_at      timestamptz   not null default now(),
    confirmed_at    timestamptz,
    primary key (link_id, resource_type, resource_name, pattern_type, principal, host, operation, permission_type)
);
