package io.multiws.test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import io.multiws.core.JacksonWsJsonCodec;
import io.multiws.core.WsJsonCodec;
import io.multiws.history.HubFeatureSettings;
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

	private static final WsJsonCodec JSON = new JacksonWsJsonCodec(new JsonMapper());

	private static final FrameFormat IDS_AND_PRESENCE = FrameFormat
		.of(new HubFeatureSettings(10, Duration.ZERO, 1024, true, true, true));

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
		WsPresenceFrame leave = (WsPresenceFrame) FrameFormat.BY_SHAPE.read("{\"presence\":\"leave\",\"key\":\"bob\"}",
				"/t", JSON);
		assertThat(leave.type()).isEqualTo(WsPresenceFrame.Type.LEAVE);
		assertThat(leave.key()).isEqualTo("bob");
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
		FrameFormat plain = FrameFormat.of(HubFeatureSettings.none());
		assertThat(((WsMessage) plain.read("12:30 lunch", "/t", JSON)).payload()).isEqualTo("12:30 lunch");
		assertThat(plain.read("gap:17", "/t", JSON)).isInstanceOf(WsMessage.class);
		assertThat(plain.read("{\"presence\":\"leave\",\"key\":\"bob\"}", "/t", JSON)).isInstanceOf(WsMessage.class);
	}

}
