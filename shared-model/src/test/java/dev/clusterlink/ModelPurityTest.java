package dev.clusterlink;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * shared-model is the model (DESIGN.md §2): plain Java that every service shares. What
 * runs — JDBC, Admin calls, clients, Spring — lives in link-runtime or in the service
 * that owns it.
 */
class ModelPurityTest {

	private static final JavaClasses MODEL = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.clusterlink")
		.that(com.tngtech.archunit.base.DescribedPredicate.describe("in shared-model",
				(javaClass) -> javaClass.getSource()
					.map((source) -> source.getUri().toString().contains("/shared-model/"))
					.orElse(false)));

	@Test
	void theModelHoldsNoJdbc() {
		noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..").check(MODEL);
	}

	@Test
	void theModelMakesNoKafkaCalls() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.kafka.clients.admin..", "org.apache.kafka.clients.producer..")
			.orShould()
			.dependOnClassesThat()
			.haveSimpleNameStartingWith("KafkaConsumer")
			.check(MODEL);
	}

	@Test
	void theModelKnowsNoSpring() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(MODEL);
	}

}
