package io.multiws.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks the method called for each inbound message. The payload parameter (the one
 * parameter that is neither annotated nor of a known type) selects the message kind:
 * {@code String} takes text messages, {@code byte[]} or {@code java.nio.ByteBuffer} take
 * binary messages, and any other type takes text messages decoded from JSON with the
 * application's Jackson {@code JsonMapper}. An endpoint may declare one text method and
 * one binary method.
 * <p>
 * A non-null return value is sent to the sender: a {@code String} as text, a
 * {@code byte[]} or {@code ByteBuffer} as binary, anything else as JSON text. A
 * {@code CompletionStage} or a {@code Mono} sends its value when it completes, a
 * {@code Flux} each element in order; the calling thread is not held meanwhile, the
 * subscription is cancelled when the session closes, and an error goes to
 * {@link OnError @OnError}, or closes the session with 1011, as a thrown exception does.
 *
 * @author multi-ws team
 * @since 0.1.0
 * @see WsEndpoint
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(WsCallbackReflectiveProcessor.class)
public @interface OnMessage {

}
