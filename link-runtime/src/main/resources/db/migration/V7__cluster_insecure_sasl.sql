-- Issue 12: SASL over plaintext sends credentials in the clear (and SCRAM over plaintext
-- is open to CVE-2024-56128), so the link manager accepts a SASL_PLAINTEXT cluster only
-- when the operator says so. Clusters registered before this rule keep working.
alter table clusters add column insecure_sasl_accepted boolean not null default false;

update clusters set insecure_sasl_accepted = true
 where upper(properties ->> 'security.protocol') = 'SASL_PLAINTEXT';
