/**
 * Sample: plain HTTP next to the WebSockets (list hubs, post to a room), on either web stack.
 */
@NullMarked
package io.multiws.sample.hubs;

import org.jspecify.annotations.NullMarked;
