package com.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README shows the sources of this module verbatim, so that what it shows compiles
 * and runs ({@link QuickStartTests}, and the tests of the testing section,
 * {@link RoomsTests}, {@code GreeterEndpointTests} and {@code RoomEndpointTests}):
 * every Java snippet that starts with a {@code package} line is the file of that package
 * and type, in the main or the test sources, and the quick start's build snippets are in
 * this module's {@code pom.xml}.
 *
 * @author multi-ws team
 */
class ReadmeSnippetsTests {

	private static final Path README = Path.of("../README.md");

	private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("src/test/java"));

	private static final List<String> SNIPPETS = List.of("com/example/rooms/RoomEndpoint.java",
			"com/example/rooms/NewsController.java", "com/example/games/GameEndpoint.java",
			"com/example/trading/TradingEndpoint.java", "com/example/support/SupportEndpoint.java",
			"com/example/RoomsTests.java", "com/example/greeter/GreeterEndpointTests.java",
			"com/example/rooms/RoomEndpointTests.java");

	private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```$");

	private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);$");

	private static final Pattern TYPE = Pattern
		.compile("(?m)^(?:public )?(?:final )?(?:class|record|interface|enum|@interface) (\\w+)");

	@Test
	void everyJavaSnippetWithAPackageIsTheSourceFileOfItsType() throws IOException {
		List<String> shown = new ArrayList<>();
		for (String snippet : blocks(Files.readString(README), "java")) {
			if (!snippet.startsWith("package ")) {
				continue;
			}
			String file = sourceFile(snippet);
			Path source = SOURCES.stream()
				.map((sources) -> sources.resolve(file))
				.filter(Files::exists)
				.findFirst()
				.orElse(null);
			assertThat(source).as("the source of a README snippet, %s, in %s", file, SOURCES).isNotNull();
			assertThat(snippet).as("the README's snippet of %s", file).isEqualTo(Files.readString(source));
			shown.add(file);
		}
		assertThat(shown).as("the snippets the README shows").containsExactlyInAnyOrderElementsOf(SNIPPETS);
	}

	@Test
	void theQuickStartsBuildSnippetsAreInThePomOfThisModule() throws IOException {
		String readme = Files.readString(README);
		String quickStart = readme.substring(readme.indexOf("\n## Quick start\n"));
		quickStart = quickStart.substring(0, quickStart.indexOf("\n## ", 1));
		List<String> snippets = blocks(quickStart, "xml");
		assertThat(snippets).as("the quick start's build snippets").hasSize(2);
		List<String> pom = stripped(Files.readString(Path.of("pom.xml")));
		for (String snippet : snippets) {
			assertThat(Collections.indexOfSubList(pom, stripped(snippet))).as("the quick start's snippet%n%s%nin "
					+ "readme-snippets/pom.xml", snippet)
				.isNotNegative();
		}
	}

	private static List<String> blocks(String markdown, String language) {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = BLOCK.matcher(markdown);
		while (matcher.find()) {
			if (matcher.group(1).equals(language)) {
				blocks.add(matcher.group(2));
			}
		}
		return blocks;
	}

	private static String sourceFile(String snippet) {
		Matcher packageName = PACKAGE.matcher(snippet);
		Matcher type = TYPE.matcher(snippet);
		assertThat(packageName.find() && type.find()).as("a package and a type in%n%s", snippet).isTrue();
		return packageName.group(1).replace('.', '/') + "/" + type.group(1) + ".java";
	}

	private static List<String> stripped(String text) {
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

}
