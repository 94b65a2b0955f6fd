-- Fault-proof handover (issue 10, DESIGN.md §5): whether the last holder of a mirror lease released it with
-- nothing of the mirror in flight. A worker that takes over a lease that expired, or that was released after
-- its producer was aborted with sends of unknown outcome, settles the destination first: it waits until the
-- destination end offsets stop moving (late requests of the previous producer may still be appended) and
-- checks the last record against the source before it writes anything.
alter table mirror_leases add column drained boolean not null default true;
