package io.multiws.cluster;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterChannels}.
 *
 * @author multi-ws team
 */
class ClusterChannelsTests {

	private final ClusterChannels channels = new ClusterChannels("app:");

	@Test
	void namesAHubChannelAfterItsPath() {
		assertThat(this.channels.hubName("/rooms/42")).isEqualTo("app:hub:/rooms/42");
		assertThat(this.channels.path(this.channels.hub("/rooms/42"))).isEqualTo("/rooms/42");
	}

	@Test
	void encodesGlobCharactersAndPercent() {
		assertThat(this.channels.hubName("/rooms/a*?[b]")).isEqualTo("app:hub:/rooms/a%2A%3F%5Bb%5D");
		assertThat(this.channels.hubName("/rooms/caf%C3%A9")).isEqualTo("app:hub:/rooms/caf%25C3%25A9");
	}

	@Test
	void neverGivesTwoPathsOneChannel() {
		List<String> paths = List.of("/a*", "/a%2A", "/a%252A", "/a/b", "/a%2Fb", "/caf\u00e9", "/caf%C3%A9", "/a b",
				"/a%20b", "/a+b", "/", "/a:b", "/a%3Ab");
		Map<String, String> byChannel = new HashMap<>();
		for (String path : paths) {
			String previous = byChannel.put(this.channels.hubName(path), path);
			assertThat(previous).as("channel of %s", path).isNull();
			assertThat(this.channels.path(this.channels.hub(path))).isEqualTo(path);
		}
	}

	@Test
	void keepsTheInstancesChannelApartFromEveryHub() {
		assertThat(new String(this.channels.instances(), StandardCharsets.UTF_8)).isEqualTo("app:instances");
		assertThat(this.channels.path(this.channels.instances())).isNull();
		assertThat(this.channels.isInstances(this.channels.hub("/instances"))).isFalse();
	}

	@Test
	void ignoresChannelsOfAnotherPrefixOrMalformed() {
		assertThat(this.channels.path(bytes("other:hub:/rooms/1"))).isNull();
		assertThat(this.channels.path(bytes("app:hub:"))).isNull();
		assertThat(this.channels.path(bytes("app:hub:/rooms/%G1"))).isNull();
		assertThat(this.channels.path(bytes("app:hub:/rooms/%4"))).isNull();
		assertThat(this.channels.path(bytes("app:hub:/rooms/a*"))).isNull();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
