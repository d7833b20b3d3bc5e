package io.multiws.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that no callback of a {@link WsEndpoint} ever blocks: it neither waits on I/O,
 * a lock or another thread, nor computes for long. On WebFlux the callbacks of such an
 * endpoint run on the event loop that read the message, with no hand-off to the callback
 * pool and back, as a hand-written WebFlux handler does; a callback that blocks there
 * stalls every connection of that event loop. On the Servlet stack callbacks always run
 * on the container thread that read the message, so the annotation changes nothing.
 * <pre class="code">
 * &#64;WsEndpoint("/echo/{id}")
 * &#64;NonBlocking
 * class EchoEndpoint {
 *
 *     &#64;OnMessage
 *     String echo(String text) {
 *         return text;
 *     }
 *
 * }
 * </pre>
 *
 * @author multi-ws team
 * @since 0.1.0
 * @see WsEndpoint
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NonBlocking {

}
