/**
 * The browser client, multi-ws.js, as the application serves it.
 */
@NullMarked
package io.multiws.client;

import org.jspecify.annotations.NullMarked;
