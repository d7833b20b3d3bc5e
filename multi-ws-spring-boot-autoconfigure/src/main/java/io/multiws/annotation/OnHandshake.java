package io.multiws.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks the method called before the upgrade, after the origin, authentication and
 * capacity checks. It can refuse the upgrade with an HTTP status of its choice (401, 403,
 * 429, ...) through {@code WsHandshake.reject(...)}, or by returning {@code false} (403),
 * and it can put attributes on the future session with {@code WsHandshake.attributes()}.
 * A refused handshake creates no hub.
 * <p>
 * Parameters: {@code WsHandshake}, {@code HttpHeaders}, {@code java.security.Principal},
 * {@code java.net.URI}, and {@code @PathVariable}, {@code @RequestParam} and
 * {@code @RequestHeader} values. The return type is {@code void} or {@code boolean}.
 * <pre class="code">
 * &#64;OnHandshake
 * void checkTicket(WsHandshake handshake, &#64;RequestParam String ticket) {
 *     if (!tickets.isValid(ticket)) {
 *         handshake.reject(HttpStatus.UNAUTHORIZED, "Invalid ticket");
 *     }
 *     handshake.attributes().put("user", tickets.user(ticket));
 * }
 * </pre>
 *
 * @author multi-ws team
 * @since 0.1.0
 * @see WsEndpoint
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(WsCallbackReflectiveProcessor.class)
public @interface OnHandshake {

}
