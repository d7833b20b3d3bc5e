/**
 * JMH microbenchmarks of the multi-ws core runtime and of the hand-written Spring
 * WebSocket code it replaces.
 */
@NullMarked
package io.multiws.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
