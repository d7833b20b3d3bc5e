/**
 * The hub model that applications use: hubs, sessions, the {@link io.multiws.hub.WsHubs} registry and the broadcast relay seam.
 */
@NullMarked
package io.multiws.hub;

import org.jspecify.annotations.NullMarked;
