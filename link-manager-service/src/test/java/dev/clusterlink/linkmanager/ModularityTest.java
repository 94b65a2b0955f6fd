package dev.clusterlink.linkmanager;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Package-by-feature boundaries of the link manager. */
class ModularityTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.clusterlink.linkmanager");

	@Test
	void featuresDoNotDependOnEachOtherInCycles() {
		slices().matching("dev.clusterlink.linkmanager.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void entitiesAndRepositoriesStayInsideTheirFeature() {
		classes().that().areAnnotatedWith(Entity.class).should().notHaveModifier(JavaModifier.PUBLIC).check(CLASSES);
		classes().that().areAssignableTo(Repository.class).should().notBePublic().check(CLASSES);
	}

	@Test
	void controllersTalkToServicesOnly() {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat()
			.areAssignableTo(Repository.class)
			.check(CLASSES);
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat()
			.areAnnotatedWith(Entity.class)
			.check(CLASSES);
	}

}
