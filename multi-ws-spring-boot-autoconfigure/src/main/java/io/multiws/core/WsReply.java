package io.multiws.core;

import org.jspecify.annotations.Nullable;

/**
 * The answer to one request from a client: an endpoint handler calls one of its methods
 * once, from any thread; later calls do nothing.
 *
 * @author multi-ws team
 * @since 0.2.0
 * @see WsEndpointHandler#onRequest
 */
public interface WsReply {

	/**
	 * Reply with a value: text as it is, any other object as JSON; {@code null} replies
	 * with nothing, which acknowledges the request.
	 * @param value the value
	 */
	void value(@Nullable Object value);

	/**
	 * Reply with an error: the reason of a {@link io.multiws.hub.WsReplyException}, or
	 * {@value io.multiws.hub.WsReplyException#INTERNAL_ERROR} (logged) for any other
	 * failure.
	 * @param error the failure
	 */
	void error(Throwable error);

}
