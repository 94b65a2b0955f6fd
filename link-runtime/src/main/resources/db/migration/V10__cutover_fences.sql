-- Fences a cutover put on the source (issue 13): one DENY WRITE ACL (LITERAL topic, host *) per row,
-- recorded before it is created, so that :unfence deletes exactly the ACLs cutover created (an ACL
-- that existed before the cutover is never recorded, so never deleted). Deleting the link forgets
-- the rows; the ACLs then stay on the source (lift the fence first).
create table cutover_fences (
    link_id           uuid not null references links (id) on delete cascade,
    source_cluster_id uuid not null,
    topic             varchar(249) not null,
    principal         varchar(400) not null,
    created_at        timestamptz not null,
    created_by        varchar(200) not null,
    primary key (link_id, topic, principal)
);
