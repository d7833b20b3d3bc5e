package com.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM that the README has applications import manages every published multi-ws
 * artifact, and nothing else: no parent, so that importing it leaves an application's
 * Spring Boot versions alone. (That this module builds without a version on any multi-ws
 * artifact is the other half of the proof.)
 *
 * @author multi-ws team
 */
class DependenciesBomTests {

	private static final Pattern MODULE = Pattern.compile("<module>(multi-ws-[\\w-]+)</module>");

	private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([\\w-]+)</artifactId>");

	@Test
	void managesEveryPublishedArtifactOfTheBuild() throws IOException {
		List<String> published = matches(MODULE, Files.readString(Path.of("../pom.xml")));
		published.remove("multi-ws-dependencies");
		assertThat(published).hasSizeGreaterThanOrEqualTo(5);
		assertThat(managed()).containsExactlyInAnyOrderElementsOf(published);
	}

	@Test
	void hasNoParentAndManagesOnlyMultiWs() throws IOException {
		String bom = Files.readString(Path.of("../multi-ws-dependencies/pom.xml"));
		assertThat(bom).doesNotContain("<parent>");
		assertThat(matches(Pattern.compile("<groupId>([\\w.-]+)</groupId>"), bom)).containsOnly("io.multiws");
	}

	private static List<String> managed() throws IOException {
		String bom = Files.readString(Path.of("../multi-ws-dependencies/pom.xml"));
		String management = bom.substring(bom.indexOf("<dependencyManagement>"));
		return matches(ARTIFACT, management);
	}

	private static List<String> matches(Pattern pattern, String text) {
		List<String> found = new ArrayList<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

}
