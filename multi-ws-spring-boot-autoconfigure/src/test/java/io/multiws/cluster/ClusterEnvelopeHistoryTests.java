package io.multiws.cluster;

import java.util.Arrays;

import io.multiws.hub.WsPayload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the presence and per-user kinds of {@link ClusterEnvelope}.
 *
 * @author multi-ws team
 */
class ClusterEnvelopeHistoryTests {

	private final byte[] id = EnvelopeWriter.instanceId("node-1");

	@Test
	void carriesPresenceAsJson() {
		ClusterEnvelope envelope = ClusterEnvelope
			.decode(EnvelopeWriter.presence(this.id, "{\"/chat/a\":[{\"key\":\"\u00e9\"}]}"));
		assertThat(envelope.kind()).isEqualTo(ClusterEnvelope.PRESENCE);
		assertThat(envelope.json()).isEqualTo("{\"/chat/a\":[{\"key\":\"\u00e9\"}]}");
		assertThat(envelope.instanceId()).isEqualTo("node-1");
	}

	@Test
	void carriesATextSendToAUser() {
		ClusterEnvelope envelope = ClusterEnvelope
			.decode(EnvelopeWriter.user(this.id, "z\u00f6e", WsPayload.text("psst \u2603")));
		assertThat(envelope.kind()).isEqualTo(ClusterEnvelope.USER);
		ClusterEnvelope.UserSend send = envelope.userSend();
		assertThat(send.name()).isEqualTo("z\u00f6e");
		assertThat(send.payload().asText()).isEqualTo("psst \u2603");
	}

	@Test
	void carriesABinarySendToAUser() {
		byte[] bytes = { 0, 'T', (byte) 0xFF };
		ClusterEnvelope.UserSend send = ClusterEnvelope
			.decode(EnvelopeWriter.user(this.id, "zoe", WsPayload.binary(bytes)))
			.userSend();
		assertThat(send.payload().isText()).isFalse();
		assertThat(send.payload().asBytes()).containsExactly(bytes);
	}

	@Test
	void aTruncatedSendToAUserDecodesToNothing() {
		byte[] message = EnvelopeWriter.user(this.id, "zoe", WsPayload.text("x"));
		byte[] truncated = Arrays.copyOf(message, message.length - 3);
		assertThat(ClusterEnvelope.decode(truncated).userSend()).isNull();
	}

}
