package io.multiws.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks the method called when a callback of the same endpoint throws, when an inbound
 * JSON payload cannot be decoded, or when an asynchronous return value (a
 * {@code CompletionStage}, {@code Mono} or {@code Flux}) fails. A {@code Throwable}
 * parameter receives the error; a non-null return value is sent to the session.
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
public @interface OnError {

}
