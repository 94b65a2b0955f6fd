package dev.clusterlink.linkmanager.security;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every handler of the API states the role it needs: a new handler without a
 * {@code @PreAuthorize} fails the build (and, at run time, method security would let any
 * authenticated caller in).
 */
class RoleRulesTest {

	@Test
	void everyHandlerHasARoleRule() throws Exception {
		var scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
		List<String> handlers = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (var candidate : scanner.findCandidateComponents("dev.clusterlink.linkmanager")) {
			Class<?> controller = ClassUtils.forName(candidate.getBeanClassName(), getClass().getClassLoader());
			for (Method method : controller.getDeclaredMethods()) {
				if (!AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class)) {
					continue;
				}
				String name = controller.getSimpleName() + "." + method.getName();
				handlers.add(name);
				PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(method, PreAuthorize.class);
				if (rule == null || !rule.value().contains("hasRole(")) {
					missing.add(name);
				}
			}
		}
		assertThat(handlers).as("handlers found").hasSizeGreaterThan(30);
		assertThat(missing).as("handlers without a @PreAuthorize role rule").isEmpty();
	}

	@Test
	void rolesImplyTheRolesBelowThem() {
		assertThat(Role.ADMIN.authorities()).extracting(Object::toString)
			.containsExactlyInAnyOrder("ROLE_viewer", "ROLE_operator", "ROLE_admin");
		assertThat(Role.OPERATOR.authorities()).extracting(Object::toString)
			.containsExactlyInAnyOrder("ROLE_viewer", "ROLE_operator");
		assertThat(Role.VIEWER.authorities()).extracting(Object::toString).containsExactly("ROLE_viewer");
	}

}
