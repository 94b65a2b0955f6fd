-- Failback (issue 13): a mirror created by :reverse copies into the topic its stopped mirror was
-- copied from. That topic exists and already holds, at identical offsets, every record before the
-- start offset the link manager recorded for each partition (start_offset, with destination_end_offset
-- at the same value): the worker adopts it as it is, without a leading-gap fill or deleteRecords.
alter table mirrors
    add column adopts_destination boolean not null default false,
    -- the stopped mirror this one reverses (informational: no foreign key, the old one may be deleted)
    add column reverse_of         uuid;
