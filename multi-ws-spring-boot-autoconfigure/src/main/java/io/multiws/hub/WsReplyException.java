package io.multiws.hub;

/**
 * An error reply to a request, on an endpoint with replies enabled
 * ({@code multi-ws.endpoints.<name>.replies.enabled}).
 * <p>
 * Thrown by an {@code @OnMessage} method that answers a request (or the failure of the
 * {@code CompletionStage} or {@code Mono} it returns), its message is the reason the
 * client receives in the error reply, and the session stays open. Any other exception
 * answers with {@value #INTERNAL_ERROR} and is logged, so that no internal detail reaches
 * a client. It is also the failure of {@link WsSession#request} and
 * {@link WsHubs#requestUser} when the client answered with an error.
 *
 * @author multi-ws team
 * @since 0.2.0
 */
public class WsReplyException extends RuntimeException {

	/**
	 * The reason of the error reply to a request whose callback failed with another
	 * exception.
	 */
	public static final String INTERNAL_ERROR = "Internal error in endpoint callback";

	/**
	 * Create an error reply.
	 * @param reason the reason, sent to the client as it is
	 */
	public WsReplyException(String reason) {
		super(reason);
	}

	/**
	 * Return the reason of the error reply.
	 * @return the reason
	 */
	public String getReason() {
		String message = getMessage();
		return (message != null) ? message : "";
	}

}
