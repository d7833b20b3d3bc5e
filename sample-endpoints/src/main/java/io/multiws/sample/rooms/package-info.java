/**
 * The sample's rooms endpoint, as if from its own frontend team.
 */
@NullMarked
package io.multiws.sample.rooms;

import org.jspecify.annotations.NullMarked;
