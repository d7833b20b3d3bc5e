package io.multiws.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean as a multi-ws WebSocket endpoint. Every concrete path that matches one of
 * the endpoint's {@link #value() path patterns} gets its own hub: the sessions connected
 * to exactly that path. A hub is created on the first successful upgrade to its path and
 * removed when its last session leaves.
 * <p>
 * Callbacks are methods annotated with {@link OnOpen @OnOpen}, {@link OnMessage @OnMessage},
 * {@link OnClose @OnClose} and {@link OnError @OnError}. Alternatively, the bean may
 * implement Spring's {@code org.springframework.web.socket.WebSocketHandler}, in which case
 * it receives the callbacks of every session of every hub of its patterns.
 * <pre class="code">
 * &#64;WsEndpoint("/rooms/{room}")
 * public class RoomEndpoint {
 *
 *     &#64;OnMessage
 *     public void onMessage(WsHub hub, String text) {
 *         hub.broadcast(text);
 *     }
 *
 * }
 * </pre>
 * Paths may be replaced from configuration with
 * {@code multi-ws.endpoints.<name>.paths}, where {@code <name>} is {@link #name()} or,
 * when that is empty, the bean name.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface WsEndpoint {

	/**
	 * Alias for {@link #paths()}.
	 * @return the path patterns
	 */
	@AliasFor("paths")
	String[] value() default {};

	/**
	 * Path patterns in Spring's {@code PathPattern} syntax, for example {@code /echo},
	 * {@code /chat/{room}}, {@code /orders/{id:\d+}} or {@code /games/**}.
	 * @return the path patterns
	 */
	@AliasFor("value")
	String[] paths() default {};

	/**
	 * Logical name of the endpoint, used as the key under {@code multi-ws.endpoints}.
	 * Defaults to the bean name.
	 * @return the endpoint name
	 */
	String name() default "";

	/**
	 * WebSocket subprotocols ({@code Sec-WebSocket-Protocol}) the endpoint accepts, in
	 * order of preference. Empty accepts connections that request none.
	 * @return the supported subprotocols
	 */
	String[] subprotocols() default {};

}
