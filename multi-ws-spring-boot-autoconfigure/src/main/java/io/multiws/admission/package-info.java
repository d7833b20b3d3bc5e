/**
 * Admission control: the cap on sessions overall, per-client limits and inbound rate limits, with refusals counted by
 * reason.
 */
@NullMarked
package io.multiws.admission;

import org.jspecify.annotations.NullMarked;
