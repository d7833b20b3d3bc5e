/**
 * The reactive (Spring WebFlux on Reactor Netty) sample application.
 */
@NullMarked
package io.multiws.sample.reactive;

import org.jspecify.annotations.NullMarked;
