package dev.clusterlink.linkmanager.cluster;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ClusterRepository extends JpaRepository<ClusterEntity, UUID> {

	Optional<ClusterEntity> findByName(String name);

	Page<ClusterEntity> findAllBy(Pageable pageable);

	/** Names of the links that use a cluster as source or destination. */
	@Query(value = "select name from links where (source_cluster_id = ?1 or destination_cluster_id = ?1) and twin_of is null order by name",
			nativeQuery = true)
	List<String> linksUsing(UUID clusterId);

}
