package dev.clusterlink.linkmanager.mirror;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.clusterlink.model.MirrorState;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface MirrorRepository extends JpaRepository<MirrorEntity, UUID> {

	Optional<MirrorEntity> findByLinkIdAndName(UUID linkId, String name);

	boolean existsByDestinationClusterIdAndName(UUID destinationClusterId, String name);

	Optional<MirrorEntity> findByDestinationClusterIdAndName(UUID destinationClusterId, String name);

	Optional<MirrorEntity> findByLinkIdAndSourceTopic(UUID linkId, String sourceTopic);

	Page<MirrorEntity> findByLinkId(UUID linkId, Pageable pageable);

	List<MirrorEntity> findByLinkIdOrderByNameAsc(UUID linkId);

	Page<MirrorEntity> findByLinkIdAndStateIn(UUID linkId, Collection<MirrorState> states, Pageable pageable);

	Page<MirrorEntity> findAllBy(Pageable pageable);

	Page<MirrorEntity> findByStateIn(Collection<MirrorState> states, Pageable pageable);

	Page<MirrorEntity> findByLinkIdIn(Collection<UUID> linkIds, Pageable pageable);

	Page<MirrorEntity> findByLinkIdInAndStateIn(Collection<UUID> linkIds, Collection<MirrorState> states,
			Pageable pageable);

}
