package io.multiws.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HubPaths}.
 *
 * @author multi-ws team
 */
class HubPathsTests {

	@ParameterizedTest
	@CsvSource({ "/chat/a, /chat/a", "/chat/%61, /chat/a", "/chat/a/, /chat/a", "/chat/a;jsessionid=1, /chat/a",
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
			"/chat/..;x=1" })
	void refusesPathsThatCannotBeHubKeys(String raw) {
		assertThatExceptionOfType(InvalidHubPathException.class).isThrownBy(() -> HubPaths.canonicalize(raw, 256))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST));
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
