/**
 * Micrometer observations of WebSocket handshakes and inbound message callbacks.
 */
@NullMarked
package io.multiws.observation;

import org.jspecify.annotations.NullMarked;
