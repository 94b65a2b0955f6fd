package dev.clusterlink.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The checkout the deployment files live in, and the facts its Maven build states
 * (modules, artifact ids, version, Java version), so that the checks compare the
 * deployment files with the build rather than with a copy of it.
 */
final class Repo {

	static final Path ROOT = root();

	private Repo() {
	}

	private static Path root() {
		String configured = System.getProperty("clusterlink.root");
		Path root = (configured != null) ? Path.of(configured) : Path.of("..");
		return root.toAbsolutePath().normalize();
	}

	static Path path(String first, String... more) {
		return ROOT.resolve(Path.of(first, more));
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The version of the build (the root pom's). */
	static String projectVersion() {
		return text(pom(ROOT), "version").orElseThrow();
	}

	/** The Java version the build compiles for ({@code java.version}). */
	static String javaVersion() {
		return child(pom(ROOT), "properties").flatMap((properties) -> text(properties, "java.version")).orElseThrow();
	}

	/** The modules of the root pom. */
	static List<String> modules() {
		return children(child(pom(ROOT), "modules").orElseThrow(), "module").stream()
			.map(Node::getTextContent)
			.map(String::trim)
			.toList();
	}

	/** The modules packaged as Spring Boot applications: the services. */
	static List<String> bootServiceModules() {
		return modules().stream().filter((module) -> {
			String pom = read(path(module, "pom.xml"));
			return pom.contains("<artifactId>spring-boot-maven-plugin</artifactId>");
		}).toList();
	}

	/** The artifact id of a module, when the module's pom is there. */
	static Optional<String> artifactId(String module) {
		Path pom = path(module, "pom.xml");
		return Files.exists(pom) ? text(pom(pom.getParent()), "artifactId") : Optional.empty();
	}

	private static Element pom(Path dir) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			return factory.newDocumentBuilder().parse(dir.resolve("pom.xml").toFile()).getDocumentElement();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot read " + dir.resolve("pom.xml"), ex);
		}
	}

	private static Optional<String> text(Element parent, String name) {
		return child(parent, name).map(Node::getTextContent).map(String::trim);
	}

	private static Optional<Element> child(Element parent, String name) {
		List<Element> found = children(parent, name);
		return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
	}

	private static List<Element> children(Element parent, String name) {
		List<Element> found = new ArrayList<>();
		for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				found.add(element);
			}
		}
		return found;
	}

}
