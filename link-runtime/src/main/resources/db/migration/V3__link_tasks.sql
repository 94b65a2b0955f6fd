-- Status of the periodic tasks a link runs in the data-plane services (Confluent's "link tasks"):
-- AclSync, ConsumerOffsetSync, TopicConfigSync. Written by the service that runs the task, shown by
-- GET /api/v1/links/{link}.
create table link_tasks (
    link_id         uuid        not null references links (id) on delete cascade,
    task            varchar(64) not null,
    -- ACTIVE, IN_ERROR, UNAVAILABLE, NOT_CONFIGURED, PAUSED
    state           varchar(32) not null,
    reason          varchar(2000),
    last_success_at timestamptz,
    updated_at      timestamptz not null,
    primary key (link_id, task)
);
