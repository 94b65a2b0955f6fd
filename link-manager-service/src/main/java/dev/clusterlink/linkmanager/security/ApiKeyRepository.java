package dev.clusterlink.linkmanager.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, UUID> {

	Optional<ApiKeyEntity> findByKeyId(String keyId);

	Optional<ApiKeyEntity> findByNameAndRevokedAtIsNull(String name);

	Page<ApiKeyEntity> findAllByRevokedAtIsNull(Pageable pageable);

	List<ApiKeyEntity> findAllByRoleAndLinksIsNullAndRevokedAtIsNull(String role);

}
