package dev.clusterlink.linkmanager.audit;

import org.springframework.data.jpa.repository.JpaRepository;

interface AuditEntryRepository extends JpaRepository<AuditEntryEntity, Long> {

}
