/**
 * Auto-configuration for tests of multi-ws applications: the injected
 * {@link io.multiws.test.WsTestClient} and the {@link io.multiws.test.autoconfigure.WsTest}
 * slice.
 */
@NullMarked
package io.multiws.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
