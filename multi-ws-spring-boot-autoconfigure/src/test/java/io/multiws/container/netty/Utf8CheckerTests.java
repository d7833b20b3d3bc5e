package io.multiws.container.netty;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Utf8Checker}, against the JDK's strict decoder.
 *
 * @author multi-ws team
 */
class Utf8CheckerTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "41", "c2a2", "e282ac", "f09f9880", "efbfbf", "f48fbfbf", "ed9fbf", "ee8080",
			"4142434445464748494a4b4c4d4e4f50e282ac", "e0a080", "f0908080" })
	void acceptsUtf8(String hex) {
		assertThat(check(HexFormat.of().parseHex(hex))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "80", "bf", "c0af", "c1bf", "e080af", "e09f80", "eda080", "edbfbf", "f08f8080",
			"f4908080", "f5808080", "ff", "fe", "c2", "e282", "f09f98", "414243444546474880", "c241",
			"e2824141414141414141" })
	void refusesWhatIsNotUtf8(String hex) {
		assertThat(check(HexFormat.of().parseHex(hex))).isFalse();
	}

	@Test
	void agreesWithTheJdkOnRandomBytesSplitAnywhere() {
		Random random = new Random(6455);
		for (int i = 0; i < 20_000; i++) {
			byte[] bytes = new byte[random.nextInt(24)];
			for (int j = 0; j < bytes.length; j++) {
				// mostly ASCII and the bytes around the edges of the rules
				bytes[j] = (byte) switch (random.nextInt(4)) {
					case 0 -> random.nextInt(0x80);
					case 1 -> 0x80 + random.nextInt(0x40);
					default -> 0xC0 + random.nextInt(0x40);
				};
			}
			int split = (bytes.length > 0) ? random.nextInt(bytes.length + 1) : 0;
			Utf8Checker checker = new Utf8Checker();
			boolean valid = checker.check(Unpooled.wrappedBuffer(bytes, 0, split))
					&& checker.check(Unpooled.wrappedBuffer(bytes, split, bytes.length - split))
					&& checker.isComplete();
			assertThat(valid).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
		}
	}

	@Test
	void aCharacterSplitAcrossBuffersIsAccepted() {
		byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
		Utf8Checker checker = new Utf8Checker();
		assertThat(checker.check(Unpooled.wrappedBuffer(euro, 0, 1))).isTrue();
		assertThat(checker.isComplete()).isFalse();
		assertThat(checker.check(Unpooled.wrappedBuffer(euro, 1, 2))).isTrue();
		assertThat(checker.isComplete()).isTrue();
	}

	@Test
	void resetForgetsACharacterInProgress() {
		Utf8Checker checker = new Utf8Checker();
		checker.check(Unpooled.wrappedBuffer(new byte[] { (byte) 0xE2 }));
		checker.reset();
		assertThat(checker.check(Unpooled.wrappedBuffer(new byte[] { 'a' }))).isTrue();
		assertThat(checker.isComplete()).isTrue();
	}

	private static boolean check(byte[] bytes) {
		Utf8Checker checker = new Utf8Checker();
		return checker.check(Unpooled.wrappedBuffer(bytes)) && checker.isComplete();
	}

	private static boolean jdkAccepts(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
