package io.multiws.test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import io.multiws.features.HubFeatureSettings;
import io.multiws.features.PresenceView;
import io.multiws.hub.WsPresenceMember;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameFormat}: the envelope of message ids and presence, read with an
 * endpoint's settings or, without them, by shape.
 *
 * @author multi-ws team
 */
class FrameFormatTests {

	private static final TestJson JSON = new TestJson(new JsonMapper());

	private static final FrameFormat IDS_AND_PRESENCE = FrameFormat.of("lobby",
			new HubFeatureSettings(10, Duration.ZERO, 1024, true, true, true, PresenceView.FULL, 4096));

	@Test
	void byShapeATextWithDigitsAndAColonIsANumberedMessage() {
		WsMessage message = (WsMessage) FrameFormat.BY_SHAPE.read("1796662998813001:e4", "/t", JSON);
		assertThat(message.id()).isEqualTo(1796662998813001L);
		assertThat(message.payload()).isEqualTo("e4");
		assertThat(((WsMessage) FrameFormat.BY_SHAPE.read("welcome: 3 here", "/t", JSON)).hasId()).isFalse();
		assertThat(((WsMessage) FrameFormat.BY_SHAPE.read(":e4", "/t", JSON)).hasId()).isFalse();
	}

	@Test
	void byShapeGapsAndPresenceFramesAreSignals() {
		assertThat(FrameFormat.BY_SHAPE.read("gap:17", "/t", JSON)).isEqualTo(new FrameFormat.Gap(17));
		WsPresenceFrame state = (WsPresenceFrame) FrameFormat.BY_SHAPE.read(
				"{\"presence\":\"state\",\"members\":[{\"key\":\"alice\",\"metadata\":{\"team\":\"red\"},\"sessions\":2}]}",
				"/t", JSON);
		assertThat(state.type()).isEqualTo(WsPresenceFrame.Type.STATE);
		assertThat(state.members()).containsExactly(new WsPresenceMember("alice", Map.of("team", "red"), 2));
		WsPresenceFrame diff = (WsPresenceFrame) FrameFormat.BY_SHAPE.read(
				"{\"presence\":\"diff\",\"joins\":[{\"key\":\"carol\",\"metadata\":{},\"sessions\":1},{\"key\":\"dave\"}],"
						+ "\"leaves\":[{\"key\":\"bob\"}]}",
				"/t", JSON);
		assertThat(diff.type()).isEqualTo(WsPresenceFrame.Type.DIFF);
		assertThat(diff.joins()).containsExactly(new WsPresenceMember("carol", Map.of(), 1),
				new WsPresenceMember("dave", Map.of(), 0));
		assertThat(diff.leaves()).containsExactly("bob");
		assertThat(diff.joins("dave")).isTrue();
		assertThat(diff.leaves("bob")).isTrue();
		assertThat(diff.leaves("carol")).isFalse();
		assertThat(diff).hasToString("presence diff joins [carol, dave] leaves [bob]");
	}

	@Test
	void aFrameThatOnlyLooksLikePresenceIsAMessage() {
		assertThat(IDS_AND_PRESENCE.read("{\"presence\":\"leave\",\"key\":\"bob\"}", "/t", JSON))
			.isInstanceOf(WsMessage.class);
		assertThat(IDS_AND_PRESENCE.read("{\"presence\":\"diff\",\"joins\":[]}", "/t", JSON))
			.isInstanceOf(WsMessage.class);
	}

	@Test
	void aFormatWithoutPresenceForAnonymousSessionsSaysWhichPropertyToSet() {
		FrameFormat hidden = FrameFormat.of("lobby", new HubFeatureSettings(0, Duration.ZERO, 0, false, true, true));
		assertThat(hidden).hasToString("presence frames (none for a session without a principal, as "
				+ "multi-ws.endpoints.lobby.presence.anonymous-view is none: set it to full or keys, "
				+ "or connect with a principal)");
	}

	@Test
	void byShapeBinaryFramesCarryNoId() {
		byte[] bytes = ByteBuffer.allocate(10).putLong(7).put((byte) 1).put((byte) 2).array();
		WsMessage message = (WsMessage) FrameFormat.BY_SHAPE.read(bytes, "/t", JSON);
		assertThat(message.hasId()).isFalse();
		assertThat(message.binaryPayload()).isEqualTo(bytes);
	}

	@Test
	void withMessageIdsBinaryFramesStartWithTheirId() {
		byte[] bytes = ByteBuffer.allocate(10).putLong(7).put((byte) 1).put((byte) 2).array();
		WsMessage message = (WsMessage) IDS_AND_PRESENCE.read(bytes, "/t", JSON);
		assertThat(message.id()).isEqualTo(7);
		assertThat(message.binaryPayload()).containsExactly(1, 2);
	}

	@Test
	void withoutMessageIdsNorPresenceEveryFrameIsAMessageAsItCame() {
		FrameFormat plain = FrameFormat.of("echo", HubFeatureSettings.none());
		assertThat(((WsMessage) plain.read("12:30 lunch", "/t", JSON)).payload()).isEqualTo("12:30 lunch");
		assertThat(plain.read("gap:17", "/t", JSON)).isInstanceOf(WsMessage.class);
		assertThat(plain.read("{\"presence\":\"diff\",\"joins\":[],\"leaves\":[{\"key\":\"bob\"}]}", "/t", JSON))
			.isInstanceOf(WsMessage.class);
	}

}
