package io.multiws.container.netty;

import java.nio.ByteBuffer;

/**
 * What a session's handler takes of the inbound frames that
 * {@link ReactorNettySupport#received} hands it, each already copied off Netty's buffer.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public interface NettyInbound {

	/**
	 * Check an inbound text message against the endpoint's size limit and the inbound
	 * rate, closing the session or dropping the message when it does not pass.
	 * @param bytes the message's size in UTF-8 bytes
	 * @return whether to decode and {@link #receivedText dispatch} it
	 */
	boolean admitText(int bytes);

	/**
	 * Check an inbound binary message as {@link #admitText} does.
	 * @param bytes the message's size
	 * @return whether to copy and {@link #receivedBinary dispatch} it
	 */
	boolean admitBinary(int bytes);

	/**
	 * Take a text message that was admitted.
	 * @param text the message
	 */
	void receivedText(String text);

	/**
	 * Take a binary message that was admitted.
	 * @param bytes the message
	 */
	void receivedBinary(ByteBuffer bytes);

	/**
	 * Answer a ping within the session's inbound rate, through its outbound side.
	 * @param payload the ping's application data
	 */
	void receivedPing(byte[] payload);

	/**
	 * Take a pong.
	 */
	void receivedPong();

	/**
	 * Skip an inbound frame that carries nothing for the session.
	 */
	void skipped();

}
