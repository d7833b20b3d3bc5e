/**
 * The hand-written Spring WebFlux baseline of the benchmarks.
 */
@NullMarked
package io.multiws.benchmarks.baseline.webflux;

import org.jspecify.annotations.NullMarked;
