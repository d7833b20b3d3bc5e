/**
 * The cluster relay: one hub across many instances of the application, through Redis pub/sub.
 */
@NullMarked
package io.multiws.cluster;

import org.jspecify.annotations.NullMarked;
