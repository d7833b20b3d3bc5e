/**
 * A Java client of multi-ws endpoints, on the JDK's {@link java.net.http.WebSocket}: it
 * reconnects with capped exponential back-off, resumes with the last message id, and
 * sends requests and answers the server's, as the browser client {@code multi-ws.js} does.
 */
@NullMarked
package io.multiws.javaclient;

import org.jspecify.annotations.NullMarked;
