/**
 * The application that the cluster tests run several instances of.
 */
@NullMarked
package io.multiws.tests.redis.app;

import org.jspecify.annotations.NullMarked;
