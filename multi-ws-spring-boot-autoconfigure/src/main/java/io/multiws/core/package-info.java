/**
 * Stack-neutral runtime: the hub registry, session send queues, hub-path canonicalisation and endpoint matching.
 */
@NullMarked
package io.multiws.core;

import org.jspecify.annotations.NullMarked;
