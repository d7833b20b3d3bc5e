package io.multiws.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks the method called when a session has joined its hub. A non-null return value is
 * sent to that session; it may be asynchronous as for {@link OnMessage @OnMessage}, for
 * example a {@code Flux} that streams a feed to the session for as long as it stays.
 * <p>
 * Parameters are resolved by type or annotation, in any order: {@code WsSession},
 * {@code WsHub}, {@code @PathVariable}, {@code @RequestParam} and {@code @RequestHeader}
 * values of the handshake, {@code HttpHeaders}, {@code java.security.Principal} and, on
 * the Servlet stack, Spring's {@code WebSocketSession}.
 *
 * @author multi-ws team
 * @since 0.1.0
 * @see WsEndpoint
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(WsCallbackReflectiveProcessor.class)
public @interface OnOpen {

}
