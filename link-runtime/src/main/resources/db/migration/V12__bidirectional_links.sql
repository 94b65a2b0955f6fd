-- Bidirectional links (issue 13, DESIGN.md §5): a link with link.mode=BIDIRECTIONAL is stored as two
-- rows, the link itself (A -> B) and a hidden twin (B -> A) with the same configs, created, changed
-- and deleted with it. Every service reads the twin as an ordinary link, so the reverse direction
-- needs no change in the data path. The twin's name is the link's name followed by '~reverse', which
-- no user name can hold (names match [A-Za-z0-9][A-Za-z0-9._-]{0,99}); hence the longer column.
alter table links
    alter column name type varchar(120),
    add column twin_of uuid references links (id) on delete cascade;

create unique index links_twin_of on links (twin_of);
