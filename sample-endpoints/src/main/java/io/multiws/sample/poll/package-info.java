/**
 * The sample's poll endpoint, as if from its own frontend team.
 */
@NullMarked
package io.multiws.sample.poll;

import org.jspecify.annotations.NullMarked;
