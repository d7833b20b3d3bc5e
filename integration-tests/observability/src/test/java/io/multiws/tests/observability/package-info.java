/**
 * Wire tests of the multi-ws meters, observations and Actuator endpoint.
 */
@NullMarked
package io.multiws.tests.observability;

import org.jspecify.annotations.NullMarked;
