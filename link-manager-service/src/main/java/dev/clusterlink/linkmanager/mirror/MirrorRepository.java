package dev.clusterlink.linkmanager.mirror;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.clusterlink.model.MirrorState;

import org.springframework.data.jpa.repository.JpaRepository;

interface MirrorRepository extends JpaRepository<MirrorEntity, UUID> {

	Optional<MirrorEntity> findByLinkIdAndName(UUID linkId, String name);

	boolean existsByDestinationClusterIdAndName(UUID destinationClusterId, String name);

	Optional<MirrorEntity> findByLinkIdAndSourceTopic(UUID linkId, String sourceTopic);

	List<MirrorEntity> findByLinkIdOrderByNameAsc(UUID linkId);

	List<MirrorEntity> findByLinkIdAndStateInOrderByNameAsc(UUID linkId, Collection<MirrorState> states);

	List<MirrorEntity> findByStateInOrderByNameAsc(Collection<MirrorState> states);

	List<MirrorEntity> findAllByOrderByNameAsc();

}
