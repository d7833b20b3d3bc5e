/**
 * The sample's echo endpoint, as if from its own frontend team.
 */
@NullMarked
package io.multiws.sample.echo;

import org.jspecify.annotations.NullMarked;
