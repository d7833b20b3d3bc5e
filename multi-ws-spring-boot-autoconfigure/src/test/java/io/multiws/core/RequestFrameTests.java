package io.multiws.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestFrame}.
 *
 * @author multi-ws team
 */
class RequestFrameTests {

	@Test
	void readsTheEnvelopeOfRequestsRepliesAndErrors() {
		assertThat(RequestFrame.envelopeEnd("?1:hello")).isEqualTo(2);
		assertThat(RequestFrame.envelopeEnd("=42:")).isEqualTo(3);
		assertThat(RequestFrame.envelopeEnd("!999999999999999:no")).isEqualTo(16);
		assertThat(RequestFrame.id("!999999999999999:no", 16)).isEqualTo(RequestFrame.MAX_ID);
		assertThat(RequestFrame.id("?0042:x", 5)).isEqualTo(42);
	}

	@Test
	void anyOtherFrameIsAMessage() {
		for (String message : new String[] { "", "?", "?:", "?1", "1:hello", "?:x", "?a:x", "? 1:x", "?-1:x", "#1:x",
				"?1234567890123456:sixteen digits", "{\"presence\":\"state\"}", "gap:12" }) {
			assertThat(RequestFrame.envelopeEnd(message)).as("'%s'", message).isEqualTo(-1);
		}
	}

	@Test
	void writesFramesThatReadBack() {
		String request = RequestFrame.request(7, "what?");
		assertThat(request).isEqualTo("?7:what?");
		assertThat(RequestFrame.reply(7, "")).isEqualTo("=7:");
		assertThat(RequestFrame.error(7, "no: not now")).isEqualTo("!7:no: not now");
		int end = RequestFrame.envelopeEnd(request);
		assertThat(RequestFrame.id(request, end)).isEqualTo(7);
		assertThat(request.substring(end + 1)).isEqualTo("what?");
	}

}
