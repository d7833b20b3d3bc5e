package io.multiws.endpoint;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsSession;
import org.jspecify.annotations.Nullable;

/**
 * What one callback invocation knows, from which its arguments are resolved.
 *
 * @param session the session
 * @param payload the decoded message payload of an {@code @OnMessage} call
 * @param closeStatus the close status of an {@code @OnClose} call
 * @param error the error of an {@code @OnError} call
 * @author multi-ws team
 * @since 0.1.0
 */
public record WsCallContext(WsSession session, @Nullable Object payload, @Nullable WsCloseStatus closeStatus,
		@Nullable Throwable error) {

}
