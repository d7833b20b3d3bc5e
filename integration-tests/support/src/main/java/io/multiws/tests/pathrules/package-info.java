/**
 * A wire suite for multi-ws behind Spring Security's path rules, run on every stack.
 */
@NullMarked
package io.multiws.tests.pathrules;

import org.jspecify.annotations.NullMarked;
