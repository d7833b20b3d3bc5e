/**
 * The sample's ticker endpoint, as if from its own frontend team.
 */
@NullMarked
package io.multiws.sample.ticker;

import org.jspecify.annotations.NullMarked;
