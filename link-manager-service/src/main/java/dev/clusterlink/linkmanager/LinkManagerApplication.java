package dev.clusterlink.linkmanager;

import java.time.Clock;

import javax.sql.DataSource;

import dev.clusterlink.kafka.KafkaJvmHardening;
import dev.clusterlink.runtime.secret.SecretCipherConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The link manager: the REST control plane of the clusterlink suite. The cipher of
 * cluster secrets is link-runtime's, as in every service.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@Import(SecretCipherConfiguration.class)
@EnableScheduling
@ConfigurationPropertiesScan
public class LinkManagerApplication {

	public static void main(String[] args) {
		KafkaJvmHardening.apply();
		SpringApplication.run(LinkManagerApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	LockProvider lockProvider(DataSource dataSource) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.usingDbTime()
			.build());
	}

}
