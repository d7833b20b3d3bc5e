/**
 * Spring Boot Actuator support: the {@code multiws} endpoint and the relay's health.
 */
@NullMarked
package io.multiws.actuate;

import org.jspecify.annotations.NullMarked;
