package io.multiws.container.netty;

import io.netty.buffer.ByteBuf;

/**
 * Checks that bytes are UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates,
 * nothing past U+10FFFF), possibly across several buffers: a text message's fragments
 * may split a character. Eight ASCII bytes are checked at a time, so that the common
 * case costs little more than reading them.
 *
 * @author multi-ws team
 */
final class Utf8Checker {

	private static final long NON_ASCII = 0x8080808080808080L;

	/**
	 * Continuation bytes still due for the character in progress.
	 */
	private int pending;

	/**
	 * The smallest value the next continuation byte may have (it is narrower than
	 * {@code 0x80} only right after some lead bytes).
	 */
	private int lower = 0x80;

	/**
	 * The largest value the next continuation byte may have.
	 */
	private int upper = 0xBF;

	/**
	 * Check the readable bytes of a buffer, continuing the character in progress.
	 * @param buffer the bytes; its indexes are left as they were
	 * @return whether the bytes are UTF-8 so far
	 */
	boolean check(ByteBuf buffer) {
		int index = buffer.readerIndex();
		int end = buffer.writerIndex();
		while (index < end) {
			if (this.pending == 0) {
				while (end - index >= Long.BYTES && (buffer.getLong(index) & NON_ASCII) == 0) {
					index += Long.BYTES;
				}
				if (index == end) {
					break;
				}
			}
			if (!accept(buffer.getByte(index++) & 0xFF)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return whether no character is left in progress, as at the end of a message.
	 * @return whether the bytes checked so far end on a character's boundary
	 */
	boolean isComplete() {
		return this.pending == 0;
	}

	/**
	 * Forget any character in progress, for the next message.
	 */
	void reset() {
		this.pending = 0;
		this.lower = 0x80;
		this.upper = 0xBF;
	}

	private boolean accept(int b) {
		if (this.pending > 0) {
			if (b < this.lower || b > this.upper) {
				return false;
			}
			this.pending--;
			this.lower = 0x80;
			this.upper = 0xBF;
			return true;
		}
		if (b < 0x80) {
			return true;
		}
		if (b >= 0xC2 && b <= 0xDF) {
			this.pending = 1;
		}
		else if (b >= 0xE0 && b <= 0xEF) {
			this.pending = 2;
			if (b == 0xE0) {
				this.lower = 0xA0;
			}
			else if (b == 0xED) {
				this.upper = 0x9F;
			}
		}
		else if (b >= 0xF0 && b <= 0xF4) {
			this.pending = 3;
			if (b == 0xF0) {
				this.lower = 0x90;
			}
			else if (b == 0xF4) {
				this.upper = 0x8F;
			}
		}
		else {
			return false;
		}
		return true;
	}

}
