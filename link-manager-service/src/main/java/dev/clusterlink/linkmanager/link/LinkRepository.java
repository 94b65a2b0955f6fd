package dev.clusterlink.linkmanager.link;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface LinkRepository extends JpaRepository<LinkEntity, UUID> {

	/** A link by the name users know: never a twin row. */
	Optional<LinkEntity> findByNameAndTwinOfIsNull(String name);

	/** The hidden reverse row of a bidirectional link. */
	Optional<LinkEntity> findByTwinOf(UUID linkId);

	List<LinkEntity> findByTwinOfIn(Collection<UUID> linkIds);

	/** Every row, twins included, for the periodic jobs. */
	List<LinkEntity> findAllByOrderByNameAsc();

	Page<LinkEntity> findByTwinOfIsNull(Pageable pageable);

	Page<LinkEntity> findByNameInAndTwinOfIsNull(Collection<String> names, Pageable pageable);

	List<LinkEntity> findByNameInAndTwinOfIsNull(Collection<String> names);

	/** The mirrors of a link, read without depending on the mirror feature. */
	@Query(value = "select id, name, state, version from mirrors where link_id = ?1 order by name", nativeQuery = true)
	List<LinkMirror> mirrorsOf(UUID linkId);

	@Query(value = "select count(*) from mirrors where link_id = ?1", nativeQuery = true)
	long countMirrors(UUID linkId);

	/** The task statuses of a link, as the data-plane services recorded them. */
	@Query(value = "select task, state, reason, last_success_at as lastSuccessAt, updated_at as updatedAt "
			+ "from link_tasks where link_id = ?1 order by task", nativeQuery = true)
	List<LinkTask> tasksOf(UUID linkId);

	/** A task status row. */
	interface LinkTask {

		String getTask();

		String getState();

		String getReason();

		java.time.Instant getLastSuccessAt();

		java.time.Instant getUpdatedAt();

	}

	/** A mirror of a link, as the link feature sees it. */
	interface LinkMirror {

		UUID getId();

		String getName();

		String getState();

		long getVersion();

	}

}
