/**
 * The hand-written Spring WebSocket baseline of the benchmarks.
 */
@NullMarked
package io.multiws.benchmarks.baseline.servlet;

import org.jspecify.annotations.NullMarked;
