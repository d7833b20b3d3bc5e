/**
 * What multi-ws uses of Reactor Netty below the portable WebSocket API; nothing else reaches it.
 */
@NullMarked
package io.multiws.container.netty;

import org.jspecify.annotations.NullMarked;
