package dev.clusterlink.linkmanager.mirror;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface MirrorPartitionRepository extends JpaRepository<MirrorPartitionEntity, MirrorPartitionEntity.Key> {

	List<MirrorPartitionEntity> findByMirrorIdInOrderByPartitionAsc(Collection<UUID> mirrorIds);

}
