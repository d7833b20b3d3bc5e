package io.multiws.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;

/**
 * Turns a raw request path into a canonical hub key.
 * <p>
 * The rules: the query string is never part of the key; {@code ;parameters} are removed
 * from every segment; percent-encoding is decoded and re-encoded in one canonical form,
 * so {@code /chat/%61} and {@code /chat/a} are the same hub. A path is refused (400)
 * when it ends with a {@code /}, when a segment is empty ({@code //}), is {@code .} or
 * {@code ..}, decodes to a {@code /}, {@code \}, or a control character, or is
 * malformed; it is refused (414) when the key is longer than the maximum.
 * <p>
 * Every path these rules accept is matched by any Spring {@code PathPattern} exactly as
 * its canonical key is, because {@code PathPattern} too compares decoded segments without
 * their parameters. That is what keeps Spring Security's path rules and the hub a session
 * joins in agreement: a trailing slash or a dot segment is <em>not</em> matched by
 * {@code /admin/{room}}, so folding {@code /admin/room/} into the hub {@code /admin/room}
 * would let a request that Spring Security never checked against that rule join it.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
final class HubPaths {

	private static final boolean[] SAFE = new boolean[128];

	static {
		for (char c = 'a'; c <= 'z'; c++) {
			SAFE[c] = true;
		}
		for (char c = 'A'; c <= 'Z'; c++) {
			SAFE[c] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			SAFE[c] = true;
		}
		for (char c : "-._~!$&'()*+,=:@".toCharArray()) {
			SAFE[c] = true;
		}
	}

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private HubPaths() {
	}

	/**
	 * Return the canonical hub key of a raw (still percent-encoded) request path.
	 * @param rawPath the path, without context path and query string
	 * @param maxLength the maximum length of the key
	 * @return the canonical key
	 * @throws InvalidHubPathException if the path cannot be a hub key
	 */
	public static String canonicalize(String rawPath, int maxLength) {
		if (rawPath.length() > maxLength * 3 + 1) {
			throw tooLong(maxLength);
		}
		if (isCanonical(rawPath)) {
			if (rawPath.length() > maxLength) {
				throw tooLong(maxLength);
			}
			return rawPath;
		}
		String key = rebuild(rawPath);
		if (key.length() > maxLength) {
			throw tooLong(maxLength);
		}
		return key;
	}

	private static boolean isCanonical(String path) {
		int length = path.length();
		if (length == 0 || path.charAt(0) != '/') {
			return false;
		}
		if (length == 1) {
			return true;
		}
		int segmentStart = 1;
		for (int i = 1; i <= length; i++) {
			char c = (i < length) ? path.charAt(i) : '/';
			if (c == '/') {
				if (i == segmentStart || isDotSegment(path, segmentStart, i)) {
					return false;
				}
				segmentStart = i + 1;
			}
			else if (c >= 128 || !SAFE[c]) {
				return false;
			}
		}
		return true;
	}

	private static boolean isDotSegment(String path, int start, int end) {
		int length = end - start;
		return (length == 1 && path.charAt(start) == '.')
				|| (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.');
	}

	private static String rebuild(String rawPath) {
		if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
			throw invalid("must start with '/'");
		}
		if (rawPath.equals("/")) {
			return rawPath;
		}
		if (rawPath.endsWith("/")) {
			throw invalid("a trailing '/' is not allowed (Spring MVC and Spring Security do not match it either)");
		}
		String path = rawPath;
		StringBuilder key = new StringBuilder(path.length());
		int start = 1;
		while (start <= path.length()) {
			int end = path.indexOf('/', start);
			end = (end != -1) ? end : path.length();
			String segment = path.substring(start, end);
			int semicolon = segment.indexOf(';');
			if (semicolon != -1) {
				segment = segment.substring(0, semicolon);
			}
			key.append('/');
			appendSegment(key, decode(segment));
			start = end + 1;
		}
		return key.toString();
	}

	private static void appendSegment(StringBuilder key, String segment) {
		if (segment.isEmpty()) {
			throw invalid("empty path segment");
		}
		if (segment.equals(".") || segment.equals("..")) {
			throw invalid("'.' and '..' segments are not allowed");
		}
		byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') {
				throw invalid("encoded '/', '\\' or control characters are not allowed");
			}
			if (c < 128 && SAFE[c]) {
				key.append((char) c);
			}
			else {
				key.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
	}

	private static String decode(String segment) {
		if (segment.indexOf('%') == -1) {
			return segment;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (c == '%') {
				if (i + 2 >= segment.length()) {
					throw invalid("malformed percent-encoding");
				}
				int hi = Character.digit(segment.charAt(i + 1), 16);
				int lo = Character.digit(segment.charAt(i + 2), 16);
				if (hi < 0 || lo < 0) {
					throw invalid("malformed percent-encoding");
				}
				out.write((hi << 4) | lo);
				i += 2;
			}
			else {
				byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				out.write(bytes, 0, bytes.length);
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(out.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw invalid("percent-encoding is not valid UTF-8");
		}
	}

	private static InvalidHubPathException invalid(String reason) {
		return new InvalidHubPathException(HttpStatus.BAD_REQUEST, "Invalid WebSocket path: " + reason);
	}

	private static InvalidHubPathException tooLong(int maxLength) {
		return new InvalidHubPathException(HttpStatus.URI_TOO_LONG,
				"WebSocket path longer than " + maxLength + " characters (multi-ws.max-path-length)");
	}

}
