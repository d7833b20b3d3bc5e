package io.multiws.cluster;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

	@Test
	void tagsEachHubWithItsPathOnARedisCluster() {
		ClusterChannels tagged = new ClusterChannels("app:", true);
		assertThat(tagged.hubName("/rooms/42")).isEqualTo("app:hub:{/rooms/42}");
		assertThat(tagged.historyStream("/rooms/42")).isEqualTo("app:history:{/rooms/42}");
		assertThat(tagged.historyId("/rooms/42")).isEqualTo("app:history-id:{/rooms/42}");
		assertThat(tagged.historyBytes("/rooms/42")).isEqualTo("app:history-bytes:{/rooms/42}");
		assertThat(tagged.path(tagged.hub("/rooms/42"))).isEqualTo("/rooms/42");
		assertThat(new String(tagged.instances(), StandardCharsets.UTF_8)).isEqualTo("app:instances");
	}

	@Test
	void putsAHubsChannelAndKeysInOneSlotEvenWithBracesInItsPath() {
		ClusterChannels tagged = new ClusterChannels("app:", true);
		for (String path : List.of("/rooms/42", "/rooms/{x}", "/rooms/a}b{c", "/rooms/{}", "/rooms/}{", "/café")) {
			int slot = SlotHash.getSlot(tagged.historyStream(path));
			assertThat(SlotHash.getSlot(tagged.historyId(path))).as("id counter of %s", path).isEqualTo(slot);
			assertThat(SlotHash.getSlot(tagged.historyBytes(path))).as("byte counter of %s", path).isEqualTo(slot);
			assertThat(SlotHash.getSlot(tagged.hubName(path))).as("channel of %s", path).isEqualTo(slot);
			assertThat(tagged.hubName(path)).as("one tag, the whole path").containsOnlyOnce("{").containsOnlyOnce("}");
			assertThat(tagged.path(tagged.hub(path))).isEqualTo(path);
		}
		assertThat(SlotHash.getSlot(tagged.hubName("/rooms/{x}")))
			.as("not the slot of the path's own braces")
			.isNotEqualTo(SlotHash.getSlot("x"));
	}

	@Test
	void spreadsHubsOverSlots() {
		ClusterChannels tagged = new ClusterChannels("app:", true);
		Set<Integer> slots = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			slots.add(SlotHash.getSlot(tagged.hubName("/rooms/" + i)));
		}
		assertThat(slots).as("slots of 1000 hubs").hasSizeGreaterThan(950);
	}

	@Test
	void refusesAPrefixWithABraceOnARedisCluster() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClusterChannels("app{1}:", true))
			.withMessageContaining("'multi-ws.cluster.channel-prefix' must not hold '{' or '}'");
		assertThat(new ClusterChannels("app{1}:", false).hubName("/a")).isEqualTo("app{1}:hub:/a");
	}

	@Test
	void ignoresAnUntaggedChannelOnARedisCluster() {
		ClusterChannels tagged = new ClusterChannels("app:", true);
		assertThat(tagged.path(bytes("app:hub:/rooms/1"))).isNull();
		assertThat(tagged.path(bytes("app:hub:{/rooms/1"))).isNull();
		assertThat(tagged.path(bytes("app:hub:{}"))).isNull();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
