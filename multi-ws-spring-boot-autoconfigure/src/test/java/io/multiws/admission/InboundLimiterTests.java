package io.multiws.admission;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InboundLimiter}; its limits are proven on the wire by the client
 * limits suite.
 *
 * @author multi-ws team
 */
class InboundLimiterTests {

	@Test
	void theUtf8SizeOfATextIsCountedWithoutEncodingIt() {
		for (String text : new String[] { "", "ascii", "é", "€uro", "😀", "a😀é€" }) {
			assertThat(InboundLimiter.utf8Length(text)).as(text)
				.isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		}
	}

}
