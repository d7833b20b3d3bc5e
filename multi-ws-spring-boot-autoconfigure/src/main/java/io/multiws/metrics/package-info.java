/**
 * Micrometer metrics of the multi-ws runtime, tagged by endpoint and path template.
 */
@NullMarked
package io.multiws.metrics;

import org.jspecify.annotations.NullMarked;
