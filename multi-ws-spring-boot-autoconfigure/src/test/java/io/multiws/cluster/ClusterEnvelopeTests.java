package io.multiws.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.multiws.hub.WsPayload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClusterEnvelope}.
 *
 * @author multi-ws team
 */
class ClusterEnvelopeTests {

	private final byte[] id = EnvelopeWriter.instanceId("node-\u00e9");

	@Test
	void keepsTextAsText() {
		ClusterEnvelope envelope = ClusterEnvelope.decode(EnvelopeWriter.payload(this.id, WsPayload.text("h\u00e9 \u2603")));
		assertThat(envelope.kind()).isEqualTo(ClusterEnvelope.TEXT);
		assertThat(envelope.payload().isText()).isTrue();
		assertThat(envelope.payload().asText()).isEqualTo("h\u00e9 \u2603");
	}

	@Test
	void keepsBinaryAsBinary() {
		byte[] bytes = { 0, 'T', 1, (byte) 0xFF };
		ClusterEnvelope envelope = ClusterEnvelope.decode(EnvelopeWriter.payload(this.id, WsPayload.binary(bytes)));
		assertThat(envelope.kind()).isEqualTo(ClusterEnvelope.BINARY);
		assertThat(envelope.payload().isText()).isFalse();
		assertThat(envelope.payload().asBytes()).containsExactly(bytes);
	}

	@Test
	void carriesAnEmptyPayload() {
		ClusterEnvelope envelope = ClusterEnvelope.decode(EnvelopeWriter.payload(this.id, WsPayload.text("")));
		assertThat(envelope.payload().asText()).isEmpty();
	}

	@Test
	void isCompact() {
		byte[] message = EnvelopeWriter.payload(EnvelopeWriter.instanceId("a"), WsPayload.text("hello"));
		assertThat(message).hasSize(3 + 1 + 5);
	}

	@Test
	void signalsAHistoryAppendWithoutABody() {
		byte[] message = EnvelopeWriter.appended(this.id);
		ClusterEnvelope envelope = ClusterEnvelope.decode(message);
		assertThat(envelope.kind()).isEqualTo(ClusterEnvelope.APPENDED);
		assertThat(envelope.isFrom(this.id)).isTrue();
		assertThat(message).hasSize(3 + this.id.length);
	}

	@Test
	void knowsItsSender() {
		ClusterEnvelope envelope = ClusterEnvelope.decode(EnvelopeWriter.leave(this.id));
		assertThat(envelope.kind()).isEqualTo(ClusterEnvelope.LEAVE);
		assertThat(envelope.isFrom(this.id)).isTrue();
		assertThat(envelope.isFrom(EnvelopeWriter.instanceId("node-"))).isFalse();
		assertThat(envelope.isFrom(EnvelopeWriter.instanceId("node-\u00e9x"))).isFalse();
		assertThat(envelope.instanceId()).isEqualTo("node-\u00e9");
	}

	@Test
	void carriesSessionCounts() {
		Map<String, Integer> counts = Map.of("/rooms/1", 3, "/rooms/caf%C3%A9", 100_000, "/r", 0);
		ClusterEnvelope envelope = ClusterEnvelope.decode(EnvelopeWriter.counts(this.id, counts));
		assertThat(envelope.kind()).isEqualTo(ClusterEnvelope.COUNTS);
		assertThat(envelope.counts()).isEqualTo(counts);
		assertThat(ClusterEnvelope.decode(EnvelopeWriter.counts(this.id, Map.of())).counts()).isEmpty();
	}

	@Test
	void decodesForeignMessagesToNull() {
		assertThat(ClusterEnvelope.decode(new byte[0])).isNull();
		assertThat(ClusterEnvelope.decode("hello".getBytes(StandardCharsets.UTF_8))).isNull();
		assertThat(ClusterEnvelope.decode(new byte[] { 1, 'T', 9, 'a' })).as("id longer than the message").isNull();
		assertThat(ClusterEnvelope.decode(new byte[] { 1, 'X', 1, 'a' })).as("unknown kind").isNull();
		assertThat(ClusterEnvelope.decode(new byte[] { 2, 'T', 1, 'a' })).as("other version").isNull();
	}

	@Test
	void rejectsMalformedCounts() {
		ClusterEnvelope truncated = ClusterEnvelope.decode(new byte[] { 1, 'C', 1, 'a', 5, '/', 'r' });
		assertThat(truncated.counts()).isNull();
		ClusterEnvelope endless = ClusterEnvelope.decode(new byte[] { 1, 'C', 1, 'a', 1, '/', (byte) 0x80 });
		assertThat(endless.counts()).isNull();
	}

	@Test
	void refusesAnEmptyOrOverlongInstanceId() {
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeWriter.instanceId(""));
		assertThatIllegalArgumentException().isThrownBy(() -> EnvelopeWriter.instanceId("x".repeat(256)));
		assertThat(EnvelopeWriter.instanceId("x".repeat(255))).hasSize(255);
	}

	@Test
	void carriesARequestToAUser() {
		byte[] message = EnvelopeWriter.userRequest(this.id, 7, Duration.ofSeconds(30), "\u00e9lise", "ready? \u2603");
		ClusterEnvelope envelope = ClusterEnvelope.decode(message);
		assertThat(envelope.kind()).isEqualTo(ClusterEnvelope.USER_REQUEST);
		assertThat(envelope.userRequest())
			.isEqualTo(new ClusterEnvelope.UserRequest(7, Duration.ofSeconds(30), "\u00e9lise", "ready? \u2603"));
		assertThat(envelope.instanceIdBytes()).isEqualTo(this.id);
	}

	@Test
	void carriesAReplyToTheInstanceThatAskedOnly() {
		byte[] asker = EnvelopeWriter.instanceId("asker");
		ClusterEnvelope reply = ClusterEnvelope
			.decode(EnvelopeWriter.userReply(this.id, asker, 7, false, "ready \u2603"));
		assertThat(reply.kind()).isEqualTo(ClusterEnvelope.USER_REPLY);
		assertThat(reply.userReplyFor(asker)).isEqualTo(new ClusterEnvelope.UserReply(7, false, "ready \u2603"));
		assertThat(reply.userReplyFor(EnvelopeWriter.instanceId("askers"))).isNull();
		assertThat(reply.userReplyFor(EnvelopeWriter.instanceId("other"))).isNull();
		ClusterEnvelope error = ClusterEnvelope.decode(EnvelopeWriter.userReply(this.id, asker, 8, true, "no"));
		assertThat(error.userReplyFor(asker)).isEqualTo(new ClusterEnvelope.UserReply(8, true, "no"));
	}

	@Test
	void aTruncatedRequestOrReplyDecodesToNothing() {
		byte[] request = EnvelopeWriter.userRequest(this.id, 7, Duration.ofSeconds(1), "name", "text");
		byte[] truncated = Arrays.copyOf(request, 3 + this.id.length + 10);
		assertThat(ClusterEnvelope.decode(truncated).userRequest()).isNull();
		byte[] reply = EnvelopeWriter.userReply(this.id, EnvelopeWriter.instanceId("asker"), 7, false, "");
		byte[] shortReply = Arrays.copyOf(reply, reply.length - 1);
		assertThat(ClusterEnvelope.decode(shortReply).userReplyFor(EnvelopeWriter.instanceId("asker"))).isNull();
	}

}
