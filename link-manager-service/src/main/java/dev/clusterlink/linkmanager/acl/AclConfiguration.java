package dev.clusterlink.linkmanager.acl;

import javax.sql.DataSource;

import dev.clusterlink.runtime.acl.AclLedger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ACL ledger the ACL sync service writes, read here for the API. */
@Configuration(proxyBeanMethods = false)
class AclConfiguration {

	@Bean
	AclLedger aclLedger(DataSource dataSource) {
		return new AclLedger(dataSource);
	}

}
