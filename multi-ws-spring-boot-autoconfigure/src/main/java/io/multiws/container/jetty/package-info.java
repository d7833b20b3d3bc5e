/**
 * What multi-ws uses of Jetty below the portable WebSocket API; nothing else reaches it.
 */
@NullMarked
package io.multiws.container.jetty;

import org.jspecify.annotations.NullMarked;
