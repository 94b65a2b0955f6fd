package dev.clusterlink.offsetsync;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Package boundaries of the offset sync service, and the plain-Java rules it builds on.
 */
class ModularityTest {

	private static final JavaClasses SERVICE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.clusterlink.offsetsync");

	/**
	 * shared-model's offset sync rules, without its test-jar (test brokers may use
	 * Spring).
	 */
	private static final JavaClasses RULES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> !location.contains("-tests.jar"))
		.importPackages("dev.clusterlink.offsets");

	@Test
	void packagesDoNotDependOnEachOtherInCycles() {
		slices().matching("dev.clusterlink.offsetsync.(*)..").should().beFreeOfCycles().check(SERVICE);
	}

	@Test
	void onlyTheOffsetsPackageTalksToKafkaClusters() {
		noClasses().that()
			.resideOutsideOfPackage("dev.clusterlink.offsetsync.offsets..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.apache.kafka.clients.admin..")
			.check(SERVICE);
	}

	@Test
	void theReconcileLoopIsNotPublicApi() {
		classes().that()
			.resideInAPackage("dev.clusterlink.offsetsync.offsets..")
			.and()
			.areTopLevelClasses()
			.should()
			.notBePublic()
			.check(SERVICE);
	}

	@Test
	void theSharedRulesArePlainJava() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(RULES);
	}

}
