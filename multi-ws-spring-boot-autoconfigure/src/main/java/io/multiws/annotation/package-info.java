/**
 * The annotation model: {@link io.multiws.annotation.WsEndpoint @WsEndpoint} beans and their callback methods.
 */
@NullMarked
package io.multiws.annotation;

import org.jspecify.annotations.NullMarked;
