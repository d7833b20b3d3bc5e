/**
 * The reactive (Spring WebFlux, Reactor Netty) binding: the upgrade {@code HandlerMapping}, the session transport and
 * the callback threading.
 */
@NullMarked
package io.multiws.reactive;

import org.jspecify.annotations.NullMarked;
