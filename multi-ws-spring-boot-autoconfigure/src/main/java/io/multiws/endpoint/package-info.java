/**
 * Discovery, validation and invocation of {@code @WsEndpoint} callback methods.
 */
@NullMarked
package io.multiws.endpoint;

import org.jspecify.annotations.NullMarked;
