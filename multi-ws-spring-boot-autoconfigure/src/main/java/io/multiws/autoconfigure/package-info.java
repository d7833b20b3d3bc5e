/**
 * Auto-configuration and configuration properties for multi-ws.
 */
@NullMarked
package io.multiws.autoconfigure;

import org.jspecify.annotations.NullMarked;
