/**
 * Tests of the Redis cluster relay against a real redis-server.
 */
@NullMarked
package io.multiws.tests.redis;

import org.jspecify.annotations.NullMarked;
