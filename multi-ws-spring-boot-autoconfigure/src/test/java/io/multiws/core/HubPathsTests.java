package io.multiws.core;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HubPaths}.
 *
 * @author multi-ws team
 */
class HubPathsTests {

	@ParameterizedTest
	@CsvSource({ "/chat/a, /chat/a", "/chat/%61, /chat/a", "/chat/a;jsessionid=1, /chat/a",
			"/chat/a%20b, /chat/a%20b", "/chat/a b, /chat/a%20b", "/chat/%c3%a9, /chat/%C3%A9", "/chat/é, /chat/%C3%A9",
			"/chat/a%3Bb, /chat/a%3Bb", "/chat/a%25b, /chat/a%25b", "/, /", "/t/acme/feed, /t/acme/feed",
			"/chat/~user., /chat/~user." })
	void canonicalizes(String raw, String key) {
		assertThat(HubPaths.canonicalize(raw, 256)).isEqualTo(key);
	}

	@Test
	void returnsAnAlreadyCanonicalPathAsItIs() {
		String path = "/rooms/lobby";
		assertThat(HubPaths.canonicalize(path, 256)).isSameAs(path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/chat/a%2Fb", "/chat/a%5Cb", "/chat/..", "/chat/.", "/chat/%2e%2E", "/chat//a",
			"/chat/a%00", "/chat/a%0a", "/chat/a%7F", "/chat/%zz", "/chat/%4", "/chat/%C0%AF", "chat/a",
			"/chat/..;x=1", "/chat/a/", "/chat/a/;x=1", "/chat/", "/chat/a/%2e", "/chat/a/." })
	void refusesPathsThatCannotBeHubKeys(String raw) {
		assertThatExceptionOfType(InvalidHubPathException.class).isThrownBy(() -> HubPaths.canonicalize(raw, 256))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin/room", "/admin/%72oom", "/%61dmin/room", "/admin/room;x=1", "/admin;x=1/room",
			"/admin/r%C3%A9", "/admin/ro%20om", "/team/a", "/vault", "/vault/x/y", "/admin/room/", "/admin/room/.",
			"/admin//room", "/admin/./room", "/admin/x/../room", "/admin/room%2F", "/team/a/", "/vault/x/" })
	void everyAcceptedPathIsMatchedBySpringPathPatternsExactlyAsItsKey(String raw) {
		String key;
		try {
			key = HubPaths.canonicalize(raw, 256);
		}
		catch (InvalidHubPathException ex) {
			return;
		}
		for (String pattern : List.of("/admin/{room}", "/admin/*", "/admin/**", "/team/*", "/vault/**", "/{a}/{b}",
				"/admin/room", "/{*rest}")) {
			PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
			assertThat(parsed.matches(PathContainer.parsePath(key))).as("%s against %s", raw, pattern)
				.isEqualTo(parsed.matches(PathContainer.parsePath(raw)));
		}
	}

	@Test
	void refusesATrailingSlashWithAnActionableReason() {
		assertThatExceptionOfType(InvalidHubPathException.class).isThrownBy(() -> HubPaths.canonicalize("/chat/a/", 256))
			.withMessageContaining("trailing '/'");
	}

	@Test
	void refusesKeysLongerThanTheMaximumWith414() {
		assertThatExceptionOfType(InvalidHubPathException.class)
			.isThrownBy(() -> HubPaths.canonicalize("/chat/" + "a".repeat(20), 16))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.URI_TOO_LONG));
		assertThatExceptionOfType(InvalidHubPathException.class)
			.isThrownBy(() -> HubPaths.canonicalize("/chat/" + "%61".repeat(20), 16))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.URI_TOO_LONG));
	}

	@Test
	void neverYieldsAKeyWithControlCharactersOrDotSegments() {
		for (int c = 0; c < 256; c++) {
			String raw = "/chat/x%" + String.format("%02X", c) + "y";
			try {
				String key = HubPaths.canonicalize(raw, 256);
				assertThat(key.chars()).noneMatch((ch) -> ch < 0x20 || ch == 0x7F);
				assertThat(key).startsWith("/chat/");
				assertThat(key.substring("/chat/".length())).doesNotContain("/").doesNotContain("..");
			}
			catch (InvalidHubPathException ex) {
				assertThat(ex.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
			}
		}
	}

}
