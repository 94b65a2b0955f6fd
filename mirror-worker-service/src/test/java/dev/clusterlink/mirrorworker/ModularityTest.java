package dev.clusterlink.mirrorworker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Package-by-feature boundaries of the mirror worker. */
class ModularityTest {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.clusterlink.mirrorworker");

	@Test
	void packagesDoNotDependOnEachOtherInCycles() {
		slices().matching("dev.clusterlink.mirrorworker.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void onlyTheMirrorPackageTouchesTheCopyPipeline() {
		noClasses().that()
			.resideOutsideOfPackage("dev.clusterlink.mirrorworker.mirror..")
			.should()
			.dependOnClassesThat()
			.haveSimpleNameStartingWith("LinkPipeline")
			.check(CLASSES);
	}

	@Test
	void theReconcilerIsACoordinatorNothingCallsBackInto() {
		noClasses().that()
			.doNotHaveSimpleName("MirrorReconciler")
			.should()
			.dependOnClassesThat()
			.haveSimpleName("MirrorReconciler")
			.because("the registry (RunningMirrors), the halt policy and the runner are what the reporter, "
					+ "the topic sync and the stopper depend on")
			.check(CLASSES);
	}

}
