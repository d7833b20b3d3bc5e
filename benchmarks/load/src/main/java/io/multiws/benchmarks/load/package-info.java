/**
 * The end-to-end load tool: real WebSocket clients over loopback against servers started
 * as separate processes, one at a time.
 */
@NullMarked
package io.multiws.benchmarks.load;

import org.jspecify.annotations.NullMarked;
