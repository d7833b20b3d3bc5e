package io.multiws.javaclient;

/**
 * A request of a {@link WsClient} that got no reply: the server answered with an error
 * reply, or the connection was closed (or not open) with the request pending. A request
 * that times out fails with a {@link java.util.concurrent.TimeoutException} instead.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public class WsRequestException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final boolean errorReply;

	/**
	 * Create an exception.
	 * @param message the server's reason for an error reply, or what happened to the
	 * connection
	 * @param errorReply whether the server answered with an error reply
	 */
	public WsRequestException(String message, boolean errorReply) {
		super(message);
		this.errorReply = errorReply;
	}

	/**
	 * Return whether the server answered with an error reply, whose reason is the message.
	 * @return {@code true} for an error reply, {@code false} for a connection closed or
	 * not open
	 */
	public boolean isErrorReply() {
		return this.errorReply;
	}

}
