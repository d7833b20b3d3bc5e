/**
 * What the runtime of multi-ws reaches in the hub model and applications must not: not part of the API.
 */
@NullMarked
package io.multiws.hub.internal;

import org.jspecify.annotations.NullMarked;
