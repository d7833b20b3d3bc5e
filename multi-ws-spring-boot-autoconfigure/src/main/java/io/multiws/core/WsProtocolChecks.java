package io.multiws.core;

import java.util.Base64;
import java.util.List;

import io.multiws.admission.WsRefusalReason;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The RFC 6455 rules of an upgrade request's WebSocket headers that not every server
 * enforces, checked the same way on every stack before any other check: version 13 only
 * (426, answered with {@value #VERSION_HEADER}{@code : 13}), a key of 16 bytes in base64
 * (400), and a well-formed extension offer (400). Spring's handshake handlers check the
 * method, {@code Upgrade} and {@code Connection} headers afterwards.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public final class WsProtocolChecks {

	/**
	 * The header that names the protocol version, sent back with every 426.
	 */
	public static final String VERSION_HEADER = "Sec-WebSocket-Version";

	/**
	 * The only protocol version multi-ws speaks.
	 */
	public static final String VERSION = "13";

	private static final String KEY_HEADER = "Sec-WebSocket-Key";

	private static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

	private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

	private WsProtocolChecks() {
	}

	/**
	 * Check the WebSocket headers of an upgrade request.
	 * @param headers the request headers
	 * @return the refusal, or {@code null} if the headers follow RFC 6455
	 */
	public static @Nullable WsUpgradeRefusal check(HttpHeaders headers) {
		List<String> versions = headers.getValuesAsList(VERSION_HEADER);
		if (versions.size() != 1 || !VERSION.equals(versions.get(0))) {
			return new WsUpgradeRefusal(HttpStatus.UPGRADE_REQUIRED,
					"Unsupported WebSocket version " + versions + "; this server speaks version " + VERSION,
					WsRefusalReason.HANDSHAKE_FAILED);
		}
		List<String> keys = headers.getOrEmpty(KEY_HEADER);
		if (keys.size() != 1 || !isValidKey(keys.get(0).trim())) {
			return new WsUpgradeRefusal(HttpStatus.BAD_REQUEST,
					"Invalid Sec-WebSocket-Key: it must be 16 random bytes in base64", WsRefusalReason.HANDSHAKE_FAILED);
		}
		for (String extensions : headers.getOrEmpty(EXTENSIONS_HEADER)) {
			if (!isValidExtensionList(extensions)) {
				return new WsUpgradeRefusal(HttpStatus.BAD_REQUEST, "Malformed Sec-WebSocket-Extensions header",
						WsRefusalReason.HANDSHAKE_FAILED);
			}
		}
		return null;
	}

	private static boolean isValidKey(String key) {
		if (key.length() != 24) {
			return false;
		}
		try {
			return Base64.getDecoder().decode(key).length == 16;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Whether a header value follows RFC 6455 section 9.1: a comma-separated list of
	 * extensions, each a token with parameters {@code ; name} or {@code ; name=value},
	 * the value a token or a quoted string.
	 */
	static boolean isValidExtensionList(String value) {
		ExtensionParser parser = new ExtensionParser(value);
		return parser.parseList();
	}

	private static final class ExtensionParser {

		private final String value;

		private int position;

		ExtensionParser(String value) {
			this.value = value;
		}

		boolean parseList() {
			do {
				skipSpaces();
				// RFC 9110 list syntax: empty elements are allowed and ignored
				if (peek() != ',' && !atEnd() && !parseExtension()) {
					return false;
				}
			}
			while (accept(','));
			return atEnd();
		}

		private boolean parseExtension() {
			if (!parseToken()) {
				return false;
			}
			skipSpaces();
			while (accept(';')) {
				skipSpaces();
				if (!parseToken()) {
					return false;
				}
				skipSpaces();
				if (accept('=')) {
					skipSpaces();
					if (!((peek() == '"') ? parseQuoted() : parseToken())) {
						return false;
					}
					skipSpaces();
				}
			}
			return true;
		}

		private boolean parseToken() {
			int start = this.position;
			while (!atEnd() && isTokenChar(peek())) {
				this.position++;
			}
			return this.position > start;
		}

		private boolean parseQuoted() {
			this.position++;
			while (!atEnd()) {
				char c = this.value.charAt(this.position++);
				if (c == '"') {
					return true;
				}
				if (c == '\\') {
					this.position++;
				}
			}
			return false;
		}

		private static boolean isTokenChar(char c) {
			return c > 32 && c < 127 && SEPARATORS.indexOf(c) < 0;
		}

		private void skipSpaces() {
			while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
				this.position++;
			}
		}

		private boolean accept(char c) {
			if (!atEnd() && peek() == c) {
				this.position++;
				return true;
			}
			return false;
		}

		private char peek() {
			return atEnd() ? 0 : this.value.charAt(this.position);
		}

		private boolean atEnd() {
			return this.position >= this.value.length();
		}

	}

}
