/**
 * What multi-ws uses of Tomcat below the portable WebSocket API; nothing else reaches it.
 */
@NullMarked
package io.multiws.container.tomcat;

import org.jspecify.annotations.NullMarked;
