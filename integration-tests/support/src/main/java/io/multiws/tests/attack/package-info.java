/**
 * The shared wire-level suites of attacks by anonymous clients, one abstract class per
 * vector, run on every stack.
 */
@NullMarked
package io.multiws.tests.attack;

import org.jspecify.annotations.NullMarked;
