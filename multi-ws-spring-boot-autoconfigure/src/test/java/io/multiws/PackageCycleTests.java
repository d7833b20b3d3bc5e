package io.multiws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages of multi-ws depend on each other in one direction only: the API
 * ({@code hub}, {@code annotation}) on nothing of ours, the runtime ({@code core}) on the
 * API, the annotation model ({@code endpoint}) and the stack bindings on the runtime, and
 * the auto-configuration on everything. Read from the sources' imports.
 *
 * @author multi-ws team
 */
class PackageCycleTests {

	private static final Path SOURCES = Path.of("src/main/java/io/multiws");

	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.multiws\\.([a-z]+)\\.",
			Pattern.MULTILINE);

	@Test
	void noPackageDependsOnItselfThroughOthers() throws IOException {
		Map<String, Set<String>> dependencies = dependencies();
		assertThat(dependencies).containsKeys("core", "endpoint", "hub", "servlet", "reactive");
		for (String start : dependencies.keySet()) {
			assertThat(cycleFrom(start, dependencies)).as("a cycle through package io.multiws.%s", start).isEmpty();
		}
	}

	@Test
	void theApiDependsOnNothingOfTheRuntime() throws IOException {
		Map<String, Set<String>> dependencies = dependencies();
		assertThat(dependencies.get("hub")).isEmpty();
		assertThat(dependencies.get("annotation")).isSubsetOf("hub");
		assertThat(dependencies.get("core")).doesNotContain("endpoint", "servlet", "reactive", "autoconfigure");
	}

	private static Map<String, Set<String>> dependencies() throws IOException {
		Map<String, Set<String>> dependencies = new TreeMap<>();
		try (Stream<Path> packages = Files.list(SOURCES)) {
			for (Path directory : packages.filter(Files::isDirectory).toList()) {
				String name = directory.getFileName().toString();
				Set<String> imported = new TreeSet<>();
				try (Stream<Path> files = Files.list(directory)) {
					for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
						Matcher matcher = IMPORT.matcher(Files.readString(file));
						while (matcher.find()) {
							imported.add(matcher.group(1));
						}
					}
				}
				imported.remove(name);
				dependencies.put(name, imported);
			}
		}
		return dependencies;
	}

	private static List<String> cycleFrom(String start, Map<String, Set<String>> dependencies) {
		Deque<List<String>> paths = new ArrayDeque<>();
		paths.push(List.of(start));
		Set<String> seen = new TreeSet<>();
		while (!paths.isEmpty()) {
			List<String> path = paths.pop();
			for (String next : dependencies.getOrDefault(path.get(path.size() - 1), Set.of())) {
				List<String> longer = new ArrayList<>(path);
				longer.add(next);
				if (next.equals(start)) {
					return longer;
				}
				if (seen.add(next)) {
					paths.push(longer);
				}
			}
		}
		return List.of();
	}

}
