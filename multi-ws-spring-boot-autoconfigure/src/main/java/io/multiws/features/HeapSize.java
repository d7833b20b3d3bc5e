package io.multiws.features;

import io.multiws.hub.WsPayload;
import io.multiws.hub.internal.FrameHeader;

/**
 * What a history holds on the heap, estimated for a 64-bit JVM with compressed
 * references (the default below 32 GB of heap): 12-byte object headers, 4-byte
 * references, 8-byte alignment.
 * <p>
 * An entry holds its record, the payload as sent (the text, which Java keeps as one byte
 * a character when every character fits in Latin-1 and two otherwise, or the bytes), and
 * one encoded copy that the first write builds and every later one shares: the frame on
 * Tomcat, the UTF-8 bytes of a text on Jetty and Reactor Netty, counted at the size of
 * the frame. A binary payload on Jetty or Reactor Netty is sent from its own bytes, so it
 * holds less than counted.
 *
 * @author multi-ws team
 */
final class HeapSize {

	private static final int HEADER = 12;

	private static final int REFERENCE = 4;

	private static final int ARRAY_HEADER = 16;

	/**
	 * The entry record (two longs, a reference, an int and a long) and its slot in the
	 * history's ring, which may be up to half empty.
	 */
	private static final int ENTRY = align(HEADER + 8 + 8 + REFERENCE + 4 + 8) + 2 * REFERENCE;

	/**
	 * A {@link WsPayload}: four references and an int.
	 */
	private static final int PAYLOAD = align(HEADER + 4 * REFERENCE + 4);

	/**
	 * A {@link String} without its characters.
	 */
	private static final int STRING = align(HEADER + REFERENCE + 4 + 1 + 1);

	/**
	 * A read-only heap {@link java.nio.ByteBuffer} without its array.
	 */
	private static final int BYTE_BUFFER = align(HEADER + 8 + 4 * 4 + REFERENCE + REFERENCE + 4 + 3);

	/**
	 * A history without entries: the object, its ring, its node in the registry's map and
	 * its path.
	 */
	private static final int HISTORY = 256;

	private HeapSize() {
	}

	/**
	 * Return the heap an entry of a history holds.
	 * @param sent the payload as sent, the one kept
	 * @return the size in bytes
	 */
	static long entry(WsPayload sent) {
		int size = sent.size();
		long source;
		if (sent.isText()) {
			String text = sent.asText();
			source = STRING + array(isLatin1(text, size) ? text.length() : 2L * text.length());
		}
		else {
			source = array(sent.asBytes().length);
		}
		return ENTRY + PAYLOAD + source + BYTE_BUFFER + array(FrameHeader.length(size) + (long) size);
	}

	/**
	 * Return the heap a history holds besides its entries.
	 * @param path the hub path it keeps
	 * @return the size in bytes
	 */
	static long history(String path) {
		return HISTORY + STRING + array(path.length());
	}

	private static boolean isLatin1(String text, int utf8Length) {
		if (utf8Length == text.length()) {
			// ASCII only
			return true;
		}
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) > 0xFF) {
				return false;
			}
		}
		return true;
	}

	private static long array(long length) {
		return align(ARRAY_HEADER + length);
	}

	private static int align(int size) {
		return (size + 7) & ~7;
	}

	private static long align(long size) {
		return (size + 7) & ~7L;
	}

}
