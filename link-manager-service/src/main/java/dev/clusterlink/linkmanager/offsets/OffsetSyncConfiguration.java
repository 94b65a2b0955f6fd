package dev.clusterlink.linkmanager.offsets;

import javax.sql.DataSource;

import dev.clusterlink.runtime.offsets.OffsetSyncStore;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The record of consumer-offset sync that the offset-sync service and the mirror worker's
 * final sync write, read here for the API.
 */
@Configuration(proxyBeanMethods = false)
class OffsetSyncConfiguration {

	@Bean
	OffsetSyncStore offsetSyncStore(DataSource dataSource) {
		return new OffsetSyncStore(dataSource);
	}

}
